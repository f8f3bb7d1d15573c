"""What the review page needs from the core, with no web framework in it: a source's state as
plain JSON (its text, the decisions, each entity's candidates, the role keys with the words a
person reads), the decisions a page sends back checked and completed (the evidence of a fact
added by hand taken from the text, new entities given IRIs that collide with nothing), and the
violations of a save located on the facts and entities they concern.

A page is trusted with nothing it could get wrong: an extractor's fact keeps the evidence the
extractor found, a known entity must be one the graph knows, a new entity's IRI is minted here,
and every value is checked against the tables of :mod:`edgraph.curation.roles`.

>>> [r["words"] for r in role_table() if r["key"] in ("funder", "operator", "member")]
['funder of', 'operator of', 'member of']
>>> date_type("2024-05"), date_type("2024-02-30")
('gYearMonth', None)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from edgraph.curation import text as txt
from edgraph.curation.decisions import Decisions, EntityDecision, FactDecision, signature
from edgraph.curation.intake import Document
from edgraph.curation.match import IRI_KINDS, Matcher
from edgraph.curation.model import Evidence
from edgraph.curation.roles import ATTRIBUTES, ROLES, Kind, Measure, Qualifier, Role
from edgraph.curation.workspace import Entry
from edgraph.curation.write import SourceMeta, written_by
from edgraph.errors import EdgraphError
from edgraph.namespaces import EDGO, RDFS, SKOS, mint_new, shorten
from edgraph.query.results import lexical
from edgraph.store import Store
from edgraph.validate import Violation

#: What a page may send: longer names, notes or lists are refused, not cut.
NAME_MAX = 300
NOTE_MAX = 2000
KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")

#: Words for the attributes and claims, as a sentence reads them.
ATTRIBUTE_WORDS = {"start_date": "starts on", "end_date": "ends on",
                   "founding_date": "founded on"}  # fmt: skip
#: Classes a curator does not give a new entity: countries are reference data.
_NOT_NEW = frozenset({EDGO + "Country"})


@dataclass(frozen=True)
class Problem:
    """Something wrong with what a page sent, or a violation of the shapes, with the facts
    (ids) and entities (keys) it is about; neither when it is about the source as a whole."""

    message: str
    facts: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"message": self.message, "facts": list(self.facts),
                "entities": list(self.entities)}  # fmt: skip


class ReviewInputError(EdgraphError, ValueError):
    """Decisions from a page that cannot be saved as they are; each problem says where."""

    status = 422

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message for p in self.problems))


def date_type(value: str) -> str | None:
    """The XSD datatype of a date written YYYY, YYYY-MM or YYYY-MM-DD; None when it is none
    of them (or no such day)."""
    if re.fullmatch(r"\d{4}", value):
        return "gYear"
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return "gYearMonth"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return None
        return "date"
    return None


def role_table() -> list[dict[str, str]]:
    """Each role key with the words a sentence reads it in, the agent always first: "X —
    funder of — Y", "X — operator of — Y" (the table's "operated by", turned round so that a
    sentence never changes its order when the role changes), "X — member of — Y"."""
    out = []
    for role, spec in ROLES.items():
        if spec.subject_is_agent:
            words = spec.label_en
        elif spec.label_en.endswith(" by"):
            words = role.value.replace("_", "-") + " of"
        else:
            words = spec.label_en + (" in" if role == Role.PARTICIPANT else " of")
        out.append({"key": role.value, "words": words, "label": spec.label_en,
                    "label_es": spec.label_es, "dated": "yes" if spec.qualified_by else "",
                    "position": "yes" if role == Role.WORKS_FOR else ""})  # fmt: skip
    return out


def classes(store: Store) -> list[dict[str, str]]:
    """The ontology's classes a new entity may get, each with its label and kind (a key of
    :class:`~edgraph.curation.roles.Kind`), by kind and label."""
    from edgraph.catalog import KINDS

    wanted = [k for k in KINDS if k.key in {kind.value for kind in Kind}]
    roots = " ".join(f"<{c}>" for k in wanted for c in k.classes)
    rows = store.query(f"""
        SELECT ?c ?root (SAMPLE(?l) AS ?label) WHERE {{
          VALUES ?root {{ {roots} }}
          ?c <{RDFS}subClassOf>* ?root .
          FILTER(STRSTARTS(STR(?c), "{EDGO}"))
          OPTIONAL {{ ?c <{RDFS}label> ?l FILTER(LANG(?l) = "en") }}
        }} GROUP BY ?c ?root""").rows  # fmt: skip
    found: dict[str, tuple[int, str]] = {}
    order = {c: i for i, k in enumerate(wanted) for c in k.classes}
    for cls, root, label in rows:
        if cls is None or root is None or lexical(cls) in _NOT_NEW:
            continue
        iri, index = lexical(cls), order[lexical(root)]
        text = lexical(label) if label is not None else iri.rsplit("#", 1)[-1]
        if iri not in found or index < found[iri][0]:
            found[iri] = (index, text)
    return sorted(
        ({"iri": c, "label": label, "kind": wanted[i].key} for c, (i, label) in found.items()),
        key=lambda c: ([k.key for k in wanted].index(c["kind"]), c["iri"] != _root(c["kind"]),
                       c["label"]),
    )  # fmt: skip


def _root(kind: str) -> str:
    from edgraph.curation.roles import DEFAULT_CLASS

    return DEFAULT_CLASS[Kind(kind)]


def concepts(store: Store) -> dict[str, list[dict[str, str]]]:
    """The qualifiers and measures of claims with their English labels from the ontology."""
    rows = store.query(f"""
        SELECT ?c (SAMPLE(?l) AS ?label) WHERE {{
          ?c <{SKOS}prefLabel> ?l FILTER(LANG(?l) = "en")
          FILTER(STRSTARTS(STR(?c), "{EDGO}"))
        }} GROUP BY ?c""").rows  # fmt: skip
    labels = {
        lexical(c): lexical(label) for c, label in rows if c is not None and label is not None
    }
    return {
        "qualifiers": [{"key": q.value, "label": labels.get(q.iri, q.value)} for q in Qualifier],
        "measures": [{"key": m.value, "label": labels.get(m.iri, m.value)} for m in Measure],
    }


def state(
    entry: Entry, record: Mapping[str, Any], matcher: Matcher, store: Store, *, saved: bool
) -> dict[str, Any]:
    """Everything the review page shows of a source, as JSON data (entity page addresses are
    the adapter's to add: ``known`` maps each known IRI to its label and kind)."""
    document = entry.document
    reconciliation = record.get("reconciliation", {})
    proposal = record.get("proposal", {})
    candidates = {key: value.get("candidates", []) for key, value in reconciliation.items()}
    mentions: dict[str, list[list[int]]] = {}
    for candidate in proposal.get("entities", []):
        mentions[candidate["key"]] = [[m["paragraph"], m["start"], m["end"]]
                                      for m in candidate.get("mentions", [])]  # fmt: skip
    known: dict[str, dict[str, str]] = {}
    for entity in entry.decisions.entities:
        if not entity.new and (found := matcher.get(entity.iri)) is not None:
            known[entity.iri] = {"label": found.display, "kind": found.kind}
    for listed in candidates.values():
        for c in listed:
            known.setdefault(c["iri"], {"label": c["label"], "kind": c["kind"]})
    return {
        "slug": entry.slug,
        "version": entry.decisions.version,
        "saved": saved,
        "document": {
            "headline": document.headline,
            "language": document.language,
            "publisher": document.publisher,
            "published": document.published.isoformat() if document.published else None,
            "url": document.url,
            "paragraphs": [p.text for p in document.paragraphs],
        },
        "decisions": entry.decisions.to_json(),
        "candidates": candidates,
        "mentions": mentions,
        "known": known,
        "roles": role_table(),
        "attributes": [{"key": k, "words": ATTRIBUTE_WORDS.get(k, k)} for k in ATTRIBUTES],
        "classes": classes(store),
        **concepts(store),
    }


def paragraph_text(document: Document, number: int) -> str:
    return document.headline if number == 0 else document.paragraph(number).text


def evidence_at(document: Document, paragraph: int, start: int, end: int) -> Evidence:
    """The evidence of words ``start``..``end`` of a paragraph (0 the headline): the quote is
    those words, the sentence every sentence they touch.

    >>> from edgraph.curation.intake import parse_text
    >>> doc = parse_text("T\\n\\nIt rained. The Sol Fund paid. Then it stopped.", language="en")
    >>> e = evidence_at(doc, 1, 15, 23)
    >>> e.quote, e.sentence
    ('Sol Fund', 'The Sol Fund paid.')
    """
    if not 0 <= paragraph <= len(document.paragraphs):
        raise ValueError(f"the document has no paragraph {paragraph}")
    text = paragraph_text(document, paragraph)
    if not 0 <= start < end <= len(text):
        raise ValueError(f"characters {start} to {end} are not in paragraph {paragraph}")
    touched = [s for s in txt.sentences(text) if s.start < end and s.end > start]
    first = touched[0].start if touched else start
    last = touched[-1].end if touched else end
    return Evidence(paragraph, text[first:last], start, end, text[start:end])


def decisions_from_page(
    data: Any, entry: Entry, matcher: Matcher, known_classes: Iterable[dict[str, str]], *,
    base: str,
) -> Decisions:  # fmt: skip
    """The decisions a page sent (``Decisions.to_json`` form), checked against the source
    ``entry`` and the graph ``matcher`` knows; a :class:`ReviewInputError` names every
    problem, on the fact or entity it concerns."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise ReviewInputError([Problem("the page sent no decisions (a JSON object is needed)")])
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ReviewInputError([Problem("the page sent no version of the decisions")])
    entities_in = data.get("entities")
    facts_in = data.get("facts")
    if not isinstance(entities_in, list) or not isinstance(facts_in, list):
        raise ReviewInputError([Problem("the page sent no lists of entities and facts")])
    stored = entry.decisions
    class_kind = {c["iri"]: c["kind"] for c in known_classes}
    before = {e.key: e for e in stored.entities}
    entities: list[EntityDecision] = []
    for raw in entities_in:
        entity = _entity(raw, before, matcher, class_kind, problems)
        if entity is not None:
            if any(e.key == entity.key for e in entities):
                problems.append(Problem(f"two entities have the key {entity.key!r}"))
                continue
            entities.append(entity)
    entities = _minted(entities, before, matcher, base)
    keys = {e.key for e in entities}
    stored_facts = {f.id: f for f in stored.facts}
    facts: list[FactDecision] = []
    for raw in facts_in:
        fact = _fact(raw, keys, stored_facts, entry.document, problems)
        if fact is not None:
            if any(f.id == fact.id for f in facts):
                problems.append(Problem(f"two facts have the id {fact.id!r}", (fact.id,)))
                continue
            facts.append(fact)
    publisher = data.get("publisher", "")
    if publisher not in ("", *keys):
        problems.append(Problem("the publisher is none of the source's entities"))
        publisher = ""
    if problems:
        raise ReviewInputError(problems)
    decided = Decisions(tuple(entities), tuple(facts), publisher, version, stored.rejected)
    # A fact accepted again is no longer one to reject when the source is proposed anew.
    accepted = {signature(f, decided) for f in decided.facts if f.status == "accepted"}
    return dataclasses.replace(
        decided, rejected=tuple(s for s in stored.rejected if s not in accepted)
    )


def _text(raw: Any, name: str, limit: int) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ValueError(f"{name} must be text")
    value = " ".join(txt.normalize(raw).split())
    if len(value) > limit:
        raise ValueError(f"{name} is longer than {limit} characters")
    return value


def _entity(
    raw: Any, before: Mapping[str, EntityDecision], matcher: Matcher,
    class_kind: Mapping[str, str], problems: list[Problem],
) -> EntityDecision | None:  # fmt: skip
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
        problems.append(Problem("an entity was sent without its key"))
        return None
    key = raw["key"]
    if not KEY.fullmatch(key):
        problems.append(Problem(f"{key[:40]!r} is not an entity key"))
        return None
    try:
        name = _text(raw.get("name"), "the name", NAME_MAX)
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list) or len(aliases) > 50:
            raise ValueError("the aliases must be a list of at most 50 names")
        alias_names = tuple(a for a in (_text(a, "an alias", NAME_MAX) for a in aliases) if a)
    except ValueError as exc:
        problems.append(Problem(str(exc), entities=(key,)))
        return None
    old = before.get(key)
    if raw.get("new") is False:
        iri = raw.get("iri")
        found = matcher.get(iri) if isinstance(iri, str) else None
        if found is None and not (old is not None and not old.new and old.iri == iri):
            problems.append(Problem(f"{name or key}: the graph has no such entity to match it "
                                    "with", entities=(key,)))  # fmt: skip
            return None
        kind = found.kind if found is not None else (old.kind if old else "organization")
        label = found.display if found is not None else name
        cls = old.type if old is not None and old.iri == iri else ""
        return EntityDecision(key, str(iri), False, name or label, kind, cls, alias_names)
    if not name:
        problems.append(Problem("a new entity needs a name", entities=(key,)))
        return None
    chosen = raw.get("type")
    if not isinstance(chosen, str) or chosen not in class_kind:
        problems.append(Problem(f"{name}: choose the class of the new entity", entities=(key,)))
        return None
    kind = class_kind[chosen]
    iri = old.iri if old is not None and old.new and old.kind == kind else ""
    # what a spreadsheet said of it (edgraph import --review), which the page does not edit
    made = EntityDecision(key, iri, True, name, kind, chosen, alias_names)
    if old is None:
        return made
    return dataclasses.replace(made, description=old.description, tags=old.tags,
                               sheet=old.sheet, row=old.row)  # fmt: skip


def _minted(
    entities: list[EntityDecision], before: Mapping[str, EntityDecision], matcher: Matcher,
    base: str,
) -> list[EntityDecision]:  # fmt: skip
    """New entities with no IRI yet (added on the page, or made new again) given one: under
    their kind, from their name, colliding with nothing the graph or this source has."""
    taken = {e.iri for e in entities if e.iri} | {e.iri for e in before.values()}
    out = []
    for entity in entities:
        if entity.new and not entity.iri:
            iri = mint_new(base, IRI_KINDS[entity.kind], entity.name,
                           lambda i: matcher.taken(i) or i in taken)  # fmt: skip
            taken.add(iri)
            entity = dataclasses.replace(entity, iri=iri)
        out.append(entity)
    return out


def _fact(
    raw: Any, keys: set[str], stored: Mapping[str, FactDecision], document: Document,
    problems: list[Problem],
) -> FactDecision | None:  # fmt: skip
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        problems.append(Problem("a fact was sent without its id"))
        return None
    fid = raw["id"]
    if not KEY.fullmatch(fid):
        problems.append(Problem(f"{fid[:40]!r} is not a fact id"))
        return None

    def wrong(message: str) -> None:
        problems.append(Problem(message, facts=(fid,)))

    kind, status = raw.get("kind"), raw.get("status")
    if kind not in ("relation", "attribute", "claim"):
        wrong("a fact is a relation, an attribute or a claim")
        return None
    if status not in ("accepted", "rejected"):
        wrong("a fact is accepted or rejected")
        return None
    before = stored.get(fid)
    evidence = _evidence(raw.get("evidence"), before, document)
    if isinstance(evidence, str):
        wrong(evidence)
        return None
    agent = raw.get("agent")
    if agent not in keys:
        wrong("choose who or what the fact is about")
        return None
    try:
        note = _text(raw.get("note"), "the note", NOTE_MAX)
    except ValueError as exc:
        wrong(str(exc))
        return None
    common: dict[str, Any] = {
        "id": fid, "kind": kind, "status": status, "evidence": evidence, "agent": agent,
        "confidence": before.confidence if before is not None else 1.0,
        "origin": before.origin if before is not None else "curator", "note": note,
    }  # fmt: skip
    if kind == "relation":
        return _relation(raw, common, keys, wrong)
    if kind == "attribute":
        attribute, value = raw.get("attribute"), raw.get("value")
        if attribute not in ATTRIBUTES:
            wrong("choose which date it is")
            return None
        datatype = date_type(value) if isinstance(value, str) else None
        if datatype is None or not isinstance(value, str):
            wrong(f"{str(value)[:40]!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
            return None
        return FactDecision(**common, attribute=attribute, value=value, datatype=datatype)
    return _claim(raw, common, wrong)


def _evidence(raw: Any, before: FactDecision | None, document: Document) -> Evidence | str:
    """The extractor's evidence for a fact it proposed; for one added by hand, the words the
    page points at, read from the text here (a quote the page sends is not taken)."""
    if before is not None and before.origin == "extractor":
        return before.evidence
    if not isinstance(raw, dict):
        return "a fact added by hand needs the words of the article that state it"
    numbers = [raw.get(k) for k in ("paragraph", "start", "end")]
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return "a fact added by hand needs the words of the article that state it"
    try:
        return evidence_at(document, *numbers)  # type: ignore[arg-type]
    except ValueError as exc:
        return str(exc)


def _relation(raw: dict[str, Any], common: dict[str, Any], keys: set[str],
              wrong: Any) -> FactDecision | None:  # fmt: skip
    role, target = raw.get("role"), raw.get("target")
    if role not in {r.value for r in Role}:
        wrong("choose the role")
        return None
    if target not in keys:
        wrong("choose what the relation points at")
        return None
    if target == common["agent"]:
        wrong("a relation joins two different entities")
        return None
    as_of = raw.get("as_of") or ""
    as_of_type = date_type(as_of) if isinstance(as_of, str) and as_of else ""
    if as_of_type is None or not isinstance(as_of, str):
        wrong(f"{str(as_of)[:40]!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
        return None
    spec = ROLES[Role(role)]
    try:
        role_name = _text(raw.get("role_name"), "the position", NAME_MAX)
    except ValueError as exc:
        wrong(str(exc))
        return None
    if spec.qualified_by is None:
        as_of, as_of_type = "", ""
    if role != Role.WORKS_FOR:
        role_name = ""
    return FactDecision(**common, role=role, target=target, as_of=as_of, as_of_type=as_of_type,
                        role_name=role_name)  # fmt: skip


def _claim(raw: dict[str, Any], common: dict[str, Any], wrong: Any) -> FactDecision | None:
    value, qualifier, measure = raw.get("value"), raw.get("qualifier"), raw.get("measure")
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,15}(\.\d{1,6})?", value):
        wrong(f"{str(value)[:40]!r} is not a number (digits, and a point for decimals)")
        return None
    if qualifier not in {q.value for q in Qualifier}:
        wrong("choose how exact the number is")
        return None
    if measure not in {m.value for m in Measure}:
        wrong("choose what the number counts")
        return None
    as_of = raw.get("as_of") or ""
    as_of_type = date_type(as_of) if isinstance(as_of, str) and as_of else ""
    if as_of_type is None:
        wrong(f"{str(as_of)[:40]!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
        return None
    return FactDecision(**common, value=value, datatype="decimal" if "." in value else "integer",
                        qualifier=qualifier, measure=measure, as_of=as_of,
                        as_of_type=as_of_type)  # fmt: skip


def locate(
    violations: Iterable[Violation], decisions: Decisions, meta: SourceMeta, store: Store, *,
    base: str,
) -> list[Problem]:  # fmt: skip
    """Each violation of a save as a problem on what it concerns: the facts that wrote the
    statement at fault (its focus, its property or a sub-property of it, its value), else the
    node it is about (a claim, a membership, an evidence), else the entity that is its focus;
    a violation none of these explain is about the source as a whole."""
    written = written_by(meta, decisions, base=base)
    broader = superproperties(store, {p for _, p, _ in written})
    out = []
    for v in violations:
        entities = tuple(e.key for e in decisions.entities if e.iri == v.focus)
        facts: set[str] = set()
        if v.path is not None or not entities:
            for (subject, predicate, obj), ids in written.items():
                if subject != v.focus or (v.value is not None and obj != v.value):
                    continue
                if v.path is None or v.path == predicate or v.path in broader.get(predicate, ()):
                    facts |= ids
        if not facts and not entities:  # a node of the file: a claim, a membership...
            facts = {f for (subject, _, _), ids in written.items() if subject == v.focus
                     for f in ids}  # fmt: skip
        message = v.message + (f" ({shorten(v.path)})" if v.path else "")
        facts.discard("")
        if facts:
            out.append(Problem(message, tuple(sorted(facts))))
        elif entities:
            out.append(Problem(message, entities=entities))
        else:
            out.append(Problem(f"{v.label or shorten(v.focus)}: {message}"))
    return out


def superproperties(store: Store, predicates: Iterable[str]) -> dict[str, set[str]]:
    """Each predicate with the properties it is a sub-property of, as the ontology says (a
    shape on edgo:involvedAgent is broken by a statement of edgo:funder)."""
    values = " ".join(f"<{p}>" for p in sorted(predicates))
    if not values:
        return {}
    rows = store.query(f"SELECT ?p ?super WHERE {{ VALUES ?p {{ {values} }} "
                       f"?p <{RDFS}subPropertyOf>+ ?super }}").rows  # fmt: skip
    out: dict[str, set[str]] = {}
    for predicate, broader in rows:
        if predicate is not None and broader is not None:
            out.setdefault(lexical(predicate), set()).add(lexical(broader))
    return out
