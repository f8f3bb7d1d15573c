"""A remote SPARQL 1.1 server as the store: the Oxigraph server (`oxigraph serve`), started by
these tests on 127.0.0.1, against the embedded store's answers for the same data."""

from __future__ import annotations

import base64
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import comparable_rows, parse_html, settings_for, text_of, viewer_query
from servers import OxigraphServer, edgraph_server, free_port, oxigraph_writable

from edgraph import formats
from edgraph.build import build, entail
from edgraph.cli import main
from edgraph.errors import (
    DataSyntaxError,
    LimitError,
    StoreError,
    StoreNotBuiltError,
    StoreUnavailableError,
)
from edgraph.examples import examples
from edgraph.location import open_store
from edgraph.remote import Endpoint, RemoteOptions, RemoteStore
from edgraph.store import Store

SOURCES = "https://w3id.org/edgraph/id/graph/sources/"


@pytest.fixture(autouse=True)
def _state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test keeps its build journal in its own folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory, viewer_project: Path) -> Iterator[str]:
    """The viewer's graph built into an Oxigraph server; tests must not change it."""
    folder = tmp_path_factory.mktemp("remote")
    with oxigraph_writable(folder / "db", folder) as location:
        store = open_store(location, must_exist=False)
        build(store, settings_for(viewer_project, store=location))
        yield location


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """An empty Oxigraph server of the test's own."""
    with oxigraph_writable(tmp_path / "db", tmp_path) as location:
        yield location


def test_a_build_pushed_to_oxigraph_holds_what_the_embedded_store_holds(
    remote: str, embedded_viewer: Store
) -> None:
    store = open_store(remote)
    assert isinstance(store, RemoteStore)
    assert store.named_graphs() == embedded_viewer.named_graphs()
    assert store.quad_count() == embedded_viewer.quad_count() > 1000
    counts = embedded_viewer.query(
        "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    assert store.graph_counts() == {g.value: int(n.value) for g, n in counts.rows}  # type: ignore[union-attr]


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.name)
def test_every_gallery_example_answers_the_same_remotely(
    remote: str, embedded_viewer: Store, example
) -> None:  # type: ignore[no-untyped-def]
    query = viewer_query(example)
    expected = comparable_rows(embedded_viewer, query)
    assert expected, "an example with no rows compares nothing"
    assert comparable_rows(open_store(remote), query) == expected


@pytest.mark.parametrize("name", ["turtle", "trig", "nquads", "nt"])
def test_dumps_are_the_same_bytes_as_the_embedded_stores(
    remote: str, embedded_viewer: Store, name: str
) -> None:
    fmt = formats.by_name(name)
    ours, theirs = io.BytesIO(), io.BytesIO()
    open_store(remote).dump(ours, fmt)
    embedded_viewer.dump(theirs, fmt)
    assert len(ours.getvalue()) > 10_000
    assert ours.getvalue() == theirs.getvalue()
    one, mine = io.BytesIO(), io.BytesIO()
    open_store(remote).dump(one, fmt, graph=SOURCES + "coastal-news-2021")
    embedded_viewer.dump(mine, fmt, graph=SOURCES + "coastal-news-2021")
    assert one.getvalue() == mine.getvalue() != b""


def test_the_update_and_graph_store_endpoints_are_found_beside_the_query_endpoint(
    remote: str,
) -> None:
    endpoint = Endpoint(RemoteOptions(remote))
    base = remote.removeprefix("sparql+").removesuffix("/query")
    assert endpoint.update_endpoint() == base + "/update"
    assert endpoint.graph_store_endpoint() == base + "/store"


class _InterruptError(Exception):
    pass


def test_a_build_that_fails_half_way_resumes_and_sends_only_what_is_missing(
    server: str, embedded_viewer: Store, monkeypatch: pytest.MonkeyPatch, viewer_project: Path
) -> None:
    settings = settings_for(viewer_project, store=server, remote_batch_triples=200)
    sent: list[tuple[str, bool]] = []
    send = Endpoint.send_graph

    def recording(self: Endpoint, graph: str, data: bytes, *, replace: bool) -> None:
        sent.append((graph, replace))
        send(self, graph, data, replace=replace)

    monkeypatch.setattr(Endpoint, "send_graph", recording)

    def fail_after_some(done: int, total: int, stage: str = "loading") -> None:
        # half-way: two graphs sent whole (the ontology in several batches), a third begun
        if stage == "pushing" and len({g for g, _ in sent}) == 3:
            raise _InterruptError  # as a connection lost, or Ctrl+C

    store = open_store(server, must_exist=False, settings=settings)
    with pytest.raises(_InterruptError):
        store.replace(_inputs(settings), derive=entail, progress=fail_after_some)
    first = {g for g, replace in sent if replace}
    assert 1 < len(first) < len(embedded_viewer.named_graphs())
    assert len(sent) > len(first)  # graphs went in several batches
    finished = {g for g, _ in sent[:-1]} - {sent[-1][0]}  # the last one was cut off

    sent.clear()
    build(open_store(server, must_exist=False, settings=settings), settings)
    again = {g for g, replace in sent if replace}
    assert again and not (again & finished), "graphs sent whole before were sent again"
    assert again | finished == set(embedded_viewer.named_graphs())
    store = open_store(server)
    assert store.quad_count() == embedded_viewer.quad_count()
    assert comparable_rows(store, "SELECT * { GRAPH ?g { ?s ?p ?o } }") == comparable_rows(
        embedded_viewer, "SELECT * { GRAPH ?g { ?s ?p ?o } }"
    )


def test_a_second_build_sends_what_changed_and_drops_what_went(
    server: str, tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = tiny_project / "graph" / "sources"
    changed, removed = sources / "tiny.ttl", sources / "extra.ttl"
    removed.write_text("<https://example.org/extra> a <https://example.org/Y> .\n")
    settings = settings_for(tiny_project, store=server)
    build(open_store(server, must_exist=False, settings=settings), settings)
    graphs = open_store(server).named_graphs()
    sent: list[str] = []
    send = Endpoint.send_graph
    monkeypatch.setattr(Endpoint, "send_graph", lambda self, graph, data, *, replace: (
        sent.append(graph), send(self, graph, data, replace=replace)))  # fmt: skip

    build(open_store(server, settings=settings), settings)
    assert sent == []  # nothing changed, nothing sent

    changed.write_text(
        changed.read_text() + "\n<https://example.org/x> a <https://example.org/Y> .\n"
    )
    removed.unlink()
    build(open_store(server, settings=settings), settings)
    changed_graph = SOURCES + changed.stem
    assert set(sent) == {changed_graph}
    after = open_store(server)
    assert SOURCES + removed.stem in graphs and SOURCES + removed.stem not in after.named_graphs()
    assert after.query(
        f"ASK {{ GRAPH <{changed_graph}> {{ <https://example.org/x> a ?t }} }}"
    ).boolean


def test_a_graph_changed_behind_edgraphs_back_is_sent_again(
    server: str, tiny_project: Path
) -> None:
    settings = settings_for(tiny_project, store=server)
    build(open_store(server, must_exist=False, settings=settings), settings)
    store = open_store(server)
    before = store.quad_count()
    victim = store.named_graphs()[0]
    store.endpoint.drop_graph(victim)
    assert open_store(server).quad_count() < before
    build(open_store(server, settings=settings), settings)
    assert open_store(server).quad_count() == before


def test_malformed_input_leaves_the_remote_store_as_it_was(server: str, tiny_project: Path) -> None:
    settings = settings_for(tiny_project, store=server)
    build(open_store(server, must_exist=False, settings=settings), settings)
    dump = io.BytesIO()
    open_store(server).dump(dump, formats.by_name("nquads"))
    broken = tiny_project / "graph" / "sources" / "broken.ttl"
    broken.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n")
    with pytest.raises(DataSyntaxError) as error:
        build(open_store(server, settings=settings), settings)
    assert "broken.ttl:3" in str(error.value)
    after = io.BytesIO()
    open_store(server).dump(after, formats.by_name("nquads"))
    assert after.getvalue() == dump.getvalue()


def test_a_server_without_a_union_default_graph_is_refused_with_the_fix(
    tmp_path: Path, tiny_project: Path
) -> None:
    with oxigraph_writable(tmp_path / "db", tmp_path, union=False) as location:
        settings = settings_for(tiny_project, store=location)
        with pytest.raises(StoreError, match="--union-default-graph"):
            build(open_store(location, must_exist=False, settings=settings), settings)
        with pytest.raises(StoreError, match="union of its graphs"):
            open_store(location)


def test_an_empty_server_says_how_to_build_it(server: str) -> None:
    with pytest.raises(StoreNotBuiltError, match="edgraph build --store sparql"):
        open_store(server)


def test_a_server_that_cannot_be_reached_is_a_clear_error_and_exit_2(runner: CliRunner) -> None:
    location = f"sparql+http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreUnavailableError, match="cannot reach the remote store") as error:
        open_store(location)
    assert error.value.status == 503
    result = runner.invoke(main, ["stats", "--store", location])
    assert result.exit_code == 2
    assert "cannot reach the remote store at http://127.0.0.1:" in result.output


def test_the_servers_own_time_limit_is_a_limit_error_exit_3(
    tmp_path: Path, runner: CliRunner, viewer_project: Path
) -> None:
    with oxigraph_writable(tmp_path / "db", tmp_path, timeout_s=1) as location:
        build(open_store(location, must_exist=False), settings_for(viewer_project, store=location))
        endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        with pytest.raises(LimitError, match="its own time limit"):
            open_store(location).query(endless)
        # edgraph's own limit is set far beyond the server's, so that only the server's can
        # stop the query, however slow the machine is (at 10 s, a loaded machine let ours fire
        # first).
        result = runner.invoke(
            main, ["query", "--store", location, endless], env={"EDGRAPH_QUERY_TIMEOUT": "3600"}
        )
        assert result.exit_code == 3, result.output
        assert "stopped the query at its own time limit" in result.output
        assert runner.invoke(main, ["query", "--store", location, "ASK {}"]).exit_code == 0


def test_credentials_are_sent_and_a_refusal_names_the_settings(tmp_path: Path) -> None:
    seen: list[str | None] = []

    class Refusing(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    location = f"sparql+http://127.0.0.1:{httpd.server_address[1]}/sparql"
    try:
        settings = settings_for(store=location, remote_user="ana", remote_password="s3cret!")  # noqa: S106
        with pytest.raises(StoreError, match="remote_user and remote_password") as error:
            open_store(location, settings=settings)
    finally:
        httpd.shutdown()
    assert seen == ["Basic " + base64.b64encode(b"ana:s3cret!").decode()]
    assert "s3cret" not in str(error.value)


def test_analysis_and_exports_work_on_the_remote_store(
    server: str, runner: CliRunner, tmp_path: Path, viewer_project: Path
) -> None:
    built = runner.invoke(main, ["build", "--project", str(viewer_project), "--store", server])
    assert built.exit_code == 0
    result = runner.invoke(main, ["analyze", "--store", server, "--top", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    ranked = runner.invoke(
        main,
        [
            "query",
            "--store",
            server,
            "--format",
            "json",
            """
        PREFIX edgo: <https://w3id.org/edgraph/ontology#>
        SELECT ?org ?b WHERE { ?org edgo:betweenness ?b } ORDER BY DESC(?b) LIMIT 3""",
        ],
    )
    assert ranked.exit_code == 0, ranked.output
    rows = json.loads(ranked.output)["results"]["bindings"]
    assert len(rows) == 3 and float(rows[0]["b"]["value"]) >= float(rows[2]["b"]["value"])

    def export(fmt: str, name: str) -> Path:
        path = tmp_path / name
        result = runner.invoke(
            main, ["export", "--store", server, "--format", fmt, "-o", str(path)]
        )
        assert result.exit_code == 0, result.output
        return path

    out = export("trig", "dataset.trig")
    copy = ox.Store()
    copy.load(path=str(out), format=ox.RdfFormat.TRIG)
    assert len(copy) == open_store(server).quad_count()
    gexf = export("gexf", "network.gexf")
    assert b"betweenness" in gexf.read_bytes()


def _get(url: str, **params: str) -> tuple[int, str]:
    if params:
        url += "?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_the_viewer_and_endpoint_on_a_remote_store_and_recovery_after_it_went_away(
    tmp_path: Path, viewer_project: Path
) -> None:
    oxigraph = OxigraphServer(tmp_path / "db", tmp_path)
    oxigraph.start()
    try:
        location = oxigraph.store
        build(open_store(location, must_exist=False), settings_for(viewer_project, store=location))
        count = open_store(location).quad_count()
        with edgraph_server(location, tmp_path, query_workers="1") as base:
            status, html = _get(base + "/")
            assert status == 200
            networks = parse_html(html).cssselect("ul.networks > li > a:first-child")
            assert [text_of(a) for a in networks] == [
                "Coastal Schools Network", "Highlands Learning Alliance"
            ]  # fmt: skip
            status, body = _get(base + "/sparql", format="json",
                                query="SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")  # fmt: skip
            assert status == 200
            assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == count
            status, turtle = _get(base + "/sparql", format="turtle", query="CONSTRUCT "
                                  "{ ?s ?p ?o } WHERE { ?s a <http://schema.org/Event> ; ?p ?o }")  # fmt: skip
            assert status == 200
            assert len(list(ox.parse(turtle.encode(), ox.RdfFormat.TURTLE))) > 20
            status, body = _get(base + "/sparql", update="DROP ALL")
            assert status == 400
            assert open_store(location).quad_count() == count
            status, body = _get(base + "/sparql", query="SELEC nothing")
            assert status == 400 and "line 1" in body

            oxigraph.stop()  # the store goes away under a running viewer
            status, html = _get(base + "/page/org/atlantic-university")
            assert status == 503 and "cannot reach the remote store" in text_of(parse_html(html))
            assert _get(base + "/")[0] == 200  # what the viewer keeps in memory still shows
            status, body = _get(base + "/sparql", query="ASK {}", format="json")
            assert status == 503 and "cannot reach the remote store" in body

            oxigraph.start()  # and comes back: the viewer answers again, not restarted
            status, html = _get(base + "/page/org/atlantic-university")
            assert status == 200
            assert text_of(parse_html(html).cssselect("h1")[0]) == "Atlantic University"
            status, body = _get(base + "/sparql", query="ASK { ?s ?p ?o }", format="json")
            assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        oxigraph.stop()


def _inputs(settings):  # type: ignore[no-untyped-def]
    from edgraph.build import project_inputs

    return project_inputs(settings.project_dir(), base_iri=settings.base_iri)
