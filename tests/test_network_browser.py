"""The network view as a place to work, in Debian's headless Chromium over the viewer's graph
(tests/data/viewer/) with an analysis saved: selecting a node opens its profile beside the map
and highlights its neighbourhood, the map finds names and aliases, focus takes a name (and says
when nothing has it), colouring changes the legend, the time range leaves out years and undated
ties, the PNG and SVG exports are on white with their legend, and the view fits a phone.
Screenshots go to screenshots/ for a person to look at."""

from __future__ import annotations

import base64
import io
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from conftest import Stores
from lxml import etree
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


def test_smoke(base: str, page) -> None:  # type: ignore[no-untyped-def]
    open_view(page, base)
    shot(page, "smoke")
    click_node(page, UNIVERSITY)
    page.wait_for_selector("#evidence:not([hidden])")
    shot(page, "smoke-selected")
