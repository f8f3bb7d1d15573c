"""The dataset as a whole: its DCAT/VoID description (counts equal to the store's, checksums
equal to the downloads'), the downloads, the Analysis page, colour by community, and
`edgraph release`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import rdflib
from click.testing import CliRunner
from conftest import HOSTILE, Stores, get_page, parse_html, settings_for, text_of
from flask import Flask
from flask.testing import FlaskClient
from rdflib.namespace import DCAT, DCTERMS, VOID

from edgraph.analysis import MEASURES, analyze, kinds_counted, save
from edgraph.build import build
from edgraph.cli import main
from edgraph.namespaces import DEFAULT_BASE
from edgraph.store import EmbeddedStore, Store

SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
DATASET = rdflib.URIRef(DEFAULT_BASE + "dataset")


def _count(store: Store, query: str) -> int:
    return int(store.query(query).rows[0][0].value)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def analysed_store(analysis_project: Path, stores: Stores) -> Store:
    store = stores.store("analysed", analysis_project)
    save(store, analyze(store, group_cap=4), DEFAULT_BASE)
    return store


@pytest.fixture(scope="module")
def app_store(analysed_store: Store) -> Store:
    return analysed_store


def test_the_description_counts_what_the_store_holds(
    client: FlaskClient, analysed_store: Store
) -> None:
    response = client.get("/.well-known/void")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    void = rdflib.Graph().parse(data=response.data, format="turtle")
    store = analysed_store

    def value(predicate: rdflib.URIRef) -> int:
        return int(void.value(DATASET, predicate))  # type: ignore[arg-type]

    assert value(VOID.triples) == store.quad_count()
    assert value(VOID.entities) == _count(
        store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?s)) }"
    )
    assert value(VOID.classes) == _count(
        store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?s a ?c } }"
    )
    assert value(VOID.properties) == _count(
        store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    organizations = next(
        p for p in void.objects(DATASET, VOID.classPartition)
        if void.value(p, VOID["class"]) == rdflib.URIRef("https://w3id.org/edgraph/ontology#Organization")
    )  # fmt: skip
    # 14 organizations and 2 networks (a network is an organization too)
    assert int(void.value(organizations, VOID.entities)) == 16  # type: ignore[arg-type]
    names = next(p for p in void.objects(DATASET, VOID.propertyPartition)
                 if void.value(p, VOID.property) == rdflib.URIRef("http://schema.org/name"))  # fmt: skip
    assert int(void.value(names, VOID.triples)) == _count(  # type: ignore[arg-type]
        store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <http://schema.org/name> ?o } }"
    )
    assert void.value(DATASET, DCTERMS.license) == rdflib.URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert str(void.value(DATASET, DCTERMS.title)) == "edgraph: education networks and partnerships"
    assert str(void.value(DATASET, VOID.sparqlEndpoint)) == "http://localhost/sparql"
    assert (None, DCAT.endpointURL, rdflib.URIRef("http://localhost/sparql")) in void


def test_every_distribution_is_the_download_it_describes(client: FlaskClient) -> None:
    void = rdflib.Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    distributions = list(void.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 6
    for distribution in distributions:
        url = str(void.value(distribution, DCAT.downloadURL))
        body = client.get(url.removeprefix("http://localhost")).data
        assert int(void.value(distribution, DCAT.byteSize)) == len(body)  # type: ignore[arg-type]
        checksum = void.value(distribution, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(body).hexdigest()
        media = str(void.value(distribution, DCAT.mediaType)).rsplit("/media-types/", 1)[1]
        assert client.get(url.removeprefix("http://localhost")).mimetype == media


def test_the_description_negotiates_and_the_home_page_links_it(client: FlaskClient) -> None:
    jsonld = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json"
    assert len(rdflib.Graph().parse(data=jsonld.data, format="json-ld")) > 50
    assert client.get("/.well-known/void?format=docx").status_code == 406
    assert client.get("/download/passwd").status_code == 404
    [described] = get_page(client, "/").cssselect('a[rel="describedby"]')
    assert described.get("href") == "/.well-known/void"


def test_the_analysis_page_ranks_and_sorts(client: FlaskClient) -> None:
    page = get_page(client, "/analysis?sort=betweenness")
    ranked = [text_of(row[1]) for row in page.cssselect("table.ranked tbody tr")]
    assert ranked[:2] == ["A University", "C Alliance"]
    [sorted_by] = page.cssselect("table.ranked th a[aria-sort]")
    assert (text_of(sorted_by), sorted_by.get("aria-sort")) == ("Betweenness", "descending")
    brokers = [
        text_of(li)
        for li in page.xpath("//h2[.='Brokers between networks']/following-sibling::ul[1]/li")
    ]
    assert "C Alliance: 2 networks" in brokers
    [overlap] = page.xpath("//h2[.='Shared funders']/following-sibling::div[1]//tbody/tr")
    assert [text_of(td) for td in overlap] == [
        "E1 meeting & E2 workshop",
        "1",
        "0.50",
        "F Foundation",
    ]
    projections = {text_of(r[0]): (text_of(r[1]), text_of(r[2]))
                   for r in page.cssselect("table.projections tbody tr")}  # fmt: skip
    assert projections["partnership"] == ("14", "14")  # the organizations and their 14 ties
    # every measure explained once, in its column's tooltip and in words under the table
    headers = {text_of(a): a.get("title") for a in page.cssselect("table.ranked th a")}
    for m in MEASURES:
        assert headers[m.label].startswith(m.help + " Computed with " + m.algorithm)
        assert headers[m.label].count("weight=weight") <= 1
    explained = page.xpath("//dl[@class='measures']/dd")
    assert [text_of(dd).split(" Computed with ")[0] for dd in explained] == [
        m.help for m in MEASURES
    ]
    assert [text_of(li).split(":")[0] for li in page.cssselect("ul.kinds li")] == [
        kind for kind, _ in kinds_counted()
    ]
    # communities and components are named, in the table and in a list of their own
    [h_row] = [r for r in page.cssselect("table.ranked tbody tr") if text_of(r[1]) == "H Lab"]
    component = h_row[2 + [m.key for m in MEASURES].index("component")]
    assert component.get("title") == "Component 1: A University, F Foundation, G Corp and 5 more"
    assert text_of(component) == "1 A University"
    components = [
        [text_of(td) for td in r]
        for r in page.cssselect("h2#component-names ~ div table.groups tbody tr")
    ]
    assert components[0] == ["1", "8", "A University, F Foundation, G Corp and 5 more"]
    by_community = get_page(client, "/analysis?sort=community")
    [sorted_by] = by_community.cssselect("table.ranked th a[aria-sort]")
    assert (text_of(sorted_by), sorted_by.get("aria-sort")) == ("Community", "ascending")


def test_without_an_analysis_the_page_says_what_to_run(
    viewer_store: Store, make_app: Callable[..., Flask]
) -> None:
    page = get_page(make_app(viewer_store).test_client(), "/analysis")
    assert "Run edgraph analyze" in text_of(page)
    assert not page.cssselect("table.ranked")


def test_the_network_is_coloured_by_community_and_sized_by_a_measure(client: FlaskClient) -> None:
    nodes = {
        n["label"]: n
        for n in client.get("/network.json?color=community&size=pagerank").json["nodes"]
    }  # type: ignore[index]
    assert nodes["D School"]["color"] == nodes["E School"]["color"]
    assert nodes["F Foundation"]["color"] != nodes["A University"]["color"]
    assert nodes["A University"]["size"] == 48  # the largest PageRank gets the largest size
    # the colour's legend names the community by its most central members
    assert nodes["D School"]["kind"].endswith(
        ", community 2: F Foundation, G Corp, D School and 1 more"
    )
    plain = {n["label"]: n for n in client.get("/network.json").json["nodes"]}  # type: ignore[index]
    assert (
        plain["D School"]["color"] == plain["E School"]["color"] == plain["A University"]["color"]
    )
    page = get_page(client, "/network?color=community&size=pagerank")
    # the page colours in the browser, from the measures each node carries
    [colour] = page.cssselect('form.filters select[name="color"] option[selected]')
    [size] = page.cssselect('form.filters select[name="size"] option[selected]')
    assert (colour.get("value"), size.get("value")) == ("community", "pagerank")
    measured = {
        n["label"]: n.get("measures", {}) for n in client.get("/network.json").json["nodes"]
    }  # type: ignore[index]
    assert measured["D School"]["community"] == measured["E School"]["community"]


def test_hostile_names_on_the_analysis_page_are_text(
    hostile_project: Path, make_app: Callable[..., Flask]
) -> None:
    store = EmbeddedStore.in_memory()
    build(store, settings_for(hostile_project))
    save(store, analyze(store), DEFAULT_BASE)
    response = make_app(store, project=hostile_project).test_client().get("/analysis")
    page = parse_html(response.data)
    assert HOSTILE in [text_of(row[1]) for row in page.cssselect("table.ranked tbody tr")]
    assert not page.cssselect("img[src='x'], [onerror]")  # the name is text, not markup


def test_release_folder_is_complete_checksummed_and_never_overwritten(
    runner: CliRunner, tmp_path: Path, viewer_project: Path
) -> None:
    project = ["--project", str(viewer_project)]
    assert runner.invoke(main, ["build", *project]).exit_code == 0
    assert runner.invoke(main, ["analyze", *project]).exit_code == 0
    result = runner.invoke(main, ["release", str(tmp_path / "out"), *project, "--url",
                                  "https://example.org/r/1/"],
                           env={"EDGRAPH_DATASET_VERSION": "2026.1"})  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "edgraph-dataset-2026.1"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["CITATION.cff", "SHA256SUMS", "dataset.jsonld", "dataset.nq", "dataset.nt",
                     "dataset.rdf", "dataset.trig", "dataset.ttl", "network-edges.csv",
                     "network-nodes.csv", "network.gexf", "network.graphml", "void.ttl"]  # fmt: skip
    sums = dict(line.split("  ")[::-1] for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == set(names) - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    void = rdflib.Graph().parse(folder / "void.ttl", format="turtle")
    trig = rdflib.URIRef("https://example.org/r/1/dataset.trig")
    assert (DATASET, DCAT.distribution, trig) in void
    assert int(void.value(trig, DCAT.byteSize)) == (folder / "dataset.trig").stat().st_size  # type: ignore[arg-type]
    assert str(void.value(DATASET, DCAT.version)) == "2026.1"
    citation = (folder / "CITATION.cff").read_text()
    assert 'version: "2026.1"' in citation and "license: CC-BY-4.0" in citation
    assert "betweenness" in (folder / "network-nodes.csv").read_text().splitlines()[0]
    exported = runner.invoke(main, ["export", *project, "--format", "trig"])
    assert exported.stdout_bytes == (folder / "dataset.trig").read_bytes()  # the same bytes
    again = runner.invoke(
        main,
        ["release", str(tmp_path / "out"), *project],
        env={"EDGRAPH_DATASET_VERSION": "2026.1"},
    )
    assert again.exit_code == 2 and "never overwritten" in again.stderr
    assert sorted(p.name for p in folder.iterdir()) == names
    assert [p.name for p in (tmp_path / "out").iterdir()] == [folder.name]  # no partial left


# -- the figures: computed once per build, never inside a request on a large store --------------


def test_build_keeps_the_figures_beside_the_store_and_the_description_reads_them(
    runner: CliRunner, tmp_path: Path, viewer_project: Path, make_app: Callable[..., Flask]
) -> None:
    import json

    from edgraph.describe import Figures
    from edgraph.location import store_for

    result = runner.invoke(main, ["build", "--project", str(viewer_project), "--store",
                                  str(tmp_path / "store")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "computed the dataset's counts and the dumps' checksums" in result.output
    store = store_for(settings_for(store=str(tmp_path / "store")))
    path = store.cache_file(Figures.CACHE_NAME)
    assert path is not None and path.is_file()
    kept = Figures.stored(store)
    assert kept == Figures.compute(store)  # the copy is the store's own figures
    # The page answers from the copy: a figure changed in it shows (nothing is recomputed).
    data = json.loads(path.read_bytes())
    data["counts"][0] = 123456789
    path.write_text(json.dumps(data))
    client = make_app(store).test_client()
    void = rdflib.Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    assert int(void.value(DATASET, VOID.triples)) == 123456789  # type: ignore[arg-type]


def test_on_a_large_store_the_figures_come_in_the_background_and_the_page_says_so(
    analysed_store: Store, make_app: Callable[..., Flask]
) -> None:
    import threading

    from edgraph.web.dataset import COMPUTING, Described

    go = threading.Event()

    class Held(Described):
        def _compute(self) -> None:  # the computation waits for the test
            go.wait(30)
            super()._compute()

    app = make_app(analysed_store)
    described = Held(analysed_store, inline_max=0)  # every store counts as large
    app.extensions["edgraph.described"] = described
    client = app.test_client()
    first = client.get("/.well-known/void")
    void = rdflib.Graph().parse(data=first.data, format="turtle")
    assert str(void.value(DATASET, rdflib.RDFS.comment)) == COMPUTING
    assert void.value(DATASET, VOID.triples) is None
    assert not list(void.objects(None, DCAT.byteSize))
    assert first.headers["Cache-Control"] == "no-store"
    assert len(list(void.objects(DATASET, DCAT.distribution))) == 6  # still listed
    assert "Content-Length" not in client.get("/download/dataset.nt").headers
    go.set()
    assert described.ready.wait(60)
    void = rdflib.Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    assert void.value(DATASET, rdflib.RDFS.comment) is None
    assert int(void.value(DATASET, VOID.triples)) == analysed_store.quad_count()  # type: ignore[arg-type]
    assert len(list(void.objects(None, DCAT.byteSize))) == 6


# -- Host: never copied into URLs unless trusted --------------------------------------------------


def test_a_forged_host_is_refused_on_every_route(client: FlaskClient) -> None:
    for path in ("/.well-known/void", "/sparql", "/sparql?query=ASK%7B%7D&format=json", "/"):
        response = client.get(path, headers={"Host": "evil.example"})
        assert response.status_code == 400, path
        assert "trusted_hosts" in response.get_data(as_text=True), path
        assert b"evil.example/" not in response.data


def test_public_url_names_the_downloads_and_the_endpoint_whatever_the_host(
    analysed_store: Store, make_app: Callable[..., Flask]
) -> None:
    client = make_app(analysed_store, public_url="https://data.example.org/kg").test_client()
    for host in ("localhost", "data.example.org"):
        void = rdflib.Graph().parse(
            data=client.get("/.well-known/void", headers={"Host": host}).data, format="turtle"
        )
        urls = {str(u) for u in void.objects(None, DCAT.downloadURL)}
        assert urls == {f"https://data.example.org/kg/download/dataset{s}"
                        for s in (".trig", ".nq", ".ttl", ".nt", ".rdf", ".jsonld")}  # fmt: skip
        assert str(void.value(DATASET, VOID.sparqlEndpoint)) == "https://data.example.org/kg/sparql"
        description = rdflib.Graph().parse(
            data=client.get("/sparql", headers={"Host": host, "Accept": "text/turtle"}).data,
            format="turtle",
        )
        sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
        assert {str(e) for e in description.objects(None, sd.endpoint)} == {
            "https://data.example.org/kg/sparql"
        }
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_a_trusted_host_is_answered_and_named(
    analysed_store: Store, make_app: Callable[..., Flask]
) -> None:
    client = make_app(analysed_store, trusted_hosts="lan.example, .example.net").test_client()
    for host in ("lan.example:8000", "a.example.net"):
        void = rdflib.Graph().parse(
            data=client.get("/.well-known/void", headers={"Host": host}).data, format="turtle"
        )
        assert str(void.value(DATASET, VOID.sparqlEndpoint)) == f"http://{host}/sparql"
    assert client.get("/", headers={"Host": "localhost"}).status_code == 400


def test_one_client_streams_one_dump_at_a_time_and_everyone_a_few(
    analysed_store: Store, make_app: Callable[..., Flask]
) -> None:
    client = make_app(analysed_store, download_limit=2).test_client()

    def download(address: str) -> Any:
        return client.get("/download/dataset.nt", environ_base={"REMOTE_ADDR": address})

    first = download("192.0.2.1")  # under way: its body is not read yet
    refused = download("192.0.2.1")
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "10"
    assert "download_client_limit" in refused.get_data(as_text=True)
    second = download("192.0.2.2")
    assert second.status_code == 200
    full = download("192.0.2.3")
    assert full.status_code == 503 and "download_limit" in full.get_data(as_text=True)
    assert first.get_data() == second.get_data()  # read to the end: both places come back
    again = [download(a) for a in ("192.0.2.1", "192.0.2.3")]
    assert [r.status_code for r in again] == [200, 200]
    for response in again:
        response.close()


def test_a_dump_closed_early_stops_its_writer_and_gives_its_place_back() -> None:
    import threading

    from edgraph.web.dataset import _Dump

    stopped = threading.Event()
    releases = []

    def endless(sink: Any) -> None:
        try:
            while True:
                sink.write(b"x" * 8192)  # blocks once 64 chunks wait to be read
        finally:
            stopped.set()

    body = _Dump(endless, lambda: releases.append(1))
    assert next(body) == b"x" * 8192
    body.close()  # as waitress does when the client went away or stopped reading
    assert stopped.wait(30)
    body.close()
    assert releases == [1] and list(body) == []
