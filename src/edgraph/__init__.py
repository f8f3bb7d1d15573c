"""edgraph: a knowledge graph of education networks and partnerships.

The core package is headless: it never imports Flask or pyvis, and importing it does no work.
``edgraph.query(...)`` and ``edgraph.connect(...)`` (see :mod:`edgraph.api`) load what they need
when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from edgraph.api import Connection
    from edgraph.query.results import QueryResult


def connect(*args: Any, **kwargs: Any) -> Connection:
    """See :func:`edgraph.api.connect`."""
    from edgraph.api import connect as connect_

    return connect_(*args, **kwargs)


def query(*args: Any, **kwargs: Any) -> QueryResult:
    """See :func:`edgraph.api.query`."""
    from edgraph.api import query as query_

    return query_(*args, **kwargs)
