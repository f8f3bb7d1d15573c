"""Who may start something heavy now: clients told apart by address, and quotas that refuse
past their limits at once (a refusal costs nothing; a request that waits holds a thread).

The query workers have their own scheduler (:class:`edgraph.query.service.QueryService`), which
also queues; :class:`Quota` is for work that does not wait, such as streaming a dump.
"""

from __future__ import annotations

import ipaddress
import threading
from collections import Counter
from collections.abc import Callable

from edgraph.errors import BusyError


def client_key(address: str | None) -> str | None:
    """The client an address stands for: an IPv4 address, or the /64 network of an IPv6 one
    (a single host usually holds a whole /64, so one address each would not limit it).

    >>> client_key("192.0.2.7"), client_key("::ffff:192.0.2.7")
    ('192.0.2.7', '192.0.2.7')
    >>> client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9")
    True
    >>> client_key("2001:db8:1:2::1"), client_key(None), client_key("unix-socket")
    ('2001:db8:1:2::/64', None, 'unix-socket')
    """
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class Quota:
    """At most ``total`` at once, and at most ``per_client`` for any one client; past either,
    :meth:`take` raises :class:`~edgraph.errors.BusyError` naming the setting.

    >>> downloads = Quota("dump downloads", total=2, per_client=1, settings=("download_limit",
    ...                   "download_client_limit"), retry_after=5)
    >>> release = downloads.take("192.0.2.7")
    >>> downloads.take("192.0.2.7")
    Traceback (most recent call last):
    ...
    edgraph.errors.BusyError: this client already has as many dump downloads under way as one ...
    >>> release(); release()  # releasing twice releases once
    >>> downloads.take("192.0.2.7") is not None
    True
    """

    def __init__(
        self,
        what: str,
        *,
        total: int,
        per_client: int,
        settings: tuple[str, str],
        retry_after: int,
    ) -> None:
        self.what = what
        self.total = total
        self.per_client = per_client
        self._settings = settings
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._taken = 0
        self._by_client: Counter[str | None] = Counter()

    def take(self, client: str | None) -> Callable[[], None]:
        """One place, for ``client`` (None: not counted per client); gives back the function
        that releases it."""
        with self._lock:
            if client is not None and self._by_client[client] >= self.per_client:
                raise BusyError(
                    f"this client already has as many {self.what} under way as one client may "
                    f"({self.per_client}, setting {self._settings[1]}); try again when one is "
                    "done",
                    retry_after=self.retry_after,
                )
            if self._taken >= self.total:
                raise BusyError(
                    f"as many {self.what} are under way as the server allows at once "
                    f"({self.total}, setting {self._settings[0]}); try again shortly",
                    retry_after=self.retry_after,
                )
            self._taken += 1
            self._by_client[client] += 1
        released = False

        def release() -> None:
            nonlocal released
            with self._lock:
                if released:
                    return
                released = True
                self._taken -= 1
                self._by_client[client] -= 1
                if self._by_client[client] <= 0:
                    del self._by_client[client]

        return release
