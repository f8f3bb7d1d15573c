"""Hostile and broken input files: each is refused with one line that names file, line and column,
exit 2, and the previous store left as it was (issue 15)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import settings_for

from edgraph.build import build
from edgraph.cli import main
from edgraph.errors import DataError, DataSyntaxError
from edgraph.export import export_dataset
from edgraph.location import open_store
from edgraph.store import EmbeddedStore

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_XML_HEAD = (
    '<?xml version="1.0"?>\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">\n'
)


def _nquads(location: Path) -> bytes:
    buffer = io.BytesIO()
    export_dataset(EmbeddedStore.open(location), "nquads", buffer)
    return buffer.getvalue()


@pytest.fixture
def built(tiny_project: Path, tmp_path: Path) -> tuple[Path, Path, bytes, str]:
    """The tiny project built into a store folder: project, store, its dump, its generation."""
    location = tmp_path / "store"
    build(open_store(location, must_exist=False), settings_for(tiny_project))
    return tiny_project, location, _nquads(location), os.readlink(location / "current")


def _refused(
    built: tuple[Path, Path, bytes, str], error: type[Exception] = DataError, **settings: object
) -> Exception:
    """Build ``built``'s project again: the error it raises, after checking that the store and
    its current generation are the ones from before, and that no half-made one is left."""
    project, location, before, current = built
    with pytest.raises(error) as caught:
        build(open_store(location, must_exist=False), settings_for(project, **settings))
    assert os.readlink(location / "current") == current
    assert _nquads(location) == before
    assert len(list((location / "generations").iterdir())) == 1
    return caught.value


def _cli_build(project: Path, store: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`edgraph build` in a process of its own (output as the terminal would get it)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("EDGRAPH_")}
    environment.update({f"EDGRAPH_{k.upper()}": v for k, v in env.items()})
    return subprocess.run(
        [sys.executable, "-m", "edgraph", "build", "--project", str(project),
         "--store", str(store), "--no-catalog"],
        capture_output=True, text=True, env=environment, timeout=120, check=False,
    )  # fmt: skip


# --- RDF/XML entities ("billion laughs") -------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY lol0 "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 9))
    + "]>\n"
    + RDF_XML_HEAD[len('<?xml version="1.0"?>\n') :]
    + '<rdf:Description rdf:about="http://e/x"><ex:p>&lol8;</ex:p></rdf:Description>\n'
    "</rdf:RDF>\n"
)  # 3 * 10**8 characters once expanded, from 1 KB


def test_an_rdfxml_entity_bomb_is_refused_at_its_first_declaration(built: tuple) -> None:
    bomb = built[0] / "graph" / "sources" / "laughs.rdf"
    bomb.write_text(BILLION_LAUGHS)
    error = _refused(built)
    assert str(error).startswith(f"{bomb}:3:2: an XML entity declaration (<!ENTITY)")


def test_an_entity_declaration_hidden_in_a_dtd_comment_is_refused_too(built: tuple) -> None:
    # The RDF/XML parser finds declarations by their text, inside comments as well.
    bomb = built[0] / "graph" / "sources" / "hidden.rdf"
    bomb.write_text(
        BILLION_LAUGHS.replace(' <!ENTITY lol0 "lol">', '<!-- <!ENTITY lol0 "lol"> -->')
    )
    assert str(_refused(built)).startswith(f"{bomb}:3:6: an XML entity declaration")


def test_an_entity_declaration_split_between_two_reads_is_still_refused(tmp_path: Path) -> None:
    from edgraph.inputs import _Reader

    path = tmp_path / "split.rdf"
    path.write_bytes(b'<!DOCTYPE x [\n<!ENTITY a "b">]>')
    handle = path.open("rb")
    reader = _Reader(handle, path, lambda count: None, refuse_entities=True)
    with handle, pytest.raises(DataError, match=r"split\.rdf:2:1: an XML entity declaration"):
        while reader.read(3):  # "<!EN" and "TITY" arrive in different reads
            pass


def test_rdfxml_without_entity_declarations_still_builds(tiny_project: Path) -> None:
    (tiny_project / "graph" / "sources" / "plain.rdf").write_text(
        RDF_XML_HEAD + '<rdf:Description rdf:about="http://e/x"><ex:p>&amp; &lt;ok&gt;</ex:p>'
        "</rdf:Description></rdf:RDF>\n"
    )
    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_project))
    assert store.query("ASK { <http://e/x> <http://e/p> '& <ok>' }").boolean


# --- Literal and token sizes --------------------------------------------------------------------

LONG_LITERALS = [
    pytest.param("long.ttl", '@prefix ex: <http://e/> .\nex:x ex:p "short" ;\n  ex:q """%s""" .\n',
                 (3, 8), id="turtle"),
    pytest.param("long.nt", '<http://e/x> <http://e/p> "short" .\n<http://e/x> <http://e/q> "%s" .\n',
                 (2, 27), id="n-triples"),
    pytest.param("long.rdf", RDF_XML_HEAD + '<rdf:Description rdf:about="http://e/x">\n'
                 "  <ex:p>short</ex:p><ex:q>%s</ex:q>\n</rdf:Description></rdf:RDF>\n",
                 (4, 27), id="rdf-xml"),
    pytest.param("long.jsonld", '{"@id": "http://e/x", "http://e/p": "short",\n'
                 ' "http://e/q": "%s"}\n', (2, 16), id="json-ld"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "template", "where"), LONG_LITERALS)
def test_a_literal_longer_than_literal_max_chars_is_refused_where_it_is_written(
    built: tuple, name: str, template: str, where: tuple[int, int]
) -> None:
    path = built[0] / "graph" / "sources" / name
    path.write_text(template % ("x" * 301))  # the tiny project's longest literal has 272
    error = _refused(built, literal_max_chars=300)
    line, column = where
    assert str(error) == (
        f"{path}:{line}:{column}: a literal of 301 characters (value of <http://e/q>): longer "
        "than literal_max_chars (300), the longest a build accepts"
    )


def test_a_literal_of_literal_max_chars_is_accepted(tiny_project: Path) -> None:
    (tiny_project / "graph" / "sources" / "edge.ttl").write_text(
        f'<http://e/x> <http://e/q> "{"é" * 300}" .\n'
    )
    build(EmbeddedStore.in_memory(), settings_for(tiny_project, literal_max_chars=300))


def test_a_token_over_the_parsers_16_mib_is_file_line_col_exit_2_and_the_store_unchanged(
    built: tuple,
) -> None:
    project, location, before, current = built
    huge = project / "graph" / "sources" / "huge.ttl"
    with huge.open("w") as out:
        out.write('@prefix ex: <http://e/> .\nex:x ex:p "fine" ;\n    ex:q "')
        out.write("x" * (17 * 1024 * 1024) + '" .\n')
    done = _cli_build(project, location)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"edgraph: error: {huge}:3:10: this token (a literal, IRI or name) is longer than 16 MiB, "
        "the most the parser holds; shorten it"
    )
    assert os.readlink(location / "current") == current
    assert _nquads(location) == before


# --- Files that are not regular, links that leave the project ----------------------------------


def test_a_fifo_named_like_a_data_file_is_refused_without_waiting_for_it(built: tuple) -> None:
    project, location, before, _ = built
    fifo = project / "graph" / "sources" / "x.ttl"
    os.mkfifo(fifo)
    done = _cli_build(project, location)  # a build that opened the FIFO would never end
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        f"edgraph: error: {fifo}: a FIFO (named pipe), not a regular file: a build reads only "
        "regular files"
    )
    assert _nquads(location) == before


def test_a_link_leading_out_of_the_project_is_refused(built: tuple, tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.ttl"
    secret.parent.mkdir()
    secret.write_text('<http://e/secret> <http://e/p> "not for publishing" .\n')
    link = built[0] / "graph" / "sources" / "borrowed.ttl"
    link.symlink_to(secret)
    error = _refused(built)
    assert str(error).startswith(f"{link}: a link to {secret.resolve()}, outside the project")


def test_a_link_within_the_project_is_read(tiny_project: Path) -> None:
    shared = tiny_project / "shared.ttl"
    shared.write_text('<http://e/shared> <http://e/p> "kept" .\n')
    (tiny_project / "graph" / "sources" / "shared.ttl").symlink_to("../../shared.ttl")
    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_project))
    assert store.query("ASK { <http://e/shared> <http://e/p> 'kept' }").boolean


# --- Ill-typed literals -------------------------------------------------------------------------

ILL_TYPED = [
    pytest.param("dates.ttl", "@prefix schema: <http://schema.org/> .\n"
                 "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                 "<http://e/ev> schema:name 'E' ;\n"
                 "    schema:startDate \"2025-13-45\"^^xsd:date ; schema:endDate \"2025-12-31\"^^xsd:date .\n",
                 '4:22: "2025-13-45" is not a valid xsd:date (value of schema:startDate)', id="turtle date"),
    pytest.param("count.rdf", RDF_XML_HEAD + '<rdf:Description rdf:about="http://e/x">\n'
                 f'  <ex:n rdf:datatype="{XSD}integer">twelve</ex:n>\n</rdf:Description></rdf:RDF>\n',
                 '4:65: "twelve" is not a valid xsd:integer (value of <http://e/n>)', id="rdf-xml integer"),
    pytest.param("flag.jsonld", '{"@id": "http://e/x",\n "http://e/open":\n'
                 f'  {{"@value": "yes", "@type": "{XSD}boolean"}}}}\n',
                 '3:14: "yes" is not a valid xsd:boolean (value of <http://e/open>)', id="json-ld boolean"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), ILL_TYPED)
def test_an_ill_typed_literal_is_refused_by_the_build_where_it_is_written(
    built: tuple, name: str, content: str, message: str
) -> None:
    path = built[0] / "graph" / "sources" / name
    path.write_text(content)
    assert str(_refused(built)) == f"{path}:{message}"


def test_well_typed_literals_of_every_checked_datatype_build(tiny_project: Path) -> None:
    values = {"boolean": "1", "integer": "+12", "decimal": "-1.50", "float": "INF",
              "double": "1e3", "date": "2024-02-29Z", "time": "10:00:00",
              "dateTime": "2024-05-01T10:00:00+02:00", "duration": "P1Y2M3DT4H",
              "yearMonthDuration": "P1Y", "dayTimeDuration": "PT90M", "gYear": "-0044",
              "gYearMonth": "2024-05", "gMonthDay": "--05-01", "gDay": "---31", "gMonth": "--12"}  # fmt: skip
    (tiny_project / "graph" / "sources" / "typed.ttl").write_text(
        "".join(f'<http://e/x> <http://e/{t}> "{v}"^^<{XSD}{t}> .\n' for t, v in values.items())
    )
    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_project))
    from edgraph.inputs import CHECKED_DATATYPES

    assert set(values) == set(CHECKED_DATATYPES)
    assert len(store.query("SELECT * { <http://e/x> ?p ?o }").rows) == len(values)


# --- Parse errors: the position once, for every format -----------------------------------------

PARSE_ERRORS = [
    pytest.param("acme.ttl", "@prefix ex: <http://e/> .\nex:a topics:b ex:c .\n",
                 "2:6: The prefix topics: has not been declared", id="turtle"),
    pytest.param("acme.rdf", RDF_XML_HEAD + '<rdf:Description rdf:about="http://e/x">\n'
                 "  <nope:p>x</nope:p>\n</rdf:Description></rdf:RDF>\n",
                 "4:10: Unknown prefix nope:", id="rdf-xml"),
    pytest.param("acme.jsonld", '{"@id": "http://e/x",\n "http://e/p": {"@value": 1,\n'
                 '  "@type": 5}}\n', "3:14: @type value must be a string", id="json-ld"),
    pytest.param("acme2.jsonld", '{"@id": "http://e/x",\n "http://e/p": [1,}\n',
                 "2:19: Unexpected closing curly bracket, no array to close", id="json syntax"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), PARSE_ERRORS)
def test_a_parse_error_names_file_line_and_column_once(
    built: tuple, name: str, content: str, message: str
) -> None:
    path = built[0] / "graph" / "sources" / name
    path.write_text(content)
    error = _refused(built, DataSyntaxError)
    assert str(error) == f"{path}:{message}"


# --- What an error quotes from the input --------------------------------------------------------


def test_control_characters_from_input_are_escaped_in_error_messages(
    runner: CliRunner, tiny_project: Path
) -> None:
    """In a file's content and in its name: the one line stays one line, and shows them."""
    sources = tiny_project / "graph" / "sources"
    (sources / "nul.ttl").write_bytes(
        b'<http://e/a> <http://e/b> "x" .\n<http://e/a\x00\x1b[31m> <http://e/b> "y" .\n'
    )
    (sources / "evil\x1b[2J\u202e.ttl").write_text("")
    lines = []
    for _ in range(2):
        result = runner.invoke(main, ["build", "--project", str(tiny_project)])
        assert result.exit_code == 2
        lines.append(result.stderr.rstrip("\n"))
        (sources / "evil\x1b[2J\u202e.ttl").unlink(missing_ok=True)
    named, quoted = lines
    assert named.startswith(f"edgraph: error: {sources}/evil\\x1b[2J\\u202e.ttl: this file's name")
    assert quoted == (f"edgraph: error: {sources}/nul.ttl:2:1: Invalid IRI code point '\\x00'")
    for line in lines:
        assert "\n" not in line and not any(ord(c) < 32 or c == "\u202e" for c in line), line
