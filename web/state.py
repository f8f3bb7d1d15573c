"""What the app serves, shared by every blueprint: the catalog, measures and network read from
the store (:class:`Views`), the query services, and who is asking."""

from __future__ import annotations

import contextlib
import threading
from functools import cached_property

from flask import Flask, current_app, request
from werkzeug.wrappers import Request

from edgraph.analysis import stored_measures
from edgraph.catalog import Catalog
from edgraph.errors import EdgraphError
from edgraph.network import Filters, Network, attach_measures, partnership_network, view
from edgraph.query import QueryService
from edgraph.query.admission import client_key
from edgraph.store import Store

#: Network views kept laid out (a spring layout of a few hundred nodes takes a quarter second).
VIEW_CACHE = 32


class Views:
    """The catalog and the network, read from the store once and shared by all requests. Each
    has a lock of its own, so pages that need only the catalog are not held up while the
    network is computed."""

    def __init__(self, store: Store, base_iri: str) -> None:
        self.store = store
        self._base_iri = base_iri
        self._locks = {n: threading.Lock() for n in ("catalog", "measures", "network", "views")}
        self._catalog: Catalog | None = None
        self._network: Network | None = None
        self._measures: dict[str, dict[str, float]] | None = None
        self._views: dict[Filters, Network] = {}

    @property
    def catalog(self) -> Catalog:
        with self._locks["catalog"]:
            if self._catalog is None:
                self._catalog = Catalog.load(self.store)
            return self._catalog

    @cached_property
    def quad_count(self) -> int:
        return self.store.quad_count()

    @property
    def measures(self) -> dict[str, dict[str, float]]:
        """The measures `edgraph analyze` saved: measure key -> organization -> value."""
        with self._locks["measures"]:
            if self._measures is None:
                self._measures = stored_measures(self.store, self._base_iri)
            return self._measures

    @property
    def network(self) -> Network:
        catalog, measures = self.catalog, self.measures
        with self._locks["network"]:
            if self._network is None:
                network = partnership_network(self.store, catalog)
                attach_measures(network, measures)
                network.incident()
                self._network = network
            return self._network

    def network_if_ready(self) -> Network | None:
        """The network; None, without waiting, while another thread is reading it."""
        if self._network is None and not self._locks["network"].locked():
            return self.network
        return self._network

    def warm(self) -> None:
        """Read the catalog, measures and network now rather than on the first page that needs
        them (``edgraph serve`` calls it in the background when it starts)."""
        with contextlib.suppress(EdgraphError):  # the pages will say what is wrong
            self.catalog.browse({})  # the listing's order and counts, kept by the catalog
            self.network  # noqa: B018 (reading it computes it)

    def view(self, filters: Filters) -> Network:
        """A view of the network, laid out once: the page, its JSON and its exports ask for
        the same view one after the other."""
        network, catalog = self.network, self.catalog
        with self._locks["views"]:
            cached = self._views.pop(filters, None)
        if cached is None:
            cached = view(network, catalog, filters)
        with self._locks["views"]:
            self._views[filters] = cached  # most recent last
            while len(self._views) > VIEW_CACHE:
                del self._views[next(iter(self._views))]
        return cached


def views(app: Flask | None = None) -> Views:
    """The catalog, measures and network of the store being served."""
    return (app or current_app).extensions["edgraph.views"]  # type: ignore[no-any-return]


def attach(app: Flask, store: Store) -> None:
    """Serve ``store``: catalog, network and measures are read afresh when first asked for."""
    app.extensions["edgraph.views"] = Views(store, app.extensions["edgraph.settings"].base_iri)


def service(app: Flask | None = None) -> QueryService:
    """The query workers of SPARQL clients (the pages have a pool of their own)."""
    return (app or current_app).extensions["edgraph.queries"]  # type: ignore[no-any-return]


def client(req: Request | None = None) -> str | None:
    """Who is asking, for the per-client limits (the proxy's X-Forwarded-For when the server
    trusts it: waitress puts it in REMOTE_ADDR)."""
    return client_key((req or request).remote_addr)
