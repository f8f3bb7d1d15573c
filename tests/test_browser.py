"""The workbench in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
the editor highlights SPARQL, completes and declares prefixes, runs on Ctrl+Enter, and the page
loads nothing from anywhere but edgraph itself. Over the viewer's graph (tests/data/viewer/)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from servers import edgraph_server


@pytest.fixture(scope="module")
def base(viewer_disk_store: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with edgraph_server(viewer_disk_store, tmp_path_factory.mktemp("browser")) as url:
        yield url


def test_the_editor_highlights_completes_and_runs(base: str, page) -> None:  # type: ignore[no-untyped-def]
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/sparql")
    editor = page.locator(".CodeMirror")
    editor.wait_for()
    assert page.locator(".CodeMirror .cm-keyword").count() > 0  # SELECT, WHERE highlighted

    page.evaluate("window.edgraphEditor.setValue('')")
    editor.click()
    page.keyboard.type("SELECT ?o WHERE { ?o a sch")
    page.keyboard.press("Control+Space")
    hint = page.locator(".CodeMirror-hints li").first
    hint.wait_for()
    assert hint.inner_text().startswith("schema: <http://schema.org/>")
    page.keyboard.press("Enter")
    page.keyboard.type("Organization ; sch")
    page.keyboard.press("Control+Space")
    page.locator(".CodeMirror-hints li").first.wait_for()
    page.keyboard.press("Enter")
    page.keyboard.type('name "Escola do Mar" }')
    text = page.evaluate("window.edgraphEditor.getValue()")
    assert text.startswith("PREFIX schema: <http://schema.org/>\n")  # declared once, on top
    assert text.count("PREFIX schema:") == 1
    assert 'schema:Organization ; schema:name "Escola do Mar"' in text

    page.keyboard.press("Control+Enter")
    page.wait_for_url("**/sparql?query=*")
    cell = page.locator("table.results td a").first
    cell.wait_for()
    assert cell.get_attribute("title") == "https://w3id.org/edgraph/id/org/escola-do-mar"
    assert "1 rows" in page.locator(".summary").inner_text()

    hosts = {urlparse(u).hostname for u in requested if not u.startswith("data:")}
    assert hosts == {"127.0.0.1"}, requested
    assert errors == []


def test_a_canned_query_form_works_in_the_browser(base: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/queries/05-units-of-an-organization")
    page.select_option(
        "select[name=organization]", "https://w3id.org/edgraph/id/org/atlantic-university"
    )
    page.click("form.params button[type=submit]")
    page.wait_for_url(
        "**organization=https%3A%2F%2Fw3id.org%2Fedgraph%2Fid%2Forg%2Fatlantic-university*"
    )
    assert "Ocean Learning Lab" in page.locator("table.results").inner_text()
