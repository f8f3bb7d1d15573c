"""The curation mode of the viewer (``edgraph curate``): the workspace's sources, a form to add
one, and the review page of each, where a curator accepts, edits, rejects and adds facts and
saves them into graph/sources/. Registered only by ``create_app(..., curation=True)``: the
viewer that ``edgraph serve`` runs has none of these routes.

Every request that changes anything must carry the process's secret token (a form field, or the
``X-Edgraph-Token`` header the review page sends), and a browser's cross-site request is refused
whatever it carries (``Sec-Fetch-Site``, ``Origin``); the app answers only for localhost and
127.0.0.1, so a page of another site cannot reach it through a name of its own (DNS rebinding).
Views only translate: :mod:`edgraph.curation.session` and :mod:`edgraph.curation.review` decide.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import RequestEntityTooLarge

from edgraph.curation import review, session
from edgraph.curation.match import Matcher
from edgraph.curation.workspace import ConflictError
from edgraph.errors import EdgraphError, SourceInputError, SourceTooLargeError
from edgraph.location import store_for
from edgraph.settings import Settings
from edgraph.store import Store

from . import serve_store
from .links import entity_url

bp = Blueprint("curate", __name__)

#: The only hosts the curation mode answers for.
HOSTS = ["localhost", "127.0.0.1"]
TOKEN_HEADER = "X-Edgraph-Token"  # noqa: S105 - the name of a header, not a secret
#: Room in a request for the form's other fields beside the article (or for JSON around the
#: decisions), over the setting curation_max_bytes.
MARGIN = 256 * 1024
SEARCH_LIMIT = 8
MEMORY = ("curation needs a store folder or server (--store), not 'memory': a save rebuilds the "
          "store, which the viewer's pages then read")  # fmt: skip


def _settings() -> Settings:
    return current_app.extensions["edgraph.settings"]  # type: ignore[no-any-return]


def _store() -> Store:
    return current_app.extensions["edgraph.store"]  # type: ignore[no-any-return]


def _token() -> str:
    return current_app.extensions["edgraph.curation.token"]  # type: ignore[no-any-return]


def _lock() -> threading.Lock:
    """One change at a time: an add or a save reads the workspace, writes it and rebuilds."""
    return current_app.extensions["edgraph.curation.lock"]  # type: ignore[no-any-return]


class CrossSiteError(EdgraphError):
    """A request that changes something, sent from another site or without the page's token."""

    status = 403


@bp.before_request
def refuse_cross_site() -> None:
    """Requests that change something come from this app's own pages, or not at all."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site != "same-origin":
        raise CrossSiteError(f"refused: a request from another site ({site}) cannot change "
                             "the curation workspace")  # fmt: skip
    origin = request.headers.get("Origin")
    # A browser that says where a request comes from (Sec-Fetch-Site, which no page can set)
    # sends "Origin: null" for a form of this very page: the app's referrer policy is
    # no-referrer. Without that header, "null" is as foreign as any other origin.
    if site == "same-origin" and origin == "null":
        origin = None
    if origin is not None and origin != request.host_url.rstrip("/"):
        raise CrossSiteError(f"refused: a request from {origin[:100]!r} cannot change the "
                             "curation workspace; use the pages of this server")  # fmt: skip
    sent = request.headers.get(TOKEN_HEADER)
    if sent is None:
        try:
            sent = _form_token()
        except RequestEntityTooLarge:
            return  # the view refuses it, changing nothing, and says why
    if not sent or not hmac.compare_digest(sent.encode(), _token().encode()):
        raise CrossSiteError("refused: this request does not carry the curation page's token; "
                             "reload the page and try again")  # fmt: skip


def _form_token() -> str:
    if request.mimetype not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return ""
    request.max_content_length = _settings().curation_max_bytes + MARGIN
    return request.form.get("token", "")


# -- the list and the form -------------------------------------------------------------------


@bp.get("/curate")
def sources() -> str:
    return _sources_page()


def _sources_page(error: str = "", form: dict[str, str] | None = None) -> str:
    settings = _settings()
    space = session.workspace(settings)
    rows = []
    for entry in space.entries():
        facts = entry.decisions.facts
        rows.append({
            "slug": entry.slug,
            "headline": entry.document.headline or entry.slug,
            "language": entry.document.language,
            "published": entry.document.published,
            "saved": space.saved_file(entry.slug) is not None,
            "version": entry.decisions.version,
            "accepted": sum(1 for f in facts if f.status == "accepted"),
            "rejected": sum(1 for f in facts if f.status == "rejected"),
            "added": sum(1 for f in facts if f.origin == "curator"),
            "entities": len(entry.decisions.entities),
        })  # fmt: skip
    rows.sort(key=lambda r: (r["published"] or dt.date.min, r["slug"]), reverse=True)
    return render_template(
        "curate_sources.html", rows=rows, error=error, form=form or {},
        project=settings.project_dir(), limit=_size(settings.curation_max_bytes),
    )  # fmt: skip


def _size(count: int) -> str:
    return f"{count / 1_000_000:g} MB" if count >= 1_000_000 else f"{count:,} bytes"


@bp.post("/curate/add")
def add() -> Any:
    settings = _settings()
    request.max_content_length = settings.curation_max_bytes + MARGIN
    form: dict[str, str] = {}
    try:
        try:
            form = {k: request.form.get(k, "").strip()[:2000]
                    for k in ("language", "headline", "publisher", "published", "url")}  # fmt: skip
            upload = request.files.get("file")
        except RequestEntityTooLarge:
            raise SourceTooLargeError(
                f"the upload is over the limit of {settings.curation_max_bytes:,} bytes "
                "(setting curation_max_bytes)", path="the file",
            ) from None  # fmt: skip
        if upload is None or not upload.filename:
            raise SourceInputError("choose a file to upload", path="the form")
        name = Path(upload.filename.replace("\\", "/")).name[:200] or "upload"
        data = upload.stream.read(settings.curation_max_bytes + 1)
        document = session.read_source(data, name, settings, **_overrides(form))
        with _lock():
            slug, _ = session.add(document, _store(), settings)
    except EdgraphError as exc:
        return _sources_page(str(exc), form), exc.status
    return redirect(url_for("curate.page", slug=slug), code=303)


def _overrides(form: dict[str, str]) -> dict[str, Any]:
    """What the form says of the article, checked: a wrong value is a message, not ignored."""
    out: dict[str, Any] = {}
    if form["language"]:
        if form["language"] not in ("en", "es"):
            raise SourceInputError("the language is en or es (or detected)", path="the form")
        out["language"] = form["language"]
    for key in ("headline", "publisher"):
        if form[key]:
            out[key] = " ".join(form[key].split())[:500]
    if form["published"]:
        try:
            out["published"] = dt.date.fromisoformat(form["published"])
        except ValueError:
            raise SourceInputError(f"{form['published'][:40]!r} is not a date written "
                                   "YYYY-MM-DD", path="the form") from None  # fmt: skip
    if form["url"]:
        parts = urlsplit(form["url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SourceInputError("the URL must be a web address, http:// or https://",
                                   path="the form")  # fmt: skip
        out["url"] = form["url"]
    return out


# -- the review page -------------------------------------------------------------------------


@bp.get("/curate/<slug>")
def page(slug: str) -> str:
    space = session.workspace(_settings())
    entry = space.entry(slug)
    saved = space.saved_file(slug)
    url = entry.document.url
    return render_template(
        "curate_review.html", entry=entry, document=entry.document,
        saved=_relative(saved) if saved else "",
        url=url if url and urlsplit(url).scheme in ("http", "https") else "",
    )  # fmt: skip


@bp.get("/curate/<slug>.json")
def state(slug: str) -> Response:
    settings, store = _settings(), _store()
    space = session.workspace(settings)
    entry = space.entry(slug)
    matcher = Matcher.for_store(store, base=settings.base_iri)
    data = review.state(entry, space.record(slug), matcher, store,
                        saved=space.saved_file(slug) is not None)  # fmt: skip
    for iri, known in data["known"].items():
        known["url"] = _entity_url(iri)
    return jsonify(data)


@bp.post("/curate/<slug>/decisions.json")
def save(slug: str) -> tuple[Response, int]:
    settings, store = _settings(), _store()
    request.max_content_length = settings.curation_max_bytes + MARGIN
    space = session.workspace(settings)
    try:
        data = request.get_json(silent=True)
    except RequestEntityTooLarge:
        return jsonify(error="the decisions are over the size limit"), 413
    if data is None:
        return jsonify(error="send the decisions as JSON (Content-Type: application/json)"), 400
    matcher = Matcher.for_store(store, base=settings.base_iri)
    with _lock():
        entry = space.entry(slug)
        try:
            decisions = review.decisions_from_page(data, entry, matcher, review.classes(store),
                                                   base=settings.base_iri)  # fmt: skip
        except review.ReviewInputError as exc:
            return jsonify(written=False, version=entry.decisions.version,
                           problems=[p.to_json() for p in exc.problems]), 422  # fmt: skip
        # Built into a store object of its own: the one served stays on the generation it
        # reads, and the next request follows the new build as it follows any other (built
        # in place, it would move under the pages' copies of what it held).
        target = store_for(settings)
        try:
            saved = session.save(slug, decisions, target, settings)
        except ConflictError as exc:
            current = space.entry(slug).decisions.version
            return jsonify(written=False, conflict=True, error=str(exc), version=current), 409
        if saved.path is not None and store.latest() is store:
            _follow(target)
    if saved.path is None:
        meta = session.source_meta(slug, space, entry.document)
        problems = review.locate(saved.violations, saved.decisions, meta, store.latest(),
                                 base=settings.base_iri)  # fmt: skip
        return jsonify(written=False, version=saved.decisions.version,
                       decisions=saved.decisions.to_json(),
                       problems=[p.to_json() for p in problems]), 422  # fmt: skip
    return jsonify(written=True, file=_relative(saved.path), version=saved.decisions.version,
                   decisions=saved.decisions.to_json(),
                   links=_links(slug, saved.decisions)), 200  # fmt: skip


def _follow(store: Store) -> None:
    """Serve ``store`` after a save into a store whose builds cannot be told apart (a remote
    server): the pages' copies of the old content are dropped, as for a new build."""
    serve_store(current_app, store)


def _links(slug: str, decisions: Any) -> dict[str, Any]:
    """Where the saved facts are seen at once (the save rebuilt the store)."""
    source = f"{_settings().base_iri}source/{slug}"
    used: dict[str, str] = {}
    for fact in decisions.accepted():
        for key in (fact.agent, fact.target):
            if key:
                entity = decisions.entity(key)
                used.setdefault(entity.iri, entity.name)
    entities = sorted(used.items(), key=lambda item: item[1].casefold())
    return {
        "source": _entity_url(source),
        "network": url_for("viewer.network_page", source=source),
        "entities": [{"name": name, "url": _entity_url(iri)} for iri, name in entities],
    }


@bp.get("/curate/entities.json")
def entities() -> Response:
    """Known entities a name may stand for (the one matcher), for the page's search box."""
    settings = _settings()
    text = request.args.get("q", "").strip()[:200]
    kind = request.args.get("kind", "") or None
    if not text:
        return jsonify([])
    matcher = Matcher.for_store(_store(), base=settings.base_iri)
    found = matcher.match(text, kind=kind, limit=SEARCH_LIMIT) if kind in (
        None, "organization", "network", "event", "person", "place", "project") else []  # fmt: skip
    return jsonify([{"iri": m.iri, "label": m.label, "kind": m.kind, "score": m.score,
                     "reasons": list(m.reasons), "url": _entity_url(m.iri)}
                    for m in found])  # fmt: skip


def _entity_url(iri: str) -> str:
    return entity_url(iri)


def _relative(path: Path) -> str:
    try:
        return path.relative_to(_settings().project_dir()).as_posix()
    except ValueError:
        return str(path)


def register(app: Flask) -> None:
    """Add the curation mode to ``app``: its pages, a fresh secret token, and only the local
    host names trusted. The store must be a folder or a server: one in memory is copied for the
    pages' workers when the app starts, and would not show what a save writes."""
    if app.extensions["edgraph.store"].location == "memory":
        raise ValueError(MEMORY)
    app.config["TRUSTED_HOSTS"] = list(HOSTS)
    app.extensions["edgraph.curation.token"] = secrets.token_urlsafe(32)
    app.extensions["edgraph.curation.lock"] = threading.Lock()
    app.jinja_env.globals["curation"] = True
    app.register_blueprint(bp)

    @app.context_processor
    def token() -> dict[str, str]:
        return {"curation_token": app.extensions["edgraph.curation.token"]}

    del token
