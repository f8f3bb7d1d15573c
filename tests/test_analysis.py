"""Network analysis: exact projections and measures on tests/data/analysis/ (whose ties can be
worked out by hand from its comments), the measures written back as RDF with provenance, the
CLI, and the analysis agreeing with the gallery's queries on the same data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PREFIXES, settings_for
from gallery_agreement import agreement

from edgraph.analysis import (
    MEASURE_BY_KEY,
    MEASURES,
    PARTNERSHIP,
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
from edgraph.roles import SUB_EVENT_WORK, TIES
from edgraph.store import EmbeddedStore, Store

ID = DEFAULT_BASE + "org/"


def org(*names: str) -> set[str]:
    return {ID + n for n in names}


@pytest.fixture(scope="module")
def result(analysis_store: Store) -> Analysis:
    return analyze(analysis_store, group_cap=4)


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
        # the organizer of each event is tied to its funders and sponsors, whatever their role
        ("a", "f"): (1, ["funding + organizing"]),
        ("a", "g"): (1, ["organizing + sponsoring"]),
        ("d", "f"): (1, ["funding + organizing"]),
        ("d", "g"): (1, ["funding + organizing"]),
        ("e", "f"): (1, ["funding + organizing"]),
        ("e", "g"): (1, ["funding + organizing"]),
        # F funds both events, G sponsors the first and funds the second
        ("f", "g"): (2, ["co-funding", "funding + sponsoring"]),
        ("a", "h"): (1, ["unit of"]),
    }
    d_e = next(t for t in result.partnership if t.a == ID + "d" and t.b == ID + "e")
    assert d_e.via == [DEFAULT_BASE + "event/e2", DEFAULT_BASE + "network/n2"]
    assert d_e.sources == {DEFAULT_BASE + "source/partners"}
    # every organization is a node, tied or not (14), and networks are not organizations here
    assert result.sizes["partnership"] == (14, 14)


def test_groups_over_the_cap_are_left_out_and_said(result: Analysis) -> None:
    assert result.left_out == [(DEFAULT_BASE + "event/e3", "participating", 5)]
    assert all(result.values["degree"][o] == 0 for o in org("j1", "j2", "j3", "j4", "j5"))
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
        "a": 5, "b": 2, "c": 4, "d": 4, "e": 4, "f": 4, "g": 4, "h": 1,
    }  # fmt: skip
    assert values["weighted_degree"][ID + "d"] == 5  # E counts twice
    # Of the C(13, 2) = 78 pairs of other organizations, A is on every shortest path from its
    # unit H to the six others, on the only ones from B to F and to G, and on one of the three
    # from C to F and to G: 6 + 2 + 2/3. C is on the only ones from B to D and to E, and on one
    # of three from A (and so from H) to D and to E: 2 + 4/3.
    assert values["betweenness"][ID + "a"] == pytest.approx((8 + 2 / 3) / 78)
    assert values["betweenness"][ID + "c"] == pytest.approx((3 + 1 / 3) / 78)
    assert values["betweenness"][ID + "b"] == 0
    assert {o.removeprefix(ID) for o, v in values["core"].items() if v == 3} == {
        "a", "c", "d", "e", "f", "g",
    }  # fmt: skip
    assert {o.removeprefix(ID) for o, v in values["component"].items() if v == 1} == {
        "a", "b", "c", "d", "e", "f", "g", "h",
    }  # fmt: skip
    community = values["community"]
    assert community[ID + "d"] == community[ID + "e"] == community[ID + "f"]
    assert community[ID + "a"] == community[ID + "b"] != community[ID + "d"]
    assert sum(values["pagerank"].values()) == pytest.approx(1.0)
    assert values["pagerank"][ID + "a"] == max(values["pagerank"].values())


def test_communities_and_components_are_named_by_their_most_central_members(
    result: Analysis,
) -> None:
    components = result.groups("component")
    assert components[1] == "A University, F Foundation, G Corp and 5 more"  # highest PageRank
    assert components[2] == "I Trust"  # alone, by name among the isolated
    community = int(result.values["community"][ID + "d"])
    members = {o for o, n in result.values["community"].items() if n == community}
    label, rank = result.facts.label, result.values["pagerank"]
    top = sorted(members, key=lambda o: (-round(rank[o], 9), label(o)))[:3]
    assert result.groups("community")[community] == ", ".join(label(o) for o in top) + (
        f" and {len(members) - 3} more"
    )
    assert len(members) == 4  # D and E, and the two funders of their workshop


def test_brokers_and_funder_overlap(result: Analysis) -> None:
    assert {(o.removeprefix(ID), n) for o, n in result.brokers()} == {
        ("c", 2), ("f", 2), ("g", 2),
    }  # fmt: skip
    [overlap] = result.overlaps
    assert (overlap.a, overlap.b) == (DEFAULT_BASE + "event/e1", DEFAULT_BASE + "event/e2")
    assert overlap.shared == (ID + "f",)
    assert overlap.jaccard == 0.5  # F funds both events; G only the second


@pytest.fixture(scope="module")
def links(links_store: Store) -> Analysis:
    return analyze(links_store)


def _partners(analysis: Analysis, name: str) -> set[str]:
    ties = analysis.partnership
    return {(t.b if t.a == ID + name else t.a).removeprefix(ID) for t in ties
            if ID + name in (t.a, t.b)}  # fmt: skip


def test_an_operator_is_tied_to_the_funders_of_what_it_operates(links: Analysis) -> None:
    assert _partners(links, "o") == {"f1", "f2"}
    [tie] = [t for t in links.partnership if (t.a, t.b) == (ID + "f1", ID + "o")]
    assert tie.relations == ["facilitating + funding", "funding + operating"]
    assert tie.weight == 1  # one network shared, however many roles in it
    assert links.values["degree"][ID + "o"] == 2


def test_work_in_a_part_of_an_event_ties_to_the_whole_events_organizations(
    links: Analysis,
) -> None:
    # Q only organizes the workshop W; W is a part of the meeting M that H hosts and P attends
    assert _partners(links, "q") == {"h", "p", "k"}
    [tie] = [t for t in links.partnership if (t.a, t.b) == (ID + "h", ID + "q")]
    assert tie.relations == ["hosting + work in a sub-event"]
    assert tie.via == [DEFAULT_BASE + "event/m"]
    # K takes part in W, which Q organizes, and both so work in a part of M: two contexts
    [both] = [t for t in links.partnership if (t.a, t.b) == (ID + "k", ID + "q")]
    assert (both.weight, both.relations) == (2, ["organizing + participating", "sub-event work"])


def test_units_carry_their_links_to_networks_up_to_their_parent(links: Analysis) -> None:
    # X1 through membership of K, a node of R; X2 in an event of S; X3 proposing T
    assert {(o.removeprefix(ID), n) for o, n in links.brokers()} == {
        ("x", 3), ("f1", 2), ("z", 2),
    }  # fmt: skip
    assert links.values["networks"][ID + "x1"] == 1
    assert _partners(links, "x") == {"x1", "x2", "x3"}
    assert _partners(links, "x1") == {"x", "x2", "x3", "k"}  # sibling units, and its node


def test_funded_things_share_funders(links: Analysis) -> None:
    [overlap] = links.overlaps
    assert (overlap.a, overlap.b, overlap.shared) == (
        DEFAULT_BASE + "event/es", DEFAULT_BASE + "network/n", (ID + "f1",),
    )  # fmt: skip
    assert overlap.jaccard == 0.5


def test_the_analysis_agrees_with_the_gallery_queries(
    analysis_store: Store, result: Analysis, links_store: Store, links: Analysis
) -> None:
    agreement(analysis_store, result)
    agreement(links_store, links)
    assert links.brokers()  # the check compares something
    assert links.overlaps


def test_the_same_data_gives_the_same_measures(analysis_store: Store, result: Analysis) -> None:
    again = analyze(analysis_store, group_cap=4)
    assert again.values == result.values


def test_betweenness_beyond_the_exact_limit_is_sampled_and_says_so(analysis_store: Store) -> None:
    sampled = analyze(analysis_store, group_cap=4, betweenness_exact_max=5, betweenness_samples=4)
    [run] = [r for r in sampled.runs if r.measure == "betweenness"]
    assert run.sampled
    assert "k=4" in run.parameters and "of 14 nodes" in run.parameters
    exact = analyze(analysis_store, group_cap=4)
    [run] = [r for r in exact.runs if r.measure == "betweenness"]
    assert not run.sampled and run.parameters == "exact"


def test_saved_measures_answer_sparql_with_provenance(analysis_project: Path) -> None:
    store = EmbeddedStore.in_memory()
    build(store, settings_for(analysis_project))
    before = {g: _graph_size(store, g) for g in store.named_graphs()}
    written = save(store, analyze(store, group_cap=4), DEFAULT_BASE, version="9.9")
    assert {g: _graph_size(store, g) for g in before} == before  # other graphs untouched
    assert _graph_size(store, analysis_graph(DEFAULT_BASE)) == written
    ranked = store.query(
        PREFIXES + "SELECT ?o WHERE { ?o edgo:betweenness ?b } ORDER BY DESC(?b) LIMIT 2"
    )
    assert [row[0].value for row in ranked.rows] == [ID + "a", ID + "c"]  # type: ignore[union-attr]
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
    assert sampled.value == "false" and nodes.value == "14"  # type: ignore[union-attr]
    assert projection.value.endswith("analysis/projection/partnership")  # type: ignore[union-attr]
    assert started.datatype.value.endswith("#dateTime")  # type: ignore[union-attr]
    # saving again replaces the graph rather than adding to it
    save(store, analyze(store, group_cap=4), DEFAULT_BASE)
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
    save(store, analyze(store, group_cap=4), DEFAULT_BASE)
    assert reader.quad_count() == quads
    reopened = EmbeddedStore.open(location)
    assert analysis_graph(DEFAULT_BASE) in reopened.named_graphs()
    assert reopened.quad_count() > quads
    assert len(list((location / "generations").iterdir())) == 2


def test_analyze_cli_prints_ranks_and_saves(runner: CliRunner, analysis_project: Path) -> None:
    project = ["--project", str(analysis_project)]
    assert runner.invoke(main, ["build", *project]).exit_code == 0
    env = {"EDGRAPH_ANALYSIS_GROUP_CAP": "4"}
    table = runner.invoke(main, ["analyze", *project, "--sort", "betweenness", "--top", "2"],
                          env=env)  # fmt: skip
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    ranked = lines[lines.index("organizations by Betweenness:") + 3 :][:2]
    assert [line.split("  ")[0] for line in ranked] == ["A University", "C Alliance"]
    assert "E3 congress (participating, 5)" in table.output
    assert "E1 meeting & E2 workshop: 1 shared (Jaccard 0.50): F Foundation" in table.output
    # groups are named, each kind of tie and each measure said in words
    assert "    1  (8 organizations)  A University, F Foundation, G Corp and 5 more" in lines
    assert "  work in a sub-event: " + TIES[SUB_EVENT_WORK].explains in lines
    assert "ties counted: " + PARTNERSHIP in lines
    assert all(f"  {m.label}: {m.help}" in lines for m in MEASURES)
    data = json.loads(
        runner.invoke(main, ["analyze", *project, "--format", "json", "--no-save"], env=env).stdout
    )
    assert {b["label"] for b in data["brokers"]} == {"C Alliance", "F Foundation", "G Corp"}
    assert data["projections"]["partnership"] == {"nodes": 14, "ties": 14}
    assert data["groups"]["component"][0] == {
        "number": 1, "name": "A University, F Foundation, G Corp and 5 more", "organizations": 8,
    }  # fmt: skip
    assert [k["kind"] for k in data["ties_counted"]["kinds"]] == [t.noun for t in TIES.values()]
    csv_out = runner.invoke(main, ["analyze", *project, "--format", "csv", "--no-save"], env=env)
    header, first, *_ = csv_out.stdout.splitlines()
    assert header.split(",")[:3] == ["iri", "label", "degree"]
    assert first.startswith(ID + "a,A University,5,")
    assert header.split(",")[-2:] == ["community_name", "component_name"]
    assert first.endswith(',"A University, F Foundation, G Corp and 5 more"')  # quoted: commas
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
    analysis = analyze(store, group_cap=4)
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
        "a", "c",
    ]  # fmt: skip


def test_the_saved_groups_are_named_as_the_analysis_names_them(
    saved_store: tuple[Store, Analysis],
) -> None:
    store, analysis = saved_store
    back = saved(store, DEFAULT_BASE)
    assert back is not None
    assert back.groups == {key: analysis.groups(key) for key in ("community", "component")}
    # each organization points at its group, whose label SPARQL and entity pages show
    rows = store.query(
        PREFIXES
        + """SELECT ?label WHERE { id:org\\/h edgo:inComponent ?g .
                                            ?g schema:name|<http://www.w3.org/2000/01/rdf-schema#label> ?label ;
                                               edgo:groupSize 8 }"""
    ).rows
    assert [r[0].value for r in rows] == [  # type: ignore[union-attr]
        "Component 1: A University, F Foundation, G Corp and 5 more"
    ]


def test_ranking_breaks_ties_by_label_then_iri() -> None:
    values = {"degree": {"x:3": 1.0, "x:2": 1.0, "x:1": 1.0, "x:0": 2.0}}
    labels = {"x:3": "A", "x:2": "B", "x:1": "B", "x:0": "Z"}
    assert [iri for iri, _ in ranked(values, "degree", labels.__getitem__)] == [
        "x:0", "x:3", "x:1", "x:2",
    ]  # fmt: skip


def test_every_counted_role_has_a_kind_of_tie_the_analysis_names() -> None:
    from edgraph.roles import COUNTED

    assert {role.tie for role in COUNTED} == set(TIES) - {SUB_EVENT_WORK}
    # the relations the brief names are all among them
    counted = {role.key for role in COUNTED}
    assert {"participant", "operator", "facilitator", "host", "funder", "sponsor", "member",
            "organizer"} <= counted  # fmt: skip
