"""Prefixes and IRI minting: the only module where a namespace IRI is spelled out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

SCHEMA = "http://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
SPDX = "http://spdx.org/rdf/terms#"
#: Unique URIs for file formats (W3C): what a SPARQL service description names formats by.
W3C_FORMATS = "http://www.w3.org/ns/formats/"

#: The edgraph ontology (vocabulary); never rewritten.
EDGO = "https://w3id.org/edgraph/ontology#"
#: The base under which the bundled data mints entity IRIs. The ``base_iri`` setting can move
#: the data to another base at build time.
DEFAULT_BASE = "https://w3id.org/edgraph/id/"

#: Prefixes offered to queries and used in serializations.
PREFIXES: dict[str, str] = {
    "edgo": EDGO,
    "schema": SCHEMA,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "sh": SH,
    "void": VOID,
    "dcat": DCAT,
}


#: The kinds of entity IRI under the base: ``{base}{kind}/{slug}``.
KINDS = (
    "org",
    "network",
    "event",
    "person",
    "place",
    "country",
    "region",
    "project",
    "topic",
    "sdg",
    "claim",
    "membership",
    "evidence",
    "source",
    "graph",
)


def slugify(text: str) -> str:
    """A readable, stable IRI segment for ``text``.

    >>> slugify("Tecnológico de Monterrey (TEC)")
    'tecnologico-de-monterrey-tec'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def mint(base: str, kind: str, name: str) -> str:
    """The IRI of an entity of ``kind`` named ``name`` under ``base``.

    >>> mint(DEFAULT_BASE, "org", "Siemens Stiftung")
    'https://w3id.org/edgraph/id/org/siemens-stiftung'
    >>> mint(DEFAULT_BASE, "planet", "Mars")
    Traceback (most recent call last):
    ...
    ValueError: unknown IRI kind 'planet'; expected one of org, network, event, ...
    """
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}; expected one of {', '.join(KINDS[:3])}, ...")
    return f"{base}{kind}/{slugify(name)}"


def mint_new(
    base: str, kind: str, name: str, taken: Callable[[str], bool], *, max_length: int = 80
) -> str:
    """A new IRI for an entity of ``kind`` named ``name``: its readable slug (cut at a word
    boundary to ``max_length`` characters), with ``-2``, ``-3``... added while ``taken`` says
    the IRI is in use. A name with no letters or digits gets the slug ``unnamed``.

    >>> used = {"https://w3id.org/edgraph/id/org/andes-fund"}
    >>> mint_new(DEFAULT_BASE, "org", "Andes Fund", used.__contains__)
    'https://w3id.org/edgraph/id/org/andes-fund-2'
    >>> mint_new(DEFAULT_BASE, "person", "!!!", used.__contains__)
    'https://w3id.org/edgraph/id/person/unnamed'
    """
    slug = slugify(name)
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    first = mint(base, kind, slug.strip("-") or "unnamed")
    candidate, number = first, 1
    while taken(candidate):
        number += 1
        candidate = f"{first}-{number}"
    return candidate


def mint_record(base: str, kind: str, source: str, key: str) -> str:
    """The IRI of a record a source file writes (a claim, a membership, the evidence of a
    statement): the source's slug and a digest of ``key``, what the record is of, so the same
    record of the same source always has the same IRI and two sources' never collide.

    >>> mint_record(DEFAULT_BASE, "evidence", "fair-2025", "s|p|o")
    'https://w3id.org/edgraph/id/evidence/fair-2025-59dbbcf012'
    """
    import hashlib

    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}; expected one of {', '.join(KINDS[:3])}, ...")
    return f"{base}{kind}/{source}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def graph_iri(base: str, name: str) -> str:
    """The IRI of the named graph holding the file ``name`` (its path without suffix).

    >>> graph_iri(DEFAULT_BASE, "sources/aspnet-regional-meeting-2024")
    'https://w3id.org/edgraph/id/graph/sources/aspnet-regional-meeting-2024'
    """
    return f"{base}graph/{name}"


def shorten(iri: str) -> str:
    """``prefix:local`` for an IRI in a known namespace, else ``<iri>``.

    >>> shorten("http://schema.org/name")
    'schema:name'
    >>> shorten("https://example.org/x")
    '<https://example.org/x>'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"
