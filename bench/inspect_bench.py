"""How long reading a query before it runs takes, against the query's size: it must stay linear.

    python bench/inspect_bench.py [--old COMMIT]

For several shapes of query (ordinary triple patterns, strings, prefixed names, and the
pathological ones that made the earlier tokenizer quadratic), prints the time
:func:`edgraph.query.plan.inspect_query` takes at 10 kB and 100 kB and the ratio of the two (10
means linear). With ``--old``, the inspector of that commit (read with ``git show``) is timed
beside it, with a time limit per call, so the difference shows in one run.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

SHAPES: dict[str, Callable[[int], str]] = {
    "triple patterns": lambda n: "SELECT * WHERE { " + "?s <http://ex/p> ?o . " * (n // 22) + "}",
    "strings": lambda n: "SELECT * WHERE { " + "?s ?p 'x\\'y' . " * (n // 16) + "}",
    "prefixed names": lambda n: (
        "PREFIX e: <http://e/> SELECT * { " + "e:a.b e:c " * (n // 10) + "}"
    ),
    "a-a-a- (issue 15)": lambda n: "SELECT * { " + "a-" * (n // 2) + " }",
    "unclosed '''": lambda n: "SELECT * { " + "'''a" * (n // 4) + " }",
    "<a<a<a": lambda n: "SELECT * { " + "<a" * (n // 2) + " }",
}
SIZES = (10_000, 100_000)
LIMIT = 30.0  # seconds one timing of the old inspector may take


def _time(module: types.ModuleType, query: str) -> float:
    start = time.perf_counter()
    with contextlib.suppress(Exception):  # a refusal costs the same reading
        module.inspect_query(query, service_allow=())
    return (time.perf_counter() - start) * 1000


def _old_module(commit: str) -> types.ModuleType:
    root = Path(__file__).resolve().parent.parent
    source = subprocess.run(
        ["git", "show", f"{commit}:src/edgraph/sparql.py"],  # noqa: S607
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    module = types.ModuleType("old_sparql")
    sys.modules["old_sparql"] = module  # dataclasses look their module up
    exec(compile(source, f"{commit}:sparql.py", "exec"), module.__dict__)  # noqa: S102
    return module


def _old_timing(commit: str, shape: str, size: int, out: multiprocessing.Queue[float]) -> None:
    out.put(_time(_old_module(commit), SHAPES[shape](size)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", help="also time the inspector of this commit")
    args = parser.parse_args()
    from edgraph import sparql

    print(f"{'shape':20} {'10 kB':>10} {'100 kB':>10} {'ratio':>6}" +
          (f"   {'old 10 kB':>10} {'old 100 kB':>11}" if args.old else ""))  # fmt: skip
    for shape, make in SHAPES.items():
        new = [min(_time(sparql, make(size)) for _ in range(3)) for size in SIZES]
        line = f"{shape:20} {new[0]:8.1f}ms {new[1]:8.1f}ms {new[1] / new[0]:6.1f}"
        if args.old:
            for size in SIZES:
                queue: multiprocessing.Queue[float] = multiprocessing.Queue()
                worker = multiprocessing.Process(
                    target=_old_timing, args=(args.old, shape, size, queue)
                )
                worker.start()
                worker.join(LIMIT)
                if worker.is_alive():
                    worker.kill()
                    line += f" {'>' + format(LIMIT, '.0f') + ' s':>11}"
                else:
                    line += f" {queue.get():9.1f}ms"
        print(line)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
