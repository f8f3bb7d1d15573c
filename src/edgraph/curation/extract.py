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
import time
from collections.abc import Iterable

from edgraph.catalog import fold
from edgraph.curation.claims import ClaimFinder
from edgraph.curation.dates import PartialDate
from edgraph.curation.facts import _evidence
from edgraph.curation.intake import Document
from edgraph.curation.match import Matcher, content_words
from edgraph.curation.model import (
    CandidateEntity,
    Proposal,
)
from edgraph.curation.names import _Entity
from edgraph.curation.role_phrases import RolePhraseFinder
from edgraph.curation.roles import Kind, Role
from edgraph.curation.structure import StructureFinder
from edgraph.curation.text import sentences


def propose(document: Document, *, gazetteer: Matcher | None = None) -> Proposal:
    """Candidate entities, relations, attributes and claims of ``document``.

    ``gazetteer`` (a :class:`Matcher` of the store) lets known names give their kind and class
    and be found in the headline; without it, capitalisation and head words alone decide.
    """
    started = time.perf_counter()
    extractor = _Extractor(document, gazetteer)
    extractor.run()
    return extractor.proposal((time.perf_counter() - started) * 1000)


class _Extractor(StructureFinder, RolePhraseFinder, ClaimFinder):
    """Mentions, then roles, structure, dates and claims between them: the pipeline."""

    def run(self) -> None:
        headline = [(0, self.doc.headline, s) for s in sentences(self.doc.headline)]
        for number, text, sentence in headline:
            self._mentions(number, text, sentence, headline=True)
        for number, text, sentence in self.sentences:
            self._mentions(number, text, sentence, headline=False)
        self._resolve_late()
        for number, text, sentence in headline:
            self._known_in_headline(number, text, sentence)
        for number, text, sentence in [*headline, *self.sentences]:
            mentions = self.sentence_mentions[(number, sentence.start)]
            mentions.sort(key=lambda m: m.start)
            self._structure(number, text, sentence, mentions)
            self._roles(number, text, sentence, mentions)
            self._dates(number, text, sentence, mentions)
            self._claims(number, text, sentence, mentions)
            self._speakers([m for m in mentions if m.entity >= 0], number, text, sentence)
            self._launch(number, text, sentence, mentions)
        self._event_structure()

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
            if not entity.mentions or (entity.other_edition and not self._named_apart(entity)):
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
        # a date or claim of an entity left out (another edition of the event) goes with it
        return Proposal(
            self.doc,
            tuple(entities),
            relations,
            tuple(a for a in self.attributes if a.entity in kept),
            tuple(c for c in self.claims if c.about in kept),
            elapsed_ms,
        )

    def _named_apart(self, entity: _Entity) -> bool:
        """Whether an event taken for another edition of the main one has a name of its own
        ("a second gathering, the Bilingual Teachers Workshop"): then it is another event."""
        if self.main_event is None:
            return False
        main = set(content_words(self.entities[self.main_event].name))
        for mention in entity.mentions:
            if mention.descriptive:
                continue
            words = set(content_words(mention.text))
            if words and len(words & main) / len(words | main) < 0.5:
                entity.name = mention.text
                return True
        return False


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
