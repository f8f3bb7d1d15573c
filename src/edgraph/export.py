"""Exports: the dataset, one named graph or a neighbourhood as RDF in every format of the
format table; networks (the partnership network, a neighbourhood, a query's answer, the
analysis projection) as GraphML, GEXF or CSV node and edge tables."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from edgraph import formats
from edgraph.errors import NotFoundError, UnsupportedFormatError
from edgraph.namespaces import PREFIXES, graph_iri

if TYPE_CHECKING:
    import pyoxigraph as ox

    from edgraph.analysis import Analysis
    from edgraph.catalog import Catalog, Entity
    from edgraph.network import Network
    from edgraph.store import Store

#: RDF formats, by name, in table order.
RDF_FORMATS = tuple(f.name for f in formats.of_kind("graph"))
#: Network formats, by name, in table order: CSV is two tables, nodes and edges.
NETWORK_FORMATS = tuple(f.name for f in formats.of_kind("network"))
#: Kumu's sheets (:mod:`edgraph.kumu`).
SHEET_FORMATS = tuple(f.name for f in formats.of_kind("sheets"))
#: Formats that keep named graphs, and so can carry the dataset with its provenance.
DATASET_FORMATS = tuple(f.name for f in formats.of_kind("graph") if f.datasets)


def export_dataset(store: Store, fmt_name: str, output: IO[bytes]) -> None:
    """Write the whole store: with its named graphs in TriG, N-Quads and JSON-LD; as the
    union of the graphs, each statement once, in Turtle, N-Triples and RDF/XML.

    >>> import io
    >>> from edgraph.store import EmbeddedStore
    >>> buffer = io.BytesIO()
    >>> export_dataset(EmbeddedStore.in_memory(), "nquads", buffer)
    >>> buffer.getvalue()
    b''
    >>> export_dataset(EmbeddedStore.in_memory(), "gexf", buffer)
    Traceback (most recent call last):
    ...
    edgraph.errors.UnsupportedFormatError: unknown format 'gexf' for this result; known: ...
    """
    store.dump(output, formats.by_name(fmt_name, "graph"))


def export_graph(store: Store, graph: str, fmt_name: str, output: IO[bytes]) -> None:
    """Write one named graph (kept as a named graph in the formats that carry graphs)."""
    fmt = formats.by_name(fmt_name, "graph")
    store.dump(output, fmt, graph=resolve_graph(store, graph))


def resolve_graph(store: Store, name: str, base_iri: str | None = None) -> str:
    """A named graph of the store, from its IRI or its name under the base
    (``sources/slecop-convening-2020``).

    >>> from edgraph.store import EmbeddedStore
    >>> resolve_graph(EmbeddedStore.in_memory(), "sources/none")
    Traceback (most recent call last):
    ...
    edgraph.errors.NotFoundError: no named graph 'sources/none' in the store; ...
    """
    from edgraph.namespaces import DEFAULT_BASE

    graphs = store.named_graphs()
    for candidate in (name, graph_iri(base_iri or DEFAULT_BASE, name)):
        if candidate in graphs:
            return candidate
    known = ", ".join(g.rsplit("/graph/", 1)[-1] for g in graphs[:8])
    raise NotFoundError(f"no named graph {name!r} in the store; it has: {known or 'none'}")


def neighbourhood_statements(store: Store, nodes: Iterable[str]) -> list[ox.Quad]:
    """Every statement about the given resources (as subject), in the graphs that make it."""
    import pyoxigraph as ox

    values = " ".join(f"<{iri}>" for iri in sorted(nodes) if ">" not in iri)
    if not values:
        return []
    result = store.query(
        f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    return [ox.Quad(*row) for row in result.rows]  # type: ignore[arg-type]


def write_statements(quads: Iterable[ox.Quad], fmt_name: str, output: IO[bytes]) -> None:
    """Serialize ``quads``, sorted so that the same statements give the same bytes; formats
    without graphs get each triple once."""
    import pyoxigraph as ox

    fmt = formats.by_name(fmt_name, "graph")
    statements: list[ox.Quad] | list[ox.Triple]
    if fmt.datasets:
        statements = sorted(set(quads), key=lambda q: (str(q.graph_name), str(q.triple)))
    else:
        statements = sorted({q.triple for q in quads}, key=str)
    prefixes = PREFIXES if fmt.prefixes else None
    ox.serialize(statements, output, fmt.rdf_format(), prefixes=prefixes)


# --- Networks --------------------------------------------------------------------------------


def projection_network(analysis: Analysis) -> Network:
    """The partnership projection of an analysis as a :class:`Network`: organizations with
    their measures, weighted ties labelled with their relations and carrying their sources."""
    from edgraph.analysis import typed_value
    from edgraph.evidence import Evidence
    from edgraph.network import Edge, Network, Node, set_degree_centrality

    facts = analysis.facts
    nodes = {
        iri: Node(iri, facts.label(iri), "organization",
                  measures={k: typed_value(k, v[iri]) for k, v in analysis.values.items()
                            if iri in v})
        for iri in sorted(facts.organizations)
    }  # fmt: skip
    edges = [
        Edge(t.a, t.b, "partnership", weight=float(t.weight), label=", ".join(t.relations),
             evidence={Evidence(s) for s in t.sources})
        for t in analysis.partnership
    ]  # fmt: skip
    network = Network(nodes, edges, directed=False)
    set_degree_centrality(network)
    return network


def write_network(
    network: Network, catalog: Catalog, fmt_name: str, output: IO[bytes] | IO[str]
) -> None:
    """GraphML or GEXF (one file); CSV is two tables, see :func:`write_csv_tables`."""
    from edgraph.network import write_gexf, write_graphml

    fmt = formats.by_name(fmt_name, "network")
    if fmt.name == "graphml":
        write_graphml(network, catalog, output)
    elif fmt.name == "gexf":
        write_gexf(network, catalog, output)
    else:
        raise UnsupportedFormatError(f"{fmt.label} are written by write_csv_tables")


def write_csv_tables(network: Network, nodes: IO[str], edges: IO[str]) -> None:
    """The node table (id, label, kind, year, then every measure) and the edge table (source,
    target, relation, label, weight, year, sources), as Gephi's spreadsheet import reads them.

    >>> import io
    >>> from edgraph.network import Edge, Network, Node
    >>> n = Network({"http://a": Node("http://a", "A", "organization")},
    ...             [Edge("http://a", "http://a", "funds")])
    >>> out, ties = io.StringIO(), io.StringIO()
    >>> write_csv_tables(n, out, ties)
    >>> out.getvalue().splitlines()[0]
    'Id,Label,kind,year,degree_centrality'
    """
    from edgraph.sheets import safe_cell

    measure_keys = sorted({k for node in network.nodes.values() for k in node.measures})
    node_writer = csv.writer(nodes, lineterminator="\n")
    node_writer.writerow(["Id", "Label", "kind", "year", "degree_centrality", *measure_keys])
    for iri, node in network.nodes.items():
        node_writer.writerow(
            [iri, safe_cell(node.label), node.kind, node.year or "", round(node.centrality, 6)]
            + [_number(node.measures.get(k)) for k in measure_keys]
        )
    edge_writer = csv.writer(edges, lineterminator="\n")
    edge_writer.writerow(["Source", "Target", "Type", "relation", "Label", "Weight", "year",
                          "sources"])  # fmt: skip
    for e in network.edges:
        sources = " ".join(sorted({ev.source for ev in e.evidence}))
        kind = "Undirected" if e.relation == "partnership" else "Directed"
        edge_writer.writerow([e.source, e.target, kind, safe_cell(e.relation), safe_cell(e.label),
                              _number(e.weight), e.year or "", sources])  # fmt: skip


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- Listings --------------------------------------------------------------------------------

#: The columns of a listing (a Browse page and its downloads), in order.
LISTING_COLUMNS = ("iri", "name", "kind", "types", "ties", "countries", "networks", "years",
                   "reference")  # fmt: skip


def listing_rows(
    entities: Iterable[Entity], catalog: Catalog, language: str = "en"
) -> list[dict[str, object]]:
    """Each entity of a listing as a row of :data:`LISTING_COLUMNS`, named in ``language``.

    >>> from edgraph.catalog import Catalog, Entity, Name
    >>> e = Entity("http://x/a", "event", names=[Name("A", "en", False)], years={2021})
    >>> listing_rows([e], Catalog([e], {}))[0]["years"]
    [2021]
    """
    from edgraph.catalog import KIND_BY_KEY

    rows: list[dict[str, object]] = []
    for e in entities:
        kind = KIND_BY_KEY.get(e.kind)
        rows.append({
            "iri": e.iri, "name": catalog.label(e.iri, language),
            "kind": kind(language) if kind else e.kind,
            "types": catalog.type_words(e, language)[1:], "ties": e.ties,
            "countries": sorted(catalog.label(c, language) for c in e.countries),
            "networks": sorted(catalog.label(n, language) for n in e.networks),
            "years": sorted(e.years), "reference": e.reference,
        })  # fmt: skip
    return rows


def write_listing(
    rows: list[dict[str, object]], fmt_name: str, output: IO[bytes], *, total: int,
    truncated: bool,
) -> None:  # fmt: skip
    """A listing in a format of kind "listing": JSON (``rows``, ``total`` entities matched,
    ``truncated`` when the rows are fewer), or CSV (lists joined by "; ", cells a spreadsheet
    would run as formulas escaped by a leading apostrophe).

    >>> import io
    >>> out = io.BytesIO()
    >>> write_listing([{"iri": "http://x/a", "name": "=1+1"}], "csv", out, total=1,
    ...               truncated=False)
    >>> out.getvalue().decode().splitlines()[1]
    "http://x/a,'=1+1"
    """
    import json

    fmt = formats.by_name(fmt_name, "listing")
    if fmt.name == "json":
        document = {"columns": list(LISTING_COLUMNS), "rows": rows, "total": total,
                    "truncated": truncated}  # fmt: skip
        output.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode())
        return
    text = io.StringIO()
    columns = [c for c in LISTING_COLUMNS if any(c in row for row in rows)] or LISTING_COLUMNS
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c, "")) for c in columns])
    output.write(text.getvalue().encode())


def csv_cell(value: object) -> str:
    """A value as a CSV cell that a spreadsheet shows as text, never runs.

    >>> csv_cell("@SUM(A1)"), csv_cell(["a", "b"]), csv_cell(True), csv_cell(-3)
    ("'@SUM(A1)", 'a; b', 'true', '-3')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)  # a number is a number, its minus sign included
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    from edgraph.sheets import safe_cell  # the one rule for every CSV and XLSX written

    return safe_cell(str(value))
