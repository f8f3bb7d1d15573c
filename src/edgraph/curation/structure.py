"""Structure between named things: units of organizations ("X of Y", "Y's X", a name that
starts with its parent's), people's positions (works for, with the role as written), where
organizations are based, and when and where they were founded.
"""

from __future__ import annotations

import itertools
import re

from edgraph.catalog import fold
from edgraph.curation import patterns as pt
from edgraph.curation.dates import find_dates
from edgraph.curation.events import EventFinder
from edgraph.curation.facts import _evidence, _unit_class
from edgraph.curation.match import exact_key, looks_like_acronym
from edgraph.curation.model import (
    CandidateAttribute,
)
from edgraph.curation.names import _KIND_OF_CATALOG, _Mention, _unit_like, head_words
from edgraph.curation.roles import DEFAULT_CLASS, Kind, Role
from edgraph.curation.text import Sentence
from edgraph.namespaces import EDGO

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
    r"(?:the\s+city\s+of\s+|la\s+ciudad\s+de\s+|the\s+|la\s+|el\s+)?$",
    re.IGNORECASE,
)
#: "Y, who heads X" / "Y, quien dirige X": the role the verb names.
_HEAD_VERBS = {
    "heads": "head", "leads": "leader", "directs": "director", "chairs": "chair",
    "runs": "head", "manages": "manager", "coordinates": "coordinator", "founded": "founder",
    "dirige": "director", "preside": "presidente", "coordina": "coordinador",
    "lidera": "líder", "encabeza": "líder", "fundó": "fundador", "gestiona": "gestor",
}  # fmt: skip
_WHO_HEADS = re.compile(
    r"\s*,\s*(?:who|quien|que)\s+(?:also\s+|también\s+)?(?P<verb>" + "|".join(_HEAD_VERBS) + r")\s+"
    r"(?:the\s+|la\s+|el\s+|los\s+|las\s+)?",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(r"\s*\(\s*(?:the\s+|la\s+|el\s+)?")
_ROLE_THEN_OF = re.compile(
    r"\s*,\s*(?:the\s+|la\s+|el\s+|a\s+|an\s+|una?\s+)?"
    r"(?:(?!(?:and|y|e|or|o|del|de|of)\s)[\w'’-]+\s+){0,3}?(?:"
    + "|".join(sorted(pt.ROLE_WORDS, key=len, reverse=True))
    + r")(?:\s+[\w'’-]+){0,3}?\s+(?:of|at|for|de|del)\s+(?:the\s+|la\s+|el\s+)?",
    re.IGNORECASE,
)
#: Fields an office is "of" ("secretaria de Educación de Pasto"), not organizations.
_AREAS = frozenset(
    """educacion tecnologia innovacion cultura ciencia ciencias salud deporte deportes
    comunicacion comunicaciones desarrollo planeacion planificacion investigacion extension
    education technology innovation culture science health sport sports communications
    development planning research outreach""".split()
)
_THROUGH_UNIT = re.compile(
    r"\s*,?\s*(?:a\s+través\s+(?:de\s+su|de\s+la|del)|por\s+medio\s+(?:de\s+su|de\s+la|del)|"
    r"mediante\s+(?:su|la|el)|through\s+its|via\s+its|by\s+way\s+of\s+its)\s+",
    re.IGNORECASE,
)
_WITHIN = re.compile(
    r"\s*,\s*(?:a|an|un|una)\s+(?:[\w-]+\s+){0,3}?(?:within|inside|housed\s+in|dentro\s+de|"
    r"adscrit[oa]\s+a)\s+(?:its|the|su|la|el|al)\s+",
    re.IGNORECASE,
)

#: Titles that name the office their holder works for (folded), and that office's head words.
_OFFICES = {
    **dict.fromkeys(
        ("minister", "ministro", "ministra", "viceministro", "viceministra", "vice-minister"),
        frozenset({"ministry", "ministerio"}),
    ),
    **dict.fromkeys(
        ("secretary", "secretario", "secretaria"),
        frozenset({"secretariat", "secretaria", "department", "departamento"}),
    ),
    **dict.fromkeys(("director", "directora"), frozenset({"direccion", "directorate"})),
    **dict.fromkeys(("gerente",), frozenset({"gerencia"})),
    **dict.fromkeys(
        ("governor", "gobernador", "gobernadora"), frozenset({"gobernacion", "government"})
    ),
    **dict.fromkeys(
        ("mayor", "alcalde", "alcaldesa"), frozenset({"alcaldia", "municipalidad", "city"})
    ),
}
_OFFICE_ROLE = re.compile(
    r"(?P<role>\b(?P<title>" + "|".join(_OFFICES) + r")"
    r"(?:\s+(?:general|de\s+estado|provincial|departamental|estatal|nacional))?"
    r"(?:\s+(?:de|del|of|for)\s+(?:la\s+|el\s+|the\s+)?(?P<field>[A-ZÁÉÍÓÚ][\w-]+"
    r"(?:(?:\s+|,\s*|\s+(?:y|and|e)\s+)[A-ZÁÉÍÓÚ][\w-]+)*))?)"
    r"(?:\s+(?:departamental|provincial|estatal|nacional))?\s*,?\s*$",
    re.IGNORECASE,
)


class StructureFinder(EventFinder):
    def _structure(
        self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]
    ) -> None:
        for org, place in self.pending_places:
            if org in mentions and org.entity >= 0 and place.entity >= 0:
                self._relation(
                    Role.LOCATED_IN,
                    org.entity,
                    place.entity,
                    number,
                    text,
                    sentence,
                    org.start,
                    place.end,
                    0.75,
                )
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
                and (len(mention.text.split()) > 1 or looks_like_acronym(mention.text))
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
        for person, org in itertools.pairwise(mentions):
            if (
                person.kind == Kind.PERSON
                and org.kind is None
                and org.entity < 0
                and _ROLE_THEN_OF.fullmatch(text[person.end : org.start])
                and fold(org.text.split()[0]) not in _AREAS
                and self._named_twice(org.text)
            ):
                self._agent(org)  # "Lucía Gimeno, coordinadora de Escuelas Abiertas"
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
                and entity.kind in (Kind.ORGANIZATION, Kind.NETWORK)
                and self.entities[nxt.entity].kind == Kind.ORGANIZATION
                and _unit_like(nxt.text)
                and _THROUGH_UNIT.fullmatch(gap)
            ):  # "la Universidad de Nariño, a través de su Departamento de Física"
                self._unit(
                    nxt.entity, mention.entity, number, text, sentence, mention.start, nxt.end, 0.75
                )
            if (
                nxt
                and entity.kind in (Kind.ORGANIZATION, Kind.NETWORK)
                and self.entities[nxt.entity].kind == Kind.ORGANIZATION
                and _WITHIN.fullmatch(gap)
            ):  # "the Bilingual Classrooms Lab, a research center within its School of Education"
                self._unit(
                    mention.entity, nxt.entity, number, text, sentence, mention.start, nxt.end, 0.7
                )
            if (
                nxt
                and self.entities[nxt.entity].kind == Kind.PLACE
                and entity.kind in (Kind.ORGANIZATION, Kind.NETWORK)
                and re.fullmatch(r"\s*,\s*(?:a|an)\s+", gap)
                and re.match(r"-based\b", text[nxt.end : nxt.end + 6])
            ):  # "Brightpath Technologies, a Pittsburgh-based software company"
                nxt.attached = True
                self._relation(
                    Role.LOCATED_IN, mention.entity, nxt.entity, number, text, sentence,
                    mention.start, nxt.end + 6, 0.7,
                )  # fmt: skip
            if (
                nxt
                and self.entities[nxt.entity].kind == Kind.PLACE
                and entity.kind in (Kind.ORGANIZATION, Kind.NETWORK)
                and _BASED_IN.match(gap)
            ):
                plain_in = re.fullmatch(r"\s*(?:in|en|at)\s+", gap, re.I) is not None
                at_event = (
                    re.fullmatch(r"\s*,?\s*(?:in|en|at)\s+", gap, re.I)
                    and re.search(
                        r"\b(?:at|en|in|on)\s+(?:the\s+|el\s+|la\s+|las\s+)?(?:(?:campus|premises|"
                        r"grounds|facilities|instalaciones|sede|auditorio|auditorium)\s+"
                        r"(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?)?$",
                        text[max(sentence.start, mention.start - 40) : mention.start],
                        re.I,
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
                if not any(
                    r.role == Role.WORKS_FOR and r.agent == f"e{mention.entity}"
                    for r in self.relations
                ):
                    self._office(mention, number, text, sentence)
        self._unit_prefixes(resolved, number, text, sentence)
        self._event_places(resolved, number, text, sentence)
        self._event_hosts(resolved, number, text, sentence)
        self._founding(resolved, number, text, sentence)

    def _named_twice(self, name: str) -> bool:
        """Whether ``name`` occurs more than once in the document (headline included)."""
        count = self.doc.headline.count(name) + sum(p.text.count(name) for p in self.doc.paragraphs)
        return count > 1

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

    def _office(self, person: _Mention, number: int, text: str, sentence: Sentence) -> None:
        """ "la ministra de Educación, Silvia Rojas", "Minister Hannah Clearwater": a role that
        names an office works for the one organization of the article that is that office
        ("Ministerio de Educación del Chaco", "Ministry of Learning and Literacy")."""
        before = text[max(sentence.start, person.start - 70) : person.start]
        said = _OFFICE_ROLE.search(before)
        if not said:
            return
        offices = _OFFICES[said.group("title").casefold()]
        field = {fold(w) for w in re.findall(r"\w+", said.group("field") or "")}
        found = set()
        for index, entity in enumerate(self.entities):
            if entity.kind != Kind.ORGANIZATION or not entity.mentions:
                continue
            words = [fold(w) for w in entity.name.split()]
            if not words or not ({words[0], head_words(words)[0]} & offices):
                continue
            if field and not field & set(words):
                continue
            found.add(index)
        if len(found) != 1:
            return
        self._relation(
            Role.WORKS_FOR,
            person.entity,
            found.pop(),
            number,
            text,
            sentence,
            person.start - len(said.group()),
            person.end,
            0.65,
            role_name=" ".join(said.group("role").split()),
        )

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
            heads = _WHO_HEADS.fullmatch(between)
            if heads or (
                _AFFILIATION.fullmatch(between) and text[org.end : org.end + 2].strip()[:1] == ")"
            ):
                # "Mark Dunn, who heads the Pell Foundation", "Ana Ruiz (Universidad del Valle)"
                verb = heads.group("verb").casefold() if heads else ""
                self._relation(
                    Role.WORKS_FOR, person.entity, org.entity, number, text, sentence,
                    person.start, org.end, 0.7 if heads else 0.6,
                    role_name=_HEAD_VERBS.get(verb),
                )  # fmt: skip
                return
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
            direct = re.fullmatch(
                r"(?:['’]s)?\s+(?P<role>(?:[\w-]+\s+){0,3}?[\w-]+)(?:\s+|\s*,\s+)", between
            )  # "X's chief executive, Ana Lowry" too
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
            fronted = None
            if not subjects and match.start() == 0:
                # "Founded in 1987 in Denver, the Lakehurst Foundation supports...": the
                # subject of the sentence, after the participle's clause
                comma = sentence.text.find(",", match.end())
                fronted = next(
                    (
                        m
                        for m in resolved
                        if comma >= 0
                        and m.start >= sentence.start + comma
                        and self.entities[m.entity].kind
                        in (Kind.ORGANIZATION, Kind.NETWORK, Kind.PROJECT)
                        and re.fullmatch(
                            r",\s*(?:the\s+|el\s+|la\s+|los\s+|las\s+)?",
                            text[sentence.start + comma : m.start],
                            re.I,
                        )
                    ),
                    None,
                )
            if not subjects and fronted is None:
                continue
            subject = fronted or subjects[-1]
            between = "" if fronted else text[max(subject.extent, subject.end) : start]
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
