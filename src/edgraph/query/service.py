"""Running user queries where they can be stopped.

Neither pyoxigraph nor rdflib can be interrupted from Python, and a thread cannot be killed, so
every user query runs in a worker process (:mod:`edgraph.query.worker`) that holds the store open
read-only. :class:`QueryService` keeps a small pool of them. A query that outlives its time
limit, or whose worker grows past the memory limit, is stopped by killing the worker; a new one
takes its place while the others go on answering. Before any of that, :func:`inspect_query`
refuses updates, ``SERVICE`` calls off the allow-list and oversized queries.

Queries wait for a worker in one short queue, in turn, and no client runs more than its share at
once: past the queue's bound, or past a client's share, a query is refused at once
(:class:`~edgraph.errors.BusyError`, 503 with ``Retry-After``) instead of holding a thread.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import math
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgraph.errors import (
    BusyError,
    EdgraphError,
    LimitError,
    QueryRefusedError,
    QuerySyntaxError,
    RemoteStoreError,
    StoreError,
)
from edgraph.formats import Format, by_name, negotiate
from edgraph.query.confine import Relay, routes
from edgraph.query.messages import Batch, Data, End, Failed, Failure, Head, Job, Ready, Setup
from edgraph.query.plan import QueryPlan, inspect_query
from edgraph.query.process import WorkerProcess
from edgraph.query.request import Answer, Limits, QueryRequest, Stream

if TYPE_CHECKING:
    from edgraph.query.results import QueryResult
    from edgraph.remote import RemoteOptions
    from edgraph.store import Store

_POLL = 0.05  # seconds between looks at a busy worker's memory
#: Seconds a request thread watches for its answer without sleeping (yielding its core to any
#: process that wants it), on a machine with more than one core: a small query's answer is back
#: before a sleeping thread would have been woken. Measured at 1M triples, per sub-millisecond
#: gallery example: 0.06-0.07 ms less than 0.3 ms of watching, 0.09-0.12 ms less than none.
_SPIN = 0.001 if (os.cpu_count() or 1) > 1 else 0.0
_STARTUP = 60.0  # seconds a new worker may take to open the store


class QueryService:
    """A pool of worker processes answering queries over the store at ``location``.

    ``location`` must be a store folder; :meth:`for_store` copies an in-memory store to a
    temporary one first.
    """

    def __init__(
        self,
        location: str,
        limits: Limits | None = None,
        *,
        workers: int = 2,
        remote: RemoteOptions | None = None,
        nice: int = 10,
    ) -> None:
        self.location = location
        self.remote = remote
        self.nice = nice  # of its workers (Setup.nice)
        self.limits = limits or Limits()
        self._size = workers
        self._closed = False
        self._temporary: str | None = None
        self._lock = threading.Lock()
        self._all: set[WorkerProcess] = set()
        self._deadlines: dict[WorkerProcess, float] = {}
        # The scheduler: idle workers, the queries waiting for one (in order), and how many
        # each client has running and waiting; all under one condition.
        self._turns = threading.Condition()
        self._idle: list[WorkerProcess] = []
        self._waiting: collections.deque[_Turn] = collections.deque()
        self._running: collections.Counter[str | None] = collections.Counter()
        self._queued: collections.Counter[str | None] = collections.Counter()
        for _ in range(workers):
            self._spawn()
        # A reader that stops reading (a stalled download) stops the request thread too, so a
        # watchdog kills the workers that pass their deadline whatever their request is doing.
        threading.Thread(target=self._watch, name="edgraph-query-watchdog", daemon=True).start()

    @classmethod
    def for_store(
        cls, store: Store, limits: Limits | None = None, *, workers: int = 2
    ) -> QueryService:
        from edgraph.remote import RemoteStore

        if isinstance(store, RemoteStore):
            return cls(store.location, limits, workers=workers, remote=store.options)
        if store.location != "memory":
            return cls(store.location, limits, workers=workers)
        folder = tempfile.mkdtemp(prefix="edgraph-store-")
        _copy_to_disk(store, folder)
        service = cls(folder, limits, workers=workers)
        service._temporary = folder
        return service

    def plan(self, request: QueryRequest) -> QueryPlan:
        """Check ``request`` without running it: its form, and the refusals that need no data."""
        limits = self.limits
        if len(request.query) <= _PLANNED_CHARS:
            return _planned(request.query, limits.max_chars, limits.service_allow)
        return inspect_query(
            request.query, max_chars=limits.max_chars, service_allow=limits.service_allow
        )

    def format_for(self, plan: QueryPlan, name: str | None) -> Format:
        """The format ``name`` means for this query's result (None: the first of its kind);
        "xml" is RDF/XML for a CONSTRUCT, as SPARQLWrapper means it (see formats.negotiate)."""
        return negotiate(plan.result_kind, name=name)

    def run(self, request: QueryRequest, plan: QueryPlan | None = None) -> Answer:
        """Run ``request`` with every limit, and the row cap unless ``full``; wait for all of it."""
        if request.full:
            head, chunks = self._start(request, plan)
            body = b"".join(chunks)
            end = chunks.end
        else:  # a capped answer comes in one message: head, data..., end
            worker, deadline = self._send(request, plan)
            batch = self._reply(worker, deadline, whole=True)
            self._checkin(worker)
            assert isinstance(batch, Batch)
            head, *data, end = batch.messages  # type: ignore[assignment]
            body = b"".join(part.chunk for part in data if isinstance(part, Data))
        assert isinstance(head, Head) and isinstance(end, End)
        return Answer(
            form=head.form,
            format=by_name(head.format),
            body=body,
            rows=end.rows,
            truncated=end.truncated,
            elapsed_ms=end.elapsed_ms,
        )

    def result(self, request: QueryRequest) -> QueryResult:
        """Run ``request`` (its format is ignored) and give back its terms, for tables and code."""
        import pyoxigraph as ox

        from edgraph.query.results import QueryResult

        plan = self.plan(request)
        graph = plan.result_kind == "graph"
        answer = self.run(_replace(request, format="nt" if graph else "json"), plan)
        if graph:
            rows = [
                (t.subject, t.predicate, t.object)
                for t in ox.parse(answer.body, ox.RdfFormat.N_TRIPLES)
            ]
            return QueryResult(
                "graph", ["subject", "predicate", "object"], rows, answer.truncated,  # type: ignore[arg-type]
                answer.elapsed_ms,
            )  # fmt: skip
        parsed = ox.parse_query_results(answer.body, ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return QueryResult("ask", [], [], False, answer.elapsed_ms, boolean=bool(parsed))
        variables = [v.value for v in parsed.variables]
        solutions = [tuple(s[v] for v in variables) for s in parsed]
        return QueryResult("select", variables, solutions, answer.truncated, answer.elapsed_ms)

    def stream(self, request: QueryRequest, plan: QueryPlan | None = None) -> Stream:
        """Start ``request`` and hand back its body as it is written, for downloads.

        The time limit still holds: a worker that passes it is killed and the stream breaks off,
        so a client never takes a cut body for a whole one.
        """
        head, chunks = self._start(request, plan)
        return Stream(form=head.form, format=by_name(head.format), chunks=chunks)

    def waiting(self, client: str | None = None) -> int:
        """Queries waiting for a worker now: ``client``'s, or everyone's when None."""
        with self._turns:
            return self._queued[client] if client is not None else len(self._waiting)

    def close(self) -> None:
        self._closed = True
        with self._turns:
            self._turns.notify_all()  # queries waiting for a worker give up
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
        if self._temporary:
            shutil.rmtree(self._temporary, ignore_errors=True)

    def __enter__(self) -> QueryService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- inside --------------------------------------------------------------------------------

    def _send(self, request: QueryRequest, plan: QueryPlan | None) -> tuple[WorkerProcess, float]:
        """Hand ``request`` to an idle worker; ``plan``, when given, is this service's own plan
        of it (it is not redone)."""
        plan = plan or self.plan(request)
        if request.format is not None and plan.form is not None:
            name = self.format_for(plan, request.format).name
            if name != request.format:
                request = _replace(request, format=name)
        graphs = (*plan.from_graphs, *plan.from_named,
                  *(request.default_graphs or ()), *(request.named_graphs or ()))  # fmt: skip
        job = Job(
            request=request,
            graphs=tuple(dict.fromkeys(graphs)),
            has_from=bool(plan.from_graphs or plan.from_named),
            row_cap=None if request.full else self.limits.row_cap,
        )
        worker = self._checkout(request.client)
        deadline = time.monotonic() + self.limits.timeout
        self._deadlines[worker] = deadline
        try:
            worker.outbox.send(job)
        except BaseException:
            self._discard(worker)
            raise
        return worker, deadline

    def _start(self, request: QueryRequest, plan: QueryPlan | None) -> tuple[Head, _Body]:
        worker, deadline = self._send(request, plan)
        head = self._reply(worker, deadline)
        assert isinstance(head, Head)
        return head, _Body(self, worker, deadline)

    def _reply(
        self, worker: WorkerProcess, deadline: float, *, whole: bool = False
    ) -> Head | Batch:
        """The first message of a job's answer; a failure is raised (and the worker settled),
        a worker that dies or overstays is discarded."""
        try:
            message = self._receive(worker, deadline, whole=whole)
        except BaseException:
            self._discard(worker)
            raise
        if isinstance(message, Batch) and isinstance(message.messages[0], Failed):
            message = message.messages[0]
        if isinstance(message, Failed):
            self._after_error(worker, message)
        assert isinstance(message, Head | Batch)
        return message

    def _receive(
        self, worker: WorkerProcess, deadline: float, *, whole: bool = False
    ) -> Ready | Head | Data | End | Failed | Batch:
        """The worker's next message; a batch comes out message by message unless ``whole``."""
        if worker.pending:
            return worker.pending.popleft()
        spin = _SPIN
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LimitError(self._time_message())
            if worker.readable(min(remaining, _POLL), spin):
                try:
                    message = worker.inbox.recv()
                except EOFError:
                    raise self._death(worker) from None
                if isinstance(message, Batch) and not whole:
                    worker.pending.extend(message.messages)
                    return worker.pending.popleft()
                return message  # type: ignore[no-any-return]
            spin = 0.0
            if worker.rss_mb() > self.limits.memory_mb:
                raise LimitError(self._memory_message())

    def _death(self, worker: WorkerProcess) -> EdgraphError:
        code = worker.process.wait()
        if worker.overdue:
            return LimitError(self._time_message())
        if code == -signal.SIGSEGV:  # the engine's parser and evaluator recurse
            return QueryRefusedError(
                "the query engine crashed on this query: it overflowed its stack, which "
                "brackets, operators or subqueries nested too deeply do; write it flatter"
            )
        if code in (-signal.SIGABRT, -signal.SIGKILL, 1):
            return LimitError(self._memory_message())
        return StoreError(f"the query worker stopped unexpectedly (exit status {code})")

    def _time_message(self) -> str:
        return (
            f"the query was stopped after {self.limits.timeout:g} s, the time limit "
            "(setting query_timeout)"
        )

    def _watch(self) -> None:
        while not self._closed:
            time.sleep(0.25)
            now = time.monotonic()
            for worker, deadline in list(self._deadlines.items()):
                if now > deadline + 1.0 and not worker.overdue:
                    worker.overdue = True
                    with contextlib.suppress(ProcessLookupError):
                        worker.process.send_signal(signal.SIGKILL)
                    self._replace(worker)

    def _memory_message(self) -> str:
        return (
            f"the query was stopped when it needed more than {self.limits.memory_mb} MiB of "
            "memory, the memory limit (setting query_memory_mb)"
        )

    def _after_error(self, worker: WorkerProcess, failed: Failed) -> None:
        if failed.kind is Failure.MEMORY:
            self._discard(worker)
            raise LimitError(self._memory_message())
        self._checkin(worker)
        raise _ERRORS[failed.kind](failed.text)

    def _checkout(self, client: str | None) -> WorkerProcess:
        """An idle worker for ``client``'s query, once it is its turn: the first waiting query
        whose client has fewer than ``client_limit`` running takes the next idle worker."""
        limits = self.limits
        turn = _Turn(client)
        with self._turns:
            if self._closed:
                raise StoreError("the query service has been closed")
            if client is not None and (
                self._running[client] + self._queued[client] >= 2 * limits.client_limit
            ):
                raise BusyError(
                    f"this client already has {2 * limits.client_limit} queries running or "
                    f"waiting, as many as one client may ({limits.client_limit} running, as "
                    "many waiting; setting query_client_limit); try again when one is done",
                    retry_after=self._retry_after(),
                )
            now = bool(self._idle) and self._eligible(client) and self._first_eligible() is None
            if not now and len(self._waiting) >= limits.queue:
                raise BusyError(
                    f"all {self._size} query workers are busy and {len(self._waiting)} "
                    "queries are waiting for them, the most that may wait (setting "
                    "query_queue); try again shortly",
                    retry_after=self._retry_after(),
                )
            self._waiting.append(turn)
            self._queued[client] += 1
            self._turns.notify_all()  # for anyone watching the queue (waiting())
            deadline = time.monotonic() + limits.queue_timeout
            try:
                while not (self._idle and self._first_eligible() is turn):
                    if self._closed:
                        raise StoreError("the query service has been closed")
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise BusyError(
                            f"the query waited {limits.queue_timeout:g} s for one of the "
                            f"{self._size} query workers, the longest it may wait (setting "
                            "query_queue_timeout); try again shortly",
                            retry_after=self._retry_after(),
                        )
                    self._turns.wait(remaining)
                worker = self._idle.pop(0)
                worker.client, worker.assigned = client, True
                self._running[client] += 1
            finally:
                self._waiting.remove(turn)
                _decrement(self._queued, client)
                self._turns.notify_all()  # the next in turn may take another idle worker
        if not worker.ready:
            try:
                message = self._receive(worker, time.monotonic() + _STARTUP)
            except BaseException:
                self._discard(worker)
                raise
            if not isinstance(message, Ready):
                self._discard(worker)
                raise StoreError(message.text if isinstance(message, Failed) else str(message))
            worker.ready = True
            routes, walled = worker.setup.routes, message.walled
            if routes and walled and worker.channel:
                worker.relay = Relay(routes, worker.channel)
            elif routes is not None and not walled:
                _warn_once(
                    "edgraph: warning: query workers could not be kept off the network here ("
                    + ("seccomp" if not routes else "user namespaces")
                    + " not available); SERVICE is limited by the query check alone"
                )
        return worker

    def _eligible(self, client: str | None) -> bool:
        return client is None or self._running[client] < self.limits.client_limit

    def _first_eligible(self) -> _Turn | None:
        return next((t for t in self._waiting if self._eligible(t.client)), None)

    def _retry_after(self) -> int:
        # By then every query running now has ended, one way or another.
        return max(1, math.ceil(self.limits.timeout))

    def _settle(self, worker: WorkerProcess) -> None:
        """The worker's job is over for its client (once, whoever gets there first)."""
        with self._turns:
            if worker.assigned:
                worker.assigned = False
                _decrement(self._running, worker.client)
                self._turns.notify_all()

    def _checkin(self, worker: WorkerProcess) -> None:
        self._deadlines.pop(worker, None)
        if worker.overdue:
            self._discard(worker)
            return
        self._settle(worker)
        if self._closed:
            worker.kill()
        else:
            self._make_idle(worker)

    def _discard(self, worker: WorkerProcess) -> None:
        self._deadlines.pop(worker, None)
        self._settle(worker)
        worker.kill()
        self._replace(worker)

    def _replace(self, worker: WorkerProcess) -> None:
        # Once per worker, whoever gets there first (the request thread or the watchdog).
        with self._lock:
            if worker not in self._all:
                return
            self._all.discard(worker)
        if not self._closed:
            self._spawn()

    def _spawn(self) -> None:
        # The second wall against SERVICE (the first is inspect_query): an embedded store's
        # workers reach the allowed endpoints' hosts and nothing else. A remote store's keep
        # the network: they query their server, which is the one that would call out.
        allowed = None if self.remote is not None else routes(self.limits.service_allow)
        setup = Setup(self.remote, allowed, self.nice)
        worker = WorkerProcess(self.location, self.limits.memory_mb, setup)
        with self._lock:
            self._all.add(worker)
        self._make_idle(worker)

    def _make_idle(self, worker: WorkerProcess) -> None:
        with self._turns:
            self._idle.append(worker)
            self._turns.notify_all()


class _Body(Iterator[bytes]):
    """A job's answer as the worker writes it. Closing it before the end, or without ever
    reading it (a client that hangs up, a HEAD request), gives its worker up."""

    def __init__(self, service: QueryService, worker: WorkerProcess, deadline: float) -> None:
        self._service = service
        self._worker = worker
        self._deadline = deadline
        self._settled = False  # the worker went back to the pool or was discarded
        self.end: End | None = None  # the last message, once the body has all come

    def __next__(self) -> bytes:
        if self._settled:
            raise StopIteration
        service, worker = self._service, self._worker
        try:
            message = service._receive(worker, self._deadline)
        except BaseException:
            self.close()
            raise
        if isinstance(message, Data):
            return message.chunk
        self._settled = True
        if not isinstance(message, End):
            service._after_error(worker, message)  # type: ignore[arg-type]  # raises
        self.end = message  # type: ignore[assignment]
        service._checkin(worker)
        raise StopIteration

    def close(self) -> None:
        if not self._settled:
            self._settled = True
            self._service._discard(self._worker)


@dataclass(eq=False)
class _Turn:
    """A query waiting for a worker (compared by identity: each is its own place in line)."""

    client: str | None


#: The error each failure a worker reports is, for the server.
_ERRORS: dict[Failure, Callable[[str], EdgraphError]] = {
    Failure.SYNTAX: QuerySyntaxError,
    Failure.REFUSED: QueryRefusedError,
    Failure.ENGINE: lambda text: QueryRefusedError(
        f"the query engine cannot run this query: {text}"
    ),
    Failure.LIMIT: LimitError,
    Failure.REMOTE: RemoteStoreError,
    Failure.STORE: StoreError,
}


def _decrement(counter: collections.Counter[str | None], key: str | None) -> None:
    counter[key] -= 1
    if counter[key] <= 0:
        del counter[key]


#: Queries up to this long have their plans kept (the last 256 of them): a query sent again (a
#: gallery example, a dashboard's, a paged one) is not read again before the worker runs it.
_PLANNED_CHARS = 10_000


@functools.lru_cache(maxsize=256)
def _planned(text: str, max_chars: int, service_allow: tuple[str, ...]) -> QueryPlan:
    return inspect_query(text, max_chars=max_chars, service_allow=service_allow)


@functools.cache
def _warn_once(message: str) -> None:
    print(message, file=sys.stderr)


def _replace(request: QueryRequest, **changes: Any) -> QueryRequest:
    from dataclasses import replace

    return replace(request, **changes)


def _copy_to_disk(store: Store, folder: str) -> None:
    import io

    import pyoxigraph as ox

    from edgraph.formats import by_name as format_named
    from edgraph.store import swap_current

    buffer = io.BytesIO()
    store.dump(buffer, format_named("nquads"))
    generation = Path(folder) / "generations" / "copy"
    generation.mkdir(parents=True)
    target = ox.Store(str(generation))
    target.bulk_load(buffer.getvalue(), ox.RdfFormat.N_QUADS)
    target.flush()
    del target  # closed before other processes open it
    swap_current(Path(folder), generation)
