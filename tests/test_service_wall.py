"""SERVICE cannot make edgraph call out: a corpus of disguised SERVICE calls against a canary
server on 127.0.0.1, through every route a query takes, and through the second wall alone.

The canary counts every connection made to it. The corpus is checked to be live: run by the
bare engine, with no wall, it does reach the canary.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import settings_for
from flask import Flask

from edgraph.errors import QueryRefusedError
from edgraph.query import Limits, QueryRequest, QueryService
from edgraph.query.plan import inspect_query


class Canary:
    """A TCP server on 127.0.0.1 that counts the connections made to it and answers none."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.hits = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with self._lock:
                self.hits += 1
            connection.close()

    def close(self) -> None:
        self.socket.close()


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    made = Canary()
    yield made
    made.close()


def corpus(url: str) -> list[str]:
    """Disguised calls of ``url``. Each starts with a row (VALUES) so that the engine, which
    evaluates lazily, does reach the SERVICE clause (or a statement of :data:`STATEMENTS` comes
    first)."""
    host = url.split("/sparql")[0]
    row = "VALUES ?row { 1 } "
    return [
        # the reported bypass: '<' read as an IRI by a tokenizer, as "less than" by the engine
        f"SELECT * WHERE {{ BIND(\"a\" AS ?a) FILTER(?a <'x>#') SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {row}BIND(\"a\" AS ?a) FILTER(?a <'x>#')\nSERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ {row}BIND(1 AS ?a) FILTER(?a <='x>#' || true) SERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ {row}FILTER(true <'''x>''' || true) SERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ {row}FILTER(?row <'#>' || true) SERVICE <{url}> {{ }} }}",
        # keywords glued to the token before them
        f"SELECT * WHERE {{ ?s ?p trueSERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p 1e5SERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p true.SERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ VALUES ?x {{ 1 }}SERVICE<{url}>{{}} }}",
        f"SELECT * WHERE {{ VALUES ?x {{ UNDEF }}SERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ {row}FILTER(true)SERVICE<{url}>{{}} }}",
        # case, escapes, comments and white space
        f"SELECT * WHERE {{ {row}sErViCe <{url}> {{ }} }}",
        f"SELECT * WHERE {{ {row}\\u0053ERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ {row}\u017fERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ {row}SERVICE#comment\n<{url}> {{ }} }}",
        f"SELECT * WHERE {{ {row}SERVICE\t\r\n <{url}>{{ }} }}",
        f"SELECT * WHERE {{ {row}SERVICE SILENT <{url}> {{ }} }}",
        f"\ufeffSELECT * WHERE {{ {row}SERVICE <{url}> {{ }} }}",
        # names for the endpoint
        f"PREFIX c: <{host}/> SELECT * WHERE {{ {row}SERVICE c:sparql {{ }} }}",
        f"BASE <{host}/> SELECT * WHERE {{ {row}SERVICE <sparql> {{ }} }}",
        f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ }} }}",
        f'SELECT * WHERE {{ BIND(IRI(CONCAT("http://127.0.0.1:", "{url.split(":")[2]}")) AS ?u) SERVICE ?u {{ }} }}',
        f"SELECT * WHERE {{ {row}SERVICE <{url.replace('http', 'HTTP')}> {{ }} }}",
        f"SELECT * WHERE {{ {row}SERVICE <{url.replace('127.0.0.1', 'localhost')}> {{ }} }}",
        # where the clause sits
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {row}SERVICE <{url}> {{ }} }} }} }}",
        f"SELECT * WHERE {{ {row}OPTIONAL {{ SERVICE <{url}> {{ }} }} }}",
        f"SELECT * WHERE {{ {row}FILTER EXISTS {{ SERVICE <{url}> {{ }} }} }}",
        f"SELECT * WHERE {{ {{ {row}}} UNION {{ {row}SERVICE <{url}> {{ }} }} }}",
        f"ASK {{ {row}SERVICE <{url}> {{ }} }}",
        f"CONSTRUCT {{ ?row ?row ?row }} WHERE {{ {row}SERVICE <{url}> {{ }} }}",
        f"DESCRIBE ?row WHERE {{ {row}SERVICE <{url}> {{ }} }}",
    ]


#: What the glued-keyword calls need to find before the engine evaluates their SERVICE.
STATEMENTS = """
<http://ex/s> <http://ex/p> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<http://ex/s> <http://ex/p> "1e5"^^<http://www.w3.org/2001/XMLSchema#double> .
"""


def _reached(store: ox.Store, query: str, canary: Canary) -> bool:
    before = canary.hits
    try:
        answer = store.query(query, use_default_graph_as_union=True)
        if not isinstance(answer, ox.QueryBoolean):
            list(answer)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    return canary.hits > before


@pytest.fixture(scope="module")
def embedded_tiny(tiny_shared_project: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The tiny graph in a store folder whatever the session's store kind: the workers' own
    network is what these tests are about."""
    from edgraph.build import build
    from edgraph.location import open_store

    location = str(tmp_path_factory.mktemp("wall") / "store")
    build(open_store(location, must_exist=False), settings_for(tiny_shared_project, store=location))
    return location


def test_the_corpus_reaches_the_canary_when_nothing_stops_it(canary: Canary) -> None:
    """Without edgraph's walls, most of the corpus is a live call: the engine makes it."""
    store = ox.Store()
    store.load(STATEMENTS, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("http://ex/g"))
    live = [query for query in corpus(canary.url) if _reached(store, query, canary)]
    assert len(live) >= 26, f"only {len(live)} calls of the corpus are live"
    assert corpus(canary.url)[0] in live  # the reported bypass itself


@pytest.fixture(scope="module")
def app_store(tiny_disk_store: str) -> str:
    """The module's ``app`` (conftest) serves the tiny graph, read in place by its workers."""
    return tiny_disk_store


def test_no_route_lets_the_corpus_call_out(app: Flask, canary: Canary) -> None:
    client = app.test_client()
    json = {"Accept": "application/sparql-results+json"}
    before = canary.hits
    for query in corpus(canary.url):
        answers = [
            client.get("/sparql", query_string={"query": query}, headers=json),
            client.post("/sparql", data={"query": query}, headers=json),
            client.post("/sparql", data=query.encode(),
                        headers={**json, "Content-Type": "application/sparql-query"}),
            client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/html"}),
            client.get("/network.json", query_string={"query": query}),
        ]  # fmt: skip
        for answer in answers:
            assert answer.status_code >= 400 or b'"bindings": []' in answer.data, (
                query, answer.status_code, answer.data[:300],
            )  # fmt: skip
    assert canary.hits == before


def test_the_command_line_lets_no_call_out(
    runner: object, canary: Canary, tiny_shared_project: Path, tiny_disk_store: str
) -> None:
    from edgraph.cli import main

    project = ["--project", str(tiny_shared_project), "--store", tiny_disk_store]
    before = canary.hits
    for query in corpus(canary.url):
        result = runner.invoke(main, ["query", *project, query])  # type: ignore[attr-defined]
        assert result.exit_code == 2, (query, result.output)
    assert canary.hits == before


def test_query_workers_without_an_allow_list_have_no_network(
    embedded_tiny: str, canary: Canary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second wall on its own: with the query check told to refuse nothing, the workers
    still cannot reach the canary, and the answer says why."""
    location = embedded_tiny
    before = canary.hits
    monkeypatch.setattr(
        QueryService, "plan", lambda self, r: inspect_query(r.query, service_allow=None)
    )
    refused = 0
    with QueryService(location, Limits(), workers=1) as service:
        for query in corpus(canary.url):
            try:
                service.run(QueryRequest(query))
            except QueryRefusedError as error:
                refused += "have none" in str(error) or "SyntaxError" in str(error)
            except SyntaxError:
                pass
    assert canary.hits == before
    assert refused >= 15  # the live calls were stopped by the wall, and said so


def test_an_allowed_endpoint_is_still_called(embedded_tiny: str, canary: Canary) -> None:
    """With the canary allowed, the same pool does call it (the wall is not in the way of what
    service_allow permits), and another endpoint is still refused."""
    location = embedded_tiny
    before = canary.hits
    with QueryService(location, Limits(service_allow=(canary.url,)), workers=1) as service:
        with pytest.raises(Exception):  # noqa: B017 (the canary hangs up: any error)
            service.run(QueryRequest(f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ }} }}"))
        with pytest.raises(QueryRefusedError, match="not allowed"):
            service.plan(QueryRequest("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { } }"))
    assert canary.hits == before + 1


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(?o, "public service")) }',
        "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>\n"
        "SELECT * WHERE { ?s a sd:Service ; ?p ?o FILTER(?o < 3) }",
        "SELECT ?service WHERE { ?service <http://schema.org/name> 'Servicio' } # from the list",
        "SELECT * FROM <http://ex/g> WHERE { ?s ?p ?o FILTER(?s = <http://ex/a#b>) }",
    ],
)
def test_queries_that_only_mention_the_keywords_still_run(query: str) -> None:
    assert inspect_query(query).form == "select"


@pytest.fixture(scope="module")
def other_canary() -> Iterator[Canary]:
    made = Canary()
    yield made
    made.close()


def test_with_an_allow_list_workers_reach_the_allowed_hosts_and_nothing_else(
    embedded_tiny: str, canary: Canary, other_canary: Canary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second wall with endpoints allowed: the query check is told to refuse nothing, and
    still the workers reach only the allowed host and port, by address or by name."""
    monkeypatch.setattr(
        QueryService, "plan", lambda self, r: inspect_query(r.query, service_allow=None)
    )
    by_name = canary.url.replace("127.0.0.1", "localhost")
    allowed = Limits(service_allow=(by_name,))
    before, other_before = canary.hits, other_canary.hits
    with QueryService(embedded_tiny, allowed, workers=1) as service:
        for url in (other_canary.url, other_canary.url.replace("127.0.0.1", "localhost"),
                    "http://example.invalid/sparql", "http://10.255.255.1/sparql"):  # fmt: skip
            with pytest.raises(QueryRefusedError, match="service_allow setting does not allow"):
                service.run(QueryRequest(f"SELECT * WHERE {{ SERVICE <{url}> {{ }} }}"))
        with pytest.raises(Exception):  # noqa: B017 (the canary hangs up: any error)
            service.run(QueryRequest(f"SELECT * WHERE {{ SERVICE <{by_name}> {{ }} }}"))
    assert other_canary.hits == other_before
    assert canary.hits == before + 1


def test_a_federated_query_to_an_allowed_server_is_answered(
    embedded_tiny: str, tmp_path: Path
) -> None:
    """Through the relay, a real SPARQL server (Oxigraph's, on 127.0.0.1) answers the SERVICE
    part of a query, by name, as the engine would without any wall."""
    from servers import oxigraph_server

    with oxigraph_server(str(Path(embedded_tiny) / "current"), tmp_path) as endpoint:
        named = endpoint.replace("127.0.0.1", "localhost")
        with QueryService(embedded_tiny, Limits(service_allow=(named,)), workers=1) as service:
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{named}> {{ ?s ?p ?o }} }}"
            result = service.result(QueryRequest(query))
    assert int(result.rows[0][0].value) > 10  # type: ignore[union-attr]
