"""Candidate facts from a Document, by rules: capitalised names and acronyms (and a gazetteer
of the graph's own names) give the entities, head words their kind, trigger phrases in English
and Spanish the roles, and number phrases the claims. Offline and deterministic.

>>> from edgraph.curation.intake import parse_text
>>> doc = parse_text(
...     "Andes Forum opens\\n\\nThe Quipu Congress was organized by the Andes Foundation and "
...     "funded by the Inti Fund. It took place in Lima, Peru, from March 3 to 5, 2024.",
...     language="en")
>>> proposal = propose(doc)
>>> sorted((r.role.value, proposal.entity(r.agent).name) for r in proposal.relations
...        if r.role in (Role.ORGANIZER, Role.FUNDER))
[('funder', 'Inti Fund'), ('organizer', 'Andes Foundation')]
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from collections.abc import Iterable

from edgraph.catalog import fold
from edgraph.curation import patterns as pt
from edgraph.curation.dates import DateMention, PartialDate, find_dates
from edgraph.curation.intake import Document
from edgraph.curation.match import Matcher, exact_key, looks_like_acronym
from edgraph.curation.mentions import (
    _KIND_OF_CATALOG,
    _SMALL_EVENTS,
    MentionFinder,
    _Entity,
    _Mention,
    _unit_like,
)
from edgraph.curation.model import (
    CandidateAttribute,
    CandidateClaim,
    CandidateEntity,
    CandidateRelation,
    Evidence,
    Proposal,
)
from edgraph.curation.roles import DEFAULT_CLASS, Kind, Measure, Qualifier, Role
from edgraph.curation.text import Sentence, sentences
from edgraph.namespaces import EDGO

_AGENT_KINDS = (Kind.ORGANIZATION, Kind.NETWORK, Kind.PERSON)
# Which kinds of target each role prefers, in order.
_TARGETS: dict[Role, tuple[Kind, ...]] = {
    Role.ORGANIZER: (Kind.EVENT, Kind.PROJECT),
    Role.CO_ORGANIZER: (Kind.EVENT, Kind.PROJECT),
    Role.HOST: (Kind.EVENT,),
    Role.SPONSOR: (Kind.EVENT, Kind.PROJECT, Kind.NETWORK),
    Role.PARTICIPANT: (Kind.EVENT, Kind.NETWORK, Kind.PROJECT),
    Role.FUNDER: (Kind.EVENT, Kind.NETWORK, Kind.PROJECT),
    Role.SUPPORTER: (Kind.EVENT, Kind.NETWORK, Kind.PROJECT),
    Role.OPERATOR: (Kind.NETWORK, Kind.PROJECT),
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
    Role.ORGANIZER,
    Role.CO_ORGANIZER,
    Role.HOST,
    Role.SPONSOR,
    Role.PARTICIPANT,
    Role.FUNDER,
    Role.SUPPORTER,
}
_GLUE = re.compile(
    r"^(?:[\s,;]|\b(?:and|y|e|&|as\s+well\s+as|así\s+como|plus|including|incluyendo|such\s+as|"
    r"como|among\s+them|entre\s+(?:ellos|ellas|otros|otras)|along\s+with|junto\s+(?:a|con)|"
    r"together\s+with|both|tanto|also|además\s+de|the|el|la|los|las|its|their|sus?|a|an|other|"
    r"otras?|otros?|al|del|de|a\s+la|de\s+la|company|firm|empresa|compañía|fundación|"
    r"foundation|nonprofit|organization|organización|asociación|institución|universidad|"
    r"university|red|network|ong|ngo|bank|banco|college)\b)*$",
    re.IGNORECASE,
)
_BEFORE_GAP = re.compile(
    r"^(?:[\s,]|\b(?:also|has|have|had|will|would|is|are|was|were|jointly|recently|"
    r"successfully|again|once|directly|which|that|who|quien(?:es)?|que|también|ha|han|había|"
    r"habían|recientemente|se|nuevamente|actively|proudly|together|juntos|conjuntamente|"
    r"already|ya|then|luego|in\s+\d{4}|en\s+\d{4})\b)*"
    r"$",
    re.IGNORECASE,
)
_FIRST_AGENT_FILLER = re.compile(r"^[\s,]*(?:[^\W\d][\w’'-]*[\s,]+){0,7}?$")
_EVENT_PLACE_VERBS = re.compile(
    r"\b(?:held|hold|holds|took\s+place|takes\s+place|take\s+place|will\s+meet|met|meet|"
    r"gathered|gather|convene[sd]?|hosted|tuvo\s+lugar|tendrá\s+lugar|se\s+realizó|se\s+realizará|"
    r"se\s+realiza|se\s+llevó\s+a\s+cabo|se\s+llevará\s+a\s+cabo|se\s+celebró|se\s+celebrará|"
    r"se\s+reunieron|se\s+reunirán|reunirá|reunió|se\s+desarrolló|se\s+desarrollará|"
    r"celebrad[oa]|realizad[oa]|will\s+be\s+held|was\s+held|is\s+held|be\s+held)\b",
    re.IGNORECASE,
)
_FOUNDED = re.compile(
    r"\b(?:established|founded|created|launched|set\s+up|formed|born|since\s+its\s+"
    r"(?:founding|creation|launch)|fundad[oa]s?|cread[oa]s?|establecid[oa]s?|lanzad[oa]s?|"
    r"constituid[oa]s?|naci[óo]|desde\s+su\s+(?:fundación|creación))\b",
    re.IGNORECASE,
)
_BASED_IN = re.compile(
    r"^\s*(?:,\s*(?:a|an|the|its|their|sus?|una?|el|la)\s+[^,;.]{1,60}?(?=,|\s+(?:based|"
    r"headquartered|located|con\s+sede|ubicad|radicad)))?\s*,?\s*"
    r"(?:(?:which\s+is\s+|that\s+is\s+|que\s+está\s+)?(?:based|headquartered|located)\s+in|"
    r"con\s+sede\s+en|ubicad[oa]\s+en|radicad[oa]\s+en|(?<![\w,])\s*(?:in|en|at))\s+"
    r"(?:the\s+city\s+of\s+|la\s+ciudad\s+de\s+)?$",
    re.IGNORECASE,
)
_NUMBER = (
    r"(?P<num>\d{1,3}(?:[.,\u202f ]\d{3})+|\d+(?:[.,]\d+)?|"
    + "|".join(sorted(pt.NUMBER_WORDS, key=len, reverse=True))
    + r")(?:\s+(?P<scale>million|millones|mil|thousand))?"
)
_CLAIM = re.compile(
    r"(?<![\w.,])"
    + _NUMBER
    + r"\s+(?P<mods>(?:[\w-]+\s+){0,2}?)(?P<noun>"
    + "|".join(sorted(pt.MEASURE_NOUNS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_YEAR_OF_OPERATION = re.compile(
    r"\b(?:in\s+its|en\s+su)\s+(?P<ord>" + "|".join(pt.ORDINALS) + r")\s+(?:year|año)\b", re.I
)
_YEARS_OF_EXISTENCE = re.compile(
    r"(?<![\w.,])" + _NUMBER + r"\s+(?:years|años)\s+(?:of|de)\s+(?:its\s+|su\s+)?"
    r"(?:existence|history|work|operation|existencia|historia|trayectoria|vida|trabajo)\b",
    re.IGNORECASE,
)
_PER_YEAR = re.compile(
    r"(?<![\w.,])" + _NUMBER + r"\s+(?:\w+\s+)?(?:convenings|meetings|gatherings|encuentros|"
    r"reuniones|convocatorias)\s+(?:each|a|per|every|al|por|cada)\s+(?:year|año)\b",
    re.IGNORECASE,
)


def propose(document: Document, *, gazetteer: Matcher | None = None) -> Proposal:
    """Candidate entities, relations, attributes and claims of ``document``.

    ``gazetteer`` (a :class:`Matcher` of the store) lets known names give their kind and class
    and be found in the headline; without it, capitalisation and head words alone decide.
    """
    started = time.perf_counter()
    extractor = _Extractor(document, gazetteer)
    extractor.run()
    return extractor.proposal((time.perf_counter() - started) * 1000)


class _Extractor(MentionFinder):
    """Mentions, then roles, structure, dates and claims between them."""

    # -- the pipeline ------------------------------------------------------------------------

    def run(self) -> None:
        headline = [(0, self.doc.headline, s) for s in sentences(self.doc.headline)]
        for number, text, sentence in headline:
            self._mentions(number, text, sentence, headline=True)
        for number, text, sentence in self.sentences:
            self._mentions(number, text, sentence, headline=False)
        for number, text, sentence in headline:
            self._known_in_headline(number, text, sentence)
        for number, text, sentence in [*headline, *self.sentences]:
            mentions = self.sentence_mentions[(number, sentence.start)]
            mentions.sort(key=lambda m: m.start)
            self._structure(number, text, sentence, mentions)
            self._roles(number, text, sentence, mentions)
            self._dates(number, text, sentence, mentions)
            self._claims(number, text, sentence, mentions)
        self._event_structure()

    # -- roles -------------------------------------------------------------------------------

    def _roles(self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]) -> None:
        found: list[tuple[int, int, pt.Trigger]] = []
        for trigger in pt.TRIGGERS:
            for match in trigger.pattern.finditer(sentence.text):
                found.append(
                    (sentence.start + match.start(), sentence.start + match.end(), trigger)
                )
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[tuple[int, int, pt.Trigger]] = []
        for start, end, trigger in found:
            if any(s < end and start < e for s, e, _ in kept):
                continue
            if any(m.start <= start < m.end for m in mentions if m.entity >= 0):
                continue  # inside a name
            kept.append((start, end, trigger))
        for start, end, trigger in kept:
            role = trigger.role
            if trigger.requires is not None and not trigger.requires.search(sentence.text):
                continue
            if trigger.agents == "after":
                agents, agents_end = self._agents_after(mentions, end, text)
                targets = self._targets(mentions, role, before=start, after=None, text=text)
                if not targets:  # "With the support of X, the network will hold a workshop"
                    targets = self._targets(
                        mentions, role, before=None, after=agents_end, text=text
                    )
                    clause = re.search(r"\b(?:que|which|who|that|quien)\b", text[agents_end:])
                    if (
                        targets
                        and clause
                        and any(
                            m.entity == targets[0] and m.start > agents_end + clause.start()
                            for m in mentions
                        )
                    ):
                        targets = []  # "X, que se sumó a la red": the relative clause's own
                window = text[max(sentence.start, start - 40) : agents_end]
            else:
                agents = self._agents_before(mentions, start, text, places=role == Role.HOST)
                targets = self._targets(mentions, role, before=None, after=end, text=text)
                first = min((m.start for m in mentions if m.entity in agents), default=start)
                window = text[first : end + 30]
            if role == Role.SUPPORTER and pt.FUNDING_CUES.search(window):
                role = Role.FUNDER  # "financial support", "support ... provided by foundations"
            confidence = trigger.confidence
            if not targets:
                targets = self._focus(role, number)
                confidence *= 0.8
            for target in targets:
                actual = role
                target_kind = self.entities[target].kind
                if role == Role.PARTICIPANT and target_kind != Kind.EVENT:
                    actual = Role.MEMBER
                if role in (Role.HOST, Role.ORGANIZER) and target_kind in (
                    Kind.NETWORK,
                    Kind.PROJECT,
                ):
                    actual = Role.OPERATOR  # "the network is led by X", "a cargo de X"
                if role == Role.OPERATOR and target_kind == Kind.EVENT:
                    actual = Role.ORGANIZER
                if role == Role.MEMBER and target_kind not in (Kind.NETWORK, Kind.ORGANIZATION):
                    continue
                for agent in agents:
                    if agent == target:
                        continue
                    if actual == Role.HOST and self.entities[agent].kind == Kind.PLACE:
                        # "Quito hosted the Olympiad": where it is, not who
                        self._relation(
                            Role.LOCATED_IN,
                            target,
                            agent,
                            number,
                            text,
                            sentence,
                            start,
                            end,
                            confidence,
                        )
                        continue
                    self._relation(
                        actual, agent, target, number, text, sentence, start, end, confidence
                    )

    def _agents_after(
        self, mentions: list[_Mention], position: int, text: str
    ) -> tuple[list[int], int]:
        """The agents listed after ``position``: names joined by commas and "and", past an
        apposition ("X, a coalition of 35 centres, together with Y") and an owner ("the
        Province's Ministry of Education" is the ministry)."""
        out: list[int] = []
        cursor = position
        skip_until = -1
        for index, mention in enumerate(mentions):
            if mention.start < position or mention.descriptive or mention.attached:
                continue
            if mention.start < skip_until:
                continue
            nxt = mentions[index + 1] if index + 1 < len(mentions) else None
            if nxt is not None and re.fullmatch(r"['’]s\s+", text[mention.end : nxt.start]):
                continue  # the owner of the next name
            gap = text[cursor : mention.start]
            if out and (apposition := _LIST_APPOSITION.match(text, cursor)):
                if apposition.end() <= mention.start:
                    skip_until = apposition.end()
                    if mention.start < skip_until or not _GLUE.match(
                        text[apposition.end() : mention.start]
                    ):
                        continue
                    gap = ""
                else:
                    skip_until = apposition.end()
                    continue
            clean = re.sub(r"\b(?:Dr|Dra|Prof|Profa|Mr|Mrs|Ms|Sr|Sra|Lic|Ing)\.", "", gap)
            ok = _GLUE.match(gap) or (
                not out and _FIRST_AGENT_FILLER.match(clean) and not re.search(r"[.;:]", clean)
            )
            if not ok:
                break
            if mention.kind not in _AGENT_KINDS and mention.kind is not None:
                break
            if mention.kind is None and _ROLE_OF.search(
                text[max(0, mention.start - 40) : mention.start]
            ):
                continue  # "la ministra de Educación, Silvia Rojas": part of a role
            if out and _NEW_CLAUSE.match(text[max(mention.extent, mention.end) :]):
                break  # "..., and the Ministry has offered its support": a new subject
            out.append(self._agent(mention))
            cursor = max(mention.extent, mention.end)
        return [a for a in out if a >= 0], cursor

    def _agents_before(
        self, mentions: list[_Mention], position: int, text: str, *, places: bool = False
    ) -> list[int]:
        out: list[int] = []
        # "The Collaborative (RSC), a community of practice in North America, will hold":
        # the agent is before the apposition
        line_start = mentions[0].sentence.start if mentions else 0
        apposition = _APPOSITION.search(text[line_start:position])
        if apposition:
            position = line_start + apposition.start()
        cursor = position
        for mention in reversed(mentions):
            if mention.start >= position or mention.descriptive:
                continue
            gap = text[max(mention.extent, mention.end) : cursor]
            pattern = _BEFORE_GAP if not out else _GLUE
            if mention.attached:
                if not pattern.match(gap):
                    break
                cursor = mention.start  # "the Unit at UNESCO Headquarters in Paris has planned"
                continue
            if not pattern.match(gap):
                break
            if places and mention.kind == Kind.PLACE and not out:
                out.append(mention.entity)  # "La ciudad de Quito recibió...": the caller decides
                break
            if mention.kind not in _AGENT_KINDS and mention.kind is not None:
                break
            out.append(self._agent(mention))
            cursor = mention.start
            if len(out) == 1 and re.search(r"\b(?:que|which|who|quien|quienes)\b", gap, re.I):
                break  # "X and Y, which hosted...": the relative pronoun names one
        return [a for a in reversed(out) if a >= 0]

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

    def _targets(
        self,
        mentions: list[_Mention],
        role: Role,
        *,
        before: int | None,
        after: int | None,
        text: str,
    ) -> list[int]:
        kinds = _TARGETS.get(role, (Kind.EVENT,))
        if before is not None:
            candidates = [
                m
                for m in mentions
                if m.end <= before and m.entity >= 0 and self.entities[m.entity].kind in kinds
            ]
            if not candidates:
                return []
            chosen = [candidates[-1]]
            for mention in reversed(candidates[:-1]):
                gap = text[max(mention.extent, mention.end) : chosen[0].start]
                if re.fullmatch(
                    r"\s*(?:,|and|y|e|as\s+well\s+as|así\s+como)\s*(?:the\s+|la\s+|el\s+)?",
                    gap,
                    re.I,
                ):
                    chosen.insert(0, mention)
                else:
                    break
            return list(dict.fromkeys(m.entity for m in chosen))
        assert after is not None
        candidates = [
            m
            for m in mentions
            if m.entity >= 0
            and self.entities[m.entity].kind in kinds
            and (m.start >= after or (m.descriptive and m.end > after))
        ]
        for kind in kinds:
            for mention in candidates:
                if self.entities[mention.entity].kind == kind:
                    return [mention.entity]
        return []

    def _focus(self, role: Role, number: int = 10**9) -> list[int]:
        """The event a sentence without one is about: the main event, when the article has
        named or described it by then (paragraph ``number``) or in its headline."""
        main = self.main_event
        if role not in _EVENT_ROLES or main is None:
            return []
        first = min(m.paragraph for m in self.entities[main].mentions)
        return [main] if first <= number else []

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
                if existing.confidence >= confidence:
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

    def _structure(
        self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]
    ) -> None:
        for owned, owner in self.pending_units:
            if owned in mentions and owned.entity >= 0 and owner.entity >= 0:
                self._unit(
                    owned.entity, owner.entity, number, text, sentence, owned.start, owned.end, 0.8
                )
        for index, mention in enumerate(mentions):
            # "the Institute for the Future of Education (IFE) of the Monterrey TEC": an unknown
            # name after a unit is its parent organization
            previous = mentions[index - 1] if index else None
            if (
                mention.entity < 0
                and mention.kind is None
                and previous is not None
                and (
                    previous.entity >= 0
                    and _unit_like(previous.text)
                    and re.fullmatch(
                        r"\s*(?:of|at|de|del)\s+(?:the\s+|la\s+|el\s+)?",
                        text[previous.extent : mention.start],
                        re.I,
                    )
                )
            ):
                self._agent(mention)
        resolved = [m for m in mentions if m.entity >= 0]
        for index, mention in enumerate(resolved):
            entity = self.entities[mention.entity]
            nxt = resolved[index + 1] if index + 1 < len(resolved) else None
            gap = text[max(mention.extent, mention.end) : nxt.start] if nxt else ""
            # a unit split off its parent inside one name, or "X at/of Y"
            if nxt and entity.kind == Kind.ORGANIZATION and _unit_like(mention.text):
                parent = self.entities[nxt.entity]
                if parent.kind in (Kind.ORGANIZATION, Kind.NETWORK) and re.fullmatch(
                    r"\s*(?:of|at|de|del)\s+(?:the\s+|la\s+|el\s+)?", gap, re.I
                ):
                    self._unit(
                        mention.entity,
                        nxt.entity,
                        number,
                        text,
                        sentence,
                        mention.start,
                        nxt.end,
                        0.8,
                    )
                    nxt.extent = max(nxt.extent, nxt.end)
                    nxt.attached = True
                    mention.extent = nxt.extent
            if (
                nxt
                and self.entities[nxt.entity].kind == Kind.PLACE
                and entity.kind in (Kind.ORGANIZATION, Kind.NETWORK)
                and _BASED_IN.match(gap)
            ):
                plain_in = re.fullmatch(r"\s*(?:in|en|at)\s+", gap, re.I) is not None
                at_event = (
                    plain_in
                    and re.search(
                        r"\bat\s+(?:the\s+)?$",
                        text[max(sentence.start, mention.start - 8) : mention.start],
                    )
                    and any(self.entities[m.entity].kind == Kind.EVENT for m in resolved[:index])
                )
                if at_event:
                    pass  # "held at the Centre in Saskatoon": the event's place, said below
                elif (
                    not plain_in
                    or _unit_like(mention.text)
                    or "headquarters" in mention.text.casefold()
                ):
                    nxt.attached = True
                    mention.extent = max(mention.extent, nxt.end)
                    self._relation(
                        Role.LOCATED_IN,
                        mention.entity,
                        nxt.entity,
                        number,
                        text,
                        sentence,
                        mention.start,
                        nxt.end,
                        0.75,
                    )
            if (
                nxt
                and entity.kind == Kind.PLACE
                and self.entities[nxt.entity].kind == Kind.PLACE
                and re.fullmatch(r"\s*,\s*", gap)
                and entity.cls != EDGO + "Country"
                and self.entities[nxt.entity].cls == EDGO + "Country"
            ):
                entity.cls = EDGO + "City"
                self._relation(
                    Role.CONTAINED_IN,
                    mention.entity,
                    nxt.entity,
                    number,
                    text,
                    sentence,
                    mention.start,
                    nxt.end,
                    0.85,
                )
            if entity.kind == Kind.PERSON:
                self._position(mention, resolved, number, text, sentence)
        self._unit_prefixes(resolved, number, text, sentence)
        self._event_places(resolved, number, text, sentence)
        self._event_hosts(resolved, number, text, sentence)
        self._founding(resolved, number, text, sentence)

    def _unit(
        self,
        unit: int,
        parent: int,
        number: int,
        text: str,
        sentence: Sentence,
        start: int,
        end: int,
        confidence: float,
    ) -> None:
        self.units_explicit.add(unit)
        self.entities[unit].cls = _unit_class(self.entities[unit])
        self._relation(Role.UNIT_OF, unit, parent, number, text, sentence, start, end, confidence)

    def _unit_prefixes(
        self, resolved: list[_Mention], number: int, text: str, sentence: Sentence
    ) -> None:
        """ "UNESCO Office in Havana": a name that starts with another organization's name or
        acronym and goes on with a unit's head word is a unit of it."""
        for mention in resolved:
            entity = self.entities[mention.entity]
            if entity.kind != Kind.ORGANIZATION or mention.entity in self.units_explicit:
                continue
            parts = mention.text.split()
            for size in range(len(parts) - 1, 0, -1):
                head, rest = " ".join(parts[:size]), parts[size:]
                if not {w.casefold() for w in rest} & pt.UNIT_HEADS:
                    continue
                parent = self.by_key.get(exact_key(head))
                if parent is None and (
                    self._known(head) or (size == 1 and looks_like_acronym(head))
                ):
                    # "UNESCO Office in Havana": UNESCO itself, named only inside
                    parent = self._known_entity(head, mention, number, sentence)
                if (
                    parent is not None
                    and parent != mention.entity
                    and self.entities[parent].kind in (Kind.ORGANIZATION, Kind.NETWORK)
                ):
                    entity.cls = _unit_class(entity)
                    self._relation(
                        Role.UNIT_OF,
                        mention.entity,
                        parent,
                        number,
                        text,
                        sentence,
                        mention.start,
                        mention.end,
                        0.7,
                    )
                    break

    def _known_entity(
        self, name: str, mention: _Mention, number: int, sentence: Sentence
    ) -> int | None:
        """A candidate for a known entity named inside another name (the parent of a unit)."""
        known = self.gazetteer.exact(name) if self.gazetteer else []
        kind = _KIND_OF_CATALOG.get(known[0][0].kind) if known else Kind.ORGANIZATION
        if kind is None:
            return None
        cls = (
            next((c for c in known[0][0].classes if c.startswith(EDGO)), DEFAULT_CLASS[kind])
            if known
            else DEFAULT_CLASS[kind]
        )
        inner = _Mention(
            number, sentence, mention.start, mention.start + len(name), name, kind, cls, 0.9
        )
        inner.extent = inner.end
        self._resolve(inner)
        return inner.entity

    def _position(
        self,
        person: _Mention,
        resolved: list[_Mention],
        number: int,
        text: str,
        sentence: Sentence,
    ) -> None:
        """ "Ana Ruiz, director of the Andes Fund", "la directora de X, Ana Ruiz", "X's
        managing partner Ana Ruiz", "biologist Dr. Ana Ruiz of X": works for, with the role
        as written."""
        after = [m for m in resolved if m.start >= person.end]
        if after and self.entities[after[0].entity].kind in (Kind.ORGANIZATION, Kind.NETWORK):
            org = after[0]
            if re.fullmatch(
                r"\s*,?\s+(?:of|at|from|de|del)\s+(?:the\s+|la\s+|el\s+)?",
                text[person.end : org.start],
                re.I,
            ):
                before = text[max(sentence.start, person.start - 50) : person.start]
                role = re.search(
                    r"(?P<role>(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:(?:Dr|Dra|Prof|Profa|Mr|Mrs|Ms)\.?\s+)?$",
                    before,
                )
                words = role.group("role").split() if role else []
                while words and words[0].casefold() in ("the", "el", "la", "a", "an", "un", "una"):
                    words.pop(0)
                if not any(
                    w.casefold() in pt.ROLE_WORDS
                    or w.casefold().endswith(("ist", "ista", "ora", "or"))
                    for w in words
                ):
                    words = []
                org.attached = True  # "Pablo Ferreyra, del Instituto": not a second agent
                self._relation(
                    Role.WORKS_FOR,
                    person.entity,
                    org.entity,
                    number,
                    text,
                    sentence,
                    person.start,
                    org.end,
                    0.75 if words else 0.6,
                    role_name=" ".join(words) or None,
                )
                return
        for org in resolved:
            if org.start <= person.end or self.entities[org.entity].kind not in (
                Kind.ORGANIZATION,
                Kind.NETWORK,
            ):
                continue
            between = text[person.end : org.start]
            match = re.fullmatch(
                r"\s*,\s*(?:the\s+|la\s+|el\s+|a\s+|an\s+|una?\s+)?(?P<role>(?:[\w-]+\s+){0,4}?"
                r"[\w-]+)\s+(?:of|at|for|de|del|en|with|con)\s+(?:the\s+|la\s+|el\s+|los\s+|las\s+)?",
                between,
                re.I,
            )
            role_words = match.group("role").split() if match else []
            if (
                match
                and role_words[0].casefold() not in ("y", "and", "e", "o", "or", "del", "de")
                and any(w.casefold() in pt.ROLE_WORDS for w in role_words)
            ):
                self._relation(
                    Role.WORKS_FOR,
                    person.entity,
                    org.entity,
                    number,
                    text,
                    sentence,
                    person.start,
                    org.end,
                    0.8,
                    role_name=match.group("role"),
                )
                return
            break
        for org in reversed(resolved):
            if org.end > person.start or self.entities[org.entity].kind not in (
                Kind.ORGANIZATION,
                Kind.NETWORK,
            ):
                continue
            between = text[org.end : person.start]
            # "TIES managing partner Marc Siciliano", "el director de X, Juan Pérez"
            direct = re.fullmatch(r"(?:['’]s)?\s+(?P<role>(?:[\w-]+\s+){0,3}?[\w-]+)\s+", between)
            if direct and any(w.casefold() in pt.ROLE_WORDS for w in direct.group("role").split()):
                self._relation(
                    Role.WORKS_FOR,
                    person.entity,
                    org.entity,
                    number,
                    text,
                    sentence,
                    org.start,
                    person.end,
                    0.7,
                    role_name=direct.group("role"),
                )
                return
            before = text[max(0, org.start - 60) : org.start]
            role = re.search(
                r"(?P<role>(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:of|at|de|del)\s+(?:the\s+|la\s+|el\s+)?$",
                before,
                re.I,
            )
            if (
                role
                and re.fullmatch(r"\s*,\s*", between)
                and any(w.casefold() in pt.ROLE_WORDS for w in role.group("role").split())
            ):
                words = role.group("role").split()
                while words and words[0].casefold() in ("the", "la", "el", "a", "an"):
                    words.pop(0)
                self._relation(
                    Role.WORKS_FOR,
                    person.entity,
                    org.entity,
                    number,
                    text,
                    sentence,
                    org.start - len(role.group()),
                    person.end,
                    0.7,
                    role_name=" ".join(words),
                )
            return

    def _event_hosts(
        self, resolved: list[_Mention], number: int, text: str, sentence: Sentence
    ) -> None:
        """ "a workshop on March 6 at the Hamilton Public Library": the organization at whose
        premises an event is held hosts it."""
        for org in resolved:
            entity = self.entities[org.entity]
            if entity.kind != Kind.ORGANIZATION or org.attached:
                continue
            before = text[max(sentence.start, org.start - 40) : org.start]
            if not re.search(r"\b(?:at|en)\s+(?:the\s+|el\s+|la\s+)?$", before, re.I):
                continue
            if any(w.casefold() in pt.ROLE_WORDS for w in re.findall(r"\w+", before)):
                continue  # "a researcher at the Institute"
            events = [
                m
                for m in resolved
                if m.end <= org.start and self.entities[m.entity].kind == Kind.EVENT
            ]
            if not events:
                continue
            if re.search(r"\ben\s+(?:el|la)?\s*$", before, re.I) and not _EVENT_PLACE_VERBS.search(
                sentence.text
            ):
                continue
            self._relation(
                Role.HOST,
                org.entity,
                events[-1].entity,
                number,
                text,
                sentence,
                org.start,
                org.end,
                0.6,
            )

    def _event_places(
        self, resolved: list[_Mention], number: int, text: str, sentence: Sentence
    ) -> None:
        """ "The meeting took place in Monterrey, Mexico": where an event is."""
        places = [
            m for m in resolved if self.entities[m.entity].kind == Kind.PLACE and not m.attached
        ]
        if not places:
            return
        verb = _EVENT_PLACE_VERBS.search(sentence.text)
        events = [m.entity for m in resolved if self.entities[m.entity].kind == Kind.EVENT]
        if not events and (verb is None or self.main_event is None):
            return
        if not events and not self._focus(Role.HOST, number):
            return  # the main event is only named further on
        target = events[0] if events else self.main_event
        assert target is not None
        if self.entities[target].kind != Kind.EVENT:
            return
        for place in places:
            before = text[max(0, place.start - 25) : place.start]
            if re.search(
                r"(?:\b(?:in|en|at)\s+(?:the\s+city\s+of\s+|la\s+ciudad\s+de\s+)?)$", before, re.I
            ):
                if verb is None and not events:
                    return
                if any(
                    r.role == Role.LOCATED_IN and r.agent == f"e{target}" for r in self.relations
                ):
                    return
                self._relation(
                    Role.LOCATED_IN,
                    target,
                    place.entity,
                    number,
                    text,
                    sentence,
                    place.start,
                    place.end,
                    0.75 if verb else 0.6,
                )
                return

    def _founding(
        self, resolved: list[_Mention], number: int, text: str, sentence: Sentence
    ) -> None:
        """ "ASPnet, established in 1953", "fundada en 2010 en Quito": when and where."""
        for match in _FOUNDED.finditer(sentence.text):
            start = sentence.start + match.start()
            subjects = [
                m
                for m in resolved
                if m.end <= start
                and self.entities[m.entity].kind in (Kind.ORGANIZATION, Kind.NETWORK, Kind.PROJECT)
            ]
            if not subjects:
                continue
            subject = subjects[-1]
            between = text[max(subject.extent, subject.end) : start]
            direct = re.fullmatch(
                r"[\s,]*(?:(?:which|that|que|was|were|is|has\s+been|fue|ha\s+sido|se\s+)\s*)*",
                between,
                re.I,
            )
            possessive = re.search(r"\b(?:its|their|su|sus)\b", match.group(), re.I)
            if not direct and not possessive and (len(subjects) > 1 or between.count(",") > 2):
                continue  # "desde su creación" names its own subject, the nearest one
            window = sentence.text[match.end() : match.end() + 60]
            dates = [d for d in find_dates(window) if d.start <= 12]
            if dates and re.match(r"^\s*(?:in|en|el|on)\b", window):
                date = dates[0].begin
                if date.year is not None:
                    value, datatype = date.lexical()
                    self.attributes.append(
                        CandidateAttribute(
                            f"e{subject.entity}",
                            "founding_date",
                            value,
                            datatype,
                            _evidence(
                                number,
                                text,
                                sentence,
                                start,
                                sentence.start + match.end() + dates[0].end,
                            ),
                            0.8,
                        )
                    )
            for place in resolved:
                offset = place.start - (sentence.start + match.end())
                if self.entities[place.entity].kind == Kind.PLACE and 0 <= offset <= 40:
                    self._relation(
                        Role.FOUNDED_IN,
                        subject.entity,
                        place.entity,
                        number,
                        text,
                        sentence,
                        start,
                        place.end,
                        0.7,
                    )
                    break

    # -- dates and claims --------------------------------------------------------------------

    def _dates(self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]) -> None:
        """Start and end dates of the events a sentence is about."""
        if number == 0:
            return
        dates = [d for d in find_dates(sentence.text) if not d.year_only]
        if not dates:
            return
        events = list(
            dict.fromkeys(
                m.entity
                for m in mentions
                if m.entity >= 0 and self.entities[m.entity].kind == Kind.EVENT
            )
        )
        if not events and self.main_event is not None and _EVENT_PLACE_VERBS.search(sentence.text):
            events = [self.main_event]
        published = self.doc.published
        for date in dates:
            if published and date.begin.as_date() == published and date.finish is None:
                continue  # the dateline
            for event in events:
                if any(
                    a.entity == f"e{event}" and a.attribute == "start_date" for a in self.attributes
                ):
                    continue
                self._date_attributes(event, date, number, text, sentence)
                break

    def _date_attributes(
        self, event: int, date: DateMention, number: int, text: str, sentence: Sentence
    ) -> None:
        year = self._reference_year()
        begin = date.begin if date.begin.year or year is None else date.begin.with_year(year)
        if begin.year is None:
            return
        evidence = _evidence(
            number, text, sentence, sentence.start + date.start, sentence.start + date.end
        )
        value, datatype = begin.lexical()
        self.attributes.append(
            CandidateAttribute(f"e{event}", "start_date", value, datatype, evidence, 0.8)
        )
        if date.finish is not None:
            finish = date.finish if date.finish.year else date.finish.with_year(begin.year)
            value, datatype = finish.lexical()
            self.attributes.append(
                CandidateAttribute(f"e{event}", "end_date", value, datatype, evidence, 0.8)
            )

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

    def _claims(self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]) -> None:
        if number == 0:
            return
        dates = find_dates(sentence.text)
        found: list[tuple[int, int, float, Measure, Qualifier]] = []
        for match in _CLAIM.finditer(sentence.text):
            if any(d.start <= match.start("num") < d.end for d in dates if not d.year_only):
                continue
            if re.search(
                r"(?:no\.|target|meta|sdg|ods|goal)\s*$", sentence.text[: match.start()], re.I
            ):
                continue
            value = _number(match.group("num"), match.group("scale"))
            if value is None:
                continue
            noun = match.group("noun").casefold()
            following = re.match(r"\s+([\w-]+)", sentence.text[match.end() :])
            if following and following.group(1).casefold() in pt.MEASURE_NOUNS:
                noun = following.group(1).casefold()  # "300 member schools": schools
            measure = pt.MEASURE_NOUNS[noun]
            found.append(
                (
                    match.start(),
                    match.end(),
                    value,
                    measure,
                    _qualifier(sentence.text[: match.start()]),
                )
            )
        for match in _YEAR_OF_OPERATION.finditer(sentence.text):
            found.append(
                (
                    match.start(),
                    match.end(),
                    pt.ORDINALS[match.group("ord").casefold()],
                    Measure.YEAR_OF_OPERATION,
                    Qualifier.EXACTLY,
                )
            )
        for pattern, measure in (
            (_YEARS_OF_EXISTENCE, Measure.YEARS_OF_EXISTENCE),
            (_PER_YEAR, Measure.CONVENINGS_PER_YEAR),
        ):
            for match in pattern.finditer(sentence.text):
                value = _number(match.group("num"), match.group("scale"))
                if value is not None:
                    found = [f for f in found if not (f[0] < match.end() and match.start() < f[1])]
                    found.append(
                        (
                            match.start(),
                            match.end(),
                            value,
                            measure,
                            _qualifier(sentence.text[: match.start()]),
                        )
                    )
        as_of, as_of_type = self._as_of()
        for start, end, value, measure, qualifier in sorted(found):
            about = self._claim_subject(mentions, sentence.start + start, measure)
            if about is None:
                continue
            self.claims.append(
                CandidateClaim(
                    f"e{about}",
                    int(value) if float(value).is_integer() else value,
                    qualifier,
                    measure,
                    as_of,
                    as_of_type,
                    _evidence(number, text, sentence, sentence.start + start, sentence.start + end),
                    0.75,
                )
            )

    def _claim_subject(
        self, mentions: list[_Mention], position: int, measure: Measure
    ) -> int | None:
        known = [m for m in mentions if m.entity >= 0]
        if measure == Measure.PARTICIPANTS:
            events = [m.entity for m in known if self.entities[m.entity].kind == Kind.EVENT]
            return events[0] if events else self.main_event
        if measure == Measure.CONVENINGS_PER_YEAR:
            networks = [m.entity for m in known if self.entities[m.entity].kind == Kind.NETWORK]
            return networks[0] if networks else self.main_network
        before = [
            m.entity
            for m in known
            if m.start < position
            and self.entities[m.entity].kind in (Kind.NETWORK, Kind.ORGANIZATION)
        ]
        networks = [e for e in before if self.entities[e].kind == Kind.NETWORK]
        if networks:
            return networks[-1]
        if before:
            return before[-1]
        return self.main_network

    def _event_structure(self) -> None:
        """Workshops and panels inside a bigger event; the main event inside a series; an
        event named after its network."""
        main = self.main_event
        series = [i for i, e in enumerate(self.entities) if e.cls == EDGO + "EventSeries"]
        for index, entity in enumerate(self.entities):
            if entity.kind != Kind.EVENT or not entity.mentions:
                continue
            mention = entity.mentions[0]
            if (
                main is not None
                and index != main
                and entity.cls in _SMALL_EVENTS
                and (self._inside(index, main, mention))
            ):
                self._relation(
                    Role.SUB_EVENT, index, main, mention.paragraph, *self._where(mention), 0.6
                )
            if index == main and series and series[0] != index:
                self._relation(
                    Role.SUB_EVENT, index, series[0], mention.paragraph, *self._where(mention), 0.5
                )
            self._event_of_description(index, entity)
            for other in entity.mentions:
                of = re.search(r"\b(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?(.+)$", other.text)
                if not of:
                    continue
                network = self.by_key.get(exact_key(of.group(1)))
                if network is not None and self.entities[network].kind == Kind.NETWORK:
                    self._relation(
                        Role.EVENT_OF, index, network, other.paragraph, *self._where(other), 0.8
                    )
                    break

    def _event_of_description(self, index: int, entity: _Entity) -> None:
        """ "a virtual convening of the X Community", "its annual convening" (X's): the
        network whose event this is."""
        for mention in entity.mentions:
            text = self._where(mention)[0]
            same_sentence = self.sentence_mentions[(mention.paragraph, mention.sentence.start)]
            owner_of = [
                m
                for m in same_sentence
                if m.entity >= 0
                and m.end <= mention.start
                and self.entities[m.entity].kind == Kind.NETWORK
                and re.fullmatch(r"['’]s\s+", text[m.end : mention.start])
            ]
            if owner_of:  # "the network's North American gathering"
                self._relation(
                    Role.EVENT_OF,
                    index,
                    owner_of[-1].entity,
                    mention.paragraph,
                    text,
                    mention.sentence,
                    owner_of[-1].start,
                    mention.end,
                    0.75,
                )
                return
            if not mention.descriptive or mention.paragraph == 0:
                continue
            same = [
                m
                for m in self.sentence_mentions[(mention.paragraph, mention.sentence.start)]
                if m.entity >= 0
                and self.entities[m.entity].kind == Kind.NETWORK
                and not m.descriptive
            ]
            after = [
                m
                for m in same
                if m.start >= mention.end
                and re.fullmatch(
                    r"\s+(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?", text[mention.end : m.start], re.I
                )
            ]
            before = [m for m in same if m.end <= mention.start]
            owner = None
            if after:
                owner = after[0]
            elif (
                before
                and re.match(r"(?:its|their|su|sus)\b", mention.text, re.I) is None
                and (
                    re.search(
                        r"\b(?:its|their|su|sus)\s+(?:\w+\s+){0,3}$",
                        text[
                            max(0, mention.start - 40) : mention.start
                            + len(mention.text.split()[0])
                        ],
                        re.I,
                    )
                )
            ):
                owner = before[0]
            if owner is not None:
                self._relation(
                    Role.EVENT_OF,
                    index,
                    owner.entity,
                    mention.paragraph,
                    text,
                    mention.sentence,
                    mention.start,
                    owner.end,
                    0.7,
                )
                return

    def _inside(self, event: int, main: int, mention: _Mention) -> bool:
        """Whether a workshop or panel is part of the main event: the sentence says so
        ("during", "como parte de"), names the main event too, or its date is the main one's."""
        if _SUB_EVENT_CUE.search(mention.sentence.text):
            return True
        same = self.sentence_mentions[(mention.paragraph, mention.sentence.start)]
        if any(m.entity == main for m in same):
            return True
        dates = {a.attribute: a.value for a in self.attributes if a.entity == f"e{main}"}
        own = next(
            (
                a.value
                for a in self.attributes
                if a.entity == f"e{event}" and a.attribute == "start_date"
            ),
            None,
        )
        start, end = dates.get("start_date"), dates.get("end_date", dates.get("start_date"))
        return bool(own and start and end and start <= own <= end)

    def _where(self, mention: _Mention) -> tuple[str, Sentence, int, int]:
        text = (
            self.doc.headline
            if mention.paragraph == 0
            else self.doc.paragraph(mention.paragraph).text
        )
        return text, mention.sentence, mention.start, mention.end

    # -- the result --------------------------------------------------------------------------

    def proposal(self, elapsed_ms: float) -> Proposal:
        as_of, as_of_type = self._as_of()
        self.claims = [
            dataclasses.replace(c, as_of=as_of, as_of_type=as_of_type) for c in self.claims
        ]
        self.relations = [
            dataclasses.replace(r, as_of=as_of, as_of_type=as_of_type)
            if r.role in (Role.MEMBER, Role.WORKS_FOR)
            else r
            for r in self.relations
        ]
        used = {r.agent for r in self.relations} | {r.target for r in self.relations}
        used |= {c.about for c in self.claims} | {a.entity for a in self.attributes}
        entities = []
        for index, entity in enumerate(self.entities):
            key = f"e{index}"
            if not entity.mentions:
                continue
            if entity.kind == Kind.PLACE and key not in used:
                continue  # places matter as where something is
            if entity.confidence < 0.65 and key not in used:
                continue  # a bare acronym ("STEM education") that holds no role
            evidence = tuple(
                _evidence(m.paragraph, self._where(m)[0], m.sentence, m.start, m.end)
                for m in entity.mentions
            )
            aliases = tuple(
                dict.fromkeys(a for a in entity.aliases if fold(a) != fold(entity.name))
            )
            entities.append(
                CandidateEntity(
                    key,
                    entity.name,
                    entity.kind,
                    entity.cls,
                    aliases,
                    evidence,
                    round(entity.confidence, 2),
                )
            )
        kept = {e.key for e in entities}
        relations = tuple(r for r in self.relations if r.agent in kept and r.target in kept)
        return Proposal(
            self.doc,
            tuple(entities),
            relations,
            tuple(self.attributes),
            tuple(self.claims),
            elapsed_ms,
        )


_ROLE_OF = re.compile(
    r"\b(?:" + "|".join(sorted(pt.ROLE_WORDS, key=len, reverse=True)) + r")\s+(?:of|de|del)\s+$",
    re.IGNORECASE,
)
_LIST_APPOSITION = re.compile(
    r",\s*(?:a|an|the|una?|el|la)\s+[^,;.()]{1,90},\s*(?:together\s+with|along\s+with|junto\s+(?:a|con)|"
    r"and|y|as\s+well\s+as|así\s+como)\s+",
    re.IGNORECASE,
)
_NEW_CLAUSE = re.compile(
    r"^\s+(?:has|have|had|is|are|was|were|will|would|also|announced|said|ha|han|había|es|son|"
    r"fue|fueron|será|serán|también|se|anunció|dijo)\b",
    re.IGNORECASE,
)
_APPOSITION = re.compile(
    r",\s*(?:a|an|the|una?|el|la|los|las)\s+[^,;.]{1,90},\s*(?:also\s+|también\s+)?$",
    re.IGNORECASE,
)
_SUB_EVENT_CUE = re.compile(
    r"\b(?:during|as\s+part\s+of|within|over\s+the\s+course\s+of|in\s+the\s+course\s+of|"
    r"in\s+the\s+framework\s+of|on\s+the\s+sidelines\s+of|durante|como\s+parte\s+de|"
    r"en\s+el\s+marco\s+de|dentro\s+de|a\s+lo\s+largo\s+de|en\s+la\s+(?:primera|segunda|"
    r"tercera|última)\s+jornada)\b",
    re.IGNORECASE,
)


def _unit_class(entity: _Entity) -> str:
    if entity.cls in (EDGO + "ResearchInstitute", EDGO + "OrganizationalUnit"):
        return entity.cls
    return EDGO + "OrganizationalUnit"


def _evidence(number: int, text: str, sentence: Sentence, start: int, end: int) -> Evidence:
    return Evidence(number, sentence.text, start, end, text[start:end])


def _number(text: str, scale: str | None) -> float | None:
    folded = text.casefold()
    if folded in pt.NUMBER_WORDS:
        value: float = pt.NUMBER_WORDS[folded]
    else:
        digits = re.sub(r"[\u202f ]", "", text)
        if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
            value = float(re.sub(r"[.,]", "", digits))
        else:
            try:
                value = float(digits.replace(",", "."))
            except ValueError:
                return None
    if scale:
        value *= {"million": 1e6, "millones": 1e6, "mil": 1e3, "thousand": 1e3}[scale.casefold()]
    return value


def _qualifier(before: str) -> Qualifier:
    for pattern, qualifier in pt.QUALIFIERS:
        if pattern.search(before):
            return qualifier
    return Qualifier.EXACTLY


def relations_of(proposal: Proposal, role: Role) -> Iterable[tuple[str, str]]:
    """(agent name, target name) of every relation of ``role``: for checks and reports.

    >>> from edgraph.curation.intake import parse_text
    >>> text = "Fair opens\\n\\nThe fair was sponsored by Sol Bank."
    >>> p = propose(parse_text(text, language="en"))
    >>> list(relations_of(p, Role.SPONSOR))
    [('Sol Bank', 'Fair')]
    """
    for relation in proposal.relations:
        if relation.role == role:
            yield proposal.entity(relation.agent).name, proposal.entity(relation.target).name


__all__ = ["PartialDate", "propose", "relations_of"]
