"""`edgraph build` beside pyoxigraph's own `bulk_load` of the same files, in one run.

Each measurement runs in a fresh process that reports its wall time and peak memory
(ru_maxrss); medians of ``--repeat``. The reference loads every file of the project into its
named graph of a new on-disk store with `Store.bulk_load` and flushes, which is the loading part
of an edgraph build; edgraph also checks the inputs, runs its entailment rules (the public
schema.org, ORG and PROV terms for edgraph's own) and swaps the store in atomically.

    python bench/generate.py --triples 1000000 --seed 7 /tmp/syn1m
    python bench/build_bench.py --project /tmp/syn1m --repeat 3

Target (issue 6): the build of 1M triples within 1.3x of the reference, peak memory <= 1 GB.

A third figure puts the target in proportion: the same bulk_load of everything the build
stores (the inputs plus the statements its rules entail), from one N-Quads dump of a built
store. No build that keeps the entailed statements can write them faster than that.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(task: str, project: str, store: str) -> None:
    import resource

    start = time.perf_counter()
    phases: dict[str, float] = {}
    if task == "dump_built":  # not measured: the file the next task loads
        built_dump(project, Path(store))
        return
    if task == "bulk_load_built":  # ``project`` is then an N-Quads file of a built store
        import pyoxigraph as ox

        target = ox.Store(store)
        target.bulk_load(path=project, format=ox.RdfFormat.N_QUADS)
        target.flush()
    elif task == "bulk_load":
        import pyoxigraph as ox

        from edgraph.build import project_inputs

        target = ox.Store(store)
        for item in project_inputs(Path(project)):
            target.bulk_load(path=str(item.path), format=item.format.rdf_format(),
                             to_graph=ox.NamedNode(item.graph))  # fmt: skip
        target.flush()
    else:
        import pyoxigraph as ox

        from edgraph import build as build_module
        from edgraph.build import build
        from edgraph.settings import Settings
        from edgraph.store import EmbeddedStore

        entail, check = build_module.entail, build_module.check_literals

        def timed_check(target: ox.Store, *args: object) -> None:
            began = time.perf_counter()
            phases["loading"] = began - start
            check(target, *args)  # type: ignore[arg-type]
            phases["literal check"] = time.perf_counter() - began

        def timed_entail(target: ox.Store) -> None:
            began = time.perf_counter()
            entail(target)
            phases["entailment"] = time.perf_counter() - began

        build_module.check_literals = timed_check  # type: ignore[assignment]
        build_module.entail = timed_entail  # type: ignore[assignment]
        settings = Settings.load(overrides={"project": project, "store": store}, env={},
                                 config_file=None)  # fmt: skip
        build(EmbeddedStore.open(store, must_exist=False), settings)
        phases["after"] = time.perf_counter() - start - sum(phases.values())
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb, "phases": phases}))


def built_dump(project: str, folder: Path) -> None:
    """Build ``project`` once (not timed) and dump the result as N-Quads: what a build stores."""
    from edgraph.build import build
    from edgraph.formats import by_name
    from edgraph.settings import Settings
    from edgraph.store import EmbeddedStore

    location = str(folder / "store")
    settings = Settings.load(overrides={"project": project, "store": location}, env={},
                             config_file=None)  # fmt: skip
    store = EmbeddedStore.open(location, must_exist=False)
    build(store, settings)
    dump = folder / "built.nq"
    with dump.open("wb") as out:
        EmbeddedStore.open(location).dump(out, by_name("nquads"))


def measure(task: str, project: str) -> dict[str, object]:
    folder = tempfile.mkdtemp(prefix="edgraph-build-bench-")
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", task, "--project", project,
             "--store", str(Path(folder) / "store")],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--project", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.project, args.store)
        return
    runs: dict[str, list[dict[str, object]]] = {"edgraph": [], "bulk_load": [],
                                                 "bulk_load_built": []}  # fmt: skip
    scratch = Path(tempfile.mkdtemp(prefix="edgraph-build-bench-"))
    try:
        # In a process of its own: a child forked from a parent that built 1M statements would
        # start with the parent's memory in its peak.
        subprocess.run([sys.executable, __file__, "--child", "dump_built", "--project",
                        args.project, "--store", str(scratch)], check=True)  # fmt: skip
        built = str(scratch / "built.nq")
        for _ in range(args.repeat):  # alternated, so that all see the same machine
            runs["bulk_load"].append(measure("bulk_load", args.project))
            runs["edgraph"].append(measure("edgraph", args.project))
            runs["bulk_load_built"].append(measure("bulk_load_built", built))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    med = {k: statistics.median(float(r["seconds"]) for r in v) for k, v in runs.items()}  # type: ignore[arg-type]
    rss = {k: max(float(r["rss_mb"]) for r in v) for k, v in runs.items()}  # type: ignore[arg-type]
    print(f"project {args.project}; medians of {args.repeat}, each in a fresh process")
    print(f"pyoxigraph bulk_load: {med['bulk_load']:.2f} s, peak {rss['bulk_load']:.0f} MB")
    print(f"edgraph build:        {med['edgraph']:.2f} s, peak {rss['edgraph']:.0f} MB")
    print(
        f"ratio: {med['edgraph'] / med['bulk_load']:.2f} (target 1.3); peak memory target 1024 MB"
    )
    print(
        f"pyoxigraph bulk_load of what the build stores (the inputs and the entailed statements, "
        f"as one N-Quads file): {med['bulk_load_built']:.2f} s, ratio "
        f"{med['bulk_load_built'] / med['bulk_load']:.2f}: the least any build that stores "
        "them could take"
    )
    for phase in ("loading", "literal check", "entailment", "after"):
        values = [float(r["phases"][phase]) for r in runs["edgraph"] if phase in r["phases"]]  # type: ignore[index]
        if values:
            print(f"  edgraph {phase}: {statistics.median(values):.2f} s")


if __name__ == "__main__":
    main()
