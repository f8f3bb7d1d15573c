"""What a query that breaks something is told: each way a worker can fail is named for what
happened, and the mistakes people make in SPARQL are named in words, with line and column."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import settings_for
from flask import Flask

from edgraph.errors import LimitError, QueryRefusedError, QuerySyntaxError
from edgraph.query import Limits, QueryRequest, QueryService
from edgraph.query.plan import MAX_NESTING, explain_syntax_error, inspect_query


@pytest.fixture(scope="module")
def tiny_folder(tiny_shared_project: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    from edgraph.build import build
    from edgraph.location import open_store

    location = str(tmp_path_factory.mktemp("faults") / "store")
    build(open_store(location, must_exist=False), settings_for(tiny_shared_project, store=location))
    return location


@pytest.fixture(scope="module")
def service(tiny_folder: str) -> Iterator[QueryService]:
    # A time limit no loaded machine reaches: these tests are about what is said, not when.
    with QueryService(tiny_folder, Limits(timeout=600), workers=1) as made:
        yield made


def test_a_value_over_16_mib_is_named_not_taken_for_memory(service: QueryService) -> None:
    doubled = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(20))
    query = f'SELECT ?a20 WHERE {{ BIND("0123456789abcdef" AS ?a0) {doubled} }}'  # 16 MiB
    with pytest.raises(LimitError, match="larger than 16 MiB") as caught:
        service.run(QueryRequest(query, format="json"))
    assert "memory" not in str(caught.value)
    assert service.run(QueryRequest("ASK {}")).body  # the worker is still there


def test_an_engine_that_overflows_its_stack_is_said_to_have_done_so(
    service: QueryService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the nesting check (switched off here), 5,000 nested groups crash the engine's
    parser; the answer says so instead of blaming memory."""
    monkeypatch.setattr(QueryService, "plan", lambda self, r: inspect_query("ASK {}"))
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    with pytest.raises(QueryRefusedError, match="overflowed its stack") as caught:
        service.run(QueryRequest(deep))
    assert "memory" not in str(caught.value)
    monkeypatch.undo()
    assert service.run(QueryRequest("ASK {}")).body


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
        "SELECT * WHERE { FILTER(" + "!" * 20_000 + "true) }",
        "SELECT * WHERE { FILTER(" + "(" * 300 + "1" + ")" * 300 + ") }",
    ],
)
def test_nesting_past_the_limit_is_refused_before_a_worker_sees_it(query: str) -> None:
    with pytest.raises(QueryRefusedError, match=f"line 1, column \\d+: .* {MAX_NESTING} deep"):
        inspect_query(query)


def test_nesting_within_the_limit_is_left_to_the_engine(service: QueryService) -> None:
    query = "SELECT * WHERE { FILTER(" + "(" * 200 + "true" + ")" * 200 + ") }"
    assert service.run(QueryRequest(query, format="csv")).body.startswith(b"\r\n")


def test_a_query_starting_with_a_byte_order_mark_runs(service: QueryService) -> None:
    answer = service.run(QueryRequest("\ufeffASK { ?s ?p ?o }", format="json"))
    assert b'"boolean":true' in answer.body.replace(b" ", b"")


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("SELECT * WHERE { ?s y:p ?o }", "line 1, column 21: the prefix 'y:' is not declared"),
        ("SELECT * WHERE { ?s schema:name ?o }",
         "add PREFIX schema: <http://schema.org/>"),
        ("SELEC * WHERE { ?s ?p ?o }",
         "line 1, column 1: 'SELEC' is not a SPARQL keyword; did you mean SELECT?"),
        ("SELECT * WHERE { ?s ?p ?o . FILTR(?o) }", "did you mean FILTER?"),
        ("SELECT * WHERE {\n  ?s ?p ?o ", "line 1, column 16: this '{' is never closed"),
        ("SELECT * WHERE { ?s ?p ?o } }", "line 1, column 29: this '}' closes nothing"),
        ("SELECT * WHERE { FILTER(?o }", "')' expected before this '}'"),
        ("SELECT * WHERE {\n  ?s ?p ?o\n  ?s ?q ?r }",
         "line 3, column 3: a '.' is missing before this"),
        ("SELECT * WHERE { ?s ?p 'abc }", "line 1, column 24: this string is never closed"),
    ],
)  # fmt: skip
def test_common_mistakes_are_named_with_line_and_column(query: str, said: str) -> None:
    import pyoxigraph as ox

    with pytest.raises(SyntaxError) as caught:
        ox.Store().query(query)
    assert said in explain_syntax_error(query, str(caught.value))


def test_an_unterminated_query_does_not_list_every_character(service: QueryService) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        service.run(QueryRequest("SELECT * WHERE { ?s ?p"))
    message = str(caught.value)
    assert len(message) < 200 and "'{' is never closed" in message


def test_the_command_line_names_the_mistake(
    runner: object, tiny_shared_project: Path, tiny_folder: str
) -> None:
    from edgraph.cli import main

    result = runner.invoke(  # type: ignore[attr-defined]
        main, ["query", "--project", str(tiny_shared_project), "--store", tiny_folder,
               "SELECT * WHERE { ?s y:p ?o }"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "line 1, column 21: the prefix 'y:' is not declared" in result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def app_store(tiny_folder: str) -> str:
    """The module's ``app`` (conftest) serves the tiny graph, read in place by its workers."""
    return tiny_folder


def test_the_workbench_names_the_mistake(app: Flask) -> None:
    from html.parser import HTMLParser

    answer = app.test_client().get(
        "/sparql", query_string={"query": "SELEC * { }"}, headers={"Accept": "text/html"}
    )
    texts: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            texts.append(data)

    Text().feed(answer.get_data(as_text=True))
    assert any("did you mean SELECT?" in t for t in texts)


def test_a_form_post_without_a_query_is_a_400(app: Flask) -> None:
    client = app.test_client()
    posted = client.post("/sparql", data={"default-graph-uri": "http://x"},
                         headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert posted.status_code == 400
    assert posted.mimetype == "text/plain"
    assert posted.get_data(as_text=True).startswith("a POST to /sparql must carry a query")
    assert client.get("/sparql", headers={"Accept": "text/turtle"}).status_code == 200
