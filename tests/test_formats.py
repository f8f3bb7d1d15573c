"""The format table and the one content negotiation that reads it: every column checked against
the libraries that write and read the formats, every media type, name and suffix negotiated, and
the three web places (/sparql, entity IRIs, the dataset description) answering alike."""

from __future__ import annotations

import io
import typing
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import rdflib
from conftest import settings_for
from flask import Flask
from flask.testing import FlaskClient

from edgraph import formats
from edgraph.errors import NotAcceptableError, UnsupportedFormatError
from edgraph.formats import (
    FORMATS,
    Format,
    by_name,
    negotiate,
    of_kind,
    offered,
    readable,
    split_suffix,
    wants_page,
)
from edgraph.namespaces import PREFIXES, W3C_FORMATS

RESULTS: tuple[formats.Result, ...] = typing.get_args(formats.Result)
RDF = of_kind("graph")
SPARQL_RESULTS = of_kind("results")
SCHEMA = "http://schema.org/"
TRIPLE = ox.Triple(ox.NamedNode("http://example.org/a"), ox.NamedNode(SCHEMA + "name"),
                   ox.Literal("Á"))  # fmt: skip
ID = "https://w3id.org/edgraph/id/"


def _ids(fmt: Format) -> str:
    return f"{fmt.kind}-{fmt.name}"


def _offers() -> Iterator[tuple[formats.Result, Format]]:
    for result in RESULTS:
        for fmt in offered(result):
            yield result, fmt


OFFERS = list(_offers())
OFFER_IDS = [f"{result}-{fmt.name}" for result, fmt in OFFERS]


# -- the table --------------------------------------------------------------------------------


def test_names_are_unique_within_a_kind_and_only_csv_and_json_are_shared() -> None:
    for kind in ("graph", "results", "network", "listing", "page"):
        names = [f.name for f in of_kind(kind)]
        assert len(names) == len(set(names)), kind
    shared = {f.name for f in FORMATS if [g.kind for g in FORMATS if g.name == f.name] != [f.kind]}
    assert shared == {"csv", "json"}  # a listing's CSV and JSON are tables, not SPARQL results
    assert by_name("csv").kind == "results"  # without a kind, the first in table order
    assert by_name("json").kind == "results"
    assert by_name("csv", "network").label == "CSV node and edge tables"
    assert by_name("json", "listing").media_type == "application/json"


@pytest.mark.parametrize("fmt", RDF, ids=_ids)
def test_each_rdf_format_is_the_one_pyoxigraph_names(fmt: Format) -> None:
    library = fmt.rdf_format()
    assert library.media_type == fmt.media_type
    assert "." + library.file_extension == fmt.suffixes[0]
    assert library.supports_datasets == fmt.datasets
    assert ox.RdfFormat.from_media_type(fmt.media_type) == library


@pytest.mark.parametrize("fmt", SPARQL_RESULTS, ids=_ids)
def test_each_results_format_is_the_one_pyoxigraph_names(fmt: Format) -> None:
    library = fmt.results_format()
    assert library.media_type.split(";")[0] == fmt.media_type
    assert "." + library.file_extension == fmt.suffixes[0]


@pytest.mark.parametrize("fmt", [*RDF, *SPARQL_RESULTS], ids=_ids)
def test_each_rdf_and_results_format_has_its_w3c_iri(fmt: Format) -> None:
    assert fmt.w3c is not None and fmt.w3c.startswith(W3C_FORMATS)
    others = [f.w3c for f in FORMATS if f is not fmt]
    assert fmt.w3c not in others


@pytest.mark.parametrize("fmt", RDF, ids=_ids)
def test_rdflib_reads_each_rdf_format_by_its_column(fmt: Format) -> None:
    quad = ox.Quad(TRIPLE.subject, TRIPLE.predicate, TRIPLE.object, ox.NamedNode("http://g"))
    statements = [quad] if fmt.datasets else [TRIPLE]
    data = ox.serialize(statements, format=fmt.rdf_format())
    assert fmt.rdflib is not None
    if not fmt.datasets:
        parsed = rdflib.Graph().parse(data=data, format=fmt.rdflib)
        assert [str(o) for o in parsed.objects()] == ["Á"]
        return
    dataset = rdflib.Dataset().parse(data=data, format=fmt.rdflib)
    quads = [(str(o), str(g)) for _, _, o, g in dataset.quads((None, None, None, None))]
    assert quads == [("Á", "http://g")]


@pytest.mark.parametrize("fmt", [*RDF, *SPARQL_RESULTS], ids=_ids)
def test_readable_is_what_pyoxigraph_reads_back(fmt: Format) -> None:
    if fmt.kind == "graph":
        data = ox.serialize([TRIPLE], format=fmt.rdf_format())
        assert [t.object for t in ox.parse(data, fmt.rdf_format())] == [TRIPLE.object]
        assert fmt.readable
        return
    table = ox.parse_query_results("?x\n1\n", ox.QueryResultsFormat.TSV)
    data = table.serialize(format=fmt.results_format())
    try:
        rows = list(ox.parse_query_results(data, fmt.results_format()))  # type: ignore[arg-type]
    except SyntaxError:
        assert not fmt.readable  # SPARQL CSV loses the terms' types
    else:
        assert fmt.readable and len(rows) == 1


@pytest.mark.parametrize("fmt", RDF, ids=_ids)
def test_prefixes_only_where_the_column_says(fmt: Format) -> None:
    """Exports, dumps and descriptions declare edgraph's prefixes in exactly the formats whose
    ``prefixes`` column is set (Turtle and TriG)."""
    from edgraph.describe import write_description
    from edgraph.export import write_statements
    from edgraph.store import EmbeddedStore

    graph = ox.NamedNode("http://example.org/g")
    exported = io.BytesIO()
    write_statements([ox.Quad(*TRIPLE, graph)], fmt.name, exported)
    store = EmbeddedStore.in_memory()
    store.replace_graph(graph.value, [ox.Quad(*TRIPLE, graph)])
    dumped = io.BytesIO()
    store.dump(dumped, fmt)
    described = io.BytesIO()
    write_description([TRIPLE], fmt.name, described)
    for output in (exported, dumped, described):
        assert (b"schema:" in output.getvalue()) == fmt.prefixes
    assert PREFIXES["schema"] == SCHEMA


def test_the_description_formats_are_those_for_one_graph() -> None:
    assert [f.name for f in offered("description")] == ["turtle", "nt", "rdfxml", "jsonld"]
    assert [f.name for f in offered("entity")] == ["html", "turtle", "nt", "rdfxml", "jsonld"]
    assert not any(f.one_graph for f in FORMATS if f.kind != "graph")


# -- negotiation ------------------------------------------------------------------------------


@pytest.mark.parametrize("result", RESULTS)
def test_no_name_suffix_or_media_type_means_two_formats_of_one_result(
    result: formats.Result,
) -> None:
    seen: dict[str, str] = {}
    for fmt in offered(result):
        suffixes = [s for suffix in fmt.suffixes for s in (suffix, suffix.lstrip("."))]
        for key in {k.lower() for k in (fmt.name, *fmt.names, *suffixes, *fmt.media_types)}:
            assert seen.setdefault(key, fmt.name) == fmt.name, (result, key)


@pytest.mark.parametrize(("result", "fmt"), OFFERS, ids=OFFER_IDS)
def test_every_media_type_negotiates_to_its_format(result: formats.Result, fmt: Format) -> None:
    for media_type in fmt.media_types:
        assert negotiate(result, accept=media_type) is fmt
        assert negotiate(result, accept=f"image/png, {media_type};q=0.5") is fmt
        assert negotiate(result, accept=media_type.upper()) is fmt


@pytest.mark.parametrize(("result", "fmt"), OFFERS, ids=OFFER_IDS)
def test_every_name_alias_and_suffix_negotiates_to_its_format(
    result: formats.Result, fmt: Format
) -> None:
    for name in (fmt.name, *fmt.names, *fmt.suffixes, *fmt.media_types):
        assert negotiate(result, name=name) is fmt
        assert negotiate(result, name=name.upper()) is fmt
    for suffix in fmt.suffixes:
        assert negotiate(result, name=suffix.lstrip(".")) is fmt
    assert negotiate(result, name=fmt.name, accept="image/png") is fmt  # the name wins


@pytest.mark.parametrize("result", RESULTS)
def test_nothing_said_gives_the_first_offered(result: formats.Result) -> None:
    first = offered(result)[0]
    assert negotiate(result) is first
    assert negotiate(result, accept="") is first
    assert negotiate(result, accept="  ") is first
    assert negotiate(result, accept="*/*") is first


@pytest.mark.parametrize("result", RESULTS)
def test_what_is_not_offered_is_refused_with_406_naming_what_is(result: formats.Result) -> None:
    with pytest.raises(NotAcceptableError) as refused:
        negotiate(result, accept="image/png")
    assert refused.value.status == 406
    assert all(f.media_type in str(refused.value) for f in offered(result))
    with pytest.raises(NotAcceptableError) as unnamed:
        negotiate(result, name="docx")
    assert all(f.name in str(unnamed.value) for f in offered(result))
    keys = {k.lower() for f in offered(result)
            for k in (f.name, *f.names, *f.suffixes, *(s.lstrip(".") for s in f.suffixes))}  # fmt: skip
    others = [f for f in FORMATS if f.name not in keys]
    assert others  # every result refuses some format of the table
    for fmt in others:
        with pytest.raises(NotAcceptableError):
            negotiate(result, name=fmt.name)


def test_xml_and_json_are_rdf_for_a_graph_and_sparql_results_for_a_select() -> None:
    assert negotiate("graph", name="xml").name == "rdfxml"
    assert negotiate("graph", name="json").name == "jsonld"
    assert negotiate("results", name="xml").media_type == "application/sparql-results+xml"
    assert negotiate("graph", accept="application/xml").name == "rdfxml"
    assert negotiate("results", accept="application/xml").name == "xml"
    with pytest.raises(NotAcceptableError, match="cannot be written as turtle"):
        negotiate("results", name="turtle")
    assert issubclass(NotAcceptableError, UnsupportedFormatError)  # CLI: exit code 2 still


def test_quality_then_specificity_then_table_order() -> None:
    assert negotiate("results", accept="text/csv;q=0.5, application/sparql-results+xml").name == (
        "xml"
    )
    assert negotiate("results", accept="text/*").name == "csv"  # CSV before TSV in the table
    assert negotiate("results", accept="text/xml").name == "xml"  # an alias, named exactly
    assert negotiate("results", accept="text/csv;q=0, text/*").name == "tsv"
    assert negotiate("results", accept="*/*;q=0.9, text/tab-separated-values;q=0.9").name == (
        "tsv"  # as good, and more specific
    )
    assert negotiate("graph", accept="application/n-triples;q=0.2, */*;q=0.1").name == "nt"


@pytest.mark.parametrize("result", RESULTS)
def test_a_wildcard_is_answered_in_a_media_type_it_covers(result: formats.Result) -> None:
    """Regression: "text/*" asked of a SELECT gave SPARQL JSON, matched through its alias
    text/javascript and sent as application/sparql-results+json, which text/* does not cover."""
    for major in {m.split("/")[0] for f in offered(result) for m in f.media_types}:
        chosen = negotiate(result, accept=f"{major}/*")
        assert chosen.media_type.startswith(major + "/"), (result, major, chosen.name)


def test_an_entity_gives_its_page_unless_data_is_asked_for() -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert negotiate("entity", accept=browser).kind == "page"
    assert negotiate("entity", accept="application/xhtml+xml").kind == "page"
    assert negotiate("entity", accept="text/html, text/turtle").kind == "page"  # a tie
    assert negotiate("entity", accept="text/html;q=0.1, text/turtle").name == "turtle"
    assert negotiate("entity", accept="application/rdf+xml").name == "rdfxml"


@pytest.mark.parametrize(
    ("accept", "page"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),
        ("text/html, application/sparql-results+json", True),  # a tie goes to the page
        ("application/xhtml+xml", True),
        ("*/*", False),  # curl, most libraries
        ("", False),
        (None, False),
        ("text/html;q=0.5, text/csv", False),
        ("text/html;q=0, */*", False),
        ("text/*", False),  # names no page
        ("application/sparql-results+json", False),
    ],
)  # fmt: skip
def test_the_endpoint_gives_its_page_only_when_asked_by_name(
    accept: str | None, page: bool
) -> None:
    assert wants_page(accept=accept) is page


def test_the_format_parameter_decides_page_or_data() -> None:
    assert wants_page(name="html", accept="*/*")
    assert wants_page(name="HTML")
    assert not wants_page(name="csv", accept="text/html")
    assert not wants_page(name="docx", accept="text/html")


@pytest.mark.parametrize("fmt", offered("description"), ids=_ids)
def test_every_suffix_of_a_description_format_splits_off(fmt: Format) -> None:
    for suffix in fmt.suffixes:
        assert split_suffix("org/tec" + suffix, "description") == ("org/tec", fmt)
        assert split_suffix(suffix, "description") == (suffix, None)  # nothing before it


def test_other_dots_stay_in_the_path() -> None:
    assert split_suffix("org/st.john", "description") == ("org/st.john", None)
    assert split_suffix("org/dump.trig", "description") == ("org/dump.trig", None)  # no dataset
    assert split_suffix("org/x.ttl.bak", "description") == ("org/x.ttl.bak", None)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.readable], ids=_ids)
def test_a_remote_answer_is_read_by_its_media_type(fmt: Format) -> None:
    assert readable(fmt.media_type) is fmt
    for alias in fmt.aliases:
        holders = [f for f in FORMATS if f.readable and alias in f.media_types]
        assert readable(alias) is (fmt if holders == [fmt] else None)


def test_an_answer_that_cannot_be_read_back_is_not_taken_for_another() -> None:
    assert readable("text/csv") is None  # SPARQL CSV, or a network's tables
    assert readable("application/xml") is None  # RDF/XML or SPARQL XML
    assert readable("text/html") is None
    assert readable("application/graphml+xml") is None


class _Answering:
    """An HTTP server on 127.0.0.1 that answers every query with the body and Content-Type it
    is given: how a remote store labels its answer is what decides how edgraph reads it."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.answer = (b"", "text/plain")
        answering = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                body, media_type = answering.answer
                self.send_response(200)
                self.send_header("Content-Type", media_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.location = f"sparql+http://127.0.0.1:{self._server.server_address[1]}/query"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="module")
def answering() -> Iterator[_Answering]:
    server = _Answering()
    yield server
    server.close()


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.readable], ids=_ids)
def test_a_remote_stores_answer_in_each_readable_format_is_read(
    answering: _Answering, fmt: Format
) -> None:
    from edgraph.remote import Endpoint, RemoteOptions

    if fmt.kind == "results":
        table = ox.parse_query_results("?x\n1\n", ox.QueryResultsFormat.TSV)
        body = table.serialize(format=fmt.results_format())
    else:
        body = ox.serialize([TRIPLE], format=fmt.rdf_format())
    endpoint = Endpoint(RemoteOptions(answering.location))
    for media_type in (fmt.media_type, *(m for m in fmt.aliases if readable(m) is fmt)):
        answering.answer = (body, f"{media_type}; charset=utf-8")
        answer = endpoint.query("SELECT * WHERE { ?s ?p ?o }")
        if fmt.kind == "results":
            assert [row[0].value for row in answer] == ["1"], media_type  # type: ignore[union-attr]
        else:
            assert list(answer) == [TRIPLE], media_type  # type: ignore[arg-type]


@pytest.mark.parametrize("media_type", ["text/csv", "application/xml", "text/html"])
def test_a_remote_answer_edgraph_cannot_read_back_is_refused(
    answering: _Answering, media_type: str
) -> None:
    from edgraph.errors import RemoteStoreError
    from edgraph.remote import Endpoint, RemoteOptions

    answering.answer = (b"x\r\n1\r\n", media_type)
    with pytest.raises(RemoteStoreError, match=f"answered a query as {media_type},"):
        Endpoint(RemoteOptions(answering.location)).query("SELECT * WHERE { ?s ?p ?o }")


# -- the web places, alike --------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(tiny_disk_store: str) -> Iterator[Flask]:
    from edgraph.web import create_app

    app = create_app(settings=settings_for(store=tiny_disk_store))
    yield app
    app.extensions["edgraph.queries"].close()
    app.extensions["edgraph.page_queries"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.mark.parametrize("fmt", offered("description"), ids=_ids)
def test_endpoint_entities_and_description_negotiate_alike(
    client: FlaskClient, fmt: Format
) -> None:
    construct = f"CONSTRUCT WHERE {{ <{ID}org/school> ?p ?o }}"
    for media_type in fmt.media_types:
        accept = {"Accept": f"image/png, {media_type};q=0.7"}
        sparql = client.get("/sparql", query_string={"query": construct}, headers=accept)
        void = client.get("/.well-known/void", headers=accept)
        entity = client.get("/id/org/school", headers=accept)
        assert sparql.mimetype == void.mimetype == fmt.media_type, media_type
        assert entity.status_code == 303
        assert entity.headers["Location"] == "/id/org/school" + fmt.suffixes[0]
        for response in (sparql, void):
            assert len(list(ox.parse(response.data, fmt.rdf_format()))) > 0
    for name in (fmt.name, *fmt.names, *(s.lstrip(".") for s in fmt.suffixes)):
        sparql = client.get("/sparql", query_string={"query": construct, "format": name})
        void = client.get("/.well-known/void", query_string={"format": name})
        entity = client.get("/resource", query_string={"iri": ID + "org/school", "format": name})
        assert sparql.mimetype == void.mimetype == entity.mimetype == fmt.media_type, name


def test_what_none_can_give_is_406_at_every_place(client: FlaskClient) -> None:
    png = {"Accept": "image/png"}
    construct = f"CONSTRUCT WHERE {{ <{ID}org/school> ?p ?o }}"
    responses = [
        client.get("/sparql", query_string={"query": construct}, headers=png),
        client.get("/sparql", query_string={"query": "ASK {}"}, headers=png),
        client.get("/sparql", headers=png),  # the service description
        client.get("/id/org/school", headers=png),
        client.get("/sparql", query_string={"query": "ASK {}", "format": "turtle"}),
        client.get("/.well-known/void", query_string={"format": "csv"}),
        client.get("/resource", query_string={"iri": ID + "org/school", "format": "trig"}),
    ]
    for response in responses:
        assert response.status_code == 406, response.request.url


def test_the_description_is_turtle_when_accept_allows_nothing_it_has(client: FlaskClient) -> None:
    for accept in ("image/png", "text/html"):
        void = client.get("/.well-known/void", headers={"Accept": accept})
        assert void.status_code == 200 and void.mimetype == "text/turtle"
        assert len(list(ox.parse(void.data, ox.RdfFormat.TURTLE))) > 0


def test_the_network_downloads_are_labelled_from_the_table(client: FlaskClient) -> None:
    for fmt in (by_name("graphml", "network"), by_name("gexf", "network")):
        response = client.get("/network" + fmt.suffixes[0])
        assert response.status_code == 200
        assert response.mimetype == fmt.media_type
