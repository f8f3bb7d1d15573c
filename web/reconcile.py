"""/reconcile: the Reconciliation Service API v0.2 (OpenRefine's) over the core's
:mod:`edgraph.reconciliation`. Views read the request, call the core and write JSON (JSONP on
GET when asked), with CORS; a client's mistake is a 400 with a JSON message."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from edgraph import __version__
from edgraph.errors import EdgraphError, NotFoundError, ParameterError
from edgraph.query import QueryRequest, QueryService
from edgraph.query.admission import Quota
from edgraph.query.results import QueryResult
from edgraph.reconciliation import Limits, Reconciler

from . import CONTENT_SECURITY_POLICY, error_headers, show_errors
from .links import external
from .state import client, views

bp = Blueprint("reconcile", __name__, url_prefix="/reconcile")

#: Suggestions one autocomplete request may ask for, and how far it may page.
SUGGEST_MAX, CURSOR_MAX = 50, 10_000
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "600",
}
_LOCK = threading.Lock()


def register(app: Flask) -> None:
    settings = app.extensions["edgraph.settings"]
    app.extensions["edgraph.reconcile_quota"] = Quota(
        "reconciliation batches", total=settings.reconcile_limit,
        per_client=settings.reconcile_client_limit,
        settings=("reconcile_limit", "reconcile_client_limit"), retry_after=2,
    )  # fmt: skip
    app.register_blueprint(bp)


def service() -> Reconciler:
    """The service over the store being served: made when first asked for, and again after
    each new build (its matcher's index is the curation matcher's, kept per generation)."""
    app, served = current_app, views()
    with _LOCK:
        cached = app.extensions.get("edgraph.reconciler")
        if cached is None or cached[0] is not served.store:
            settings = app.extensions["edgraph.settings"]
            made = Reconciler.for_store(
                served.store, catalog=served.catalog, base_iri=settings.base_iri,
                limits=Limits.from_settings(settings),
            )  # fmt: skip
            cached = app.extensions["edgraph.reconciler"] = (served.store, made)
        made = cached[1]
        assert isinstance(made, Reconciler)
        return made


@bp.before_request
def answer_errors_as_json() -> None:
    show_errors(_error)


@bp.after_request
def cors(response: Response) -> Response:
    response.headers.update(CORS)
    return response


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    """Werkzeug's refusals (a body over the size limit, a form it cannot read) in JSON too."""
    return _json({"error": error.description or error.name}, status=error.code or 400)


@bp.route("", methods=["GET", "POST"])
def endpoint() -> Response:
    """The manifest (GET without parameters), a batch of queries (``queries=``) or a data
    extension (``extend=``), by GET or by a form POST as OpenRefine sends them."""
    values = request.form if request.method == "POST" else request.args
    if "queries" in values:
        reconciler = service()
        batch = reconciler.parse_queries(values["queries"])
        return _admitted(lambda: _jsonp(reconciler.reconcile(batch, _run)))
    if "extend" in values:
        reconciler = service()
        ids, pids = reconciler.parse_extension(values["extend"])
        return _admitted(lambda: _jsonp(reconciler.extend(ids, pids, _run)))
    if request.method == "POST":
        raise ParameterError("POST a batch of queries as queries=, or a data extension as extend=")
    root = external("/reconcile")
    settings = current_app.extensions["edgraph.settings"]
    manifest = service().manifest(
        root=root, view=external("/resource") + "?iri={{id}}", name=settings.dataset_title,
        version=__version__,
    )  # fmt: skip
    return _jsonp(manifest)


@bp.get("/suggest/<what>")
def suggest(what: str) -> Response:
    """Autocomplete for entities, types and properties: ``prefix``, ``cursor`` (and ``type``
    for entities)."""
    reconciler = service()
    prefix = request.args.get("prefix", "")
    cursor = _number("cursor", 0, CURSOR_MAX, 0)
    limit = _number("limit", 1, SUGGEST_MAX, 10)
    if what == "entity":
        answer = reconciler.suggest_entities(prefix, type_id=request.args.get("type") or None,
                                             cursor=cursor, limit=limit)  # fmt: skip
    elif what == "type":
        answer = reconciler.suggest_types(prefix, cursor=cursor, limit=limit)
    elif what == "property":
        answer = reconciler.suggest_properties(prefix, cursor=cursor, limit=limit)
    else:
        raise NotFoundError(f"no suggest service for {what[:50]!r}: entity, type or property")
    return _jsonp(answer)


@bp.get("/properties")
def properties() -> Response:
    """The properties data extension proposes for a type (``type``, ``limit``)."""
    limit = _number("limit", 1, 100, None) if request.args.get("limit") else None
    answer = service().propose_properties(request.args.get("type") or None, limit=limit)
    return _jsonp(answer)


@bp.get("/preview")
def preview() -> Response:
    """A small page about an entity, for OpenRefine to show in a frame beside a candidate."""
    iri = request.args.get("id", "").strip()
    if not iri:
        raise ParameterError("give the entity's id: /reconcile/preview?id=...")
    found = service().preview(iri)
    if found is None:
        raise NotFoundError(f"the dataset has no entity <{iri[:200]}>")
    html = render_template("reconcile_preview.html", item=found,
                           page=external("/resource") + "?" + _query(iri=iri))  # fmt: skip
    response = Response(html, mimetype="text/html")
    # OpenRefine shows it in a frame of its own page, on another origin
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors *"
    )
    return response


def _run(query: str) -> QueryResult:
    """The service's own queries, in a worker of the pages' pool: within the time and memory
    limits of every query."""
    pages: QueryService = current_app.extensions["edgraph.page_queries"]
    return pages.result(QueryRequest(query, full=True))


def _admitted(answer: Callable[[], Response]) -> Response:
    quota: Quota = current_app.extensions["edgraph.reconcile_quota"]
    release = quota.take(client())
    try:
        return answer()
    finally:
        release()


def _number(name: str, low: int, high: int, default: int | None) -> Any:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(f"{name} must be a whole number, not {raw[:50]!r}") from None
    if not low <= value <= high:
        raise ParameterError(f"{name} must be from {low} to {high:,}")
    return value


def _query(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def _jsonp(data: Any) -> Response:
    """JSON, or with ``callback`` on a GET, that JSON as the argument of a call of it (JSONP,
    which older clients use for the manifest)."""
    callback = request.args.get("callback") if request.method == "GET" else None
    if not callback:
        return _json(data)
    parts = callback.split(".")
    if len(callback) > 100 or not all(p.isascii() and p.isidentifier() for p in parts):
        raise ParameterError("callback must be a JavaScript name such as jQuery123_456")
    body = f"/**/{callback}({json.dumps(data, ensure_ascii=False)});"
    return Response(body, mimetype="application/javascript")


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=status,
                    mimetype="application/json", headers=headers)  # fmt: skip


def _error(error: EdgraphError) -> Response:
    return _json({"error": str(error)}, status=error.status, headers=error_headers(error))
