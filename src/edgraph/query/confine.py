"""How a query worker is kept off the network, whatever a query asks the engine to fetch.

The engine calls a ``SERVICE`` endpoint by itself, over HTTP; nothing in a query can be trusted
to say which. So a worker gives up the network before it reads its first query:

- with no endpoint allowed (``service_allow`` empty, the default), :func:`close_network` lets
  it make no socket but a local (Unix) one;
- with endpoints allowed, :func:`confine` moves it into network and mount namespaces of its
  own, where only a loopback interface exists and each allowed host name resolves to a
  loopback address of its own; its parent holds the listening sockets on those addresses and
  a :class:`Relay` carries each connection to the real host and port. Any other host is
  unreachable, and its name does not even resolve (no DNS query leaves the namespace).

Both are Linux facilities (seccomp, user namespaces); where they are missing the functions
say so and change nothing, and the query check is the only wall left.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import socket
import struct
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

_CLONE_NEWNS, _CLONE_NEWUSER, _CLONE_NEWNET = 0x00020000, 0x10000000, 0x40000000
_MS_BIND, _MS_REC, _MS_PRIVATE = 4096, 16384, 1 << 18
_SIOCGIFFLAGS, _SIOCSIFFLAGS, _IFF_UP = 0x8913, 0x8914, 0x1


@dataclass(frozen=True)
class Route:
    """One allowed host and port, and the loopback address the worker reaches it at."""

    host: str
    port: int
    address: str


def routes(endpoints: Sequence[str]) -> tuple[Route, ...]:
    """The hosts and ports of ``endpoints``, each given a loopback address of its own.

    >>> routes(["https://query.wikidata.org/sparql", "http://localhost:7878/query"])
    (Route(host='query.wikidata.org', port=443, address='127.0.0.2'), \
Route(host='localhost', port=7878, address='127.0.0.3'))
    """
    made: dict[tuple[str, int], Route] = {}
    addresses: dict[str, str] = {}
    for endpoint in endpoints:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        if not host:
            continue
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        if host not in addresses:
            # An address is reached at itself (the namespace's loopback takes it on); a
            # name at a loopback address of its own, which the namespace's hosts file gives.
            addresses[host] = host if _is_ipv4(host) else f"127.0.0.{len(addresses) + 2}"
        made.setdefault((host, port), Route(host, port, addresses[host]))
    return tuple(made.values())


def _is_ipv4(host: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET, host)
    except OSError:
        return False
    return True


def close_network() -> bool:
    """Let this process make no socket but a Unix one from now on, nor set up io_uring (which
    could make one past the filter). False where seccomp is missing (not Linux, or no
    libseccomp), and nothing is changed."""
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError):  # pyseccomp loads libseccomp as it is imported
        return False
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        refuse = seccomp.ERRNO(errno.EACCES)
        rules.add_rule(refuse, "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        rules.add_rule(refuse, "io_uring_setup")
        rules.load()
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def confine(allowed: Sequence[Route], channel: socket.socket) -> bool:
    """Move this (single-threaded) process into namespaces where only ``allowed`` can be
    reached, and send the listening socket of each route to the parent over ``channel``.
    False where user namespaces are not allowed, and nothing is changed."""
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET | _CLONE_NEWNS) != 0:
        return False
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"),
                       ("gid_map", f"0 {gid} 1")):  # fmt: skip
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)
    _loopback_up()
    for address in {r.address for r in allowed if r.address == r.host}:
        if not address.startswith("127."):  # the loopback answers for 127/8 already
            _add_address(address)
    hosts = ["127.0.0.1 localhost"] + [
        f"{r.address} {r.host}" for r in allowed if r.address != r.host
    ]
    _replace_hosts_file("\n".join(dict.fromkeys(hosts)) + "\n", libc)
    listeners = [socket.create_server((route.address, route.port)) for route in allowed]
    socket.send_fds(channel, [b"routes"], [listener.fileno() for listener in listeners])
    for listener in listeners:
        listener.close()  # the parent holds them now
    return True


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as handle:
        request = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", _ioctl(handle, _SIOCGIFFLAGS, request))[1]
        _ioctl(handle, _SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | _IFF_UP, b""))


def _add_address(address: str) -> None:
    """Put the IPv4 ``address`` on the loopback interface (rtnetlink's RTM_NEWADDR)."""
    header, request, ack, create, exclusive = 16, 1, 4, 0x400, 0x200
    index = socket.if_nametoindex("lo")
    packed = socket.inet_aton(address)
    attributes = b"".join(struct.pack("HH4s", 8, kind, packed) for kind in (1, 2))  # ADDRESS, LOCAL
    body = struct.pack("BBBBI", socket.AF_INET, 32, 0, 254, index) + attributes  # scope host
    message = struct.pack("IHHII", header + len(body), 20, request | ack | create | exclusive, 1, 0)
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0) as handle:  # NETLINK_ROUTE
        handle.send(message + body)
        reply = handle.recv(4096)
    code = struct.unpack_from("i", reply, header)[0] if len(reply) >= header + 4 else 0
    if code:
        raise OSError(-code, f"cannot put {address} on the loopback interface")


def _ioctl(handle: socket.socket, request: int, argument: bytes) -> bytes:
    import fcntl

    return fcntl.ioctl(handle, request, argument)


def _replace_hosts_file(text: str, libc: ctypes.CDLL) -> None:
    """Make ``text`` this process's /etc/hosts, by a bind mount only its namespace sees."""
    if libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None) != 0:
        raise OSError(ctypes.get_errno(), "cannot make the mounts private")
    handle, path = tempfile.mkstemp(prefix="edgraph-hosts-")
    with os.fdopen(handle, "w") as file:
        file.write(text)
    if libc.mount(path.encode(), b"/etc/hosts", None, _MS_BIND, None) != 0:
        raise OSError(ctypes.get_errno(), "cannot replace /etc/hosts")
    os.unlink(path)  # the mount keeps the file


class Relay:
    """The parent's side of :func:`confine`: carries each connection a worker makes to one of
    its routes on to the real host and port, until the relay is closed."""

    #: Connections carried at once for one worker; a query can open no more.
    MAX_CONNECTIONS = 16

    def __init__(self, allowed: Sequence[Route], channel: socket.socket) -> None:
        _, fds, _, _ = socket.recv_fds(channel, 16, len(allowed))
        self._listeners = [socket.socket(fileno=fd) for fd in fds]
        self._slots = threading.BoundedSemaphore(self.MAX_CONNECTIONS)
        for listener, route in zip(self._listeners, allowed, strict=True):
            threading.Thread(target=self._accept, args=(listener, route), daemon=True,
                             name=f"edgraph-relay-{route.host}").start()  # fmt: skip

    def close(self) -> None:
        for listener in self._listeners:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()

    def _accept(self, listener: socket.socket, route: Route) -> None:
        while True:
            try:
                inside, _ = listener.accept()
            except OSError:
                return  # closed
            if not self._slots.acquire(blocking=False):
                inside.close()
                continue
            threading.Thread(target=self._carry, args=(inside, route), daemon=True).start()

    def _carry(self, inside: socket.socket, route: Route) -> None:
        try:
            with inside, socket.create_connection((route.host, route.port), timeout=30) as out:
                out.settimeout(None)
                back = threading.Thread(target=_pump, args=(out, inside), daemon=True)
                back.start()
                _pump(inside, out)
                back.join()
        except OSError:
            pass  # the worker sees its connection close, as it would for an unreachable host
        finally:
            self._slots.release()


def _pump(source: socket.socket, target: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            target.sendall(data)
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)
