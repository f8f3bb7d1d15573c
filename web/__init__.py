"""The Flask viewer: an app factory over the core. Views only translate requests and errors."""

from __future__ import annotations

import dataclasses
import json
import threading

from flask import Flask, Response, render_template, request

from edgraph.errors import EdgraphError
from edgraph.sandbox import QueryService
from edgraph.settings import Settings
from edgraph.store import Store

#: Pages load nothing from anywhere but this app; no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
#: On every response.
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    queries: QueryService | None = None,
    *,
    warm: bool = False,
) -> Flask:
    """The viewer over ``store`` (opened from ``settings`` when not given); user queries run
    in ``queries`` (a pool of worker processes over the same store, started when not given),
    entity pages in a second pool of as many workers over the same store.
    With ``warm``, what the pages derive from the store is read in the background at once (and
    again after each new build) instead of by the first page that needs it."""
    from edgraph.web import dataset, sparql, viewer

    from edgraph.sandbox import Limits
    from edgraph.store import store_for

    settings = settings or Settings.load()
    store = store or store_for(settings)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 1_000_000
    app.extensions["edgraph.settings"] = settings
    app.extensions["edgraph.store"] = store
    app.extensions["edgraph.queries"] = queries = queries or QueryService.for_store(
        store, Limits.from_settings(settings), workers=settings.query_workers
    )
    # Entity and resource pages read the store through workers of their own, over the same
    # folder with the same time and memory limits, so that SPARQL clients holding every query
    # worker (slow queries up to their time limit) do not hold up the pages too. Their queries
    # are the viewer's own: at the server's CPU priority, and with no SERVICE to call.
    app.extensions["edgraph.page_queries"] = QueryService(
        queries.location, dataclasses.replace(queries.limits, service_allow=()),
        workers=settings.query_workers, remote=queries.remote, nice=0,
    )  # fmt: skip
    sparql.register(app)
    viewer.register(app)
    dataset.register(app)
    swapping = threading.Lock()

    def warm_up() -> None:
        if warm:
            threading.Thread(target=viewer.views(app).warm, daemon=True).start()

    @app.before_request
    def follow_builds() -> None:
        """A build or `edgraph analyze` made while serving: answer from the new store, with
        what the pages derive from it read afresh (the query workers follow on their own)."""
        served = app.extensions["edgraph.store"]
        newer = served.latest()
        if newer is not served:
            with swapping:
                if app.extensions["edgraph.store"] is served:
                    app.extensions["edgraph.store"] = newer
                    viewer.attach(app, newer)
                    dataset.attach(app, newer)
                    warm_up()

    warm_up()

    @app.after_request
    def secure_headers(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.errorhandler(EdgraphError)
    def user_error(error: EdgraphError) -> Response | tuple[str, int]:
        if request.path.endswith(".json"):  # asked for by a script: it shows the message
            return Response(json.dumps({"error": str(error)}), status=error.status,
                            mimetype="application/json")  # fmt: skip
        return render_template("error.html", message=str(error)), error.status

    return app
