"""Faults a store must survive: a build killed at any moment, a full disk, a catalog copy that
is missing or damaged."""

from __future__ import annotations

import io
import os
import random
import resource
import shutil
import subprocess
import sys
import time
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
    """The tiny project plus one large source, so that a build takes long enough to kill."""
    lines = ["@prefix ex: <https://example.org/> .", "@prefix schema: <http://schema.org/> ."]
    lines += [f'ex:o{i} a schema:Organization ; schema:name "Org {i}"@en ; '
              f"schema:memberOf ex:n{i % 50} ." for i in range(statements // 3)]  # fmt: skip
    (tiny_project / "graph" / "sources" / "big.ttl").write_text("\n".join(lines) + "\n")
    return tiny_project


def _built_then_grown(tiny_project: Path, tmp_path: Path) -> tuple[Path, bytes, Path]:
    """A store built from the tiny project, its dump, and the project grown big afterwards."""
    store = tmp_path / "store"
    build(EmbeddedStore.open(store, must_exist=False), settings_for(tiny_project, store=str(store)))
    return store, _dump(store), _big_project(tiny_project, 150_000)


def _build_process(project: Path, store: Path, **options: Any) -> subprocess.Popen[str]:
    """`edgraph build` in a process of its own (which a test can kill), stderr kept; without
    the dataset's figures, a step of its own after the store is complete."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGRAPH_")}
    return subprocess.Popen(
        [sys.executable, "-m", "edgraph", "build", "--project", str(project), "--store", str(store),
         "--no-describe"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **options,
    )  # fmt: skip


def test_a_build_killed_at_any_moment_leaves_the_previous_store_intact(
    tiny_project: Path, tmp_path: Path
) -> None:
    store, before, project = _built_then_grown(tiny_project, tmp_path)

    start = time.monotonic()
    timing = tmp_path / "timing"  # a whole build of the big project, to spread the kills over
    assert _build_process(project, timing).wait(300) == 0
    whole = time.monotonic() - start
    after = _dump(timing)  # what a build that got to its end gives (no blank nodes here)

    rng = random.Random(11)  # noqa: S311 (seeded moments, not secrets)
    moments = sorted(rng.uniform(0.05, 0.95) * whole for _ in range(6))
    outcomes = []
    for moment in moments:
        if _dump(store) != before:  # an earlier kill came after the swap: start over
            big = tiny_project / "graph" / "sources" / "big.ttl"
            big.rename(tmp_path / "big.ttl")
            shutil.rmtree(store)
            build(EmbeddedStore.open(store, must_exist=False),
                  settings_for(tiny_project, store=str(store)))  # fmt: skip
            (tmp_path / "big.ttl").rename(big)
            assert _dump(store) == before
        process = _build_process(project, store)
        time.sleep(moment)
        if process.poll() is not None:
            outcomes.append("finished")
            continue
        process.kill()
        process.wait()
        now = _dump(store)
        # All or nothing: the old content, or (killed after the swap) the whole new one.
        assert now in (before, after), f"a kill at {moment:.2f} s left a mixed store"
        outcomes.append("old" if now == before else "new")
    assert "old" in outcomes, outcomes  # at least one kill landed mid-build
    # The store still builds, and what killed builds left half-written is cleared away.
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
