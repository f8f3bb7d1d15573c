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
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from edgraph.catalog import fold
from edgraph.curation import patterns as pt
from edgraph.curation.dates import DateMention, PartialDate, find_dates
from edgraph.curation.intake import Document
from edgraph.curation.match import Matcher, content_words, exact_key, initials, looks_like_acronym
from edgraph.curation.model import (
    CandidateAttribute,
    CandidateClaim,
    CandidateEntity,
    CandidateRelation,
    Evidence,
    Proposal,
)
from edgraph.curation.roles import DEFAULT_CLASS, Kind, Measure, Qualifier, Role
from edgraph.curation.text import Sentence, Token, sentences, tokens
from edgraph.namespaces import EDGO

_AGENT_KINDS = (Kind.ORGANIZATION, Kind.NETWORK, Kind.PERSON)
_SMALL_EVENTS = {EDGO + c for c in ("Workshop", "Panel", "WorkingSession")}
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
_EVENT_ROLES = {Role.ORGANIZER, Role.CO_ORGANIZER, Role.HOST, Role.SPONSOR, Role.PARTICIPANT,
                Role.FUNDER, Role.SUPPORTER}  # fmt: skip
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
_MONTH_WORDS = "|".join(sorted(pt.MONTHS_AND_DAYS, key=len, reverse=True))
_FIRST_AGENT_FILLER = re.compile(r"^[\s,]*(?:[^\W\d][\w’'-]*[\s,]+){0,7}?$")
_EVENT_DESCRIPTION = re.compile(
    r"\b(?P<det>the|this|that|its|their|our|a|an|el|la|este|esta|ese|esa|su|un|una|del|al)\s+"
    r"(?P<mods>(?-i:(?:[a-záéíóúñ][\w-]*\s+){0,4}?))"
    r"(?P<noun>" + "|".join(sorted(pt.EVENT_NOUNS, key=len, reverse=True)) + r")"
    r"(?![\w-])(?P<rest>(?:\s+(?:discussion|session|series))?)",
    re.IGNORECASE,
)
_NETWORK_DESCRIPTION = re.compile(
    r"\b(?:the|this|that|la|esta|esa|dicha|el|este|del|al|a\s+la|de\s+la)\s+(?-i:(?:[a-záéíóúñ][\w-]*\s+){0,2}?)"
    r"(?P<noun>network|community\s+of\s+practice|community|alliance|ecosystem|consortium|group|"
    r"coalition|collaborative|red|comunidad\s+de\s+práctica|comunidad|alianza|ecosistema|"
    r"consorcio|grupo|colaborativo)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[“\"«‘']\s*(?P<title>[^“”\"«»]{3,120}?)\s*[,.]?\s*[”\"»’']")
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
    r"(?<![\w.,])" + _NUMBER + r"\s+(?P<mods>(?:[\w-]+\s+){0,2}?)(?P<noun>"
    + "|".join(sorted(pt.MEASURE_NOUNS, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)  # fmt: skip
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


@dataclass
class _Mention:
    """One naming of an entity in one sentence (offsets in the paragraph)."""

    paragraph: int
    sentence: Sentence
    start: int
    end: int
    text: str
    kind: Kind | None
    cls: str | None
    confidence: float
    descriptive: str = ""  # "definite" / "indefinite" for "the meeting", "a workshop"
    alias: str | None = None  # an acronym given with it
    entity: int = -1
    extent: int = 0  # end of the mention with its alias and attached parent (list glue)
    attached: bool = False  # the parent named after a unit: not an item of a list
    inner: bool = False  # named inside another name: "Encuentro de la Red Kawsay"


@dataclass
class _Entity:
    name: str
    kind: Kind
    cls: str
    confidence: float
    aliases: list[str] = field(default_factory=list)
    mentions: list[_Mention] = field(default_factory=list)
    named: int = 0  # how the name was found: 3 quoted title, 2 named in text, 1 headline, 0 made
    keys: set[str] = field(default_factory=set)


def propose(document: Document, *, gazetteer: Matcher | None = None) -> Proposal:
    """Candidate entities, relations, attributes and claims of ``document``.

    ``gazetteer`` (a :class:`Matcher` of the store) lets known names give their kind and class
    and be found in the headline; without it, capitalisation and head words alone decide.
    """
    started = time.perf_counter()
    extractor = _Extractor(document, gazetteer)
    extractor.run()
    return extractor.proposal((time.perf_counter() - started) * 1000)


class _Extractor:
    def __init__(self, document: Document, gazetteer: Matcher | None) -> None:
        self.doc = document
        self.gazetteer = gazetteer
        self.entities: list[_Entity] = []
        self.by_key: dict[str, int] = {}
        self.sentence_mentions: dict[tuple[int, int], list[_Mention]] = defaultdict(list)
        self.relations: list[CandidateRelation] = []
        self.attributes: list[CandidateAttribute] = []
        self.claims: list[CandidateClaim] = []
        self.main_event: int | None = None
        self.main_network: int | None = None
        self.previous_subject: int | None = None  # what "It ..." / "Es ..." stands for
        self.lowercase: set[str] = set()
        self.units: list[tuple[int, int, _Mention, float]] = []  # (unit, parent, evidence)
        self.units_explicit: set[int] = set()
        self.sentences: list[tuple[int, str, Sentence]] = []
        for paragraph in document.paragraphs:
            for sentence in sentences(paragraph.text):
                self.sentences.append((paragraph.number, paragraph.text, sentence))
            self.lowercase.update(re.findall(r"\b[a-záéíóúñü][\w-]*", paragraph.text))

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

    # -- mentions ----------------------------------------------------------------------------

    def _mentions(self, number: int, text: str, sentence: Sentence, *, headline: bool) -> None:
        words = list(tokens(sentence.text))
        runs = self._runs(words)
        out: list[_Mention] = []
        for first, last in runs:
            start = sentence.start + words[first].start
            end = sentence.start + words[last].end
            name = text[start:end]
            before = words[first - 1].text if first > 0 else ""
            after = sentence.text[words[last].end : words[last].end + 40]
            for mention in self._classify(number, sentence, start, end, name, before, after,
                                          headline):  # fmt: skip
                out.append(mention)
        out.extend(self._descriptions(number, text, sentence, out, headline))
        pronoun = _PRONOUN_START.match(sentence.text)
        if pronoun and self.previous_subject is not None and not headline:
            entity = self.entities[self.previous_subject]
            out.append(_Mention(number, sentence, sentence.start,
                                sentence.start + pronoun.end(1), pronoun.group(1), entity.kind,
                                entity.cls, 0.6, "pronoun", entity=self.previous_subject))  # fmt: skip
        covered = -1
        for mention in sorted(out, key=lambda m: m.start):
            if mention.start < covered and not mention.descriptive and not mention.inner:
                continue  # the acronym in "Institute for the Future of Education (IFE)"
            self._attach(mention, text)
            covered = max(covered, mention.extent)
            if mention.descriptive == "pronoun":
                mention.extent = mention.end
                self.entities[mention.entity].mentions.append(mention)
            else:
                self._resolve(mention)
            self.sentence_mentions[(number, sentence.start)].append(mention)
        if not headline:
            subjects = [m.entity for m in self.sentence_mentions[(number, sentence.start)]
                        if m.entity >= 0 and self.entities[m.entity].kind in
                        (Kind.NETWORK, Kind.EVENT, Kind.PROJECT, Kind.ORGANIZATION)]  # fmt: skip
            if subjects:
                self.previous_subject = subjects[0]
        self._quoted_titles(number, text, sentence)

    def _runs(self, words: list[Token]) -> list[tuple[int, int]]:
        """Index ranges of capitalised names: capitalised words joined by connectors
        ("Ministry of Education", "Institute for the Future of Education"), split at "and"
        between two complete names, never across punctuation."""
        runs: list[tuple[int, int]] = []
        first_word = next((i for i, t in enumerate(words) if t.text[0].isalnum()), 0)
        i = 0
        while i < len(words):
            word = words[i].text
            if not _capitalised(word):
                i += 1
                continue
            if i == first_word and self._starter(word, words, i):
                i += 1
                continue
            end = i
            k = i + 1
            while k < len(words):
                if _capitalised(words[k].text) and words[k].start == words[k - 1].end + 1:
                    if words[k].text.casefold().rstrip(".") in pt.MONTHS_AND_DAYS and (
                        k + 1 < len(words) and words[k + 1].text[:1].isdigit()
                    ):
                        break  # "Community of Practice Oct. 19"
                    end = k
                    k += 1
                    continue
                lower = words[k].text.casefold()
                look = k
                while look < len(words) and words[look].text.casefold() in pt.NAME_CONNECTORS:
                    look += 1
                joinable = look > k and look - k <= 3
                if lower in pt.AND_WORDS or lower in ("in", "en"):
                    look = k + 1
                    joinable = self._join(words, i, end, k)
                if not (joinable and look < len(words) and _capitalised(words[look].text)):
                    break
                if any(words[j].start != words[j - 1].end + 1 for j in range(k, look + 1)):
                    break
                end = look
                k = look + 1
            runs.append((i, end))
            i = end + 1
        return runs

    def _starter(self, word: str, words: list[Token], index: int) -> bool:
        folded = word.casefold()
        if folded in pt.SENTENCE_STARTERS:
            return True
        if folded.endswith("ing") and not self._known(word):
            return True  # "Forming STEM Ecosystems was...": a verb, not a name
        if looks_like_acronym(word) or (index + 1 < len(words) and
                                        _capitalised(words[index + 1].text)):  # fmt: skip
            return False
        return folded in self.lowercase

    def _join(self, words: list[Token], first: int, end: int, at: int) -> bool:
        """Whether "and"/"y"/"in" at ``at`` is inside one name."""
        lower = words[at].text.casefold()
        so_far = [w.text.casefold() for w in words[first : end + 1]]
        rest = []
        for word in words[at + 1 :]:
            if not (_capitalised(word.text) or word.text.casefold() in pt.NAME_CONNECTORS):
                break
            rest.append(word.text)
        if not rest:
            return False
        if lower in ("in", "en"):
            return any(w in pt.IN_NAME_HEADS for w in so_far)
        if lower == "&":
            return True
        has_head = any(w in pt.HEADS for w in so_far)
        rest_head = any(w.casefold() in pt.HEADS for w in rest)
        if looks_like_acronym(rest[0]) or self._known(" ".join(rest)):
            return False
        in_complement = any(w in ("of", "for", "de", "para", "del") for w in so_far)
        if in_complement and not rest_head:
            return True  # "Institute of Technology and Higher Education"
        # "Bill and Melinda Gates Foundation": one word, then the rest of one name
        return (len(so_far) == 1 and not has_head and rest_head
                and not looks_like_acronym(words[first].text))  # fmt: skip

    def _known(self, name: str) -> bool:
        return bool(self.gazetteer and self.gazetteer.exact(name))

    def _classify(
        self, number: int, sentence: Sentence, start: int, end: int, name: str, before: str,
        after: str, headline: bool,
    ) -> list[_Mention]:  # fmt: skip
        """The mention(s) a capitalised run makes: its kind and class, and a unit split off its
        parent ("Faculty of Engineering of the University of Lima")."""
        # a leading article is not part of the name ("La Paz" aside)
        stripped = re.match(r"^(?:the|el|la|los|las)\s+", name, re.IGNORECASE)
        if stripped and not _place_name(name):
            start += stripped.end()
            name = name[stripped.end() :]
        folded_words = [w.casefold().rstrip(".") for w in name.split()]
        if len(folded_words) == 1 and folded_words[0] in pt.MONTHS_AND_DAYS:
            return []
        if folded_words and folded_words[0] in pt.PERSON_TITLES:
            if len(folded_words) == 1:
                return []
            title = re.match(r"^\S+\s+", name)
            assert title is not None
            before, start, name = folded_words[0], start + title.end(), name[title.end() :]
            folded_words = folded_words[1:]
        parts = name.split()
        if len(parts) >= 3 and looks_like_acronym(parts[-1]) and parts[-1] == initials(
            " ".join(parts[:-1])
        ):  # "Office for Climate Education OCE": the name and its acronym
            head = self._classify(number, sentence, start, end - len(parts[-1]) - 1,
                                  " ".join(parts[:-1]), before, after, headline)  # fmt: skip
            for mention in head:
                mention.alias = parts[-1]
            return head
        split = self._unit_split(name)
        if split is not None:
            unit_text, parent_text, parent_offset = split
            unit = self._classify(number, sentence, start, start + len(unit_text), unit_text,
                                  before, "", headline)  # fmt: skip
            parent = self._classify(number, sentence, start + parent_offset, end, parent_text,
                                    "", after, headline)  # fmt: skip
            if unit and parent:
                unit[-1].extent = -1  # marks the pair for _attach
                return [*unit, *parent]
        if len(folded_words) == 1 and folded_words[0] in pt.HEADS and not self._known(name):
            return []  # "Ecosystems", "the Network": a common noun written with a capital
        kind, cls, confidence = self._kind(name, before, after)
        if headline and kind not in (Kind.EVENT,) and not self._known(name):
            return []  # headlines are in title case: only events and known names count there
        if kind is None:
            # "el programa Mar Abierto", "la empresa Navix", "the Mar Abierto programme"
            follow = re.match(r"^\s+([a-záéíóúñ]+)\b", after)
            for word in (before.casefold(), follow.group(1) if follow else ""):
                if word in pt.HEADS and word not in ("day", "week", "semana", "jornada"):
                    kind, cls = pt.HEADS[word]
                    return [_Mention(number, sentence, start, end, name, kind, cls, 0.75)]
            return [_Mention(number, sentence, start, end, name, None, None, 0.4)]
        mention = _Mention(number, sentence, start, end, name, kind, cls, confidence)
        if kind == Kind.EVENT:
            self._event_modifiers(mention, sentence)
            of = re.search(r"\s(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?(?P<rest>\S.*)$", name)
            if of:  # "Encuentro Nacional de la Red Kawsay": the network it is an event of
                rest = of.group("rest")
                rest_kind = self._kind(rest, "", "")[0]
                if rest_kind == Kind.NETWORK and rest.split()[0][:1].isupper():
                    inner = _Mention(number, sentence, start + of.start("rest"), end, rest,
                                     Kind.NETWORK, self._kind(rest, "", "")[1], 0.8)  # fmt: skip
                    inner.inner = True
                    return [mention, inner]
        return [mention]

    def _unit_split(self, name: str) -> tuple[str, str, int] | None:
        splits = list(re.finditer(r"\s+(?:of|at|de|del)\s+(?:the\s+|la\s+|el\s+)?", name, re.I))
        for match in reversed(splits):  # the parent is the last organization named
            unit, parent = name[: match.start()], name[match.end() :]
            unit_words = {w.casefold() for w in unit.split()}
            if not unit_words & pt.UNIT_HEADS or len(unit.split()) < 2:
                continue
            if self._known(parent) or self._kind(parent, "", "")[0] in (
                Kind.ORGANIZATION, Kind.NETWORK
            ):  # fmt: skip
                return unit, parent, match.end()
        return None

    def _kind(self, name: str, before: str, after: str) -> tuple[Kind | None, str | None, float]:
        folded = fold(name)
        found = self.gazetteer.exact(name) if self.gazetteer else []
        if found:
            known = found[0][0]
            kind = _KIND_OF_CATALOG.get(known.kind)
            if kind is not None:
                cls = next((c for c in known.classes if c.startswith(EDGO)), DEFAULT_CLASS[kind])
                return kind, cls, 0.95
        if fold(name) in _CITIES:
            return Kind.PLACE, EDGO + "City", 0.85
        if fold(name) in pt.COUNTRY_NAMES:
            return Kind.PLACE, EDGO + "Country", 0.85
        for phrase, (kind, cls) in pt.PHRASE_HEADS.items():
            if phrase in folded:
                return kind, cls, 0.85
        words = [w.casefold().rstrip(".,") for w in name.split()]
        pre = []
        for word in words:
            if word in ("of", "for", "de", "del", "para", "on", "sobre"):
                break
            pre.append(word)
        order = [words[0], pre[-1] if pre else words[0], words[-1], *words]
        for word in order:
            if word in pt.HEADS:
                kind, cls = pt.HEADS[word]
                if word == "department" and "education" not in folded:
                    cls = EDGO + "OrganizationalUnit"
                return kind, cls, 0.85
        if self._person(name, before, after):
            return Kind.PERSON, EDGO + "Person", 0.8
        if looks_like_acronym(name.replace(" ", "")) and len(words) <= 2:
            return Kind.ORGANIZATION, EDGO + "Organization", 0.6
        return None, None, 0.4

    def _person(self, name: str, before: str, after: str) -> bool:
        parts = name.split()
        if not 2 <= len(parts) <= 4 or any(looks_like_acronym(p) for p in parts):
            return False
        if not all(p[0].isupper() or p.casefold() in ("de", "del", "la", "van", "von", "da")
                   for p in parts):  # fmt: skip
            return False
        if fold(parts[0]) in {fold(n) for n in pt.FIRST_NAMES}:
            return True
        if before.casefold().rstrip(".") in pt.PERSON_TITLES:
            return True
        cue = re.match(r"^\s*,\s*(?:the\s+|la\s+|el\s+)?([\w-]+(?:\s+[\w-]+){0,3})", after)
        if cue and any(w.casefold() in pt.ROLE_WORDS for w in cue.group(1).split()):
            return True
        next_word = re.match(r"^\s*,?\s*(\w+)", after)
        return bool(next_word and next_word.group(1).casefold() in pt.SAY_WORDS)

    def _event_modifiers(self, mention: _Mention, sentence: Sentence) -> None:
        """"second Meeting", "a series of Regional Meetings": the words before a named event."""
        text = sentence.text
        local = mention.start - sentence.start
        before = text[:local]
        ordinal = re.search(r"(?:^|\s)(" + "|".join(pt.ORDINALS) + r"|annual|anual|regional|"
                            r"national|nacional|international|internacional)\s+$", before, re.I)  # fmt: skip
        if ordinal and before[ordinal.start(1) - 1 : ordinal.start(1)] in ("", " "):
            word = ordinal.group(1)
            mention.start -= len(before) - ordinal.start(1)
            mention.text = word[0].upper() + word[1:] + " " + mention.text
        if re.search(r"\b(?:series|serie|ciclo|round)\s+(?:of|de)\s+$", before, re.I):
            mention.cls = EDGO + "EventSeries"

    def _descriptions(
        self, number: int, text: str, sentence: Sentence, named: list[_Mention], headline: bool
    ) -> list[_Mention]:
        """"the meeting", "a workshop on climate policy", "la red": events and networks named
        by a description, which stand for one named elsewhere or for a new one."""
        if headline:
            return []
        out = []
        taken = [(m.start, m.end) for m in named]
        for match in _EVENT_DESCRIPTION.finditer(sentence.text):
            start = sentence.start + match.start()
            end = sentence.start + match.end()
            noun_start = sentence.start + match.start("noun")
            if any(s <= noun_start < e for s, e in taken):
                continue
            noun = match.group("noun").casefold()
            det = match.group("det").casefold()
            kind, cls = pt.HEADS.get(noun, (Kind.EVENT, EDGO + "Event"))
            if match.group("rest").strip().casefold() in ("discussion",):
                cls = EDGO + "Panel"
            definite = det not in ("a", "an", "un", "una")
            name = match.group("mods") + match.group("noun")
            if not definite:
                topic = re.match(
                    r"^\s+(?:on|about|sobre|acerca\s+de|de)\s+([\w-]+(?:\s+[\w-]+){0,7}?)"
                    r"(?=\s+(?:for\s+(?:the|its|their|a|an)|to|with|at|during|by|in\s+(?:the|a)|"
                    r"para\s+(?:el|la|los|las|su|sus)|con|durante|por|que|which|that|where|"
                    r"donde|en\s+(?:el|la|los|las)|on\s+(?:" + _MONTH_WORDS + r")|"
                    r"(?:el\s+)?\d|was|were|is|are|will|has|had|took|closed|opened|ended|began|"
                    r"fue|será|es|se|cerró|abrió|[\w]+(?:ado|ido|ada|ida)\b)\b|[,.;:“\"]|$)",
                    sentence.text[match.end() :],
                )
                if topic:
                    name = f"{name} on {topic.group(1).strip()}" if sentence.text[
                        match.end() :].lstrip().startswith(("on", "about")) else (
                        f"{name} {sentence.text[match.end():].split()[0]} {topic.group(1).strip()}")  # fmt: skip
                    end = sentence.start + match.end() + topic.end()
            out.append(_Mention(number, sentence, start, end, name.strip(), Kind.EVENT, cls,
                                0.6, "definite" if definite else "indefinite"))  # fmt: skip
        for match in _NETWORK_DESCRIPTION.finditer(sentence.text):
            start = sentence.start + match.start()
            if any(s <= sentence.start + match.start("noun") < e for s, e in taken):
                continue
            out.append(_Mention(number, sentence, start, sentence.start + match.end(),
                                match.group(), Kind.NETWORK, EDGO + "Network", 0.5,
                                "definite"))  # fmt: skip
        for match in _PROJECT_DESCRIPTION.finditer(sentence.text):
            start = sentence.start + match.start()
            if any(s <= sentence.start + match.start("noun") < e for s, e in taken):
                continue
            out.append(_Mention(number, sentence, start, sentence.start + match.end(),
                                match.group(), Kind.PROJECT, EDGO + "Project", 0.5,
                                "definite"))  # fmt: skip
        # "the STEM Learning Ecosystems Community of Practice convening": a network's event
        for mention in named:
            follow = re.match(r"^\s+(?:[a-z-]+\s+){0,2}?(" + "|".join(pt.EVENT_NOUNS) + r")\b",
                              text[mention.end : mention.end + 60])  # fmt: skip
            if mention.kind == Kind.NETWORK and follow:
                noun = follow.group(1).casefold()
                kind, cls = pt.HEADS.get(noun, (Kind.EVENT, EDGO + "Event"))
                out.append(_Mention(number, sentence, mention.end + 1,
                                    mention.end + follow.end(), noun, Kind.EVENT, cls, 0.6,
                                    "definite"))  # fmt: skip
        return out

    def _attach(self, mention: _Mention, text: str) -> None:
        """An acronym in parentheses after a name is its alias: "Institute for the Future of
        Education (IFE)"; and "Name, ACRONYM," when the acronym is the name's initials."""
        if mention.extent == -1:
            mention.extent = mention.end
            return
        mention.extent = mention.end
        follow = re.match(r"^\s*\(\s*([^()]{2,14}?)\s*\)", text[mention.end : mention.end + 20])
        if follow and looks_like_acronym(follow.group(1).replace(" ", "")):
            mention.alias = follow.group(1)
            mention.extent = mention.end + follow.end()
            return
        follow = re.match(r"^\s*,\s*([A-Z][\w]{1,9})\s*,", text[mention.end : mention.end + 16])
        if follow and looks_like_acronym(follow.group(1)):
            capitals = "".join(c for c in follow.group(1) if c.isupper())
            if capitals and capitals == initials(mention.text):
                mention.alias = follow.group(1)
                mention.extent = mention.end + follow.end() - 1

    def _resolve(self, mention: _Mention) -> None:
        """The entity a mention names: one named the same way, by an alias or acronym, by the
        surname of a person, by a description ("the meeting"), or a new one."""
        if mention.kind is None:
            mention.entity = -1
            return
        if mention.descriptive:
            mention.entity = self._description_entity(mention)
            return
        key = exact_key(mention.text)
        index = self.by_key.get(key)
        if index is None and mention.kind == Kind.PERSON and len(key.split()) == 1:
            index = next((i for i, e in enumerate(self.entities) if e.kind == Kind.PERSON
                          and exact_key(e.name).split()[-1:] == [key]), None)  # fmt: skip
        if index is None and self.gazetteer is not None:
            known = self.gazetteer.exact(mention.text)
            iris = {k.iri for k, _ in known}
            index = next((i for i, e in enumerate(self.entities)
                          if iris & e.keys), None)  # fmt: skip
        if index is None and mention.kind == Kind.EVENT:
            index = self._same_event(mention)
        if index is None and mention.kind in (Kind.ORGANIZATION, Kind.NETWORK):
            index = self._same_by_prefix(mention, key)
        if index is None:
            index = len(self.entities)
            named = 1 if mention.paragraph == 0 else 2
            entity = _Entity(mention.text, mention.kind, mention.cls or DEFAULT_CLASS[mention.kind],
                             mention.confidence, named=named)  # fmt: skip
            self.entities.append(entity)
            if mention.kind == Kind.EVENT and self.main_event is None:
                self.main_event = index
            if mention.kind == Kind.NETWORK and self.main_network is None:
                self.main_network = index
        entity = self.entities[index]
        if entity.name.isupper() and not mention.text.isupper() and len(entity.name) > 6:
            entity.aliases.append(entity.name)
            entity.name = mention.text  # "CUSCO" in a dateline, "Cusco" in the text
        if mention.kind == Kind.EVENT and entity.named < (1 if mention.paragraph == 0 else 2):
            entity.name, entity.named = mention.text, (1 if mention.paragraph == 0 else 2)
            if mention.cls:
                entity.cls = mention.cls
        self._index(index, mention.text)
        if mention.alias:
            self._index(index, mention.alias)
            if mention.alias not in entity.aliases:
                entity.aliases.append(mention.alias)
        if fold(mention.text) != fold(entity.name) and mention.text not in entity.aliases:
            entity.aliases.append(mention.text)
        entity.mentions.append(mention)
        entity.confidence = max(entity.confidence, mention.confidence)
        mention.entity = index

    def _index(self, index: int, name: str) -> None:
        self.by_key.setdefault(exact_key(name), index)
        if self.gazetteer is not None:
            self.entities[index].keys.update(k.iri for k, _ in self.gazetteer.exact(name))

    def _same_by_prefix(self, mention: _Mention, key: str) -> int | None:
        """"Red Kawsay" after "Red Kawsay de Escuelas Sostenibles" (or before it)."""
        for index, entity in enumerate(self.entities):
            if entity.kind != mention.kind:
                continue
            other = exact_key(entity.name)
            short, long_ = sorted((key, other), key=len)
            if len(short.split()) >= 2 and long_.startswith(short + " "):
                if len(key) > len(other):
                    entity.aliases.append(entity.name)
                    entity.name = mention.text
                return index
        return None

    def _same_event(self, mention: _Mention) -> int | None:
        """A named event that is another event's name: the same class, most words shared."""
        words = set(content_words(mention.text))
        for index, entity in enumerate(self.entities):
            if entity.kind != Kind.EVENT or entity.cls != mention.cls:
                continue
            other = set(content_words(entity.name))
            if entity.named == 0 or (words and (words <= other or other <= words
                                                or len(words & other) / len(words | other) >= 0.6)):
                return index
        return None

    def _in_sentence(self, index: int, mention: _Mention) -> bool:
        return any(m.entity == index for m in
                   self.sentence_mentions[(mention.paragraph, mention.sentence.start)])  # fmt: skip

    def _description_entity(self, mention: _Mention) -> int:
        if mention.kind == Kind.PROJECT:
            projects = [i for i, e in enumerate(self.entities) if e.kind == Kind.PROJECT]
            if projects:
                self.entities[projects[-1]].mentions.append(mention)
                return projects[-1]
            return -1
        if mention.kind == Kind.NETWORK:
            networks = [i for i, e in enumerate(self.entities) if e.kind == Kind.NETWORK]
            others = [i for i in networks if not self._in_sentence(i, mention)]
            networks = others or networks  # "X, which joined the network": not X itself
            if not networks:
                return -1
            wanted = mention.text.casefold()
            for index in reversed(networks):
                cls = self.entities[index].cls
                if "practice" in wanted or "práctica" in wanted:
                    if cls == EDGO + "CommunityOfPractice":
                        return index
                elif "ecosystem" in wanted or "ecosistema" in wanted:
                    if cls == EDGO + "LearningEcosystem":
                        return index
                else:
                    return index
            return networks[-1]
        generic = mention.text.split()[-1].casefold() in ("event", "evento")
        main = self.main_event
        if main is not None and (generic or self.entities[main].cls == mention.cls
                                 or mention.descriptive == "definite" and mention.cls not in
                                 _SMALL_EVENTS):  # fmt: skip
            if mention.descriptive == "definite" or self.entities[main].cls == mention.cls:
                self.entities[main].mentions.append(mention)
                return main
        if mention.descriptive == "definite" and mention.cls in _SMALL_EVENTS:
            for index in range(len(self.entities) - 1, -1, -1):
                if self.entities[index].cls == mention.cls:
                    self.entities[index].mentions.append(mention)
                    return index
        index = len(self.entities)
        name = mention.text[0].upper() + mention.text[1:]
        self.entities.append(_Entity(name, Kind.EVENT, mention.cls or EDGO + "Event", 0.6,
                                     mentions=[mention], named=0))  # fmt: skip
        if self.main_event is None:
            self.main_event = index
        return index

    def _quoted_titles(self, number: int, text: str, sentence: Sentence) -> None:
        """'The convening, “Resilience and Resolve,”': a quoted title after an event is its name."""
        mentions = self.sentence_mentions[(number, sentence.start)]
        for match in _QUOTED.finditer(sentence.text):
            start = sentence.start + match.start()
            events = [m for m in mentions if m.kind == Kind.EVENT and m.entity >= 0
                      and 0 <= start - m.end <= 25 and _TITLE_GAP.fullmatch(
                          sentence.text[m.end - sentence.start : match.start()])]  # fmt: skip
            if not events:
                continue
            entity = self.entities[events[-1].entity]
            title = match.group("title").strip().rstrip(",.")
            if entity.named < 3:
                if entity.name and fold(entity.name) != fold(title):
                    entity.aliases.append(entity.name)
                entity.name, entity.named = title, 3

    def _known_in_headline(self, number: int, text: str, sentence: Sentence) -> None:
        """Headlines are in title case: there, only names the body or the graph knows count."""
        words = list(tokens(sentence.text))
        taken = [(m.start, m.end) for m in self.sentence_mentions[(number, sentence.start)]]
        i = 0
        while i < len(words):
            for size in range(min(8, len(words) - i), 0, -1):
                start = sentence.start + words[i].start
                end = sentence.start + words[i + size - 1].end
                name = text[start:end]
                if any(s < end and start < e for s, e in taken) or not _capitalised(name):
                    continue
                index = self.by_key.get(exact_key(name))
                if index is not None:
                    entity = self.entities[index]
                    mention = _Mention(number, sentence, start, end, name, entity.kind,
                                       entity.cls, entity.confidence, entity=index, extent=end)  # fmt: skip
                    entity.mentions.append(mention)
                    self.sentence_mentions[(number, sentence.start)].append(mention)
                    taken.append((start, end))
                    i += size - 1
                    break
            i += 1

    # -- roles -------------------------------------------------------------------------------

    def _roles(self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]) -> None:
        found: list[tuple[int, int, pt.Trigger]] = []
        for trigger in pt.TRIGGERS:
            for match in trigger.pattern.finditer(sentence.text):
                found.append((sentence.start + match.start(), sentence.start + match.end(),
                              trigger))  # fmt: skip
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[tuple[int, int, pt.Trigger]] = []
        for start, end, trigger in found:
            if any(s < end and start < e for s, e, _ in kept):
                continue
            if any(m.start <= start < m.end for m in mentions if m.entity >= 0):
                continue  # inside a name
            kept.append((start, end, trigger))
        funding = bool(pt.FUNDING_CUES.search(sentence.text))
        for start, end, trigger in kept:
            role = trigger.role
            if trigger.requires is not None and not trigger.requires.search(sentence.text):
                continue
            if role == Role.SUPPORTER and funding:
                role = Role.FUNDER
            if trigger.agents == "after":
                agents, agents_end = self._agents_after(mentions, end, text)
                targets = self._targets(mentions, role, before=start, after=None, text=text)
                if not targets:  # "With the support of X, the network will hold a workshop"
                    targets = self._targets(mentions, role, before=None, after=agents_end,
                                            text=text)  # fmt: skip
            else:
                agents = self._agents_before(mentions, start, text)
                targets = self._targets(mentions, role, before=None, after=end, text=text)
            confidence = trigger.confidence
            if not targets:
                targets = self._focus(role)
                confidence *= 0.8
            for target in targets:
                actual = role
                target_kind = self.entities[target].kind
                if role == Role.PARTICIPANT and target_kind != Kind.EVENT:
                    actual = Role.MEMBER
                if role in (Role.HOST, Role.ORGANIZER) and target_kind == Kind.NETWORK:
                    actual = Role.OPERATOR  # "the network is led by X"
                if role == Role.OPERATOR and target_kind == Kind.EVENT:
                    actual = Role.ORGANIZER
                if role == Role.MEMBER and target_kind not in (Kind.NETWORK, Kind.ORGANIZATION):
                    continue
                for agent in agents:
                    if agent == target:
                        continue
                    self._relation(actual, agent, target, number, text, sentence, start, end,
                                   confidence)  # fmt: skip

    def _agents_after(
        self, mentions: list[_Mention], position: int, text: str
    ) -> tuple[list[int], int]:
        out: list[int] = []
        cursor = position
        for mention in mentions:
            if mention.start < position or mention.descriptive or mention.attached:
                continue
            gap = text[cursor : mention.start]
            ok = _GLUE.match(gap) or (not out and _FIRST_AGENT_FILLER.match(gap)
                                      and not re.search(r"[.;:]", gap))  # fmt: skip
            if not ok:
                break
            if mention.kind not in _AGENT_KINDS and mention.kind is not None:
                break
            out.append(self._agent(mention))
            cursor = max(mention.extent, mention.end)
        return [a for a in out if a >= 0], cursor

    def _agents_before(self, mentions: list[_Mention], position: int, text: str) -> list[int]:
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
                Kind.ORGANIZATION, EDGO + "Organization", 0.5)  # fmt: skip
            self._resolve(mention)
        return mention.entity

    def _targets(
        self, mentions: list[_Mention], role: Role, *, before: int | None, after: int | None,
        text: str,
    ) -> list[int]:  # fmt: skip
        kinds = _TARGETS.get(role, (Kind.EVENT,))
        if before is not None:
            candidates = [m for m in mentions if m.end <= before and m.entity >= 0
                          and self.entities[m.entity].kind in kinds]  # fmt: skip
            if not candidates:
                return []
            chosen = [candidates[-1]]
            for mention in reversed(candidates[:-1]):
                gap = text[max(mention.extent, mention.end) : chosen[0].start]
                if re.fullmatch(r"\s*(?:,|and|y|e|as\s+well\s+as|así\s+como)\s*(?:the\s+|la\s+|el\s+)?", gap, re.I):  # fmt: skip
                    chosen.insert(0, mention)
                else:
                    break
            return list(dict.fromkeys(m.entity for m in chosen))
        assert after is not None
        candidates = [m for m in mentions if m.start >= after and m.entity >= 0
                      and self.entities[m.entity].kind in kinds]  # fmt: skip
        for kind in kinds:
            for mention in candidates:
                if self.entities[mention.entity].kind == kind:
                    return [mention.entity]
        return []

    def _focus(self, role: Role) -> list[int]:
        if role in _EVENT_ROLES and self.main_event is not None:
            return [self.main_event]
        return []

    def _relation(
        self, role: Role, agent: int, target: int, number: int, text: str, sentence: Sentence,
        start: int, end: int, confidence: float, *, role_name: str | None = None,
    ) -> None:  # fmt: skip
        if agent < 0 or target < 0 or agent == target:
            return
        if self.entities[agent].kind not in _AGENT_KINDS and role in _TARGETS:
            return
        for existing in self.relations:
            if (existing.role, existing.agent, existing.target) == (role, f"e{agent}", f"e{target}"):
                return
        # one role of a group per agent and target: a funder is not also taken for a supporter
        group = next((g for g in _EXCLUSIVE if role in g), None)
        for existing in list(self.relations):
            if group and (existing.agent, existing.target) == (f"e{agent}", f"e{target}") and (
                existing.role in group
            ):
                if existing.confidence >= confidence:
                    return
                self.relations.remove(existing)
        as_of = self._as_of() if role in (Role.MEMBER, Role.WORKS_FOR) else (None, None)
        self.relations.append(CandidateRelation(
            role, f"e{agent}", f"e{target}", _evidence(number, text, sentence, start, end),
            round(confidence * min(1.0, self.entities[agent].confidence + 0.2), 2),
            role_name, *as_of,
        ))  # fmt: skip

    # -- structure: units, positions, places, founding -----------------------------------------

    def _structure(
        self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]
    ) -> None:
        for index, mention in enumerate(mentions):
            # "the Institute for the Future of Education (IFE) of the Monterrey TEC": an unknown
            # name after a unit is its parent organization
            previous = mentions[index - 1] if index else None
            if mention.entity < 0 and mention.kind is None and previous is not None and (
                previous.entity >= 0 and _unit_like(previous.text)
                and re.fullmatch(r"\s*(?:of|at|de|del)\s+(?:the\s+|la\s+|el\s+)?",
                                 text[previous.extent : mention.start], re.I)
            ):  # fmt: skip
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
                    r"\s*(?:of|at|de|del|en)\s+(?:the\s+|la\s+|el\s+)?", gap, re.I
                ) or (nxt.start == mention.end + len(gap) and mention.extent == mention.end
                      and re.fullmatch(r"\s+(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?", gap or "", re.I)):  # fmt: skip
                    if parent.kind in (Kind.ORGANIZATION, Kind.NETWORK):
                        self._unit(mention.entity, nxt.entity, number, text, sentence,
                                   mention.start, nxt.end, 0.8)  # fmt: skip
                        nxt.extent = max(nxt.extent, nxt.end)
                        nxt.attached = True
                        mention.extent = nxt.extent
            if nxt and self.entities[nxt.entity].kind == Kind.PLACE and entity.kind in (
                Kind.ORGANIZATION, Kind.NETWORK
            ) and _BASED_IN.match(gap):  # fmt: skip
                plain_in = re.fullmatch(r"\s*(?:in|en|at)\s+", gap, re.I) is not None
                if not plain_in or _unit_like(mention.text) or "headquarters" in mention.text.casefold():
                    nxt.attached = True
                    mention.extent = max(mention.extent, nxt.end)
                    self._relation(Role.LOCATED_IN, mention.entity, nxt.entity, number, text,
                                   sentence, mention.start, nxt.end, 0.75)  # fmt: skip
            if nxt and entity.kind == Kind.PLACE and self.entities[nxt.entity].kind == Kind.PLACE:
                if (re.fullmatch(r"\s*,\s*", gap) and entity.cls != EDGO + "Country"
                        and self.entities[nxt.entity].cls == EDGO + "Country"):
                    entity.cls = EDGO + "City"
                    self._relation(Role.LOCATED_IN, mention.entity, nxt.entity, number, text,
                                   sentence, mention.start, nxt.end, 0.85)  # fmt: skip
            if entity.kind == Kind.PERSON:
                self._position(mention, resolved, number, text, sentence)
        self._unit_prefixes(resolved, number, text, sentence)
        self._event_places(resolved, number, text, sentence)
        self._event_hosts(resolved, number, text, sentence)
        self._founding(resolved, number, text, sentence)

    def _unit(self, unit: int, parent: int, number: int, text: str, sentence: Sentence,
              start: int, end: int, confidence: float) -> None:  # fmt: skip
        self.units_explicit.add(unit)
        self.entities[unit].cls = _unit_class(self.entities[unit])
        self._relation(Role.UNIT_OF, unit, parent, number, text, sentence, start, end, confidence)

    def _unit_prefixes(
        self, resolved: list[_Mention], number: int, text: str, sentence: Sentence
    ) -> None:
        """"UNESCO Office in Havana": a name that starts with another organization's name or
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
                if parent is None and self._known(head):
                    parent = self._known_entity(head, mention, number, sentence)
                if parent is not None and parent != mention.entity and self.entities[parent].kind in (
                    Kind.ORGANIZATION, Kind.NETWORK
                ):  # fmt: skip
                    entity.cls = _unit_class(entity)
                    self._relation(Role.UNIT_OF, mention.entity, parent, number, text, sentence,
                                   mention.start, mention.end, 0.7)  # fmt: skip
                    break

    def _known_entity(self, name: str, mention: _Mention, number: int, sentence: Sentence) -> int | None:
        """A candidate for a known entity named inside another name (the parent of a unit)."""
        assert self.gazetteer is not None
        known = self.gazetteer.exact(name)
        kind = _KIND_OF_CATALOG.get(known[0][0].kind) if known else None
        if kind is None:
            return None
        cls = next((c for c in known[0][0].classes if c.startswith(EDGO)), DEFAULT_CLASS[kind])
        inner = _Mention(number, sentence, mention.start, mention.start + len(name), name, kind,
                         cls, 0.9)  # fmt: skip
        inner.extent = inner.end
        self._resolve(inner)
        return inner.entity

    def _position(
        self, person: _Mention, resolved: list[_Mention], number: int, text: str,
        sentence: Sentence,
    ) -> None:  # fmt: skip
        """"Ana Ruiz, director of the Andes Fund", "la directora de X, Ana Ruiz", "X's
        managing partner Ana Ruiz": works for, with the role as written."""
        for org in resolved:
            if org.start <= person.end or self.entities[org.entity].kind not in (
                Kind.ORGANIZATION, Kind.NETWORK
            ):  # fmt: skip
                continue
            between = text[person.end : org.start]
            match = re.fullmatch(
                r"\s*,\s*(?:the\s+|la\s+|el\s+|a\s+|an\s+|una?\s+)?(?P<role>(?:[\w-]+\s+){0,4}?"
                r"[\w-]+)\s+(?:of|at|for|de|del|en|with|con)\s+(?:the\s+|la\s+|el\s+|los\s+|las\s+)?",
                between, re.I,
            )  # fmt: skip
            if match and any(w.casefold() in pt.ROLE_WORDS for w in match.group("role").split()):
                self._relation(Role.WORKS_FOR, person.entity, org.entity, number, text, sentence,
                               person.start, org.end, 0.8, role_name=match.group("role"))  # fmt: skip
                return
            break
        for org in reversed(resolved):
            if org.end > person.start or self.entities[org.entity].kind not in (
                Kind.ORGANIZATION, Kind.NETWORK
            ):  # fmt: skip
                continue
            between = text[org.end : person.start]
            # "TIES managing partner Marc Siciliano", "el director de X, Juan Pérez"
            direct = re.fullmatch(r"(?:['’]s)?\s+(?P<role>(?:[\w-]+\s+){0,3}?[\w-]+)\s+", between)
            if direct and any(w.casefold() in pt.ROLE_WORDS for w in direct.group("role").split()):
                self._relation(Role.WORKS_FOR, person.entity, org.entity, number, text, sentence,
                               org.start, person.end, 0.7, role_name=direct.group("role"))  # fmt: skip
                return
            before = text[max(0, org.start - 60) : org.start]
            role = re.search(r"(?P<role>(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:of|at|de|del)\s+(?:the\s+|la\s+|el\s+)?$",
                             before, re.I)  # fmt: skip
            if role and re.fullmatch(r"\s*,\s*", between) and any(
                w.casefold() in pt.ROLE_WORDS for w in role.group("role").split()
            ):
                words = role.group("role").split()
                while words and words[0].casefold() in ("the", "la", "el", "a", "an"):
                    words.pop(0)
                self._relation(Role.WORKS_FOR, person.entity, org.entity, number, text, sentence,
                               org.start - len(role.group()), person.end, 0.7,
                               role_name=" ".join(words))  # fmt: skip
            return

    def _event_hosts(
        self, resolved: list[_Mention], number: int, text: str, sentence: Sentence
    ) -> None:
        """"a workshop on March 6 at the Hamilton Public Library": the organization at whose
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
            events = [m for m in resolved if m.end <= org.start
                      and self.entities[m.entity].kind == Kind.EVENT]  # fmt: skip
            if not events:
                continue
            if re.search(r"\ben\s+(?:el|la)?\s*$", before, re.I) and not _EVENT_PLACE_VERBS.search(
                sentence.text
            ):
                continue
            self._relation(Role.HOST, org.entity, events[-1].entity, number, text, sentence,
                           org.start, org.end, 0.6)  # fmt: skip

    def _event_places(
        self, resolved: list[_Mention], number: int, text: str, sentence: Sentence
    ) -> None:
        """"The meeting took place in Monterrey, Mexico": where an event is."""
        places = [m for m in resolved if self.entities[m.entity].kind == Kind.PLACE
                  and not m.attached]  # fmt: skip
        if not places:
            return
        verb = _EVENT_PLACE_VERBS.search(sentence.text)
        events = [m.entity for m in resolved if self.entities[m.entity].kind == Kind.EVENT]
        if not events and (verb is None or self.main_event is None):
            return
        target = events[0] if events else self.main_event
        assert target is not None
        if self.entities[target].kind != Kind.EVENT:
            return
        for place in places:
            before = text[max(0, place.start - 25) : place.start]
            if re.search(r"(?:\b(?:in|en|at)\s+(?:the\s+city\s+of\s+|la\s+ciudad\s+de\s+)?)$", before, re.I):
                if verb is None and not events:
                    return
                if any(r.role == Role.LOCATED_IN and r.agent == f"e{target}" for r in self.relations):
                    return
                self._relation(Role.LOCATED_IN, target, place.entity, number, text, sentence,
                               place.start, place.end, 0.75 if verb else 0.6)  # fmt: skip
                return

    def _founding(
        self, resolved: list[_Mention], number: int, text: str, sentence: Sentence
    ) -> None:
        """"ASPnet, established in 1953", "fundada en 2010 en Quito": when and where."""
        for match in _FOUNDED.finditer(sentence.text):
            start = sentence.start + match.start()
            subjects = [m for m in resolved if m.end <= start and self.entities[m.entity].kind
                        in (Kind.ORGANIZATION, Kind.NETWORK, Kind.PROJECT)]  # fmt: skip
            if not subjects:
                continue
            subject = subjects[-1]
            if not re.fullmatch(r"[\s,]*(?:(?:which|that|que|was|were|is|has\s+been|fue|ha\s+sido|"
                                r"se\s+)\s*)*", text[max(subject.extent, subject.end) : start], re.I):  # fmt: skip
                if len(subjects) > 1 or text[subject.end : start].count(",") > 2:
                    continue
            window = sentence.text[match.end() : match.end() + 60]
            dates = [d for d in find_dates(window) if d.start <= 12]
            if dates and re.match(r"^\s*(?:in|en|el|on)\b", window):
                date = dates[0].begin
                if date.year is not None:
                    value, datatype = date.lexical()
                    self.attributes.append(CandidateAttribute(
                        f"e{subject.entity}", "founding_date", value, datatype,
                        _evidence(number, text, sentence, start,
                                  sentence.start + match.end() + dates[0].end), 0.8))  # fmt: skip
            for place in resolved:
                offset = place.start - (sentence.start + match.end())
                if self.entities[place.entity].kind == Kind.PLACE and 0 <= offset <= 40:
                    self._relation(Role.FOUNDED_IN, subject.entity, place.entity, number, text,
                                   sentence, start, place.end, 0.7)  # fmt: skip
                    break

    # -- dates and claims --------------------------------------------------------------------

    def _dates(self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]) -> None:
        """Start and end dates of the events a sentence is about."""
        if number == 0:
            return
        dates = [d for d in find_dates(sentence.text) if not d.year_only]
        if not dates:
            return
        events = list(dict.fromkeys(m.entity for m in mentions if m.entity >= 0
                                    and self.entities[m.entity].kind == Kind.EVENT))  # fmt: skip
        if not events and self.main_event is not None and _EVENT_PLACE_VERBS.search(sentence.text):
            events = [self.main_event]
        published = self.doc.published
        for date in dates:
            if published and date.begin.as_date() == published and date.finish is None:
                continue  # the dateline
            for event in events:
                if any(a.entity == f"e{event}" and a.attribute == "start_date" for a in self.attributes):
                    continue
                self._date_attributes(event, date, number, text, sentence)
                break

    def _date_attributes(self, event: int, date: DateMention, number: int, text: str,
                         sentence: Sentence) -> None:  # fmt: skip
        year = self._reference_year()
        begin = date.begin if date.begin.year or year is None else date.begin.with_year(year)
        if begin.year is None:
            return
        evidence = _evidence(number, text, sentence, sentence.start + date.start,
                             sentence.start + date.end)  # fmt: skip
        value, datatype = begin.lexical()
        self.attributes.append(CandidateAttribute(f"e{event}", "start_date", value, datatype,
                                                  evidence, 0.8))  # fmt: skip
        if date.finish is not None:
            finish = date.finish if date.finish.year else date.finish.with_year(begin.year)
            value, datatype = finish.lexical()
            self.attributes.append(CandidateAttribute(f"e{event}", "end_date", value, datatype,
                                                      evidence, 0.8))  # fmt: skip

    def _reference_year(self) -> int | None:
        """The year an undated "March 3" is in: the publication's, else the latest year the
        article names."""
        if self.doc.published:
            return self.doc.published.year
        years = [d.begin.year for _, _, s in self.sentences for d in find_dates(s.text)
                 if d.begin.year and d.begin.year <= dt.date.today().year + 5]  # fmt: skip
        return max(years) if years else None

    def _as_of(self) -> tuple[str | None, str | None]:
        """The date claims, memberships and positions hold as of: the publication date, else
        the main event's month, else the year the article gives."""
        if self.doc.published:
            return self.doc.published.isoformat(), "date"
        if self.main_event is not None:
            for attribute in self.attributes:
                if attribute.entity == f"e{self.main_event}" and attribute.attribute == "start_date":
                    return attribute.value[:7], ("gYearMonth" if len(attribute.value) >= 7 else "gYear")
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
            if re.search(r"(?:no\.|target|meta|sdg|ods|goal)\s*$", sentence.text[: match.start()], re.I):
                continue
            value = _number(match.group("num"), match.group("scale"))
            if value is None:
                continue
            measure = pt.MEASURE_NOUNS[match.group("noun").casefold()]
            found.append((match.start(), match.end(), value, measure,
                          _qualifier(sentence.text[: match.start()])))  # fmt: skip
        for match in _YEAR_OF_OPERATION.finditer(sentence.text):
            found.append((match.start(), match.end(), pt.ORDINALS[match.group("ord").casefold()],
                          Measure.YEAR_OF_OPERATION, Qualifier.EXACTLY))  # fmt: skip
        for pattern, measure in ((_YEARS_OF_EXISTENCE, Measure.YEARS_OF_EXISTENCE),
                                 (_PER_YEAR, Measure.CONVENINGS_PER_YEAR)):  # fmt: skip
            for match in pattern.finditer(sentence.text):
                value = _number(match.group("num"), match.group("scale"))
                if value is not None:
                    found = [f for f in found if not (f[0] < match.end() and match.start() < f[1])]
                    found.append((match.start(), match.end(), value, measure,
                                  _qualifier(sentence.text[: match.start()])))  # fmt: skip
        as_of, as_of_type = self._as_of()
        for start, end, value, measure, qualifier in sorted(found):
            about = self._claim_subject(mentions, sentence.start + start, measure)
            if about is None:
                continue
            self.claims.append(CandidateClaim(
                f"e{about}", int(value) if float(value).is_integer() else value, qualifier,
                measure, as_of, as_of_type,
                _evidence(number, text, sentence, sentence.start + start, sentence.start + end),
                0.75,
            ))  # fmt: skip

    def _claim_subject(self, mentions: list[_Mention], position: int, measure: Measure) -> int | None:
        known = [m for m in mentions if m.entity >= 0]
        if measure == Measure.PARTICIPANTS:
            events = [m.entity for m in known if self.entities[m.entity].kind == Kind.EVENT]
            return events[0] if events else self.main_event
        if measure == Measure.CONVENINGS_PER_YEAR:
            networks = [m.entity for m in known if self.entities[m.entity].kind == Kind.NETWORK]
            return networks[0] if networks else self.main_network
        before = [m.entity for m in known if m.start < position
                  and self.entities[m.entity].kind in (Kind.NETWORK, Kind.ORGANIZATION)]  # fmt: skip
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
            if main is not None and index != main and entity.cls in _SMALL_EVENTS and (
                self._inside(index, main, mention)
            ):
                self._relation(Role.SUB_EVENT, index, main, mention.paragraph, *self._where(mention),
                               0.6)  # fmt: skip
            if index == main and series and series[0] != index:
                self._relation(Role.SUB_EVENT, index, series[0], mention.paragraph,
                               *self._where(mention), 0.5)  # fmt: skip
            for other in entity.mentions:
                of = re.search(r"\b(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?(.+)$", other.text)
                if not of:
                    continue
                network = self.by_key.get(exact_key(of.group(1)))
                if network is not None and self.entities[network].kind == Kind.NETWORK:
                    self._relation(Role.EVENT_OF, index, network, other.paragraph,
                                   *self._where(other), 0.8)  # fmt: skip
                    break

    def _inside(self, event: int, main: int, mention: _Mention) -> bool:
        """Whether a workshop or panel is part of the main event: the sentence says so
        ("during", "como parte de"), names the main event too, or its date is the main one's."""
        if _SUB_EVENT_CUE.search(mention.sentence.text):
            return True
        same = self.sentence_mentions[(mention.paragraph, mention.sentence.start)]
        if any(m.entity == main for m in same):
            return True
        dates = {a.attribute: a.value for a in self.attributes if a.entity == f"e{main}"}
        own = next((a.value for a in self.attributes
                    if a.entity == f"e{event}" and a.attribute == "start_date"), None)  # fmt: skip
        start, end = dates.get("start_date"), dates.get("end_date", dates.get("start_date"))
        return bool(own and start and end and start <= own <= end)

    def _where(self, mention: _Mention) -> tuple[str, Sentence, int, int]:
        text = self.doc.headline if mention.paragraph == 0 else self.doc.paragraph(mention.paragraph).text
        return text, mention.sentence, mention.start, mention.end

    # -- the result --------------------------------------------------------------------------

    def proposal(self, elapsed_ms: float) -> Proposal:
        as_of, as_of_type = self._as_of()
        self.claims = [dataclasses.replace(c, as_of=as_of, as_of_type=as_of_type)
                       for c in self.claims]  # fmt: skip
        self.relations = [
            dataclasses.replace(r, as_of=as_of, as_of_type=as_of_type)
            if r.role in (Role.MEMBER, Role.WORKS_FOR) else r
            for r in self.relations
        ]  # fmt: skip
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
            aliases = tuple(dict.fromkeys(a for a in entity.aliases if fold(a) != fold(entity.name)))
            entities.append(CandidateEntity(key, entity.name, entity.kind, entity.cls, aliases,
                                            evidence, round(entity.confidence, 2)))  # fmt: skip
        kept = {e.key for e in entities}
        relations = tuple(r for r in self.relations if r.agent in kept and r.target in kept)
        return Proposal(self.doc, tuple(entities), relations, tuple(self.attributes),
                        tuple(self.claims), elapsed_ms)  # fmt: skip


_TITLE_GAP = re.compile(
    r"\s*(?:,|:|\s(?:called|titled|entitled|named|denominad[oa]|llamad[oa]|titulad[oa]))?\s*",
    re.IGNORECASE,
)
_APPOSITION = re.compile(
    r",\s*(?:a|an|the|una?|el|la|los|las)\s+[^,;.]{1,90},\s*(?:also\s+|también\s+)?$",
    re.IGNORECASE,
)
_PRONOUN_START = re.compile(
    r"^(It|They|Es|Fue|Será|Está|Estará|Contó|Cuenta|Contará|Reúne|Agrupa|Tiene|Incluye|"
    r"Opera|Busca|Nació|Surgió)\b"
)
_SUB_EVENT_CUE = re.compile(
    r"\b(?:during|as\s+part\s+of|within|over\s+the\s+course\s+of|in\s+the\s+course\s+of|"
    r"in\s+the\s+framework\s+of|on\s+the\s+sidelines\s+of|durante|como\s+parte\s+de|"
    r"en\s+el\s+marco\s+de|dentro\s+de|a\s+lo\s+largo\s+de|en\s+la\s+(?:primera|segunda|"
    r"tercera|última)\s+jornada)\b",
    re.IGNORECASE,
)
_PROJECT_DESCRIPTION = re.compile(
    r"\b(?:the|this|its|el|este|su|del|al)\s+(?P<noun>programme|program|project|initiative|"
    r"programa|proyecto)(?![\w-])",
    re.IGNORECASE,
)
_KIND_OF_CATALOG = {
    "organization": Kind.ORGANIZATION, "network": Kind.NETWORK, "event": Kind.EVENT,
    "person": Kind.PERSON, "place": Kind.PLACE, "project": Kind.PROJECT,
}  # fmt: skip


_CITIES = frozenset(fold(c) for c in pt.CITY_NAMES)


def _place_name(name: str) -> bool:
    return fold(name) in _CITIES or fold(name) in pt.COUNTRY_NAMES


def _capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (word[0].isdigit() and any(c.isupper() for c in word)))


def _unit_like(name: str) -> bool:
    return bool({w.casefold() for w in name.split()} & pt.UNIT_HEADS)


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
    >>> p = propose(parse_text("News\\n\\nThe fair was sponsored by Sol Bank.", language="en"))
    >>> list(relations_of(p, Role.SPONSOR))
    [('Sol Bank', 'Fair')]
    """
    for relation in proposal.relations:
        if relation.role == role:
            yield proposal.entity(relation.agent).name, proposal.entity(relation.target).name


__all__ = ["PartialDate", "propose", "relations_of"]
