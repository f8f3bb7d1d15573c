"""graph/ + ontology/ -> store: one named graph per file, all or nothing."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from edgraph import formats
from edgraph.errors import DataError
from edgraph.namespaces import DEFAULT_BASE, EDGO, OWL, RDFS, graph_iri
from edgraph.settings import Settings
from edgraph.store import GraphInput, Progress, Store

SHAPES_FILE = "shapes.ttl"

#: Run on every build after loading, each within every named graph, so that an entailed
#: statement keeps the provenance of the statement it follows from. Together they make the
#: dataset answer in public terms (schema.org, ORG, PROV) what curators wrote in edgo: terms.
ENTAILMENT: tuple[str, ...] = (
    # Every named graph is a typed, describable resource (SHACL checks its provenance).
    f"""INSERT {{ GRAPH ?g {{ ?g a <{EDGO}Graph> }} }}
    WHERE {{ {{ SELECT DISTINCT ?g {{ GRAPH ?g {{ ?s ?p ?o }} }} }} }}""",
    # Declared inverses, both ways (schema:superEvent / schema:subEvent).
    f"""INSERT {{ GRAPH ?g {{ ?o ?q ?s }} }}
    WHERE {{ GRAPH ?og {{ {{ ?p <{OWL}inverseOf> ?q }} UNION {{ ?q <{OWL}inverseOf> ?p }} }}
             GRAPH ?g {{ ?s ?p ?o }} FILTER(!isLiteral(?o)) }}""",
    # rdfs7: a statement with a sub-property also holds with each super-property.
    f"""INSERT {{ GRAPH ?g {{ ?s ?super ?o }} }}
    WHERE {{ GRAPH ?og {{ ?p <{RDFS}subPropertyOf>+ ?super }} GRAPH ?g {{ ?s ?p ?o }} }}""",
    # rdfs9: an instance of a class is an instance of each super-class.
    f"""INSERT {{ GRAPH ?g {{ ?s a ?super }} }}
    WHERE {{ GRAPH ?og {{ ?c <{RDFS}subClassOf>+ ?super }} GRAPH ?g {{ ?s a ?c }} }}""",
)


@dataclass(frozen=True)
class GraphSummary:
    graph: str
    path: Path
    triples: int
    entities: int  # distinct IRIs given a type in this graph


@dataclass(frozen=True)
class BuildReport:
    graphs: list[GraphSummary]
    elapsed_s: float

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


def project_inputs(project: Path, *, base_iri: str = DEFAULT_BASE) -> list[GraphInput]:
    """Every data file of a project, each with the named graph it goes into.

    Files under ``graph/`` go into ``{base}graph/<path without suffix>``; the ontology
    files (all of ``ontology/`` but the SHACL shapes) into ``{base}graph/ontology/<name>``.

    >>> from edgraph.bundled import bundled_project
    >>> [i.graph.rsplit("/graph/", 1)[1] for i in project_inputs(bundled_project())][:2]
    ['ontology/edgraph', 'reference/countries']
    """
    for folder in ("graph", "ontology"):
        if not (project / folder).is_dir():
            raise DataError(f"not an edgraph project: no {folder}/ folder", path=project)
    rewrite = None if base_iri == DEFAULT_BASE else (DEFAULT_BASE, base_iri)
    inputs = []
    for path in sorted((project / "ontology").iterdir()):
        if formats.is_data_file(path) and path.name != SHAPES_FILE:
            name = f"ontology/{path.stem}"
            inputs.append(_input(path, graph_iri(base_iri, name), rewrite))
    for path in sorted((project / "graph").rglob("*")):
        if formats.is_data_file(path):
            name = path.relative_to(project / "graph").with_suffix("").as_posix()
            inputs.append(_input(path, graph_iri(base_iri, name), rewrite))
    return inputs


def _input(path: Path, graph: str, rewrite: tuple[str, str] | None) -> GraphInput:
    fmt = formats.for_path(path)
    if fmt.datasets and fmt.name != "jsonld":
        raise DataError(
            f"a file under graph/ becomes one named graph, so it must hold triples "
            f"(Turtle, N-Triples, RDF/XML, JSON-LD), not {fmt.name}",
            path=path,
        )
    try:
        path.open("rb").close()
    except OSError as exc:
        raise DataError(f"cannot read this file ({exc.strerror})", path=path) from None
    return GraphInput(graph, path, fmt, rewrite)


def build(store: Store, settings: Settings, *, progress: Progress | None = None) -> BuildReport:
    """Load the project named by ``settings`` into ``store``, replacing what it held.

    >>> from edgraph.store import EmbeddedStore
    >>> report = build(EmbeddedStore.in_memory(), Settings.load(env={}, config_file=None))
    >>> report.triples > 1000
    True
    """
    start = time.perf_counter()
    inputs = project_inputs(settings.project_dir(), base_iri=settings.base_iri)
    store.replace(inputs, updates=ENTAILMENT, progress=progress)
    return BuildReport(summarise(store, inputs), time.perf_counter() - start)


def summarise(store: Store, inputs: Sequence[GraphInput]) -> list[GraphSummary]:
    """Triples and typed entities per named graph, in the order of ``inputs``."""
    from edgraph.stats import graph_sizes

    sizes = graph_sizes(store)
    return [GraphSummary(i.graph, i.path, *sizes.get(i.graph, (0, 0))) for i in inputs]
