"""A remote SPARQL 1.1 server as the store: ``--store sparql+http://HOST:PORT/PATH``.

Reads go to the server's query endpoint (SPARQL 1.1 Protocol). A build runs exactly as on the
embedded store, in memory, and then pushes each named graph through the Graph Store HTTP
Protocol in batches, remembering what the server already holds so that a build that failed
half-way resumes where it stopped (and the next build sends only the graphs that changed).

The server must answer with the union of its named graphs as the default graph, as the embedded
store does (Oxigraph: ``serve --union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph``;
Virtuoso does by default); :meth:`RemoteStore.open` checks it. A build replaces the server's
whole dataset, as it replaces an embedded store's: give edgraph a dataset of its own.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import io
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from edgraph import formats
from edgraph.errors import (
    LimitError,
    RemoteStoreError,
    StoreError,
    StoreNotBuiltError,
    StoreUnavailableError,
)
from edgraph.formats import Format
from edgraph.inputs import GraphInput
from edgraph.query.plan import inspect_query
from edgraph.query.results import QueryResult
from edgraph.store import Derive, EmbeddedStore, Progress, Store, run_query

if TYPE_CHECKING:
    from http.client import HTTPResponse

    from edgraph.settings import Settings

SCHEMES = ("sparql+http://", "sparql+https://")

#: Where servers put their update and Graph Store endpoints beside the query endpoint: the end
#: of the query endpoint's path, and what replaces it for each. Tried in order.
LAYOUTS: tuple[tuple[str, str, str, str], ...] = (
    ("Oxigraph", "/query", "/update", "/store"),
    ("Fuseki", "/query", "/update", "/data"),
    ("Fuseki", "/sparql", "/update", "/data"),
    ("Virtuoso", "/sparql", "/sparql", "/sparql-graph-crud"),
)

#: What edgraph asks a server to answer in: SPARQL JSON, else N-Triples (read as it streams),
#: else Turtle; whatever readable format it answers in is read.
_ACCEPT = (
    f"{formats.by_name('json').media_type}, {formats.by_name('nt').media_type};q=0.9, "
    f"{formats.by_name('turtle').media_type};q=0.8"
)


def is_remote(location: str) -> bool:
    """Whether ``location`` names a remote server.

    >>> is_remote("sparql+http://127.0.0.1:7878/query"), is_remote("/srv/store")
    (True, False)
    """
    return location.startswith(SCHEMES)


@dataclass(frozen=True)
class RemoteOptions:
    """How to reach one server; plain data, so that query workers can be given it."""

    location: str  # as the user wrote it: sparql+http://...
    update: str | None = None  # None: found from LAYOUTS on first write
    graph_store: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 120.0
    batch: int = 50_000

    @property
    def query(self) -> str:
        return self.location.removeprefix("sparql+")

    @classmethod
    def from_settings(cls, location: str, settings: Settings | None) -> RemoteOptions:
        if settings is None:
            return cls(location)
        return cls(
            location,
            update=settings.remote_update_endpoint,
            graph_store=settings.remote_graph_store_endpoint,
            user=settings.remote_user,
            password=settings.remote_password,
            timeout=settings.remote_timeout,
            batch=settings.remote_batch_triples,
        )


class Endpoint:
    """HTTP to one server. Its :meth:`query` and :meth:`contains_named_graph` answer as a
    pyoxigraph store's do, so query workers and :func:`edgraph.store.run_query` drive either."""

    def __init__(self, options: RemoteOptions) -> None:
        self.options = options
        parsed = urllib.parse.urlsplit(options.query)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise StoreError(
                f"{options.location} is not a SPARQL endpoint address; write it as "
                "sparql+http://HOST:PORT/PATH"
            )
        self._headers: dict[str, str] = {"User-Agent": "edgraph"}
        if options.user is not None:
            token = f"{options.user}:{options.password or ''}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        self._update = options.update
        self._graph_store = options.graph_store

    # -- what a pyoxigraph store offers -----------------------------------------------------

    def query(
        self,
        query: str,
        *,
        use_default_graph_as_union: bool = False,
        default_graph: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]:
        """Run ``query``; the answer is parsed as it arrives. The server's union default graph
        is what ``use_default_graph_as_union`` asks for, so it sends nothing more.

        The query's own ``FROM`` and ``FROM NAMED`` are also sent as the protocol's dataset, which
        means the same (SPARQL 1.1 Protocol, 2.1.4): Oxigraph's server with a union default
        graph ignores them otherwise."""
        if default_graph is None and named_graphs is None:
            plan = inspect_query(query, service_allow=None)
            if plan.from_graphs or plan.from_named:
                default_graph = [ox.NamedNode(g) for g in plan.from_graphs]
                named_graphs = [ox.NamedNode(g) for g in plan.from_named]
        fields = [("query", query)]
        fields += [("default-graph-uri", g.value) for g in default_graph or ()]
        fields += [("named-graph-uri", g.value) for g in named_graphs or ()]
        response = self.request(
            "POST",
            self.options.query,
            urllib.parse.urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT},
            syntax=True,
        )
        media = response.headers.get_content_type()
        answer = _Body(response, self.options.query)
        fmt = formats.readable(media)
        if fmt is not None and fmt.kind == "results":
            return ox.parse_query_results(answer, fmt.results_format())  # type: ignore[arg-type]
        if fmt is not None:
            return (q.triple for q in ox.parse(answer, fmt.rdf_format()))  # type: ignore[arg-type]
        response.close()
        raise RemoteStoreError(
            f"the remote store at {self.options.query} answered a query as {media}, "
            "which is not a SPARQL result"
        )

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        answer = self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return bool(answer)

    # -- writing ------------------------------------------------------------------------------

    def update(self, update: str) -> None:
        body = update.encode()
        headers = {"Content-Type": "application/sparql-update"}
        self.request("POST", self.update_endpoint(), body, headers).close()

    def send_graph(self, graph: str, data: bytes, *, replace: bool) -> None:
        """PUT (``replace``) or POST N-Triples ``data`` to the named graph ``graph``."""
        url = _with_query(self.graph_store_endpoint(), graph=graph)
        headers = {"Content-Type": "application/n-triples"}
        self.request("PUT" if replace else "POST", url, data, headers).close()

    def drop_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def update_endpoint(self) -> str:
        if self._update is None:
            self._find_layout()
        return self._update  # type: ignore[return-value]

    def graph_store_endpoint(self) -> str:
        if self._graph_store is None:
            self._find_layout()
        return self._graph_store  # type: ignore[return-value]

    def _find_layout(self) -> None:
        """Try each known layout: an empty update (zero operations, a valid request that
        changes nothing) and a HEAD of the Graph Store's default graph must both succeed."""
        query = self.options.query
        for _server, end, update, graph_store in LAYOUTS:
            if not query.endswith(end):
                continue
            update_url = self._update or query[: -len(end)] + update
            store_url = self._graph_store or query[: -len(end)] + graph_store
            try:
                headers = {"Content-Type": "application/sparql-update"}
                self.request("POST", update_url, b"", headers).close()
            except RemoteStoreError:
                continue
            try:
                self.request("HEAD", _with_query(store_url, default="")).close()
            except RemoteStoreError as exc:
                if exc.http_status == 404:  # Virtuoso answers HEAD with 500/501, yet is there
                    continue
            self._update, self._graph_store = update_url, store_url
            return
        raise StoreError(
            f"cannot find where the remote store at {query} takes updates and graphs; set "
            "remote_update_endpoint and remote_graph_store_endpoint"
        )

    # -- HTTP -----------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        timeout: float | None = None,
        syntax: bool = False,
    ) -> HTTPResponse:
        """Send one request; failures become edgraph's errors. ``syntax``: a 400 means the
        query did not parse (raised as SyntaxError, with the server's message)."""
        sent = urllib.request.Request(  # noqa: S310 (http and https only, checked above)
            url, data=body, method=method, headers={**self._headers, **(headers or {})}
        )
        where = f"the remote store at {self.options.query}"
        try:
            return urllib.request.urlopen(sent, timeout=timeout or self.options.timeout)  # type: ignore[no-any-return]  # noqa: S310
        except urllib.error.HTTPError as exc:
            text = _error_text(exc)
            if exc.code == 400 and syntax:
                raise SyntaxError(text) from None
            if exc.code in (401, 403):
                raise StoreError(
                    f"{where} refused edgraph (HTTP {exc.code}); check remote_user and "
                    "remote_password"
                ) from None
            if exc.code in (503, 504) or "timeout" in text.lower():
                raise LimitError(f"{where} stopped the request (HTTP {exc.code}): {text}") from None
            raise RemoteStoreError(f"{where} answered HTTP {exc.code}: {text}", exc.code) from None
        except TimeoutError:
            raise StoreUnavailableError(
                f"{where} did not answer within {timeout or self.options.timeout:g} s "
                "(setting remote_timeout)"
            ) from None
        except (urllib.error.URLError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreUnavailableError(f"cannot reach {where}: {reason}") from None


#: How Oxigraph ends the body of an answer that its own time limit (--timeout-s) stopped:
#: the status was already "200 OK", so a note in the body is all a client gets.
_CANCELLED = b"The SPARQL operation has been cancelled"


class _Body(io.RawIOBase):
    """An answer's body as it arrives. A connection that breaks, or a server that stops the
    query half-way, becomes edgraph's error instead of a parse error."""

    def __init__(self, response: HTTPResponse, where: str) -> None:
        self._response = response
        self._where = where
        self._tail = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            count = self._response.readinto(buffer)
        except (OSError, http.client.HTTPException) as exc:
            raise StoreUnavailableError(
                f"the remote store at {self._where} broke off its answer: {exc}"
            ) from None
        window = self._tail + bytes(buffer[:count])
        if _CANCELLED in window:
            raise LimitError(
                f"the remote store at {self._where} stopped the query at its own time limit"
            )
        self._tail = window[-len(_CANCELLED) :]
        return count

    def close(self) -> None:
        self._response.close()
        super().close()


class RemoteStore(Store):
    """A SPARQL 1.1 server, through its query, update and Graph Store endpoints."""

    def __init__(self, options: RemoteOptions) -> None:
        self.location = options.location
        self.options = options
        self.endpoint = Endpoint(options)

    @classmethod
    def open(
        cls, location: str, settings: Settings | None = None, *, must_exist: bool = True
    ) -> RemoteStore:
        store = cls(RemoteOptions.from_settings(location, settings))
        if must_exist:
            if not store.named_graphs():
                raise StoreNotBuiltError(
                    f"the remote store at {location} holds no graphs yet; run 'edgraph build "
                    f"--store {location}'"
                )
            store.check_union()
        return store

    def check_union(self) -> None:
        """Fail clearly unless the server's default graph is the union of its graphs."""
        sample = self.endpoint.query(
            "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(!isBlank(?s) && !isBlank(?o)) } LIMIT 1"
        )
        rows = list(sample)  # type: ignore[arg-type]
        if not rows:
            return
        s, p, o = rows[0]
        if not self.endpoint.query(f"ASK {{ {s} {p} {o} }}"):
            raise StoreError(
                f"the remote store at {self.location} does not answer with the union of its "
                "graphs as the default graph, which edgraph relies on; start Oxigraph with "
                "--union-default-graph (Fuseki: tdb2:unionDefaultGraph true)"
            )

    def query(self, sparql: str, *, row_cap: int | None = None) -> QueryResult:
        return run_query(self.endpoint, sparql, row_cap)

    def named_graphs(self) -> list[str]:
        rows = self.endpoint.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r[0].value for r in rows if isinstance(r[0], ox.NamedNode))  # type: ignore[union-attr]

    def quad_count(self) -> int:
        return sum(self.graph_counts().values())

    def graph_counts(self) -> dict[str, int]:
        """Statements per named graph."""
        rows = self.endpoint.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
        return {r[0].value: int(r[1].value) for r in rows}  # type: ignore[union-attr]

    def dump(self, output: IO[bytes], fmt: Format, *, graph: str | None = None) -> None:
        """The server's statements are copied into memory and written from there, so the
        bytes are those the embedded store gives for the same content."""
        where = (
            f"GRAPH <{graph}> {{ ?s ?p ?o }} BIND(<{graph}> AS ?g)"
            if graph
            else ("GRAPH ?g { ?s ?p ?o }")
        )
        # SPARQL JSON, not TSV: Virtuoso writes TSV headers that are not variables ("s").
        rows = self.endpoint.query(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}")
        copy = ox.Store()
        copy.bulk_extend(ox.Quad(s, p, o, g) for s, p, o, g in rows)  # type: ignore[union-attr]
        EmbeddedStore("memory", copy).dump(output, fmt, graph=graph)

    def replace(
        self,
        inputs: Sequence[GraphInput],
        *,
        derive: Derive | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Builds in memory exactly as the embedded store does, then pushes the graphs that
        the server does not already hold and drops the ones the build no longer has. Between
        the first push and the last, readers see some graphs new and some old."""
        staged = EmbeddedStore.in_memory()
        staged.replace(inputs, derive=derive, progress=progress)
        copy = staged.engine
        graphs = staged.named_graphs()
        held = self.graph_counts()
        journal = _Journal.for_store(self.location)
        plans = []
        for graph in graphs:
            quads = sorted(copy.quads_for_pattern(None, None, None, ox.NamedNode(graph)), key=str)
            digest = _digest(quads)
            if journal.get(graph) == digest and held.get(graph) == len(quads):
                continue  # already there, from an earlier (perhaps interrupted) build
            plans.append((graph, quads, digest))
        total = sum(len(q) for _, q, _ in plans)
        done = 0
        for graph, quads, digest in plans:
            journal.forget(graph)  # while it is half-sent, it is not there
            for sent in self._push(graph, quads):
                done += sent
                if progress is not None:
                    progress(done, total, stage="pushing")
            journal.remember(graph, digest)
        for stale in sorted(g for g in set(held) - set(graphs) if g.startswith(_own(graphs))):
            self.endpoint.drop_graph(stale)
            journal.forget(stale)
        self.check_union()

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """One graph, in batches: readers may see it half-replaced until the last one lands."""
        for _ in self._push(graph, sorted(quads, key=str)):
            pass
        _Journal.for_store(self.location).forget(graph)

    def _push(self, graph: str, quads: Sequence[ox.Quad]) -> Iterator[int]:
        """PUT the first batch, POST the rest; yields how many statements each one sent. A
        graph with blank nodes goes in one request: a blank node is local to one document."""
        size = self.options.batch
        if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
            size = max(len(quads), 1)
        if not quads:
            self.endpoint.drop_graph(graph)
            return
        for start in range(0, len(quads), size):
            batch = quads[start : start + size]
            data = ox.serialize([q.triple for q in batch], format=ox.RdfFormat.N_TRIPLES)
            self.endpoint.send_graph(graph, data or b"", replace=start == 0)
            yield len(batch)


class _Journal:
    """Which graphs, with which content, the server got from this machine's builds: a JSON
    file per store under $XDG_STATE_HOME/edgraph/remote/. A graph counts as there only when
    its digest matches and the server holds as many statements as it should."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._graphs: dict[str, str] = json.loads(path.read_text())
        except (OSError, ValueError):
            self._graphs = {}

    @classmethod
    def for_store(cls, location: str) -> _Journal:
        state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
        name = hashlib.sha256(location.encode()).hexdigest()[:16] + ".json"
        return cls(state / "edgraph" / "remote" / name)

    def get(self, graph: str) -> str | None:
        return self._graphs.get(graph)

    def remember(self, graph: str, digest: str) -> None:
        self._graphs[graph] = digest
        self._save()

    def forget(self, graph: str) -> None:
        if self._graphs.pop(graph, None) is not None:
            self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps(self._graphs, indent=1, sort_keys=True))
        os.replace(partial, self.path)


def _own(graphs: Sequence[str]) -> str:
    """What edgraph's graph IRIs start with (``<base>graph/``): a build drops only graphs under
    it that it no longer has, never the server's own (Virtuoso keeps system graphs).

    >>> _own(["https://w3id.org/edgraph/id/graph/sources/a", "https://w3id.org/edgraph/id/graph/sources/b"])
    'https://w3id.org/edgraph/id/graph/'
    """
    prefix = os.path.commonprefix(list(graphs))  # noqa: RUF071 (IRIs, by character)
    cut = prefix.rfind("/graph/")
    return prefix[: cut + len("/graph/")] if cut >= 0 else prefix


def _digest(quads: Sequence[ox.Quad]) -> str:
    sha = hashlib.sha256()
    for quad in quads:
        sha.update(str(quad).encode())
        sha.update(b"\n")
    return sha.hexdigest()


def _with_query(url: str, **params: str) -> str:
    separator = "&" if "?" in url else "?"
    return url + separator + urllib.parse.urlencode(params)


def _error_text(exc: urllib.error.HTTPError) -> str:
    with contextlib.suppress(OSError):
        text = exc.read(2000).decode("utf-8", "replace").strip()
        if text:
            return " ".join(text.split())[:500]
    return str(exc.reason)
