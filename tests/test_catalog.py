"""The catalog's network facet, which reads the roles table's ``within`` column: who is in a
network, and who is not, on a made-up source written out below."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import settings_for

from edgraph.build import build
from edgraph.bundled import bundled_project
from edgraph.catalog import Catalog
from edgraph.store import EmbeddedStore

ID = "https://w3id.org/edgraph/id/"

#: A network N with a member A (whose unit H is not in N: a member's parts are not the
#: network's), a unit U (with a member M, an event EU, and a person P holding a position in it),
#: an event E of N (with an organizer X, and a part S organized by Y), and an organization O
#: with no tie to N.
SOURCE = """
@prefix edgo:   <https://w3id.org/edgraph/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix id:     <https://w3id.org/edgraph/id/> .

<https://w3id.org/edgraph/id/graph/sources/within> prov:wasDerivedFrom id:source\\/within .
id:source\\/within a schema:NewsArticle ; schema:headline "Within"@en .
id:network\\/n a edgo:Network ; schema:name "N"@en .
id:org\\/a a edgo:University ; schema:name "A"@en ; edgo:memberOf id:network\\/n .
id:org\\/h a edgo:OrganizationalUnit ; schema:name "H"@en ; edgo:unitOf id:org\\/a .
id:org\\/u a edgo:OrganizationalUnit ; schema:name "U"@en ; edgo:unitOf id:network\\/n .
id:org\\/m a edgo:NonProfit ; schema:name "M"@en ; edgo:memberOf id:org\\/u .
id:event\\/eu a edgo:Meeting ; schema:name "EU"@en ; schema:startDate "2024-01-01"^^xsd:date ;
    edgo:eventOf id:org\\/u .
id:person\\/p a edgo:Person ; schema:name "P" .
id:membership\\/p-u a edgo:Membership ; org:member id:person\\/p ; org:organization id:org\\/u .
id:event\\/e a edgo:Meeting ; schema:name "E"@en ; schema:startDate "2024-02-01"^^xsd:date ;
    edgo:eventOf id:network\\/n ; edgo:organizer id:org\\/x .
id:event\\/s a edgo:Workshop ; schema:name "S"@en ; schema:startDate "2024-02-02"^^xsd:date ;
    schema:superEvent id:event\\/e ; edgo:organizer id:org\\/y .
id:org\\/x a edgo:Foundation ; schema:name "X"@en .
id:org\\/y a edgo:Company ; schema:name "Y"@en .
id:org\\/o a edgo:Company ; schema:name "O"@en .
"""


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    project = tmp_path_factory.mktemp("within") / "project"
    shutil.copytree(bundled_project() / "ontology", project / "ontology")
    (project / "graph" / "sources").mkdir(parents=True)
    (project / "graph" / "sources" / "within.ttl").write_text(SOURCE, encoding="utf-8")
    store = EmbeddedStore.in_memory()
    build(store, settings_for(Path(project)))
    return Catalog.load(store)


def in_network(catalog: Catalog) -> set[str]:
    return {
        iri.removeprefix(ID)
        for iri, entity in catalog.entities.items()
        if ID + "network/n" in entity.networks
    }


def test_what_is_within_a_network_or_within_a_part_of_it_is_in_the_network(
    catalog: Catalog,
) -> None:
    assert {"org/a", "org/u", "event/e", "org/m", "event/eu", "event/s"} <= in_network(catalog)


def test_who_acts_in_a_network_or_holds_a_position_in_a_part_of_it_is_in_it(
    catalog: Catalog,
) -> None:
    assert {"org/x", "org/y", "person/p"} <= in_network(catalog)


def test_a_members_own_units_are_not_the_networks(catalog: Catalog) -> None:
    assert in_network(catalog) == {
        "org/a", "org/u", "event/e", "org/m", "event/eu", "event/s", "org/x", "org/y",
        "person/p",
    }  # fmt: skip
    assert "org/h" not in in_network(catalog) and "org/o" not in in_network(catalog)
