"""Real servers for tests, on 127.0.0.1 only: `edgraph serve` and the Oxigraph server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer {url} in {seconds} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def edgraph_server(store: str, folder: Path, **settings: str) -> Iterator[str]:
    """`edgraph serve` over a built store; yields its base URL. ``settings`` become EDGRAPH_*."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGRAPH_")}
    env.update({f"EDGRAPH_{k.upper()}": v for k, v in settings.items()})
    env["EDGRAPH_STORE"] = store
    log = folder / f"edgraph-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "edgraph", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/sparql?query=ASK%7B%7D", process, log)
        yield base
    finally:
        _stop(process)


@contextmanager
def oxigraph_server(location: str, folder: Path) -> Iterator[str]:
    """`oxigraph serve-read-only` over the same store; yields its query endpoint URL."""
    port = free_port()
    log = folder / f"oxigraph-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(OXIGRAPH), "serve-read-only", "--location", location,
             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}/query"
    try:
        _wait(endpoint + "?query=ASK%7B%7D", process, log)
        yield endpoint
    finally:
        _stop(process)


class OxigraphServer:
    """`oxigraph serve` (read-write) on ``location``, which can be stopped and started again
    on the same port; ``store`` is edgraph's name for it, sparql+http://127.0.0.1:PORT/query."""

    def __init__(
        self, location: Path, folder: Path, *, port: int | None = None, union: bool = True,
        timeout_s: int | None = None,
    ) -> None:  # fmt: skip
        self.port = port or free_port()
        self.args = [str(OXIGRAPH), "serve", "--location", str(location),
                     "--bind", f"127.0.0.1:{self.port}"]  # fmt: skip
        if union:
            self.args.append("--union-default-graph")
        if timeout_s is not None:
            self.args += ["--timeout-s", str(timeout_s)]
        self.log = folder / f"oxigraph-rw-{self.port}.log"
        self.endpoint = f"http://127.0.0.1:{self.port}/query"
        self.store = "sparql+" + self.endpoint
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(self.args, stdout=out, stderr=subprocess.STDOUT)
        _wait(self.endpoint + "?query=ASK%7B%7D", self.process, self.log)

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)
            self.process = None


@contextmanager
def oxigraph_writable(location: Path, folder: Path, **options: Any) -> Iterator[str]:
    """An :class:`OxigraphServer` for the time of the block; yields its store name."""
    server = OxigraphServer(location, folder, **options)
    server.start()
    try:
        yield server.store
    finally:
        server.stop()


class HeldEndpoint:
    """A SPARQL endpoint on 127.0.0.1 that holds every request until the test releases it: a
    query that calls it by SERVICE keeps its worker busy for exactly as long as the test wants.
    ``arrived(n)`` waits until n requests have come in."""

    EMPTY = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'

    def __init__(self) -> None:
        import http.server
        import threading

        self.released = threading.Event()
        self._count = 0
        self._arrival = threading.Condition()
        held = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._hold()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self._hold()

            def _hold(self) -> None:
                with held._arrival:
                    held._count += 1
                    held._arrival.notify_all()
                held.released.wait(120)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(held.EMPTY)))
                self.end_headers()
                self.wfile.write(held.EMPTY)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/sparql"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def query(self) -> str:
        """A query that waits for this endpoint's answer."""
        return f"SELECT * WHERE {{ SERVICE <{self.url}> {{ ?s ?p ?o }} }}"

    def arrived(self, count: int, timeout: float = 30) -> bool:
        with self._arrival:
            return self._arrival.wait_for(lambda: self._count >= count, timeout)

    def close(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def edgraph_curate(project: Path, store: str, folder: Path, **settings: str) -> Iterator[str]:
    """`edgraph curate` over ``project`` (its store built first if it is not); yields its base
    URL. ``settings`` become EDGRAPH_*."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGRAPH_")}
    env.update({f"EDGRAPH_{k.upper()}": v for k, v in settings.items()})
    log = folder / f"edgraph-curate-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "edgraph", "curate", "--project", str(project), "--store",
             store, "--port", str(port)],
            env=env, cwd=folder, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/curate", process, log, seconds=120)
        yield base
    finally:
        _stop(process)
