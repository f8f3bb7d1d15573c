"""Exports: every RDF format parses back (with rdflib, not the library that wrote it)
isomorphic to the store; Turtle and TriG are byte-identical for the same data; one graph, a
neighbourhood and a CONSTRUCT; GraphML, GEXF (checked against the GEXF 1.2draft schema's
classes) and CSV with the expected attributes. On the viewer's graph (tests/data/viewer/)."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from conftest import Stores, settings_for
from rdflib.compare import isomorphic

from edgraph.analysis import analyze, save
from edgraph.build import build
from edgraph.cli import main
from edgraph.errors import NotFoundError
from edgraph.export import (
    RDF_FORMATS,
    export_dataset,
    export_graph,
    neighbourhood_statements,
    projection_network,
)
from edgraph.formats import of_kind
from edgraph.location import open_store
from edgraph.namespaces import DEFAULT_BASE
from edgraph.store import EmbeddedStore, Store

#: rdflib's parser for each RDF format, from the format table.
RDFLIB_FORMAT = {f.name: f.rdflib for f in of_kind("graph")}
COASTAL = DEFAULT_BASE + "graph/sources/coastal-news-2021"
UNIVERSITY = DEFAULT_BASE + "org/atlantic-university"
NODE = DEFAULT_BASE + "org/coastal-teachers-node"  # the one organization between two others


def _store_graphs(store: Store) -> dict[str, rdflib.Graph]:
    """The store's named graphs, read through SPARQL into rdflib graphs."""
    graphs: dict[str, rdflib.Graph] = {}
    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    for s, p, o, g in rows:
        graph = graphs.setdefault(g.value, rdflib.Graph())  # type: ignore[union-attr]
        graph.add((_term(s), _term(p), _term(o)))
    return graphs


def _term(term: object) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value.endswith("#string"):  # a simple literal, as rdflib parses it
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


@pytest.fixture(scope="module")
def analysed(stores: Stores, viewer_project: Path) -> str:
    """The viewer's graph, built on disk (or a server) and analysed (so exports carry measures)."""
    location = stores.folder_or_server("export", viewer_project)
    store = open_store(location)
    save(store, analyze(store), DEFAULT_BASE)
    return location


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_every_rdf_export_parses_back_isomorphic(analysed: str, fmt: str) -> None:
    store = open_store(analysed)
    buffer = io.BytesIO()
    export_dataset(store, fmt, buffer)
    expected = _store_graphs(store)
    if _fmt(fmt).datasets:  # the named graphs, each as it is in the store
        parsed = rdflib.Dataset()
        parsed.parse(data=buffer.getvalue(), format=RDFLIB_FORMAT[fmt])
        got = {str(g.identifier): g for g in parsed.graphs() if len(g)}
        assert set(got) == set(expected)
        for name, graph in expected.items():
            assert isomorphic(got[name], graph), name
    else:  # the union, each statement once
        union = rdflib.Graph()
        for graph in expected.values():
            union += graph
        parsed_graph = rdflib.Graph().parse(data=buffer.getvalue(), format=RDFLIB_FORMAT[fmt])
        assert len(parsed_graph) == len(union)
        assert isomorphic(parsed_graph, union)


def test_the_same_data_gives_byte_identical_turtle_and_trig(
    tmp_path: Path, viewer_project: Path
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    build(
        EmbeddedStore.open(first, must_exist=False), settings_for(viewer_project, store=str(first))
    )
    # the second store gets the same statements in the reverse order
    dump = io.BytesIO()
    EmbeddedStore.open(first).dump(dump, _fmt("nquads"))
    lines = dump.getvalue().splitlines(keepends=True)
    reversed_store = ox.Store(str(second))
    reversed_store.bulk_load(b"".join(reversed(lines)), ox.RdfFormat.N_QUADS)
    other = EmbeddedStore(str(second), reversed_store)
    memory_one, memory_two = EmbeddedStore.in_memory(), EmbeddedStore.in_memory()
    build(memory_one, settings_for(viewer_project))
    memory_two.replace_graph(COASTAL, [])  # an empty start, then the statements reversed
    memory_two._oxigraph.bulk_load(b"".join(reversed(lines)), ox.RdfFormat.N_QUADS)
    for fmt in ("turtle", "trig"):
        outputs = []
        for store in (EmbeddedStore.open(first), other):
            buffer = io.BytesIO()
            export_dataset(store, fmt, buffer)
            outputs.append(buffer.getvalue())
        assert outputs[0] == outputs[1], fmt
        in_memory = []
        for store in (memory_one, memory_two):
            buffer = io.BytesIO()
            export_dataset(store, fmt, buffer)
            in_memory.append(buffer.getvalue())
        assert in_memory[0] == in_memory[1], fmt
    assert b"@prefix schema: <http://schema.org/> ." in outputs[0]


def test_one_named_graph_keeps_its_name_and_only_its_statements(analysed: str) -> None:
    store = open_store(analysed)
    buffer = io.BytesIO()
    export_graph(store, "sources/coastal-news-2021", "trig", buffer)
    parsed = rdflib.Dataset().parse(data=buffer.getvalue(), format="trig")
    [graph] = [g for g in parsed.graphs() if len(g)]
    assert str(graph.identifier) == COASTAL
    assert isomorphic(graph, _store_graphs(store)[COASTAL])
    with pytest.raises(NotFoundError, match="no named graph 'sources/nothing'"):
        export_graph(store, "sources/nothing", "trig", io.BytesIO())


def test_a_neighbourhood_is_what_is_said_about_its_members(analysed: str) -> None:
    store = open_store(analysed)
    quads = neighbourhood_statements(store, [UNIVERSITY])
    subjects = {q.subject.value for q in quads}  # type: ignore[union-attr]
    assert subjects == {UNIVERSITY}
    assert any(q.predicate.value.endswith("betweenness") for q in quads)  # measures included


def test_cli_exports_a_focus_a_construct_and_refuses_what_cannot_be(
    runner: CliRunner, analysed: str
) -> None:
    store = ["--store", analysed]
    focus = runner.invoke(main, ["export", *store, "--format", "nt", "--focus",
                                 "org/atlantic-university"])  # fmt: skip
    assert focus.exit_code == 0, focus.output
    subjects = {t.subject.value for t in ox.parse(focus.stdout_bytes, ox.RdfFormat.N_TRIPLES)}
    # one hop around it: the meeting it hosts, its unit, the rector
    assert {UNIVERSITY, DEFAULT_BASE + "event/coastal-meeting-2021", DEFAULT_BASE + "org/ocean-lab",
            DEFAULT_BASE + "person/ana-ribeiro"} <= subjects  # fmt: skip
    assert DEFAULT_BASE + "org/gull-fund" not in subjects  # three hops away
    construct = runner.invoke(main, ["export", *store, "--format", "nt", "--construct",
        "CONSTRUCT { ?o a <http://example.org/Funder> } WHERE { ?e <https://w3id.org/edgraph/ontology#funder> ?o }"])  # fmt: skip
    assert construct.exit_code == 0, construct.output
    funders = rdflib.Graph().parse(data=construct.stdout, format="nt")
    # the Tide Foundation and the Gull Fund
    assert len(funders) == 2 and set(funders.predicates()) == {rdflib.RDF.type}
    for args, message in [
        (["--format", "csv"], "CSV is two tables"),
        (["--format", "turtle", "--projection"], "--projection is a network"),
        (["--graph", "sources/a", "--focus", "org/ocean-lab"], "choose one of --graph, --focus"),
        (["--graph", "sources/nothing"], "no named graph 'sources/nothing'"),
        (["--format", "gexf", "--focus", "org/nobody"], "org/nobody is not in the partnership"),
    ]:
        refused = runner.invoke(main, ["export", *store, *args])
        assert refused.exit_code == 2 and message in refused.stderr, (args, refused.output)


def test_graphml_and_gexf_carry_kinds_measures_relations_and_years(
    runner: CliRunner, analysed: str, tmp_path: Path
) -> None:
    from gexfpy.gexf import Gexf
    from xsdata.exceptions import ConverterWarning, ParserError
    from xsdata.formats.dataclass.parsers import XmlParser
    from xsdata.formats.dataclass.parsers.config import ParserConfig

    for fmt in ("graphml", "gexf"):
        path = tmp_path / f"network.{fmt}"
        result = runner.invoke(main, ["export", "--store", analysed, "--format", fmt, "-o",
                                      str(path)])  # fmt: skip
        assert result.exit_code == 0, result.output
        graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        node = graph.nodes[NODE]
        assert node["label"] == "Teachers' node of the Coastal Schools Network"
        assert node["kind"] == "organization" and node["iri"] == NODE
        # partners: its two member schools, which it links, and the network's two funders (a
        # unit of the network and its funders are involved in the same network)
        assert node["degree"] == 4 and 0 < node["betweenness"] < 1
        relations = {d["relation"] for _, _, d in graph.edges(data=True)}
        assert {"funds", "organizes", "unit-of", "sponsors"} <= relations
        years = {d.get("year") for _, _, d in graph.edges(data=True)}
        assert {2021, 2024} <= years
    text = (tmp_path / "network.gexf").read_text(encoding="utf-8")
    assert 'start="2021-01-01"' in text  # a time spell for Gephi's timeline
    parser = XmlParser(config=ParserConfig(fail_on_unknown_properties=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConverterWarning)  # a value outside the schema's types
        document = parser.from_string(text, Gexf)
        exported = nx.read_gexf(tmp_path / "network.gexf")
        assert len(document.graph.nodes[0].node) == exported.number_of_nodes()
        broken = text.replace('type="double"', 'type="decimal-ish"', 1)
        with pytest.raises(ParserError, match="decimal-ish"):
            parser.from_string(broken, Gexf)
        with pytest.raises(ParserError, match="nodez"):
            parser.from_string(text.replace("<nodes>", "<nodez>").replace("</nodes>", "</nodez>"),
                               Gexf)  # fmt: skip


def test_csv_tables_and_the_projection(runner: CliRunner, analysed: str, tmp_path: Path) -> None:
    import csv

    store = ["--store", analysed]
    result = runner.invoke(main, ["export", *store, "--format", "csv", "-o",
                                  str(tmp_path / "net.csv")])  # fmt: skip
    assert result.exit_code == 0, result.output
    nodes = list(csv.DictReader((tmp_path / "net-nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "net-edges.csv").open(encoding="utf-8")))
    node = next(n for n in nodes if n["Id"] == NODE)
    assert (node["Label"], node["kind"], node["degree"]) == (
        "Teachers' node of the Coastal Schools Network", "organization", "4"
    )  # fmt: skip
    assert {"Source", "Target", "relation", "Weight", "year", "sources"} <= set(edges[0])
    assert all(e["sources"].startswith(DEFAULT_BASE) for e in edges)
    path = tmp_path / "projection.graphml"
    result = runner.invoke(main, ["export", *store, "--format", "graphml", "--projection", "-o",
                                  str(path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    projection = nx.read_graphml(path)
    assert not projection.is_directed()
    # both fund the coastal network and the 2024 forum
    data = projection.get_edge_data(DEFAULT_BASE + "org/tide-foundation",
                                    DEFAULT_BASE + "org/gull-fund")  # fmt: skip
    assert data["weight"] == 2 and data["label"] == "co-funding"


def test_projection_network_keeps_every_organization(analysis_store: Store) -> None:
    network = projection_network(analyze(analysis_store, group_cap=4))
    assert len(network.nodes) == 14 and len(network.edges) == 14
    assert network.nodes[DEFAULT_BASE + "org/c"].measures["networks"] == 2


def _fmt(name: str):  # type: ignore[no-untyped-def]
    from edgraph import formats

    return formats.by_name(name)
