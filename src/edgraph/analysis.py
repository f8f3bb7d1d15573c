"""Network analysis: projections of the graph as networkx graphs, measures on them, and the
measures written back as RDF (with PROV) in their own named graph.

Projections, each built from the role statements in the store (the roles whose ``tie`` the
table of :mod:`edgraph.roles` fills in; :data:`~edgraph.roles.TIES` says what each kind is):

- ``partnership``: organization to organization, as :data:`PARTNERSHIP` says in one sentence.
  Each tie keeps its relations, what it goes through and its sources.
- ``organization-event``: bipartite, an organization to each event it has a role in.
- ``organization-network``: bipartite, an organization to each network it is linked to, as
  :data:`BROKERS` says (the ``networks`` measure, and the gallery's "Organizations that link
  two networks", which a test holds to the same answer).

Modelling choice (documented in the README): a group with more than ``group_cap``
organizations (a network with thousands of members, say) adds no pairwise ties to the
partnership projection, because its pairs grow with the square of its size (4,058 members make
8.2M pairs). Such groups stay whole in the bipartite graphs, which measure them instead; each
result says which groups were left out of the projection.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from edgraph.namespaces import DCTERMS, EDGO, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, graph_iri
from edgraph.roles import BY_PREDICATE, COUNTED, SUB_EVENT_WORK, TIES, predicates

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox

    from edgraph.store import Store


@dataclass(frozen=True)
class Measure:
    """One measure: its key, the property it is written with, what it is computed on, and
    ``help``, one sentence a researcher can quote saying what it measures."""

    key: str
    label: str
    property: str
    projection: str
    algorithm: str
    datatype: str  # "integer" or "double"
    help: str


MEASURES: tuple[Measure, ...] = (
    Measure("degree", "Partners", EDGO + "degree", "partnership", "networkx degree", "integer",
            "The number of organizations it shares at least one tie with in the partnership "
            "projection."),
    Measure("weighted_degree", "Shared ties", EDGO + "weightedDegree", "partnership",
            "networkx degree, weighted", "integer",
            "The sum of the weights of its ties: each event, network, project or organization "
            "it shares with a partner, and each direct relation with one, counts once."),
    Measure("betweenness", "Betweenness", EDGO + "betweenness", "partnership",
            "networkx betweenness_centrality, normalized", "double",
            "The share (0 to 1) of the shortest paths between two other organizations that pass "
            "through it: how much it bridges organizations that are not tied directly."),
    Measure("pagerank", "PageRank", EDGO + "pageRank", "partnership", "networkx pagerank",
            "double",
            "Its PageRank on the partnership ties weighted by shared ties (all values sum to 1): "
            "an organization ranks high when it is tied to organizations that rank high."),
    Measure("community", "Community", EDGO + "community", "partnership",
            "networkx louvain_communities", "integer",
            "The Louvain community it falls in, a group of organizations more tied among "
            "themselves than to the rest, named by its three members of highest PageRank."),
    Measure("core", "k-core", EDGO + "coreNumber", "partnership", "networkx core_number",
            "integer",
            "The largest k such that it belongs to a group in which every organization has at "
            "least k partners inside the group (its k-core)."),
    Measure("component", "Component", EDGO + "component", "partnership",
            "networkx connected_components", "integer",
            "The connected part of the partnership projection it belongs to (organizations that "
            "reach each other through ties), named by its three members of highest PageRank."),
    Measure("events", "Events", EDGO + "eventCount", "organization-event", "networkx degree",
            "integer", "The number of events the sources give it a role in."),
    Measure("networks", "Networks linked", EDGO + "networksLinked", "organization-network",
            "networkx degree", "integer",
            "The number of networks it is linked to, itself or through one of its units "
            "(see Brokers between networks); two or more make it a broker."),
)  # fmt: skip
MEASURE_BY_KEY = {m.key: m for m in MEASURES}

#: What a partnership tie is, in one sentence.
PARTNERSHIP = (
    "Two organizations are partners when both are involved in the same event, network, "
    "project or organization in any of the kinds counted (a role in a part of an event counting "
    "for the whole event), or when one is involved in the other (funds it, is a member or a "
    "unit of it); the tie's weight is the number of such things and relations they share."
)
#: Who the brokers between networks are, in one sentence.
BROKERS = (
    "Brokers between networks are the organizations linked to two or more networks, themselves "
    "or through one of their units: as members of the network or of one of its units, as units "
    "of it, or in any role in the network, in one of its events or in a part of one."
)
#: What funder overlap is, in one sentence.
SHARED_FUNDERS = (
    "Two funded things (networks, events, projects or organizations) share funders when the "
    "sources name the same organization as funder of both; the Jaccard index is the number of "
    "shared funders divided by the number of funders of either."
)

PROJECTIONS = {
    "partnership": PARTNERSHIP,
    "organization-event": "Bipartite: each organization to each event it has a role in.",
    "organization-network": "Bipartite: each organization to each network it is linked to, "
    "itself or through one of its units (the links that make brokers between networks).",
}


def kinds_counted() -> list[tuple[str, str]]:
    """The kinds of involvement the partnership projection counts: (kind, what it is).

    >>> kinds_counted()[0]
    ('participating', 'taking part in or attending an event, network or project')
    """
    return [(tie.noun, tie.explains) for tie in TIES.values()]


@dataclass
class Tie:
    """A partnership tie, with everything that makes it."""

    a: str
    b: str
    # (relation, via IRI): the thing both are involved in, or "" for a direct relation
    contexts: set[tuple[str, str]] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)

    @property
    def weight(self) -> int:
        """The things they share and the direct relations between them, each counted once."""
        return len({via or relation for relation, via in self.contexts})

    @property
    def relations(self) -> list[str]:
        return sorted({relation for relation, _ in self.contexts})

    @property
    def via(self) -> list[str]:
        return sorted({via for _, via in self.contexts if via})


@dataclass
class Facts:
    """What the projections are built from, read from the store in a few queries."""

    organizations: set[str]
    networks: set[str]
    events: set[str]
    labels: dict[str, str]
    # (agent, role group, thing) -> source documents
    roles: dict[tuple[str, str, str], set[str]]
    event_network: dict[str, set[str]]  # event -> networks it is an event of
    graphs: list[str]  # the named graphs read
    wholes: dict[str, set[str]] = field(default_factory=dict)  # event -> events it is part of

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Overlap:
    """Two funded things and the funders they share (see :data:`SHARED_FUNDERS`)."""

    a: str
    b: str
    shared: tuple[str, ...]
    jaccard: float


@dataclass
class Run:
    """The provenance of one measure: how, on what, when."""

    measure: str
    parameters: str
    started: float
    ended: float
    sampled: bool = False


@dataclass
class Analysis:
    """Measures per organization, the projections' sizes, funder overlaps, and provenance."""

    values: dict[str, dict[str, float]]  # measure key -> organization -> value
    facts: Facts
    partnership: list[Tie]
    sizes: dict[str, tuple[int, int]]  # projection -> (nodes, edges)
    left_out: list[tuple[str, str, int]]  # groups too big for the projection: (thing, role, n)
    group_cap: int
    overlaps: list[Overlap]
    runs: list[Run]
    started: float
    ended: float

    def ranked(self, key: str, top: int | None = None) -> list[tuple[str, float]]:
        """Organizations by one measure (see :func:`ranked`), named as the analysis names them."""
        return ranked(self.values, key, self.facts.label, top)

    def brokers(self) -> list[tuple[str, int]]:
        """Organizations that tie two or more networks together (see :func:`brokers`)."""
        return brokers(self.values, self.facts.label)

    def groups(self, key: str) -> dict[int, str]:
        """The groups of ``community`` or ``component`` named (see :func:`group_names`)."""
        return group_names(self.values, key, self.facts.label)

    def table(self) -> list[dict[str, Any]]:
        """One row per organization with every measure, ranked by PageRank, then the names of
        its community and component (``community_name``, ``component_name``)."""
        names = {key: self.groups(key) for key in NUMBERING}
        rows = []
        for iri, _ in self.ranked("pagerank"):
            row: dict[str, Any] = {"iri": iri, "label": self.facts.label(iri)}
            for measure in MEASURES:
                value = self.values[measure.key].get(iri, 0)
                row[measure.key] = int(value) if measure.datatype == "integer" else value
            for key, named in names.items():
                row[key + "_name"] = named.get(int(row[key]), "")
            rows.append(row)
        return rows


#: Measures that number groups: ranked from the first group, not from the highest value.
NUMBERING = ("community", "component")


def ranked(
    values: Mapping[str, Mapping[str, float]],
    key: str,
    label: Callable[[str], str],
    top: int | None = None,
) -> list[tuple[str, float]]:
    """Organizations by the measure ``key`` of ``values`` (measure key -> organization ->
    value, as :class:`Analysis` holds them and :func:`stored_measures` reads them back): highest
    first, or from group 1 for :data:`NUMBERING`; equal values by ``label``, then IRI.

    >>> values = {"degree": {"x:b": 2, "x:a": 2, "x:c": 5}, "community": {"x:a": 2, "x:c": 1}}
    >>> ranked(values, "degree", str)
    [('x:c', 5), ('x:a', 2), ('x:b', 2)]
    >>> ranked(values, "community", str, top=1), ranked({}, "degree", str)
    ([('x:c', 1)], [])
    """
    ascending = key in NUMBERING
    order = sorted(
        values.get(key, {}).items(),
        key=lambda kv: (kv[1] if ascending else -kv[1], label(kv[0]), kv[0]),
    )
    return order[:top] if top is not None else order


def brokers(
    values: Mapping[str, Mapping[str, float]], label: Callable[[str], str]
) -> list[tuple[str, int]]:
    """Organizations that tie two or more networks together, with how many, most first (the
    ``networks`` measure of ``values``, as :func:`ranked` reads them).

    >>> brokers({"networks": {"x:a": 1, "x:b": 2, "x:c": 3}}, str)
    [('x:c', 3), ('x:b', 2)]
    """
    return [(iri, int(n)) for iri, n in ranked(values, "networks", label) if n >= 2]


def read_facts(store: Store) -> Facts:
    """The organizations, networks, events, their names and the role statements."""
    from edgraph.query.results import lexical

    types = store.query(
        f"""SELECT DISTINCT ?x ?class WHERE {{
          VALUES ?class {{ <{EDGO}Organization> <{EDGO}Network> <{EDGO}Event> }}
          ?x a ?class FILTER(isIRI(?x)) }}"""
    )
    sets: dict[str, set[str]] = defaultdict(set)
    for x, cls in types.rows:
        sets[lexical(cls)].add(lexical(x))  # type: ignore[arg-type]
    networks = sets[EDGO + "Network"]
    organizations = sets[EDGO + "Organization"] - networks
    events = sets[EDGO + "Event"]
    values = predicates(COUNTED)
    statements = store.query(
        f"""SELECT ?s ?p ?o ?g ?doc WHERE {{
          VALUES ?p {{ {values} }}
          GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?o))
          OPTIONAL {{ ?g <{PROV}wasDerivedFrom> ?doc }} }}"""
    )
    roles: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s, p, o, g, doc in statements.rows:
        role = BY_PREDICATE[lexical(p)]  # type: ignore[arg-type]
        subject, obj = lexical(s), lexical(o)  # type: ignore[arg-type]
        agent, thing = (subject, obj) if role.agent_first else (obj, subject)
        if agent in organizations and role.tie is not None:  # COUNTED roles all have a tie
            roles[(agent, role.tie, thing)].add(lexical(doc if doc is not None else g))  # type: ignore[arg-type]
    event_network: dict[str, set[str]] = defaultdict(set)
    for e, n in store.query(f"SELECT ?e ?n WHERE {{ ?e <{EDGO}eventOf> ?n }}").rows:
        if lexical(n) in networks:  # type: ignore[arg-type]
            event_network[lexical(e)].add(lexical(n))  # type: ignore[arg-type]
    parts: dict[str, set[str]] = defaultdict(set)
    for e, whole in store.query(
        f"SELECT DISTINCT ?e ?w WHERE {{ ?e <{SCHEMA}superEvent> ?w FILTER(isIRI(?w)) }}"
    ).rows:
        parts[lexical(e)].add(lexical(whole))  # type: ignore[arg-type]
    return Facts(
        organizations,
        networks,
        events,
        _labels(store),
        dict(roles),
        dict(event_network),
        store.named_graphs(),
        _closure(parts),
    )


def _closure(up: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Everything each key reaches by following ``up`` one or more times (cycles allowed).

    >>> _closure({"a": {"b"}, "b": {"c"}, "c": {"a"}})["a"] == {"a", "b", "c"}
    True
    """
    reached: dict[str, set[str]] = {}
    for start in up:
        seen: set[str] = set()
        todo = list(up[start])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(up.get(x, ()))
        reached[start] = seen
    return reached


def _labels(store: Store) -> dict[str, str]:
    """One name per organization, network and event: English first, then untagged, then any;
    the alphabetically first among equals, so that the choice is stable."""
    from edgraph.query.results import lexical

    names = store.query(
        f"""SELECT ?x ?name WHERE {{
          VALUES ?class {{ <{EDGO}Organization> <{EDGO}Event> }}
          ?x a ?class ; <{SCHEMA}name>|<{RDFS}label> ?name }}"""
    )
    best: dict[str, tuple[int, str]] = {}
    for x, name in names.rows:
        language = getattr(name, "language", None) or ""
        rank = 0 if language.startswith("en") else 1 if not language else 2
        candidate = (rank, lexical(name))  # type: ignore[arg-type]
        key = lexical(x)  # type: ignore[arg-type]
        if key not in best or candidate < best[key]:
            best[key] = candidate
    return {x: name for x, (_, name) in best.items()}


def involvement(facts: Facts) -> dict[str, dict[str, dict[str, set[str]]]]:
    """Who is involved in each thing, and how: thing -> organization -> kind (a key of
    :data:`~edgraph.roles.TIES`) -> sources. A role in a part of an event also involves the
    organization in the whole event, as :data:`~edgraph.roles.SUB_EVENT_WORK`."""
    by_thing: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(dict))
    for (agent, kind, thing), sources in facts.roles.items():
        by_thing[thing][agent].setdefault(kind, set()).update(sources)
        for whole in facts.wholes.get(thing, ()):
            by_thing[whole][agent].setdefault(SUB_EVENT_WORK, set()).update(sources)
    return by_thing


def _pair_relations(a: Iterable[str], b: Iterable[str]) -> set[str]:
    """What two organizations' kinds of involvement in one thing make of their tie: the kinds
    they share ("co-funding"), else each pair of their kinds ("funding + operating").

    >>> sorted(_pair_relations({"co-funding"}, {"co-funding", "co-hosting"}))
    ['co-funding']
    >>> sorted(_pair_relations({"co-operating"}, {"co-funding"}))
    ['funding + operating']
    """
    a, b = set(a), set(b)
    if shared := a & b:
        return {TIES[k].key for k in shared}
    return {" + ".join(sorted((TIES[x].noun, TIES[y].noun))) for x in a for y in b}


def partnership_ties(facts: Facts, group_cap: int) -> tuple[list[Tie], list[tuple[str, str, int]]]:
    """The organization-organization ties (:data:`PARTNERSHIP`), and the groups left out for
    being over the cap: (thing, its organizations' kinds of involvement, organizations)."""
    ties: dict[tuple[str, str], Tie] = {}

    def tie(a: str, b: str) -> Tie:
        key = (a, b) if a < b else (b, a)
        return ties.setdefault(key, Tie(*key))

    for (agent, kind, thing), sources in facts.roles.items():
        if thing in facts.organizations and thing != agent:  # one involved in the other
            direct = tie(agent, thing)
            direct.contexts.add((TIES[kind].direct, ""))
            direct.sources |= sources
    left_out = []
    for thing, members in sorted(involvement(facts).items()):
        if len(members) > group_cap:
            kinds = sorted({TIES[k].noun for how in members.values() for k in how})
            left_out.append((thing, ", ".join(kinds), len(members)))
            continue
        for a, b in itertools.combinations(sorted(members), 2):
            shared = tie(a, b)
            for relation in _pair_relations(members[a], members[b]):
                shared.contexts.add((relation, thing))
            for how in (members[a], members[b]):
                for sources in how.values():
                    shared.sources |= sources
    return [ties[key] for key in sorted(ties)], left_out


def partnership_graph(facts: Facts, ties: Iterable[Tie]) -> nx.Graph:
    """The partnership projection: every organization a node (isolated ones too)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(facts.organizations))
    for t in ties:
        graph.add_edge(t.a, t.b, weight=t.weight)
    return graph


def organization_event_graph(facts: Facts) -> nx.Graph:
    """Bipartite: organizations (``bipartite=0``) and the events they have a role in (1)."""
    import networkx as nx

    graph = nx.Graph()
    for agent, group, thing in sorted(facts.roles):
        if thing in facts.events:
            graph.add_node(agent, bipartite=0)
            graph.add_node(thing, bipartite=1)
            graph.add_edge(agent, thing, relation=group)
    return graph


def linked_networks(facts: Facts) -> dict[str, dict[str, int]]:
    """The networks each organization is linked to, as :data:`BROKERS` says, with the number
    of role statements that link it: organization -> network -> statements."""
    up: dict[str, set[str]] = defaultdict(set)
    for unit, kind, parent in facts.roles:
        if kind == "sibling units":
            up[unit].add(parent)
    parents = _closure(up)
    linked: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for agent, kind, thing in sorted(facts.roles):
        reached = {thing} & facts.networks
        for event in ({thing} | facts.wholes.get(thing, set())) & facts.events:
            reached |= facts.event_network.get(event, set())
        if kind in ("shared membership", "sibling units"):  # of a node (at any depth)
            reached |= parents.get(thing, set()) & facts.networks
        for organization in {agent} | (parents.get(agent, set()) & facts.organizations):
            for network in reached:
                linked[organization][network] += 1
    return {o: dict(n) for o, n in linked.items()}


def organization_network_graph(facts: Facts) -> nx.Graph:
    """Bipartite: organizations (0) and the networks (1) they are linked to (:data:`BROKERS`);
    ``weight`` counts the role statements that link them."""
    import networkx as nx

    graph = nx.Graph()
    for organization, networks in sorted(linked_networks(facts).items()):
        for network, ways in sorted(networks.items()):
            graph.add_node(organization, bipartite=0)
            graph.add_node(network, bipartite=1)
            graph.add_edge(organization, network, weight=ways)
    return graph


def funder_overlap(facts: Facts) -> list[Overlap]:
    """Pairs of funded things that share funders (:data:`SHARED_FUNDERS`), most shared first."""
    funders: dict[str, set[str]] = defaultdict(set)
    funded: dict[str, set[str]] = defaultdict(set)
    for agent, kind, thing in facts.roles:
        if kind == "co-funding":
            funders[thing].add(agent)
            funded[agent].add(thing)
    shared_by: dict[tuple[str, str], set[str]] = defaultdict(set)
    for funder, things in funded.items():  # only the pairs some funder has in common
        for a, b in itertools.combinations(sorted(things), 2):
            shared_by[(a, b)].add(funder)
    overlaps = []
    for (a, b), shared in shared_by.items():
        jaccard = len(shared) / len(funders[a] | funders[b])
        overlaps.append(Overlap(a, b, tuple(sorted(shared)), round(jaccard, 6)))
    return sorted(overlaps, key=lambda o: (-len(o.shared), -o.jaccard, o.a, o.b))


def group_names(
    values: Mapping[str, Mapping[str, float]],
    key: str,
    label: Callable[[str], str],
    *,
    top: int = 3,
) -> dict[int, str]:
    """Each group of the measure ``key`` (``community`` or ``component``) named by its ``top``
    members of highest PageRank (equal ones by name): group number -> name.

    >>> values = {"community": {"x:a": 1, "x:b": 1, "x:c": 2}, "pagerank": {"x:a": .2, "x:b": .5}}
    >>> group_names(values, "community", lambda iri: iri[2:].upper(), top=1)
    {1: 'B and 1 more', 2: 'C'}
    """
    members: dict[int, list[str]] = defaultdict(list)
    for iri, number in values.get(key, {}).items():
        members[int(number)].append(iri)
    rank = values.get("pagerank", {})
    names = {}
    for number, group in sorted(members.items()):
        # to 9 places, so that organizations placed alike (two funders of the same events) are
        # ordered by name rather than by floating-point noise
        group.sort(key=lambda iri: (-round(rank.get(iri, 0.0), 9), label(iri), iri))
        names[number] = ", ".join(label(iri) for iri in group[:top]) + (
            f" and {len(group) - top} more" if len(group) > top else ""
        )
    return names


def analyze(
    store: Store,
    *,
    group_cap: int = 100,
    betweenness_exact_max: int = 2000,
    betweenness_samples: int = 200,
    seed: int = 42,
) -> Analysis:
    """Every measure of MEASURES on the store's data.

    Betweenness is exact up to ``betweenness_exact_max`` organizations and estimated from
    ``betweenness_samples`` seeded pivots beyond (the result's provenance says which).

    >>> from edgraph.store import EmbeddedStore
    >>> analyze(EmbeddedStore.in_memory()).sizes["partnership"]
    (0, 0)
    """
    import networkx as nx

    started = time.time()
    runs: list[Run] = []
    facts = read_facts(store)
    ties, left_out = partnership_ties(facts, group_cap)
    graph = partnership_graph(facts, ties)
    values: dict[str, dict[str, float]] = {}

    def timed(key: str, parameters: str, compute: Any, *, sampled: bool = False) -> None:
        start = time.time()
        values[key] = {n: float(v) for n, v in compute().items()}
        runs.append(Run(key, parameters, start, time.time(), sampled))

    timed("degree", "", lambda: dict(graph.degree()))
    timed("weighted_degree", "weight=weight", lambda: dict(graph.degree(weight="weight")))
    n = graph.number_of_nodes()
    if n <= betweenness_exact_max:
        timed("betweenness", "exact", lambda: nx.betweenness_centrality(graph))
    else:
        k = min(betweenness_samples, n)
        timed(
            "betweenness",
            f"estimated from k={k} pivots (seed={seed}) of {n} nodes",
            lambda: nx.betweenness_centrality(graph, k=k, seed=seed),
            sampled=True,
        )
    timed("pagerank", "alpha=0.85, weight=weight", lambda: _pagerank(graph))
    timed(
        "community",
        f"weight=weight, resolution=1, seed={seed}",
        lambda: _numbered(nx.community.louvain_communities(graph, weight="weight", seed=seed)),
    )
    timed("core", "", lambda: nx.core_number(graph))
    timed("component", "", lambda: _numbered(nx.connected_components(graph)))
    by_event = organization_event_graph(facts)
    by_network = organization_network_graph(facts)
    timed("events", "", lambda: _degrees_of(by_event, facts.organizations))
    timed("networks", "", lambda: _degrees_of(by_network, facts.organizations))
    return Analysis(
        values=values,
        facts=facts,
        partnership=ties,
        sizes={
            "partnership": (graph.number_of_nodes(), graph.number_of_edges()),
            "organization-event": (by_event.number_of_nodes(), by_event.number_of_edges()),
            "organization-network": (by_network.number_of_nodes(), by_network.number_of_edges()),
        },
        left_out=left_out,
        group_cap=group_cap,
        overlaps=funder_overlap(facts),
        runs=runs,
        started=started,
        ended=time.time(),
    )


def _pagerank(graph: nx.Graph) -> dict[str, float]:
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    return nx.pagerank(graph, alpha=0.85, weight="weight")  # type: ignore[no-any-return]


def _numbered(groups: Iterable[set[str]]) -> dict[str, int]:
    """Groups numbered 1, 2, ... from the largest; equal sizes by their first member."""
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    return {member: number for number, group in enumerate(ordered, 1) for member in group}


def _degrees_of(graph: nx.Graph, organizations: set[str]) -> dict[str, int]:
    return {o: graph.degree(o) if o in graph else 0 for o in sorted(organizations)}


# --- Back into the graph ---------------------------------------------------------------------


def analysis_graph(base_iri: str) -> str:
    """The IRI of the named graph that holds the measures."""
    return graph_iri(base_iri, "analysis")


def to_quads(analysis: Analysis, base_iri: str, *, version: str = "") -> Iterator[ox.Quad]:
    """The measures as RDF in the analysis graph: one statement per organization and measure,
    funder overlaps as nodes, and PROV saying when, how and on which projection."""
    import pyoxigraph as ox

    graph = ox.NamedNode(analysis_graph(base_iri))
    here = base_iri + "analysis/"

    def node(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def quad(s: str, p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(node(s), node(p), o, graph)

    def typed(value: Any, datatype: str) -> ox.Literal:
        if datatype == "double":
            return ox.Literal(repr(float(value)), datatype=node(XSD + "double"))
        if datatype == "dateTime":
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(value))
            return ox.Literal(stamp, datatype=node(XSD + "dateTime"))
        if datatype == "boolean":
            return ox.Literal("true" if value else "false", datatype=node(XSD + "boolean"))
        return ox.Literal(str(int(value)), datatype=node(XSD + "integer"))

    def text(value: str) -> ox.Literal:
        return ox.Literal(value)

    activity = here + "run"
    g = graph.value
    yield quad(g, RDF + "type", node(PROV + "Entity"))
    yield quad(g, DCTERMS + "title", ox.Literal("Network measures", language="en"))
    yield quad(g, PROV + "wasGeneratedBy", node(activity))
    yield quad(g, PROV + "generatedAtTime", typed(analysis.ended, "dateTime"))
    yield quad(activity, RDF + "type", node(PROV + "Activity"))
    yield quad(activity, RDFS + "label", ox.Literal("edgraph analyze", language="en"))
    yield quad(activity, PROV + "startedAtTime", typed(analysis.started, "dateTime"))
    yield quad(activity, PROV + "endedAtTime", typed(analysis.ended, "dateTime"))
    software = here + "software/edgraph" + (f"-{version}" if version else "")
    yield quad(activity, PROV + "wasAssociatedWith", node(software))
    yield quad(software, RDF + "type", node(PROV + "SoftwareAgent"))
    yield quad(software, RDFS + "label", text("edgraph " + version if version else "edgraph"))
    for used in analysis.facts.graphs:
        if used != g:
            yield quad(activity, PROV + "used", node(used))
    for name, description in PROJECTIONS.items():
        projection = here + "projection/" + name
        nodes, edges = analysis.sizes[name]
        yield quad(projection, RDF + "type", node(EDGO + "Projection"))
        yield quad(projection, RDFS + "label", text(name))
        yield quad(projection, SKOS + "definition", ox.Literal(description, language="en"))
        yield quad(projection, EDGO + "nodeCount", typed(nodes, "integer"))
        yield quad(projection, EDGO + "edgeCount", typed(edges, "integer"))
        if name == "partnership":
            yield quad(projection, EDGO + "groupCap", typed(analysis.group_cap, "integer"))
            yield quad(projection, EDGO + "groupsLeftOut", typed(len(analysis.left_out), "integer"))
    for run in analysis.runs:
        measure = MEASURE_BY_KEY[run.measure]
        step = here + "run/" + measure.key
        yield quad(step, RDF + "type", node(PROV + "Activity"))
        yield quad(step, DCTERMS + "isPartOf", node(activity))
        yield quad(step, EDGO + "computes", node(measure.property))
        yield quad(step, EDGO + "algorithm", text(measure.algorithm))
        if run.parameters:
            yield quad(step, EDGO + "parameters", text(run.parameters))
        yield quad(step, EDGO + "sampled", typed(run.sampled, "boolean"))
        yield quad(step, EDGO + "projection", node(here + "projection/" + measure.projection))
        yield quad(step, PROV + "startedAtTime", typed(run.started, "dateTime"))
        yield quad(step, PROV + "endedAtTime", typed(run.ended, "dateTime"))
        for organization, value in sorted(analysis.values[run.measure].items()):
            yield quad(organization, measure.property, typed(value, measure.datatype))
    for number, overlap in enumerate(analysis.overlaps, 1):
        item = f"{here}funder-overlap/{number}"
        yield quad(item, RDF + "type", node(EDGO + "FunderOverlap"))
        yield quad(item, EDGO + "funded", node(overlap.a))
        yield quad(item, EDGO + "funded", node(overlap.b))
        for funder in overlap.shared:
            yield quad(item, EDGO + "sharedFunder", node(funder))
        yield quad(item, EDGO + "sharedFunderCount", typed(len(overlap.shared), "integer"))
        yield quad(item, EDGO + "jaccard", typed(overlap.jaccard, "double"))
        yield quad(item, PROV + "wasGeneratedBy", node(activity))
    for key in NUMBERING:
        measure = MEASURE_BY_KEY[key]
        sizes: dict[int, int] = defaultdict(int)
        for value in analysis.values[key].values():
            sizes[int(value)] += 1
        for number, name in analysis.groups(key).items():
            group = f"{here}{key}/{number}"
            yield quad(group, RDF + "type", node(EDGO + "Group"))
            yield quad(group, RDFS + "label", text(f"{measure.label} {number}: {name}"))
            yield quad(group, EDGO + "groupOf", node(measure.property))
            yield quad(group, EDGO + "groupNumber", typed(number, "integer"))
            yield quad(group, EDGO + "groupSize", typed(sizes[number], "integer"))
            yield quad(group, PROV + "wasGeneratedBy", node(activity))
        for organization, value in sorted(analysis.values[key].items()):
            yield quad(organization, EDGO + "in" + key.title(), node(f"{here}{key}/{int(value)}"))


def save(store: Store, analysis: Analysis, base_iri: str, *, version: str = "") -> int:
    """Replace the store's analysis graph with ``analysis``; returns the statements written."""
    quads = list(to_quads(analysis, base_iri, version=version))
    store.replace_graph(analysis_graph(base_iri), quads)
    return len(quads)


def stored_measures(store: Store, base_iri: str) -> dict[str, dict[str, float]]:
    """The measures saved in the store's analysis graph (empty when none was saved):
    measure key -> organization -> value."""
    from edgraph.query.results import lexical

    by_property = {m.property: m.key for m in MEASURES}
    values = " ".join(f"<{p}>" for p in by_property)
    result = store.query(
        f"""SELECT ?o ?p ?v WHERE {{ VALUES ?p {{ {values} }}
            GRAPH <{analysis_graph(base_iri)}> {{ ?o ?p ?v }} }}"""
    )
    measures: dict[str, dict[str, float]] = defaultdict(dict)
    for o, p, v in result.rows:
        key = by_property[lexical(p)]  # type: ignore[arg-type]
        measures[key][lexical(o)] = typed_value(key, float(lexical(v)))  # type: ignore[arg-type]
    return dict(measures)


@dataclass(frozen=True)
class Step:
    """How one saved measure was computed."""

    algorithm: str
    parameters: str  # "" when it takes none
    sampled: bool
    projection: str  # the name of the projection it was computed on: a key of PROJECTIONS


@dataclass(frozen=True)
class Projection:
    """A projection's size as saved."""

    name: str
    nodes: int
    edges: int
    definition: str


@dataclass(frozen=True)
class Saved:
    """What the store's analysis graph says of the run that wrote it (:func:`to_quads`)."""

    when: str  # when it was generated, as written (xsd:dateTime)
    steps: dict[str, Step]  # by measure key
    projections: list[Projection]  # by name
    overlaps: list[Overlap]  # most shared funders first, then highest Jaccard
    # "community"/"component" -> group number -> its name: "UNESCO, Red STEM Latam and 3 more"
    groups: dict[str, dict[int, str]] = field(default_factory=dict)


def saved(store: Store, base_iri: str) -> Saved | None:
    """When the analysis saved in ``store`` ran, how each measure was computed, the projections
    and the funder overlaps; None when no analysis was saved (`edgraph analyze` writes one).

    >>> from edgraph.store import EmbeddedStore
    >>> saved(EmbeddedStore.in_memory(), "https://w3id.org/edgraph/id/") is None
    True
    """
    from edgraph.query.results import lexical

    graph = analysis_graph(base_iri)
    when = store.query(
        f"""SELECT ?t WHERE {{ GRAPH <{graph}> {{ <{graph}> <{DCTERMS}title> ?title
              OPTIONAL {{ <{graph}> <{PROV}generatedAtTime> ?t }} }} }}"""
    )
    if not when.rows:
        return None
    [generated] = when.rows[0]
    runs = store.query(
        f"""SELECT ?property ?algorithm ?parameters ?sampled ?projection WHERE {{
          GRAPH <{graph}> {{ ?step <{EDGO}computes> ?property ; <{EDGO}algorithm> ?algorithm ;
                                   <{EDGO}sampled> ?sampled ; <{EDGO}projection> ?projection
                             OPTIONAL {{ ?step <{EDGO}parameters> ?parameters }} }} }}"""
    )
    by_property = {m.property: m for m in MEASURES}
    steps = {}
    for prop, algorithm, parameters, sampled, projection in runs.rows:
        measure = by_property.get(lexical(prop))  # type: ignore[arg-type]
        if measure is not None:
            steps[measure.key] = Step(
                lexical(algorithm),  # type: ignore[arg-type]
                lexical(parameters) if parameters is not None else "",
                lexical(sampled) == "true",  # type: ignore[arg-type]
                lexical(projection).rsplit("/", 1)[-1],  # type: ignore[arg-type]
            )
    projections = store.query(
        f"""SELECT ?label ?nodes ?edges ?definition WHERE {{ GRAPH <{graph}> {{
          ?p a <{EDGO}Projection> ; <{RDFS}label> ?label ;
             <{EDGO}nodeCount> ?nodes ; <{EDGO}edgeCount> ?edges ;
             <{SKOS}definition> ?definition }} }} ORDER BY ?label"""
    )
    overlaps = store.query(
        f"""SELECT ?a ?b ?jaccard (GROUP_CONCAT(STR(?f); separator=" ") AS ?funders)
        WHERE {{ GRAPH <{graph}> {{ ?item a <{EDGO}FunderOverlap> ; <{EDGO}funded> ?a, ?b ;
          <{EDGO}sharedFunderCount> ?count ; <{EDGO}jaccard> ?jaccard ;
          <{EDGO}sharedFunder> ?f FILTER(STR(?a) < STR(?b)) }} }}
        GROUP BY ?item ?a ?b ?count ?jaccard ORDER BY DESC(?count) DESC(?jaccard) ?a ?b"""
    )
    groups: dict[str, dict[int, str]] = {key: {} for key in NUMBERING}
    by_group_property = {MEASURE_BY_KEY[key].property: key for key in NUMBERING}
    for of, number, label in store.query(
        f"""SELECT ?of ?number ?label WHERE {{ GRAPH <{graph}> {{ ?group a <{EDGO}Group> ;
          <{EDGO}groupOf> ?of ; <{EDGO}groupNumber> ?number ; <{RDFS}label> ?label }} }}"""
    ).rows:
        key = by_group_property.get(lexical(of))  # type: ignore[arg-type]
        if key is not None:
            name = lexical(label).split(": ", 1)[-1]  # type: ignore[arg-type]
            groups[key][int(lexical(number))] = name  # type: ignore[arg-type]
    return Saved(
        when=lexical(generated) if generated is not None else "",
        steps=steps,
        projections=[
            Projection(lexical(n), int(lexical(v)), int(lexical(e)), lexical(d))  # type: ignore[arg-type]
            for n, v, e, d in projections.rows
        ],
        overlaps=[
            Overlap(lexical(a), lexical(b), tuple(sorted(lexical(f).split())), float(lexical(j)))  # type: ignore[arg-type]
            for a, b, j, f in overlaps.rows
        ],
        groups=groups,
    )


def typed_value(key: str, value: float) -> float:
    """An integer measure as an int (GraphML and GEXF type each attribute by its values).

    >>> typed_value("degree", 3.0), typed_value("pagerank", 0.5)
    (3, 0.5)
    """
    return int(value) if MEASURE_BY_KEY[key].datatype == "integer" else float(value)
