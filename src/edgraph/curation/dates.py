"""Dates as English and Spanish news items write them ("January 16 to 19, 2023", "del 6 al 8
de noviembre de 2024", "Oct. 16, 2020", "en 1953"), found with their spans and read into
partial dates; a missing year is taken from a reference date by the caller.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    **dict.fromkeys(("january", "jan", "enero", "ene"), 1),
    **dict.fromkeys(("february", "feb", "febrero"), 2),
    **dict.fromkeys(("march", "mar", "marzo"), 3),
    **dict.fromkeys(("april", "apr", "abril", "abr"), 4),
    **dict.fromkeys(("may", "mayo"), 5),
    **dict.fromkeys(("june", "jun", "junio"), 6),
    **dict.fromkeys(("july", "jul", "julio"), 7),
    **dict.fromkeys(("august", "aug", "agosto", "ago"), 8),
    **dict.fromkeys(("september", "sep", "sept", "septiembre", "setiembre", "set"), 9),
    **dict.fromkeys(("october", "oct", "octubre"), 10),
    **dict.fromkeys(("november", "nov", "noviembre"), 11),
    **dict.fromkeys(("december", "dec", "diciembre", "dic"), 12),
}
_M = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|º|°)?"
_Y = r"(?:1[89]\d\d|20\d\d)"
_TO = r"(?:-|–|—|to|through|until|and|al?|y|hasta(?:\s+el)?)"

_PATTERNS = [
    # January 16 to 19, 2023 · Oct. 19 to Oct. 21 · March 30 - April 2, 2024
    rf"(?P<m1>{_M})\s+(?P<d1>{_D})(?:,?\s+(?P<y1>{_Y}))?\s*{_TO}\s*(?:(?P<m2>{_M})\s+)?"
    rf"(?P<d2>{_D})\b(?:,?\s+(?P<y2>{_Y}))?",
    # 16-19 January 2023 · 16 January to 19 January 2023 · del 16 al 19 de enero de 2023
    # · entre el 2 y el 4 de mayo · 30 de marzo al 2 de abril de 2024
    rf"(?P<d1>{_D})(?:\s+(?:de\s+)?(?P<m1>{_M})(?:,?\s+(?:de\s+)?(?P<y1>{_Y}))?)?\s*{_TO}\s*"
    rf"(?:el\s+)?(?P<d2>{_D})\s+(?:de\s+)?(?P<m2>{_M})(?:,?\s+(?:de(?:l)?\s+)?(?P<y2>{_Y}))?",
    # Oct. 16, 2020 · March 3
    rf"(?P<m1>{_M})\s+(?P<d1>{_D})\b(?:,?\s+(?P<y1>{_Y}))?",
    # 16 January 2023 · 3 de marzo de 2024
    rf"(?P<d1>{_D})\s+(?:de\s+)?(?P<m1>{_M})(?:,?\s+(?:de(?:l)?\s+)?(?P<y1>{_Y}))?",
    # January 2023 · marzo de 2024
    rf"(?P<m1>{_M})\s+(?:de(?:l)?\s+)?(?P<y1>{_Y})",
    # 2024-11-06
    r"(?P<iso>(?P<y1>\d{4})-(?P<m1>\d\d)-(?P<d1>\d\d))",
    # 1953 (a bare year: the caller decides whether it dates anything)
    rf"(?P<y1>{_Y})",
]
_COMPILED = [re.compile(r"(?<![\w.])" + p + r"(?!\w)", re.IGNORECASE) for p in _PATTERNS]


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int | None
    month: int | None = None
    day: int | None = None

    def with_year(self, year: int) -> PartialDate:
        return self if self.year is not None else PartialDate(year, self.month, self.day)

    def lexical(self) -> tuple[str, str]:
        """The value and its XSD datatype name (``date``, ``gYearMonth`` or ``gYear``).

        >>> PartialDate(2023, 1, 16).lexical(), PartialDate(2024).lexical()
        (('2023-01-16', 'date'), ('2024', 'gYear'))
        """
        if self.year is None:
            raise ValueError("a date without a year has no lexical form")
        if self.month is None:
            return f"{self.year:04d}", "gYear"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}", "gYearMonth"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}", "date"

    def as_date(self) -> dt.date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True)
class DateMention:
    """A date or a range of dates in a text, with its span."""

    text: str
    start: int
    end: int
    begin: PartialDate
    finish: PartialDate | None  # the end of a range

    @property
    def year_only(self) -> bool:
        return self.finish is None and self.begin.month is None


def find_dates(text: str) -> list[DateMention]:
    """Every date and date range in ``text``, longest first where they overlap.

    >>> [(m.begin, m.finish) for m in find_dates("from January 16 to 19, 2023, in Monterrey")]
    [(PartialDate(year=2023, month=1, day=16), PartialDate(year=2023, month=1, day=19))]
    >>> m = find_dates("del 6 al 8 de noviembre de 2024")[0]
    >>> m.begin.lexical()[0], m.finish.lexical()[0]
    ('2024-11-06', '2024-11-08')
    >>> find_dates("Oct. 19 to Oct. 21")[0].finish
    PartialDate(year=None, month=10, day=21)
    >>> [m.text for m in find_dates("established in 1953, with 180 members")]
    ['1953']
    """
    found: list[tuple[int, int, re.Match[str]]] = []
    for pattern in _COMPILED:
        for match in pattern.finditer(text):
            found.append((match.start(), -(match.end() - match.start()), match))
    found.sort(key=lambda item: (item[0], item[1]))
    out: list[DateMention] = []
    taken_until = -1
    for start, _, match in found:
        if start < taken_until:
            continue
        mention = _read(match)
        if mention is not None:
            out.append(mention)
            taken_until = match.end()
    return out


def _read(match: re.Match[str]) -> DateMention | None:
    groups = match.groupdict()

    def number(name: str) -> int | None:
        value = groups.get(name)
        return int(re.sub(r"\D", "", value)) if value else None

    def month(name: str) -> int | None:
        value = groups.get(name)
        if not value:
            return None
        if value.isdigit():
            return int(value)
        return _MONTHS.get(value.casefold().rstrip("."))

    y1, y2 = number("y1"), number("y2")
    m1, m2 = month("m1"), month("m2")
    d1, d2 = number("d1"), number("d2")
    if groups.get("iso") and not (m1 and 1 <= m1 <= 12 and d1 and 1 <= d1 <= 31):
        return None
    if "d2" in groups and d2 is not None:
        m1 = m1 or m2
        m2 = m2 or m1
        y1 = y1 or y2
        y2 = y2 or y1
        begin = PartialDate(y1, m1, d1)
        finish: PartialDate | None = PartialDate(y2, m2, d2)
        if (m1, d1) > (m2 or 0, d2) and y1 == y2:
            return None  # "30 to 2 May" without the months is not a range we can read
    else:
        begin = PartialDate(y1, m1, d1)
        finish = None
    if begin.month is None and begin.day is not None:
        return None
    return DateMention(match.group(), match.start(), match.end(), begin, finish)


_WEEKDAYS = {
    **dict.fromkeys(("monday", "lunes"), 0),
    **dict.fromkeys(("tuesday", "martes"), 1),
    **dict.fromkeys(("wednesday", "miércoles", "miercoles"), 2),
    **dict.fromkeys(("thursday", "jueves"), 3),
    **dict.fromkeys(("friday", "viernes"), 4),
    **dict.fromkeys(("saturday", "sábado", "sabado"), 5),
    **dict.fromkeys(("sunday", "domingo"), 6),
}
_WD = "|".join(_WEEKDAYS)
_RELATIVE = re.compile(
    r"(?<!\w)(?:(?P<from>from|desde)\s+)?(?:(?P<today>today|hoy|this\s+morning|esta\s+mañana)|"
    r"(?P<yesterday>yesterday|ayer)|(?P<cue>on\s+|last\s+|this\s+|next\s+|el\s+pasado\s+|"
    r"el\s+próximo\s+|este\s+|el\s+)?(?P<day>" + _WD + r"))"
    r"(?:\s+(?:to|until|through|and\s+until|y\s+hasta|hasta)\s+(?:el\s+)?(?P<until>" + _WD + r"))?"
    r"(?!\w)",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|to\s+be|is\s+to|are\s+to|going\s+to|upcoming|next|se\s+realizará|será|"
    r"tendrá|habrá|se\s+celebrará|se\s+llevará|próxim[oa])\b",
    re.IGNORECASE,
)


def relative_dates(text: str, published: dt.date) -> list[DateMention]:
    """Dates written relative to the publication: "today", "ayer", "held Thursday", "este
    lunes", "desde hoy y hasta el viernes" (a weekday is the latest one on or before the
    publication, or the next one after it when the sentence speaks of the future).

    >>> friday = dt.date(2026, 2, 20)
    >>> [m.begin.as_date() for m in relative_dates("A launch event held Thursday", friday)]
    [datetime.date(2026, 2, 19)]
    >>> m = relative_dates("participan desde hoy y hasta el viernes", dt.date(2025, 10, 8))[0]
    >>> m.begin.as_date(), m.finish.as_date()
    (datetime.date(2025, 10, 8), datetime.date(2025, 10, 10))
    """
    future = bool(_FUTURE.search(text))
    out = []
    for match in _RELATIVE.finditer(text):
        cue = (match.group("cue") or "").casefold().strip()
        if match.group("today"):
            day = published
        elif match.group("yesterday"):
            day = published - dt.timedelta(days=1)
        else:
            weekday = match.group("day")
            if (
                weekday[0].islower()
                and match.group("day").casefold()
                in (
                    "lunes",
                    "martes",
                    "miércoles",
                    "miercoles",
                    "jueves",
                    "viernes",
                    "sábado",
                    "sabado",
                    "domingo",
                )
                and not cue
            ):
                continue  # a Spanish weekday needs its article: "el jueves"
            if weekday[0].islower() and weekday.casefold() in (
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ):
                continue  # English weekdays are capitalised
            target = _WEEKDAYS[weekday.casefold()]
            ahead = (
                "next" in cue
                or "próximo" in cue
                or (future and "last" not in cue and "pasado" not in cue)
            )
            if ahead:
                day = published + dt.timedelta(days=(target - published.weekday()) % 7 or 7)
            else:
                day = published - dt.timedelta(days=(published.weekday() - target) % 7)
        finish = None
        if match.group("until"):
            target = _WEEKDAYS[match.group("until").casefold()]
            end = day + dt.timedelta(days=(target - day.weekday()) % 7)
            finish = PartialDate(end.year, end.month, end.day)
        out.append(
            DateMention(
                match.group(),
                match.start(),
                match.end(),
                PartialDate(day.year, day.month, day.day),
                finish,
            )
        )
    return out
