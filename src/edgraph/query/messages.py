"""What the server and a query worker say to each other over their pipe, as typed messages.

The server sends a new worker one :class:`Setup`, then one :class:`Job` per query. The worker
answers a setup with :class:`Ready` (or :class:`Failed`), and a job with :class:`Head`, then
:class:`Data` chunks, then :class:`End`; or with one :class:`Failed`. A capped answer comes as
one :class:`Batch` of those, so the server wakes once for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edgraph.query.confine import Route
    from edgraph.query.request import QueryRequest
    from edgraph.remote import RemoteOptions


@dataclass(frozen=True)
class Setup:
    """What a new worker is told first, through its pipe (a password never shows in `ps`)."""

    remote: RemoteOptions | None  # a remote store's client options, with its secrets
    #: The hosts the worker may reach (:mod:`edgraph.query.confine`): none at all when empty;
    #: None keeps the network (a remote store's worker, which queries its server).
    routes: tuple[Route, ...] | None
    #: How far below the server's own threads the worker's CPU priority is: 10 for user
    #: queries, 0 for the viewer's own page queries (the server waits for them).
    nice: int = 10


@dataclass(frozen=True)
class Job:
    """One query for a worker: the request and what the server worked out already."""

    request: QueryRequest
    graphs: tuple[str, ...]  # every graph the request names, to check against the store
    has_from: bool
    row_cap: int | None  # None: the whole answer, streamed chunk by chunk


@dataclass(frozen=True)
class Ready:
    """The worker has opened the store and waits for jobs."""

    pid: int
    walled: bool  # it gave up the network (or all of it but the allowed hosts)


@dataclass(frozen=True)
class Head:
    """An answer begins: its form (select, ask, graph) and the format it is written in."""

    form: str
    format: str


@dataclass(frozen=True)
class Data:
    """A piece of the answer's body."""

    chunk: bytes


@dataclass(frozen=True)
class End:
    """The answer is complete."""

    rows: int  # solutions or triples (1 for ASK; -1 when a full answer did not count them)
    truncated: bool  # the row cap cut it
    elapsed_ms: float


class Failure(StrEnum):
    """Why a job (or a start) failed; the server turns each into its error."""

    SYNTAX = "syntax"  # the query does not parse
    REFUSED = "refused"  # it parses, and may not run (a graph not in the store, the network)
    ENGINE = "engine"  # the engine cannot run it
    LIMIT = "limit"  # a limit of the engine's (a value over its buffer)
    REMOTE = "remote"  # a remote store's own error
    STORE = "store"  # the store cannot be read
    MEMORY = "memory"  # the worker ran out of memory and ends


@dataclass(frozen=True)
class Failed:
    """A job (or the worker's start) failed: why, in words a person can act on."""

    kind: Failure
    text: str


@dataclass(frozen=True)
class Batch:
    """A whole capped answer in one message: Head, Data..., End (or one Failed)."""

    messages: tuple[Head | Data | End | Failed, ...]


Message = Ready | Head | Data | End | Failed | Batch
