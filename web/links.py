"""The addresses the viewer writes: of an entity, and of any page as seen from outside."""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app, request, url_for


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
