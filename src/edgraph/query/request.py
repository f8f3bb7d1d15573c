"""The values a query is asked and answered with: the request, the limits it runs within,
and its answer, whole (:class:`Answer`) or on its way (:class:`Stream`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from edgraph.formats import Format

if TYPE_CHECKING:
    from edgraph.settings import Settings


@dataclass(frozen=True)
class Limits:
    """How far one query may go. ``row_cap`` applies unless a request asks for the full result."""

    timeout: float = 10.0
    memory_mb: int = 1024
    row_cap: int = 10_000
    max_chars: int = 100_000
    service_allow: tuple[str, ...] = ()
    client_limit: int = 1  # one client's queries running at once (as many more may wait)
    queue: int = 16  # queries waiting for a worker at once, all clients together
    queue_timeout: float = 3.0  # seconds a query waits for a worker at most

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            timeout=settings.query_timeout,
            memory_mb=settings.query_memory_mb,
            row_cap=settings.row_cap,
            max_chars=settings.query_max_chars,
            service_allow=tuple(settings.service_allow),
            client_limit=settings.query_client_limit,
            queue=settings.query_queue,
            queue_timeout=settings.query_queue_timeout,
        )


@dataclass(frozen=True)
class QueryRequest:
    """One query as a client asked for it.

    ``default_graphs`` / ``named_graphs`` are the protocol's ``default-graph-uri`` and
    ``named-graph-uri``: when either is given, they make up the whole dataset.
    """

    query: str
    format: str | None = None  # a name from the formats table; None: the first of its kind
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    full: bool = False  # no row cap: the whole result, streamed, still within the time limit
    client: str | None = None  # who asks (edgraph.query.admission.client_key); None: not limited

    def __post_init__(self) -> None:
        # A byte order mark is how some editors start a file; the engine would refuse it.
        if self.query.startswith("\ufeff"):
            object.__setattr__(self, "query", self.query[1:])


@dataclass(frozen=True)
class Answer:
    """A complete, serialized answer."""

    form: str  # "select", "ask" or "graph" (CONSTRUCT, DESCRIBE)
    format: Format
    body: bytes
    rows: int  # solutions or triples in the body (1 for ASK)
    truncated: bool  # the row cap cut it
    elapsed_ms: float


@dataclass
class Stream:
    """A full answer on its way: ``chunks`` yields the body as the worker writes it."""

    form: str
    format: Format
    chunks: Iterator[bytes] = field(repr=False)
