"""The Python API: run SPARQL over a built store, with the same limits as the endpoint.

>>> import edgraph
>>> with edgraph.connect() as graph:                                    # doctest: +SKIP
...     result = graph.query("SELECT ?n WHERE { ?o <http://schema.org/name> ?n } LIMIT 3")
...     frame = result.to_dataframe()                                   # needs pandas
"""

from __future__ import annotations

from collections.abc import Sequence

from edgraph.query import Limits, QueryRequest, QueryService
from edgraph.query.results import QueryResult
from edgraph.settings import Settings


class Connection:
    """Queries over the store that ``settings`` name, each in a worker process that the time
    and memory limits can stop. Close it (or use ``with``) to end the workers."""

    def __init__(self, settings: Settings | None = None, *, workers: int = 1) -> None:
        from edgraph.location import store_for

        self.settings = settings or Settings.load()
        store = store_for(self.settings)
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
        return self._service.result(
            QueryRequest(
                sparql,
                default_graphs=tuple(default_graphs) if default_graphs is not None else None,
                named_graphs=tuple(named_graphs) if named_graphs is not None else None,
                full=full,
            )
        )

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
