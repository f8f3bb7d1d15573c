"""The timeline of events, the map of countries and the data of the Analysis page's charts:
pages that the browser draws from JSON, each JSON read by a core function of
:mod:`edgraph.charts`."""

from __future__ import annotations

import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for

from edgraph.catalog import Catalog
from edgraph.charts import (
    LAYERS,
    Cell,
    CountryMap,
    Timeline,
    country_codes,
    country_map,
    measure_charts,
    result_columns,
    timeline,
)
from edgraph.errors import ParameterError
from edgraph.query.results import QueryResult

from .links import entity_url
from .state import views

bp = Blueprint("charts", __name__)

#: Longest IRI a filter takes: networks' and organizations' IRIs are far shorter.
IRI_MAX = 1000
#: Most IRIs one request for names gives.
LABELS_MAX = 500
#: Timelines and maps kept per catalog (each filter its own).
CACHED = 32
_lock = threading.Lock()
T = TypeVar("T")


@bp.get("/timeline")
def timeline_page() -> str:
    found = _timeline()
    catalog = views().catalog
    return render_template(
        "timeline.html", timeline=found, catalog=catalog, networks=catalog.of_kind("network"),
        data_url=_with_query("charts.timeline_data"),
    )  # fmt: skip


@bp.get("/timeline.json")
def timeline_data() -> Response:
    network, organization = _iri("network"), _iri("organization")

    def encoded(catalog: Catalog) -> str:
        data = _timeline().to_json()
        for item in data["dated"] + data["undated"]:
            item["url"] = entity_url(item["iri"])
        return json.dumps(data, ensure_ascii=False)

    return _body(_cached(("timeline.json", network, organization), encoded))


@bp.get("/map")
def map_page() -> str:
    catalog = views().catalog
    layer = request.args.get("layer", "")
    found = _country_map()
    return render_template(
        "map.html", found=found, catalog=catalog, networks=catalog.of_kind("network"),
        layers=LAYERS, layer=layer if layer in {k for k, _, _ in LAYERS} else LAYERS[0][0],
        data_url=_with_query("charts.map_data", "network"),
    )  # fmt: skip


@bp.get("/map.json")
def map_data() -> Response:
    def encoded(catalog: Catalog) -> str:
        found = _country_map().to_json()
        for country in found["countries"]:
            country["url"] = entity_url(country["iri"])
        return json.dumps(found, ensure_ascii=False)

    return _body(_cached(("map.json", _iri("network")), encoded))


@bp.get("/countries.json")
def countries_data() -> Response:
    """Every country of the reference data with its ISO codes: how the workbench finds the
    countries of a result (by IRI or by code) on the atlas."""
    return _json([{"iri": iri, "alpha2": a2, "alpha3": a3, "numeric": n}
                  for iri, (a2, a3, n) in sorted(_codes().items())])  # fmt: skip


@bp.post("/labels.json")
def labels() -> Response:
    """The dataset's names of some IRIs (``{"iris": [...]}``, at most LABELS_MAX of them), for
    the workbench's charts: ``{iri: name}`` for those the catalog knows."""
    body = request.get_json(silent=True)
    iris = body.get("iris") if isinstance(body, dict) else None
    if not isinstance(iris, list) or len(iris) > LABELS_MAX:
        raise ParameterError(f'send {{"iris": [...]}} with at most {LABELS_MAX} IRIs')
    catalog = views().catalog
    known = {i: catalog.label(i) for i in iris if isinstance(i, str) and catalog.get(i) is not None}
    return _json(known)


@bp.get("/analysis/charts.json")
def analysis_charts() -> Response:
    def encoded(catalog: Catalog) -> str:  # the measures are read with the catalog
        return json.dumps(measure_charts(views().measures, catalog, url=entity_url),
                          ensure_ascii=False)  # fmt: skip

    return _body(_cached(("analysis.json",), encoded))


def _timeline() -> Timeline:
    network, organization = _iri("network"), _iri("organization")
    return _cached(("timeline", network, organization), lambda catalog: timeline(
        _page_run, catalog, network=network, organization=organization))  # fmt: skip


def _country_map() -> CountryMap:
    network = _iri("network")
    return _cached(("map", network), lambda catalog: country_map(catalog, _codes(),
                                                                 network=network))  # fmt: skip


def _cached(key: tuple[str, ...], compute: Callable[[Catalog], T]) -> T:
    """What ``compute`` gives for the catalog being served, kept with it (a new build gives a
    new catalog, and so a fresh start): the last CACHED answers, each read once."""
    catalog = views().catalog
    caches = current_app.extensions.setdefault("edgraph.charts", weakref.WeakKeyDictionary())
    with _lock:
        kept: OrderedDict[tuple[str, ...], Any] = caches.setdefault(catalog, OrderedDict())
        if key in kept:
            kept.move_to_end(key)
            return kept[key]  # type: ignore[no-any-return]
    value = compute(catalog)  # outside the lock: two first requests may both compute it
    with _lock:
        kept[key] = value
        while len(kept) > CACHED:
            kept.popitem(last=False)
    return value


def _iri(name: str) -> str:
    value = request.args.get(name, "").strip()
    return value if len(value) <= IRI_MAX else value[:IRI_MAX]  # too long to be one: refused


def _with_query(endpoint: str, *names: str) -> str:
    kept = [
        (n, request.args[n]) for n in names or ("network", "organization") if request.args.get(n)
    ]
    return url_for(endpoint) + ("?" + urlencode(kept) if kept else "")


def _codes() -> dict[str, tuple[str, str, str]]:
    """The countries' codes (about 250 rows of reference data)."""
    return _cached(("codes",), lambda catalog: country_codes(_page_run))


def _page_run(query: str) -> QueryResult:
    """The charts' queries, in the pages' pool of query workers (time and memory limits)."""
    from edgraph.query import QueryRequest, QueryService

    pages: QueryService = current_app.extensions["edgraph.page_queries"]
    return pages.result(QueryRequest(query, full=True))


def _json(data: Any) -> Response:
    return _body(json.dumps(data, ensure_ascii=False))


def _body(text: str) -> Response:
    return Response(text, mimetype="application/json")


def _result_columns(result: Mapping[str, Any]) -> str:
    """The columns of the workbench's result (its page of rows) as :func:`result_columns`
    reads them, as JSON for the page."""
    rows = [[None if c is None else Cell(c.get("kind", ""), c.get("iri") or c.get("text", ""),
                                         c.get("datatype_iri", "")) for c in row]
            for row in result.get("rows") or ()]  # fmt: skip
    return json.dumps(result_columns(list(result.get("variables") or ()), rows, _codes()))


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["result_columns"] = _result_columns
