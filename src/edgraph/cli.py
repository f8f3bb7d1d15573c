"""The ``edgraph`` command line: thin commands over the core.

Exit codes: 0 success; 1 the data does not conform (validate); 2 an error (bad input, bad
arguments, no store); 3 a limit was hit; 141 the reader of the output went away (as with
``edgraph stats | head``), like other Unix tools.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from edgraph.analysis import MEASURES
from edgraph.errors import EdgraphError, OutputError
from edgraph.export import NETWORK_FORMATS, RDF_FORMATS, SHEET_FORMATS
from edgraph.formats import offered
from edgraph.namespaces import shorten
from edgraph.settings import Settings

if TYPE_CHECKING:
    from edgraph.query.results import QueryResult

F = TypeVar("F", bound=Callable[..., Any])


def data_options(func: F) -> F:
    """--project, --store and --config, on every command that reads data."""

    @click.option(
        "--project",
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder with graph/ and ontology/ [default: the bundled data].",
    )
    @click.option("--store", help="Store folder, or 'memory' [default: per-project, see README].")
    @click.option(
        "--config",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Settings file [default: $EDGRAPH_CONFIG, else ./edgraph.toml if present].",
    )
    @functools.wraps(func)
    def wrapper(project: Path | None, store: str | None, config: Path | None, **kwargs: Any) -> Any:
        with _user_errors():
            settings = Settings.load(
                overrides={"project": project, "store": store},
                config_file=config if config is not None else True,
            )
            return func(settings, **kwargs)

    return wrapper  # type: ignore[return-value]


@contextmanager
def _user_errors() -> Iterator[None]:
    """A user's mistake becomes one line on stderr and its exit code; a bug stays a traceback."""
    try:
        yield
    except EdgraphError as exc:
        click.echo(f"edgraph: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # The reader went away (`edgraph stats | head`): stop quietly, as Unix tools do, before
        # Click turns it into exit 1 ("does not conform") or Python prints a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="edgraph")
def main() -> None:
    """edgraph: a knowledge graph of education networks and partnerships.

    Build the graph, check it, count it, export it, serve it.
    """


@main.command()
@data_options
@click.option(
    "--catalog/--no-catalog", default=True, show_default=True,
    help="Also prepare the viewer's catalog of names and facets, kept beside the store, so that "
    "the first 'edgraph serve' after the build starts at once (at 1M statements: about 10 s "
    "here instead of at the viewer's first start).",
)  # fmt: skip
@click.option(
    "--describe/--no-describe", default=True, show_default=True,
    help="Also compute the dataset description's figures (counts, each dump's size and "
    "SHA-256), kept beside the store, so that /.well-known/void answers at once (at 1M "
    "statements: about 45 s; without them, 'edgraph serve' computes them in the background).",
)  # fmt: skip
def build(settings: Settings, catalog: bool, describe: bool) -> None:
    """Load graph/ and ontology/ into the store, replacing what it held (all or nothing)."""
    from edgraph.build import build as run_build
    from edgraph.location import store_for

    store = store_for(settings, must_exist=False)
    with _ProgressBar(settings.progress_bytes) as progress:
        report = run_build(store, settings, progress=progress)
    project = settings.project_dir()
    width = max(len(_relative(g.path, project)) for g in report.graphs)
    click.echo(f"{'graph file':<{width}}  {'triples':>8}  {'entities':>8}")
    for g in report.graphs:
        click.echo(f"{_relative(g.path, project):<{width}}  {g.triples:>8}  {g.entities:>8}")
    click.echo(
        f"built {len(report.graphs)} graphs, {report.triples} triples "
        f"in {report.elapsed_s:.2f} s into {store.location}"
    )
    _prepare(store, catalog=catalog, describe=describe)


def _prepare(store: Any, *, catalog: bool = True, describe: bool = True) -> None:
    """Compute what the viewer derives from a new store generation (its catalog, the dataset
    description's figures and checksums) now, so that a server started on it does not."""
    from edgraph.catalog import Catalog
    from edgraph.describe import Figures

    if catalog and store.cache_file(Catalog.CACHE_NAME) is not None:
        started = time.perf_counter()
        Catalog.load(store)
        click.echo(f"prepared the viewer's catalog in {time.perf_counter() - started:.2f} s")
    if describe and store.cache_file(Figures.CACHE_NAME) is not None:
        started = time.perf_counter()
        Figures.load(store)
        click.echo(f"computed the dataset's counts and the dumps' checksums in "
                   f"{time.perf_counter() - started:.2f} s")  # fmt: skip


@main.command()
@data_options
def validate(settings: Settings) -> None:
    """Check the built store against ontology/shapes.ttl.

    Exit 0 when it conforms, 1 when it does not, 2 on error.
    """
    from edgraph.build import SHAPES_FILE
    from edgraph.location import store_for
    from edgraph.validate import validate as run_validate

    store = store_for(settings)
    report = run_validate(store, settings.project_dir() / "ontology" / SHAPES_FILE)
    for violation in report.violations:
        click.echo(violation.describe() + "\n")
    if report.conforms:
        click.echo("conforms: every shape holds")
        return
    click.echo(f"does not conform: {len(report.violations)} results")
    sys.exit(1)


@main.command()
@data_options
@click.option("--all-classes", is_flag=True, help="Count every class, not only edgraph's own.")
def stats(settings: Settings, all_classes: bool) -> None:
    """Counts by class, by named graph and by source document."""
    from edgraph.location import store_for
    from edgraph.stats import dataset_stats

    result = dataset_stats(store_for(settings))
    click.echo(f"{result.quads} quads in {len(result.graphs)} named graphs\n")
    click.echo("by class:")
    classes = result.classes if all_classes else result.own_classes()
    for cls, count in classes:
        click.echo(f"  {count:>6}  {shorten(cls)}")
    click.echo("\nby named graph:")
    for g in result.graphs:
        click.echo(f"  {g.triples:>6} triples  {g.entities:>5} entities  {shorten(g.graph)}")
    click.echo("\nby source:")
    for g in result.graphs:
        if g.source is None:
            click.echo(f"  {shorten(g.graph)}: no source recorded")
            continue
        details = ", ".join(x for x in (g.publisher, g.published) if x)
        click.echo(
            f"  {shorten(g.graph)}: {g.title or g.source}" + (f" ({details})" if details else "")
        )


@main.command()
@data_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*RDF_FORMATS, *NETWORK_FORMATS, *SHEET_FORMATS]),
    default="trig",
    show_default=True,
    help="An RDF format, or a network format: graphml, gexf, csv (for Gephi), kumu-xlsx or "
    "kumu-csv (Kumu's elements and connections, with provenance; 'edgraph import' reads them).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write [default: stdout]. CSV writes two files: STEM-nodes.csv, STEM-edges.csv.",
)
@click.option("--graph", help="Only this named graph (its IRI, or a name such as "
              "sources/slecop-convening-2020).")  # fmt: skip
@click.option("--focus", help="Only the network around this entity (IRI or path under the base).")
@click.option("--hops", type=click.IntRange(1, 4), default=1, show_default=True,
              help="With --focus: how far around it.")  # fmt: skip
@click.option("--construct", "construct", help="Only the answer of this CONSTRUCT (or "
              "DESCRIBE) query, with the endpoint's limits; @FILE reads it from FILE.")  # fmt: skip
@click.option("--projection", is_flag=True, help="Network formats: the analysis projection "
              "(organizations tied by shared contexts, weighted, with every measure) instead of "
              "the partnership network.")  # fmt: skip
def export(
    settings: Settings,
    fmt: str,
    output: Path | None,
    graph: str | None,
    focus: str | None,
    hops: int,
    construct: str | None,
    projection: bool,
) -> None:
    """Write the dataset, or part of it, as RDF or as a network.

    RDF: TriG, N-Quads and JSON-LD keep the named graphs (each source's provenance); Turtle,
    N-Triples and RDF/XML give the union, each statement once. The same data gives the same
    bytes. Networks carry labels, kinds, IRIs, saved measures, relations, weights and years.
    """
    from edgraph.errors import QueryRefusedError

    scopes = [name for name, value in (("--graph", graph), ("--focus", focus),
              ("--construct", construct), ("--projection", projection)) if value]  # fmt: skip
    if len(scopes) > 1:
        raise QueryRefusedError(f"choose one of {', '.join(scopes)}")
    if projection and fmt in RDF_FORMATS:
        raise QueryRefusedError(
            "--projection is a network; export it as graphml, gexf or csv "
            "(its measures are in the store as RDF after 'edgraph analyze')"
        )
    if fmt == "kumu-csv" and output is None:
        raise QueryRefusedError("Kumu's CSV is two sheets: give -o STEM.csv for "
                                "STEM-elements.csv and STEM-connections.csv")  # fmt: skip
    if fmt.startswith("kumu-") and (projection or construct is not None):
        raise QueryRefusedError(
            "Kumu's sheets are of the partnership network (or the "
            "network around --focus), not of --projection or --construct"
        )
    if fmt == "kumu-xlsx" and output is None and sys.stdout.isatty():
        raise QueryRefusedError("an XLSX workbook is binary: give -o FILE.xlsx")
    if fmt == "csv" and output is None:
        raise QueryRefusedError("CSV is two tables: give -o STEM.csv for STEM-nodes.csv and "
                                "STEM-edges.csv")  # fmt: skip
    if construct is not None and construct.startswith("@"):
        construct = _read_query(construct[1:], settings.query_max_chars)
    if construct is not None:
        _check_construct(construct, settings)
    if fmt in RDF_FORMATS:
        _write_output(output, lambda handle: _export_rdf(settings, fmt, handle, graph, focus,
                                                         hops, construct))  # fmt: skip
        return
    network, catalog = _network_for_export(settings, graph, focus, hops, construct, projection)
    if fmt == "csv":
        assert output is not None
        from edgraph.export import write_csv_tables

        stem = output.with_suffix("")
        nodes_path, edges_path = Path(f"{stem}-nodes.csv"), Path(f"{stem}-edges.csv")
        with _atomic_file(nodes_path, "w") as nodes, _atomic_file(edges_path, "w") as edges:
            write_csv_tables(network, nodes, edges)
        click.echo(f"wrote {nodes_path} and {edges_path}", err=True)
        return
    if fmt.startswith("kumu-"):
        _export_kumu(settings, network, catalog, fmt, output)
        return
    from edgraph.export import write_network

    _write_output(output, lambda handle: write_network(network, catalog, fmt, handle))


def _export_kumu(
    settings: Settings, network: Any, catalog: Any, fmt: str, output: Path | None
) -> None:
    from edgraph.kumu import kumu_tables, write_kumu_csv, write_kumu_xlsx
    from edgraph.location import store_for

    tables = kumu_tables(store_for(settings), network, catalog)
    if fmt == "kumu-xlsx":
        _write_output(output, lambda handle: write_kumu_xlsx(tables, handle))
        return
    assert output is not None
    stem = output.with_suffix("")
    paths = Path(f"{stem}-elements.csv"), Path(f"{stem}-connections.csv")
    with _atomic_file(paths[0], "w") as elements, _atomic_file(paths[1], "w") as connections:
        write_kumu_csv(tables, elements, connections)
    click.echo(f"wrote {paths[0]} and {paths[1]} ({len(tables.elements)} elements, "
               f"{len(tables.connections)} connections)", err=True)  # fmt: skip


def _check_construct(construct: str, settings: Settings) -> None:
    """Refuse, before any work, a --construct query whose answer is not a graph."""
    from edgraph.errors import QueryRefusedError
    from edgraph.query import Limits
    from edgraph.query.plan import inspect_query

    limits = Limits.from_settings(settings)
    plan = inspect_query(construct, max_chars=limits.max_chars, service_allow=limits.service_allow)
    if plan.result_kind != "graph":
        form = (plan.form or "select").upper()
        raise QueryRefusedError(
            f"--construct takes a CONSTRUCT or DESCRIBE query, not {form}: write its results "
            "with 'edgraph query --format csv' (or tsv, json, xml)"
        )


def _export_rdf(
    settings: Settings,
    fmt: str,
    handle: IO[bytes],
    graph: str | None,
    focus: str | None,
    hops: int,
    construct: str | None,
) -> None:
    from edgraph.export import (
        export_dataset,
        export_graph,
        neighbourhood_statements,
        resolve_graph,
        write_statements,
    )
    from edgraph.location import store_for

    store = store_for(settings)
    if construct is not None:
        from edgraph.query import Limits, QueryRequest, QueryService

        with QueryService.for_store(store, Limits.from_settings(settings), workers=1) as service:
            request = QueryRequest(construct, full=True)
            name = service.format_for(service.plan(request), fmt).name
            for chunk in service.stream(QueryRequest(construct, format=name, full=True)).chunks:
                handle.write(chunk)
    elif graph is not None:
        export_graph(store, resolve_graph(store, graph, settings.base_iri), fmt, handle)
    elif focus is not None:
        network, _ = _network_for_export(settings, None, focus, hops, None, False)
        write_statements(neighbourhood_statements(store, network.nodes), fmt, handle)
    else:
        export_dataset(store, fmt, handle)


def _network_for_export(
    settings: Settings,
    graph: str | None,
    focus: str | None,
    hops: int,
    construct: str | None,
    projection: bool,
) -> tuple[Any, Any]:
    from edgraph.analysis import stored_measures
    from edgraph.catalog import Catalog
    from edgraph.errors import NotFoundError, QueryRefusedError
    from edgraph.location import store_for
    from edgraph.network import Filters, attach_measures, from_result, partnership_network, view

    store = store_for(settings)
    if graph is not None:
        raise QueryRefusedError("--graph exports RDF; for a source's part of the network use "
                                "the viewer's source filter")  # fmt: skip
    if projection:
        from edgraph.export import projection_network

        return projection_network(_run_analysis(store, settings)), Catalog([], {})
    catalog = Catalog.load(store)
    if construct is not None:
        from edgraph.query import Limits, QueryRequest, QueryService

        with QueryService.for_store(store, Limits.from_settings(settings), workers=1) as service:
            answer = service.result(QueryRequest(construct, full=True))
        network = from_result(answer, catalog, max_nodes=10**9)
    else:
        whole = partnership_network(store, catalog)
        if focus is not None:
            iri = focus if "://" in focus else settings.base_iri + focus.lstrip("/")
            if iri not in whole.nodes:
                raise NotFoundError(f"{focus} is not in the partnership network")
            network = view(whole, catalog, Filters(focus=iri, hops=hops, max_nodes=10**9))
        else:
            network = whole
    attach_measures(network, stored_measures(store, settings.base_iri))
    return network, catalog


def _read_query(source: str, max_chars: int) -> str:
    """The query in the file ``source`` ('-' for stdin), which must be UTF-8 text; no more is
    read than a query of ``max_chars`` characters can take (so `--file /dev/zero` ends)."""
    from edgraph.errors import DataError, QueryTooLongError

    name = "<stdin>" if source == "-" else source
    limit = max_chars * 4  # bytes: UTF-8 takes at most four per character
    try:
        if source == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(source, "rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise DataError(f"cannot read the query ({exc.strerror})", path=name) from None
    if len(data) > limit:
        raise QueryTooLongError(
            f"{name}: the query is longer than {max_chars:,} characters, the limit "
            "(setting query_max_chars)"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", "replace")) + 1
        raise DataError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}): a query is UTF-8 text",
            path=name, line=before.count(b"\n") + 1, column=column,
        ) from None  # fmt: skip


def _write_output(output: Path | None, write: Callable[[IO[bytes]], None]) -> None:
    """To stdout, or to ``output`` through a ``.partial`` file renamed when complete."""
    if output is None:
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    with _atomic_file(output, "wb") as handle:
        write(handle)
    click.echo(f"wrote {output}", err=True)


@contextmanager
def _atomic_file(path: Path, mode: str) -> Iterator[Any]:
    partial = path.with_name(path.name + ".partial")
    try:
        text = "b" not in mode
        encoding, newline = ("utf-8", "") if text else (None, None)
        with partial.open(mode, encoding=encoding, newline=newline) as handle:
            yield handle
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@main.command(
    epilog="What the measures mean (--sort takes the name in brackets):\n\n"
    + "\n\n".join(f"{m.label} ({m.key}): {m.help}" for m in MEASURES)
)
@data_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="A ranked table, or every organization with every measure as CSV or JSON.",
)
@click.option(
    "--sort",
    type=click.Choice([m.key for m in MEASURES]),
    default="pagerank",
    show_default=True,
    help="Measure the table is ranked by.",
)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Rows of the table (CSV and JSON have them all).")  # fmt: skip
@click.option(
    "--save/--no-save",
    default=True,
    show_default=True,
    help="Write the measures back into the store's analysis graph, for SPARQL and the viewer.",
)
def analyze(settings: Settings, fmt: str, sort: str, top: int, save: bool) -> None:
    """Network measures of the organizations: degree, betweenness, PageRank, communities,
    k-core, components, events and networks linked (brokers), and shared funders.

    With --save (the default) they are also written into the store, in the named graph
    <base>graph/analysis with their provenance, so that SPARQL can rank by them. The table
    ends with what each measure means.
    """
    from edgraph.location import store_for

    store = store_for(settings)
    result = _run_analysis(store, settings)
    if fmt == "json":
        _write_json(_analysis_json(result))
    elif fmt == "csv":
        _write_csv(result.table())
    else:
        _print_analysis(result, sort, top)
    if save:
        _save_analysis(store, settings, result)


def _run_analysis(store: Any, settings: Settings) -> Any:
    from edgraph.analysis import analyze as run_analysis

    return run_analysis(
        store,
        group_cap=settings.analysis_group_cap,
        betweenness_exact_max=settings.analysis_betweenness_exact_max,
        betweenness_samples=settings.analysis_betweenness_samples,
    )


def _save_analysis(
    store: Any, settings: Settings, result: Any = None, *, prepare: bool = True
) -> None:
    from edgraph import __version__
    from edgraph.analysis import analysis_graph
    from edgraph.analysis import save as save_analysis

    result = result if result is not None else _run_analysis(store, settings)
    written = save_analysis(store, result, settings.base_iri, version=__version__)
    click.echo(f"saved {written} statements in <{analysis_graph(settings.base_iri)}>", err=True)
    if prepare:  # the measures are a new generation of the store
        _prepare(store.latest())


def _print_analysis(result: Any, sort: str, top: int) -> None:
    from edgraph.analysis import (
        BROKERS,
        MEASURE_BY_KEY,
        NUMBERING,
        PARTNERSHIP,
        SHARED_FUNDERS,
        kinds_counted,
    )

    facts = result.facts
    for name, (nodes, edges) in result.sizes.items():
        click.echo(f"{name} projection: {nodes} nodes, {edges} ties")
    if result.left_out:
        click.echo(
            f"left out of the partnership projection ({len(result.left_out)} groups over "
            f"analysis_group_cap={result.group_cap}; measured in the bipartite graphs): "
            + ", ".join(f"{facts.label(t)} ({role}, {n})" for t, role, n in result.left_out[:5])
            + (" ..." if len(result.left_out) > 5 else "")
        )
    for run in result.runs:
        if run.sampled:
            click.echo(f"{MEASURE_BY_KEY[run.measure].label}: {run.parameters}")
    click.echo("\nties counted: " + PARTNERSHIP)
    for kind, explains in kinds_counted():
        click.echo(f"  {kind}: {explains}")
    groups = {key: result.groups(key) for key in NUMBERING}

    def cell(key: str, iri: str) -> str:
        value = result.values[key].get(iri, 0)
        if key in groups:  # a group, named by its first member
            name: str = groups[key].get(int(value), "")
            return f"{int(value)}: " + name.split(", ")[0]
        return _number(value)

    rows = [
        [facts.label(iri)] + [cell(m.key, iri) for m in MEASURES]
        for iri, _ in result.ranked(sort, top)
    ]
    header = ["organization"] + [m.label for m in MEASURES]
    click.echo(f"\norganizations by {MEASURE_BY_KEY[sort].label}:")
    _print_rows(header, rows)
    for key, names in groups.items():
        sizes = _sizes(result.values[key])
        plural = {"community": "communities", "component": "components"}[key]
        click.echo(f"\n{plural}, named by their members of highest PageRank:")
        for number, name in list(names.items())[:top]:
            count = f"{sizes[number]} organization" + ("s" if sizes[number] != 1 else "")
            click.echo(f"  {number:>3}  ({count})  {name}")
    brokers = result.brokers()
    click.echo("\nbrokers between networks: " + BROKERS)
    for iri, n in brokers[:top]:
        click.echo(f"  {n:>3}  {facts.label(iri)}")
    if not brokers:
        click.echo("  none")
    click.echo("\nshared funders: " + SHARED_FUNDERS)
    for overlap in result.overlaps[:top]:
        funders = ", ".join(facts.label(f) for f in overlap.shared)
        click.echo(
            f"  {facts.label(overlap.a)} & {facts.label(overlap.b)}: "
            f"{len(overlap.shared)} shared (Jaccard {overlap.jaccard:.2f}): {funders}"
        )
    if not result.overlaps:
        click.echo("  none")
    click.echo("\nwhat the measures mean:")
    for m in MEASURES:
        click.echo(f"  {m.label}: {m.help}")


def _sizes(values: dict[str, float]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for value in values.values():
        sizes[int(value)] = sizes.get(int(value), 0) + 1
    return sizes


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}"


def _print_rows(header: list[str], rows: list[list[str]]) -> None:
    widths = [min(48, max([len(h), *(len(r[i]) for r in rows)])) for i, h in enumerate(header)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(row, widths, strict=True)]
        click.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())


def _analysis_json(result: Any) -> dict[str, Any]:
    from edgraph.analysis import BROKERS, NUMBERING, PARTNERSHIP, SHARED_FUNDERS, kinds_counted

    facts = result.facts
    return {
        "projections": {
            name: {"nodes": nodes, "ties": edges} for name, (nodes, edges) in result.sizes.items()
        },
        "group_cap": result.group_cap,
        "left_out": [
            {"iri": t, "label": facts.label(t), "role": role, "organizations": n}
            for t, role, n in result.left_out
        ],
        "measures": [
            {
                "key": m.key,
                "label": m.label,
                "property": m.property,
                "projection": m.projection,
                "algorithm": m.algorithm,
                "help": m.help,
            }
            for m in MEASURES
        ],
        "runs": [
            {
                "measure": r.measure,
                "parameters": r.parameters,
                "sampled": r.sampled,
                "seconds": round(r.ended - r.started, 3),
            }
            for r in result.runs
        ],
        "ties_counted": {
            "definition": PARTNERSHIP,
            "kinds": [{"kind": k, "explains": e} for k, e in kinds_counted()],
        },
        "groups": {key: _groups_json(result, key) for key in NUMBERING},
        "organizations": result.table(),
        "brokers_definition": BROKERS,
        "funder_overlap_definition": SHARED_FUNDERS,
        "brokers": [
            {"iri": i, "label": facts.label(i), "networks": n} for i, n in result.brokers()
        ],
        "funder_overlap": [
            {
                "networks": [o.a, o.b],
                "labels": [facts.label(o.a), facts.label(o.b)],
                "shared": list(o.shared),
                "jaccard": o.jaccard,
            }
            for o in result.overlaps
        ],
    }


def _groups_json(result: Any, key: str) -> list[dict[str, Any]]:
    sizes = _sizes(result.values[key])
    return [
        {"number": n, "name": name, "organizations": sizes[n]}
        for n, name in result.groups(key).items()
    ]


def _write_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _write_csv(rows: list[dict[str, Any]]) -> None:
    import csv

    if not rows:
        return
    from edgraph.sheets import safe_cell

    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        {k: safe_cell(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows
    )


@main.command()
@data_options
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--url", help="Where the release will be published (download URLs in its "
              "description) [default: <base_iri>release/<version>/].")  # fmt: skip
def release(settings: Settings, folder: Path, url: str | None) -> None:
    """Write FOLDER/edgraph-dataset-<version>/: every RDF dump, the network (GraphML, GEXF,
    CSV), void.ttl (DCAT and VoID, with sizes and checksums), CITATION.cff and SHA256SUMS."""
    from edgraph.location import store_for
    from edgraph.release import make_release

    made = make_release(store_for(settings), settings, folder, url=url)
    for name, size, _ in made.files:
        click.echo(f"{size:>12,}  {name}")
    click.echo(f"release {made.version} in {made.folder} (check it with: cd {made.folder} && "
               "sha256sum -c SHA256SUMS)")  # fmt: skip


_RESULTS_FORMATS = tuple(f.name for f in offered("results"))
_GRAPH_FORMATS = tuple(f.name for f in offered("graph"))
QUERY_FORMATS = ("table", *_RESULTS_FORMATS, *_GRAPH_FORMATS)


@main.command()
@data_options
@click.argument("text", required=False, metavar="[QUERY]")
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    help="Read the query from this file ('-' for stdin), in UTF-8.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(QUERY_FORMATS),
    default="table",
    show_default=True,
    help=f"table, or a SPARQL results format ({', '.join(_RESULTS_FORMATS)}) for SELECT and "
    f"ASK, or an RDF format ({', '.join(_GRAPH_FORMATS)}) for CONSTRUCT and DESCRIBE ('xml' "
    "is RDF/XML for them).",
)
@click.option(
    "--full", is_flag=True, help="Do not cut the result at the row cap (the time limit holds)."
)
def query(
    settings: Settings, text: str | None, query_file: str | None, fmt: str, full: bool
) -> None:
    """Run a SPARQL query (from QUERY, --file, or stdin) with the endpoint's limits.

    Exit codes: 0 done; 2 a bad or refused query; 3 a limit was hit (time, memory, length),
    or the result was cut at the row cap (the rows before the cut are still written).
    """
    from edgraph.errors import LimitError, QueryRefusedError
    from edgraph.location import store_for
    from edgraph.query import Limits, QueryRequest, QueryService

    if text is not None and query_file is not None:
        raise QueryRefusedError("give the query as an argument or with --file, not both")
    if text is None:
        if query_file is None and sys.stdin.isatty():
            raise QueryRefusedError("give a query: as an argument, with --file, or on stdin")
        text = _read_query(query_file or "-", settings.query_max_chars)
    store = store_for(settings)
    with QueryService.for_store(store, Limits.from_settings(settings), workers=1) as service:
        request = QueryRequest(text, full=full)
        if fmt == "table":
            result = service.result(request)
            _print_table(result)
            truncated, rows = result.truncated, len(result.rows)
        else:
            request = QueryRequest(
                text, format=service.format_for(service.plan(request), fmt).name, full=full
            )
            if full:
                for chunk in service.stream(request).chunks:
                    sys.stdout.buffer.write(chunk)
                sys.stdout.buffer.flush()
                return
            answer = service.run(request)
            sys.stdout.buffer.write(answer.body)
            sys.stdout.buffer.flush()
            truncated, rows = answer.truncated, answer.rows
    if truncated:
        raise LimitError(
            f"the result was cut at {rows} rows, the row cap (setting row_cap); "
            "use --full for all of it"
        )


def _print_table(result: QueryResult) -> None:
    if result.kind == "ask":
        click.echo("yes" if result.boolean else "no")
        return
    variables = result.variables
    rows = [["" if t is None else _cell(t) for t in row] for row in result.rows]
    widths = [min(60, max([len(v), *(len(r[i]) for r in rows)])) for i, v in enumerate(variables)]
    click.echo("  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(row, widths, strict=True)]
        click.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    click.echo(f"({len(rows)} rows)", err=True)


def _cell(term: Any) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal) and term.language:
        return f"{term.value}@{term.language}"
    return str(getattr(term, "value", term))


@main.command()
@data_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port, named when ready).")  # fmt: skip
def serve(settings: Settings, host: str, port: int) -> None:
    """Serve the viewer (a WSGI server, never a debugger), building the store first if needed."""
    from edgraph.build import build as run_build
    from edgraph.errors import StoreNotBuiltError
    from edgraph.location import store_for
    from edgraph.web import create_app
    from edgraph.web.server import serve as serve_http

    listening = _listen(host, port)  # before anything starts: a taken port is one line
    port = listening.getsockname()[1]
    try:
        store = store_for(settings)
    except StoreNotBuiltError:
        click.echo(f"no store at {settings.store_location()} yet: building it", err=True)
        store = store_for(settings, must_exist=False)
        run_build(store, settings)
        _save_analysis(store, settings, prepare=False)  # the server does it in the background
    app = create_app(settings=settings, store=store, warm=True)
    where = f"[{host}]" if ":" in host else host
    click.echo(f"edgraph viewer on http://{where}:{port}/ (Ctrl+C to stop)", err=True)
    if host in ("0.0.0.0", "::", "") and not settings.public_url:  # noqa: S104
        hosts = " ".join(settings.trusted_hosts)
        click.echo(f"answering for the hosts {hosts}; name others with the settings "
                   "public_url or trusted_hosts", err=True)  # fmt: skip
    serve_http(app, settings, host=host, port=port, listening=listening)


def _listen(host: str, port: int) -> Any:
    """A socket bound to ``host``:``port`` and listening, or one line on what is in the way."""
    import errno
    import socket

    from edgraph.errors import ListenError

    advice = {errno.EADDRINUSE: " (another server listens there; choose another --port)",
              errno.EACCES: " (ports below 1024 need privileges; choose another --port)",
              errno.EADDRNOTAVAIL: " (not an address of this machine; see --host)"}  # fmt: skip
    listening = None
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        listening = socket.socket(family, kind, proto)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(1024)
    except OSError as exc:
        if listening is not None:
            listening.close()
        reason = (exc.strerror or str(exc)) + advice.get(exc.errno or 0, "")
        raise ListenError(f"cannot listen on {host}:{port}: {reason}") from None
    return listening


class _ProgressBar:
    """A progress bar on stderr that appears only once the input is known to be large."""

    def __init__(self, threshold: int) -> None:
        self._threshold = threshold
        self._bar: Any = None
        self._shown = 0
        self._stage = "loading"

    def __call__(self, done: int, total: int, stage: str = "loading") -> None:
        if self._bar is not None and stage != self._stage:  # the next stage: a new bar
            self._bar.__exit__(None, None, None)
            self._bar, self._shown = None, 0
        self._stage = stage
        # Pushing: about a hundred bytes a statement.
        big = total > (self._threshold if stage == "loading" else self._threshold // 100)
        if self._bar is None and big:
            self._bar = click.progressbar(length=total, label=stage, file=sys.stderr)
            self._bar.__enter__()
        if self._bar is not None:
            self._bar.update(done - self._shown)
            self._shown = done

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def _relative(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)


def _register_curation() -> None:
    from edgraph.cli_curation import register

    register(main, data_options, _user_errors)


_register_curation()
