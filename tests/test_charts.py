"""The data of the timeline, the map of countries and the Analysis page's charts, on the viewer's
graph plus tests/data/charts/ (one event dated to the month only, one with no date): who is
where and when can be read in the sources' comments."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from statistics import fmean
from typing import Any

import pytest
from conftest import DATA, Stores, close_app, get_json, get_page, project_of, settings_for, text_of
from flask import Flask

from edgraph.analysis import analyze, ranked, save, stored_measures
from edgraph.catalog import Catalog
from edgraph.charts import (
    Cell,
    country_codes,
    country_map,
    measure_charts,
    partner_distribution,
    result_columns,
    timeline,
)
from edgraph.errors import ParameterError
from edgraph.namespaces import DEFAULT_BASE
from edgraph.store import Store

ID = DEFAULT_BASE
MEETING, WORKSHOP, FORUM = (ID + "event/coastal-meeting-2021", ID + "event/highlands-workshop-2022",
                            ID + "event/highlands-forum-2024")  # fmt: skip
WEBINAR = ID + "event/coastal-webinar"
COASTAL, HIGHLANDS = ID + "network/coastal", ID + "network/highlands"


@pytest.fixture(scope="module")
def charts_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return project_of(tmp_path_factory.mktemp("charts") / "project", DATA / "viewer" / "graph",
                      DATA / "charts" / "coastal-bulletin-2023.ttl")  # fmt: skip


@pytest.fixture(scope="module")
def store(charts_project: Path, stores: Stores) -> Store:
    built = stores.store("charts", charts_project)
    save(built, analyze(built), DEFAULT_BASE)
    return built


@pytest.fixture(scope="module")
def catalog(store: Store) -> Catalog:
    return Catalog.load(store)


def test_the_timeline_orders_dated_events_and_lists_the_undated(
    store: Store, catalog: Catalog
) -> None:
    found = timeline(store.query, catalog)
    assert [(e.iri, e.start, e.end) for e in found.dated] == [
        (MEETING, "2021-03-10", "2021-03-12"),
        (WORKSHOP, "2022-11", ""),  # a month, as the source gives it
        (FORUM, "2024-06-05", "2024-06-06"),
    ]
    assert [e.iri for e in found.undated] == [WEBINAR]
    assert found.dated[0].countries == ("Portugal",)
    assert found.dated[2].networks == ("Highlands Learning Alliance",)
    assert not found.truncated


def test_the_timeline_of_a_network_or_an_organization(store: Store, catalog: Catalog) -> None:
    coastal = timeline(store.query, catalog, network=COASTAL)
    assert ([e.iri for e in coastal.dated], [e.iri for e in coastal.undated]) == (
        [MEETING],
        [WEBINAR],
    )
    highlands = timeline(store.query, catalog, network=HIGHLANDS)
    assert [e.iri for e in highlands.dated] == [WORKSHOP, FORUM]
    # Escola do Mar takes part in the 2021 meeting and the 2022 workshop
    school = timeline(store.query, catalog, organization=ID + "org/escola-do-mar")
    assert [e.iri for e in school.dated] == [MEETING, WORKSHOP]


def test_a_timeline_past_its_limit_says_it_was_cut(store: Store, catalog: Catalog) -> None:
    found = timeline(store.query, catalog, limit=2)
    assert found.truncated
    assert len(found.dated) + len(found.undated) == 2


def test_a_timeline_filter_must_name_a_network_or_an_organization(
    store: Store, catalog: Catalog
) -> None:
    with pytest.raises(ParameterError, match="is not a network"):
        timeline(store.query, catalog, network=ID + "org/escola-do-mar")
    with pytest.raises(ParameterError, match="is not an organization"):
        timeline(store.query, catalog, organization=COASTAL)


def test_country_codes_come_from_the_reference_data(store: Store) -> None:
    codes = country_codes(store.query)
    assert codes == {
        ID + "country/PT": ("PT", "PRT", "620"),
        ID + "country/ES": ("ES", "ESP", "724"),
    }


def test_the_map_counts_networks_events_and_members_by_country(
    store: Store, catalog: Catalog
) -> None:
    found = country_map(catalog, country_codes(store.query))
    by_code = {c.numeric: c for c in found.countries}
    portugal, spain = by_code["620"], by_code["724"]
    # the Coastal Schools Network has member countries PT and ES; the Highlands alliance none
    assert portugal.counts["networks"] == spain.counts["networks"] == 1
    # in Porto: the 2021 meeting and the 2022 workshop; in Vigo: the 2024 forum
    assert portugal.names["events"] == ["First Meeting of the Coastal Schools Network",
                                        "Highlands Teachers' Workshop"]  # fmt: skip
    assert spain.names["events"] == ["Highlands Forum 2024"]
    # organizations in or acting in a network: the university (host) and the school in Porto,
    # the school in Vigo and the ministry of Spain
    assert portugal.names["members"] == ["Atlantic University", "Escola do Mar"]
    assert spain.names["members"] == ["Colegio Ría", "Ministry of Education of Spain"]


def test_the_map_of_one_network(store: Store, catalog: Catalog) -> None:
    found = country_map(catalog, country_codes(store.query), network=HIGHLANDS)
    counts = {c.alpha2: c.counts for c in found.countries}
    assert counts == {"PT": {"networks": 0, "events": 1, "members": 1},
                      "ES": {"networks": 0, "events": 1, "members": 2}}  # fmt: skip
    with pytest.raises(ParameterError):
        country_map(catalog, {}, network=MEETING)


def test_analysis_charts_agree_with_the_saved_measures(store: Store, catalog: Catalog) -> None:
    measures = stored_measures(store, DEFAULT_BASE)
    charts = measure_charts(measures, catalog, top=3)
    keys = [m["key"] for m in charts["ranked"]]
    assert "community" not in keys and "component" not in keys  # group numbers, not quantities
    degree = next(m for m in charts["ranked"] if m["key"] == "degree")
    assert [(b["iri"], b["value"]) for b in degree["bars"]] == ranked(
        measures, "degree", catalog.label, top=3
    )
    assert sum(b["value"] for b in charts["partners"]) == len(measures["degree"])
    by_type = next(m for m in charts["by_type"] if m["key"] == "degree")
    foundations = next(b for b in by_type["bars"] if b["label"] == "foundation")
    tide, gull = (measures["degree"][ID + f"org/{n}"] for n in ("tide-foundation", "gull-fund"))
    assert (foundations["count"], foundations["value"]) == (2, fmean([tide, gull]))


def test_the_distribution_of_partners_skips_no_number() -> None:
    assert partner_distribution({"a": 1, "b": 3, "c": 3}) == [
        {"label": "1", "value": 1}, {"label": "2", "value": 0}, {"label": "3", "value": 2}]  # fmt: skip
    assert partner_distribution({}) == []


# -- the pages and their JSON ------------------------------------------------------------------


@pytest.fixture(scope="module")
def charts_app(store: Store, charts_project: Path) -> Iterator[Flask]:
    from edgraph.web import create_app

    app = create_app(settings=settings_for(charts_project), store=store)
    yield app
    close_app(app)


@pytest.fixture
def web(charts_app: Flask) -> Any:
    return charts_app.test_client()


def test_the_timeline_page_lists_events_in_order_and_the_undated_apart(web: Any) -> None:
    page = get_page(web, "/timeline")
    listed = [text_of(a) for a in page.cssselect("#timeline-list li a")]
    assert listed == ["First Meeting of the Coastal Schools Network",
                      "Highlands Teachers' Workshop", "Highlands Forum 2024"]  # fmt: skip
    assert [text_of(a) for a in page.cssselect("#undated-list a")] == ["Coastal Schools Webinar"]
    data = get_json(web, "/timeline.json?network=" + COASTAL)
    assert [e["iri"] for e in data["dated"]] == [MEETING]
    assert data["dated"][0]["url"] == "/id/event/coastal-meeting-2021"


def test_a_bad_filter_is_a_400_with_one_message(web: Any) -> None:
    response = web.get("/timeline.json?network=" + ID + "org/lighthouse")
    assert response.status_code == 400
    assert b"is not a network of the dataset" in response.data
    assert web.get("/map?network=" + "x" * 5000).status_code == 400


def test_the_map_page_and_its_data(web: Any) -> None:
    page = get_page(web, "/map?layer=events")
    rows = {text_of(r.cssselect("td")[0]): [text_of(td) for td in r.cssselect("td")[1:]]
            for r in page.cssselect("#country-table tbody tr")}  # fmt: skip
    assert rows == {"Portugal": ["1", "2", "2"], "Spain": ["1", "1", "2"]}
    assert page.cssselect("input[name=layer][value=events]")[0].get("checked") is not None
    data = get_json(web, "/map.json")
    assert {c["numeric"]: c["counts"]["events"] for c in data["countries"]} == {"620": 2, "724": 1}
    codes = get_json(web, "/countries.json")
    assert {"iri": ID + "country/PT", "alpha2": "PT", "alpha3": "PRT", "numeric": "620"} in codes


def test_the_analysis_charts_data(web: Any) -> None:
    data = get_json(web, "/analysis/charts.json")
    assert {m["key"] for m in data["ranked"]} >= {"degree", "pagerank", "betweenness"}
    page = get_page(web, "/analysis")
    assert page.cssselect("#analysis-charts[data-src='/analysis/charts.json']")


def test_the_site_navigation_links_the_timeline_and_the_map(web: Any) -> None:
    nav = get_page(web, "/").cssselect("header nav a")
    assert {"Timeline": "/timeline", "Map": "/map"}.items() <= {
        text_of(a): a.get("href") for a in nav
    }.items()


def test_the_workbench_asks_for_names_of_iris_a_few_hundred_at_a_time(web: Any) -> None:
    response = web.post("/labels.json", json={"iris": [COASTAL, ID + "nothing/here", 7]})
    assert response.status_code == 200
    assert response.get_json() == {COASTAL: "Coastal Schools Network"}
    too_many = web.post("/labels.json", json={"iris": [COASTAL] * 501})
    assert too_many.status_code == 400
    assert b"at most 500 IRIs" in too_many.data
    assert web.post("/labels.json", data="not json").status_code == 400


def test_result_columns_say_which_views_fit() -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    rows = [
        [Cell("iri", ID + "country/PT"), Cell("literal", "2021", xsd + "integer"),
         Cell("literal", "2021-03-10", xsd + "date"), Cell("literal", "PRT"),
         Cell("literal", "620", xsd + "integer")],
        [Cell("iri", ID + "org/lighthouse"), Cell("literal", "2024", xsd + "integer"), None,
         Cell("literal", "ESP"), Cell("literal", "724", xsd + "integer")],
    ]  # fmt: skip
    codes = {ID + "country/PT": ("PT", "PRT", "620"), ID + "country/ES": ("ES", "ESP", "724")}
    columns = {c["name"]: c for c in result_columns(["a", "year", "d", "code", "n"], rows, codes)}
    assert (columns["a"]["iri"], columns["a"]["countries"]) == (2, 1)  # one IRI is no country
    assert (columns["year"]["numeric"], columns["year"]["years"]) == (2, 2)
    assert (columns["d"]["bound"], columns["d"]["date"]) == (1, 1)
    assert (columns["code"]["text"], columns["code"]["countries"]) == (2, 2)
    assert columns["n"]["countries"] == 0  # numbers are never codes
