"""How long `/reconcile` takes to answer a batch of reconciliation queries, as OpenRefine sends
them (a form POST of ``queries=``), over HTTP to `edgraph serve`.

    python bench/reconcile_bench.py                    # on the bundled graph
    python bench/reconcile_bench.py --store DIR        # also on a store built already, e.g.
        python bench/generate.py --triples 1000000 --seed 7 /tmp/gen1m
        edgraph build --project /tmp/gen1m --store /tmp/gen1m-store
        python bench/reconcile_bench.py --store /tmp/gen1m-store

For each store it starts a server, times its first manifest request (which makes the
matcher's index of the store's names), then draws (seeded) named organizations, networks,
events, people and places from the store and asks for them as a cell of a spreadsheet would
name them: half as the graph writes the name, a quarter in lower case without accents, a
quarter with two letters swapped. Each query has the entity's broad type with
``type_strict: "should"`` (OpenRefine's shape); the "+ properties" batches add a country and a
founding date constraint, which read the store through a query worker. It prints the median
time of batches of 10 (OpenRefine's default; target 100 ms) and of 1,000 (target 5 s), and how
often the first candidate was the entity asked for and how often it was a certain match.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from load import _cpu_seconds, free_port, sparql, start_server  # noqa: E402

EDGO = "https://w3id.org/edgraph/ontology#"
SCHEMA = "http://schema.org/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ROOTS = ("Network", "Organization", "Event", "Person", "Place")  # a network is also an org


def named_entities(port: int, rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(IRI, name, broad type) of up to ``count`` entities drawn from the served store: up to
    2,000 of each broad type, read class by class (a path over every entity would be slow)."""
    best: dict[str, tuple[str, str]] = {}
    for root in ROOTS:
        classes = [r["c"]["value"] for r in sparql(
            port, f"SELECT ?c WHERE {{ ?c <{RDFS}subClassOf>* <{EDGO}{root}> }}")]  # fmt: skip
        values = " ".join(f"<{c}>" for c in classes)
        rows = sparql(port, f"SELECT ?e ?name WHERE {{ VALUES ?c {{ {values} }} ?e a ?c ; "
                            f"<{SCHEMA}name> ?name FILTER(isIRI(?e)) }} LIMIT 2000")  # fmt: skip
        for row in rows:
            best.setdefault(row["e"]["value"], (row["name"]["value"], EDGO + root))
    picked = sorted(best.items())
    rng.shuffle(picked)
    return [(iri, name, root) for iri, (name, root) in picked[:count]]


def as_a_cell(name: str, rng: random.Random) -> str:
    """The name as a spreadsheet may have it: as written, folded, or with a typo."""
    draw = rng.random()
    if draw < 0.5:
        return name
    if draw < 0.75:
        bare = unicodedata.normalize("NFKD", name)
        return "".join(c for c in bare if not unicodedata.combining(c)).lower()
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long_words:
        return name.lower()
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def batch(entities: list[tuple[str, str, str]], rng: random.Random, properties: bool) -> dict:  # type: ignore[type-arg]
    queries = {}
    for n, (_, name, root) in enumerate(entities):
        query: dict[str, Any] = {"query": as_a_cell(name, rng), "type": root,
                                 "type_strict": "should"}  # fmt: skip
        if properties:
            query["properties"] = [{"pid": "country", "v": "Spain"},
                                   {"pid": "founded", "v": "2001"}]  # fmt: skip
        queries[f"q{n}"] = query
    return queries


def post(port: int, queries: dict) -> tuple[float, dict]:  # type: ignore[type-arg]
    body = urllib.parse.urlencode({"queries": json.dumps(queries)})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("POST", "/reconcile", body=body,
                       headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    response = connection.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise SystemExit(f"/reconcile answered {response.status}: {data[:300]!r}")
    return elapsed, json.loads(data)


def measure(name: str, store: str, args: argparse.Namespace) -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        # the sampling queries may wait behind the server's reading of its catalog at start
        server = start_server(store, port, Path(folder) / "server.log", {"query_timeout": "120"})
        try:
            started = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            connection.request("GET", "/reconcile")
            connection.getresponse().read()
            first_s = time.perf_counter() - started
            rng = random.Random(args.seed)
            entities = named_entities(port, rng, 1000)
            print(f"{name}: {len(entities)} entities drawn; first manifest request (makes the "
                  f"index) {first_s * 1000:.0f} ms")  # fmt: skip
            for size, repeat, target in ((10, args.repeat_10, 0.1), (1000, args.repeat_1000, 5.0)):
                for properties in (False, True):
                    times, cpu, first, certain, asked = [], [], 0, 0, 0
                    for _ in range(repeat):
                        chosen = [entities[rng.randrange(len(entities))] for _ in range(size)]
                        queries = batch(chosen, rng, properties)
                        before = _cpu_seconds(server.pid)
                        elapsed, answer = post(port, queries)
                        cpu.append(_cpu_seconds(server.pid) - before)
                        times.append(elapsed)
                        for n, (iri, _, _) in enumerate(chosen):
                            result = answer[f"q{n}"]["result"]
                            asked += 1
                            first += bool(result) and result[0]["id"] == iri
                            certain += bool(result) and result[0]["match"]
                    median = statistics.median(times)
                    label = f"batch of {size:>5,}{' + properties' if properties else ''}"
                    print(f"  {label:<30} median {median * 1000:>8.1f} ms  (worst "
                          f"{max(times) * 1000:.1f} ms, {repeat} batches; target "
                          f"{target * 1000:.0f} ms: {'met' if median <= target else 'MISSED'}); "
                          f"server CPU {statistics.mean(cpu) * 1000:.0f} ms a batch; first "
                          f"candidate right {first / asked:.0%}, certain {certain / asked:.0%}")  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="a store folder built already (about 1M triples)")
    parser.add_argument("--skip-bundled", action="store_true")
    parser.add_argument("--repeat-10", type=int, default=30)
    parser.add_argument("--repeat-1000", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not args.skip_bundled:
        with tempfile.TemporaryDirectory() as folder:
            store = str(Path(folder) / "bundled-store")
            subprocess.run([sys.executable, "-m", "edgraph", "build", "--store", store],
                           check=True, stdout=subprocess.DEVNULL)  # fmt: skip
            measure("bundled graph", store, args)
    if args.store:
        measure(f"store {Path(args.store).name}", args.store, args)


if __name__ == "__main__":
    main()
