"""Evidence for every statement: the paragraph and the quoted sentence of each statement a source
makes, on entity pages, on the network's ties, on the source's page (with its original URL when
it is http or https), through the core and in SPARQL. Over the viewer's graph plus the sources of
tests/data/evidence/ (a curated source with an evidence node for each statement, one quote of
which is markup, and a source whose URL is a script)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from conftest import DATA, ID, PREFIXES, get_page, parse_html, project_of, text_of
from flask.testing import FlaskClient
from lxml.html import HtmlElement

from edgraph.evidence import Evidence, source_listing, web_url, why
from edgraph.examples import bind, example
from edgraph.namespaces import EDGO, SCHEMA
from edgraph.store import Store

FAIR = ID + "event/harbour-fair-2025"
SOURCE = ID + "source/harbour-fair-2025"
OLD_SOURCE = ID + "source/coastal-news-2021"
HOST_QUOTE = "The Atlantic University hosted the Harbour Science Fair on the city's old quay."
MARKUP_QUOTE = "Escola do Mar showed <img src=x onerror=alert(1)> a tank of crabs & starfish."
MEMBER_QUOTE = "Colegio Ría, a member of the network's teachers' node, brought its tide models."
SHOTS = Path(__file__).parent.parent / "screenshots"


@pytest.fixture(scope="module")
def evidence_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return project_of(tmp_path_factory.mktemp("evidence") / "project", DATA / "viewer" / "graph",
                      *sorted((DATA / "evidence").glob("*.ttl")))  # fmt: skip


@pytest.fixture(scope="module")
def app_store(evidence_project: Path, stores: Any) -> Store:
    """What this module's ``app`` serves (per store kind)."""
    return stores.store("evidence", evidence_project)  # type: ignore[no-any-return]


def statement(page: HtmlElement, role: str, name: str) -> HtmlElement:
    """The <dd> of the statement whose group is ``role`` and whose value is named ``name``."""
    for dt in page.cssselect("dl dt"):
        if text_of(dt) != role:
            continue
        sibling = dt.getnext()
        while sibling is not None and sibling.tag == "dd":
            if text_of(sibling.cssselect("a, span.literal")[0]) == name:
                return sibling
            sibling = sibling.getnext()
    raise AssertionError(f"no statement {role} {name}")


def evidence_of(dd: HtmlElement) -> list[tuple[str, str, str]]:
    """(link text, link target, quote) of each piece of evidence shown under a statement."""
    return [(text_of(div.cssselect("a.said")[0]), div.cssselect("a.said")[0].get("href"),
             text_of(div.cssselect("q.quote")[0])) for div in dd.cssselect("div.evidence-of")]  # fmt: skip


# -- entity pages -------------------------------------------------------------------------------


def test_each_statement_shows_its_paragraph_and_quote(client: FlaskClient) -> None:
    page = get_page(client, "/page/event/harbour-fair-2025")
    link = "/id/source/harbour-fair-2025#paragraph-"
    assert evidence_of(statement(page, "hosted by", "Atlantic University")) == [
        ("source ¶1", link + "1", HOST_QUOTE)
    ]
    assert evidence_of(statement(page, "funded by", "Tide Foundation")) == [
        ("source ¶2", link + "2", "The Tide Foundation paid for the stands and the boats.")
    ]
    # a literal's evidence (the start date, quoted, so listed beside the timeline); the end
    # date, which has none, is on the timeline alone
    assert evidence_of(statement(page, "start date", "2025-05-20")) == [
        ("source ¶1", link + "1", "The fair opened on Tuesday, 20 May.")
    ]
    with pytest.raises(AssertionError, match="no statement"):
        statement(page, "end date", "2025-05-21")
    # the claim's sentence under its citation
    cells = page.cssselect("table.claims td")
    assert text_of(cells[2].cssselect("a")[0]) == "[1, ¶4]"
    assert [text_of(q) for q in cells[2].cssselect("q.quote")] == [
        "Thirty schools set up their stands along the quay."
    ]


def test_a_quote_that_is_markup_is_shown_as_text(client: FlaskClient) -> None:
    response = client.get("/page/event/harbour-fair-2025", headers={"Accept": "text/html"})
    page = parse_html(response.data)
    assert evidence_of(statement(page, "participants", "Escola do Mar"))[0][2] == MARKUP_QUOTE
    assert page.cssselect("img") == []
    assert b"&lt;img src=x onerror=alert(1)&gt;" in response.data


def test_evidence_is_read_in_the_graph_of_each_source(client: FlaskClient) -> None:
    """Colegio Ría's membership is stated by two sources: the 2021 one at paragraph 4 with no
    quote, the 2025 one at paragraph 3 with a quote; each citation has its own paragraph."""
    page = get_page(client, "/page/org/colegio-ria")
    dd = statement(page, "member of", "Teachers' node of the Coastal Schools Network")
    cites = {a.get("title"): text_of(a) for a in dd.cssselect("a.cite")}
    numbers = {text_of(li.cssselect("a")[0]): li.get("id")[len("source-"):]
               for li in page.cssselect("ol.cited li")}  # fmt: skip
    old, new = (
        "Coastal schools meet for the first time in Porto",
        "Schools fill the harbour for a science fair",
    )
    assert cites == {old: f"[{numbers[old]}, ¶4]", new: f"[{numbers[new]}, ¶3]"}
    assert evidence_of(dd) == [
        ("source ¶3", "/id/source/harbour-fair-2025#paragraph-3", MEMBER_QUOTE)
    ]


def test_evidence_nodes_are_not_listed_as_statements_of_what_they_are_about(
    client: FlaskClient,
) -> None:
    page = get_page(client, "/page/org/atlantic-university")
    groups = [text_of(dt) for dt in page.cssselect("dl dt")]
    assert "subject (of)" not in groups and "object (of)" not in groups
    assert not page.cssselect("a[href^='/id/evidence/']")
    # and the evidence of the tie pointing at it is under that statement
    assert evidence_of(statement(page, "hosts", "Harbour Science Fair 2025"))[0][2] == HOST_QUOTE


# -- the network --------------------------------------------------------------------------------


def test_network_ties_carry_source_paragraph_and_quote(client: FlaskClient) -> None:
    data = json.loads(client.get("/network.json").data)
    sources = [s["iri"] for s in data["sources"]]

    def tie(source: str, relation: str, target: str) -> list[list[Any]]:
        [edge] = [e for e in data["edges"] if (e["from"], e["relation"], e["to"])
                  == (ID + source, relation, ID + target)]  # fmt: skip
        return [[sources[ev[0]], *ev[1:]] for ev in edge["evidence"]]

    assert tie("org/atlantic-university", "hosts", "event/harbour-fair-2025") == [
        [SOURCE, 1, HOST_QUOTE]
    ]
    assert tie("org/escola-do-mar", "participates", "event/harbour-fair-2025") == [
        [SOURCE, 3, MARKUP_QUOTE]
    ]
    # two sources: the 2021 one's membership record (paragraph 4, no quote), the 2025 one's
    # evidence node; the 2025 record's paragraph is not taken for the 2021 statement
    assert tie("org/colegio-ria", "member-of", "org/coastal-teachers-node") == [
        [OLD_SOURCE, 4],
        [SOURCE, 3, MEMBER_QUOTE],
    ]
    # a tie whose source says nothing of where: its source alone
    assert tie("org/atlantic-university", "hosts", "event/coastal-meeting-2021") == [
        [OLD_SOURCE, None]
    ]


# -- the source's page --------------------------------------------------------------------------


def test_a_source_page_lists_its_statements_by_paragraph_and_links_the_original(
    client: FlaskClient,
) -> None:
    page = get_page(client, "/page/source/harbour-fair-2025")
    [section] = page.cssselect("section#stated")
    [original] = section.cssselect("p.original a")
    assert original.get("href") == "https://news.example.org/2025/harbour-fair"
    assert original.get("rel") == "noopener noreferrer nofollow"
    listed = {
        h3.get("id"): [text_of(li) for li in h3.getnext().cssselect("li")]
        for h3 in section.cssselect("h3")
    }
    assert list(listed) == ["paragraph-1", "paragraph-2", "paragraph-3", "paragraph-4"]
    assert listed["paragraph-2"] == [
        "Harbour Science Fair 2025 funded by Tide Foundation "
        "The Tide Foundation paid for the stands and the boats.",
        "Harbour Science Fair 2025 sponsored by Lighthouse Systems "
        "Lighthouse Systems sponsored the fair's robotics tent.",
    ]
    assert (
        f"Harbour Science Fair 2025 participants Escola do Mar {MARKUP_QUOTE}"
        in listed["paragraph-3"]
    )
    assert listed["paragraph-4"] == [
        "Harbour Science Fair 2025 participants exactly 30 (as of 2025-05-22) "
        "Thirty schools set up their stands along the quay."
    ]
    assert page.cssselect("img") == []
    # its evidence nodes are in the listing, not again as resources derived from it
    assert not page.cssselect("a[href^='/id/evidence/']")


def test_a_source_page_does_not_link_a_url_that_is_not_http(client: FlaskClient) -> None:
    page = get_page(client, "/page/source/unsafe-url-2025")
    [section] = page.cssselect("section#stated")
    assert section.cssselect("p.original") == []
    assert page.cssselect("a[href^='javascript']") == []
    assert [text_of(li) for li in section.cssselect("#paragraph-2 + ul li")] == [
        "Lighthouse Systems located in Vigo"
    ]


def test_other_pages_have_no_source_listing(client: FlaskClient) -> None:
    assert get_page(client, "/page/org/atlantic-university").cssselect("section#stated") == []


# -- the core and SPARQL ------------------------------------------------------------------------


def test_why_gives_the_evidence_of_one_statement(app_store: Store) -> None:
    assert why(
        app_store.query, FAIR, EDGO + "host", ox.NamedNode(ID + "org/atlantic-university")
    ) == [Evidence(SOURCE, 1, HOST_QUOTE)]
    member = why(app_store.query, ID + "org/colegio-ria", EDGO + "memberOf",
                 ox.NamedNode(ID + "org/coastal-teachers-node"))  # fmt: skip
    assert member == [Evidence(SOURCE, 3, MEMBER_QUOTE)]  # the 2021 source has a record only
    start = ox.Literal("2025-05-20", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert why(app_store.query, FAIR, SCHEMA + "startDate", start)[0].paragraph == 1
    assert why(app_store.query, FAIR, SCHEMA + "endDate", start) == []


def test_source_listing_counts_and_cuts(app_store: Store) -> None:
    whole = source_listing(app_store.query, SOURCE)
    assert (len(whole.statements), len(whole.claims), whole.cut) == (8, 1, False)
    assert whole.url == "https://news.example.org/2025/harbour-fair"
    cut = source_listing(app_store.query, SOURCE, row_cap=3)
    assert (len(cut.statements), cut.cut) == (3, True)
    assert [s.paragraph for s in cut.statements] == [1, 1, 1]  # in paragraph order


def test_select_quote_finds_why_a_fact_is_believed(app_store: Store) -> None:
    """The quote for one statement, in public vocabulary: the predicate is the one the source
    wrote (the README's query, on this graph)."""
    result = app_store.query(
        PREFIXES
        + """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?quote ?paragraph WHERE {
          ?e rdf:subject id:event\\/harbour-fair-2025 ; rdf:predicate schema:sponsor ;
             rdf:object ?o ; edgo:quote ?quote ; edgo:paragraph ?paragraph }"""
    )
    assert result.rows == []  # the statement was written edgo:sponsor; schema:sponsor is entailed
    result = app_store.query(
        PREFIXES
        + """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?quote ?paragraph WHERE {
          ?e rdf:subject id:event\\/harbour-fair-2025 ; rdf:predicate edgo:sponsor ;
             rdf:object id:org\\/lighthouse ; edgo:quote ?quote ; edgo:paragraph ?paragraph }"""
    )
    assert [(q.value, p.value) for q, p in result.rows] == [  # type: ignore[union-attr]
        ("Lighthouse Systems sponsored the fair's robotics tent.", "2")
    ]


def test_the_gallery_question_why_is_this_fact_believed(client: FlaskClient) -> None:
    query = example("18-why-believed")
    assert query is not None
    response = client.get("/queries/18-why-believed",
                          query_string={"entity": ID + "org/colegio-ria", "format": "json"})  # fmt: skip
    assert response.status_code == 200
    rows = [{k: v["value"] for k, v in row.items()}
            for row in json.loads(response.data)["results"]["bindings"]]  # fmt: skip
    member = {"subject": ID + "org/colegio-ria", "property": EDGO + "memberOf",
              "object": ID + "org/coastal-teachers-node"}  # fmt: skip
    assert {(r["source"], r["paragraph"], r.get("quote", "")) for r in rows
            if {k: r[k] for k in member} == member} == {
        (OLD_SOURCE, "4", ""),  # its membership record
        (SOURCE, "3", MEMBER_QUOTE),  # the evidence node and the record say the same
    }  # fmt: skip
    assert len(rows) == 2
    assert bind(query, {"entity": FAIR}).count(f"<{FAIR}>") == 4


def test_only_web_urls_are_linked() -> None:
    assert web_url("http://example.org/a") and web_url("https://example.org/a?b=c#d")
    for url in ["javascript:alert(1)", "data:text/html,<b>", "ftp://example.org/x",
                "//example.org/x", "https://", "https://exa mple.org/", "https://e.org/\x00",
                'https://e.org/"onmouseover=x', "https://e.org/" + "a" * 3000]:  # fmt: skip
        assert not web_url(url), url


# -- in a real browser --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(
    evidence_project: Path, stores: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    from servers import edgraph_server

    location = stores.folder_or_server("evidence-disk", evidence_project)
    with edgraph_server(location, tmp_path_factory.mktemp("evidence-server")) as url:
        yield url


def test_evidence_in_the_browser_on_a_laptop_and_a_phone(base: str, page: Any) -> None:
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    for width, height in [(1366, 900), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(base + "/page/event/harbour-fair-2025")
        quotes = page.locator("dd .evidence-of q.quote")
        assert quotes.count() == 7
        assert MARKUP_QUOTE in quotes.all_inner_texts()
        assert page.locator("img[src='x']").count() == 0
        page.wait_for_selector("#network[data-ready='1']", timeout=20_000)
        # nothing runs off the side of a phone's screen
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"evidence-entity-{width}.png"), full_page=True)
        page.goto(base + "/page/source/harbour-fair-2025")
        assert page.locator("#stated h3").count() == 4
        page.screenshot(path=str(SHOTS / f"evidence-source-{width}.png"), full_page=True)
    # a tie's evidence in the network: its quote, as text
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base + "/network?" + urlencode({"relation": "participates", "focus": FAIR}))
    page.wait_for_selector("#network[data-ready='1']", timeout=20_000)
    page.evaluate("""() => { const n = window.edgraphNetwork.network;
                              const e = window.edgraphNetwork.edgeView.getIds()[0];
                              n.selectEdges([e]); n.body.emitter.emit('click',
                                {nodes: [], edges: [e], pointer: {DOM: {x: 0, y: 0}}}); }""")
    assert page.inner_text("#evidence li .quote") == f"“{MARKUP_QUOTE}”"
    page.screenshot(path=str(SHOTS / "evidence-network-1366.png"))
    link = page.get_attribute("#evidence li a", "href")
    assert link == "/id/source/harbour-fair-2025#paragraph-3"
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == [] and errors == []
