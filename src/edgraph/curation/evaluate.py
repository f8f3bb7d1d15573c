"""How a proposal compares with the facts a curator recorded: organizations found with their
kind, each role as precision and recall, funders and sponsors confused, claims and dates found.
Used by the tests (on fixture articles) and by scripts/curation_selfcheck.py.

The expected facts are plain data (as in tests/data/curation/*.expected.json): entities with
name, kind, type and aliases; relations with role, agent and target names; claims with about,
value, qualifier and measure; dates with entity and start_date / end_date / founding_date.
Co-organizer counts as organizer and coordinator as operator (their ontology parents).

>>> from edgraph.curation.intake import parse_text
>>> from edgraph.curation.extract import propose
>>> p = propose(parse_text("Fair opens\\n\\nThe fair was sponsored by Sol Bank.", language="en"))
>>> s = score(p, {"entities": [{"name": "Sol Bank", "kind": "organization"}],
...               "relations": [{"role": "sponsor", "agent": "Sol Bank", "target": "fair"}]})
>>> s.organizations_found, s.role_recall
(1.0, 1.0)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from edgraph.curation.match import content_words, exact_key
from edgraph.curation.model import CandidateEntity, Proposal

#: Roles whose ontology parent is what is scored.
FAMILY = {"co_organizer": "organizer", "coordinator": "operator"}
#: Relations scored as roles (the issue's list); the rest are structure.
SCORED_ROLES = frozenset(
    """organizer host funder sponsor supporter participant operator facilitator member unit_of
    works_for located_in sub_event event_of founded_in proposer""".split()
)
_ORGANIZATION_KINDS = ("organization", "network")


@dataclass
class Score:
    """Figures of one proposal (or several, added with :meth:`add`)."""

    organizations: int = 0  # expected organizations and networks
    organizations_with_kind: int = 0  # of those, found with the right broad kind
    organizations_with_type: int = 0  # ... and the expected class
    relations_expected: int = 0
    relations_proposed: int = 0
    relations_correct: int = 0
    money_confusions: int = 0  # a funder proposed as a sponsor or the reverse
    claims_expected: int = 0
    claims_found: int = 0
    dates_expected: int = 0
    dates_found: int = 0
    per_role: Counter[str] = field(default_factory=Counter)  # "role:tp/fp/fn" -> count
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def organizations_found(self) -> float:
        return self.organizations_with_kind / self.organizations if self.organizations else 1.0

    @property
    def role_precision(self) -> float:
        return self.relations_correct / self.relations_proposed if self.relations_proposed else 1.0

    @property
    def role_recall(self) -> float:
        return self.relations_correct / self.relations_expected if self.relations_expected else 1.0

    def add(self, other: Score) -> None:
        for name in (
            "organizations",
            "organizations_with_kind",
            "organizations_with_type",
            "relations_expected",
            "relations_proposed",
            "relations_correct",
            "money_confusions",
            "claims_expected",
            "claims_found",
            "dates_expected",
            "dates_found",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.per_role.update(other.per_role)
        self.missed.extend(other.missed)
        self.wrong.extend(other.wrong)

    def summary(self) -> str:
        return (
            f"organizations found with their kind {self.organizations_with_kind}/"
            f"{self.organizations} ({self.organizations_found:.0%}), with their class "
            f"{self.organizations_with_type}/{self.organizations}; roles precision "
            f"{self.relations_correct}/{self.relations_proposed} ({self.role_precision:.0%}) "
            f"recall {self.relations_correct}/{self.relations_expected} "
            f"({self.role_recall:.0%}); funder/sponsor confusions {self.money_confusions}; "
            f"claims {self.claims_found}/{self.claims_expected}; dates {self.dates_found}/"
            f"{self.dates_expected}"
        )


def score(proposal: Proposal, expected: Mapping[str, Any]) -> Score:
    """Compare ``proposal`` with ``expected`` (see the module's docstring)."""
    result = Score()
    entities = proposal.entities
    wanted = list(expected.get("entities", ()))
    for item in wanted:
        if item.get("kind") not in _ORGANIZATION_KINDS:
            continue
        result.organizations += 1
        found = _find(entities, _names(item), event=False)
        if found is not None and found.kind.value == item["kind"]:
            result.organizations_with_kind += 1
            if "type" not in item or found.type.endswith("#" + item["type"]):
                result.organizations_with_type += 1
        else:
            result.missed.append(
                f"organization {item['name']!r}"
                + (f" found as {found.kind.value}" if found else "")
            )
    aliases = {exact_key(i["name"]): _names(i) for i in wanted}
    event_names = {exact_key(i["name"]) for i in wanted if i.get("kind") == "event"}

    def names_of(name: str) -> list[str]:
        return aliases.get(exact_key(name), [name])

    expected_relations = [
        (FAMILY.get(r["role"], r["role"]), r["agent"], r["target"])
        for r in expected.get("relations", ())
        if FAMILY.get(r["role"], r["role"]) in SCORED_ROLES
    ]
    proposed = [
        (
            FAMILY.get(r.role.value, r.role.value),
            proposal.entity(r.agent),
            proposal.entity(r.target),
        )
        for r in proposal.relations
        if FAMILY.get(r.role.value, r.role.value) in SCORED_ROLES
    ]
    result.relations_expected = len(expected_relations)
    result.relations_proposed = len(proposed)
    matched: set[int] = set()
    for role, agent, target in proposed:
        hit = None
        for index, (e_role, e_agent, e_target) in enumerate(expected_relations):
            if index in matched or e_role != role:
                continue
            if _is(agent, names_of(e_agent), exact_key(e_agent) in event_names) and _is(
                target, names_of(e_target), exact_key(e_target) in event_names
            ):
                hit = index
                break
        if hit is not None:
            matched.add(hit)
            result.relations_correct += 1
            result.per_role[f"{role}:tp"] += 1
            continue
        result.per_role[f"{role}:fp"] += 1
        result.wrong.append(f"{role}: {agent.name!r} -> {target.name!r}")
        other = {"funder": "sponsor", "sponsor": "funder"}.get(role)
        if other and any(
            e_role == other
            and _is(agent, names_of(e_agent), False)
            and _is(target, names_of(e_target), exact_key(e_target) in event_names)
            for e_role, e_agent, e_target in expected_relations
        ):
            result.money_confusions += 1
    for index, (role, agent_name, target_name) in enumerate(expected_relations):
        if index not in matched:
            result.per_role[f"{role}:fn"] += 1
            result.missed.append(f"{role}: {agent_name!r} -> {target_name!r}")
    for claim in expected.get("claims", ()):
        result.claims_expected += 1
        about = names_of(claim["about"])
        is_event = exact_key(claim["about"]) in event_names
        if any(
            _is(proposal.entity(c.about), about, is_event)
            and c.value == claim["value"]
            and c.qualifier.value == claim["qualifier"]
            and c.measure.value == claim["measure"]
            for c in proposal.claims
        ):
            result.claims_found += 1
        else:
            result.missed.append(f"claim {claim}")
    for date in expected.get("dates", ()):
        names = names_of(date["entity"])
        is_event = exact_key(date["entity"]) in event_names
        for attribute in ("start_date", "end_date", "founding_date"):
            if attribute not in date:
                continue
            result.dates_expected += 1
            if any(
                a.attribute == attribute
                and a.value == date[attribute]
                and _is(proposal.entity(a.entity), names, is_event)
                for a in proposal.attributes
            ):
                result.dates_found += 1
            else:
                result.missed.append(f"{attribute} {date[attribute]} of {date['entity']!r}")
    return result


def _names(item: Mapping[str, Any]) -> list[str]:
    return [item["name"], *item.get("aliases", ())]


def _find(
    entities: Sequence[CandidateEntity], names: Iterable[str], *, event: bool
) -> CandidateEntity | None:
    names = list(names)
    for entity in entities:
        if _is(entity, names, event):
            return entity
    return None


def _is(entity: CandidateEntity, names: Sequence[str], event: bool) -> bool:
    """Whether the candidate is the entity known by ``names``: a name or alias the same
    (accents, case, articles aside); for events, described by mostly the same words."""
    own = [entity.name, *entity.aliases]
    keys = {exact_key(n) for n in own}
    if keys & {exact_key(n) for n in names}:
        return True
    if not event:
        return False
    for name in names:
        wanted = set(content_words(name))
        for text in own:
            have = set(content_words(text))
            if wanted and have and len(wanted & have) / len(wanted | have) >= 0.6:
                return True
            if min(len(wanted), len(have)) >= 3 and (wanted <= have or have <= wanted):
                return True  # "Regional Meeting of the ASPnet" in a longer title
    return False
