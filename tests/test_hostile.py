"""Hostile text stays text: the viewer over the viewer's graph plus a source whose names are
markup and script (tests/data/hostile/). Pages are parsed: no element, attribute or script may
come out of the data."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest
import rdflib
from conftest import HOSTILE, HOSTILE_IRI, get_json, get_page, parse_html, text_of
from flask.testing import FlaskClient

from edgraph.store import Store

INJECTED = "img[src='x'], [onerror], [onmouseover], a[href^='javascript']"


@pytest.fixture(scope="module")
def app_store(hostile_store: Store) -> Store:
    return hostile_store


def test_the_standalone_export_needs_nothing_from_anywhere(client: FlaskClient) -> None:
    response = client.get("/network.html?relation=funds")
    assert response.headers["Content-Disposition"] == 'attachment; filename="network.html"'
    tree = parse_html(response.data)
    assert not tree.cssselect("script[src], link[href], img[src]")
    assert any("vis.Network" in (s.text or "") for s in tree.cssselect("script:not([type])"))
    assert HOSTILE not in response.get_data(as_text=True)  # the name sits escaped in the JSON
    [payload] = tree.cssselect('script[type="application/json"]#network-data')
    assert HOSTILE in {n["label"] for n in json.loads(payload.text)["nodes"]}


def test_hostile_names_are_text_on_every_page(client: FlaskClient) -> None:
    pages = {
        "/": False,
        "/search?" + urlencode({"q": "img src"}): True,
        "/browse?kind=organization": True,
        "/page/org/hostile": True,
        "/page/network/coastal": False,
        "/page/event/hostile-meeting": True,
        "/network?" + urlencode({"focus": HOSTILE_IRI}): False,
        "/sparql?" + urlencode({"query": f"SELECT ?n WHERE {{ <{HOSTILE_IRI}> ?p ?n }}"}): True,
    }
    for url, shows_the_name in pages.items():
        tree = get_page(client, url)
        assert not tree.cssselect(INJECTED), url
        assert not [s for s in tree.cssselect("script") if "alert" in (s.text or "")], url
        if shows_the_name:
            assert HOSTILE in text_of(tree), url  # shown, as text
    assert text_of(get_page(client, "/page/event/hostile-meeting").cssselect("h1")[0]) == (
        "Meeting <b onmouseover=alert(3)>href</b>"
    )
    suggestions = get_json(client, "/search.json?q=img")
    assert suggestions[0]["label"] == HOSTILE  # JSON, as data
    around = get_json(client, "/network.json?" + urlencode({"focus": HOSTILE_IRI}))
    assert HOSTILE in {n["label"] for n in around["nodes"]}


def test_the_hostile_iri_negotiates_like_any_other(client: FlaskClient) -> None:
    turtle = client.get("/id/org/hostile.ttl")
    graph = rdflib.Graph().parse(data=turtle.data, format="turtle")
    assert rdflib.Literal(HOSTILE, lang="en") in set(graph.objects(rdflib.URIRef(HOSTILE_IRI)))
    found = get_page(client, "/search?q=img").cssselect("ol.hits > li > a")
    assert quote("/id/org/hostile") in [a.get("href") for a in found]
