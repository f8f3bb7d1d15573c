"""Everything the dataset says about one resource, arranged for its page: names, kind, facts
grouped by role with the source of each statement, claims side by side, and a timeline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from edgraph.catalog import Catalog, Entity
from edgraph.errors import NotFoundError
from edgraph.namespaces import EDGO, ORG, PROV, RDF, RDFS, SCHEMA, SKOS
from edgraph.query.results import QueryResult, Term, lexical
from edgraph.roles import BY_PREDICATE, ROLES, Words

#: Shown elsewhere on the page (names, kind) when the resource is their subject.
_HIDDEN = {RDF + "type", SCHEMA + "name", SKOS + "prefLabel", SKOS + "altLabel",
           SCHEMA + "alternateName"}  # fmt: skip
#: Bookkeeping the roles already say in detail, in either direction: the build's summary of
#: every role, and the inverse of "part of" (schema:superEvent), which reads as "parts".
_SUMMARY = {EDGO + "involvedAgent", SCHEMA + "subEvent"}
#: What the timeline shows when the resource is on it (an event with its dates).
_DATES = {SCHEMA + "startDate", SCHEMA + "endDate"}
_INVERSE = Words("{} (of)", "{} (de)")
#: How a few statements read on the page of their object, where "(of)" would not say it.
_INVERSE_NAMES = {RDF + "type": Words("instances", "instancias")}


@dataclass(frozen=True)
class Statement:
    """One value of one fact, with where it comes from."""

    value: Term
    sources: tuple[str, ...]  # source documents (or graph IRIs when a graph names none)
    paragraph: int | None = None


@dataclass
class Group:
    label: str
    predicate: str
    incoming: bool
    statements: list[Statement] = field(default_factory=list)


@dataclass(frozen=True)
class ClaimRow:
    claim: str
    value: str
    qualifier: str
    as_of: str
    source: str
    paragraph: str


@dataclass(frozen=True)
class Dated:
    iri: str
    start: str
    end: str


#: The parts of a page that are read and cut separately, in page order, as a cut notice names
#: them: a flood of statements pointing at a class cannot push out its own.
PARTS = {
    "out": "its own statements",
    "in": "statements pointing at it",
    "claims": "claims about it",
    "timeline": "its timeline",
}

#: Runs one SELECT within a page's limits: the query service (a worker with a time and a memory
#: limit) in the viewer, a store's own ``query`` in tests.
Run = Callable[[str], QueryResult]


@dataclass(frozen=True)
class Measured:
    """One network measure of the resource, as the analysis saved it."""

    predicate: str
    label: str
    value: str


@dataclass(frozen=True)
class AnalysisRun:
    """The run that saved the measures: what it calls itself, with what software, when."""

    graph: str
    label: str
    software: str
    ended: str


@dataclass
class EntityPage:
    iri: str
    entity: Entity | None  # None for resources outside the catalog (classes, properties...)
    types: list[str]
    roles: list[Group]
    details: list[Group]  # other statements, literal values included
    claims: dict[str, list[ClaimRow]]  # by measure
    timeline: list[Dated]
    row_cap: int = 0
    cut: tuple[str, ...] = ()  # PARTS that had more than row_cap rows: the page shows row_cap
    measures: list[Measured] = field(default_factory=list)  # from the analysis graph
    analysis: AnalysisRun | None = None  # the run that made them

    def disagreements(self) -> dict[str, bool]:
        """Measures whose claims give different values."""
        return {m: len({(r.value, r.qualifier) for r in rows}) > 1
                for m, rows in self.claims.items()}  # fmt: skip

    def listing(self, part: str) -> str:
        """The SPARQL query that lists all of ``part`` (for the link of a cut page)."""
        return listing_query(self.iri, part)


def describe(
    run: Run,
    catalog: Catalog,
    iri: str,
    *,
    row_cap: int = 1000,
    language: str = "en",
    measures_graph: str = "",
) -> EntityPage:
    """The page of ``iri``, read by one query (:func:`page_query`) that takes at most
    ``row_cap`` rows of each of :data:`PARTS` (the parts with more are in ``cut``);
    NotFoundError when the store has no statement about it. Statements are named in
    ``language`` (by their properties' labels); those of ``measures_graph`` (the analysis
    graph) are the page's ``measures``, with the ``analysis`` run that saved them (read by a
    second, small query); a source document does not cite itself.

    >>> from edgraph.store import EmbeddedStore
    >>> describe(EmbeddedStore.in_memory().query, Catalog([], {}), "http://example.org/x")
    Traceback (most recent call last):
    ...
    edgraph.errors.NotFoundError: the dataset has nothing about <http://example.org/x>
    """
    parts: dict[str, list[tuple[Term | None, ...]]] = {part: [] for part in PARTS}
    for key, *row in run(page_query(iri, row_cap)).rows:
        parts[lexical(key)].append(tuple(row))  # type: ignore[arg-type]
    if not parts["out"] and not parts["in"]:
        raise NotFoundError(f"the dataset has nothing about <{iri}>")
    cut = tuple(part for part, rows in parts.items() if len(rows) > row_cap)
    for rows in parts.values():
        del rows[row_cap:]
    facts: dict[tuple[bool, str, Term], dict[str, int | None]] = defaultdict(dict)
    types: list[str] = []
    measured: dict[str, Measured] = {}
    for direction in ("out", "in"):
        outgoing = direction == "out"
        for p, v, g, doc, paragraph, *_ in parts[direction]:
            predicate = lexical(p)  # type: ignore[arg-type]
            if outgoing and predicate == RDF + "type":
                types.append(lexical(v))  # type: ignore[arg-type]
            if measures_graph and lexical(g) == measures_graph:  # type: ignore[arg-type]
                if outgoing and predicate != RDF + "type":
                    label = catalog.label(predicate, language)
                    measured[predicate] = Measured(predicate, label, _number(v))  # type: ignore[arg-type]
                continue
            source = lexical(doc if doc is not None else g)  # type: ignore[arg-type]
            if source == iri:  # a source's own statements: it does not cite itself
                facts.setdefault((outgoing, predicate, v), {})  # type: ignore[arg-type]
                continue
            number = lexical(paragraph) if paragraph is not None else ""
            facts[(outgoing, predicate, v)][source] = int(number) if number.isdigit() else None  # type: ignore[index]
    shown = _without_entailed(facts, catalog)
    timeline = _timeline(parts["timeline"])
    if any(d.iri == iri for d in timeline):  # its own dates are on the timeline
        shown = {k: v for k, v in shown.items() if not (k[0] and k[1] in _DATES)}
    roles: dict[tuple[str, bool], Group] = {}
    details: dict[tuple[str, bool], Group] = {}
    for (outgoing, predicate, value), sources in sorted(shown.items(), key=_order(catalog)):
        role = BY_PREDICATE.get(predicate)
        if role is not None:  # grouped as the roles table says, in its order
            label = (role.outgoing if outgoing else role.incoming)(language)
            target = roles
        else:
            name = catalog.label(predicate, language)
            if outgoing:
                label = name
            elif predicate in _INVERSE_NAMES:
                label = _INVERSE_NAMES[predicate](language)
            else:
                label = _INVERSE(language).format(name)
            target = details
        group = target.setdefault((predicate, outgoing), Group(label, predicate, not outgoing))
        paragraphs = [n for n in sources.values() if n is not None]
        group.statements.append(
            Statement(value, tuple(sorted(sources)), min(paragraphs) if paragraphs else None)
        )
    order = {role.predicate: i for i, role in enumerate(ROLES)}
    return EntityPage(
        iri=iri,
        entity=catalog.get(iri),
        types=sorted(set(types)),
        roles=sorted(roles.values(), key=lambda g: (order[g.predicate], g.incoming)),
        details=sorted(details.values(), key=lambda g: (g.incoming, g.label)),
        claims=_claims(parts["claims"], catalog, language),
        timeline=timeline,
        row_cap=row_cap,
        cut=cut,
        measures=sorted(measured.values(), key=lambda m: m.label.casefold()),
        analysis=_analysis_run(run, measures_graph) if measured else None,
    )


def _number(term: Term) -> str:
    """A measure's value as people read it: whole numbers as they are, others to 4 places.

    >>> _number(ox.Literal("0.123456", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")))
    '0.1235'
    """
    text = lexical(term)
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else f"{number:.4f}"


def _analysis_run(run: Run, graph: str) -> AnalysisRun:
    node = f"<{checked_iri(graph)}>"
    rows = run(f"""SELECT ?label ?software ?ended WHERE {{ GRAPH {node} {{
      {node} <{PROV}wasGeneratedBy> ?run .
      OPTIONAL {{ ?run <{RDFS}label> ?label }}
      OPTIONAL {{ ?run <{PROV}wasAssociatedWith> ?agent . ?agent <{RDFS}label> ?software }}
      OPTIONAL {{ ?run <{PROV}endedAtTime> ?ended }}
    }} }} LIMIT 1""").rows
    text = [lexical(t) if t is not None else "" for t in (rows[0] if rows else (None,) * 3)]
    return AnalysisRun(graph, *text)


def page_query(iri: str, row_cap: int) -> str:
    """One SELECT for everything a page shows, at most ``row_cap + 1`` rows of each part (one
    more than is shown, to tell a cut part from a whole one). Rows are ``?part`` (a key of
    :data:`PARTS`) and then that part's columns: ``?p ?v ?g ?doc ?paragraph`` for statements
    (``?v`` the other end), ``?v ?measure ?value ?qualifier ?asof ?doc ?paragraph`` for claims
    (``?v`` the claim), ``?v ?start ?end`` for the timeline (``?v`` the event)."""
    node = f"<{checked_iri(iri)}>"
    limit = row_cap + 1
    # The membership record's paragraph is looked up inside each part, where both ends are
    # bound: outside, the engine would scan every record for every row.
    return f"""SELECT ?part ?p ?v ?g ?doc ?paragraph ?measure ?value ?qualifier ?asof ?start ?end
WHERE {{
  {{ SELECT ?part ?p ?v ?g ?doc ?paragraph WHERE {{
      GRAPH ?g {{ {node} ?p ?v }} BIND("out" AS ?part)
      OPTIONAL {{ ?record <{ORG}member> {node} ; <{ORG}organization> ?v ;
                  <{EDGO}paragraph> ?paragraph }}
      OPTIONAL {{ ?g <{PROV}wasDerivedFrom> ?doc }}
    }} LIMIT {limit} }}
  UNION
  {{ SELECT ?part ?p ?v ?g ?doc ?paragraph WHERE {{
      GRAPH ?g {{ ?v ?p {node} }} BIND("in" AS ?part)
      OPTIONAL {{ ?record <{ORG}member> ?v ; <{ORG}organization> {node} ;
                  <{EDGO}paragraph> ?paragraph }}
      OPTIONAL {{ ?g <{PROV}wasDerivedFrom> ?doc }}
    }} LIMIT {limit} }}
  UNION
  {{ SELECT ?part ?v ?measure ?value ?qualifier ?asof ?doc ?paragraph WHERE {{
      {_claim_pattern(node)} BIND("claims" AS ?part)
    }} ORDER BY ?measure ?asof ?v LIMIT {limit} }}
  UNION
  {{ SELECT DISTINCT ?part ?v ?start ?end WHERE {{
      {_dated_pattern(node)} BIND("timeline" AS ?part)
    }} ORDER BY ?start ?v LIMIT {limit} }}
}}"""


def _claim_pattern(node: str, claim: str = "?v", doc: str = "?doc") -> str:
    return f"""{claim} a <{EDGO}Claim> ; <{EDGO}about> {node} ; <{EDGO}measure> ?measure .
      OPTIONAL {{ {claim} <{SCHEMA}value> ?value }}
      OPTIONAL {{ {claim} <{EDGO}qualifier> ?qualifier }}
      OPTIONAL {{ {claim} <{EDGO}asOf> ?asof }}
      OPTIONAL {{ {claim} <{PROV}wasDerivedFrom> {doc} }}
      OPTIONAL {{ {claim} <{EDGO}paragraph> ?paragraph }}"""


def _dated_pattern(node: str, event: str = "?v") -> str:
    part = f"(<{EDGO}eventOf>|<{SCHEMA}superEvent>)+"
    return f"""{{ {event} <{EDGO}involvedAgent> {node} }}
      UNION {{ {event} {part} {node} }}
      UNION {{ BIND({node} AS {event}) }}
      UNION {{ {event} {part} ?n . {node} <{EDGO}memberOf> ?n }}
      {event} <{SCHEMA}startDate> ?start
      OPTIONAL {{ {event} <{SCHEMA}endDate> ?end }}"""


def data_query(iri: str, row_cap: int | None) -> str:
    """What an entity's data document holds: each statement about ``iri`` or pointing at it
    once, at most ``row_cap + 1`` of each direction (None: all of them, as a CONSTRUCT).

    >>> print(data_query("http://example.org/x", None))
    CONSTRUCT { <http://example.org/x> ?p ?v . ?s ?q <http://example.org/x> }
    WHERE { { <http://example.org/x> ?p ?v } UNION { ?s ?q <http://example.org/x> } }
    """
    node = f"<{checked_iri(iri)}>"
    if row_cap is None:
        return (f"CONSTRUCT {{ {node} ?p ?v . ?s ?q {node} }}\n"
                f"WHERE {{ {{ {node} ?p ?v }} UNION {{ ?s ?q {node} }} }}")  # fmt: skip
    limit = row_cap + 1
    return f"""SELECT ?part ?p ?v WHERE {{
  {{ SELECT DISTINCT ?part ?p ?v WHERE {{ {node} ?p ?v BIND("out" AS ?part) }} LIMIT {limit} }}
  UNION
  {{ SELECT DISTINCT ?part ?p ?v WHERE {{ ?v ?p {node} BIND("in" AS ?part) }} LIMIT {limit} }}
}}"""


def known(run: Run, iri: str) -> bool:
    """Whether the dataset says anything about ``iri``: a statement about it or pointing at it
    (NotFoundError when ``iri`` is not an IRI).

    >>> from edgraph.store import EmbeddedStore
    >>> known(EmbeddedStore.in_memory().query, "http://example.org/x")
    False
    """
    node = f"<{checked_iri(iri)}>"
    return bool(run(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}").boolean)


@dataclass(frozen=True)
class Data:
    """What an entity's data document holds (:func:`data`)."""

    triples: list[ox.Triple]  # sorted; each statement once
    cut: bool  # statements about it, or pointing at it, were more than the row cap


def data(run: Run, iri: str, *, row_cap: int = 1000) -> Data:
    """The statements about ``iri`` and pointing at it, each once, from every named graph, at
    most ``row_cap`` of each direction (read by :func:`data_query`); NotFoundError when there
    are none.

    >>> from edgraph.store import EmbeddedStore
    >>> data(EmbeddedStore.in_memory().query, "http://example.org/x")
    Traceback (most recent call last):
    ...
    edgraph.errors.NotFoundError: the dataset has nothing about <http://example.org/x>
    """
    result = run(data_query(iri, row_cap))
    if not result.rows:
        raise NotFoundError(f"the dataset has nothing about <{iri}>")
    node = ox.NamedNode(iri)
    parts: dict[str, list[ox.Triple]] = {"out": [], "in": []}
    for part, p, value in result.rows:
        direction = lexical(part)  # type: ignore[arg-type]
        triple = ox.Triple(node, p, value) if direction == "out" else ox.Triple(value, p, node)  # type: ignore[arg-type]
        parts[direction].append(triple)
    cut = any(len(triples) > row_cap for triples in parts.values())
    return Data(sorted({t for triples in parts.values() for t in triples[:row_cap]}, key=str), cut)


def listing_query(iri: str, part: str) -> str:
    """The SPARQL query that lists all of one of :data:`PARTS` of ``iri``'s page, which a cut
    page links to (the workbench pages through it and downloads all of it).

    >>> print(listing_query("http://example.org/x", "in"))
    SELECT ?subject ?property ?graph WHERE {
      GRAPH ?graph { ?subject ?property <http://example.org/x> }
    }
    """
    node = f"<{checked_iri(iri)}>"
    if part == "out":
        head, body = "?property ?value ?graph", f"GRAPH ?graph {{ {node} ?property ?value }}"
        return f"SELECT {head} WHERE {{\n  {body}\n}}"
    if part == "in":
        head, body = "?subject ?property ?graph", f"GRAPH ?graph {{ ?subject ?property {node} }}"
        return f"SELECT {head} WHERE {{\n  {body}\n}}"
    if part == "claims":
        head = "?claim ?measure ?value ?qualifier ?asof ?source ?paragraph"
        body = _claim_pattern(node, "?claim", "?source")
        return f"SELECT {head} WHERE {{\n  {body}\n}} ORDER BY ?measure ?asof ?claim"
    if part == "timeline":
        body = _dated_pattern(node, "?event")
        return f"SELECT DISTINCT ?event ?start ?end WHERE {{\n  {body}\n}} ORDER BY ?start ?event"
    raise ValueError(f"no part {part!r} of a page; the parts are {', '.join(PARTS)}")


def _without_entailed(
    facts: dict[tuple[bool, str, Term], dict[str, int | None]], catalog: Catalog
) -> dict[tuple[bool, str, Term], dict[str, int | None]]:
    """Leave out a statement that a more specific one entails (the build adds schema:funder
    beside edgo:funder), and the ones shown elsewhere on the page."""
    entailed: set[tuple[bool, str, Term]] = set()
    for outgoing, predicate, value in facts:
        for parent in catalog.superproperties(predicate):
            entailed.add((outgoing, parent, value))
    return {
        key: sources
        for key, sources in facts.items()
        if key not in entailed and not (key[0] and key[1] in _HIDDEN) and key[1] not in _SUMMARY
    }


def _order(catalog: Catalog):  # type: ignore[no-untyped-def]
    def key(item):  # type: ignore[no-untyped-def]
        (outgoing, predicate, value), _ = item
        text = catalog.label(value.value) if isinstance(value, ox.NamedNode) else lexical(value)
        return (predicate, outgoing, text.casefold())

    return key


def _claims(
    rows: list[tuple[Term | None, ...]], catalog: Catalog, language: str = "en"
) -> dict[str, list[ClaimRow]]:
    claims: dict[str, list[ClaimRow]] = defaultdict(list)
    seen: set[str] = set()
    for _p, claim, _g, doc, paragraph, measure, value, qualifier, asof, *_ in rows:
        iri = lexical(claim)  # type: ignore[arg-type]
        if iri in seen:  # another row of the same claim (a second value, source...)
            continue
        seen.add(iri)
        text = [
            lexical(t) if t is not None else "" for t in (value, qualifier, asof, doc, paragraph)
        ]
        claims[catalog.label(lexical(measure), language)].append(  # type: ignore[arg-type]
            ClaimRow(iri, text[0], catalog.label(text[1], language) if text[1] else "", *text[2:])
        )
    return dict(claims)


def _timeline(rows: list[tuple[Term | None, ...]]) -> list[Dated]:
    dated: dict[str, Dated] = {}
    for row in rows:
        event, start, end = row[1], row[9], row[10]
        iri = lexical(event)  # type: ignore[arg-type]
        dated.setdefault(iri, Dated(iri, lexical(start), lexical(end) if end else ""))  # type: ignore[arg-type]
    return list(dated.values())


def checked_iri(iri: str) -> str:
    """``iri`` when it is a valid IRI; NotFoundError (nothing can be said about it) otherwise.

    >>> checked_iri("not an iri")
    Traceback (most recent call last):
    ...
    edgraph.errors.NotFoundError: not an IRI: 'not an iri'
    """
    try:
        return ox.NamedNode(iri).value
    except ValueError:
        raise NotFoundError(f"not an IRI: {iri!r}") from None
