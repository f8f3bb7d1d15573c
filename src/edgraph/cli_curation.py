"""The curation commands of the command line: ``init``, ``add``, ``extract`` and ``curate``,
thin adapters over :mod:`edgraph.curation.session` (registered on the ``edgraph`` group by
:mod:`edgraph.cli`)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from edgraph.errors import OutputError
from edgraph.namespaces import slugify
from edgraph.settings import Settings


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date written YYYY-MM-DD", param, ctx)


def _source_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """What a person can say of an article that its file may not."""
    for option in reversed([
        click.option("--lang", "language", type=click.Choice(["en", "es"]),
                     help="The article's language [default: detected]."),
        click.option("--headline", help="Its headline [default: read from the file]."),
        click.option("--publisher", help="Who published it [default: read from the file]."),
        click.option("--published", type=_Date(), help="When it was published (YYYY-MM-DD)."),
        click.option("--url", help="Where it was published."),
    ]):  # fmt: skip
        func = option(func)
    return func


def _read(path: Path, settings: Settings, options: dict[str, Any]) -> Any:
    from edgraph.curation.session import read_source
    from edgraph.inputs import check_file

    if not path.exists():
        raise OutputError(f"{path}: no such file")
    check_file(path, path.parent)  # a regular file: never a FIFO, a device or a folder
    with path.open("rb") as handle:
        data = handle.read(settings.curation_max_bytes + 1)
    return read_source(data, str(path), settings, **options)


def register(
    main: click.Group, data_options: Callable[..., Any], user_errors: Callable[[], Any]
) -> None:
    """Add the curation commands to ``main``."""

    @main.command()
    @click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
    def init(folder: Path) -> None:
        """Make FOLDER a project of your own to curate: edgraph's ontology and shapes, its
        reference data (countries, SDGs, regions) and an empty graph/sources/."""
        from edgraph.bundled import bundled_project

        with user_errors():
            if (folder / "graph").exists() or (folder / "ontology").exists():
                raise OutputError(f"{folder} holds a project already (graph/ or ontology/)")
            bundled = bundled_project()
            shutil.copytree(bundled / "ontology", folder / "ontology")
            shutil.copytree(bundled / "graph" / "reference", folder / "graph" / "reference")
            (folder / "graph" / "sources").mkdir(parents=True)
            (folder / ".gitignore").write_text("/.edgraph/\n")
        click.echo(f"a new project in {folder}; add an article with: edgraph add ARTICLE "
                   f"--project {folder}", err=True)  # fmt: skip

    @main.command()
    @data_options
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @_source_options
    def add(settings: Settings, file: Path, **options: Any) -> None:
        """Take an article (plain text, HTML or PDF) in for curation: its facts are proposed,
        matched against the graph, and kept in the workspace for review (edgraph curate)."""
        from edgraph.curation import session

        session.check_writable(settings)
        document = _read(file, settings, options)
        store = _built(settings)
        slug, proposed = session.add(document, store, settings)
        new = sum(1 for e in proposed.decisions.entities if e.new)
        facts = len(proposed.decisions.facts)
        click.echo(
            f"added {slug}: {document.headline!r} ({document.language}, "
            f"{len(document.paragraphs)} paragraphs); {len(proposed.decisions.entities)} "
            f"entities ({new} new), {facts} facts proposed"
        )
        click.echo(f"review it with: edgraph curate --project {settings.project_dir()} "
                   f"(then open /curate/{slug})", err=True)  # fmt: skip

    @main.command()
    @data_options
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write here instead of standard output.")  # fmt: skip
    @click.option(
        "--format", "fmt", type=click.Choice(["turtle", "json"]), default="turtle",
        show_default=True, help="turtle: a source file that builds when dropped into "
        "graph/sources/; json: the candidates with evidence and scores.",
    )  # fmt: skip
    @_source_options
    def extract(
        settings: Settings, file: Path, output: Path | None, fmt: str, **options: Any
    ) -> None:
        """Propose every fact of an article, accepted as proposed and matched against the
        project's graph, as a source file (or as JSON), without the review."""
        from edgraph.curation import session

        document = _read(file, settings, options)
        proposed = session.propose_for(document, _built(settings), settings)
        if fmt == "json":
            data = {**proposed.proposal.to_json(),
                    "reconciliation": proposed.reconciliation.to_json()}  # fmt: skip
            text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        else:
            from edgraph.curation.write import source_file

            slug = output.stem if output else session.workspace(settings).new_slug(document)
            text = source_file(session.meta(slug, document), proposed.decisions,
                               base=settings.base_iri)  # fmt: skip
        if output is None:
            sys.stdout.write(text)
            return
        try:
            from edgraph.curation.workspace import write_atomically

            write_atomically(output, text)
        except OSError as exc:
            raise OutputError(f"{output}: cannot write it ({exc.strerror})") from None
        click.echo(f"wrote {output} ({len(proposed.decisions.facts)} facts, "
                   f"{len(proposed.decisions.entities)} entities)", err=True)  # fmt: skip

    @main.command()
    @data_options
    @click.option(
        "--host",
        default="127.0.0.1",
        show_default=True,
        help="Address to listen on: 127.0.0.1 only (the curation pages change files).",
    )
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
                  help="Port to listen on (0: any free port, named when ready).")  # fmt: skip
    def curate(settings: Settings, host: str, port: int) -> None:
        """Serve the viewer with its curation pages (/curate): review the articles added,
        accept, edit, reject and add facts, and save them into graph/sources/. Listens on
        127.0.0.1 only; every change needs the page's token."""
        from edgraph.cli import _listen
        from edgraph.curation import session
        from edgraph.web import create_app
        from edgraph.web.curate import MARGIN, MEMORY
        from edgraph.web.server import serve as serve_http

        if host != "127.0.0.1":
            raise OutputError(f"edgraph curate listens on 127.0.0.1 only, not {host!r}: its "
                              "pages change the project's files")  # fmt: skip
        session.check_writable(settings)
        if settings.store_location().kind == "memory":
            raise OutputError(MEMORY)
        listening = _listen(host, port)  # before anything starts: a taken port is one line
        port = listening.getsockname()[1]
        store = _built(settings)
        app = create_app(settings=settings, store=store, warm=True, curation=True)
        click.echo(f"edgraph curation on http://127.0.0.1:{port}/curate (Ctrl+C to stop)",
                   err=True)  # fmt: skip
        serve_http(app, settings, host=host, port=port, listening=listening,
                   max_body=settings.curation_max_bytes + MARGIN)  # fmt: skip

    @main.command("import")
    @data_options
    @click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--template", type=click.Path(file_okay=False, path_type=Path),
                  help="Write the documented template (XLSX, two CSV files, README.md) into "
                  "this folder, and import nothing.")  # fmt: skip
    @click.option("--skip-invalid", is_flag=True, help="Write the valid rows and report the "
                  "others [default: nothing is written unless every row is valid].")  # fmt: skip
    @click.option("--review", is_flag=True, help="Put the import into the curation workspace "
                  "for review (edgraph curate) instead of writing graph/sources/.")  # fmt: skip
    @click.option("--check", is_flag=True, help="Read, check and reconcile every row, and "
                  "write nothing.")  # fmt: skip
    @click.option("--name", "slug", help="The source's name: graph/sources/NAME.ttl "
                  "[default: the file's name].")  # fmt: skip
    @click.option("--lang", "language", type=click.Choice(["en", "es"]), help="The language "
                  "of the sheet's names and descriptions [default: none given].")  # fmt: skip
    @click.option(
        "--progress/--no-progress",
        default=None,
        help="A progress bar on stderr [default: when stderr is a terminal].",
    )
    def import_sheet(
        settings: Settings, files: tuple[Path, ...], template: Path | None, skip_invalid: bool,
        review: bool, check: bool, slug: str | None, language: str | None,
        progress: bool | None,
    ) -> None:  # fmt: skip
        """Import a spreadsheet of organizations and partnerships in Kumu's layout: an XLSX
        workbook with an Elements and a Connections sheet, or their two CSV files (or the
        connections file alone). Every row is checked first: one invalid row and nothing is
        written (exit 2) unless --skip-invalid. The result is graph/sources/NAME.ttl, checked
        against the shapes, and the store rebuilt. See 'edgraph import --template DIR'."""
        from edgraph.curation import session

        if template is not None:
            _write_template(template)
            return
        if not 1 <= len(files) <= 2:
            raise OutputError("give one XLSX workbook, or one or two CSV files (elements and "
                              "connections); --template DIR writes an example")  # fmt: skip
        session.check_writable(settings)
        if slug is not None and slugify(slug) != slug:
            raise OutputError(f"--name {slug!r}: use lower-case letters, digits and hyphens, "
                              f"such as {slugify(slug) or 'partners-2024'!r}")  # fmt: skip
        store = _built(settings)
        from edgraph.curation.sheet import SHOWN_PROBLEMS, SheetError, import_sheets
        from edgraph.errors import printable

        show = progress if progress is not None else sys.stderr.isatty()
        try:
            with _Bar(show) as bar:
                report = import_sheets(list(files), store, settings, skip_invalid=skip_invalid,
                                       review=review, slug=slug, language=language,
                                       check=check, progress=bar)  # fmt: skip
        except SheetError as exc:
            for problem in exc.problems[:SHOWN_PROBLEMS]:
                click.echo(printable(str(problem)), err=True)
            if len(exc.problems) > SHOWN_PROBLEMS:
                click.echo(f"... and {len(exc.problems) - SHOWN_PROBLEMS:,} more", err=True)
            raise
        _print_report(report, settings, check)

    del init, add, extract, curate, import_sheet  # registered on main


def _write_template(folder: Path) -> None:
    from importlib.resources import files

    folder.mkdir(parents=True, exist_ok=True)
    names = ("partnerships.xlsx", "partnerships-elements.csv", "partnerships-connections.csv",
             "README.md")  # fmt: skip
    for name in names:
        target = folder / name
        if target.exists():
            raise OutputError(f"{target} exists already; choose another folder")
    source = files("edgraph") / "templates"
    for name in names:
        (folder / name).write_bytes((source / name).read_bytes())
    click.echo(f"wrote the template into {folder}: {', '.join(names)}", err=True)


class _Bar:
    """The import's progress bar on stderr (bytes read of the file, else rows)."""

    def __init__(self, show: bool) -> None:
        self.show, self.shown = show, 0
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.show:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="reading", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(max(0, done - self.shown))
        self.shown = max(done, self.shown)

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _print_report(report: Any, settings: Settings, check: bool) -> None:
    from edgraph.errors import printable

    where = (f"graph/sources/{report.slug}.ttl" if report.path is not None
             else f"the curation workspace as {report.slug}")  # fmt: skip
    counts = f"{report.elements:,} elements and {report.connections:,} connections"
    if check:
        valid = "some rows are invalid" if report.skipped else "every row is valid"
        click.echo(f"checked {counts} in {report.elapsed_s:.1f} s: {valid}; nothing written")
    else:
        click.echo(f"imported {counts} into {where} in {report.elapsed_s:.1f} s")
    click.echo(
        f"  entities: {report.reused:,} the graph knows, {report.new:,} new; "
        f"{report.statements:,} statements; {report.documents:,} documents cited"
    )
    if report.review:
        click.echo(f"  {len(report.review):,} new entities the graph may know already:")
        for line in report.review[:20]:
            click.echo(f"    {line}")
        if len(report.review) > 20:
            click.echo(f"    ... and {len(report.review) - 20:,} more")
    if report.skipped:
        rows = len({(p.sheet, p.row) for p in report.skipped})
        click.echo(f"  skipped {rows:,} invalid rows:", err=True)
        for problem in report.skipped:
            click.echo(f"    {printable(str(problem))}", err=True)
    if report.path is None and not check:
        click.echo(f"review it with: edgraph curate --project {settings.project_dir()} (then "
                   f"open /curate/{report.slug})", err=True)  # fmt: skip


def _built(settings: Settings) -> Any:
    """The project's store, built now when it has not been yet (curation matches against it);
    a store in memory starts empty, so it is always built."""
    from edgraph.build import build
    from edgraph.errors import StoreNotBuiltError
    from edgraph.location import store_for

    if settings.store_location().kind == "memory":
        store = store_for(settings, must_exist=False)
        build(store, settings)
        return store
    try:
        return store_for(settings)
    except StoreNotBuiltError:
        click.echo(f"no store at {settings.store_location()} yet: building it", err=True)
        store = store_for(settings, must_exist=False)
        build(store, settings)
        return store
