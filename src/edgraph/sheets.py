"""Spreadsheets as edgraph reads and writes them: CSV files and XLSX workbooks as tables of
text cells, read a row at a time (UTF-8 with or without a byte-order mark, else Windows-1252 /
Latin-1; ``,``, ``;`` or tab separated; quoted newlines), and written with every cell a
spreadsheet would run as a formula escaped.

Row numbers are the spreadsheet's: the header is row 1, the first data row is row 2 (a record
with a quoted newline is one row, as a spreadsheet shows it).

>>> safe_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> unescape_cell(safe_cell("-5 partners")), safe_cell("Sol Bank")
('-5 partners', 'Sol Bank')
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from edgraph.errors import LimitError, SourceInputError

#: What a cell may start with for a spreadsheet to run it as a formula (OWASP's list): such a
#: cell is written with a leading apostrophe, which spreadsheets read as "this is text".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Kumu's layout, as edgraph reads and writes it: the sheets' names and their columns, in the
#: order written. Reading, a column is found by its name with case, spaces, hyphens and
#: underscores aside ("start_date" is "Start date"); others (Kumu's own: Image, ...) are
#: ignored. Several values in one cell (Tags, Aliases) are separated by "|", as in Kumu.
ELEMENTS = "Elements"
CONNECTIONS = "Connections"
ELEMENT_COLUMNS = (
    "Label",
    "Type",
    "Description",
    "Tags",
    "Aliases",
    "Start date",
    "End date",
    "ID",
)
CONNECTION_COLUMNS = ("From", "To", "Type", "Direction", "Role", "Start date", "End date",
                      "Source title", "Source publisher", "Source date", "Source URL",
                      "Source ID", "Paragraph")  # fmt: skip

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv"

#: Largest uncompressed size of an XLSX's parts, as a multiple of the file's own size limit:
#: a workbook is XML compressed some 5 to 20 times; a "zip bomb" is refused before it is read.
_XLSX_EXPANSION = 40
_SNIFF_BYTES = 1 << 16
_DELIMITERS = (",", ";", "\t")


def column_key(name: str) -> str:
    """A column's name as compared.

    >>> column_key(" Start_Date"), column_key("Source URL")
    ('start date', 'source url')
    """
    return " ".join(name.replace("_", " ").replace("-", " ").casefold().split())


def safe_cell(value: str) -> str:
    """``value`` as a cell no spreadsheet runs: a leading apostrophe before a formula start.

    >>> safe_cell("@SUM(A1)"), safe_cell("'plain")
    ("'@SUM(A1)", "'plain")
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unescape_cell(value: str) -> str:
    """The text :func:`safe_cell` escaped: the apostrophe before a formula start goes.

    >>> unescape_cell("'=1+1"), unescape_cell("'plain")
    ('=1+1', "'plain")
    """
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


@dataclass
class Table:
    """One sheet: its name (the XLSX sheet's, or the CSV file's stem), its header and, read
    once, its rows as (row number, cells by column name)."""

    name: str
    path: str
    header: tuple[str, ...]
    rows: Iterator[tuple[int, dict[str, str]]]
    media_type: str
    size: int  # bytes of the file it is read from (the progress bar's total)
    position: Any = None  # () -> bytes read so far, when it can tell


def read_tables(path: Path, *, max_bytes: int, max_rows: int) -> list[Table]:
    """The sheets of the CSV file or XLSX workbook at ``path``, each read as it is iterated.

    A file larger than ``max_bytes``, or a sheet of more than ``max_rows`` rows, is refused
    (:class:`~edgraph.errors.LimitError`); a file that is neither CSV nor XLSX is a
    :class:`~edgraph.errors.SourceInputError` naming it.
    """
    from edgraph.inputs import check_file

    if not path.exists():
        raise SourceInputError("no such file", path=path)
    check_file(path, path.parent)
    size = path.stat().st_size
    if size > max_bytes:
        raise LimitError(f"{path}: {size:,} bytes, larger than the {max_bytes:,} a spreadsheet "
                         "may have (setting import_max_bytes)")  # fmt: skip
    if size == 0:
        raise SourceInputError("the file is empty (0 bytes): nothing to import", path=path)
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04"):
        return _xlsx_tables(path, size, max_bytes=max_bytes, max_rows=max_rows)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise SourceInputError("not an XLSX workbook (save it as .xlsx or as CSV)", path=path)
    if not_text := binary(head):
        raise SourceInputError(f"not a text (CSV) file nor an XLSX workbook: {not_text}; "
                               "save the sheet as CSV UTF-8 or as .xlsx", path=path)  # fmt: skip
    return [_csv_table(path, size, max_rows=max_rows)]


def binary(head: bytes) -> str:
    """Why the first bytes of a file say it is no CSV text (empty when they do not): a NUL
    byte, or control characters no spreadsheet writes in text. Latin-1 decodes any byte, so
    without this a program or an image would be read as a sheet of nonsense.

    >>> binary(b"From,To\\r\\nSol,Luna\\n"), binary(b"\\x7fELF\\x02\\x01\\x00")
    ('', 'it holds NUL bytes (a binary file)')
    >>> binary(b"\\xff\\xfeF\\x00r\\x00")
    'it is UTF-16 text'
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "it is UTF-16 text"
    if b"\x00" in head:
        return "it holds NUL bytes (a binary file)"
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f")
    if controls > max(2, len(head) // 100):
        return f"{controls:,} control characters in its first {len(head):,} bytes (a binary file)"
    return ""


# --- CSV ------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """The encoding the CSV file at ``path`` is in: ``utf-8-sig`` (with or without its BOM)
    when every byte decodes as UTF-8, else ``cp1252`` (Excel's "CSV" on Windows), else
    ``latin-1``, which decodes anything. Read in chunks: a large file is not held whole."""
    decoders = {name: codecs.getincrementaldecoder(name)() for name in ("utf-8", "cp1252")}
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            for name, decoder in list(decoders.items()):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    del decoders[name]
            if not decoders:
                return "latin-1"
    for name, decoder in list(decoders.items()):
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            del decoders[name]
    return "utf-8-sig" if "utf-8" in decoders else ("cp1252" if decoders else "latin-1")


def sniff_delimiter(first_line: str) -> str:
    """The separator of a header line: whichever of ``,`` ``;`` and tab splits it into the
    most columns (a comma on a tie), quotes respected.

    >>> sniff_delimiter('Label;Type;"Description, long"'), sniff_delimiter("From,To,Type")
    (';', ',')
    """
    best, count = ",", 1
    for delimiter in _DELIMITERS:
        fields = next(csv.reader([first_line], delimiter=delimiter), [])
        if len(fields) > count:
            best, count = delimiter, len(fields)
    return best


def _csv_table(path: Path, size: int, *, max_rows: int) -> Table:
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        first = handle.readline()
    delimiter = sniff_delimiter(first.rstrip("\r\n"))
    handle = path.open("r", encoding=encoding, newline="")
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = tuple(_header(next(reader, [])))
    except csv.Error as exc:
        handle.close()
        raise SourceInputError(f"row 1: {exc}", path=path) from None
    raw: Any = handle.buffer

    def position() -> int:
        """How far the reading is, for the progress bar: all of it once the file is closed."""
        return size if raw.closed else int(raw.tell())

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        number = 1
        try:
            for record in reader:
                number += 1
                if number - 1 > max_rows:
                    raise LimitError(f"{path}: more than {max_rows:,} rows (setting "
                                     "import_max_rows)")  # fmt: skip
                if not any(cell.strip() for cell in record):
                    continue
                yield number, _cells(header, record)
        except csv.Error as exc:
            raise SourceInputError(f"row {number + 1}: {exc}", path=path) from None
        finally:
            handle.close()

    return Table(path.stem, str(path), header, rows(), CSV_MEDIA_TYPE, size,
                 position=position)  # fmt: skip


def _header(cells: Sequence[str]) -> list[str]:
    return [" ".join(cell.replace("\ufeff", "").split()) for cell in cells]


def _cells(header: Sequence[str], record: Sequence[Any]) -> dict[str, str]:
    cells: dict[str, str] = {}
    for name, value in zip(header, record, strict=False):
        if name and name not in cells:
            cells[name] = unescape_cell(_text(value))
    return cells


def _text(value: Any) -> str:
    """A cell's value as text: dates as ISO 8601, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).replace("\r\n", "\n").strip()  # a CRLF file's quoted line ends


# --- XLSX -----------------------------------------------------------------------------------


def _xlsx_tables(path: Path, size: int, *, max_bytes: int, max_rows: int) -> list[Table]:
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SourceInputError(f"not an XLSX workbook ({exc})", path=path) from None
    if expanded > max_bytes * _XLSX_EXPANSION:
        raise LimitError(f"{path}: the workbook expands to {expanded:,} bytes, more than "
                         f"{_XLSX_EXPANSION} times the setting import_max_bytes")  # fmt: skip
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise SourceInputError(f"not a readable XLSX workbook ({exc})", path=path) from None
    tables = []
    for sheet in book.worksheets:
        values = sheet.iter_rows(values_only=True)
        header = tuple(_header([_text(v) for v in next(values, ())]))
        while header and not header[-1]:
            header = header[:-1]
        tables.append(Table(sheet.title, str(path), header,
                            _xlsx_rows(sheet.title, path, header, values, max_rows),
                            XLSX_MEDIA_TYPE, size))  # fmt: skip
    return tables


def _xlsx_rows(
    name: str, path: Path, header: tuple[str, ...], values: Iterator[tuple[Any, ...]],
    max_rows: int,
) -> Iterator[tuple[int, dict[str, str]]]:  # fmt: skip
    number = 1
    for record in values:
        number += 1
        if number - 1 > max_rows:
            raise LimitError(f"{path}: sheet {name} has more than {max_rows:,} rows (setting "
                             "import_max_rows)")  # fmt: skip
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in record):
            continue
        yield number, _cells(header, record)


# --- writing --------------------------------------------------------------------------------


def write_csv(output: IO[str], header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A CSV table, UTF-8 text with ``,`` separators and every cell through :func:`safe_cell`.

    >>> out = io.StringIO()
    >>> write_csv(out, ["Label"], [["=cmd|' /C calc'!A0"]])
    >>> print(out.getvalue(), end="")
    Label
    '=cmd|' /C calc'!A0
    """
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in header])
    for row in rows:
        writer.writerow([safe_cell(str(c)) for c in row])


def write_xlsx(
    output: IO[bytes], sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[str]]]]
) -> None:
    """An XLSX workbook of ``sheets`` (name, header, rows), streamed (openpyxl's write-only
    mode), every cell a string through :func:`safe_cell` (openpyxl would store a string that
    starts with ``=`` as a formula)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for name, header, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.append([safe_cell(c) for c in header])
        for row in rows:
            sheet.append([safe_cell(str(c)) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    output.write(_deterministic_zip(buffer.getvalue()))


def _deterministic_zip(data: bytes) -> bytes:
    """The same workbook with every member's time set to one date: openpyxl stamps the time of
    writing in docProps/core.xml and the zip entries, so the same data would differ by byte."""
    import re

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<",
                                 rb"<dcterms:\1\2>2000-01-01T00:00:00Z<", content)  # fmt: skip
            member = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, content)
    return out.getvalue()
