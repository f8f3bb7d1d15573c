"""Where a store lives, read once from what a person wrote (``--store``, ``EDGRAPH_STORE``, the
per-project default), and the store opened there: in memory, a folder of the embedded store,
or a remote SPARQL server.

>>> StoreLocation.parse("memory").kind
'memory'
>>> StoreLocation.parse("sparql+http://127.0.0.1:7878/query").endpoint
'http://127.0.0.1:7878/query'
>>> StoreLocation.parse("http://127.0.0.1:7878/query")
Traceback (most recent call last):
...
edgraph.errors.StoreError: the store http://127.0.0.1:7878/query is a URL, not a folder: ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from edgraph.errors import StoreError

if TYPE_CHECKING:
    from edgraph.settings import Settings
    from edgraph.store import Store

#: How a remote store is named: its query endpoint, behind one of these.
SCHEMES = ("sparql+http://", "sparql+https://")
#: A location that starts like a URL (``scheme://``).
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class StoreLocation:
    """A store's location: ``kind`` says which of the three it is; ``text`` is as written."""

    text: str
    kind: Literal["memory", "folder", "remote"]

    @classmethod
    def parse(cls, text: str | Path | StoreLocation) -> StoreLocation:
        """Read ``text``; a URL that is not a remote store's is refused (it would have made a
        folder named ``http:``), saying what to write."""
        if isinstance(text, StoreLocation):
            return text
        text = str(text)
        if text == "memory":
            return cls(text, "memory")
        if text.lower().startswith(SCHEMES):
            return cls(text, "remote")
        if _URL.match(text):
            scheme = text.split(":", 1)[0].lower()
            if f"sparql+{scheme}://" in SCHEMES:
                advice = f"for a remote SPARQL server, write sparql+{text}"
            else:
                advice = f"name a folder, 'memory', or a SPARQL server as {' or '.join(SCHEMES)}..."
            raise StoreError(f"the store {text} is a URL, not a folder: {advice}")
        return cls(text, "folder")

    @property
    def folder(self) -> Path:
        """The folder of an embedded store on disk."""
        if self.kind != "folder":
            raise ValueError(f"{self.text} is not a folder")
        return Path(self.text)

    @property
    def endpoint(self) -> str:
        """The query endpoint of a remote store (without ``sparql+``)."""
        if self.kind != "remote":
            raise ValueError(f"{self.text} is not a remote store")
        return self.text[len("sparql+") :]

    def __str__(self) -> str:
        return self.text


def open_store(
    location: str | Path | StoreLocation,
    *,
    must_exist: bool = True,
    settings: Settings | None = None,
) -> Store:
    """The store at ``location`` (the ``remote_*`` settings configure a remote one).

    >>> open_store("memory").named_graphs()
    []
    """
    where = StoreLocation.parse(location)
    if where.kind == "remote":
        from edgraph.remote import RemoteStore

        return RemoteStore.open(where.text, settings, must_exist=must_exist)
    from edgraph.store import EmbeddedStore

    return EmbeddedStore.open(where.text, must_exist=must_exist)


def store_for(settings: Settings, *, must_exist: bool = True) -> Store:
    """The store the settings name."""
    return open_store(settings.store_location(), must_exist=must_exist, settings=settings)
