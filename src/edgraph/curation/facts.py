"""The extractor's shared state past the mentions: relations are recorded here (one per role,
agent and target; one of each exclusive group), with the event a sentence without one is
about, and the dates that claims and positions hold as of.
"""

from __future__ import annotations

import datetime as dt
import re

from edgraph.curation.dates import find_dates
from edgraph.curation.mentions import MentionFinder
from edgraph.curation.model import (
    CandidateRelation,
    Evidence,
)
from edgraph.curation.names import _Entity, _Mention
from edgraph.curation.roles import Kind, Role
from edgraph.curation.text import Sentence
from edgraph.namespaces import EDGO

_AGENT_KINDS = (Kind.ORGANIZATION, Kind.NETWORK, Kind.PERSON)

_TARGETS: dict[Role, tuple[Kind, ...]] = {
    Role.ORGANIZER: (Kind.EVENT, Kind.PROJECT),
    Role.CO_ORGANIZER: (Kind.EVENT, Kind.PROJECT),
    Role.HOST: (Kind.EVENT,),
    Role.SPONSOR: (Kind.EVENT, Kind.PROJECT, Kind.NETWORK),
    Role.PARTICIPANT: (Kind.EVENT, Kind.NETWORK, Kind.PROJECT),
    Role.FUNDER: (Kind.EVENT, Kind.NETWORK, Kind.PROJECT),
    Role.SUPPORTER: (Kind.EVENT, Kind.NETWORK, Kind.PROJECT),
    Role.OPERATOR: (Kind.NETWORK, Kind.PROJECT, Kind.EVENT),
    Role.COORDINATOR: (Kind.NETWORK, Kind.PROJECT, Kind.EVENT),
    Role.FACILITATOR: (Kind.NETWORK, Kind.EVENT, Kind.PROJECT),
    Role.PROPOSER: (Kind.NETWORK, Kind.PROJECT),
    Role.MEMBER: (Kind.NETWORK,),
}

_EXCLUSIVE = (
    frozenset({Role.FUNDER, Role.SPONSOR, Role.SUPPORTER}),
    frozenset({Role.ORGANIZER, Role.CO_ORGANIZER}),
    frozenset({Role.PARTICIPANT, Role.ORGANIZER, Role.CO_ORGANIZER}),
)

_EVENT_ROLES = {
    Role.FACILITATOR,
    Role.ORGANIZER,
    Role.CO_ORGANIZER,
    Role.HOST,
    Role.SPONSOR,
    Role.PARTICIPANT,
    Role.FUNDER,
    Role.SUPPORTER,
}


_LAUNCH_EVENT = re.compile(
    r"^(?:\w+\s+)?(?:lanzamiento|presentación|launch|presentation|unveiling|ceremonia\s+de\s+"
    r"(?:arranque|lanzamiento|presentación))\b",
    re.IGNORECASE,
)


class FactFinder(MentionFinder):
    def _agent(self, mention: _Mention) -> int:
        """The entity of an agent mention; an unknown capitalised name becomes an organization
        when it holds a role."""
        if mention.entity >= 0:
            return mention.entity
        if mention.kind is None:
            mention.kind, mention.cls, mention.confidence = (
                Kind.ORGANIZATION,
                EDGO + "Organization",
                0.5,
            )
            self._resolve(mention)
        return mention.entity

    def _focus(self, role: Role, number: int = 10**9) -> list[int]:
        """The event a sentence without one is about: the main event, when the article has
        named or described it by then (paragraph ``number``) or in its headline."""
        main = self.main_event
        network = self.main_network
        money = role in (Role.FUNDER, Role.SUPPORTER, Role.SPONSOR)
        if (
            money
            and network is not None
            and min(m.paragraph for m in self.entities[network].mentions) <= min(number, 1)
            and (main is None or min(m.paragraph for m in self.entities[main].mentions) > number)
        ):
            return [network]  # an article about a network, before any event is named
        first = min(m.paragraph for m in self.entities[main].mentions) if main is not None else None
        if money and (first is None or first > number):
            # an article about a programme, before any event is named: "Additional funding
            # comes from X" is the programme's
            projects = [
                i
                for i, e in enumerate(self.entities)
                if e.kind == Kind.PROJECT
                and e.mentions
                and min(m.paragraph for m in e.mentions) <= number
            ]
            if len(projects) == 1 or (
                projects and min(m.paragraph for m in self.entities[projects[0]].mentions) <= 1
            ):
                return [projects[0]]
        if role not in _EVENT_ROLES or main is None or first is None:
            return []
        if first > number:
            return []
        if role in (Role.FUNDER, Role.SUPPORTER, Role.SPONSOR) and _LAUNCH_EVENT.search(
            self.entities[main].name
        ):
            # nobody funds a launch: the network or project launched is what is funded
            launched = [
                i
                for i, e in enumerate(self.entities)
                if e.kind in (Kind.PROJECT, Kind.NETWORK) and e.mentions
            ]
            if launched:
                return [self.main_network if self.main_network is not None else launched[0]]
        return [main]

    def _relation(
        self,
        role: Role,
        agent: int,
        target: int,
        number: int,
        text: str,
        sentence: Sentence,
        start: int,
        end: int,
        confidence: float,
        *,
        role_name: str | None = None,
    ) -> None:
        if agent < 0 or target < 0 or agent == target:
            return
        if self.entities[agent].kind not in _AGENT_KINDS and role in _TARGETS:
            return
        for existing in self.relations:
            if (existing.role, existing.agent, existing.target) == (
                role,
                f"e{agent}",
                f"e{target}",
            ):
                return
        # one role of a group per agent and target: a funder is not also taken for a supporter
        group = next((g for g in _EXCLUSIVE if role in g), None)
        for existing in list(self.relations):
            if (
                group
                and (existing.agent, existing.target) == (f"e{agent}", f"e{target}")
                and (existing.role in group)
            ):
                specific = {Role.FUNDER, Role.SPONSOR}
                if existing.role in specific and role == Role.SUPPORTER:
                    return  # money named somewhere says more than "backed" elsewhere
                if existing.confidence >= confidence and not (
                    role in specific and existing.role == Role.SUPPORTER
                ):
                    return
                self.relations.remove(existing)
        as_of = self._as_of() if role in (Role.MEMBER, Role.WORKS_FOR) else (None, None)
        self.relations.append(
            CandidateRelation(
                role,
                f"e{agent}",
                f"e{target}",
                _evidence(number, text, sentence, start, end),
                round(confidence * min(1.0, self.entities[agent].confidence + 0.2), 2),
                role_name,
                *as_of,
            )
        )

    # -- structure: units, positions, places, founding -----------------------------------------

    def _reference_year(self) -> int | None:
        """The year an undated "March 3" is in: the publication's, else the latest year the
        article names."""
        if self.doc.published:
            return self.doc.published.year
        years = [
            d.begin.year
            for _, _, s in self.sentences
            for d in find_dates(s.text)
            if d.begin.year and d.begin.year <= dt.date.today().year + 5
        ]
        return max(years) if years else None

    def _as_of(self) -> tuple[str | None, str | None]:
        """The date claims, memberships and positions hold as of: the publication date, else
        the main event's month, else the year the article gives."""
        if self.doc.published:
            return self.doc.published.isoformat(), "date"
        if self.main_event is not None:
            for attribute in self.attributes:
                if (
                    attribute.entity == f"e{self.main_event}"
                    and attribute.attribute == "start_date"
                ):
                    return attribute.value[:7], (
                        "gYearMonth" if len(attribute.value) >= 7 else "gYear"
                    )
        year = self._reference_year()
        return (str(year), "gYear") if year else (None, None)

    def _where(self, mention: _Mention) -> tuple[str, Sentence, int, int]:
        text = (
            self.doc.headline
            if mention.paragraph == 0
            else self.doc.paragraph(mention.paragraph).text
        )
        return text, mention.sentence, mention.start, mention.end

    # -- the result --------------------------------------------------------------------------


def _unit_class(entity: _Entity) -> str:
    if entity.cls in (EDGO + "ResearchInstitute", EDGO + "OrganizationalUnit"):
        return entity.cls
    return EDGO + "OrganizationalUnit"


def _evidence(number: int, text: str, sentence: Sentence, start: int, end: int) -> Evidence:
    return Evidence(number, sentence.text, start, end, text[start:end])
