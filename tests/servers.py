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
