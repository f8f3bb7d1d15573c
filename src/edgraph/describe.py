"""The dataset described in DCAT and VoID: what it is, who publishes it under which licence,
how big it is (triples, entities, classes, properties, partitions), where to get it
(distributions with media types, sizes and checksums) and where to query it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from edgraph import formats
from edgraph.namespaces import DCAT, DCTERMS, FOAF, RDF, RDFS, SPDX, VOID, XSD

if TYPE_CHECKING:
    import pyoxigraph as ox

    from edgraph.settings import Settings
    from edgraph.store import Store

#: Licences we can name in CITATION.cff by their SPDX identifier.
SPDX_IDS = {
    "https://creativecommons.org/licenses/by/4.0/": "CC-BY-4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC-BY-SA-4.0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0-1.0",
    "https://opendatacommons.org/licenses/by/1-0/": "ODC-By-1.0",
    "https://opendatacommons.org/licenses/odbl/1-0/": "ODbL-1.0",
}


@dataclass(frozen=True)
class Distribution:
    """One download of the dataset."""

    url: str
    media_type: str
    title: str
    byte_size: int | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Counts:
    triples: int
    entities: int  # distinct IRIs with a type
    classes: list[tuple[str, int]]  # class, entities; most first
    properties: list[tuple[str, int]]  # property, triples; most first
    subjects: int
    objects: int


def count(store: Store) -> Counts:
    """The VoID statistics of the store: every statement of every named graph counts.

    >>> from edgraph.store import EmbeddedStore
    >>> count(EmbeddedStore.in_memory()).triples
    0
    """
    from edgraph.query.results import lexical

    def rows(query: str) -> list[tuple[str, int]]:
        return [(lexical(a), int(lexical(b))) for a, b in store.query(query).rows]  # type: ignore[arg-type]

    classes = rows("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } "
                   "FILTER(isIRI(?s)) } GROUP BY ?c ORDER BY DESC(?n) ?c")  # fmt: skip
    properties = rows("SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                      "GROUP BY ?p ORDER BY DESC(?n) ?p")  # fmt: skip
    [(entities, subjects, objects)] = [
        tuple(int(lexical(t)) for t in row)  # type: ignore[arg-type]
        for row in store.query(
            "SELECT (COUNT(DISTINCT ?typed) AS ?e) (COUNT(DISTINCT ?s) AS ?ss) "
            "(COUNT(DISTINCT ?o) AS ?os) WHERE { GRAPH ?g { ?s ?p ?o } "
            "BIND(IF(?p = <" + RDF + "type> && isIRI(?s), ?s, ?none) AS ?typed) }"
        ).rows
    ]
    return Counts(store.quad_count(), entities, classes, properties, subjects, objects)


@dataclass(frozen=True)
class Figures:
    """What the description says about the content, which takes a pass over all of it: the
    counts, and each dump's size and SHA-256 (streamed through a hash; a dump is deterministic,
    so a download has the checksum described). At a million statements this is about 45 s, so
    it is done once per build and kept beside the store's generation.

    >>> from edgraph.store import EmbeddedStore
    >>> figures = Figures.compute(EmbeddedStore.in_memory())
    >>> figures.counts.triples, figures.dumps["dataset.nt"]
    (0, (0, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'))
    >>> Figures.from_json(figures.to_json()) == figures
    True
    """

    CACHE_NAME = "description.json"  # beside the store's generation (Store.cache_file)

    counts: Counts
    dumps: dict[str, tuple[int, str]]  # file name (dataset.nt, ...) -> bytes, SHA-256

    @classmethod
    def compute(cls, store: Store) -> Figures:
        dumps = {}
        for fmt_name, file in dump_names():
            sink = HashingWriter()
            store.dump(sink, formats.by_name(fmt_name))  # type: ignore[arg-type]
            dumps[file] = (sink.size, sink.sha256)
        return cls(count(store), dumps)

    @classmethod
    def load(cls, store: Store) -> Figures:
        """The copy kept beside the store's generation, else computed (and the copy written)."""
        path = store.cache_file(cls.CACHE_NAME)
        if path is not None:
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                return cls.from_json(path.read_bytes())
        figures = cls.compute(store)
        if path is not None:
            with contextlib.suppress(OSError):  # a read-only store folder: no copy, still works
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_name(path.name + ".partial")
                partial.write_bytes(figures.to_json())
                os.replace(partial, path)
        return figures

    @classmethod
    def stored(cls, store: Store) -> Figures | None:
        """The copy kept beside the store's generation, if there is a sound one."""
        path = store.cache_file(cls.CACHE_NAME)
        if path is None:
            return None
        try:
            return cls.from_json(path.read_bytes())
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def to_json(self) -> bytes:
        c = self.counts
        data = {
            "version": 1,
            "counts": [c.triples, c.entities, c.classes, c.properties, c.subjects, c.objects],
            "dumps": self.dumps,
        }
        return json.dumps(data, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Figures:
        data = json.loads(raw)
        if data.get("version") != 1:
            raise ValueError("figures of another version")
        triples, entities, classes, properties, subjects, objects = data["counts"]
        counts = Counts(
            int(triples), int(entities), [(str(c), int(n)) for c, n in classes],
            [(str(p), int(n)) for p, n in properties], int(subjects), int(objects),
        )  # fmt: skip
        dumps = {str(f): (int(size), str(sha)) for f, (size, sha) in data["dumps"].items()}
        return cls(counts, dumps)


def dataset_iri(settings: Settings) -> str:
    return settings.base_iri + "dataset"


def describe(
    settings: Settings,
    counts: Counts | None,
    *,
    distributions: Sequence[Distribution] = (),
    endpoint: str | None = None,
    modified: float | None = None,
    note: str | None = None,
) -> list[ox.Triple]:
    """The description of the dataset whose :func:`count` is ``counts``, as triples (serialize
    them in any format). Without ``counts`` it gives no statistics; ``note`` is said of the
    dataset (``rdfs:comment``), such as that some figures are still being computed.

    >>> from edgraph.settings import Settings
    >>> from edgraph.store import EmbeddedStore
    >>> settings = Settings.load(env={}, config_file=None)
    >>> len(describe(settings, count(EmbeddedStore.in_memory()))) > len(describe(settings, None))
    True
    """
    import pyoxigraph as ox

    from edgraph import __version__

    dataset = dataset_iri(settings)
    version = settings.dataset_version or __version__

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def literal(
        value: object, datatype: str | None = None, language: str | None = None
    ) -> ox.Literal:
        if language:
            return ox.Literal(str(value), language=language)
        return ox.Literal(str(value), datatype=iri(XSD + datatype) if datatype else None)

    triples: list[tuple[str, str, ox.NamedNode | ox.Literal]] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        triples.append((s, p, o))

    def number(value: int) -> ox.Literal:
        return literal(value, "integer")

    stamp = time.strftime(
        "%Y-%m-%d", time.gmtime(modified if modified is not None else time.time())
    )
    add(dataset, RDF + "type", iri(VOID + "Dataset"))
    add(dataset, RDF + "type", iri(DCAT + "Dataset"))
    add(dataset, DCTERMS + "title", literal(settings.dataset_title, language="en"))
    what = ("organizations, networks, funders, sponsors, people, places and events of education "
            "networks and partnerships, each traceable to its source document (one named graph "
            "per source).")  # fmt: skip
    if counts is not None:
        what = f"{counts.triples:,} statements about {counts.entities:,} entities: {what}"
    add(dataset, DCTERMS + "description", literal(what[0].upper() + what[1:], language="en"))
    add(dataset, DCTERMS + "license", iri(settings.dataset_license))
    add(dataset, DCAT + "version", literal(version))
    publisher = dataset + "/publisher"
    add(dataset, DCTERMS + "publisher", iri(publisher))
    add(publisher, RDF + "type", iri(FOAF + "Agent"))
    add(publisher, FOAF + "name", literal(settings.dataset_publisher))
    add(dataset, DCTERMS + "modified", literal(stamp, "date"))
    add(dataset, DCTERMS + "issued", literal(stamp, "date"))
    add(dataset, VOID + "uriSpace", literal(settings.base_iri))
    add(dataset, VOID + "vocabulary", iri("https://w3id.org/edgraph/ontology#"))
    if note:
        add(dataset, RDFS + "comment", literal(note, language="en"))
    if counts is not None:
        add(dataset, VOID + "triples", number(counts.triples))
        add(dataset, VOID + "entities", number(counts.entities))
        add(dataset, VOID + "classes", number(len(counts.classes)))
        add(dataset, VOID + "properties", number(len(counts.properties)))
        add(dataset, VOID + "distinctSubjects", number(counts.subjects))
        add(dataset, VOID + "distinctObjects", number(counts.objects))
        for index, (cls, entities) in enumerate(counts.classes, 1):
            partition = f"{dataset}/class/{index}"
            add(dataset, VOID + "classPartition", iri(partition))
            add(partition, VOID + "class", iri(cls))
            add(partition, VOID + "entities", number(entities))
        for index, (prop, count_) in enumerate(counts.properties, 1):
            partition = f"{dataset}/property/{index}"
            add(dataset, VOID + "propertyPartition", iri(partition))
            add(partition, VOID + "property", iri(prop))
            add(partition, VOID + "triples", number(count_))
    if endpoint:
        service = dataset + "/sparql"
        add(dataset, VOID + "sparqlEndpoint", iri(endpoint))
        add(service, RDF + "type", iri(DCAT + "DataService"))
        add(service, DCAT + "endpointURL", iri(endpoint))
        add(service, DCAT + "servesDataset", iri(dataset))
        add(service, DCTERMS + "conformsTo", iri("https://www.w3.org/TR/sparql11-protocol/"))
    for item in distributions:
        node = item.url  # the download's own URL names the distribution
        add(dataset, DCAT + "distribution", iri(node))
        add(dataset, VOID + "dataDump", iri(item.url))
        add(node, RDF + "type", iri(DCAT + "Distribution"))
        add(node, DCTERMS + "title", literal(item.title, language="en"))
        add(node, DCAT + "downloadURL", iri(item.url))
        add(node, DCAT + "mediaType",
            iri("https://www.iana.org/assignments/media-types/" + item.media_type))  # fmt: skip
        add(node, DCTERMS + "license", iri(settings.dataset_license))
        if item.byte_size is not None:
            add(node, DCAT + "byteSize", literal(item.byte_size, "nonNegativeInteger"))
        if item.sha256 is not None:
            checksum = node + "#sha256"
            add(node, SPDX + "checksum", iri(checksum))
            add(checksum, RDF + "type", iri(SPDX + "Checksum"))
            add(checksum, SPDX + "algorithm", iri(SPDX + "checksumAlgorithm_sha256"))
            add(checksum, SPDX + "checksumValue", literal(item.sha256, "hexBinary"))
    return [ox.Triple(iri(s), iri(p), o) for s, p, o in triples]


def write_description(triples: Sequence[ox.Triple], fmt_name: str, output: IO[bytes]) -> None:
    """Serialize a description (Turtle, JSON-LD, ...) with the usual prefixes."""
    import pyoxigraph as ox

    from edgraph.namespaces import PREFIXES

    fmt = formats.by_name(fmt_name, "graph")
    prefixes = {**PREFIXES, "foaf": FOAF, "spdx": SPDX} if fmt.prefixes else None
    # grouped by subject (a stable sort keeps each subject's statements in their order)
    grouped = sorted(triples, key=lambda t: t.subject.value)  # type: ignore[union-attr]
    ox.serialize(grouped, output, fmt.rdf_format(), prefixes=prefixes)


class HashingWriter:
    """A binary sink that counts and hashes what is written to it (and may pass it on)."""

    def __init__(self, target: IO[bytes] | None = None) -> None:
        self.size = 0
        self._hash = hashlib.sha256()
        self._target = target

    def write(self, data: bytes) -> int:
        self.size += len(data)
        self._hash.update(data)
        if self._target is not None:
            self._target.write(data)
        return len(data)

    def flush(self) -> None:
        if self._target is not None:
            self._target.flush()

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


def file_checksum(path: Path) -> tuple[int, str]:
    """Size and SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return path.stat().st_size, digest.hexdigest()


def dump_names() -> Iterator[tuple[str, str]]:
    """(format name, file name) of every RDF dump: dataset.trig, dataset.nq, ..."""
    for fmt in formats.of_kind("graph"):
        yield fmt.name, "dataset" + fmt.suffixes[0]
