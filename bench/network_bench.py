"""How a large partnership network behaves in the viewer, in Debian's headless Chromium.

Generates a seeded project whose network has about 2,000 nodes and 10,000 ties, builds it,
starts `edgraph serve`, and loads /network several times, reporting (medians) the time until the
drawing is interactive (first drawing, events handled) and still (physics stopped), page weight, the largest gap
between animation frames in the 2 s after that (responsiveness), the time a time-range move
takes to redraw, and the time a selection (a click on a node: its profile in the side panel and
its neighbourhood highlighted) and a change of the highlight's hops take until drawn, on hubs
and on ordinary nodes. Beside it, the reference the issue names: pyvis 0.3.2 building the same
graph (from_nx) and its own page (default physics) reaching stabilization in the same browser.

    .venv/bin/python bench/network_bench.py [--nodes 2000] [--edges 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update"]  # fmt: skip
PREFIXES = """@prefix edgo: <https://w3id.org/edgraph/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
ROLES = ("funder", "sponsor", "organizer", "coOrganizer", "host", "participant")


def generate(folder: Path, nodes: int, edges: int, seed: int = 1) -> tuple[int, int]:
    """A project with ``nodes`` entities (2% networks, 23% events, the rest organizations) and
    about ``edges`` distinct ties between them."""
    rng = random.Random(seed)
    n_networks = max(2, nodes // 50)
    n_events = nodes * 23 // 100
    n_orgs = nodes - n_networks - n_events
    ties: set[tuple[str, str, str]] = set()
    for o in range(n_orgs):
        for n in rng.sample(range(n_networks), rng.choice((1, 1, 2))):
            ties.add((f"id:org/o{o}", "edgo:memberOf", f"id:network/n{n}"))
    for e in range(n_events):
        ties.add((f"id:event/e{e}", "edgo:eventOf", f"id:network/n{rng.randrange(n_networks)}"))
    while len(ties) < edges:
        # preferential: a few organizations are everywhere, as in real partnership data
        o = int(rng.paretovariate(1.2)) % n_orgs if rng.random() < 0.5 else rng.randrange(n_orgs)
        ties.add(
            (f"id:event/e{rng.randrange(n_events)}", f"edgo:{rng.choice(ROLES)}", f"id:org/o{o}")
        )
    lines = [PREFIXES, "id:graph/sources/bench prov:wasDerivedFrom id:source/bench .",
             'id:source/bench a schema:NewsArticle ; schema:headline "Synthetic"@en .']  # fmt: skip
    lines += [f'id:network/n{n} a edgo:Network ; schema:name "Network {n}"@en .'
              for n in range(n_networks)]  # fmt: skip
    lines += [f'id:org/o{o} a edgo:Organization ; schema:name "Organization {o}"@en .'
              for o in range(n_orgs)]  # fmt: skip
    lines += [f'id:event/e{e} a edgo:Meeting ; schema:name "Meeting {e}"@en ; '
              f'schema:startDate "{2015 + e % 10}-03-01"^^xsd:date .' for e in range(n_events)]  # fmt: skip
    lines += [f"{s} {p} {o} ." for s, p, o in sorted(ties)]
    # local names with "/" are not prefixed names in Turtle: write those IRIs out
    text = re.sub(r"\bid:([\w/-]+)", r"<https://w3id.org/edgraph/id/\1>", "\n".join(lines[1:]))
    lines = [PREFIXES, text]
    sources = folder / "graph" / "sources"
    sources.mkdir(parents=True)
    (sources / "bench.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    from edgraph.bundled import bundled_project

    shutil.copytree(bundled_project() / "ontology", folder / "ontology")
    return nodes, len(ties)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(store: str, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGRAPH_")}
    env["EDGRAPH_STORE"] = store
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "edgraph", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/legend.css").close()
            return process, base
        except OSError:
            time.sleep(0.1)
    raise SystemExit("edgraph serve did not start; see " + str(folder / "serve.log"))


FRAME_GAPS = """() => new Promise(done => {
  let last = performance.now(), worst = 0; const end = last + 2000;
  function tick(now) { worst = Math.max(worst, now - last); last = now;
    if (now < end) requestAnimationFrame(tick); else done(worst); }
  requestAnimationFrame(tick); })"""
SLIDER = """() => new Promise(done => { const s = document.getElementById('year-to');
  const t0 = performance.now(); s.value = s.min; s.dispatchEvent(new Event('input', {bubbles: true}));
  requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0))); })"""
# A click on a node as vis-network reports it to the page's handler (the side panel filled, the
# neighbourhood drawn), timed until the frame after it has begun: what the reader sees changed.
SELECT = """id => new Promise(done => { const t0 = performance.now();
  window.edgraphNetwork.network.body.emitter.emit('click',
    {nodes: [id], edges: [], pointer: {DOM: {x: 0, y: 0}}});
  requestAnimationFrame(() => requestAnimationFrame(() => done({ms: performance.now() - t0,
    panel: document.querySelector('#evidence h2').textContent,
    moved: document.getElementById('network').getAttribute('data-moved') === '1',
    lit: +document.getElementById('network').getAttribute('data-highlighted')}))); })"""
HOPS = """hops => new Promise(done => { const t0 = performance.now();
  const select = document.getElementById('hl'); select.value = String(hops);
  select.dispatchEvent(new Event('change', {bubbles: true}));
  requestAnimationFrame(() => requestAnimationFrame(() => done({ms: performance.now() - t0,
    lit: +document.getElementById('network').getAttribute('data-highlighted')}))); })"""
CLEAR = """() => new Promise(done => { window.edgraphNetwork.clear();
  requestAnimationFrame(() => requestAnimationFrame(() => done(0))); })"""


def load_edgraph(context, url: str, chosen: list[str]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    page = context.new_page()
    # the main thread's CPU time (Chromium's ThreadTime) beside the wall time: on a shared
    # machine the wall time also counts the time other processes had the cores
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")

    def cpu_ms() -> float:
        metrics = cdp.send("Performance.getMetrics")["metrics"]
        return 1000 * float(next(m["value"] for m in metrics if m["name"] == "ThreadTime"))

    sizes: list[int] = []
    page.on("response", lambda r: sizes.append(len(r.body())) if r.ok else None)
    page.goto(url)
    page.wait_for_selector("#network[data-ready='1']", timeout=120_000)
    ready_ms = page.evaluate("performance.now()")
    ready_cpu = cpu_ms()
    moving_gap = page.evaluate(FRAME_GAPS)  # while the layout settles
    page.wait_for_selector("#network[data-still='1']", timeout=120_000)
    still_ms = page.evaluate("performance.now()")
    nodes = int(page.get_attribute("#network", "data-nodes") or 0)
    gap = page.evaluate(FRAME_GAPS)
    selections, hops, lit, select_cpu, hops_cpu = [], [], [], [], []
    moved: list[float] = []  # selections after which the view moved (the node lay under the panel)
    still: list[float] = []
    for iri in chosen:
        before = cpu_ms()
        answer = page.evaluate(SELECT, iri)
        select_cpu.append(cpu_ms() - before)
        assert answer["panel"], "the side panel stayed empty"
        selections.append(answer["ms"])
        (moved if answer["moved"] else still).append(answer["ms"])
        for n in (2, 3):
            before = cpu_ms()
            answer = page.evaluate(HOPS, n)
            hops_cpu.append(cpu_ms() - before)
            hops.append(answer["ms"])
            lit.append(answer["lit"])
        page.evaluate(HOPS, 1)
        page.evaluate(CLEAR)
    slider = page.evaluate(SLIDER)
    page.close()
    return {
        "ready": ready_ms,
        "ready_cpu": ready_cpu,
        "still": still_ms,
        "bytes": sum(sizes),
        "moving_gap": moving_gap,
        "gap": gap,
        "slider": slider,
        "nodes": nodes,
        "select": statistics.median(selections),
        "select_max": max(selections),
        "hops": statistics.median(hops),
        "hops_max": max(hops),
        "lit_max": max(lit),
        "select_still_max": max(still, default=0.0),
        "select_moved": statistics.median(moved) if moved else 0.0,
        "moved": len(moved),
        "select_cpu": statistics.median(select_cpu),
        "select_cpu_max": max(select_cpu),
        "hops_cpu": statistics.median(hops_cpu),
        "hops_cpu_max": max(hops_cpu),
    }


def load_pyvis(context, path: Path, budget_s: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.route("http*://**", lambda route: route.abort())  # its CDN links: offline here
    try:
        page.goto(path.as_uri(), wait_until="commit", timeout=budget_s * 1000)
        page.wait_for_function(
            "() => window.network && window.network.physics && window.network.physics.stabilized",
            timeout=budget_s * 1000, polling=100,
        )  # fmt: skip
        ready_ms = page.evaluate("performance.now()")
    except Exception:
        ready_ms = float("inf")
    page.close()
    return {"ready": ready_ms, "bytes": path.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pyvis-budget", type=float, default=60.0, help="seconds per pyvis load")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from edgraph.build import build
    from edgraph.settings import Settings
    from edgraph.store import EmbeddedStore

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        nodes, ties = generate(folder / "project", args.nodes, args.edges)
        location = str(folder / "store")
        settings = Settings.load(overrides={"project": folder / "project", "store": location},
                                 env={}, config_file=None)  # fmt: skip
        build(EmbeddedStore.open(location, must_exist=False), settings)
        print(f"generated {nodes:,} entities and {ties:,} ties; chromium {CHROMIUM}")
        process, base = serve(location, folder)
        try:
            start = time.perf_counter()
            urllib.request.urlopen(base + "/network.json").read()
            first_json = time.perf_counter() - start
            start = time.perf_counter()
            urllib.request.urlopen(base + "/network.json").read()
            warm_json = time.perf_counter() - start

            # the pyvis reference: build the same graph with pyvis and write its page
            import networkx as nx
            from pyvis.network import Network

            with urllib.request.urlopen(base + "/network.json") as response:
                import json

                data = json.loads(response.read())
            graph = nx.DiGraph()
            for n in data["nodes"]:
                graph.add_node(n["id"], label=n["label"], title=n["label"])
            graph.add_edges_from((e["from"], e["to"]) for e in data["edges"])
            start = time.perf_counter()
            net = Network(height="800px", width="100%", cdn_resources="in_line")
            net.from_nx(graph)
            pyvis_build = time.perf_counter() - start
            pyvis_page = folder / "pyvis.html"
            net.write_html(str(pyvis_page))

            # the nodes clicked: the five with most ties (the largest highlights), then 15 others
            degree: dict[str, int] = {}
            for e in data["edges"]:
                for end in (e["from"], e["to"]):
                    degree[end] = degree.get(end, 0) + 1
            ranked = sorted(degree, key=lambda iri: (-degree[iri], iri))
            chosen = ranked[:5] + random.Random(3).sample(ranked[5:], 15)
            runs: list[dict[str, float]] = []
            references: list[dict[str, float]] = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
                for _ in range(args.repeat):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    runs.append(load_edgraph(context, base + "/network", chosen))
                    context.close()
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                references.append(load_pyvis(context, pyvis_page, args.pyvis_budget))
                context.close()
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)

    def median(key: str, rows: list[dict[str, float]]) -> float:
        return statistics.median(r[key] for r in rows)

    print(
        f"\nnetwork drawn: {runs[0]['nodes']:,} nodes (of {nodes:,}), {len(data['edges']):,} ties"
    )
    print(
        f"/network.json: first {first_json * 1000:.0f} ms (reads the store), then "
        f"{warm_json * 1000:.0f} ms; {len(json.dumps(data)) / 1e6:.2f} MB"
    )
    print(f"\n| measure (median of {args.repeat}) | edgraph | pyvis 0.3.2 (reference) |")
    print("|---|---:|---:|")
    ours, theirs = median("ready", runs) / 1000, references[0]["ready"] / 1000
    shown = f"{theirs:.1f} s" if theirs != float("inf") else f"> {args.pyvis_budget:.0f} s"
    print(
        f"| page load to interactive (first drawing) | {ours:.2f} s (main-thread CPU "
        f"{median('ready_cpu', runs) / 1000:.2f} s) | not measured |"
    )
    print(f"| page load to a still drawing | {median('still', runs) / 1000:.2f} s | {shown} |")
    print(
        f"| building the network (server) | {warm_json * 1000:.0f} ms | "
        f"{pyvis_build:.1f} s (from_nx) |"
    )
    print(
        f"| page weight | {median('bytes', runs) / 1e6:.2f} MB | "
        f"{references[0]['bytes'] / 1e6:.2f} MB |"
    )
    print(
        f"| worst frame gap, 2 s after interactive (settling) | "
        f"{median('moving_gap', runs):.0f} ms | not measured |"
    )
    print(f"| worst frame gap, 2 s once still | {median('gap', runs):.0f} ms | not measured |")
    print(f"| time range move to redrawn | {median('slider', runs):.0f} ms | no slider |")
    print(
        f"\n| interaction, once still (20 nodes: 5 hubs, 15 others; median of {args.repeat} "
        "loads) | median | worst | main-thread CPU, median | CPU, worst | target |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| click on a node to profile shown and neighbourhood drawn | "
        f"{median('select', runs):.0f} ms | {median('select_max', runs):.0f} ms | "
        f"{median('select_cpu', runs):.0f} ms | {median('select_cpu_max', runs):.0f} ms | 100 ms |"
    )
    print(
        f"| highlight to 2 or 3 hops, drawn (up to {median('lit_max', runs):.0f} nodes lit) | "
        f"{median('hops', runs):.0f} ms | {median('hops_max', runs):.0f} ms | "
        f"{median('hops_cpu', runs):.0f} ms | {median('hops_cpu_max', runs):.0f} ms | 100 ms |"
    )
    print(
        f"\nof {len(chosen)} clicks, {median('moved', runs):.0f} moved the view (the node lay under "
        f"the side panel; median {median('select_moved', runs):.0f} ms); the worst of the others "
        f"took {median('select_still_max', runs):.0f} ms"
    )
    select_worst, hops_worst = median("select_max", runs), median("hops_max", runs)
    print(
        f"\ntarget: first drawing within 3 s -> {'met' if ours <= 3 else 'NOT met'} ({ours:.2f} s)"
    )
    print(
        f"target: selection within 100 ms -> {'met' if select_worst <= 100 else 'NOT met'} "
        f"(worst {select_worst:.0f} ms)"
    )
    print(
        f"target: highlight within 100 ms -> {'met' if hops_worst <= 100 else 'NOT met'} "
        f"(worst {hops_worst:.0f} ms)"
    )


if __name__ == "__main__":
    main()
