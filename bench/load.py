"""Load on `edgraph serve`: N concurrent clients on 127.0.0.1 for a fixed time, a mixed workload.

Starts `edgraph serve` over a built store, picks entities and search words from it, then runs
``--clients`` client threads for ``--seconds`` seconds, each with its own keep-alive connection,
each request drawn (seeded) from the mix below. One more client sends only runaway SPARQL
queries (a three-way cartesian product), one after another: each must end in the intended 503
at the time limit while everyone else is served. Reports throughput, p50/p95/p99 latency per
kind of request, and every status that was not the one expected.

    python bench/load.py --store /tmp/syn1m-store --clients 32 --seconds 60

Target (issue 6): 32 clients for 60 s on the 1M-triple store with zero errors besides the
runaways' 503s, and p95 of entity pages under 500 ms. The clients share the machine's cores
with the server, as they would on a laptop.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

MIX = (  # (kind, weight)
    ("home", 5),
    ("search", 20),
    ("entity", 40),
    ("network", 10),
    ("sparql", 25),
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SCHEMA = "http://schema.org/"
BASE = "https://w3id.org/edgraph/id/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: str, port: int, log: Path, settings: dict[str, str]) -> subprocess.Popen:  # type: ignore[type-arg]
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGRAPH_")}
    env.update({f"EDGRAPH_{k.upper()}": v for k, v in settings.items()})
    env["EDGRAPH_STORE"] = store
    process = subprocess.Popen(
        [sys.executable, "-m", "edgraph", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"edgraph serve exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit("edgraph serve did not answer in 300 s")


def sparql(port: int, query: str) -> list[dict[str, dict[str, str]]]:
    url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode(
        {"query": query, "format": "json"}
    )
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)["results"]["bindings"]  # type: ignore[no-any-return]


def sample(port: int, rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    """Entity IRIs, organizations (network foci) and search words, from the served store."""
    rows = sparql(port, f"SELECT ?e ?name WHERE {{ ?e <{SCHEMA}name> ?name }} LIMIT 20000")
    entities = [r["e"]["value"] for r in rows if r["e"]["type"] == "uri"]
    words = sorted({w for r in rows for w in r["name"]["value"].split() if len(w) > 3})
    orgs = [r["o"]["value"] for r in sparql(port, "SELECT DISTINCT ?o WHERE { ?o a "
            f"<{SCHEMA}Organization> }} LIMIT 5000")]  # fmt: skip
    rng.shuffle(entities)
    rng.shuffle(words)
    rng.shuffle(orgs)
    return entities[:2000], orgs[:500], words[:500]


class Client(threading.Thread):
    def __init__(
        self, port: int, stop: float, seed: int, paths: dict[str, list[str]], runaway: bool
    ) -> None:
        super().__init__(daemon=True)
        self.port, self.stop, self.paths, self.runaway = port, stop, paths, runaway
        self.rng = random.Random(seed)
        self.results: list[tuple[str, int, float]] = []  # (kind, status, seconds)

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        while time.monotonic() < self.stop:
            kind = "runaway" if self.runaway else self.rng.choices(kinds, weights)[0]
            path = self.rng.choice(self.paths[kind])
            start = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.results.append((kind, status, time.perf_counter() - start))
        connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--store", required=True, help="a built store folder (or sparql+http://...)"
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runaways", type=int, default=1, help="clients sending runaway queries")
    parser.add_argument("--query-timeout", default="5", help="edgraph's query_timeout for the run")
    parser.add_argument("--workers", default="3", help="edgraph's query_workers for the run")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="edgraph-load-")) / "serve.log"
    started = time.perf_counter()
    server = start_server(args.store, port, log, {"query_timeout": args.query_timeout,
                                                  "query_workers": args.workers})  # fmt: skip
    print(
        f"edgraph serve answered its first page {time.perf_counter() - started:.2f} s after start"
    )
    try:
        entities, orgs, words = sample(port, rng)
        quote = urllib.parse.quote
        paths = {
            "home": ["/"],
            "search": [f"/search?q={quote(w)}" for w in words],
            "entity": [
                f"/page/{quote(e[len(BASE) :])}"
                if e.startswith(BASE)
                else f"/resource?iri={quote(e, safe='')}"
                for e in entities
            ],
            "network": [f"/network.json?focus={quote(o, safe='')}&hops=1" for o in orgs],
            "sparql": [
                "/sparql?format=json&query=" + quote(q)
                for o in orgs[:100]
                for q in (
                    f"SELECT ?p ?o WHERE {{ <{o}> ?p ?o }} LIMIT 100",
                    f"SELECT ?s ?p WHERE {{ ?s ?p <{o}> }} LIMIT 100",
                    f"SELECT (COUNT(*) AS ?n) WHERE {{ ?e <{SCHEMA}organizer> <{o}> }}",
                )
            ],
            "runaway": ["/sparql?format=json&query=" + quote(RUNAWAY)],
        }
        for kind, found in paths.items():
            if not found:
                raise SystemExit(f"no requests of kind {kind}: is the store empty?")
        stop = time.monotonic() + args.seconds
        clients = [
            Client(port, stop, args.seed + i, paths, runaway=False) for i in range(args.clients)
        ]
        clients += [Client(port, stop, args.seed - 1 - i, paths, runaway=True)
                    for i in range(args.runaways)]  # fmt: skip
        began = time.perf_counter()
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        wall = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(30)

    by_kind: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    for c in clients:
        for kind, status, seconds in c.results:
            by_kind[kind].append(seconds)
            statuses[kind][status] += 1
    total = sum(len(v) for v in by_kind.values())
    print(f"{args.clients} clients (+{args.runaways} sending runaway queries) for {wall:.1f} s "
          f"on {args.store}")  # fmt: skip
    print(f"throughput: {total / wall:.1f} requests/s ({total} requests)\n")
    print(f"{'kind':<8} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    errors = 0
    for kind in [k for k, _ in MIX] + ["runaway"]:
        times = by_kind.get(kind, [])
        expected = 503 if kind == "runaway" else 200
        unexpected = sum(n for s, n in statuses[kind].items() if s != expected)
        errors += unexpected
        shown = ", ".join(f"{s}: {n}" for s, n in sorted(statuses[kind].items()))
        print(f"{kind:<8} {len(times):>7} {percentile(times, .5) * 1000:>8.1f} "
              f"{percentile(times, .95) * 1000:>8.1f} {percentile(times, .99) * 1000:>8.1f}  {shown}")  # fmt: skip
    entity_p95 = percentile(by_kind.get("entity", []), 0.95) * 1000
    print(f"\nerrors besides the runaways' 503s: {errors} (target 0)")
    print(f"entity pages p95: {entity_p95:.0f} ms (target < 500 ms)")


if __name__ == "__main__":
    main()
