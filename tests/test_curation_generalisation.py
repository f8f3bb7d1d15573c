"""How the extractor does on articles it was not first written for: the second development set
(tests/data/curation/development-2, 6 en and 6 es) held to its measured figures, rounds 8 to 10
held to floors below their figures, and one test per sentence shape the rules of issue 17's
second pass read (each with its data inline). tests/data/curation/README.md has the figures,
first runs included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edgraph.curation.evaluate import Score, score
from edgraph.curation.extract import propose
from edgraph.curation.intake import parse_text, read_document
from edgraph.curation.roles import Kind

DATA = Path(__file__).parent / "data" / "curation"
# Written for this pass, measured before any rule was changed (issue roles 76% precision,
# 49% recall on the code of the time), then used to make the rules more general.
DEVELOPMENT_2 = sorted((DATA / "development-2").glob("*.txt"))
# Each written after the rules were frozen and run once (first runs in the README); rounds 8
# and 9 were then used to fix general faults, round 10 was not.
ROUNDS_8_10 = [p for n in (8, 9, 10) for p in sorted((DATA / f"held-out-{n}").glob("*.txt"))]
ROUND_11 = sorted((DATA / "held-out-11").glob("*.txt"))
ISSUE_ROLES = ("organizer", "host", "funder", "sponsor", "participant", "operator", "unit_of",
               "works_for")  # fmt: skip


def total(paths: list[Path]) -> Score:
    result = Score()
    for path in paths:
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        result.add(score(propose(read_document(path, max_bytes=1_000_000)), expected))
    return result


def issue_roles(result: Score) -> tuple[float, float]:
    """Precision and recall over the roles the issue scores."""
    tp = sum(result.per_role[f"{r}:tp"] for r in ISSUE_ROLES)
    fp = sum(result.per_role[f"{r}:fp"] for r in ISSUE_ROLES)
    fn = sum(result.per_role[f"{r}:fn"] for r in ISSUE_ROLES)
    return tp / (tp + fp), tp / (tp + fn)


def test_the_new_sets_have_both_languages_and_full_articles() -> None:
    for paths in (DEVELOPMENT_2, ROUNDS_8_10):
        assert sum(p.name.startswith("en-") for p in paths) >= 6
        assert sum(p.name.startswith("es-") for p in paths) >= 6
    assert all(len(p.read_text(encoding="utf-8").split()) >= 300 for p in DEVELOPMENT_2)


def test_the_second_development_set_keeps_its_figures() -> None:
    # measured: organizations 144/146, roles 151/157 and 151/197, issue roles 96% / 82%
    result = total(DEVELOPMENT_2)
    precision, recall = issue_roles(result)
    assert result.organizations_found >= 0.95, result.missed
    assert result.role_precision >= 0.92, result.wrong
    assert result.role_recall >= 0.72, result.missed
    assert precision >= 0.92, result.wrong
    assert recall >= 0.78, result.missed
    assert result.dates_found >= 0.8 * result.dates_expected, result.missed
    assert result.money_confusions == 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_second_development_set_in_each_language(language: str) -> None:
    # measured: en 69/71 and 69/83, es 62/65 and 62/76 on the issue roles
    result = total([p for p in DEVELOPMENT_2 if p.name.startswith(language)])
    precision, recall = issue_roles(result)
    assert result.organizations_found >= 0.95, result.missed
    assert precision >= 0.9, result.wrong
    assert recall >= 0.74, result.missed


def test_rounds_8_to_10_stay_above_their_floors() -> None:
    # measured after the recall pass of issue 17: organizations 158/170, issue roles 112/134
    # (84%) / 112/198 (57%). A floor against regressions, not the targets: recall on unseen
    # text is short of 70%.
    result = total(ROUNDS_8_10)
    precision, recall = issue_roles(result)
    assert result.organizations_found >= 0.9, result.missed
    assert precision >= 0.8, result.wrong
    assert recall >= 0.54, result.missed
    assert result.money_confusions == 0


def test_round_11_stays_above_its_first_run() -> None:
    # first run (unseen, rules frozen at 3f8eec7): organizations 41/45, issue roles 16/26 (62%)
    # / 16/43 (37%). A floor against regressions, far below the targets.
    assert {p.name[:3] for p in ROUND_11} == {"en-", "es-"}
    result = total(ROUND_11)
    precision, recall = issue_roles(result)
    assert result.organizations_found >= 0.88, result.missed
    assert precision >= 0.58, result.wrong
    assert recall >= 0.35, result.missed
    assert result.money_confusions == 0


def roles_of(text: str, language: str = "en") -> set[tuple[str, str, str]]:
    proposal = propose(parse_text(text, language=language))
    return {
        (r.role.value, proposal.entity(r.agent).name, proposal.entity(r.target).name)
        for r in proposal.relations
    }


def kinds_of(text: str, language: str = "en") -> dict[str, Kind]:
    return {e.name: e.kind for e in propose(parse_text(text, language=language)).entities}


def test_a_possessive_inside_a_name_stays_in_it_but_an_owner_does_not() -> None:
    roles = roles_of(
        "Fair\n\nThe Harbor Fair was held on Monday. Pizza was donated by Marco's Kitchen. "
        "The fair was sponsored by Westfield University's School of Design."
    )
    assert ("supporter", "Marco's Kitchen", "Harbor Fair") in roles
    assert ("unit_of", "School of Design", "Westfield University") in roles


def test_a_capitalised_relative_clause_is_part_of_a_spanish_title() -> None:
    roles = roles_of(
        "Lectura\n\nLa Fundación Arce financia Aulas que Leen, un programa que opera la "
        "asociación civil Letras en Movimiento.",
        "es",
    )
    assert ("funder", "Fundación Arce", "Aulas que Leen") in roles
    assert ("operator", "Letras en Movimiento", "Aulas que Leen") in roles


def test_an_ordinal_before_an_unknown_name_makes_it_an_event() -> None:
    kinds = kinds_of(
        "Science night\n\nParents came to the city's first Family Science Night. The event "
        "was organized by the Lakeview School District."
    )
    # the ordinal stays in the event's name, as "Second Meeting" does
    assert kinds["First Family Science Night"] == Kind.EVENT


def test_a_programme_named_after_its_noun_is_its_owners() -> None:
    roles = roles_of(
        "Report\n\nOpen Doors Learning's flagship program, Safe Classrooms, runs 48 centres. "
        "The Nordic Relief Fund provided $3.1 million for Safe Classrooms."
    )
    assert ("operator", "Open Doors Learning", "Safe Classrooms") in roles
    assert ("funder", "Nordic Relief Fund", "Safe Classrooms") in roles


def test_who_heads_and_an_affiliation_in_brackets_say_where_a_person_works() -> None:
    assert ("works_for", "Mark Dunn", "Pell Foundation") in roles_of(
        "Forum\n\nMark Dunn, who heads the Pell Foundation, spoke at the Delta Forum."
    )
    roles = roles_of(
        "Foro\n\nEl Foro Andino fue organizado por el Instituto Kerrow.\n\n"
        "Participaron Ana Ruiz (Universidad del Valle) y Luis Soto (Red Andina).",
        "es",
    )
    assert ("works_for", "Ana Ruiz", "Universidad del Valle") in roles
    assert ("participant", "Luis Soto", "Foro Andino") in roles
    assert ("member", "Ana Ruiz", "Red Andina") not in roles  # the bracket is no target


def test_a_unit_through_which_its_parent_acts() -> None:
    roles = roles_of(
        "Feria\n\nLa feria fue organizada por la Universidad de Nariño, a través de su "
        "Departamento de Física.",
        "es",
    )
    assert ("unit_of", "Departamento de Física", "Universidad de Nariño") in roles
    assert ("organizer", "Universidad de Nariño", "Feria") in roles


def test_a_place_based_company_is_located_there() -> None:
    roles = roles_of(
        "Launch\n\nBrightpath Technologies, a Pittsburgh-based software company, will fund "
        "SkillBridge, a free digital skills program."
    )
    assert ("located_in", "Brightpath Technologies", "Pittsburgh") in roles
    assert ("funder", "Brightpath Technologies", "SkillBridge") in roles


def test_a_spanish_funder_after_its_verb_and_a_clitic() -> None:
    roles = roles_of(
        "Feria\n\nSe realizó la Feria de Ciencia de Pasto. Los recursos para los premios los "
        "aportó la Fundación Galeras.",
        "es",
    )
    assert ("funder", "Fundación Galeras", "Feria de Ciencia de Pasto") in roles


def test_co_sponsors_lead_sponsors_and_a_title_inside_a_list() -> None:
    roles = roles_of(
        "Challenge\n\nThe Coastal Robotics Challenge was held on Saturday. Lead sponsor "
        "Seacoast Shipyards provided the kits. The Corvid Network and Sable Bank co-sponsored "
        "the challenge. Judges included Ellen Tran, an engineer at Seacoast Shipyards, and "
        "Professor Mark Hughes of the Ferris Institute."
    )
    for sponsor in ("Seacoast Shipyards", "Corvid Network", "Sable Bank"):
        assert ("sponsor", sponsor, "Coastal Robotics Challenge") in roles
    assert ("participant", "Mark Hughes", "Coastal Robotics Challenge") in roles
    assert ("works_for", "Ellen Tran", "Seacoast Shipyards") in roles


def test_money_named_outweighs_backing_in_a_relative_clause() -> None:
    roles = roles_of(
        "Olympiad\n\nThe Prairie Science Olympiad was held in March. Money for the event comes "
        "mainly from Prairie Potash Corp., which has backed the olympiad for a decade."
    )
    assert ("funder", "Prairie Potash Corp.", "Prairie Science Olympiad") in roles
    assert ("supporter", "Prairie Potash Corp.", "Prairie Science Olympiad") not in roles


def test_a_participle_after_a_comma_describes_the_name_before_it() -> None:
    roles = roles_of(
        "Fondo\n\nEl Fondo Patagua, creado por la Corporación Bosque Nativo, abrió la "
        "convocatoria de Escuelas que Cuidan, un programa de becas.",
        "es",
    )
    assert not any(role == "proposer" for role, _, _ in roles)


def test_an_apostrophe_is_not_a_quotation_mark() -> None:
    proposal = propose(parse_text(
        "Festival\n\nThe Westmoor Readers Festival opens in May. Pages & Co will sponsor the "
        "festival's author visits, and the Westmoor Gazette is the festival's media partner.",
        language="en",
    ))  # fmt: skip
    assert all("'s" not in e.name for e in proposal.entities if e.kind == Kind.EVENT)


def test_a_shorter_name_of_an_organization_named_before_is_the_same_one() -> None:
    proposal = propose(parse_text(
        "Challenge\n\nThe Coastal Challenge was held at the Port Avery Marine Science Center. "
        "The Marine Science Center hosted it for the third year.\n\nInforme\n\n"
        "Habló la directora de la Secretaría de Educación del Cauca.",
        language="en",
    ))  # fmt: skip
    names = [e.name for e in proposal.entities if e.kind == Kind.ORGANIZATION]
    assert "Marine Science Center" not in names


def test_general_statements_hold_no_role_in_the_event() -> None:
    roles = roles_of(
        "Night\n\nThe Family Science Night was held on Friday. Volunteers from the Yacht Club "
        "ran the boats. The Grantham Foundation has supported science programs since 2015. "
        "The evaluation will be funded by the Orbis Council."
    )
    assert not any(agent in ("Yacht Club", "Grantham Foundation", "Orbis Council")
                   for _, agent, _ in roles)  # fmt: skip


def test_a_named_event_beside_a_second_gathering_is_kept() -> None:
    proposal = propose(parse_text(
        "Lab\n\nThe Symposium on Bilingual Education was held on January 29.\n\n"
        "A second gathering, the Bilingual Teachers Workshop, will be held at the Northfield "
        "Public Library on April 12.",
        language="en",
    ))  # fmt: skip
    names = {e.name for e in proposal.entities if e.kind == Kind.EVENT}
    assert "Bilingual Teachers Workshop" in names
    keys = {e.key for e in proposal.entities}
    assert all(a.entity in keys for a in proposal.attributes)  # no date of a dropped entity


def test_in_the_dateline_town_is_not_part_of_an_institutes_name() -> None:
    # a regression the review page's test found: "in Crisis" joins a name, "in <town>" not
    kinds = kinds_of(
        "Week\n\nPUERTO VENTANA, Chile — March 8, 2025 — The Coastal Science Week ran at the "
        "Marisma Institute of Technology in Puerto Ventana. The Global Alliance for Learning in "
        "Crisis took part."
    )
    assert kinds["Marisma Institute of Technology"] == Kind.ORGANIZATION
    assert kinds["Global Alliance for Learning in Crisis"] == Kind.NETWORK


def test_a_project_of_an_owner_is_a_project_and_later_pronouns_stand_for_it() -> None:
    roles = roles_of(
        "Five years\n\nBright Minds Mobile, a project of the Delaware Valley Learning "
        "Collaborative, turned five. The project has been funded since its first year by the "
        "Whitman-Cole Family Foundation. In 2025 it also received a grant from the Keystone "
        "STEM Fund, which paid for new tablets."
    )
    assert (
        kinds_of("Five\n\nBright Minds Mobile, a project of the Lake Trust, turned five.")[
            "Bright Minds Mobile"
        ]
        == Kind.PROJECT
    )
    assert ("operator", "Delaware Valley Learning Collaborative", "Bright Minds Mobile") in roles
    for funder in ("Whitman-Cole Family Foundation", "Keystone STEM Fund"):
        assert ("funder", funder, "Bright Minds Mobile") in roles
    assert ("funder", "Keystone STEM Fund", "Delaware Valley Learning Collaborative") not in roles


def test_a_participle_does_not_reach_past_another_to_its_by() -> None:
    roles = roles_of(
        "Week\n\nThe Coastal Science Week ran in March. Last year, the Salinas Rural School "
        "hosted a smaller fair organized by the Gull Coast University."
    )
    assert not any(r[0] == "host" and r[1] == "Gull Coast University" for r in roles)


@pytest.mark.parametrize(
    ("text", "language", "giver", "recipients"),
    [
        (
            "Grants\n\nThe Ridgeway Fund has awarded $1.8 million in grants. The largest grant "
            "goes to Mountain Math Circles, an after-school program. Hollow Creek Literacy "
            "Project, operated by Readers of the Ridge, received $250,000. Other grantees "
            "include Bluegrass Robotics League, a network of school clubs.",
            "en",
            "Ridgeway Fund",
            ("Mountain Math Circles", "Hollow Creek Literacy Project", "Bluegrass Robotics League"),
        ),
        (
            "Aportes\n\nLa Fundación Arrayán otorgó $90 millones en becas este año. El mayor "
            "aporte va a Lectores del Sur, un programa de lectura. La Red Escuelas Vivas, una "
            "red de colegios rurales, recibió $20 millones para talleres.",
            "es",
            "Fundación Arrayán",
            ("Lectores del Sur", "Red Escuelas Vivas"),
        ),
    ],
)
def test_grants_named_from_the_recipients_side_are_the_grant_makers(
    text: str, language: str, giver: str, recipients: tuple[str, ...]
) -> None:
    roles = roles_of(text, language)
    for recipient in recipients:
        assert ("funder", giver, recipient) in roles


def test_received_money_with_its_giver_named_is_left_to_the_giver() -> None:
    roles = roles_of(
        "Grants\n\nThe Ridgeway Fund has awarded $1.8 million in grants. Hollow Creek Literacy "
        "Project received $250,000 from the Tug Valley Trust."
    )
    assert ("funder", "Ridgeway Fund", "Hollow Creek Literacy Project") not in roles


def test_a_speakers_workplace_after_the_list_does_not_take_the_event_away() -> None:
    roles = roles_of(
        "Summit\n\nThe Appalachian Learning Summit opens on June 11. Speakers will include "
        "Dr. Marcus Webb and Jenna Pruitt, director of Mountain Math Circles, a tutoring program."
    )
    for speaker in ("Marcus Webb", "Jenna Pruitt"):
        assert ("participant", speaker, "Appalachian Learning Summit") in roles


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Nota\n\nLa Fundación Sembrar trabaja en Salta desde 2010. La entidad financió el "
            "Encuentro de Maestros Rurales de este año.",
            "es",
        ),
        (
            "News\n\nThe Sembrar Foundation has worked in Salta since 2010. The organization "
            "funded the Encuentro de Maestros Rurales this year.",
            "en",
        ),
    ],
)
def test_the_organization_stands_for_the_one_the_sentence_before_was_about(
    text: str, language: str
) -> None:
    roles = roles_of(text, language)
    assert any(r[0] == "funder" and "Sembrar" in r[1] for r in roles), roles


def test_a_head_word_is_found_with_or_without_its_accents() -> None:
    # "Olimpíada" (as some writers spell it) is the head word "olimpiada"; "Hackatón" is
    # "hackaton": either spelling makes an event
    for spelling in ("Olimpíada", "Olimpiada"):
        kinds = kinds_of(
            f"Olimpiada en Salta\n\nLa XV {spelling} Regional de Robótica reunió a 300 "
            "estudiantes de 40 escuelas. La organizó la Universidad Nacional de Salta.",
            "es",
        )
        assert kinds[f"XV {spelling} Regional de Robótica"] == Kind.EVENT
    kinds = kinds_of(
        "Hackathon\n\nThe Riverside Hackatón brought together 40 students. It was organized "
        "by the Austin Science Council."
    )
    assert kinds["Riverside Hackatón"] == Kind.EVENT
