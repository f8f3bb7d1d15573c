"""The partnership network (or a view of it) as spreadsheets in Kumu's layout: an Elements sheet
and a Connections sheet (:data:`edgraph.sheets.ELEMENT_COLUMNS`, ``CONNECTION_COLUMNS``), one
connection row per document and paragraph that states the tie, with its provenance columns, so
that it opens in Kumu and in a spreadsheet, and ``edgraph import`` reads it back to the same
statements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from edgraph.catalog import Catalog
from edgraph.namespaces import EDGO, ORG, PROV, RDF, RDFS, SCHEMA, SKOS
from edgraph.network import Network
from edgraph.query.results import lexical
from edgraph.roles import BY_PREDICATE, RELATION_BY_KEY
from edgraph.sheets import (
    CONNECTION_COLUMNS,
    CONNECTIONS,
    ELEMENT_COLUMNS,
    ELEMENTS,
    write_csv,
    write_xlsx,
)
from edgraph.store import Store

Row = list[str]


@dataclass(frozen=True)
class KumuTables:
    elements: list[Row]
    connections: list[Row]


def kumu_tables(store: Store, network: Network, catalog: Catalog) -> KumuTables:
    """The rows of both sheets for ``network``, in a fixed order (elements by IRI, connections
    by their ends' IRIs, relation, then source)."""
    nodes = sorted(network.nodes)
    described = _described(store, set(nodes))
    types = _most_specific(store)
    labels = {iri: catalog.label(iri) for iri in nodes}
    taken: dict[str, int] = defaultdict(int)
    for label in labels.values():
        taken[label.casefold()] += 1
    # From and To name an element by its label, or by its ID where two share a label
    names = {iri: (labels[iri] if taken[labels[iri].casefold()] == 1 else iri) for iri in nodes}
    elements = []
    for iri in nodes:
        entity = catalog.get(iri)
        d = described.get(iri, {})
        classes = [c for c in (entity.classes if entity else ()) if c.startswith(EDGO)]
        elements.append([
            labels[iri], _type(classes, types), _one(d.get(SCHEMA + "description")),
            "|".join(sorted(d.get(SCHEMA + "keywords", ()))),
            "|".join(sorted(set(d.get(SKOS + "altLabel", ())) - {labels[iri]})),
            _one(d.get(SCHEMA + "startDate") or d.get(SCHEMA + "foundingDate")),
            _one(d.get(SCHEMA + "endDate")), iri,
        ])  # fmt: skip
    evidence = _evidence(store)
    documents = _documents(store, catalog)
    connections = []
    for edge in network.edges:
        relation = RELATION_BY_KEY.get(edge.relation)
        if relation is None:  # a query's own ?relation: not a role edgraph can read back
            continue
        role = BY_PREDICATE[relation.predicate]
        subject, obj = (
            (edge.target, edge.source) if relation.inverse else (edge.source, edge.target)
        )
        found = evidence.get((subject, relation.predicate, obj))
        if not found:
            found = {(e.source, e.paragraph or 0, "", "") for e in edge.evidence
                     if e.source in documents} or {("", 0, "", "")}  # fmt: skip
        for doc, paragraph, start, end in sorted(found):
            title, publisher, date, url = documents.get(doc, ("", "", "", ""))
            connections.append([
                names[edge.source], names[edge.target], relation.label, "directed", role.key,
                start, end, title, publisher, date, url, doc, str(paragraph) if paragraph else "",
            ])  # fmt: skip
    return KumuTables(elements, connections)


def write_kumu_csv(tables: KumuTables, elements: IO[str], connections: IO[str]) -> None:
    """Both sheets as CSV files, every cell escaped (:func:`edgraph.sheets.safe_cell`)."""
    write_csv(elements, ELEMENT_COLUMNS, tables.elements)
    write_csv(connections, CONNECTION_COLUMNS, tables.connections)


def write_kumu_xlsx(tables: KumuTables, output: IO[bytes]) -> None:
    """Both sheets as one XLSX workbook, every cell escaped, the same bytes for the same data."""
    write_xlsx(output, [(ELEMENTS, ELEMENT_COLUMNS, tables.elements),
                        (CONNECTIONS, CONNECTION_COLUMNS, tables.connections)])  # fmt: skip


def _one(values: Iterable[str] | None) -> str:
    return min(values) if values else ""


def _type(classes: list[str], types: dict[str, set[str]]) -> str:
    """The local name of the most specific of ``classes`` (the one no other is below)."""
    specific = [c for c in classes if not any(c in types.get(o, ()) for o in classes if o != c)]
    return min(specific)[len(EDGO) :] if specific else ""


def _most_specific(store: Store) -> dict[str, set[str]]:
    """Each class with its superclasses."""
    ancestors: dict[str, set[str]] = defaultdict(set)
    for c, d in store.query(f"SELECT ?c ?d WHERE {{ ?c <{RDFS}subClassOf>+ ?d }}").rows:
        ancestors[lexical(c)].add(lexical(d))  # type: ignore[arg-type]
    return ancestors


def _described(store: Store, nodes: set[str]) -> dict[str, dict[str, set[str]]]:
    predicates = (SCHEMA + "description", SCHEMA + "keywords", SKOS + "altLabel",
                  SCHEMA + "startDate", SCHEMA + "endDate", SCHEMA + "foundingDate")  # fmt: skip
    values = " ".join(f"<{p}>" for p in predicates)
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    rows = store.query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o "
                       "FILTER(isLiteral(?o)) }").rows  # fmt: skip
    for s, p, o in rows:
        iri = lexical(s)  # type: ignore[arg-type]
        if iri in nodes:
            found[iri][lexical(p)].add(lexical(o))  # type: ignore[arg-type]
    return found


def _evidence(store: Store) -> dict[tuple[str, str, str], set[tuple[str, int, str, str]]]:
    """(subject, predicate, object) -> (document, paragraph, start, end) of each evidence the
    graph has for it: the statement's own evidence and, for memberships and positions, their
    records; the spreadsheet a statement was imported from is not a document it cites."""
    found: dict[tuple[str, str, str], set[tuple[str, int, str, str]]] = defaultdict(set)
    cited = f"""OPTIONAL {{ ?e <{PROV}wasDerivedFrom> ?doc
                  FILTER NOT EXISTS {{ ?doc a <{EDGO}Spreadsheet> }} }}
                OPTIONAL {{ ?e <{EDGO}paragraph> ?paragraph }}
                OPTIONAL {{ ?e <{SCHEMA}startDate> ?start }}
                OPTIONAL {{ ?e <{SCHEMA}endDate> ?end }}"""
    rows = store.query(
        f"SELECT ?s ?p ?o ?doc ?paragraph ?start ?end WHERE {{ ?e a <{EDGO}Evidence> ; "
        f"<{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o . FILTER(isIRI(?o)) "
        f"{cited} }}"
    ).rows
    records = store.query(
        f"SELECT ?s ?o ?doc ?paragraph ?start ?end ?class WHERE {{ ?e <{ORG}member> ?s ; "
        f"<{ORG}organization> ?o ; a ?class . VALUES ?class {{ <{EDGO}Membership> "
        f"<{EDGO}Position> }} {cited} }}"
    ).rows
    qualified = {EDGO + "Membership": EDGO + "memberOf", EDGO + "Position": SCHEMA + "worksFor"}
    for s, p, o, doc, paragraph, start, end in rows:
        key = (lexical(s), lexical(p), lexical(o))  # type: ignore[arg-type]
        found[key].add(_evidence_row(doc, paragraph, start, end))
    recorded: dict[tuple[str, str, str], set[tuple[str, int, str, str]]] = defaultdict(set)
    for s, o, doc, paragraph, start, end, cls in records:
        key = (lexical(s), qualified[lexical(cls)], lexical(o))  # type: ignore[arg-type]
        recorded[key].add(_evidence_row(doc, paragraph, start, end))
    found.update(recorded)  # a membership's record has its dates, with its source
    return found


def _evidence_row(doc: Any, paragraph: Any, start: Any, end: Any) -> tuple[str, int, str, str]:
    number = lexical(paragraph) if paragraph is not None else ""
    return (
        lexical(doc) if doc is not None else "",
        int(number) if number.isdigit() else 0,
        lexical(start) if start is not None else "",
        lexical(end) if end is not None else "",
    )


def _documents(store: Store, catalog: Catalog) -> dict[str, tuple[str, str, str, str]]:
    """Each source document: its title, its publisher's name, its date and its URL."""
    rows = store.query(
        f"SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?pub) AS ?publisher) (SAMPLE(?d) AS ?date) "
        f"(SAMPLE(?u) AS ?url) WHERE {{ VALUES ?class {{ <{SCHEMA}CreativeWork> "
        f"<{SCHEMA}NewsArticle> }} ?doc a ?class . "
        f"FILTER NOT EXISTS {{ ?doc a <{EDGO}Spreadsheet> }} "
        f"OPTIONAL {{ ?doc <{SCHEMA}headline>|<{SCHEMA}name> ?t }} "
        f"OPTIONAL {{ ?doc <{SCHEMA}publisher> ?pub }} "
        f"OPTIONAL {{ ?doc <{SCHEMA}datePublished> ?d }} "
        f"OPTIONAL {{ ?doc <{SCHEMA}url> ?u }} }} GROUP BY ?doc"
    ).rows
    found: dict[str, tuple[str, str, str, str]] = {}
    for doc, title, publisher, date, url in rows:
        iri = lexical(doc)  # type: ignore[arg-type]
        text = [lexical(v) if v is not None else "" for v in (title, date, url)]
        by = catalog.label(lexical(publisher)) if publisher is not None else ""
        found[iri] = (text[0], by, text[1], text[2])
    return found
