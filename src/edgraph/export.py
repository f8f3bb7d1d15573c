"""Serializations of the store: the whole dataset with its named graphs."""

from __future__ import annotations

from typing import IO

from edgraph import formats
from edgraph.errors import UnsupportedFormatError
from edgraph.store import Store

#: Formats that keep named graphs, and so can carry the whole dataset.
DATASET_FORMATS = tuple(
    f.name for f in formats.of_kind("graph") if f.datasets and f.name != "jsonld"
)


def export_dataset(store: Store, fmt_name: str, output: IO[bytes]) -> None:
    """Write every quad of ``store`` to ``output`` in a format that keeps named graphs.

    >>> import io
    >>> from edgraph.store import EmbeddedStore
    >>> buffer = io.BytesIO()
    >>> export_dataset(EmbeddedStore.in_memory(), "nquads", buffer)
    >>> buffer.getvalue()
    b''
    >>> export_dataset(EmbeddedStore.in_memory(), "turtle", buffer)
    Traceback (most recent call last):
    ...
    edgraph.errors.UnsupportedFormatError: turtle cannot hold named graphs; use one of trig, nquads
    """
    fmt = formats.by_name(fmt_name)
    if fmt.name not in DATASET_FORMATS:
        raise UnsupportedFormatError(
            f"{fmt.name} cannot hold named graphs; use one of {', '.join(DATASET_FORMATS)}"
        )
    store.dump(output, fmt)
