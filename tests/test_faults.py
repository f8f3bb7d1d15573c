"""Faults a store must survive: a build killed at any step, a full disk, a catalog copy that is
missing or damaged. Builds are stopped by the steps they report, never by the clock."""

from __future__ import annotations

import io
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import settings_for

from edgraph import formats
from edgraph.build import build
from edgraph.catalog import Catalog
from edgraph.store import EmbeddedStore


def _dump(location: Path) -> bytes:
    out = io.BytesIO()
    EmbeddedStore.open(location).dump(out, formats.by_name("nquads"))
    return out.getvalue()


def _big_project(tiny_project: Path, statements: int) -> Path:
    """The tiny project plus one large source: a build of many reads, and past 2 MB of store."""
    lines = ["@prefix ex: <https://example.org/> .", "@prefix schema: <http://schema.org/> ."]
    lines += [f'ex:o{i} a schema:Organization ; schema:name "Org {i}"@en ; '
              f"schema:memberOf ex:n{i % 50} ." for i in range(statements // 3)]  # fmt: skip
    (tiny_project / "graph" / "sources" / "big.ttl").write_text("\n".join(lines) + "\n")
    return tiny_project


def _built_then_grown(
    tiny_project: Path, tmp_path: Path, *, statements: int = 150_000
) -> tuple[Path, bytes, Path]:
    """A store built from the tiny project, its dump, and the project grown big afterwards."""
    store = tmp_path / "store"
    build(EmbeddedStore.open(store, must_exist=False), settings_for(tiny_project, store=str(store)))
    return store, _dump(store), _big_project(tiny_project, statements)


def _build_process(project: Path, store: Path, **options: Any) -> subprocess.Popen[str]:
    """`edgraph build` in a process of its own (which a test can kill), stderr kept; without
    the dataset's figures, a step of its own after the store is complete."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGRAPH_")}
    return subprocess.Popen(
        [sys.executable, "-m", "edgraph", "build", "--project", str(project), "--store", str(store),
         "--no-describe"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **options,
    )  # fmt: skip


#: A build in a process of its own that stops at every step it reports (each read of its inputs,
#: then "deriving", "flushing", "swapping", "clearing"): it prints where it is and waits for a
#: line on stdin before going on, so that a test can kill it exactly there.
_STEPPED_BUILD = """
import sys
from edgraph.build import build
from edgraph.settings import Settings
from edgraph.location import open_store

def barrier(done, total, stage="loading"):
    print(stage, flush=True)
    sys.stdin.readline()

project, store = sys.argv[1:]
settings = Settings.load(overrides={"project": project, "store": store}, env={}, config_file=None)
build(open_store(store, must_exist=False), settings, progress=barrier)
print("built", flush=True)
"""

#: The steps a build reports after loading, in order; from "clearing" on, the new content is
#: current.
_LATER_STEPS = ("deriving", "flushing", "swapping", "clearing")


def _stepped_build(project: Path, store: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGRAPH_")}
    return subprocess.Popen(
        [sys.executable, "-c", _STEPPED_BUILD, str(project), str(store)], env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _run_to(process: subprocess.Popen[str], stop: tuple[str, int] | None) -> list[str]:
    """Let ``process`` go step by step; at the ``stop``-th step of that stage (counted from 0),
    kill it while it waits there. The steps it reported, in order."""
    assert process.stdin is not None and process.stdout is not None
    seen: list[str] = []
    for line in process.stdout:
        step = line.strip()
        seen.append(step)
        if stop is not None and (step, seen.count(step) - 1) == stop:
            process.kill()
            break
        if step != "built":
            process.stdin.write("\n")
            process.stdin.flush()
    process.wait(300)
    return seen


def test_a_build_killed_at_each_step_leaves_the_previous_store_or_the_whole_new_one(
    tiny_project: Path, tmp_path: Path
) -> None:
    """Killed at every kind of step it reports (early, halfway and late in loading, then each
    later step), a build leaves the previous content, or once the new one is current (at
    "clearing"), the whole new one: never a mix, never a broken store."""
    store, before, project = _built_then_grown(tiny_project, tmp_path, statements=30_000)

    census = tmp_path / "census"  # a whole build, to learn its steps and its outcome
    steps = _run_to(_stepped_build(project, census), None)
    assert steps[-1] == "built"
    after = _dump(census)
    loads = steps.count("loading")
    assert loads >= 3, steps  # enough reads to stop early, halfway and late
    assert [s for s in steps if s not in ("loading", "built")] == list(_LATER_STEPS)

    stops = [("loading", 0), ("loading", loads // 2), ("loading", loads - 1)]
    stops += [(step, 0) for step in _LATER_STEPS]
    for stage, ordinal in stops:
        seen = _run_to(_stepped_build(project, store), (stage, ordinal))
        assert seen[-1] == stage and "built" not in seen, (stage, ordinal, seen[-3:])
        expected = after if stage == "clearing" else before
        assert _dump(store) == expected, f"killed at {stage} #{ordinal}: a store that is neither"
        EmbeddedStore.open(store).query("ASK { ?s ?p ?o }")  # and it opens and answers

    # The store still builds, and what the killed builds left half-written is cleared away.
    assert _build_process(project, store).wait(300) == 0
    assert _dump(store) == after
    assert len(list((store / "generations").iterdir())) == 2  # the new one and the previous


def test_a_full_disk_during_a_build_is_a_clear_error_and_the_store_is_unchanged(
    tiny_project: Path, tmp_path: Path
) -> None:
    store, before, project = _built_then_grown(tiny_project, tmp_path)

    def small_disk() -> None:  # writes past 2 MB fail, as on a full disk (EFBIG for ENOSPC)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))

    process = _build_process(project, store, preexec_fn=small_disk)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 2, stderr
    assert stderr.startswith("edgraph: error: cannot write the store (is the disk full?)"), stderr
    assert "Traceback" not in stderr
    assert "no space" in stderr.lower() or "too large" in stderr.lower()
    assert _dump(store) == before
    generations = list((store / "generations").iterdir())
    assert len(generations) == 1  # the half-written one was removed


def test_the_catalog_is_kept_per_generation_and_read_back_without_the_store(
    tiny_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = tmp_path / "store"
    settings = settings_for(tiny_project, store=str(location))
    build(EmbeddedStore.open(location, must_exist=False), settings)
    store = EmbeddedStore.open(location)
    path = store.cache_file(Catalog.CACHE_NAME)
    assert path is not None and not path.exists()
    first = Catalog.load(store)
    assert path.exists() and len(first.entities) > 5

    def no_queries(self: EmbeddedStore, sparql: str, **kwargs: object) -> None:
        raise AssertionError("the catalog was read from the store again")

    with monkeypatch.context() as patch:
        patch.setattr(EmbeddedStore, "query", no_queries)
        second = Catalog.load(EmbeddedStore.open(location))
    assert second.to_json() == first.to_json()
    hits = [s.iri for s in first.search("a", limit=50)]
    assert hits and [s.iri for s in second.search("a", limit=50)] == hits

    path.write_bytes(b'{"version": 1, "entities": [[')  # damaged: read from the store instead
    assert Catalog.load(EmbeddedStore.open(location)).to_json() == first.to_json()

    build(EmbeddedStore.open(location, must_exist=False), settings)
    newer = EmbeddedStore.open(location).cache_file(Catalog.CACHE_NAME)
    assert newer is not None and newer != path and not newer.exists()
    build(EmbeddedStore.open(location, must_exist=False), settings)
    assert not path.parent.exists()  # gone with its generation, two builds later
    shutil.rmtree(location)
