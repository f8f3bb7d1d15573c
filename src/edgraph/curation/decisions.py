"""A curator's decisions on one source: which entity each candidate is (an existing one, or a
new one with its name and class), and which facts are accepted (as proposed, or edited),
rejected, or added by hand. Plain data with a JSON form, kept in the curator's workspace
between sessions, and what :mod:`edgraph.curation.write` turns into a source file.

>>> from edgraph.curation.intake import parse_text
>>> from edgraph.curation.extract import propose
>>> from edgraph.curation.match import Matcher
>>> from edgraph.curation.reconcile import reconcile
>>> proposal = propose(parse_text("Fair\\n\\nThe fair was sponsored by Sol Bank.", language="en"))
>>> decisions = Decisions.proposed(proposal, reconcile(proposal, Matcher([])))
>>> [(f.role, f.status) for f in decisions.facts if f.kind == "relation"]
[('sponsor', 'accepted')]
>>> Decisions.from_json(decisions.to_json()) == decisions
True
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from edgraph.curation.model import Evidence, Proposal
from edgraph.curation.reconcile import Reconciliation

Status = Literal["accepted", "rejected"]
FactKind = Literal["relation", "attribute", "claim"]


@dataclass(frozen=True)
class EntityDecision:
    """What a candidate entity is: ``iri`` an existing entity's (``new`` False), or a new
    entity's, which the source file then describes with ``name``, ``type`` and ``aliases``."""

    key: str
    iri: str
    new: bool
    name: str
    kind: str  # the candidate's kind: organization, network, event, person, place, project
    type: str  # the class IRI of a new entity
    aliases: tuple[str, ...] = ()
    description: str = ""  # schema:description of a new entity (a spreadsheet's Description)
    tags: tuple[str, ...] = ()  # schema:keywords of a new entity (a spreadsheet's Tags)
    sheet: str = ""  # the spreadsheet sheet and row that describe it (edgraph import)
    row: int = 0


@dataclass(frozen=True)
class FactDecision:
    """One fact, with its evidence and the curator's decision. Which fields count depends on
    ``kind``: a relation (``role`` from ``agent`` to ``target``), an attribute of ``agent``
    (``attribute`` = ``value``), or a claim about ``agent`` (``value``, ``qualifier``,
    ``measure``, ``as_of``)."""

    id: str  # "r0", "a1", "c2" as proposed; "m0"... for facts the curator added
    kind: FactKind
    status: Status
    evidence: Evidence
    agent: str  # entity key
    role: str = ""
    target: str = ""
    attribute: str = ""
    value: str = ""  # lexical form: a date, or a claim's number
    datatype: str = ""  # XSD datatype name of ``value`` or of ``as_of``
    qualifier: str = ""
    measure: str = ""
    as_of: str = ""
    as_of_type: str = ""
    role_name: str = ""  # works for: the position as the source words it
    confidence: float = 1.0
    origin: Literal["extractor", "curator"] = "extractor"
    note: str = ""  # why the fact is recorded as it is, when the source does not say it plainly
    start_date: str = ""  # when the relation began and ended, as a spreadsheet says (lexical
    end_date: str = ""  # xsd:date, gYearMonth or gYear)


@dataclass(frozen=True)
class Decisions:
    """Everything decided about one source."""

    entities: tuple[EntityDecision, ...]
    facts: tuple[FactDecision, ...]
    publisher: str = ""  # entity key of the publisher, when the curator names one
    version: int = 0  # bumped at each save: a second tab saving an older copy is told
    rejected: tuple[str, ...] = field(default=())  # signatures of rejected facts (never again)

    @classmethod
    def proposed(cls, proposal: Proposal, reconciliation: Reconciliation) -> Decisions:
        """Every candidate accepted as proposed, each entity as reconciled."""
        entities = tuple(
            EntityDecision(
                e.key, reconciliation.iri(e.key), reconciliation.entities[e.key].is_new,
                e.name, e.kind.value, e.type, tuple(e.aliases),
            )
            for e in proposal.entities
        )  # fmt: skip
        facts: list[FactDecision] = []
        for i, r in enumerate(proposal.relations):
            facts.append(FactDecision(
                f"r{i}", "relation", "accepted", r.evidence, r.agent, role=r.role.value,
                target=r.target, as_of=r.as_of or "", as_of_type=r.as_of_type or "",
                role_name=r.role_name or "", confidence=r.confidence,
            ))  # fmt: skip
        for i, a in enumerate(proposal.attributes):
            facts.append(FactDecision(
                f"a{i}", "attribute", "accepted", a.evidence, a.entity, attribute=a.attribute,
                value=a.value, datatype=a.datatype, confidence=a.confidence,
            ))  # fmt: skip
        for i, c in enumerate(proposal.claims):
            facts.append(FactDecision(
                f"c{i}", "claim", "accepted", c.evidence, c.about, value=str(c.value),
                datatype="decimal" if isinstance(c.value, float) else "integer",
                qualifier=c.qualifier.value, measure=c.measure.value, as_of=c.as_of or "",
                as_of_type=c.as_of_type or "", confidence=c.confidence,
            ))  # fmt: skip
        facts += _dates_from_parents(entities, facts)
        entities = tuple(_place_kind(e, entities, facts) for e in entities)
        return cls(entities, tuple(facts))

    def entity(self, key: str) -> EntityDecision:
        for entity in self.entities:
            if entity.key == key:
                return entity
        raise KeyError(key)

    def accepted(self) -> tuple[FactDecision, ...]:
        return tuple(f for f in self.facts if f.status == "accepted")

    def to_json(self) -> dict[str, Any]:
        return _plain(self)  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Decisions:
        return cls(
            entities=tuple(EntityDecision(**{**e, "aliases": tuple(e["aliases"]),
                                             "tags": tuple(e.get("tags", ()))})
                           for e in data["entities"]),
            facts=tuple(FactDecision(**{**f, "evidence": Evidence(**f["evidence"])})
                        for f in data["facts"]),
            publisher=data.get("publisher", ""),
            version=int(data.get("version", 0)),
            rejected=tuple(data.get("rejected", ())),
        )  # fmt: skip


def _dates_from_parents(
    entities: tuple[EntityDecision, ...], facts: list[FactDecision]
) -> list[FactDecision]:
    """Dates for the sub-events the source gives none of: their event's, as the curated files
    record a workshop held at some point of a meeting (a note says so)."""
    names = {e.key: e.name for e in entities}
    dated: dict[str, list[FactDecision]] = {}
    for fact in facts:
        if fact.kind == "attribute" and fact.attribute in ("start_date", "end_date"):
            dated.setdefault(fact.agent, []).append(fact)
    added: list[FactDecision] = []
    for fact in facts:
        if fact.kind != "relation" or fact.role != "sub_event" or fact.agent in dated:
            continue
        for date in dated.get(fact.target, []):
            added.append(dataclasses.replace(
                date, id=f"d{len(added)}", agent=fact.agent, evidence=fact.evidence,
                note=f"The source gives no date of its own; the dates of "
                     f"{names.get(fact.target, 'the event')} it is part of bound it.",
            ))  # fmt: skip
    return added


def _place_kind(
    entity: EntityDecision, entities: tuple[EntityDecision, ...], facts: list[FactDecision]
) -> EntityDecision:
    """A new city the source does not place in a country the graph knows is recorded as a
    place: a city must be in a country (the shapes say), and the curator can say which.
    Countries are reference data: one the graph does not know is recorded as a place too."""
    from edgraph.namespaces import EDGO

    if not entity.new or entity.type not in (EDGO + "City", EDGO + "Country"):
        return entity
    if entity.type == EDGO + "Country":
        return dataclasses.replace(entity, type=EDGO + "Place")
    known = {e.key for e in entities if not e.new}
    if any(f.agent == entity.key and f.role == "contained_in" and f.target in known
           for f in facts):  # fmt: skip
        return entity
    return dataclasses.replace(entity, type=EDGO + "Place")


def signature(fact: FactDecision, decisions: Decisions) -> str:
    """What a fact says, independent of its id: a rejected fact is known again by it when the
    source is proposed anew, and is not proposed a second time."""
    names = {e.key: e.iri for e in decisions.entities}
    parts = (fact.kind, names.get(fact.agent, fact.agent), fact.role, names.get(fact.target, ""),
             fact.attribute, fact.value, fact.measure)  # fmt: skip
    return "|".join(parts)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
