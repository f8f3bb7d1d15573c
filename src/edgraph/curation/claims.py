"""Claims: qualified numbers ("more than 120 institutions", "unas 60 bibliotecas", "in its fifth
year") with what they count and the entity they are about, dated as of the article.
"""

from __future__ import annotations

import re

from edgraph.curation import patterns as pt
from edgraph.curation.dates import find_dates
from edgraph.curation.facts import FactFinder, _evidence
from edgraph.curation.model import (
    CandidateClaim,
)
from edgraph.curation.names import _Mention
from edgraph.curation.roles import Kind, Measure, Qualifier
from edgraph.curation.text import Sentence

_NUMBER = (
    r"(?P<num>\d{1,3}(?:[.,\u202f ]\d{3})+|\d+(?:[.,]\d+)?|"
    + "|".join(sorted(pt.NUMBER_WORDS, key=len, reverse=True))
    + r")(?:\s+(?P<scale>million|millones|mil|thousand))?"
)

_CLAIM = re.compile(
    r"(?<![\w.,])"
    + _NUMBER
    + r"\s+(?P<mods>(?:[\w-]+\s+){0,3}?)(?P<noun>"
    + "|".join(sorted(pt.MEASURE_NOUNS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)

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

_GATHERS = re.compile(
    r"\b(?:brings?\s+together|brought\s+together|gathers|unites|counts|includes|comprises|"
    r"(?:is|are)\s+made\s+up\s+of|(?:network|community|alliance|coalition|group)\s+of|"
    r"agrupa|agrupaba|reúne|reunía|congrega|integra|suma|cuenta\s+con|incluye|"
    r"(?:red|comunidad|alianza|coalición|grupo)\s+de)\b[^,;]*$",
    re.IGNORECASE,
)


class ClaimFinder(FactFinder):
    def _claims(self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]) -> None:
        if number == 0:
            return
        dates = find_dates(sentence.text)
        found: list[tuple[int, int, float, Measure, Qualifier]] = []
        for match in _CLAIM.finditer(sentence.text):
            if any(d.start <= match.start("num") < d.end for d in dates if not d.year_only):
                continue
            if re.search(
                r"(?:no\.|target|meta|sdg|ods|goal)\s*$", sentence.text[: match.start()], re.I
            ):
                continue
            value = _number(match.group("num"), match.group("scale"))
            if value is None:
                continue
            noun = match.group("noun").casefold()
            following = re.match(r"\s+([\w-]+)", sentence.text[match.end() :])
            if following and following.group(1).casefold() in pt.MEASURE_NOUNS:
                noun = following.group(1).casefold()  # "300 member schools": schools
            measure = pt.MEASURE_NOUNS[noun]
            clause = re.split(r"[;:]|,\s+(?:and|y)\b", sentence.text[: match.start()])[-1]
            owner = [
                m for m in mentions if m.entity >= 0 and m.start < sentence.start + match.start()
            ]
            if (
                measure == Measure.PARTICIPANTS
                and _GATHERS.search(clause[-60:])
                and not (owner and self.entities[owner[-1].entity].kind == Kind.EVENT)
            ):
                # "a network that brings together 200 teachers", "agrupa a más de 200
                # docentes": people a group counts are its members
                measure = Measure.MEMBERS
            found.append(
                (
                    match.start(),
                    match.end(),
                    value,
                    measure,
                    _qualifier(sentence.text[: match.start()]),
                )
            )
        for match in _YEAR_OF_OPERATION.finditer(sentence.text):
            found.append(
                (
                    match.start(),
                    match.end(),
                    pt.ORDINALS[match.group("ord").casefold()],
                    Measure.YEAR_OF_OPERATION,
                    Qualifier.EXACTLY,
                )
            )
        for pattern, measure in (
            (_YEARS_OF_EXISTENCE, Measure.YEARS_OF_EXISTENCE),
            (_PER_YEAR, Measure.CONVENINGS_PER_YEAR),
        ):
            for match in pattern.finditer(sentence.text):
                value = _number(match.group("num"), match.group("scale"))
                if value is not None:
                    found = [f for f in found if not (f[0] < match.end() and match.start() < f[1])]
                    found.append(
                        (
                            match.start(),
                            match.end(),
                            value,
                            measure,
                            _qualifier(sentence.text[: match.start()]),
                        )
                    )
        as_of, as_of_type = self._as_of()
        people = any(f[3] == Measure.PARTICIPANTS for f in found)
        for start, end, value, measure, qualifier in sorted(found):
            if measure == Measure.COUNTRIES and people:
                # "300 teachers from nine countries gathered...": the countries the
                # participants come from
                measure_of = Measure.PARTICIPANTS
            else:
                measure_of = measure
            about = self._claim_subject(mentions, sentence.start + start, measure_of)
            if about is None:
                continue
            self.claims.append(
                CandidateClaim(
                    f"e{about}",
                    int(value) if float(value).is_integer() else value,
                    qualifier,
                    measure,
                    as_of,
                    as_of_type,
                    _evidence(number, text, sentence, sentence.start + start, sentence.start + end),
                    0.75,
                )
            )

    def _claim_subject(
        self, mentions: list[_Mention], position: int, measure: Measure
    ) -> int | None:
        known = [m for m in mentions if m.entity >= 0]
        if measure == Measure.PARTICIPANTS:
            events = [m.entity for m in known if self.entities[m.entity].kind == Kind.EVENT]
            return events[0] if events else self.main_event
        if measure == Measure.MEMBERS:
            groups = [
                m.entity
                for m in known
                if m.start < position
                and self.entities[m.entity].kind in (Kind.NETWORK, Kind.ORGANIZATION)
            ]
            return groups[-1] if groups else self.main_network
        if measure == Measure.CONVENINGS_PER_YEAR:
            networks = [m.entity for m in known if self.entities[m.entity].kind == Kind.NETWORK]
            return networks[0] if networks else self.main_network
        if measure == Measure.YEAR_OF_OPERATION and not any(m.start < position for m in known):
            # "Now in its third year, the academy is...": the subject after the phrase
            after = [m.entity for m in known if m.start > position]
            if after:
                return after[0]
        before = [
            m.entity
            for m in known
            if m.start < position
            and self.entities[m.entity].kind in (Kind.NETWORK, Kind.ORGANIZATION)
        ]
        networks = [e for e in before if self.entities[e].kind == Kind.NETWORK]
        if networks:
            return networks[-1]
        if before:
            return before[-1]
        return self.main_network


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
