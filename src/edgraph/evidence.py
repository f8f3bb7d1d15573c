"""Why a statement is believed: the evidence a source gives for it (its paragraph and, for
sources curated from a user's own article, the quoted sentence), and every statement one source
makes with its evidence.

Evidence is modelled in public vocabulary: an ``edgo:Evidence`` node is an ``rdf:Statement``
(RDF reification, which every RDF store and rdflib read) naming the statement's
``rdf:subject``, ``rdf:predicate`` and ``rdf:object``, the source (``prov:wasDerivedFrom``),
the paragraph (``edgo:paragraph``) and the sentence (``edgo:quote``). It is kept in the same
named graph as the statement, so the source of a statement and its evidence go together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from edgraph.namespaces import EDGO, PROV, RDF, SCHEMA
from edgraph.query.results import QueryResult, Term, lexical

#: Runs one SELECT (a page's query service in the viewer, a store's ``query`` elsewhere).
Run = Callable[[str], QueryResult]


@dataclass(frozen=True)
class Evidence:
    """Where one source states a statement."""

    source: str  # IRI of the source document (or of the named graph when it names none)
    paragraph: int | None = None
    quote: str = ""

    def key(self) -> tuple[str, int, str]:
        """For sorting: by source, then paragraph (none last), then quote."""
        return (self.source, self.paragraph or 1 << 30, self.quote)


def paragraph_number(term: Term | None) -> int | None:
    """A paragraph locator as a number (None when there is none or it is not a number).

    >>> import pyoxigraph as ox
    >>> paragraph_number(ox.Literal("4", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    4
    >>> paragraph_number(None) is None
    True
    """
    if term is None:
        return None
    text = lexical(term)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def evidence_pattern(subject: str, predicate: str, obj: str) -> str:
    """A SPARQL group that binds ``?evidence`` for each evidence node of ``subject predicate
    obj`` (SPARQL terms or variables), with ``?doc`` its source, ``?said`` its paragraph and
    ``?quote``, the last three when it has them."""
    return f"""?evidence <{RDF}subject> {subject} ; <{RDF}predicate> {predicate} ;
                <{RDF}object> {obj} .
      OPTIONAL {{ ?evidence <{PROV}wasDerivedFrom> ?doc }}
      OPTIONAL {{ ?evidence <{EDGO}paragraph> ?said }}
      OPTIONAL {{ ?evidence <{EDGO}quote> ?quote }}"""


def why_query(subject: str, predicate: str, obj: str) -> str:
    """The SELECT that says why ``subject predicate obj`` is believed: each source stating it,
    with the paragraph and the quote when there are (SPARQL terms, e.g. ``<iri>``).

    >>> print(why_query("<http://example.org/fair>", "<http://example.org/host>", "?o"))
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX edgo: <https://w3id.org/edgraph/ontology#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?source ?paragraph ?quote WHERE {
      ?evidence rdf:subject <http://example.org/fair> ; rdf:predicate <http://example.org/host> ;
                rdf:object ?o ; prov:wasDerivedFrom ?source .
      OPTIONAL { ?evidence edgo:paragraph ?paragraph }
      OPTIONAL { ?evidence edgo:quote ?quote }
    }
    ORDER BY ?source ?paragraph
    """
    return f"""PREFIX rdf: <{RDF}>
PREFIX edgo: <{EDGO}>
PREFIX prov: <{PROV}>
SELECT ?source ?paragraph ?quote WHERE {{
  ?evidence rdf:subject {subject} ; rdf:predicate {predicate} ;
            rdf:object {obj} ; prov:wasDerivedFrom ?source .
  OPTIONAL {{ ?evidence edgo:paragraph ?paragraph }}
  OPTIONAL {{ ?evidence edgo:quote ?quote }}
}}
ORDER BY ?source ?paragraph"""


def why(run: Run, subject: str, predicate: str, obj: Term) -> list[Evidence]:
    """The evidence for one statement (``obj`` an RDF term), from every source stating it.

    >>> from edgraph.store import EmbeddedStore
    >>> import pyoxigraph as ox
    >>> why(EmbeddedStore.in_memory().query, "http://example.org/a", "http://example.org/p",
    ...     ox.NamedNode("http://example.org/b"))
    []
    """
    import pyoxigraph as ox

    query = why_query(str(ox.NamedNode(subject)), str(ox.NamedNode(predicate)), str(obj))
    found = {
        Evidence(lexical(source), paragraph_number(paragraph), lexical(quote) if quote else "")  # type: ignore[arg-type]
        for source, paragraph, quote in run(query).rows
    }
    return sorted(found, key=Evidence.key)


# -- what one source states ---------------------------------------------------------------------


@dataclass(frozen=True)
class Stated:
    """One statement a source makes, with where it makes it."""

    subject: str
    predicate: str
    value: Term
    paragraph: int | None
    quote: str
    evidence: str  # the evidence node's IRI


@dataclass(frozen=True)
class StatedClaim:
    """A claim a source makes ("more than 180 member institutions"), with where."""

    claim: str
    about: str
    measure: str
    qualifier: str
    value: str
    as_of: str
    paragraph: int | None
    quote: str


@dataclass(frozen=True)
class SourceListing:
    """Every statement one source gives evidence for, and its claims, by paragraph."""

    source: str
    url: str | None  # the original document, when the source names an http(s) URL
    statements: list[Stated]
    claims: list[StatedClaim]
    row_cap: int
    cut: bool  # more statements or claims than row_cap: the listing shows row_cap of each

    def paragraphs(self) -> list[tuple[int | None, list[Stated], list[StatedClaim]]]:
        """The statements and claims grouped by paragraph, in order (none given last)."""
        keys = sorted(
            {s.paragraph for s in self.statements} | {c.paragraph for c in self.claims},
            key=lambda n: n if n is not None else 1 << 30,
        )
        return [
            (n, [s for s in self.statements if s.paragraph == n],
             [c for c in self.claims if c.paragraph == n])
            for n in keys
        ]  # fmt: skip


def source_query(source: str, row_cap: int) -> str:
    """One SELECT for a source's listing: ``?part`` is ``statement``, ``claim`` or ``url``,
    at most ``row_cap + 1`` rows of the first two (one more than shown, to tell a cut)."""
    import pyoxigraph as ox

    node = str(ox.NamedNode(source))
    limit = row_cap + 1
    return f"""SELECT ?part ?s ?p ?o ?paragraph ?quote ?measure ?qualifier ?asof ?url ?evidence
WHERE {{
  {{ SELECT ?part ?evidence ?s ?p ?o ?paragraph ?quote WHERE {{
      ?evidence <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o ;
                <{PROV}wasDerivedFrom> {node} .
      OPTIONAL {{ ?evidence <{EDGO}paragraph> ?paragraph }}
      OPTIONAL {{ ?evidence <{EDGO}quote> ?quote }}
      BIND("statement" AS ?part)
    }} ORDER BY ?paragraph ?s ?p ?o LIMIT {limit} }}
  UNION
  {{ SELECT ?part ?s ?p ?o ?paragraph ?quote ?measure ?qualifier ?asof WHERE {{
      ?p a <{EDGO}Claim> ; <{EDGO}about> ?s ; <{EDGO}measure> ?measure ;
         <{PROV}wasDerivedFrom> {node} .
      OPTIONAL {{ ?p <{SCHEMA}value> ?o }}
      OPTIONAL {{ ?p <{EDGO}qualifier> ?qualifier }}
      OPTIONAL {{ ?p <{EDGO}asOf> ?asof }}
      OPTIONAL {{ ?p <{EDGO}paragraph> ?paragraph }}
      OPTIONAL {{ ?p <{EDGO}quote> ?quote }}
      BIND("claim" AS ?part)
    }} ORDER BY ?paragraph ?p LIMIT {limit} }}
  UNION
  {{ SELECT ?part ?url WHERE {{ {node} <{SCHEMA}url> ?url BIND("url" AS ?part) }} LIMIT 5 }}
}}"""


def source_listing(run: Run, source: str, *, row_cap: int = 1000) -> SourceListing:
    """What ``source`` states, read by :func:`source_query`: each statement it gives evidence
    for with its paragraph and quote, its claims, and its original URL when it is http(s).

    >>> from edgraph.store import EmbeddedStore
    >>> listing = source_listing(EmbeddedStore.in_memory().query, "http://example.org/doc")
    >>> listing.statements, listing.url
    ([], None)
    """
    statements: dict[tuple[str, str, Term], Stated] = {}
    claims: dict[str, StatedClaim] = {}
    urls: list[str] = []
    counts = {"statement": 0, "claim": 0}
    for part, s, p, o, paragraph, quote, measure, qualifier, asof, url, node in run(
        source_query(source, row_cap)
    ).rows:
        kind = lexical(part)  # type: ignore[arg-type]
        if kind == "url":
            urls.append(lexical(url))  # type: ignore[arg-type]
            continue
        counts[kind] += 1
        if counts[kind] > row_cap:
            continue
        number, said = paragraph_number(paragraph), lexical(quote) if quote else ""
        if kind == "statement":
            key = (lexical(s), lexical(p), o)  # type: ignore[arg-type]
            statements.setdefault(key, Stated(*key, number, said, lexical(node)))  # type: ignore[arg-type]
        else:
            claim = lexical(p)  # type: ignore[arg-type]
            claims.setdefault(claim, StatedClaim(
                claim, lexical(s), lexical(measure),  # type: ignore[arg-type]
                lexical(qualifier) if qualifier else "", lexical(o) if o else "",
                lexical(asof) if asof else "", number, said,
            ))  # fmt: skip
    return SourceListing(
        source=source,
        url=next((u for u in sorted(urls) if web_url(u)), None),
        statements=list(statements.values()),
        claims=list(claims.values()),
        row_cap=row_cap,
        cut=any(n > row_cap for n in counts.values()),
    )


def web_url(url: str) -> bool:
    """Whether ``url`` is one a page may link to as a document's original: http or https, with
    a host, and nothing a browser would read otherwise (spaces, control characters, quotes).

    >>> web_url("https://news.example.org/fair?id=3"), web_url("javascript:alert(1)")
    (True, False)
    >>> web_url("https:///no-host"), web_url("http://a b.example/")
    (False, False)
    """
    if len(url) > 2000 or any(c.isspace() or ord(c) < 32 or c in "\"'<>\\`" for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
