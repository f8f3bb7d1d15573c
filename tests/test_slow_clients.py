"""A real `edgraph serve` (waitress) against clients that are hostile on purpose: one that stops
reading, one that sends its headers and never finishes them, one address that opens too many
connections or sends too many queries. Each test is driven by what a real socket does; the
only time that passes is the server's own timeout, and the test's bounds are far above it."""

from __future__ import annotations

import http.client
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

import pytest
from servers import HeldEndpoint, edgraph_server

ENDLESS_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture
def held() -> Iterator[HeldEndpoint]:
    endpoint = HeldEndpoint()
    yield endpoint
    endpoint.close()


def _connect(
    base: str, source: str = "127.0.0.1", *, receive_buffer: int | None = None
) -> socket.socket:
    """A TCP connection to the server from ``source`` (any 127.x.y.z address is this machine)."""
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer is not None:  # before connecting, so the window is small from the start
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.bind((source, 0))
    sock.settimeout(30)
    sock.connect((host, port))
    return sock


def _get(
    base: str, path: str, source: str = "127.0.0.1", timeout: float = 30,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
    """One GET from ``source``: status, headers (lower-cased) and body."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def _closed_by_server(sock: socket.socket) -> bool:
    """Reads what is left; True once the server has closed the connection (within 30 s)."""
    try:
        while sock.recv(1 << 16):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def _sparql(query: str, **params: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **params})


@contextmanager
def _server(store: str, folder: Path, **settings: str) -> Iterator[str]:
    with edgraph_server(store, folder, **settings) as base:
        yield base


def test_a_client_that_stops_reading_is_cut_off_and_frees_its_thread(
    tiny_embedded_store: str, tmp_path: Path
) -> None:
    # One server thread: while the stalled answer holds it, nothing else can be answered, so
    # the probe's answer proves the thread was freed. The stalled query would stream for 60 s,
    # and waitress alone never times out a connection with a request in progress.
    with _server(tiny_embedded_store, tmp_path, server_threads="1", write_timeout="1",
                 query_timeout="60", query_workers="2") as base:  # fmt: skip
        stalled = _connect(base, receive_buffer=4096)
        path = _sparql(ENDLESS_ROWS, full="1", format="tsv")
        stalled.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert stalled.recv(64).startswith(b"HTTP/1.1 200")  # streaming; now it stops reading
        try:
            status, _, body = _get(base, _sparql("ASK {}", format="json"))
            assert status == 200 and b"true" in body
            assert _closed_by_server(stalled)
        finally:
            stalled.close()


def test_a_request_that_never_finishes_arriving_is_cut_off(
    tiny_embedded_store: str, tmp_path: Path
) -> None:
    # The connection is not idle (a request is under way), so only receive_timeout can end it:
    # the idle timeout (60 s) is twice the test's bound.
    with _server(tiny_embedded_store, tmp_path, receive_timeout="1", idle_timeout="60") as base:
        slow = _connect(base)
        try:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n")
            assert _closed_by_server(slow)
            assert _get(base, "/")[0] == 200
        finally:
            slow.close()


def test_one_address_cannot_take_every_connection(tiny_embedded_store: str, tmp_path: Path) -> None:
    with _server(tiny_embedded_store, tmp_path, connection_client_limit="3") as base:
        kept = []
        try:
            for _ in range(3):  # each answered, then kept open (keep-alive): accepted and held
                connection = http.client.HTTPConnection(
                    "127.0.0.1", urllib.parse.urlsplit(base).port, timeout=30,
                    source_address=("127.0.0.2", 0),
                )  # fmt: skip
                connection.request("GET", "/sparql?query=ASK%7B%7D&format=json")
                assert connection.getresponse().read()
                kept.append(connection)
            extra = _connect(base, "127.0.0.2")
            try:
                answer = extra.recv(1 << 12)
                assert answer.startswith(b"HTTP/1.1 503") and b"connection_client_limit" in answer
                assert b"Retry-After:" in answer
                assert _closed_by_server(extra)
            finally:
                extra.close()
            assert _get(base, "/", source="127.0.0.3")[0] == 200  # another client: answered
        finally:
            for connection in kept:
                connection.close()


def _first_done(*futures: Future[tuple[int, dict[str, str], bytes]]) -> set[int]:
    done, _ = wait(futures, timeout=30, return_when=FIRST_COMPLETED)
    assert done, "no answer came back"
    return {futures.index(f) for f in done}


def test_one_address_gets_a_share_of_the_workers_and_pages_answer_while_all_are_busy(
    tiny_embedded_store: str, tmp_path: Path, held: HeldEndpoint
) -> None:
    hostile, other, visitor = "127.0.0.2", "127.0.0.3", "127.0.0.4"
    with (
        _server(tiny_embedded_store, tmp_path, query_workers="2", query_client_limit="1",
                query_queue="2", query_timeout="60", service_allow=held.url) as base,
        ThreadPoolExecutor(6) as pool,
    ):  # fmt: skip
        held_query = _sparql(held.query, format="json")
        first = pool.submit(_get, base, held_query, hostile)
        assert held.arrived(1)  # the hostile address has its one worker
        # Two more from the same address: one waits its turn, the other is refused at once.
        more = (pool.submit(_get, base, _sparql("ASK {}", format="json"), hostile),
                pool.submit(_get, base, _sparql("ASK {}", format="json"), hostile))  # fmt: skip
        [refused] = _first_done(*more)
        status, headers, body = more[refused].result()
        assert status == 503 and "query_client_limit" in body.decode()
        assert headers["retry-after"] == "60"
        waiting = more[1 - refused]

        # Another address is answered by the other worker meanwhile.
        assert _get(base, _sparql("ASK {}", format="json"), visitor)[0] == 200
        second = pool.submit(_get, base, held_query, other)
        assert held.arrived(2)  # now every worker is busy
        for page in ("/", "/page/org/school", "/search?q=tiny", "/browse"):
            assert _get(base, page, visitor)[0] == 200, page
        assert not waiting.done()

        held.released.set()
        assert first.result()[0] == 200 and second.result()[0] == 200
        assert waiting.result()[0] == 200


def test_x_forwarded_for_names_the_client_only_when_the_trusted_proxy_sends_it(
    tiny_embedded_store: str, tmp_path: Path, held: HeldEndpoint
) -> None:
    proxy, direct = "127.0.0.5", "127.0.0.6"
    ask = _sparql("ASK {}", format="json")
    with (
        _server(tiny_embedded_store, tmp_path, query_workers="2", query_client_limit="1",
                query_queue="0", query_timeout="60", service_allow=held.url,
                trusted_proxy=proxy) as base,
        ThreadPoolExecutor(2) as pool,
    ):  # fmt: skip

        def forwarded(source: str, path: str, client: str) -> tuple[int, dict[str, str], bytes]:
            return _get(base, path, source, headers={"X-Forwarded-For": client})

        held_query = _sparql(held.query, format="json")
        first = pool.submit(forwarded, direct, held_query, "198.51.100.1")
        assert held.arrived(1)
        # Not from the proxy: the header is not believed, the address is the client.
        status, headers, _ = forwarded(direct, ask, "198.51.100.2")
        assert status == 503 and "retry-after" in headers
        assert forwarded(proxy, ask, "198.51.100.3")[0] == 200  # the other worker
        held.released.set()
        assert first.result()[0] == 200

        held.released.clear()
        second = pool.submit(forwarded, proxy, held_query, "198.51.100.4")
        assert held.arrived(2)
        # Behind the proxy each forwarded client has its own share.
        assert forwarded(proxy, ask, "198.51.100.4")[0] == 503
        assert forwarded(proxy, ask, "198.51.100.5")[0] == 200
        held.released.set()
        assert second.result()[0] == 200


def _server_side_established(base: str, sock: socket.socket) -> bool:
    """Whether the server's end of ``sock``'s connection is still open (/proc/net/tcp)."""
    server = f"0100007F:{urllib.parse.urlsplit(base).port:04X}"
    client = f"0100007F:{sock.getsockname()[1]:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == server and fields[2] == client:
            return fields[3] == "01"
    return False


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net/tcp")
def test_an_answer_stuck_in_the_kernel_is_cut_off_too(
    tiny_embedded_store: str, tmp_path: Path
) -> None:
    # A small dump goes whole into the kernel's buffers: waitress has nothing left to send and
    # its thread is done, but a client that never reads would keep the connection (and up to
    # megabytes of kernel memory) until the idle timeout, and waitress's idle closing waits for
    # a writable socket, which never comes. The client cannot see the close (the FIN waits
    # behind the unread data), so the server's end is looked up in the kernel's table.
    with _server(tiny_embedded_store, tmp_path, write_timeout="1", idle_timeout="600") as base:
        stalled = _connect(base, receive_buffer=4096)
        try:
            stalled.sendall(b"GET /download/dataset.nt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert stalled.recv(64).startswith(b"HTTP/1.1 200")
            watched = threading.Event()
            for _ in range(300):  # up to 30 s for a cut due after 1 s
                if not _server_side_established(base, stalled):
                    watched.set()
                    break
                watched.wait(0.1)
            assert watched.is_set()
        finally:
            stalled.close()
