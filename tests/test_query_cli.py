"""`edgraph query` and the Python API: sources of the query, formats, exit codes, pandas; over
the viewer's graph (tests/data/viewer/)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import settings_for

from edgraph.location import open_store

NAMES = (
    "PREFIX schema: <http://schema.org/>\n"
    "SELECT ?o ?n WHERE { ?o a schema:Organization ; schema:name ?n } ORDER BY ?n"
)


@pytest.fixture(scope="module")
def disk_store(viewer_disk_store: str) -> str:
    return viewer_disk_store


def edgraph(
    store: str, *args: str, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "EDGRAPH_STORE": store}
    environment.update({f"EDGRAPH_{k.upper()}": v for k, v in env.items()})
    return subprocess.run(
        [sys.executable, "-m", "edgraph", "query", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_a_query_from_the_argument_as_a_table(disk_store: str) -> None:
    done = edgraph(disk_store, NAMES + " LIMIT 3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["o", "n"]
    assert set(lines[1]) <= {"-", " "}
    assert "Alianza de Aprendizaje de las Tierras Altas@es" in lines[2]  # names in order
    assert "(3 rows)" in done.stderr


def test_a_query_from_stdin_and_from_a_file_in_each_format(disk_store: str, tmp_path: Path) -> None:
    query = NAMES + " LIMIT 4"
    (tmp_path / "q.rq").write_text(query, encoding="utf-8")
    as_csv = edgraph(disk_store, "--format", "csv", stdin=query)
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == 4
    as_json = edgraph(disk_store, "--format", "json", "--file", str(tmp_path / "q.rq"))
    assert len(json.loads(as_json.stdout)["results"]["bindings"]) == 4
    as_tsv = edgraph(disk_store, "--format", "tsv", stdin=query)
    assert len(list(ox.parse_query_results(as_tsv.stdout, ox.QueryResultsFormat.TSV))) == 4
    as_xml = edgraph(disk_store, "--format", "xml", stdin=query)
    assert as_xml.stdout.count("<result>") == 4
    construct = "CONSTRUCT WHERE { ?e <http://schema.org/funder> ?f }"
    for name, fmt in (
        ("turtle", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ):
        done = edgraph(disk_store, "--format", name, construct)
        assert done.returncode == 0, done.stderr
        assert len(list(ox.parse(done.stdout.encode(), fmt))) == 5  # the graph's 5 funder ties
    ask = edgraph(disk_store, 'ASK { ?o <http://schema.org/name> "Escola do Mar" }')
    assert ask.stdout.strip() == "yes"


def test_exit_codes(disk_store: str) -> None:
    syntax = edgraph(disk_store, "SELECT * WHERE {")
    assert syntax.returncode == 2
    assert syntax.stderr == "edgraph: error: line 1, column 16: this '{' is never closed\n"
    refused = edgraph(disk_store, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert refused.returncode == 2
    assert "SERVICE <http://127.0.0.1:9/> is not allowed" in refused.stderr
    update = edgraph(disk_store, "DELETE WHERE { ?s ?p ?o }")
    assert update.returncode == 2
    wrong = edgraph(disk_store, "--format", "csv", "CONSTRUCT WHERE { ?s ?p ?o }")
    assert wrong.returncode == 2
    slow = edgraph(
        disk_store, "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", query_timeout="1"
    )
    assert slow.returncode == 3
    assert "stopped after 1 s, the time limit" in slow.stderr
    cut = edgraph(disk_store, "--format", "csv", "SELECT * { ?s ?p ?o }", row_cap="5")
    assert cut.returncode == 3
    assert len(cut.stdout.splitlines()) == 6  # the rows before the cut are still written
    assert "cut at 5 rows" in cut.stderr
    full = edgraph(disk_store, "--format", "csv", "--full", "SELECT * { ?s ?p ?o }", row_cap="5")
    assert full.returncode == 0
    everything = len(open_store(disk_store).query("SELECT * { ?s ?p ?o }").rows)
    assert len(full.stdout.splitlines()) == everything + 1 > 1000
    long = edgraph(disk_store, "ASK {}" + " " * 100, query_max_chars="50")
    assert long.returncode == 3
    missing = edgraph("/nonexistent/store", "ASK {}")
    assert missing.returncode == 2
    assert "no store has been built" in missing.stderr


def test_python_api_returns_terms_and_a_dataframe(disk_store: str) -> None:
    import edgraph

    settings = settings_for(store=disk_store, row_cap=7)
    with edgraph.connect(settings) as graph:
        result = graph.query(NAMES)
        assert result.kind == "select" and result.variables == ["o", "n"]
        assert len(result.rows) == 7 and result.truncated
        assert isinstance(result.rows[0][0], ox.NamedNode)
        everything = graph.query(NAMES, full=True)
        assert not everything.truncated and len(everything.rows) > 7
        counted = graph.query(
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <http://schema.org/Organization> }"
        )
        frame = counted.to_dataframe()
        assert frame.columns.tolist() == ["n"]
        # 9 organizations and 2 networks
        assert isinstance(frame["n"][0].item(), int) and frame["n"][0] == 11
        names = everything.to_dataframe()
        assert "Universidade Atlântica" in set(names["n"])
        construct = "CONSTRUCT WHERE { ?e <http://schema.org/funder> ?f }"
        funders = graph.query(construct, full=True)
        assert funders.kind == "graph" and len(funders.rows) == 5
        named = graph.query("CONSTRUCT WHERE { ?o <http://schema.org/name> ?n }")
        assert named.truncated and len(named.rows) == 7  # the row cap counts triples too
        assert graph.query("ASK {}").boolean is True
        with pytest.raises(edgraph.errors.QuerySyntaxError, match="line 1"):  # type: ignore[attr-defined]
            graph.query("SELECT")
