"""How long curation takes to propose and reconcile the candidate facts of a 1,000-word article.

    python bench/curation_bench.py                    # on the bundled graph
    python bench/curation_bench.py --store DIR        # also on a store built already, e.g.
        python bench/generate.py --triples 1000000 --seed 7 /tmp/gen1m
        edgraph build --project /tmp/gen1m --store /tmp/gen1m-store
        python bench/curation_bench.py --store /tmp/gen1m-store

The article is made of the fixture articles of tests/data/curation (English and Spanish, in
turn) until it has 1,000 words. For each store it prints the time to make the matcher's index
(once per store generation: the catalog read from the store, or from its kept copy), then the
median of --repeat runs of propose() and reconcile() with the targets of issue 17 beside them
(2 s on the bundled graph, 5 s on a ~1M-triple store, for both together).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from edgraph.build import build
from edgraph.curation.extract import propose
from edgraph.curation.intake import Document, parse_text
from edgraph.curation.match import Matcher
from edgraph.curation.reconcile import reconcile
from edgraph.settings import Settings
from edgraph.store import EmbeddedStore, Store

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "data" / "curation"


def article(words: int = 1000) -> Document:
    """An English article of ``words`` words or a little more from the fixture paragraphs."""
    paragraphs: list[str] = []
    sources = sorted(FIXTURES.glob("en-*.txt")) + sorted((FIXTURES / "held-out-1").glob("en-*.txt"))
    blocks = [b for path in sources for b in path.read_text(encoding="utf-8").split("\n\n")[1:]]
    while sum(len(p.split()) for p in paragraphs) < words + 5:  # the headline is not counted
        paragraphs.append(blocks[len(paragraphs) % len(blocks)].strip())
    return parse_text("A long news item\n\n" + "\n\n".join(paragraphs), language="en")


def measure(name: str, store: Store, document: Document, repeat: int, target_s: float) -> None:
    started = time.perf_counter()
    matcher = Matcher.from_store(store)
    index_s = time.perf_counter() - started
    proposing, reconciling, candidates = [], [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        proposal = propose(document, gazetteer=matcher)
        middle = time.perf_counter()
        result = reconcile(proposal, matcher)
        proposing.append(middle - started)
        reconciling.append(time.perf_counter() - middle)
        candidates = len(result.entities)
    both = statistics.median(p + r for p, r in zip(proposing, reconciling, strict=True))
    print(
        f"{name:<28} quads {store.quad_count():>9,}  entities known {len(matcher.entities):>7,}"
        f"  index {index_s * 1000:>8.1f} ms\n"
        f"{'':<28} propose {statistics.median(proposing) * 1000:>7.1f} ms  reconcile "
        f"{statistics.median(reconciling) * 1000:>7.1f} ms  together {both * 1000:>7.1f} ms "
        f"(target {target_s:.0f} s: {'met' if both <= target_s else 'MISSED'}); "
        f"{candidates} candidate entities; peak memory so far "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="a store folder built already (about 1M triples)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    document = article()
    print(f"article: {document.word_count()} words, {len(document.paragraphs)} paragraphs")
    bundled = EmbeddedStore.in_memory()
    build(bundled, Settings.load(env={}, config_file=None))
    measure("bundled graph", bundled, document, args.repeat, 2.0)
    if args.store:
        measure(f"store {Path(args.store).name}", EmbeddedStore.open(args.store), document,
                args.repeat, 5.0)  # fmt: skip


if __name__ == "__main__":
    main()
