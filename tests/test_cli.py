"""Command-line mistakes that ended in tracebacks or did the wrong thing quietly (issue 15): each
is one line on stderr and exit 2 now, and nothing is started, built or created."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import settings_for

from edgraph.build import build
from edgraph.cli import main
from edgraph.location import open_store


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    """`edgraph serve` in a process of its own: a mistake must end it at once. (The timeout only
    keeps a server that wrongly starts from holding the test run.)"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGRAPH_")}
    command = [sys.executable, "-m", "edgraph", "serve", *args]
    try:
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"edgraph serve {' '.join(args)} started serving") from exc


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_serve_on_a_busy_port_names_it_in_one_line_before_anything_starts(
    tmp_path: Path,
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        store = tmp_path / "not-built-yet"
        result = _serve("--store", str(store), "--port", str(port))
    assert result.returncode == 2
    assert _one_line(result.stderr) == (
        f"edgraph: error: cannot listen on 127.0.0.1:{port}: Address already in use (another "
        "server listens there; choose another --port)"
    )
    assert "viewer on" not in result.stdout
    assert not store.exists()  # refused before the store was built, before any worker started


@pytest.mark.parametrize(
    ("host", "reason"),
    [("no-such-host.invalid", "cannot listen on no-such-host.invalid:"),
     ("192.0.2.1", "Cannot assign requested address (not an address of this machine")],
    ids=["unknown name", "not this machine"],
)  # fmt: skip
def test_serve_on_a_host_it_cannot_listen_on_is_one_line_and_exit_2(
    tmp_path: Path, host: str, reason: str
) -> None:
    result = _serve("--store", str(tmp_path / "s"), "--host", host)
    assert result.returncode == 2
    assert reason in _one_line(result.stderr)
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("port", ["99999", "65536", "-1"])
def test_serve_refuses_a_port_out_of_range(tmp_path: Path, port: str) -> None:
    result = _serve("--store", str(tmp_path / "s"), "--port", port)
    assert result.returncode == 2
    assert "is not in the range 0<=x<=65535" in result.stderr
    assert not (tmp_path / "s").exists()


def test_serve_says_it_is_ready_only_once_it_listens_and_names_the_port_it_got(
    tiny_project: Path, tmp_path: Path
) -> None:
    location = tmp_path / "store"
    build(open_store(location, must_exist=False), settings_for(tiny_project))
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGRAPH_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "edgraph", "serve", "--project", str(tiny_project),
         "--store", str(location), "--port", "0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert server.stderr is not None
        ready = server.stderr.readline()
        assert ready.startswith("edgraph viewer on http://127.0.0.1:"), ready
        url = ready.split()[3]
        assert not url.endswith(":0/")
        with urllib.request.urlopen(url, timeout=60) as page:
            assert page.status == 200
    finally:
        server.terminate()
        server.wait(60)


def test_a_url_given_as_the_store_is_refused_and_no_folder_is_made(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["build", "--store", "http://127.0.0.1:7878/query"])
    assert result.exit_code == 2
    assert _one_line(result.stderr) == (
        "edgraph: error: the store http://127.0.0.1:7878/query is a URL, not a folder: for a "
        "remote SPARQL server, write sparql+http://127.0.0.1:7878/query"
    )
    assert not (tmp_path / "http:").exists()
    other = runner.invoke(main, ["stats", "--store", "ftp://example.org/store"])
    assert other.exit_code == 2
    assert "is a URL, not a folder: name a folder, 'memory', or a SPARQL server as" in (
        _one_line(other.stderr)
    )


def test_query_from_a_file_that_is_not_utf8_text_is_one_line_and_exit_2(
    runner: CliRunner, tmp_path: Path
) -> None:
    binary = tmp_path / "program"
    binary.write_bytes(b"SELECT * {\n  ?s ?p \x7fELF\x02\x01\x90\x00 }")
    result = runner.invoke(main, ["query", "--store", "memory", "--file", str(binary)])
    assert result.exit_code == 2
    assert _one_line(result.stderr) == (
        f"edgraph: error: {binary}:2:15: not UTF-8 text (byte 0x90): a query is UTF-8 text"
    )


def test_query_from_an_endless_file_stops_at_the_length_limit() -> None:
    """It read /dev/zero until memory ran out; the process gets 1 GB so that a regression is a
    failed test, not a machine out of memory."""
    import resource

    def one_gigabyte() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGRAPH_")}
    done = subprocess.run(
        [sys.executable, "-m", "edgraph", "query", "--store", "memory", "--file", "/dev/zero"],
        env={**env, "EDGRAPH_QUERY_MAX_CHARS": "1000"}, capture_output=True, text=True,
        timeout=120, preexec_fn=one_gigabyte, check=False,
    )  # fmt: skip
    assert done.returncode == 3
    assert _one_line(done.stderr) == (
        "edgraph: error: /dev/zero: the query is longer than 1,000 characters, the limit "
        "(setting query_max_chars)"
    )


@pytest.mark.parametrize("fmt", ["turtle", "graphml"])
def test_export_construct_with_a_select_says_what_to_do_instead(
    runner: CliRunner, fmt: str
) -> None:
    """It advised 'use json, xml, csv, tsv', formats that export --format refuses."""
    result = runner.invoke(
        main, ["export", "--store", "memory", "--format", fmt, "--construct",
               "SELECT * WHERE { ?s ?p ?o }"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert _one_line(result.stderr) == (
        "edgraph: error: --construct takes a CONSTRUCT or DESCRIBE query, not SELECT: write its "
        "results with 'edgraph query --format csv' (or tsv, json, xml)"
    )
