"""Pages in words in a real headless Chromium (Debian's, driven by Playwright), over the viewer's
graph (tests/data/viewer/) with `edgraph analyze`'s measures saved: Browse with its controls, an
entity page in English and in Spanish (the switch), and the SPARQL workbench's labels, at
1366x900 and 390 px wide. Screenshots go to screenshots/ (not kept in git) for a person to
look at; the assertions check what a reader sees there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from conftest import settings_for
from servers import edgraph_server

from edgraph.build import build
from edgraph.cli import main
from edgraph.store import EmbeddedStore

SHOTS = Path(__file__).parent.parent / "screenshots"
SIZES = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
ID = "https://w3id.org/edgraph/id/"


@pytest.fixture(scope="module")
def base(viewer_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("words")
    location = str(folder / "store")
    store = EmbeddedStore.open(location, must_exist=False)
    build(store, settings_for(viewer_project, store=location))
    del store  # the store's folder is opened again by the commands below
    result = CliRunner().invoke(main, ["analyze", "--project", str(viewer_project),
                                       "--store", location, "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    with edgraph_server(location, folder) as url:
        yield url


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits(page: Any) -> bool:
    """Nothing on the page is wider than the window (no sideways scrolling of the page)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("size", SIZES)
def test_browse_sorts_filters_and_offers_downloads(base: str, page: Any, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.goto(base + "/browse")
    names = page.locator("table.entities tbody td:first-child a").all_inner_texts()
    assert "Portugal" not in names and "Atlantic University" in names
    page.fill("input[name=text]", "coast")
    page.select_option("select[name=sort]", "ties")
    page.click(".listing-controls button")
    page.wait_for_url("**/browse?*text=coast*")
    names = page.locator("table.entities tbody td:first-child a").all_inner_texts()
    assert names[0] in ("Coastal Schools Network", "First Meeting of the Coastal Schools Network")
    assert all("coast" in n.casefold() for n in names)
    assert page.locator("#selection .downloads a").all_inner_texts() == ["CSV", "JSON"]
    assert fits(page)
    shot(page, f"words-browse-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_an_entity_page_reads_in_english_and_in_spanish(base: str, page: Any, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.goto(base + "/page/org/atlantic-university")
    assert page.locator("p.kind .kind-word, p.kind .badge").all_inner_texts() == [
        "Organization", "University"]  # fmt: skip
    measures = page.locator("section.measures")
    assert "Partners" in measures.locator("dt").all_inner_texts()
    assert "Computed by edgraph analyze" in measures.locator(".measured-by").inner_text()
    assert fits(page)
    shot(page, f"words-entity-en-{size}")
    page.click("p.languages a[hreflang=es]")
    page.wait_for_url("**lang=es")
    assert page.locator("p.kind .kind-word").inner_text() == "Organización"
    assert "Relaciones" in page.locator("h2").all_inner_texts()
    assert "Medidas de red" in page.locator("h2").all_inner_texts()
    assert fits(page)
    shot(page, f"words-entity-es-{size}")
    page.goto(base + "/page/network/coastal")  # the cookie keeps Spanish
    assert page.locator("h1").inner_text() == "Red de Escuelas Costeras"


@pytest.mark.parametrize("size", SIZES)
def test_workbench_results_show_labels(base: str, page: Any, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    query = ("PREFIX edgo: <https://w3id.org/edgraph/ontology#>\n"
             "SELECT ?event ?role ?agent WHERE {\n  VALUES ?role { edgo:host edgo:funder }\n"
             "  ?event ?role ?agent\n} ORDER BY ?event ?role ?agent")  # fmt: skip
    page.goto(base + "/sparql?" + urlencode({"query": query}))
    labels = page.locator("table.results .label-of").all_inner_texts()
    assert "Atlantic University" in labels and "host" in labels
    assert "First Meeting of the Coastal Schools Network" in labels
    shot(page, f"words-sparql-{size}")
