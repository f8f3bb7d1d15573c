"""The one error hierarchy: every error a user can cause, with its HTTP status and CLI exit code.

Adapters translate these once (the CLI into one line on stderr and ``exit_code``, the web layer
into ``status``). Anything that is not an :class:`EdgraphError` is a bug and stays a 500.
"""

from __future__ import annotations

from pathlib import Path


class EdgraphError(Exception):
    """Base class of every error a user can cause and act on."""

    status: int = 500
    exit_code: int = 2


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
        where = self.path if line is None else f"{self.path}:{line}:{column or 1}"
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


class UnsupportedFormatError(EdgraphError, ValueError):
    """A file suffix, media type or format name that edgraph cannot read or write."""

    status = 415


class NotAcceptableError(UnsupportedFormatError):
    """No format that a client accepts can carry the result (HTTP 406)."""

    status = 406


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
