"""How long the timeline, the map and the Analysis page's charts take to answer on a large graph.

Generates a seeded synthetic project (bench/generate.py), builds it into a store folder, saves
its analysis (with --analyze), and asks the viewer (Flask's test client, through the pages'
query workers) for /timeline.json, /timeline, /map.json, /map and /analysis/charts.json
several times, printing the time of the first (which computes what later ones reuse: the
viewer keeps timelines and maps with the catalog) and the median of the others, the size of
the answer and what it holds.

    .venv/bin/python bench/charts_bench.py [--triples 300000] [--repeat 7] [--analyze]
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

HERE = Path(__file__).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=7, help="requests of each URL (>= 2)")
    parser.add_argument("--analyze", action="store_true", help="save the analysis first (slow)")
    args = parser.parse_args()

    from edgraph.web import create_app

    from edgraph.build import build
    from edgraph.settings import Settings
    from edgraph.store import EmbeddedStore

    with tempfile.TemporaryDirectory() as tmp:
        project, where = Path(tmp) / "project", str(Path(tmp) / "store")
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(project), "--triples",
                        str(args.triples), "--seed", str(args.seed)], check=True)  # fmt: skip
        settings = Settings.load(overrides={"project": project, "store": where}, env={},
                                 config_file=None)  # fmt: skip
        started = time.perf_counter()
        store = EmbeddedStore.open(where, must_exist=False)
        build(store, settings)
        print(f"built {store.quad_count():,} quads in {time.perf_counter() - started:.1f} s")
        if args.analyze:
            from edgraph.analysis import analyze, save
            from edgraph.namespaces import DEFAULT_BASE

            started = time.perf_counter()
            save(store, analyze(store), DEFAULT_BASE)
            print(f"analysis saved in {time.perf_counter() - started:.1f} s")
        app = create_app(settings=settings, store=store)
        client = app.test_client()
        started = time.perf_counter()
        client.get("/browse")  # the catalog, read once as the running viewer does
        print(f"catalog read in {time.perf_counter() - started:.1f} s\n")
        print("| request | first ms | median ms after | bytes | holds |\n|---|---:|---:|---:|---|")
        for url in ("/timeline.json", "/timeline", "/map.json", "/map", "/analysis/charts.json"):
            times, body = [], b""
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                body = response.data
            print(f"| {url} | {times[0]:.1f} | {statistics.median(times[1:]):.1f} | "
                  f"{len(body):,} | {_holds(url, body)} |")  # fmt: skip
        app.extensions["edgraph.page_queries"].close()
        app.extensions["edgraph.queries"].close()


def _holds(url: str, body: bytes) -> str:
    if not url.endswith(".json"):
        return "HTML page"
    data = json.loads(body)
    if url.startswith("/timeline"):
        cut = ", truncated" if data["truncated"] else ""
        return f"{len(data['dated'])} dated, {len(data['undated'])} undated events{cut}"
    if url.startswith("/map"):
        return f"{len(data['countries'])} countries"
    return f"{len(data['ranked'])} ranked measures, {len(data['partners'])} partner bars"


if __name__ == "__main__":
    main()
