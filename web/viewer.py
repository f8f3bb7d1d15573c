"""The viewer's pages: home, search, browse, entity pages (with Cool URIs content negotiation)
and the partnership network. Views parse the request, call the core and render."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from functools import lru_cache
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.wrappers.response import Response as BaseResponse

from edgraph.analysis import MEASURE_BY_KEY, MEASURES, NUMBERING, group_names
from edgraph.catalog import FACETS, KIND_BY_KEY, KINDS, SORTS, selection
from edgraph.entity import known
from edgraph.errors import NotFoundError
from edgraph.evidence import SourceListing, source_listing
from edgraph.formats import Format, by_name, negotiate, offered, split_suffix
from edgraph.namespaces import EDGO, PREFIXES, SCHEMA
from edgraph.network import (
    Filters,
    Network,
    as_of,
    find_focus,
    from_result,
    write_gexf,
    write_graphml,
)
from edgraph.query.results import QueryResult
from edgraph.roles import BY_KEY as ROLE_BY_KEY
from edgraph.roles import BY_PREDICATE, RELATION_BY_KEY, RELATIONS

from .links import entity_url, language, remember_language, with_language
from .state import attach, client, service, views
from .words import BROWSE_WORDS, PAGE_WORDS

bp = Blueprint("viewer", __name__)


#: vis-network as pyvis ships it: served from the installed package, never from a CDN.
VIS_FILES = ("vis-network.min.js", "vis-network.css")
SEARCH_LIMIT = 12
HOME_LIST = 50  # networks, events and sources the home page lists; browsing shows the rest


# -- home, search, browse ---------------------------------------------------------------------


@bp.get("/")
def home() -> str:
    v = views()
    catalog = v.catalog
    events = sorted(
        (e for e in catalog.entities.values() if e.kind == "event" and e.years),
        key=lambda e: (min(e.years), e.label),
    )
    documents = sorted(catalog.documents.values(), key=lambda d: d.title.casefold())
    networks = catalog.of_kind("network")
    return render_template(
        "home.html",
        quads=v.quad_count,
        counts=catalog.counts_by_kind(),
        networks=networks[:HOME_LIST],
        more_networks=max(len(networks) - HOME_LIST, 0),
        events=events[-HOME_LIST:],  # the most recent
        more_events=max(len(events) - HOME_LIST, 0),
        documents=documents[:HOME_LIST],
        document_count=len(documents),
        catalog=catalog,
    )


@bp.get("/search")
def search() -> str:
    text = request.args.get("q", "")[:200]
    kind = request.args.get("kind", "")
    hits = views().catalog.search(text, limit=100, kind=kind or None) if text.strip() else []
    return render_template("search.html", q=text, hits=hits, kinds=KINDS, kind=kind)


@bp.get("/search.json")
def search_json() -> Response:
    text = request.args.get("q", "")[:200]
    hits = views().catalog.search(text, limit=SEARCH_LIMIT)
    return _json([
        {"iri": h.iri, "label": h.label, "kind": KIND_BY_KEY[h.kind].label, "matched": h.matched,
         "url": entity_url(h.iri)}
        for h in hits
    ])  # fmt: skip


@bp.get("/browse")
def browse() -> BaseResponse | str:
    """Faceted browsing; ``?_format=csv|json`` (or /browse.csv, /browse.json) downloads the
    same listing, every page of it up to ``row_cap`` rows."""
    settings = current_app.extensions["edgraph.settings"]
    selected = selection({f: request.args.getlist(f) for f in FACETS},
                         max_values=settings.browse_max_values)  # fmt: skip
    current = [(f, v) for f in FACETS for v in selected[f]]
    options = _listing_options()
    kept = [(k, v) for k, v in options.items() if v != _LISTING_DEFAULTS[k]]
    if "drop" in request.args:  # a chip's button: the same listing without that value
        dropped = {tuple(d.split(":", 1)) for d in request.args.getlist("drop")}
        rest = [pair for pair in current if pair not in dropped]
        return redirect(_browse_url(urlencode([*rest, *kept])), code=303)
    lang = language()
    catalog = views().catalog
    name = request.args.get("_format", "")
    if name:
        return _listing_download(selected, options, negotiate("listing", name=name), lang)
    page = request.args.get("page", "1")
    number = int(page) if page.isascii() and page.isdigit() and len(page) < 10 else 1
    result = catalog.browse(
        selected,
        page=number,
        language=lang,
        text=options["text"],
        sort=options["sort"],
        reference=options["reference"],
    )
    state = [*current, *kept]
    page_html = render_template(
        "browse.html", result=result, toggle=_toggles(state), current=current,
        page_link=lambda n: _browse_url(urlencode([*state, ("page", n)])),
        catalog=catalog, lang=lang, options=options, kept=kept, sorts=SORTS,
        option_link=lambda key, value: _browse_url(urlencode(
            [*current, *[(k, v) for k, v in kept if k != key]]
            + ([(key, value)] if value != _LISTING_DEFAULTS[key] else []))),
        downloads=[(f.label, url_for("viewer.browse_as", suffix=f.suffixes[0].lstrip("."))
                    + "?" + urlencode(state)) for f in offered("listing")],
        switch=with_language, words=BROWSE_WORDS,
    )  # fmt: skip
    return _by_language(page_html)


@bp.get("/browse.<suffix>")
def browse_as(suffix: str) -> BaseResponse:
    """The listing of /browse with the same parameters, as a download (.csv, .json)."""
    settings = current_app.extensions["edgraph.settings"]
    fmt = negotiate("listing", name=suffix)
    selected = selection({f: request.args.getlist(f) for f in FACETS},
                         max_values=settings.browse_max_values)  # fmt: skip
    return _listing_download(selected, _listing_options(), fmt, language())


#: A listing's options as /browse takes them, and their defaults (left out of its links).
_LISTING_DEFAULTS = {"text": "", "sort": "name", "reference": "hide"}


def _listing_options() -> dict[str, str]:
    return {k: request.args.get(k, default).strip() or default
            for k, default in _LISTING_DEFAULTS.items()}  # fmt: skip


def _listing_download(
    selected: dict[str, tuple[str, ...]], options: dict[str, str], fmt: Format, lang: str
) -> Response:
    from edgraph.export import listing_rows, write_listing

    catalog = views().catalog
    cap = current_app.extensions["edgraph.settings"].row_cap
    result = catalog.browse(
        selected,
        per_page=cap,
        language=lang,
        text=options["text"],
        sort=options["sort"],
        reference=options["reference"],
    )
    output = BytesIO()
    write_listing(listing_rows(result.entities, catalog, lang), fmt.name, output,
                  total=result.total, truncated=result.total > len(result.entities))  # fmt: skip
    response = _download(output.getvalue(), fmt.media_type, "entities" + fmt.suffixes[0])
    response.headers["X-Edgraph-Truncated"] = "true" if result.total > cap else "false"
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


def _by_language(html: str) -> Response:
    """A page whose words follow the reader's language (and that keeps a ``?lang=`` choice)."""
    response = Response(html, mimetype="text/html")
    response.headers["Vary"] = "Accept, Accept-Language, Cookie"
    return remember_language(response)


def _toggles(current: list[tuple[str, str]]) -> Callable[[str, str], str]:
    """Links that add a value to the selection ``current`` or take one away. Each link is as
    long as the selection, so the page makes a bounded number of them (the first values of
    each facet); the chips that take one value away each are buttons of one form instead, or
    the page would grow with the square of the selection."""
    encoded = {pair: urlencode([pair]) for pair in current}  # each pair encoded once
    everything = "&".join(encoded.values())

    def toggle(facet: str, value: str) -> str:
        if (facet, value) in encoded:
            rest = "&".join(e for pair, e in encoded.items() if pair != (facet, value))
            return _browse_url(rest)
        added = urlencode([(facet, value)])
        return _browse_url(f"{everything}&{added}" if everything else added)

    return toggle


def _browse_url(query: str) -> str:
    return url_for("viewer.browse") + ("?" + query if query else "")


# -- entities: pages, data, Cool URIs ---------------------------------------------------------


@bp.get("/id/<path:rest>")
def cool_uri(rest: str) -> BaseResponse:
    """The entity IRI itself. A suffix (``.ttl``, ``.nt``, ``.rdf``, ``.jsonld``) answers with
    that document; otherwise 303 See Other to the HTML page or the data, as Accept asks."""
    base = current_app.extensions["edgraph.settings"].base_iri
    stem, suffixed = split_suffix(rest, "description")
    if suffixed is not None:
        return _entity_data(base + stem, suffixed)
    iri = base + rest
    fmt = _negotiate_entity()
    _require_known(iri)
    target = url_for("viewer.page", rest=rest) if fmt is None else f"/id/{rest}{fmt.suffixes[0]}"
    response = redirect(target, code=303)
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/page/<path:rest>")
def page(rest: str) -> Response:
    base = current_app.extensions["edgraph.settings"].base_iri
    return _entity_page(base + rest)


@bp.get("/resource")
def resource() -> Response:
    """Any IRI the store knows, including terms outside the dataset's base (classes, sources);
    ``format`` gives its data instead of its page."""
    iri = request.args.get("iri", "").strip()
    if not iri:
        raise NotFoundError("give the IRI of a resource: /resource?iri=...")
    name = request.args.get("format", "")
    if name:
        return _entity_data(iri, negotiate("description", name=name))
    return _entity_page(iri)


def _entity_page(iri: str) -> Response:
    import pyoxigraph as ox

    from edgraph.analysis import analysis_graph
    from edgraph.entity import PARTS, describe

    v = views()
    catalog = v.catalog
    settings = current_app.extensions["edgraph.settings"]
    lang = language()
    described = describe(_page_run, catalog, iri, row_cap=settings.page_row_cap, language=lang,
                         measures_graph=analysis_graph(settings.base_iri))  # fmt: skip
    cited = sorted({s for g in described.roles + described.details for st in g.statements
                    for s in st.sources} | {r.source for rows in described.claims.values()
                                            for r in rows if r.source})  # fmt: skip
    data_links = [(f.label, f.media_type, _data_link(iri, f)) for f in offered("description")]
    listing = _source_listing(iri, described.types)
    if listing is not None:  # its evidence nodes are listed with what they say, not by name
        nodes = {ox.NamedNode(st.evidence) for st in listing.statements}
        for group in described.roles + described.details:
            group.statements = [st for st in group.statements if st.value not in nodes]
        described.roles = [g for g in described.roles if g.statements]
        described.details = [g for g in described.details if g.statements]
    # While the network is still being read (a large store, just started), the page does not
    # wait for it: it offers the network around the entity, which may then be empty.
    network = v.network_if_ready()
    return _by_language(render_template(
        "entity.html", page=described, title=catalog.label(iri, lang), catalog=catalog,
        kind=KIND_BY_KEY.get(described.entity.kind) if described.entity else None,
        cited=cited, number={s: i for i, s in enumerate(cited, 1)}, data_links=data_links,
        in_network=network is None or iri in network.nodes, parts=PARTS, lang=lang,
        switch=with_language, words=PAGE_WORDS, listing=listing, stated_as=_stated_as,
    ))  # fmt: skip


def _source_listing(iri: str, types: list[str]) -> SourceListing | None:
    """What a source document states, for its page (None for any other resource)."""
    if iri not in views().catalog.documents and SCHEMA + "NewsArticle" not in types:
        return None
    settings = current_app.extensions["edgraph.settings"]
    return source_listing(_page_run, iri, row_cap=settings.page_row_cap)


def _stated_as(predicate: str) -> str:
    """How a statement reads between its subject and its object: "hosted by"."""
    role = BY_PREDICATE.get(predicate)
    return role.outgoing.en if role is not None else views().catalog.label(predicate)


def _page_run(query: str) -> QueryResult:
    """A page's own query, run where it can be stopped: in a query worker of the pages' pool,
    within the time and memory limits of every query (its rows are bounded by the LIMITs of the
    query itself)."""
    from edgraph.query import QueryRequest, QueryService

    pages: QueryService = current_app.extensions["edgraph.page_queries"]
    return pages.result(QueryRequest(query, full=True))


def _data_link(iri: str, fmt: Format) -> str:
    url = entity_url(iri)
    if url.startswith("/id/"):
        return url + fmt.suffixes[0]
    return url_for("viewer.resource", iri=iri, format=fmt.name)


def _negotiate_entity() -> Format | None:
    """None for HTML (browsers, and clients that say nothing), else the RDF format asked for."""
    fmt = negotiate("entity", accept=request.headers.get("Accept"))
    return None if fmt.kind == "page" else fmt


def _require_known(iri: str) -> None:
    if not known(views().store.query, iri):
        raise NotFoundError(f"the dataset has nothing about <{iri}>")


def _entity_data(iri: str, fmt: Format) -> Response:
    """What the dataset says about ``iri`` (statements about it and statements pointing at it,
    from every named graph, each once), in ``fmt``; at most ``page_row_cap`` of each kind, as
    its page (when cut, the header ``X-Edgraph-Truncated`` says so and ``Link`` names the query
    that gives all of them)."""
    import pyoxigraph as ox

    from edgraph.entity import data, data_query

    row_cap = current_app.extensions["edgraph.settings"].page_row_cap
    found = data(_page_run, iri, row_cap=row_cap)
    body = ox.serialize(found.triples, format=fmt.rdf_format(), prefixes=dict(PREFIXES))
    response = Response(body, mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    links = [f'<{entity_url(iri)}>; rel="describes"']
    if found.cut:
        everything = url_for("sparql.endpoint", query=data_query(iri, None), format=fmt.name,
                             full="1")  # fmt: skip
        links.append(f'<{everything}>; rel="alternate"; title="all of it"')
    response.headers["Link"] = ", ".join(links)
    response.headers["X-Edgraph-Truncated"] = "true" if found.cut else "false"
    return response


# -- the network ------------------------------------------------------------------------------


@bp.get("/network")
def network_page() -> str:
    v = views()
    catalog = v.catalog
    filters, focus = _view_filters()
    query = request.args.get("query", "")
    # the page's data leaves the year out: the time range is the browser's, and a legacy
    # ``year`` (as of that year) only sets its end
    data_params = [("query", query)] if query else dataclasses.replace(filters, year=None).params()
    if focus:  # the name as asked, so that the link says what the reader typed
        data_params = [(k, focus["asked"] if k == "focus" else v) for k, v in data_params]
    export_params = data_params + ([("year", str(filters.year))] if filters.year else [])
    return render_template(
        "network.html",
        filters=filters,
        query=query,
        data_url=url_for("viewer.network_data") + "?" + urlencode(data_params),
        export_query=urlencode(export_params),
        kinds=KINDS,
        relations=RELATIONS,
        networks=catalog.of_kind("network"),
        countries=sorted(
            {c for e in catalog.entities.values() for c in e.countries},
            key=catalog.label,
        ),
        documents=sorted(catalog.documents.values(), key=lambda d: d.title.casefold()),
        catalog=catalog,
        focus=focus,
        focus_label=focus["label"] if focus else "",
        measures=MEASURES,
        colours=COLOUR_BY,
    )


@bp.get("/network.json")
def network_data() -> Response:
    return _json(_network_json(_current_network(), _view_filters()[1]))


@bp.get("/network.graphml")
def network_graphml() -> Response:
    output = BytesIO()
    write_graphml(_current_network(), views().catalog, output)
    return _download(output.getvalue(), by_name("graphml", "network").media_type, "network.graphml")


@bp.get("/network.gexf")
def network_gexf() -> Response:
    output = BytesIO()
    write_gexf(_current_network(), views().catalog, output)
    return _download(output.getvalue(), by_name("gexf", "network").media_type, "network.gexf")


@bp.get("/network.xlsx")
def network_kumu_xlsx() -> Response:
    """The view as Kumu's two sheets in one workbook, with provenance (edgraph import reads it)."""
    from edgraph.kumu import write_kumu_xlsx

    output = BytesIO()
    write_kumu_xlsx(_kumu_tables(), output)
    return _download(output.getvalue(), by_name("kumu-xlsx", "sheets").media_type,
                     "network.xlsx")  # fmt: skip


@bp.get("/network-<sheet>.csv")
def network_kumu_csv(sheet: str) -> Response:
    """One of Kumu's two sheets of the view as CSV: ``elements`` or ``connections``."""
    from edgraph.sheets import CONNECTION_COLUMNS, ELEMENT_COLUMNS, write_csv

    if sheet not in ("elements", "connections"):
        abort(404)
    tables = _kumu_tables()
    output = StringIO()
    if sheet == "elements":
        write_csv(output, ELEMENT_COLUMNS, tables.elements)
    else:
        write_csv(output, CONNECTION_COLUMNS, tables.connections)
    return _download(output.getvalue().encode(), "text/csv; charset=utf-8",
                     f"network-{sheet}.csv")  # fmt: skip


def _kumu_tables() -> Any:
    from edgraph.kumu import kumu_tables

    return kumu_tables(current_app.extensions["edgraph.store"], _current_network(),
                       views().catalog)  # fmt: skip


@bp.get("/network.html")
def network_standalone() -> Response:
    """The current view as one HTML file that works offline, from a disk, with no server."""
    static = Path(current_app.static_folder or "")
    page = render_template(
        "network_standalone.html",
        data=_network_json(_current_network()),
        vis_js=_vendor_text("vis-network.min.js"),
        vis_css=_vendor_text("vis-network.css"),
        script=(static / "network.js").read_text(encoding="utf-8"),
        css=(static / "edgraph.css").read_text(encoding="utf-8"),
        measures=MEASURES,
        colours=COLOUR_BY,
    )
    return _download(page.encode(), "text/html", "network.html")


@bp.get("/vendor/vis-network/<name>")
def vendor(name: str) -> Response:
    if name not in VIS_FILES:
        abort(404)
    response = send_from_directory(_vis_folder(), name, max_age=86400)
    return response


@lru_cache(maxsize=1)
def _vis_folder() -> str:
    import pyvis

    return str(Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2")


@lru_cache(maxsize=2)
def _vendor_text(name: str) -> str:
    text = (Path(_vis_folder()) / name).read_text(encoding="utf-8")
    # it goes inside <script> / <style> of the standalone page
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


#: Colours of communities and components (Tableau 10), by number; kinds keep their own.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")  # fmt: skip


def _measure_arg(name: str) -> str:
    """A measure named by a query parameter (``color=community``, ``size=pagerank``)."""
    value = request.args.get(name, "")
    return value if value in MEASURE_BY_KEY else ""


def _filters() -> Filters:
    settings = current_app.extensions["edgraph.settings"]
    return Filters.from_params(request.args.to_dict(flat=False),
                               max_nodes=settings.network_max_nodes)  # fmt: skip


def _view_filters() -> tuple[Filters, dict[str, Any] | None]:
    """The filters with ``focus`` read as an IRI or a name: the best match in the network
    stands for it, the next ones are offered; what was asked and found goes with the view."""
    filters = _filters()
    if not filters.focus or request.args.get("query"):
        return filters, None
    v = views()
    found = find_focus(v.network, v.catalog, filters.focus)
    focus = {
        "asked": filters.focus,
        "iri": found[0] if found else "",
        "label": v.catalog.label(found[0]) if found else "",
        "others": [{"iri": iri, "label": v.catalog.label(iri)} for iri in found[1:]],
    }
    return (dataclasses.replace(filters, focus=found[0]) if found else filters), focus


def _current_network() -> Network:
    """The partnership network as the filters ask, or the network of a query's answer."""
    v = views()
    query = request.args.get("query", "")
    if query:
        from edgraph.query import QueryRequest

        result = service().result(QueryRequest(query, client=client()))
        filters = _filters()
        network = from_result(result, v.catalog, max_nodes=filters.max_nodes)
        return as_of(network, filters.year) if filters.year is not None else network
    return v.view(_view_filters()[0])


#: What the network page can colour nodes by (the browser does it from each node's fields).
COLOUR_BY = (("kind", "kind"), ("community", "community (saved by edgraph analyze)"),
             ("network", "network"), ("country", "country"), ("sector", "sector"))  # fmt: skip


def _network_json(network: Network, focus: dict[str, Any] | None = None) -> dict[str, Any]:
    """The view for network.js: nodes, ties, and once each the relations and the sources
    that ties refer to by key and by index (a 10,000-tie view stays a few MB)."""
    catalog = views().catalog
    degree = network.degree()
    colour_by, size_by = _measure_arg("color"), _measure_arg("size")
    largest = max((n.measures.get(size_by, 0) for n in network.nodes.values()), default=0)
    # a community or component is named by its most central members, not only numbered
    named = {}
    if colour_by in NUMBERING:
        named = group_names(views().measures, colour_by, catalog.label)
    nodes = []
    for iri, node in network.nodes.items():
        kind = KIND_BY_KEY.get(node.kind)
        item: dict[str, Any] = {
            "id": iri, "label": node.label, "kind": kind.label if kind else "other",
            "color": kind.colour if kind else "#adb5bd", "url": entity_url(iri),
            "size": round(8 + 40 * node.centrality ** 0.5, 1), "degree": degree.get(iri, 0),
            "year": node.year,
        }  # fmt: skip
        if colour_by and colour_by in node.measures:  # a measure's value picks the colour
            item["color"] = PALETTE[int(node.measures[colour_by]) % len(PALETTE)]
            item["kind"] += (
                f", {MEASURE_BY_KEY[colour_by].label.lower()} {node.measures[colour_by]:g}"
            )
            if name := named.get(int(node.measures[colour_by])):
                item["kind"] += f": {name}"
        if size_by and largest:
            item["size"] = round(8 + 40 * (node.measures.get(size_by, 0) / largest) ** 0.5, 1)
        if node.x is not None:
            item["x"], item["y"] = node.x, node.y
        item.update(_facets(iri, node.label))
        if node.measures:
            item["measures"] = node.measures
        nodes.append(item)
    sources: dict[str, int] = {}
    relations: dict[str, dict[str, Any]] = {}
    edges = []
    for number, edge in enumerate(network.edges):
        if edge.relation not in relations:
            known = RELATION_BY_KEY.get(edge.relation)
            role = ROLE_BY_KEY.get(known.role) if known else None
            relations[edge.relation] = {
                "label": known.label if known else edge.relation,
                "color": known.colour if known else "#868e96",
                "dashes": known.dashes if known else False,
                # how the tie reads on the page of its end (the thing the agent acts towards)
                "incoming": (role.incoming if role.agent_first else role.outgoing).en
                if role
                else "",
            }
        # each piece of evidence: [source index, paragraph or null] and its quote when it has one
        evidence = sorted(edge.evidence, key=lambda ev: ev.key())
        item = {"id": number, "from": edge.source, "to": edge.target, "relation": edge.relation,
                "year": edge.year, "weight": edge.weight,
                "evidence": [[sources.setdefault(ev.source, len(sources)), ev.paragraph]
                             + ([ev.quote] if ev.quote else []) for ev in evidence]}  # fmt: skip
        if edge.label:
            item["label"] = edge.label
        edges.append(item)
    documents = catalog.documents
    cited = []
    for iri in sources:  # in index order
        doc = documents.get(iri)
        cited.append({
            "iri": iri, "title": doc.title if doc else catalog.label(iri), "url": entity_url(iri),
            "publisher": catalog.label(doc.publisher) if doc and doc.publisher else "",
            "published": doc.published if doc else "",
        })  # fmt: skip
    years = network.years()
    saved = {key for node in network.nodes.values() for key in node.measures}
    note = network.note
    if focus and not focus["iri"]:
        note = (f"Nothing in the network is named “{focus['asked']}”: type a few letters of a "
                "name or an alias and pick one of the suggestions.")  # fmt: skip
    return {"nodes": nodes, "edges": edges, "relations": relations, "sources": cited,
            "note": note, "years": [years[0], years[-1]] if years else None,
            "measures": [{"key": m.key, "label": m.label, "help": m.help}
                         for m in MEASURES if m.key in saved],
            "focus": focus, "kinds": {k.label: k.colour for k in KINDS},
            # the communities by the names of their most central members, for the legend
            "groups": {key: group_names(views().measures, key, catalog.label)
                       for key in NUMBERING if key in saved}}  # fmt: skip


def _facets(iri: str, label: str) -> dict[str, Any]:
    """What the browser colours, searches and profiles a node by: aliases, countries,
    networks (by name) and, for an organization, its sector (its most specific class)."""
    catalog = views().catalog
    entity = catalog.get(iri)
    if entity is None:
        return {}
    facets: dict[str, Any] = {}
    aliases = sorted({n.text for n in entity.names if n.text != label})[:6]
    if aliases:
        facets["aliases"] = aliases
    if entity.countries:
        facets["countries"] = sorted(catalog.label(c) for c in entity.countries)
    if entity.networks:
        facets["networks"] = sorted(catalog.label(n) for n in entity.networks if n != iri)
    if entity.kind == "network":
        facets["networks"] = [label]
    if entity.kind == "organization" and entity.classes:
        sector = min(catalog.label(c) for c in entity.classes)
        facets["sector"] = sector[:1].upper() + sector[1:]
    return facets


def _json(data: Any) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), mimetype="application/json")


def _download(body: bytes, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def register(app: Flask) -> None:
    attach(app, app.extensions["edgraph.store"])
    app.register_blueprint(bp)
    app.jinja_env.globals["entity_url"] = entity_url
    app.jinja_env.globals["EDGO"] = EDGO
    app.jinja_env.globals["SCHEMA"] = SCHEMA


@bp.get("/legend.css")
def legend_css() -> Response:
    """Colours of kinds and relations as classes: the pages' policy allows no inline style."""
    return Response(_legend_css(), mimetype="text/css", headers={"Cache-Control": "max-age=3600"})


@lru_cache(maxsize=1)
def _legend_css() -> str:
    rules = [f".kind-{k.key} {{ background: {k.colour}; }}" for k in KINDS]
    # solid: in the network view a dashed tie is an undated one, whatever its relation
    rules += [f".relation-{r.key} {{ border-top: 3px solid {r.colour}; }}" for r in RELATIONS]
    return "\n".join(rules) + "\n"
