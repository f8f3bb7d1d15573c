"""Pages in words, not RDF (issue 19, item 4), on the viewer's graph (tests/data/viewer/): type
badges and predicates by their labels in English or Spanish (Accept-Language, ``?lang=``, the
cookie it leaves), claims and memberships titled by what they say, network measures apart and
naming the run that made them, no source citing itself; Browse leaves reference data out unless
asked, sorts, filters by text and downloads the same listing as CSV and JSON; canned queries
offer the entities that fit; the workbench shows labels beside IRIs."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from conftest import get_page, parse_html, text_of
from flask import Flask
from flask.testing import FlaskClient
from lxml.html import HtmlElement

from edgraph.analysis import analyze, save
from edgraph.namespaces import DEFAULT_BASE
from edgraph.store import EmbeddedStore, Store

ID = "https://w3id.org/edgraph/id/"


def terms(tree: HtmlElement, selector: str) -> list[str]:
    return [text_of(dt) for dt in tree.cssselect(selector)]


def badges(tree: HtmlElement) -> list[str]:
    return [text_of(s) for s in tree.cssselect("p.kind .kind-word, p.kind .badge")]


def listed(tree: HtmlElement) -> list[str]:
    return [a.get("href") for a in tree.cssselect("table.entities tbody td:first-child a")]


# -- types and predicates in words, in two languages ------------------------------------------


def test_types_are_one_set_of_plain_words_most_specific_without_superclasses(
    client: FlaskClient,
) -> None:
    # the university is also (by the build) a schema:CollegeOrUniversity, an educational
    # institution, an organization and an agent: only its kind and its own class are shown
    assert badges(get_page(client, "/page/org/atlantic-university")) == [
        "Organization", "University"]  # fmt: skip
    assert badges(get_page(client, "/page/network/coastal")) == [
        "Network", "Community of practice"]  # fmt: skip
    assert badges(get_page(client, "/page/event/coastal-meeting-2021?lang=es")) == [
        "Evento", "Encuentro"]  # fmt: skip


def test_predicates_are_named_by_their_labels_and_dates_are_not_repeated(
    client: FlaskClient,
) -> None:
    source = get_page(client, "/page/source/coastal-news-2021")
    assert terms(source, "dl.details dt") == ["headline", "language", "published", "publisher"]
    event = get_page(client, "/page/event/coastal-meeting-2021")
    # its start and end dates are on its timeline: not again under "Other statements"
    assert "2021-03-10 \N{EN DASH} 2021-03-12" in text_of(event.cssselect("ol.timeline")[0])
    assert not event.cssselect("dl.details")
    text = text_of(event)
    for raw in ("startDate", "endDate", "CollegeOrUniversity", "subEvent"):
        assert raw not in text


@pytest.mark.parametrize(
    ("how", "headers", "lang"),
    [
        ("?lang=es", {}, "es"),
        ("", {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}, "es"),
        ("", {"Accept-Language": "fr, en;q=0.5"}, "en"),
        ("", {}, "en"),
    ],
)
def test_the_language_follows_the_browser_or_the_switch(
    client: FlaskClient, how: str, headers: dict[str, str], lang: str
) -> None:
    response = client.get("/page/network/coastal" + how, headers={"Accept": "text/html", **headers})
    assert response.status_code == 200
    assert "Accept-Language" in response.headers["Vary"]
    tree = parse_html(response.data)
    expected = {"en": ("Coastal Schools Network", "Relations", "funded by"),
                "es": ("Red de Escuelas Costeras", "Relaciones", "financiado por")}[lang]  # fmt: skip
    assert text_of(tree.cssselect("h1")[0]) == expected[0]
    assert expected[1] in terms(tree, "h2")
    assert expected[2] in terms(tree, "dl.roles dt")
    # the switch links to the same page in the other language
    [other] = tree.cssselect("p.languages a")
    assert parse_qs(urlsplit(other.get("href")).query)["lang"] == ["en" if lang == "es" else "es"]


def test_a_chosen_language_is_kept_by_a_cookie_over_the_browser_language(
    app: Flask,
) -> None:
    client = app.test_client()
    first = client.get("/page/org/atlantic-university?lang=es", headers={"Accept": "text/html"})
    assert "lang=es" in first.headers["Set-Cookie"]
    later = get_page(client, "/page/network/coastal")  # no ?lang=: the cookie speaks
    assert text_of(later.cssselect("h1")[0]) == "Red de Escuelas Costeras"
    assert "miembro de" not in terms(later, "dl.roles dt")  # the network's own roles, in Spanish
    assert "países miembros" in terms(later, "dl.roles dt")


# -- titles, measures, citations --------------------------------------------------------------


def test_claims_and_memberships_are_titled_by_what_they_say_not_by_slug(
    client: FlaskClient,
) -> None:
    source = get_page(client, "/page/source/coastal-news-2021")
    derived = [text_of(a) for a in source.cssselect("dl.roles dd a")]
    assert "Member institutions of Coastal Schools Network: more than 40 (2021-03)" in derived
    assert "Ana Ribeiro, rector of Atlantic University" in derived
    assert not [t for t in derived if "-20" in t]  # no slug (coastal-schools-2021...) as a name
    claim = get_page(client, "/page/claim/coastal-schools-2024?lang=es")
    assert text_of(claim.cssselect("h1")[0]) == (
        "Instituciones miembro de Red de Escuelas Costeras: aproximadamente 55 (2024-06)"
    )


def test_a_source_does_not_cite_itself(client: FlaskClient) -> None:
    page = get_page(client, "/page/source/coastal-news-2021")
    assert page.cssselect("ol.cited") == []
    assert page.cssselect("dl.details a.cite, dl.roles a.cite") == []
    # other pages still cite it
    uni = get_page(client, "/page/org/atlantic-university")
    assert [text_of(a) for a in uni.cssselect("ol.cited a")] == [
        "Coastal schools meet for the first time in Porto"]  # fmt: skip


@pytest.fixture(scope="module")
def analysed(viewer_project, tmp_path_factory) -> Store:  # type: ignore[no-untyped-def]
    """The viewer's graph with `edgraph analyze`'s measures saved, as a store of its own."""
    from conftest import settings_for

    from edgraph.build import build

    store = EmbeddedStore.in_memory()
    build(store, settings_for(viewer_project))
    save(store, analyze(store), DEFAULT_BASE, version="9.9")
    return store


def test_measures_have_a_section_of_their_own_naming_the_run(
    analysed: Store, make_app: Callable[..., Flask]
) -> None:
    client = make_app(analysed).test_client()
    page = get_page(client, "/page/org/atlantic-university")
    [section] = page.cssselect("section.measures")
    assert "Partners" in terms(section, "dt")
    assert "PageRank" in terms(section, "dt")
    note = text_of(section.cssselect(".measured-by")[0])
    assert note.startswith("Computed by edgraph analyze (edgraph 9.9) on 20")
    # not as statements of a source called "analysis"
    assert "partners" not in [t.casefold() for t in terms(page, "dl.details dt")]
    assert "analysis" not in [text_of(a) for a in page.cssselect("ol.cited a")]
    spanish = get_page(client, "/page/org/atlantic-university?lang=es")
    assert "Socios" in terms(spanish, "section.measures dt")


# -- browse: reference data aside, sort, text, downloads --------------------------------------


def test_browse_leaves_reference_data_out_unless_asked(client: FlaskClient) -> None:
    default = get_page(client, "/browse")
    shown = listed(default)
    assert "/id/country/PT" not in shown and "/id/sdg/4" not in shown
    assert "/id/org/atlantic-university" in shown
    hint = text_of(default.cssselect("#selection .hint")[0])
    # 2 countries, 1 goal and 3 documents (ISO 3166-1, the 2030 Agenda, the ontology)
    assert hint.startswith("(6 of reference data left out")
    everything = get_page(client, "/browse?reference=include")
    assert {"/id/country/PT", "/id/sdg/4"} <= set(listed(everything))
    assert len(listed(everything)) == len(shown) + 6
    only = listed(get_page(client, "/browse?reference=only&kind=place&lang=en"))
    assert only == ["/id/country/PT", "/id/country/ES"]  # by name: Portugal, Spain
    spanish = listed(get_page(client, "/browse?reference=only&kind=place&lang=es"))
    assert spanish == ["/id/country/ES", "/id/country/PT"]  # by name: España, Portugal


def test_browse_sorts_by_name_kind_and_ties(client: FlaskClient) -> None:
    by_ties = get_page(client, "/browse?kind=organization&sort=ties")
    ties = [int(text_of(td)) for td in by_ties.cssselect("table.entities td.number")]
    assert ties == sorted(ties, reverse=True) and ties[0] > ties[-1]
    assert listed(by_ties)[0] == "/id/org/atlantic-university"  # 5 ties, the most
    by_kind = get_page(client, "/browse?sort=kind")
    kinds = [text_of(tr.cssselect("td")[1]) for tr in by_kind.cssselect("table.entities tbody tr")]
    assert kinds[0] == "Network" and kinds[-1] == "Source document"
    names = [text_of(a) for a in get_page(client, "/browse?kind=organization").cssselect(
        "table.entities tbody td:first-child a")]  # fmt: skip
    assert names == sorted(names, key=str.casefold)
    assert get_page(client, "/browse?sort=colour", status=400) is not None


def test_browse_filters_by_name_or_alias_ignoring_accents(client: FlaskClient) -> None:
    assert listed(get_page(client, "/browse?text=uatl")) == ["/id/org/atlantic-university"]
    found = listed(get_page(client, "/browse?text=ria&kind=organization"))
    assert found == ["/id/org/colegio-ria"]  # "Colegio Ría", accent ignored
    # the filter is kept by facet links, sort and pages
    tree = get_page(client, "/browse?text=coastal&sort=ties")
    for a in tree.cssselect("section.facet a"):
        query = parse_qs(urlsplit(a.get("href")).query)
        assert query["text"] == ["coastal"] and query["sort"] == ["ties"]
    assert get_page(client, "/browse?text=" + "x" * 201, status=400) is not None


def test_every_listing_downloads_as_csv_and_json_with_its_filters(client: FlaskClient) -> None:
    params = {"kind": "organization", "sort": "ties", "text": "i"}
    tree = get_page(client, "/browse?" + urlencode(params))
    shown = listed(tree)
    links = {text_of(a): a.get("href") for a in tree.cssselect("#selection .downloads a")}
    assert set(links) == {"CSV", "JSON"}
    as_json = client.get(links["JSON"])
    assert as_json.mimetype == "application/json"
    document = json.loads(as_json.data)
    assert [row["iri"] for row in document["rows"]] == [ID + h.removeprefix("/id/") for h in shown]
    assert document["total"] == len(shown) and document["truncated"] is False
    as_csv = client.get(links["CSV"])
    assert as_csv.mimetype == "text/csv"
    assert 'filename="entities.csv"' in as_csv.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.get_data(as_text=True))))
    assert [r["iri"] for r in rows] == [r["iri"] for r in document["rows"]]
    assert rows[0]["name"] == "Atlantic University" and rows[0]["types"] == "University"
    # ?_format= gives the same, as Datasette's does
    same = client.get("/browse?" + urlencode({**params, "_format": "csv"}))
    assert same.data == as_csv.data
    assert client.get("/browse.xlsx").status_code == 406


def test_a_listing_download_is_cut_at_the_row_cap_and_says_so(
    viewer_store: Store, make_app: Callable[..., Flask]
) -> None:
    client = make_app(viewer_store, row_cap=3).test_client()
    response = client.get("/browse.json")
    document = json.loads(response.data)
    assert len(document["rows"]) == 3 and document["total"] > 3 and document["truncated"] is True
    assert response.headers["X-Edgraph-Truncated"] == "true"


HOSTILE_CSV = """
@prefix edgo:   <https://w3id.org/edgraph/ontology#> .
@prefix schema: <http://schema.org/> .
<https://w3id.org/edgraph/id/org/formula> a edgo:Company ; schema:name "=HYPERLINK(\\"http://evil\\")"@en .
<https://w3id.org/edgraph/id/org/at> a edgo:Company ; schema:name "@SUM(A1:A9)"@en .
"""


def test_listing_cells_that_a_spreadsheet_would_run_are_escaped(
    tiny_project, make_app: Callable[..., Flask]
) -> None:  # type: ignore[no-untyped-def]
    from conftest import settings_for

    from edgraph.build import build

    (tiny_project / "graph" / "sources" / "formula.ttl").write_text(HOSTILE_CSV, encoding="utf-8")
    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_project))
    client = make_app(store, project=tiny_project).test_client()
    rows = list(csv.DictReader(io.StringIO(client.get("/browse.csv?kind=organization")
                                           .get_data(as_text=True))))  # fmt: skip
    names = {r["iri"].rsplit("/", 1)[-1]: r["name"] for r in rows}
    assert names["formula"] == '\'=HYPERLINK("http://evil")'
    assert names["at"] == "'@SUM(A1:A9)"
    document = json.loads(client.get("/browse.json?kind=organization&text=sum").data)
    assert document["rows"][0]["name"] == "@SUM(A1:A9)"  # JSON carries the name as it is


# -- canned queries and the workbench ---------------------------------------------------------


def test_canned_query_dropdowns_offer_the_entities_that_fit(client: FlaskClient) -> None:
    anything = get_page(client, "/queries/06-sources-of-facts")
    offered = [o.get("value") for o in anything.cssselect("select[name=entity] option")]
    assert (
        ID + "org/atlantic-university" in offered and ID + "event/highlands-forum-2024" in offered
    )
    for left_out in ("country/PT", "sdg/4", "place/porto", "claim/coastal-schools-2021"):
        assert ID + left_out not in offered
    networks = get_page(client, "/queries/16-network-members")
    assert [o.get("value") for o in networks.cssselect("select[name=network] option")] == [
        ID + "network/coastal", ID + "network/highlands"]  # fmt: skip


def test_workbench_results_show_labels_beside_iris(client: FlaskClient) -> None:
    query = (f"SELECT ?org ?type WHERE {{ VALUES ?org {{ <{ID}org/atlantic-university> "
             f"<{ID}place/nowhere> }} OPTIONAL {{ ?org a ?type FILTER(?type = "
             "<https://w3id.org/edgraph/ontology#University>) } }")  # fmt: skip
    tree = get_page(client, "/sparql?" + urlencode({"query": query}))
    cells = {text_of(td.cssselect("a")[0]): [text_of(s) for s in td.cssselect(".label-of")]
             for td in tree.cssselect("table.results td") if td.cssselect("a")}  # fmt: skip
    assert cells["<https://w3id.org/edgraph/id/org/atlantic-university>"] == ["Atlantic University"]
    assert cells["edgo:University"] == ["university"]
    assert cells["<https://w3id.org/edgraph/id/place/nowhere>"] == []  # no name, no label
    spanish = get_page(client, "/sparql?" + urlencode({"query": query, "lang": "es"}))
    assert "universidad" in [text_of(s) for s in spanish.cssselect(".label-of")]
    # the protocol's answer is the standard one, without labels
    data = client.get("/sparql?" + urlencode({"query": query}),
                      headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert set(json.loads(data.data)) == {"head", "results"}


ONLINE = """
@prefix edgo:   <https://w3id.org/edgraph/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix id:     <https://w3id.org/edgraph/id/> .

<https://w3id.org/edgraph/id/graph/sources/online> prov:wasDerivedFrom id:source\\/online .
id:source\\/online a schema:NewsArticle ; schema:headline "An online session"@en .
id:event\\/online-session a edgo:Meeting ; schema:name "Online session"@en ;
    schema:startDate "2024-05-02"^^xsd:date ;
    schema:eventAttendanceMode schema:OnlineEventAttendanceMode ;
    schema:superEvent id:event\\/workshop .
"""


def test_event_statements_read_in_words_and_parts_are_not_repeated(
    tiny_project, make_app: Callable[..., Flask]
) -> None:  # type: ignore[no-untyped-def]
    from conftest import settings_for

    from edgraph.build import build

    (tiny_project / "graph" / "sources" / "online.ttl").write_text(ONLINE, encoding="utf-8")
    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_project))
    client = make_app(store, project=tiny_project).test_client()
    session = get_page(client, "/page/event/online-session")
    details = {text_of(dt): text_of(dt.getnext()) for dt in session.cssselect("dl.details dt")}
    assert details == {"attendance": "online [1]"}
    spanish = get_page(client, "/page/event/online-session?lang=es")
    assert [text_of(dt) for dt in spanish.cssselect("dl.details dt")] == ["asistencia"]
    assert "en línea" in text_of(spanish.cssselect("dl.details dd")[0])
    # the workshop's parts are a role ("parts"), on its timeline too: schema:subEvent, which the
    # build adds as the inverse, is not listed again among its other statements
    workshop = get_page(client, "/page/event/workshop?lang=en")  # the cookie says Spanish
    assert "parts" in [text_of(dt) for dt in workshop.cssselect("dl.roles dt")]
    assert "Online session" in text_of(workshop.cssselect("ol.timeline")[0])
    assert "sessions and parts" not in [text_of(dt) for dt in workshop.cssselect("dl.details dt")]
    assert "subEvent" not in text_of(workshop)
