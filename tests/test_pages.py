"""Viewer pages that one request could make expensive (issue 15): a listing's facet values are
capped and its links grow linearly with them; entity and resource pages read their statements
in a query worker, within the time limit, at most ``page_row_cap`` of each kind, and a page that
is cut says so and links to the rest. On the tiny graph of tests/data/ plus the source below."""

from __future__ import annotations

import contextlib
import os
import re
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox
import pytest
from conftest import DATA, Stores, get_page, project_of, text_of
from flask import Flask
from flask.testing import FlaskClient
from lxml.html import HtmlElement

from edgraph.store import Store

ID = "https://w3id.org/edgraph/id/"
PORTO = ID + "place/porto"

#: A second workshop of the school and a second, disagreeing claim about the first workshop, so
#: that with a row cap of 1 every part of a page has more than the cap.
EXTRA = """
@prefix edgo:   <https://w3id.org/edgraph/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix id:     <https://w3id.org/edgraph/id/> .

<https://w3id.org/edgraph/id/graph/sources/extra> prov:wasDerivedFrom id:source\\/extra .
id:source\\/extra a schema:NewsArticle ; schema:headline "A second workshop"@en .
id:event\\/workshop-2 a edgo:Workshop ; schema:name "Second tiny workshop"@en ;
    schema:startDate "2025-01-10"^^xsd:date ; edgo:locatedIn id:place\\/porto ;
    edgo:host id:org\\/school .
id:claim\\/workshop-participants-2 a edgo:Claim ;
    edgo:about id:event\\/workshop ; edgo:measure edgo:Participants ; edgo:qualifier edgo:Exactly ;
    schema:value 15 ; edgo:asOf "2024-06-01"^^xsd:date ; prov:wasDerivedFrom id:source\\/extra .
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = project_of(tmp_path_factory.mktemp("pages") / "project", DATA / "graph")
    (project / "graph" / "sources" / "extra.ttl").write_text(EXTRA, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def store(project: Path, stores: Stores) -> Store:
    return stores.store("pages", project)


@pytest.fixture
def viewer(
    store: Store, project: Path, make_app: Callable[..., Flask]
) -> Callable[..., FlaskClient]:
    """``viewer(**settings)``: a client of a viewer over ``store`` with one query worker and the
    settings given (closed after the test)."""

    def make(**settings: Any) -> FlaskClient:
        return make_app(store, project=project, query_workers=1, **settings).test_client()

    return make


def html(client: FlaskClient, url: str, status: int = 200) -> HtmlElement:
    return get_page(client, url, status)


def entities(tree: HtmlElement) -> int:
    """How many entities a listing says it has."""
    summary = text_of(tree.cssselect("form.summary")[0])
    return int(summary.split(" entities")[0].replace(",", ""))


def all_statements(store: Store, iri: str) -> int:
    """Rows about ``iri`` and pointing at it, one per graph stating each."""
    result = store.query(
        f"SELECT * WHERE {{ {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} UNION {{ GRAPH ?g {{ ?s ?p <{iri}> }} }} }}"
    )
    return len(result.rows)


# -- /browse ----------------------------------------------------------------------------------


def test_a_listing_with_more_facet_values_than_the_cap_is_a_400_naming_it(viewer: Any) -> None:
    client = viewer()
    # the URL of issue 15: it took the server from 4.2 GB to 12 GB
    page = html(client, "/browse?" + urlencode([("country", f"c{i}") for i in range(15_000)]),
                status=400)  # fmt: skip
    assert "at most 50 facet values (setting browse_max_values)" in text_of(page)
    assert "15,000" in text_of(page)
    at_the_cap = [("kind", "event")] + [("country", f"c{i}") for i in range(49)]
    assert entities(html(client, "/browse?" + urlencode(at_the_cap))) == 0
    pairs = [("kind", "event"), ("kind", "place"), ("country", "x"), ("year", "2024")]
    page = html(viewer(browse_max_values=3), "/browse?" + urlencode(pairs), 400)
    assert "at most 3 facet values" in text_of(page)


def test_a_facet_value_longer_than_any_is_a_400(viewer: Any) -> None:
    page = html(viewer(), "/browse?" + urlencode({"country": "x" * 1001}), status=400)
    assert "a country value of 1,001 characters cannot be one" in text_of(page)


def test_a_listing_grows_linearly_with_its_facet_values(viewer: Any) -> None:
    """Before, each chip linked to the selection without its value: the page grew with the
    square of the values (1,000 values: 17 MB). Doubling the values now doubles what they add."""
    sizes = {}
    client = viewer(browse_max_values=1000)
    for n in (0, 100, 200, 400):
        values = [("country", f"{ID}country/c{i:04d}") for i in range(n)]
        response = client.get("/browse?" + urlencode([("kind", "event"), *values]))
        assert response.status_code == 200
        sizes[n] = len(response.data)
    # bytes each added value adds, over three spans: the same in each when the page grows
    # linearly (with the square of the values, the last span would add three times the first)
    per_value = [(sizes[b] - sizes[a]) / (b - a) for a, b in ((0, 100), (100, 200), (200, 400))]
    assert max(per_value) / min(per_value) < 1.1, sizes
    assert max(per_value) < 5_000, sizes


def test_a_chip_takes_its_value_away_through_the_selection_form(viewer: Any) -> None:
    selection = [("kind", "event"), ("kind", "organization"), ("country", ID + "country/PT")]
    client = viewer()
    [form] = html(client, "/browse?" + urlencode(selection)).cssselect("form#selection")
    hidden = [(i.get("name"), i.get("value")) for i in form.cssselect('input[type="hidden"]')]
    assert hidden == selection
    chips = [b.get("value") for b in form.cssselect("button.chip[name='drop']")]
    assert chips == ["kind:event", "kind:organization", "country:" + ID + "country/PT"]
    # what the browser sends when the organization chip is pressed
    response = client.get("/browse?" + urlencode([*selection, ("drop", chips[1])]))
    assert response.status_code == 303
    target = urlsplit(response.headers["Location"])
    assert target.path == "/browse"
    assert parse_qs(target.query) == {"kind": ["event"], "country": [ID + "country/PT"]}
    listed = html(client, response.headers["Location"]).cssselect("section.listing td a")
    assert [text_of(a) for a in listed] == ["Second tiny workshop", "Tiny workshop"]


def test_facet_counts_are_what_the_other_facets_allow() -> None:
    """The one-pass counting gives, for every facet, the plain definition: the values of the
    entities that every other facet's selection allows."""
    import random

    from edgraph.catalog import FACETS, Catalog, Entity, Name

    rng = random.Random(15)  # noqa: S311 (made-up data, not secrets)
    entities = [
        Entity(f"http://x/{i}", rng.choice(["event", "place", "organization"]),
               names=[Name(rng.choice("abc") + str(i), "en", False)],
               countries={f"http://x/c{rng.randrange(4)}" for _ in range(rng.randrange(3))},
               networks={f"http://x/n{rng.randrange(3)}" for _ in range(rng.randrange(3))},
               years={2019 + rng.randrange(4) for _ in range(rng.randrange(3))},
               sources={f"http://x/s{rng.randrange(3)}"})
        for i in range(300)
    ]  # fmt: skip
    catalog = Catalog(entities, {})
    selections = [{}, {"kind": ["event"]}, {"kind": ["event", "place"], "year": ["2020"]},
                  {"country": ["http://x/c1", "http://x/c9"], "network": ["http://x/n0"],
                   "source": ["http://x/s2"]}]  # fmt: skip
    for selected in selections:
        chosen = {f: set(v) for f, v in selected.items()}

        def allowed(e: Entity, skip: str | None = None) -> bool:
            return all(e.facet_values(f) & v for f, v in chosen.items() if f != skip)  # noqa: B023

        listing = catalog.browse(selected, per_page=1000)
        assert {e.iri for e in listing.entities} == {e.iri for e in entities if allowed(e)}
        for facet in FACETS:
            expected: dict[str, int] = {v: 0 for v in chosen.get(facet, ())}
            for e in entities:
                if allowed(e, skip=facet):
                    for v in e.facet_values(facet):
                        expected[v] = expected.get(v, 0) + 1
            assert {v.value: v.count for v in listing.facets[facet]} == expected, (selected, facet)


@pytest.mark.parametrize("number", ["²", "9" * 5000, "-1", "x"])
def test_a_page_number_that_is_not_one_shows_the_first_page(viewer: Any, number: str) -> None:
    client = viewer()
    page = html(client, "/browse?" + urlencode({"page": number}))
    assert "Tiny workshop" in [text_of(a) for a in page.cssselect("section.listing td a")]
    # the network's year and hops are numbers too
    for name in ("year", "hops"):
        assert client.get("/network.json?" + urlencode({name: number})).status_code == 200


# -- entity and resource pages ----------------------------------------------------------------


def test_a_resource_with_more_statements_than_the_cap_says_it_is_cut_and_links_to_all(
    store: Store, viewer: Any
) -> None:
    client = viewer(page_row_cap=1)
    page = html(client, "/page/place/porto")
    [notice] = page.cssselect("div.cut")
    assert "it reads at most 1 rows of each kind" in text_of(notice)
    links = {text_of(li).split(":")[0]: li.cssselect("a")[0].get("href")
             for li in notice.cssselect("li")}  # fmt: skip
    assert set(links) == {"its own statements", "statements pointing at it"}
    # the page shows no more than the cap of each kind: one statement about it, one at it
    assert len(page.cssselect("article dd")) <= 2
    # the link is the workbench with the query that lists every one of them
    shown = 0
    for link in links.values():
        query = parse_qs(urlsplit(link).query)["query"][0]
        ran = html(client, link).cssselect("table.results tbody tr")
        assert len(ran) == len(store.query(query).rows) > 0  # the workbench ran it
        shown += len(store.query(query).rows)
    assert shown == all_statements(store, PORTO) > 2

    # claims and the timeline are cut the same way
    workshop = [text_of(li) for li in html(client, "/page/event/workshop").cssselect("div.cut li")]
    assert any(item.startswith("claims about it: all of them") for item in workshop)
    school = [text_of(li) for li in html(client, "/page/org/school").cssselect("div.cut li")]
    assert any(item.startswith("its timeline: all of them") for item in school)
    whole = html(viewer(), "/page/place/porto")
    assert not whole.cssselect("div.cut")
    named = {text_of(a) for a in whole.cssselect("article dd a:not(.cite)")}
    assert {"Escola Pequena", "Second tiny workshop"} <= named


def test_citations_are_numbered_by_their_place_among_the_sources(viewer: Any) -> None:
    page = html(viewer(), "/page/event/workshop")
    cited = [(li.get("id"), text_of(li.cssselect("a")[0])) for li in page.cssselect("ol.cited li")]
    assert cited == [("source-1", "A second workshop"), ("source-2", "A tiny workshop")]
    # a citation's number is its place in that list
    claims = [(a.get("href"), text_of(a)) for a in page.cssselect("table.claims a.cite")]
    assert claims == [("#source-2", "[2, ¶1]"), ("#source-1", "[1]")]


def test_an_entitys_data_is_cut_like_its_page_and_links_to_all_of_it(viewer: Any) -> None:
    client = viewer(page_row_cap=1)
    response = client.get("/id/place/porto.nt")
    assert response.status_code == 200
    assert response.headers["X-Edgraph-Truncated"] == "true"
    triples = list(ox.parse(response.data, ox.RdfFormat.N_TRIPLES))
    assert 1 < len(triples) <= 2  # one about it, one pointing at it
    link = re.search(r'<([^>]+)>; rel="alternate"', response.headers["Link"])
    assert link is not None
    everything = client.get(link.group(1))
    assert everything.status_code == 200
    whole = set(ox.parse(everything.data, ox.RdfFormat.N_TRIPLES))
    assert set(triples) < whole
    response = viewer().get("/id/place/porto.nt")
    assert response.headers["X-Edgraph-Truncated"] == "false"
    assert set(ox.parse(response.data, ox.RdfFormat.N_TRIPLES)) == whole


def test_a_page_whose_query_outlives_the_time_limit_is_a_503_naming_it(viewer: Any) -> None:
    """The page's statements are read in a query worker, which the time limit stops: here the
    worker is paused, as a query that never ends would keep it."""
    client = viewer(query_timeout=0.5)
    html(client, "/page/place/porto")  # the worker is up and has answered once
    (worker,) = client.application.extensions["edgraph.page_queries"]._all
    os.kill(worker.process.pid, signal.SIGSTOP)
    try:
        page = html(client, "/resource?" + urlencode({"iri": PORTO}), status=503)
        assert "stopped after 0.5 s, the time limit (setting query_timeout)" in text_of(page)
    finally:
        with contextlib.suppress(ProcessLookupError):  # killed for overstaying, as it should
            os.kill(worker.process.pid, signal.SIGCONT)


def test_pages_are_answered_while_every_sparql_worker_is_held(viewer: Any) -> None:
    """Pages have query workers of their own: SPARQL clients holding every worker of /sparql
    (here its one worker is paused, as a slow query would hold it) do not hold up the pages."""
    client = viewer(query_timeout=0.5)
    sparql = client.get("/sparql?" + urlencode({"query": "ASK {}", "format": "json"}))
    assert sparql.status_code == 200  # its worker is up
    (worker,) = client.application.extensions["edgraph.queries"]._all
    os.kill(worker.process.pid, signal.SIGSTOP)
    try:
        named = html(client, "/page/place/porto").cssselect("article dd a:not(.cite)")
        assert "Escola Pequena" in {text_of(a) for a in named}
        assert client.get("/id/place/porto.ttl").status_code == 200
        held = client.get("/sparql?" + urlencode({"query": "ASK {}", "format": "json"}))
        assert held.status_code == 503  # the pause is real
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.process.pid, signal.SIGCONT)


def test_page_workers_run_at_the_servers_priority_and_sparql_workers_below_it(
    viewer: Any,
) -> None:
    """The server waits for a page's query, so its worker is not lowered as a user query's
    is (on a busy machine a lowered worker made a page at 1M statements 177 ms instead of 55)."""
    client = viewer()
    html(client, "/page/place/porto")  # both kinds of worker are up and have answered
    sparql = client.get("/sparql?" + urlencode({"query": "ASK {}", "format": "json"}))
    assert sparql.status_code == 200
    own = os.getpriority(os.PRIO_PROCESS, 0)
    extensions = client.application.extensions
    pages = {
        os.getpriority(os.PRIO_PROCESS, w.process.pid)
        for w in extensions["edgraph.page_queries"]._all
    }
    queries = {
        os.getpriority(os.PRIO_PROCESS, w.process.pid) for w in extensions["edgraph.queries"]._all
    }
    assert pages == {own}
    assert queries == {min(own + 10, 19)}
