"""Reading a SPARQL query before it runs, and describing the endpoint that runs it.

:func:`inspect_query` tokenizes a query (comments, strings and IRIs are skipped as the SPARQL
grammar defines them) to learn what it is and what it reaches for: its form, the graphs its
``FROM`` and ``FROM NAMED`` clauses name, the endpoints its ``SERVICE`` clauses call. It runs in
microseconds, so every request is checked before a worker sees it; the full parse, and its
syntax errors, stay with the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple
from urllib.parse import urljoin

from edgraph.errors import QueryRefusedError, QueryTooLongError

Form = Literal["select", "ask", "construct", "describe"]

_TOKEN = re.compile(
    r"""
    \s*(?:
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w\-.:%]|\\\S)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    )
    """,
    re.VERBOSE | re.DOTALL,
)

_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


class Token(NamedTuple):
    kind: str
    text: str
    start: int  # offset in the query text; :func:`position` gives its line and column


@dataclass(frozen=True)
class QueryPlan:
    """What a query is and which graphs and services it names (IRIs resolved)."""

    form: Form | None  # None when the text does not start like any query; the engine will say why
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    services: tuple[str, ...] = field(default=())

    @property
    def result_kind(self) -> Literal["results", "graph"]:
        return "graph" if self.form in ("construct", "describe") else "results"


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of ``text``: no spaces, no comments.

    >>> [t.text for t in tokens('SELECT ?s # SERVICE\\nWHERE { ?s a "SERVICE" }')]
    ['SELECT', '?s', 'WHERE', '{', '?s', 'a', '"SERVICE"', '}']
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "comment" or kind is None:  # None never comes: every match is one group
            continue
        value = match.group(kind)
        if kind == "pname":
            value = value.rstrip(".")  # a local name never ends in '.'; that dot ends a triple
        yield Token(kind, value, match.start(kind))


def position(text: str, start: int) -> tuple[int, int]:
    """Line and column (both from 1) of offset ``start`` in ``text``.

    >>> position("SELECT *\\n{ ?s ?p ?o }", 11)
    (2, 3)
    """
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("\n", 0, start) + 1, start - line_start + 1


def substitute(text: str, terms: dict[str, str]) -> str:
    """``text`` with every ``?name`` / ``$name`` variable token in ``terms`` replaced by its
    term; strings, IRIs and comments are left alone.

    >>> substitute('SELECT ?s { ?s ?p ?year FILTER(?y != "?year") } # ?year', {"year": "2020"})
    'SELECT ?s { ?s ?p 2020 FILTER(?y != "?year") } # ?year'
    """
    pieces: list[str] = []
    done = 0
    for token in tokens(text):
        if token.kind == "var" and token.text[1:] in terms:
            pieces += [text[done : token.start], terms[token.text[1:]]]
            done = token.start + len(token.text)
    return "".join(pieces) + text[done:]


def inspect_query(
    text: str, *, max_chars: int | None = None, service_allow: Sequence[str] | None = ()
) -> QueryPlan:
    """Classify ``text``; refuse updates, and ``SERVICE`` calls off ``service_allow`` (None:
    list them, refuse none).

    >>> inspect_query("PREFIX g: <http://ex/g/> SELECT * FROM g:one { ?s ?p ?o }")
    QueryPlan(form='select', from_graphs=('http://ex/g/one',), from_named=(), services=())
    >>> inspect_query("SELECT * { SERVICE <http://ex/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    edgraph.errors.QueryRefusedError: line 1, column 12: SERVICE <http://ex/sparql> is not...
    >>> inspect_query("DROP ALL")
    Traceback (most recent call last):
    ...
    edgraph.errors.QueryRefusedError: line 1, column 1: this endpoint runs queries only...
    """
    if max_chars is not None and len(text) > max_chars:
        raise QueryTooLongError(
            f"the query is {len(text):,} characters long; the limit is {max_chars:,}"
        )
    items = list(tokens(text))
    prefixes: dict[str, str] = {}
    base = ""
    form: Form | None = None
    from_graphs: list[str] = []
    from_named: list[str] = []
    services: list[str] = []
    i = 0

    def iri_at(index: int) -> str | None:
        if index >= len(items):
            return None
        token = items[index]
        if token.kind == "iri":
            return urljoin(base, token.text[1:-1]) if base else token.text[1:-1]
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            if prefix in prefixes:
                return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        return None

    while i < len(items):
        token = items[i]
        word = token.text.upper() if token.kind == "word" else ""
        if word == "PREFIX" and i + 2 < len(items) and items[i + 1].kind == "pname":
            target = iri_at(i + 2)
            if target is not None:
                prefixes[items[i + 1].text.rstrip(":").split(":")[0]] = target
            i += 3
            continue
        if word == "BASE" and form is None:
            base = iri_at(i + 1) or base
            i += 2
            continue
        if form is None and word:
            if word in _FORMS:
                form = word.lower()  # type: ignore[assignment]
            elif word in _UPDATES:
                line, column = position(text, token.start)
                raise QueryRefusedError(
                    f"line {line}, column {column}: this endpoint runs queries only "
                    f"(SELECT, ASK, CONSTRUCT, DESCRIBE); {word} is an update and is refused"
                )
        if word == "FROM":
            named = i + 1 < len(items) and items[i + 1].text.upper() == "NAMED"
            target = iri_at(i + 2 if named else i + 1)
            if target is not None:
                (from_named if named else from_graphs).append(target)
        elif word == "SERVICE":
            j = i + 1
            if j < len(items) and items[j].text.upper() == "SILENT":
                j += 1
            target = iri_at(j)
            if service_allow is None:
                services.append(target or "")
            elif target is None or target not in service_allow:
                called = items[j].text if j < len(items) else "(nothing)"
                allowed = ", ".join(service_allow) or "none"
                line, column = position(text, token.start)
                raise QueryRefusedError(
                    f"line {line}, column {column}: SERVICE {called} is not allowed "
                    f"here; endpoints allowed by the service_allow setting: {allowed}"
                )
            else:
                services.append(target)
        i += 1
    return QueryPlan(form, tuple(from_graphs), tuple(from_named), tuple(services))


def service_description(
    endpoint: str, graphs: Sequence[str], *, row_cap: int, federated: bool
) -> list[Any]:
    """The SPARQL 1.1 Service Description of an endpoint at ``endpoint`` (pyoxigraph triples).

    It names the query language, every result format, the union default graph and the named
    graphs of the store.
    """
    import pyoxigraph as ox

    from edgraph.formats import FORMATS
    from edgraph.namespaces import DCTERMS, RDF

    sd = "http://www.w3.org/ns/sparql-service-description#"
    formats = "http://www.w3.org/ns/formats/"
    names = {
        "turtle": "Turtle", "trig": "TriG", "nt": "N-Triples", "nquads": "N-Quads",
        "rdfxml": "RDF_XML", "jsonld": "JSON-LD", "json": "SPARQL_Results_JSON",
        "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV",
    }  # fmt: skip
    service = ox.NamedNode(endpoint)
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("default")
    triples = [
        ox.Triple(service, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Service")),
        ox.Triple(service, ox.NamedNode(sd + "endpoint"), service),
        ox.Triple(
            service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")
        ),
        ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")),
        ox.Triple(
            service,
            ox.NamedNode(DCTERMS + "description"),
            ox.Literal(
                f"Read-only SPARQL 1.1 query endpoint of edgraph; results are cut at {row_cap} "
                "rows unless full=1 is given; SERVICE only to allow-listed endpoints.",
                language="en",
            ),
        ),
        ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
        ox.Triple(dataset, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), default),
        ox.Triple(default, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Graph")),
    ]
    if federated:
        triples.append(
            ox.Triple(
                service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "BasicFederatedQuery")
            )
        )
    for fmt in FORMATS:
        triples.append(
            ox.Triple(
                service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(formats + names[fmt.name])
            )
        )
    for index, graph in enumerate(graphs):
        node = ox.BlankNode(f"g{index}")
        triples += [
            ox.Triple(dataset, ox.NamedNode(sd + "namedGraph"), node),
            ox.Triple(node, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "NamedGraph")),
            ox.Triple(node, ox.NamedNode(sd + "name"), ox.NamedNode(graph)),
        ]
    return triples
