"""The timeline, the map, the Analysis page's charts and the workbench's result views in a real
headless Chromium (Debian's, driven by Playwright), over the viewer's graph plus
tests/data/charts/ and tests/data/hostile/ (names that are markup) with its analysis saved: what each draws is checked in the SVG (the order of
the events, the colour of each country's path, the bars), nothing is requested from another
host, and the console stays clean. Screenshots at 1366x900 and 390 px go to screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlparse

import pytest
from conftest import DATA, project_of, settings_for
from servers import edgraph_server

from edgraph.analysis import analyze, ranked, save, stored_measures
from edgraph.build import build
from edgraph.catalog import Catalog
from edgraph.namespaces import DEFAULT_BASE
from edgraph.store import EmbeddedStore

SHOTS = Path(__file__).parent.parent / "screenshots"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
NONE = "#e3e7eb"  # the fill of a country with nothing to show
HOSTILE_EVENT = "Meeting <b onmouseover=alert(3)>href</b>"
PREFIXES = ("PREFIX schema: <http://schema.org/>\n"
            "PREFIX edgo: <https://w3id.org/edgraph/ontology#>\n")  # fmt: skip


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The charts' graph in an embedded store on disk, its analysis saved (these tests are of
    the browser's drawing; the store kinds are the data tests' concern)."""
    folder = tmp_path_factory.mktemp("charts-browser")
    project = project_of(folder / "project", DATA / "viewer" / "graph",
                         DATA / "charts" / "coastal-bulletin-2023.ttl",
                         DATA / "hostile" / "hostile.ttl")  # fmt: skip
    where = str(folder / "store")
    store = EmbeddedStore.open(where, must_exist=False)
    build(store, settings_for(project, store=where))
    save(store, analyze(store), DEFAULT_BASE)
    return where


@pytest.fixture(scope="module")
def base(location: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with edgraph_server(location, tmp_path_factory.mktemp("charts-server")) as url:
        yield url


class Watch:
    """What a page did: requests to other hosts, script errors, console errors, dialogs."""

    def __init__(self, page: Any, base: str) -> None:
        self.base, self.requested, self.errors = base, [], []
        page.on("request", lambda r: self.requested.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("dialog", lambda d: (self.errors.append("dialog: " + d.message), d.dismiss()))

    def check(self) -> None:
        origin = urlparse(self.base).netloc
        assert [u for u in self.requested if urlparse(u).scheme in ("http", "https")
                and urlparse(u).netloc != origin] == []  # fmt: skip
        assert self.errors == []


def shots(page: Any, name: str, ready: str, within: str = "") -> None:
    """Screenshots of the whole page at a laptop's size and a phone's, drawn afresh at each;
    nothing of the page (or of the element ``within``) is wider than the screen."""
    SHOTS.mkdir(exist_ok=True)
    for size, viewport in (("1366", LAPTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.reload()
        page.wait_for_selector(ready, timeout=20_000)
        page.screenshot(path=str(SHOTS / f"charts-{name}-{size}.png"), full_page=True)
        # nothing wider than the screen but what scrolls in its own box
        if within:
            box = page.eval_on_selector(
                within, "e => [e.getBoundingClientRect().right, e.scrollWidth, e.clientWidth]"
            )
            assert box[0] <= viewport["width"] + 1 and box[1] <= box[2] + 1
        else:
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    page.set_viewport_size(LAPTOP)


def fills(page: Any) -> dict[str, str]:
    return page.eval_on_selector_all(
        "#country-map path.country[id]",
        "ps => Object.fromEntries(ps.map(p => [p.id, p.getAttribute('fill')]))",
    )


def test_the_timeline_draws_the_events_in_date_order(base: str, page: Any) -> None:
    watch = Watch(page, base)
    page.set_viewport_size(LAPTOP)
    page.goto(base + "/timeline")
    page.wait_for_selector("#timeline-chart[data-ready='1']", timeout=20_000)
    drawn = page.eval_on_selector_all(
        "#timeline-chart g.event", "gs => gs.map(g => [g.dataset.label, g.dataset.start])"
    )
    assert drawn == [["First Meeting of the Coastal Schools Network", "2021-03-10"],
                     ["Highlands Teachers' Workshop", "2022-11"],
                     [HOSTILE_EVENT, "2024-05-01"],
                     ["Highlands Forum 2024", "2024-06-05"]]  # fmt: skip
    # the hostile name is text: no element of its markup in the drawing
    assert (
        page.locator("#timeline-chart b, #timeline-chart img, #timeline-chart script").count() == 0
    )
    assert HOSTILE_EVENT in page.text_content("#timeline-chart svg")
    xs = page.eval_on_selector_all(
        "#timeline-chart g.event rect", "rs => rs.map(r => +r.getAttribute('x'))"
    )
    assert xs == sorted(xs) and len(set(xs)) == 4  # left to right in time
    assert page.inner_text("#undated-list") == "Coastal Schools Webinar Coastal Schools Network"
    shots(page, "timeline", "#timeline-chart[data-ready='1']")

    # one network's events: the select, then Show
    page.select_option("select[name=network]", DEFAULT_BASE + "network/highlands")
    page.click(".chart-filters button")
    page.wait_for_selector("#timeline-chart[data-ready='1']", timeout=20_000)
    assert page.eval_on_selector_all("#timeline-chart g.event", "gs => gs.map(g => g.dataset.label)") == [
        "Highlands Teachers' Workshop", "Highlands Forum 2024"]  # fmt: skip
    assert "network=" + quote(DEFAULT_BASE + "network/highlands", safe="") in page.url
    watch.check()


def test_the_map_colours_the_countries_of_each_layer(base: str, page: Any) -> None:
    watch = Watch(page, base)
    page.set_viewport_size(LAPTOP)
    page.goto(base + "/map")
    page.wait_for_selector("#country-map[data-ready='1']", timeout=20_000)
    colours = fills(page)
    assert len(colours) > 150  # the atlas's countries, drawn
    assert colours["country-620"] != NONE and colours["country-724"] != NONE  # PT, ES
    assert colours["country-250"] == NONE  # France has nothing
    assert {c for k, c in colours.items() if k not in ("country-620", "country-724")} == {NONE}
    values = page.eval_on_selector_all(
        "#country-map path.has-value", "ps => ps.map(p => [p.id, p.dataset.value])"
    )
    assert sorted(values) == [["country-620", "1"], ["country-724", "1"]]  # one network each
    shots(page, "map", "#country-map[data-ready='1']")

    # events: two in Portugal, one in Spain, so Portugal darker; the choice stays in the URL
    page.check("input[name=layer][value=events]")
    page.wait_for_function("document.querySelector('#country-map').dataset.layer === 'events'")
    values = page.eval_on_selector_all(
        "#country-map path.has-value", "ps => ps.map(p => [p.id, p.dataset.value])"
    )
    assert sorted(values) == [["country-620", "2"], ["country-724", "1"]]
    colours = fills(page)
    assert colours["country-620"] != colours["country-724"]
    assert "layer=events" in page.url
    page.reload()
    page.wait_for_selector("#country-map[data-ready='1']", timeout=20_000)
    assert page.get_attribute("#country-map", "data-layer") == "events"
    assert page.get_attribute("#country-620", "data-value") == "2"
    watch.check()


def test_the_analysis_page_charts_the_saved_measures(base: str, page: Any, location: str) -> None:
    watch = Watch(page, base)
    page.set_viewport_size(LAPTOP)
    page.goto(base + "/analysis")
    page.wait_for_selector("#analysis-charts[data-ready='1']", timeout=20_000)
    store = EmbeddedStore.open(location)
    try:
        measures, catalog = stored_measures(store, DEFAULT_BASE), Catalog.load(store)
    finally:
        store.close() if hasattr(store, "close") else None
    bars = page.eval_on_selector_all("#chart-ranked g.bar", "gs => gs.map(g => g.dataset.label)")
    assert bars == [
        catalog.label(iri) for iri, _ in ranked(measures, "pagerank", catalog.label, top=25)
    ]
    partners = page.eval_on_selector_all(
        "#chart-partners g.column", "gs => gs.map(g => +g.dataset.value)"
    )
    assert sum(partners) == len(measures["degree"])
    assert page.locator("#chart-by-type g.bar").count() >= 2
    assert page.locator("#analysis-charts img").count() == 0  # the hostile foundation's name
    assert "<img src=x onerror=alert(1)>" in page.text_content("#chart-ranked svg")
    # (the page's own table is wider than a phone: the charts are not)
    shots(page, "analysis", "#analysis-charts[data-ready='1']", within="#analysis-charts")

    page.select_option("#chart-measure", "degree")
    page.wait_for_selector("#analysis-charts[data-measure='degree']")
    values = page.eval_on_selector_all("#chart-ranked g.bar", "gs => gs.map(g => +g.dataset.value)")
    assert values == [v for _, v in ranked(measures, "degree", catalog.label, top=25)]
    assert page.url.endswith("#measure=degree")
    watch.check()


#: A query for each view, and what the view must draw: (selector, how many).
VIEWS = {
    "bar": (
        "SELECT ?network (COUNT(?event) AS ?events) WHERE { ?event edgo:eventOf ?network } "
        "GROUP BY ?network ORDER BY DESC(?events)",
        "g.bar",
        2,
    ),
    "line": (
        "SELECT ?year (COUNT(?event) AS ?events) WHERE { ?event a schema:Event ; "
        "schema:startDate ?d BIND(YEAR(?d) AS ?year) } GROUP BY ?year ORDER BY ?year",
        "circle.point",
        3,
    ),
    "timeline": (
        "SELECT ?event ?name ?start ?end WHERE { ?event a schema:Event ; schema:name ?name ; "
        "schema:startDate ?start OPTIONAL { ?event schema:endDate ?end } "
        "FILTER(LANGMATCHES(LANG(?name), 'en')) }",
        "g.event",
        4,
    ),
    "map": (
        "SELECT ?country (COUNT(?event) AS ?events) WHERE { ?event a schema:Event ; "
        "edgo:locatedIn/schema:containedInPlace ?country } GROUP BY ?country",
        "path.has-value",
        2,
    ),
    "network": (
        "SELECT ?event ?organization WHERE { ?event edgo:participant ?organization }",
        "g.node",
        6,
    ),
}


@pytest.mark.parametrize("view", list(VIEWS))
def test_each_workbench_view_draws_a_fitting_result_and_is_shared(
    base: str, page: Any, view: str
) -> None:
    watch = Watch(page, base)
    query, selector, count = VIEWS[view]
    page.set_viewport_size(LAPTOP)
    page.goto(base + "/sparql?" + urlencode({"query": PREFIXES + query}))
    page.wait_for_selector("#result-views[data-ready='1']", timeout=20_000)
    assert view in page.get_attribute("#result-views", "data-views").split()
    assert page.get_attribute("#result-views", "data-view") == "table"
    page.click(f"#result-views [role=tab][data-view={view}]")
    page.wait_for_selector(f"#result-views[data-view={view}][data-ready='1']", timeout=20_000)
    assert page.locator(f"#result-view-pane {selector}").count() == count
    assert page.locator(".result .table-wrap").is_hidden()
    share = page.get_attribute("a.share", "href")
    assert share.endswith(f"#view={view}")

    page.goto(base + share)  # the share link opens the same view
    page.wait_for_selector(f"#result-views[data-view={view}][data-ready='1']", timeout=20_000)
    assert page.get_attribute(f"[role=tab][data-view={view}]", "aria-selected") == "true"
    assert page.locator(f"#result-view-pane {selector}").count() == count
    assert page.locator("#result-view-pane b, #result-view-pane img").count() == 0
    if view == "map":
        assert page.get_attribute("#result-view-pane #country-620", "data-value") == "2"
        assert page.get_attribute("#result-view-pane #country-724", "data-value") == "1"
    shots(page, f"workbench-{view}", f"#result-views[data-view={view}][data-ready='1']")
    page.click("#result-views [role=tab][data-view=table]")
    assert page.locator(".result .table-wrap").is_visible()
    assert not page.get_attribute("a.share", "href").endswith("#view=" + view)
    watch.check()


def test_views_are_offered_only_when_the_columns_fit(base: str, page: Any) -> None:
    watch = Watch(page, base)
    names = PREFIXES + "SELECT ?name WHERE { ?x schema:name ?name } LIMIT 5"
    page.goto(base + "/sparql?" + urlencode({"query": names}))
    page.wait_for_selector("#result-views[data-ready='1']", timeout=20_000)
    assert page.get_attribute("#result-views", "data-views") == "table"
    # looked at as a table, the query is not asked for again for the charts
    assert [u for u in watch.requested if "format=json" in u] == []
    codes = PREFIXES + "SELECT ?code WHERE { ?c edgo:isoAlpha3 ?code }"  # countries by ISO code
    page.goto(base + "/sparql?" + urlencode({"query": codes}) + "#view=map")
    page.wait_for_selector("#result-views[data-view=map][data-ready='1']", timeout=20_000)
    assert page.get_attribute("#result-view-pane #country-620", "data-value") == "1"
    watch.check()
