"""The Flask viewer: an app factory over the core. Views only translate requests and errors."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, render_template

from edgraph.errors import EdgraphError
from edgraph.sandbox import QueryService
from edgraph.settings import Settings
from edgraph.store import Store

#: Pages load nothing from anywhere but this app; no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    queries: QueryService | None = None,
) -> Flask:
    """The viewer over ``store`` (opened from ``settings`` when not given); user queries run
    in ``queries`` (a pool of worker processes over the same store, started when not given)."""
    from edgraph.web import sparql

    from edgraph.sandbox import Limits
    from edgraph.store import open_store

    settings = settings or Settings.load()
    store = store or open_store(settings.store_location())
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 1_000_000
    app.extensions["edgraph.settings"] = settings
    app.extensions["edgraph.store"] = store
    app.extensions["edgraph.queries"] = queries or QueryService.for_store(
        store, Limits.from_settings(settings), workers=settings.query_workers
    )
    sparql.register(app)

    @app.after_request
    def secure_headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.errorhandler(EdgraphError)
    def user_error(error: EdgraphError) -> tuple[str, int]:
        return render_template("error.html", message=str(error)), error.status

    @app.get("/")
    def home() -> str:
        from edgraph.stats import dataset_stats

        stats = dataset_stats(_store(app))
        return render_template("home.html", stats=stats, classes=_labelled(stats.own_classes()))

    return app


def _store(app: Flask) -> Store:
    return app.extensions["edgraph.store"]  # type: ignore[no-any-return]


def _labelled(classes: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"iri": iri, "name": iri.rsplit("#", 1)[-1], "count": n} for iri, n in classes]
