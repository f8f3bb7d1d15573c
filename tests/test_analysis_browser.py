"""The Analysis page in a real headless Chromium (Debian's, driven by Playwright) over
tests/data/analysis/links/ with its measures saved: at laptop and phone widths the names stay on
a few lines, the whole table fits a laptop screen, every measure is explained where it can be
read, and groups are named. Screenshots go to screenshots/ (not kept in git)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from servers import edgraph_server

from edgraph.analysis import MEASURES

SHOTS = Path(__file__).parent.parent / "screenshots"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
LONG = "H Institute of Technology and Higher Education of the Northern Coastal Region"


@pytest.fixture(scope="module")
def base(
    links_project: Path, stores: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    location = stores.folder_or_server("links-disk", links_project)
    subprocess.run([sys.executable, "-m", "edgraph", "analyze", "--store", location],
                   check=True, capture_output=True)  # fmt: skip
    with edgraph_server(location, tmp_path_factory.mktemp("analysis-browser")) as url:
        yield url


def _lines(page: Any, selector: str) -> list[tuple[str, int]]:
    """Each element's text and the number of lines it takes."""
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        selector,
        """els => els.map(e => { const s = getComputedStyle(e.querySelector('a') || e);
             const line = parseFloat(s.lineHeight) || 1.2 * parseFloat(s.fontSize);
             const box = (e.querySelector('a') || e).getBoundingClientRect();
             return [e.innerText.trim(), Math.round(box.height / line)]; })""",
    )


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["1366", "390"])
def test_the_analysis_page_reads_at_laptop_and_phone_widths(
    base: str, page: Any, size: dict[str, int]
) -> None:
    page.set_viewport_size(size)
    page.goto(base + "/analysis")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"analysis-{size['width']}.png"), full_page=True)
    names = dict(_lines(page, "table.ranked td.name"))
    assert LONG in names
    # never more than four lines (a 76-letter name takes three on a laptop, four on a phone)
    assert max(names.values()) <= (3 if size is LAPTOP else 4), names
    if size is LAPTOP:  # every column in view, none behind a sideways scroll
        overflow = page.eval_on_selector(".table-wrap:has(table.ranked)",
                                         "e => e.scrollWidth - e.clientWidth")  # fmt: skip
        assert overflow <= 0
    explained = page.locator("dl.measures dd")
    assert explained.count() == len(MEASURES)
    assert all(explained.nth(i).is_visible() for i in range(len(MEASURES)))
    titles = page.eval_on_selector_all("table.ranked th a", "els => els.map(e => e.title)")
    assert all(t.startswith(m.help) for t, m in zip(titles, MEASURES, strict=True))
    assert page.locator("table.groups").first.is_visible()
    assert "X Organization" in page.inner_text("h2:text('Brokers between networks') + p + ul")
