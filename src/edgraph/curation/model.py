"""What the extractor proposes: candidate entities, relations, attributes and claims, each with
its evidence and a confidence, as plain frozen data that turns into JSON for other tools.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Any

from edgraph.curation.intake import Document
from edgraph.curation.roles import Kind, Measure, Qualifier, Role


@dataclass(frozen=True)
class Evidence:
    """Where a candidate is stated: the paragraph (``edgo:paragraph``; 0 is the headline), the
    sentence, and the character span of the words that state it, in the paragraph's text."""

    paragraph: int
    sentence: str
    start: int  # offsets into Paragraph.text (or the headline for paragraph 0)
    end: int
    quote: str  # the text of the span
    # a spreadsheet's row instead (edgraph import): its sheet, its row number (the header is
    # row 1) and the key of the document it cites (SourceMeta.documents), if any
    sheet: str = ""
    row: int = 0
    document: str = ""

    @property
    def in_headline(self) -> bool:
        return self.paragraph == 0


@dataclass(frozen=True)
class CandidateEntity:
    """Something the article names: an organization, network, event, person, place or project."""

    key: str  # "e1", "e2"...: unique within one proposal; relations point at it
    name: str
    kind: Kind
    type: str  # the most specific edgo: class the words support
    aliases: tuple[str, ...]  # acronyms and other names used in the article
    mentions: tuple[Evidence, ...]
    confidence: float


@dataclass(frozen=True)
class CandidateRelation:
    """A role or structural relation between two candidate entities.

    For agent roles (organizer, host, funder, sponsor, ...) ``agent`` holds the role in
    ``target`` (an event, network or project); for member / unit of / works for / located in /
    sub-event / event of / founded in, ``agent`` is the subject and ``target`` the object.
    """

    role: Role
    agent: str  # entity key
    target: str  # entity key
    evidence: Evidence
    confidence: float
    role_name: str | None = None  # works for: the role as the article words it
    as_of: str | None = None  # member / works for: when reported (lexical date)
    as_of_type: str | None = None  # its XSD datatype name: date, gYearMonth, gYear


@dataclass(frozen=True)
class CandidateAttribute:
    """A dated attribute of an entity: an event's start or end, a founding date."""

    entity: str  # entity key
    attribute: str  # a key of roles.ATTRIBUTES
    value: str  # lexical form
    datatype: str  # XSD datatype name: date, gYearMonth or gYear
    evidence: Evidence
    confidence: float


@dataclass(frozen=True)
class CandidateClaim:
    """A dated, qualified number: "more than 180 institutions", as of the article's date."""

    about: str  # entity key
    value: int | float
    qualifier: Qualifier
    measure: Measure
    as_of: str | None  # lexical date; None when the article gives no date at all
    as_of_type: str | None
    evidence: Evidence
    confidence: float


@dataclass(frozen=True)
class Proposal:
    """Everything proposed for one document."""

    document: Document
    entities: tuple[CandidateEntity, ...]
    relations: tuple[CandidateRelation, ...]
    attributes: tuple[CandidateAttribute, ...]
    claims: tuple[CandidateClaim, ...]
    elapsed_ms: float

    def entity(self, key: str) -> CandidateEntity:
        for entity in self.entities:
            if entity.key == key:
                return entity
        raise KeyError(key)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (the document's metadata without its full text)."""
        doc = self.document
        return {
            "document": {
                "headline": doc.headline,
                "language": doc.language,
                "detected_language": doc.detected_language,
                "publisher": doc.publisher,
                "published": doc.published.isoformat() if doc.published else None,
                "url": doc.url,
                "media_type": doc.media_type,
                "fingerprint": doc.fingerprint,
                "paragraphs": len(doc.paragraphs),
            },
            "entities": [_plain(e) for e in self.entities],
            "relations": [_plain(r) for r in self.relations],
            "attributes": [_plain(a) for a in self.attributes],
            "claims": [_plain(c) for c in self.claims],
            "elapsed_ms": round(self.elapsed_ms, 2),
        }


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
