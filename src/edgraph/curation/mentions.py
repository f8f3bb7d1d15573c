"""Mentions: the names, descriptions ("the meeting", "la red") and pronouns of a document,
sentence by sentence, with their kind and class, resolved into the entities they name.
Capitalised runs and acronyms, head words, a gazetteer of the graph's names, and coreference
by name, alias, acronym, surname, prefix and description.
"""

from __future__ import annotations

import re
from collections import defaultdict

from edgraph.catalog import fold
from edgraph.curation import patterns as pt
from edgraph.curation.intake import Document
from edgraph.curation.match import Matcher, content_words, exact_key, initials, looks_like_acronym
from edgraph.curation.model import (
    CandidateAttribute,
    CandidateClaim,
    CandidateRelation,
)
from edgraph.curation.names import (
    _CITIES,
    _SMALL_EVENTS,
    NameReader,
    _capitalised,
    _Entity,
    _Mention,
    head_words,
)
from edgraph.curation.roles import DEFAULT_CLASS, Kind
from edgraph.curation.text import Sentence, Token, sentences, tokens
from edgraph.namespaces import EDGO

_MONTH_WORDS = "|".join(sorted(pt.MONTHS_AND_DAYS, key=len, reverse=True))

_EVENT_DESCRIPTION = re.compile(
    r"(?:\b(?P<det>the|this|that|its|their|our|a|an|el|la|este|esta|ese|esa|su|un|una|del|al)|"
    r"(?<=['’]s))\s+"
    r"(?P<mods>(?-i:(?:(?!(?:a|an|the|un|una|el|la|los|las|of|de|del|and|y|in|en|at|for|para|"
    r"with|con|to|by|por|included|includes|featured|incluyó|incluye)\s)[a-záéíóúñ][\w-]*\s+){0,4}?))"
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

# an apostrophe inside or at the end of a word ("festival's", "Teachers'") opens or closes no
# quotation
_QUOTED = re.compile(
    r"(?:[“\"«]|(?<!\w)[‘'])\s*(?P<title>[^“”\"«»]{3,120}?)\s*[,.]?\s*(?:[”\"»]|[’'](?!\w))"
)


_TITLE_GAP = re.compile(
    r"\s*(?:,|:|\s(?:called|titled|entitled|named|denominad[oa]|llamad[oa]|titulad[oa]))?\s*",
    re.IGNORECASE,
)

_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday lunes martes miércoles jueves "
    "viernes sábado".split()
)  # "domingo" is also a name: Santo Domingo

_APPOSITION_KIND = re.compile(
    r"\s*(?:,|\s(?:is|was|es|fue))\s*(?:a|an|una?)\s+(?-i:(?:(?:[a-záéíóúñ][\w-]*|[A-Z]{2,5})\s+){0,4}?)"
    r"(?P<noun>(?-i:" + "|".join(sorted(pt.DESCRIPTOR_NOUNS, key=len, reverse=True)) + r"))"
    r"(?![\w-])(?P<of>\s+(?:of|de|del)\b)?",
    re.IGNORECASE,
)
_LATER_ORDINAL = re.compile(r"^(?:second|third|segund[oa]|tercer[oa]?)\b", re.IGNORECASE)
_FUTURE_TENSE = re.compile(
    r"\b(?:will|plans?\s+to|planea|planean|se\s+realizará|se\s+hará|tendrá\s+lugar|next\s+year|"
    r"el\s+próximo\s+año)\b",
    re.IGNORECASE,
)
_PART_OF_EVENT = re.compile(
    r"\b(ceremony|ceremonia|gala|dinner|cena|reception|recepción|opening|closing|inauguración|"
    r"clausura)\b",
    re.IGNORECASE,
)
_OTHER_EDITION = re.compile(
    r"^(?:next|upcoming|following|previous|last|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"próxim[oa]|siguiente|anterior|pasad[oa]|cuart[oa]|quint[oa]|sext[oa])\b",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?:N\s+[°º]|Nº|N°|No\.?|Nro\.?|#)\s+\d[\w-]*")
_WHOSE_NOUNS = frozenset(
    "programme program programa project proyecto initiative iniciativa".split()
)
_SECOND_NOUN = re.compile(
    r"\s+(" + "|".join(sorted(pt.EVENT_NOUNS, key=len, reverse=True)) + r")(?![\w-])", re.IGNORECASE
)
_ANAPHOR = re.compile(
    r"\b(?:the|this|that|these|la|el|los|las|esta|este|dicha|dicho|la\s+propia|el\s+propio|"
    r"la\s+misma|el\s+mismo)\s+(?P<noun>[a-záéíóúñ][\w-]+)(?![\w-])"
    r"(?!\s+(?:of|de|del)\s+(?-i:[A-Z]))(?!\s+(?-i:[A-Z]))",
    re.IGNORECASE,
)
_GENERIC_ORG_NOUNS = frozenset(
    "organization organisation nonprofit charity organización entidad institución ong".split()
)
_PRONOUN_START = re.compile(
    # after an opening time phrase too: "In 2025 it also received", "Since then, they have"
    r"^(?:(?:In|By|Since|Last|This|Next|Later|Then|Now|Today|Earlier)\b(?:\s+[\w-]+){0,3}?,?\s+)?"
    r"(It|it|They|they|Its|Their|Su|Sus|Es|Fue|Será|Está|Estará|Contó|Cuenta|Contará|Reúne|Agrupa|Tiene|Incluye|"
    r"Opera|Busca|Nació|Surgió)\b"
)

_PROJECT_DESCRIPTION = re.compile(
    r"\b(?:the|this|its|el|este|esta|la|su|del|al)\s+(?P<noun>programme|program|project|initiative|"
    r"fellowship|scholarship|scheme|plan|strategy|campaign|programa|proyecto|iniciativa|beca|"
    r"estrategia|campaña)(?![\w-])",
    re.IGNORECASE,
)


def _starts_with_trigger(text: str) -> bool:
    """Whether ``text`` opens with a role phrase (a verb, mostly)."""
    return any(
        (match := trigger.pattern.match(text)) is not None and match.end() > 3
        for trigger in pt.TRIGGERS
    )


class MentionFinder(NameReader):
    """The entities a document names: its mentions found sentence by sentence and resolved
    into entities (shared state of the extractor)."""

    def __init__(self, document: Document, gazetteer: Matcher | None) -> None:
        super().__init__(document, gazetteer)
        self.entities: list[_Entity] = []
        self.by_key: dict[str, int] = {}
        self.sentence_mentions: dict[tuple[int, int], list[_Mention]] = defaultdict(list)
        self.relations: list[CandidateRelation] = []
        self.attributes: list[CandidateAttribute] = []
        self.claims: list[CandidateClaim] = []
        self.main_event: int | None = None
        self.main_network: int | None = None
        self.part_events: set[int] = set()  # a ceremony or dinner of the main event
        self.previous_subject: int | None = None  # what "It ..." / "Es ..." stands for
        # the subject of the sentence before each one: what "X sponsors the fuel" is about
        self.subject_before: dict[tuple[int, int], int] = {}
        self.lowercase: set[str] = set()
        self.units: list[tuple[int, int, _Mention, float]] = []  # (unit, parent, evidence)
        self.units_explicit: set[int] = set()
        self.sentences: list[tuple[int, str, Sentence]] = []
        for paragraph in document.paragraphs:
            for sentence in sentences(paragraph.text):
                self.sentences.append((paragraph.number, paragraph.text, sentence))
            self.lowercase.update(re.findall(r"\b[a-záéíóúñü][\w-]*", paragraph.text))

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
            for mention in self._classify(
                number, sentence, start, end, name, before, after, headline
            ):
                out.append(mention)
        out.extend(self._descriptions(number, text, sentence, out, headline))
        out.extend(
            self._possessive_units(number, text, sentence, sorted(out, key=lambda m: m.start))
        )
        if self.previous_subject is not None and not headline:
            self.subject_before[(number, sentence.start)] = self.previous_subject
        pronoun = _PRONOUN_START.match(sentence.text)
        if pronoun and self.previous_subject is not None and not headline:
            entity = self.entities[self.previous_subject]
            out.append(
                _Mention(
                    number,
                    sentence,
                    sentence.start + pronoun.start(1),
                    sentence.start + pronoun.end(1),
                    pronoun.group(1),
                    entity.kind,
                    entity.cls,
                    0.6,
                    "pronoun",
                    entity=self.previous_subject,
                )
            )
        covered = -1
        for mention in sorted(out, key=lambda m: m.start):
            if mention.start < covered and not mention.descriptive and not mention.inner:
                continue  # the acronym in "Institute for the Future of Education (IFE)"
            self._attach(mention, text)
            covered = max(covered, mention.extent)
            if not mention.descriptive and not headline:
                self._apposition_kind(mention, text)
            if mention.descriptive in ("pronoun", "anaphor"):
                mention.extent = mention.end
                self.entities[mention.entity].mentions.append(mention)
            else:
                self._resolve(mention)
            self.sentence_mentions[(number, sentence.start)].append(mention)
        if not headline:
            subjects = [
                m.entity
                for m in self.sentence_mentions[(number, sentence.start)]
                if m.entity >= 0
                and self.entities[m.entity].kind
                in (Kind.NETWORK, Kind.EVENT, Kind.PROJECT, Kind.ORGANIZATION)
            ]
            if subjects:
                self.previous_subject = subjects[0]
        self._quoted_titles(number, text, sentence)

    def _apposition_kind(self, mention: _Mention, text: str) -> None:
        """ "Frontier Robotics Clubs, a program that...", "X (WSA), a coalition of...", "X is a
        nonprofit": what the article says a name is outweighs what its words suggest."""
        if mention.kind in (Kind.PERSON, Kind.PLACE, Kind.EVENT) or self._known(mention.text):
            return
        said = _APPOSITION_KIND.match(text, mention.extent)
        if not said:
            return
        if (
            said.group("of")
            and mention.kind in (Kind.NETWORK, Kind.PROJECT)
            and said.group("noun").casefold() in _WHOSE_NOUNS
        ):
            return  # "Red X, una iniciativa de Y": whose initiative, not what the network is
        kind, cls = pt.DESCRIPTOR_NOUNS[said.group("noun").casefold()]
        if mention.kind is None or kind != mention.kind or mention.cls == EDGO + "Organization":
            mention.kind, mention.cls = kind, cls
            mention.confidence = max(mention.confidence, 0.75)

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
                if self._possessive_inside(words, i, end, k):
                    end = k + 2  # "Marco's Kitchen", "Nour Women's Association"
                    k += 3
                    continue
                lower = words[k].text.casefold()
                look = k
                while look < len(words) and words[look].text.casefold() in pt.NAME_CONNECTORS:
                    look += 1
                joinable = look > k and look - k <= 3
                if joinable and all(
                    w.text.casefold() in ("the", "el", "la", "los", "las") for w in words[k:look]
                ):
                    joinable = (
                        False  # "realizó en Cusco el Encuentro": an article alone joins nothing
                    )
                if lower in pt.AND_WORDS or lower in ("in", "en"):
                    look = k + 1
                    joinable = self._join(words, i, end, k)
                elif lower in ("que", "who") and k + 1 < len(words):
                    # "Aulas que Leen", "Girls Who Code": a relative clause in capitals is a
                    # title; one in lower case ("Fundación X, que financia") is not part of it
                    look = k + 1
                    joinable = (
                        words[k].start == words[k - 1].end + 1
                        and words[look].text[:1].isupper()
                        and words[look].text.casefold() not in pt.SENTENCE_STARTERS
                        and not any(w.text.casefold() in pt.HEADS for w in words[i : end + 1])
                    )
                if not (joinable and look < len(words) and _capitalised(words[look].text)):
                    break
                if (
                    lower in ("por", "para", "for", "by")
                    and words[look].text.casefold() in pt.HEADS
                    and self._place_like(" ".join(w.text for w in words[i : end + 1]))
                ):
                    break  # "gestionado en España por la Red Española": a place, then the agent
                if words[look].text.casefold() in _WEEKDAYS or (
                    words[look].text.casefold().rstrip(".") in pt.MONTHS_AND_DAYS
                    and look + 1 < len(words)
                    and words[look + 1].text[:1].isdigit()
                ):
                    break  # "the Fair on Saturday", "the Forum of May 3"
                if any(words[j].start != words[j - 1].end + 1 for j in range(k, look + 1)):
                    break
                end = look
                k = look + 1
            for offset in (0, 1):  # "Instituto de Formación Docente N° 9-015", "Escuela No. 12"
                number = _NUMBERED.match(
                    " ".join(w.text for w in words[end + offset : end + offset + 3])
                )
                if number and (offset or words[end].text in ("N", "No", "Nº", "Nro")):
                    end += offset + len(number.group().split()) - 1
                    if (
                        end + 2 < len(words)
                        and words[end + 1].text in ("de", "del")
                        and _capitalised(words[end + 2].text)
                    ):
                        end += 2  # "Colegio Provincial N° 5 de Zapala"
                    break
            if (
                end + 1 < len(words)
                and re.fullmatch(r"(?:19|20)\d\d(?:[-–](?:19|20)?\d\d)?", words[end + 1].text)
                and words[end + 1].start == words[end].end + 1
                and any(
                    pt.HEADS.get(w.text.casefold(), (None,))[0] in (Kind.EVENT, Kind.PROJECT)
                    for w in words[i : end + 1]
                )
            ):
                end += 1  # "Hackatón Regio 2025", "Plan Provincial de Lectura 2026-2028"
            runs.append((i, end))
            i = end + 1
        return runs

    def _possessive_inside(self, words: list[Token], first: int, end: int, at: int) -> bool:
        """Whether "'s" at ``at`` is inside one name: the words before it are no name of their
        own (no head word, no place, no acronym, not named before), the next is capitalised."""
        if not (
            at + 2 < len(words)
            and words[at].text in ("'", "’")
            and words[at].start == words[at - 1].end
            and words[at + 1].text == "s"
            and words[at + 1].start == words[at].end
            and words[at + 2].start == words[at + 1].end + 1
            and _capitalised(words[at + 2].text)
        ):
            return False
        owner = [w.text for w in words[first : end + 1]]
        joined = " ".join(owner)
        return not (
            any(w.casefold() in pt.HEADS for w in owner)
            or any(looks_like_acronym(w) for w in owner)
            or self._place_like(joined)
            or exact_key(joined) in self.by_key
            or self._known(joined)
            or words[at + 2].text.casefold() in pt.UNIT_HEADS  # "Northgate's Centre for..."
        )

    def _starter(self, word: str, words: list[Token], index: int) -> bool:
        folded = word.casefold()
        if folded in pt.SENTENCE_STARTERS:
            return True
        if folded.endswith("ing") and not self._known(word):
            return True  # "Forming STEM Ecosystems was...": a verb, not a name
        if not self._known(word) and _starts_with_trigger(
            " ".join(w.text for w in words[index : index + 6])
        ):
            return True  # "Participaron Ana Ruiz y...", "Patrocinaron el hackatón": a verb first
        if looks_like_acronym(word) or (
            index + 1 < len(words) and _capitalised(words[index + 1].text)
        ):
            return False
        return folded in self.lowercase

    def _join(self, words: list[Token], first: int, end: int, at: int) -> bool:
        """Whether "and"/"y"/"in" at ``at`` is inside one name."""
        lower = words[at].text.casefold()
        so_far = [w.text.casefold() for w in words[first : end + 1]]
        rest = []
        for index, word in enumerate(words[at + 1 :], start=at + 1):
            possessive = word.text in ("'", "’", "s") and words[index].start == words[index - 1].end
            if not (
                _capitalised(word.text) or word.text.casefold() in pt.NAME_CONNECTORS or possessive
            ):
                break
            if not possessive:  # "and Kenya's Ministry of...": the rest is the ministry
                rest.append(word.text)
        if not rest:
            return False
        if lower in ("in", "en"):
            # "UNESCO Office in Havana"; "Lake Region Girls in Science Camp" (no head before
            # "in", one at the end); "el programa Aprendemos en Nuestra Lengua"
            described = first > 0 and words[first - 1].text.casefold() in pt.DESCRIPTOR_NOUNS
            if described and pt.DESCRIPTOR_NOUNS[words[first - 1].text.casefold()][0] in (
                Kind.PROJECT,
                Kind.EVENT,
            ):
                return True
            if (
                described or (first > 1 and words[first - 2].text.casefold() in pt.DESCRIPTOR_NOUNS)
            ) and not any(w in pt.HEADS for w in so_far):
                return True  # "la asociación civil Letras en Movimiento"
            if (
                any(w in ("of", "for", "de", "para", "on", "sobre") for w in so_far)
                and len(rest) == 1
                and not any(w.casefold() in pt.HEADS for w in rest)
                and not self._place_like(" ".join(rest))
            ):
                return True  # "Global Alliance for Learning in Crisis"
            return any(w in pt.IN_NAME_HEADS for w in so_far) or (
                not any(w in pt.HEADS for w in so_far)
                and rest[-1].casefold() in pt.HEADS
                and (
                    pt.HEADS[rest[-1].casefold()][0] == Kind.EVENT
                    or not self._place_like(" ".join(w.text for w in words[first : end + 1]))
                )
            )  # "Texas Women in Computing Network", not "Texas" then "in Computing Network"
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
        return (
            len(so_far) == 1
            and not has_head
            and rest_head
            and not looks_like_acronym(words[first].text)
        )

    def _place_like(self, name: str) -> bool:
        folded = fold(name)
        index = self.by_key.get(exact_key(name))
        if index is not None and self.entities[index].kind == Kind.PLACE:
            return True  # the dateline's town
        return (
            folded in _CITIES
            or folded in pt.COUNTRY_NAMES
            or (
                self.gazetteer is not None
                and any(k.kind == "place" for k, _ in self.gazetteer.exact(name))
            )
        )

    def _anaphors(
        self, number: int, sentence: Sentence, taken: list[tuple[int, int]]
    ) -> list[_Mention]:
        """ "the university", "la propia universidad", "the clubs": a definite description by
        the head word of an organization, network or project named before stands for the
        latest one with that head."""
        heads: dict[str, int] = {}
        latest: dict[int, tuple[int, int]] = {}
        for index, entity in enumerate(self.entities):
            if entity.kind not in (Kind.ORGANIZATION, Kind.NETWORK, Kind.PROJECT) or not (
                entity.mentions
            ):
                continue
            words = [w.casefold() for w in entity.name.split()]
            head = head_words(words)[0]
            if head not in pt.HEADS and head not in pt.DESCRIPTOR_NOUNS:
                continue
            latest[index] = max((m.paragraph, m.start) for m in entity.mentions)
            if head not in heads or latest[index] > latest[heads[head]]:
                heads[head] = index
        out = []
        for match in _ANAPHOR.finditer(sentence.text):
            noun = match.group("noun")
            found = heads.get(noun.casefold())
            if (
                found is None
                and noun.casefold() in _GENERIC_ORG_NOUNS
                and self.previous_subject is not None
                and self.entities[self.previous_subject].kind == Kind.ORGANIZATION
                and not match.group().casefold().startswith(("that", "these", "los", "las"))
            ):
                # "the organization", "la entidad": the organization the text is talking about
                found = self.previous_subject
            start = sentence.start + match.start()
            if (
                found is None
                or noun[0].isupper()
                or any(s < start + len(match.group()) and start < e for s, e in taken)
            ):
                continue
            entity = self.entities[found]
            out.append(
                _Mention(
                    number,
                    sentence,
                    start,
                    sentence.start + match.end(),
                    match.group(),
                    entity.kind,
                    entity.cls,
                    0.6,
                    "anaphor",
                    entity=found,
                )
            )
        return out

    def _descriptions(
        self, number: int, text: str, sentence: Sentence, named: list[_Mention], headline: bool
    ) -> list[_Mention]:
        """ "the meeting", "a workshop on climate policy", "la red": events and networks named
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
            det = (match.group("det") or "the").casefold()
            cls = pt.HEADS.get(noun, (Kind.EVENT, EDGO + "Event"))[1]
            if match.group("rest").strip().casefold() in ("discussion",):
                cls = EDGO + "Panel"
            definite = det not in ("a", "an", "un", "una")
            name = match.group("mods") + match.group("noun")
            if re.match(r"\s+of\s+(?:judges|experts|speakers)\b", sentence.text[match.end() :]):
                continue  # "a panel of judges": people, not an event
            second = _SECOND_NOUN.match(sentence.text, match.end())
            if second and not match.group("rest"):  # "a launch event", "the signing ceremony"
                name = f"{name} {second.group(1)}"
                end = sentence.start + second.end()
                cls = pt.HEADS.get(second.group(1).casefold(), (Kind.EVENT, cls))[1]
            complement = re.match(
                r"^\s+de\s+(?!(?:la|el|los|las|su|sus|este|esta|ayer|hoy|mañana|cada|"
                r"estos|estas|dos|tres)\b)([a-záéíóúñ]{4,})\b",
                sentence.text[match.end() :],
            )
            if complement:  # "el encuentro de lanzamiento"
                name = f"{name} de {complement.group(1)}"
                end = sentence.start + match.end() + complement.end()
            if not definite:
                topic = re.match(
                    r"^\s+(on|about|sobre|acerca\s+de|de)\s+([\w-]+(?:\s+[\w-]+){0,7}?)"
                    r"(?=\s+(?:for\s+(?:the|its|their|a|an)|to|with|at|during|by|in\s+(?:the|a)|"
                    r"para\s+(?:el|la|los|las|su|sus)|con|durante|por|que|which|that|where|"
                    r"donde|en\s+(?:el|la|los|las)|on\s+(?:" + _MONTH_WORDS + r")|"
                    r"(?:el\s+)?\d|was|were|is|are|will|has|had|took|closed|opened|ended|began|"
                    r"fue|será|es|se|cerró|abrió|[\w]+(?:ado|ido|ada|ida)\b|[\w-]+\s+by|"
                    r"a\s+cargo)\b|[,.;:“\"]|$)",
                    text[end : sentence.end],
                )
                if topic:  # "a workshop on climate policy": its name
                    name = f"{name} {topic.group(1)} {topic.group(2).strip()}"
                    end += topic.end()
            out.append(
                _Mention(
                    number,
                    sentence,
                    start,
                    end,
                    name.strip(),
                    Kind.EVENT,
                    cls,
                    0.6,
                    "definite" if definite else "indefinite",
                )
            )
        for match in _NETWORK_DESCRIPTION.finditer(sentence.text):
            start = sentence.start + match.start()
            if any(s <= sentence.start + match.start("noun") < e for s, e in taken):
                continue
            preposition = re.match(r"(?:de|a)\s+", match.group(), re.IGNORECASE)
            skip = preposition.end() if preposition else 0  # "coordinadora de la red"
            out.append(
                _Mention(
                    number,
                    sentence,
                    start + skip,
                    sentence.start + match.end(),
                    match.group()[skip:],
                    Kind.NETWORK,
                    EDGO + "Network",
                    0.5,
                    "definite",
                )
            )
        out.extend(self._anaphors(number, sentence, taken + [(m.start, m.end) for m in out]))
        for match in _PROJECT_DESCRIPTION.finditer(sentence.text):
            start = sentence.start + match.start()
            if any(s <= sentence.start + match.start("noun") < e for s, e in taken):
                continue
            out.append(
                _Mention(
                    number,
                    sentence,
                    start,
                    sentence.start + match.end(),
                    match.group(),
                    Kind.PROJECT,
                    EDGO + "Project",
                    0.5,
                    "definite",
                )
            )
        # "the STEM Learning Ecosystems Community of Practice convening": a network's event
        for mention in named:
            follow = re.match(
                r"^\s+(?:[a-z-]+\s+){0,2}?(" + "|".join(pt.EVENT_NOUNS) + r")\b",
                text[mention.end : mention.end + 60],
            )
            if mention.kind == Kind.NETWORK and follow:
                noun = follow.group(1).casefold()
                cls = pt.HEADS.get(noun, (Kind.EVENT, EDGO + "Event"))[1]
                out.append(
                    _Mention(
                        number,
                        sentence,
                        mention.end + 1,
                        mention.end + follow.end(),
                        noun,
                        Kind.EVENT,
                        cls,
                        0.6,
                        "definite",
                    )
                )
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
        if mention.kind is None and not self._adopt(mention):
            mention.entity = -1
            return
        assert mention.kind is not None
        if mention.descriptive:
            mention.entity = self._description_entity(mention)
            return
        key = exact_key(mention.text)
        index = self.by_key.get(key)
        if index is None and mention.kind == Kind.PERSON and len(key.split()) == 1:
            index = next(
                (
                    i
                    for i, e in enumerate(self.entities)
                    if e.kind == Kind.PERSON and exact_key(e.name).split()[-1:] == [key]
                ),
                None,
            )
        if index is None and self.gazetteer is not None:
            known = self.gazetteer.exact(mention.text)
            iris = {k.iri for k, _ in known}
            index = next((i for i, e in enumerate(self.entities) if iris & e.keys), None)
        if index is None and mention.kind == Kind.EVENT:
            index = self._same_event(mention)
        if index is None and mention.kind == Kind.ORGANIZATION and len(key.split()) == 1:
            index = self._by_head(key)
        if (
            index is None
            and mention.kind in (Kind.ORGANIZATION, Kind.NETWORK)
            and not mention.inner
        ):
            index = self._same_by_prefix(mention, key)
        if index is None:
            index = len(self.entities)
            named = 1 if mention.paragraph == 0 else 2
            entity = _Entity(
                mention.text,
                mention.kind,
                mention.cls or DEFAULT_CLASS[mention.kind],
                mention.confidence,
                named=named,
            )
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

    def _by_head(self, key: str) -> int | None:
        """ "la Secretaría", "the Faculty" after "Secretaría de Educación del Estado" or "Faculty
        of Science": the one organization named before whose head word it is."""
        if key not in pt.HEADS:
            return None
        found = [
            i
            for i, e in enumerate(self.entities)
            if e.kind == Kind.ORGANIZATION
            and len(exact_key(e.name).split()) > 1
            and key in (exact_key(e.name).split()[0], exact_key(e.name).split()[-1])
            and (self.doc.language == "es") == (exact_key(e.name).split()[0] == key)
        ]
        return found[0] if len(found) == 1 else None

    def _adopt(self, mention: _Mention) -> bool:
        """Whether a name of no known kind is one the article has already said what it is
        ("Open Doors Learning, a humanitarian organization, ..." then "director of Open Doors
        Learning"): it takes that entity's kind."""
        key = exact_key(mention.text)
        index = self.by_key.get(key)
        if index is None and len(key.split()) == 1 and not mention.descriptive:
            # "Quantiva" after "Quantiva Systems": the one organization it begins
            starts = [
                i
                for i, e in enumerate(self.entities)
                if e.kind in (Kind.ORGANIZATION, Kind.NETWORK)
                and exact_key(e.name).split()[0] == key
                and len(exact_key(e.name).split()) == 2
            ]
            index = starts[0] if len(starts) == 1 else None
        if index is None or mention.descriptive:
            return False
        entity = self.entities[index]
        if entity.kind in (Kind.PLACE, Kind.PERSON) and len(mention.text.split()) > 1:
            return False
        mention.kind, mention.cls = entity.kind, entity.cls
        mention.confidence = max(mention.confidence, 0.6)
        return True

    def _resolve_late(self) -> None:
        """Names of no known kind met before the article said what they are."""
        for mentions in self.sentence_mentions.values():
            for mention in mentions:
                if mention.kind is None and mention.entity < 0 and self._adopt(mention):
                    self._resolve(mention)

    def _index(self, index: int, name: str) -> None:
        self.by_key.setdefault(exact_key(name), index)
        if self.gazetteer is not None:
            self.entities[index].keys.update(k.iri for k, _ in self.gazetteer.exact(name))

    def _same_by_prefix(self, mention: _Mention, key: str) -> int | None:
        """ "Red Kawsay" after "Red Kawsay de Escuelas Sostenibles" (or before it)."""
        for index, entity in enumerate(self.entities):
            if entity.kind != mention.kind:
                continue
            other = exact_key(entity.name)
            short, long_ = sorted((key, other), key=len)
            suffix = (
                entity.kind in (Kind.ORGANIZATION, Kind.NETWORK)
                and len(key) < len(other)
                and other.endswith(" " + short)
                and len(other.split()) - len(short.split()) <= 2
                and pt.HEADS.get(short.split()[-1], (None,))[0] == entity.kind
            )  # "the Marine Science Center" after "the Port Avery Marine Science Center"
            if (
                len(short.split()) >= 2
                and (long_.startswith(short + " ") or suffix)
                and any(w in pt.HEADS for w in short.split())
                and mention.confidence >= 0.6
            ):
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
            described = entity.named == 0 and bool(
                {fold(w) for w in entity.name.split() if w.casefold() in pt.EVENT_NOUNS}
                & {fold(w) for w in mention.text.split()}
            )  # "the meeting", then "the Regional Meeting of X"; not "the ceremony", "the Cup"
            if described or (
                words
                and (
                    words <= other
                    or other <= words
                    or len(words & other) / len(words | other) >= 0.6
                )
            ):
                return index
        return None

    def _in_sentence(self, index: int, mention: _Mention) -> bool:
        return any(
            m.entity == index
            for m in self.sentence_mentions[(mention.paragraph, mention.sentence.start)]
        )

    def _description_entity(self, mention: _Mention) -> int:
        if mention.kind == Kind.PROJECT:
            projects = [i for i, e in enumerate(self.entities) if e.kind == Kind.PROJECT]
            if projects:
                self.entities[projects[-1]].mentions.append(mention)
                return projects[-1]
            if self.main_network is not None and re.search(
                r"\b(?:initiative|iniciativa|estrategia|strategy)\b", mention.text, re.I
            ):
                self.entities[self.main_network].mentions.append(mention)
                return self.main_network
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
        main = self.main_event
        if main is not None and (
            _OTHER_EDITION.match(mention.text)
            or (_LATER_ORDINAL.match(mention.text) and _FUTURE_TENSE.search(mention.sentence.text))
        ):
            self.entities.append(
                _Entity(
                    mention.text,
                    Kind.EVENT,
                    mention.cls or EDGO + "Event",
                    0.3,
                    mentions=[mention],
                    other_edition=True,
                )
            )
            return len(self.entities) - 1
        if main is not None and _PART_OF_EVENT.search(mention.text):
            noun = _PART_OF_EVENT.search(mention.text)
            assert noun is not None
            if noun.group(1).casefold() not in self.entities[main].name.casefold():
                # "la ceremonia de premiación" of a hackathon: a part of it, not the hackathon
                self.entities.append(
                    _Entity(
                        mention.text[0].upper() + mention.text[1:],
                        Kind.EVENT,
                        mention.cls or EDGO + "Event",
                        0.6,
                        mentions=[mention],
                    )
                )
                self.part_events.add(len(self.entities) - 1)
                return len(self.entities) - 1
        generic = mention.text.split()[-1].casefold() in ("event", "evento")
        if main is not None and mention.descriptive == "definite" and not generic:
            # "the expo" after "the Family Drone Expo" (itself not the main event): the named
            # event whose head word it is, the latest one
            head = fold(mention.text.split()[-1])
            named = [
                i
                for i, e in enumerate(self.entities)
                if e.kind == Kind.EVENT
                and e.mentions
                and i != main
                and not e.other_edition
                and head in {fold(w) for w in e.name.split()}
                and head not in {fold(w) for w in self.entities[main].name.split()}
            ]
            if named:
                self.entities[named[-1]].mentions.append(mention)
                return named[-1]
        if (
            main is not None
            and (
                generic
                or self.entities[main].cls == mention.cls
                or (mention.descriptive == "definite" and mention.cls not in _SMALL_EVENTS)
            )
            and (mention.descriptive == "definite" or self.entities[main].cls == mention.cls)
        ):
            assert main is not None
            entity = self.entities[main]
            entity.mentions.append(mention)
            if entity.named == 0 and len(mention.text) > len(entity.name):
                entity.name = mention.text[0].upper() + mention.text[1:]
            return main
        if mention.descriptive == "definite" and mention.cls in _SMALL_EVENTS:
            for index in range(len(self.entities) - 1, -1, -1):
                if self.entities[index].cls == mention.cls:
                    self.entities[index].mentions.append(mention)
                    return index
        index = len(self.entities)
        name = mention.text[0].upper() + mention.text[1:]
        self.entities.append(
            _Entity(
                name, Kind.EVENT, mention.cls or EDGO + "Event", 0.6, mentions=[mention], named=0
            )
        )
        if self.main_event is None:
            self.main_event = index
        return index

    def _quoted_titles(self, number: int, text: str, sentence: Sentence) -> None:
        """'The convening, “Resilience and Resolve,”': a quoted title after an event is its name."""
        mentions = self.sentence_mentions[(number, sentence.start)]
        for match in _QUOTED.finditer(sentence.text):
            start = sentence.start + match.start()
            events = [
                m
                for m in mentions
                if m.kind == Kind.EVENT
                and m.entity >= 0
                and 0 <= start - m.end <= 25
                and _TITLE_GAP.fullmatch(sentence.text[m.end - sentence.start : match.start()])
            ]
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
                    mention = _Mention(
                        number,
                        sentence,
                        start,
                        end,
                        name,
                        entity.kind,
                        entity.cls,
                        entity.confidence,
                        entity=index,
                        extent=end,
                    )
                    entity.mentions.append(mention)
                    self.sentence_mentions[(number, sentence.start)].append(mention)
                    taken.append((start, end))
                    i += size - 1
                    break
            i += 1
