"""A release: one versioned folder with every dump, the network files, the dataset description,
a CITATION.cff and SHA256SUMS, ready to deposit (Zenodo, a repository) and cite."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from edgraph import formats
from edgraph.describe import (
    SPDX_IDS,
    Distribution,
    count,
    describe,
    dump_names,
    file_checksum,
    write_description,
)
from edgraph.errors import OutputError
from edgraph.settings import Settings
from edgraph.store import Store

_GRAPHML, _GEXF, _TABLES = (formats.by_name(n, "network") for n in ("graphml", "gexf", "csv"))
#: The network's files in a release: name, media type, title.
NETWORK_FILES = (
    (f"network{_GRAPHML.suffixes[0]}", _GRAPHML.media_type,
     f"Partnership network ({_GRAPHML.label})"),
    (f"network{_GEXF.suffixes[0]}", _GEXF.media_type,
     f"Partnership network ({_GEXF.label}, with time spells)"),
    (f"network-nodes{_TABLES.suffixes[0]}", _TABLES.media_type, "Partnership network: node table"),
    (f"network-edges{_TABLES.suffixes[0]}", _TABLES.media_type, "Partnership network: edge table"),
)  # fmt: skip


@dataclass(frozen=True)
class Release:
    folder: Path
    version: str
    files: list[tuple[str, int, str]]  # name, bytes, sha256


def make_release(
    store: Store, settings: Settings, parent: Path, *, url: str | None = None
) -> Release:
    """Write ``parent/edgraph-dataset-<version>/``; it is built beside and renamed into place
    when complete, and an existing release is never overwritten. ``url`` is where the folder
    will be published (the distributions' download URLs); default: under the base IRI."""
    from edgraph import __version__
    from edgraph.analysis import stored_measures
    from edgraph.catalog import Catalog
    from edgraph.export import write_csv_tables, write_network
    from edgraph.network import attach_measures, partnership_network

    version = settings.dataset_version or __version__
    target = parent / f"edgraph-dataset-{version}"
    if target.exists():
        raise OutputError(f"{target} already exists; a release is never overwritten")
    prefix = (url or f"{settings.base_iri}release/{version}/").rstrip("/") + "/"
    partial = parent / f".{target.name}.partial"
    try:
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        distributions = []
        for fmt_name, name in dump_names():
            fmt = formats.by_name(fmt_name)
            with (partial / name).open("wb") as handle:
                store.dump(handle, fmt)
            title = f"Dataset ({fmt.label}{', with named graphs' if fmt.datasets else ''})"
            distributions.append((name, fmt.media_type, title))
        catalog = Catalog.load(store)
        network = partnership_network(store, catalog)
        attach_measures(network, stored_measures(store, settings.base_iri))
        for network_format in (_GRAPHML, _GEXF):
            with (partial / f"network{network_format.suffixes[0]}").open("wb") as handle:
                write_network(network, catalog, network_format.name, handle)
        nodes_path = partial / f"network-nodes{_TABLES.suffixes[0]}"
        edges_path = partial / f"network-edges{_TABLES.suffixes[0]}"
        with (
            nodes_path.open("w", encoding="utf-8", newline="") as nodes,
            edges_path.open("w", encoding="utf-8", newline="") as edges,
        ):
            write_csv_tables(network, nodes, edges)
        distributions += NETWORK_FILES
        described = [
            Distribution(prefix + name, media, title, *file_checksum(partial / name))
            for name, media, title in distributions
        ]
        triples = describe(settings, count(store), distributions=described)
        with (partial / "void.ttl").open("wb") as handle:
            write_description(triples, "turtle", handle)
        (partial / "CITATION.cff").write_text(citation(settings, version, prefix), encoding="utf-8")
        names = sorted(p.name for p in partial.iterdir())
        sums = {name: file_checksum(partial / name) for name in names}
        (partial / "SHA256SUMS").write_text(
            "".join(f"{sums[name][1]}  {name}\n" for name in names), encoding="utf-8"
        )
        partial.rename(target)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise OutputError(f"cannot write the release in {parent}: {exc.strerror}") from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Release(target, version, [(n, *sums[n]) for n in names])


def citation(settings: Settings, version: str, url: str) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for the dataset.

    >>> print(citation(Settings.load(env={}, config_file=None), "1.0", "https://x.org/r/"))
    cff-version: 1.2.0
    message: "If you use this dataset, please cite it as below."
    type: dataset
    title: "edgraph: education networks and partnerships"
    version: "1.0"
    date-released: ...
    authors:
      - name: "the edgraph developers"
    license: CC-BY-4.0
    url: "https://x.org/r/"
    <BLANKLINE>
    """

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite it as below."',
        "type: dataset",
        f"title: {quoted(settings.dataset_title)}",
        f"version: {quoted(version)}",
        f"date-released: {time.strftime('%Y-%m-%d')}",
        "authors:",
        f"  - name: {quoted(settings.dataset_publisher)}",
    ]
    spdx = SPDX_IDS.get(settings.dataset_license)
    lines.append(f"license: {spdx}" if spdx else f"license-url: {quoted(settings.dataset_license)}")
    lines.append(f"url: {quoted(url)}")
    return "\n".join(lines) + "\n"
