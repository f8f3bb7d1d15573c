"""What the catalog's words cost (issue 19): reading the catalog from a store, with the time of
each query added for pages in words (reference data, ties, titles of claims, memberships and
source graphs) printed apart, then Browse listings as the viewer asks for them (the first page,
a text filter, sorted by ties or by kind, reference data included) and a listing's CSV.

    python bench/catalog_bench.py --triples 200000      # a seeded synthetic graph (generate.py)
    python bench/catalog_bench.py --store /tmp/syn1m-store

Figures are wall milliseconds, the median of ``--repeat`` runs (the catalog read: one run).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))


def timed(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", help="a built store folder; default: a synthetic graph")
    parser.add_argument("--triples", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from edgraph import catalog as module
    from edgraph.catalog import Catalog, _read, _titles
    from edgraph.export import listing_rows, write_listing
    from edgraph.location import open_store

    if args.store:
        store = open_store(args.store)
    else:
        from generate import generate

        from edgraph.build import build
        from edgraph.settings import Settings
        from edgraph.store import EmbeddedStore

        folder = Path(tempfile.mkdtemp(prefix="catalog-bench-"))
        written = generate(folder / "project", args.triples, 7)
        store = EmbeddedStore.in_memory()
        settings = Settings.load(overrides={"project": folder / "project"}, env={},
                                 config_file=None)  # fmt: skip
        start = time.perf_counter()
        build(store, settings)
        print(f"generated {written:,} triples, built in {time.perf_counter() - start:.1f} s")
    print(f"store: {store.quad_count():,} quads")

    start = time.perf_counter()
    entities, labels, documents, parents, titles = _read(store)
    total = (time.perf_counter() - start) * 1000
    catalog = Catalog(entities, labels, documents, parents, titles=titles)
    print(f"catalog read: {total:,.0f} ms for {len(entities):,} entities "
          f"({sum(e.reference for e in entities):,} of reference data, "
          f"{len(titles):,} titles)")  # fmt: skip
    for name in ("_REFERENCE", "_TIES"):
        ms = timed(lambda n=name: store.query(getattr(module, n)).rows, 1)  # type: ignore[misc]
        print(f"  of which {name.strip('_').lower()} query: {ms:,.0f} ms")
    bare = Catalog(entities, labels)
    ms = timed(lambda: _titles(store, bare, documents), 1)
    print(f"  of which titles: {ms:,.0f} ms")

    listings = {
        "first page": {},
        "text 'foundation'": {"text": "foundation"},
        "sorted by ties": {"sort": "ties"},
        "sorted by kind": {"sort": "kind"},
        "reference included": {"reference": "include"},
        "kind=organization, text 'uni', by ties": {"text": "uni", "sort": "ties"},
    }
    for label, options in listings.items():
        selected = {"kind": ["organization"]} if label.startswith("kind=") else {}
        first = timed(lambda s=selected, o=options: catalog.browse(s, **o), 1)  # type: ignore[misc]
        then = timed(lambda s=selected, o=options: catalog.browse(s, **o), args.repeat)  # type: ignore[misc]
        print(f"browse, {label}: first {first:,.1f} ms, then {then:,.1f} ms")

    def download() -> None:
        result = catalog.browse({}, per_page=10_000)
        write_listing(listing_rows(result.entities, catalog), "csv", io.BytesIO(),
                      total=result.total, truncated=result.total > 10_000)  # fmt: skip

    print(f"listing CSV of 10,000 rows: {timed(download, args.repeat):,.0f} ms")


if __name__ == "__main__":
    main()
