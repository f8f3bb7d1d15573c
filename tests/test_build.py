"""Building: one named graph per file, all or nothing, the same every time."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import settings_for

from edgraph.build import build, project_inputs
from edgraph.catalog import Catalog
from edgraph.cli import main
from edgraph.errors import DataError, DataSyntaxError, StoreBusyError, UnsupportedFormatError
from edgraph.export import export_dataset
from edgraph.location import open_store
from edgraph.store import EmbeddedStore

ID = "https://w3id.org/edgraph/id/"


def nquads(store: EmbeddedStore) -> bytes:
    buffer = io.BytesIO()
    export_dataset(store, "nquads", buffer)
    return buffer.getvalue()


def test_each_file_becomes_one_named_graph_named_after_its_path(tiny_project: Path) -> None:
    store = EmbeddedStore.in_memory()
    report = build(store, settings_for(tiny_project))
    assert store.named_graphs() == [
        ID + "graph/ontology/edgraph",
        ID + "graph/reference/countries",
        ID + "graph/sources/tiny",
    ]
    tiny = next(g for g in report.graphs if g.graph.endswith("/sources/tiny"))
    # Typed in tests/data/graph/sources/tiny.ttl: the source, school, fund, city, workshop and
    # claim; the build types the graph itself.
    assert tiny.entities == 7
    assert tiny.triples == len(
        store.query(f"SELECT * WHERE {{ GRAPH <{ID}graph/sources/tiny> {{ ?s ?p ?o }} }}").rows
    )


def test_build_is_idempotent_on_disk(tiny_project: Path, tmp_path: Path) -> None:
    location = tmp_path / "store"
    store = open_store(location, must_exist=False)
    build(store, settings_for(tiny_project))
    first = nquads(store)
    build(store, settings_for(tiny_project))
    assert nquads(store) == first
    assert nquads(EmbeddedStore.open(location)) == first


def test_the_entailed_public_terms_stay_in_the_source_graph(tiny_project: Path) -> None:
    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_project))
    result = store.query(
        f"""SELECT ?g WHERE {{ GRAPH ?g {{ <{ID}event/workshop> <http://schema.org/funder> ?f }} }}"""
    )
    assert result.strings("g") == {ID + "graph/sources/tiny"}


ENTAILMENT_CASES = """
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:a rdfs:subPropertyOf ex:b . ex:b rdfs:subPropertyOf ex:c . ex:c rdfs:subPropertyOf ex:a .
ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:C . ex:B rdfs:subClassOf "not a class" .
ex:p owl:inverseOf ex:q . ex:p rdfs:subPropertyOf ex:r .
ex:x ex:a ex:y ; ex:p ex:z , "a literal has no inverse" ; a ex:A .
_:blank ex:p ex:x ; a ex:B .
"""


@pytest.mark.parametrize("project", ["bundled", "tiny", "cases"])
def test_entail_adds_exactly_what_the_sparql_rules_add(project: str, tiny_project: Path) -> None:
    """The rules as SPARQL Updates (the specification) and as pattern scans (what builds run)
    give the same statements: cycles, chains, both directions of an inverse, blank nodes and
    literals included, and axioms that hold only inside their own graph."""
    from edgraph.build import ENTAILMENT, entail, project_inputs
    from edgraph.bundled import bundled_project

    if project == "cases":
        (tiny_project / "graph" / "sources" / "cases.ttl").write_text(ENTAILMENT_CASES)
        (tiny_project / "graph" / "sources" / "other.ttl").write_text(
            "<https://example.org/w> <https://example.org/a> <https://example.org/v> .\n"
        )
    folder = bundled_project() if project == "bundled" else tiny_project
    loaded = EmbeddedStore.in_memory()
    loaded.replace(project_inputs(folder))
    base = list(loaded._oxigraph)

    def labelled(store: ox.Store) -> set[str]:
        return {str(q) for q in store}

    by_sparql, by_scans = ox.Store(), ox.Store()
    by_sparql.bulk_extend(base)
    by_scans.bulk_extend(base)
    for update in ENTAILMENT:
        by_sparql.update(update)
    entail(by_scans)
    assert len(by_sparql) > len(base)
    assert labelled(by_scans) == labelled(by_sparql)


@pytest.mark.parametrize(
    ("content", "line", "column", "words"),
    [
        ("@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:d ex:e\n", 4, 1, "unexpected end"),
        (
            "@prefix ex: <http://e/> .\nex:a nope:b ex:c .\n",
            2,
            6,
            "prefix nope: has not been declared",
        ),
    ],
    ids=["syntax error", "unknown prefix"],
)
def test_malformed_turtle_names_file_line_and_column_and_leaves_the_store_as_it_was(
    tiny_project: Path, tmp_path: Path, content: str, line: int, column: int, words: str
) -> None:
    location = tmp_path / "store"
    store = open_store(location, must_exist=False)
    build(store, settings_for(tiny_project))
    before = nquads(EmbeddedStore.open(location))
    current = os.readlink(location / "current")

    bad = tiny_project / "graph" / "sources" / "zz-bad.ttl"
    bad.write_text(content)
    with pytest.raises(DataSyntaxError) as caught:
        build(store, settings_for(tiny_project))
    assert (caught.value.path, caught.value.line, caught.value.column) == (str(bad), line, column)
    assert words in str(caught.value).lower()
    assert str(caught.value).startswith(f"{bad}:{line}:{column}: ")

    assert os.readlink(location / "current") == current
    assert nquads(EmbeddedStore.open(location)) == before
    assert len(list((location / "generations").iterdir())) == 1  # the failed one is gone


def test_cli_reports_malformed_input_as_one_line_with_exit_2(
    runner: CliRunner, tiny_project: Path
) -> None:
    (tiny_project / "graph" / "sources" / "zz-bad.ttl").write_text("<http://a> <http://b> .\n")
    result = runner.invoke(main, ["build", "--project", str(tiny_project)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("edgraph: error: ")
    assert "zz-bad.ttl:1:" in lines[0]


def test_a_file_of_an_unknown_kind_is_refused_by_name(tiny_project: Path) -> None:
    (tiny_project / "graph" / "notes.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFormatError, match=r"notes\.docx: cannot read this kind of file"):
        build(EmbeddedStore.in_memory(), settings_for(tiny_project))


def test_an_unreadable_file_is_refused_by_name(tiny_project: Path) -> None:
    (tiny_project / "graph" / "sources" / "gone.ttl").symlink_to(tiny_project / "nowhere.ttl")
    with pytest.raises(DataError, match=r"gone\.ttl: cannot read this file \(No such file"):
        build(EmbeddedStore.in_memory(), settings_for(tiny_project))


def test_a_dataset_file_under_graph_is_refused(tiny_project: Path) -> None:
    (tiny_project / "graph" / "extra.trig").write_text("")
    with pytest.raises(DataError, match="must hold triples"):
        project_inputs(tiny_project)


def test_a_folder_without_graph_and_ontology_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not an edgraph project: no graph/ folder"):
        project_inputs(tmp_path)


def test_a_second_concurrent_build_is_refused_not_interleaved(
    tiny_project: Path, tmp_path: Path
) -> None:
    import fcntl

    location = tmp_path / "store"
    location.mkdir()
    with (location / "build.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(StoreBusyError, match="another build"):
            build(open_store(location, must_exist=False), settings_for(tiny_project))


def test_base_iri_setting_moves_every_entity_and_graph(tiny_project: Path) -> None:
    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_project, base_iri="https://example.org/kg/"))
    assert "https://example.org/kg/graph/sources/tiny" in store.named_graphs()
    result = store.query(
        "SELECT ?h WHERE { <https://example.org/kg/event/workshop> "
        "<https://w3id.org/edgraph/ontology#host> ?h }"
    )
    assert result.strings("h") == {"https://example.org/kg/org/school"}
    leftovers = store.query(
        f"ASK {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{ID}') || STRSTARTS(STR(?o), '{ID}')) }}"
    )
    assert leftovers.boolean is False


def test_a_store_that_was_never_built_says_how_to_build_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["stats", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no store has been built" in result.stderr
    assert "edgraph build" in result.stderr


def test_cli_build_then_stats_and_export_on_the_bundled_data(
    runner: CliRunner, tmp_path: Path
) -> None:
    store = str(tmp_path / "store")
    built = runner.invoke(main, ["build", "--store", store])
    assert built.exit_code == 0, built.output
    assert "graph/sources/oce-red-stem-latam-2023.ttl" in built.stdout
    from edgraph.bundled import bundled_project

    # every file of graph/ and the ontology, however many sources curation has added
    assert f"built {len(project_inputs(bundled_project()))} graphs" in built.stdout

    stats = runner.invoke(main, ["stats", "--store", store])
    assert stats.exit_code == 0
    assert "edgo:LearningEcosystem" in stats.stdout
    assert "STEM Learning Ecosystems Holds Its First-Ever" in stats.stdout

    out = tmp_path / "all.trig"
    exported = runner.invoke(main, ["export", "--store", store, "--format", "trig", "-o", str(out)])
    assert exported.exit_code == 0
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(out)))
    assert len(quads) == EmbeddedStore.open(store).quad_count()
    assert {q.graph_name.value for q in quads} == set(EmbeddedStore.open(store).named_graphs())


def test_build_shows_progress_on_large_inputs(
    runner: CliRunner, tiny_project: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        main,
        ["build", "--project", str(tiny_project), "--store", str(tmp_path / "s")],
        env={"EDGRAPH_PROGRESS_BYTES": "10"},
    )
    assert result.exit_code == 0, result.output
    assert "loading" in result.stderr


def test_export_to_an_unwritable_place_is_one_line_and_exit_2(
    runner: CliRunner, tmp_path: Path
) -> None:
    store = str(tmp_path / "store")
    runner.invoke(main, ["build", "--store", store])
    result = runner.invoke(
        main, ["export", "--store", store, "-o", str(tmp_path / "no" / "such" / "x.trig")]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("edgraph: error: cannot write ")
    assert not list(tmp_path.glob("**/*.partial"))


def test_the_build_command_prepares_the_viewers_catalog(
    runner: CliRunner, tiny_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So that the first `edgraph serve` after a build reads the copy, not the whole store."""
    location = tmp_path / "store"
    args = ["build", "--project", str(tiny_project), "--store", str(location)]
    skipped = runner.invoke(main, [*args, "--no-catalog"])
    assert skipped.exit_code == 0, skipped.output
    assert "catalog" not in skipped.output
    path = EmbeddedStore.open(location).cache_file(Catalog.CACHE_NAME)
    assert path is not None and not path.exists()

    built = runner.invoke(main, args)
    assert built.exit_code == 0, built.output
    assert "prepared the viewer's catalog in" in built.output
    path = EmbeddedStore.open(location).cache_file(Catalog.CACHE_NAME)
    assert path is not None and path.exists()
    with monkeypatch.context() as patch:  # the viewer's first start reads only the copy
        patch.setattr(EmbeddedStore, "query", lambda *a, **k: pytest.fail("read the store"))
        assert len(Catalog.load(EmbeddedStore.open(location)).entities) > 5
