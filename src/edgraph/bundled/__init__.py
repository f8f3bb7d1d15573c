"""Where the bundled ``graph/`` and ``ontology/`` folders are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path


def bundled_project() -> Path:
    """The folder holding the bundled ``graph/`` and ``ontology/``.

    In an installed package they sit beside this module; in a source checkout (editable
    install) they are the top-level folders of the repository.

    >>> (bundled_project() / "ontology" / "edgraph.ttl").is_file()
    True
    """
    here = Path(__file__).resolve().parent
    if (here / "ontology").is_dir():
        return here
    return here.parents[2]
