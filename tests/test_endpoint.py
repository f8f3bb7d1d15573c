"""The /sparql endpoint through Flask's test client, on the viewer's graph (tests/data/viewer/):
protocol, negotiation, refusals, limits that need no clock, the workbench and canned queries.
Every body is parsed, pages included."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from conftest import ID, VIEWER_PARAMS, parse_html, text_of
from flask.testing import FlaskClient

from edgraph.examples import examples
from edgraph.location import open_store

SCHEMA = "PREFIX schema: <http://schema.org/>\n"
NAMES = SCHEMA + "SELECT ?o ?n WHERE { ?o a schema:Organization ; schema:name ?n } ORDER BY ?o ?n"
SOURCES = "https://w3id.org/edgraph/id/graph/sources/"
ONE, TWO = SOURCES + "coastal-news-2021", SOURCES + "foro-tierras-altas-2024"


@pytest.fixture(scope="module")
def app_store(viewer_disk_store: str) -> str:
    """The viewer's graph in a folder (or server) the workers read in place."""
    return viewer_disk_store


@pytest.fixture(scope="module")
def app_settings() -> dict[str, Any]:
    return {"row_cap": 40, "query_max_chars": 5000}


def _store_rows(location: str, query: str) -> int:
    """How many rows the store itself gives for ``query``."""
    return len(open_store(location).query(query).rows)


def _json_rows(body: bytes) -> list[dict[str, str]]:
    data = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


# -- the three ways to send a query ---------------------------------------------------------


def test_get_form_post_and_direct_post_give_the_same_answer(client: FlaskClient) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_get = client.get("/sparql", query_string={"query": NAMES}, headers=accept)
    by_form = client.post("/sparql", data={"query": NAMES}, headers=accept)
    by_body = client.post(
        "/sparql",
        data=NAMES.encode(),
        headers={**accept, "Content-Type": "application/sparql-query"},
    )
    answers = [_json_rows(r.data) for r in (by_get, by_form, by_body)]
    assert all(r.status_code == 200 for r in (by_get, by_form, by_body))
    assert answers[0] == answers[1] == answers[2]
    assert {"o": ID + "org/gull-fund", "n": "Gull Fund"} in answers[0]


def test_utf8_travels_both_ways(client: FlaskClient) -> None:
    query = SCHEMA + 'SELECT ?o WHERE { ?o schema:name "Universidade Atlântica"@pt }'
    response = client.post(
        "/sparql",
        data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert list(csv.reader(io.StringIO(response.data.decode("utf-8")))) == [
        ["o"], [ID + "org/atlantic-university"]
    ]  # fmt: skip
    names = client.get(
        "/sparql", query_string={"query": NAMES}, headers={"Accept": "text/tab-separated-values"}
    )
    rows = ox.parse_query_results(names.data, ox.QueryResultsFormat.TSV)
    assert ox.Literal("Universidade Atlântica", language="pt") in {row["n"] for row in rows}


# -- negotiation -----------------------------------------------------------------------------


def test_select_in_each_results_format(client: FlaskClient, viewer_disk_store: str) -> None:
    def get(accept: str) -> bytes:
        response = client.get("/sparql", query_string={"query": NAMES}, headers={"Accept": accept})
        assert response.status_code == 200
        assert response.mimetype == accept
        return response.data

    as_json = _json_rows(get("application/sparql-results+json"))
    xml = ElementTree.fromstring(get("application/sparql-results+xml"))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    xml_rows = xml.findall(".//r:result", ns)
    table = list(csv.DictReader(io.StringIO(get("text/csv").decode())))
    tsv = list(ox.parse_query_results(get("text/tab-separated-values"), ox.QueryResultsFormat.TSV))
    # every name of every organization and network: what the store itself answers
    assert (
        len(as_json)
        == len(xml_rows)
        == len(table)
        == len(tsv)
        == _store_rows(viewer_disk_store, NAMES)
        > 10
    )
    assert table[0]["o"] == as_json[0]["o"]


def test_construct_and_describe_in_each_rdf_format(client: FlaskClient) -> None:
    construct = SCHEMA + "CONSTRUCT WHERE { ?e schema:funder ?f }"
    formats = {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
        "application/ld+json": ox.RdfFormat.JSON_LD,
        "application/trig": ox.RdfFormat.TRIG,
        "application/n-quads": ox.RdfFormat.N_QUADS,
    }
    counts = set()
    for media_type, fmt in formats.items():
        response = client.get(
            "/sparql", query_string={"query": construct}, headers={"Accept": media_type}
        )
        assert response.status_code == 200, media_type
        assert response.mimetype == media_type
        counts.add(len(list(ox.parse(response.data, fmt))))
    # two funders of the coastal network, one of its meeting, two of the forum; in every format
    assert counts == {5}
    describe = client.get(
        "/sparql",
        query_string={"query": f"DESCRIBE <{ID}org/gull-fund>"},
        headers={"Accept": "text/turtle"},
    )
    subjects = {t.subject.value for t in ox.parse(describe.data, ox.RdfFormat.TURTLE)}
    assert ID + "org/gull-fund" in subjects


def test_format_parameter_wins_and_a_download_is_an_attachment(client: FlaskClient) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": NAMES, "format": "csv", "download": "1"},
        headers={"Accept": "text/html"},
    )
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="query-result.csv"'


def test_ask_answers_true_and_false(client: FlaskClient) -> None:
    def ask(query: str) -> bool:
        response = client.get("/sparql", query_string={"query": query})
        assert response.mimetype == "application/sparql-results+json"
        return bool(json.loads(response.data)["boolean"])

    assert ask(SCHEMA + 'ASK { ?o schema:name "Escola do Mar" }') is True
    assert ask(SCHEMA + 'ASK { ?o schema:name "Nobody at all" }') is False


def test_an_unsatisfiable_accept_is_406_naming_what_is_offered(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": NAMES}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.get_data(as_text=True)
    # a format parameter is what the client accepts, as Accept is: 406 too (415 is for bodies)
    wrong = client.get("/sparql", query_string={"query": NAMES, "format": "turtle"})
    assert wrong.status_code == 406
    assert "cannot be written as turtle" in wrong.get_data(as_text=True)
    # "xml" asked of a CONSTRUCT means RDF/XML, as SPARQLWrapper sends it
    construct = "CONSTRUCT WHERE { ?s <http://schema.org/funder> ?o }"
    as_xml = client.get("/sparql", query_string={"query": construct, "format": "xml"})
    assert as_xml.mimetype == "application/rdf+xml"


def test_service_description_lists_features_formats_and_graphs(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = list(ox.parse(response.data, ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    objects = {(t.predicate.value, t.object.value) for t in graph}
    assert (sd + "supportedLanguage", sd + "SPARQL11Query") in objects
    assert (sd + "feature", sd + "UnionDefaultGraph") in objects
    assert (sd + "feature", sd + "BasicFederatedQuery") not in objects  # no SERVICE allowed
    assert (sd + "resultFormat", "http://www.w3.org/ns/formats/SPARQL_Results_CSV") in objects
    assert (sd + "name", ONE) in objects and (sd + "name", TWO) in objects
    plain = client.get("/sparql")  # no Accept at all: data, not the workbench
    assert plain.mimetype == "text/turtle"


# -- datasets --------------------------------------------------------------------------------


def _count(client: FlaskClient, query: str, **graphs: list[str]) -> int:
    params: list[tuple[str, str]] = [("query", query)]
    for name, iris in graphs.items():
        params += [(name.replace("_", "-"), iri) for iri in iris]
    response = client.get("/sparql", query_string=params)
    assert response.status_code == 200, response.data
    return int(_json_rows(response.data)[0]["n"])


def test_protocol_graphs_make_up_the_dataset(client: FlaskClient, viewer_disk_store: str) -> None:
    store = open_store(viewer_disk_store)
    sizes = {
        g: int(
            store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
            .rows[0][0]
            .value
        )  # type: ignore[union-attr]
        for g in store.named_graphs()
    }
    one, two = ONE, TWO
    count_all = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _count(client, count_all, default_graph_uri=[one]) == sizes[one]
    both = _count(client, count_all, default_graph_uri=[one, two])
    assert sizes[one] < both <= sizes[one] + sizes[two]
    per_graph = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _count(client, per_graph, named_graph_uri=[two]) == sizes[two]
    # named graphs only: the default graph is then empty
    assert _count(client, count_all, named_graph_uri=[two]) == 0
    # the protocol's dataset overrides the query's FROM
    from_one = f"SELECT (COUNT(*) AS ?n) FROM <{one}> WHERE {{ ?s ?p ?o }}"
    assert _count(client, from_one) == sizes[one]
    assert _count(client, from_one, default_graph_uri=[two]) == sizes[two]


@pytest.mark.parametrize(
    "params",
    [
        [("query", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")],
        [("query", "SELECT * FROM NAMED <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }")],
        [("query", "SELECT * WHERE { ?s ?p ?o }"), ("default-graph-uri", "http://elsewhere/g")],
        [("query", "SELECT * WHERE { ?s ?p ?o }"), ("named-graph-uri", "file:///etc/hosts")],
    ],
)
def test_graphs_outside_the_store_are_refused(
    client: FlaskClient, params: list[tuple[str, str]]
) -> None:
    response = client.get("/sparql", query_string=params)
    assert response.status_code == 400
    assert "is not in this store" in response.get_data(as_text=True)


# -- errors ----------------------------------------------------------------------------------


def test_protocol_errors(client: FlaskClient) -> None:
    two = client.get("/sparql?query=ASK%7B%7D&query=SELECT%20*%20%7B%7D")
    assert two.status_code == 400
    assert "one 'query' parameter" in two.get_data(as_text=True)
    wrong_type = client.post("/sparql", data="ASK {}", headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    missing_type = client.post("/sparql", data=b"query=ASK%20%7B%7D")
    assert missing_type.status_code == 415
    assert "needs a Content-Type" in missing_type.get_data(as_text=True)
    utf16 = client.post(
        "/sparql",
        data="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    assert utf16.status_code == 415
    bad_bytes = client.post(
        "/sparql",
        data=b"ASK { ?s ?p '\xff' }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert bad_bytes.status_code == 415
    assert "not valid UTF-8" in bad_bytes.get_data(as_text=True)
    assert client.put("/sparql?query=ASK%7B%7D").status_code == 405


def test_a_syntax_error_names_line_and_column(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT *\nWHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    # The position is the engine's: where it stopped, just past the closing brace.
    assert re.match(r"line 2, column 16: expected", response.get_data(as_text=True))


def test_updates_are_refused_by_every_route_and_nothing_changes(
    client: FlaskClient, viewer_disk_store: str
) -> None:
    before = open_store(viewer_disk_store).quad_count()
    insert = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    attempts = [
        client.get("/sparql", query_string={"update": insert}),
        client.post("/sparql", data={"update": insert}),
        client.post("/sparql", data=insert, headers={"Content-Type": "application/sparql-update"}),
        client.get("/sparql", query_string={"query": insert}),
        client.post("/sparql", data={"query": "LOAD <file:///etc/passwd>"}),
        client.post(
            "/sparql", data="CLEAR ALL", headers={"Content-Type": "application/sparql-query"}
        ),
    ]
    for response in attempts:
        assert response.status_code == 400
        text = response.get_data(as_text=True)
        assert "queries only" in text or "refused" in text
    assert open_store(viewer_disk_store).quad_count() == before
    asked = client.get("/sparql", query_string={"query": "ASK { <http://x/a> ?p ?o }"})
    assert json.loads(asked.data)["boolean"] is False


def test_a_long_query_is_413(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": "ASK {}" + " " * 5000})
    assert response.status_code == 413
    assert "the limit is 5,000" in response.get_data(as_text=True)


def test_a_body_over_the_size_limit_is_413_and_the_endpoint_goes_on(client: FlaskClient) -> None:
    huge = b"query=" + b"A" * 1_100_000  # past the app's 1 MB body limit
    response = client.post(
        "/sparql", data=huge, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def test_answers_carry_the_headers_pages_carry(client: FlaskClient) -> None:
    """Data answers are written in front of Flask (web.sparql.Protocol), pages by Flask: both
    carry the same security headers."""
    page = client.get("/")
    for response in (
        client.post("/sparql", data={"query": "ASK {}"}),
        client.get("/sparql", query_string={"query": "ASK {"}),  # an error, answered the same way
        client.get("/sparql", headers={"Accept": "text/turtle"}),  # the service description
    ):
        for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
            assert response.headers[name] == page.headers[name], name


# -- row cap ---------------------------------------------------------------------------------


def test_the_row_cap_marks_truncation_and_full_gives_everything(
    client: FlaskClient, viewer_disk_store: str
) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    cut = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert cut.headers["X-Edgraph-Truncated"] == "true"
    assert cut.headers["X-Edgraph-Rows"] == "40"
    assert len(cut.data.decode().splitlines()) == 41
    full = client.get("/sparql", query_string={"query": query, "full": "1", "format": "csv"})
    rows = list(csv.reader(io.StringIO(full.get_data(as_text=True))))
    assert len(rows) - 1 == _store_rows(viewer_disk_store, query) > 1000
    small = client.get("/sparql", query_string={"query": NAMES + " LIMIT 3", "format": "csv"})
    assert small.headers["X-Edgraph-Truncated"] == "false"
    assert small.headers["Server-Timing"].startswith("query;dur=")


# -- CORS ------------------------------------------------------------------------------------


def test_cors_lets_browser_clients_elsewhere_read(client: FlaskClient) -> None:
    preflight = client.options(
        "/sparql",
        headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    answer = client.get("/sparql", query_string={"query": "ASK {}"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Edgraph-Truncated" in answer.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/").headers


# -- the workbench ---------------------------------------------------------------------------

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_the_workbench_loads_only_its_own_assets(client: FlaskClient) -> None:
    page = client.get("/sparql", headers=BROWSER)
    assert page.status_code == 200
    tree = parse_html(page.data)
    assets = [e.get("src") or e.get("href") for e in tree.cssselect("[src], [href]")]
    assert any(a.endswith("codemirror.js") for a in assets)
    assert any(a.endswith("mode/sparql.js") for a in assets)
    for asset in assets:
        assert not asset.startswith(("http:", "https:", "//")), asset
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200, asset
    prefixes = json.loads(tree.cssselect("textarea#query")[0].get("data-prefixes"))
    assert prefixes["edgo"] == "https://w3id.org/edgraph/ontology#"  # for prefix completion
    gallery = [a.get("href") for a in tree.cssselect("section.gallery li > a:first-child")]
    assert len(gallery) == len(examples())
    assert all(g.startswith(("/sparql?query=", "/queries/")) for g in gallery)


def test_a_query_posted_from_a_browser_form_shows_in_the_workbench(client: FlaskClient) -> None:
    """The body is read in front of Flask to see what is asked for; the page still gets it."""
    page = client.post("/sparql", data={"query": NAMES + " LIMIT 2"}, headers=BROWSER)
    assert page.status_code == 200 and page.mimetype == "text/html"
    linked = parse_html(page.data).cssselect("table.results td > a")
    assert len(linked) == 2  # the two organizations' IRIs, each linked to its page
    for a in linked:
        assert a.get("href") == "/id/" + a.get("title").removeprefix(ID)
    refused = client.post("/sparql", data={"update": "DROP ALL"}, headers=BROWSER)
    assert refused.status_code == 400 and refused.mimetype == "text/html"
    assert "SPARQL Update is refused" in text_of(
        parse_html(refused.data).cssselect('[role="alert"]')[0]
    )


def test_the_workbench_shows_results_with_languages_datatypes_and_pages(
    client: FlaskClient,
) -> None:
    query = SCHEMA + "SELECT ?s ?name ?date WHERE { ?s schema:name ?name ; schema:startDate ?date }"
    tree = parse_html(client.get("/sparql", query_string={"query": query}, headers=BROWSER).data)
    cells = [
        tuple(text_of(span) for span in td.cssselect("span"))
        for td in tree.cssselect("table.results td")
    ]
    assert ("Primer Encuentro de la Red de Escuelas Costeras", "@es") in cells
    assert ("2021-03-10", "xsd:date") in cells
    assert "truncated" not in text_of(tree.cssselect("section.result")[0])
    assert "/id/event/coastal-meeting-2021" in [a.get("href") for a in tree.cssselect("td a")]
    everything = parse_html(client.get(
        "/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=BROWSER
    ).data)  # fmt: skip
    assert "truncated: the result was cut at 40 rows" in text_of(everything)
    downloads = [urlsplit(a.get("href")).query for a in everything.cssselect("p.links a[download]")]
    assert any(q.endswith("format=csv&download=1&full=1") for q in downloads)  # the full one


def test_the_workbench_shows_errors_where_the_query_is(client: FlaskClient) -> None:
    page = client.get("/sparql", query_string={"query": "SELECT * WHERE {"}, headers=BROWSER)
    assert page.status_code == 400
    tree = parse_html(page.data)
    [alert] = tree.cssselect('[role="alert"]')
    assert "line 1, column 16: this '{' is never closed" in text_of(alert)
    assert tree.cssselect("textarea#query")[0].text == "SELECT * WHERE {"


def test_hostile_text_in_a_query_or_result_is_escaped(client: FlaskClient) -> None:
    query = 'SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }'
    tree = parse_html(client.get("/sparql", query_string={"query": query}, headers=BROWSER).data)
    assert not [s for s in tree.cssselect("script") if "alert" in (s.text or "")]
    assert [text_of(td) for td in tree.cssselect("table.results td")] == [
        "<script>alert(1)</script>"
    ]  # shown as text


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.name)
def test_every_example_answers_on_the_viewer_graph(client: FlaskClient, example) -> None:  # type: ignore[no-untyped-def]
    """Each example, its parameters set to entities of the viewer's graph (whether they answer
    on the curated graph with their defaults is a competency question)."""
    assert example.title and len(example.about) > 40
    if example.params:
        params = {p.name: VIEWER_PARAMS[p.name] for p in example.params}
        response = client.get(f"/queries/{example.name}", query_string={**params, "format": "json"})
    else:
        response = client.get("/sparql", query_string={"query": example.query, "format": "json"})
    assert response.status_code == 200, response.data
    assert len(_json_rows(response.data)) >= 1


def test_a_canned_query_is_a_form_with_a_stable_url(client: FlaskClient) -> None:
    url = "/queries/14-events-in-years"
    tree = parse_html(client.get(url, query_string={"from": "2021", "to": "2021"}).data)
    assert tree.cssselect('input[name="from"]')[0].get("value") == "2021"
    events = {a.get("href") for a in tree.cssselect("table.results td a")}
    assert "/id/event/coastal-meeting-2021" in events
    assert "/id/event/highlands-forum-2024" not in events  # 2024 is outside the range
    csv_rows = client.get(url, query_string={"from": "2024", "to": "2024", "format": "csv"})
    names = {row["name"] for row in csv.DictReader(io.StringIO(csv_rows.get_data(as_text=True)))}
    assert names == {"Highlands Forum 2024"}
    units = parse_html(client.get(
        "/queries/05-units-of-an-organization",
        query_string={"organization": ID + "org/atlantic-university"},
    ).data)  # fmt: skip
    assert [a.get("href") for a in units.cssselect("table.results td:first-child a")] == [
        "/id/org/ocean-lab"
    ]
    [chosen] = units.cssselect('select[name="organization"] option[selected]')
    assert chosen.get("value") == ID + "org/atlantic-university"
    bad = client.get(url, query_string={"from": "soon"})
    assert bad.status_code == 400
    assert "'soon' is not a year" in text_of(parse_html(bad.data))
    assert client.get("/queries/nothing-here").status_code == 404


def test_the_share_link_keeps_each_protocol_graph(client: FlaskClient) -> None:
    one, two = ONE, TWO
    params = [
        ("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        ("default-graph-uri", one),
        ("default-graph-uri", two),
    ]
    tree = parse_html(client.get("/sparql", query_string=params, headers=BROWSER).data)
    link = tree.cssselect("a.share")[0].get("href")
    assert link.count("default-graph-uri=") == 2
    shared = client.get(link, headers={"Accept": "application/sparql-results+json"})
    direct = client.get(
        "/sparql", query_string=params, headers={"Accept": "application/sparql-results+json"}
    )
    assert shared.status_code == 200
    assert _json_rows(shared.data) == _json_rows(direct.data)
