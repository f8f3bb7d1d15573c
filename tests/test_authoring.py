"""The authoring guide holds: its template builds and conforms, every role the network draws
is in the README's table of terms, and a fact written with the public term is warned about,
naming edgraph's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import DATA, settings_for

from edgraph.bundled import bundled_project
from edgraph.namespaces import shorten
from edgraph.roles import RELATIONS

ROOT = Path(__file__).parent.parent
TEMPLATE = ROOT / "docs" / "source-template.ttl"


def _validated(tmp_path: Path, name: str, text: str) -> object:
    from edgraph.build import build
    from edgraph.location import open_store
    from edgraph.validate import validate

    project = tmp_path / "project"
    shutil.copytree(bundled_project() / "ontology", project / "ontology")
    shutil.copytree(DATA / "graph", project / "graph")
    (project / "graph" / "sources" / name).write_text(text, encoding="utf-8")
    location = str(tmp_path / "store")
    store = open_store(location, must_exist=False)
    build(store, settings_for(project, store=location))
    return validate(store, project / "ontology" / "shapes.ttl")


def test_the_template_builds_and_conforms_without_warnings(tmp_path: Path) -> None:
    report = _validated(tmp_path, "source-template.ttl", TEMPLATE.read_text())
    assert report.conforms, report.text  # type: ignore[attr-defined]
    assert report.violations == []  # type: ignore[attr-defined]


def test_every_drawn_role_is_in_the_readmes_table_of_terms() -> None:
    readme = (ROOT / "README.md").read_text()
    guide = readme.split("## Writing a source file by hand", 1)[1].split("\n## ", 1)[0]
    written = set(re.findall(r"`[^`]*?\b((?:edgo|schema):\w+)", guide))
    missing = [shorten(r.predicate) for r in RELATIONS if shorten(r.predicate) not in written]
    assert missing == []


def test_a_fact_written_with_the_public_term_is_warned_about(tmp_path: Path) -> None:
    text = TEMPLATE.read_text().replace(
        "    edgo:funder organization:example-tide-foundation ;",
        "    <http://schema.org/funder> organization:example-tide-foundation ;",
    )
    report = _validated(tmp_path, "source-template.ttl", text)
    assert report.conforms  # type: ignore[attr-defined]
    (warning,) = report.violations  # type: ignore[attr-defined]
    assert warning.severity == "Warning"
    assert "writes schema:funder" in warning.message and "write edgo:funder" in warning.message
