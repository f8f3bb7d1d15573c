"""The one table of settings: name, default, help. Read from defaults, a settings file,
``EDGRAPH_*`` environment variables and command-line flags, each overriding the one before.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edgraph.errors import SettingsError
from edgraph.location import StoreLocation
from edgraph.namespaces import DEFAULT_BASE

CONFIG_FILE_NAME = "edgraph.toml"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError(f"{value} is not a positive whole number")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError(f"{text} is not a positive number")
    return value


def _natural_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(f"{value} is not zero or a positive whole number")
    return value


def _public_url(text: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(_http_iri(text))
    if not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"{text!r} is not an http(s) URL with a host (and no query or fragment)")
    return text.rstrip("/") + "/"


def _host_list(text: str) -> tuple[str, ...]:
    hosts = tuple(part.strip() for part in text.replace(",", " ").split() if part.strip())
    for host in hosts:
        if host != "*" and any(c in host for c in "/@ ?#"):
            raise ValueError(f"{host!r} is not a host name (or '*' for any)")
    return hosts


def _address(text: str) -> str:
    import ipaddress

    if text != "*":
        try:
            ipaddress.ip_address(text)
        except ValueError:
            raise ValueError(f"{text!r} is not an IP address (or '*' for any)") from None
    return text


def _iri_list(text: str) -> tuple[str, ...]:
    iris = tuple(part.strip() for part in text.replace(",", " ").split() if part.strip())
    for iri in iris:
        if not iri.startswith(("http://", "https://")):
            raise ValueError(f"{iri!r} is not an http(s) IRI")
    return iris


def _http_iri(text: str) -> str:
    if not text.startswith(("http://", "https://")) or any(c in text for c in ' <>"{}|^`'):
        raise ValueError(f"{text!r} is not an http(s) IRI")
    return text


def _base_iri(text: str) -> str:
    if not text.startswith(("http://", "https://")) or not text.endswith(("/", "#")):
        raise ValueError(f"{text!r} must be an http(s) IRI ending in '/' or '#'")
    return text


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "project",
        None,
        "Folder holding graph/ and ontology/. Default: the data bundled with edgraph.",
    ),
    Setting(
        "store",
        None,
        "Where the built store lives: a folder, 'memory' for a store that is not kept, or a "
        "remote SPARQL 1.1 server named by its query endpoint as sparql+http://HOST:PORT/PATH. "
        "Default: $XDG_DATA_HOME/edgraph/stores/<project name>-<hash of its path> "
        "(~/.local/share when XDG_DATA_HOME is unset).",
    ),
    Setting(
        "remote_update_endpoint",
        None,
        "SPARQL Update endpoint of a remote store. Default: found beside the query endpoint "
        "(the layouts of Oxigraph, Fuseki and Virtuoso are tried).",
        _http_iri,
    ),
    Setting(
        "remote_graph_store_endpoint",
        None,
        "Graph Store Protocol endpoint of a remote store, through which builds push each named "
        "graph. Default: found beside the query endpoint, as for the update endpoint.",
        _http_iri,
    ),
    Setting("remote_user", None, "User name for a remote store (HTTP Basic authentication)."),
    Setting(
        "remote_password",
        None,
        "Password for a remote store; best given as EDGRAPH_REMOTE_PASSWORD. Never printed.",
    ),
    Setting(
        "remote_timeout",
        120.0,
        "Seconds edgraph waits for a remote store to answer one request of its own (a page's "
        "queries, a batch of a build); user queries keep query_timeout.",
        _positive_float,
    ),
    Setting(
        "remote_batch_triples",
        50_000,
        "Triples per request when a build pushes a named graph to a remote store.",
        _positive_int,
    ),
    Setting(
        "base_iri",
        DEFAULT_BASE,
        "Base under which entity IRIs are minted; the bundled data is moved to it at build time.",
        _base_iri,
    ),
    Setting(
        "progress_bytes",
        8_000_000,
        "Inputs larger than this many bytes show a progress bar while building.",
        _positive_int,
    ),
    Setting(
        "literal_max_chars",
        1_000_000,
        "Longest literal a build accepts, in characters; a longer one is refused with its file, "
        "line and column (pages and answers that show it would be that large).",
        _positive_int,
    ),
    Setting(
        "curation_workspace",
        None,
        "Folder where curation keeps each source's full text and the curator's decisions, "
        "never published. Default: .edgraph/curation/ in the project folder.",
    ),
    Setting(
        "curation_max_bytes",
        20_000_000,
        "Largest article file `edgraph add` and the curation pages take, in bytes.",
        _positive_int,
    ),
    Setting(
        "curation_match_score",
        0.8,
        "Score from which a name in an article is proposed as an entity the graph knows "
        "(0 to 1); below it, a new entity is proposed and the known ones are offered.",
        float,
    ),
    Setting(
        "import_match_score",
        0.8,
        "Score from which an element of a spreadsheet `edgraph import` reads is taken for an "
        "entity the graph knows (0 to 1); below it, the element is a new entity.",
        float,
    ),
    Setting(
        "import_max_bytes",
        200_000_000,
        "Largest spreadsheet (CSV file or XLSX workbook) `edgraph import` reads, in bytes.",
        _positive_int,
    ),
    Setting(
        "import_max_rows",
        1_000_000,
        "Most rows a sheet `edgraph import` reads may have.",
        _positive_int,
    ),
    Setting(
        "query_timeout",
        10.0,
        "Seconds a SPARQL query may run before it is killed (the endpoint answers 503).",
        _positive_float,
    ),
    Setting(
        "query_memory_mb",
        1024,
        "Memory, in MiB, a SPARQL query's worker process may use before it is killed.",
        _positive_int,
    ),
    Setting(
        "row_cap",
        10_000,
        "Rows (or triples) a query returns before its result is cut and marked truncated; "
        "full downloads are not cut.",
        _positive_int,
    ),
    Setting(
        "query_max_chars",
        100_000,
        "Longest SPARQL query accepted, in characters.",
        _positive_int,
    ),
    Setting(
        "query_workers",
        2,
        "Worker processes that run SPARQL queries side by side; entity pages have as many "
        "of their own.",
        _positive_int,
    ),
    Setting(
        "query_client_limit",
        1,
        "Queries of one client (one address; an IPv6 /64) that run at once; as many more may "
        "wait for their turn, and further ones are refused with 503 and Retry-After. Keep it "
        "below query_workers, so that one client cannot hold every worker.",
        _positive_int,
    ),
    Setting(
        "query_queue",
        16,
        "Queries that may wait for a worker at once, all clients together (each holds a server "
        "thread while it waits, at most query_timeout); further ones are refused with 503 and "
        "Retry-After. Keep query_workers + query_queue well below server_threads.",
        _natural_int,
    ),
    Setting(
        "query_queue_timeout",
        3.0,
        "Seconds a query may wait for a worker; then it is refused with 503 and Retry-After.",
        _positive_float,
    ),
    Setting(
        "service_allow",
        (),
        "SPARQL endpoints a query may call with SERVICE, separated by spaces or commas. "
        "Default: none, so SERVICE is refused.",
        _iri_list,
    ),
    Setting(
        "cors_origin",
        "*",
        "Value of Access-Control-Allow-Origin on /sparql, for browser clients such as YASGUI "
        "on other sites; empty to send none.",
    ),
    Setting(
        "public_url",
        None,
        "The address the viewer is reached at (https://data.example.org/): the base of the "
        "download and endpoint URLs in the dataset and service descriptions. Default: none, "
        "and those URLs follow the request's Host, which must then be one of trusted_hosts.",
        _public_url,
    ),
    Setting(
        "trusted_hosts",
        ("localhost", "127.0.0.1"),
        "Host names (and IPv4 addresses) the viewer answers for, separated by spaces or commas; "
        "'.example.org' also allows its subdomains, '*' any host (IPv6 addresses included). "
        "Other Host headers get 400. The host of public_url and the address given to "
        "'edgraph serve --host' are added.",
        _host_list,
    ),
    Setting(
        "trusted_proxy",
        None,
        "Address of a reverse proxy in front of edgraph serve whose X-Forwarded-For names the "
        "client (for the per-client limits); its own connections are not limited per client.",
        _address,
    ),
    Setting(
        "server_threads",
        32,
        "Threads of edgraph serve that answer requests (a waiting or running query holds one).",
        _positive_int,
    ),
    Setting(
        "connection_limit",
        500,
        "Connections edgraph serve keeps open at once; past it, new ones wait to be accepted.",
        _positive_int,
    ),
    Setting(
        "connection_client_limit",
        32,
        "Connections one client (one address; an IPv6 /64) may keep open at once; further ones "
        "are closed as they arrive.",
        _positive_int,
    ),
    Setting(
        "receive_timeout",
        10.0,
        "Seconds a client may take to send one request (line, headers and body) once it has "
        "begun; a client that sends slower is disconnected.",
        _positive_float,
    ),
    Setting(
        "write_timeout",
        30.0,
        "Seconds an answer may wait on a client that has stopped reading it; then the "
        "connection is closed and its thread freed.",
        _positive_float,
    ),
    Setting(
        "idle_timeout",
        60.0,
        "Seconds a kept-alive connection may stay idle between requests before it is closed.",
        _positive_float,
    ),
    Setting(
        "download_limit",
        4,
        "Dumps (/download/...) streamed at once, all clients together; further requests get 503 "
        "and Retry-After.",
        _positive_int,
    ),
    Setting(
        "download_client_limit",
        1,
        "Dumps one client may download at once; further requests get 503 and Retry-After.",
        _positive_int,
    ),
    Setting(
        "reconcile_batch_max",
        1000,
        "Queries one /reconcile batch may hold, and entities one data extension request may "
        "name; past it the answer is 400.",
        _positive_int,
    ),
    Setting(
        "reconcile_limit_max",
        100,
        "Candidates one /reconcile query may ask for (its limit); a larger limit gets this many.",
        _positive_int,
    ),
    Setting(
        "reconcile_limit",
        4,
        "/reconcile batches and data extension requests answered at once, all clients "
        "together; further requests get 503 and Retry-After.",
        _positive_int,
    ),
    Setting(
        "reconcile_client_limit",
        2,
        "/reconcile batches and data extension requests one client may have answered at once; "
        "further requests get 503 and Retry-After.",
        _positive_int,
    ),
    Setting(
        "page_row_cap",
        1000,
        "Statements an entity or resource page reads of each kind (its own, those pointing at "
        "it, claims, timeline) before it is cut and says so, linking to the SPARQL query that "
        "lists them all; its data documents are cut the same way. The page's one query runs "
        "in a query worker within query_timeout and query_memory_mb.",
        _positive_int,
    ),
    Setting(
        "browse_max_values",
        50,
        "Facet values one /browse request may select, all facets together; past it the "
        "answer is 400.",
        _positive_int,
    ),
    Setting(
        "network_max_nodes",
        2500,
        "Most nodes a network view draws; larger views keep the most connected nodes and say so.",
        _positive_int,
    ),
    Setting(
        "dataset_title",
        "edgraph: education networks and partnerships",
        "Title of the dataset in its description (DCAT/VoID) and in releases.",
    ),
    Setting(
        "dataset_publisher",
        "the edgraph developers",
        "Who publishes the dataset: named in its description and as the author in CITATION.cff.",
    ),
    Setting(
        "dataset_license",
        "https://creativecommons.org/licenses/by/4.0/",
        "IRI of the dataset's licence.",
        _http_iri,
    ),
    Setting(
        "dataset_version",
        "",
        "Version of the dataset in its description and releases. Default: edgraph's version.",
    ),
    Setting(
        "analysis_group_cap",
        100,
        "Groups (an event's organizers, a network's members) with more organizations than this "
        "add no pairwise ties to the partnership projection; the bipartite graphs keep them.",
        _positive_int,
    ),
    Setting(
        "analysis_betweenness_exact_max",
        2000,
        "Betweenness is exact up to this many organizations, and estimated from a sample beyond.",
        _positive_int,
    ),
    Setting(
        "analysis_betweenness_samples",
        200,
        "Pivots (seeded) from which betweenness is estimated on larger projections.",
        _positive_int,
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class Settings:
    """Resolved settings; read them as attributes.

    >>> s = Settings.load(env={"EDGRAPH_BASE_IRI": "https://example.org/id/"}, config_file=None)
    >>> s.base_iri
    'https://example.org/id/'
    >>> Settings.load(overrides={"colour": "red"}, env={}, config_file=None)
    Traceback (most recent call last):
    ...
    edgraph.errors.SettingsError: unknown setting 'colour'
    """

    project: Path | None
    store: str | None
    base_iri: str
    progress_bytes: int
    literal_max_chars: int
    curation_workspace: Path | None
    curation_max_bytes: int
    curation_match_score: float
    import_match_score: float
    import_max_bytes: int
    import_max_rows: int
    remote_update_endpoint: str | None
    remote_graph_store_endpoint: str | None
    remote_user: str | None
    remote_password: str | None
    remote_timeout: float
    remote_batch_triples: int
    query_timeout: float
    query_memory_mb: int
    row_cap: int
    query_max_chars: int
    query_workers: int
    service_allow: tuple[str, ...]
    query_client_limit: int
    query_queue: int
    query_queue_timeout: float
    cors_origin: str
    public_url: str | None
    trusted_hosts: tuple[str, ...]
    trusted_proxy: str | None
    server_threads: int
    connection_limit: int
    connection_client_limit: int
    receive_timeout: float
    write_timeout: float
    idle_timeout: float
    download_limit: int
    download_client_limit: int
    reconcile_batch_max: int
    reconcile_limit_max: int
    reconcile_limit: int
    reconcile_client_limit: int
    page_row_cap: int
    browse_max_values: int
    network_max_nodes: int
    dataset_title: str
    dataset_publisher: str
    dataset_license: str
    dataset_version: str
    analysis_group_cap: int
    analysis_betweenness_exact_max: int
    analysis_betweenness_samples: int

    def __init__(self, values: Mapping[str, Any]) -> None:
        for setting in SETTINGS:
            object.__setattr__(self, setting.name, values.get(setting.name, setting.default))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Settings are read-only; use Settings.load(overrides=...)")

    def as_dict(self) -> dict[str, Any]:
        return {s.name: getattr(self, s.name) for s in SETTINGS}

    @classmethod
    def load(
        cls,
        *,
        overrides: Mapping[str, Any] | None = None,
        env: Mapping[str, str] | None = None,
        config_file: Path | str | bool | None = True,
    ) -> Settings:
        """Defaults, then the settings file, then ``EDGRAPH_*`` variables, then ``overrides``.

        ``config_file=True`` looks for ``$EDGRAPH_CONFIG``, then ``./edgraph.toml``;
        ``None`` reads no file. ``overrides`` whose value is ``None`` are ignored, so that
        unset command-line flags fall through.
        """
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        if config_file is True:
            named = env.get("EDGRAPH_CONFIG")
            config_file = Path(named) if named else Path(CONFIG_FILE_NAME)
            if not named and not config_file.is_file():
                config_file = None
        if config_file:
            values.update(_read_config(Path(config_file)))
        for setting in SETTINGS:
            raw = env.get("EDGRAPH_" + setting.name.upper())
            if raw is not None:
                values[setting.name] = _parse(setting, raw, f"EDGRAPH_{setting.name.upper()}")
        for name, value in (overrides or {}).items():
            if name not in _BY_NAME:
                raise SettingsError(f"unknown setting {name!r}")
            if value is not None:
                values[name] = _parse(_BY_NAME[name], _text(value), f"--{name.replace('_', '-')}")
        for name in ("project", "curation_workspace"):
            if values.get(name) is not None:
                values[name] = Path(values[name]).expanduser()
        return cls(values)

    def project_dir(self) -> Path:
        """The project folder in use: the setting, or the bundled data."""
        if self.project is not None:
            return Path(self.project)
        from edgraph.bundled import bundled_project

        return bundled_project()

    def workspace_dir(self) -> Path:
        """Where curation keeps full texts and decisions: the setting, or .edgraph/curation/
        in the project folder."""
        if self.curation_workspace is not None:
            return Path(self.curation_workspace)
        return self.project_dir() / ".edgraph" / "curation"

    def store_location(self) -> StoreLocation:
        """The store setting, or the documented per-project default folder, read once."""
        if self.store:
            return StoreLocation.parse(self.store)
        project = self.project_dir().resolve()
        digest = hashlib.sha256(str(project).encode()).hexdigest()[:10]
        data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        return StoreLocation.parse(data_home / "edgraph" / "stores" / f"{project.name}-{digest}")


def _parse(setting: Setting, raw: str, where: str) -> Any:
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise SettingsError(f"{where}: {exc}") from None


def _text(value: Any) -> str:
    # Lists (a TOML array, a tuple passed from Python) become the spaced form the parsers read.
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read settings file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    table = data.get("edgraph", data)
    values: dict[str, Any] = {}
    for name, value in table.items():
        if name not in _BY_NAME:
            raise SettingsError(f"{path}: unknown setting {name!r}")
        values[name] = _parse(_BY_NAME[name], _text(value), f"{path}: {name}")
    for name in ("project", "curation_workspace"):
        if values.get(name) is not None and not Path(values[name]).is_absolute():
            values[name] = path.parent / values[name]
    return values
