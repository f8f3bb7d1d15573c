"""The one error hierarchy: every error a user can cause, with its HTTP status and CLI exit code.

Adapters translate these once (the CLI into one line on stderr and ``exit_code``, the web layer
into ``status``). Anything that is not an :class:`EdgraphError` is a bug and stays a 500.
"""

from __future__ import annotations

import re
from pathlib import Path

#: What must not reach a terminal as it is: control characters (NUL, escape, line breaks, ...),
#: the marks that reorder a line (bidirectional overrides) and lone surrogates (bytes of a file
#: name that are not UTF-8, which would make printing fail).
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def printable(text: str) -> str:
    r"""``text`` with every character that could control a terminal written as an escape, so that
    a message quoting input stays one line that shows what the input holds.

    >>> print(printable("a\x00b\x1b[31m\nc\u202e"))
    a\x00b\x1b[31m\nc\u202e
    >>> printable("Escola Pequena, São Paulo")
    'Escola Pequena, São Paulo'
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class EdgraphError(Exception):
    r"""Base class of every error a user can cause and act on.

    Its message is made printable (:func:`printable`) however it was put together, since
    messages quote input: file names, lines of data, queries.

    >>> str(EdgraphError("bad name 'x\x00y'"))
    "bad name 'x\\x00y'"
    """

    status: int = 500
    exit_code: int = 2

    def __str__(self) -> str:
        # Exception's own text, not SyntaxError's (which appends "(file, line N)" again).
        return printable(Exception.__str__(self))


class SettingsError(EdgraphError, ValueError):
    """A setting has a value that cannot be used (unknown name, wrong type, unreadable file)."""

    status = 500


class DataError(EdgraphError):
    """Input data that cannot be loaded. The message names the file, line and column."""

    status = 400

    def __init__(
        self, message: str, *, path: Path | str, line: int | None = None, column: int | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        where = self.path if line is None else f"{self.path}:{line}"
        where += "" if line is None or column is None else f":{column}"
        super().__init__(f"{where}: {message}")


class DataSyntaxError(DataError, SyntaxError):
    """A data file is not valid in its format (a syntax error, an undeclared prefix, ...)."""

    def __init__(
        self, message: str, *, path: Path | str, line: int | None = None, column: int | None = None
    ) -> None:
        DataError.__init__(self, message, path=path, line=line, column=column)
        # SyntaxError's own fields, so tools that know SyntaxError read the position too.
        self.filename = self.path
        self.lineno = line
        self.offset = column
        self.msg = str(self)

    @classmethod
    def from_parser(
        cls,
        exc: SyntaxError,
        *,
        path: Path | str,
        line: int | None = None,
        column: int | None = None,
    ) -> DataSyntaxError:
        """pyoxigraph's error, with its position said once: its own when it has one, else
        ``line`` and ``column`` (found by the caller).

        >>> import pyoxigraph as ox
        >>> try:
        ...     list(ox.parse(b"@prefix ex: <http://e/> .\\nex:a nope:b .", ox.RdfFormat.TURTLE))
        ... except SyntaxError as exc:
        ...     print(DataSyntaxError.from_parser(exc, path="a.ttl"))
        a.ttl:2:6: The prefix nope: has not been declared
        """
        message = _PARSER_POSITION.sub("", exc.msg or Exception.__str__(exc))
        if exc.lineno is not None:
            line, column = exc.lineno, exc.offset
        return cls(message, path=path, line=line, column=column)


#: How pyoxigraph starts a message that has a position ("Parser error at line 2 between
#: columns 6 and 14: "); the position is given by the error's fields instead.
_PARSER_POSITION = re.compile(r"^Parser error (?:at|between) [^:]*: ")


class UnsupportedFormatError(EdgraphError, ValueError):
    """A file suffix, media type or format name that edgraph cannot read or write."""

    status = 415


class NotAcceptableError(UnsupportedFormatError):
    """No format that a client accepts can carry the result (HTTP 406)."""

    status = 406


class ListenError(EdgraphError):
    """The viewer cannot listen where asked: the port is taken, the host unknown, no permission."""


class OutputError(EdgraphError):
    """A result cannot be written where the user asked (a full disk, a missing folder)."""


class StoreError(EdgraphError):
    """The store cannot be used as asked."""

    status = 503


class StoreNotBuiltError(StoreError):
    """No store has been built at the location yet."""


class StoreUnavailableError(StoreError):
    """A remote store that cannot be reached (refused, gone, too slow): try again later."""


class RemoteStoreError(StoreError):
    """A remote store answered with an error of its own (HTTP 502: the fault is upstream)."""

    status = 502

    def __init__(self, message: str, http_status: int | None = None) -> None:
        super().__init__(message)
        self.http_status = http_status  # what the remote store answered


class StoreBusyError(StoreError):
    """Another build holds the store's lock."""

    status = 409


class QuerySyntaxError(EdgraphError, SyntaxError):
    """A SPARQL query that does not parse."""

    status = 400


class QueryRefusedError(EdgraphError):
    """A query that parses but is not allowed: an update, SERVICE off the allow-list, a graph
    that is not in the store."""

    status = 400


class ProtocolError(EdgraphError):
    """A request the SPARQL 1.1 Protocol does not allow (a POST that carries no query)."""

    status = 400


class LimitError(EdgraphError):
    """A query stopped, or not started, because it hit a limit (time, memory, length, busy)."""

    status = 503
    exit_code = 3


class BusyError(LimitError):
    """Refused before it started, to keep the server answering: the query workers and their
    queue are taken, or this client already has its share of them (HTTP 503 with
    ``Retry-After``: the seconds after which trying again makes sense)."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueryTooLongError(LimitError):
    """A query longer than the length limit; refused before it runs."""

    status = 413


class ParameterError(EdgraphError, ValueError):
    """Request parameters that cannot be used as given: more values than a page takes, a value
    longer than any it could match."""

    status = 400


class NotFoundError(EdgraphError, LookupError):
    """The dataset says nothing about the resource asked for."""

    status = 404


class SourceInputError(EdgraphError, ValueError):
    """A document offered for curation that cannot be read: binary, empty, of an unsupported
    language or format. The message names the file and says what to do."""

    status = 400

    def __init__(self, message: str, *, path: Path | str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


class UnsupportedLanguageError(SourceInputError):
    """A document in a language the extractor has no patterns for."""

    status = 422

    def __init__(self, message: str, *, path: Path | str, detected: str) -> None:
        super().__init__(message, path=path)
        self.detected = detected  # the language tag detection gave (or the caller asked for)


class SourceTooLargeError(LimitError, SourceInputError):
    """A document larger than the size limit the caller set; refused before it is parsed."""

    status = 413
    exit_code = 3

    def __init__(self, message: str, *, path: Path | str) -> None:
        SourceInputError.__init__(self, message, path=path)


def broken_answer(exc: SyntaxError) -> EdgraphError:
    """An answer that stops parsing half-way, which only a remote server's can: Oxigraph, when
    its own time limit (``--timeout-s``) stops a query, ends the body with a note saying so."""
    text = str(exc)
    if "cancel" in text.lower() or "timeout" in text.lower():
        return LimitError(f"the remote store stopped the query at its own time limit: {text}")
    return RemoteStoreError(f"the remote store's answer could not be read: {text}")
