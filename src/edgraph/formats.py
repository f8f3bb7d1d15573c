"""The one table of formats, and the one content negotiation that reads it.

Where format X lives: in :data:`FORMATS`, one row per format, and nowhere else. Each column is
read where the code needs that fact:

- ``name`` (and ``names``, other names within its kind): ``--format``, ``?format=``, the
  worker's messages.
- ``media_type`` and ``aliases`` (other media types clients send): content negotiation
  (:func:`negotiate`, :func:`wants_page`), every response's Content-Type, a remote store's
  answers (:func:`readable`).
- ``suffixes`` (the first is written): files under ``graph/`` (:func:`for_path`), entity IRIs
  such as ``/id/org/x.ttl`` (:func:`split_suffix`), dump and download names.
- ``oxigraph`` and ``rdflib``: how each library writes and reads it.
- ``w3c``: its IRI under ``http://www.w3.org/ns/formats/`` (the SPARQL service description).
- ``datasets`` (keeps named graphs), ``one_graph`` (offered for one graph: a file under
  ``graph/``, an entity's data, the dataset description), ``prefixes`` (written with the
  prefixes of :mod:`edgraph.namespaces`), ``readable`` (can be read back).

``kind`` says what a format writes: RDF (``graph``), SPARQL results of SELECT and ASK
(``results``), a network for Gephi and spreadsheets (``network``), or the HTML page
(``page``). What a response carries decides which formats are offered for it
(:data:`Result`, :func:`offered`), and :func:`negotiate` picks one of them, from a
``?format=`` or ``--format`` value, a suffix or an Accept header, for ``/sparql``, entity IRIs,
the dataset description and ``edgraph query`` alike.

Adding a format pyoxigraph writes is adding a row: the CLI's choices, the endpoint, entity
IRIs, exports, dumps and the service description follow from it (``tests/test_formats.py``
checks the row against pyoxigraph and rdflib). A network format also needs its writer in
:func:`edgraph.export.write_network`; Kumu's sheets are written by :mod:`edgraph.kumu`, which
reads their provenance columns from the store.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from edgraph.errors import NotAcceptableError, UnsupportedFormatError
from edgraph.namespaces import W3C_FORMATS

if TYPE_CHECKING:
    import pyoxigraph
    from werkzeug.datastructures import MIMEAccept


#: What a format writes: "graph": RDF triples or quads (data files, CONSTRUCT, DESCRIBE);
#: "results": SPARQL results of SELECT and ASK; "network": nodes and ties (GraphML, GEXF, CSV
#: tables); "listing": a table of entities (a Browse listing, as Datasette offers its tables);
#: "sheets": the network as Kumu's Elements and Connections sheets, with provenance, which
#: ``edgraph import`` reads back (downloads and ``--format``, never negotiated: their CSV is
#: text/csv as the network's is); "page": the HTML a browser is given.
Kind = Literal["graph", "results", "network", "listing", "sheets", "page"]

#: What a response carries, which decides the formats offered for it (:func:`offered`).
Result = Literal["graph", "results", "network", "listing", "description", "entity"]


@dataclass(frozen=True)
class Format:
    name: str  # unique within its kind
    kind: Kind
    label: str
    media_type: str
    suffixes: tuple[str, ...]  # the first is the one written
    oxigraph: str | None = None  # attribute of pyoxigraph.RdfFormat or QueryResultsFormat
    rdflib: str | None = None  # rdflib's parser name
    w3c: str | None = None  # IRI of the format under http://www.w3.org/ns/formats/
    aliases: tuple[str, ...] = ()  # other media types clients send for it
    names: tuple[str, ...] = ()  # other names clients give it, within its kind
    datasets: bool = False  # carries named graphs
    one_graph: bool = False  # offered for one graph: a source file, an entity, a description
    prefixes: bool = False  # written with edgraph's prefixes (namespaces.PREFIXES)
    readable: bool = False  # pyoxigraph reads it back (SPARQL CSV results lose types: no)

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    def rdf_format(self) -> pyoxigraph.RdfFormat:
        import pyoxigraph

        if self.kind != "graph" or self.oxigraph is None:
            raise ValueError(f"{self.name} is not an RDF format")
        return getattr(pyoxigraph.RdfFormat, self.oxigraph)  # type: ignore[no-any-return]

    def results_format(self) -> pyoxigraph.QueryResultsFormat:
        import pyoxigraph

        if self.kind != "results" or self.oxigraph is None:
            raise ValueError(f"{self.name} is not a SPARQL results format")
        return getattr(pyoxigraph.QueryResultsFormat, self.oxigraph)  # type: ignore[no-any-return]


FORMATS: tuple[Format, ...] = (
    Format("turtle", "graph", "Turtle", "text/turtle", (".ttl",), "TURTLE", "turtle",
           W3C_FORMATS + "Turtle", ("application/turtle", "application/x-turtle"), ("n3",),
           one_graph=True, prefixes=True, readable=True),
    Format("trig", "graph", "TriG", "application/trig", (".trig",), "TRIG", "trig",
           W3C_FORMATS + "TriG", datasets=True, prefixes=True, readable=True),
    Format("nt", "graph", "N-Triples", "application/n-triples", (".nt",), "N_TRIPLES", "nt",
           W3C_FORMATS + "N-Triples", ("text/plain",), ("ntriples",), one_graph=True,
           readable=True),
    Format("nquads", "graph", "N-Quads", "application/n-quads", (".nq",), "N_QUADS", "nquads",
           W3C_FORMATS + "N-Quads", datasets=True, readable=True),
    Format("rdfxml", "graph", "RDF/XML", "application/rdf+xml", (".rdf", ".owl"), "RDF_XML",
           "xml", W3C_FORMATS + "RDF_XML", ("application/xml", "text/xml"), ("xml",),
           one_graph=True, readable=True),
    Format("jsonld", "graph", "JSON-LD", "application/ld+json", (".jsonld",), "JSON_LD",
           "json-ld", W3C_FORMATS + "JSON-LD", ("application/x-json+ld",), ("json", "json-ld"),
           datasets=True, one_graph=True, readable=True),
    Format("json", "results", "SPARQL JSON", "application/sparql-results+json", (".srj",),
           "JSON", None, W3C_FORMATS + "SPARQL_Results_JSON",
           ("application/json", "text/javascript", "application/javascript"), readable=True),
    Format("xml", "results", "SPARQL XML", "application/sparql-results+xml", (".srx",), "XML",
           None, W3C_FORMATS + "SPARQL_Results_XML", ("application/xml", "text/xml"),
           readable=True),
    Format("csv", "results", "CSV", "text/csv", (".csv",), "CSV", None,
           W3C_FORMATS + "SPARQL_Results_CSV"),
    Format("tsv", "results", "TSV", "text/tab-separated-values", (".tsv",), "TSV", None,
           W3C_FORMATS + "SPARQL_Results_TSV", readable=True),
    Format("graphml", "network", "GraphML", "application/graphml+xml", (".graphml",)),
    Format("gexf", "network", "GEXF", "application/gexf+xml", (".gexf",)),
    Format("csv", "network", "CSV node and edge tables", "text/csv", (".csv",)),
    Format("csv", "listing", "CSV", "text/csv", (".csv",)),
    Format("json", "listing", "JSON", "application/json", (".json",)),
    Format("kumu-xlsx", "sheets", "Kumu XLSX workbook (elements and connections)",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    Format("kumu-csv", "sheets", "Kumu CSV sheets (elements and connections)", "text/csv",
           (".csv",)),
    Format("html", "page", "HTML", "text/html", (".html",), aliases=("application/xhtml+xml",)),
)  # fmt: skip

#: How messages name what each kind of response carries.
_WHAT: dict[Result, str] = {
    "graph": "an RDF graph (CONSTRUCT, DESCRIBE)",
    "results": "SELECT and ASK results",
    "network": "a network",
    "listing": "a listing",
    "description": "a description",
    "entity": "an entity",
}


def of_kind(kind: Kind) -> tuple[Format, ...]:
    """The formats of one kind, in table order (the first is the default).

    >>> [f.name for f in of_kind("results")]
    ['json', 'xml', 'csv', 'tsv']
    """
    return tuple(f for f in FORMATS if f.kind == kind)


@functools.cache
def offered(result: Result) -> tuple[Format, ...]:
    """The formats a response carrying ``result`` may come in; the first is the default.

    "graph", "results", "network": every format of that kind; "description" (of the dataset,
    of one resource): the RDF formats for one graph; "entity" (an entity IRI): its page first,
    then the same.

    >>> [f.name for f in offered("entity")]
    ['html', 'turtle', 'nt', 'rdfxml', 'jsonld']
    """
    if result == "description":
        return tuple(f for f in of_kind("graph") if f.one_graph)
    if result == "entity":
        return (*of_kind("page"), *offered("description"))
    return of_kind(result)


def by_name(name: str, kind: Kind | None = None) -> Format:
    """The format called ``name`` (of ``kind``, when given); the table's own names only, as
    code and the CLI spell them. Without a kind, the first in table order: "csv" is the SPARQL
    results format, the network's CSV tables need ``kind="network"``.

    >>> by_name("trig").media_type
    'application/trig'
    >>> by_name("docx")
    Traceback (most recent call last):
    ...
    edgraph.errors.UnsupportedFormatError: unknown format 'docx'; known: turtle, trig, ...html
    >>> by_name("csv", "graph")
    Traceback (most recent call last):
    ...
    edgraph.errors.UnsupportedFormatError: unknown format 'csv' for this result; known: ...
    """
    candidates = FORMATS if kind is None else of_kind(kind)
    for fmt in candidates:
        if fmt.name == name:
            return fmt
    known = ", ".join(f.name for f in candidates)
    where = "" if kind is None else " for this result"
    raise UnsupportedFormatError(f"unknown format {name!r}{where}; known: {known}")


def negotiate(
    result: Result, *, name: str | None = None, accept: str | None = None, strict: bool = True
) -> Format:
    """The format to answer with, among those :func:`offered` for ``result``: the one ``name``
    asks for (a ``?format=`` or ``--format`` value: its name, another name the table gives it
    within its kind, a suffix with or without its dot, or a media type; any case), else the
    best the Accept header allows (quality first, then the more specific entry, then the
    table's order, a format's own media type before the aliases of any), else the first
    offered. When the Accept header allows none of them: NotAcceptableError, or with
    ``strict=False`` the first offered all the same (RFC 9110 allows either; the dataset
    description, a document people open from a link, does so).

    >>> negotiate("graph", name="xml").name  # "xml" asked of a CONSTRUCT: RDF/XML
    'rdfxml'
    >>> negotiate("results", accept="text/csv;q=0.5, application/sparql-results+xml").name
    'xml'
    >>> negotiate("entity", accept="*/*").name  # browsers and curl: the page
    'html'
    >>> negotiate("results", name="turtle")
    Traceback (most recent call last):
    ...
    edgraph.errors.NotAcceptableError: SELECT and ASK results cannot be written as turtle; use ...
    >>> negotiate("graph", accept="image/png")
    Traceback (most recent call last):
    ...
    edgraph.errors.NotAcceptableError: none of the media types in Accept (image/png) can carry ...
    >>> negotiate("description", accept="image/png", strict=False).name
    'turtle'
    """
    offers = offered(result)
    if name is not None:
        fmt = _by_any_name(result).get(name.strip().lower())
        if fmt is None:
            known = ", ".join(f.name for f in offers)
            raise NotAcceptableError(f"{_WHAT[result]} cannot be written as {name}; use {known}")
        return fmt
    accept = (accept or "").strip()
    if not accept:
        return offers[0]
    index = _by_media_type(result)
    exact = index.get(accept)  # the common case: one media type, named exactly
    if exact is not None:
        return exact
    # Primary media types before aliases: "text/*" is answered as text/csv, not as SPARQL JSON
    # found through its alias text/javascript and then labelled application/sparql-results+json.
    best = _parsed(accept).best_match(_ranked_media_types(result))
    if best is None and not strict:
        return offers[0]
    if best is None:
        raise NotAcceptableError(
            f"none of the media types in Accept ({accept}) can carry {_WHAT[result]}; "
            f"offered: {', '.join(f.media_type for f in offers)}"
        )
    return index[best]


def wants_page(*, name: str | None = None, accept: str | None = None) -> bool:
    """Whether a client of the SPARQL endpoint asks for its page (the workbench) rather than
    data: ``name`` (``?format=``) names the page, or the Accept header names it at least as
    high as any data format. Browsers do; a client that sends ``*/*`` or nothing (curl, most
    libraries) gets data. (At an entity IRI the page comes first instead: :func:`negotiate`
    for "entity".)

    >>> wants_page(accept="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    True
    >>> wants_page(accept="*/*"), wants_page(accept="text/html;q=0.5, text/csv")
    (False, False)
    """
    page = of_kind("page")
    if name is not None:
        return _by_any_name("entity").get(name.strip().lower()) in page
    if not accept or "html" not in accept:
        return False
    parsed = _parsed(accept)
    media_types = {m for f in page for m in f.media_types}
    html = max((q for m, q in parsed if m in media_types), default=0)
    data = max(parsed[m] for f in (*of_kind("results"), *of_kind("graph")) for m in f.media_types)
    return html > 0 and html >= data


def split_suffix(path: str, result: Result) -> tuple[str, Format | None]:
    """``path`` less the suffix of a format offered for ``result``, and that format; else
    ``path`` as it is, and None.

    >>> stem, fmt = split_suffix("org/tec.ttl", "description")
    >>> stem, fmt.name
    ('org/tec', 'turtle')
    >>> split_suffix("org/st.john", "description")
    ('org/st.john', None)
    """
    for fmt in offered(result):
        for suffix in fmt.suffixes:
            if path.endswith(suffix) and len(path) > len(suffix):
                return path[: -len(suffix)], fmt
    return path, None


def readable(media_type: str) -> Format | None:
    """The RDF or SPARQL results format to read an answer labelled ``media_type`` with: the
    one with that media type, else the one alias of a single format; None when none can be
    read ("text/csv": SPARQL CSV is lossy; "application/xml": RDF/XML or SPARQL XML?).

    >>> readable("text/plain").name, readable("application/json").name
    ('nt', 'json')
    >>> readable("text/csv") is None, readable("application/xml") is None
    (True, True)
    """
    candidates = [f for f in FORMATS if f.readable]
    for fmt in candidates:
        if fmt.media_type == media_type:
            return fmt
    aliased = [f for f in candidates if media_type in f.aliases]
    return aliased[0] if len(aliased) == 1 else None


def for_path(path: Path) -> Format:
    """The format of a data file, from its suffix.

    >>> for_path(Path("graph/sources/a.ttl")).name
    'turtle'
    >>> for_path(Path("notes.txt"))
    Traceback (most recent call last):
    ...
    edgraph.errors.UnsupportedFormatError: notes.txt: cannot read this kind of file; ...jsonld
    """
    suffix = path.suffix.lower()
    for fmt in of_kind("graph"):
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(s for f in of_kind("graph") for s in f.suffixes)
    raise UnsupportedFormatError(f"{path}: cannot read this kind of file; expected one of {known}")


def is_data_file(path: Path) -> bool:
    """Whether ``path`` is meant as a data file: not a folder, a hidden file or a README.

    A link to nowhere counts, so that loading it fails loudly instead of skipping it.
    """
    return not path.is_dir() and not path.name.startswith((".", "README"))


@functools.cache
def _by_media_type(result: Result) -> dict[str, Format]:
    index: dict[str, Format] = {}
    for fmt in offered(result):
        for media_type in fmt.media_types:
            index.setdefault(media_type, fmt)
    return index


@functools.cache
def _ranked_media_types(result: Result) -> tuple[str, ...]:
    primary = tuple(f.media_type for f in offered(result))
    return primary + tuple(m for f in offered(result) for m in f.aliases)


@functools.cache
def _by_any_name(result: Result) -> dict[str, Format]:
    index: dict[str, Format] = {}
    for fmt in offered(result):
        suffixes = [s for suffix in fmt.suffixes for s in (suffix, suffix.lstrip("."))]
        for key in (fmt.name, *fmt.names, *suffixes, *fmt.media_types):
            index.setdefault(key.lower(), fmt)
    return index


@functools.lru_cache(maxsize=64)
def _parsed(accept: str) -> MIMEAccept:
    # werkzeug (Flask's own toolkit, installed with edgraph) parses Accept headers as RFC 9110
    # says; the core imports it here only, never Flask.
    from werkzeug.datastructures import MIMEAccept
    from werkzeug.http import parse_accept_header

    return parse_accept_header(accept, MIMEAccept)
