"""How long ``edgraph import`` takes on a large sheet, and how much memory it holds.

    python bench/import_bench.py                       # 100,000 connection rows, CSV
    python bench/import_bench.py --rows 10000 --xlsx   # an XLSX workbook instead
    python bench/import_bench.py --check               # read, check, reconcile; no writing

Writes a seeded Kumu sheet (an Elements sheet of ``--rows / 5`` organizations, events and
people, and a Connections sheet of ``--rows`` funder, sponsor, organizer, member and
works-for rows citing a thousand documents) into a temporary project of reference data only,
then imports it as the command does: read and check every row, reconcile, write the source
file, build the project with it in memory, validate it against the shapes, rename it into
graph/sources/ and rebuild the store. Prints the seconds of each stage and the peak resident
memory of the process (ru_maxrss), which includes the interpreter and every library.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

from edgraph.build import build
from edgraph.bundled import bundled_project
from edgraph.curation.sheet import import_sheets
from edgraph.settings import Settings
from edgraph.sheets import CONNECTION_COLUMNS, ELEMENT_COLUMNS, write_xlsx
from edgraph.store import EmbeddedStore

WORDS = [
    "Andes",
    "Coastal",
    "Valley",
    "River",
    "Highland",
    "Northern",
    "Southern",
    "Open",
    "Civic",
    "Green",
    "Bright",
    "Future",
    "Ocean",
    "Sierra",
    "Pampa",
    "Delta",
    "Lake",
    "Forest",
    "Harbour",
    "Summit",
]
KINDS = ("Foundation", "NonProfit", "University", "Company", "Network", "Convening", "Person")


def sheets(rows: int, seed: int) -> tuple[list[list[str]], list[list[str]]]:
    rng = random.Random(seed)
    count = max(10, rows // 5)
    elements: list[list[str]] = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {kind} {i}"
        start = f"{2000 + i % 24}-0{1 + i % 9}-1{i % 9}" if kind == "Convening" else ""
        elements.append([name, kind, "", "", "", start, "", ""])
    by_kind: dict[str, list[str]] = {}
    for row in elements:
        by_kind.setdefault(row[1], []).append(row[0])
    agents = by_kind["Foundation"] + by_kind["NonProfit"] + by_kind["Company"]
    connections: list[list[str]] = []
    for i in range(rows):
        doc = i % 1000
        source = [f"Bulletin {doc}", "Valley Post", f"20{10 + doc % 14}-05-01",
                  f"https://news.example.org/{doc}", "", str(1 + i % 12)]  # fmt: skip
        choice = i % 5
        if choice < 3:
            role = ("funder", "sponsor", "organizer")[choice]
            ends = [rng.choice(agents), rng.choice(by_kind["Convening"])]
        elif choice == 3:
            role, ends = "member", [rng.choice(agents), rng.choice(by_kind["Network"])]
        else:
            role, ends = "works-for", [rng.choice(by_kind["Person"]), rng.choice(agents)]
        connections.append([*ends, role, "", "", "", "", *source])
    return elements, connections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--xlsx", action="store_true", help="an XLSX workbook, not CSV files")
    parser.add_argument("--check", action="store_true", help="read, check and reconcile only, "
                        "as 'edgraph import --check' does (nothing written, no shapes)")  # fmt: skip
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="edgraph-import-bench-"))
    try:
        project = folder / "project"
        shutil.copytree(bundled_project() / "ontology", project / "ontology")
        shutil.copytree(bundled_project() / "graph" / "reference", project / "graph" / "reference")
        (project / "graph" / "sources").mkdir()
        elements, connections = sheets(args.rows, args.seed)
        if args.xlsx:
            paths = [folder / "bench.xlsx"]
            with paths[0].open("wb") as out:
                write_xlsx(out, [("Elements", ELEMENT_COLUMNS, elements),
                                 ("Connections", CONNECTION_COLUMNS, connections)])  # fmt: skip
        else:
            paths = [folder / "bench-elements.csv", folder / "bench-connections.csv"]
            for path, header, rows in zip(paths, (ELEMENT_COLUMNS, CONNECTION_COLUMNS),
                                          (elements, connections), strict=True):  # fmt: skip
                with path.open("w", newline="", encoding="utf-8") as out:
                    writer = csv.writer(out)
                    writer.writerow(header)
                    writer.writerows(rows)
        size = sum(p.stat().st_size for p in paths)
        del elements, connections
        settings = Settings.load(overrides={"project": project, "store": str(folder / "store")},
                                 env={}, config_file=None)  # fmt: skip
        store = EmbeddedStore.open(str(folder / "store"), must_exist=False)
        build(store, settings)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        report = import_sheets(paths, store, settings, check=args.check)
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        written = report.path.stat().st_size if report.path else 0
        print(
            f"sheet: {args.rows:,} connection rows, {report.elements:,} elements, "
            f"{'XLSX' if args.xlsx else 'CSV'}, {size / 1e6:.1f} MB"
        )
        print(
            f"{'checked' if args.check else 'imported'}: {report.statements:,} statements, "
            f"{report.new:,} new entities, "
            f"{report.documents:,} documents; source file {written / 1e6:.1f} MB"
        )
        for stage, seconds in report.stages.items():
            print(f"  {stage:<12} {seconds:8.1f} s")
        print(
            f"total: {elapsed:.1f} s; peak RSS {peak:.0f} MB (before the import: {before:.0f} MB)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
