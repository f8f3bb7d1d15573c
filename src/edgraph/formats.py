"""The one table of RDF formats: name, media type, pyoxigraph format, file suffixes.

Read by file loading (suffixes), ``--format`` (names) and, later, content negotiation (media
types).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from edgraph.errors import UnsupportedFormatError

if TYPE_CHECKING:
    import pyoxigraph


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    suffixes: tuple[str, ...]
    datasets: bool  # carries named graphs
    oxigraph: str  # attribute of pyoxigraph.RdfFormat

    def rdf_format(self) -> pyoxigraph.RdfFormat:
        import pyoxigraph

        return getattr(pyoxigraph.RdfFormat, self.oxigraph)  # type: ignore[no-any-return]


FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", (".ttl",), False, "TURTLE"),
    Format("trig", "application/trig", (".trig",), True, "TRIG"),
    Format("nt", "application/n-triples", (".nt",), False, "N_TRIPLES"),
    Format("nquads", "application/n-quads", (".nq",), True, "N_QUADS"),
    Format("rdfxml", "application/rdf+xml", (".rdf", ".owl"), False, "RDF_XML"),
    Format("jsonld", "application/ld+json", (".jsonld",), True, "JSON_LD"),
)


def by_name(name: str) -> Format:
    """The format called ``name``.

    >>> by_name("trig").media_type
    'application/trig'
    >>> by_name("docx")
    Traceback (most recent call last):
    ...
    edgraph.errors.UnsupportedFormatError: unknown format 'docx'; known: turtle, trig, ...jsonld
    """
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    known = ", ".join(f.name for f in FORMATS)
    raise UnsupportedFormatError(f"unknown format {name!r}; known: {known}")


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
    for fmt in FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(s for f in FORMATS for s in f.suffixes)
    raise UnsupportedFormatError(f"{path}: cannot read this kind of file; expected one of {known}")


def is_data_file(path: Path) -> bool:
    """Whether ``path`` is meant as a data file: not a folder, a hidden file or a README.

    A link to nowhere counts, so that loading it fails loudly instead of skipping it.
    """
    return not path.is_dir() and not path.name.startswith((".", "README"))
