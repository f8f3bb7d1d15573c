"""The viewer through Flask's test client: home, search, browse, entity pages with Cool URIs,
the partnership network and its exports, query-to-network, and hostile text staying text."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

import networkx as nx
import pytest
import rdflib
from conftest import HOSTILE, HOSTILE_IRI, settings_for
from flask.testing import FlaskClient

from edgraph.build import build
from edgraph.store import EmbeddedStore, Store

ID = "https://w3id.org/edgraph/id/"
TEC = ID + "org/tec-de-monterrey"
RED_STEM = ID + "network/red-stem-latam"
MX = ID + "country/MX"


@pytest.fixture(scope="module")
def client(bundled_store: Store) -> FlaskClient:
    from edgraph.web import create_app

    return create_app(settings=settings_for(), store=bundled_store).test_client()


@pytest.fixture(scope="module")
def hostile(hostile_store: Store) -> FlaskClient:
    from edgraph.web import create_app

    return create_app(settings=settings_for(), store=hostile_store).test_client()


def html(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def data(client: FlaskClient, url: str) -> object:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    return json.loads(response.data)


# -- home, search, browse ---------------------------------------------------------------------


def test_home_shows_kinds_networks_events_and_sources(client: FlaskClient) -> None:
    page = html(client, "/")
    assert re.search(r">Network</a></td><td class=\"num\">4<", page)
    assert "Red STEM Latam" in page and "STEM Learning Ecosystems Community of Practice" in page
    assert "Regional Meeting of the ASPnet" in page  # a source document and an event
    assert '<span class="when">2020</span>' in page  # the timeline starts with the 2020 convening
    assert 'data-suggest="/search.json"' in page


def test_pages_forbid_foreign_scripts_and_load_nothing_from_elsewhere(client: FlaskClient) -> None:
    for url in ("/", "/browse", "/network", "/page/org/tec-de-monterrey", "/search?q=tec"):
        response = client.get(url)
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        head = response.get_data(as_text=True).split("<main>")[0]
        assert not re.search(r'(src|href)="(https?:)?//', head), url


def test_a_missing_page_is_a_404(client: FlaskClient) -> None:
    assert client.get("/nope").status_code == 404


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("tecnologico", TEC),  # no accent typed, the Spanish name has one
        ("TEC", TEC),  # an alias, whatever the case
        ("tec de monterrey", TEC),
        ("ministerio de educacion de chile", ID + "org/ministry-of-education-chile"),
        ("slecop", ID + "network/slecop"),
    ],
)
def test_suggestions_find_names_and_aliases_ignoring_accents_and_case(
    client: FlaskClient, typed: str, found: str
) -> None:
    hits = data(client, "/search.json?" + urlencode({"q": typed}))
    assert isinstance(hits, list)
    assert hits[0]["iri"] == found
    assert hits[0]["url"] == "/id/" + found.removeprefix(ID)


def test_a_suggestion_says_which_alias_matched(client: FlaskClient) -> None:
    hits = data(client, "/search.json?q=tec")
    assert isinstance(hits, list)
    assert hits[0]["label"] == "Monterrey Institute of Technology and Higher Education"
    assert hits[0]["matched"] == "TEC"
    assert data(client, "/search.json?q=") == []


def test_the_search_page_lists_matches_and_filters_by_kind(client: FlaskClient) -> None:
    page = html(client, "/search?q=unesco")
    assert "UNESCO Office in Mexico" in page and "UNESCO Associated Schools Project Network" in page
    networks_only = html(client, "/search?q=unesco&kind=network")
    assert "UNESCO Associated Schools Project Network" in networks_only
    assert "UNESCO Office in Mexico" not in networks_only


def test_browse_combines_facets_and_counts_their_values(client: FlaskClient) -> None:
    page = html(client, "/browse?" + urlencode({"kind": "organization", "country": MX}))
    assert "3 entities" in page
    listed = re.findall(r'<td><a href="/id/([^"]+)">', page)
    assert sorted(listed) == [
        "org/education-undersecretariats-mexican-states",
        "org/tec-de-monterrey",
        "org/unesco-office-mexico",
    ]
    kinds = page.split('data-facet="kind"')[1].split("</section>")[0]
    # the kind facet counts what the country allows: 3 organizations, 2 events, 1 network
    assert re.search(r">Organization</a> <span class=\"count\">3<", kinds)
    assert re.search(r">Event</a> <span class=\"count\">2<", kinds)
    # removing a value is a link to the same listing without it
    assert 'href="/browse?kind=organization"' in page


def test_browse_pages_through_long_lists(client: FlaskClient) -> None:
    first = html(client, "/browse?kind=place")
    assert "page 1 of" in first and 'rel="next"' in first
    second = html(client, "/browse?kind=place&page=2")
    assert "page 2 of" in second
    names = lambda page: set(re.findall(r'<td><a href="/id/([^"]+)">', page))  # noqa: E731
    assert names(first) and names(second) and not names(first) & names(second)


# -- entity pages and Cool URIs ---------------------------------------------------------------


def test_an_entity_page_groups_facts_by_role_with_their_sources(client: FlaskClient) -> None:
    page = html(client, "/page/org/tec-de-monterrey")
    assert "<h1>Monterrey Institute of Technology and Higher Education</h1>" in page
    assert "Tecnológico de Monterrey" in page and "TEC" in page  # names and aliases
    roles = page.split('<dl class="roles">')[1].split("</dl>")[0]
    assert re.search(
        r"<dt>hosts</dt>\s*<dd><a href=\"/id/event/red-stem-latam-meeting-2023\">", roles
    )
    assert re.search(
        r"<dt>units</dt>\s*<dd><a href=\"/id/org/institute-for-the-future-of-education\">", roles
    )
    cited = page.split('<ol class="cited">')[1]
    assert "The Office for Climate Education participates in the second Meeting" in cited
    assert "Office for Climate Education" in cited  # the publisher
    assert "2023-01-16" in page  # the timeline
    assert 'data-src="/network.json?focus=' in page  # the small network around it


def test_membership_facts_cite_their_paragraph(client: FlaskClient) -> None:
    page = html(client, "/page/org/unicef")
    member = page.split("<dt>member of</dt>")[1].split("</dd>")[0]
    assert "Public policy node of the Red STEM Latam" in member
    assert "¶4" in member


def test_claims_that_disagree_are_shown_side_by_side(hostile: FlaskClient) -> None:
    page = html(hostile, "/page/network/red-stem-latam")
    section = page.split("<h3>member institutions")[1].split("</table>")[0]
    assert "sources disagree" in section
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", section)
    assert [(v.strip(), d) for v, d in rows] == [
        ("more than 180", "2023-01"),
        ("approximately 200", "2024-05"),
    ]


def test_entity_iris_answer_browsers_with_the_page_and_rdf_clients_with_data(
    client: FlaskClient,
) -> None:
    for accept, target in [
        ("text/html,application/xhtml+xml", "/page/org/tec-de-monterrey"),
        ("text/turtle", "/id/org/tec-de-monterrey.ttl"),
        ("application/n-triples", "/id/org/tec-de-monterrey.nt"),
        ("application/rdf+xml", "/id/org/tec-de-monterrey.rdf"),
        ("application/ld+json", "/id/org/tec-de-monterrey.jsonld"),
    ]:
        response = client.get("/id/org/tec-de-monterrey", headers={"Accept": accept})
        assert response.status_code == 303, accept
        assert response.headers["Location"] == target
        assert response.headers["Vary"] == "Accept"
    assert (
        client.get("/id/org/tec-de-monterrey", headers={"Accept": "image/png"}).status_code == 406
    )
    assert client.get("/id/org/no-such-thing").status_code == 404


@pytest.mark.parametrize(
    ("suffix", "media_type", "parser"),
    [(".ttl", "text/turtle", "turtle"), (".nt", "application/n-triples", "nt"),
     (".rdf", "application/rdf+xml", "xml"), (".jsonld", "application/ld+json", "json-ld")],
)  # fmt: skip
def test_entity_data_parses_and_holds_its_statements(
    client: FlaskClient, suffix: str, media_type: str, parser: str
) -> None:
    response = client.get("/id/org/tec-de-monterrey" + suffix)
    assert response.status_code == 200
    assert response.mimetype == media_type
    graph = rdflib.Graph().parse(data=response.data, format=parser)
    tec = rdflib.URIRef(TEC)
    assert rdflib.Literal("Tecnológico de Monterrey", lang="es") in set(graph.objects(tec))
    # statements pointing at it come along: the meeting it hosts
    assert (None, None, tec) in graph
    assert rdflib.URIRef(ID + "event/red-stem-latam-meeting-2023") in set(graph.subjects(None, tec))


def test_any_resource_in_the_store_has_a_page(client: FlaskClient) -> None:
    page = html(
        client, "/resource?" + urlencode({"iri": "https://w3id.org/edgraph/ontology#University"})
    )
    assert "university" in page
    assert client.get("/resource?iri=not%20an%20iri").status_code == 404
    turtle = client.get("/resource?" + urlencode({"iri": TEC, "format": "ttl"}))
    assert turtle.mimetype == "text/turtle"


# -- the network ------------------------------------------------------------------------------


def network(client: FlaskClient, **params: object) -> dict:  # type: ignore[type-arg]
    pairs = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    answer = data(client, "/network.json?" + urlencode(pairs))
    assert isinstance(answer, dict)
    return answer


def test_the_network_has_every_tie_with_evidence_and_a_layout(client: FlaskClient) -> None:
    whole = network(client)
    ids = {n["id"] for n in whole["nodes"]}
    assert {TEC, RED_STEM, ID + "org/siemens-stiftung"} <= ids
    assert all(e["from"] in ids and e["to"] in ids for e in whole["edges"])
    assert all("x" in n and "y" in n for n in whole["nodes"])  # laid out on the server
    hosts = [e for e in whole["edges"] if e["from"] == TEC and e["relation"] == "hosts"]
    assert len(hosts) == 1
    [(index, paragraph)] = hosts[0]["evidence"]
    evidence = whole["sources"][index]
    assert paragraph is None
    assert evidence["title"].startswith("The Office for Climate Education participates")
    assert evidence["publisher"] == "Office for Climate Education"
    assert whole["years"] == [2020, 2024]


def test_a_membership_tie_carries_its_paragraph(client: FlaskClient) -> None:
    whole = network(client, relation="member-of")
    unicef = [e for e in whole["edges"] if e["from"] == ID + "org/unicef"]
    assert [e["evidence"] for e in unicef] == [[[0, 4]]]
    assert whole["sources"][0]["iri"] == ID + "source/oce-red-stem-latam-2023"
    # organizer is entailed from co-organizer by the build; the network keeps the specific tie
    ties = network(client, focus=ID + "org/siemens-stiftung")["edges"]
    assert {e["relation"] for e in ties if e["from"] == ID + "org/siemens-stiftung"} == {
        "co-organizes"
    }


def test_network_filters_narrow_the_view(client: FlaskClient) -> None:
    whole = network(client)
    funds = network(client, relation="funds")
    assert funds["edges"] and {e["relation"] for e in funds["edges"]} == {"funds"}
    assert len(funds["edges"]) < len(whole["edges"])
    in_2020 = network(client, year=2020)
    assert 0 < len(in_2020["edges"]) < len(whole["edges"])
    assert all(e["year"] is None or e["year"] <= 2020 for e in in_2020["edges"])
    red_stem = network(client, network=RED_STEM)
    assert RED_STEM in {n["id"] for n in red_stem["nodes"]}
    assert ID + "network/slecop" not in {n["id"] for n in red_stem["nodes"]}
    around = network(client, focus=TEC, hops=1)
    assert {n["id"] for n in around["nodes"]} == {
        TEC, ID + "event/red-stem-latam-meeting-2023", ID + "org/institute-for-the-future-of-education"
    }  # fmt: skip
    two = network(client, focus=TEC, hops=2)
    assert len(two["nodes"]) > len(around["nodes"])
    people = network(client, kind=["person", "organization"])
    assert {n["kind"] for n in people["nodes"]} <= {"Person", "Organization"}
    source = ID + "source/slecop-convening-2020"
    from_source = network(client, source=source)
    cited = [s["iri"] for s in from_source["sources"]]
    assert all(source in {cited[i] for i, _ in e["evidence"]} for e in from_source["edges"])
    mexico = network(client, country=MX)
    assert TEC in {n["id"] for n in mexico["nodes"]}


def test_the_network_page_offers_filters_legend_and_exports(client: FlaskClient) -> None:
    page = html(client, "/network?relation=funds&year=2023")
    assert 'data-src="/network.json?relation=funds&amp;year=2023"' in page
    assert 'value="funds" checked' in page
    assert 'id="year"' in page
    for export in ("network.graphml?", "network.gexf?", "network.html?", 'id="export-png"'):
        assert export in page
    assert "/vendor/vis-network/vis-network.min.js" in page


def test_vis_network_is_served_by_edgraph(client: FlaskClient) -> None:
    response = client.get("/vendor/vis-network/vis-network.min.js")
    assert response.status_code == 200 and b"vis-network" in response.data[:2000]
    assert client.get("/vendor/vis-network/../../network.py").status_code == 404


def test_graphml_and_gexf_open_with_node_and_tie_attributes(client: FlaskClient) -> None:
    graphml = nx.read_graphml(io.BytesIO(client.get("/network.graphml").data))
    gexf = nx.read_gexf(io.BytesIO(client.get("/network.gexf").data))
    whole = network(client)
    for graph in (graphml, gexf):
        assert graph.number_of_nodes() == len(whole["nodes"])
        assert graph.number_of_edges() == len(whole["edges"])
    tec = graphml.nodes[TEC]
    assert tec["label"] == "Monterrey Institute of Technology and Higher Education"
    assert tec["kind"] == "organization" and tec["iri"] == TEC
    assert tec["degree_centrality"] > 0
    edge = next(d for _, _, d in graphml.edges(data=True) if d["relation"] == "hosts")
    assert edge["year"] == 2023 and "oce-red-stem-latam-2023" in edge["sources"]
    hosts = next(d for _, _, d in gexf.edges(data=True) if d.get("relation") == "hosts")
    assert hosts["start"] == "2023-01-01"  # a GEXF time spell, for Gephi's timeline


def test_the_standalone_export_needs_nothing_from_anywhere(hostile: FlaskClient) -> None:
    response = hostile.get("/network.html?relation=funds")
    assert response.headers["Content-Disposition"] == 'attachment; filename="network.html"'
    page = response.get_data(as_text=True)
    assert "vis.Network" in page  # vis-network inlined
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert HOSTILE not in page  # the name sits escaped in the JSON data
    payload = page.split('<script type="application/json" id="network-data">')[1].split(
        "</script>"
    )[0]
    names = {n["label"] for n in json.loads(payload)["nodes"]}
    assert HOSTILE in names


def test_a_select_with_source_and_target_becomes_a_network(client: FlaskClient) -> None:
    query = (
        "PREFIX edgo: <https://w3id.org/edgraph/ontology#> "
        "SELECT ?source ?target ?label WHERE { ?source edgo:unitOf ?target BIND('unit' AS ?label) }"
    )
    answer = network(client, query=query)
    units = {(e["from"], e["to"]) for e in answer["edges"]}
    assert (ID + "org/institute-for-the-future-of-education", TEC) in units
    assert {e["label"] for e in answer["edges"]} == {"unit"}  # the query's own ?label
    page = html(client, "/network?" + urlencode({"query": query}))
    assert "Query as a network" in page
    workbench = html(client, "/sparql?" + urlencode({"query": query}))
    assert 'class="show-network"' in workbench


def test_a_construct_becomes_a_network_and_other_answers_say_why_not(client: FlaskClient) -> None:
    construct = (
        "PREFIX edgo: <https://w3id.org/edgraph/ontology#> "
        "CONSTRUCT { ?e edgo:funder ?f } WHERE { ?e edgo:funder ?f }"
    )
    answer = network(client, query=construct)
    assert answer["edges"] and set(answer["relations"]) == {"funds"}
    missing = client.get(
        "/network.json?" + urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"})
    )
    assert missing.status_code == 400
    assert "?source and ?target" in json.loads(missing.data)["error"]
    broken = client.get("/network.json?" + urlencode({"query": "SELECT ?source WHERE {"}))
    assert broken.status_code == 400 and "line 1" in json.loads(broken.data)["error"]
    assert "show-network" not in html(
        client, "/sparql?" + urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"})
    )


# -- hostile text -----------------------------------------------------------------------------


def test_hostile_names_are_text_on_every_page(hostile: FlaskClient) -> None:
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    pages = {
        "/": None,
        "/search?" + urlencode({"q": "img src"}): escaped,
        "/browse?kind=organization": escaped,
        "/page/org/hostile": escaped,
        "/page/network/red-stem-latam": None,
        "/page/event/hostile-meeting": escaped,
        "/network?" + urlencode({"focus": HOSTILE_IRI}): None,
        "/sparql?" + urlencode({"query": f"SELECT ?n WHERE {{ <{HOSTILE_IRI}> ?p ?n }}"}): escaped,
    }
    for url, expected in pages.items():
        page = html(hostile, url)
        assert "<img src=x" not in page and "<script>alert" not in page, url
        assert "onmouseover=alert(3)>" not in page, url
        if expected:
            assert expected in page, url
    suggestions = data(hostile, "/search.json?q=img")
    assert isinstance(suggestions, list) and suggestions[0]["label"] == HOSTILE  # JSON, as data
    around = network(hostile, focus=HOSTILE_IRI)
    assert HOSTILE in {n["label"] for n in around["nodes"]}


def test_the_hostile_iri_negotiates_like_any_other(hostile: FlaskClient) -> None:
    turtle = hostile.get("/id/org/hostile.ttl")
    graph = rdflib.Graph().parse(data=turtle.data, format="turtle")
    assert rdflib.Literal(HOSTILE, lang="en") in set(graph.objects(rdflib.URIRef(HOSTILE_IRI)))
    assert quote("/id/org/hostile") in html(hostile, "/search?q=img")


def test_a_running_viewer_answers_from_a_build_made_after_it_started(
    tiny_project: Path, tmp_path: Path
) -> None:
    """Search, pages, the network and the VoID counts follow a rebuild and an analysis, with no
    restart (each made by another process, as `edgraph build` would)."""
    from edgraph.web import create_app

    location = str(tmp_path / "store")
    settings = settings_for(tiny_project, store=location)
    build(EmbeddedStore.open(location, must_exist=False), settings)
    app = create_app(settings=settings)
    try:
        client = app.test_client()
        assert data(client, "/search.json?q=lisbon") == []
        assert "Lisbon Learning Trust" not in html(client, "/browse")
        triples_before = html(client, "/.well-known/void")

        added = tiny_project / "graph" / "sources" / "tiny.ttl"
        added.write_text(
            added.read_text(encoding="utf-8")
            + '\nid:org\\/lisbon a edgo:Foundation ; schema:name "Lisbon Learning Trust"@en .\n',
            encoding="utf-8",
        )
        subprocess.run(
            [sys.executable, "-m", "edgraph", "build", "--project", str(tiny_project),
             "--store", location], check=True, capture_output=True,
        )  # fmt: skip
        assert [h["label"] for h in data(client, "/search.json?q=lisbon")] == [
            "Lisbon Learning Trust"
        ]
        assert "Lisbon Learning Trust" in html(client, "/browse")
        assert "Lisbon Learning Trust" in html(client, "/page/org/lisbon")
        assert html(client, "/.well-known/void") != triples_before

        assert "Betweenness" not in html(client, "/analysis")
        subprocess.run(
            [sys.executable, "-m", "edgraph", "analyze", "--store", location],
            check=True, capture_output=True,
        )  # fmt: skip
        assert "Betweenness" in html(client, "/analysis")
    finally:
        app.extensions["edgraph.queries"].close()


def test_a_neighbourhood_is_the_plain_breadth_first_one(bundled_store: Store) -> None:
    """The neighbourhood read through the tie index is, for every focus, hop count and some
    filters, what filtering every tie and walking breadth-first gives."""
    from edgraph.catalog import Catalog
    from edgraph.network import Filters, _edge_allowed, partnership_network, view

    catalog = Catalog.load(bundled_store)
    whole = partnership_network(bundled_store, catalog)

    def plain(filters: Filters) -> list[tuple[str, str, str]]:
        edges = [e for e in whole.edges if _edge_allowed(e, whole, catalog, filters)]
        reached, frontier = {filters.focus}, {filters.focus}
        for _ in range(filters.hops):
            frontier = {
                other for e in edges for a, other in ((e.source, e.target), (e.target, e.source))
                if a in frontier and other not in reached
            }  # fmt: skip
            reached |= frontier
        return [(e.source, e.relation, e.target) for e in edges
                if e.source in reached and e.target in reached]  # fmt: skip

    checked = 0
    for focus in sorted(whole.nodes):
        for hops in (1, 2, 3):
            for narrowing in ({}, {"relations": frozenset({"funds", "member-of"})},
                              {"kinds": frozenset({"organization", "event"})}):  # fmt: skip
                filters = Filters(focus=focus, hops=hops, max_nodes=10_000, **narrowing)  # type: ignore[arg-type]
                got = view(whole, catalog, filters)
                assert [(e.source, e.relation, e.target) for e in got.edges] == plain(filters)
                checked += 1
    assert checked > 300
