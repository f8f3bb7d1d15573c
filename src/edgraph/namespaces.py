"""Prefixes and IRI minting: the only module where a namespace IRI is spelled out."""

from __future__ import annotations

import re
import unicodedata

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
