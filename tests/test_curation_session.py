"""Curating a source end to end on the command line and through the session: init, add (and
its refusals), save (all or nothing, conflicts between two pages, violations kept out of
graph/), rejections remembered, extract as a file that builds."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, settings_for

from edgraph.cli import main
from edgraph.curation import session
from edgraph.curation.workspace import ConflictError
from edgraph.settings import Settings
from edgraph.store import Store

ARTICLES = DATA / "curation"
ARTICLE = ARTICLES / "en-andean-coding-summit.txt"


@pytest.fixture
def project(tmp_path: Path, runner: CliRunner) -> Path:
    folder = tmp_path / "mine"
    result = runner.invoke(main, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _settings(project: Path, tmp_path: Path) -> Settings:
    return settings_for(project, store=str(tmp_path / "store"))


def _store(settings: Settings) -> Store:
    from edgraph.build import build
    from edgraph.location import store_for

    store = store_for(settings, must_exist=False)
    build(store, settings)
    return store


def test_init_makes_a_project_with_the_ontology_and_reference_data(project: Path) -> None:
    assert (project / "ontology" / "shapes.ttl").is_file()
    assert (project / "graph" / "reference" / "countries.ttl").is_file()
    assert list((project / "graph" / "sources").iterdir()) == []


def test_add_keeps_the_text_in_the_workspace_and_refuses_it_twice(
    project: Path, runner: CliRunner
) -> None:
    first = runner.invoke(main, ["add", str(ARTICLE), "--project", str(project)])
    assert first.exit_code == 0, first.output
    (slug,) = [p.name for p in (project / ".edgraph" / "curation").iterdir()]
    text = (project / ".edgraph" / "curation" / slug / "document.json").read_text()
    assert "Quillacollo University" in text
    assert list((project / "graph" / "sources").iterdir()) == []  # nothing published yet
    again = runner.invoke(main, ["add", str(ARTICLE), "--project", str(project)])
    assert again.exit_code == 2
    assert f"in the curation workspace already (the same text): {slug}" in again.output


def test_add_refuses_a_document_the_graph_has(project: Path, tmp_path: Path) -> None:
    settings = _settings(project, tmp_path)
    store = _store(settings)
    document = session.read_source(ARTICLE.read_bytes(), str(ARTICLE), settings)
    slug, proposed = session.add(document, store, settings)
    assert session.save(slug, proposed.decisions, store, settings).path is not None
    shutil.rmtree(project / ".edgraph")  # the workspace gone, the graph still has it
    with pytest.raises(session.DuplicateSourceError, match="in the graph already"):
        session.add(document, store, settings)


def test_add_refuses_a_binary_or_empty_file_and_another_language(
    project: Path, runner: CliRunner, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "logo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    german = tmp_path / "de.txt"
    german.write_text("Die Stiftung\n\nDie Stiftung fördert die Schulen der Stadt seit vielen "
                      "Jahren mit großem Erfolg und viel Freude.\n")  # fmt: skip
    for path in (empty, binary, german):
        result = runner.invoke(main, ["add", str(path), "--project", str(project)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
    assert not (project / ".edgraph" / "curation").exists() or not list(
        (project / ".edgraph" / "curation").iterdir()
    )


def test_add_refuses_the_installed_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    installed = tmp_path / "lib" / "python3.11" / "site-packages" / "edgraph" / "bundled"
    (installed / "graph").mkdir(parents=True)
    (installed / "ontology").mkdir()
    with pytest.raises(session.ReadOnlyProjectError, match="edgraph init DIR"):
        session.check_writable(settings_for(installed))


def test_a_save_writes_one_file_that_builds_and_appears_in_the_store(
    project: Path, tmp_path: Path
) -> None:
    settings = _settings(project, tmp_path)
    store = _store(settings)
    document = session.read_source(ARTICLE.read_bytes(), str(ARTICLE), settings)
    slug, proposed = session.add(document, store, settings)
    saved = session.save(slug, proposed.decisions, store, settings)
    assert saved.path == project / "graph" / "sources" / f"{slug}.ttl"
    assert saved.decisions.version == 1
    found = store.latest().query(
        "ASK { ?e <https://w3id.org/edgraph/ontology#funder> "
        "<https://w3id.org/edgraph/id/org/lumen-foundation> }"
    )
    assert found.boolean
    again = session.save(slug, saved.decisions, store, settings)
    assert again.path is not None and again.path.read_text() == saved.path.read_text()


def test_a_second_page_saving_an_older_copy_is_told_and_nothing_is_lost(
    project: Path, tmp_path: Path
) -> None:
    settings = _settings(project, tmp_path)
    store = _store(settings)
    document = session.read_source(ARTICLE.read_bytes(), str(ARTICLE), settings)
    slug, proposed = session.add(document, store, settings)
    session.save(slug, proposed.decisions, store, settings)
    before = (project / "graph" / "sources" / f"{slug}.ttl").read_text()
    with pytest.raises(ConflictError, match="saved from another page") as caught:
        session.save(slug, proposed.decisions, store, settings)  # version 0 again
    assert ConflictError.status == 409
    kept = str(caught.value).rsplit("kept in ", 1)[1]
    assert Path(kept).is_file()
    assert (project / "graph" / "sources" / f"{slug}.ttl").read_text() == before


def test_a_save_that_does_not_conform_leaves_graph_unchanged(project: Path, tmp_path: Path) -> None:
    settings = _settings(project, tmp_path)
    store = _store(settings)
    document = session.read_source(ARTICLE.read_bytes(), str(ARTICLE), settings)
    slug, proposed = session.add(document, store, settings)
    # Take away every date of the summit: an event needs a start date.
    facts = tuple(dataclasses.replace(f, status="rejected") if f.kind == "attribute" else f
                  for f in proposed.decisions.facts)  # fmt: skip
    saved = session.save(slug, dataclasses.replace(proposed.decisions, facts=facts), store,
                         settings)  # fmt: skip
    assert saved.path is None
    assert any("start date" in v.message for v in saved.violations)
    assert list((project / "graph" / "sources").iterdir()) == []
    assert saved.decisions.version == 1  # the decisions are kept all the same


def test_a_rejected_fact_is_not_proposed_again(project: Path, tmp_path: Path) -> None:
    settings = _settings(project, tmp_path)
    store = _store(settings)
    document = session.read_source(ARTICLE.read_bytes(), str(ARTICLE), settings)
    slug, proposed = session.add(document, store, settings)
    sponsor = next(f for f in proposed.decisions.facts if f.role == "sponsor")
    facts = tuple(dataclasses.replace(f, status="rejected") if f.id == sponsor.id else f
                  for f in proposed.decisions.facts)  # fmt: skip
    saved = session.save(slug, dataclasses.replace(proposed.decisions, facts=facts), store,
                         settings)  # fmt: skip
    anew = session.repropose(slug, store, settings)
    again = [f for f in anew.facts if f.role == "sponsor" and f.agent == sponsor.agent]
    assert again and all(f.status == "rejected" for f in again)
    assert anew.version == saved.decisions.version


def test_extract_writes_a_file_that_builds_when_dropped_into_graph(
    project: Path, runner: CliRunner, tmp_path: Path
) -> None:
    out = project / "graph" / "sources" / "kawsay.ttl"
    article = ARTICLES / "es-red-kawsay-encuentro.txt"
    result = runner.invoke(main, ["extract", str(article), "--project", str(project),
                                  "--store", str(tmp_path / "store"), "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    built = runner.invoke(main, ["build", "--project", str(project), "--store",
                                 str(tmp_path / "store")])  # fmt: skip
    assert built.exit_code == 0, built.output
    as_json = runner.invoke(main, ["extract", str(article), "--project", str(project),
                                   "--store", str(tmp_path / "store"), "--format", "json"])  # fmt: skip
    import json

    data = json.loads(as_json.stdout)
    assert data["document"]["language"] == "es"
    assert all("evidence" in r and "confidence" in r for r in data["relations"])
    assert data["reconciliation"]
