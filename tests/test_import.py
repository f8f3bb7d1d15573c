"""``edgraph import``: spreadsheets in Kumu's layout into a source file, on the sheets of
tests/data/sheets/ imported into a copy of the viewer's small graph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from edgraph import roles
from edgraph.cli import main
from edgraph.curation.roles import ROLES as WRITTEN
from edgraph.curation.roles import Role as WrittenRole
from edgraph.curation.sheet import SheetError, _fold, import_sheets, role_names, written_role
from edgraph.errors import LimitError
from edgraph.location import store_for
from edgraph.sheets import detect_encoding, read_tables
from edgraph.store import Store
from tests.conftest import DATA, project_of, settings_for

SHEETS = DATA / "sheets"
ID = "https://w3id.org/edgraph/id/"
EDGO = "https://w3id.org/edgraph/ontology#"
HOSTILE = '=HYPERLINK("http://evil.example/","click")'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_of(tmp_path / "project", DATA / "viewer" / "graph")


def _store(project: Path, tmp_path: Path, **overrides: object) -> tuple[Store, object]:
    from edgraph.build import build

    settings = settings_for(project, store=str(tmp_path / "store"), **overrides)
    store = store_for(settings, must_exist=False)
    build(store, settings)
    return store, settings


def _rows(store: Store, query: str) -> set[tuple[str, ...]]:
    prefixes = f"PREFIX edgo: <{EDGO}> PREFIX schema: <http://schema.org/> PREFIX id: <{ID}> "
    prefixes += "PREFIX prov: <http://www.w3.org/ns/prov#> "
    prefixes += "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
    return {tuple(t.value if t is not None else "" for t in row)  # type: ignore[union-attr]
            for row in store.query(prefixes + query).rows}  # fmt: skip


def _partners(project: Path, tmp_path: Path, **options: object) -> tuple[Store, object]:
    store, settings = _store(project, tmp_path)
    import_sheets([SHEETS / "partners-elements.csv", SHEETS / "partners-connections.csv"],
                  store, settings, **options)  # type: ignore[arg-type]  # fmt: skip
    return store, settings


# --- reading ---------------------------------------------------------------------------------


def test_csv_dialects_are_read_as_they_come() -> None:
    assert detect_encoding(SHEETS / "partners-elements.csv") == "utf-8-sig"
    assert detect_encoding(SHEETS / "latin1-connections.csv") == "cp1252"
    (elements,) = read_tables(SHEETS / "partners-elements.csv", max_bytes=10**6, max_rows=100)
    assert elements.header[0] == "Label"  # the BOM is not part of the first column's name
    rows = dict(elements.rows)
    assert rows[3]["Description"] == "A museum of the sea,\nwith a school programme."
    assert rows[5]["Label"] == HOSTILE  # a spreadsheet's row numbers: header 1, quoted lines one
    (latin,) = read_tables(SHEETS / "latin1-connections.csv", max_bytes=10**6, max_rows=100)
    first = dict(latin.rows)[2]
    assert first["From"] == "Colegio Ría"
    assert first["Source title"] == "Boletín de la red; edición de otoño"


def test_limits_are_refused_before_anything_is_written(project: Path, tmp_path: Path) -> None:
    with pytest.raises(LimitError, match="import_max_bytes"):
        read_tables(SHEETS / "partners-elements.csv", max_bytes=100, max_rows=100)
    store, settings = _store(project, tmp_path, import_max_rows=3)
    with pytest.raises(LimitError, match="more than 3 rows"):
        import_sheets([SHEETS / "partners-elements.csv", SHEETS / "partners-connections.csv"],
                      store, settings)  # type: ignore[arg-type]  # fmt: skip
    assert not (project / "graph" / "sources" / "partners.ttl").exists()


# --- the import --------------------------------------------------------------------------------


def test_elements_are_reconciled_and_connections_become_sourced_statements(
    project: Path, tmp_path: Path
) -> None:
    store, settings = _store(project, tmp_path)
    report = import_sheets(
        [SHEETS / "partners-elements.csv", SHEETS / "partners-connections.csv"],
        store,
        settings,  # type: ignore[arg-type]
    )
    assert report.path == project / "graph" / "sources" / "partners.ttl"
    assert (report.elements, report.connections, report.skipped) == (6, 7, ())
    camp = ID + "event/summer-coding-camp-2023"
    # the typo is the foundation the graph knows; Gull Fund is only named by the connections
    assert _rows(
        store,
        "SELECT ?f ?s WHERE { id:event\\/summer-coding-camp-2023 edgo:funder ?f ;"
        " edgo:sponsor ?s }",
    ) == {(ID + "org/tide-foundation", ID + "org/gull-fund")}
    # "hosted by" reads From as the event; "works for" as the person's employer
    assert _rows(store, f"SELECT ?h WHERE {{ <{camp}> edgo:host ?h }}") == {
        (ID + "org/harbour-science-museum",)
    }
    assert _rows(store, "SELECT ?o WHERE { id:person\\/marta-nunez schema:worksFor ?o }") == {
        (ID + "org/harbour-science-museum",)
    }
    # hostile labels are names like any other, in the graph as they were written
    assert (HOSTILE,) in _rows(store, "SELECT ?n WHERE { ?x edgo:supporter ?o ; a edgo:Event . "
                               "?o schema:name ?n }")  # fmt: skip
    assert ("<script>alert(1)</script>",) in _rows(store, "SELECT ?n WHERE { ?e edgo:participant"
                                                   " ?o . ?o schema:name ?n }")  # fmt: skip
    # each statement traceable to its sheet, row and the document the row cites, paragraph too
    assert _rows(store, f"""SELECT ?sheet ?row ?title ?paragraph WHERE {{
        ?e rdf:subject <{camp}> ; rdf:predicate edgo:funder ; edgo:sheet ?sheet ;
           edgo:row ?row ; edgo:paragraph ?paragraph ; prov:wasDerivedFrom ?doc .
        ?doc schema:headline ?title }}""") == {("Connections", "2", "Coding camp\nfor the coast",
                                              "2")}  # fmt: skip
    assert _rows(
        store,
        """SELECT ?row WHERE { ?e rdf:subject id:org\\/harbour-science-museum ;
        rdf:predicate rdf:type ; edgo:sheet "Elements" ; edgo:row ?row }""",
    ) == {("3",)}
    # a membership keeps its date, and dates of elements are their start and founding dates
    assert _rows(
        store,
        """SELECT ?start WHERE { ?m a edgo:Membership ;
        <http://www.w3.org/ns/org#member> id:org\\/harbour-science-museum ;
        schema:startDate ?start }""",
    ) == {("2021",)}
    assert _rows(store, f"SELECT ?s ?e WHERE {{ <{camp}> schema:startDate ?s ; schema:endDate ?e }}"
                 ) == {("2023-07-03", "2023-07-14")}  # fmt: skip
    # the source file is deterministic: the same sheets give the same bytes
    first = report.path.read_bytes()  # type: ignore[union-attr]
    again = import_sheets([SHEETS / "partners-elements.csv", SHEETS / "partners-connections.csv"],
                          store, settings)  # type: ignore[arg-type]  # fmt: skip
    assert again.path is not None and again.path.read_bytes() == first
    assert again.new == report.new  # imported again, its new entities keep their IRIs


def test_a_connections_file_alone_in_latin1_with_semicolons(project: Path, tmp_path: Path) -> None:
    store, settings = _store(project, tmp_path)
    report = import_sheets([SHEETS / "latin1-connections.csv"], store, settings)  # type: ignore[arg-type]
    assert (report.new, report.reused) == (0, 4)
    assert (ID + "network/coastal",) in _rows(
        store, "SELECT ?n WHERE { id:org\\/colegio-ria edgo:memberOf ?n }"
    )
    assert (ID + "org/tide-foundation",) in _rows(
        store, "SELECT ?f WHERE { id:event\\/coastal-meeting-2021 edgo:funder ?f }"
    )


def test_every_invalid_row_is_named_and_nothing_is_written(project: Path, tmp_path: Path) -> None:
    store, settings = _store(project, tmp_path)
    before = sorted(p.name for p in (project / "graph" / "sources").iterdir())
    with pytest.raises(SheetError) as caught:
        import_sheets([SHEETS / "bad-connections.csv"], store, settings)  # type: ignore[arg-type]
    said = [str(p) for p in caught.value.problems]
    assert said == [
        "Connections row 3, Type: 'Sponsr' is not a role; did you mean 'sponsor'?",
        "Connections row 4, Direction: 'sideways' is not one of directed, undirected, mutual",
        "Connections row 4, Start date: '12/03/2020' is not a date; write it as 2024-05-31, "
        "2024-05 or 2024",
        "Connections row 5, From: 'Nobody Org' is neither an element of the Elements sheet nor "
        "an entity of the graph; add it to the elements with its Type",
        "Connections row 6, Paragraph: 'two' is not a paragraph number (1, 2, ...)",
        "Connections row 6, Source URL: 'javascript:alert(1)' is not an http(s) URL",
        "Connections row 7, Start date: empty; a membership or position needs a date: its start "
        "date, or the Source date",
    ]
    assert sorted(p.name for p in (project / "graph" / "sources").iterdir()) == before


def test_skip_invalid_writes_the_valid_rows_and_reports_the_others(
    project: Path, tmp_path: Path
) -> None:
    store, settings = _store(project, tmp_path)
    report = import_sheets([SHEETS / "bad-connections.csv"], store, settings, skip_invalid=True)  # type: ignore[arg-type]
    assert sorted({p.row for p in report.skipped}) == [3, 4, 5, 6, 7]
    assert report.statements == 1
    assert _rows(
        store,
        """SELECT ?row WHERE { ?e rdf:subject id:network\\/coastal ;
        rdf:predicate edgo:funder ; edgo:row ?row }""",
    ) == {("2",)}


def test_the_command_reports_and_exits_two_on_invalid_rows(
    project: Path, tmp_path: Path, runner: CliRunner
) -> None:
    args = ["--project", str(project), "--store", str(tmp_path / "store")]
    result = runner.invoke(main, ["import", str(SHEETS / "bad-connections.csv"), *args])
    assert result.exit_code == 2
    assert "Connections row 3, Type: 'Sponsr' is not a role; did you mean 'sponsor'?" in (
        result.stderr
    )
    assert "5 invalid rows, nothing written" in result.stderr
    assert "Traceback" not in result.stderr
    result = runner.invoke(main, ["import", str(SHEETS / "bad-connections.csv"), *args,
                                  "--skip-invalid"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "skipped 5 invalid rows" in result.stderr
    assert "into graph/sources/bad.ttl" in result.stdout


def test_a_file_that_is_no_spreadsheet_is_one_clear_error(
    tmp_path: Path, runner: CliRunner, project: Path
) -> None:
    noise = tmp_path / "noise.csv"
    noise.write_bytes(bytes(range(256)) * 40)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    args = ["--project", str(project), "--store", str(tmp_path / "store")]
    program = tmp_path / "program.csv"
    program.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(200) + b"From,To,Type\n" * 50)
    image = tmp_path / "photo.csv"  # no NUL in its first bytes, yet no text either
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 20 + b"IHDR" * 100)
    before = _files(project / "graph")
    for path, message in (
        (noise, f"{noise}: not a text (CSV) file nor an XLSX workbook: it holds NUL bytes"),
        (program, f"{program}: not a text (CSV) file nor an XLSX workbook"),
        (
            image,
            f"{image}: not a text (CSV) file nor an XLSX workbook: 541 control characters "
            "in its first 1,028 bytes",
        ),  # 27 of each 31, and the \\x1a of the PNG header
        (fake, "not an XLSX workbook"),
    ):
        result = runner.invoke(main, ["import", str(path), *args])
        assert result.exit_code == 2, result.output
        errors = [line for line in result.stderr.splitlines() if "error" in line]
        assert len(errors) == 1 and message in errors[0], result.stderr  # one line
        assert "Traceback" not in result.stderr
    assert _files(project / "graph") == before


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def test_an_empty_file_or_a_sheet_without_rows_is_refused_and_nothing_written(
    tmp_path: Path, runner: CliRunner, project: Path
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    header = tmp_path / "header-connections.csv"
    header.write_text("From,To,Type\n\n,,\n", encoding="utf-8")  # blank rows are no rows
    book = openpyxl.Workbook()
    book.active.title = "Connections"
    book.active.append(["From", "To", "Type"])
    workbook = tmp_path / "header.xlsx"
    book.save(workbook)
    args = ["--project", str(project), "--store", str(tmp_path / "store")]
    before = _files(project / "graph")
    for files, message in (
        ([empty], f"{empty}: the file is empty (0 bytes): nothing to import"),
        ([header], f"{header}: no rows under the header (an empty sheet): nothing to import"),
        ([workbook], f"{workbook}: no rows under the header"),
        ([SHEETS / "partners-elements.csv", empty], f"{empty}: the file is empty"),
    ):
        for flags in ([], ["--skip-invalid"], ["--check"]):
            result = runner.invoke(main, ["import", *map(str, files), *args, *flags])
            assert result.exit_code == 2, result.output
            assert message in result.stderr and "Traceback" not in result.stderr
            assert "imported" not in result.stdout
    assert _files(project / "graph") == before


def test_an_import_into_a_store_in_memory_reconciles_against_the_project(
    tmp_path: Path, runner: CliRunner, project: Path
) -> None:
    # The store in memory starts empty: without a build, no row's Type was a type of the
    # ontology and no name an entity of the graph, so every row was refused.
    files = [str(SHEETS / "partners-elements.csv"), str(SHEETS / "partners-connections.csv")]
    result = runner.invoke(main, ["import", *files, "--project", str(project), "--store",
                                  "memory", "--skip-invalid"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "imported 6 elements and 7 connections into graph/sources/partners.ttl" in (
        result.stdout
    )
    assert "entities: 3 the graph knows, 5 new" in result.stdout
    assert "invalid" not in result.stderr
    assert (project / "graph" / "sources" / "partners.ttl").is_file()


def test_an_xlsx_workbook_with_real_date_cells(project: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    connections = book.active
    connections.title = "Connections"  # before Elements: sheets are found by name
    connections.append(["From", "To", "Type", "Start date"])
    connections.append(["Kelp School", "Coastal Schools Network", "member of",
                        dt.datetime(2022, 9, 1)])  # fmt: skip
    elements = book.create_sheet("Elements")
    elements.append(["Label", "Type"])
    elements.append(["Kelp School", "EducationalInstitution"])
    path = tmp_path / "kelp.xlsx"
    book.save(path)
    store, settings = _store(project, tmp_path)
    report = import_sheets([path], store, settings)  # type: ignore[arg-type]
    assert report.new == 1
    assert _rows(
        store,
        """SELECT ?start WHERE { ?m <http://www.w3.org/ns/org#member>
        id:org\\/kelp-school ; schema:startDate ?start }""",
    ) == {("2022-09-01",)}


def test_new_elements_a_known_entity_may_be_are_listed_for_review(
    project: Path, tmp_path: Path
) -> None:
    store, settings = _store(project, tmp_path)
    report = import_sheets([SHEETS / "partners-elements.csv", SHEETS / "partners-connections.csv"],
                           store, settings, review=True)  # type: ignore[arg-type]  # fmt: skip
    assert report.path is None
    assert not (project / "graph" / "sources" / "partners.ttl").exists()
    from edgraph.curation.session import workspace

    entry = workspace(settings).entry("partners")  # type: ignore[arg-type]
    assert {e.name for e in entry.decisions.entities} >= {"Harbour Science Museum", HOSTILE}
    assert any(f.evidence.row == 2 and f.role == "funder" for f in entry.decisions.facts)


# --- one roles table -------------------------------------------------------------------------


def test_connection_types_are_read_through_the_roles_table() -> None:
    names = role_names()
    for role in roles.ROLES:
        if role.relation is None:
            continue
        assert names[_fold(role.key)].role is role
        spec = WRITTEN[WrittenRole(written_role(role))]
        assert spec.predicate == role.predicate and spec.subject_is_agent == role.agent_first
    assert names["financiado por"].role.key == "funder"
    assert not names["financiado por"].from_is_agent


def test_a_shape_violation_is_reported_on_the_row_that_makes_it(
    project: Path, tmp_path: Path
) -> None:
    """Every cell is well formed, but an event needs its start date (edsh:Event)."""
    (tmp_path / "fair-elements.csv").write_text("Label,Type\nKelp Fair,Convening\n")
    (tmp_path / "fair-connections.csv").write_text(
        "From,To,Type\nTide Foundation,Kelp Fair,funds\nGull Fund,Coastal Schools Network,funds\n"
    )
    files = [tmp_path / "fair-elements.csv", tmp_path / "fair-connections.csv"]
    store, settings = _store(project, tmp_path)
    with pytest.raises(SheetError) as caught:
        import_sheets(files, store, settings)  # type: ignore[arg-type]
    rows = {(p.sheet, p.row) for p in caught.value.problems}
    assert ("Elements", 2) in rows and ("Connections", 3) not in rows
    assert any("start date" in p.message for p in caught.value.problems)
    assert not (project / "graph" / "sources" / "fair.ttl").exists()
    report = import_sheets(files, store, settings, skip_invalid=True)  # type: ignore[arg-type]
    assert ("Elements", 2) in {(p.sheet, p.row) for p in report.skipped}
    assert _rows(store, "SELECT ?f WHERE { id:network\\/coastal edgo:funder ?f }") >= {
        (ID + "org/gull-fund",)
    }
    assert not _rows(store, "SELECT ?e WHERE { ?e schema:name 'Kelp Fair' }")


def test_the_template_ships_and_imports_into_a_new_project(
    tmp_path: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["import", "--template", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "t").iterdir())
    assert names == ["README.md", "partnerships-connections.csv", "partnerships-elements.csv",
                     "partnerships.xlsx"]  # fmt: skip
    assert runner.invoke(main, ["init", str(tmp_path / "mine")]).exit_code == 0
    for sheets in (["partnerships.xlsx"],
                   ["partnerships-elements.csv", "partnerships-connections.csv"]):  # fmt: skip
        result = runner.invoke(main, ["import", *(str(tmp_path / "t" / n) for n in sheets),
                                      "--project", str(tmp_path / "mine"), "--store",
                                      str(tmp_path / "store"), "--name", "template"])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "5 new; 7 statements; 1 documents cited" in result.stdout
    # the workbook is the two CSV files (the same rows, the same bytes for the same rows)
    workbook = read_tables(tmp_path / "t" / "partnerships.xlsx", max_bytes=10**6, max_rows=99)
    for table in workbook:
        (csv_table,) = read_tables(tmp_path / "t" / f"partnerships-{table.name.lower()}.csv",
                                   max_bytes=10**6, max_rows=99)  # fmt: skip
        assert list(table.rows) == list(csv_table.rows)


def test_the_progress_bar_shows_on_stderr_when_asked_only(
    project: Path, tmp_path: Path, runner: CliRunner
) -> None:
    args = ["import", str(SHEETS / "latin1-connections.csv"), "--project", str(project),
            "--store", str(tmp_path / "store"), "--check"]  # fmt: skip
    quiet = runner.invoke(main, args)  # stderr is no terminal here
    assert quiet.exit_code == 0, quiet.output
    assert "reading" not in quiet.stderr
    assert "checked 0 elements and 2 connections" in quiet.stdout
    shown = runner.invoke(main, [*args, "--progress"])
    assert shown.exit_code == 0 and "reading" in shown.stderr
    assert not (project / "graph" / "sources" / "latin1.ttl").exists()
