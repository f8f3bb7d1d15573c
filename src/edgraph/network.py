"""The partnership network: who funds, sponsors, organizes, hosts, joins or works for whom, each
tie with its evidence (source documents, paragraphs) and its year; filtered views of it, their
layout, and GraphML / GEXF for Gephi. Pure data: drawing is the viewer's business.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from edgraph.catalog import KIND_BY_KEY, Catalog, local_name
from edgraph.namespaces import EDGO, ORG, PROV, SCHEMA
from edgraph.query.results import QueryResult, lexical
from edgraph.roles import RELATION_BY_KEY, RELATION_BY_PREDICATE, RELATIONS
from edgraph.store import Store

if TYPE_CHECKING:
    import networkx as nx


#: Views larger than this get no layout from the server: the browser's physics runs a bounded
#: number of steps and stops (networkx's spring layout takes seconds beyond it).
LAYOUT_MAX_NODES = 400


@dataclass(frozen=True)
class Evidence:
    source: str  # IRI of the source document (or of the named graph when it names none)
    paragraph: int | None = None


@dataclass
class Edge:
    source: str
    target: str
    relation: str  # a key of RELATIONS, or a query's own ?relation
    year: int | None = None
    weight: float = 1.0
    label: str = ""
    evidence: set[Evidence] = field(default_factory=set)


@dataclass
class Node:
    iri: str
    label: str
    kind: str  # a key of catalog.KINDS, or "" when unknown
    year: int | None = None  # an event's year: it is not there before it
    centrality: float = 0.0
    x: float | None = None
    y: float | None = None
    measures: dict[str, float] = field(default_factory=dict)  # saved by `edgraph analyze`


@dataclass
class Network:
    nodes: dict[str, Node]
    edges: list[Edge]
    note: str = ""  # what was left out, said to the reader
    directed: bool = True  # False for the analysis projection, whose ties are mutual
    _incident: dict[str, list[int]] | None = field(default=None, repr=False, compare=False)

    def incident(self) -> dict[str, list[int]]:
        """Node -> positions in ``edges`` of its ties, made once (the edges must not change
        after it is asked for): a neighbourhood is then found without reading every tie."""
        if self._incident is None:
            incident: dict[str, list[int]] = defaultdict(list)
            for i, edge in enumerate(self.edges):
                incident[edge.source].append(i)
                if edge.target != edge.source:
                    incident[edge.target].append(i)
            self._incident = dict(incident)
        return self._incident

    def degree(self) -> dict[str, int]:
        degree: dict[str, int] = defaultdict(int)
        for edge in self.edges:
            degree[edge.source] += 1
            degree[edge.target] += 1
        return degree

    def years(self) -> list[int]:
        found = {e.year for e in self.edges if e.year} | {n.year for n in self.nodes.values()
                                                          if n.year}  # fmt: skip
        return sorted(found)


@dataclass(frozen=True)
class Filters:
    """A view of the network; empty means no restriction."""

    relations: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    network: str = ""
    country: str = ""
    source: str = ""
    year: int | None = None  # as of this year: later ties and events left out
    focus: str = ""
    hops: int = 1
    max_nodes: int = 2500

    @classmethod
    def from_params(cls, params: Mapping[str, list[str]], *, max_nodes: int = 2500) -> Filters:
        """From query-string parameters (lists of values), ignoring unknown values.

        >>> Filters.from_params({"relation": ["funds", "nonsense"], "year": ["2023"]}).relations
        frozenset({'funds'})
        """

        def one(name: str) -> str:
            return (params.get(name) or [""])[-1].strip()

        def number(name: str, default: int | None) -> int | None:
            text = one(name)  # "²" is a digit to str.isdigit, and int() refuses 4,301 digits
            return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else default

        return cls(
            relations=frozenset(v for v in params.get("relation", []) if v in RELATION_BY_KEY),
            kinds=frozenset(v for v in params.get("kind", []) if v in KIND_BY_KEY),
            network=one("network"),
            country=one("country"),
            source=one("source"),
            year=number("year", None),
            focus=one("focus"),
            hops=min(max(number("hops", 1) or 1, 1), 4),
            max_nodes=max_nodes,
        )

    def params(self) -> list[tuple[str, str]]:
        """Back to query-string pairs (for links that reproduce the view)."""
        pairs = [("relation", r) for r in sorted(self.relations)]
        pairs += [("kind", k) for k in sorted(self.kinds)]
        for name in ("network", "country", "source", "focus"):
            if getattr(self, name):
                pairs.append((name, getattr(self, name)))
        if self.year is not None:
            pairs.append(("year", str(self.year)))
        if self.focus:
            pairs.append(("hops", str(self.hops)))
        return pairs


def partnership_network(store: Store, catalog: Catalog) -> Network:
    """Every tie of RELATIONS in the store, one edge per (from, relation, to), with all the
    sources that state it."""
    values = " ".join(f"<{r.predicate}>" for r in RELATIONS)
    # Four queries joined here rather than one with three OPTIONALs: the engine would look up
    # the membership records again for every tie (at 1M statements, 6 s instead of about 1).
    ties = store.query(
        f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
        "FILTER(isIRI(?o)) }"
    )
    docs = _grouped(store, f"SELECT ?g ?doc WHERE {{ ?g <{PROV}wasDerivedFrom> ?doc }}", 1)
    starts = _grouped(store, f"SELECT ?s ?start WHERE {{ ?s <{SCHEMA}startDate> ?start }}", 1)
    records = _grouped(
        store,
        f"""SELECT ?s ?o ?asof ?paragraph WHERE {{
          ?record <{ORG}member> ?s ; <{ORG}organization> ?o .
          OPTIONAL {{ ?record <{EDGO}asOf> ?asof }}
          OPTIONAL {{ ?record <{EDGO}paragraph> ?paragraph }} }}""",
        2,
    )
    no_record: list[tuple[Any, ...]] = [(None, None)]
    edges: dict[tuple[str, str, str], Edge] = {}
    for s, p, o, g in ties.rows:
        relation = RELATION_BY_PREDICATE[lexical(p)]  # type: ignore[arg-type]
        subject, obj = lexical(s), lexical(o)  # type: ignore[arg-type]
        source, target = (obj, subject) if relation.inverse else (subject, obj)
        edge = edges.setdefault((source, relation.key, target), Edge(source, target, relation.key))
        graph = lexical(g)  # type: ignore[arg-type]
        for (doc,) in docs.get((graph,), [(None,)]):
            for (start,) in starts.get((subject,), [(None,)]):
                for asof, paragraph in records.get((subject, obj), no_record):
                    year = _year(start) or _year(asof)
                    if year and (edge.year is None or year < edge.year):
                        edge.year = year
                    evidence_doc = lexical(doc) if doc is not None else graph
                    number = lexical(paragraph) if paragraph is not None else ""
                    edge.evidence.add(
                        Evidence(evidence_doc, int(number) if number.isdigit() else None)
                    )
    # the build entails edgo:organizer from edgo:coOrganizer: keep the specific tie only
    parents = {
        r.key: [p.key for p in RELATIONS if p.predicate in catalog.superproperties(r.predicate)]
        for r in RELATIONS
    }
    entailed = {
        (source, parent, target) for source, key, target in edges for parent in parents[key]
    }
    kept = [edge for key, edge in edges.items() if key not in entailed]
    network = Network({}, sorted(kept, key=lambda e: (e.source, e.relation, e.target)))
    for edge in network.edges:
        for iri in (edge.source, edge.target):
            if iri not in network.nodes:
                network.nodes[iri] = _node(iri, catalog)
    set_degree_centrality(network)
    return network


def _grouped(store: Store, query: str, keys: int) -> dict[tuple[str, ...], list[tuple[Any, ...]]]:
    """The rows of ``query`` by the lexical values of their first ``keys`` columns."""
    grouped: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for row in store.query(query).rows:
        grouped[tuple(lexical(t) for t in row[:keys])].append(row[keys:])  # type: ignore[arg-type]
    return grouped


def _node(iri: str, catalog: Catalog) -> Node:
    entity = catalog.get(iri)
    if entity is None:
        return Node(iri, catalog.label(iri), "")
    year = min(entity.years) if entity.kind == "event" and entity.years else None
    return Node(iri, entity.label, entity.kind, year)


def set_degree_centrality(network: Network) -> None:
    """Degree centrality (ties / (n - 1)), counted on the whole network so that a node keeps
    its size in every view."""
    degree = network.degree()
    scale = max(len(network.nodes) - 1, 1)
    for iri, node in network.nodes.items():
        node.centrality = degree.get(iri, 0) / scale


def view(network: Network, catalog: Catalog, filters: Filters) -> Network:
    """The part of ``network`` that ``filters`` ask for, laid out when small enough.

    The year is applied last and does not change the layout, so a time slider moving through
    the years sees nodes stay in place.
    """

    def allowed(edge: Edge) -> bool:
        return _edge_allowed(edge, network, catalog, filters)

    if filters.focus:
        edges = _around(network, filters.focus, filters.hops, allowed)
    else:
        edges = [e for e in network.edges if allowed(e)]
    keep = {e.source for e in edges} | {e.target for e in edges}
    if filters.focus and filters.focus in network.nodes:
        keep.add(filters.focus)
    note = ""
    if len(keep) > filters.max_nodes:
        degree = network.degree()
        ranked = sorted(keep, key=lambda iri: (-degree.get(iri, 0), iri))
        keep = set(ranked[: filters.max_nodes])
        note = (
            f"Showing the {filters.max_nodes:,} most connected of {len(ranked):,} nodes; "
            "narrow the view with the filters to see the rest."
        )
        edges = [e for e in edges if e.source in keep and e.target in keep]
    nodes = {iri: _copy(network.nodes[iri]) for iri in sorted(keep) if iri in network.nodes}
    laid_out = Network(nodes, edges, note)
    layout(laid_out)
    if filters.year is not None:
        laid_out = as_of(laid_out, filters.year)
    return laid_out


def as_of(network: Network, year: int) -> Network:
    """The ties known by the end of ``year``: later ties and later events left out; undated
    ties stay (nothing says when they began)."""
    edges = [e for e in network.edges if e.year is None or e.year <= year]
    nodes = {
        iri: node for iri, node in network.nodes.items() if node.year is None or node.year <= year
    }
    edges = [e for e in edges if e.source in nodes and e.target in nodes]
    used = {e.source for e in edges} | {e.target for e in edges}
    return Network({i: n for i, n in nodes.items() if i in used}, edges, network.note)


def find_focus(network: Network, catalog: Catalog, text: str, *, limit: int = 8) -> list[str]:
    """The nodes of ``network`` that ``text`` names: the node itself when ``text`` is one's
    IRI, else those whose names or aliases match it (as search ranks them), best first.

    >>> n = Network({"http://x/u": Node("http://x/u", "UNESCO", "organization")}, [])
    >>> find_focus(n, Catalog([], {}), "http://x/u")
    ['http://x/u']
    """
    if text in network.nodes:
        return [text]
    hits = catalog.search(text[:200], limit=limit * 4) if text.strip() else []
    return [h.iri for h in hits if h.iri in network.nodes][:limit]


def _copy(node: Node) -> Node:
    return Node(node.iri, node.label, node.kind, node.year, node.centrality,
                measures=node.measures)  # fmt: skip


def attach_measures(network: Network, measures: Mapping[str, Mapping[str, float]]) -> None:
    """Give each node its saved measures (measure key -> node IRI -> value)."""
    for key, values in measures.items():
        for iri, value in values.items():
            if iri in network.nodes:
                network.nodes[iri].measures[key] = value


def _edge_allowed(edge: Edge, network: Network, catalog: Catalog, f: Filters) -> bool:
    if f.relations and edge.relation not in f.relations:
        return False
    ends = (network.nodes[edge.source], network.nodes[edge.target])
    if f.kinds and not all(node.kind in f.kinds for node in ends):
        return False
    if f.source and f.source not in {ev.source for ev in edge.evidence}:
        return False
    if f.network and not all(_in_network(n.iri, f.network, catalog) for n in ends):
        return False
    if f.country:
        return any(f.country in _facet(catalog, n.iri, "countries") for n in ends)
    return True


def _in_network(iri: str, network: str, catalog: Catalog) -> bool:
    return iri == network or network in _facet(catalog, iri, "networks")


def _facet(catalog: Catalog, iri: str, name: str) -> set[str]:
    entity = catalog.get(iri)
    return getattr(entity, name) if entity is not None else set()


def _around(network: Network, focus: str, hops: int, allowed: Callable[[Edge], bool]) -> list[Edge]:
    """The allowed ties among the nodes within ``hops`` allowed ties of ``focus``, in the
    network's order; only the ties of those nodes are read."""
    edges, incident = network.edges, network.incident()
    distance = {focus: 0}
    queue = deque([focus])
    while queue:
        here = queue.popleft()
        if distance[here] == hops:
            continue
        for i in incident.get(here, ()):
            edge = edges[i]
            there = edge.target if edge.source == here else edge.source
            if there not in distance and allowed(edge):
                distance[there] = distance[here] + 1
                queue.append(there)
    chosen = {
        i for iri in distance for i in incident.get(iri, ())
        if edges[i].source in distance and edges[i].target in distance
    }  # fmt: skip
    return [edges[i] for i in sorted(chosen) if allowed(edges[i])]


def layout(network: Network) -> None:
    """Positions from networkx's spring layout (seeded: the same view is drawn the same way),
    scaled for vis-network; views above LAYOUT_MAX_NODES are left to the browser."""
    if not network.nodes or len(network.nodes) > LAYOUT_MAX_NODES:
        return
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(network.nodes)
    graph.add_edges_from((e.source, e.target) for e in network.edges)
    scale = 120 * math.sqrt(len(network.nodes))
    positions = nx.spring_layout(graph, seed=7, iterations=60, scale=scale)
    for iri, (x, y) in positions.items():
        network.nodes[iri].x, network.nodes[iri].y = round(float(x), 1), round(float(y), 1)


def from_result(result: QueryResult, catalog: Catalog, *, max_nodes: int = 2500) -> Network:
    """A network from a query answer: SELECT rows with ``?source ?target`` (and optionally
    ``?label`` for the tie, ``?weight``, ``?relation``), or the triples of a CONSTRUCT whose
    objects are resources.

    >>> import pyoxigraph as ox
    >>> r = QueryResult("select", ["source", "target"],
    ...                 [(ox.NamedNode("http://a"), ox.NamedNode("http://b"))], False, 0.0)
    >>> sorted(from_result(r, Catalog([], {})).nodes)
    ['http://a', 'http://b']
    """
    from edgraph.errors import QueryRefusedError

    edges: list[Edge] = []
    if result.kind == "select":
        missing = {"source", "target"} - set(result.variables)
        if missing:
            raise QueryRefusedError(
                "a network needs the variables ?source and ?target in the SELECT "
                f"(missing: {', '.join('?' + m for m in sorted(missing))})"
            )
        index = {v: i for i, v in enumerate(result.variables)}
        for row in result.rows:
            s, t = row[index["source"]], row[index["target"]]
            if s is None or t is None:
                continue
            edges.append(Edge(lexical(s), lexical(t), _text(row, index, "relation") or "tie",
                              weight=_weight(_text(row, index, "weight")),
                              label=_text(row, index, "label")))  # fmt: skip
    elif result.kind == "graph":
        import pyoxigraph as ox

        for s, p, o in result.rows:
            if isinstance(o, ox.NamedNode | ox.BlankNode):
                predicate = lexical(p)  # type: ignore[arg-type]
                relation = RELATION_BY_PREDICATE.get(predicate)
                key = relation.key if relation else local_name(predicate)
                label = catalog.label(predicate)
                edges.append(Edge(lexical(s), lexical(o), key, label=label))  # type: ignore[arg-type]
    else:
        raise QueryRefusedError("an ASK query has no network to show; use SELECT or CONSTRUCT")
    network = Network({}, edges)
    for edge in edges:
        for iri in (edge.source, edge.target):
            if iri not in network.nodes:
                network.nodes[iri] = _node(iri, catalog)
    set_degree_centrality(network)
    if result.truncated:
        network.note = "The query's answer was cut by the row cap; the network shows part of it."
    return view(network, catalog, Filters(max_nodes=max_nodes))


def _text(row: tuple[Any, ...], index: Mapping[str, int], name: str) -> str:
    term = row[index[name]] if name in index else None
    return lexical(term) if term is not None else ""


def _weight(text: str) -> float:
    try:
        return float(text) if text else 1.0
    except ValueError:
        return 1.0


def _year(term: Any) -> int | None:
    text = lexical(term)[:4] if term is not None else ""
    return int(text) if text.isdigit() else None


def to_networkx(network: Network, catalog: Catalog) -> nx.MultiDiGraph | nx.MultiGraph:
    """The view as a networkx graph whose attributes GraphML and GEXF carry: node label, kind,
    IRI, centrality, year and saved measures; edge relation, label, weight, year and sources."""
    import networkx as nx

    graph = nx.MultiDiGraph() if network.directed else nx.MultiGraph()
    for iri, node in network.nodes.items():
        attributes: dict[str, Any] = {"label": node.label, "kind": node.kind, "iri": iri,
                                      "degree_centrality": round(node.centrality, 6)}  # fmt: skip
        if node.year is not None:
            attributes["year"] = node.year
        attributes.update(sorted(node.measures.items()))
        graph.add_node(iri, **attributes)
    for edge in network.edges:
        attributes = {
            "relation": edge.relation,
            "weight": edge.weight,
            "sources": " ".join(sorted({ev.source for ev in edge.evidence})),
        }
        if edge.label:
            attributes["label"] = edge.label
        if edge.year is not None:
            attributes["year"] = edge.year
        graph.add_edge(edge.source, edge.target, key=edge.relation, **attributes)
    return graph


def write_graphml(network: Network, catalog: Catalog, output: Any) -> None:
    import networkx as nx

    nx.write_graphml(to_networkx(network, catalog), output)


def write_gexf(network: Network, catalog: Catalog, output: Any) -> None:
    import networkx as nx

    graph = to_networkx(network, catalog)
    for _, data in graph.nodes(data=True):
        if "year" in data:  # a GEXF time spell: the event exists from its year on
            data["start"] = f"{data['year']}-01-01"
    for _, _, data in graph.edges(data=True):
        if "year" in data:
            data["start"] = f"{data['year']}-01-01"
    nx.write_gexf(graph, output)
