"""SHACL: the bundled data conforms, and each shape catches the mistake it is there for."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import settings_for

from edgraph.build import build
from edgraph.bundled import bundled_project
from edgraph.cli import main
from edgraph.store import EmbeddedStore, Store
from edgraph.validate import validate

ID = "https://w3id.org/edgraph/id/"
SCHEMA = "http://schema.org/"
EDGO = "https://w3id.org/edgraph/ontology#"
HEADER = """
@prefix edgo:   <https://w3id.org/edgraph/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix id:     <https://w3id.org/edgraph/id/> .
<https://w3id.org/edgraph/id/graph/sources/bad> prov:wasDerivedFrom id:source\\/tiny .
"""


def test_the_bundled_data_conforms(bundled_store: Store) -> None:
    report = validate(bundled_store, bundled_project() / "ontology" / "shapes.ttl")
    assert report.violations == []
    assert report.conforms


def test_the_tiny_test_graph_conforms(tiny_project: Path) -> None:
    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_project))
    assert validate(store, tiny_project / "ontology" / "shapes.ttl").conforms


CASES = [
    pytest.param(
        "id:org\\/nameless a edgo:Foundation .",
        {(ID + "org/nameless", SCHEMA + "name")},
        "needs a non-empty name",
        id="organization without a name",
    ),
    pytest.param(
        """id:event\\/backwards a edgo:Meeting ; schema:name "Backwards" ;
           schema:startDate "2024-05-09"^^xsd:date ; schema:endDate "2024-05-01"^^xsd:date .""",
        {(ID + "event/backwards", SCHEMA + "startDate")},
        "no later than its end date",
        id="event ending before it starts",
    ),
    pytest.param(
        """id:event\\/untyped a edgo:Meeting ; schema:name "Untyped" ; schema:startDate "2024-05-09" .""",
        {(ID + "event/untyped", SCHEMA + "startDate")},
        "xsd:date",
        id="event date as a plain string",
    ),
    pytest.param(
        """id:event\\/w a edgo:Workshop ; schema:name "W" ; schema:startDate "2024-05-02"^^xsd:date ;
           edgo:funder id:place\\/porto .""",
        {(ID + "event/w", EDGO + "involvedAgent")},
        "must point at an organization or a person",
        id="funder that is a place",
    ),
    pytest.param(
        """id:org\\/unit a edgo:OrganizationalUnit ; schema:name "Unit" ; edgo:unitOf id:place\\/porto .""",
        {(ID + "org/unit", EDGO + "unitOf")},
        "must belong to an organization",
        id="unit of something that is not an organization",
    ),
    pytest.param(
        """id:membership\\/m a edgo:Membership ; org:member id:org\\/fund ; org:organization id:org\\/school ;
           prov:wasDerivedFrom id:source\\/tiny .""",
        {(ID + "membership/m", None)},
        "needs a date",
        id="membership without a date",
    ),
    pytest.param(
        """id:claim\\/c a edgo:Claim ; edgo:about id:org\\/fund ; edgo:measure edgo:Members ;
           edgo:qualifier edgo:Exactly ; schema:value 3 ; prov:wasDerivedFrom id:source\\/tiny .""",
        {(ID + "claim/c", EDGO + "asOf")},
        "as of",
        id="claim without a date",
    ),
    pytest.param(
        """id:claim\\/c a edgo:Claim ; edgo:about id:org\\/fund ; edgo:measure edgo:Members ;
           edgo:qualifier edgo:Exactly ; edgo:asOf "2024"^^xsd:gYear ; prov:wasDerivedFrom id:source\\/tiny .""",
        {(ID + "claim/c", SCHEMA + "value")},
        "numeric value",
        id="claim without a value",
    ),
    pytest.param(
        """id:claim\\/c a edgo:Claim ; edgo:about id:org\\/fund ; schema:value 3 ;
           edgo:qualifier edgo:Exactly ; edgo:asOf "2024"^^xsd:gYear ; prov:wasDerivedFrom id:source\\/tiny .""",
        {(ID + "claim/c", EDGO + "measure")},
        "what it counts",
        id="claim that does not say what it counts",
    ),
    pytest.param(
        """id:country\\/XX a edgo:Country ; schema:name "Nowhere" ; edgo:isoAlpha2 "XX" .""",
        {(ID + "country/XX", EDGO + "isoAlpha2")},
        "assigned one",
        id="country with an unassigned code",
    ),
    pytest.param(
        """id:place\\/atlantis a edgo:City ; schema:name "Atlantis" .""",
        {(ID + "place/atlantis", SCHEMA + "containedInPlace")},
        "contained in a country",
        id="city in no country",
    ),
    pytest.param(
        """id:source\\/untitled a schema:NewsArticle ; schema:inLanguage "en" .""",
        {(ID + "source/untitled", SCHEMA + "headline")},
        "headline",
        id="source article without headline",
    ),
    pytest.param(
        """id:topic\\/t a edgo:Topic .""",
        {(ID + "topic/t", "http://www.w3.org/2004/02/skos/core#prefLabel")},
        "preferred label",
        id="topic without a label",
    ),
]


@pytest.mark.parametrize(("snippet", "expected", "message"), CASES)
def test_each_shape_catches_its_violation(
    tiny_project: Path, snippet: str, expected: set[tuple[str, str | None]], message: str
) -> None:
    (tiny_project / "graph" / "sources" / "bad.ttl").write_text(HEADER + snippet)
    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_project))
    report = validate(store, tiny_project / "ontology" / "shapes.ttl")
    assert not report.conforms
    assert {(v.focus, v.path) for v in report.violations} == expected
    assert all(message in v.message for v in report.violations)
    assert all(v.graphs == (ID + "graph/sources/bad",) for v in report.violations)


def test_a_named_graph_without_provenance_is_caught(tiny_project: Path) -> None:
    (tiny_project / "graph" / "sources" / "orphan.ttl").write_text(
        "<https://w3id.org/edgraph/id/org/x> a <https://w3id.org/edgraph/ontology#Company> ;"
        ' <http://schema.org/name> "X" .\n'
    )
    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_project))
    report = validate(store, tiny_project / "ontology" / "shapes.ttl")
    assert [(v.focus, v.path) for v in report.violations] == [
        (ID + "graph/sources/orphan", "http://www.w3.org/ns/prov#wasDerivedFrom")
    ]


def test_validate_prints_label_iri_property_message_and_graph_and_exits_1(
    runner: CliRunner, tiny_project: Path, tmp_path: Path
) -> None:
    (tiny_project / "graph" / "sources" / "bad.ttl").write_text(
        HEADER
        + 'id:org\\/odd a edgo:Foundation ; schema:name "Odd Fund" ; edgo:memberOf id:place\\/porto .'
    )
    store = str(tmp_path / "store")
    assert (
        runner.invoke(main, ["build", "--project", str(tiny_project), "--store", store]).exit_code
        == 0
    )
    result = runner.invoke(main, ["validate", "--project", str(tiny_project), "--store", store])
    assert result.exit_code == 1
    assert f"Violation: Odd Fund <{ID}org/odd>" in result.stdout
    assert "property: edgo:memberOf" in result.stdout
    assert "an agent can only be a member of an organization or network" in result.stdout
    assert f"in graph: {ID}graph/sources/bad" in result.stdout
    assert "does not conform: 1 results" in result.stdout


def test_validate_exits_0_when_it_conforms_and_2_on_broken_shapes(
    runner: CliRunner, tiny_project: Path, tmp_path: Path
) -> None:
    store = str(tmp_path / "store")
    runner.invoke(main, ["build", "--project", str(tiny_project), "--store", store])
    ok = runner.invoke(main, ["validate", "--project", str(tiny_project), "--store", store])
    assert ok.exit_code == 0
    assert "conforms" in ok.stdout

    (tiny_project / "ontology" / "shapes.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\nsh:x sh:y"
    )
    broken = runner.invoke(main, ["validate", "--project", str(tiny_project), "--store", store])
    assert broken.exit_code == 2
    assert "shapes.ttl:2:" in broken.stderr


def test_an_ill_typed_date_beside_an_end_date_is_a_result_not_a_crash(
    runner: CliRunner, tiny_project: Path, tmp_path: Path
) -> None:
    """pySHACL raised a TypeError comparing "2025-13-45"^^xsd:date with the end date (exit 1,
    a traceback), and rdflib's warnings about the literal were mixed into the report. A build
    refuses such a literal, so this store gets it as another tool would write it."""
    import pyoxigraph as ox

    location = tmp_path / "store"
    build(EmbeddedStore.open(location, must_exist=False), settings_for(tiny_project))
    graph = ox.NamedNode(ID + "graph/sources/tiny")
    workshop, start = ox.NamedNode(ID + "event/workshop"), ox.NamedNode(SCHEMA + "startDate")
    store = EmbeddedStore.open(location)
    kept = [q for q in store._oxigraph.quads_for_pattern(None, None, None, graph)
            if (q.subject, q.predicate) != (workshop, start)]  # fmt: skip
    bad = ox.Literal("2025-13-45", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    store.replace_graph(graph.value, [*kept, ox.Quad(workshop, start, bad, graph)])

    report = validate(EmbeddedStore.open(location), tiny_project / "ontology" / "shapes.ttl")
    assert not report.conforms
    ill = [v for v in report.violations if v.value == "2025-13-45"]
    assert [(v.focus, v.path, v.message) for v in ill] == [
        (ID + "event/workshop", SCHEMA + "startDate",
         "not a valid xsd:date: the shapes cannot check it")
    ]  # fmt: skip

    result = runner.invoke(
        main, ["validate", "--project", str(tiny_project), "--store", str(location)]
    )
    assert result.exit_code == 1, result.output
    assert "value: 2025-13-45\n  not a valid xsd:date" in result.stdout
    assert result.stderr == ""  # no traceback, no "Failed to convert Literal lexical form"


def test_a_report_escapes_control_characters_quoted_from_the_data() -> None:
    from edgraph.validate import Violation

    text = Violation(
        "https://e/x\x1b[2J", "Evil\x00Name", None, "needs a name", "Violation", (), "a\nb"
    ).describe()
    assert text.splitlines() == [
        "Violation: Evil\\x00Name <https://e/x\\x1b[2J>",
        "  value: a\\nb",
        "  needs a name",
        "  in graph: (none)",
    ]
