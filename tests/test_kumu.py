"""Kumu's sheets out (``edgraph export --format kumu-xlsx|kumu-csv``, the network page's
downloads) and back in: an import of an export is the same graph; every CSV and XLSX cell a
spreadsheet would run as a formula is escaped."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
import rdflib
from click.testing import CliRunner
from flask.testing import FlaskClient
from rdflib.compare import to_isomorphic

from edgraph.build import build
from edgraph.bundled import bundled_project
from edgraph.catalog import Catalog
from edgraph.cli import main
from edgraph.curation.sheet import import_sheets
from edgraph.export import write_csv_tables
from edgraph.kumu import kumu_tables, write_kumu_csv, write_kumu_xlsx
from edgraph.location import store_for
from edgraph.network import Edge, Filters, Network, Node, partnership_network, view
from edgraph.sheets import CONNECTION_COLUMNS, ELEMENT_COLUMNS, read_tables
from edgraph.store import Store
from tests.conftest import DATA, settings_for

SHEETS = DATA / "sheets"
HOSTILE = '=HYPERLINK("http://evil.example/","click")'
EDGO = rdflib.Namespace("https://w3id.org/edgraph/ontology#")
SCHEMA = rdflib.Namespace("http://schema.org/")


def _empty_project(folder: Path) -> Path:
    """The real ontology and reference data, no sources: nothing the round trip's sheets name."""
    shutil.copytree(bundled_project() / "ontology", folder / "ontology")
    shutil.copytree(DATA / "viewer" / "graph" / "reference", folder / "graph" / "reference")
    (folder / "graph" / "sources").mkdir()
    return folder


def _imported(folder: Path, files: list[Path]) -> tuple[Store, Path]:
    project = _empty_project(folder)
    settings = settings_for(project, store=str(folder / "store"))
    store = store_for(settings, must_exist=False)
    build(store, settings)
    report = import_sheets(files, store, settings, slug="roundtrip")
    assert report.path is not None and not report.skipped
    return store, report.path


def _xlsx(store: Store, network: Network | None = None) -> bytes:
    catalog = Catalog.load(store)
    output = io.BytesIO()
    write_kumu_xlsx(kumu_tables(store, network or partnership_network(store, catalog), catalog),
                    output)  # fmt: skip
    return output.getvalue()


def _facts(path: Path) -> rdflib.Graph:
    """The source file's graph without what is of the file itself, not of the data: the
    spreadsheet's name, fingerprint and format, and the rows (their numbers follow the order
    of the file's rows)."""
    graph = rdflib.Graph().parse(path, format="turtle")
    for spreadsheet in list(graph.subjects(rdflib.RDF.type, EDGO.Spreadsheet)):
        for predicate in (SCHEMA.name, SCHEMA.identifier, SCHEMA.encodingFormat):
            graph.remove((spreadsheet, predicate, None))
    graph.remove((None, EDGO.row, None))
    return graph


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Path]:
    folder = tmp_path_factory.mktemp("first")
    return _imported(folder, [SHEETS / "roundtrip-elements.csv",
                              SHEETS / "roundtrip-connections.csv"])  # fmt: skip


def test_an_import_of_an_export_is_the_same_graph(
    first: tuple[Store, Path], tmp_path: Path
) -> None:
    store, original = first
    exported = tmp_path / "roundtrip.xlsx"
    exported.write_bytes(_xlsx(store))
    again, reimported = _imported(tmp_path / "second", [exported])
    assert to_isomorphic(_facts(original)) == to_isomorphic(_facts(reimported))
    rows = rdflib.Graph().parse(reimported, format="turtle")
    assert len(set(rows.objects(None, EDGO.row))) > 1  # each statement kept its row
    # and out again: the same workbook, byte for byte
    assert _xlsx(again) == exported.read_bytes()


def test_the_csv_sheets_round_trip_too(first: tuple[Store, Path], tmp_path: Path) -> None:
    store, original = first
    catalog = Catalog.load(store)
    tables = kumu_tables(store, partnership_network(store, catalog), catalog)
    paths = tmp_path / "roundtrip-elements.csv", tmp_path / "roundtrip-connections.csv"
    with paths[0].open("w", newline="") as elements, paths[1].open("w", newline="") as ties:
        write_kumu_csv(tables, elements, ties)
    _, reimported = _imported(tmp_path / "second", list(paths))
    assert to_isomorphic(_facts(original)) == to_isomorphic(_facts(reimported))


def test_connections_carry_their_provenance(first: tuple[Store, Path]) -> None:
    store, _ = first
    catalog = Catalog.load(store)
    tables = kumu_tables(store, partnership_network(store, catalog), catalog)
    rows = [dict(zip(CONNECTION_COLUMNS, row, strict=True)) for row in tables.connections]
    funding = [r for r in rows if r["Role"] == "funder"]
    assert sorted(
        (r["Source title"], r["Source publisher"], r["Source date"], r["Paragraph"])
        for r in funding
    ) == [
        ("Annual report 2022", "Valley Learning Trust", "2023-02", "4"),
        ("The fair opens", "Valley Post", "2022-10-01", "1"),
    ]
    assert all(r["Source ID"].startswith("https://w3id.org/edgraph/id/source/") for r in funding)
    (position,) = [r for r in rows if r["Role"] == "works-for"]
    assert (position["From"], position["Start date"], position["End date"]) == (
        "Rosa Mamani", "2018-04", "2021")  # fmt: skip


def test_formula_cells_are_escaped_in_every_sheet_written(
    first: tuple[Store, Path], tmp_path: Path
) -> None:
    store, _ = first
    book = openpyxl.load_workbook(io.BytesIO(_xlsx(store)))
    assert book.sheetnames == ["Elements", "Connections"]
    cells = [c for row in book["Elements"].iter_rows() for c in row if c.value]
    hostile = [c for c in cells if "evil.example" in str(c.value)]
    assert [(c.value, c.data_type) for c in hostile] == [("'" + HOSTILE, "s")]
    assert "'@SUM(1+1)" in {c.value for c in cells}
    assert "'+cmd|-2 orgs" in {c.value for c in cells}
    assert not any(str(c.value).startswith(("=", "+", "-", "@")) for c in cells)
    # the network CSV tables for Gephi
    network = Network({"http://x/a": Node("http://x/a", "=1+1", "organization")},
                      [Edge("http://x/a", "http://x/a", "funds", label="@me")])  # fmt: skip
    nodes, edges = io.StringIO(), io.StringIO()
    write_csv_tables(network, nodes, edges)
    assert list(csv.reader(io.StringIO(nodes.getvalue())))[1][1] == "'=1+1"
    assert list(csv.reader(io.StringIO(edges.getvalue())))[1][4] == "'@me"
    # and what edgraph reads back has the escape taken off
    catalog = Catalog.load(store)
    tables = kumu_tables(store, partnership_network(store, catalog), catalog)
    path = tmp_path / "x-elements.csv"
    with path.open("w", newline="") as out:
        write_kumu_csv(tables, out, io.StringIO())
    (table,) = read_tables(path, max_bytes=10**6, max_rows=100)
    assert HOSTILE in {cells["Label"] for _, cells in table.rows}


def test_a_filtered_view_exports_only_its_part(first: tuple[Store, Path]) -> None:
    store, _ = first
    catalog = Catalog.load(store)
    whole = partnership_network(store, catalog)
    person = "https://w3id.org/edgraph/id/person/rosa-mamani"
    around = view(whole, catalog, Filters(focus=person, hops=1, max_nodes=100))
    tables = kumu_tables(store, around, catalog)
    assert sorted(row[0] for row in tables.elements) == ["Rosa Mamani", "Valley Learning Trust"]
    assert [row[4] for row in tables.connections] == ["works-for"]


def test_export_writes_both_csv_sheets_and_refuses_without_a_file(
    first: tuple[Store, Path], tmp_path: Path, runner: CliRunner
) -> None:
    _, original = first
    project = original.parents[2]
    args = ["export", "--project", str(project), "--store", str(project / "store")]
    result = runner.invoke(main, [*args, "--format", "kumu-csv"])
    assert result.exit_code == 2 and "-o STEM.csv" in result.stderr
    result = runner.invoke(main, [*args, "--format", "kumu-csv", "-o", str(tmp_path / "v.csv")])
    assert result.exit_code == 0, result.output
    header = (tmp_path / "v-elements.csv").read_text().splitlines()[0]
    assert header == ",".join(ELEMENT_COLUMNS)
    result = runner.invoke(main, [*args, "--format", "kumu-xlsx", "-o", str(tmp_path / "v.xlsx"),
                                  "--focus", "person/rosa-mamani"])  # fmt: skip
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "v.xlsx", read_only=True)
    assert len(list(book["Elements"].iter_rows())) == 3  # the header and two elements


def test_the_network_page_offers_the_sheets_of_its_view(client: FlaskClient) -> None:
    response = client.get("/network.xlsx?kind=organization&kind=network")
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    types = {row[1] for row in book["Elements"].iter_rows(min_row=2, values_only=True)}
    assert types and not types & {"Person", "Meeting", "Congress"}
    response = client.get("/network-connections.csv?kind=organization&kind=network")
    assert response.status_code == 200
    assert response.data.decode().splitlines()[0] == ",".join(CONNECTION_COLUMNS)
    assert client.get("/network-other.csv").status_code == 404
    page = client.get("/network?kind=organization").data.decode()
    assert "/network.xlsx?kind=organization" in page
