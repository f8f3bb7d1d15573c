"""Shared fixtures: settings and stores over the bundled graph and over tests/data/."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from edgraph.build import build
from edgraph.bundled import bundled_project
from edgraph.examples import Example, bind
from edgraph.location import open_store
from edgraph.settings import Settings
from edgraph.store import EmbeddedStore, Store

DATA = Path(__file__).parent / "data"
PREFIXES = """
PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX edgo: <https://w3id.org/edgraph/ontology#>
PREFIX id: <https://w3id.org/edgraph/id/>
"""


def settings_for(project: Path | None = None, **overrides: object) -> Settings:
    """Settings that read no settings file and no environment."""
    return Settings.load(overrides={"project": project, **overrides}, env={}, config_file=None)


def comparable_rows(store: Store, query: str) -> list[tuple[str, ...]]:
    """Rows to compare across stores: N-Triples strings, blank nodes blanked (their labels are each store's own) and
    the parts of GROUP_CONCAT(... "; separator=" | ") sorted (SPARQL leaves their order open)."""
    result = store.query(query)
    if result.kind == "ask":
        return [(str(result.boolean),)]

    def term(t: object) -> str:
        if isinstance(t, ox.BlankNode):
            return "_:b"
        if isinstance(t, ox.Literal) and " | " in t.value:
            return " | ".join(sorted(t.value.split(" | ")))
        return str(t)

    return sorted(tuple(term(t) for t in row) for row in result.rows)


def example_query(example: Example) -> str:
    """A gallery example's query with every parameter at its default (IRIs under the base)."""
    base = "https://w3id.org/edgraph/id/"
    return bind(example, {p.name: base + p.default for p in example.params if p.kind == "iri"})


STORE_KINDS = ("embedded", "remote")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--stores", default=",".join(STORE_KINDS),
        help="which stores the store-level and end-to-end tests run against: embedded, remote "
        "(an Oxigraph server the tests start on 127.0.0.1), or both (the default)",
    )  # fmt: skip


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses one of the built stores below runs once per store kind."""
    if "store_kind" in metafunc.fixturenames:
        kinds = metafunc.config.getoption("stores").split(",")
        if unknown := set(kinds) - set(STORE_KINDS):
            raise pytest.UsageError(f"--stores: unknown {sorted(unknown)}; use {STORE_KINDS}")
        metafunc.parametrize("store_kind", kinds, scope="session")


class Stores:
    """Builds projects into stores of one kind: in memory or a folder (embedded), or each into
    an Oxigraph server of its own started on 127.0.0.1 (remote). Servers stop with the session."""

    def __init__(self, kind: str, folder: Path) -> None:
        self.kind, self.folder, self.servers = kind, folder, []

    def location(self, name: str, *, disk: bool) -> str:
        if self.kind == "embedded":
            return str(self.folder / name) if disk else "memory"
        from servers import OxigraphServer

        server = OxigraphServer(self.folder / name, self.folder)
        server.start()
        self.servers.append(server)
        return server.store

    def build(
        self, name: str, project: Path | None = None, *, disk: bool = False
    ) -> tuple[str, Store]:
        """Build ``project`` (the bundled one if None): the store's location and the store (an
        in-memory store cannot be opened again by its location)."""
        location = self.location(name, disk=disk)
        store = open_store(location, must_exist=False)
        build(store, settings_for(project, store=location))
        return location, store

    def store(self, name: str, project: Path | None = None) -> Store:
        return self.build(name, project)[1]

    def folder_or_server(self, name: str, project: Path | None = None) -> str:
        """Where worker processes and servers can open the store: its location."""
        return self.build(name, project, disk=True)[0]

    def close(self) -> None:
        for server in self.servers:
            server.stop()


@pytest.fixture(scope="session")
def stores(store_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stores]:
    folder = tmp_path_factory.mktemp(f"stores-{store_kind}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(folder / "state"))  # remote builds keep a journal
        made = Stores(store_kind, folder)
        yield made
        made.close()


@pytest.fixture(scope="session")
def embedded_bundled() -> Store:
    """The bundled graph built into memory, whatever the store kind of the session."""
    store = EmbeddedStore.in_memory()
    build(store, settings_for())
    return store


@pytest.fixture(scope="session")
def bundled_store(stores: Stores) -> Store:
    """The bundled graph, built once (per store kind); tests must not change it."""
    return stores.store("bundled")


@pytest.fixture(scope="session")
def disk_store(stores: Stores) -> str:
    """The bundled graph built once into a store folder (or server), for worker processes and
    servers: its location."""
    return stores.folder_or_server("bundled-disk")


@pytest.fixture(scope="session")
def select(bundled_store: Store) -> Callable[..., set[tuple[str, ...]]]:
    """Run a SELECT over the bundled graph; rows as tuples of lexical values."""

    def run(query: str) -> set[tuple[str, ...]]:
        result = bundled_store.query(PREFIXES + query)
        return {tuple(t.value if t is not None else "" for t in row) for row in result.rows}  # type: ignore[union-attr]

    return run


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A writable project: the real ontology and shapes with the tiny graph of tests/data/."""
    project = tmp_path / "project"
    shutil.copytree(bundled_project() / "ontology", project / "ontology")
    shutil.copytree(DATA / "graph", project / "graph")
    return project


@pytest.fixture(scope="session")
def tiny_shared_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real ontology with the tiny graph of tests/data/, for tests that only read it."""
    project = tmp_path_factory.mktemp("tiny") / "project"
    shutil.copytree(bundled_project() / "ontology", project / "ontology")
    shutil.copytree(DATA / "graph", project / "graph")
    return project


@pytest.fixture(scope="session")
def tiny_disk_store(tiny_shared_project: Path, stores: Stores) -> str:
    """The tiny graph built once into a store folder (or server): its location."""
    return stores.folder_or_server("tiny-disk", tiny_shared_project)


@pytest.fixture(scope="session")
def tiny_embedded_store(tiny_shared_project: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The tiny graph built into an embedded store on disk, whatever the session's store kind,
    where workers and servers open it."""
    location = str(tmp_path_factory.mktemp("tiny-embedded") / "store")
    build(
        EmbeddedStore.open(location, must_exist=False),
        settings_for(tiny_shared_project, store=location),
    )
    return location


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner whose default store location is inside the test's own folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("EDGRAPH_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.fixture(scope="session")
def analysis_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real ontology with tests/data/analysis/: two networks, a broker, a unit, a large
    event; its comments say who is tied to whom."""
    project = tmp_path_factory.mktemp("analysis") / "project"
    shutil.copytree(bundled_project() / "ontology", project / "ontology")
    shutil.copytree(DATA / "analysis" / "graph", project / "graph")
    return project


@pytest.fixture(scope="session")
def analysis_store(analysis_project: Path, stores: Stores) -> Store:
    return stores.store("analysis", analysis_project)


HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_IRI = "https://w3id.org/edgraph/id/org/hostile"


@pytest.fixture(scope="session")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data plus tests/data/hostile/: names that are markup, a disagreeing claim."""
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(bundled_project() / "ontology", project / "ontology")
    shutil.copytree(bundled_project() / "graph", project / "graph")
    shutil.copy(DATA / "hostile" / "hostile.ttl", project / "graph" / "sources" / "hostile.ttl")
    return project


@pytest.fixture(scope="session")
def hostile_store(hostile_project: Path, stores: Stores) -> Store:
    return stores.store("hostile", hostile_project)


@pytest.fixture(scope="session")
def hostile_disk_store(hostile_project: Path, stores: Stores) -> str:
    return stores.folder_or_server("hostile-disk", hostile_project)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    """A tab of Debian's headless chromium (never a downloaded browser), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, args=FLAGS, headless=True
        )
        yield browser.new_page()
        browser.close()
