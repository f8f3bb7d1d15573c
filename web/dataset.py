"""The dataset as a whole: its DCAT/VoID description at /.well-known/void, its dumps as
downloads, and the Analysis page over the measures `edgraph analyze` saved."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import IO

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request

from edgraph import formats
from edgraph.analysis import (
    BROKERS,
    MEASURE_BY_KEY,
    MEASURES,
    NUMBERING,
    PARTNERSHIP,
    SHARED_FUNDERS,
    brokers,
    kinds_counted,
    ranked,
    saved,
)
from edgraph.describe import Distribution, Figures, describe, dump_names, write_description
from edgraph.query.admission import Quota
from edgraph.store import Store

from .links import external
from .state import client, views

bp = Blueprint("dataset", __name__)

DUMPS = dict((file, fmt) for fmt, file in dump_names())
#: Rows of the organization table on the Analysis page.
TABLE_ROWS = 200


class Described:
    """The figures of the store being served (:class:`~edgraph.describe.Figures`: counts, and
    each dump's size and SHA-256): the copy `edgraph build` kept beside the store, else computed
    once; inside the request for a small store, in the background for a larger one (a million
    statements take about 45 s), the description saying so meanwhile."""

    #: Statements up to which the figures are computed inside the first request that needs them.
    INLINE_MAX = 100_000

    def __init__(self, store: Store, *, inline_max: int = INLINE_MAX) -> None:
        self._store = store
        self._inline_max = inline_max
        self._lock = threading.Lock()
        self._started = False
        self._figures = Figures.stored(store)
        self.ready = threading.Event()  # set once the figures are known
        if self._figures is not None:
            self.ready.set()

    def known(self) -> Figures | None:
        """The figures, if they are known already."""
        return self._figures

    def get(self) -> Figures | None:
        """The figures; None while they are being computed in the background."""
        if self._figures is None:
            with self._lock:
                if not self._started:
                    self._started = True
                    inline = self._store.quad_count() <= self._inline_max
                    if inline:
                        self._compute()
                    else:
                        threading.Thread(target=self._compute, daemon=True,
                                         name="edgraph-figures").start()  # fmt: skip
        return self._figures

    def warm(self) -> None:
        """Compute the figures in the background now, if they are not known."""
        with self._lock:
            if self._figures is None and not self._started:
                self._started = True
                threading.Thread(target=self._compute, daemon=True, name="edgraph-figures").start()

    def _compute(self) -> None:
        try:
            self._figures = Figures.load(self._store)
            self.ready.set()
        finally:
            if self._figures is None:  # failed (a remote store gone): the next request retries
                self._started = False


#: Said of the dataset while its figures are being computed.
COMPUTING = (
    "The counts, and each download's size and SHA-256 checksum, are being computed once for "
    "this build of the dataset; ask again in a minute for them."
)


@bp.get("/.well-known/void")
def void() -> Response:
    """The DCAT/VoID description, as the Accept header (or ``format``) asks; Turtle by default."""
    settings = current_app.extensions["edgraph.settings"]
    store = views().store
    fmt = _negotiate()
    figures = current_app.extensions["edgraph.described"].get()
    distributions = [
        Distribution(external(f"download/{file}"), formats.by_name(fmt_name).media_type,
                     f"Dataset ({formats.by_name(fmt_name).label})",
                     *(figures.dumps[file] if figures else (None, None)))
        for file, fmt_name in DUMPS.items()
    ]  # fmt: skip
    triples = describe(settings, figures.counts if figures else None,
                       distributions=distributions, endpoint=external("sparql"),
                       modified=_built_at(store), note=None if figures else COMPUTING)  # fmt: skip
    output = BytesIO()
    write_description(triples, fmt.name, output)
    response = Response(output.getvalue(), mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    if figures is None:
        response.headers["Cache-Control"] = "no-store"  # not the description to keep
    return response


@bp.get("/download/<name>")
def download(name: str) -> Response:
    """A dump, streamed as the store writes it (a million statements never sit in memory); a
    client may have ``download_client_limit`` of them under way, everyone ``download_limit``."""
    if name not in DUMPS:
        abort(404)
    fmt = formats.by_name(DUMPS[name])
    store = views().store
    done = current_app.extensions["edgraph.downloads"].take(client())
    try:
        body = _Dump(lambda sink: store.dump(sink, fmt), done)
    except BaseException:
        done()
        raise
    response = Response(body, mimetype=fmt.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    figures = current_app.extensions["edgraph.described"].known()
    if figures is not None:
        response.headers["Content-Length"] = str(figures.dumps[name][0])
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


class _Dump(Iterator[bytes]):
    """What ``write`` writes, made in a thread of its own and handed over through a short queue
    (64 chunks of about 8 KB), so the body streams and never sits in memory.

    Its first chunk is taken at once, so that a dump that fails at once (a store that cannot be
    reached) is an error status, not a body cut off after "200 OK". Closing it, read or not (the
    client went away, or the server gave up on a client that stopped reading), or dropping it
    unclosed, stops the writer and calls ``done`` once.
    """

    def __init__(self, write: Callable[[IO[bytes]], None], done: Callable[[], None]) -> None:
        self._chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=64)
        self._stop = threading.Event()
        self._done = done
        # The thread holds the queue, not this object, so that an unclosed body can be dropped.
        threading.Thread(target=_write_into, args=(write, self._chunks, self._stop),
                         daemon=True, name="edgraph-dump").start()  # fmt: skip
        try:
            self._first: list[bytes | None] = [self._take()]
        except BaseException:
            self.close()
            raise

    def _take(self) -> bytes | None:
        item = self._chunks.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def __next__(self) -> bytes:
        if self._stop.is_set():
            raise StopIteration
        item = self._first.pop() if self._first else self._take()
        if item is None:
            self.close()
            raise StopIteration
        return item

    def close(self) -> None:
        if not self._stop.is_set():
            self._stop.set()
            self._done()

    def __del__(self) -> None:
        self.close()


def _write_into(
    write: Callable[[IO[bytes]], None],
    chunks: queue.Queue[bytes | BaseException | None],
    stop: threading.Event,
) -> None:
    def offer(item: BaseException | None) -> None:
        while not stop.is_set():  # a reader that went away takes nothing more
            try:
                chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    try:
        write(_QueueSink(chunks, stop))  # type: ignore[arg-type]
    except BaseException as exc:  # handed to the reader, which raises it
        offer(exc)
    finally:
        offer(None)


@bp.get("/analysis")
def analysis() -> str:
    """Ranked, sortable tables of the saved measures, with their provenance."""
    v = views()
    catalog, measures = v.catalog, v.measures
    sort = request.args.get("sort", "pagerank")
    if sort not in MEASURE_BY_KEY:
        sort = "pagerank"
    return render_template(
        "analysis.html",
        measures=MEASURES,
        numbering=NUMBERING,
        sort=sort,
        rows=[(o, {k: measures.get(k, {}).get(o) for k in MEASURE_BY_KEY})
              for o, _ in ranked(measures, sort, catalog.label)],
        shown=TABLE_ROWS,
        brokers=brokers(measures, catalog.label),
        saved=saved(v.store, current_app.extensions["edgraph.settings"].base_iri),
        catalog=catalog,
        definitions={"partnership": PARTNERSHIP, "brokers": BROKERS,
                     "shared funders": SHARED_FUNDERS},
        kinds=kinds_counted(),
        sizes={key: _sizes(measures.get(key, {})) for key in NUMBERING},
    )  # fmt: skip


def _sizes(values: dict[str, float]) -> dict[int, int]:
    """How many organizations each group of a numbering measure holds."""
    sizes: dict[int, int] = {}
    for value in values.values():
        sizes[int(value)] = sizes.get(int(value), 0) + 1
    return sizes


def _negotiate() -> formats.Format:
    name = request.args.get("format") or None
    accept = request.headers.get("Accept")
    return formats.negotiate("description", name=name, accept=accept, strict=False)


def _built_at(store: Store) -> float | None:
    return store.built_at()


def attach(app: Flask, store: Store) -> None:
    """Serve ``store``: its figures are read from the copy kept beside it, or computed afresh."""
    app.extensions["edgraph.described"] = Described(store)


def register(app: Flask) -> None:
    settings = app.extensions["edgraph.settings"]
    app.extensions["edgraph.downloads"] = Quota(
        "dump downloads", total=settings.download_limit,
        per_client=settings.download_client_limit,
        settings=("download_limit", "download_client_limit"), retry_after=10,
    )  # fmt: skip
    attach(app, app.extensions["edgraph.store"])
    app.register_blueprint(bp)
