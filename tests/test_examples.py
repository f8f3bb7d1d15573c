"""What a canned query's parameters offer (:func:`edgraph.examples.choices`), read by the core
for the workbench's form: the instances of the parameter's class, by name, English first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import settings_for

from edgraph.build import build
from edgraph.bundled import bundled_project
from edgraph.examples import Choice, Param, choices
from edgraph.namespaces import EDGO
from edgraph.query.results import QueryResult
from edgraph.store import EmbeddedStore, Store

ID = "https://w3id.org/edgraph/id/"

#: An organization named in Spanish and English, one in Spanish only, a unit (an organization
#: by subclass), a network (an organization too) and a place.
SOURCE = """
@prefix edgo:   <https://w3id.org/edgraph/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix id:     <https://w3id.org/edgraph/id/> .

<https://w3id.org/edgraph/id/graph/sources/names> prov:wasDerivedFrom id:source\\/names .
id:source\\/names a schema:NewsArticle ; schema:headline "Names"@en .
id:org\\/bilingual a edgo:Foundation ; schema:name "Fundación Zeta"@es, "Zeta Foundation"@en .
id:org\\/spanish a edgo:University ; schema:name "Universidad Alfa"@es .
id:org\\/unit a edgo:OrganizationalUnit ; schema:name "beta lab"@en ; edgo:unitOf id:org\\/spanish .
id:network\\/n a edgo:Network ; schema:name "Gamma Network"@en .
id:place\\/p a edgo:City ; schema:name "Delta" .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    project = tmp_path_factory.mktemp("names") / "project"
    shutil.copytree(bundled_project() / "ontology", project / "ontology")
    (project / "graph" / "sources").mkdir(parents=True)
    (project / "graph" / "sources" / "names.ttl").write_text(SOURCE, encoding="utf-8")
    store = EmbeddedStore.in_memory()
    build(store, settings_for(Path(project)))
    return store


def test_an_iri_parameter_offers_instances_of_its_class_by_name_in_english_first(
    store: Store,
) -> None:
    organizations = Param("org", "iri", "Organization", of_class=EDGO + "Organization")
    assert choices(organizations, store.query) == [
        Choice(ID + "org/unit", "beta lab"),
        Choice(ID + "network/n", "Gamma Network"),
        Choice(ID + "org/spanish", "Universidad Alfa"),
        Choice(ID + "org/bilingual", "Zeta Foundation"),
    ]


def test_an_iri_parameter_of_any_class_offers_every_named_entity(store: Store) -> None:
    offered = {c.iri for c in choices(Param("thing", "iri", "Anything"), store.query)}
    assert {ID + "place/p", ID + "org/bilingual", ID + "network/n"} <= offered


def test_other_parameters_offer_nothing_and_run_no_query() -> None:
    def refuse(query: str) -> QueryResult:
        raise AssertionError(f"ran {query!r}")

    assert choices(Param("from", "year", "From", default="2019"), refuse) == []
    assert choices(Param("q", "text", "Text"), refuse) == []
