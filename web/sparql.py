"""``/sparql``: the SPARQL 1.1 Protocol endpoint, its service description, and the workbench
(the endpoint's HTML face); ``/queries/<name>``: canned queries with parameters.

Only translation lives here: a request becomes a :class:`~edgraph.query.service.QueryRequest`, an
answer or an error becomes a response. Limits and refusals are the core's.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
from collections.abc import Sequence
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wrappers import Request
from werkzeug.wrappers.response import Response as BaseResponse

from edgraph.errors import (
    EdgraphError,
    NotFoundError,
    ProtocolError,
    QueryRefusedError,
    UnsupportedFormatError,
)
from edgraph.examples import Choice, Example, Param, bind, choices, example, examples
from edgraph.formats import Format, by_name, negotiate, of_kind, wants_page
from edgraph.namespaces import PREFIXES, shorten
from edgraph.query import Answer, QueryRequest, QueryService
from edgraph.query.plan import QueryPlan

from . import SECURITY_HEADERS, error_headers, plain_error, show_errors
from .links import entity_url, external
from .state import client, service

bp = Blueprint("sparql", __name__)

PAGE_SIZE = 100
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"


# -- the endpoint -------------------------------------------------------------------------------


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint() -> Response:
    if request.method == "OPTIONS":
        return Response(status=204)
    show_errors(plain_error)
    params = _protocol_params(request)
    wants_html = _wants_html(request, params)
    if wants_html:
        show_errors(lambda error: _workbench(None, params, error=error))
    qr = _query_request(request, params)
    if wants_html:
        return _workbench(qr, params)
    if qr is None:
        if request.method == "POST":
            raise ProtocolError(
                "a POST to /sparql must carry a query: a 'query' form parameter, or the "
                "query itself as an application/sparql-query body"
            )
        return _description(params)
    return _run(request, qr, params, service())


class Protocol:
    """The endpoint's hot path, in front of the Flask app: a query asked for as data (not as
    the workbench page) is answered here, by the same functions as :func:`endpoint` but
    without Flask's request context and hooks, which cost more than a small query does.
    Everything else (pages, the workbench, the service description, OPTIONS) goes on to Flask.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.flask = app.wsgi_app

        class _Request(Request):
            max_content_length = app.config["MAX_CONTENT_LENGTH"]

        self._request = _Request
        self._headers = {**SECURITY_HEADERS, **cors_headers(app, "/sparql")}

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") != "/sparql" or environ["REQUEST_METHOD"] not in _FAST:
            return self.flask(environ, start_response)
        trusted = self.app.config["TRUSTED_HOSTS"]
        if trusted is not None and not host_is_trusted(environ.get("HTTP_HOST"), trusted):
            return self.flask(environ, start_response)  # which refuses it, as any page
        req = self._request(environ)
        response: BaseResponse
        try:
            params = _protocol_params(req)
            qr = None if _wants_html(req, params) else _query_request(req, params)
            if qr is None:  # a page or the service description: Flask, which reads the body again
                environ["wsgi.input"] = io.BytesIO(req.get_data(cache=True))
                return self.flask(environ, start_response)
            response = _run(req, qr, params, service(self.app))
        except EdgraphError as error:  # outside Flask, whose handler would say the same
            response = plain_error(error)
        except HTTPException as exc:  # a body over the size limit
            response = exc.get_response(environ)
        response.headers.update(self._headers)
        # What werkzeug's Response.__call__ does, less what these responses never need (HEAD,
        # relative Location headers); a streamed body is closed by the server when it is done.
        start_response(response.status, response.headers.to_wsgi_list())
        return response.response


_FAST = ("GET", "POST")


def _query_request(req: Request, params: dict[str, list[str]]) -> QueryRequest | None:
    """The query asked for (None: no query, the service description or the empty workbench);
    an update, or two queries, is refused."""
    if "update" in params or req.mimetype == "application/sparql-update":
        raise QueryRefusedError(
            "this endpoint runs queries only; SPARQL Update is refused, the data is read-only"
        )
    queries = params.get("query", [])
    if len(queries) > 1:
        raise QueryRefusedError(f"one 'query' parameter is expected, not {len(queries)}")
    if not queries:
        return None
    return QueryRequest(
        query=queries[0],
        default_graphs=tuple(params["default-graph-uri"])
        if "default-graph-uri" in params
        else None,
        named_graphs=tuple(params["named-graph-uri"]) if "named-graph-uri" in params else None,
        full=_flag(params, "full"),
        client=client(req),
    )


def _run(
    req: Request, qr: QueryRequest, params: dict[str, list[str]], queries: QueryService
) -> Response:
    plan = queries.plan(qr)
    fmt = _negotiate(req, plan, params)
    return _answer(_with_format(qr, fmt), params, queries, plan)


def _protocol_params(req: Request) -> dict[str, list[str]]:
    """The protocol's parameters, decoded strictly as UTF-8 (a bad byte is a 400, not a '?')."""
    params = _parse(req.query_string, "the URL")
    if req.method == "POST":
        body = req.get_data(cache=True)
        mimetype = req.mimetype
        charset = req.mimetype_params.get("charset", "utf-8").lower()
        if mimetype == _FORM:
            for key, values in _parse(body, "the form").items():
                params.setdefault(key, []).extend(values)
        elif mimetype == _DIRECT:
            if charset not in ("utf-8", "utf8"):
                raise UnsupportedFormatError(f"the query must be sent as UTF-8, not {charset}")
            params.setdefault("query", []).append(_utf8(body, "the query"))
        elif mimetype == "application/sparql-update":
            pass  # refused by the caller, with a message saying why
        elif not mimetype:
            raise UnsupportedFormatError(f"a POST needs a Content-Type: {_FORM} or {_DIRECT}")
        else:
            raise UnsupportedFormatError(
                f"a POST with Content-Type {mimetype} cannot carry a query; "
                f"use {_FORM} or {_DIRECT}"
            )
    return params


def _parse(raw: bytes, where: str) -> dict[str, list[str]]:
    text = _utf8(raw, where)
    try:
        return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise QueryRefusedError(f"{where} is not valid percent-encoded UTF-8") from None


def _utf8(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsupportedFormatError(
            f"{where} is not valid UTF-8 (byte {exc.start + 1}); send it as UTF-8"
        ) from None


def _flag(params: dict[str, list[str]], name: str) -> bool:
    return params.get(name, [""])[-1].lower() in ("1", "true", "yes", "on")


def _wants_html(req: Request, params: dict[str, list[str]]) -> bool:
    name = params["format"][-1] if "format" in params else None
    return wants_page(name=name, accept=req.headers.get("Accept"))


def _negotiate(req: Request, plan: QueryPlan, params: dict[str, list[str]]) -> Format:
    name = params["format"][-1] if "format" in params else None
    return negotiate(plan.result_kind, name=name, accept=req.headers.get("Accept"))


def _with_format(qr: QueryRequest, fmt: Format) -> QueryRequest:
    return dataclasses.replace(qr, format=fmt.name)


def _answer(
    qr: QueryRequest,
    params: dict[str, list[str]],
    queries: QueryService,
    plan: QueryPlan | None = None,
) -> Response:
    filename = f"query-result{by_name(qr.format or 'json').suffixes[0]}"
    headers = {"Vary": "Accept"}
    if _flag(params, "download"):
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if qr.full:
        stream = queries.stream(qr, plan)
        return Response(stream.chunks, mimetype=stream.format.media_type, headers=headers)
    answer = queries.run(qr, plan)
    headers.update(_result_headers(answer))
    return Response(answer.body, mimetype=answer.format.media_type, headers=headers)


def _result_headers(answer: Answer) -> dict[str, str]:
    return {
        "Server-Timing": f"query;dur={answer.elapsed_ms:.1f}",
        "X-Edgraph-Rows": str(answer.rows),
        "X-Edgraph-Truncated": "true" if answer.truncated else "false",
    }


def service_description(
    endpoint: str, graphs: Sequence[str], *, row_cap: int, federated: bool
) -> list[Any]:
    """The SPARQL 1.1 Service Description of an endpoint at ``endpoint`` (pyoxigraph triples).

    It names the query language, every result format, the union default graph and the named
    graphs of the store.
    """
    import pyoxigraph as ox

    from edgraph.formats import offered
    from edgraph.namespaces import DCTERMS, RDF

    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = ox.NamedNode(endpoint)
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("default")
    triples = [
        ox.Triple(service, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Service")),
        ox.Triple(service, ox.NamedNode(sd + "endpoint"), service),
        ox.Triple(
            service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")
        ),
        ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")),
        ox.Triple(
            service,
            ox.NamedNode(DCTERMS + "description"),
            ox.Literal(
                f"Read-only SPARQL 1.1 query endpoint of edgraph; results are cut at {row_cap} "
                "rows unless full=1 is given; SERVICE only to allow-listed endpoints.",
                language="en",
            ),
        ),
        ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
        ox.Triple(dataset, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), default),
        ox.Triple(default, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Graph")),
    ]
    if federated:
        triples.append(
            ox.Triple(
                service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "BasicFederatedQuery")
            )
        )
    for fmt in (*offered("graph"), *offered("results")):
        if fmt.w3c:  # every one has its IRI (tests/test_formats.py)
            triples.append(
                ox.Triple(service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(fmt.w3c))
            )
    for index, graph in enumerate(graphs):
        node = ox.BlankNode(f"g{index}")
        triples += [
            ox.Triple(dataset, ox.NamedNode(sd + "namedGraph"), node),
            ox.Triple(node, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "NamedGraph")),
            ox.Triple(node, ox.NamedNode(sd + "name"), ox.NamedNode(graph)),
        ]
    return triples


def _description(params: dict[str, list[str]]) -> Response:
    import pyoxigraph as ox

    queries = service()
    plan = QueryPlan(form="construct")
    fmt = _negotiate(request, plan, params)
    triples = service_description(
        external("sparql"),
        _store_graphs(),
        row_cap=queries.limits.row_cap,
        federated=bool(queries.limits.service_allow),
    )
    prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#"}
    body = ox.serialize(
        triples,
        format=fmt.rdf_format(),
        prefixes=prefixes if fmt.prefixes else None,
    )
    return Response(body, mimetype=fmt.media_type, headers={"Vary": "Accept"})


def _store_graphs() -> list[str]:
    from edgraph.store import Store

    store: Store = current_app.extensions["edgraph.store"]
    return store.named_graphs()


# -- the workbench ------------------------------------------------------------------------------


def _workbench(
    qr: QueryRequest | None,
    params: dict[str, list[str]],
    *,
    error: EdgraphError | None = None,
    canned: Example | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """The editor, the gallery and, when there is a query, its result as a paged table (or,
    with ``error``, what went wrong)."""
    result = None
    if qr is not None and error is None:
        show_errors(lambda exc: _workbench(qr, params, error=exc, canned=canned, values=values))
        result = _table(qr, params)
    status = error.status if error is not None else 200
    query_text = qr.query if qr is not None else params.get("query", [""])[-1]
    page = render_template(
        "sparql.html",
        query=query_text or _starter(),
        ran=qr is not None,
        result=result,
        error=str(error) if error else None,
        error_status=status,
        examples=examples(),
        prefixes=json.dumps(PREFIXES),
        canned=canned,
        values=values or {},
        options={p.name: _choices(p) for p in canned.params if p.kind == "iri"} if canned else {},
        links=_links(qr, canned, values, result["form"]) if qr is not None and result else None,
        network=_network_link(qr, result),
    )
    headers = {"Vary": "Accept", **(error_headers(error) if error is not None else {})}
    return Response(page, status=status, mimetype="text/html", headers=headers)


def _starter() -> str:
    return (
        "PREFIX schema: <http://schema.org/>\n\n"
        "SELECT ?organization ?name WHERE {\n"
        "  ?organization a schema:Organization ; schema:name ?name .\n"
        "}\nORDER BY ?name\nLIMIT 50\n"
    )


def _table(qr: QueryRequest, params: dict[str, list[str]]) -> dict[str, Any]:
    result = service().result(qr)
    rows = [[None if t is None else _cell_from_term(t) for t in row] for row in result.rows]
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    try:
        number = min(max(1, int(params.get("page", ["1"])[-1])), pages)
    except ValueError:
        number = 1
    shown = rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    _label_cells(shown)
    return {
        "form": result.kind,
        "variables": result.variables,
        "rows": shown,
        "count": len(rows),
        "boolean": result.boolean,
        "truncated": result.truncated,
        "elapsed_ms": result.elapsed_ms,
        "page": number,
        "pages": pages,
        "first": (number - 1) * PAGE_SIZE + 1,
    }


def _cell_from_term(term: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return _iri_cell(term.value)
    if isinstance(term, ox.BlankNode):
        return {"kind": "bnode", "text": "_:" + term.value}
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if not term.language else ""
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            datatype = ""
        return {
            "kind": "literal",
            "text": term.value,
            "lang": term.language or "",
            "datatype": shorten(datatype) if datatype else "",
            "datatype_iri": datatype,
        }
    return {"kind": "literal", "text": str(term)}


def _label_cells(rows: list[list[dict[str, str] | None]]) -> None:
    """Put beside each IRI of the rows shown the name the catalog knows it by, in the reader's
    language (the answer itself, and every download of it, stays as the endpoint gave it)."""
    from .links import language
    from .state import views

    catalog, lang = views().catalog, language()
    for row in rows:
        for cell in row:
            if cell is not None and cell["kind"] == "iri":
                label = catalog.known_label(cell["iri"], lang)
                if label and label != cell["text"]:
                    cell["label"] = label


def _iri_cell(iri: str) -> dict[str, str]:
    return {
        "kind": "iri",
        "text": shorten(iri),
        "iri": iri,
        "href": entity_url(iri),
    }


def _network_link(qr: QueryRequest | None, result: dict[str, Any] | None) -> str | None:
    """The viewer's drawing of the answer, for CONSTRUCT / DESCRIBE and for SELECT with
    ``?source ?target``."""
    if qr is None or not result:
        return None
    if result["form"] == "graph" or {"source", "target"} <= set(result.get("variables") or ()):
        return url_for("viewer.network_page", query=qr.query)
    return None


def _links(
    qr: QueryRequest, canned: Example | None, values: dict[str, str] | None, form: str
) -> dict[str, Any]:
    """Shareable and download URLs for the query on the page (``form``: its result's form)."""
    given: list[tuple[str, str]]
    if canned is not None:
        base = url_for("sparql.canned", name=canned.name)
        given = list((values or {}).items())
    else:
        base = url_for("sparql.endpoint")
        given = [("query", qr.query)]
        given += [("default-graph-uri", g) for g in qr.default_graphs or ()]
        given += [("named-graph-uri", g) for g in qr.named_graphs or ()]
    kind: Literal["graph", "results"] = "graph" if form == "graph" else "results"

    def link(**extra: str) -> str:
        return base + "?" + urlencode([*given, *extra.items()])

    return {
        "share": link(),
        "downloads": [
            {
                "label": f.label,
                "href": link(format=f.name, download="1"),
                "full": link(format=f.name, download="1", full="1"),
            }
            for f in of_kind(kind)
        ],
    }


# -- canned queries -----------------------------------------------------------------------------


@bp.get("/queries/<name>")
def canned(name: str) -> Response:
    chosen = example(name)
    if chosen is None:
        raise NotFoundError(f"there is no example query called {name!r}")
    params = _parse(request.query_string, "the URL")
    values = {p.name: params.get(p.name, [""])[-1].strip() for p in chosen.params}
    for p in chosen.params:
        if p.kind == "iri" and not values[p.name]:
            if p.default:
                values[p.name] = current_app.extensions["edgraph.settings"].base_iri + p.default
            else:  # the first instance offered
                offered = _choices(p)
                values[p.name] = offered[0].iri if offered else ""
        values[p.name] = values[p.name] or p.default
    show_errors(lambda error: _workbench(None, {"query": [chosen.query]}, error=error,
                                         canned=chosen, values=values))  # fmt: skip
    query = bind(chosen, values)
    qr = QueryRequest(query, full=_flag(params, "full"), client=client())
    if "format" in params and not wants_page(name=params["format"][-1]):
        show_errors(plain_error)
        fmt = service().format_for(service().plan(qr), params["format"][-1])
        return _answer(_with_format(qr, fmt), params, service())
    return _workbench(qr, params, canned=chosen, values=values)


def _choices(param: Param) -> list[Choice]:
    """What an ``iri`` parameter offers (the entities that fit it), read by a query like a
    client's."""
    from .links import language
    from .state import views

    return choices(param, lambda query: service().result(QueryRequest(query, client=client())),
                   catalog=views().catalog, language=language())  # fmt: skip


def cors_headers(app: Flask, path: str) -> dict[str, str]:
    """What /sparql adds for browser clients on other origins (setting cors_origin)."""
    origin = app.extensions["edgraph.settings"].cors_origin
    if not origin or path != "/sparql":
        return {}
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Accept, Content-Type",
        "Access-Control-Expose-Headers": "Server-Timing, X-Edgraph-Rows, X-Edgraph-Truncated",
        "Access-Control-Max-Age": "600",
    }


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.wsgi_app = Protocol(app)  # type: ignore[method-assign]

    @app.after_request
    def cors(response: Response) -> Response:
        response.headers.update(cors_headers(app, request.path))
        return response
