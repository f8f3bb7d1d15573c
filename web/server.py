"""The HTTP server of ``edgraph serve``: waitress, with the limits it lacks against clients that
are slow on purpose.

waitress reads requests and writes answers in one asynchronous loop and runs the app in a pool
of threads. It closes connections that stay idle (``channel_timeout``), but never one with a
request in progress: a client that stops reading a large answer holds its thread for as long as
it likes (the app blocks once waitress has buffered ``outbuf_high_watermark`` bytes), and one
that sends its headers a byte at a time is never idle. So the server here, on each of waitress's
maintenance passes (every second), also closes a connection

- whose answer has waited ``write_timeout`` seconds for the client to read any of it, in
  waitress's buffers or (on Linux) in the kernel's: the thread writing it gets
  ``ClientDisconnected`` and is free again, and the app's iterator is closed (a dump stops, a
  query's worker goes back). waitress's own closing of an idle connection waits until the
  socket can be written to, which for a client that stopped reading is never; this does not;
- whose request (line, headers, body) is still coming in ``receive_timeout`` seconds after it
  began;

and accepts at most ``connection_client_limit`` connections from one client (an address, an
IPv6 /64), so that one client cannot take all ``connection_limit`` of them.
"""

from __future__ import annotations

import fcntl
import socket
import struct
import termios
import time
from typing import TYPE_CHECKING, Any

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import MultiSocketServer, TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

from edgraph.query.admission import client_key

if TYPE_CHECKING:
    from edgraph.settings import Settings

#: What a connection past connection_client_limit gets before it is closed, so a person sees why.
_REFUSAL = b"too many connections from this client (setting connection_client_limit)\n"
_TOO_MANY = (
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nConnection: close\r\n"
    b"Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (len(_REFUSAL), _REFUSAL)
)


def options(
    settings: Settings, *, host: str, port: int, max_body: int = 1_000_000
) -> dict[str, Any]:
    """waitress's own options for ``settings`` (see waitress's "Arguments" documentation);
    ``max_body`` is the largest request body it reads (the curation mode takes articles)."""
    chosen: dict[str, Any] = {
        "host": host,
        "port": port,
        "threads": settings.server_threads,
        "connection_limit": settings.connection_limit,
        "channel_timeout": max(1, round(settings.idle_timeout)),
        "cleanup_interval": 1,  # how often the timeouts are looked at
        "asyncore_use_poll": True,  # select() stops at 1024 open files
        "max_request_body_size": max_body,
        "ident": "edgraph",
    }
    if settings.trusted_proxy:
        chosen |= {
            "trusted_proxy": settings.trusted_proxy,
            "trusted_proxy_headers": {"x-forwarded-for"},
            "clear_untrusted_proxy_headers": True,
        }
    return chosen


def make_server(
    app: Any,
    settings: Settings,
    *,
    host: str,
    port: int,
    listening: socket.socket | None = None,
    max_body: int = 1_000_000,
) -> Any:
    """The server, listening on ``host`` and ``port`` (every address the name has), or on the
    socket ``listening`` already bound there; ``run()`` serves until interrupted. Binding
    errors are waitress's (``OSError``)."""
    chosen = options(settings, host=host, port=port, max_body=max_body)
    if listening is not None:
        del chosen["host"], chosen["port"]
        chosen["sockets"] = [listening]
    adj = Adjustments(**chosen)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    sockets: dict[int, Any] = {}
    if listening is not None:
        info = (listening.family, listening.type, listening.proto, listening.getsockname())
        return Server(app, sockets, True, listening, dispatcher=dispatcher, adj=adj,
                      bind_socket=False, sockinfo=info, settings=settings)  # fmt: skip
    servers = [
        Server(app, sockets, dispatcher=dispatcher, adj=adj, sockinfo=info, settings=settings)
        for info in adj.listen
    ]
    if len(servers) == 1:
        return servers[0]
    addresses = [(s.effective_host, s.effective_port) for s in servers]
    return MultiSocketServer(sockets, adj, addresses, dispatcher, servers[0].log_info)


class Channel(HTTPChannel):  # type: ignore[misc]
    """waitress's connection, which also remembers when the request coming in began and
    which client it is."""

    client: str | None = None
    request_began: float | None = None  # time.time() of the first byte of a partial request

    def received(self, data: bytes) -> bool:
        before = self.request
        result: bool = super().received(data)
        if self.request is None:
            self.request_began = None
        elif self.request is not before:  # a new request began in this data
            self.request_began = time.time()
        return result


class Server(TcpWSGIServer):  # type: ignore[misc]
    channel_class = Channel

    def __init__(self, *args: Any, settings: Settings, **kwargs: Any) -> None:
        self.write_timeout = settings.write_timeout
        self.receive_timeout = settings.receive_timeout
        self.client_limit = settings.connection_client_limit
        self.proxy = settings.trusted_proxy
        super().__init__(*args, **kwargs)

    def maintenance(self, now: float) -> None:
        super().maintenance(now)  # idle connections: waitress's channel_timeout
        for channel in list(self.active_channels.values()):
            began = getattr(channel, "request_began", None)
            if began is not None and now - began > self.receive_timeout:
                _cut(channel)
            elif now - channel.last_activity > self.write_timeout and (
                channel.total_outbufs_len or channel.will_close or _unsent(channel.socket)
            ):
                # The socket is not writable, so waitress's own will_close would never be acted
                # on; cutting it also wakes the thread waiting to write (ClientDisconnected).
                _cut(channel)

    def handle_accept(self) -> None:
        # Every connection waiting, not one per turn of the loop as waitress does: under a flood
        # of connections (slow headers coming back), a turn of a loop whose thread waits for
        # the GIL behind the app's threads can take tens of milliseconds, and a visitor's
        # connection would wait its turn behind the flood's.
        for _ in range(_ACCEPT_AT_ONCE):
            if len(self._map) >= self.adj.connection_limit:
                return
            try:
                accepted = self.accept()
            except OSError:
                continue  # as waitress: a connection gone before it was accepted
            if accepted is None:
                return  # none left waiting
            self._take(*accepted)

    def _take(self, conn: socket.socket, addr: Any) -> None:
        client = client_key(addr[0]) if self.family in (socket.AF_INET, socket.AF_INET6) else None
        if client is not None and self.proxy not in ("*", addr[0]):
            held = sum(1 for c in self.active_channels.values() if c.client == client)
            if held >= self.client_limit:
                _refuse(conn)
                return
        try:
            self.set_socket_options(conn)
        except OSError:
            conn.close()
            return
        channel = self.channel_class(self, conn, self.fix_addr(addr), self.adj, map=self._map)
        channel.client = client


#: Connections accepted in one turn of the loop at most.
_ACCEPT_AT_ONCE = 64


def _cut(channel: Channel) -> None:
    """End ``channel``'s connection at once, throwing away what it has not sent.

    Not by closing it here: maintenance runs while the loop is still choosing which sockets to
    poll, so a closed descriptor would be polled anyway (POLLNVAL) and, once a new connection
    got the same number in that round, the new one would be closed in its place. Shut down,
    the socket reports POLLHUP to the poll under way, and waitress closes it in that poll's
    round, as for a client that hung up; with a zero linger the close is a reset, which frees
    the kernel's buffers at once instead of waiting on a client that does not read.
    """
    sock = channel.socket
    channel.will_close = True
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # gone already: waitress closes it on its own


def _unsent(sock: socket.socket | None) -> int:
    """Bytes the kernel still holds to send on ``sock`` (Linux's SIOCOUTQ); 0 where unknown."""
    try:
        raw = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")  # type: ignore[union-attr]
    except (OSError, AttributeError, ValueError):
        return 0
    return int(struct.unpack("i", raw)[0])


def _refuse(conn: socket.socket) -> None:
    try:
        conn.setblocking(False)
        conn.send(_TOO_MANY)
    except OSError:
        pass
    finally:
        conn.close()


def serve(
    app: Any,
    settings: Settings,
    *,
    host: str,
    port: int,
    listening: socket.socket | None = None,
    max_body: int = 1_000_000,
) -> None:
    """Serve ``app`` (the viewer) until interrupted, on ``listening`` when it is given (bound
    already); the address it listens on is one of its trusted hosts."""
    from . import trust_host

    trust_host(app, host)
    make_server(app, settings, host=host, port=port, listening=listening,
                max_body=max_body).run()  # fmt: skip
