"""The Python API: run SPARQL over a built store, with the same limits as the endpoint.

>>> import edgraph
>>> with edgraph.connect() as graph:                                    # doctest: +SKIP
...     result = graph.query("SELECT ?n WHERE { ?o <http://schema.org/name> ?n } LIMIT 3")
...     frame = result.to_dataframe()                                   # needs pandas
"""

from __future__ import annotations

from collections.abc import Sequence

from edgraph.results import QueryResult
from edgraph.sandbox import Limits, QueryRequest, QueryService
from edgraph.settings import Settings


class Connection:
    """Queries over the store that ``settings`` name, each in a worker process that the time
    and memory limits can stop. Close it (or use ``with``) to end the workers."""

    def __init__(self, settings: Settings | None = None, *, workers: int = 1) -> None:
        from edgraph.store import open_store

        self.settings = settings or Settings.load()
        store = open_store(self.settings.store_location())
        self._service = QueryService.for_store(
            store, Limits.from_settings(self.settings), workers=workers
        )

    def query(
        self,
        sparql: str,
        *,
        full: bool = False,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run ``sparql``; rows beyond the row cap are cut (``truncated``) unless ``full``."""
        import pyoxigraph as ox

        request = QueryRequest(
            sparql,
            default_graphs=tuple(default_graphs) if default_graphs is not None else None,
            named_graphs=tuple(named_graphs) if named_graphs is not None else None,
            full=full,
        )
        plan = self._service.plan(request)
        graph = plan.result_kind == "graph"
        answer = self._service.run(
            QueryRequest(
                request.query,
                format="nt" if graph else "json",
                default_graphs=request.default_graphs,
                named_graphs=request.named_graphs,
                full=full,
            )
        )
        if graph:
            triples = ox.parse(answer.body, ox.RdfFormat.N_TRIPLES)
            rows = [(t.subject, t.predicate, t.object) for t in triples]
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

    def close(self) -> None:
        self._service.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(settings: Settings | None = None, *, workers: int = 1) -> Connection:
    """A :class:`Connection` to the store of ``settings`` (default: the usual settings)."""
    return Connection(settings, workers=workers)


def query(sparql: str, *, settings: Settings | None = None, full: bool = False) -> QueryResult:
    """Run one query and close the worker again: simple, but each call starts a process."""
    with connect(settings) as connection:
        return connection.query(sparql, full=full)
