"""What one request to a viewer page costs: time, answer size and the server's memory, beside
the same pages served by another checkout of edgraph (the reference, e.g. the commit before).

For each page, starts `edgraph serve` over a built store (one server per side, so each page's
memory is its own), waits until each has read its catalog and network, then asks each for the
page ``--repeat`` times, alternating between them. Pages: entity pages of the most connected
entities of each kind (found by SPARQL), the classes every organization points at
(`/resource?iri=http://schema.org/Organization`), that class's data as N-Triples, and
`/browse` with more and more country values in one URL (as in issue 15).

    python bench/pages_bench.py --store /tmp/syn1m-store --reference /tmp/base/src --repeat 10
    python bench/pages_bench.py --repeat 10     # the bundled graph, built in a temporary folder

``--reference`` is a folder put first on PYTHONPATH for the reference server: a checkout's
``src/`` with ``web`` linked in as ``src/edgraph/web`` (and ``graph``, ``ontology`` into
``src/edgraph/bundled/``). Columns per side: median and worst milliseconds (client side), the
CPU milliseconds the server and its query workers spent per request (the mean over the
requests, as the kernel counts in ticks of 10 ms; other work on the machine hardly changes it,
unlike the wall time), size of the answer, the status, whether the page said it was cut (a
``class="cut"`` notice or the ``X-Edgraph-Truncated: true`` header), and how far the server's peak resident memory (VmHWM)
rose while it answered. Query workers are processes of their own, bounded by
``query_memory_mb``; their memory is not in that column. A side that takes more than
``--budget`` seconds for one request, or grows past ``--memory-budget`` MB, is stopped there.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from load import free_port, sparql, start_server  # noqa: E402

BASE = "https://w3id.org/edgraph/id/"
EDGO = "https://w3id.org/edgraph/ontology#"
SCHEMA = "http://schema.org/"


def page_path(iri: str) -> str:
    if iri.startswith(BASE):
        return "/page/" + urllib.parse.quote(iri[len(BASE) :])
    return "/resource?iri=" + urllib.parse.quote(iri, safe="")


def hottest(port: int, cls: str, incoming: bool) -> str:
    """The instance of ``cls`` (not a network, unless ``cls`` is) with the most statements
    pointing at it (or about it)."""
    pattern = "?x ?p ?e" if incoming else "?e ?p ?x"
    unless = "" if cls == EDGO + "Network" else f"FILTER NOT EXISTS {{ ?e a <{EDGO}Network> }}"
    rows = sparql(
        port,
        f"SELECT ?e (COUNT(*) AS ?n) WHERE {{ ?e a <{cls}> . {pattern} {unless} }} "
        "GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1",
    )
    return str(rows[0]["e"]["value"])


def statements(port: int, iri: str) -> int:
    rows = sparql(
        port,
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} "
        f"UNION {{ GRAPH ?g {{ ?s ?p <{iri}> }} }} }}",
    )
    return int(rows[0]["n"]["value"])


def status_mb(pid: int, field: str) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def get(port: int, path: str, timeout: float) -> tuple[float, int, int, bool]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    start = time.perf_counter()
    connection.request("GET", path, headers={"Accept": "text/html"})
    response = connection.getresponse()
    body = response.read()
    seconds = time.perf_counter() - start
    connection.close()
    cut = b'class="cut"' in body or response.getheader("X-Edgraph-Truncated") == "true"
    return seconds * 1000, len(body), response.status, cut


def tree_cpu_ms(pid: int) -> float:
    """CPU time (user and system) used so far by ``pid`` and its living descendants (the query
    workers): unlike wall time, hardly changed by other work on the machine."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
                ticks[int(entry)] = int(fields[11]) + int(fields[12])
    family, todo = {pid}, [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in family:
                family.add(child)
                todo.append(child)
    return sum(ticks.get(p, 0) for p in family) * 1000 / os.sysconf("SC_CLK_TCK")


class Side:
    """One server of the comparison, asked for one page again and again."""

    def __init__(self, store: str, pythonpath: str | None) -> None:
        self.port = free_port()
        log = Path(tempfile.mkdtemp(prefix="edgraph-pages-")) / "serve.log"
        saved = os.environ.get("PYTHONPATH")
        if pythonpath is not None:
            os.environ["PYTHONPATH"] = pythonpath
        try:
            self.server = start_server(store, self.port, log, {})
        finally:
            if pythonpath is not None:
                os.environ.pop("PYTHONPATH")
                if saved is not None:
                    os.environ["PYTHONPATH"] = saved
        get(self.port, "/network.json?focus=none", 600)  # read in the background at start
        self.before = status_mb(self.server.pid, "VmHWM")
        self.runs: list[tuple[float, int, int, bool]] = []
        self.cpu: list[float] = []  # CPU ms of the server and its workers, per request
        self.failed = ""

    def ask(self, path: str, budget: float, memory_budget: float) -> None:
        if self.failed:
            return
        done: list[tuple[float, int, int, bool]] = []

        def request() -> None:
            with contextlib.suppress(OSError):  # a timeout: reported below
                done.append(get(self.port, path, budget))

        thread = threading.Thread(target=request, daemon=True)
        cpu = tree_cpu_ms(self.server.pid)
        started = time.perf_counter()
        thread.start()
        while thread.is_alive():
            thread.join(0.1)
            if status_mb(self.server.pid, "VmRSS") > memory_budget:
                self.failed = f"> {memory_budget:,.0f} MB"
            elif time.perf_counter() - started > budget:
                self.failed = f"> {budget:g} s"
            if self.failed:
                break
        if not self.failed and not done:
            self.failed = "no answer"
        if self.failed:
            self.stop()
        else:
            self.runs.append(done[0])
            self.cpu.append(tree_cpu_ms(self.server.pid) - cpu)

    def stop(self) -> None:
        if self.server.poll() is None:
            self.grew = status_mb(self.server.pid, "VmHWM") - self.before
            self.server.kill()
            self.server.wait(30)

    def cells(self) -> str:
        if self.failed:
            return f"{self.failed} | | | | | | {self.grew:,.0f}"
        times = [r[0] for r in self.runs]
        first = self.runs[0]
        return (f"{statistics.median(times):.1f} | {max(times):.1f} | "
                f"{statistics.mean(self.cpu):.1f} | {first[1] / 1024:,.0f} | "
                f"{first[2]} | {'yes' if first[3] else 'no'} | {self.grew:,.0f}")  # fmt: skip


def cases(store: str) -> list[tuple[str, str, str]]:
    """(name, path, IRI or '') of each page to measure, found in the store."""
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="edgraph-pages-")) / "serve.log"
    server = start_server(store, port, log, {"query_timeout": "300"})  # finding them is slow
    try:
        found = [
            (f"entity: most-cited {label}", hottest(port, cls, incoming))
            for label, cls, incoming in (
                ("network", EDGO + "Network", True), ("organization", EDGO + "Organization", True),
                ("city", EDGO + "City", True), ("event", EDGO + "Event", False),
            )
        ]  # fmt: skip
        typical = sparql(port, f"SELECT ?o WHERE {{ ?o a <{EDGO}University> }} LIMIT 1")
        chosen = [(name, page_path(iri), iri) for name, iri in found]
        if typical:
            iri = typical[0]["o"]["value"]
            chosen.append(("entity: a university", page_path(iri), iri))
        for cls in (SCHEMA + "Organization", EDGO + "Organization"):
            chosen.append((f"resource: <{cls}>", page_path(cls), cls))
        cls = SCHEMA + "Organization"
        chosen.append(
            ("data: schema:Organization as N-Triples",
             "/resource?" + urllib.parse.urlencode({"iri": cls, "format": "nt"}), cls)
        )  # fmt: skip
        counted = [(n, p, i, statements(port, i)) for n, p, i in chosen]
    finally:
        server.terminate()
        server.wait(30)
    rows = [(f"{n} ({c:,} statements)", p, i) for n, p, i, c in counted]
    for values in (10, 50, 51, 1000, 15000):
        pairs = [("country", f"c{i}") for i in range(values)]  # as in issue 15
        rows.append((f"browse: {values:,} country values", "/browse?" +
                     urllib.parse.urlencode(pairs), ""))  # fmt: skip
    return rows


def build_bundled(folder: Path) -> str:
    from edgraph.build import build
    from edgraph.settings import Settings
    from edgraph.store import EmbeddedStore

    location = str(folder / "bundled-store")
    settings = Settings.load(overrides={"store": location}, env={}, config_file=None)
    build(EmbeddedStore.open(location, must_exist=False), settings)
    return location


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", help="a built store folder; default: the bundled graph")
    parser.add_argument("--reference", help="PYTHONPATH of the reference edgraph (see above)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="measure only pages whose name has this")
    parser.add_argument("--budget", type=float, default=120, help="seconds one request may take")
    parser.add_argument(
        "--memory-budget", type=float, default=4000, help="MB a server may reach before it is"
        " stopped (a page that gets there is reported as over the budget)",
    )  # fmt: skip
    args = parser.parse_args()
    store = args.store or build_bundled(Path(tempfile.mkdtemp(prefix="edgraph-pages-")))
    sides = {"this": None} if args.reference is None else {"this": None, "ref": args.reference}
    print(f"store: {store}; sides: {sides}", flush=True)
    head = " | ".join(f"{n} {c}" for n in sides for c in
                      ("ms", "worst ms", "CPU ms", "KB", "status", "cut", "RSS + MB"))  # fmt: skip
    print(f"| page | {head} |")
    print("|---|" + "---:|---:|---:|---:|---|---|---:|" * len(sides))
    for name, path, _ in cases(store):
        if args.only not in name:
            continue
        running = {n: Side(store, p) for n, p in sides.items()}
        try:
            for _ in range(args.repeat):
                for side in running.values():
                    side.ask(path, args.budget, args.memory_budget)
        finally:
            for side in running.values():
                side.stop()
        print(f"| {name} | " + " | ".join(s.cells() for s in running.values()) + " |",
              flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
