"""The addresses the viewer writes: of an entity, and of any page as seen from outside."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, current_app, request, url_for


def entity_url(iri: str) -> str:
    """The viewer's address for ``iri``: its own path when it is under the dataset's base."""
    base = current_app.extensions["edgraph.settings"].base_iri
    if iri.startswith(base) and len(iri) > len(base):
        return "/id/" + quote(iri[len(base) :], safe="/:@!$&'()*+,;=-._~")
    return url_for("viewer.resource", iri=iri)


def external(path: str) -> str:
    """The absolute URL of ``path`` (relative to the viewer's root): under ``public_url`` when
    it is set, else under the request's own address (whose host Flask has checked against
    ``trusted_hosts``)."""
    public = current_app.extensions["edgraph.settings"].public_url
    return (public or request.url_root) + path.lstrip("/")


#: The cookie that keeps the language a reader chose with ``?lang=``.
LANGUAGE_COOKIE = "lang"


def language() -> str:
    """The language pages speak to this request: ``?lang=`` (a link anyone can share), else
    the cookie a former ``?lang=`` left, else the best the browser's Accept-Language allows
    among those edgraph speaks, else English."""
    from edgraph.catalog import LANGUAGES

    for asked in (request.args.get("lang", ""), request.cookies.get(LANGUAGE_COOKIE, "")):
        if asked in LANGUAGES:
            return asked
    return request.accept_languages.best_match(LANGUAGES, default=LANGUAGES[0]) or LANGUAGES[0]


def with_language(code: str) -> str:
    """This page's address in another language: its query with ``lang`` set to ``code``."""
    from urllib.parse import urlencode

    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return request.path + "?" + urlencode([*args, ("lang", code)])


def remember_language(response: Response) -> Response:
    """Keep a ``?lang=`` the reader chose for the next pages, and say the page depends on it."""
    from edgraph.catalog import LANGUAGES

    asked = request.args.get("lang", "")
    if asked in LANGUAGES and request.cookies.get(LANGUAGE_COOKIE) != asked:
        response.set_cookie(LANGUAGE_COOKIE, asked, max_age=365 * 86400, samesite="Lax")
    return response
