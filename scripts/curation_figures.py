"""Figures of the curation extractor on folders of fixture articles (NAME.txt beside
NAME.expected.json): organizations with their kind, each role's precision and recall, the
issue's roles together, funder/sponsor confusions, claims and dates.

    python scripts/curation_figures.py tests/data/curation/development-2 [-v] [--gazetteer]

``-v`` lists every miss and wrong fact; ``--gazetteer`` reconciles against the bundled graph's
names as ``edgraph extract`` does; ``--lang en-`` scores only the English articles.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from edgraph.curation.evaluate import Score, score
from edgraph.curation.extract import propose
from edgraph.curation.intake import read_document

ISSUE_ROLES = ("organizer", "host", "funder", "sponsor", "participant", "operator", "unit_of",
               "works_for")  # fmt: skip
OTHER_ROLES = ("supporter", "facilitator", "member", "located_in", "sub_event", "event_of",
               "founded_in", "proposer")  # fmt: skip


def _gazetteer():  # type: ignore[no-untyped-def]
    from edgraph.build import build
    from edgraph.curation.match import Matcher
    from edgraph.settings import Settings
    from edgraph.store import EmbeddedStore

    store = EmbeddedStore.in_memory()
    build(store, Settings.load(env={}, config_file=None))
    return Matcher.from_store(store)


def figures(folder: Path, *, verbose: bool, gazetteer: object = None, lang: str = "") -> Score:
    total = Score()
    for path in sorted(folder.glob(f"{lang}*.txt")):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        proposal = propose(read_document(path, max_bytes=1_000_000), gazetteer=gazetteer)  # type: ignore[arg-type]
        one = score(proposal, expected)
        total.add(one)
        if verbose:
            print(f"## {path.name}: {one.summary()}")
            for miss in one.missed:
                print("   missed", miss)
            for wrong in one.wrong:
                print("   wrong ", wrong)
    return total


def table(name: str, s: Score) -> str:
    def pr(roles: tuple[str, ...]) -> tuple[int, int, int]:
        tp = sum(s.per_role[f"{r}:tp"] for r in roles)
        fp = sum(s.per_role[f"{r}:fp"] for r in roles)
        fn = sum(s.per_role[f"{r}:fn"] for r in roles)
        return tp, tp + fp, tp + fn

    def cell(tp: int, proposed: int, expected: int) -> str:
        p = f"{tp}/{proposed} ({tp / proposed:.0%})" if proposed else "-"
        r = f"{tp}/{expected} ({tp / expected:.0%})" if expected else "-"
        return f"{p} / {r}"

    lines = [f"### {name}", s.summary(), f"issue roles P / R: {cell(*pr(ISSUE_ROLES))}"]
    for role in (*ISSUE_ROLES, *OTHER_ROLES):
        tp, proposed, expected = pr((role,))
        if proposed or expected:
            lines.append(f"  {role:12} {cell(tp, proposed, expected)}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--gazetteer", action="store_true")
    parser.add_argument(
        "--lang", default="", help="only the articles whose names start so (en-, es-)"
    )
    args = parser.parse_args()
    gazetteer = _gazetteer() if args.gazetteer else None
    for folder in args.folders:
        print(
            table(
                str(folder),
                figures(folder, verbose=args.verbose, gazetteer=gazetteer, lang=args.lang),
            )
        )


if __name__ == "__main__":
    main()
