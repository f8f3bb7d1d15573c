"""Data files as a build reads them: which files may be read, what their content may not do,
and where in a file a problem lies, so that every refusal names the file, line and column.

Every file a build loads goes through :func:`load`, and every store a build fills through
:func:`check_literals`, whatever the store.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from edgraph.errors import DataError, DataSyntaxError, StoreError
from edgraph.formats import Format
from edgraph.namespaces import XSD, shorten


@dataclass(frozen=True)
class GraphInput:
    """One file to load into one named graph."""

    graph: str  # IRI of the named graph
    path: Path
    format: Format
    rewrite: tuple[str, str] | None = None  # move IRIs under the first base to the second


#: What pyoxigraph's Turtle-family and JSON parsers hold of one token at most; a longer token
#: ends the parse with a MemoryError that says so.
PARSER_TOKEN_LIMIT = 16 * 1024 * 1024

#: The datatypes whose values the store reads (and so compares, sorts and computes with): a
#: literal of one of them whose text the store cannot read is ill-typed. The store's own cast
#: to each datatype decides.
CHECKED_DATATYPES = (
    "boolean", "integer", "decimal", "float", "double", "date", "time", "dateTime", "duration",
    "yearMonthDuration", "dayTimeDuration", "gYear", "gYearMonth", "gMonthDay", "gDay", "gMonth",
)  # fmt: skip


def check_file(path: Path, root: Path) -> None:
    """Refuse, as a data file of the project in ``root``, anything but a regular file inside it:
    a FIFO would hang the build and a device never end; a link leading out of the project
    would publish a file from elsewhere.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "a.ttl").symlink_to("/dev/null")
    >>> check_file(root / "a.ttl", root)
    Traceback (most recent call last):
    ...
    edgraph.errors.DataError: /...a.ttl: a link to /dev/null, outside the project ...
    """
    real = path.resolve()
    if not real.is_relative_to(root.resolve()):
        raise DataError(
            f"a link to {real}, outside the project {root}: a build reads only the project's own "
            "files (copy the file into the project instead)",
            path=path,
        )
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise DataError(f"cannot read this file ({exc.strerror})", path=path) from None
    _check_regular(mode, path)


def open_data_file(path: Path) -> IO[bytes]:
    """``path`` opened for reading, refused unless it is a regular file when opened (so that a
    file swapped for a FIFO since it was listed cannot hang the build either)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise DataError(f"cannot read this file ({exc.strerror})", path=path) from None
    try:
        _check_regular(os.fstat(fd).st_mode, path)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _check_regular(mode: int, path: Path) -> None:
    if stat.S_ISREG(mode):
        return
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISDIR, "a folder"))  # fmt: skip
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    raise DataError(f"{kind}, not a regular file: a build reads only regular files", path=path)


def load(target: ox.Store, item: GraphInput, advance: Callable[[int], None]) -> None:
    """Parse ``item`` into its named graph of ``target``, calling ``advance`` with each number
    of bytes read. A failure names the file and, whenever it can be found, line and column."""
    graph = ox.NamedNode(item.graph)
    fmt = item.format.rdf_format()
    handle = open_data_file(item.path)
    reader = _Reader(handle, item.path, advance, refuse_entities=item.format.name == "rdfxml")
    try:
        with handle:
            source = cast(IO[bytes], reader)
            if item.rewrite is None:
                target.bulk_load(source, fmt, to_graph=graph)
            else:
                target.bulk_extend(rewritten(ox.parse(source, fmt), graph, *item.rewrite))
    except SyntaxError as exc:
        line, column = (None, None) if exc.lineno else _failure_position(item)
        raise DataSyntaxError.from_parser(exc, path=item.path, line=line, column=column) from None
    except MemoryError as exc:
        if "buffer maximal size" not in str(exc):
            raise  # the machine's memory, not the file's
        raise _token_too_long(item, reader.offset) from None
    except OSError as exc:  # the file was read (see _Reader): the store's write failed
        raise StoreError(f"cannot write the store (is the disk full?): {exc}") from None


def rewritten(
    quads: Iterable[ox.Quad], graph: ox.NamedNode, old: str, new: str
) -> Iterator[ox.Quad]:
    """``quads`` in ``graph``, with every IRI under ``old`` moved under ``new``."""

    def move(
        term: ox.NamedNode | ox.BlankNode | ox.Literal,
    ) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, ox.NamedNode) and term.value.startswith(old):
            return ox.NamedNode(new + term.value[len(old) :])
        return term

    for q in quads:
        yield ox.Quad(move(q.subject), move(q.predicate), move(q.object), graph)  # type: ignore[arg-type]


class _Reader:
    """A data file as its parser reads it: reports how much has been read, and refuses an XML
    entity declaration before the parser sees it.

    pyoxigraph's RDF/XML parser expands the entities of a document type declaration as it
    reads them, without a bound, so that a few lines of nested entities make gigabytes (the
    "billion laughs"). It looks for them as the text ``<!ENTITY`` anywhere in the declaration;
    refusing that text anywhere in the file refuses every declaration it would expand."""

    _MARK = b"<!ENTITY"

    def __init__(
        self, handle: IO[bytes], path: Path, report: Callable[[int], None], *,
        refuse_entities: bool,
    ) -> None:  # fmt: skip
        self._handle = handle
        self._path = path
        self._report = report
        self._refuse = refuse_entities
        self._tail = b""  # the end of the last chunk, for a mark split between two chunks
        self.offset = 0  # bytes handed to the parser

    def read(self, size: int = -1) -> bytes:
        try:
            chunk = self._handle.read(size)
        except OSError as exc:
            raise DataError(f"cannot read this file ({exc.strerror})", path=self._path) from None
        self._passed(chunk)
        return chunk

    def readinto(self, buffer: bytearray) -> int:
        try:
            count = cast(int, self._handle.readinto(buffer))  # type: ignore[attr-defined]
        except OSError as exc:
            raise DataError(f"cannot read this file ({exc.strerror})", path=self._path) from None
        self._passed(memoryview(buffer)[:count].tobytes() if self._refuse else b"", count)
        return count

    def readable(self) -> bool:
        return True

    def _passed(self, chunk: bytes, count: int | None = None) -> None:
        if self._refuse:
            window = self._tail + chunk
            found = window.find(self._MARK)
            if found >= 0:
                line, column = position_of(self._path, self.offset - len(self._tail) + found)
                raise DataError(
                    "an XML entity declaration (<!ENTITY): edgraph refuses them, since a few "
                    "nested ones expand to gigabytes; write out the text they stand for",
                    path=self._path, line=line, column=column,
                )  # fmt: skip
            self._tail = window[-(len(self._MARK) - 1) :]
        count = len(chunk) if count is None else count
        self.offset += count
        self._report(count)


def position_of(path: Path, offset: int) -> tuple[int, int]:
    """Line and column (from 1, in characters) of the byte at ``offset`` in the file."""
    line, line_start, read = 1, b"", 0
    with path.open("rb") as handle:
        while read < offset:
            chunk = handle.read(min(1 << 20, offset - read))
            if not chunk:
                break
            read += len(chunk)
            newlines = chunk.count(b"\n")
            if newlines:
                line += newlines
                line_start = chunk[chunk.rindex(b"\n") + 1 :]
            else:
                line_start += chunk
    return line, len(line_start.decode("utf-8", "replace")) + 1


class _Lines:
    """A file fed to a parser one line at a time (from line ``slow`` on, one byte at a time), so
    that what has been read when the parser yields or fails says where in the file it is. It
    keeps the lines read since the parser last yielded: where a statement it yields is written.
    """

    def __init__(self, handle: IO[bytes], slow: int | None = None) -> None:
        self._handle = handle
        self._slow = slow
        self.lines = [bytearray()]  # the lines kept; the last one is being read
        self.first = 1  # line number of lines[0]
        self.last_line = 1  # the line of the last byte read
        self._yielded = False

    def read(self, size: int = -1) -> bytes:
        if self._yielded:  # keep from the line the parser was on when it yielded
            del self.lines[: self.last_line - self.first]
            self.first = self.last_line
            self._yielded = False
        limit = size if size > 0 else 1 << 16
        if self._slow is not None and self.first + len(self.lines) - 1 >= self._slow:
            limit = 1
        chunk = self._handle.readline(limit)
        if chunk:
            self.last_line = self.first + len(self.lines) - 1
            self.lines[-1] += chunk
            if chunk.endswith(b"\n"):
                self.lines.append(bytearray())
        return chunk

    def readable(self) -> bool:
        return True

    def yielded(self) -> None:
        self._yielded = True

    @property
    def last_column(self) -> int:
        """The column of the last byte read."""
        line = bytes(self.lines[self.last_line - self.first]).rstrip(b"\n")
        return max(1, len(line.decode("utf-8", "replace")))

    def find(self, value: str) -> tuple[int, int] | None:
        """Where the literal ``value`` starts among the lines kept: its opening quote, or for an
        element's text (RDF/XML) its first character. Only the part of the value before any
        character that a format may escape is looked for."""
        stop = next((i for i, c in enumerate(value) if c in "\\\"'<>&\n\r\t"), len(value))
        start = value[: min(stop, 200)].encode()
        text = b"".join(self.lines)
        hits = [(text.find(mark + start), skip) for mark, skip in ((b'"', 0), (b"'", 0), (b">", 1))]
        found = [at + skip for at, skip in hits if at >= 0]
        if not found:
            return None
        at = min(found)
        while at > 0 and text[at - 1 : at] == text[at : at + 1] in (b'"', b"'"):
            at -= 1  # the first quote of a long string's three
        line = self.first + text.count(b"\n", 0, at)
        line_start = text.rfind(b"\n", 0, at) + 1
        return line, len(text[line_start:at].decode("utf-8", "replace")) + 1


def _failure_position(item: GraphInput) -> tuple[int | None, int | None]:
    """Where the parser fails on ``item``, for the errors it gives without a position (RDF/XML,
    JSON-LD): the file is read again a line at a time to find the line, then that line a byte
    at a time to find the column at which the parser stops."""
    failed = _parse_until_failure(item, slow=None)
    if failed is None:
        return None, None
    again = _parse_until_failure(item, slow=failed.last_line)
    if again is None or again.last_line != failed.last_line:
        return failed.last_line, None
    return again.last_line, again.last_column


def _parse_until_failure(item: GraphInput, *, slow: int | None) -> _Lines | None:
    with open_data_file(item.path) as handle:
        reader = _Lines(handle, slow)
        try:
            for _ in ox.parse(cast(IO[bytes], reader), item.format.rdf_format()):
                reader.yielded()
        except SyntaxError:
            return reader
        except (MemoryError, DataError):
            return None
    return None


def _token_too_long(item: GraphInput, offset: int) -> DataSyntaxError:
    """The parser gave up on a token longer than it holds, after reading ``offset`` bytes. The
    file cut just before that point ends inside the token, and the parser says where an
    unfinished token starts."""
    limit = f"{PARSER_TOKEN_LIMIT // (1024 * 1024)} MiB"
    with open_data_file(item.path) as handle:
        cut = _Cut(handle, offset - 1)
        try:
            for _ in ox.parse(cast(IO[bytes], cut), item.format.rdf_format()):
                pass
        except SyntaxError as exc:
            # "Unexpected end of file" from the token's start to the cut: the token's place.
            spans = (exc.end_lineno, exc.end_offset) != (exc.lineno, exc.offset)
            if exc.lineno is not None and spans and "end" in (exc.msg or "").lower():
                return DataSyntaxError(
                    f"this token (a literal, IRI or name) is longer than {limit}, the most the "
                    "parser holds; shorten it",
                    path=item.path, line=exc.lineno, column=exc.offset,
                )  # fmt: skip
        except MemoryError:
            pass
    line, column = position_of(item.path, offset)
    return DataSyntaxError(
        f"reading stopped here, inside a token (a literal, IRI or name) longer than {limit}, "
        "the most the parser holds; shorten it",
        path=item.path, line=line, column=column,
    )  # fmt: skip


class _Cut:
    """The first ``size`` bytes of a file."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        self._handle, self._left = handle, max(size, 0)

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(self._left if size < 0 else min(size, self._left))
        self._left -= len(chunk)
        return chunk

    def readable(self) -> bool:
        return True


def check_literals(store: ox.Store, inputs: Sequence[GraphInput], max_chars: int) -> None:
    """Refuse the first literal that the store cannot read as a value of its datatype (such as
    ``"2025-13-45"^^xsd:date``, which every date comparison would skip in silence) or that is
    longer than ``max_chars``, naming the file, line and column where it is written."""
    found: dict[str, list[tuple[ox.NamedNode, ox.Literal, bool]]] = {}
    solutions = cast(ox.QuerySolutions, store.query(_literal_check(max_chars)))
    for graph, predicate, literal, long in solutions:
        found.setdefault(graph.value, []).append((predicate, literal, long.value == "true"))
    for item in inputs:
        if item.graph in found:
            raise _literal_error(item, found[item.graph], max_chars)


def _literal_check(max_chars: int) -> str:
    """The query of :func:`check_literals`: one scan of every literal, casting each one of the
    checked datatypes to its datatype (a cast that fails leaves ``?value`` unbound)."""
    cast_expression = '"other"'
    for name in reversed(CHECKED_DATATYPES):
        cast_expression = f"IF(?t = <{XSD}{name}>, <{XSD}{name}>(STR(?o)), {cast_expression})"
    return f"""SELECT ?g ?p ?o ?long WHERE {{
        GRAPH ?g {{ ?s ?p ?o }} FILTER(isLiteral(?o))
        BIND(DATATYPE(?o) AS ?t) BIND({cast_expression} AS ?value)
        BIND(STRLEN(STR(?o)) > {int(max_chars)} AS ?long)
        FILTER(?long || !BOUND(?value))
    }} LIMIT 1000"""


def _literal_error(
    item: GraphInput, faults: list[tuple[ox.NamedNode, ox.Literal, bool]], max_chars: int
) -> DataError:
    """The first of ``faults`` in the order of the file, as an error at its place in it."""
    wanted = {(p, o): long for p, o, long in faults}
    graph = ox.NamedNode(item.graph)
    line: int | None = None
    column: int | None = None
    predicate, literal = faults[0][:2]
    with open_data_file(item.path) as handle:
        reader = _Lines(handle)
        quads = ox.parse(cast(IO[bytes], reader), item.format.rdf_format())
        if item.rewrite is not None:
            quads = rewritten(quads, graph, *item.rewrite)  # type: ignore[assignment]
        for quad in quads:
            key = (quad.predicate, quad.object)
            if key in wanted:
                predicate, literal = key
                line, column = reader.find(literal.value) or (reader.last_line, None)
                break
            reader.yielded()
    if wanted[(predicate, literal)]:
        message = (
            f"a literal of {len(literal.value):,} characters (value of {shorten(predicate.value)}"
            f"): longer than literal_max_chars ({max_chars:,}), the longest a build accepts"
        )
    else:
        text = literal.value if len(literal.value) <= 60 else literal.value[:59] + "…"
        message = (
            f'"{text}" is not a valid {shorten(literal.datatype.value)} '
            f"(value of {shorten(predicate.value)})"
        )
    return DataError(message, path=item.path, line=line, column=column)
