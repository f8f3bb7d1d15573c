"""Spreadsheets in (``edgraph import``): partnership tables in Kumu's layout, an Elements sheet
and a Connections sheet (see :mod:`edgraph.sheets` for the columns), checked whole, each
element reconciled against the graph, each connection mapped to its role through
:mod:`edgraph.roles`, and written as one source file under graph/sources/ in the curated style
(:mod:`edgraph.curation.write`), each statement's evidence naming its sheet, row and the
document the row cites.

Nothing is written unless every row is valid (or, asked to, the valid rows only, the others
reported); the file written is checked against the shapes with the rest of the project first,
as a curation save is.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edgraph import roles as project_roles
from edgraph.curation.decisions import Decisions, EntityDecision, FactDecision
from edgraph.curation.match import IRI_KINDS, Matcher
from edgraph.curation.model import Evidence
from edgraph.curation.roles import ROLES as WRITTEN_ROLES
from edgraph.curation.write import CitedDocument, SourceMeta, source_file, written_by
from edgraph.errors import EdgraphError, SourceInputError
from edgraph.namespaces import EDGO, OWL, RDFS, graph_iri, mint_new, slugify
from edgraph.settings import Settings
from edgraph.sheets import (
    CONNECTION_COLUMNS,
    CONNECTIONS,
    CSV_MEDIA_TYPE,
    ELEMENT_COLUMNS,
    ELEMENTS,
    Table,
    column_key,
    read_tables,
)
from edgraph.store import Store

#: Kumu's values of Direction; edgraph's roles have their own direction, so any is accepted.
DIRECTIONS = ("directed", "undirected", "mutual")
#: How many problems the command line lists before it says how many more there are.
SHOWN_PROBLEMS = 100
_DATE = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?")
_ENTITY_KINDS = ("network", "organization", "person", "event", "project", "place", "topic")


class SheetError(EdgraphError):
    """A spreadsheet with invalid rows: every problem is named by sheet, row and column."""

    status = 422

    def __init__(self, problems: Iterable[Problem], *, path: str) -> None:
        self.problems = tuple(problems)
        first = f"; the first: {self.problems[0]}" if self.problems else ""
        count = len({(p.sheet, p.row) for p in self.problems})
        rows = "row" if count == 1 else "rows"
        super().__init__(f"{path}: {count:,} invalid {rows}, nothing written (fix them, or "
                         f"import the rest with --skip-invalid){first}")  # fmt: skip


@dataclass(frozen=True, order=True)
class Problem:
    """What is wrong with one cell, and what would be right."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row}, {self.column}: {self.message}"


@dataclass(frozen=True)
class Report:
    """What an import did: the file written (None with ``--review``: the workspace's entry
    instead), what each sheet held, and the rows skipped."""

    slug: str
    path: Path | None
    elements: int
    connections: int
    reused: int  # elements and names that are entities the graph knows
    new: int  # new entities described by the file
    review: tuple[str, ...]  # labels of new entities a known one may be (with --review)
    statements: int
    documents: int  # documents the rows cite
    skipped: tuple[Problem, ...]
    elapsed_s: float
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage (bench/)


# --- the tables of names --------------------------------------------------------------------


def _fold(text: str) -> str:
    """A name as compared: case, accents, hyphens, underscores and spacing aside.

    >>> _fold("Co_Organizer"), _fold("  Financiado  por ")
    ('co organizer', 'financiado por')
    """
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[-_]", " ", plain.casefold()).split())


@dataclass(frozen=True)
class RoleName:
    """A connection Type (or Role) as a role: which role, and whether From is its agent."""

    role: project_roles.Role
    from_is_agent: bool


def role_names() -> dict[str, RoleName]:
    """Every way a sheet may name a role the network draws, read from :data:`ROLES
    <edgraph.roles.ROLES>`: its key and its tie's (From is the agent), the phrase on its
    subject's page ("funded by": From is the subject) and on its object's ("funds"), in English
    and Spanish. A name two roles share is left out.

    >>> names = role_names()
    >>> names["sponsor"].role.key, names["funded by"].from_is_agent
    ('sponsor', False)
    """
    found: dict[str, set[RoleName]] = {}
    for role in project_roles.ROLES:
        if role.relation is None:
            continue
        spellings = [(role.key, True), (role.relation.key, True)]
        spellings += [(w, True) for w in (role.relation.label.en, role.relation.label.es)]
        spellings += [(w, role.agent_first) for w in (role.outgoing.en, role.outgoing.es)]
        spellings += [(w, not role.agent_first) for w in (role.incoming.en, role.incoming.es)]
        for text, from_is_agent in spellings:
            found.setdefault(_fold(text), set()).add(RoleName(role, from_is_agent))
    return {name: next(iter(v)) for name, v in found.items() if len(v) == 1}


def written_role(role: project_roles.Role) -> str:
    """The key curation writes ``role`` by (:mod:`edgraph.curation.roles`), found by predicate.

    >>> written_role(project_roles.BY_KEY["co-organizer"])
    'co_organizer'
    """
    for key, spec in WRITTEN_ROLES.items():
        if spec.predicate == role.predicate:
            return key.value
    raise ValueError(f"curation cannot write the role {role.key!r}")


@dataclass(frozen=True)
class EntityType:
    iri: str
    kind: str  # a catalog kind key


def entity_types(store: Store) -> dict[str, EntityType]:
    """The classes of the ontology an element's Type may name, by their local name and their
    English and Spanish labels ("Foundation", "community of practice", "red"), each with the
    broad kind it belongs to."""
    from edgraph.catalog import KIND_BY_KEY
    from edgraph.query.results import lexical

    kinds = [(key, cls) for key in _ENTITY_KINDS for cls in KIND_BY_KEY[key].classes]
    values = " ".join(f"(<{cls}> {i})" for i, (_, cls) in enumerate(kinds))
    rows = store.query(
        f"SELECT ?c ?label (MIN(?rank) AS ?r) WHERE {{ VALUES (?k ?rank) {{ {values} }} "
        f"?c <{RDFS}subClassOf>* ?k . ?c a <{OWL}Class> . FILTER(STRSTARTS(STR(?c), '{EDGO}')) "
        f"OPTIONAL {{ ?c <{RDFS}label> ?label }} }} GROUP BY ?c ?label"
    ).rows
    found: dict[str, set[EntityType]] = {}
    for c, label, rank in rows:
        iri = lexical(c)  # type: ignore[arg-type]
        kind = kinds[int(lexical(rank))][0]  # type: ignore[arg-type]
        for name in (iri[len(EDGO) :], lexical(label) if label is not None else ""):
            if name:
                found.setdefault(_fold(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)), set()).add(
                    EntityType(iri, kind)
                )
    return {name: next(iter(v)) for name, v in found.items() if len(v) == 1}


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(_fold(value), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


# --- reading the rows -----------------------------------------------------------------------


@dataclass
class _Element:
    row: int
    label: str
    type: EntityType | None
    description: str
    tags: tuple[str, ...]
    aliases: tuple[str, ...]
    id: str
    start: str = ""
    end: str = ""


@dataclass
class _Connection:
    row: int
    source: str
    target: str
    role: RoleName
    start: str
    end: str
    document: tuple[str, str, str, str, str] | None  # id, title, publisher, date, url
    paragraph: int


def _date(text: str) -> str | None:
    """An ISO 8601 date, year-month or year, as written; None when it is not one.

    >>> _date("2024-05-01"), _date("2024-05"), _date("1/5/2024"), _date("2024-02-30")
    ('2024-05-01', '2024-05', None, None)
    """
    import datetime as dt

    match = _DATE.fullmatch(text)
    if match is None:
        return None
    if match.group(3):
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return None
    return text


class _Reader:
    """The rows of one import, checked, with the problems found."""

    def __init__(self, store: Store, settings: Settings, progress: Callable[[int], None]) -> None:
        self.types = entity_types(store)
        self.roles = role_names()
        self.problems: list[Problem] = []
        self.progress = progress
        self.base = settings.base_iri
        self.rows = 0

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, message))

    def _rows(self, table: Table) -> Iterator[tuple[int, dict[str, str]]]:
        for number, cells in table.rows:
            self.rows += 1
            if self.rows % 1000 == 0:
                self.progress(self.rows)
            yield number, {column_key(k): v.strip() for k, v in cells.items()}

    def elements(self, table: Table) -> list[_Element]:
        found: list[_Element] = []
        for number, cells in self._rows(table):
            label = cells.get("label", "")
            if not label:
                self.problem(table.name, number, "Label", "empty; every element needs a label")
                continue
            kind = None
            if text := cells.get("type", ""):
                kind = self.types.get(_fold(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)))
                if kind is None:
                    self.problem(table.name, number, "Type", f"{text!r} is not a type of the "
                                 f"ontology{_suggest(text, self.types)}")  # fmt: skip
                    continue
            dates = self._dates(table.name, number, cells)
            if kind is not None and kind.kind not in ("event", "organization", "network") and (
                    dates[0] or dates[1]):  # fmt: skip
                self.problem(table.name, number, "Start date", f"a {kind.kind} has no dates "
                             "here: events start and end, organizations and networks are "
                             "founded (Start date)")  # fmt: skip
                continue
            if kind is not None and kind.kind != "event" and dates[1]:
                self.problem(table.name, number, "End date", f"a {kind.kind} has no end date "
                             "here (its Start date is when it was founded)")  # fmt: skip
                continue
            found.append(_Element(number, label, kind, cells.get("description", ""),
                                  _split(cells.get("tags", "")), _split(cells.get("aliases", "")),
                                  cells.get("id", ""), *dates))  # fmt: skip
        return found

    def _dates(self, sheet: str, number: int, cells: dict[str, str]) -> list[str]:
        dates = []
        for column in ("Start date", "End date"):
            value = cells.get(column_key(column), "")
            if value and _date(value) is None:
                self.problem(sheet, number, column, f"{value!r} is not a date; write it as "
                             "2024-05-31, 2024-05 or 2024")  # fmt: skip
            dates.append(value if _date(value) else "")
        if dates[0] and dates[1] and dates[1][: len(dates[0])] < dates[0][: len(dates[1])]:
            self.problem(sheet, number, "End date", f"{dates[1]} is before the start date "
                         f"{dates[0]}")  # fmt: skip
        return dates

    def connections(self, table: Table) -> list[_Connection]:
        found: list[_Connection] = []
        for number, cells in self._rows(table):
            count = len(self.problems)
            ends = []
            for column in ("From", "To"):
                value = cells.get(column.lower(), "")
                if not value:
                    self.problem(table.name, number, column, "empty; a connection needs both ends")
                ends.append(value)
            column = "Role" if cells.get("role") else "Type"
            text = cells.get(column.lower(), "")
            role = self.roles.get(_fold(text)) if text else None
            if not text:
                self.problem(table.name, number, "Type", "empty; name the role (funder, sponsor, "
                             "member, ...) in Type or Role")  # fmt: skip
            elif role is None:
                self.problem(table.name, number, column,
                             f"{text!r} is not a role{_suggest(text, self.roles)}")  # fmt: skip
            direction = cells.get("direction", "")
            if direction and _fold(direction) not in DIRECTIONS:
                self.problem(
                    table.name,
                    number,
                    "Direction",
                    f"{direction!r} is not one of "
                    f"{', '.join(DIRECTIONS)}{_suggest(direction, DIRECTIONS)}",
                )
            dates = self._dates(table.name, number, cells)
            document = self._document(table.name, number, cells)
            paragraph = 0
            if text := cells.get("paragraph", ""):
                if text.isascii() and text.isdigit() and 0 < int(text) < 10**6:
                    paragraph = int(text)
                else:
                    self.problem(table.name, number, "Paragraph",
                                 f"{text!r} is not a paragraph number (1, 2, ...)")  # fmt: skip
            if paragraph and document is None:
                self.problem(table.name, number, "Paragraph", "a paragraph of which document? "
                             "give its Source title")  # fmt: skip
            if len(self.problems) == count and role is not None:
                found.append(_Connection(number, ends[0], ends[1], role, dates[0], dates[1],
                                         document, paragraph))  # fmt: skip
        return found

    def _document(self, sheet: str, number: int, cells: dict[str, str]) -> Any:
        fields = [
            cells.get(column_key(c), "")
            for c in ("Source ID", "Source title", "Source publisher", "Source date", "Source URL")
        ]
        if not any(fields):
            return None
        ident, title, _, date, url = fields
        if not title and not ident:
            self.problem(sheet, number, "Source title", "empty; a cited document needs its title")
        if date and _date(date) is None:
            self.problem(sheet, number, "Source date", f"{date!r} is not a date; write it as "
                         "2024-05-31, 2024-05 or 2024")  # fmt: skip
        if url and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
            self.problem(sheet, number, "Source URL", f"{url!r} is not an http(s) URL")
        if ident and not ident.startswith(self.base + "source/"):
            self.problem(
                sheet,
                number,
                "Source ID",
                f"{ident!r} is not a source of this graph "
                f"(an IRI under {self.base}source/); leave it empty for a new one",
            )
        return tuple(fields)


def _split(text: str) -> tuple[str, ...]:
    """Kumu's multiple values in one cell, separated by ``|``.

    >>> _split("stem | equity||")
    ('stem', 'equity')
    """
    return tuple(dict.fromkeys(p.strip() for p in text.split("|") if p.strip()))


# --- the import -----------------------------------------------------------------------------


def classify(tables: list[Table], path: str) -> tuple[Table | None, Table]:
    """The Elements table (None when the file has none) and the Connections table: by sheet
    name, else by header (From and To: connections; Label: elements)."""
    elements: Table | None = None
    connections: Table | None = None
    for table in tables:
        keys = {column_key(h) for h in table.header}
        name = _fold(table.name)
        if name.endswith("connections") or {"from", "to"} <= keys:
            if connections is None:
                connections = table
        elif (name.endswith("elements") or "label" in keys) and elements is None:
            elements = table
    for found, canonical in ((elements, ELEMENTS), (connections, CONNECTIONS)):
        if found is not None and found.media_type == CSV_MEDIA_TYPE:
            found.name = canonical  # a CSV file is one sheet: named by what it holds
    if connections is None:
        raise SheetError([Problem(tables[0].name if tables else path, 1, "From",
                                  "no Connections sheet: a sheet with From, To and Type columns "
                                  "(see 'edgraph import --template')")], path=path)  # fmt: skip
    return elements, connections


def fingerprint(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def default_slug(paths: list[Path]) -> str:
    """The source's name: the file's stem, less a ``-elements`` / ``-connections`` ending.

    >>> default_slug([Path("Partners 2024-Connections.csv")])
    'partners-2024'
    """
    stem = re.sub(r"[-_ ]?(elements|connections)$", "", paths[0].stem, flags=re.IGNORECASE)
    return slugify(stem) or "spreadsheet"


def import_sheets(
    paths: list[Path],
    store: Store,
    settings: Settings,
    *,
    skip_invalid: bool = False,
    review: bool = False,
    slug: str | None = None,
    language: str | None = None,
    check: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Read ``paths`` (one XLSX workbook, or one or two CSV files), check every row, reconcile
    the elements against ``store`` and write graph/sources/<slug>.ttl, then rebuild ``store``;
    with ``review``, the import goes into the curation workspace instead, for ``edgraph
    curate``. A :class:`SheetError` names every invalid row (unless ``skip_invalid``).
    ``language`` tags the names and descriptions (``en``, ``es``); without it they are plain
    text, as a spreadsheet does not say. With ``check``, the rows are read, checked and
    reconciled, and nothing is written (nor checked against the shapes)."""
    started = time.perf_counter()
    stages: dict[str, float] = {}
    name = " + ".join(str(p) for p in paths)
    tables = [t for p in paths for t in read_tables(p, max_bytes=settings.import_max_bytes,
                                                    max_rows=settings.import_max_rows)]  # fmt: skip
    elements_table, connections_table = classify(tables, name)
    total = sum(t.size for t in {id(t): t for t in tables}.values())

    def tick(rows: int) -> None:
        if progress is not None:
            done = sum(t.position() for t in tables if t.position is not None)
            progress(done or rows, total if done else max(rows, 1))

    reader = _Reader(store, settings, tick)
    elements = reader.elements(elements_table) if elements_table is not None else []
    connections = reader.connections(connections_table)
    tick(reader.rows)  # all read
    if reader.rows == 0:
        raise SourceInputError("no rows under the header (an empty sheet): nothing to import",
                               path=name)  # fmt: skip
    stages["read"] = time.perf_counter() - started
    slug = slug or default_slug(paths)
    graph = graph_iri(settings.base_iri, f"sources/{slug}")
    plan = _Plan(store, settings, slug, graph, reader, elements_table, connections_table)
    plan.reconcile(elements, connections)
    stages["reconcile"] = time.perf_counter() - stages["read"] - started
    problems = sorted(reader.problems)
    if problems and not skip_invalid:
        raise SheetError(problems, path=name)
    bad_rows = {(p.sheet, p.row) for p in problems}
    media = tables[0].media_type
    meta = SourceMeta(slug, " + ".join(p.name for p in paths), language or "", None, None,
                      fingerprint(paths)[:16], media, reader.rows, kind="spreadsheet",
                      documents=tuple(plan.documents.values()))  # fmt: skip
    decisions = plan.decisions(bad_rows)
    if check:
        path = None
    elif review:
        from edgraph.curation.sheet_review import to_workspace

        to_workspace(slug, meta, decisions, plan, settings)
        path = None
    else:
        path, decisions, more = _save(slug, graph, meta, decisions, store, settings,
                                      skip_invalid, plan, stages)  # fmt: skip
        problems = sorted({*problems, *more})
    used = {f.agent for f in decisions.facts} | {f.target for f in decisions.facts}
    used |= {e.key for e in decisions.entities if e.row}
    return Report(
        slug, path, len(elements), len(connections),
        sum(1 for e in decisions.entities if not e.new and e.key in used),
        sum(1 for e in decisions.entities if e.new and e.key in used),
        tuple(plan.unsure), len(decisions.facts), len(plan.documents), tuple(problems),
        time.perf_counter() - started, stages,
    )  # fmt: skip


class _Plan:
    """Which entity each element and each name is, and which document each row cites."""

    def __init__(self, store: Store, settings: Settings, slug: str, graph: str, reader: _Reader,
                 elements: Table | None, connections: Table) -> None:  # fmt: skip
        self.store, self.settings, self.slug, self.graph = store, settings, slug, graph
        self.reader = reader
        self.elements_sheet = elements.name if elements is not None else ELEMENTS
        self.connections_sheet = connections.name
        self.matcher = Matcher.for_store(store, base=settings.base_iri)
        self.replaced = _only_in(store, graph)  # entities the file being replaced alone names
        self.entities: dict[str, EntityDecision] = {}  # by key
        self.by_label: dict[str, str] = {}  # folded label or ID -> entity key
        self.element_rows: dict[str, int] = {}
        self.documents: dict[tuple[str, ...], CitedDocument] = {}
        self.connections: list[_Connection] = []
        self.unsure: list[str] = []
        self.taken: set[str] = set()
        self.attributes: list[FactDecision] = []  # the elements' dates

    def _taken(self, iri: str) -> bool:
        return iri in self.taken or self.matcher.taken(iri)

    def _new_iri(self, kind: str, name: str) -> str:
        iri = mint_new(self.settings.base_iri, IRI_KINDS[kind], name, self._taken)
        self.taken.add(iri)
        return iri

    def _known(self, iri: str, label: str) -> EntityDecision:
        known = self.matcher.get(iri)
        assert known is not None
        return EntityDecision(iri, iri, False, known.display, known.kind, "")

    def reconcile(self, elements: list[_Element], connections: list[_Connection]) -> None:
        score = self.settings.import_match_score
        sheet = self.elements_sheet
        for element in elements:
            folded = _fold(element.label)
            first = self.element_rows.get(element.id or folded)
            if first is not None:
                self.reader.problem(sheet, element.row, "ID" if element.id else "Label",
                                    f"{element.id or element.label!r} is on row {first} already; "
                                    "give each element its own ID")  # fmt: skip
                continue
            decision = self._element(element, score)
            if decision is None:
                continue
            self.element_rows[element.id or folded] = element.row
            self.entities.setdefault(decision.key, decision)
            if element.id:
                self.by_label[element.id] = decision.key
            self.by_label.setdefault(folded, decision.key)
        for connection in connections:
            ok = True
            for column, value in (("From", connection.source), ("To", connection.target)):
                if self._end(value, score) is None:
                    self.reader.problem(self.connections_sheet, connection.row, column,
                                        f"{value!r} is neither an element of the {sheet} sheet "
                                        "nor an entity of the graph; add it to the elements "
                                        "with its Type")  # fmt: skip
                    ok = False
            if connection.document is not None and not self._cite(connection):
                ok = False
            spec = WRITTEN_ROLES[_role_key(connection.role)]
            if (
                ok
                and spec.qualified_by
                and not connection.start
                and not (connection.document and connection.document[3])
            ):
                self.reader.problem(self.connections_sheet, connection.row, "Start date",
                                    "empty; a membership or position needs a date: its start "
                                    "date, or the Source date")  # fmt: skip
                ok = False
            if ok:
                self.connections.append(connection)

    def _element(self, element: _Element, score: float) -> EntityDecision | None:
        sheet, base = self.elements_sheet, self.settings.base_iri
        ident = element.id
        if ident and self.matcher.get(ident) is not None and ident not in self.replaced:
            return self._known(ident, element.label)
        if ident.startswith(base) and ident[len(base) :].split("/")[0] in IRI_KINDS.values():
            if element.type is None:
                self.reader.problem(sheet, element.row, "Type", "empty; a new element needs "
                                    "its Type (Organization, Network, Event, ...)")  # fmt: skip
                return None
            wanted = IRI_KINDS[element.type.kind]
            if ident[len(base) :].split("/")[0] != wanted or (self._taken(ident) and \
                    ident not in self.replaced):  # fmt: skip
                self.reader.problem(sheet, element.row, "ID", f"{ident!r} cannot name a new "
                                    f"{element.type.kind}: use an IRI under {base}{wanted}/, "
                                    "or leave it empty")  # fmt: skip
                return None
            self.taken.add(ident)
            return self._new(element, ident)
        kind = element.type.kind if element.type is not None else None
        match = self.matcher.best(element.label, kind=kind, min_score=score)
        if match is not None and match.iri not in self.replaced:
            return self._known(match.iri, element.label)
        if element.type is None:
            hint = f"; the graph's nearest is {match.label!r}" if match is not None else ""
            self.reader.problem(
                sheet,
                element.row,
                "Type",
                "empty; an element the graph does "
                f"not know needs its Type (Organization, Event, ...){hint}",
            )
            return None
        if match is not None and match.iri in self.replaced:
            iri = match.iri  # the same spreadsheet imported again: its entities keep their IRIs
        else:
            iri = self._new_iri(element.type.kind, element.label)
            near = self.matcher.match(element.label, kind=kind, limit=1)
            if near:
                self.unsure.append(f"{element.label} (row {element.row}; the graph has "
                                   f"{near[0].label!r}, score {near[0].score:.2f})")  # fmt: skip
        return self._new(element, iri)

    def _new(self, element: _Element, iri: str) -> EntityDecision:
        assert element.type is not None
        event = element.type.kind == "event"
        for attribute, value in (("start_date" if event else "founding_date", element.start),
                                 ("end_date", element.end)):  # fmt: skip
            if value:
                self.attributes.append(FactDecision(
                    f"a{element.row}-{attribute}", "attribute", "accepted",
                    Evidence(0, "", 0, 0, "", self.elements_sheet, element.row), iri,
                    attribute=attribute, value=value, datatype=_type(value),
                ))  # fmt: skip
        aliases = tuple(a for a in element.aliases if a != element.label)
        return EntityDecision(iri, iri, True, element.label, element.type.kind, element.type.iri,
                              aliases, element.description, element.tags, self.elements_sheet,
                              element.row)  # fmt: skip

    def _end(self, value: str, score: float) -> str | None:
        key = self.by_label.get(value) or self.by_label.get(_fold(value))
        if key is not None:
            return key
        if value in self.entities:
            return value
        known = self.matcher.get(value)
        if known is None:
            match = self.matcher.best(value, min_score=score)
            known = self.matcher.get(match.iri) if match is not None else None
        if known is None or known.iri in self.replaced:
            return None
        self.entities.setdefault(known.iri, self._known(known.iri, value))
        self.by_label[_fold(value)] = known.iri
        return known.iri

    def _cite(self, connection: _Connection) -> bool:
        assert connection.document is not None
        ident, title, publisher, date, url = connection.document
        if connection.document in self.documents:
            return True
        if ident and self.matcher.get(ident) is None and _described(self.store, ident) and \
                ident not in self.replaced:  # fmt: skip
            self.documents[connection.document] = CitedDocument(
                f"d{len(self.documents)}", ident, False, title
            )
            return True
        publisher_key = ""
        if publisher:
            publisher_key = self._end(publisher, self.settings.import_match_score) or ""
            if not publisher_key:
                again = self.matcher.best(publisher, kind="organization",
                                          min_score=self.settings.import_match_score)  # fmt: skip
                iri = again.iri if again is not None and again.iri in self.replaced else \
                    self._new_iri("organization", publisher)  # fmt: skip
                self.entities[iri] = EntityDecision(iri, iri, True, publisher, "organization",
                                                    EDGO + "Organization")  # fmt: skip
                self.by_label[_fold(publisher)] = publisher_key = iri
        iri = ident or mint_new(self.settings.base_iri, "source", f"{self.slug} {title}",
                                lambda i: i in self.taken or (_described(self.store, i)
                                and i not in self.replaced))  # fmt: skip
        self.taken.add(iri)
        self.documents[connection.document] = CitedDocument(
            f"d{len(self.documents)}", iri, True, title or iri, publisher_key, date, url
        )
        return True

    def decisions(self, bad_rows: set[tuple[str, int]]) -> Decisions:
        facts = []
        for c in self.connections:
            if (self.connections_sheet, c.row) in bad_rows:
                continue
            source = self._end(c.source, 1.0)
            target = self._end(c.target, 1.0)
            assert source is not None and target is not None
            agent, thing = (source, target) if c.role.from_is_agent else (target, source)
            document = self.documents[c.document].key if c.document is not None else ""
            date = c.document[3] if c.document is not None else ""
            facts.append(FactDecision(
                f"r{c.row}", "relation", "accepted",
                Evidence(c.paragraph, "", 0, 0, "", self.connections_sheet, c.row, document),
                agent, role=_role_key(c.role), target=thing,
                as_of="" if c.start else date, as_of_type=_type(date) if not c.start else "",
                start_date=c.start, end_date=c.end,
            ))  # fmt: skip
        entities = tuple(e for e in self.entities.values()
                         if (e.sheet, e.row) not in bad_rows or not e.row)  # fmt: skip
        kept = {e.key for e in entities}
        attributes = [a for a in self.attributes if a.agent in kept]
        return Decisions(entities, tuple(attributes + facts))


def _role_key(role: RoleName) -> Any:
    from edgraph.curation.roles import Role

    return Role(written_role(role.role))


def _type(lexical: str) -> str:
    return {4: "gYear", 7: "gYearMonth"}.get(len(lexical), "date") if lexical else ""


def _only_in(store: Store, graph: str) -> set[str]:
    """The IRIs that only ``graph`` gives a type (or describes as a document): what the file
    being replaced alone names, which the new file must name again."""
    from edgraph.query.results import lexical

    rows = store.query(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} FILTER(isIRI(?s)) "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?q ?x }} FILTER(?h != <{graph}>) }} }}"
    ).rows
    return {lexical(s) for (s,) in rows}  # type: ignore[arg-type]


def _described(store: Store, iri: str) -> bool:
    return bool(store.query(f"ASK {{ <{iri}> ?p ?o }}").boolean)


def _save(
    slug: str, graph: str, meta: SourceMeta, decisions: Decisions, store: Store,
    settings: Settings, skip_invalid: bool, plan: _Plan, stages: dict[str, float],
) -> tuple[Path, Decisions, list[Problem]]:  # fmt: skip
    """Write the file beside, build the project with it in memory and check it against the
    shapes; rename it into graph/sources/ only when its own statements conform (with
    ``skip_invalid``, the rows whose statements do not are left out and it is tried again)."""
    from edgraph.build import build, build_inputs, project_inputs, with_file
    from edgraph.curation.workspace import write_atomically
    from edgraph.store import EmbeddedStore
    from edgraph.validate import validate_graph

    project = settings.project_dir()
    trial = settings.workspace_dir() / "imports" / f"{slug}.ttl"
    trial_store = settings.workspace_dir() / "imports" / f"{slug}.store"
    skipped: list[Problem] = []
    for _ in range(3):
        began = time.perf_counter()
        text = source_file(meta, decisions, base=settings.base_iri)
        write_atomically(trial, text)
        stages["write"] = stages.get("write", 0) + time.perf_counter() - began
        began = time.perf_counter()
        inputs = with_file(project_inputs(project, base_iri=settings.base_iri), graph, trial,
                           project)  # fmt: skip
        # on disk, not in memory: a large sheet's statements would be held there twice over
        shutil.rmtree(trial_store, ignore_errors=True)
        tried = EmbeddedStore.open(trial_store, must_exist=False)
        build_inputs(tried, inputs, settings)
        stages["check build"] = stages.get("check build", 0) + time.perf_counter() - began
        began = time.perf_counter()
        report = validate_graph(tried, graph, project / "ontology" / "shapes.ttl")
        stages["validate"] = stages.get("validate", 0) + time.perf_counter() - began
        own = [v for v in report.violations if graph in v.graphs and v.severity == "Violation"]
        if not own:
            break
        problems = _located(own, meta, decisions, settings, plan)
        if not skip_invalid:
            trial.unlink(missing_ok=True)
            shutil.rmtree(trial_store, ignore_errors=True)
            raise SheetError(problems, path=meta.headline)
        skipped += problems
        bad = {(p.sheet, p.row) for p in problems}
        gone = {e.key for e in decisions.entities if e.row and (e.sheet, e.row) in bad}
        decisions = dataclasses.replace(
            decisions,
            entities=tuple(e for e in decisions.entities if e.key not in gone),
            facts=tuple(f for f in decisions.facts if (f.evidence.sheet, f.evidence.row) not in bad
                        and f.agent not in gone and f.target not in gone),
        )  # fmt: skip
    else:
        trial.unlink(missing_ok=True)
        shutil.rmtree(trial_store, ignore_errors=True)
        raise SheetError(skipped, path=meta.headline)
    shutil.rmtree(trial_store, ignore_errors=True)
    target = project / "graph" / "sources" / f"{slug}.ttl"
    target.parent.mkdir(parents=True, exist_ok=True)
    trial.replace(target)
    began = time.perf_counter()
    build(store, settings)
    stages["build"] = time.perf_counter() - began
    return target, decisions, skipped


def _located(
    violations: list[Any], meta: SourceMeta, decisions: Decisions, settings: Settings,
    plan: _Plan,
) -> list[Problem]:  # fmt: skip
    """Each shape violation of the file as the rows whose statements make it."""
    from edgraph.namespaces import shorten

    made = written_by(meta, decisions, base=settings.base_iri)
    rows = {f.id: (f.evidence.sheet, f.evidence.row) for f in decisions.facts}
    entity_rows = {e.iri: (e.sheet, e.row) for e in decisions.entities if e.row}
    found: list[Problem] = []
    for v in violations:
        ids = {i for (s, p, _), fact_ids in made.items()
               if s == v.focus and (v.path is None or p == v.path) for i in fact_ids}  # fmt: skip
        ids |= {i for (s, _, o), fact_ids in made.items() if o == v.focus for i in fact_ids}
        located = sorted({rows[i] for i in ids if i in rows})
        if not located and v.focus in entity_rows:
            located = [entity_rows[v.focus]]
        what = f"{v.label}: {v.message}" + (f" ({shorten(v.path)})" if v.path else "")
        if not located:
            found.append(Problem(meta.headline, 0, "-", what))
        for sheet, row in located:
            found.append(Problem(sheet, row, "Type" if sheet == plan.elements_sheet else "To",
                                 what))  # fmt: skip
    return sorted(set(found))


__all__ = [
    "CONNECTIONS",
    "CONNECTION_COLUMNS",
    "ELEMENT_COLUMNS",
    "Problem",
    "Report",
    "SheetError",
    "import_sheets",
]  # fmt: skip
