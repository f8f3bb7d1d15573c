"""The check that the analysis and the gallery's queries give the same answers on one store:
the brokers between networks and the shared funders, compared as sets. Used on the test graphs
(tests/test_analysis.py) and on the curated graph (tests/test_competency.py)."""

from __future__ import annotations

from edgraph.analysis import Analysis
from edgraph.examples import examples
from edgraph.store import Store


def _gallery(store: Store, name: str) -> list[tuple[str, ...]]:
    """The rows of the gallery example ``name``, as lexical values."""
    [example] = [e for e in examples() if e.name == name]
    rows = store.query(example.query).rows
    return [tuple(t.value if t is not None else "" for t in row) for row in rows]  # type: ignore[union-attr]


def agreement(store: Store, analysis: Analysis) -> None:
    """The analysis's brokers and shared funders are the gallery's answers on the same store."""
    label = analysis.facts.label
    brokers = {(iri, n) for iri, n in analysis.brokers()}
    assert {(row[0], int(row[2])) for row in _gallery(store, "03-linking-organizations")} == brokers
    assert {(row[0], row[1]) for row in _gallery(store, "03-linking-organizations")} == {
        (iri, label(iri)) for iri, _ in brokers
    }
    overlaps = {(o.a, o.b, len(o.shared), o.jaccard) for o in analysis.overlaps}
    assert {(r[0], r[2], int(r[4]), round(float(r[5]), 6))
            for r in _gallery(store, "17-shared-funders")} == overlaps  # fmt: skip
    funded: dict[str, set[str]] = {}
    for o in analysis.overlaps:
        for funder in o.shared:
            funded.setdefault(funder, set()).update((o.a, o.b))
    assert {(r[0], int(r[2])) for r in _gallery(store, "02-funders-of-several")} == {
        (funder, len(things)) for funder, things in funded.items()
    }
