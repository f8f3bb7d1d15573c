"""The dataset as a whole: its DCAT/VoID description at /.well-known/void, its dumps as
downloads, and the Analysis page over the measures `edgraph analyze` saved."""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import IO, Any

from edgraph.web.viewer import views
from flask import Blueprint, Flask, Response, abort, current_app, render_template, request

from edgraph import formats
from edgraph.analysis import MEASURE_BY_KEY, MEASURES, analysis_graph
from edgraph.describe import Distribution, HashingWriter, describe, dump_names, write_description
from edgraph.errors import NotAcceptableError
from edgraph.namespaces import DCTERMS, EDGO, PROV
from edgraph.results import lexical
from edgraph.store import Store

bp = Blueprint("dataset", __name__)

#: Formats the description negotiates to; Turtle first, the default.
DESCRIPTION_FORMATS = ("turtle", "nt", "rdfxml", "jsonld")
DUMPS = dict((file, fmt) for fmt, file in dump_names())
#: Rows of the organization table on the Analysis page.
TABLE_ROWS = 200


class Dumps:
    """Sizes and checksums of the dumps, computed once per app by streaming each dump through
    a hash (the dumps are deterministic, so a download has the checksum described)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._sums: dict[str, tuple[int, str]] | None = None

    def known(self, name: str) -> tuple[int, str] | None:
        """Size and checksum of a dump, if they were computed already."""
        with self._lock:
            return self._sums.get(name) if self._sums is not None else None

    def sums(self) -> dict[str, tuple[int, str]]:
        with self._lock:
            if self._sums is None:
                sums = {}
                for file, fmt_name in DUMPS.items():
                    sink = HashingWriter()
                    self._store.dump(sink, formats.by_name(fmt_name))  # type: ignore[arg-type]
                    sums[file] = (sink.size, sink.sha256)
                self._sums = sums
            return self._sums


@bp.get("/.well-known/void")
def void() -> Response:
    """The DCAT/VoID description, as the Accept header (or ``format``) asks; Turtle by default."""
    settings = current_app.extensions["edgraph.settings"]
    store = views().store
    fmt = _negotiate()
    root = request.host_url.rstrip("/")
    sums = current_app.extensions["edgraph.dumps"].sums()
    distributions = [
        Distribution(f"{root}/download/{file}", formats.by_name(fmt_name).media_type,
                     f"Dataset ({formats.by_name(fmt_name).label})", *sums[file])
        for file, fmt_name in DUMPS.items()
    ]  # fmt: skip
    triples = describe(store, settings, distributions=distributions, endpoint=f"{root}/sparql",
                       modified=_built_at(store))  # fmt: skip
    output = BytesIO()
    write_description(triples, fmt.name, output)
    response = Response(output.getvalue(), mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/download/<name>")
def download(name: str) -> Response:
    """A dump, streamed as the store writes it (a million statements never sit in memory)."""
    if name not in DUMPS:
        abort(404)
    fmt = formats.by_name(DUMPS[name])
    store = views().store
    response = Response(_started(_streamed(lambda sink: store.dump(sink, fmt))),
                        mimetype=fmt.media_type)  # fmt: skip
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    size_and_sum = current_app.extensions["edgraph.dumps"].known(name)
    if size_and_sum is not None:
        response.headers["Content-Length"] = str(size_and_sum[0])
    return response


class _QueueSink:
    """A binary file whose writes go to a queue, for a reader in another thread; it gives up
    (and so stops the writer) once the reader has gone away."""

    def __init__(self, chunks: queue.Queue[bytes | BaseException | None], stop: threading.Event):
        self._chunks = chunks
        self._stop = stop

    def write(self, data: bytes) -> int:
        while True:
            if self._stop.is_set():
                raise OSError("the client went away")
            try:
                self._chunks.put(bytes(data), timeout=0.5)
                return len(data)
            except queue.Full:
                continue

    def flush(self) -> None:
        pass


def _started(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """``chunks`` with its first one already taken, so that a dump that fails at once (a store
    that cannot be reached) is an error status, not a body cut off after "200 OK"."""
    first = next(chunks, b"")
    return itertools.chain((first,), chunks)


def _streamed(write: Callable[[IO[bytes]], None]) -> Iterator[bytes]:
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=64)
    stop = threading.Event()

    def offer(item: BaseException | None) -> None:
        while not stop.is_set():  # a reader that went away takes nothing more
            try:
                chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def run() -> None:
        try:
            write(_QueueSink(chunks, stop))  # type: ignore[arg-type]
        except BaseException as exc:  # handed to the reader, which raises it
            offer(exc)
        finally:
            offer(None)

    threading.Thread(target=run, daemon=True, name="edgraph-dump").start()
    try:
        while (item := chunks.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


@bp.get("/analysis")
def analysis() -> str:
    """Ranked, sortable tables of the saved measures, with their provenance."""
    v = views()
    catalog = v.catalog
    measures = v.measures
    sort = request.args.get("sort", "pagerank")
    if sort not in MEASURE_BY_KEY:
        sort = "pagerank"
    organizations = sorted(set().union(*(m.keys() for m in measures.values())))
    ascending = sort in ("community", "component")
    values = measures.get(sort, {})
    ranked = sorted(organizations, key=lambda o: (
        values.get(o, 0) if ascending else -values.get(o, 0), catalog.label(o)))  # fmt: skip
    brokers = sorted(
        (o for o in organizations if measures.get("networks", {}).get(o, 0) >= 2),
        key=lambda o: (-measures["networks"][o], catalog.label(o)),
    )
    return render_template(
        "analysis.html",
        measures=MEASURES,
        sort=sort,
        rows=[(o, {k: measures.get(k, {}).get(o) for k in MEASURE_BY_KEY}) for o in ranked],
        shown=TABLE_ROWS,
        brokers=brokers,
        values=measures,
        provenance=_provenance(v.store),
        catalog=catalog,
    )


def _provenance(store: Store) -> dict[str, Any]:
    """When the analysis ran, each measure's algorithm and parameters, the projections, and
    the funder overlaps, from the analysis graph."""
    base = current_app.extensions["edgraph.settings"].base_iri
    graph = analysis_graph(base)
    runs = store.query(
        f"""SELECT ?property ?algorithm ?parameters ?sampled ?projection WHERE {{
          GRAPH <{graph}> {{ ?step <{EDGO}computes> ?property ; <{EDGO}algorithm> ?algorithm ;
                                   <{EDGO}sampled> ?sampled ; <{EDGO}projection> ?projection
                             OPTIONAL {{ ?step <{EDGO}parameters> ?parameters }} }} }}"""
    )
    by_property = {m.property: m for m in MEASURES}
    steps = {}
    for prop, algorithm, parameters, sampled, projection in runs.rows:
        measure = by_property.get(lexical(prop))  # type: ignore[arg-type]
        if measure is not None:
            steps[measure.key] = {
                "algorithm": lexical(algorithm),  # type: ignore[arg-type]
                "parameters": lexical(parameters) if parameters is not None else "",
                "sampled": lexical(sampled) == "true",  # type: ignore[arg-type]
                "projection": lexical(projection).rsplit("/", 1)[-1],  # type: ignore[arg-type]
            }
    projections = store.query(
        f"""SELECT ?label ?nodes ?edges ?definition WHERE {{ GRAPH <{graph}> {{
          ?p a <{EDGO}Projection> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label ;
             <{EDGO}nodeCount> ?nodes ; <{EDGO}edgeCount> ?edges ;
             <http://www.w3.org/2004/02/skos/core#definition> ?definition }} }} ORDER BY ?label"""
    )
    when = store.query(
        f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ <{graph}> <{PROV}generatedAtTime> ?t }} }}"
    )
    overlaps = store.query(
        f"""SELECT ?item ?a ?b ?count ?jaccard (GROUP_CONCAT(STR(?f); separator=" ") AS ?funders)
        WHERE {{ GRAPH <{graph}> {{ ?item a <{EDGO}FunderOverlap> ; <{EDGO}network> ?a, ?b ;
          <{EDGO}sharedFunderCount> ?count ; <{EDGO}jaccard> ?jaccard ;
          <{EDGO}sharedFunder> ?f FILTER(STR(?a) < STR(?b)) }} }}
        GROUP BY ?item ?a ?b ?count ?jaccard ORDER BY DESC(?count) DESC(?jaccard)"""
    )
    title = store.query(
        f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ <{graph}> <{DCTERMS}title> ?t }} }}"
    )
    return {
        "present": bool(title.rows),
        "when": lexical(when.rows[0][0]) if when.rows else "",  # type: ignore[arg-type]
        "steps": steps,
        "projections": [tuple(lexical(t) for t in row) for row in projections.rows],  # type: ignore[arg-type]
        "overlaps": [
            (lexical(a), lexical(b), int(lexical(c)), float(lexical(j)), lexical(f).split())  # type: ignore[arg-type]
            for _, a, b, c, j, f in overlaps.rows
        ],
    }


def _negotiate() -> formats.Format:
    name = request.args.get("format")
    if name:
        if name not in DESCRIPTION_FORMATS:
            raise NotAcceptableError(f"the description comes as {', '.join(DESCRIPTION_FORMATS)}")
        return formats.by_name(name)
    offered = [formats.by_name(n) for n in DESCRIPTION_FORMATS]
    mimetypes = [m for f in offered for m in f.media_types]
    best = request.accept_mimetypes.best_match(mimetypes, default=offered[0].media_type)
    return next(f for f in offered if best in f.media_types)


def _built_at(store: Store) -> float | None:
    from pathlib import Path

    current = Path(store.location) / "current"
    return current.lstat().st_mtime if current.is_symlink() else None


def attach(app: Flask, store: Store) -> None:
    """Serve ``store``: its dumps' sums are computed afresh when first asked for."""
    app.extensions["edgraph.dumps"] = Dumps(store)


def register(app: Flask) -> None:
    attach(app, app.extensions["edgraph.store"])
    app.register_blueprint(bp)
