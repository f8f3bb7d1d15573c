"""What the built dataset holds: counts by class, by named graph, by source document."""

from __future__ import annotations

from dataclasses import dataclass

from edgraph.namespaces import EDGO, PROV, SCHEMA
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
    graphs = store.query(
        f"""SELECT ?g ?triples ?entities ?doc ?title ?publisher ?published WHERE {{
          {{ SELECT ?g (COUNT(*) AS ?triples) (COUNT(DISTINCT ?typed) AS ?entities)
             WHERE {{ GRAPH ?g {{ ?s ?p ?o
                      BIND(IF(?p = <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> && isIRI(?s),
                              ?s, ?unbound) AS ?typed) }} }} GROUP BY ?g }}
          OPTIONAL {{ GRAPH ?g {{ ?g <{PROV}wasDerivedFrom> ?doc }}
            OPTIONAL {{ ?doc <{SCHEMA}headline>|<{SCHEMA}name> ?title }}
            OPTIONAL {{ ?doc <{SCHEMA}publisher> ?pub
                        OPTIONAL {{ ?pub <{SCHEMA}name> ?pubname }}
                        BIND(COALESCE(?pubname, ?pub) AS ?publisher) }}
            OPTIONAL {{ ?doc <{SCHEMA}datePublished> ?published }} }}
        }} ORDER BY ?g"""
    )
    seen: dict[str, GraphCount] = {}
    for g, triples, entities, doc, title, publisher, published in graphs.rows:
        key = g.value  # type: ignore[union-attr]
        if key in seen:  # several names or publishers: keep the first, rows are ordered
            continue
        seen[key] = GraphCount(
            graph=key,
            triples=int(triples.value),  # type: ignore[union-attr]
            entities=int(entities.value),  # type: ignore[union-attr]
            source=doc.value if doc is not None else None,
            title=title.value if title is not None else None,  # type: ignore[union-attr]
            publisher=publisher.value if publisher is not None else None,  # type: ignore[union-attr]
            published=published.value if published is not None else None,  # type: ignore[union-attr]
        )
    return DatasetStats(
        quads=store.quad_count(),
        classes=[(row[0].value, int(row[1].value)) for row in classes.rows],  # type: ignore[union-attr]
        graphs=list(seen.values()),
    )
