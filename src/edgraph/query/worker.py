"""The worker process that runs user queries; started and killed by :mod:`edgraph.query.service`.

``python -m edgraph.query.worker READ_FD WRITE_FD LOCATION MEMORY_MB [CHANNEL_FD]`` reads its
:class:`Setup`, gives up the network, or all of it but the allowed hosts (whose listening
sockets go to the parent through ``CHANNEL_FD``; see :mod:`edgraph.query.confine`), opens the store
read-only, caps its own data segment at ``MEMORY_MB``, says ``ready`` and then answers one job
at a time. A job's answer is a ``head`` message, ``data`` chunks and an ``end`` message, or
one ``error``.
"""

from __future__ import annotations

import errno
import itertools
import os
import resource
import socket
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

from edgraph.errors import LimitError, QueryRefusedError, RemoteStoreError, StoreError
from edgraph.formats import Format, by_name, of_kind
from edgraph.namespaces import PREFIXES
from edgraph.query.confine import close_network, confine
from edgraph.query.messages import Batch, Data, End, Failed, Failure, Head, Job, Ready, Setup
from edgraph.query.plan import explain_syntax_error
from edgraph.store import Engine, current_generation

if TYPE_CHECKING:
    from edgraph.remote import Endpoint, RemoteOptions

CHUNK = 1 << 16


class _CurrentStore:
    """The store at ``location``, reopened when a build has switched its generation."""

    def __init__(self, location: str) -> None:
        self._root = Path(location)
        self._generation: str | None = None
        self._store: ox.Store | None = None

    def get(self) -> Engine:
        generation = current_generation(self._root)  # one system call per job
        if self._store is None or generation != self._generation:
            path = self._root / "generations" / (generation or "")
            if generation is None or not path.is_dir():
                raise OSError(f"no store has been built at {self._root}")
            self._store = ox.Store.read_only(str(path))
            self._generation = generation
        return self._store


class _RemoteStore:
    """A remote server's client, which answers the calls :func:`_answer` makes."""

    def __init__(self, options: RemoteOptions) -> None:
        from edgraph.remote import Endpoint

        self._endpoint = Endpoint(options)

    def get(self) -> Endpoint:
        return self._endpoint


class _Sender(Protocol):
    def send(self, message: Head | Data | End | Failed) -> None: ...


class _Batch:
    """Collects the messages of one answer, to send them together."""

    def __init__(self) -> None:
        self.messages: list[Head | Data | End | Failed] = []

    def send(self, message: Head | Data | End | Failed) -> None:
        self.messages.append(message)


class _ChunkWriter:
    """A binary file that sends what is written to it in chunks of :data:`CHUNK` bytes."""

    def __init__(self, outbox: _Sender) -> None:
        self._outbox = outbox
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self._outbox.send(Data(bytes(self._buffer)))
            self._buffer.clear()


def main(argv: list[str]) -> int:
    read_fd, write_fd, location, memory_mb = int(argv[1]), int(argv[2]), argv[3], int(argv[4])
    inbox = Connection(read_fd, writable=False)
    outbox = Connection(write_fd, readable=False)
    # Heap and anonymous memory beyond the cap fail to allocate; the process then ends and
    # the parent starts another. The parent also watches the resident size.
    cap = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    setup: Setup = inbox.recv()
    # Pages come first: a runaway query may take a core until its time limit, but not from the
    # server's own threads, which render every other request (the pages' own workers are not
    # lowered: the server waits for them).
    os.nice(setup.nice)
    walled = False  # a remote store's worker keeps the network: it queries its server
    if setup.routes is not None and not setup.routes:
        walled = close_network()
    elif setup.routes:
        try:
            walled = confine(setup.routes, socket.socket(fileno=int(argv[5])))
        except OSError as exc:  # half-way into namespaces of its own: this worker cannot go on
            outbox.send(Failed(Failure.STORE, f"cannot keep a query worker to the hosts that "
                         f"service_allow allows: {exc}"))  # fmt: skip
            return 1
    store: _CurrentStore | _RemoteStore = (
        _CurrentStore(location) if setup.remote is None else _RemoteStore(setup.remote)
    )
    try:
        store.get()
    except OSError as exc:
        outbox.send(Failed(Failure.STORE, f"cannot open the store: {exc}"))
        return 1
    outbox.send(Ready(os.getpid(), walled))
    while True:
        try:
            job: Job = inbox.recv()
        except EOFError:
            return 0
        try:
            if job.row_cap is None:  # a full result goes out chunk by chunk as it is written
                _answer(store.get(), job, outbox)
            else:  # a capped one in one message: one wake-up of the parent instead of three
                batch = _Batch()
                _answer(store.get(), job, batch)
                outbox.send(Batch(tuple(batch.messages)))
        except SyntaxError as exc:
            outbox.send(Failed(Failure.SYNTAX, explain_syntax_error(job.request.query, str(exc))))
        except QueryRefusedError as exc:
            outbox.send(Failed(Failure.REFUSED, str(exc)))
        except LimitError as exc:
            outbox.send(Failed(Failure.LIMIT, str(exc)))
        except RemoteStoreError as exc:
            outbox.send(Failed(Failure.REMOTE, str(exc)))
        except StoreError as exc:
            outbox.send(Failed(Failure.STORE, str(exc)))
        except MemoryError as exc:
            if _BUFFER_CAP in str(exc):  # the engine's cap on one value, not the process's
                outbox.send(Failed(Failure.LIMIT, _VALUE_TOO_LARGE))
                continue
            outbox.send(Failed(Failure.MEMORY, ""))
            return 1
        except OSError as exc:
            if walled and _off_the_wall(exc, confined=bool(setup.routes)):
                outbox.send(Failed(Failure.REFUSED, _OFF_ROUTE if setup.routes else _NO_NETWORK))
            else:
                outbox.send(Failed(Failure.STORE, str(exc)))
        except Exception as exc:  # the engine's own refusals (RuntimeError, ValueError, ...)
            outbox.send(Failed(Failure.ENGINE, f"{type(exc).__name__}: {exc}"))


_BUFFER_CAP = "buffer maximal size"
_VALUE_TOO_LARGE = (
    "a value in this result is larger than 16 MiB, more than the query engine writes as one "
    "value; ask for TSV (format=tsv), or select part of the value (SUBSTR, STRLEN)"
)
_OFF_ROUTE = "this query tried to reach a host that the service_allow setting does not allow"
_NO_NETWORK = (
    "this query tried to reach the network (a SERVICE call), and query workers here have "
    "none: no endpoint is allowed by the service_allow setting"
)


def _off_the_wall(error: OSError, *, confined: bool) -> bool:
    """Whether ``error`` is the engine running into the wall rather than into the store: the
    store was opened before the wall, so what the wall refuses is the network. Confined to
    routes, anything but an allowed host is refused, unreachable, or a name that no resolver
    knows (an allowed host that refuses shows as a connection closed by the relay)."""
    if isinstance(error, PermissionError):
        return True
    if not confined:
        return False
    if isinstance(error, ConnectionRefusedError) or "lookup address" in str(error):
        return True
    # The engine's errors carry the number in their text only: "... (os error 101)".
    unreachable = (errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH)
    return any(f"(os error {number})" in str(error) for number in unreachable)


def _answer(store: Engine, job: Job, outbox: _Sender) -> None:
    request = job.request
    for iri in job.graphs:
        if not store.contains_named_graph(ox.NamedNode(iri)):
            raise QueryRefusedError(
                f"the graph <{iri}> is not in this store; a query can only name the store's "
                "own graphs (GET /sparql lists them)"
            )
    options: dict[str, Any] = {}
    if request.default_graphs is not None or request.named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs or ()]
    elif not job.has_from:
        options["use_default_graph_as_union"] = True
    start = time.perf_counter()
    answer = store.query(request.query, **options)
    try:
        _write(answer, job, outbox, start)
    except SyntaxError as exc:  # the query parsed: it is a remote store's answer that broke off
        from edgraph.errors import broken_answer

        raise broken_answer(exc) from None


def _write(answer: Any, job: Job, outbox: _Sender, start: float) -> None:
    request = job.request
    if isinstance(answer, ox.QueryBoolean):
        fmt = _format(request.format, "results")
        outbox.send(Head("ask", fmt.name))
        outbox.send(Data(answer.serialize(format=fmt.results_format()) or b""))
        rows, truncated = 1, False
    elif isinstance(answer, ox.QuerySolutions):
        fmt = _format(request.format, "results")
        outbox.send(Head("select", fmt.name))
        rows, truncated = _solutions(answer, fmt, job.row_cap, outbox)
    else:
        fmt = _format(request.format, "graph")
        outbox.send(Head("graph", fmt.name))
        rows, truncated = _triples(answer, fmt, job.row_cap, outbox)
    elapsed = (time.perf_counter() - start) * 1000
    outbox.send(End(rows, truncated, elapsed))


def _format(name: str | None, kind: str) -> Format:
    if name is None:
        return of_kind(kind)[0]  # type: ignore[arg-type]
    return by_name(name, kind)  # type: ignore[arg-type]


def _solutions(
    answer: ox.QuerySolutions, fmt: Format, row_cap: int | None, outbox: _Sender
) -> tuple[int, bool]:
    if row_cap is None or not answer.variables:
        writer = _ChunkWriter(outbox)
        answer.serialize(writer, format=fmt.results_format())  # type: ignore[arg-type]
        writer.flush()
        return -1, False
    # Take at most row_cap solutions, write them as TSV (terms in N-Triples syntax, which is
    # what str() gives), and let pyoxigraph turn that into the format asked for.
    columns = range(len(answer.variables))
    lines = ["\t".join(str(v) for v in answer.variables)]
    truncated = False
    for solution in answer:
        if len(lines) > row_cap:
            truncated = True
            break
        lines.append("\t".join("" if (t := solution[i]) is None else str(t) for i in columns))
    table = "\n".join(lines) + "\n"
    rows = len(lines) - 1
    if fmt.name == "tsv":
        outbox.send(Data(table.encode()))
    else:
        parsed = ox.parse_query_results(table, ox.QueryResultsFormat.TSV)
        outbox.send(Data(parsed.serialize(format=fmt.results_format()) or b""))
    return rows, truncated


def _triples(
    answer: ox.QueryTriples, fmt: Format, row_cap: int | None, outbox: _Sender
) -> tuple[int, bool]:
    prefixes = PREFIXES if fmt.prefixes else None
    writer = _ChunkWriter(outbox)
    if row_cap is None:
        ox.serialize(answer, writer, format=fmt.rdf_format(), prefixes=prefixes)  # type: ignore[arg-type]
        writer.flush()
        return -1, False
    triples = list(itertools.islice(answer, row_cap + 1))
    truncated = len(triples) > row_cap
    del triples[row_cap:]
    ox.serialize(triples, writer, format=fmt.rdf_format(), prefixes=prefixes)  # type: ignore[arg-type]
    writer.flush()
    return len(triples), truncated


if __name__ == "__main__":
    sys.exit(main(sys.argv))
