"""The viewer's one error handler: a user's mistake becomes the answer the view asked for (the
endpoint's plain text, the workbench with the query that failed), else JSON for a ``.json``
address, else the error page; each with the error's status. On the tiny graph of tests/data/."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Stores, settings_for
from flask.testing import FlaskClient

from edgraph.errors import BusyError

HTML = {"Accept": "text/html"}


class Page(HTMLParser):
    """The title, the headings and the text of the elements of class ``error`` of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.title, self.headings, self.errors, self.forms = "", [], [], []
        self._in: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "form":
            self.forms.append(dict(attrs).get("class") or dict(attrs).get("id") or "")
        self._in.append("error" if "error" in classes else tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        where = self._in[-1] if self._in else ""
        if where == "title":
            self.title += data
        elif where == "h1":
            self.headings.append(data.strip())
        elif "error" in self._in:
            self.errors.append(data)


@pytest.fixture(scope="module")
def client(stores: Stores, tiny_shared_project: Path) -> Iterator[FlaskClient]:
    from edgraph.web import create_app

    store = stores.store("tiny-errors", tiny_shared_project)
    app = create_app(settings=settings_for(query_workers=1), store=store)
    try:
        yield app.test_client()
    finally:
        app.extensions["edgraph.page_queries"].close()
        app.extensions["edgraph.queries"].close()


def test_the_endpoint_answers_a_protocol_mistake_in_plain_text(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"page": "1"})  # a form with no query in it
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert "must carry a query" in response.get_data(as_text=True)


def test_the_workbench_shows_a_failing_query_in_the_editor_with_the_status(
    client: FlaskClient,
) -> None:
    response = client.get("/sparql?query=SELEC", headers=HTML)
    assert response.status_code == 400 and response.mimetype == "text/html"
    page = Page(response.get_data(as_text=True))
    assert page.headings == ["SPARQL"] and "query-form" in page.forms
    assert page.errors[0] == "400" and "SELEC" in response.get_data(as_text=True)


def test_a_canned_query_given_a_bad_value_shows_its_form_with_the_mistake(
    client: FlaskClient,
) -> None:
    response = client.get("/queries/14-events-in-years?from=soon", headers=HTML)
    assert response.status_code == 400
    page = Page(response.get_data(as_text=True))
    assert "params" in page.forms
    assert "From year: 'soon' is not a year" in "".join(page.errors)


def test_a_canned_query_asked_for_as_data_answers_a_mistake_in_plain_text(
    client: FlaskClient,
) -> None:
    response = client.get("/queries/14-events-in-years?format=bogus")
    assert 400 <= response.status_code < 500 and response.mimetype == "text/plain"


def test_an_unknown_canned_query_is_the_error_page_with_404(client: FlaskClient) -> None:
    response = client.get("/queries/no-such-query", headers=HTML)
    assert response.status_code == 404
    page = Page(response.get_data(as_text=True))
    assert page.headings == ["Something is wrong"]
    assert "there is no example query called 'no-such-query'" in "".join(page.errors)


def test_a_json_address_answers_a_mistake_in_json(client: FlaskClient) -> None:
    response = client.get("/network.json?query=SELEC")
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert "error" in response.get_json()


def test_when_showing_an_error_fails_too_the_first_is_on_the_error_page(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The canned form lists its choices with a query of its own; when that one is refused as
    well, the answer is the first mistake on the error page, not a 500."""
    from edgraph.web import sparql

    def busy(param: object) -> list[object]:
        raise BusyError("every query worker is taken", retry_after=5)

    monkeypatch.setattr(sparql, "_choices", busy)
    response = client.get(
        "/queries/05-units-of-an-organization?organization=not-an-iri", headers=HTML
    )
    assert response.status_code == 400
    page = Page(response.get_data(as_text=True))
    assert page.headings == ["Something is wrong"]
    assert "'not-an-iri' is not an http(s) IRI" in "".join(page.errors)
