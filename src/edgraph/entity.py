"""Everything the dataset says about one resource, arranged for its page: names, kind, facts
grouped by role with the source of each statement, claims side by side, and a timeline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from edgraph.catalog import Catalog, Entity
from edgraph.errors import NotFoundError
from edgraph.namespaces import EDGO, ORG, PROV, RDF, SCHEMA, SKOS
from edgraph.results import Term, lexical
from edgraph.store import Store


@dataclass(frozen=True)
class Role:
    """How a predicate reads on the page of its subject (``outgoing``) and of its object."""

    predicate: str
    outgoing: str
    incoming: str


#: The roles a page groups facts by, in display order; other statements follow them.
ROLES: tuple[Role, ...] = (
    Role(EDGO + "funder", "funded by", "funds"),
    Role(EDGO + "sponsor", "sponsored by", "sponsors"),
    Role(EDGO + "supporter", "supported by", "supports"),
    Role(EDGO + "organizer", "organized by", "organizes"),
    Role(EDGO + "coOrganizer", "co-organized by", "co-organizes"),
    Role(EDGO + "host", "hosted by", "hosts"),
    Role(EDGO + "facilitator", "facilitated by", "facilitates"),
    Role(EDGO + "operator", "operated by", "operates"),
    Role(EDGO + "coordinator", "coordinated by", "coordinates"),
    Role(EDGO + "proposer", "proposed by", "proposes"),
    Role(EDGO + "memberOf", "member of", "members"),
    Role(EDGO + "unitOf", "unit of", "units"),
    Role(EDGO + "participant", "participants", "participates in"),
    Role(SCHEMA + "worksFor", "works for", "people working here"),
    Role(EDGO + "eventOf", "event of", "events"),
    Role(SCHEMA + "superEvent", "part of", "parts"),
    Role(EDGO + "project", "project", "events of the project"),
    Role(EDGO + "locatedIn", "located in", "located here"),
    Role(SCHEMA + "containedInPlace", "in", "places in it"),
    Role(EDGO + "memberCountry", "member countries", "member country of"),
    Role(SCHEMA + "areaServed", "area served", "served by"),
    Role(EDGO + "topic", "topics", "topic of"),
    Role(EDGO + "alignedWith", "aligned with", "aligned with it"),
    Role(ORG + "member", "member", "memberships and positions"),
    Role(ORG + "organization", "organization", "memberships and positions held here"),
    Role(EDGO + "about", "about", "claims about it"),
    Role(SCHEMA + "about", "about", "sources about it"),
    Role(PROV + "wasDerivedFrom", "derived from", "derived from it"),
)
_ROLE_BY_PREDICATE = {role.predicate: role for role in ROLES}
#: Shown elsewhere on the page (names, kind) when the resource is their subject.
_HIDDEN = {RDF + "type", SCHEMA + "name", SKOS + "prefLabel", SKOS + "altLabel",
           SCHEMA + "alternateName"}  # fmt: skip
#: Bookkeeping the roles already say in detail, in either direction.
_SUMMARY = EDGO + "involvedAgent"


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


@dataclass
class EntityPage:
    iri: str
    entity: Entity | None  # None for resources outside the catalog (classes, properties...)
    types: list[str]
    roles: list[Group]
    details: list[Group]  # other statements, literal values included
    claims: dict[str, list[ClaimRow]]  # by measure
    timeline: list[Dated]

    def disagreements(self) -> dict[str, bool]:
        """Measures whose claims give different values."""
        return {m: len({(r.value, r.qualifier) for r in rows}) > 1
                for m, rows in self.claims.items()}  # fmt: skip


def describe(store: Store, catalog: Catalog, iri: str) -> EntityPage:
    """The page of ``iri``; NotFoundError when the store has no statement about it.

    >>> from edgraph.store import EmbeddedStore
    >>> describe(EmbeddedStore.in_memory(), Catalog([], {}), "http://example.org/x")
    Traceback (most recent call last):
    ...
    edgraph.errors.NotFoundError: the dataset has nothing about <http://example.org/x>
    """
    node = f"<{checked_iri(iri)}>"
    rows = store.query(
        # The membership record's paragraph is looked up inside each branch, where both ends
        # are bound: outside, the engine would scan every record for every row.
        f"""SELECT ?out ?p ?v ?doc ?g ?paragraph WHERE {{
          {{ GRAPH ?g {{ {node} ?p ?v }} BIND(true AS ?out)
             OPTIONAL {{ ?record <{ORG}member> {node} ; <{ORG}organization> ?v ;
                         <{EDGO}paragraph> ?paragraph }} }}
          UNION
          {{ GRAPH ?g {{ ?v ?p {node} }} BIND(false AS ?out)
             OPTIONAL {{ ?record <{ORG}member> ?v ; <{ORG}organization> {node} ;
                         <{EDGO}paragraph> ?paragraph }} }}
          OPTIONAL {{ ?g <{PROV}wasDerivedFrom> ?doc }}
        }}"""
    ).rows
    if not rows:
        raise NotFoundError(f"the dataset has nothing about <{iri}>")
    facts: dict[tuple[bool, str, Term], dict[str, int | None]] = defaultdict(dict)
    types: list[str] = []
    for out, p, v, doc, g, paragraph in rows:
        outgoing = lexical(out) == "true"  # type: ignore[arg-type]
        predicate = lexical(p)  # type: ignore[arg-type]
        if outgoing and predicate == RDF + "type":
            types.append(lexical(v))  # type: ignore[arg-type]
        source = lexical(doc if doc is not None else g)  # type: ignore[arg-type]
        number = lexical(paragraph) if paragraph is not None else ""
        facts[(outgoing, predicate, v)][source] = int(number) if number.isdigit() else None  # type: ignore[index]
    shown = _without_entailed(facts, catalog)
    roles: dict[tuple[str, bool], Group] = {}
    details: dict[tuple[str, bool], Group] = {}
    for (outgoing, predicate, value), sources in sorted(shown.items(), key=_order(catalog)):
        role = _ROLE_BY_PREDICATE.get(predicate)
        if role is not None:
            label = role.outgoing if outgoing else role.incoming
            target = roles
        else:
            name = catalog.label(predicate)
            label = name if outgoing else f"{name} (of)"
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
        claims=_claims(store, catalog, node),
        timeline=_timeline(store, node),
    )


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
        if key not in entailed
        and not (key[0] and key[1] in _HIDDEN)
        and key[1] != EDGO + "involvedAgent"
    }


def _order(catalog: Catalog):  # type: ignore[no-untyped-def]
    def key(item):  # type: ignore[no-untyped-def]
        (outgoing, predicate, value), _ = item
        text = catalog.label(value.value) if isinstance(value, ox.NamedNode) else lexical(value)
        return (predicate, outgoing, text.casefold())

    return key


def _claims(store: Store, catalog: Catalog, node: str) -> dict[str, list[ClaimRow]]:
    result = store.query(
        f"""SELECT ?claim ?measure ?value ?qualifier ?asof ?doc ?paragraph WHERE {{
          ?claim a <{EDGO}Claim> ; <{EDGO}about> {node} ; <{EDGO}measure> ?measure .
          OPTIONAL {{ ?claim <{SCHEMA}value> ?value }}
          OPTIONAL {{ ?claim <{EDGO}qualifier> ?qualifier }}
          OPTIONAL {{ ?claim <{EDGO}asOf> ?asof }}
          OPTIONAL {{ ?claim <{PROV}wasDerivedFrom> ?doc }}
          OPTIONAL {{ ?claim <{EDGO}paragraph> ?paragraph }}
        }} ORDER BY ?measure ?asof ?claim"""
    )
    claims: dict[str, list[ClaimRow]] = defaultdict(list)
    seen: set[str] = set()
    for claim, measure, *rest in result.rows:
        iri = lexical(claim)  # type: ignore[arg-type]
        if iri in seen:
            continue
        seen.add(iri)
        value, qualifier, asof, doc, paragraph = (lexical(t) if t is not None else ""
                                                  for t in rest)  # fmt: skip
        claims[catalog.label(lexical(measure))].append(  # type: ignore[arg-type]
            ClaimRow(
                iri, value, catalog.label(qualifier) if qualifier else "", asof, doc, paragraph
            )
        )
    return dict(claims)


def _timeline(store: Store, node: str) -> list[Dated]:
    result = store.query(
        f"""SELECT DISTINCT ?e ?start ?end WHERE {{
          {{ ?e <{EDGO}involvedAgent> {node} }}
          UNION {{ ?e (<{EDGO}eventOf>|<{SCHEMA}superEvent>)+ {node} }}
          UNION {{ BIND({node} AS ?e) }}
          UNION {{ ?e (<{EDGO}eventOf>|<{SCHEMA}superEvent>)+ ?n . {node} <{EDGO}memberOf> ?n }}
          ?e <{SCHEMA}startDate> ?start
          OPTIONAL {{ ?e <{SCHEMA}endDate> ?end }}
        }} ORDER BY ?start ?e"""
    )
    dated: dict[str, Dated] = {}
    for e, start, end in result.rows:
        iri = lexical(e)  # type: ignore[arg-type]
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
