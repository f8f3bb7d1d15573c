"""What the core reads about one resource for the viewer, without Flask: whether the dataset
knows it, and its data document (statements about it and pointing at it, capped per
direction). On the tiny graph of tests/data/: a school that hosts a workshop."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import Stores

from edgraph.entity import data, known
from edgraph.errors import NotFoundError
from edgraph.namespaces import EDGO, SCHEMA
from edgraph.store import Store

ID = "https://w3id.org/edgraph/id/"
SCHOOL = ID + "org/school"
WORKSHOP = ID + "event/workshop"


@pytest.fixture(scope="module")
def tiny(stores: Stores, tiny_shared_project: Path) -> Store:
    return stores.store("tiny-entity", tiny_shared_project)


def test_a_resource_is_known_as_subject_or_as_object_only(tiny: Store) -> None:
    assert known(tiny.query, SCHOOL)
    # schema:Organization is only ever the object of statements (types, the ontology's axioms)
    assert known(tiny.query, "http://schema.org/Organization")
    assert not known(tiny.query, ID + "org/nobody")


def test_a_string_that_is_not_an_iri_is_not_found_rather_than_queried(tiny: Store) -> None:
    def refuse(query: str) -> object:
        raise AssertionError(f"ran {query!r}")

    with pytest.raises(NotFoundError, match="not an IRI"):
        known(refuse, "> } DROP ALL { <x")  # type: ignore[arg-type]


def test_entity_data_holds_its_statements_both_ways_each_once(tiny: Store) -> None:
    found = data(tiny.query, SCHOOL)
    school = ox.NamedNode(SCHOOL)
    name = ox.Literal("Escola Pequena", language="pt")
    assert ox.Triple(school, ox.NamedNode(SCHEMA + "name"), name) in found.triples
    assert ox.Triple(ox.NamedNode(WORKSHOP), ox.NamedNode(EDGO + "host"), school) in found.triples
    assert len(found.triples) == len(set(found.triples)) and found.triples == sorted(
        found.triples, key=str
    )
    assert not found.cut


def test_entity_data_takes_at_most_row_cap_of_each_direction_and_says_it_was_cut(
    tiny: Store,
) -> None:
    # 11 statements about the school and 2 pointing at it
    found = data(tiny.query, SCHOOL, row_cap=1)
    assert found.cut
    assert sum(t.subject == ox.NamedNode(SCHOOL) for t in found.triples) == 1
    assert sum(t.object == ox.NamedNode(SCHOOL) for t in found.triples) == 1
    whole = data(tiny.query, SCHOOL, row_cap=13)
    assert not whole.cut and len(whole.triples) == 13


def test_entity_data_of_an_unknown_resource_is_not_found(tiny: Store) -> None:
    with pytest.raises(NotFoundError, match="nothing about"):
        data(tiny.query, ID + "org/nobody")
