"""The one table of formats: RDF graphs and datasets, and SPARQL query results.

Read by file loading (suffixes), ``--format`` (names) and content negotiation (media types and
their aliases).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from edgraph.errors import UnsupportedFormatError

if TYPE_CHECKING:
    import pyoxigraph


#: "graph": RDF triples or quads (data files, CONSTRUCT, DESCRIBE); "results": SPARQL results
#: of SELECT and ASK.
Kind = Literal["graph", "results"]


@dataclass(frozen=True)
class Format:
    name: str
    kind: Kind
    label: str
    media_type: str
    suffixes: tuple[str, ...]
    datasets: bool  # carries named graphs
    oxigraph: str  # attribute of pyoxigraph.RdfFormat or pyoxigraph.QueryResultsFormat
    aliases: tuple[str, ...] = ()  # other media types clients send for it

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    def rdf_format(self) -> pyoxigraph.RdfFormat:
        import pyoxigraph

        return getattr(pyoxigraph.RdfFormat, self.oxigraph)  # type: ignore[no-any-return]

    def results_format(self) -> pyoxigraph.QueryResultsFormat:
        import pyoxigraph

        return getattr(pyoxigraph.QueryResultsFormat, self.oxigraph)  # type: ignore[no-any-return]


FORMATS: tuple[Format, ...] = (
    Format("turtle", "graph", "Turtle", "text/turtle", (".ttl",), False, "TURTLE",
           ("application/turtle", "application/x-turtle")),
    Format("trig", "graph", "TriG", "application/trig", (".trig",), True, "TRIG"),
    Format("nt", "graph", "N-Triples", "application/n-triples", (".nt",), False, "N_TRIPLES",
           ("text/plain",)),
    Format("nquads", "graph", "N-Quads", "application/n-quads", (".nq",), True, "N_QUADS"),
    Format("rdfxml", "graph", "RDF/XML", "application/rdf+xml", (".rdf", ".owl"), False,
           "RDF_XML", ("application/xml", "text/xml")),
    Format("jsonld", "graph", "JSON-LD", "application/ld+json", (".jsonld",), True, "JSON_LD",
           ("application/x-json+ld",)),
    Format("json", "results", "SPARQL JSON", "application/sparql-results+json", (".srj",),
           False, "JSON", ("application/json", "text/javascript", "application/javascript")),
    Format("xml", "results", "SPARQL XML", "application/sparql-results+xml", (".srx",), False,
           "XML", ("application/xml", "text/xml")),
    Format("csv", "results", "CSV", "text/csv", (".csv",), False, "CSV"),
    Format("tsv", "results", "TSV", "text/tab-separated-values", (".tsv",), False, "TSV"),
)  # fmt: skip


def of_kind(kind: Kind) -> tuple[Format, ...]:
    """The formats of one kind, in table order (the first is the default).

    >>> [f.name for f in of_kind("results")]
    ['json', 'xml', 'csv', 'tsv']
    """
    return tuple(f for f in FORMATS if f.kind == kind)


def by_name(name: str, kind: Kind | None = None) -> Format:
    """The format called ``name`` (of ``kind``, when given).

    >>> by_name("trig").media_type
    'application/trig'
    >>> by_name("docx")
    Traceback (most recent call last):
    ...
    edgraph.errors.UnsupportedFormatError: unknown format 'docx'; known: turtle, trig, ...tsv
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
