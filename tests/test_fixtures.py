"""The suite's own rules, shown to hold: outside the competency questions and the tests of the
curated data, no test reads graph/ (conftest's two checks fire), and the small graphs the other
tests read are valid data."""

from __future__ import annotations

from pathlib import Path

import conftest
import pytest
from conftest import settings_for

from edgraph.build import build
from edgraph.store import EmbeddedStore
from edgraph.validate import validate


def test_a_build_of_the_curated_graph_fails_a_test_outside_the_curated_modules() -> None:
    with pytest.raises(pytest.fail.Exception, match="builds the curated graph/"):
        build(EmbeddedStore.in_memory(), settings_for())


def test_a_fixture_over_the_curated_graph_is_refused_outside_the_curated_modules(
    tmp_path: Path,
) -> None:
    class Item:
        path = tmp_path / "test_some_view.py"
        nodeid = "tests/test_some_view.py::test_it"
        fixturenames = ("client", "bundled_store")

    with pytest.raises(
        pytest.UsageError, match=r"test_some_view.py::test_it uses \['bundled_store'\]"
    ):
        conftest.pytest_collection_modifyitems(pytest.Config, [Item()])  # type: ignore[arg-type, list-item]
    Item.path = tmp_path / "test_competency.py"  # the same fixture where it belongs
    conftest.pytest_collection_modifyitems(pytest.Config, [Item()])  # type: ignore[arg-type, list-item]


@pytest.mark.parametrize("name", ["viewer_project", "hostile_project", "tiny_shared_project"])
def test_the_small_graphs_conform_to_the_shapes(request: pytest.FixtureRequest, name: str) -> None:
    project: Path = request.getfixturevalue(name)
    store = EmbeddedStore.in_memory()
    build(store, settings_for(project))
    report = validate(store, project / "ontology" / "shapes.ttl")
    assert report.conforms, report.text
