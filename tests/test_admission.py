"""Admission of queries: one short queue, a share per client, and a 503 with Retry-After past
either, so that one client cannot hold every worker and pages that need no worker keep
answering. Workers are kept busy by queries that call, by SERVICE, an endpoint that answers
only when the test releases it (no sleeping, no timing)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from servers import HeldEndpoint

from edgraph.errors import BusyError
from edgraph.query import Limits, QueryRequest, QueryService

ASK = "ASK { ?s ?p ?o }"


@pytest.fixture
def held() -> Iterator[HeldEndpoint]:
    endpoint = HeldEndpoint()
    yield endpoint
    endpoint.close()


def _service(location: str, held: HeldEndpoint, **limits: object) -> QueryService:
    chosen = {"timeout": 60.0, "client_limit": 1, "queue": 2, "service_allow": (held.url,)}
    chosen.update(limits)
    return QueryService(location, Limits(**chosen), workers=2)  # type: ignore[arg-type]


def test_one_client_gets_one_worker_and_one_place_in_line_while_another_client_is_answered(
    tiny_embedded_store: str, held: HeldEndpoint
) -> None:
    with _service(tiny_embedded_store, held) as service, ThreadPoolExecutor(4) as pool:
        first = pool.submit(service.run, QueryRequest(held.query, client="192.0.2.1"))
        assert held.arrived(1)  # the client's first query holds one of the two workers
        second = pool.submit(service.run, QueryRequest(ASK, client="192.0.2.1"))
        with service._turns:  # the second waits its turn, though the other worker is idle
            assert service._turns.wait_for(lambda: service.waiting("192.0.2.1") == 1, 30)
        with pytest.raises(BusyError, match="query_client_limit") as refused:
            service.run(QueryRequest(ASK, client="192.0.2.1"))
        assert refused.value.retry_after == 60
        assert refused.value.status == 503

        other = service.run(QueryRequest(ASK, client="192.0.2.2"))  # the idle worker
        assert other.body and not second.done()

        held.released.set()
        assert first.result(30).rows == 0
        assert second.result(30).rows == 1
    assert service.waiting() == 0


def test_past_the_queue_a_query_is_refused_at_once_and_the_waiting_one_runs_later(
    tiny_embedded_store: str, held: HeldEndpoint
) -> None:
    with _service(tiny_embedded_store, held, queue=1) as service, ThreadPoolExecutor(6) as pool:
        running = [pool.submit(service.run, QueryRequest(held.query, client=f"192.0.2.{n}"))
                   for n in (1, 2)]  # fmt: skip
        assert held.arrived(2)  # both workers are busy
        queued = pool.submit(service.run, QueryRequest(ASK, client="192.0.2.3"))
        with service._turns:
            assert service._turns.wait_for(lambda: service.waiting() == 1, 30)
        with pytest.raises(BusyError, match="query_queue") as refused:
            service.run(QueryRequest(ASK, client="192.0.2.4"))
        assert refused.value.retry_after == 60
        held.released.set()
        assert queued.result(30).rows == 1
        assert [f.result(30).rows for f in running] == [0, 0]


def test_a_query_waits_for_a_worker_no_longer_than_the_queue_timeout(
    tiny_embedded_store: str, held: HeldEndpoint
) -> None:
    # The held queries keep both workers until the test releases them, after the refusal.
    with (
        _service(tiny_embedded_store, held, queue_timeout=0.2) as service,
        ThreadPoolExecutor(2) as pool,
    ):
        running = [pool.submit(service.run, QueryRequest(held.query, client=f"192.0.2.{n}"))
                   for n in (1, 2)]  # fmt: skip
        assert held.arrived(2)
        with pytest.raises(BusyError, match=r"waited 0\.2 s .* query_queue_timeout") as refused:
            service.run(QueryRequest(ASK, client="192.0.2.3"))
        assert refused.value.retry_after == 60
        held.released.set()
        assert [f.result(30).rows for f in running] == [0, 0]


def test_a_stream_closed_before_it_is_read_gives_its_worker_and_its_share_back(
    tiny_embedded_store: str, held: HeldEndpoint
) -> None:
    # A HEAD request, or a client gone before the first byte, closes the body unread.
    with _service(tiny_embedded_store, held) as service:
        for _ in range(3):  # each time the client's one share comes back
            stream = service.stream(QueryRequest(ASK, full=True, client="192.0.2.1"))
            stream.chunks.close()  # type: ignore[attr-defined]
        answer = service.run(QueryRequest(ASK, client="192.0.2.1"))
        assert answer.rows == 1


def test_queries_without_a_client_are_not_limited_per_client(
    tiny_embedded_store: str, held: HeldEndpoint
) -> None:
    with _service(tiny_embedded_store, held) as service, ThreadPoolExecutor(2) as pool:
        both = [pool.submit(service.run, QueryRequest(held.query)) for _ in range(2)]
        assert held.arrived(2)  # the command line's own queries may use every worker
        held.released.set()
        assert [f.result(30).rows for f in both] == [0, 0]
