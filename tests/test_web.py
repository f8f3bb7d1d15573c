"""The viewer's home page over the bundled graph (the full viewer is its own issue)."""

from __future__ import annotations

import pytest
from conftest import settings_for
from flask.testing import FlaskClient

from edgraph.store import Store


@pytest.fixture
def client(bundled_store: Store) -> FlaskClient:
    from edgraph.web import create_app

    return create_app(settings=settings_for(), store=bundled_store).test_client()


def test_home_shows_counts_and_sources(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "LearningEcosystem" in page
    assert "Regional Meeting of the ASPnet" in page
    assert "Office for Climate Education" in page


def test_pages_forbid_foreign_scripts_and_load_nothing_from_elsewhere(client: FlaskClient) -> None:
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "http" not in response.get_data(as_text=True).split("<main>")[0]


def test_a_missing_page_is_a_404(client: FlaskClient) -> None:
    assert client.get("/nope").status_code == 404
