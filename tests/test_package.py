"""The package: a headless core, and a wheel that carries the bundled data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ["build", "store", "validate", "stats", "export", "settings", "formats", "errors", "cli"]


@pytest.mark.parametrize("module", CORE)
def test_the_core_never_imports_flask_or_pyvis(module: str) -> None:
    code = (
        f"import sys, edgraph.{module}; "
        "bad = sorted(m for m in ('flask', 'pyvis', 'networkx') if m in sys.modules); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_importing_the_cli_does_not_load_the_rdf_stack() -> None:
    # `edgraph --help` must start fast: pyoxigraph, rdflib and pySHACL load only when used.
    code = "import sys, edgraph.cli; print(','.join(m for m in ('pyoxigraph', 'rdflib', 'pyshacl') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_python_dash_m_edgraph_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "edgraph", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0
    for command in ("build", "validate", "stats", "export", "serve"):
        assert command in out.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("edgraph-*.whl")
    return found


def test_the_wheel_carries_every_data_file_of_the_checkout(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, inside in (
        ("graph", "edgraph/bundled/graph"),
        ("ontology", "edgraph/bundled/ontology"),
    ):
        for path in (ROOT / folder).rglob("*.ttl"):
            assert f"{inside}/{path.relative_to(ROOT / folder).as_posix()}" in names
    for path in (ROOT / "web").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"edgraph/web/{path.relative_to(ROOT / 'web').as_posix()}" in names, path
    for path in (ROOT / "src" / "edgraph" / "queries").glob("*.rq"):
        assert f"edgraph/queries/{path.name}" in names
    for path in (ROOT / "src" / "edgraph" / "templates").iterdir():  # edgraph import --template
        assert f"edgraph/templates/{path.name}" in names


def test_the_installed_wheel_builds_and_counts_from_outside_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        "PYTHONPATH": str(target),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "PATH": "/usr/bin:/bin",
    }

    def edgraph(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "edgraph", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import edgraph; print(edgraph.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(target))
    built = edgraph("build")
    assert built.returncode == 0, built.stderr
    # every file of the checkout's graph/ came along in the wheel, and the ontology
    files = [p for p in (ROOT / "graph").rglob("*") if p.is_file()]
    assert f"built {len(files) + 1} graphs" in built.stdout
    stats = edgraph("stats")
    assert stats.returncode == 0, stats.stderr
    assert "edgo:CommunityOfPractice" in stats.stdout


def test_piping_into_head_ends_quietly(tmp_path: Path) -> None:
    # Regression: `edgraph stats | head` printed a BrokenPipeError traceback and exited 1.
    env = {"XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [sys.executable, "-m", "edgraph", "build"], env=env, check=True, capture_output=True
    )
    # Like `edgraph export | head -1`: read one line, then close the pipe.
    proc = subprocess.Popen(
        [sys.executable, "-m", "edgraph", "export", "--format", "nquads"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    errors = proc.stderr.read().decode()
    assert first.startswith(b"<")
    assert proc.wait() == 141
    assert "Traceback" not in errors
