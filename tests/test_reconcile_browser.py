"""The reconciliation preview in a real headless Chromium (Debian's, driven by Playwright), as
OpenRefine shows it: framed by a page of another origin, at the size the manifest asks for. On
the viewer's graph plus the source whose names are markup (tests/data/hostile/): names stay
inert text. Screenshots go to screenshots/ (not kept in git)."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import HOSTILE, HOSTILE_IRI, ID
from servers import edgraph_server

SHOTS = Path(__file__).parent.parent / "screenshots"


@pytest.fixture(scope="module")
def base(hostile_disk_store: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with edgraph_server(hostile_disk_store, tmp_path_factory.mktemp("reconcile")) as url:
        yield url


@contextmanager
def openrefine_page(html: str) -> Iterator[str]:
    """A page of another origin on 127.0.0.1 (as OpenRefine's, at :3333): its URL."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def preview_url(base: str, iri: str) -> str:
    with urllib.request.urlopen(base + "/reconcile") as response:
        manifest = json.loads(response.read())
    return str(manifest["preview"]["url"]).replace("{{id}}", quote(iri, safe=""))


def test_the_preview_shows_in_a_frame_of_another_page(base: str, page) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with urllib.request.urlopen(base + "/reconcile") as response:
        preview = json.loads(response.read())["preview"]
    SHOTS.mkdir(exist_ok=True)
    for iri, name in [(ID + "org/atlantic-university", "Atlantic University"),
                      (HOSTILE_IRI, HOSTILE)]:  # fmt: skip
        page.set_viewport_size({"width": 1366, "height": 900})
        # OpenRefine's page: on an origin of its own, on this machine as OpenRefine is
        framing = (f'<iframe src="{preview_url(base, iri)}" width="{preview["width"]}" '
                   f'height="{preview["height"]}"></iframe>')  # fmt: skip
        with openrefine_page(framing) as url:
            page.goto(url)
        frame = page.frame_locator("iframe")
        heading = frame.locator("h1")
        heading.wait_for(timeout=20_000)
        assert heading.inner_text() == name  # markup shown as text
        assert frame.locator("img, script, b").count() == 0
        box = frame.locator("body").bounding_box()
        assert box is not None and box["width"] <= preview["width"]
        slug = iri.rsplit("/", 1)[-1]
        page.screenshot(path=str(SHOTS / f"reconcile-preview-{slug}-framed.png"))
        for width, height in ((1366, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(preview_url(base, iri))
            assert page.locator("h1").inner_text() == name
            overflow = page.evaluate("document.documentElement.scrollWidth > innerWidth")
            assert overflow is False
            page.screenshot(path=str(SHOTS / f"reconcile-preview-{slug}-{width}.png"))
    assert errors == [] and dialogs == []
