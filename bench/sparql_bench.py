"""Latency of SPARQL through edgraph's /sparql against the Oxigraph server, same store, same
machine, same run; rdflib's own engine on the same queries for reference.

    python bench/sparql_bench.py                    # bundled graph and a synthetic ~1M graph
    python bench/sparql_bench.py --triples 200000   # a smaller synthetic graph
    python bench/sparql_bench.py --no-rdflib        # skip rdflib (slow to load and to query)
    python bench/sparql_bench.py --skip-bundled --store /tmp/syn5m-store  # a store built already

Both servers read the same store folder (edgraph serve with its worker pool and limits in
place; oxigraph serve-read-only --union-default-graph). Requests alternate between the two,
one at a time, as POSTed forms asking for SPARQL JSON, over 127.0.0.1; the figure per query is
the median wall time of the whole HTTP request seen by the client, and the ratio is
edgraph / Oxigraph. The fixed cost per request is the difference of the medians on ASK {}.
edgraph runs with its row cap raised above every result here, so both servers send all rows.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from servers import edgraph_server, oxigraph_server  # noqa: E402

from edgraph.build import build  # noqa: E402
from edgraph.examples import bind, examples  # noqa: E402
from edgraph.namespaces import DEFAULT_BASE  # noqa: E402
from edgraph.settings import Settings  # noqa: E402
from edgraph.store import EmbeddedStore  # noqa: E402

P = """PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX edgo: <https://w3id.org/edgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

#: The heavier research queries, beside the workbench's examples.
RESEARCH = {
    "fixed cost: ASK {}": "ASK {}",
    "label search": P
    + """SELECT ?e ?label WHERE { VALUES ?p { schema:name skos:altLabel }
        ?e ?p ?label FILTER(CONTAINS(LCASE(STR(?label)), "ma")) } LIMIT 5000""",
    "funders of more than one network": P
    + """SELECT ?f (COUNT(DISTINCT ?n) AS ?k) WHERE {
        ?n a org:OrganizationalCollaboration ; schema:funder ?f } GROUP BY ?f HAVING (COUNT(DISTINCT ?n) > 1)""",
    "co-attendance pairs": P
    + """SELECT ?a ?b (COUNT(DISTINCT ?e) AS ?w) WHERE {
        ?e schema:attendee ?a, ?b FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b ORDER BY DESC(?w) LIMIT 2000""",
    "two-hop neighbourhood": P
    + """SELECT DISTINCT ?n2 WHERE {
        { <https://w3id.org/edgraph/id/org/org-1> ?p ?n1 } UNION { ?n1 ?p <https://w3id.org/edgraph/id/org/org-1> }
        { ?n1 ?q ?n2 } UNION { ?n2 ?q ?n1 } FILTER(ISIRI(?n2)) } LIMIT 5000""",
    "counts per country and year": P
    + """SELECT ?country ?year (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e a schema:Event ; schema:startDate ?d ; schema:location/schema:containedInPlace ?country
        BIND(YEAR(?d) AS ?year) } GROUP BY ?country ?year ORDER BY ?country ?year""",
    "CONSTRUCT of a funding network": P
    + """CONSTRUCT { ?n schema:funder ?f . ?f schema:name ?name }
        WHERE { ?n a org:OrganizationalCollaboration ; schema:funder ?f . ?f schema:name ?name }""",
}


def queries() -> dict[str, str]:
    found = dict(RESEARCH)
    for example in examples():
        values = {p.name: DEFAULT_BASE + p.default for p in example.params if p.kind == "iri"}
        found[f"example {example.name}"] = bind(example, values)
    return found


def post(endpoint: str, query: str, kind: str) -> float:
    accept = "application/n-triples" if kind == "graph" else "application/sparql-results+json"
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        endpoint,
        data=body,
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
        status = response.status
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise RuntimeError(f"{endpoint}: {status}")
    return elapsed


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def kind_of(query: str) -> str:
    from edgraph.query.plan import inspect_query

    return inspect_query(query).result_kind


def build_bundled(folder: Path) -> str:
    location = str(folder / "bundled-store")
    settings = Settings.load(overrides={"store": location}, env={}, config_file=None)
    build(EmbeddedStore.open(location, must_exist=False), settings)
    return location


def build_synthetic(folder: Path, triples: int) -> str:
    project = folder / "synthetic"
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(project), "--triples", str(triples)],
        check=True,
    )
    location = str(folder / "synthetic-store")
    settings = Settings.load(
        overrides={"store": location, "project": project}, env={}, config_file=None
    )
    store = EmbeddedStore.open(location, must_exist=False)
    start = time.perf_counter()
    report = build(store, settings)
    print(f"built {report.triples:,} triples in {time.perf_counter() - start:.1f} s", flush=True)
    return location


def rdflib_times(location: str, chosen: dict[str, str], budget: float) -> dict[str, float | str]:
    """Times of rdflib's engine, in a child process that is killed when the budget runs out."""
    script = f"""
import json, sys, time, pyoxigraph as ox, rdflib
store = ox.Store.read_only({str(Path(location) / "current")!r})
data = rdflib.Dataset(default_union=True)
data.parse(data=store.dump(format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
queries = json.loads(sys.stdin.read())
for name, query in queries.items():
    start = time.perf_counter()
    try:
        result = data.query(query)
        list(result) if result.type != "ASK" else result.askAnswer
    except Exception as exc:
        print(json.dumps([name, "error: " + type(exc).__name__]), flush=True)
        continue
    print(json.dumps([name, (time.perf_counter() - start) * 1000]), flush=True)
"""
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps(chosen))
    child.stdin.close()
    found: dict[str, float | str] = {}
    deadline = time.monotonic() + budget
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    while len(found) < len(chosen):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not selector.select(remaining):
            break
        line = child.stdout.readline()
        if not line:
            break
        name, ms = json.loads(line)
        found[name] = ms
    child.kill()
    child.wait()
    for name in chosen:
        found.setdefault(name, f">budget ({budget:.0f} s)")
    return found


def run(
    label: str,
    location: str,
    folder: Path,
    repeat: int,
    with_rdflib: bool,
    budget: float,
    skip: str | None = None,
) -> None:
    import re

    chosen = {k: v for k, v in queries().items() if not (skip and re.search(skip, k))}
    with (
        edgraph_server(location, folder, row_cap="100000000", query_timeout="600",
                       query_memory_mb="8192") as base,
        oxigraph_server(str(Path(location) / "current"), folder) as oxigraph,
    ):  # fmt: skip
        edgraph = base + "/sparql"
        # The viewer reads its catalog and network in the background as it starts; a network
        # request waits for that, so that the figures below are not taken while it runs.
        with urllib.request.urlopen(base + "/network.json?focus=none", timeout=600) as answer:
            answer.read()
        results = []
        for name, query in chosen.items():
            kind = kind_of(query)
            warm = post(edgraph, query, kind) + post(oxigraph, query, kind)  # warm both
            ours, theirs = [], []
            # Fewer rounds for slow queries, more for quick ones, whose medians are noisier.
            rounds = 3 if warm >= 4000 else repeat * 10 if warm < 20 else repeat
            for _ in range(rounds):
                ours.append(post(edgraph, query, kind))
                theirs.append(post(oxigraph, query, kind))
            results.append((name, statistics.median(ours), statistics.median(theirs)))
            print(f"  {name}: {results[-1][1]:.1f} / {results[-1][2]:.1f} ms", file=sys.stderr)
    slow = rdflib_times(location, chosen, budget) if with_rdflib else {}
    print(
        f"\n## {label}: median ms over {repeat} requests each ({repeat * 10} for queries under "
        "20 ms, 3 for those over 4 s), alternating\n"
    )
    print("| query | edgraph | Oxigraph | ratio | rdflib |")
    print("|---|---:|---:|---:|---:|")
    for name, ours_ms, theirs_ms in results:
        rd = slow.get(name, "not run")
        rd_text = f"{rd:.1f}" if isinstance(rd, float) else rd
        print(
            f"| {name} | {_ms(ours_ms)} | {_ms(theirs_ms)} | {ours_ms / theirs_ms:.2f} | {rd_text} |"
        )
    fixed = results[0][1] - results[0][2]
    print(f"\nfixed cost per request (ASK {{}}): {fixed:.2f} ms (edgraph - Oxigraph medians)")
    heavy = [r for r in results if r[2] >= 100]
    print(f"worst ratio: {max(r[1] / r[2] for r in results):.2f}; "
          f"worst ratio where Oxigraph takes >= 100 ms: "
          f"{max((r[1] / r[2] for r in heavy), default=float('nan')):.2f} ({len(heavy)} queries)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--rdflib-budget", type=float, default=900, help="seconds for rdflib")
    parser.add_argument("--skip-bundled", action="store_true")
    parser.add_argument("--skip", help="leave out the queries whose name matches this regex")
    parser.add_argument("--store", help="a store built already (generate.py, edgraph build) "
                        "to use instead of generating --triples")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="edgraph-bench-") as tmp:
        folder = Path(tmp)
        if not args.skip_bundled:
            run("bundled graph", build_bundled(folder), folder, args.repeat, not args.no_rdflib,
                args.rdflib_budget, args.skip)  # fmt: skip
        if args.store:
            run(f"synthetic graph ({args.store})", args.store, folder, args.repeat,
                not args.no_rdflib, args.rdflib_budget, args.skip)  # fmt: skip
        elif args.triples:
            location = build_synthetic(folder, args.triples)
            run(f"synthetic graph (~{args.triples:,} triples asked)", location, folder, args.repeat,
                not args.no_rdflib, args.rdflib_budget, args.skip)  # fmt: skip


if __name__ == "__main__":
    main()
