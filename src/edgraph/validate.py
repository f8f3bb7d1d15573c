"""SHACL validation of the built dataset, with results a curator can read and act on."""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from edgraph.errors import DataError, DataSyntaxError, printable
from edgraph.inputs import open_data_file
from edgraph.namespaces import RDFS, SCHEMA, SH, SKOS, shorten
from edgraph.query.results import lexical
from edgraph.store import Store

if TYPE_CHECKING:
    import rdflib


@dataclass(frozen=True)
class Violation:
    focus: str  # IRI (or blank node id) of the entity that breaks a shape
    label: str  # its name, for people
    path: str | None  # the property at fault
    message: str
    severity: str  # Violation, Warning or Info
    graphs: tuple[str, ...]  # named graphs that state something about the entity
    value: str | None = None

    def describe(self) -> str:
        """One readable block for terminals; what it quotes from the data is made printable
        (:func:`edgraph.errors.printable`).

        >>> print(Violation("https://e/x", "X", "http://schema.org/name", "needs a name",
        ...                 "Violation", ("https://e/graph/a",)).describe())
        Violation: X <https://e/x>
          property: schema:name
          needs a name
          in graph: https://e/graph/a
        """
        lines = [f"{self.severity}: {self.label} <{self.focus}>"]
        if self.path:
            lines.append(f"  property: {shorten(self.path)}")
        if self.value:
            lines.append(f"  value: {self.value}")
        lines.append(f"  {self.message}")
        lines.append(f"  in graph: {', '.join(self.graphs) or '(none)'}")
        return "\n".join(printable(line) for line in lines)


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    text: str  # pySHACL's own report, for the record


def load_shapes(path: Path) -> rdflib.Graph:
    """Parse the SHACL shapes file, reporting syntax errors with line and column."""
    import pyoxigraph as ox
    import rdflib

    try:
        with open_data_file(path) as handle:
            data = ox.serialize(
                ox.parse(handle, ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES
            )
    except SyntaxError as exc:
        raise DataSyntaxError.from_parser(exc, path=path) from None
    except OSError as exc:
        raise DataSyntaxError(f"cannot read shapes ({exc.strerror})", path=path) from None
    with _quiet_rdflib():
        return rdflib.Graph().parse(data=data, format="nt")


def union_graph(store: Store) -> rdflib.Graph:
    """All triples of all graphs of ``store``, as one rdflib graph."""
    import pyoxigraph as ox
    import rdflib

    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    triples = (ox.Triple(*cast(tuple[Any, Any, Any], row)) for row in result.rows)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    with _quiet_rdflib():
        return rdflib.Graph().parse(data=data, format="nt")


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """Without rdflib's warnings (with tracebacks) for each literal it cannot read as a value of
    its datatype: :func:`validate` reports those literals itself, as results."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            yield
    finally:
        logger.setLevel(level)


def _ill_typed(data: rdflib.Graph) -> list[tuple[Any, Any, Any]]:
    """The statements whose literal rdflib, and so pySHACL, cannot read as a value of its
    datatype (such as ``"2025-13-45"^^xsd:date``): pySHACL fails on them (comparing one with
    ``sh:lessThanOrEquals`` raises a TypeError) instead of reporting them."""
    from rdflib import Literal

    return sorted(t for t in data if isinstance(t[2], Literal) and t[2].ill_typed)


def validate(store: Store, shapes: Path) -> ValidationReport:
    """Check ``store`` against the shapes in ``shapes``.

    >>> from edgraph.store import EmbeddedStore
    >>> from edgraph.build import build
    >>> from edgraph.settings import Settings
    >>> settings = Settings.load(env={}, config_file=None)
    >>> store = EmbeddedStore.in_memory()
    >>> _ = build(store, settings)
    >>> validate(store, settings.project_dir() / "ontology" / "shapes.ttl").conforms
    True
    """
    import pyshacl
    from rdflib import Namespace

    shapes_graph = load_shapes(shapes)
    data = union_graph(store)
    # Ill-typed literals are results of their own; pySHACL checks the rest of the data.
    ill_typed = _ill_typed(data)
    for statement in ill_typed:
        data.remove(statement)
    with _quiet_rdflib():
        conforms, results, text = pyshacl.validate(
            data, shacl_graph=shapes_graph, inference="none", allow_warnings=True
        )
    if not hasattr(results, "subjects"):  # pySHACL could not run the shapes themselves
        raise DataError(f"the shapes cannot be checked: {results}", path=shapes)
    sh = Namespace(SH)
    violations = [
        Violation(
            focus=str(s),
            label=_label(store, str(s)),
            path=str(p),
            message=f"not a valid {shorten(str(o.datatype))}: the shapes cannot check it",
            severity="Violation",
            graphs=_graphs_of(store, str(s)),
            value=str(o),
        )
        for s, p, o in ill_typed
    ]
    for result in results.subjects(sh.resultSeverity, None):
        focus = results.value(result, sh.focusNode)
        path = results.value(result, sh.resultPath)
        message = results.value(result, sh.resultMessage)
        severity = results.value(result, sh.resultSeverity)
        value = results.value(result, sh.value)
        violations.append(
            Violation(
                focus=str(focus),
                label=_label(store, str(focus)),
                path=str(path) if path is not None else None,
                message=str(message) if message is not None else "violates a shape",
                severity=str(severity).rsplit("#", 1)[-1],
                graphs=_graphs_of(store, str(focus)),
                value=str(value) if value is not None else None,
            )
        )
    violations.sort(key=lambda v: (v.graphs, v.focus, v.path or "", v.message))
    return ValidationReport(bool(conforms) and not ill_typed, violations, str(text))


def validate_graph(
    store: Store, graph: str, shapes: Path, *, chunk: int = 2000
) -> ValidationReport:
    """Check what one named graph says of its subjects against the shapes' violations (the
    warnings left out): for a large graph, such as an imported spreadsheet's, that
    :func:`validate` would hold whole in rdflib. The subjects are checked ``chunk`` at a time,
    each with everything every graph says of it, the types of what it points at and the
    ontology (every shape's path is one step: nothing further is needed).

    >>> from edgraph.store import EmbeddedStore
    >>> from edgraph.build import build
    >>> from edgraph.namespaces import graph_iri
    >>> from edgraph.settings import Settings
    >>> settings = Settings.load(env={}, config_file=None)
    >>> store = EmbeddedStore.in_memory()
    >>> _ = build(store, settings)
    >>> shapes = settings.project_dir() / "ontology" / "shapes.ttl"
    >>> validate_graph(store, graph_iri(settings.base_iri, "sources/slecop-convening-2020"),
    ...                shapes).conforms
    True
    """
    import pyoxigraph as ox
    import pyshacl
    import rdflib
    from rdflib import Namespace

    shapes_graph = load_shapes(shapes)
    sh = Namespace(SH)
    for shape in list(shapes_graph.subjects(sh.severity, sh.Warning)):
        shapes_graph.remove((shape, None, None))
    subjects = sorted(store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{_safe(graph)}> "
                                  "{ ?s ?p ?o } FILTER(isIRI(?s)) }").strings("s"))  # fmt: skip
    ontology_graphs = _safe(graph.rsplit("/graph/", 1)[0]) + "/graph/ontology/"
    ontology = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(STRSTARTS(STR(?g), STR(<{ontology_graphs}>))) }}"
    ).rows
    ontology_nt = ox.serialize((ox.Triple(*cast(tuple[Any, Any, Any], r)) for r in ontology),
                               format=ox.RdfFormat.N_TRIPLES) or b""  # fmt: skip
    violations: list[Violation] = []
    ill: list[tuple[Any, Any, Any]] = []
    texts = []
    for start in range(0, len(subjects), chunk):
        part = subjects[start : start + chunk]
        values = " ".join(f"<{_safe(iri)}>" for iri in part)
        said = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}"
                           ).rows  # fmt: skip
        objects = sorted({row[2].value for row in said if isinstance(row[2], ox.NamedNode)})
        types: list[Any] = []
        for at in range(0, len(objects), chunk):
            known = " ".join(f"<{_safe(iri)}>" for iri in objects[at : at + chunk])
            types += store.query(f"CONSTRUCT {{ ?o a ?t }} WHERE {{ VALUES ?o {{ {known} }} "
                                 "?o a ?t }").rows  # fmt: skip
        data_nt = (
            ox.serialize(
                (ox.Triple(*cast(tuple[Any, Any, Any], r)) for r in [*said, *types]),
                format=ox.RdfFormat.N_TRIPLES,
            )
            or b""
        )
        with _quiet_rdflib():
            data = rdflib.Graph().parse(data=ontology_nt + data_nt, format="nt")
        ill_typed = [t for t in _ill_typed(data) if str(t[0]) in part]
        for statement in ill_typed:
            data.remove(statement)
        ill += ill_typed
        with _quiet_rdflib():
            # No focus_nodes: pySHACL looks each node up in a list of them (quadratic); the
            # results about the nodes only pointed at (their types alone) are dropped instead.
            _, results, text = pyshacl.validate(
                data, shacl_graph=shapes_graph, inference="none", allow_warnings=True
            )
        if not hasattr(results, "subjects"):
            raise DataError(f"the shapes cannot be checked: {results}", path=shapes)
        texts.append(str(text))
        checked = set(part)
        for result in results.subjects(sh.resultSeverity, None):
            focus, path = results.value(result, sh.focusNode), results.value(result, sh.resultPath)
            if str(focus) not in checked:
                continue
            message, value = (
                results.value(result, sh.resultMessage),
                results.value(result, sh.value),
            )
            severity = str(results.value(result, sh.resultSeverity)).rsplit("#", 1)[-1]
            violations.append(Violation(
                str(focus), _label(store, str(focus)), str(path) if path is not None else None,
                str(message) if message is not None else "violates a shape", severity,
                _graphs_of(store, str(focus)), str(value) if value is not None else None,
            ))  # fmt: skip
    violations += [
        Violation(str(s), _label(store, str(s)), str(p),
                  f"not a valid {shorten(str(o.datatype))}: the shapes cannot check it",
                  "Violation", _graphs_of(store, str(s)), str(o))
        for s, p, o in ill
    ]  # fmt: skip
    violations.sort(key=lambda v: (v.graphs, v.focus, v.path or "", v.message))
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms, violations, "\n".join(texts))


def _label(store: Store, iri: str) -> str:
    if not iri.startswith(("http://", "https://", "urn:")):
        return "(unnamed node)"
    result = store.query(
        f"""SELECT ?l WHERE {{ VALUES ?p {{ <{SCHEMA}name> <{SKOS}prefLabel> <{RDFS}label> }}
            <{_safe(iri)}> ?p ?l }} ORDER BY DESC(langMatches(lang(?l), "en")) ?l LIMIT 1"""
    )
    labels = [lexical(term) for (term,) in result.rows if term is not None]
    return labels[0] if labels else iri.rsplit("/", 1)[-1]


def _graphs_of(store: Store, iri: str) -> tuple[str, ...]:
    if not iri.startswith(("http://", "https://", "urn:")):
        return ()
    result = store.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{_safe(iri)}> ?p ?o }} }} ORDER BY ?g"
    )
    return tuple(sorted(result.strings("g")))


def _safe(iri: str) -> str:
    # IRIs come from the store itself, but never let one close the <...> early.
    return "".join(c for c in iri if c not in '<>"{}|^`\\ ')
