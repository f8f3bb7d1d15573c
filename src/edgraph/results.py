"""What a query gives back, whichever store answered it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

import pyoxigraph as ox

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class QueryResult:
    """The answer to one SPARQL query.

    ``rows`` holds solutions (SELECT: one value or ``None`` per variable), one ``(s, p, o)``
    triple per row (CONSTRUCT, DESCRIBE), or nothing (ASK, whose answer is ``boolean``).
    """

    kind: Literal["select", "ask", "graph"]
    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    truncated: bool  # the row cap cut the result
    elapsed_ms: float
    boolean: bool | None = None

    def values(self, variable: str) -> list[Term | None]:
        """One column of a SELECT result."""
        index = self.variables.index(variable)
        return [row[index] for row in self.rows]

    def strings(self, variable: str) -> set[str]:
        """The distinct lexical values of one column (IRIs and literals alike), for checks.

        >>> r = QueryResult("select", ["x"], [(ox.Literal("a"),), (ox.NamedNode("http://b"),)],
        ...                 False, 0.0)
        >>> sorted(r.strings("x"))
        ['a', 'http://b']
        """
        return {lexical(term) for term in self.values(variable) if term is not None}


def lexical(term: Term) -> str:
    """The lexical value of a term: an IRI, a blank node id, a literal's text.

    >>> lexical(ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '12'
    """
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value
