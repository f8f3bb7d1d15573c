"""Reconciliation of a proposal: each candidate entity matched against the store (through the
one :class:`~edgraph.curation.match.Matcher`), with the match to propose, or a new IRI that
collides with nothing when there is none.

>>> from edgraph.curation.intake import parse_text
>>> from edgraph.curation.extract import propose
>>> from edgraph.curation.match import KnownEntity, Matcher
>>> matcher = Matcher([KnownEntity("https://w3id.org/edgraph/id/org/sol-bank", "organization",
...                                 ("Sol Bank",), ("BancoSol",))])
>>> proposal = propose(parse_text("Fair\\n\\nThe fair was sponsored by Sol Bank and Luna Co.",
...                               language="en"))
>>> result = reconcile(proposal, matcher)
>>> for key, match in sorted(result.entities.items()):
...     print(proposal.entity(key).name, match.iri.removeprefix(matcher.base), match.is_new)
Fair event/fair True
Sol Bank org/sol-bank False
Luna Co. org/luna-co True
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from edgraph.catalog import fold
from edgraph.curation.intake import Document
from edgraph.curation.match import IRI_KINDS, Match, Matcher
from edgraph.curation.model import Proposal
from edgraph.curation.roles import Kind, Role
from edgraph.namespaces import SCHEMA, mint_new
from edgraph.query.results import lexical
from edgraph.store import Store


@dataclass(frozen=True)
class EntityMatch:
    """What one candidate entity is, as far as the store knows."""

    key: str  # the candidate's key in the proposal
    candidates: tuple[Match, ...]  # known entities it may be, best first
    chosen: Match | None  # the one proposed as the same entity (score >= min_score, no tie)
    new_iri: str | None  # when none is chosen: an IRI for a new entity, colliding with nothing

    @property
    def iri(self) -> str:
        if self.chosen is not None:
            return self.chosen.iri
        assert self.new_iri is not None
        return self.new_iri

    @property
    def is_new(self) -> bool:
        return self.chosen is None


@dataclass(frozen=True)
class Reconciliation:
    """Every candidate entity of a proposal with its match or new IRI."""

    proposal: Proposal
    entities: dict[str, EntityMatch]  # by candidate key
    elapsed_ms: float

    def iri(self, key: str) -> str:
        return self.entities[key].iri

    def to_json(self) -> dict[str, Any]:
        return {
            key: {
                "iri": match.iri,
                "new": match.is_new,
                "candidates": [
                    {"iri": c.iri, "label": c.label, "kind": c.kind, "score": c.score,
                     "reasons": list(c.reasons), "matched": c.matched}
                    for c in match.candidates
                ],
            }
            for key, match in self.entities.items()
        }  # fmt: skip


def reconcile(proposal: Proposal, matcher: Matcher, *, min_score: float = 0.8) -> Reconciliation:
    """Match every candidate entity of ``proposal``; units are looked for under their matched
    parent too. New IRIs are minted under the matcher's base and differ from every IRI of the
    store and from each other, but are not reserved: minting them for good is the writer's."""
    started = time.perf_counter()
    parents = {r.agent: r.target for r in proposal.relations if r.role == Role.UNIT_OF}
    order = sorted(proposal.entities, key=lambda e: e.key in parents)  # parents first
    found: dict[str, EntityMatch] = {}
    minted: set[str] = set()
    for entity in order:
        kind = entity.kind.value
        parent_match = found.get(parents.get(entity.key, ""))
        parent_iri = parent_match.chosen.iri if parent_match and parent_match.chosen else None
        candidates: list[Match] = []
        for name in (entity.name, *entity.aliases):
            for match in matcher.match(name, kind=kind, parent=parent_iri):
                if all(c.iri != match.iri for c in candidates):
                    candidates.append(match)
        candidates.sort(key=lambda m: (-m.score, m.label, m.iri))
        chosen = None
        if (
            candidates
            and candidates[0].score >= min_score
            and (len(candidates) == 1 or candidates[1].score < candidates[0].score)
        ):
            chosen = candidates[0]
        new_iri = None
        if chosen is None:
            iri_kind = IRI_KINDS[kind] if entity.kind != Kind.NETWORK else "network"
            new_iri = mint_new(matcher.base, iri_kind, entity.name,
                               lambda iri: matcher.taken(iri) or iri in minted)  # fmt: skip
            minted.add(new_iri)
        found[entity.key] = EntityMatch(entity.key, tuple(candidates[:5]), chosen, new_iri)
    ordered = {e.key: found[e.key] for e in proposal.entities}
    return Reconciliation(proposal, ordered, (time.perf_counter() - started) * 1000)


@dataclass(frozen=True)
class KnownSource:
    """A source document of the store that a new document may be."""

    iri: str
    reason: str  # "the same URL", "the same text", "the same headline and publisher"


def known_sources(store: Store, document: Document) -> list[KnownSource]:
    """Source documents of the store that ``document`` is already: the same URL
    (``schema:url``), the same text (its fingerprint as ``schema:identifier``), or the same
    headline from the same publisher (or with no publisher on either side)."""
    rows = store.query(
        f"""SELECT ?doc ?url ?id ?headline ?publisher WHERE {{
          ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc .
          OPTIONAL {{ ?doc <{SCHEMA}url> ?url }}
          OPTIONAL {{ ?doc <{SCHEMA}identifier> ?id }}
          OPTIONAL {{ ?doc <{SCHEMA}headline> ?headline }}
          OPTIONAL {{ ?doc <{SCHEMA}publisher> ?p . OPTIONAL {{ ?p <{SCHEMA}name> ?pname }} }}
          BIND(COALESCE(?pname, ?p) AS ?publisher)
        }}"""
    ).rows
    found: dict[str, str] = {}
    for doc, url, identifier, headline, publisher in rows:
        if doc is None:
            continue
        iri = lexical(doc)
        if document.url and url is not None and _same_url(lexical(url), document.url):
            found.setdefault(iri, "the same URL")
        elif identifier is not None and lexical(identifier) in (
            document.fingerprint, document.identifier,
        ):  # fmt: skip
            found.setdefault(iri, "the same text")
        elif (
            headline is not None
            and document.headline
            and (fold(lexical(headline)) == fold(document.headline))
        ):
            theirs = fold(lexical(publisher)) if publisher is not None else ""
            ours = fold(document.publisher or "")
            if theirs == ours or not theirs or not ours:
                found.setdefault(iri, "the same headline and publisher")
    return [KnownSource(iri, reason) for iri, reason in sorted(found.items())]


def _same_url(a: str, b: str) -> bool:
    def norm(url: str) -> str:
        url = url.strip().split("#")[0].rstrip("/")
        return url.lower().replace("://www.", "://").replace("https://", "http://")

    return norm(a) == norm(b)
