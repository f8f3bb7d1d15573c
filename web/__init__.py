"""The Flask viewer: an app factory over the core. Views only translate requests and errors."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import threading
from collections.abc import Callable

from flask import Flask, Response, g, render_template, request
from werkzeug.exceptions import SecurityError

from edgraph.errors import BusyError, EdgraphError
from edgraph.query import QueryService
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


def error_headers(error: EdgraphError) -> dict[str, str]:
    """Headers an error's response carries: ``Retry-After`` when trying again later helps."""
    return {"Retry-After": str(error.retry_after)} if isinstance(error, BusyError) else {}


def plain_error(error: EdgraphError) -> Response:
    """A user error as the SPARQL protocol answers it: the message, as plain text."""
    return Response(str(error) + "\n", status=error.status, mimetype="text/plain",
                    headers=error_headers(error))  # fmt: skip


def show_errors(render: Callable[[EdgraphError], Response]) -> None:
    """Have the app's error handler answer the user errors of the rest of this request with
    ``render``, for a view whose errors belong in an answer of its own kind: the endpoint's
    plain text (:func:`plain_error`), the workbench's page with the query that failed."""
    g.edgraph_errors = render


def trusted_hosts(settings: Settings) -> list[str] | None:
    """Flask's ``TRUSTED_HOSTS`` for ``settings``: None (any host) when they say ``*``."""
    from urllib.parse import urlsplit

    if "*" in settings.trusted_hosts:
        return None
    hosts = list(settings.trusted_hosts)
    if settings.public_url:
        hosts.append(urlsplit(settings.public_url).hostname or "")
    return hosts


def trust_host(app: Flask, host: str) -> None:
    """Also answer for ``host``, the address the server listens on (unless it is every
    address: then only the trusted hosts are)."""
    trusted = app.config["TRUSTED_HOSTS"]
    if trusted is not None and host not in ("", "0.0.0.0", "::", "*") and host not in trusted:  # noqa: S104
        trusted.append(host)


def serve_store(app: Flask, store: Store) -> None:
    """Answer from ``store`` from now on, with what the pages derive from it read afresh."""
    from . import dataset, state

    app.extensions["edgraph.store"] = store
    state.attach(app, store)
    dataset.attach(app, store)


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    queries: QueryService | None = None,
    *,
    warm: bool = False,
    curation: bool = False,
) -> Flask:
    """The viewer over ``store`` (opened from ``settings`` when not given); user queries run
    in ``queries`` (a pool of worker processes over the same store, started when not given),
    entity pages in a second pool of as many workers over the same store.
    With ``warm``, what the pages derive from the store is read in the background at once (and
    again after each new build) instead of by the first page that needs it. With ``curation``,
    the curation pages too (``edgraph curate``; see :mod:`edgraph.web.curate`)."""
    from edgraph.location import store_for
    from edgraph.query import Limits

    from . import charts, dataset, sparql, state, viewer

    settings = settings or Settings.load()
    store = store or store_for(settings)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 1_000_000
    app.config["TRUSTED_HOSTS"] = trusted_hosts(settings)
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
    charts.register(app)
    if curation:
        from . import curate

        curate.register(app)
    swapping = threading.Lock()

    def read_ahead() -> None:
        state.views(app).warm()
        app.extensions["edgraph.described"].warm()

    def warm_up() -> None:
        if warm:
            threading.Thread(target=read_ahead, daemon=True).start()

    @app.before_request
    def follow_builds() -> None:
        """A build or `edgraph analyze` made while serving: answer from the new store, with
        what the pages derive from it read afresh (the query workers follow on their own)."""
        served = app.extensions["edgraph.store"]
        newer = served.latest()
        if newer is not served:
            with swapping:
                if app.extensions["edgraph.store"] is served:
                    serve_store(app, newer)
                    warm_up()

    warm_up()

    @app.after_request
    def secure_headers(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError) -> Response:
        host = request.environ.get("HTTP_HOST", "")
        message = (f"this server does not answer for the host {host!r}; its operator can add it "
                   "to the setting trusted_hosts, or set public_url")  # fmt: skip
        return Response(message + "\n", status=400, mimetype="text/plain")

    @app.errorhandler(EdgraphError)
    def user_error(error: EdgraphError) -> Response:
        """The one place where a user's mistake becomes a response, with its status: as the
        view asked (:func:`show_errors`), else JSON for a script, else the error page. Anything
        else is a bug: Flask logs it and answers 500."""
        render: Callable[[EdgraphError], Response] | None = g.get("edgraph_errors")
        if render is not None:
            with contextlib.suppress(EdgraphError):  # showing it failed too: the error page
                return render(error)
        headers = error_headers(error)
        if request.path.endswith(".json"):  # asked for by a script: it shows the message
            return Response(json.dumps({"error": str(error)}), status=error.status,
                            mimetype="application/json", headers=headers)  # fmt: skip
        return Response(render_template("error.html", message=str(error)),
                        status=error.status, headers=headers)  # fmt: skip

    return app
