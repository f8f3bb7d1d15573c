"""Names: what a capitalised run of words is. Its kind and class from head words ("Fundación"
makes a foundation, "Encuentro" a meeting), the gazetteer, first names and titles; a unit split
off its parent ("Faculty of Engineering of the University of Lima"); a person split off where
they work; the mention records the rest of the package passes around.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from edgraph.catalog import fold
from edgraph.curation import patterns as pt
from edgraph.curation.intake import Document
from edgraph.curation.match import Matcher, initials, looks_like_acronym
from edgraph.curation.roles import DEFAULT_CLASS, Kind
from edgraph.curation.text import Sentence
from edgraph.namespaces import EDGO

_SMALL_EVENTS = {EDGO + c for c in ("Workshop", "Panel", "WorkingSession")}


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
    # another edition than the one reported ("the fourth conference will be held in Ghent"):
    # kept to take what is said of it, never proposed
    other_edition: bool = False


_EVENT_PLACE_WORDS = re.compile(
    r"\b(?:held|took\s+place|takes\s+place|will\s+meet|met|gathered|based|headquartered|"
    r"se\s+realiz[óa]|se\s+celebr[óa]|tuvo\s+lugar|tendrá\s+lugar|se\s+llev[óa]\s+a\s+cabo|"
    r"con\s+sede|ubicad[oa]|realizad[oa]|celebrad[oa]|se\s+har[áa]n?|se\s+realizar[áa]|"
    r"se\s+celebrar[áa]|hosted|will\s+be|took\s+place|founded|established|created|"
    r"fundad[oa]|cread[oa]|naci[óo])\b",
    re.IGNORECASE,
)
_POSSESSIVE_UNIT = re.compile(
    r"['’]s\s+(?:(?-i:[a-z-]+)\s+){0,2}(?-i:office|unit|department|secretariat|division|chapter|"
    r"node|team|committee|center|centre|institute|school|faculty)\b",
    re.IGNORECASE,
)


def _unit_like(name: str) -> bool:
    return bool({w.casefold() for w in name.split()} & pt.UNIT_HEADS)


def headline_of(mention: _Mention) -> bool:
    return mention.paragraph == 0


_KIND_OF_CATALOG = {
    "organization": Kind.ORGANIZATION,
    "network": Kind.NETWORK,
    "event": Kind.EVENT,
    "person": Kind.PERSON,
    "place": Kind.PLACE,
    "project": Kind.PROJECT,
}


_CITIES = frozenset(fold(c) for c in pt.CITY_NAMES)


def _place_name(name: str) -> bool:
    return fold(name) in _CITIES or fold(name) in pt.COUNTRY_NAMES


def _capitalised(word: str) -> bool:
    return bool(word) and (
        word[0].isupper() or (word[0].isdigit() and any(c.isupper() for c in word))
    )


_ROLE_TITLE = re.compile(
    r"^(?:(?:Vice|Deputy|Executive|General|Managing|Chief|Associate|Assistant)[\s-]+)?"
    r"(?:CEO|COO|CFO|CTO|President|Director|Chair|Chairman|Chairwoman|Chancellor|"
    r"Vice-Chancellor|Provost|Dean|Head|Rector|Rectora|Presidente|Presidenta|Directora|"
    r"Director\s+General|Directora\s+General|Decano|Decana|Coordinador|Coordinadora|"
    r"Secretary|Minister)\s+(?:of|at|de|del|for)\s+(?:the\s+|la\s+|el\s+)?(?=[A-Z])"
)
_PEOPLE_OF = re.compile(
    r"^(?:Representatives|Delegates|Delegations|Members|Students|Staff|Teachers|Officials|"
    r"Researchers|Volunteers|Experts|Leaders|Representantes|Delegados|Delegaciones|Miembros|"
    r"Integrantes|Estudiantes|Docentes|Funcionarios|Investigadores|Directivos|Autoridades)\s+"
    r"(?:of|from|de|del)\s+(?:the\s+|la\s+|el\s+|los\s+|las\s+)?(?=[A-Z])"
)
_VENUE_OF = re.compile(
    r"^(?:Aula\s+Magna|Paraninfo|Auditorio(?:\s+[A-Z]\w+)?|Salón(?:\s+[A-Z]\w+)?|Coliseo|"
    r"Teatro|Sala\s+[A-Z]\w+|Great\s+Hall|Main\s+Hall|Auditorium|Ballroom)\s+"
    r"(?:de|del|of)\s+(?:the\s+|la\s+|el\s+)?(?=[A-ZÁÉÍÓÚ])"
)
_ROLE_BEFORE = re.compile(
    r"\b(?P<role>" + "|".join(sorted(pt.ROLE_WORDS, key=len, reverse=True)) + r")(?:\s+\w+)?"
    r"\s+(?:de|del|of|at)\s+(?:la\s+|el\s+|the\s+)?[A-ZÁÉÍÓÚ][^,;.]{0,80},\s*$",
    re.IGNORECASE,
)
_CALLED = re.compile(
    r"\b(?P<noun>" + "|".join(sorted(pt.DESCRIPTOR_NOUNS, key=len, reverse=True)) + r")\s*,?\s*"
    r"(?:called|named|known\s+as|titled|dubbed|llamad[oa]|denominad[oa])\s+[\"“«]?$",
    re.IGNORECASE,
)
_SEASONAL = re.compile(
    r"\b(?:summer|winter|spring|autumn|verano|invierno|primavera|otoño)\b.*\b(?:academy|school|"
    r"institute|camp|academia|escuela|instituto|campamento|college)\b|\b(?:academy|school|"
    r"institute|camp|academia|escuela|instituto|campamento)\s+(?:de\s+)?(?:verano|invierno)\b",
    re.IGNORECASE,
)
_DESCRIBED_AS = re.compile(
    r"\b(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,3}?(?P<en>"
    + "|".join(sorted(pt.DESCRIPTOR_NOUNS, key=len, reverse=True))
    + r")(?:\s*,?\s*(?:called|named|known\s+as|titled|dubbed|llamad[oa]|denominad[oa]))?\s+$|"
    r"\b(?:the|a|an|el|la|los|las|un|una|its|their|su|sus)\s+(?P<noun>"
    + "|".join(sorted(pt.DESCRIPTOR_NOUNS, key=len, reverse=True))
    + r")(?:\s+(?!(?:se|en|in|at|on|is|was|are|were|will|que|which|that|who|y|and|o|or|a|"
    r"to|por|by|con|with|para|for)\s)(?-i:[a-záéíóúñ][\w-]*)){0,3}\s+$",
    re.IGNORECASE,
)
#: "its flagship program, X", "el principal programa de la red, X": a name after its noun.
_NAMED_AFTER = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|our|el|la|un|una|su|sus|nuestr[oa])|['’]s)\s+"
    r"(?-i:(?:[a-záéíóúñ][\w-]*\s+){0,3}?)(?P<noun>"
    + "|".join(sorted(pt.DESCRIPTOR_NOUNS, key=len, reverse=True))
    + r")(?:\s+(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?(?-i:[a-záéíóúñ][\w-]*))?"
    r"(?-i:(?:\s+[a-záéíóúñ][\w-]*){0,2}?)\s*,\s*$",
    re.IGNORECASE,
)
_ORDINAL_BEFORE = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|annual|inaugural|"
    r"\d+(?:st|nd|rd|th)|primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|"
    r"\d+[ªº°.]?\s+edición\s+(?:de(?:l)?|de\s+la))\s+$",
    re.IGNORECASE,
)
_MODIFIER = re.compile(r"(?:^|\s)(?:a|an|un|una)\s+$", re.IGNORECASE)
_DEMONYM = re.compile(r"(?:an|ean|ian|ish|ese|ch|ic|ino|ina|ano|ana|ense|eño|eña|és|esa)$")
_SPANISH_CONNECTORS = frozenset("de del la las los para por y".split())


def head_words(words: list[str]) -> list[str]:
    """The words of a name that may be its head, the likeliest first: the first word of a
    Spanish name ("Fundación Quetzal Digital", "Escuela Politécnica del Pichincha"), the last
    word before "of/for" or at the end of an English one ("Summit Circuit Supply", "Polish
    Institute for Educational Research").

    >>> head_words("summit circuit supply".split())[0]
    'supply'
    >>> head_words("universidad tecnológica de huejotzingo".split())[0]
    'universidad'
    """
    words = [w for w in words if not re.fullmatch(r"[\d–-]+|[ivxlc]+", w)] or words  # years, "XX"
    if not words:
        return []
    pre: list[str] = []
    for word in words:
        if word in ("of", "for", "de", "del", "para", "on", "sobre", "in", "en", "at"):
            break
        pre.append(word)
    last = pre[-1] if pre else words[0]
    spanish = bool(_SPANISH_CONNECTORS & set(words)) or re.search(
        r"(?:ción|dad|ía|ría|ón)$", words[0]
    )
    if spanish:
        return [words[0], last, words[-1], *words]
    return [last, words[-1], *reversed(pre), words[0], *words]


_ADJECTIVES = frozenset(
    """provincial regional nacional national estatal state municipal federal central public
    pública publico público general superior técnica técnico tecnológica tecnológico
    autónoma autonoma católica catolica popular metropolitana metropolitano departamental
    normal experimental politécnica politécnico internacional international""".split()
)


def _proper_name(org: str) -> bool:
    """Whether an organization's name has a name of its own beside its head and adjectives
    ("Colegio Santa Librada", not "Universidad Provincial" nor "Ministerio de Educación")."""
    words = [w.casefold() for w in org.split()]
    if set(words) & {"of", "for", "de", "del", "para", "la", "el"}:
        return False
    # the head is first in Spanish ("Colegio Santa Librada"), last in English ("Campbell
    # Collegiate"): a word that is neither head nor adjective is the name's own
    return len(words) > 1 and any(w not in pt.HEADS and w not in _ADJECTIVES for w in words)


class NameReader:
    """Reads what kind of thing each capitalised name is (the base of the extractor)."""

    def __init__(self, document: Document, gazetteer: Matcher | None) -> None:
        self.doc = document
        self.gazetteer = gazetteer
        # a unit and its parent named inside or beside it, for the structure pass
        self.pending_units: list[tuple[_Mention, _Mention]] = []
        # an organization and the place named after it ("Colegio X de Cali")
        self.pending_places: list[tuple[_Mention, _Mention]] = []

    def _known(self, name: str) -> bool:
        return bool(self.gazetteer and self.gazetteer.exact(name))

    def _classify(
        self,
        number: int,
        sentence: Sentence,
        start: int,
        end: int,
        name: str,
        before: str,
        after: str,
        headline: bool,
    ) -> list[_Mention]:
        """The mention(s) a capitalised run makes: its kind and class, and a unit split off its
        parent ("Faculty of Engineering of the University of Lima")."""
        based = re.match(r"^(?P<place>.+?)-based$", name)
        if based:  # "a Pittsburgh-based software company": where it is
            end = start + len(based.group("place"))
            return [_Mention(number, sentence, start, end, based.group("place"), Kind.PLACE,
                             EDGO + "Place", 0.6)]  # fmt: skip
        # a leading article is not part of the name ("La Paz" aside)
        stripped = re.match(r"^(?:the|el|la|los|las)\s+", name, re.IGNORECASE)
        if stripped and not _place_name(name):
            start += stripped.end()
            name = name[stripped.end() :]
        folded_words = [w.casefold().rstrip(".") for w in name.split()]
        if len(folded_words) == 1 and folded_words[0] in pt.MONTHS_AND_DAYS:
            return []
        if (
            len(folded_words) >= 3
            and folded_words[0] in pt.ROLE_WORDS
            and all(
                w[:1].isupper() and not w.isupper() and w.casefold() not in pt.HEADS
                for w in name.split()[1:3]
            )
        ):  # "Superintendent Mark Ellison", "Minister Ana Ruiz"
            title = re.match(r"^\S+\s+", name)
            assert title is not None
            before, start, name = folded_words[0], start + title.end(), name[title.end() :]
            folded_words = folded_words[1:]
        ngo = re.match(r"^(?:ONG|NGO|A\.C\.)\s+(?=[A-ZÁÉÍÓÚ])", name)
        if ngo and len(name.split()) >= 2:
            start, name = start + ngo.end(), name[ngo.end() :]
            folded_words = [w.casefold().rstrip(".") for w in name.split()]
            before = "ong"
        venue = _VENUE_OF.match(name)
        if venue and len(name) > venue.end():
            # "Aula Magna de la Universidad Austral": the room is not the host, its owner is
            start, name = start + venue.end(), name[venue.end() :]
            folded_words = [w.casefold().rstrip(".") for w in name.split()]
            before = "de"
        people = _PEOPLE_OF.match(name)
        if people and len(name) > people.end():
            # "Representatives of the Department of Education": the people are not the name
            start, name = start + people.end(), name[people.end() :]
            folded_words = [w.casefold().rstrip(".") for w in name.split()]
        office = _ROLE_TITLE.match(name)
        if office and len(name) > office.end():
            # "CEO of the Lakehurst Foundation", "Vice-Chancellor of Northgate University": a
            # person's role written with capitals, then the organization
            start, name = start + office.end(), name[office.end() :]
            before = "of"
            folded_words = [w.casefold().rstrip(".") for w in name.split()]
        if folded_words and folded_words[0] in pt.PERSON_TITLES:
            if len(folded_words) == 1:
                return []
            title = re.match(r"^\S+\s+", name)
            assert title is not None
            before, start, name = folded_words[0], start + title.end(), name[title.end() :]
            folded_words = folded_words[1:]
        parts = name.split()
        if (
            len(parts) >= 3
            and looks_like_acronym(parts[-1])
            and parts[-1] == initials(" ".join(parts[:-1]))
        ):  # "Office for Climate Education OCE": the name and its acronym
            head = self._classify(
                number,
                sentence,
                start,
                end - len(parts[-1]) - 1,
                " ".join(parts[:-1]),
                before,
                after,
                headline,
            )
            for mention in head:
                mention.alias = parts[-1]
            return head
        person_of = re.match(
            r"^(?P<person>\S+(?:\s+\S+){1,3}?)\s+(?:of|from|de|del)\s+(?:the\s+|la\s+|el\s+)?(?P<org>.+)$",
            name,
        )
        if (
            person_of
            and self._person(person_of.group("person"), before, ", ")
            and self._kind(person_of.group("org"), "", "")[0] in (Kind.ORGANIZATION, Kind.NETWORK)
        ):
            # "Dr. Helen Park of Bowdoin Marine Lab": a person, then where they work
            org_start = start + person_of.start("org")
            return [
                _Mention(
                    number,
                    sentence,
                    start,
                    start + person_of.end("person"),
                    person_of.group("person"),
                    Kind.PERSON,
                    EDGO + "Person",
                    0.8,
                ),
                *self._classify(
                    number, sentence, org_start, end, person_of.group("org"), "", after, headline
                ),
            ]
        split = self._unit_split(name)
        if split is not None and split[0] == name:
            # "Oficina Regional de la OIEC en Buenos Aires": the whole name is the unit's,
            # its parent is named inside it
            unit_text, parent_text, parent_offset = split
            whole = _Mention(
                number,
                sentence,
                start,
                end,
                name,
                Kind.ORGANIZATION,
                EDGO + "OrganizationalUnit",
                0.8,
            )
            owners = self._classify(
                number,
                sentence,
                start + parent_offset,
                start + parent_offset + len(parent_text),
                parent_text,
                "",
                "",
                headline,
            )
            for owner in owners:
                owner.inner = owner.attached = True
            if owners:
                self.pending_units.append((whole, owners[-1]))
            return [whole, *owners]
        if split is not None:
            unit_text, parent_text, parent_offset = split
            unit = self._classify(
                number, sentence, start, start + len(unit_text), unit_text, before, "", headline
            )
            parent = self._classify(
                number, sentence, start + parent_offset, end, parent_text, "", after, headline
            )
            if unit and parent:
                unit[-1].extent = -1  # marks the pair for _attach
                return [*unit, *parent]
        if (
            len(folded_words) >= 2
            and folded_words[-1] in pt.ROLE_WORDS
            and not set(folded_words) & {"of", "for", "de", "del", "para"}
            and not self._known(name)
        ):
            return []  # "Programme Officer", "Communications Director": a job title
        if len(folded_words) == 1 and folded_words[0] in pt.HEADS and not self._known(name):
            return []  # "Ecosystems", "the Network": a common noun written with a capital
        placed = re.match(r"^(?P<org>.+?)\s+(?:de|of|in|en)\s+(?P<place>[A-ZÁÉÍÓÚ][\w-]+)$", name)
        if (
            placed
            and fold(placed.group("place")) in _CITIES
            and _proper_name(placed.group("org"))
            and self._kind(placed.group("org"), "", "")[0] == Kind.ORGANIZATION
        ):
            # "Colegio Santa Librada de Cali": the organization, then where it is
            org = self._classify(
                number,
                sentence,
                start,
                start + len(placed.group("org")),
                placed.group("org"),
                before,
                "",
                headline,
            )
            place_start = start + placed.start("place")
            place = _Mention(
                number,
                sentence,
                place_start,
                end,
                placed.group("place"),
                Kind.PLACE,
                EDGO + "City",
                0.85,
            )
            place.attached = True
            place.inner = True
            if org:
                # the whole name stays the organization's ("Colegio Santa Librada de Cali"),
                # the shorter one an alias
                whole = org[-1]
                whole.alias = whole.alias or whole.text
                whole.text, whole.end = name, end
                self.pending_places.append((whole, place))
                return [*org, place]
        kind, cls, confidence = self._kind(name, before, after)
        called = _CALLED.search(sentence.text[: start - sentence.start])
        if called and not self._known(name):  # "the two-year scheme, called Library Coders"
            kind, cls = pt.DESCRIPTOR_NOUNS[called.group("noun").casefold()]
            confidence = 0.75
        role = _ROLE_BEFORE.search(sentence.text[: start - sentence.start])
        if kind is None and role and self._person(name, role.group("role"), after):
            # "la rectora de la Universidad del Pacífico Sur, Yolanda Caicedo": the role
            # before the organization is the person's title
            kind, cls, confidence = Kind.PERSON, EDGO + "Person", 0.75
        if (
            kind in (Kind.ORGANIZATION, Kind.NETWORK)
            and folded_words
            and folded_words[0] not in pt.HEADS
            and not self._known(name)
        ):
            described = _DESCRIBED_AS.search(sentence.text[: start - sentence.start])
            noun = described and (described.group("en") or described.group("noun"))
            if noun and pt.DESCRIPTOR_NOUNS[noun.casefold()][0] in (
                Kind.ORGANIZATION,
                Kind.NETWORK,
            ):  # "la asociación civil Letras en Movimiento": what it is, not its last word
                kind, cls = pt.DESCRIPTOR_NOUNS[noun.casefold()]
        if kind == Kind.ORGANIZATION and _SEASONAL.search(name):
            kind, cls = Kind.EVENT, EDGO + "Event"  # "Summer STEM Academy", "Summer Institute"
        if (
            (kind is None or name.isupper())
            and start == sentence.start == 0
            and number == 1
            and (re.match(r"^\s*(?:,|—|–|\(|-)", after))
        ):
            kind, cls, confidence = Kind.PLACE, EDGO + "City", 0.7  # a dateline: "CUSCO, Peru —"
        if (
            kind is None
            and re.search(r"\b(?:in|en)\s+$", sentence.text[: start - sentence.start])
            and (re.match(r"^\s*,\s*[A-Z]", after) or _EVENT_PLACE_WORDS.search(sentence.text))
        ):
            kind, cls, confidence = Kind.PLACE, EDGO + "Place", 0.6  # "held in Saskatoon"
        if headline and kind not in (Kind.EVENT,) and not self._known(name):
            return []  # headlines are in title case: only events and known names count there
        if kind is None and re.match(r"^\s*(?:,|\(|\.|$)", after):
            named = _NAMED_AFTER.search(sentence.text[: start - sentence.start])
            if named:  # "its flagship program, Safe Classrooms,": the noun says what it is
                kind, cls = pt.DESCRIPTOR_NOUNS[named.group("noun").casefold()]
                return [_Mention(number, sentence, start, end, name, kind, cls, 0.75)]
        if (
            kind is None
            and len(folded_words) >= 2
            and _ORDINAL_BEFORE.search(sentence.text[: start - sentence.start])
            and not self._person(name, before, after)
        ):  # "the city's first Family Science Night", "la tercera Muestra X": an event
            kind, cls, confidence = Kind.EVENT, EDGO + "Event", 0.7
        if kind is None:
            described = _DESCRIBED_AS.search(sentence.text[: start - sentence.start])
            if described:  # "the charity Green Schools Trust", "la agencia suiza Helvetas"
                noun = described.group("en") or described.group("noun")
                kind, cls = pt.DESCRIPTOR_NOUNS[noun.casefold()]
                return [_Mention(number, sentence, start, end, name, kind, cls, 0.75)]
            # "el programa Mar Abierto", "la empresa Navix", "the Mar Abierto programme"
            follow = re.match(r"^\s+([a-záéíóúñ]+)\b", after)
            if _MODIFIER.search(sentence.text[: start - sentence.start]) or (
                len(folded_words) == 1 and _DEMONYM.search(folded_words[0])
            ):
                follow = None  # "a European network", "the Andean network": an adjective
            for word in (before.casefold(), follow.group(1) if follow else ""):
                if word in pt.HEADS and word not in ("day", "week", "semana", "jornada"):
                    kind, cls = pt.HEADS[word]
                    if follow and word == follow.group(1) and kind == Kind.EVENT:
                        # "the North American gathering": the head noun is part of the name
                        end += follow.end()
                        name = f"{name} {word}"
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
                    inner = _Mention(
                        number,
                        sentence,
                        start + of.start("rest"),
                        end,
                        rest,
                        Kind.NETWORK,
                        self._kind(rest, "", "")[1],
                        0.8,
                    )
                    inner.inner = True
                    return [mention, inner]
        return [mention]

    def _possessive_units(
        self, number: int, text: str, sentence: Sentence, named: list[_Mention]
    ) -> list[_Mention]:
        """ "the Tidewater Institute's education office": a unit of the organization, named
        by its owner and a common noun."""
        out = []
        for owner, owned in itertools.pairwise(named):
            # "Greystone University's School of Education": a named unit of a named owner
            if (
                not headline_of(owner)
                and owner.kind in (Kind.ORGANIZATION, Kind.NETWORK)
                and owned.kind == Kind.ORGANIZATION
                and re.fullmatch(r"['’]s\s+", text[owner.end : owned.start])
                and _unit_like(owned.text)
            ):
                owner.attached = True
                self.pending_units.append((owned, owner))
        for mention in named:
            if mention.kind not in (Kind.ORGANIZATION, Kind.NETWORK, None) or headline_of(mention):
                continue
            match = _POSSESSIVE_UNIT.match(text, mention.end)
            if not match:
                continue
            unit = _Mention(
                number,
                sentence,
                mention.start,
                match.end(),
                text[mention.start : match.end()],
                Kind.ORGANIZATION,
                EDGO + "OrganizationalUnit",
                0.7,
            )
            if mention.kind is None:
                mention.kind, mention.cls, mention.confidence = (
                    Kind.ORGANIZATION,
                    EDGO + "Organization",
                    0.6,
                )
            mention.inner = mention.attached = True
            unit.inner = True  # it overlaps its owner's name
            self.pending_units.append((unit, mention))
            out.append(unit)
        return out

    def _unit_split(self, name: str) -> tuple[str, str, int] | None:
        splits = list(re.finditer(r"\s+(?:of|at|de|del)\s+(?:the\s+|la\s+|el\s+)?", name, re.I))
        for match in reversed(splits):  # the parent is the last organization named
            if name[match.end() :].split()[0].casefold() in ("in", "en"):
                continue
            unit, parent = name[: match.start()], name[match.end() :]
            located = re.search(r"\s+(?:in|en)\s+(?P<place>\S.*)$", parent)
            if located and _place_name(located.group("place")):
                parent = parent[: located.start()]  # "Oficina de la OIEC en Buenos Aires"
                unit = name
            unit_words = {w.casefold() for w in unit.split()}
            if not unit_words & pt.UNIT_HEADS or len(unit.split()) < 2:
                continue
            if self._known(parent) or self._kind(parent, "", "")[0] in (
                Kind.ORGANIZATION,
                Kind.NETWORK,
            ):
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
        order = head_words(words)
        for word in order:
            if word in pt.HEADS:
                kind, cls = pt.HEADS[word]
                if word == "departamento" and "educacion" in folded:
                    cls = EDGO + "GovernmentBody"
                if word == "department" and "education" not in folded:
                    cls = EDGO + "OrganizationalUnit"
                return kind, cls, 0.85
        if self._person(name, before, after):
            return Kind.PERSON, EDGO + "Person", 0.8
        if looks_like_acronym(name) and len(words) == 1:
            return Kind.ORGANIZATION, EDGO + "Organization", 0.6
        return None, None, 0.4

    def _person(self, name: str, before: str, after: str) -> bool:
        parts = name.split()
        if not 2 <= len(parts) <= 4 or any(looks_like_acronym(p) for p in parts):
            return False
        if not all(
            p[0].isupper() or p.casefold() in ("de", "del", "la", "van", "von", "da") for p in parts
        ):
            return False
        if fold(parts[0]) in {fold(n) for n in pt.FIRST_NAMES}:
            return True
        if before.casefold().rstrip(".") in pt.PERSON_TITLES | pt.ROLE_WORDS:
            return True
        # "Ana Ruiz, director of...": a role right after the name ("X, and Professor Y" is
        # a list, whose next item has the role)
        cue = re.match(
            r"^\s*,\s*(?!(?:and|y|e|or|o|as|así)\s)(?:the\s+|la\s+|el\s+)?"
            r"([\w-]+(?:\s+[\w-]+){0,3})",
            after,
        )
        if cue and any(w.casefold() in pt.ROLE_WORDS for w in cue.group(1).split()):
            return True
        next_word = re.match(r"^\s*,?\s*(\w+)", after)
        return bool(next_word and next_word.group(1).casefold() in pt.SAY_WORDS)

    def _event_modifiers(self, mention: _Mention, sentence: Sentence) -> None:
        """ "second Meeting", "a series of Regional Meetings": the words before a named event."""
        text = sentence.text
        local = mention.start - sentence.start
        before = text[:local]
        ordinal = re.search(
            r"(?:^|\s)(" + "|".join(pt.ORDINALS) + r"|annual|anual|regional|"
            r"national|nacional|international|internacional)\s+$",
            before,
            re.I,
        )
        if ordinal and before[ordinal.start(1) - 1 : ordinal.start(1)] in ("", " "):
            word = ordinal.group(1)
            mention.start -= len(before) - ordinal.start(1)
            mention.text = word[0].upper() + word[1:] + " " + mention.text
        if re.search(r"\b(?:series|serie|ciclo|round)\s+(?:of|de)\s+$", before, re.I):
            mention.cls = EDGO + "EventSeries"
