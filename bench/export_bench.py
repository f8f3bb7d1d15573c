"""Analysis and exports on a built store (about 1M triples), beside pyoxigraph's own dump of
the same store, in one run. Each measurement runs in a fresh process, which reports its own
wall time and peak memory (ru_maxrss).

    python bench/generate.py --triples 1000000 --seed 7 /tmp/syn1m
    edgraph build --project /tmp/syn1m --store /tmp/syn1m-store
    python bench/export_bench.py --store /tmp/syn1m-store --repeat 3

Targets (issue 5): the full dump within 1.5x of pyoxigraph's own; all measures within
2 minutes and 2 GB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RDF = ("nquads", "trig", "turtle", "nt", "jsonld", "rdfxml")
NETWORK = ("graphml", "gexf", "csv")
OXIGRAPH = {"nquads": "N_QUADS", "trig": "TRIG", "turtle": "TURTLE", "nt": "N_TRIPLES",
            "jsonld": "JSON_LD", "rdfxml": "RDF_XML"}  # fmt: skip


def child(task: str, store: str, fmt: str, out: str) -> None:
    """One measurement; prints {"seconds": ..., "rss_mb": ...}."""
    import resource

    start = time.perf_counter()
    if task == "oxigraph-disk":  # pyoxigraph's own dump from the on-disk store
        import pyoxigraph as ox

        source = ox.Store.read_only(str(Path(store) / "current"))
        start = time.perf_counter()
        with open(out, "wb") as handle:
            if fmt in ("nquads", "trig"):
                source.dump(handle, getattr(ox.RdfFormat, OXIGRAPH[fmt]))
            else:  # a triple format: the union, as edgraph gives it
                source.query("CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }",
                             use_default_graph_as_union=True).serialize(
                                 handle, getattr(ox.RdfFormat, OXIGRAPH[fmt]))  # fmt: skip
    elif task == "oxigraph-memory":  # the same, from an in-memory copy (the copy is not timed)
        import pyoxigraph as ox

        source = ox.Store()
        source.bulk_extend(ox.Store.read_only(str(Path(store) / "current")))
        start = time.perf_counter()
        with open(out, "wb") as handle:
            source.dump(handle, getattr(ox.RdfFormat, OXIGRAPH[fmt]))
    elif task == "edgraph-export":
        from edgraph.cli import main

        args = ["export", "--store", store, "--format", fmt, "-o", out]
        try:
            main(args, standalone_mode=False)
        except SystemExit as exc:
            if exc.code:
                raise
    elif task == "edgraph-analyze":
        from edgraph.analysis import analyze, save
        from edgraph.namespaces import DEFAULT_BASE
        from edgraph.store import EmbeddedStore

        opened = EmbeddedStore.open(store)
        result = analyze(opened)
        computed = time.perf_counter() - start
        written = save(opened, result, DEFAULT_BASE)
        sizes = {k: list(v) for k, v in result.sizes.items()}
        runs = {r.measure: round(r.ended - r.started, 2) for r in result.runs}
        print(json.dumps({"seconds": time.perf_counter() - start, "computed": computed,
                          "written": written, "sizes": sizes, "runs": runs,
                          "sampled": [r.parameters for r in result.runs if r.sampled],
                          "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))  # fmt: skip
        return
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in Path(out).parent.glob(Path(out).stem + "*"))
    print(json.dumps({"seconds": seconds, "bytes": size,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))  # fmt: skip


def measure(task: str, store: str, fmt: str, repeat: int) -> dict[str, float]:
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            out = str(Path(folder) / f"out.{fmt}")
            done = subprocess.run(
                [sys.executable, __file__, "--child", task, "--store", store, "--format", fmt,
                 "--out", out], capture_output=True, text=True, check=True)  # fmt: skip
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            for stale in Path(folder).iterdir():
                stale.unlink()
    result = {k: statistics.median(r[k] for r in runs) for k in ("seconds", "rss_mb")}
    for key in ("bytes", "computed", "written", "sizes", "runs", "sampled"):
        if key in runs[0]:
            result[key] = runs[0][key]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-analysis", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--format", default="")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.store, args.format, args.out)
        return
    from edgraph.store import EmbeddedStore

    print(f"store: {args.store}, {EmbeddedStore.open(args.store).quad_count():,} quads; "
          f"medians of {args.repeat} runs, each in a fresh process")  # fmt: skip
    if not args.skip_analysis:
        a = measure("edgraph-analyze", args.store, "", 1)
        print(
            f"\nanalysis: {a['computed']:.1f} s to compute, {a['seconds']:.1f} s with saving "
            f"{a['written']:,} statements; peak {a['rss_mb']:.0f} MB (target 120 s, 2048 MB)"
        )
        print(f"  projections (nodes, ties): {a['sizes']}")
        print(f"  seconds per measure: {a['runs']}")
        print(f"  sampled: {a['sampled']}")
    print(f"\n{'format':<8} {'edgraph s':>10} {'MB':>6} {'oxigraph disk s':>16} {'MB':>6} "
          f"{'ratio':>6} {'oxigraph mem s':>15} {'size MB':>8}")  # fmt: skip
    for fmt in RDF:
        ours = measure("edgraph-export", args.store, fmt, args.repeat)
        disk = measure("oxigraph-disk", args.store, fmt, args.repeat)
        memory = (measure("oxigraph-memory", args.store, fmt, args.repeat)
                  if fmt in ("nquads", "trig") else None)  # fmt: skip
        print(f"{fmt:<8} {ours['seconds']:>10.2f} {ours['rss_mb']:>6.0f} {disk['seconds']:>16.2f} "
              f"{disk['rss_mb']:>6.0f} {ours['seconds'] / disk['seconds']:>6.2f} "
              f"{memory['seconds'] if memory else float('nan'):>15.2f} "
              f"{ours['bytes'] / 1e6:>8.1f}")  # fmt: skip
    for fmt in NETWORK:
        ours = measure("edgraph-export", args.store, fmt, 1)
        print(f"{fmt:<8} {ours['seconds']:>10.2f} {ours['rss_mb']:>6.0f} {'(no reference)':>16} "
              f"{'':>6} {'':>6} {'':>15} {ours['bytes'] / 1e6:>8.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
