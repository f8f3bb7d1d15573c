"""The curation mode through Flask's test client: `serve` has none of it; every change needs the
page's token and is refused from another site or host; the form adds an article or says why
not; a save sends decisions that are checked, written only when they conform (a violation on
the fact it concerns), told of a conflict with another page; hostile text stays text; and the
`curate` command listens on 127.0.0.1 only."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from conftest import DATA, settings_for
from flask.testing import FlaskClient

from edgraph.cli import main
from edgraph.curation import session
from edgraph.settings import Settings
from edgraph.store import Store

REVIEW = DATA / "review"
ENGLISH = REVIEW / "en-coastal-science-week.txt"
SPANISH = REVIEW / "es-semana-del-agua.txt"
EDGO = "https://w3id.org/edgraph/ontology#"
ID = "https://w3id.org/edgraph/id/"


class Curation:
    """A project made by `edgraph init`, its store, and the viewer in curation mode over it."""

    def __init__(self, project: Path, settings: Settings, store: Store, client: FlaskClient,
                 token: str) -> None:  # fmt: skip
        self.project, self.settings, self.store = project, settings, store
        self.client, self.token = client, token

    @property
    def sources(self) -> list[str]:
        return sorted(p.name for p in (self.project / "graph" / "sources").iterdir())

    def add(self, path: Path) -> str:
        document = session.read_source(path.read_bytes(), path.name, self.settings)
        slug, _ = session.add(document, self.store, self.settings)
        return slug

    def state(self, slug: str) -> dict[str, Any]:
        response = self.client.get(f"/curate/{slug}.json")
        assert response.status_code == 200, response.text
        return response.json  # type: ignore[no-any-return]

    def save(self, slug: str, decisions: dict[str, Any], **headers: str) -> Any:
        return self.client.post(
            f"/curate/{slug}/decisions.json", data=json.dumps(decisions),
            headers={"Content-Type": "application/json", "X-Edgraph-Token": self.token, **headers},
        )  # fmt: skip

    def upload(self, data: bytes, name: str, headers: dict[str, str] | None = None,
               **fields: str) -> Any:  # fmt: skip
        import io

        form: dict[str, Any] = {"token": self.token, "file": (io.BytesIO(data), name), **fields}
        return self.client.post("/curate/add", data=form, content_type="multipart/form-data",
                                headers=headers or {})  # fmt: skip


def _make(tmp_path: Path, runner: CliRunner, *, store: str = "", **overrides: object) -> Curation:
    from edgraph.web import create_app

    from edgraph.build import build
    from edgraph.location import store_for

    project = tmp_path / "mine"
    assert runner.invoke(main, ["init", str(project)]).exit_code == 0
    settings = settings_for(project, store=store or str(tmp_path / "store"), **overrides)
    built = store_for(settings, must_exist=False)
    build(built, settings)
    app = create_app(settings=settings, store=built, curation=True)
    return Curation(project, settings, built, app.test_client(),
                    app.extensions["edgraph.curation.token"])  # fmt: skip


@pytest.fixture
def curation(tmp_path: Path, runner: CliRunner) -> Curation:
    return _make(tmp_path, runner)


def fact(decisions: dict[str, Any], role: str, agent: str) -> dict[str, Any]:
    names = {e["key"]: e["name"] for e in decisions["entities"]}
    (found,) = [f for f in decisions["facts"] if f["role"] == role and names[f["agent"]] == agent]
    return found  # type: ignore[no-any-return]


def key_of(decisions: dict[str, Any], name: str) -> str:
    (key,) = [e["key"] for e in decisions["entities"] if e["name"] == name]
    return key  # type: ignore[no-any-return]


# -- serve stays read-only ----------------------------------------------------------------------


def test_serve_has_no_curation_routes(tmp_path: Path, runner: CliRunner) -> None:
    from edgraph.web import create_app

    made = _make(tmp_path, runner)
    slug = made.add(ENGLISH)
    viewer = create_app(settings=made.settings, store=made.store).test_client()
    assert viewer.get("/curate").status_code == 404
    assert viewer.get(f"/curate/{slug}").status_code == 404
    assert viewer.get(f"/curate/{slug}.json").status_code == 404
    assert viewer.post("/curate/add", data={"token": made.token}).status_code == 404
    response = viewer.post(f"/curate/{slug}/decisions.json", data="{}",
                           headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 404
    assert "/curate" not in viewer.get("/").text  # no link to it either
    assert made.sources == []


# -- refusals: token, other sites, other hosts ----------------------------------------------------


def test_a_post_without_the_token_or_with_another_is_refused_and_changes_nothing(
    curation: Curation,
) -> None:
    slug = curation.add(ENGLISH)
    decisions = curation.state(slug)["decisions"]
    before = (curation.settings.workspace_dir() / slug / "decisions.json").read_text()
    headers = {"Content-Type": "application/json"}
    for sent in ({}, {"X-Edgraph-Token": ""}, {"X-Edgraph-Token": "x" * 43}):
        response = curation.client.post(f"/curate/{slug}/decisions.json",
                                        data=json.dumps(decisions), headers={**headers, **sent})  # fmt: skip
        assert response.status_code == 403
        assert "token" in response.json["error"]
    # the form: no token field, or a wrong one
    import io

    for form in ({}, {"token": "nope"}):
        response = curation.client.post(
            "/curate/add", data={**form, "file": (io.BytesIO(SPANISH.read_bytes()), "a.txt")},
            content_type="multipart/form-data",
        )  # fmt: skip
        assert response.status_code == 403
        assert "token" in response.text
    assert (curation.settings.workspace_dir() / slug / "decisions.json").read_text() == before
    assert session.workspace(curation.settings).slugs() == [slug]
    assert curation.sources == []


def test_a_cross_site_post_is_refused_even_with_the_token(curation: Curation) -> None:
    slug = curation.add(ENGLISH)
    decisions = curation.state(slug)["decisions"]
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                    {"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Origin": "http://localhost:9999"}):  # fmt: skip
        response = curation.save(slug, decisions, **headers)
        assert response.status_code == 403, headers
        assert "refused" in response.json["error"]
    assert curation.sources == []
    assert curation.save(slug, decisions, **{"Sec-Fetch-Site": "cross-site",
                                             "Origin": "null"}).status_code == 403  # fmt: skip
    # from the app's own page, it goes through (a form of it sends "Origin: null", the app's
    # referrer policy being no-referrer, with Sec-Fetch-Site: same-origin)
    same = curation.save(slug, decisions, **{"Sec-Fetch-Site": "same-origin",
                                             "Origin": "http://localhost"})  # fmt: skip
    assert same.status_code == 200, same.json
    form = curation.upload(
        SPANISH.read_bytes(),
        "semana.txt",
        headers={"Sec-Fetch-Site": "same-origin", "Origin": "null"},
    )
    assert form.status_code == 303
    assert curation.sources == [f"{slug}.ttl"]


def test_the_curation_mode_answers_only_for_the_local_host_names(curation: Curation) -> None:
    # A page of another site that points its own name at 127.0.0.1 (DNS rebinding) is refused.
    assert curation.client.get("/curate", headers={"Host": "evil.example"}).status_code == 400
    assert curation.client.get("/curate", headers={"Host": "evil.example:8000"}).status_code == 400
    assert curation.client.get("/curate", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert curation.client.get("/curate", headers={"Host": "localhost:8000"}).status_code == 200


def test_the_token_is_a_secret_of_the_process(tmp_path: Path, runner: CliRunner) -> None:
    first = _make(tmp_path / "a", runner)
    second = _make(tmp_path / "b", runner)
    assert first.token != second.token and len(first.token) >= 32
    page = first.client.get("/curate").text
    assert f'name="token" value="{first.token}"' in page


# -- the list and the form ----------------------------------------------------------------------


def test_the_form_adds_an_article_and_the_list_shows_it(curation: Curation) -> None:
    response = curation.upload(ENGLISH.read_bytes(), "coastal.txt", language="en",
                               publisher="Caleta News", url="https://news.example/coastal")  # fmt: skip
    assert response.status_code == 303
    slug = response.headers["Location"].rsplit("/", 1)[-1]
    assert slug == "albatross-foundation-backs-the-first-coastal-science-week-2025"
    page = curation.client.get("/curate").text
    assert "Albatross Foundation backs the first Coastal Science Week" in page
    assert "not saved yet" in page and "2025-03-08" in page and "English" in page
    review = curation.client.get(f"/curate/{slug}").text
    assert 'href="https://news.example/coastal"' in review
    assert "Caleta News" in review
    state = curation.state(slug)
    assert state["document"]["publisher"] == "Caleta News"
    assert state["version"] == 0 and not state["saved"]


@pytest.mark.parametrize(
    ("data", "name", "fields", "status", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "photo.png", {}, 400, "this is a PNG image, not an article"),
        (b"   \n", "empty.txt", {}, 400, "the file is empty"),
        ("Le réseau des écoles\n\nLe réseau des écoles côtières organise une semaine de la science "
         "avec les enseignants de la région et les familles des élèves.".encode(), "fr.txt", {},
         422, "French"),
        (b"Title\n\nThe fair was sponsored by Sol Bank.", "a.txt", {"url": "javascript:alert(1)"},
         400, "the URL must be a web address"),
        (b"Title\n\nThe fair was sponsored by Sol Bank.", "a.txt", {"published": "2025-02-30"},
         400, "is not a date written YYYY-MM-DD"),
        (b"Title\n\nThe fair was sponsored by Sol Bank.", "a.txt", {"language": "fr"},
         400, "the language is en or es"),
    ],
)  # fmt: skip
def test_the_form_says_why_an_article_is_not_added_and_adds_nothing(
    curation: Curation, data: bytes, name: str, fields: dict[str, str], status: int, message: str
) -> None:
    response = curation.upload(data, name, **fields)
    assert response.status_code == status
    assert "Not added:" in response.text and message in response.text
    assert "Traceback" not in response.text
    assert session.workspace(curation.settings).slugs() == []
    for key, value in fields.items():  # the form keeps what was typed
        if key != "language":
            assert f'value="{value}"' in response.text


def test_the_form_refuses_an_article_over_the_size_limit(tmp_path: Path, runner: CliRunner) -> None:
    small = _make(tmp_path, runner, curation_max_bytes=2_000)
    response = small.upload(b"Title\n\n" + b"The fair was sponsored by Sol Bank. " * 100, "a.txt")
    assert response.status_code == 413
    assert "over the limit of 2,000" in response.text or "more than 2,000 bytes" in response.text
    # past the limit of the request itself (the article and the form's room): told the same way
    response = small.upload(b"x" * 400_000, "big.txt")
    assert response.status_code == 413
    assert "over the limit of 2,000 bytes (setting curation_max_bytes)" in response.text
    assert session.workspace(small.settings).slugs() == []


def test_the_form_refuses_an_article_added_before_naming_it(curation: Curation) -> None:
    first = curation.upload(ENGLISH.read_bytes(), "coastal.txt")
    assert first.status_code == 303
    again = curation.upload(ENGLISH.read_bytes(), "copy.txt")
    assert again.status_code == 409
    assert "in the curation workspace already (the same text)" in again.text
    assert "albatross-foundation-backs-the-first-coastal-science-week-2025" in again.text


def test_an_html_article_keeps_its_text_and_none_of_its_scripts(curation: Curation) -> None:
    response = curation.upload((REVIEW / "en-scripted.html").read_bytes(), "fair.html")
    assert response.status_code == 303
    slug = response.headers["Location"].rsplit("/", 1)[-1]
    kept = (curation.settings.workspace_dir() / slug / "document.json").read_text()
    for script in ("alert", "__pwned", "Injected by a script", "onerror", "onclick", "javascript:"):
        assert script not in kept
    assert "The fair was funded by the Harbour Fund and sponsored by Tide Labs." in kept
    page = curation.client.get(f"/curate/{slug}").text
    assert "alert(" not in page and "javascript:" not in page
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/viewer.js" defer>',
        '<script src="/static/curate.js" defer>',
    ]
    assert "Content-Security-Policy" in curation.client.get(f"/curate/{slug}").headers
    assert (
        "script-src 'self'"
        in curation.client.get(f"/curate/{slug}").headers["Content-Security-Policy"]
    )


def test_hostile_text_is_escaped_on_the_review_page(curation: Curation) -> None:
    slug = curation.add(REVIEW / "en-hostile.txt")
    page = curation.client.get(f"/curate/{slug}").text
    assert "<img src=x" not in page and "<svg" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert 'href="javascript' not in page
    # the page's data is JSON, never read as a page (the script shows it with textContent)
    state = curation.client.get(f"/curate/{slug}.json")
    assert state.mimetype == "application/json"
    assert state.headers["X-Content-Type-Options"] == "nosniff"
    assert state.json["document"]["headline"].startswith("The <img src=x onerror=alert(1)>")


# -- saving ---------------------------------------------------------------------------------------


def test_a_violation_is_shown_on_its_fact_and_nothing_is_written(curation: Curation) -> None:
    slug = curation.add(ENGLISH)
    decisions = curation.state(slug)["decisions"]
    funder = fact(decisions, "funder", "Albatross Foundation")
    funder["agent"] = key_of(decisions, "PUERTO VENTANA")  # a place cannot fund an event
    response = curation.save(slug, decisions)
    assert response.status_code == 422
    body = response.json
    assert body["written"] is False
    (problem,) = body["problems"]
    assert problem["facts"] == [funder["id"]] and problem["entities"] == []
    assert "must point at an organization or a person" in problem["message"]
    assert curation.sources == []
    assert not curation.store.latest().query(f"ASK {{ ?e <{EDGO}funder> ?x }}").boolean
    # the page goes on from the version the workspace kept, fixes it, and saves
    decisions = body["decisions"]
    fact(decisions, "funder", "PUERTO VENTANA")["agent"] = key_of(decisions,
                                                                  "Albatross Foundation")  # fmt: skip
    response = curation.save(slug, decisions)
    assert response.status_code == 200, response.json
    assert curation.sources == [f"{slug}.ttl"]
    assert curation.store.latest().query(
        f"ASK {{ <{ID}event/first-coastal-science-week> <{EDGO}funder> "
        f"<{ID}org/albatross-foundation> }}").boolean  # fmt: skip


def test_a_violation_about_an_entity_is_shown_on_the_entity(curation: Curation) -> None:
    slug = curation.add(ENGLISH)
    decisions = curation.state(slug)["decisions"]
    for f in decisions["facts"]:  # no start date for the event: it needs one
        if f["attribute"] == "start_date":
            f["status"] = "rejected"
    response = curation.save(slug, decisions)
    assert response.status_code == 422
    (problem,) = response.json["problems"]
    assert problem["entities"] == [key_of(decisions, "First Coastal Science Week")]
    assert problem["facts"] == [] and "start date" in problem["message"]
    assert curation.sources == []


def test_decisions_that_cannot_be_saved_are_refused_on_what_is_wrong(curation: Curation) -> None:
    slug = curation.add(ENGLISH)
    decisions = curation.state(slug)["decisions"]
    kelp = fact(decisions, "sponsor", "Kelp Energy")
    kelp["role"] = "schema:funder"  # a predicate: the page sends role keys only
    claim = next(f for f in decisions["facts"] if f["kind"] == "claim")
    claim["value"] = "about 400"
    known = next(e for e in decisions["entities"] if e["name"] == "Chile")
    known["iri"] = ID + "country/XX"  # not an entity of the graph
    decisions["facts"].append({"id": "m0", "kind": "relation", "status": "accepted",
                               "agent": kelp["agent"], "role": "supporter",
                               "target": kelp["target"],
                               "evidence": {"paragraph": 3, "start": 50, "end": 9999}})  # fmt: skip
    response = curation.save(slug, decisions)
    assert response.status_code == 422
    problems = {(tuple(p["facts"]), tuple(p["entities"])): p["message"]
                for p in response.json["problems"]}  # fmt: skip
    assert problems[((kelp["id"],), ())] == "choose the role"
    assert "is not a number" in problems[((claim["id"],), ())]
    assert "the graph has no such entity" in problems[((), (known["key"],))]
    assert "are not in paragraph 3" in problems[(("m0",), ())]
    assert response.json["version"] == 0  # nothing was kept: the page keeps its edits
    assert curation.sources == []
    assert curation.save(slug, "not decisions").status_code == 422  # type: ignore[arg-type]
    raw = curation.client.post(f"/curate/{slug}/decisions.json", data="{",
                               headers={"Content-Type": "application/json",
                                        "X-Edgraph-Token": curation.token})  # fmt: skip
    assert raw.status_code == 400 and "send the decisions as JSON" in raw.json["error"]


@pytest.fixture
def store_location(
    store_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A store folder, or an Oxigraph server started on 127.0.0.1 for the test."""
    if store_kind == "embedded":
        yield str(tmp_path / "store")
        return
    from servers import OxigraphServer

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # remote builds keep a journal
    server = OxigraphServer(tmp_path / "oxigraph", tmp_path)
    server.start()
    try:
        yield server.store
    finally:
        server.stop()


def test_the_viewer_shows_what_a_save_wrote_at_once(
    tmp_path: Path, runner: CliRunner, store_location: str
) -> None:
    # A save builds the store: the pages read the new build on the next request (the bug: the
    # store served was built in place, and the pages kept their copy of the old content; a
    # server's builds cannot be told apart, so the pages drop their copy after a save).
    made = _make(tmp_path, runner, store=store_location)
    slug = made.add(ENGLISH)
    decisions = made.state(slug)["decisions"]
    assert made.client.get("/page/org/kelp-energy").status_code == 404
    assert made.save(slug, decisions).status_code == 200
    page = made.client.get("/page/org/kelp-energy")
    assert page.status_code == 200
    assert "<h1>Kelp Energy</h1>" in page.text and "First Coastal Science Week" in page.text
    network = made.client.get("/network.json?" + urlencode({"source": ID + "source/" + slug}))
    assert any(e["relation"] == "sponsors" for e in network.json["edges"])
    assert "Kelp Energy" in made.client.get("/search.json?q=kelp").text


def test_a_fact_added_by_hand_takes_its_evidence_from_the_text(curation: Curation) -> None:
    slug = curation.add(ENGLISH)
    decisions = curation.state(slug)["decisions"]
    text = curation.state(slug)["document"]["paragraphs"][2]
    start = text.index("Oyster Bay Aquarium")
    decisions["entities"].append({"key": "n0", "iri": ID + "org/chosen-by-the-page", "new": True,
                                  "name": "Oyster  Bay Aquarium", "kind": "place",
                                  "type": EDGO + "Organization", "aliases": []})  # fmt: skip
    week = key_of(decisions, "First Coastal Science Week")
    decisions["facts"].append({
        "id": "m0", "kind": "relation", "status": "accepted", "agent": "n0", "role": "supporter",
        "target": week, "origin": "extractor", "confidence": 0.01,
        "evidence": {"paragraph": 3, "start": start, "end": start + 19, "quote": "forged",
                     "sentence": "forged"},
    })  # fmt: skip
    response = curation.save(slug, decisions)
    assert response.status_code == 200, response.json
    saved = response.json["decisions"]
    added = next(f for f in saved["facts"] if f["id"] == "m0")
    assert added["evidence"]["quote"] == "Oyster Bay Aquarium"
    assert added["evidence"]["sentence"] == ("Much of the laboratory equipment was lent by the "
                                             "Oyster Bay Aquarium, whose staff ran the "
                                             "microscopes all week.")  # fmt: skip
    assert added["origin"] == "curator" and added["confidence"] == 1.0
    aquarium = next(e for e in saved["entities"] if e["key"] == "n0")
    # the IRI is minted here, from the name, under the kind its class is of
    assert aquarium["iri"] == ID + "org/oyster-bay-aquarium"
    assert aquarium["name"] == "Oyster Bay Aquarium" and aquarium["kind"] == "organization"
    quote = curation.store.latest().query(
        "SELECT ?q WHERE { ?e <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> "
        f"<{ID}event/first-coastal-science-week> ; "
        f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <{ID}org/oyster-bay-aquarium> ; "
        f"<{EDGO}quote> ?q }}").rows  # fmt: skip
    assert [r[0].value for r in quote] == [added["evidence"]["sentence"]]


def test_a_second_page_saving_is_told_and_its_copy_is_kept(curation: Curation) -> None:
    slug = curation.add(ENGLISH)
    first = curation.state(slug)["decisions"]
    second = json.loads(json.dumps(first))
    fact(first, "host", "Salinas Rural School")["status"] = "rejected"
    assert curation.save(slug, first).status_code == 200
    written = (curation.project / "graph" / "sources" / f"{slug}.ttl").read_text()
    fact(second, "organizer", "Gull Coast University")["status"] = "rejected"
    response = curation.save(slug, second)
    assert response.status_code == 409
    assert response.json["conflict"] is True and response.json["version"] == 1
    assert "saved from another page" in response.json["error"]
    kept = Path(response.json["error"].rsplit("kept in ", 1)[1])
    assert json.loads(kept.read_text())["facts"] == second["facts"]
    assert (curation.project / "graph" / "sources" / f"{slug}.ttl").read_text() == written
    # the page that was told saves its version on top, knowing it
    second["version"] = response.json["version"]
    assert curation.save(slug, second).status_code == 200
    assert (
        "gull-coast-university"
        not in (curation.project / "graph" / "sources" / f"{slug}.ttl").read_text()
    )


def test_a_fact_accepted_again_is_no_longer_remembered_as_rejected(curation: Curation) -> None:
    slug = curation.add(ENGLISH)
    decisions = curation.state(slug)["decisions"]
    fact(decisions, "host", "Salinas Rural School")["status"] = "rejected"
    saved = curation.save(slug, decisions).json["decisions"]
    assert len(saved["rejected"]) == 1
    fact(saved, "host", "Salinas Rural School")["status"] = "accepted"
    again = curation.save(slug, saved).json["decisions"]
    assert again["rejected"] == []


def test_reopening_a_saved_source_shows_its_decisions(curation: Curation) -> None:
    slug = curation.add(SPANISH)
    decisions = curation.state(slug)["decisions"]
    wrong = next(f for f in decisions["facts"] if f["role"] == "event_of")
    wrong["target"] = key_of(decisions, "Red Andina de Escuelas Rurales")
    assert curation.save(slug, decisions).status_code == 200
    state = curation.state(slug)
    assert state["saved"] is True and state["version"] == 1
    again = next(f for f in state["decisions"]["facts"] if f["role"] == "event_of")
    assert again["target"] == key_of(decisions, "Red Andina de Escuelas Rurales")
    assert "saved as <code>graph/sources/" in curation.client.get(f"/curate/{slug}").text
    listing = curation.client.get("/curate").text
    assert "saved</span>" in listing


def test_the_search_box_finds_what_the_graph_knows(curation: Curation) -> None:
    found = curation.client.get("/curate/entities.json?q=Chile").json
    assert found[0]["iri"] == ID + "country/CL" and found[0]["url"] == "/id/country/CL"
    assert found[0]["reasons"]
    assert curation.client.get("/curate/entities.json?q=").json == []
    assert curation.client.get("/curate/entities.json?q=Chile&kind=nonsense").json == []


def test_the_review_state_names_the_roles_in_words_never_predicates(curation: Curation) -> None:
    slug = curation.add(ENGLISH)
    state = curation.state(slug)
    words = {r["key"]: r["words"] for r in state["roles"]}
    assert words["funder"] == "funder of" and words["sponsor"] == "sponsor of"
    assert words["operator"] == "operator of" and words["participant"] == "participant in"
    assert all("#" not in w and ":" not in w for w in words.values())
    assert {c["kind"] for c in state["classes"]} == {"organization", "network", "event", "person",
                                                     "place", "project"}  # fmt: skip
    assert EDGO + "Country" not in {c["iri"] for c in state["classes"]}
    assert {m["label"] for m in state["measures"]} >= {"participants", "member institutions"}


# -- the command ----------------------------------------------------------------------------------


def test_curate_listens_on_127_0_0_1_only(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["init", str(tmp_path / "mine")]).exit_code == 0
    for host in ("0.0.0.0", "::", "localhost", "192.168.1.10"):  # noqa: S104
        result = runner.invoke(main, ["curate", "--project", str(tmp_path / "mine"),
                                      "--host", host])  # fmt: skip
        assert result.exit_code == 2
        assert result.output.strip().splitlines() == [
            f"edgraph: error: edgraph curate listens on 127.0.0.1 only, not {host!r}: its pages "
            "change the project's files"]  # fmt: skip


def test_curate_refuses_a_store_in_memory(runner: CliRunner, tmp_path: Path) -> None:
    # The pages' workers read a copy of a store in memory made at the start: a save would not
    # show on them.
    assert runner.invoke(main, ["init", str(tmp_path / "mine")]).exit_code == 0
    result = runner.invoke(main, ["curate", "--project", str(tmp_path / "mine"),
                                  "--store", "memory"])  # fmt: skip
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "edgraph: error: curation needs a store folder or server (--store), not 'memory': a "
        "save rebuilds the store, which the viewer's pages then read"]  # fmt: skip


def test_curate_refuses_the_installed_data(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = tmp_path / "lib" / "site-packages" / "edgraph" / "bundled"
    (installed / "graph").mkdir(parents=True)
    (installed / "ontology").mkdir()
    result = runner.invoke(main, ["curate", "--project", str(installed)])
    assert result.exit_code == 2
    assert "edgraph init DIR" in result.output and "Traceback" not in result.output
