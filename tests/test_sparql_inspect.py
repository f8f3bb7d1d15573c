"""Reading queries before they run: forms, updates, SERVICE and FROM, checked against rdflib's
own SPARQL parser as the oracle for what a query really contains."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from edgraph.errors import QueryRefusedError, QueryTooLongError
from edgraph.query.plan import inspect_query, substitute

ALLOWED = "http://127.0.0.1:9/sparql"

# Queries whose SERVICE clauses (or their absence) the inspector must see exactly as a SPARQL
# parser does: keywords in strings, comments, IRIs, prefixed names and variables are not keywords.
CASES = [
    "SELECT * WHERE { ?s ?p ?o }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://evil/> { }" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://evil/> { ?a ?b ?c }",
    "PREFIX service: <http://ex/> SELECT * WHERE { ?s service:service ?service }",
    "SELECT * WHERE { ?s <http://ex/SERVICE> ?o }",
    "SELECT * WHERE { ?s ?p '''multi\nline SERVICE <http://x/> { } '''}",
    'SELECT * WHERE { ?s ?p "esc \\" SERVICE <http://x/> { }" }',
    "SELECT * WHERE { SERVICE <http://evil/> { ?s ?p ?o } }",
    "select * where { service <http://evil/> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE SILENT <http://evil/> { ?s ?p ?o } }",
    "PREFIX e: <http://evil/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { ?x <http://p> ?url SERVICE ?url { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://evil/>{?s ?p ?o} } }",
    'SELECT * WHERE { ?s ?p "x"@en SERVICE <http://evil/> { ?s ?p ?o } }',
    f"SELECT * WHERE {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}",
    "BASE <http://evil/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
]


def _services_by_rdflib(query: str) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if hasattr(node, "name") and getattr(node, "name", None) == "ServiceGraphPattern":
            term = node.get("term")  # type: ignore[attr-defined]
            found.append(str(term))
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    walk(translateQuery(parseQuery(query)).algebra)
    return found


@pytest.mark.parametrize("query", CASES)
def test_service_is_seen_exactly_where_a_parser_sees_it(query: str) -> None:
    expected = _services_by_rdflib(query)
    if expected and any(s != ALLOWED for s in expected):
        with pytest.raises(QueryRefusedError, match="SERVICE"):
            inspect_query(query, service_allow=(ALLOWED,))
    else:
        assert list(inspect_query(query, service_allow=(ALLOWED,)).services) == expected


def test_service_is_refused_by_default_even_to_an_allowed_looking_host() -> None:
    with pytest.raises(QueryRefusedError, match=r"line 1, column 18: SERVICE .*none"):
        inspect_query(f"SELECT * WHERE {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}")


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX x: <http://x/>\n# a comment\ndelete where { ?s ?p ?o }",
        "LOAD <file:///etc/passwd>",
        "CLEAR ALL",
        "DROP GRAPH <http://g>",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "CREATE GRAPH <http://g>",
        "COPY DEFAULT TO <http://g>",
    ],
)
def test_updates_are_refused_with_where_and_why(update: str) -> None:
    with pytest.raises(
        QueryRefusedError, match=r"line \d+, column \d+: this endpoint runs queries"
    ):
        inspect_query(update)


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * {}", "select"),
        ("PREFIX a: <http://a/> ask {}", "ask"),
        ("BASE <http://b/> CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
        ("# hello\nDESCRIBE <http://x>", "describe"),
        ("this is not sparql", None),
    ],
)
def test_the_query_form_is_read_after_the_prologue(query: str, form: str | None) -> None:
    assert inspect_query(query).form == form


def test_from_clauses_are_resolved_against_prefixes_and_base() -> None:
    plan = inspect_query(
        "BASE <http://ex/base/> PREFIX g: <http://ex/g/>\n"
        "SELECT * FROM g:one FROM <two> FROM NAMED <file:///etc/passwd> WHERE { ?s ?p ?o }"
    )
    assert plan.from_graphs == ("http://ex/g/one", "http://ex/base/two")
    assert plan.from_named == ("file:///etc/passwd",)


def test_a_query_over_the_length_limit_is_refused_before_anything_else() -> None:
    with pytest.raises(QueryTooLongError, match="101 characters long; the limit is 100"):
        inspect_query("#" * 101, max_chars=100)
    assert QueryTooLongError.status == 413


def test_substitution_replaces_variable_tokens_only() -> None:
    query = 'SELECT ?e WHERE { ?e ?p ?x . FILTER(?x2 != "?x") } # ?x'
    assert substitute(query, {"x": "<http://v>"}) == (
        'SELECT ?e WHERE { ?e ?p <http://v> . FILTER(?x2 != "?x") } # ?x'
    )


def test_the_oracle_sees_the_services_the_cases_hold() -> None:
    # Guards the test above against an oracle that finds nothing.
    with_service = [q for q in CASES if _services_by_rdflib(q)]
    assert len(with_service) == 9


def test_a_refusal_names_the_line_and_column_of_the_keyword() -> None:
    query = 'PREFIX s: <http://schema.org/>\n# SERVICE <http://in-a-comment/>\nSELECT * {\n  ?x s:name "a\\"b" . SERVICE <http://evil/> { ?s ?p ?o } }'
    with pytest.raises(QueryRefusedError, match=r"^line 4, column 22: SERVICE <http://evil/>"):
        inspect_query(query)
    with pytest.raises(QueryRefusedError, match=r"^line 3, column 3: this endpoint"):
        inspect_query("# one\n\n  DELETE WHERE { ?s ?p ?o }")


def test_kept_plans_still_answer_to_each_services_own_allow_list(tmp_path: Path) -> None:
    """QueryService keeps the plans of recent queries; the same text under another allow-list
    is judged again, and a refused text is refused every time it comes."""
    from edgraph.query import Limits, QueryRequest, QueryService

    query = QueryRequest(f"SELECT * WHERE {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}")
    # No workers: only plan() is used, and it needs none.
    with (
        QueryService(str(tmp_path), Limits(service_allow=(ALLOWED,)), workers=0) as open_one,
        QueryService(str(tmp_path), Limits(), workers=0) as closed,
    ):
        assert open_one.plan(query).services == (ALLOWED,)
        for _ in range(2):
            with pytest.raises(QueryRefusedError, match="SERVICE"):
                closed.plan(query)
        assert open_one.plan(query) is open_one.plan(query)  # kept, not read again
