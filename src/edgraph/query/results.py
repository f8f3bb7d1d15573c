"""What a query gives back, whichever store answered it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

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

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame, one column per variable (pandas must be installed).

        IRIs and blank nodes become strings; numbers and booleans their Python values; other
        literals their text. ASK gives one column, ``boolean``.
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_dataframe needs pandas: pip install pandas") from None
        if self.kind == "ask":
            return pd.DataFrame({"boolean": [self.boolean]})
        data = [[python_value(t) for t in row] for row in self.rows]
        return pd.DataFrame(data, columns=self.variables)

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


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS: dict[str, type] = {
    **{_XSD + t: int for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                               "positiveInteger", "negativeInteger", "nonPositiveInteger",
                               "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")},
    **{_XSD + t: float for t in ("decimal", "double", "float")},
}  # fmt: skip


def python_value(term: Term | None) -> Any:
    """A term as the Python value a table wants.

    >>> python_value(ox.Literal("12", datatype=ox.NamedNode(_XSD + "integer")))
    12
    >>> python_value(ox.Literal("true", datatype=ox.NamedNode(_XSD + "boolean")))
    True
    >>> python_value(ox.NamedNode("http://b")), python_value(None)
    ('http://b', None)
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        try:
            if datatype in _NUMBERS:
                return _NUMBERS[datatype](term.value)
        except ValueError:
            return term.value
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
    return lexical(term)


def lexical(term: Term) -> str:
    """The lexical value of a term: an IRI, a blank node id, a literal's text.

    >>> lexical(ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '12'
    """
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value
