"""Candidate facts from the fixture articles (fictional organizations, English and Spanish),
measured against the facts a curator recorded beside each, and the properties every proposal
has: evidence that quotes the paragraph, keys that resolve, roles that are the ontology's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDFS

from edgraph.bundled import bundled_project
from edgraph.curation.evaluate import Score, score
from edgraph.curation.extract import propose
from edgraph.curation.intake import parse_text, read_document
from edgraph.curation.model import Proposal
from edgraph.curation.roles import AGENT_ROLES, ROLES, Kind, Measure, Qualifier, Role
from edgraph.namespaces import EDGO

DATA = Path(__file__).parent / "data" / "curation"
# Written first, and used while the rules were written: the development set.
DEVELOPMENT = sorted(DATA.glob("*.txt"))
# Each written after the rules of its time, to measure them on text they were not written for;
# the rules were then made more general where they failed (first runs, see README: set 1 gave
# 20/25 role precision and 5/30 recall; set 2 gave 13/13 and 13/22).
# Round 4 (two articles a language) was written next: first run 13/29 role precision, 13/55
# recall (tests/data/curation/README.md has every round's first run).
HELD_OUT = (
    sorted((DATA / "held-out-1").glob("*.txt"))
    + sorted((DATA / "held-out-2").glob("*.txt"))
    + sorted((DATA / "held-out-4").glob("*.txt"))
)
# Round 5, written after the fixes of round 4: first run 13/19 precision, 13/53 recall.
ROUND_5 = sorted((DATA / "held-out-5").glob("*.txt"))
# Rounds 6 and 7, each written after the fixes of the round before: first runs 15/26 and
# 14/22 precision, 15/51 and 14/45 recall; fixed once each, so held to looser floors.
ROUNDS_6_7 = sorted((DATA / "held-out-6").glob("*.txt")) + sorted(
    (DATA / "held-out-7").glob("*.txt")
)
# The third pair: its first run gave 3/14 role precision and 3/27 recall, and after the
# general fixes since it is still below the targets on recall (see README). Its thresholds
# are a floor against regressions, not the targets.
HARD = sorted((DATA / "held-out-3").glob("*.txt"))


def proposal_for(path: Path) -> tuple[Proposal, dict[str, object]]:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return propose(read_document(path, max_bytes=1_000_000)), expected


def total(paths: list[Path]) -> Score:
    result = Score()
    for path in paths:
        result.add(score(*proposal_for(path)))
    return result


def test_there_are_fixture_articles_in_both_languages() -> None:
    for paths in (DEVELOPMENT, HELD_OUT, ROUND_5, ROUNDS_6_7, HARD):
        assert {p.name[:2] for p in paths} == {"en", "es"}
    assert len(DEVELOPMENT) >= 4
    assert len(HELD_OUT) + len(ROUND_5) >= 12


@pytest.mark.parametrize("path", DEVELOPMENT + HELD_OUT, ids=lambda p: p.name)
def test_each_article_meets_the_targets(path: Path) -> None:
    result = score(*proposal_for(path))
    assert result.organizations_found >= 0.9, result.missed
    assert result.role_precision >= 0.75, result.wrong
    assert result.role_recall >= 0.7, result.missed
    assert result.money_confusions == 0


def test_the_development_set_as_a_whole() -> None:
    result = total(DEVELOPMENT)
    assert result.organizations_found >= 0.95, result.missed
    assert result.role_precision >= 0.95, result.wrong
    assert result.role_recall >= 0.9, result.missed
    assert result.claims_found >= 0.85 * result.claims_expected
    assert result.dates_found >= 0.9 * result.dates_expected
    assert result.money_confusions == 0


def test_the_held_out_set_as_a_whole() -> None:
    result = total(HELD_OUT)
    assert result.organizations_found >= 0.9, result.missed
    assert result.role_precision >= 0.8, result.wrong
    assert result.role_recall >= 0.75, result.missed
    assert result.money_confusions == 0


def test_round_5_as_a_whole() -> None:
    result = total(ROUND_5)
    assert result.organizations_found >= 0.9, result.missed
    assert result.role_precision >= 0.9, result.wrong
    assert result.role_recall >= 0.75, result.missed
    assert result.dates_found >= 0.8 * result.dates_expected, result.missed
    assert result.money_confusions == 0


def test_rounds_6_and_7_as_a_whole() -> None:
    result = total(ROUNDS_6_7)
    assert result.organizations_found >= 0.9, result.missed
    assert result.role_precision >= 0.9, result.wrong
    assert result.role_recall >= 0.7, result.missed
    assert result.money_confusions == 0


def test_the_hardest_held_out_pair_keeps_its_precision() -> None:
    result = total(HARD)
    assert result.organizations_found >= 0.85, result.missed
    assert result.role_precision >= 0.8, result.wrong
    assert result.role_recall >= 0.45, result.missed  # the target is 0.7: not met
    assert result.money_confusions == 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_language_meets_the_targets(language: str) -> None:
    result = total([p for p in DEVELOPMENT + HELD_OUT + ROUND_5 if p.name.startswith(language)])
    assert result.organizations_found >= 0.9
    assert result.role_precision >= 0.8
    assert result.role_recall >= 0.7


def test_funders_sponsors_and_supporters_are_kept_apart() -> None:
    text = (
        "Coding fair opens in Quito\n\n"
        "The Quito Coding Fair was funded by the Inti Foundation and sponsored by Sol Bank. "
        "It was made possible thanks to the Andes Alliance. Support for the fair is provided "
        "by several foundations, including the Kallpa Fund.\n\n"
        "La feria fue financiada por la Fundación Qhapaq y patrocinada por Banco Altiplano, "
        "con el apoyo de la Red Ayni."
    )
    proposal = propose(parse_text(text, language="en"))
    roles = {(r.role, proposal.entity(r.agent).name) for r in proposal.relations}
    assert (Role.FUNDER, "Inti Foundation") in roles
    assert (Role.SPONSOR, "Sol Bank") in roles
    assert (Role.SUPPORTER, "Andes Alliance") in roles
    assert (Role.FUNDER, "Kallpa Fund") in roles  # support given by foundations is funding
    assert (Role.FUNDER, "Fundación Qhapaq") in roles
    assert (Role.SPONSOR, "Banco Altiplano") in roles
    assert (Role.SUPPORTER, "Red Ayni") in roles
    by_agent: dict[str, set[Role]] = {}
    for role, name in roles:
        by_agent.setdefault(name, set()).add(role)
    money = {Role.FUNDER, Role.SPONSOR, Role.SUPPORTER}
    assert all(len(found & money) <= 1 for found in by_agent.values()), by_agent


def test_roles_point_the_way_the_curated_files_write_them() -> None:
    ontology = rdflib.Graph().parse(bundled_project() / "ontology" / "edgraph.ttl")
    involved = rdflib.URIRef(EDGO + "involvedAgent")
    for role in Role:
        spec = ROLES[role]
        predicate = rdflib.URIRef(spec.predicate)
        if role in AGENT_ROLES:  # event/network/project -> agent, as edgo:funder is written
            assert involved in set(ontology.transitive_objects(predicate, RDFS.subPropertyOf))
        elif spec.predicate.startswith(EDGO):
            assert (predicate, None, None) in ontology, spec.predicate
    assert ROLES[Role.FUNDER].predicate == EDGO + "funder"  # not schema:funder
    for measure in Measure:
        assert (rdflib.URIRef(measure.iri), None, None) in ontology
    for qualifier in Qualifier:
        assert (rdflib.URIRef(qualifier.iri), None, None) in ontology


@pytest.mark.parametrize(
    "path", DEVELOPMENT + HELD_OUT + ROUND_5 + ROUNDS_6_7 + HARD, ids=lambda p: p.name
)
def test_every_candidate_carries_evidence_that_quotes_its_paragraph(path: Path) -> None:
    proposal, _ = proposal_for(path)
    document = proposal.document
    keys = {e.key for e in proposal.entities}
    assert len(keys) == len(proposal.entities)

    def check(evidence_paragraph: int, start: int, end: int, quote: str, sentence: str) -> None:
        text = document.headline if evidence_paragraph == 0 else (
            document.paragraph(evidence_paragraph).text
        )  # fmt: skip
        assert 0 <= start < end <= len(text)
        assert text[start:end] == quote
        assert sentence in text

    for entity in proposal.entities:
        assert entity.mentions and 0 < entity.confidence <= 1
        assert entity.type.startswith(EDGO)
        for m in entity.mentions:
            check(m.paragraph, m.start, m.end, m.quote, m.sentence)
    for item in (*proposal.relations, *proposal.claims, *proposal.attributes):
        e = item.evidence
        check(e.paragraph, e.start, e.end, e.quote, e.sentence)
        assert 0 < item.confidence <= 1
    for relation in proposal.relations:
        assert relation.agent in keys and relation.target in keys
    for claim in proposal.claims:
        assert claim.about in keys
        assert claim.as_of is not None  # every fixture gives a date to hold them as of


def test_claims_are_dated_and_qualified() -> None:
    text = (
        "Quipu Network grows\n\n"
        "LIMA — June 2, 2024 — The Quipu Network now brings together more than 120 schools "
        "from nine countries. Nearly 600 teachers attended its congress, and about 40 "
        "ministries took part.\n\n"
        "La Red Quipu, en su quinto año, reúne a unas 1.200 docentes y al menos 15 "
        "organizaciones."
    )
    proposal = propose(parse_text(text))
    claims = {(c.value, c.qualifier, c.measure) for c in proposal.claims}
    assert (120, Qualifier.MORE_THAN, Measure.MEMBER_INSTITUTIONS) in claims
    assert (9, Qualifier.EXACTLY, Measure.COUNTRIES) in claims
    assert (600, Qualifier.NEARLY, Measure.PARTICIPANTS) in claims
    assert (40, Qualifier.APPROXIMATELY, Measure.MEMBER_INSTITUTIONS) in claims
    assert (5, Qualifier.EXACTLY, Measure.YEAR_OF_OPERATION) in claims
    assert (15, Qualifier.AT_LEAST, Measure.MEMBER_INSTITUTIONS) in claims
    assert {(c.as_of, c.as_of_type) for c in proposal.claims} == {("2024-06-02", "date")}


def test_event_dates_take_their_year_from_the_article() -> None:
    text = (
        "Forum in Lima\n\nLIMA — May 2, 2025 — The Andes Education Forum will be held in Lima "
        "from June 3 to 5.\n\nEl Foro Andino de Educación se realizará del 3 al 5 de junio."
    )
    proposal = propose(parse_text(text, language="en"))
    dates = {(proposal.entity(a.entity).name, a.attribute, a.value) for a in proposal.attributes}
    assert ("Andes Education Forum", "start_date", "2025-06-03") in dates
    assert ("Andes Education Forum", "end_date", "2025-06-05") in dates


def test_a_works_for_relation_keeps_the_role_as_written() -> None:
    text = (
        "Interview\n\n"
        '"We are ready," said Ana Ruiz, executive director of the Inti Foundation. '
        "La coordinadora general de la Asociación Tikary, María Quispe, habló después."
    )
    proposal = propose(parse_text(text, language="en"))
    found = {(proposal.entity(r.agent).name, proposal.entity(r.target).name, r.role_name)
             for r in proposal.relations if r.role == Role.WORKS_FOR}  # fmt: skip
    assert ("Ana Ruiz", "Inti Foundation", "executive director") in found
    assert ("María Quispe", "Asociación Tikary", "coordinadora general") in found
    people = [e for e in proposal.entities if e.kind == Kind.PERSON]
    assert {p.name for p in people} == {"Ana Ruiz", "María Quispe"}


def test_proposals_are_deterministic_and_serialise_to_json() -> None:
    path = DEVELOPMENT[0]
    first, _ = proposal_for(path)
    second, _ = proposal_for(path)
    a, b = first.to_json(), second.to_json()
    a.pop("elapsed_ms"), b.pop("elapsed_ms")
    assert a == b
    text = json.dumps(a, ensure_ascii=False)
    assert json.loads(text)["document"]["fingerprint"] == first.document.fingerprint
    assert "paragraphs" in a["document"] and "text" not in a["document"]


def test_hostile_names_are_kept_as_text_and_nothing_breaks() -> None:
    text = (
        "<script>alert(1)</script> News\n\n"
        "The Inti Foundation funded the <img src=x onerror=alert(1)> Quipu Congress. "
        "It was organized by the \u202eAyni\u202c Network and sponsored by "
        '"; DROP TABLE orgs; -- Bank.'
    )
    proposal = propose(parse_text(text, language="en"))
    roles = {(r.role, proposal.entity(r.agent).name) for r in proposal.relations}
    assert (Role.FUNDER, "Inti Foundation") in roles  # still reads what it can
    assert (Role.ORGANIZER, "Ayni Network") in roles
    for entity in proposal.entities:
        assert "\u202e" not in entity.name  # control characters are gone at intake
        assert "<" not in entity.name and ";" not in entity.name


def test_a_funding_word_in_one_clause_does_not_make_another_clauses_supporter_a_funder() -> None:
    text = (
        "Partnership\n\nThe Lemelson Foundation funds the Red Quipu, and the Overdeck Family "
        "Foundation supports the Red Quipu de Escuelas Rurales."
    )
    proposal = propose(parse_text(text, language="en"))
    roles = {(r.role, proposal.entity(r.agent).name) for r in proposal.relations}
    assert roles == {
        (Role.FUNDER, "Lemelson Foundation"), (Role.SUPPORTER, "Overdeck Family Foundation"),
    }  # fmt: skip


def test_curation_is_headless_and_loads_its_heavy_libraries_only_when_used() -> None:
    import subprocess
    import sys

    code = (
        "import sys, edgraph.curation.extract, edgraph.curation.reconcile, "
        "edgraph.curation.intake, edgraph.curation.evaluate\n"
        "heavy = {'flask', 'pyvis', 'trafilatura', 'pypdf', 'py3langid', 'rapidfuzz'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def roles_of(text: str, language: str = "en") -> set[tuple[str, str, str]]:
    proposal = propose(parse_text(text, language=language))
    return {
        (r.role.value, proposal.entity(r.agent).name, proposal.entity(r.target).name)
        for r in proposal.relations
    }


def test_the_head_of_an_english_name_is_its_last_word_and_of_a_spanish_one_its_first() -> None:
    proposal = propose(parse_text(
        "Fair\n\nThe fair is sponsored by Summit Circuit Supply and Fundación Cumbre Digital.",
        language="en",
    ))  # fmt: skip
    kinds = {e.name: (e.kind, e.type.split("#")[1]) for e in proposal.entities}
    assert kinds["Summit Circuit Supply"] == (Kind.ORGANIZATION, "Company")  # not a summit
    assert kinds["Fundación Cumbre Digital"] == (Kind.ORGANIZATION, "Foundation")


def test_a_role_in_capitals_before_a_name_is_not_part_of_the_name() -> None:
    text = 'Grant announced\n\n"We are ready," said Janet Okafor, CEO of the Lakehurst Foundation.'
    assert ("works_for", "Janet Okafor", "Lakehurst Foundation") in roles_of(text)


def test_an_apposition_says_what_an_unknown_name_is() -> None:
    proposal = propose(parse_text(
        "Grant\n\nThe Lakehurst Foundation funds Frontier Robotics Clubs, a program that brings "
        "robotics to rural schools. The program is run by the Western STEM Alliance.",
        language="en",
    ))  # fmt: skip
    clubs = next(e for e in proposal.entities if e.name == "Frontier Robotics Clubs")
    assert clubs.kind == Kind.PROJECT
    roles = {(r.role, proposal.entity(r.agent).name) for r in proposal.relations}
    assert (Role.OPERATOR, "Western STEM Alliance") in roles


def test_a_list_stops_at_an_indefinite_apposition_and_goes_past_a_description() -> None:
    text = (
        "Forum\n\nThe Andes Forum was sponsored by Ecobrew, a Leeds coffee roaster. It was "
        "funded by the Inti Foundation and the Swiss cooperation agency Helvetas Andina."
    )
    roles = roles_of(text)
    assert ("sponsor", "Ecobrew", "Andes Forum") in roles
    assert not any(agent == "Leeds" for _, agent, _ in roles)
    assert ("funder", "Helvetas Andina", "Andes Forum") in roles


def test_a_spanish_verb_before_its_subject_still_names_the_agents() -> None:
    text = (
        "Foro\n\nEl Foro Andino se realizó en Quito. Al acto asistieron directivos de la "
        "Cámara Nacional de Software y del Consejo Estatal de Ciencia."
    )
    roles = roles_of(text, "es")
    assert ("participant", "Cámara Nacional de Software", "Foro Andino") in roles
    assert ("participant", "Consejo Estatal de Ciencia", "Foro Andino") in roles
    assert not any(r == "organizer" for r, _, _ in roles)  # "se realizó" is no organizer


def test_what_an_organization_does_in_general_is_not_about_the_event() -> None:
    text = (
        "Summit\n\nThe Andes Summit was organized by the Inti Network in Lima.\n\n"
        "Founded in 1987 in Denver, the Lakehurst Foundation supports science education."
    )
    proposal = propose(parse_text(text, language="en"))
    roles = {(r.role, proposal.entity(r.agent).name) for r in proposal.relations}
    assert not any(
        name == "Lakehurst Foundation" for role, name in roles if role != Role.FOUNDED_IN
    )
    founded = {(proposal.entity(a.entity).name, a.value) for a in proposal.attributes}
    assert ("Lakehurst Foundation", "1987") in founded
    assert (Role.FOUNDED_IN, "Lakehurst Foundation") in roles


def test_another_edition_of_the_event_is_not_proposed() -> None:
    text = (
        "Conference\n\nThe Climate Classroom Conference took place in Leeds. The fourth "
        "conference will be held in Ghent in 2026, with the sponsorship of Ecobrew."
    )
    roles = roles_of(text)
    assert ("located_in", "Climate Classroom Conference", "Leeds") in roles
    assert not any(target == "Ghent" or agent == "Ecobrew" for _, agent, target in roles)


def test_an_office_title_works_for_the_one_organization_that_is_that_office() -> None:
    text = (
        "Plan\n\nEl Ministerio de Educación del Chaco presentó el plan. Asistió la ministra de "
        "Educación, Silvia Rojas."
    )
    assert ("works_for", "Silvia Rojas", "Ministerio de Educación del Chaco") in roles_of(
        text, "es"
    )


def test_a_definite_description_by_a_head_word_stands_for_the_organization() -> None:
    text = (
        "Congreso\n\nEl Congreso Andino se celebra en Quito. El congreso está organizado por "
        "la Asociación Andina de Pedagogía y la Universidad del Norte. Lo organiza también la "
        "propia universidad."
    )
    roles = roles_of(text, "es")
    assert ("organizer", "Universidad del Norte", "Congreso Andino") in roles


def test_dates_written_relative_to_the_publication() -> None:
    text = (
        "Launch\n\nPRINCE GEORGE, Feb. 20, 2026 — A launch event held Thursday at the Civic "
        "Centre was attended by the Northern Teachers' Association."
    )
    proposal = propose(parse_text(text, language="en"))
    dates = {(a.attribute, a.value) for a in proposal.attributes}
    assert ("start_date", "2026-02-19") in dates
    roles = {(r.role, proposal.entity(r.agent).name) for r in proposal.relations}
    assert (Role.PARTICIPANT, "Northern Teachers' Association") in roles


def test_people_who_speak_at_the_opening_take_part_in_the_event() -> None:
    text = (
        "Congreso\n\nEl Congreso Estatal de Educación se celebra en Valladolid. En la "
        "inauguración, la rectora de la Universidad del Norte, Pilar Ibáñez, habló de inclusión."
    )
    roles = roles_of(text, "es")
    assert ("participant", "Pilar Ibáñez", "Congreso Estatal de Educación") in roles
    assert ("works_for", "Pilar Ibáñez", "Universidad del Norte") in roles


def test_targets_joined_by_and_are_both_targets_but_a_fronted_clause_is_not_one() -> None:
    both = roles_of(
        "Fair\n\nThe Andes Fair was held in Lima. Support for the fair and the Inti Network "
        "is provided by several foundations, including the Kallpa Fund."
    )
    assert ("funder", "Kallpa Fund", "Andes Fair") in both
    assert ("funder", "Kallpa Fund", "Inti Network") in both
    fronted = roles_of(
        "Summit\n\nCo-hosted by Dakota College and the Rural Schools Collaborative, the Plains "
        "Summit was sponsored by Harvest Bank."
    )
    assert ("sponsor", "Harvest Bank", "Plains Summit") in fronted
    assert ("host", "Dakota College", "Plains Summit") in fronted
    assert not any(t == "Rural Schools Collaborative" for r, _, t in fronted if r == "sponsor")
