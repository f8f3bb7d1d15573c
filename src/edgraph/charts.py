"""The data behind the viewer's charts: events on a timeline, countries on a map (where networks
serve, where events happen, where members are) and the Analysis page's charts of the saved
measures. Each is a plain, bounded value that a page draws; the drawing is the browser's."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from edgraph.analysis import MEASURES, NUMBERING, ranked
from edgraph.catalog import Catalog, Entity
from edgraph.errors import ParameterError
from edgraph.namespaces import EDGO, SCHEMA
from edgraph.query.results import QueryResult, lexical

#: Runs one SELECT within a page's limits (see :data:`edgraph.entity.Run`).
Run = Callable[[str], QueryResult]

#: Most events a timeline shows; more are cut, and the timeline says so.
TIMELINE_MAX = 2000
#: Most names a country lists for each layer of the map (the counts are always whole).
MAP_NAMES = 12
#: Organizations each ranked bar chart shows.
RANKED_TOP = 25
#: Most bars of the distribution of partners: larger counts share the last bar.
DISTRIBUTION_BARS = 30

#: The layers of the map, in display order: key, label, what is counted.
LAYERS = (
    ("networks", "Networks serving", "networks with members in the country, or based there"),
    ("events", "Events held", "events that took place in the country"),
    ("members", "Members based", "organizations of a network that are located in the country"),
)


# -- the timeline -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEvent:
    """One event: ``start`` and ``end`` as the data writes them (``2021-03-10``, ``2021-03``,
    ``2021``), ``""`` when not given."""

    iri: str
    label: str
    start: str
    end: str
    networks: tuple[str, ...]  # labels of the networks it is part of
    countries: tuple[str, ...]  # labels of the countries it took place in


@dataclass(frozen=True)
class Timeline:
    """Events with a start date, earliest first; events without one, by name; ``truncated``
    when there were more than ``limit`` events to show."""

    dated: list[TimelineEvent]
    undated: list[TimelineEvent]
    truncated: bool
    network: str = ""  # the filters applied, as IRIs
    organization: str = ""

    def to_json(self) -> dict[str, Any]:
        def item(e: TimelineEvent) -> dict[str, Any]:
            return {"iri": e.iri, "label": e.label, "start": e.start, "end": e.end,
                    "networks": list(e.networks), "countries": list(e.countries)}  # fmt: skip

        return {"dated": [item(e) for e in self.dated], "undated": [item(e) for e in self.undated],
                "truncated": self.truncated}  # fmt: skip


#: Most start and end dates a timeline reads (one row each).
DATES_MAX = 200_000

# Plain scans, which Oxigraph answers fast, joined in Python with the catalog's events: one
# SPARQL join of events, their types and optional dates took 0.3 s for 2,000 events.
_DATES = f"""SELECT ?event ?p ?d WHERE {{
  VALUES ?p {{ <{SCHEMA}startDate> <{SCHEMA}endDate> }} ?event ?p ?d
}} LIMIT {DATES_MAX + 1}"""
_SERIES = f"SELECT DISTINCT ?s WHERE {{ ?s a <{EDGO}EventSeries> }}"


def involvement_query(organization: str) -> str:
    """The events ``organization`` has a role in, itself or in one of their sub-events.

    >>> "involvedAgent" in involvement_query("http://x/o")
    True
    """
    return f"""SELECT DISTINCT ?event WHERE {{
  {{ ?event <{EDGO}involvedAgent> <{organization}> }}
  UNION {{ ?event <{SCHEMA}subEvent>/<{EDGO}involvedAgent> <{organization}> }}
}}"""


def timeline(
    run: Run,
    catalog: Catalog,
    *,
    network: str = "",
    organization: str = "",
    limit: int = TIMELINE_MAX,
) -> Timeline:
    """The events of the dataset, or of one ``network`` (as the catalog places events in
    networks), or those ``organization`` has a role in; ParameterError when either names
    something that is not a network or an organization of the catalog.

    >>> from edgraph.store import EmbeddedStore
    >>> store = EmbeddedStore.in_memory()
    >>> timeline(store.query, Catalog.load(store)).dated
    []
    """
    _require(catalog, network, "network", "network")
    _require(catalog, organization, "organization", "organization")
    series = {lexical(row[0]) for row in run(_SERIES).rows if row[0] is not None}
    events = [e for e in catalog.entities.values() if e.kind == "event" and e.iri not in series
              and (not network or network in e.networks)]  # fmt: skip
    if organization:
        involved = {lexical(row[0]) for row in run(involvement_query(organization)).rows
                    if row[0] is not None}  # fmt: skip
        events = [e for e in events if e.iri in involved]
    wanted = {e.iri for e in events}
    starts: dict[str, str] = {}
    ends: dict[str, str] = {}
    dates = run(_DATES)
    truncated = len(dates.rows) > DATES_MAX or dates.truncated
    for event, predicate, value in dates.rows[:DATES_MAX]:
        iri = lexical(event) if event is not None else ""
        if iri not in wanted or value is None or predicate is None:
            continue
        date = _date(value)
        if lexical(predicate) == SCHEMA + "startDate":  # the earliest, when sources disagree
            starts[iri] = min(starts.get(iri, date), date)
        else:  # the latest
            ends[iri] = max(ends.get(iri, date), date)
    dated: list[TimelineEvent] = []
    undated: list[TimelineEvent] = []
    for e in events:
        item = TimelineEvent(
            e.iri, e.label, starts.get(e.iri, ""), ends.get(e.iri, ""),
            tuple(sorted((catalog.label(n) for n in e.networks), key=str.casefold)),
            tuple(sorted((catalog.label(c) for c in e.countries), key=str.casefold)),
        )  # fmt: skip
        (dated if item.start else undated).append(item)
    dated.sort(key=lambda e: (e.start, e.end, e.label.casefold(), e.iri))
    undated.sort(key=lambda e: (e.label.casefold(), e.iri))
    if len(dated) + len(undated) > limit:
        truncated = True
        dated = dated[:limit]
        undated = undated[: limit - len(dated)]
    return Timeline(dated, undated, truncated, network, organization)


def _date(term: Any) -> str:
    """A date as written, its time of day left out."""
    if term is None:
        return ""
    return lexical(term).split("T", 1)[0][:10]


def _require(catalog: Catalog, iri: str, kind: str, what: str) -> None:
    if iri and (catalog.get(iri) is None or catalog.entities[iri].kind != kind):
        raise ParameterError(f"{iri[:200]} is not {'an' if what[0] in 'aeiou' else 'a'} {what} "
                             "of the dataset")  # fmt: skip


# -- the map ----------------------------------------------------------------------------------


@dataclass
class CountryFigures:
    """One country: its ISO 3166-1 codes (``numeric`` as the atlas numbers it, ``"620"``) and,
    by layer, how many and the first names."""

    iri: str
    label: str
    alpha2: str
    alpha3: str
    numeric: str
    counts: dict[str, int] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CountryMap:
    """The countries that have something on at least one layer, by label."""

    countries: list[CountryFigures]
    network: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "layers": [{"key": k, "label": label, "help": h} for k, label, h in LAYERS],
            "countries": [
                {"iri": c.iri, "label": c.label, "alpha2": c.alpha2, "alpha3": c.alpha3,
                 "numeric": c.numeric, "counts": c.counts, "names": c.names}
                for c in self.countries
            ],
        }  # fmt: skip


COUNTRY_CODES = f"""SELECT ?country ?a2 ?a3 ?n WHERE {{
  ?country a <{EDGO}Country> .
  OPTIONAL {{ ?country <{EDGO}isoAlpha2> ?a2 }}
  OPTIONAL {{ ?country <{EDGO}isoAlpha3> ?a3 }}
  OPTIONAL {{ ?country <{EDGO}isoNumeric> ?n }}
}} ORDER BY ?country LIMIT 2000"""


def country_codes(run: Run) -> dict[str, tuple[str, str, str]]:
    """Country IRI -> (alpha-2, alpha-3, numeric) codes, as the reference data gives them
    (about 250 countries; ``""`` for a code it does not give).

    >>> from edgraph.store import EmbeddedStore
    >>> country_codes(EmbeddedStore.in_memory().query)
    {}
    """
    codes: dict[str, tuple[str, str, str]] = {}
    for country, a2, a3, n in run(COUNTRY_CODES).rows:
        if country is not None and lexical(country) not in codes:
            codes[lexical(country)] = tuple(  # type: ignore[assignment]
                lexical(t) if t is not None else "" for t in (a2, a3, n)
            )
    return codes


def country_map(
    catalog: Catalog, codes: Mapping[str, tuple[str, str, str]], *, network: str = ""
) -> CountryMap:
    """Where the networks serve, where the events happen and where the members of networks are,
    by country, from the countries the catalog gives each entity (where it is located, through
    the places that contain it, and a network's member countries); for one ``network``, only
    it, its events and its members. ``codes`` as :func:`country_codes` reads them.

    >>> from edgraph.catalog import Entity
    >>> net = Entity("x:n", "network", countries={"x:pt"})
    >>> ev = Entity("x:e", "event", countries={"x:pt"}, networks={"x:n"})
    >>> m = country_map(Catalog([net, ev], {}), {"x:pt": ("PT", "PRT", "620")})
    >>> [(c.numeric, c.counts) for c in m.countries]
    [('620', {'networks': 1, 'events': 1, 'members': 0})]
    """
    _require(catalog, network, "network", "network")
    found: dict[str, dict[str, list[Entity]]] = defaultdict(lambda: defaultdict(list))
    for entity in catalog.entities.values():
        layer = _layer(entity)
        if layer is None or not entity.countries:
            continue
        if network and entity.iri != network and network not in entity.networks:
            continue
        for country in entity.countries:
            found[country][layer].append(entity)
    countries = []
    for iri, layers in found.items():
        a2, a3, numeric = codes.get(iri, ("", "", ""))
        figures = CountryFigures(iri, catalog.label(iri), a2, a3, numeric)
        for key, _, _ in LAYERS:
            listed = sorted(layers.get(key, ()), key=lambda e: (e.label.casefold(), e.iri))
            figures.counts[key] = len(listed)
            figures.names[key] = [e.label for e in listed[:MAP_NAMES]]
        countries.append(figures)
    countries.sort(key=lambda c: (c.label.casefold(), c.iri))
    return CountryMap(countries, network)


def _layer(entity: Entity) -> str | None:
    if entity.kind == "network":
        return "networks"
    if entity.kind == "event":
        return "events"
    if entity.kind == "organization" and entity.networks:
        return "members"
    return None


# -- the workbench's result views -------------------------------------------------------------

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Literals a chart takes as numbers, and as dates.
NUMBER_TYPES = frozenset(_XSD + t for t in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte"))  # fmt: skip
DATE_TYPES = frozenset(
    _XSD + t for t in ("date", "dateTime", "dateTimeStamp", "gYear", "gYearMonth")
)


@dataclass(frozen=True)
class Cell:
    """One value of a result as the workbench's table has it."""

    kind: str  # "iri", "literal" or "bnode"
    text: str  # the IRI, or the literal's text
    datatype: str = ""  # a literal's datatype IRI ("" for strings and tagged text)


def result_columns(
    variables: list[str], rows: list[list[Cell | None]], codes: Mapping[str, tuple[str, str, str]]
) -> list[dict[str, Any]]:
    """What each column of a SELECT result holds, for the workbench to offer the views that fit
    it (numbers: bar and line charts; dates: a timeline; countries: a map; two columns of IRIs:
    a network): how many values it has, and how many of them are IRIs, numbers, dates, other
    text, and countries (a country's IRI, or its ISO 3166-1 code, by ``codes``).

    >>> pt = Cell("iri", "http://x/country/PT")
    >>> columns = result_columns(["c", "n"], [[pt, Cell("literal", "3", _XSD + "integer")]],
    ...                          {"http://x/country/PT": ("PT", "PRT", "620")})
    >>> [(c["name"], c["iri"], c["numeric"], c["countries"]) for c in columns]
    [('c', 1, 0, 1), ('n', 0, 1, 0)]
    """
    known = set(codes) | {code.upper() for triple in codes.values() for code in triple if code}
    columns: list[dict[str, Any]] = []
    for index, name in enumerate(variables):
        found: dict[str, int] = dict.fromkeys(
            ("bound", "iri", "numeric", "date", "text", "countries", "years"), 0
        )
        for row in rows:
            cell = row[index] if index < len(row) else None
            if cell is None:
                continue
            found["bound"] += 1
            if cell.kind == "iri":
                found["iri"] += 1
            elif cell.datatype in NUMBER_TYPES:
                found["numeric"] += 1
                text = cell.text.strip()
                found["years"] += text.isdigit() and len(text) == 4 and 1000 <= int(text) < 3000
            elif cell.datatype in DATE_TYPES:
                found["date"] += 1
            elif cell.kind == "literal":
                found["text"] += 1
            if cell.kind == "iri" or not cell.datatype:  # a code is text, never a number
                key = cell.text if cell.kind == "iri" else cell.text.strip().upper()
                found["countries"] += key in known
        columns.append({"name": name, **found})
    return columns


# -- the Analysis page's charts ---------------------------------------------------------------


def measure_charts(
    measures: Mapping[str, Mapping[str, float]],
    catalog: Catalog,
    *,
    top: int = RANKED_TOP,
    url: Callable[[str], str] = str,
) -> dict[str, Any]:
    """What the Analysis page charts, from the saved ``measures`` (measure key -> organization
    -> value): for each measure that is a quantity (not a group number), its ``top``
    organizations; how many organizations have each number of partners; and, for each measure,
    its mean by type of organization (its most specific class). ``url`` links an organization.

    >>> charts = measure_charts({"degree": {"x:a": 2, "x:b": 2, "x:c": 5}}, Catalog([], {}))
    >>> charts["ranked"][0]["bars"][0]
    {'iri': 'x:c', 'label': 'x:c', 'value': 5, 'url': 'x:c'}
    >>> [(b["label"], b["value"]) for b in charts["partners"]]
    [('2', 2), ('3', 0), ('4', 0), ('5', 1)]
    """
    quantities = [m for m in MEASURES if m.key not in NUMBERING and measures.get(m.key)]
    organizations = {iri for m in quantities for iri in measures[m.key]}
    labels = {iri: catalog.label(iri) for iri in organizations}  # each once: ranking sorts by it
    types = {iri: _type_label(catalog, iri) for iri in organizations}
    ranked_bars = [
        {"key": m.key, "label": m.label, "help": m.help,
         "bars": [{"iri": iri, "label": labels[iri], "value": value, "url": url(iri)}
                  for iri, value in ranked(measures, m.key, labels.__getitem__, top=top)]}
        for m in quantities
    ]  # fmt: skip
    by_type: list[dict[str, Any]] = []
    for m in quantities:
        groups: dict[str, list[float]] = defaultdict(list)
        for iri, value in measures[m.key].items():
            groups[types[iri]].append(value)
        means = sorted(((label, round(fmean(values), 4), len(values))
                        for label, values in groups.items()),
                       key=lambda t: (-t[1], t[0].casefold()))  # fmt: skip
        bars = [{"label": label, "value": mean, "count": n} for label, mean, n in means]
        by_type.append({"key": m.key, "label": m.label, "help": m.help, "bars": bars})
    return {"ranked": ranked_bars, "partners": partner_distribution(measures.get("degree", {})),
            "by_type": by_type}  # fmt: skip


def partner_distribution(
    degree: Mapping[str, float], *, bars: int = DISTRIBUTION_BARS
) -> list[dict[str, Any]]:
    """How many organizations have each number of partners, every number from the fewest to
    the most (none skipped, so the shape shows); past ``bars`` of them the last bar takes the
    rest ("30 or more").

    >>> partner_distribution({"a": 0, "b": 1, "c": 9, "d": 12}, bars=3)
    [{'label': '0', 'value': 1}, {'label': '1', 'value': 1}, {'label': '2 or more', 'value': 2}]
    """
    if not degree:
        return []
    counts = Counter(int(v) for v in degree.values())
    low, high = min(counts), max(counts)
    last = min(high, low + bars - 1)
    out = [{"label": str(n), "value": counts.get(n, 0)} for n in range(low, last)]
    rest = sum(c for n, c in counts.items() if n >= last)
    out.append({"label": str(last) + (" or more" if high > last else ""), "value": rest})
    return out


def _type_label(catalog: Catalog, iri: str) -> str:
    entity = catalog.get(iri)
    if entity is None or not entity.classes:
        return "other"
    return min((catalog.label(c) for c in entity.classes), key=str.casefold)
