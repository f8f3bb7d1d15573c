"""A curated source as a Turtle file in the style of the hand-curated ones under graph/sources:
the same prefixes and vocabulary, sections with a comment each, one subject per block, in a
fixed order, so that the same decisions always give the same bytes and a change of mind is a
small diff.

Besides the statements themselves, every accepted statement gets its evidence: an
``edgo:Evidence`` node (an ``rdf:Statement``, read by any RDF store) naming the statement's
subject, predicate and object, the paragraph and the quoted sentence, and the source document;
claims, memberships and positions carry their paragraph and quote themselves. So that

    SELECT ?quote WHERE { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; edgo:quote ?quote }

says why a fact is believed. The full text of the document is never written: only its
metadata, paragraph numbers and the quoted sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from edgraph.curation.decisions import Decisions, EntityDecision, FactDecision
from edgraph.curation.roles import ATTRIBUTES, ROLES, Role
from edgraph.namespaces import EDGO, ORG, PROV, RDF, SCHEMA, SKOS, XSD, mint_record

#: The longest quote kept as evidence; a longer sentence is cut at a word.
QUOTE_MAX = 300


@dataclass(frozen=True)
class SourceMeta:
    """What the file says of the source document itself."""

    slug: str  # the file's name, graph/sources/<slug>.ttl
    headline: str
    language: str
    published: dt.date | None
    url: str | None
    identifier: str  # the document's fingerprint
    media_type: str
    paragraphs: int  # an article's paragraphs; a spreadsheet's rows
    kind: str = "article"  # or "spreadsheet" (edgraph import): an edgo:Spreadsheet
    documents: tuple[CitedDocument, ...] = ()  # what a spreadsheet's rows cite


@dataclass(frozen=True)
class CitedDocument:
    """A document a spreadsheet's rows cite (its Source columns): ``new`` ones are described in
    the file as a schema:CreativeWork; ``publisher`` is an entity key of the decisions."""

    key: str
    iri: str
    new: bool
    title: str
    publisher: str = ""
    published: str = ""  # lexical xsd:date, gYearMonth or gYear
    url: str = ""


def prefixes(base: str) -> dict[str, str]:
    """The prefixes a curated file declares, in order."""
    return {
        "edgo": EDGO, "schema": SCHEMA, "prov": PROV, "skos": SKOS, "xsd": XSD, "rdf": RDF,
        "org": ORG, "organization": base + "org/", "network": base + "network/",
        "event": base + "event/", "person": base + "person/", "place": base + "place/",
        "country": base + "country/", "region": base + "region/", "project": base + "project/",
        "topic": base + "topic/", "sdg": base + "sdg/", "claim": base + "claim/",
        "membership": base + "membership/", "evidence": base + "evidence/",
        "source": base + "source/", "graph": base + "graph/sources/",
    }  # fmt: skip


def source_file(meta: SourceMeta, decisions: Decisions, *, base: str) -> str:
    """The Turtle text of the source file for ``decisions`` on the document ``meta``."""
    return _Writer(meta, decisions, base).file()


#: (subject IRI, predicate IRI, object: an IRI or a Turtle literal) of a statement a file writes.
Written = tuple[str, str, str]


def written_by(meta: SourceMeta, decisions: Decisions, *, base: str) -> dict[Written, set[str]]:
    """Each statement the source file for ``decisions`` writes, with the ids of the facts that
    make it write it (a statement two facts make has both): a shape's violation, whose focus
    and path are in the file, is located on the facts it concerns."""
    writer = _Writer(meta, decisions, base)
    writer.file()
    return writer.written_by


_LOCAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
#: Predicates written first in a block, and last; the others in between, by name.
_FIRST = ["a", "schema:name", "skos:prefLabel", "skos:altLabel", "schema:headline",
          "schema:description", "schema:keywords",
          "schema:publisher", "schema:datePublished", "schema:url", "schema:inLanguage",
          "schema:identifier", "schema:encodingFormat", "rdf:subject", "rdf:predicate",
          "rdf:object", "org:member", "org:organization", "edgo:about", "edgo:measure",
          "edgo:qualifier", "schema:value", "schema:startDate", "schema:endDate"]  # fmt: skip
_LAST = [
    "edgo:asOf",
    "edgo:paragraph",
    "edgo:quote",
    "edgo:sheet",
    "edgo:row",
    "prov:wasDerivedFrom",
]
_RANK = {name: i for i, name in enumerate(_FIRST)} | {
    name: len(_FIRST) + 1 + i for i, name in enumerate(_LAST)
}


class _Writer:
    def __init__(self, meta: SourceMeta, decisions: Decisions, base: str) -> None:
        self.meta, self.decisions, self.base = meta, decisions, base
        self.prefixes = prefixes(base)
        self.source = base + "source/" + meta.slug
        self.iris = {e.key: e.iri for e in decisions.entities}
        self.documents = {d.key: d for d in meta.documents}
        # subject -> predicate -> set of objects (already written as Turtle terms)
        self.blocks: dict[str, dict[str, dict[str, defaultdict[str, set[str]]]]] = {}
        self.written_by: dict[Written, set[str]] = defaultdict(set)
        self.fact = ""  # the id of the fact being written

    def record(self, block: dict[str, set[str]], subject: str, predicate: str, obj: str) -> None:
        """Write ``subject predicate obj`` (``obj`` a Turtle term) into ``block`` for the fact
        being written."""
        block[predicate].add(obj)
        raw = obj[1:-1] if obj.startswith("<") and obj.endswith(">") else self.expand(obj)
        self.written_by[(subject, predicate, raw)].add(self.fact)

    def expand(self, term: str) -> str:
        """The IRI a prefixed name stands for; any other term as it is."""
        prefix, _, local = term.partition(":")
        if prefix in self.prefixes and _LOCAL.fullmatch(local):
            return self.prefixes[prefix] + local
        return term

    # -- terms ---------------------------------------------------------------------------------

    def iri(self, value: str) -> str:
        for prefix, namespace in self.prefixes.items():
            if value.startswith(namespace) and _LOCAL.fullmatch(value[len(namespace) :]):
                return f"{prefix}:{value[len(namespace) :]}"
        return f"<{value}>"

    def lit(self, value: str, language: str | None) -> str:
        quoted = str(ox.Literal(value))
        return f"{quoted}@{language}" if language else quoted

    def typed(self, value: str, datatype: str) -> str:
        if datatype == "integer" and re.fullmatch(r"-?\d+", value):
            return value
        return f"{ox.Literal(value)!s}^^xsd:{datatype}"

    # -- the file ------------------------------------------------------------------------------

    def sections(self, sections: list[tuple[str, dict[str, dict[str, set[str]]]]]) -> str:
        out: list[str] = []
        for title, subjects in sections:
            if not subjects:
                continue
            out.append(f"# --- {title} " + "-" * max(3, 92 - len(title)) + "\n")
            for subject in sorted(subjects):
                out.append(self.block(subject, subjects[subject]))
        return "\n".join(out)

    def block(self, subject: str, predicates: dict[str, set[str]]) -> str:
        """``subject`` and its statements, the first on the subject's line, as the curated
        files write them; the type and names first, the evidence and source last."""
        written = {
            ("a" if p == RDF + "type" else self.iri(p)): sorted(objects)
            for p, objects in predicates.items()
        }
        keys = sorted(written, key=lambda name: (_RANK.get(name, len(_FIRST)), name))
        lines = [f"{name} {', '.join(written[name])}" for name in keys]
        return f"{self.iri(subject)} " + " ;\n    ".join(lines) + " .\n"

    def file(self) -> str:
        meta, decisions = self.meta, self.decisions
        lang = meta.language
        source: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        graph = self.base + "graph/sources/" + meta.slug
        source[graph][PROV + "wasDerivedFrom"].add(self.iri(self.source))
        about = source[self.source]
        if meta.kind == "spreadsheet":
            about[RDF + "type"].add("edgo:Spreadsheet")
            about[SCHEMA + "name"].add(self.lit(meta.headline, None))
        else:
            about[RDF + "type"].add("schema:NewsArticle")
            about[SCHEMA + "headline"].add(self.lit(meta.headline, lang))
        if decisions.publisher:
            about[SCHEMA + "publisher"].add(self.iri(self.iris[decisions.publisher]))
        if meta.published:
            about[SCHEMA + "datePublished"].add(self.typed(meta.published.isoformat(), "date"))
        if meta.url:
            about[SCHEMA + "url"].add(f"<{meta.url}>")
        if meta.kind != "spreadsheet":
            about[SCHEMA + "inLanguage"].add(self.lit(lang, None))
        about[SCHEMA + "identifier"].add(self.lit(meta.identifier, None))
        about[SCHEMA + "encodingFormat"].add(self.lit(meta.media_type, None))

        cited: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for document in meta.documents:
            if document.new:
                self._cited(document, cited[document.iri])

        entities: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        evidence: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        used = self._used_entities()
        for entity in decisions.entities:
            if entity.new and entity.key in used:
                self._describe(entity, entities[entity.iri], evidence)

        statements: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        qualified: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        claims: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for fact in decisions.accepted():
            self.fact = fact.id
            if fact.kind == "relation":
                self._relation(fact, statements, qualified, evidence)
            elif fact.kind == "attribute":
                subject = self.iris[fact.agent]
                predicate = ATTRIBUTES[fact.attribute]
                value = self.typed(fact.value, fact.datatype or "date")
                self.record(statements[subject], subject, predicate, value)
                if fact.note:
                    self.record(statements[subject], subject, SKOS + "note",
                                self.lit(fact.note, "en"))  # fmt: skip
                self._evidence(subject, predicate, value, fact, evidence)
            else:
                self._claim(fact, claims)

        header = (
            (
                f"# {_one_line(meta.headline)}\n"
                f"# A spreadsheet imported with edgraph ({meta.paragraphs} rows; each statement's "
                "evidence names its sheet\n# and row). Written by 'edgraph import': edit the "
                "spreadsheet and import it again, not this file.\n\n"
            )
            if meta.kind == "spreadsheet"
            else (
                f"# {_one_line(meta.headline)}\n"
                f"# A source curated with edgraph from {meta.media_type} ({meta.paragraphs} "
                "paragraphs, counted as edgo:paragraph\n# defines them). Rewritten by each save of "
                "its review: edit the review, not this file.\n\n"
            )
        )
        declared = "".join(f"@prefix {p + ':':<14}<{ns}> .\n" for p, ns in self.prefixes.items())
        body = self.sections([
            ("The source", source), ("Documents its rows cite", cited),
            ("New entities", entities), ("Statements", statements),
            ("Memberships and positions", qualified), ("Claims", claims),
            ("Evidence for each statement", evidence),
        ])  # fmt: skip
        return header + declared + "\n" + body

    # -- parts ---------------------------------------------------------------------------------

    def _used_entities(self) -> set[str]:
        used = {self.decisions.publisher} if self.decisions.publisher else set()
        used |= {d.publisher for d in self.meta.documents if d.new and d.publisher}
        used |= {e.key for e in self.decisions.entities if e.row}  # a spreadsheet's elements
        for fact in self.decisions.accepted():
            used.add(fact.agent)
            if fact.target:
                used.add(fact.target)
        return used

    def _describe(
        self,
        entity: EntityDecision,
        block: dict[str, set[str]],
        evidence: dict[str, dict[str, set[str]]],
    ) -> None:
        lang = self.meta.language
        block[RDF + "type"].add(self.iri(entity.type))
        acronym = entity.name.isupper() and " " not in entity.name
        block[SCHEMA + "name"].add(self.lit(entity.name, None if acronym else lang))
        for alias in entity.aliases:
            if alias != entity.name:
                block[SKOS + "altLabel"].add(self.lit(alias, None))
        if entity.description:
            block[SCHEMA + "description"].add(self.lit(entity.description, lang))
        for tag in entity.tags:
            block[SCHEMA + "keywords"].add(self.lit(tag, None))
        if entity.row:  # the spreadsheet row that describes it
            node = self._minted("evidence", f"{entity.iri}|{RDF}type|{entity.type}")
            row = evidence[node]
            row[RDF + "type"].add("edgo:Evidence")
            row[RDF + "subject"].add(self.iri(entity.iri))
            row[RDF + "predicate"].add("rdf:type")
            row[RDF + "object"].add(self.iri(entity.type))
            row[EDGO + "sheet"].add(self.lit(entity.sheet, None))
            row[EDGO + "row"].add(str(entity.row))
            row[PROV + "wasDerivedFrom"].add(self.iri(self.source))

    def _cited(self, document: CitedDocument, block: dict[str, set[str]]) -> None:
        block[RDF + "type"].add("schema:CreativeWork")
        block[SCHEMA + "headline"].add(self.lit(document.title, None))
        if document.publisher:
            block[SCHEMA + "publisher"].add(self.iri(self.iris[document.publisher]))
        if document.published:
            block[SCHEMA + "datePublished"].add(
                self.typed(document.published, _date_type(document.published))
            )
        if document.url:
            block[SCHEMA + "url"].add(f"<{document.url}>")

    def _relation(
        self,
        fact: FactDecision,
        statements: dict[str, dict[str, set[str]]],
        qualified: dict[str, dict[str, set[str]]],
        evidence: dict[str, dict[str, set[str]]],
    ) -> None:
        spec = ROLES[Role(fact.role)]
        agent, target = self.iris[fact.agent], self.iris[fact.target]
        subject, obj = (agent, target) if spec.subject_is_agent else (target, agent)
        self.record(statements[subject], subject, spec.predicate, self.iri(obj))
        node = self._evidence(subject, spec.predicate, self.iri(obj), fact, evidence)
        if spec.qualified_by is None:
            self._dates(evidence[node], fact)
            return
        dated = f"|{fact.start_date}" if fact.start_date else ""
        node = self._minted("membership", f"{subject}|{obj}|{fact.role}{dated}")
        block = qualified[node]
        self.written_by[(node, RDF + "type", spec.qualified_by)].add(fact.id)
        block[RDF + "type"].add(self.iri(spec.qualified_by))
        block[ORG + "member"].add(self.iri(agent))
        block[ORG + "organization"].add(self.iri(target))
        if fact.role_name:
            block[EDGO + "roleName"].add(self.lit(fact.role_name, self.meta.language))
        as_of = fact.as_of or (self.meta.published.isoformat() if self.meta.published else "")
        if as_of:
            block[EDGO + "asOf"].add(self.typed(as_of, fact.as_of_type or "date"))
        self._dates(block, fact)
        self._locate(block, fact)

    def _dates(self, block: dict[str, set[str]], fact: FactDecision) -> None:
        """A relation's start and end, as a spreadsheet gives them: on its membership or
        position, else on its evidence (the statement holds from, until)."""
        for predicate, value in ((SCHEMA + "startDate", fact.start_date),
                                 (SCHEMA + "endDate", fact.end_date)):  # fmt: skip
            if value:
                block[predicate].add(self.typed(value, _date_type(value)))

    def _claim(self, fact: FactDecision, claims: dict[str, dict[str, set[str]]]) -> None:
        about = self.iris[fact.agent]
        node = self._minted("claim", f"{about}|{fact.measure}|{fact.value}|{fact.as_of}")
        block = claims[node]
        self.written_by[(node, RDF + "type", EDGO + "Claim")].add(fact.id)
        block[RDF + "type"].add("edgo:Claim")
        block[EDGO + "about"].add(self.iri(about))
        block[EDGO + "measure"].add(f"edgo:{fact.measure}")
        block[EDGO + "qualifier"].add(f"edgo:{fact.qualifier}")
        block[SCHEMA + "value"].add(self.typed(fact.value, fact.datatype or "integer"))
        as_of = fact.as_of or (self.meta.published.isoformat() if self.meta.published else "")
        if as_of:
            block[EDGO + "asOf"].add(self.typed(as_of, fact.as_of_type or "date"))
        self._locate(block, fact)

    def _evidence(
        self,
        subject: str,
        predicate: str,
        obj: str,
        fact: FactDecision,
        evidence: dict[str, dict[str, set[str]]],
    ) -> str:
        key = f"{subject}|{predicate}|{obj}"
        if fact.evidence.row:  # a spreadsheet: one evidence for each document and paragraph
            cited = self.documents[fact.evidence.document].iri if fact.evidence.document else ""
            key += f"|{cited}|{fact.evidence.paragraph}|{fact.start_date}"
        node = self._minted("evidence", key)
        block = evidence[node]
        self.written_by[(node, RDF + "type", EDGO + "Evidence")].add(fact.id)
        block[RDF + "type"].add("edgo:Evidence")
        block[RDF + "subject"].add(self.iri(subject))
        block[RDF + "predicate"].add(self.iri(predicate))
        block[RDF + "object"].add(obj)
        self._locate(block, fact)
        return node

    def _locate(self, block: dict[str, set[str]], fact: FactDecision) -> None:
        if fact.evidence.paragraph > 0:
            block[EDGO + "paragraph"].add(str(fact.evidence.paragraph))
        if fact.evidence.sentence:
            block[EDGO + "quote"].add(self.lit(quote(fact.evidence.sentence), self.meta.language))
        if fact.evidence.row:
            block[EDGO + "sheet"].add(self.lit(fact.evidence.sheet, None))
            block[EDGO + "row"].add(str(fact.evidence.row))
        if fact.evidence.document:
            block[PROV + "wasDerivedFrom"].add(self.iri(self.documents[fact.evidence.document].iri))
        block[PROV + "wasDerivedFrom"].add(self.iri(self.source))

    def _minted(self, kind: str, key: str) -> str:
        return mint_record(self.base, kind, self.meta.slug, key)


def quote(sentence: str) -> str:
    """A sentence short enough to keep as evidence: cut at a word past :data:`QUOTE_MAX`.

    >>> quote("The fair was sponsored by Sol Bank.")
    'The fair was sponsored by Sol Bank.'
    >>> len(quote("word " * 100)) <= QUOTE_MAX + 1
    True
    """
    sentence = " ".join(sentence.split())
    if len(sentence) <= QUOTE_MAX:
        return sentence
    return sentence[:QUOTE_MAX].rsplit(" ", 1)[0] + "…"


def _date_type(lexical: str) -> str:
    """The XSD datatype of a lexical date: ``2024`` gYear, ``2024-05`` gYearMonth, else date."""
    return {4: "gYear", 7: "gYearMonth"}.get(len(lexical.lstrip("-")), "date")


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("\x00", "")


def iris_written(text: str) -> Iterable[str]:
    """Every IRI a written file mentions, for tests and for reserving minted names."""
    for triple in ox.parse(text.encode(), ox.RdfFormat.TURTLE):
        for term in (triple.subject, triple.object):
            if isinstance(term, ox.NamedNode):
                yield term.value
