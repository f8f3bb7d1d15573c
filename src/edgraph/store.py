"""The store behind one interface: where built graphs live and how they are queried.

:class:`Store` is what every caller uses. :class:`EmbeddedStore` is pyoxigraph, in memory or
on disk; a remote SPARQL 1.1 server can stand in for it by implementing the same methods.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
import traceback
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

from edgraph.errors import (
    QuerySyntaxError,
    StoreBusyError,
    StoreError,
    StoreNotBuiltError,
)
from edgraph.formats import Format
from edgraph.inputs import GraphInput, load
from edgraph.query.results import QueryResult, Term

if TYPE_CHECKING:
    from collections.abc import Iterable


#: Adds to a new store's content what follows from it, before anyone sees it.
Derive = Callable[[ox.Store], None]

#: Called with (done, total) while a build reads its inputs (bytes), with
#: (done, total, stage="pushing") while it sends statements to a remote store, and, on disk,
#: with (0, 0, stage=STEP) as each later step starts: "deriving" (checks and entailment),
#: "flushing", "swapping" (making the new content current), "clearing" (old generations).
Progress = Callable[..., None]


class Store(ABC):
    """A quad store that answers SPARQL with the union of all graphs as the default graph."""

    location: str

    @abstractmethod
    def query(self, sparql: str, *, row_cap: int | None = None) -> QueryResult:
        """Run a SPARQL query; ``row_cap`` cuts the rows and marks the result truncated."""

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""

    @abstractmethod
    def quad_count(self) -> int:
        """How many quads the store holds."""

    @abstractmethod
    def dump(self, output: IO[bytes], fmt: Format, *, graph: str | None = None) -> None:
        """Write the whole store or one named graph: in a format that carries graphs, with
        them; in one that does not, each statement of the union once."""

    @abstractmethod
    def replace(
        self,
        inputs: Sequence[GraphInput],
        *,
        derive: Derive | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Replace the whole content with ``inputs``, then let ``derive`` add what follows from
        it; all or nothing: readers see the old content until it is complete."""

    @abstractmethod
    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Replace one named graph with ``quads`` (whose graph is ``graph``), leaving the others
        as they are; all or nothing, like :meth:`replace`."""

    def cache_file(self, name: str) -> Path | None:
        """Where to keep something computed from this exact content (the viewer's catalog), so
        that it is computed once per build; None when there is no such place."""
        return None

    def built_at(self) -> float | None:
        """When the content in use was built (a Unix time), where the store can tell."""
        return None

    def latest(self) -> Store:
        """This store, or a newer build of it made since it was opened (by another process):
        a long-running reader asks before each unit of work, and drops what it derived from the
        old content when it gets a new store. A remote server has no builds to tell apart."""
        return self


class EmbeddedStore(Store):
    """pyoxigraph, in memory (``location='memory'``) or in a folder on disk.

    On disk the folder holds generations, each a complete pyoxigraph store, and a ``current``
    link to the one in use. A build writes a new generation and then swaps the link in one
    atomic rename, so a build that fails or is killed leaves the previous store serving.

    >>> store = EmbeddedStore.in_memory()
    >>> store.quad_count()
    0
    """

    def __init__(
        self, location: str, store: ox.Store | None, generation: str | None = None
    ) -> None:
        self.location = location
        self._store = store
        self._generation = generation  # the folder under generations/ that ``store`` is

    @classmethod
    def in_memory(cls) -> EmbeddedStore:
        return cls("memory", ox.Store())

    @classmethod
    def open(cls, location: str | Path, *, must_exist: bool = True) -> EmbeddedStore:
        """Open the store at ``location`` (a folder, or ``memory``) for reading."""
        location = str(location)
        if location == "memory":
            return cls.in_memory()
        current = current_link(Path(location))
        if not current.exists():
            if must_exist:
                raise StoreNotBuiltError(
                    f"no store has been built at {location}; run 'edgraph build'"
                )
            return cls(location, None)
        try:
            path = current.resolve()
            return cls(location, ox.Store.read_only(str(path)), path.name)
        except OSError as exc:
            raise StoreError(f"cannot open the store at {location}: {exc}") from None

    def cache_file(self, name: str) -> Path | None:
        """``caches/<generation>/<name>``: gone with its generation.

        >>> EmbeddedStore.in_memory().cache_file("catalog.json") is None
        True
        """
        if self._generation is None:
            return None
        return Path(self.location) / "caches" / self._generation / name

    def latest(self) -> EmbeddedStore:
        """The generation ``current`` names now, opened when it is not this one.

        >>> EmbeddedStore.in_memory().latest().location
        'memory'
        """
        if self._generation is None:  # in memory, or nothing built when opened
            return self if self.location == "memory" else self._reopened()
        now = current_generation(Path(self.location))
        return self if now == self._generation else self._reopened()

    def _reopened(self) -> EmbeddedStore:
        with contextlib.suppress(StoreError):  # a half-removed folder: keep serving this one
            return EmbeddedStore.open(self.location)
        return self

    @property
    def engine(self) -> ox.Store:
        """The pyoxigraph store itself, for code of edgraph's that reads it directly (a remote
        build's staging copy, the workers' copy of an in-memory store)."""
        return self._oxigraph

    def built_at(self) -> float | None:
        """When the generation in use became current (a Unix time), or None (in memory)."""
        if self.location == "memory" or self._generation is None:
            return None
        link = current_link(Path(self.location))
        return link.lstat().st_mtime if link.is_symlink() else None

    @property
    def _oxigraph(self) -> ox.Store:
        if self._store is None:
            raise StoreNotBuiltError(
                f"no store has been built at {self.location}; run 'edgraph build'"
            )
        return self._store

    def query(self, sparql: str, *, row_cap: int | None = None) -> QueryResult:
        return run_query(self._oxigraph, sparql, row_cap)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._oxigraph.named_graphs() if isinstance(g, ox.NamedNode))

    def quad_count(self) -> int:
        return len(self._oxigraph)

    def dump(self, output: IO[bytes], fmt: Format, *, graph: str | None = None) -> None:
        """The same content gives the same bytes. On disk the store's own order is a function of
        the content (its indexes are keyed by hashes of the terms), so the dump streams in that
        order; in memory the order follows insertion, so the statements are sorted first.
        Blank nodes keep the store's labels (stable for one build, not across builds).

        >>> import io
        >>> from edgraph import formats
        >>> store = EmbeddedStore.in_memory()
        >>> g, p = ox.NamedNode("http://example.org/g"), ox.NamedNode("http://example.org/p")
        >>> store.replace_graph(g.value, [ox.Quad(p, p, ox.Literal("x"), g)])
        >>> buffer = io.BytesIO()
        >>> store.dump(buffer, formats.by_name("nquads"))
        >>> buffer.getvalue()
        b'<http://example.org/p> <http://example.org/p> "x" <http://example.org/g> .\\n'
        """
        from edgraph.namespaces import PREFIXES

        store = self._oxigraph
        rdf_format = fmt.rdf_format()
        prefixes = PREFIXES if fmt.prefixes else None
        statements: Iterable[ox.Quad | ox.Triple]
        if graph is not None and not fmt.datasets:
            statements = (
                q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            )
        elif graph is not None:
            statements = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        elif fmt.datasets:
            statements = store.quads_for_pattern(None, None, None, None)
        else:  # the union of the graphs, each statement once
            statements = store.query(_UNION, use_default_graph_as_union=True)  # type: ignore[assignment]
        if self.location == "memory":
            statements = sorted(statements, key=_sort_key)
        elif graph is None and fmt.datasets:
            store.dump(output, rdf_format, prefixes=prefixes)
            return
        ox.serialize(statements, output, rdf_format, prefixes=prefixes)  # type: ignore[arg-type]

    def replace(
        self,
        inputs: Sequence[GraphInput],
        *,
        derive: Derive | None = None,
        progress: Progress | None = None,
    ) -> None:
        if self.location == "memory":
            fresh = ox.Store()
            _load_all(fresh, inputs, progress)
            if derive is not None:
                derive(fresh)
            self._store = fresh
            return
        self._new_generation(
            lambda target: _write_generation(target, inputs, derive, progress), progress
        )

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """On disk, the new generation starts as a backup of the current one (hard links to
        its immutable files, so it costs milliseconds, not a copy).

        >>> store = EmbeddedStore.in_memory()
        >>> g = ox.NamedNode("http://example.org/g")
        >>> store.replace_graph(g.value, [ox.Quad(g, g, g, g)])
        >>> store.quad_count()
        1
        """
        name = ox.NamedNode(graph)
        if self.location == "memory":
            fresh = ox.Store()
            fresh.bulk_extend(q for q in self._oxigraph if q.graph_name != name)
            fresh.bulk_extend(quads)
            self._store = fresh
            return
        current = self._oxigraph  # raises when nothing was built

        def write(target: Path) -> None:
            current.backup(str(target))
            _replace_in_generation(target, name, quads)

        self._new_generation(write)

    def _new_generation(
        self, write: Callable[[Path], None], progress: Progress | None = None
    ) -> None:
        """Let ``write`` fill a new generation folder, then make it current in one rename;
        on any failure the folder goes and the current generation stays."""
        root = Path(self.location)
        (root / "generations").mkdir(parents=True, exist_ok=True)
        with _build_lock(root):
            previous = current_generation(root) or ""
            target = root / "generations" / _generation_name()
            try:
                write(target)
                _step(progress, "swapping")
                swap_current(root, target)
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise
            _step(progress, "clearing")
            _remove_old_generations(root, keep={target.name, previous})
        self._store = ox.Store.read_only(str(target))
        self._generation = target.name


def _generation_name() -> str:
    return f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"


def _replace_in_generation(target: Path, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
    def replace(fresh: ox.Store) -> None:
        if fresh.contains_named_graph(graph):
            fresh.remove_graph(graph)
        fresh.bulk_extend(quads)

    _fill_generation(target, replace)


_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"


def _sort_key(statement: ox.Quad | ox.Triple) -> tuple[str, ...]:
    graph = statement.graph_name if isinstance(statement, ox.Quad) else None
    return (str(graph or ""), str(statement.subject), str(statement.predicate),
            str(statement.object))  # fmt: skip


class Engine(Protocol):
    """What runs SPARQL: a pyoxigraph store, or a remote server's client that answers alike."""

    def query(
        self,
        query: str,
        *,
        use_default_graph_as_union: bool = ...,
        default_graph: Any = ...,
        named_graphs: Any = ...,
    ) -> Any: ...

    def contains_named_graph(self, graph: ox.NamedNode) -> bool: ...


def run_query(engine: Engine, sparql: str, row_cap: int | None) -> QueryResult:
    """Run ``sparql`` with the union of the graphs as the default graph; rows as terms."""
    start = time.perf_counter()
    try:
        answer = engine.query(sparql, use_default_graph_as_union=True)
    except SyntaxError as exc:
        from edgraph.query.plan import explain_syntax_error

        raise QuerySyntaxError(explain_syntax_error(sparql, str(exc))) from None
    if isinstance(answer, ox.QueryBoolean):
        elapsed = (time.perf_counter() - start) * 1000
        return QueryResult("ask", [], [], False, elapsed, boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows_iter: Iterator[tuple[Term | None, ...]] = (tuple(s) for s in answer)  # in order
        kind = "select"
    else:
        variables = ["subject", "predicate", "object"]
        rows_iter = ((t.subject, t.predicate, t.object) for t in answer)
        kind = "graph"
    try:
        rows, truncated = _take(rows_iter, row_cap)
    except SyntaxError as exc:  # the query parsed: it is the answer that broke off
        from edgraph.errors import broken_answer

        raise broken_answer(exc) from None
    elapsed = (time.perf_counter() - start) * 1000
    return QueryResult(kind, variables, rows, truncated, elapsed)  # type: ignore[arg-type]


def _take(
    rows: Iterable[tuple[Term | None, ...]], cap: int | None
) -> tuple[list[tuple[Term | None, ...]], bool]:
    taken: list[tuple[Term | None, ...]] = []
    for row in rows:
        if cap is not None and len(taken) >= cap:
            return taken, True
        taken.append(row)
    return taken, False


def _load_all(target: ox.Store, inputs: Sequence[GraphInput], progress: Progress | None) -> None:
    total = sum(i.path.stat().st_size for i in inputs)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    for item in inputs:
        load(target, item, advance)


def _step(progress: Progress | None, name: str) -> None:
    if progress is not None:
        progress(0, 0, stage=name)


def _write_generation(
    target: Path, inputs: Sequence[GraphInput], derive: Derive | None, progress: Progress | None
) -> None:
    def write(fresh: ox.Store) -> None:
        _load_all(fresh, inputs, progress)
        _step(progress, "deriving")
        if derive is not None:
            derive(fresh)
        _step(progress, "flushing")

    _fill_generation(target, write)


def _fill_generation(target: Path, fill: Callable[[ox.Store], None]) -> None:
    """Open the store folder ``target``, let ``fill`` write it, flush and close it.

    The store must be closed before the caller renames or removes its folder: RocksDB writes
    files when it closes. An exception's traceback would keep it open through the frames it
    was passed to, so those frames are cleared before the exception goes on."""
    fresh = ox.Store(str(target))
    try:
        fill(fresh)
        fresh.flush()
    except BaseException as exc:
        traceback.clear_frames(exc.__traceback__)
        raise
    finally:
        del fresh


@contextlib.contextmanager
def _build_lock(root: Path) -> Iterator[None]:
    with (root / "build.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusyError(
                f"another build is writing {root}; try again when it ends"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_link(root: Path) -> Path:
    """The link in a store folder that names the generation in use."""
    return root / "current"


def current_generation(root: Path) -> str | None:
    """The name of the generation in use in the store folder ``root`` (one system call: a build
    replaces the link, never the folder it names), or None before the first build."""
    try:
        return os.path.basename(os.readlink(current_link(root)))
    except OSError:
        return None


def swap_current(root: Path, target: Path) -> None:
    """Point ``root/current`` at the generation ``target`` in one atomic rename."""
    link = root / f".current-{uuid.uuid4().hex[:8]}"
    link.symlink_to(Path("generations") / target.name)
    os.replace(link, current_link(root))
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_old_generations(root: Path, *, keep: set[str]) -> None:
    """Remove every generation but ``keep``: the new one and the one before it, which a running
    server may still have open. What a killed build left half-written goes too."""
    for folder in ("generations", "caches"):
        if (root / folder).is_dir():
            for stale in (root / folder).iterdir():
                if stale.name not in keep:
                    shutil.rmtree(stale, ignore_errors=True)
