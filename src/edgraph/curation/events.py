"""Events: where and when they are (places, dates), who hosts them at their premises, which
workshop or panel is part of which event, and which network an event belongs to.
"""

from __future__ import annotations

import re

from edgraph.curation import patterns as pt
from edgraph.curation.dates import DateMention, find_dates, relative_dates
from edgraph.curation.facts import FactFinder, _evidence
from edgraph.curation.match import exact_key
from edgraph.curation.model import (
    CandidateAttribute,
)
from edgraph.curation.names import _SMALL_EVENTS, _Entity, _Mention
from edgraph.curation.roles import Kind, Role
from edgraph.curation.text import Sentence
from edgraph.namespaces import EDGO

_EVENT_PLACE_VERBS = re.compile(
    r"\b(?:held|hold|holds|took\s+place|takes\s+place|take\s+place|will\s+meet|met|meet|"
    r"gathered|gather|convene[sd]?|hosted|tuvo\s+lugar|tendrá\s+lugar|se\s+realizó|se\s+realizará|"
    r"se\s+realiza|se\s+llevó\s+a\s+cabo|se\s+llevará\s+a\s+cabo|se\s+celebró|se\s+celebrará|"
    r"se\s+reunieron|se\s+reunirán|reunirá|reunió|se\s+desarrolló|se\s+desarrollará|"
    r"celebrad[oa]|realizad[oa]|will\s+be\s+held|was\s+held|is\s+held|be\s+held)\b",
    re.IGNORECASE,
)

_SUB_EVENT_CUE = re.compile(
    r"\b(?:(?:programme|program|agenda|programa|schedule)\s+(?:also\s+)?(?:included|includes|"
    r"featured|features|incluyó|incluye|contempló|contempla)|during|as\s+part\s+of|within|over\s+the\s+course\s+of|in\s+the\s+course\s+of|"
    r"in\s+the\s+framework\s+of|on\s+the\s+sidelines\s+of|durante|como\s+parte\s+de|"
    r"en\s+el\s+marco\s+de|dentro\s+de|a\s+lo\s+largo\s+de|en\s+la\s+(?:primera|segunda|"
    r"tercera|última)\s+jornada)\b",
    re.IGNORECASE,
)

_GATHERED = re.compile(
    r"\b(?:gathered|met|spent|convened|came\s+together|assembled|se\s+reunieron|se\s+dieron\s+cita|"
    r"se\s+congregaron|pasaron)\b",
    re.IGNORECASE,
)
_AT_EVENT = re.compile(
    r"\b(?:(?:at|during)\s+(?:the|its|this)\s+(?:\w+\s+)?(?:opening|closing|inauguration|launch|"
    r"ceremony|event|session|signing)|(?:opening|closing|inaugurating)\s+the\s+(?:\w+\s+)?"
    r"(?:event|conference|meeting|summit|forum|session|ceremony|congress|fair|festival)|"
    r"(?:en|durante)\s+(?:la|el)\s+(?:inauguración|apertura|clausura|acto|ceremonia|firma|"
    r"presentación|lanzamiento|sesión\s+inaugural|sesión\s+de\s+clausura))\b",
    re.IGNORECASE,
)


class EventFinder(FactFinder):
    def _event_hosts(
        self, resolved: list[_Mention], number: int, text: str, sentence: Sentence
    ) -> None:
        """ "a workshop on March 6 at the Hamilton Public Library": the organization at whose
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
            events = [
                m
                for m in resolved
                if m.end <= org.start and self.entities[m.entity].kind == Kind.EVENT
            ]
            if not events and _GATHERED.search(sentence.text):
                # "120 girls spent a week at X for the Camp", "gathered at X for the Forum"
                events = [
                    m
                    for m in resolved
                    if m.start >= org.end and self.entities[m.entity].kind == Kind.EVENT
                ][:1]
            if not events:
                continue
            if re.search(r"\ben\s+(?:el|la)?\s*$", before, re.I) and not _EVENT_PLACE_VERBS.search(
                sentence.text
            ):
                continue
            self._relation(
                Role.HOST,
                org.entity,
                events[-1].entity,
                number,
                text,
                sentence,
                org.start,
                org.end,
                0.6,
            )

    def _speakers(
        self, resolved: list[_Mention], number: int, text: str, sentence: Sentence
    ) -> None:
        """ "Opening the event, Professor X said", "En la inauguración, la rectora, X,
        defendió", "afirmó X durante la firma": people who speak at an event take part in it."""
        at = _AT_EVENT.search(sentence.text)
        if not at or number == 0:
            return
        events = [m.entity for m in resolved if self.entities[m.entity].kind == Kind.EVENT]
        targets = events[:1] or self._focus(Role.PARTICIPANT, number)
        for person in resolved:
            if self.entities[person.entity].kind != Kind.PERSON:
                continue
            for target in targets:
                self._relation(
                    Role.PARTICIPANT,
                    person.entity,
                    target,
                    number,
                    text,
                    sentence,
                    sentence.start + at.start(),
                    sentence.start + at.end(),
                    0.6,
                )

    def _event_places(
        self, resolved: list[_Mention], number: int, text: str, sentence: Sentence
    ) -> None:
        """ "The meeting took place in Monterrey, Mexico": where an event is."""
        places = [
            m for m in resolved if self.entities[m.entity].kind == Kind.PLACE and not m.attached
        ]
        if not places:
            return
        verb = _EVENT_PLACE_VERBS.search(sentence.text)
        events = [m.entity for m in resolved if self.entities[m.entity].kind == Kind.EVENT]
        if not events and (verb is None or self.main_event is None):
            return
        if not events and not self._focus(Role.HOST, number):
            return  # the main event is only named further on
        target = events[0] if events else self.main_event
        assert target is not None
        if self.entities[target].kind != Kind.EVENT:
            return
        for place in places:
            before = text[max(0, place.start - 25) : place.start]
            if re.search(
                r"(?:\b(?:in|en|at)\s+(?:the\s+city\s+of\s+|la\s+ciudad\s+de\s+)?)$", before, re.I
            ):
                if verb is None and not events:
                    return
                if any(
                    r.role == Role.LOCATED_IN and r.agent == f"e{target}" for r in self.relations
                ):
                    return
                self._relation(
                    Role.LOCATED_IN,
                    target,
                    place.entity,
                    number,
                    text,
                    sentence,
                    place.start,
                    place.end,
                    0.75 if verb else 0.6,
                )
                return

    def _dates(self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]) -> None:
        """Start and end dates of the events a sentence is about."""
        if number == 0:
            return
        dates = [d for d in find_dates(sentence.text) if not d.year_only]
        published = self.doc.published
        relative = relative_dates(sentence.text, published) if published else []
        dates += relative
        if not dates:
            return
        events = list(
            dict.fromkeys(
                m.entity
                for m in mentions
                if m.entity >= 0 and self.entities[m.entity].kind == Kind.EVENT
            )
        )
        if not events and self.main_event is not None and _EVENT_PLACE_VERBS.search(sentence.text):
            events = [self.main_event]
        for date in dates:
            if (
                published
                and date.begin.as_date() == published
                and date.finish is None
                and date not in relative
            ):
                continue  # the dateline
            confidence = 0.6 if date in relative else 0.8
            for event in events:
                dated = [
                    a
                    for a in self.attributes
                    if a.entity == f"e{event}" and a.attribute in ("start_date", "end_date")
                ]
                if any(a.attribute == "start_date" and a.confidence >= confidence for a in dated):
                    continue
                for attribute in dated:  # "this Friday", then "from April 11 to 12"
                    self.attributes.remove(attribute)
                self._date_attributes(event, date, number, text, sentence, confidence)
                break

    def _date_attributes(
        self,
        event: int,
        date: DateMention,
        number: int,
        text: str,
        sentence: Sentence,
        confidence: float = 0.8,
    ) -> None:
        year = self._reference_year()
        begin = date.begin if date.begin.year or year is None else date.begin.with_year(year)
        if begin.year is None:
            return
        evidence = _evidence(
            number, text, sentence, sentence.start + date.start, sentence.start + date.end
        )
        value, datatype = begin.lexical()
        self.attributes.append(
            CandidateAttribute(f"e{event}", "start_date", value, datatype, evidence, confidence)
        )
        if date.finish is not None:
            finish = date.finish if date.finish.year else date.finish.with_year(begin.year)
            value, datatype = finish.lexical()
            self.attributes.append(
                CandidateAttribute(f"e{event}", "end_date", value, datatype, evidence, confidence)
            )

    def _event_structure(self) -> None:
        """Workshops and panels inside a bigger event; the main event inside a series; an
        event named after its network."""
        main = self.main_event
        series = [i for i, e in enumerate(self.entities) if e.cls == EDGO + "EventSeries"]
        for index, entity in enumerate(self.entities):
            if entity.kind != Kind.EVENT or not entity.mentions:
                continue
            mention = entity.mentions[0]
            if (
                main is not None
                and index != main
                and (entity.cls in _SMALL_EVENTS or index in self.part_events)
                and (self._inside(index, main, mention))
            ):
                self._relation(
                    Role.SUB_EVENT, index, main, mention.paragraph, *self._where(mention), 0.6
                )
            if index == main and series and series[0] != index:
                self._relation(
                    Role.SUB_EVENT, index, series[0], mention.paragraph, *self._where(mention), 0.5
                )
            self._event_of_description(index, entity)
            for other in entity.mentions:
                of = re.search(r"\b(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?(.+)$", other.text)
                if not of:
                    continue
                network = self.by_key.get(exact_key(of.group(1)))
                if network is not None and self.entities[network].kind == Kind.NETWORK:
                    self._relation(
                        Role.EVENT_OF, index, network, other.paragraph, *self._where(other), 0.8
                    )
                    break

    def _event_of_description(self, index: int, entity: _Entity) -> None:
        """ "a virtual convening of the X Community", "its annual convening" (X's): the
        network whose event this is."""
        for mention in entity.mentions:
            text = self._where(mention)[0]
            same_sentence = self.sentence_mentions[(mention.paragraph, mention.sentence.start)]
            owner_of = [
                m
                for m in same_sentence
                if m.entity >= 0
                and m.end <= mention.start
                and self.entities[m.entity].kind == Kind.NETWORK
                and re.fullmatch(r"['’]s\s+", text[m.end : mention.start])
            ]
            if owner_of:  # "the network's North American gathering"
                self._relation(
                    Role.EVENT_OF,
                    index,
                    owner_of[-1].entity,
                    mention.paragraph,
                    text,
                    mention.sentence,
                    owner_of[-1].start,
                    mention.end,
                    0.75,
                )
                return
            if not mention.descriptive or mention.paragraph == 0:
                continue
            same = [
                m
                for m in self.sentence_mentions[(mention.paragraph, mention.sentence.start)]
                if m.entity >= 0
                and self.entities[m.entity].kind == Kind.NETWORK
                and not m.descriptive
            ]
            after = [
                m
                for m in same
                if m.start >= mention.end
                and re.fullmatch(
                    r"\s+(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?", text[mention.end : m.start], re.I
                )
            ]
            before = [m for m in same if m.end <= mention.start]
            owner = None
            if after:
                owner = after[0]
            elif (
                before
                and re.match(r"(?:its|their|su|sus)\b", mention.text, re.I) is None
                and (
                    re.search(
                        r"\b(?:its|their|su|sus)\s+(?:\w+\s+){0,3}$",
                        text[
                            max(0, mention.start - 40) : mention.start
                            + len(mention.text.split()[0])
                        ],
                        re.I,
                    )
                )
            ):
                owner = before[0]
            if owner is not None:
                self._relation(
                    Role.EVENT_OF,
                    index,
                    owner.entity,
                    mention.paragraph,
                    text,
                    mention.sentence,
                    mention.start,
                    owner.end,
                    0.7,
                )
                return

    def _inside(self, event: int, main: int, mention: _Mention) -> bool:
        """Whether a workshop or panel is part of the main event: the sentence says so
        ("during", "como parte de"), names the main event too, or its date is the main one's."""
        if _SUB_EVENT_CUE.search(mention.sentence.text):
            return True
        same = self.sentence_mentions[(mention.paragraph, mention.sentence.start)]
        if any(m.entity == main for m in same):
            return True
        dates = {a.attribute: a.value for a in self.attributes if a.entity == f"e{main}"}
        own = next(
            (
                a.value
                for a in self.attributes
                if a.entity == f"e{event}" and a.attribute == "start_date"
            ),
            None,
        )
        start, end = dates.get("start_date"), dates.get("end_date", dates.get("start_date"))
        return bool(own and start and end and start <= own <= end)
