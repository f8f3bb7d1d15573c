"""Shared fixtures: the small graphs of tests/data/ built into stores (per store kind), viewers
over them that close what they open, and the bundled (curated) graph for the few tests that are
about it.

Only the modules in :data:`CURATED_MODULES` may read graph/: a viewer or endpoint test that
asserted what the curated data says would break with each source added to it. Two checks hold
the line: collecting a test elsewhere that uses a fixture over the bundled graph is an error, and
a build of the bundled project inside such a test fails it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from edgraph.build import build
from edgraph.bundled import bundled_project
from edgraph.examples import Example, bind
from edgraph.location import open_store
from edgraph.settings import Settings
from edgraph.store import EmbeddedStore, Store

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient
    from lxml.html import HtmlElement

DATA = Path(__file__).parent / "data"
ID = "https://w3id.org/edgraph/id/"

#: The test modules that may read the curated graph/: the competency questions, and the tests of
#: the curated data itself (it conforms, it builds the same twice, the wheel carries it).
CURATED_MODULES = frozenset({"test_competency", "test_validate", "test_build", "test_package"})
#: The fixtures over the bundled graph.
CURATED_FIXTURES = frozenset({"bundled_store", "select"})
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
    """A gallery example's query with every parameter at its default (IRIs under the base): the
    defaults name entities of the bundled graph."""
    return bind(example, {p.name: ID + p.default for p in example.params if p.kind == "iri"})


#: A value for each gallery example's parameter that the viewer's graph has an answer for.
VIEWER_PARAMS = {
    "organization": ID + "org/atlantic-university",  # 05: its unit, the Ocean Learning Lab
    "entity": ID + "org/atlantic-university",  # 06
    "network": ID + "network/coastal",  # 16: the two schools of its teachers' node
    "text": "atlantica",  # 13: "Universidade Atlântica", accent ignored
    "from": "2021",  # 14: both events
    "to": "2024",
}


def viewer_query(example: Example) -> str:
    """A gallery example's query with its parameters bound to entities of the viewer's graph."""
    return bind(example, {p.name: VIEWER_PARAMS[p.name] for p in example.params})


def parse_html(text: str | bytes) -> HtmlElement:
    """A page as a tree, to assert on with CSS selectors (``.cssselect``) or XPath."""
    import lxml.html

    return lxml.html.document_fromstring(text)


def text_of(element: HtmlElement) -> str:
    """An element's text, its spaces collapsed as a browser shows them."""
    return " ".join(element.text_content().split())


def get_page(client: FlaskClient, url: str, status: int = 200) -> HtmlElement:
    """GET ``url`` as a browser would: an HTML page of that status, parsed."""
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return parse_html(response.data)


def get_json(client: FlaskClient, url: str) -> Any:
    """GET ``url``: a JSON answer, read."""
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    return json.loads(response.data)


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
def bundled_store(stores: Stores) -> Store:
    """The bundled graph, built once (per store kind); tests must not change it. For the
    modules of CURATED_MODULES only."""
    return stores.store("bundled")


@pytest.fixture(scope="session")
def select(bundled_store: Store) -> Callable[..., set[tuple[str, ...]]]:
    """Run a SELECT over the bundled graph; rows as tuples of lexical values."""

    def run(query: str) -> set[tuple[str, ...]]:
        result = bundled_store.query(PREFIXES + query)
        return {tuple(t.value if t is not None else "" for t in row) for row in result.rows}  # type: ignore[union-attr]

    return run


def project_of(folder: Path, graph: Path, *extra: Path) -> Path:
    """A project in ``folder``: the real ontology and shapes, the graph folder ``graph`` and
    the ``extra`` source files added to its sources."""
    shutil.copytree(bundled_project() / "ontology", folder / "ontology")
    shutil.copytree(graph, folder / "graph")
    for source in extra:
        shutil.copy(source, folder / "graph" / "sources" / source.name)
    return folder


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A writable project: the real ontology and shapes with the tiny graph of tests/data/."""
    return project_of(tmp_path / "project", DATA / "graph")


@pytest.fixture(scope="session")
def tiny_shared_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real ontology with the tiny graph of tests/data/, for tests that only read it."""
    return project_of(tmp_path_factory.mktemp("tiny") / "project", DATA / "graph")


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
    return project_of(tmp_path_factory.mktemp("analysis") / "project", DATA / "analysis" / "graph")


@pytest.fixture(scope="session")
def analysis_store(analysis_project: Path, stores: Stores) -> Store:
    return stores.store("analysis", analysis_project)


@pytest.fixture(scope="session")
def links_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real ontology with tests/data/analysis/links/: ties across roles, through parts of
    events and through units; its comments say who is tied to whom."""
    folder = tmp_path_factory.mktemp("links") / "project"
    return project_of(folder, DATA / "analysis" / "links")


@pytest.fixture(scope="session")
def links_store(links_project: Path, stores: Stores) -> Store:
    return stores.store("links", links_project)


@pytest.fixture(scope="session")
def viewer_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real ontology with tests/data/viewer/: two networks, two events (2021 in Porto, 2024
    in Vigo) with a host and its unit, funders, a sponsor and an organizer, members through a
    node, a person with a position, two claims that disagree, two sources (English and
    Spanish); its comments say who is tied to whom."""
    return project_of(tmp_path_factory.mktemp("viewer") / "project", DATA / "viewer" / "graph")


@pytest.fixture(scope="session")
def viewer_store(viewer_project: Path, stores: Stores) -> Store:
    """The viewer's graph, built once (per store kind); tests must not change it."""
    return stores.store("viewer", viewer_project)


@pytest.fixture(scope="session")
def embedded_viewer(viewer_project: Path) -> Store:
    """The viewer's graph built into memory, whatever the store kind of the session: the answers
    other stores are compared with."""
    store = EmbeddedStore.in_memory()
    build(store, settings_for(viewer_project))
    return store


@pytest.fixture(scope="session")
def viewer_disk_store(viewer_project: Path, stores: Stores) -> str:
    """The viewer's graph built once into a store folder (or server), for worker processes and
    servers: its location."""
    return stores.folder_or_server("viewer-disk", viewer_project)


HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_IRI = "https://w3id.org/edgraph/id/org/hostile"


@pytest.fixture(scope="session")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The viewer's graph plus tests/data/hostile/: names that are markup and script."""
    return project_of(tmp_path_factory.mktemp("hostile") / "project", DATA / "viewer" / "graph",
                      DATA / "hostile" / "hostile.ttl")  # fmt: skip


@pytest.fixture(scope="session")
def hostile_store(hostile_project: Path, stores: Stores) -> Store:
    return stores.store("hostile", hostile_project)


@pytest.fixture(scope="session")
def hostile_disk_store(hostile_project: Path, stores: Stores) -> str:
    return stores.folder_or_server("hostile-disk", hostile_project)


# -- viewers: one family of fixtures, each closing the worker pools it starts -----------------


def close_app(app: Flask) -> None:
    """Stop what ``create_app`` started: its two pools of query workers (the page pool first:
    over a store in memory, the other pool owns the store copy both read)."""
    app.extensions["edgraph.page_queries"].close()
    app.extensions["edgraph.queries"].close()


def _app(project: Path, store: Store | str, settings: dict[str, Any]) -> Flask:
    from edgraph.web import create_app

    if isinstance(store, str):  # a location: the app opens it, its workers read it in place
        return create_app(settings=settings_for(project, store=store, **settings))
    return create_app(settings=settings_for(project, **settings), store=store)


@pytest.fixture(scope="module")
def app_store(viewer_store: Store) -> Store | str:
    """What the module's ``app`` serves: the viewer's graph. A module overrides this fixture
    to serve another store (or a store's location)."""
    return viewer_store


@pytest.fixture(scope="module")
def app_settings() -> dict[str, Any]:
    """Settings of the module's ``app``; a module overrides this fixture to change them."""
    return {}


@pytest.fixture(scope="module")
def app(
    app_store: Store | str, app_settings: dict[str, Any], viewer_project: Path
) -> Iterator[Flask]:
    """The viewer over ``app_store``, one per module, closed after the module."""
    made = _app(viewer_project, app_store, app_settings)
    yield made
    close_app(made)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_app(viewer_project: Path) -> Iterator[Callable[..., Flask]]:
    """``make_app(store, **settings)``: a viewer of the test's own over ``store`` (a store, or
    a location that the app opens) with those settings; each is closed after the test."""
    made: list[Flask] = []

    def make(store: Store | str, *, project: Path | None = None, **settings: Any) -> Flask:
        made.append(_app(project or viewer_project, store, settings))
        return made[-1]

    yield make
    for app in made:
        close_app(app)


# -- the curated graph stays with the tests about it -------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        used = CURATED_FIXTURES & set(getattr(item, "fixturenames", ()))
        if used and item.path.stem not in CURATED_MODULES:
            raise pytest.UsageError(
                f"{item.nodeid} uses {sorted(used)}, the bundled graph: outside "
                f"{sorted(CURATED_MODULES)}, tests run on the small graphs of tests/data/"
            )


@pytest.fixture(scope="module", autouse=True)
def _no_build_of_the_curated_graph(request: pytest.FixtureRequest) -> Iterator[None]:
    """Outside CURATED_MODULES, a build that reads the bundled graph/ fails the test, in the
    module's tests and fixtures alike (the session's fixtures over it are checked at
    collection)."""
    if request.path.stem in CURATED_MODULES or not request.path.name.startswith("test_"):
        yield  # a competency test, or a doctest of the core (its examples use the bundled data)
        return
    import edgraph.build

    original = edgraph.build.project_inputs
    bundled = (bundled_project() / "graph").resolve()

    def guarded(project: Path, *args: Any, **kwargs: Any) -> Any:
        if (Path(project) / "graph").resolve() == bundled:
            pytest.fail(f"{request.path.name} builds the curated graph/; use tests/data/")
        return original(project, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(edgraph.build, "project_inputs", guarded)
        yield


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
