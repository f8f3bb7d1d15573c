"""Network analysis: exact projections and measures on tests/data/analysis/ (whose ties can be
worked out by hand from its comments), the measures written back as RDF with provenance, the
CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PREFIXES, settings_for

from edgraph.analysis import (
    MEASURE_BY_KEY,
    MEASURES,
    Analysis,
    Step,
    analysis_graph,
    analyze,
    brokers,
    organization_event_graph,
    organization_network_graph,
    ranked,
    read_facts,
    save,
    saved,
    stored_measures,
)
from edgraph.build import build
from edgraph.cli import main
from edgraph.namespaces import DEFAULT_BASE
from edgraph.store import EmbeddedStore, Store

ID = DEFAULT_BASE + "org/"


def org(*names: str) -> set[str]:
    return {ID + n for n in names}


@pytest.fixture(scope="module")
def result(analysis_store: Store) -> Analysis:
    return analyze(analysis_store, group_cap=3)


def test_the_partnership_projection_has_exactly_the_shared_ties(result: Analysis) -> None:
    ties = {
        (t.a.removeprefix(ID), t.b.removeprefix(ID)): (t.weight, t.relations)
        for t in result.partnership
    }
    assert ties == {
        ("a", "b"): (1, ["shared membership"]),
        ("a", "c"): (1, ["shared membership"]),
        ("b", "c"): (1, ["shared membership"]),
        ("c", "d"): (1, ["shared membership"]),
        ("c", "e"): (1, ["shared membership"]),
        # members of network two and co-organizers of its workshop: two shared contexts
        ("d", "e"): (2, ["co-organizing", "shared membership"]),
        ("f", "g"): (1, ["co-funding"]),
        ("a", "h"): (1, ["unit of"]),
    }
    d_e = next(t for t in result.partnership if t.a == ID + "d" and t.b == ID + "e")
    assert d_e.via == [DEFAULT_BASE + "event/e2", DEFAULT_BASE + "network/n2"]
    assert d_e.sources == {DEFAULT_BASE + "source/partners"}
    # every organization is a node, tied or not (13), and networks are not organizations here
    assert result.sizes["partnership"] == (13, 8)


def test_groups_over_the_cap_are_left_out_and_said(result: Analysis) -> None:
    assert result.left_out == [(DEFAULT_BASE + "event/e3", "co-participating", 4)]
    assert all(result.values["degree"][o] == 0 for o in org("j1", "j2", "j3", "j4"))
    assert result.values["events"][ID + "j1"] == 1  # the bipartite graph keeps the event


def test_bipartite_graphs(analysis_store: Store) -> None:
    facts = read_facts(analysis_store)
    by_network = organization_network_graph(facts)
    n1, n2 = DEFAULT_BASE + "network/n1", DEFAULT_BASE + "network/n2"
    assert set(by_network[n1]) == org("a", "b", "c", "f", "g")
    assert set(by_network[n2]) == org("c", "d", "e", "f", "g")
    assert by_network[ID + "g"][n2]["weight"] == 1  # funds the workshop of network two
    by_event = organization_event_graph(facts)
    assert set(by_event[DEFAULT_BASE + "event/e2"]) == org("d", "e", "f", "g")
    assert {d["bipartite"] for _, d in by_event.nodes(data=True)} == {0, 1}


def test_measures_of_named_organizations(result: Analysis) -> None:
    values = result.values
    assert {o.removeprefix(ID): int(v) for o, v in values["degree"].items() if v} == {
        "a": 3, "b": 2, "c": 4, "d": 2, "e": 2, "f": 1, "g": 1, "h": 1,
    }  # fmt: skip
    assert values["weighted_degree"][ID + "d"] == 3
    # C is on the only shortest paths between {A, B, H} and {D, E}: 6 of the C(12, 2) = 66 pairs
    # of other organizations; A on those between H and {B, C, D, E}: 4
    assert values["betweenness"][ID + "c"] == pytest.approx(6 / 66)
    assert values["betweenness"][ID + "a"] == pytest.approx(4 / 66)
    assert values["betweenness"][ID + "b"] == 0
    assert {o.removeprefix(ID) for o, v in values["core"].items() if v == 2} == {
        "a", "b", "c", "d", "e",
    }  # fmt: skip
    assert values["component"][ID + "a"] == values["component"][ID + "e"] == 1
    assert values["component"][ID + "f"] == values["component"][ID + "g"] == 2
    community = values["community"]
    assert community[ID + "d"] == community[ID + "e"]
    assert community[ID + "f"] == community[ID + "g"] != community[ID + "a"]
    assert sum(values["pagerank"].values()) == pytest.approx(1.0)
    assert values["pagerank"][ID + "c"] == max(values["pagerank"].values())


def test_brokers_and_funder_overlap(result: Analysis) -> None:
    assert {(o.removeprefix(ID), n) for o, n in result.brokers()} == {
        ("c", 2), ("f", 2), ("g", 2),
    }  # fmt: skip
    [overlap] = result.overlaps
    assert (overlap.a, overlap.b) == (DEFAULT_BASE + "network/n1", DEFAULT_BASE + "network/n2")
    assert overlap.shared == (ID + "f",)
    assert overlap.jaccard == 0.5  # F funds both networks' events; G only network two's


def test_the_same_data_gives_the_same_measures(analysis_store: Store, result: Analysis) -> None:
    again = analyze(analysis_store, group_cap=3)
    assert again.values == result.values


def test_betweenness_beyond_the_exact_limit_is_sampled_and_says_so(analysis_store: Store) -> None:
    sampled = analyze(analysis_store, group_cap=3, betweenness_exact_max=5, betweenness_samples=4)
    [run] = [r for r in sampled.runs if r.measure == "betweenness"]
    assert run.sampled
    assert "k=4" in run.parameters and "of 13 nodes" in run.parameters
    exact = analyze(analysis_store, group_cap=3)
    [run] = [r for r in exact.runs if r.measure == "betweenness"]
    assert not run.sampled and run.parameters == "exact"


def test_saved_measures_answer_sparql_with_provenance(analysis_project: Path) -> None:
    store = EmbeddedStore.in_memory()
    build(store, settings_for(analysis_project))
    before = {g: _graph_size(store, g) for g in store.named_graphs()}
    written = save(store, analyze(store, group_cap=3), DEFAULT_BASE, version="9.9")
    assert {g: _graph_size(store, g) for g in before} == before  # other graphs untouched
    assert _graph_size(store, analysis_graph(DEFAULT_BASE)) == written
    ranked = store.query(
        PREFIXES + "SELECT ?o WHERE { ?o edgo:betweenness ?b } ORDER BY DESC(?b) LIMIT 2"
    )
    assert [row[0].value for row in ranked.rows] == [ID + "c", ID + "a"]  # type: ignore[union-attr]
    provenance = store.query(
        PREFIXES
        + f"""SELECT ?algorithm ?sampled ?projection ?nodes ?started WHERE {{
          GRAPH <{analysis_graph(DEFAULT_BASE)}> {{
            <{analysis_graph(DEFAULT_BASE)}> prov:wasGeneratedBy ?run .
            ?step <http://purl.org/dc/terms/isPartOf> ?run ; edgo:computes edgo:betweenness ;
                  edgo:algorithm ?algorithm ; edgo:sampled ?sampled ; edgo:projection ?projection ;
                  prov:startedAtTime ?started .
            ?projection edgo:nodeCount ?nodes .
            ?run prov:wasAssociatedWith ?software ; prov:used ?used . }} }}"""
    )
    algorithm, sampled, projection, nodes, started = provenance.rows[0]
    assert "betweenness_centrality" in algorithm.value  # type: ignore[union-attr]
    assert sampled.value == "false" and nodes.value == "13"  # type: ignore[union-attr]
    assert projection.value.endswith("analysis/projection/partnership")  # type: ignore[union-attr]
    assert started.datatype.value.endswith("#dateTime")  # type: ignore[union-attr]
    # saving again replaces the graph rather than adding to it
    save(store, analyze(store, group_cap=3), DEFAULT_BASE)
    assert _graph_size(store, analysis_graph(DEFAULT_BASE)) == written
    measures = stored_measures(store, DEFAULT_BASE)
    assert set(measures) == {m.key for m in MEASURES}
    assert measures["networks"][ID + "c"] == 2


def test_saving_on_disk_keeps_the_previous_generation_readable(
    analysis_project: Path, tmp_path: Path
) -> None:
    location = tmp_path / "store"
    store = EmbeddedStore.open(location, must_exist=False)
    build(store, settings_for(analysis_project, store=str(location)))
    reader = EmbeddedStore.open(location)  # a server that opened the store before
    quads = reader.quad_count()
    save(store, analyze(store, group_cap=3), DEFAULT_BASE)
    assert reader.quad_count() == quads
    reopened = EmbeddedStore.open(location)
    assert analysis_graph(DEFAULT_BASE) in reopened.named_graphs()
    assert reopened.quad_count() > quads
    assert len(list((location / "generations").iterdir())) == 2


def test_analyze_cli_prints_ranks_and_saves(runner: CliRunner, analysis_project: Path) -> None:
    project = ["--project", str(analysis_project)]
    assert runner.invoke(main, ["build", *project]).exit_code == 0
    env = {"EDGRAPH_ANALYSIS_GROUP_CAP": "3"}
    table = runner.invoke(main, ["analyze", *project, "--sort", "betweenness", "--top", "2"],
                          env=env)  # fmt: skip
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    ranked = lines[lines.index("organizations by Betweenness:") + 3 :][:2]
    assert [line.split("  ")[0] for line in ranked] == ["C Alliance", "A University"]
    assert "E3 congress (co-participating, 4)" in table.output
    assert "Network One & Network Two: 1 shared (Jaccard 0.50): F Foundation" in table.output
    data = json.loads(
        runner.invoke(main, ["analyze", *project, "--format", "json", "--no-save"], env=env).stdout
    )
    assert {b["label"] for b in data["brokers"]} == {"C Alliance", "F Foundation", "G Corp"}
    assert data["projections"]["partnership"] == {"nodes": 13, "ties": 8}
    csv_out = runner.invoke(main, ["analyze", *project, "--format", "csv", "--no-save"], env=env)
    header, first, *_ = csv_out.stdout.splitlines()
    assert header.split(",")[:3] == ["iri", "label", "degree"]
    assert first.startswith(ID + "c,C Alliance,4,")
    query = runner.invoke(main, ["query", *project, "--format", "csv",
                                 PREFIXES + "SELECT ?n WHERE { id:org\\/c edgo:networksLinked ?n }"])  # fmt: skip
    assert query.stdout.splitlines() == ["n", "2"]


def test_the_store_still_conforms_after_saving(viewer_project: Path) -> None:
    from edgraph.validate import validate

    store = EmbeddedStore.in_memory()
    build(store, settings_for(viewer_project))
    save(store, analyze(store), DEFAULT_BASE)
    assert validate(store, viewer_project / "ontology" / "shapes.ttl").conforms


def _graph_size(store: Store, graph: str) -> int:
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(result.rows[0][0].value)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def saved_store(analysis_project: Path) -> tuple[Store, Analysis]:
    """The analysis data with its measures saved, and the analysis that saved them."""
    store = EmbeddedStore.in_memory()
    build(store, settings_for(analysis_project))
    analysis = analyze(store, group_cap=3)
    save(store, analysis, DEFAULT_BASE)
    return store, analysis


def test_the_saved_analysis_reads_back_its_steps_projections_and_overlaps(
    saved_store: tuple[Store, Analysis],
) -> None:
    store, analysis = saved_store
    back = saved(store, DEFAULT_BASE)
    assert back is not None
    assert back.when.startswith("20") and back.when.endswith("Z")
    assert set(back.steps) == {m.key for m in MEASURES}
    assert back.steps["betweenness"] == Step(
        MEASURE_BY_KEY["betweenness"].algorithm, "exact", False, "partnership"
    )
    assert back.steps["pagerank"].parameters == "alpha=0.85, weight=weight"
    assert [(p.name, p.nodes, p.edges) for p in back.projections] == sorted(
        (name, *size) for name, size in analysis.sizes.items()
    )
    assert back.overlaps == analysis.overlaps  # network one and two share F


def test_a_store_without_a_saved_analysis_says_none(analysis_store: Store) -> None:
    assert saved(analysis_store, DEFAULT_BASE) is None


def test_saved_measures_rank_as_the_analysis_ranks_them(
    saved_store: tuple[Store, Analysis],
) -> None:
    store, analysis = saved_store
    measures = stored_measures(store, DEFAULT_BASE)
    for measure in MEASURES:
        assert ranked(measures, measure.key, analysis.facts.label) == analysis.ranked(measure.key)
    assert brokers(measures, analysis.facts.label) == analysis.brokers()
    # groups are numbered from the largest: community and component rank from group 1 up
    assert [n for _, n in ranked(measures, "component", str)][:2] == [1, 1]
    assert [iri.removeprefix(ID) for iri, _ in ranked(measures, "betweenness", str, top=2)] == [
        "c", "a",
    ]  # fmt: skip


def test_ranking_breaks_ties_by_label_then_iri() -> None:
    values = {"degree": {"x:3": 1.0, "x:2": 1.0, "x:1": 1.0, "x:0": 2.0}}
    labels = {"x:3": "A", "x:2": "B", "x:1": "B", "x:0": "Z"}
    assert [iri for iri, _ in ranked(values, "degree", labels.__getitem__)] == [
        "x:0", "x:3", "x:1", "x:2",
    ]  # fmt: skip
