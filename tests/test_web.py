"""The viewer through Flask's test client, on the viewer's graph (tests/data/viewer/): home,
search, browse, entity pages with Cool URIs, the partnership network and its exports,
query-to-network, and hostile text staying text. Pages are parsed, JSON is read as JSON."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import networkx as nx
import pytest
import rdflib
from conftest import ID, get_json, get_page, parse_html, settings_for, text_of
from flask import Flask
from flask.testing import FlaskClient
from lxml.html import HtmlElement

from edgraph.build import build
from edgraph.store import EmbeddedStore, Store

UNIVERSITY = ID + "org/atlantic-university"
LAB = ID + "org/ocean-lab"
MEETING = ID + "event/coastal-meeting-2021"
FORUM = ID + "event/highlands-forum-2024"
COASTAL = ID + "network/coastal"
HIGHLANDS = ID + "network/highlands"
ES = ID + "country/ES"
NEWS_2021 = ID + "source/coastal-news-2021"


def links(element: HtmlElement, selector: str = "a") -> list[str]:
    """The targets of the links under ``element`` that ``selector`` picks, in page order."""
    return [a.get("href") for a in element.cssselect(selector)]


def roles(tree: HtmlElement) -> dict[str, list[tuple[str, str]]]:
    """An entity page's facts grouped by role: role -> (link, citation) of each entity."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    current = ""
    for child in tree.cssselect("dl.roles")[0]:
        if child.tag == "dt":
            current = text_of(child)
            grouped[current] = []
        elif child.tag == "dd":
            target = child.cssselect("a:not(.cite)")[0].get("href")
            cite = child.cssselect("a.cite")
            grouped[current].append((target, text_of(cite[0]) if cite else ""))
    return grouped


def listed(tree: HtmlElement) -> list[str]:
    """The entities a browse or search page lists: their pages' paths."""
    return links(tree, "section.listing td:first-child a, ol.hits > li > a")


# -- home, search, browse ---------------------------------------------------------------------


def test_home_shows_kinds_networks_events_and_sources(client: FlaskClient) -> None:
    home = get_page(client, "/")
    kinds = {text_of(row[0]): text_of(row[1]) for row in home.cssselect("table.kinds tbody tr")}
    # the graph's 2 networks, 9 organizations (the networks' unit among them), 1 person, 2
    # events, 2 cities and 2 countries
    assert {k: kinds[k] for k in ("Network", "Organization", "Person", "Event", "Place")} == {
        "Network": "2", "Organization": "9", "Person": "1", "Event": "2", "Place": "4"
    }  # fmt: skip
    assert links(home, "ul.networks > li > a:first-child") == [
        "/id/network/coastal",
        "/id/network/highlands",
    ]
    timeline = [(text_of(li[0]), li[1].get("href")) for li in home.cssselect("ol.timeline li")]
    assert timeline == [
        ("2021", "/id/event/coastal-meeting-2021"),
        ("2024", "/id/event/highlands-forum-2024"),
    ]
    documents = links(home, "table.sources td:first-child a")
    assert {"/id/source/coastal-news-2021", "/id/source/foro-tierras-altas-2024"} <= set(documents)
    assert home.cssselect('input[type="search"]')[0].get("data-suggest") == "/search.json"


def test_pages_forbid_foreign_scripts_and_load_nothing_from_elsewhere(client: FlaskClient) -> None:
    for url in ("/", "/browse", "/network", "/page/org/atlantic-university", "/search?q=gull"):
        response = client.get(url)
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        tree = parse_html(response.data)
        loaded = [e.get("src") or e.get("href") for e in tree.cssselect("head [src], head [href]")]
        loaded += [e.get("src") for e in tree.cssselect("script[src], img[src]")]
        assert loaded and not [u for u in loaded if u.startswith(("http:", "https:", "//"))], url


def test_a_missing_page_is_a_404(client: FlaskClient) -> None:
    assert client.get("/nope").status_code == 404


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("atlantica", UNIVERSITY),  # no accent typed, the Portuguese name has one
        ("uatl", UNIVERSITY),  # an alias, whatever the case
        ("universidade atlantica", UNIVERSITY),
        ("ministerio de educacion de espana", ID + "org/ministry-spain"),
        ("csn", COASTAL),
    ],
)
def test_suggestions_find_names_and_aliases_ignoring_accents_and_case(
    client: FlaskClient, typed: str, found: str
) -> None:
    hits = get_json(client, "/search.json?" + urlencode({"q": typed}))
    assert hits[0]["iri"] == found
    assert hits[0]["url"] == "/id/" + found.removeprefix(ID)


def test_a_suggestion_says_which_alias_matched(client: FlaskClient) -> None:
    hits = get_json(client, "/search.json?q=uatl")
    assert hits[0]["label"] == "Atlantic University"
    assert hits[0]["matched"] == "UATL"
    assert get_json(client, "/search.json?q=") == []


def test_the_search_page_lists_matches_and_filters_by_kind(client: FlaskClient) -> None:
    everything = get_page(client, "/search?q=coastal")
    # the network, its node and its meeting, and the headline of the 2021 source
    assert sorted(listed(everything)) == ["/id/event/coastal-meeting-2021", "/id/network/coastal",
                                          "/id/org/coastal-teachers-node",
                                          "/id/source/coastal-news-2021"]  # fmt: skip
    assert listed(get_page(client, "/search?q=coastal&kind=network")) == ["/id/network/coastal"]


def test_browse_combines_facets_and_counts_their_values(client: FlaskClient) -> None:
    tree = get_page(client, "/browse?" + urlencode({"kind": "organization", "country": ES}))
    # the organizations in Spain: the ministry (in the country) and the school (in Vigo)
    assert sorted(listed(tree)) == ["/id/org/colegio-ria", "/id/org/ministry-spain"]
    assert text_of(tree.cssselect("form.summary")[0]).startswith("2 entities")
    kinds = {
        text_of(li.cssselect("a")[0]): int(text_of(li.cssselect(".count")[0]))
        for li in tree.cssselect('section[data-facet="kind"] li')
    }
    # the kind facet counts what the country allows: 2 organizations, the 2024 forum in Vigo,
    # and the coastal network, which has Spain as a member country
    assert kinds == {"Organization": 2, "Event": 1, "Network": 1}
    # removing a value is a link to the same listing without it
    spain = tree.cssselect('section[data-facet="country"] li.selected a')[0]
    assert spain.get("href") == "/browse?kind=organization"


def test_browse_pages_through_long_lists(
    tiny_project: Path, make_app: Callable[..., Flask]
) -> None:
    """More places than a page lists (50): the tiny graph plus 119 towns written here."""
    towns = "\n".join(
        f"<{ID}place/town-{i:03d}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        f"<https://w3id.org/edgraph/ontology#City> .\n<{ID}place/town-{i:03d}> "
        f'<http://schema.org/name> "Town {i:03d}" .'
        for i in range(119)
    )
    (tiny_project / "graph" / "sources" / "towns.nt").write_text(towns + "\n", encoding="utf-8")
    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_project))
    client = make_app(store, project=tiny_project).test_client()
    seen: list[set[str]] = []
    for number in (1, 2, 3):
        tree = get_page(client, f"/browse?kind=place&reference=include&page={number}")
        assert f"page {number} of 3" in text_of(tree)
        assert bool(tree.cssselect('a[rel="next"]')) == (number < 3)
        assert "reference=include" in tree.cssselect("p.pages a")[0].get("href")
        seen.append(set(listed(tree)))
    # the towns, Porto and Portugal (reference data, asked for): 121 places
    assert [len(s) for s in seen] == [50, 50, 21]
    assert len(set().union(*seen)) == 121  # no place twice, none left out


# -- entity pages and Cool URIs ---------------------------------------------------------------


def test_an_entity_page_groups_facts_by_role_with_their_sources(client: FlaskClient) -> None:
    tree = get_page(client, "/page/org/atlantic-university")
    assert text_of(tree.cssselect("h1")[0]) == "Atlantic University"
    names = [text_of(li) for li in tree.cssselect("ul.names li")]
    assert "Universidade Atlântica@pt" in names and "UATL alias" in names  # names and aliases
    grouped = roles(tree)
    assert grouped["hosts"] == [("/id/event/coastal-meeting-2021", "[1]")]
    assert grouped["units"] == [("/id/org/ocean-lab", "[1]")]
    assert grouped["people working here"] == [("/id/person/ana-ribeiro", "[1, ¶5]")]
    [cited] = tree.cssselect("ol.cited li")
    assert cited.get("id") == "source-1"
    assert text_of(cited) == (
        "Coastal schools meet for the first time in Porto, Atlantic University, 2021-03-15"
    )  # the headline, the publisher, the date
    when = [text_of(w) for w in tree.cssselect("ol.timeline .when")]
    assert when == ["2021-03-10 \N{EN DASH} 2021-03-12"]
    around = tree.cssselect("#network")[0].get("data-src")
    assert around.startswith("/network.json?focus=" + UNIVERSITY)  # the small network around it


def test_membership_facts_cite_their_paragraph(client: FlaskClient) -> None:
    grouped = roles(get_page(client, "/page/org/colegio-ria"))
    assert grouped["member of"] == [("/id/org/coastal-teachers-node", "[1, ¶4]")]


def test_claims_that_disagree_are_shown_side_by_side(client: FlaskClient) -> None:
    tree = get_page(client, "/page/network/coastal")
    [heading] = tree.cssselect("h3")
    assert text_of(heading) == "Member institutions sources disagree"
    rows = [[text_of(td) for td in tr] for tr in tree.cssselect("table.claims tbody tr")]
    assert rows == [
        ["more than 40", "2021-03", "[1, ¶2]"],
        ["approximately 55", "2024-06", "[2, ¶3]"],
    ]


def test_entity_iris_answer_browsers_with_the_page_and_rdf_clients_with_data(
    client: FlaskClient,
) -> None:
    for accept, target in [
        ("text/html,application/xhtml+xml", "/page/org/atlantic-university"),
        ("text/turtle", "/id/org/atlantic-university.ttl"),
        ("application/n-triples", "/id/org/atlantic-university.nt"),
        ("application/rdf+xml", "/id/org/atlantic-university.rdf"),
        ("application/ld+json", "/id/org/atlantic-university.jsonld"),
    ]:
        response = client.get("/id/org/atlantic-university", headers={"Accept": accept})
        assert response.status_code == 303, accept
        assert response.headers["Location"] == target
        assert response.headers["Vary"] == "Accept"
    refused = client.get("/id/org/atlantic-university", headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert client.get("/id/org/no-such-thing").status_code == 404


@pytest.mark.parametrize(
    ("suffix", "media_type", "parser"),
    [(".ttl", "text/turtle", "turtle"), (".nt", "application/n-triples", "nt"),
     (".rdf", "application/rdf+xml", "xml"), (".jsonld", "application/ld+json", "json-ld")],
)  # fmt: skip
def test_entity_data_parses_and_holds_its_statements(
    client: FlaskClient, suffix: str, media_type: str, parser: str
) -> None:
    response = client.get("/id/org/atlantic-university" + suffix)
    assert response.status_code == 200
    assert response.mimetype == media_type
    graph = rdflib.Graph().parse(data=response.data, format=parser)
    university = rdflib.URIRef(UNIVERSITY)
    assert rdflib.Literal("Universidade Atlântica", lang="pt") in set(graph.objects(university))
    # statements pointing at it come along: the meeting it hosts, its unit
    assert {rdflib.URIRef(MEETING), rdflib.URIRef(LAB)} <= set(graph.subjects(None, university))


def test_any_resource_in_the_store_has_a_page(client: FlaskClient) -> None:
    tree = get_page(
        client, "/resource?" + urlencode({"iri": "https://w3id.org/edgraph/ontology#University"})
    )
    assert text_of(tree.cssselect("h1")[0]) == "university"
    assert client.get("/resource?iri=not%20an%20iri").status_code == 404
    turtle = client.get("/resource?" + urlencode({"iri": UNIVERSITY, "format": "ttl"}))
    assert turtle.mimetype == "text/turtle"


# -- the network ------------------------------------------------------------------------------


def network(client: FlaskClient, **params: object) -> dict[str, Any]:
    pairs = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    answer = get_json(client, "/network.json?" + urlencode(pairs))
    assert isinstance(answer, dict)
    return answer


def ties(answer: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(e["from"], e["relation"], e["to"]) for e in answer["edges"]}


def test_the_network_has_every_tie_with_evidence_and_a_layout(client: FlaskClient) -> None:
    whole = network(client)
    ids = {n["id"] for n in whole["nodes"]}
    assert {UNIVERSITY, COASTAL, HIGHLANDS, ID + "person/ana-ribeiro"} <= ids
    assert all(e["from"] in ids and e["to"] in ids for e in whole["edges"])
    assert all("x" in n and "y" in n for n in whole["nodes"])  # laid out on the server
    hosts = [e for e in whole["edges"] if e["relation"] == "hosts"]
    assert [(e["from"], e["to"]) for e in hosts] == [(UNIVERSITY, MEETING)]
    [(index, paragraph)] = hosts[0]["evidence"]
    assert paragraph is None  # the source gives no paragraph for the host
    evidence = whole["sources"][index]
    assert evidence["iri"] == NEWS_2021
    assert evidence["title"] == "Coastal schools meet for the first time in Porto"
    assert evidence["publisher"] == "Atlantic University"
    assert whole["years"] == [2021, 2024]  # the two events


def test_a_membership_tie_carries_its_paragraph(client: FlaskClient) -> None:
    whole = network(client, relation="member-of")
    school = [e for e in whole["edges"] if e["from"] == ID + "org/colegio-ria"]
    [[(index, paragraph)]] = [e["evidence"] for e in school]
    assert (whole["sources"][index]["iri"], paragraph) == (NEWS_2021, 4)
    # organizer is entailed from co-organizer by the build; the network keeps the specific tie
    around = network(client, focus=LAB)
    assert {r for f, r, _ in ties(around) if f == LAB} == {"co-organizes", "unit-of"}


def test_network_filters_narrow_the_view(client: FlaskClient) -> None:
    whole = network(client)
    funds = network(client, relation="funds")
    # the two foundations fund the coastal network, the meeting and the forum
    assert ties(funds) == {
        (ID + "org/tide-foundation", "funds", COASTAL),
        (ID + "org/gull-fund", "funds", COASTAL),
        (ID + "org/tide-foundation", "funds", MEETING),
        (ID + "org/tide-foundation", "funds", FORUM),
        (ID + "org/gull-fund", "funds", FORUM),
    }
    in_2021 = network(client, year=2021)
    assert 0 < len(in_2021["edges"]) < len(whole["edges"])
    assert all(e["year"] is None or e["year"] <= 2021 for e in in_2021["edges"])
    assert FORUM not in {n["id"] for n in in_2021["nodes"]}
    coastal = {n["id"] for n in network(client, network=COASTAL)["nodes"]}
    assert {COASTAL, MEETING} <= coastal and HIGHLANDS not in coastal and FORUM not in coastal
    around = network(client, focus=UNIVERSITY, hops=1)
    # what it hosts, its unit, who works for it
    assert {n["id"] for n in around["nodes"]} == {
        UNIVERSITY, MEETING, LAB, ID + "person/ana-ribeiro"
    }  # fmt: skip
    two = network(client, focus=UNIVERSITY, hops=2)
    assert {COASTAL, ID + "org/tide-foundation"} <= {n["id"] for n in two["nodes"]}
    people = network(client, kind=["person", "organization"])
    assert {n["kind"] for n in people["nodes"]} <= {"Person", "Organization"}
    source = ID + "source/foro-tierras-altas-2024"
    from_source = network(client, source=source)
    cited = [s["iri"] for s in from_source["sources"]]
    assert from_source["edges"]
    assert all(source in {cited[i] for i, _ in e["evidence"]} for e in from_source["edges"])
    in_spain = {n["id"] for n in network(client, country=ES)["nodes"]}
    assert {ID + "org/ministry-spain", ID + "org/colegio-ria"} <= in_spain
    assert UNIVERSITY not in in_spain


def test_the_network_page_offers_filters_legend_and_exports(client: FlaskClient) -> None:
    tree = get_page(client, "/network?relation=funds&year=2023")
    # the year is the end of the time range, which the browser applies to the data it has
    assert tree.cssselect("#network")[0].get("data-src") == "/network.json?relation=funds"
    assert tree.cssselect("input#year-to")[0].get("value") == "2023"
    checked = [i.get("value") for i in tree.cssselect('input[name="relation"][checked]')]
    assert checked == ["funds"]
    exports = links(tree, "p.links a")
    for export in ("/network.graphml?", "/network.gexf?", "/network.html?"):
        assert f"{export}relation=funds&year=2023" in exports, export
    assert tree.cssselect("#export-svg")
    assert tree.cssselect("#export-png")
    assert "/vendor/vis-network/vis-network.min.js" in [
        s.get("src") for s in tree.cssselect("script")
    ]


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
    university = graphml.nodes[UNIVERSITY]
    assert university["label"] == "Atlantic University"
    assert university["kind"] == "organization" and university["iri"] == UNIVERSITY
    assert university["degree_centrality"] > 0
    edge = next(d for _, _, d in graphml.edges(data=True) if d["relation"] == "hosts")
    assert edge["year"] == 2021 and "coastal-news-2021" in edge["sources"]
    hosts = next(d for _, _, d in gexf.edges(data=True) if d.get("relation") == "hosts")
    assert hosts["start"] == "2021-01-01"  # a GEXF time spell, for Gephi's timeline


def test_a_select_with_source_and_target_becomes_a_network(client: FlaskClient) -> None:
    query = (
        "PREFIX edgo: <https://w3id.org/edgraph/ontology#> "
        "SELECT ?source ?target ?label WHERE { ?source edgo:unitOf ?target BIND('unit' AS ?label) }"
    )
    answer = network(client, query=query)
    assert {(e["from"], e["to"]) for e in answer["edges"]} == {
        (LAB, UNIVERSITY), (ID + "org/coastal-teachers-node", COASTAL)
    }  # fmt: skip
    assert {e["label"] for e in answer["edges"]} == {"unit"}  # the query's own ?label
    assert text_of(
        get_page(client, "/network?" + urlencode({"query": query})).cssselect("h1")[0]
    ) == ("Query as a network")
    workbench = get_page(client, "/sparql?" + urlencode({"query": query}))
    assert workbench.cssselect(".show-network")


def test_a_construct_becomes_a_network_and_other_answers_say_why_not(client: FlaskClient) -> None:
    construct = (
        "PREFIX edgo: <https://w3id.org/edgraph/ontology#> "
        "CONSTRUCT { ?e edgo:funder ?f } WHERE { ?e edgo:funder ?f }"
    )
    answer = network(client, query=construct)
    assert len(answer["edges"]) == 5 and set(answer["relations"]) == {"funds"}
    missing = client.get(
        "/network.json?" + urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"})
    )
    assert missing.status_code == 400
    assert "?source and ?target" in json.loads(missing.data)["error"]
    broken = client.get("/network.json?" + urlencode({"query": "SELECT ?source WHERE {"}))
    assert broken.status_code == 400 and "line 1" in json.loads(broken.data)["error"]
    one_column = get_page(
        client, "/sparql?" + urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"})
    )
    assert not one_column.cssselect(".show-network")


def test_a_running_viewer_answers_from_a_build_made_after_it_started(
    tiny_project: Path, tmp_path: Path, make_app: Callable[..., Flask]
) -> None:
    """Search, pages, the network and the VoID counts follow a rebuild and an analysis, with no
    restart (each made by another process, as `edgraph build` would)."""
    location = str(tmp_path / "store")
    build(
        EmbeddedStore.open(location, must_exist=False), settings_for(tiny_project, store=location)
    )
    client = make_app(location, project=tiny_project).test_client()
    assert get_json(client, "/search.json?q=lisbon") == []
    assert "/id/org/lisbon" not in listed(get_page(client, "/browse"))
    triples_before = client.get("/.well-known/void").data

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
    assert [h["label"] for h in get_json(client, "/search.json?q=lisbon")] == [
        "Lisbon Learning Trust"
    ]
    assert "/id/org/lisbon" in listed(get_page(client, "/browse"))
    assert (
        text_of(get_page(client, "/page/org/lisbon").cssselect("h1")[0]) == "Lisbon Learning Trust"
    )
    assert client.get("/.well-known/void").data != triples_before

    def has_measures() -> bool:
        headers = [text_of(th) for th in get_page(client, "/analysis").cssselect("th")]
        return any(h.startswith("Betweenness") for h in headers)

    assert not has_measures()
    subprocess.run(
        [sys.executable, "-m", "edgraph", "analyze", "--store", location],
        check=True, capture_output=True,
    )  # fmt: skip
    assert has_measures()


def test_a_neighbourhood_is_the_plain_breadth_first_one(viewer_store: Store) -> None:
    """The neighbourhood read through the tie index is, for every focus, hop count and some
    filters, what filtering every tie and walking breadth-first gives."""
    from edgraph.catalog import Catalog
    from edgraph.network import Filters, _edge_allowed, partnership_network, view

    catalog = Catalog.load(viewer_store)
    whole = partnership_network(viewer_store, catalog)

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
    assert checked == len(whole.nodes) * 9 > 100
