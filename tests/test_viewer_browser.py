"""The viewer in a real headless Chromium (Debian's, driven by Playwright) over the viewer's graph
(tests/data/viewer/) plus a source whose names are markup: the network renders and filters, the time slider moves
it, a click on a node opens its page, search suggests, hostile names stay inert text, nothing is
requested from any other host, and the console stays clean."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
from conftest import HOSTILE, HOSTILE_IRI
from playwright.sync_api import expect
from servers import edgraph_server


@pytest.fixture(scope="module")
def base(hostile_disk_store: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with edgraph_server(hostile_disk_store, tmp_path_factory.mktemp("viewer")) as url:
        yield url


class Watch:
    """What a page did: requests, script errors, console errors and dialogs (alert...)."""

    def __init__(self, page, base: str) -> None:  # type: ignore[no-untyped-def]
        self.base = base
        self.requested: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: self.requested.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

        def dialog(d) -> None:  # type: ignore[no-untyped-def]
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    def check(self) -> None:
        origin = urlparse(self.base).netloc
        foreign = [u for u in self.requested if urlparse(u).scheme in ("http", "https")
                   and urlparse(u).netloc != origin]  # fmt: skip
        assert foreign == []
        assert self.errors == []
        assert self.dialogs == []


def network_json(base: str, **params: str) -> dict:  # type: ignore[type-arg]
    with urllib.request.urlopen(base + "/network.json?" + urlencode(params)) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def ready(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#network[data-ready='1']", timeout=20_000)
    page.evaluate("document.getElementById('network').scrollIntoView()")


def test_the_network_renders_filters_and_moves_through_time(base: str, page) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page, base)
    page.goto(base + "/network")
    ready(page)
    assert page.locator("#network canvas").count() == 1
    whole = network_json(base)
    assert int(page.get_attribute("#network", "data-nodes")) == len(whole["nodes"])
    assert (
        page.inner_text("#network-count")
        == f"{len(whole['nodes'])} nodes, {len(whole['edges'])} ties"
    )

    # a filter: funders only, applied in place (no new page) and kept in the address
    page.evaluate("window.notReloaded = true")
    page.check("input[name=relation][value=funds]")
    page.wait_for_selector("#network[data-ready='1']")
    funds = network_json(base, relation="funds")
    expect(page.locator("#network")).to_have_attribute("data-nodes", str(len(funds["nodes"])))
    assert len(funds["nodes"]) < len(whole["nodes"])
    assert page.evaluate("window.notReloaded") is True
    assert "relation=funds" in page.url

    # the time range: up to 2021 and the 2024 ties go
    page.goto(base + "/network")
    ready(page)
    page.eval_on_selector(
        "#year-to",
        "el => { el.value = '2021'; el.dispatchEvent(new Event('input', {bubbles: true})); }",
    )
    in_2021 = network_json(base, year="2021")  # as of 2021: undated ties stay, as here
    assert page.inner_text("#year-to-label") == "2021"
    assert (
        int(page.get_attribute("#network", "data-nodes"))
        == len(in_2021["nodes"])
        < len(whole["nodes"])
    )
    assert int(page.get_attribute("#network", "data-edges")) == len(in_2021["edges"])
    assert "to=2021" in page.url  # the view stays shareable
    watch.check()


def test_clicking_a_node_opens_its_profile_and_its_page(base: str, page) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page, base)
    tec = "https://w3id.org/edgraph/id/org/atlantic-university"
    page.goto(base + "/network?" + urlencode({"focus": tec, "hops": "1"}))
    ready(page)
    point = page.evaluate(
        """iri => { const n = window.edgraphNetwork.network;
                    const p = n.getPositions([iri])[iri];
                    const dom = n.canvasToDOM(p);
                    const box = document.querySelector('#network canvas').getBoundingClientRect();
                    return {x: box.left + dom.x, y: box.top + dom.y}; }""",
        tec,
    )
    page.mouse.click(point["x"], point["y"])
    assert page.inner_text("#evidence h2") == "Atlantic University"  # beside the map
    page.click("#evidence a.page-link")
    page.wait_for_url("**/page/org/atlantic-university")
    assert page.inner_text("h1") == "Atlantic University"
    watch.check()


def test_clicking_a_tie_shows_its_evidence(base: str, page) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page, base)
    page.goto(base + "/network?relation=hosts")
    ready(page)
    page.evaluate("""() => { const n = window.edgraphNetwork.network;
                              const e = window.edgraphNetwork.edgeView.getIds()[0];
                              n.selectEdges([e]); n.body.emitter.emit('click',
                                {nodes: [], edges: [e], pointer: {DOM: {x: 0, y: 0}}}); }""")
    assert "hosts" in page.inner_text("#evidence h2")
    assert page.locator("#evidence li a").count() >= 1
    watch.check()


def test_search_suggests_as_you_type(base: str, page) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page, base)
    page.goto(base + "/")
    page.click("header input[type=search]")
    page.keyboard.type("atlantica")  # no accent typed, the Portuguese name has one
    first = page.locator("header .suggestions li").first
    first.wait_for()
    assert "Atlantic University" in first.inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/page/org/atlantic-university")
    watch.check()


def test_hostile_names_stay_inert_text_everywhere(base: str, page) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page, base)

    def no_injected_markup() -> None:
        assert page.locator("img[src='x']").count() == 0
        assert page.locator("main b[onmouseover], a[href^='javascript']").count() == 0

    page.goto(base + "/page/org/hostile")
    assert page.inner_text("h1") == HOSTILE
    no_injected_markup()

    page.goto(base + "/")
    page.click("header input[type=search]")
    page.keyboard.type("img src")
    suggestion = page.locator("header .suggestions li a").first
    suggestion.wait_for()
    assert suggestion.inner_text() == HOSTILE
    no_injected_markup()

    # the network around it: hover every node, every tooltip shows the name as text
    page.goto(base + "/network?" + urlencode({"focus": HOSTILE_IRI, "hops": "2"}))
    ready(page)
    points = page.evaluate(
        """() => { const n = window.edgraphNetwork.network;
                   const box = document.querySelector('#network canvas').getBoundingClientRect();
                   return window.edgraphNetwork.nodeView.getIds().map(id => {
                     const d = n.canvasToDOM(n.getPositions([id])[id]);
                     return {id: id, x: box.left + d.x, y: box.top + d.y}; }); }"""
    )
    assert len(points) >= 3
    seen = []
    for point in points:
        page.mouse.move(point["x"], point["y"])
        tip = page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=5000)
        seen.append(tip.inner_text())
        no_injected_markup()
        page.mouse.move(5, 5)
    assert any(text.startswith(HOSTILE) for text in seen)
    assert any(text.startswith("Meeting <b onmouseover=alert(3)>href</b>") for text in seen)
    # the profile and the SVG export carry the names as text too
    page.evaluate("""iri => window.edgraphNetwork.select(iri)""", HOSTILE_IRI)
    assert page.inner_text("#evidence h2") == HOSTILE
    no_injected_markup()
    with page.expect_download() as download:
        page.click("#export-svg")
    from lxml import etree

    svg = etree.fromstring(Path(download.value.path()).read_bytes())
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert HOSTILE in svg.xpath("//s:text/text()", namespaces=ns)
    assert not svg.xpath("//*[local-name()='img' or local-name()='b']")
    watch.check()


def test_an_entity_page_draws_its_neighbourhood(base: str, page) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page, base)
    page.goto(base + "/id/network/coastal")  # the Cool URI, redirected to the page
    assert page.url.endswith("/page/network/coastal")
    ready(page)
    assert int(page.get_attribute("#network", "data-nodes")) > 3
    assert page.locator("text=sources disagree").count() == 1
    watch.check()
