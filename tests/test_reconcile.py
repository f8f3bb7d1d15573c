"""/reconcile, the Reconciliation Service API v0.2 that OpenRefine 3.x speaks, on the viewer's
graph (tests/data/viewer/) with tests/data/reconciliation/graph/ added (namesakes, founding
dates, a unit). Every answer is validated against the Community Group's published JSON schemas
(tests/data/reconciliation/, see its README), and the requests are the shapes OpenRefine sends:
form-encoded JSON in ``queries=`` and ``extend=``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import DATA, ID, parse_html, project_of, settings_for, text_of
from flask import Flask
from flask.testing import FlaskClient

from edgraph.build import build
from edgraph.store import EmbeddedStore, Store

EDGO = "https://w3id.org/edgraph/ontology#"
SCHEMAS = DATA / "reconciliation"
UNIVERSITY = ID + "org/atlantic-university"
LAB = ID + "org/ocean-lab"
SCHOOL = ID + "org/atlantic-education"
TIDE, GULL = ID + "org/tide-foundation", ID + "org/gull-fund"
COASTAL = ID + "network/coastal"
MINISTRY = ID + "org/ministry-spain"
PORTO_SCHOOL, VIGO_SCHOOL = ID + "org/escola-nova-porto", ID + "org/escola-nova-vigo"
MEETING, FORUM = ID + "event/coastal-meeting-2021", ID + "event/highlands-forum-2024"
BATCH_MAX = 25


@pytest.fixture(scope="module")
def reconcile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return project_of(tmp_path_factory.mktemp("reconcile") / "project", DATA / "viewer" / "graph",
                      SCHEMAS / "graph" / "reconcile-namesakes.ttl")  # fmt: skip


@pytest.fixture(scope="module")
def app_store(reconcile_project: Path) -> Store:
    store = EmbeddedStore.in_memory()
    build(store, settings_for(reconcile_project))
    return store


@pytest.fixture(scope="module")
def app_settings() -> dict[str, Any]:
    return {"reconcile_batch_max": BATCH_MAX, "reconcile_limit_max": 10}


# -- the published schemas ----------------------------------------------------------------


def validator(path: str) -> Any:
    """A validator of the schema ``path`` (under tests/data/reconciliation/), the schemas it
    refers to (type.json, lang.json, dir.json) resolved to the copies beside it."""
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    resources = []
    for file in sorted(SCHEMAS.glob("*/*.json")):
        contents = json.loads(file.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource(contents, DRAFT7)))
    schema = json.loads((SCHEMAS / path).read_text(encoding="utf-8"))
    return Draft7Validator(schema, registry=Registry().with_resources(resources))


def valid(path: str, answer: Any) -> Any:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(path).iter_errors(answer)]
    assert not errors, errors
    return answer


def test_the_schemas_refuse_what_the_api_does_not_allow() -> None:
    """The checks below could not fail if the copies were empty or unresolved."""
    result = validator("0.2/reconciliation-result-batch.json")
    assert not result.is_valid({"q0": {"result": [{"id": "x", "score": 1}]}})  # no name
    assert not result.is_valid({"q0": {"result": [{"id": "x", "name": "X", "score": 1,
                                                   "match": "yes"}]}})  # fmt: skip
    manifest = validator("0.2/manifest.json")
    assert not manifest.is_valid({"versions": ["0.1"], "name": "x", "identifierSpace": "x",
                                  "schemaSpace": "x"})  # fmt: skip
    # type.json, referred to by the manifest's defaultTypes, is resolved: a type needs a name
    assert not manifest.is_valid({"versions": ["0.2"], "name": "x", "identifierSpace": "x",
                                  "schemaSpace": "x", "defaultTypes": [{"id": "t"}]})  # fmt: skip
    extension = validator("0.2/data-extension-response.json")
    assert not extension.is_valid({"meta": [], "rows": {"a": {"p": [{"date": "2005-04-01"}]}}})
    proposal = validator("draft/data-extension-property-proposal.json")
    assert not proposal.is_valid({"properties": [{"id": "p", "dir": "up", "name": "P"}]})


# -- requests as OpenRefine sends them ----------------------------------------------------


def post(client: FlaskClient, field: str, data: Any, status: int = 200) -> Any:
    """A form POST of ``data`` as JSON in ``field``, as OpenRefine sends it; the JSON answer."""
    response = client.post("/reconcile", data={field: json.dumps(data)})
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.data)


def reconcile(client: FlaskClient, queries: dict[str, Any]) -> dict[str, Any]:
    valid("0.2/reconciliation-query-batch.json", queries)  # a request OpenRefine could send
    return valid("0.2/reconciliation-result-batch.json", post(client, "queries", queries))  # type: ignore[no-any-return]


def test_the_manifest_describes_the_service(client: FlaskClient) -> None:
    response = client.get("/reconcile")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    manifest = valid("0.2/manifest.json", json.loads(response.data))
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == ID and manifest["schemaSpace"] == EDGO
    assert [t["id"] for t in manifest["defaultTypes"]] == [
        EDGO + k for k in ("Organization", "Network", "Event", "Person", "Place")
    ]
    view = manifest["view"]["url"].replace("{{id}}", quote(UNIVERSITY, safe=""))
    page = client.get(view.removeprefix("http://localhost"), headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Atlantic University" in page.get_data(as_text=True)
    root = "http://localhost/reconcile"
    assert manifest["preview"]["url"] == root + "/preview?id={{id}}"
    assert {k: v["service_url"] + v["service_path"] for k, v in manifest["suggest"].items()} == {
        k: f"{root}/suggest/{k}" for k in ("entity", "type", "property")
    }
    proposals = manifest["extend"]["propose_properties"]
    assert proposals["service_url"] + proposals["service_path"] == root + "/properties"


def test_the_manifest_by_jsonp(client: FlaskClient) -> None:
    response = client.get("/reconcile?callback=jQuery3410_1700000000")
    assert response.status_code == 200 and response.mimetype == "application/javascript"
    body = response.get_data(as_text=True)
    assert body.startswith("/**/jQuery3410_1700000000(") and body.endswith(");")
    inner = body.removeprefix("/**/jQuery3410_1700000000(").removesuffix(");")
    valid("0.2/manifest.json", json.loads(inner))
    bad = client.get("/reconcile?callback=alert(1)//")
    assert bad.status_code == 400 and "callback" in json.loads(bad.data)["error"]


def openrefine_query(text: str, type_id: str | None = None, **extra: Any) -> dict[str, Any]:
    """One query as OpenRefine 3.x writes it: the cell's text, the chosen type, "should"."""
    query: dict[str, Any] = {"query": text}
    if type_id is not None:
        query |= {"type": type_id, "type_strict": "should"}
    return query | extra


@pytest.mark.parametrize(
    ("text", "type_id", "first", "match"),
    [
        ("Atlantic University", EDGO + "Organization", UNIVERSITY, True),
        ("ATLANTIC UNIVERSITY", EDGO + "Organization", UNIVERSITY, True),  # case
        ("Universidade Atlantica", EDGO + "Organization", UNIVERSITY, True),  # accents, pt
        ("UATL", EDGO + "Organization", UNIVERSITY, True),  # an acronym given as an alias
        ("Atlantic Univresity", EDGO + "Organization", UNIVERSITY, False),  # a typo: not certain
        ("The Tide Foundation", EDGO + "Foundation", TIDE, True),  # "The"
        ("Lighthouse Systems Inc.", EDGO + "Organization", ID + "org/lighthouse", True),  # legal
        ("Red de Escuelas Costeras", EDGO + "Network", COASTAL, True),  # the Spanish name
        ("CSN", EDGO + "Network", COASTAL, True),
        ("Ministerio de Educacion de Espana", None, MINISTRY, True),  # Spanish, no accents
        ("Spain Ministry of Education", EDGO + "Organization", MINISTRY, False),  # word order
        ("Foro de las Tierras Altas 2024", EDGO + "Event", FORUM, True),
        ("Ana Ribeiro", EDGO + "Person", ID + "person/ana-ribeiro", True),
        ("Porto", EDGO + "Place", ID + "place/porto", True),
        (UNIVERSITY, None, UNIVERSITY, True),  # an entity's identifier
    ],
)
def test_first_candidates_and_certain_matches(
    client: FlaskClient, text: str, type_id: str | None, first: str, match: bool
) -> None:
    result = reconcile(client, {"q0": openrefine_query(text, type_id)})["q0"]["result"]
    assert result, text
    assert result[0]["id"] == first
    assert result[0]["match"] is match
    assert not any(c["match"] for c in result[1:])
    scores = [c["score"] for c in result]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)
    if type_id is not None:
        assert type_id in {t["id"] for t in result[0]["type"]}


def test_a_batch_answers_every_query_by_its_key(client: FlaskClient) -> None:
    queries = {f"q{i}": openrefine_query(t, EDGO + "Organization")
               for i, t in enumerate(["Tide Foundation", "Gull Fund", "Quantum Widgets"])}  # fmt: skip
    answer = reconcile(client, queries)
    assert list(answer) == ["q0", "q1", "q2"]
    assert answer["q0"]["result"][0]["id"] == TIDE
    assert answer["q1"]["result"][0]["id"] == GULL
    assert answer["q2"]["result"] == []  # nothing of the kind: no candidates, not a guess


def test_get_answers_as_post(client: FlaskClient) -> None:
    queries = {"q0": openrefine_query("Gull Fund", EDGO + "Foundation")}
    response = client.get("/reconcile?queries=" + quote(json.dumps(queries)))
    assert response.status_code == 200
    assert json.loads(response.data) == post(client, "queries", queries)


def test_namesakes_are_candidates_but_neither_is_certain(client: FlaskClient) -> None:
    result = reconcile(client, {"q0": openrefine_query("Escola Nova", EDGO + "Organization")})
    candidates = result["q0"]["result"]
    assert {c["id"] for c in candidates[:2]} == {PORTO_SCHOOL, VIGO_SCHOOL}
    assert not any(c["match"] for c in candidates)
    assert {c["description"] for c in candidates[:2]} == {
        "Educational institution · Portugal", "Educational institution · Spain"}  # fmt: skip


@pytest.mark.parametrize(
    ("value", "first"),
    [
        ("Spain", VIGO_SCHOOL),  # a country's name
        ("España", VIGO_SCHOOL),  # in Spanish
        ({"id": ID + "country/PT", "name": "Portugal"}, PORTO_SCHOOL),  # a reconciled cell
    ],
)
def test_a_country_constraint_tells_namesakes_apart(
    client: FlaskClient, value: Any, first: str
) -> None:
    query = openrefine_query("Escola Nova", EDGO + "Organization",
                             properties=[{"pid": "country", "v": value}])  # fmt: skip
    candidates = reconcile(client, {"q0": query})["q0"]["result"]
    assert candidates[0]["id"] == first and candidates[0]["match"] is True
    assert {"id": "property:country", "value": True} in candidates[0]["features"]
    assert candidates[1]["score"] < candidates[0]["score"] and candidates[1]["match"] is False
    assert {"id": "property:country", "value": False} in candidates[1]["features"]


def test_a_parent_constraint_that_disagrees_takes_away_certainty(client: FlaskClient) -> None:
    def first(parent: str) -> dict[str, Any]:
        query = openrefine_query("School of Education", EDGO + "Organization",
                                 properties=[{"pid": "parent", "v": parent}])  # fmt: skip
        result: dict[str, Any] = reconcile(client, {"q0": query})["q0"]["result"][0]
        return result

    agreeing, disagreeing = first("UATL"), first("Gull Fund")
    assert agreeing["id"] == disagreeing["id"] == SCHOOL
    assert agreeing["match"] is True and disagreeing["match"] is False
    assert agreeing["score"] > disagreeing["score"]


def test_funder_and_founding_date_constraints(client: FlaskClient) -> None:
    queries = {
        "q0": openrefine_query("Coastal Schools Network", EDGO + "Network",
                               properties=[{"pid": "funder", "v": ["Gull Fund"]},
                                           {"pid": "founded", "v": "2019"}]),
        "q1": openrefine_query("Gull Fund", properties=[{"pid": "founded", "v": 2005}]),
    }  # fmt: skip
    answer = reconcile(client, queries)
    coastal = answer["q0"]["result"][0]
    assert coastal["id"] == COASTAL and coastal["match"] is True
    assert {"id": "property:funder", "value": True} in coastal["features"]
    assert {"id": "property:founded", "value": True} in coastal["features"]
    assert {"id": "property:founded", "value": True} in answer["q1"]["result"][0]["features"]


def test_a_narrower_type_keeps_to_its_entities(client: FlaskClient) -> None:
    def ids(type_id: str) -> list[str]:
        query = openrefine_query("Tide Foundation", type_id)
        return [c["id"] for c in reconcile(client, {"q0": query})["q0"]["result"]]

    assert ids(EDGO + "Foundation")[0] == TIDE
    assert TIDE not in ids(EDGO + "Company")
    assert ids("organization")[0] == TIDE  # a kind's key stands for its class


def test_limit_caps_the_candidates(client: FlaskClient) -> None:
    answer = reconcile(client, {"q0": {"query": "Escola Nova", "limit": 1},
                                "q1": {"query": "Escola Nova", "limit": 1000}})  # fmt: skip
    assert len(answer["q0"]["result"]) == 1
    assert len(answer["q1"]["result"]) == 2  # capped at reconcile_limit_max, found two


# -- bad input: 400 and a message, never a 500 --------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"q0": {"query": "x"', "not JSON (line 1, column 21"),
        ('[{"query": "x"}]', "queries must be a JSON object"),
        ('"Atlantic University"', "queries must be a JSON object"),
        ('{"q0": "Atlantic University"}', "query 'q0' must be an object"),
        ('{"q0": {"type": "organization"}}', "query 'q0' has no text to match"),
        ('{"q0": {"query": "   "}}', "query 'q0' has no text to match"),
        ('{"q0": {"query": 42}}', "its query must be a text"),
        ('{"q0": {"query": "x", "type": "https://example.org/Nothing"}}', "unknown type"),
        ('{"q0": {"query": "x", "type": 7}}', "type must be a type id"),
        ('{"q0": {"query": "x", "type_strict": "most"}}', "type_strict must be"),
        ('{"q0": {"query": "x", "limit": "ten"}}', "limit must be a whole number"),
        ('{"q0": {"query": "x", "limit": 0}}', "limit must be at least 1"),
        ('{"q0": {"query": "x", "limit": true}}', "limit must be a whole number"),
        ('{"q0": {"query": "x", "limit": NaN}}', "limit must be a whole number"),
        ('{"q0": {"query": "x", "limit": Infinity}}', "limit must be a whole number"),
        ('{"q0": {"query": "x", "properties": [{"pid": "colour", "v": "red"}]}}',
         "unknown property 'colour'"),
        ('{"q0": {"query": "x", "properties": [{"v": "red"}]}}', 'each property is {"pid"'),
        ('{"q0": {"query": "x", "properties": {"pid": "country"}}}', "properties must be a list"),
        ('{"q0": {"query": "x", "properties": [{"pid": "country", "v": [[1]]}]}}',
         "a value is a text, a number or an entity"),
        ('{"q0": {"query": "x", "colour": "red"}}', "unknown field 'colour'"),
        ("[" * 100_000 + "]" * 100_000, "queries: "),
        (json.dumps({f"q{i}": {"query": "x"} for i in range(BATCH_MAX + 1)}),
         f"a batch takes at most {BATCH_MAX} queries (setting reconcile_batch_max); "
         f"this one has {BATCH_MAX + 1}"),
        (json.dumps({"q0": {"query": "x" * 1001}}), "at most 1,000 are read"),
    ],
)  # fmt: skip
def test_bad_queries_are_refused_with_a_message(
    client: FlaskClient, body: str, message: str
) -> None:
    for response in (client.post("/reconcile", data={"queries": body}),
                     client.get("/reconcile?queries=" + quote(body))):  # fmt: skip
        assert response.status_code == 400, response.get_data(as_text=True)[:300]
        assert response.mimetype == "application/json"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert message in json.loads(response.data)["error"]


def test_a_post_without_queries_or_extend_is_refused(client: FlaskClient) -> None:
    response = client.post("/reconcile", data={"query": "Atlantic University"})
    assert response.status_code == 400
    assert "queries=" in json.loads(response.data)["error"]


def test_a_body_over_the_size_limit_is_a_json_refusal(client: FlaskClient) -> None:
    body = json.dumps({"q0": {"query": "x" * 900}}) + " " * 1_100_000
    response = client.post("/reconcile", data={"queries": body})
    assert response.status_code == 413 and response.mimetype == "application/json"
    assert json.loads(response.data)["error"]


def test_a_client_over_its_share_waits_its_turn(app: Flask, client: FlaskClient) -> None:
    quota = app.extensions["edgraph.reconcile_quota"]
    held = [quota.take("127.0.0.1") for _ in range(quota.per_client)]  # the test client's
    try:
        response = client.post("/reconcile", data={"queries": '{"q0": {"query": "Gull Fund"}}'})
        assert response.status_code == 503 and response.headers["Retry-After"] == "2"
        assert "reconcile_client_limit" in json.loads(response.data)["error"]
    finally:
        for release in held:
            release()
    assert (
        client.post("/reconcile", data={"queries": '{"q0": {"query": "Gull Fund"}}'}).status_code
        == 200
    )


def test_cors_preflight(client: FlaskClient) -> None:
    response = client.options("/reconcile", headers={"Origin": "http://127.0.0.1:3333",
                                                     "Access-Control-Request-Method": "POST"})  # fmt: skip
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


# -- suggest, preview ---------------------------------------------------------------------


def get(client: FlaskClient, url: str, schema: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return valid(schema, json.loads(response.data))


def test_suggest_entities(client: FlaskClient) -> None:
    entities = "0.2/suggest-entities-response.json"
    found = get(client, "/reconcile/suggest/entity?prefix=tide", entities)["result"]
    assert found[0]["id"] == TIDE and found[0]["name"] == "Tide Foundation"
    assert {"id": EDGO + "Foundation", "name": "Foundation"} in found[0]["notable"]
    # a word inside a name in another language, and a type that keeps to networks
    found = get(client, "/reconcile/suggest/entity?prefix=costeras", entities)["result"]
    assert [f["id"] for f in found] == [COASTAL, MEETING]  # "... Red de Escuelas Costeras"
    url = "/reconcile/suggest/entity?prefix=coast&type=" + quote(EDGO + "Network")
    assert {f["id"] for f in get(client, url, entities)["result"]} == {COASTAL}
    found = get(client, "/reconcile/suggest/entity?prefix=" + quote(GULL), entities)["result"]
    assert found[0]["id"] == GULL  # an identifier finds its entity
    first = get(client, "/reconcile/suggest/entity?prefix=escola", entities)["result"]
    paged = get(client, "/reconcile/suggest/entity?prefix=escola&cursor=1", entities)["result"]
    assert len(first) >= 3 and paged == first[1:]


def test_suggest_types_and_properties(client: FlaskClient) -> None:
    types = get(client, "/reconcile/suggest/type?prefix=found", "0.2/suggest-types-response.json")
    assert types["result"][0]["id"] == EDGO + "Foundation"
    networks = get(client, "/reconcile/suggest/type?prefix=netw",
                   "0.2/suggest-types-response.json")["result"]  # fmt: skip
    assert networks[0] == {"id": EDGO + "Network", "name": "Network",
                           "broader": [{"id": EDGO + "Organization", "name": "Organization"}]}  # fmt: skip
    props = get(client, "/reconcile/suggest/property?prefix=fund",
                "0.2/suggest-properties-response.json")["result"]  # fmt: skip
    assert [p["id"] for p in props] == ["funder"]
    props = get(client, "/reconcile/suggest/property?prefix=date",
                "0.2/suggest-properties-response.json")["result"]  # fmt: skip
    assert [p["id"] for p in props] == ["founded"]  # "Founding date"


def test_bad_suggest_requests(client: FlaskClient) -> None:
    for url, status, message in [
        ("/reconcile/suggest/entity?prefix=a&cursor=-1", 400, "cursor must be from 0"),
        ("/reconcile/suggest/entity?prefix=a&cursor=many", 400, "cursor must be a whole number"),
        ("/reconcile/suggest/entity?prefix=a&type=nothing", 400, "unknown type"),
        ("/reconcile/suggest/colour?prefix=a", 404, "entity, type or property"),
        ("/reconcile/suggest/entity?prefix=" + "a" * 1001, 400, "at most 1,000"),
    ]:
        response = client.get(url)
        assert response.status_code == status and response.mimetype == "application/json"
        assert message in json.loads(response.data)["error"]


def test_the_preview_shows_an_entity_and_may_be_framed(client: FlaskClient) -> None:
    response = client.get("/reconcile/preview?id=" + quote(UNIVERSITY, safe=""))
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    tree = parse_html(response.data)
    assert text_of(tree.cssselect("h1")[0]) == "Atlantic University"
    shown = text_of(tree.cssselect("body")[0])
    assert "Universidade Atlântica" in shown and "Portugal" in shown
    assert "Coastal Schools Network" in shown
    missing = client.get("/reconcile/preview?id=" + quote(ID + "org/nobody", safe=""))
    assert missing.status_code == 404 and "no entity" in json.loads(missing.data)["error"]
    assert client.get("/reconcile").headers["Content-Security-Policy"].count("'none'") >= 1


# -- data extension -----------------------------------------------------------------------

ALL = ["country", "parent", "network", "funder", "event", "founded"]


def test_properties_proposed_for_a_type(client: FlaskClient) -> None:
    schema = "draft/data-extension-property-proposal.json"
    foundation = get(client, "/reconcile/properties?type=" + quote(EDGO + "Foundation"), schema)
    assert foundation["type"] == EDGO + "Foundation"
    assert [p["id"] for p in foundation["properties"]] == ALL
    event = get(client, "/reconcile/properties?type=" + quote(EDGO + "Meeting"), schema)
    assert [p["id"] for p in event["properties"]] == ["country", "network", "funder"]
    place = get(client, "/reconcile/properties?type=" + quote(EDGO + "City") + "&limit=3", schema)
    assert [p["id"] for p in place["properties"]] == ["country"] and place["limit"] == 3
    response = client.get("/reconcile/properties?type=nothing")
    assert response.status_code == 400 and "unknown type" in json.loads(response.data)["error"]


def extend(client: FlaskClient, ids: list[str], pids: list[str]) -> dict[str, Any]:
    query = {"ids": ids, "properties": [{"id": p} for p in pids]}
    valid("0.2/data-extension-query.json", query)
    return valid("0.2/data-extension-response.json", post(client, "extend", query))  # type: ignore[no-any-return]


def test_data_extension_gives_values_as_entities_where_they_are(client: FlaskClient) -> None:
    answer = extend(client, [COASTAL, LAB, GULL, UNIVERSITY, ID + "org/nobody"], ALL)
    assert [m["id"] for m in answer["meta"]] == ALL
    assert {m["id"]: m.get("type", {}).get("id") for m in answer["meta"]}["country"] == (
        EDGO + "Country"
    )
    rows = answer["rows"]
    assert rows[COASTAL]["country"] == [{"id": ID + "country/PT", "name": "Portugal"},
                                        {"id": ID + "country/ES", "name": "Spain"}]  # fmt: skip
    assert rows[COASTAL]["funder"] == [{"id": GULL, "name": "Gull Fund"},
                                       {"id": TIDE, "name": "Tide Foundation"}]  # fmt: skip
    assert rows[COASTAL]["event"] == [{"id": MEETING, "name":
                                       "First Meeting of the Coastal Schools Network"}]  # fmt: skip
    assert rows[COASTAL]["founded"] == [{"str": "2019"}]  # a year is not a day
    assert rows[GULL]["founded"] == [{"date": "2005-04-01T00:00:00Z"}]
    assert rows[LAB]["parent"] == [{"id": UNIVERSITY, "name": "Atlantic University"}]
    assert rows[LAB]["network"] == [{"id": COASTAL, "name": "Coastal Schools Network"}]
    assert rows[UNIVERSITY]["event"] == [{"id": MEETING, "name":
                                          "First Meeting of the Coastal Schools Network"}]  # fmt: skip
    assert rows[GULL]["event"] == [{"id": FORUM, "name": "Highlands Forum 2024"}]
    assert rows[ID + "org/nobody"] == {p: [] for p in ALL}  # unknown: no values, no error


def test_data_extension_by_get(client: FlaskClient) -> None:
    query = {"ids": [TIDE], "properties": [{"id": "founded"}]}
    response = client.get("/reconcile?extend=" + quote(json.dumps(query)))
    assert response.status_code == 200
    assert json.loads(response.data)["rows"] == {TIDE: {"founded": [{"str": "1998"}]}}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{", "extend: not JSON"),
        ('["' + TIDE + '"]', "extend must be a JSON object"),
        ('{"ids": "' + TIDE + '", "properties": [{"id": "country"}]}', '"ids" must be a list'),
        ('{"ids": [], "properties": []}', '"properties" must be a list of 1 to'),
        ('{"ids": [], "properties": [{"id": "colour"}]}', "unknown property 'colour'"),
        ('{"ids": [], "properties": ["country"]}', "a property without an id"),
        (json.dumps({"ids": [TIDE] * (BATCH_MAX + 1), "properties": [{"id": "country"}]}),
         f"extend takes at most {BATCH_MAX} ids"),
    ],
)  # fmt: skip
def test_bad_extension_requests(client: FlaskClient, body: str, message: str) -> None:
    response = client.post("/reconcile", data={"extend": body})
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert message in json.loads(response.data)["error"]
