"""What the built dataset holds: counts by class, by named graph, by source document."""

from __future__ import annotations

from dataclasses import dataclass

from edgraph.namespaces import EDGO, PROV, RDF, SCHEMA
from edgraph.query.results import lexical
from edgraph.store import Store


@dataclass(frozen=True)
class GraphCount:
    graph: str
    triples: int
    entities: int
    source: str | None  # the document the graph was derived from
    title: str | None  # its headline or name
    publisher: str | None
    published: str | None


@dataclass(frozen=True)
class DatasetStats:
    quads: int
    classes: list[tuple[str, int]]  # class IRI, distinct instances; most first
    graphs: list[GraphCount]

    def own_classes(self) -> list[tuple[str, int]]:
        """Counts for the classes of the edgraph ontology only."""
        return [(c, n) for c, n in self.classes if c.startswith(EDGO)]


def dataset_stats(store: Store) -> DatasetStats:
    """Count what ``store`` holds.

    >>> from edgraph.store import EmbeddedStore
    >>> dataset_stats(EmbeddedStore.in_memory()).quads
    0
    """
    classes = store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } "
        "GROUP BY ?c ORDER BY DESC(?n) ?c"
    )
    sizes = graph_sizes(store)
    graphs = store.query(
        f"""SELECT ?g ?doc ?title ?publisher ?published WHERE {{
          GRAPH ?g {{ ?g <{PROV}wasDerivedFrom> ?doc }}
          OPTIONAL {{ ?doc <{SCHEMA}headline>|<{SCHEMA}name> ?title }}
          OPTIONAL {{ ?doc <{SCHEMA}publisher> ?pub
                      OPTIONAL {{ ?pub <{SCHEMA}name> ?pubname }}
                      BIND(COALESCE(?pubname, ?pub) AS ?publisher) }}
          OPTIONAL {{ ?doc <{SCHEMA}datePublished> ?published }}
        }} ORDER BY ?g"""
    )
    described: dict[str, tuple[str | None, ...]] = {}
    for row in graphs.rows:
        g, *details = (lexical(term) if term is not None else None for term in row)
        if g is not None:  # several names or publishers: keep the first
            described.setdefault(g, tuple(details))
    counts = [
        GraphCount(g, triples, entities, *described.get(g, (None, None, None, None)))
        for g, (triples, entities) in sorted(sizes.items())
    ]
    return DatasetStats(
        quads=store.quad_count(),
        classes=[
            (lexical(cls), int(lexical(count)))
            for cls, count in classes.rows
            if cls is not None and count is not None
        ],
        graphs=counts,
    )


def graph_sizes(store: Store) -> dict[str, tuple[int, int]]:
    """Triples and entities (distinct IRIs given a type) in each named graph.

    >>> from edgraph.store import EmbeddedStore
    >>> graph_sizes(EmbeddedStore.in_memory())
    {}
    """
    # Two queries, each the store answers from one index, rather than one that tests every
    # statement (at 1M statements: 1.3 s instead of 2.5 s).
    triples = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    typed = store.query(
        f"""SELECT ?g (COUNT(DISTINCT ?s) AS ?n)
        WHERE {{ GRAPH ?g {{ ?s <{RDF}type> ?class }} FILTER(isIRI(?s)) }} GROUP BY ?g"""
    )
    entities = {
        lexical(g): int(lexical(n)) for g, n in typed.rows if g is not None and n is not None
    }
    return {
        lexical(g): (int(lexical(n)), entities.get(lexical(g), 0))
        for g, n in triples.rows
        if g is not None and n is not None
    }
