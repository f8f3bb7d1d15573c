"""Running a user's SPARQL query, from the request to the answer. In order:

1. **The request** (:mod:`edgraph.query.request`): an adapter (``/sparql`` in web/sparql.py,
   ``edgraph query`` in cli.py, :func:`edgraph.connect`) turns what it was given into a
   :class:`QueryRequest`: the text, the format asked for, the protocol's graphs, whether the
   whole answer is wanted, and who asks.
2. **The plan** (:mod:`edgraph.query.plan`): :meth:`QueryService.plan` reads the query's
   tokens, in time linear in its length, for its form (which picks the formats it can be
   answered in, :func:`edgraph.formats.negotiate`), its ``FROM`` graphs and ``SERVICE``
   calls, and refuses what may not run: updates, ``SERVICE`` off the allow-list, nesting too
   deep, a query too long. Syntax is the engine's to judge.
3. **A turn** (:mod:`edgraph.query.service`, :mod:`edgraph.query.admission`): the query waits
   for an idle worker in one short queue, no client running more than its share;
   past the queue's bound a 503 with ``Retry-After``.
4. **The worker** (:mod:`edgraph.query.process` on the server's side,
   :mod:`edgraph.query.worker` inside): a process that holds the store open read-only,
   without network (:mod:`edgraph.query.confine`), under the time and memory limits, which
   are enforced by killing it. It gets a :class:`~edgraph.query.messages.Job` and answers in
   :mod:`edgraph.query.messages`: a head, data chunks and an end, or a failure.
5. **The answer**: :meth:`QueryService.run` gathers it (capped at ``row_cap``),
   :meth:`QueryService.stream` hands it on chunk by chunk (``full``), and
   :meth:`QueryService.result` parses it into a :class:`~edgraph.query.results.QueryResult`
   of terms for code and tables. The adapter writes it out; errors are
   :class:`~edgraph.errors.EdgraphError` subclasses, each with its HTTP status and exit code.

Queries edgraph writes itself (pages, analysis) run in-process through
:meth:`edgraph.store.Store.query`, unless a page needs the limits (entity pages do).
"""

from edgraph.query.request import Answer, Limits, QueryRequest, Stream
from edgraph.query.service import QueryService

__all__ = ["Answer", "Limits", "QueryRequest", "QueryService", "Stream"]
