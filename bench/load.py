"""Load on `edgraph serve`: a mixed workload, then the same with hostile clients beside it.

Starts `edgraph serve` over a built store, picks entities and search words from it, and runs two
phases of ``--seconds`` each, side by side in one run:

1. **reference**: ``--clients`` client threads, each with its own keep-alive connection and its
   own address (127.0.1.N: the server tells clients apart by address), each request drawn
   (seeded) from the mix below; and one probe, in a process of its own (so the clients' threads
   do not slow its measurements), that asks in turn for ``ASK {}``, the home page and an entity
   page, one request at a time.
2. **hostile**: the same, plus, each group from one address of its own:
   - ``--runaways`` clients sending a runaway query (a three-way cartesian product) one after
     another, never waiting (127.0.3.1); each ends in 503 (the time limit, or refused at once);
   - ``--slow-readers`` sockets that ask for ``/download/dataset.nt`` and never read, opened
     again as soon as the server drops them (127.0.3.2);
   - ``--slow-headers`` sockets that send a request line and then one header line a second,
     never finishing, opened again a second after the server drops them (127.0.3.3).

Reports throughput, p50/p95/p99 latency per kind of request and phase, every status that was
not the one expected, what became of the hostile clients, and the server's peak resident memory.

    python bench/load.py --store /tmp/syn1m-store --clients 32 --seconds 60

Targets (issue 15): the probe's ``ASK {}``, home page and entity page stay under 1 s at the
95th percentile while the hostile clients run; (issue 6) zero errors in the normal mix besides
the runaways' 503s, entity pages p95 under 500 ms. The clients share the machine's cores with the
server, as they would on a laptop.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
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
PROBES = ("probe ask", "probe home", "probe entity")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SCHEMA = "http://schema.org/"
BASE = "https://w3id.org/edgraph/id/"
PROBE_ADDRESS = "127.0.2.1"
RUNAWAY_ADDRESS, SLOW_READER_ADDRESS, SLOW_HEADER_ADDRESS = "127.0.3.1", "127.0.3.2", "127.0.3.3"


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


def _connection(port: int, source: str) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))


class Client(threading.Thread):
    """Requests one after another on a keep-alive connection: drawn from the mix, or only
    ``kinds[0]`` (a runaway sender)."""

    def __init__(
        self, port: int, stop: float, seed: int, paths: dict[str, list[str]], source: str,
        kinds: tuple[str, ...] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(daemon=True)
        self.port, self.stop, self.paths, self.source = port, stop, paths, source
        self.kinds = kinds
        self.rng = random.Random(seed)
        self.results: list[tuple[str, int, float]] = []  # (kind, status, seconds)
        self.refusals: Counter[str] = Counter()  # why 503s said they were refused

    def run(self) -> None:
        connection = _connection(self.port, self.source)
        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        while time.monotonic() < self.stop:
            kind = self.kinds[0] if self.kinds else self.rng.choices(kinds, weights)[0]
            path = self.rng.choice(self.paths[kind])
            start = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                status = response.status
                if status == 503:
                    self.refusals[_reason(body)] += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = _connection(self.port, self.source)
            self.results.append((kind, status, time.perf_counter() - start))
        connection.close()


def _reason(body: bytes) -> str:
    """The setting a 503 names (the limit that refused it)."""
    for name in ("query_client_limit", "query_queue_timeout", "query_queue", "query_timeout", "query_memory_mb",
                 "download_client_limit", "download_limit", "connection_client_limit"):  # fmt: skip
        if name.encode() in body:
            return name
    return "other"


def probe(port: int, paths: dict[str, list[str]], start: float, stop: float, seed: int) -> list:  # type: ignore[type-arg]
    """In a process of its own: ASK {}, the home page and an entity page in turn, one at a
    time, each on a new connection (as a monitoring probe would), from ``start`` until
    ``stop`` (both time.time())."""
    rng = random.Random(seed)
    while time.time() < start:
        time.sleep(0.05)
    results = []
    turn = 0
    while time.time() < stop:
        kind = PROBES[turn % len(PROBES)]
        turn += 1
        path = rng.choice(paths[kind])
        connection = _connection(port, PROBE_ADDRESS)
        began = time.perf_counter()
        reason = ""
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            status = response.status
            reason = _reason(body) if status == 503 else ""
        except (OSError, http.client.HTTPException) as exc:
            status, reason = 0, type(exc).__name__
        finally:
            connection.close()
        results.append((kind, status, time.perf_counter() - began, reason))
        time.sleep(0.05)  # a probe, not a load
    return results


class SlowReaders(threading.Thread):
    """``count`` sockets that ask for a dump and never read; each opened again once the server
    has dropped it. A client that never reads cannot see the server close (the FIN waits behind
    the unread data), so the server's side of each connection is looked up in /proc/net/tcp:
    dropped when it has left ESTABLISHED (or is gone)."""

    def __init__(self, port: int, stop: float, count: int) -> None:
        super().__init__(daemon=True)
        self.port, self.stop, self.count = port, stop, count
        self.opened = self.cut = 0
        self.held_longest = 0.0  # seconds the server kept one of them open, at most

    def _open(self) -> tuple[socket.socket, float]:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.bind((SLOW_READER_ADDRESS, 0))
        sock.connect(("127.0.0.1", self.port))
        sock.sendall(b"GET /download/dataset.nt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.opened += 1
        return sock, time.monotonic()

    def run(self) -> None:
        sockets = [self._open() for _ in range(self.count)]
        while time.monotonic() < self.stop:
            established = _established(self.port, SLOW_READER_ADDRESS)
            for i, (sock, since) in enumerate(sockets):
                if sock.getsockname()[1] not in established:
                    self.cut += 1
                    self.held_longest = max(self.held_longest, time.monotonic() - since)
                    sock.close()
                    sockets[i] = self._open()
            time.sleep(0.5)
        now = time.monotonic()
        for sock, since in sockets:
            self.held_longest = max(self.held_longest, now - since)
            sock.close()


def _established(server_port: int, client: str) -> set[int]:
    """Ports of ``client`` whose connection to ``server_port`` the server still holds open
    (its side ESTABLISHED), from /proc/net/tcp."""
    local = f"0100007F:{server_port:04X}"
    remote = "".join(f"{int(b):02X}" for b in reversed(client.split(".")))
    ports = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local and fields[2].startswith(remote + ":") and fields[3] == "01":
            ports.add(int(fields[2].split(":")[1], 16))
    return ports


class SlowHeaders(threading.Thread):
    """``count`` connections that send a request line and then one header line a second, never
    the blank line that ends them; each opened again a second after the server drops it."""

    def __init__(self, port: int, stop: float, count: int) -> None:
        super().__init__(daemon=True)
        self.port, self.stop, self.count = port, stop, count
        self.opened = self.refused = self.cut = 0

    def _open(self) -> socket.socket | None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5,
                                            source_address=(SLOW_HEADER_ADDRESS, 0))  # fmt: skip
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            sock.setblocking(False)
        except OSError:
            return None
        self.opened += 1
        return sock

    def run(self) -> None:
        sockets: list[socket.socket | None] = [self._open() for _ in range(self.count)]
        while time.monotonic() < self.stop:
            for i, sock in enumerate(sockets):
                if sock is None:
                    sockets[i] = self._open()
                    continue
                try:
                    answer = sock.recv(256)
                    gone = True  # an answer (a refusal) or the end of the stream
                    if answer.startswith(b"HTTP/1.1 503"):
                        self.refused += 1
                    else:
                        self.cut += 1
                except BlockingIOError:
                    gone = False
                except OSError:
                    gone, self.cut = True, self.cut + 1
                if not gone:
                    try:
                        sock.send(b"X-Slow: 1\r\n")
                        continue
                    except OSError:
                        self.cut += 1
                sock.close()
                sockets[i] = None  # opened again on the next round, a second later
            time.sleep(1.0)
        for sock in sockets:
            if sock is not None:
                sock.close()


class Memory(threading.Thread):
    """The server's peak resident memory (its own process and its query workers), and the CPU
    time they and the whole machine used during the phase."""

    def __init__(self, pid: int, stop: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.stop, self.peak_mb, self.peak_total_mb = pid, stop, 0.0, 0.0
        self.server_cpu = self.workers_cpu = self.machine_busy = 0.0
        self._workers: dict[int, float] = {}  # worker pid -> CPU seconds last seen

    def run(self) -> None:
        server_before, machine_before = _cpu_seconds(self.pid), _machine()
        while time.monotonic() < self.stop:
            own = _rss_mb(self.pid)
            self.peak_mb = max(self.peak_mb, own)
            self.peak_total_mb = max(
                self.peak_total_mb, own + sum(_rss_mb(k) for k in self._kids())
            )
            time.sleep(0.5)
        self._kids()
        self.server_cpu = _cpu_seconds(self.pid) - server_before
        self.workers_cpu = sum(self._workers.values()) - self._workers_before
        busy, total = (a - b for a, b in zip(_machine(), machine_before, strict=True))
        self.machine_busy = busy / total if total else 0.0

    _workers_before = 0.0

    def _kids(self) -> list[int]:
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        kids = [int(k) for k in children.read_text().split()] if children.exists() else []
        for kid in kids:
            seconds = _cpu_seconds(kid)
            if kid not in self._workers and not self._workers:  # the first look: a baseline
                self._workers_before += seconds
            self._workers[kid] = max(self._workers.get(kid, 0.0), seconds)
        return kids


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine() -> tuple[float, float]:
    """Busy and total jiffies of all cores since boot (every process on the machine)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return float(sum(values) - idle), float(sum(values))


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def described_at_start(port: int, count: int = 8) -> None:
    """``count`` concurrent GET /.well-known/void right after start (issue 15, item 8)."""
    results: list[tuple[float, bool]] = []

    def one() -> None:
        began = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/.well-known/void", timeout=600) as r:
            body = r.read()
        results.append((time.perf_counter() - began, b"byteSize" in body))

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slowest = max(seconds for seconds, _ in results)
    complete = sum(1 for _, full in results if full)
    print(f"{count} concurrent GET /.well-known/void after start: slowest {slowest * 1000:.0f} ms, "
          f"{complete} of {len(results)} with sizes and checksums")  # fmt: skip
    if complete < len(results):  # computed in the background: how long until it is there
        began = time.perf_counter()
        while time.perf_counter() - began < 600:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/.well-known/void") as r:
                if b"byteSize" in r.read():
                    break
            time.sleep(1)
        print(f"  sizes and checksums there {time.perf_counter() - began:.0f} s later")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def run_phase(
    name: str, args: argparse.Namespace, port: int, pid: int, paths: dict[str, list[str]],
    hostile: bool,
) -> dict[str, float]:  # fmt: skip
    """One phase; prints its table and gives back the probes' p95 in ms."""
    stop_wall = time.time() + args.seconds
    stop = time.monotonic() + args.seconds
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        probed = pool.apply_async(probe, (port, paths, time.time(), stop_wall, args.seed))
        clients = [Client(port, stop, args.seed + i, paths, f"127.0.1.{i + 1}")
                   for i in range(args.clients)]  # fmt: skip
        extra: list[threading.Thread] = []
        if hostile:
            clients += [Client(port, stop, args.seed - 1 - i, paths, RUNAWAY_ADDRESS, ("runaway",))
                        for i in range(args.runaways)]  # fmt: skip
            if args.slow_readers:
                extra.append(SlowReaders(port, stop, args.slow_readers))
            if args.slow_headers:
                extra.append(SlowHeaders(port, stop, args.slow_headers))
        memory = Memory(pid, stop)
        began = time.perf_counter()
        for thread in [*clients, *extra, memory]:
            thread.start()
        for thread in [*clients, *extra, memory]:
            thread.join()
        wall = time.perf_counter() - began
        probes = probed.get(timeout=args.seconds + 120)

    refusals: Counter[str] = Counter()
    for c in clients:
        refusals.update(
            {f"{c.kinds[0] if c.kinds else 'mix'}: {k}": n for k, n in c.refusals.items()}
        )
    by_kind: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    refusals.update(f"probe: {reason}" for *_, reason in probes if reason)
    for kind, status, seconds, *_ in [r for c in clients for r in c.results] + probes:
        by_kind[kind].append(seconds)
        statuses[kind][status] += 1
    total = sum(len(v) for k, v in by_kind.items() if k != "runaway")
    print(f"\n## {name}: {args.clients} clients"
          + (f" + {args.runaways} runaway senders, {args.slow_readers} slow readers, "
             f"{args.slow_headers} slow-header connections" if hostile else "")
          + f", {wall:.1f} s")  # fmt: skip
    print(f"throughput (mix and probes): {total / wall:.1f} requests/s ({total} requests)")
    print(f"server peak RSS {memory.peak_mb:.0f} MB, with its query workers "
          f"{memory.peak_total_mb:.0f} MB; CPU: server {memory.server_cpu:.0f} s, query workers "
          f"{memory.workers_cpu:.0f} s, the machine's cores {memory.machine_busy:.0%} busy "
          "(every process, the clients' and other users' included)\n")  # fmt: skip
    print("| kind | count | p50 ms | p95 ms | p99 ms | statuses |\n|---|---:|---:|---:|---:|---|")
    errors = 0
    for kind in [k for k, _ in MIX] + list(PROBES) + (["runaway"] if hostile else []):
        times = by_kind.get(kind, [])
        expected = {503} if kind == "runaway" else {200}
        errors += sum(n for s, n in statuses[kind].items() if s not in expected)
        shown = ", ".join(f"{s}: {n}" for s, n in sorted(statuses[kind].items()))
        print(f"| {kind} | {len(times)} | {percentile(times, .5) * 1000:.1f} | "
              f"{percentile(times, .95) * 1000:.1f} | {percentile(times, .99) * 1000:.1f} | "
              f"{shown} |")  # fmt: skip
    for thread in extra:
        if isinstance(thread, SlowReaders):
            print(f"\nslow readers: {thread.opened} opened, {thread.cut} dropped by the server, "
                  f"the longest held {thread.held_longest:.0f} s")  # fmt: skip
        if isinstance(thread, SlowHeaders):
            print(f"slow headers: {thread.opened} opened, {thread.refused} refused at once "
                  f"(503), {thread.cut} cut off by the server")  # fmt: skip
    if refusals:
        print(
            "503s by the limit they name: "
            + ", ".join(f"{k} {n}" for k, n in sorted(refusals.items()))
        )
    entity_p95 = percentile(by_kind.get("entity", []), 0.95) * 1000
    print(f"\nerrors besides the runaways' 503s: {errors} (target 0)")
    print(f"entity pages p95: {entity_p95:.0f} ms (target < 500 ms)")
    p95 = {k: percentile(by_kind.get(k, []), 0.95) * 1000 for k in PROBES}
    print("probes p95: " + ", ".join(f"{k.removeprefix('probe ')} {v:.0f} ms"
                                     for k, v in p95.items()) + " (target < 1000 ms)")  # fmt: skip
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--store", required=True, help="a built store folder (or sparql+http://...)"
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60, help="per phase")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runaways", type=int, default=30, help="clients sending runaway queries")
    parser.add_argument("--slow-readers", type=int, default=8)
    parser.add_argument("--slow-headers", type=int, default=110)
    parser.add_argument("--no-reference", action="store_true", help="only the hostile phase")
    parser.add_argument("--query-timeout", default="10", help="edgraph's query_timeout")
    parser.add_argument("--workers", default="2", help="edgraph's query_workers")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="another edgraph setting for the server")  # fmt: skip
    args = parser.parse_args()

    rng = random.Random(args.seed)
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="edgraph-load-")) / "serve.log"
    settings = {"query_timeout": args.query_timeout, "query_workers": args.workers}
    settings.update(dict(item.split("=", 1) for item in args.set))
    started = time.perf_counter()
    server = start_server(args.store, port, log, settings)
    print(f"edgraph serve answered its first page {time.perf_counter() - started:.2f} s after "
          f"start; settings {settings}")  # fmt: skip
    try:
        described_at_start(port)
        entities, orgs, words = sample(port, rng)
        quote = urllib.parse.quote
        entity_pages = [
            f"/page/{quote(e[len(BASE) :])}"
            if e.startswith(BASE)
            else f"/resource?iri={quote(e, safe='')}"
            for e in entities
        ]
        paths = {
            "home": ["/"],
            "search": [f"/search?q={quote(w)}" for w in words],
            "entity": entity_pages,
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
            "probe ask": ["/sparql?format=json&query=" + quote("ASK {}")],
            "probe home": ["/"],
            "probe entity": entity_pages[:200],
        }
        for kind, found in paths.items():
            if not found:
                raise SystemExit(f"no requests of kind {kind}: is the store empty?")
        print(f"store {args.store}; the clients share the machine's {os.cpu_count()} cores")
        phases = [] if args.no_reference else [("reference", False)]
        results = {name: run_phase(name, args, port, server.pid, paths, hostile)
                   for name, hostile in [*phases, ("hostile", True)]}  # fmt: skip
    finally:
        server.terminate()
        server.wait(30)
    print("\nprobes p95, side by side (ms): " + "; ".join(
        f"{k.removeprefix('probe ')}: " + " / ".join(f"{r[k]:.0f}" for r in results.values())
        for k in PROBES) + f" ({' / '.join(results)})")  # fmt: skip


if __name__ == "__main__":
    main()
