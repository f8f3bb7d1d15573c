"""Reconciliation: names matched against a store's entities, with scores and reasons, the
cases that must not match, and IRIs minted without collisions."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from edgraph.build import build
from edgraph.bundled import bundled_project
from edgraph.curation.match import Matcher
from edgraph.store import EmbeddedStore, Store
from tests.conftest import settings_for

BASE = "https://w3id.org/edgraph/id/"
GRAPH = """
@prefix edgo:   <https://w3id.org/edgraph/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix org:    <https://w3id.org/edgraph/id/org/> .
@prefix network: <https://w3id.org/edgraph/id/network/> .
@prefix place:  <https://w3id.org/edgraph/id/place/> .
@prefix source: <https://w3id.org/edgraph/id/source/> .

<https://w3id.org/edgraph/id/graph/sources/match> prov:wasDerivedFrom source:match .
source:match a schema:NewsArticle ; schema:headline "Match test"@en ; schema:inLanguage "en" .
<https://w3id.org/edgraph/id/graph/sources/match> prov:wasDerivedFrom source:web .
source:web a schema:NewsArticle ; schema:headline "Web item"@en ; schema:inLanguage "en" ;
    schema:url "https://www.example.org/news/1/" ; schema:identifier "0123456789abcdef" .

org:oce a edgo:Organization ; schema:name "Office for Climate Education"@en ; skos:altLabel "OCE" .
org:tec a edgo:University ;
    schema:name "Monterrey Institute of Technology and Higher Education"@en, "Tecnológico de Monterrey"@es ;
    skos:altLabel "TEC", "Tec de Monterrey" .
org:lemelson a edgo:Foundation ; schema:name "The Lemelson Foundation"@en .
org:overdeck a edgo:Foundation ; schema:name "Overdeck Family Foundation"@en .
org:schusterman a edgo:Foundation ; schema:name "Schusterman Family Foundation"@en .
org:andes-fund a edgo:Foundation ; schema:name "Fundación Andina"@es .
org:wix a edgo:Company ; schema:name "Wix" .
org:mined-cl a edgo:Ministry ; schema:name "Ministry of Education of Chile"@en, "Ministerio de Educación de Chile"@es .
org:unesco a edgo:IntergovernmentalOrganization ; schema:name "UNESCO" .
org:unesco-mx a edgo:OrganizationalUnit ; schema:name "UNESCO Office in Mexico"@en ; edgo:unitOf org:unesco .
org:unesco-cu a edgo:OrganizationalUnit ; schema:name "UNESCO Office in Havana"@en ; edgo:unitOf org:unesco .
org:ife a edgo:ResearchInstitute ; schema:name "Institute for the Future of Education"@en ;
    skos:altLabel "IFE" ; edgo:unitOf org:tec .
network:quipu a edgo:Network ; schema:name "Red Quipu de Escuelas Rurales"@es ; skos:altLabel "Red Quipu" .
place:havana a edgo:City ; schema:name "Havana"@en, "La Habana"@es .
place:lima a edgo:City ; schema:name "Lima" .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    project = tmp_path_factory.mktemp("match")
    shutil.copytree(bundled_project() / "ontology", project / "ontology")
    (project / "graph" / "sources").mkdir(parents=True)
    (project / "graph" / "sources" / "match.ttl").write_text(GRAPH, encoding="utf-8")
    built = EmbeddedStore.in_memory()
    build(built, settings_for(project))
    return built


@pytest.fixture(scope="module")
def matcher(store: Store) -> Matcher:
    return Matcher.for_store(store)


def best(matcher: Matcher, name: str, **options: object) -> str | None:
    found = matcher.best(name, **options)  # type: ignore[arg-type]
    return found.iri.removeprefix(BASE) if found else None


@pytest.mark.parametrize(
    ("name", "iri", "reason"),
    [
        ("Office for Climate Education", "org/oce", "its name"),
        ("office for climate education", "org/oce", "ignoring case"),
        ("Tecnologico de Monterrey", "org/tec", "ignoring case, accents"),  # accents
        ("Tecnológico de Monterrey", "org/tec", "its name"),  # the Spanish name
        ("OCE", "org/oce", "an alias"),  # an acronym given as an alias
        ("TEC", "org/tec", "an alias"),
        ("tec de monterrey", "org/tec", "an alias"),
        ("Lemelson Foundation", "org/lemelson", "without articles"),  # "The X" vs "X"
        ("the Lemelson Foundation", "org/lemelson", "ignoring case"),
        ("Wix Inc.", "org/wix", "without articles or legal form"),
        ("WIX", "org/wix", "ignoring case"),
        ("Ministerio de Educación de Chile", "org/mined-cl", "its name"),
        ("Chile Ministry of Education", "org/mined-cl", "the same words"),  # order
        ("Andes Foundation", None, None),  # a translation the graph does not have
        ("Fundacion Andina", "org/andes-fund", "ignoring case, accents"),
        ("Overdek Family Foundation", "org/overdeck", "close spelling"),  # a small typo
        ("Lemelson Fundation", "org/lemelson", "close spelling"),
        ("Red Quipu", "network/quipu", "an alias"),
        ("Red Quipu de Escuelas Rurales", "network/quipu", "its name"),
        ("UNESCO Office in Mexico", "org/unesco-mx", "its name"),
        ("UNESCO's Office in Havana", "org/unesco-cu", "ignoring case"),
        ("Oficina de la UNESCO en La Habana", "org/unesco-cu", "a unit of UNESCO"),
    ],
)
def test_names_match_with_a_score_and_a_reason(
    matcher: Matcher, name: str, iri: str | None, reason: str | None
) -> None:
    found = matcher.best(name)
    if iri is None:
        assert found is None
        return
    assert found is not None, name
    assert found.iri == BASE + iri
    assert 0.8 <= found.score <= 1.0
    assert reason is not None and reason in found.reasons[0], found.reasons


def test_an_acronym_made_of_a_names_initials_matches_when_only_one_entity_has_them(
    matcher: Matcher,
) -> None:
    found = matcher.match("IFTFOE")  # no such initials
    assert found == []
    ranked = matcher.match("MITHE")  # Monterrey Institute of Technology and Higher Education
    assert ranked and ranked[0].iri == BASE + "org/tec"
    assert "initials" in ranked[0].reasons[0]
    assert ranked[0].score < 0.8  # a suggestion for the curator, not a match to accept


@pytest.mark.parametrize(
    "name",
    [
        "UNESCO Office in Lima",  # another city's office
        "UNESCO Office in Paris",
        "Ministry of Education of Peru",  # another country's ministry
        "Ministry of Education",  # less than the Chilean ministry's name
        "Johnson Family Foundation",  # another family foundation
        "Office for Climate Action",
        "Institute for the Future of Work",
        "Red Inti de Escuelas Rurales",
        "Monterrey",  # a city is not the university named after it
        "Foundation",
    ],
)
def test_names_that_must_not_match(matcher: Matcher, name: str) -> None:
    assert matcher.best(name) is None, matcher.match(name)


def test_a_missing_word_is_only_a_suggestion(matcher: Matcher) -> None:
    found = matcher.match("Schusterman Foundation")
    assert found and found[0].iri == BASE + "org/schusterman"
    assert found[0].score < 0.8 and "one word more or less" in found[0].reasons[0]
    assert matcher.best("Schusterman Foundation") is None


def test_kind_keeps_to_entities_of_that_kind(matcher: Matcher) -> None:
    assert best(matcher, "Havana", kind="place") == "place/havana"
    assert best(matcher, "Havana", kind="organization") is None
    # an organization may be matched as a network (extraction can take one for the other)
    found = matcher.best("Red Quipu", kind="organization")
    assert found is not None and found.iri == BASE + "network/quipu"
    assert "it is a network, not a organization" in found.reasons[0]


def test_units_are_found_under_a_given_parent(matcher: Matcher) -> None:
    found = matcher.best("Office in Havana", parent=BASE + "org/unesco")
    assert found is not None and found.iri == BASE + "org/unesco-cu"
    assert matcher.best("Office in Havana", parent=BASE + "org/tec") is None


def test_two_equal_candidates_are_left_to_the_curator() -> None:
    from edgraph.curation.match import KnownEntity

    twins = Matcher([
        KnownEntity("http://x/a", "organization", ("Sol Foundation",), ()),
        KnownEntity("http://x/b", "organization", ("Sol Foundation",), ()),
    ])  # fmt: skip
    assert len(twins.match("Sol Foundation")) == 2
    assert twins.best("Sol Foundation") is None


def test_minted_iris_never_collide(matcher: Matcher) -> None:
    first = matcher.mint("organization", "Office for Climate Education")
    second = matcher.mint("organization", "Office for Climate Education")
    assert first == BASE + "org/office-for-climate-education"  # not in the store
    assert second == BASE + "org/office-for-climate-education-2"
    taken = matcher.mint("organization", "oce")  # org/oce is the store's
    assert taken == BASE + "org/oce-2"
    assert matcher.taken(BASE + "org/oce") and matcher.taken(first)
    assert matcher.mint("event", "Forum 2024").startswith(BASE + "event/forum-2024")
    with pytest.raises(ValueError, match="cannot mint an IRI for kind 'planet'"):
        matcher.mint("planet", "Mars")


def test_the_index_is_made_once_per_store_generation(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(bundled_project() / "ontology", project / "ontology")
    (project / "graph" / "sources").mkdir(parents=True)
    source = project / "graph" / "sources" / "match.ttl"
    source.write_text(GRAPH, encoding="utf-8")
    location = tmp_path / "store"
    store = EmbeddedStore.open(location, must_exist=False)
    build(store, settings_for(project, store=str(location)))
    first = Matcher.for_store(EmbeddedStore.open(location))
    assert Matcher.for_store(EmbeddedStore.open(location)) is first  # same generation
    source.write_text(GRAPH.replace('"Lima"', '"Cusco"'), encoding="utf-8")
    build(EmbeddedStore.open(location), settings_for(project, store=str(location)))
    second = Matcher.for_store(EmbeddedStore.open(location))
    assert second is not first
    assert second.best("Cusco") is not None and second.best("Lima") is None


def test_a_proposal_is_reconciled_entity_by_entity(matcher: Matcher) -> None:
    from edgraph.curation.extract import propose
    from edgraph.curation.intake import parse_text
    from edgraph.curation.reconcile import reconcile

    text = (
        "Climate schools meet in Lima\n\n"
        "The Climate Schools Forum was organized by the OCE and funded by the Lemelson "
        "Foundation. The Office for Climate Education also invited the Quipu Alliance, and "
        "the Institute for the Future of Education of the Monterrey Institute of Technology "
        "and Higher Education took part."
    )
    proposal = propose(parse_text(text, language="en"), gazetteer=matcher)
    result = reconcile(proposal, matcher)
    by_name = {proposal.entity(k).name: m for k, m in result.entities.items()}
    assert by_name["Lemelson Foundation"].iri == BASE + "org/lemelson"
    assert by_name["Lemelson Foundation"].candidates[0].reasons
    oce = [m for name, m in by_name.items() if m.chosen and m.iri == BASE + "org/oce"]
    assert oce, by_name  # "OCE" and "Office for Climate Education" are one known entity
    assert by_name["Institute for the Future of Education"].iri == BASE + "org/ife"
    new = by_name["Quipu Alliance"]
    assert new.is_new and new.new_iri == BASE + "network/quipu-alliance"
    assert not matcher.taken(new.iri)  # proposed, not reserved
    iris = [m.iri for m in result.entities.values()]
    assert len(set(iris)) == len(iris) or oce  # new IRIs never collide with each other
    assert {k: v["iri"] for k, v in result.to_json().items()} == {
        k: m.iri for k, m in result.entities.items()
    }


def test_a_source_whose_entities_all_exist_only_adds_relations(matcher: Matcher) -> None:
    from edgraph.curation.extract import propose
    from edgraph.curation.intake import parse_text
    from edgraph.curation.reconcile import reconcile

    text = (
        "Partnership\n\nThe Lemelson Foundation funds the Red Quipu, and the Overdeck Family "
        "Foundation supports the Red Quipu de Escuelas Rurales."
    )
    proposal = propose(parse_text(text, language="en"), gazetteer=matcher)
    result = reconcile(proposal, matcher)
    assert result.entities and all(not m.is_new for m in result.entities.values())
    assert {r.role.value for r in proposal.relations} == {"funder", "supporter"}


def test_a_document_already_in_the_store_is_recognised(store: Store) -> None:
    from edgraph.curation.intake import parse_text, with_overrides
    from edgraph.curation.reconcile import known_sources

    doc = parse_text("Match test\n\nThe Lemelson Foundation funds the Red Quipu schools.",
                     language="en")  # fmt: skip
    assert [(k.iri, k.reason) for k in known_sources(store, doc)] == [
        (BASE + "source/match", "the same headline and publisher")
    ]
    other = with_overrides(doc, headline="Another article")
    assert known_sources(store, other) == []
    same_url = with_overrides(other, url="http://example.org/news/1")
    assert [k.reason for k in known_sources(store, same_url)] == ["the same URL"]
    same_text = dataclasses.replace(other, fingerprint="0123456789abcdef" + "0" * 48)
    assert [k.reason for k in known_sources(store, same_text)] == ["the same text"]


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("Overdeck Faimly Foundation", "org/overdeck"),  # "Family" with two letters swapped
        ("Havnaa", "place/havana"),  # a place's own name misspelt (not a place inside a name)
    ],
)
def test_two_letters_swapped_are_one_typo(matcher: Matcher, name: str, iri: str) -> None:
    found = matcher.match(name)
    assert found and found[0].iri == BASE + iri, found
    assert "close spelling" in found[0].reasons[0]
