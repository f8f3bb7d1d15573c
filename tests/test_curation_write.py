"""Source files written from a curator's decisions: deterministic bytes, the curated files'
vocabulary, evidence for every statement, and a file that builds and conforms."""

from __future__ import annotations

import dataclasses
import random
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import DATA, settings_for
from rdflib.compare import isomorphic

from edgraph.bundled import bundled_project
from edgraph.curation.decisions import Decisions
from edgraph.curation.extract import propose
from edgraph.curation.intake import Document, parse_text
from edgraph.curation.match import Matcher
from edgraph.curation.reconcile import reconcile
from edgraph.curation.write import QUOTE_MAX, SourceMeta, source_file

BASE = "https://w3id.org/edgraph/id/"
ARTICLE = """Coastal Science Week opens in Valparaíso

VALPARAÍSO, Chile, 3 March 2025 — The Coastal Science Week, held from 1 to 5 March 2025 in
Valparaíso, Chile, was organized by the Pelican Learning Network and hosted by the University
of the Pacific Shore.

The week was funded by the Albatross Foundation and sponsored by Kelp Telecom.

Dr. Ana Ruiz, director of the Pelican Learning Network, said the network now gathers more
than 40 schools from three countries.
"""


def _meta(doc: Document, slug: str = "coastal-science-week") -> SourceMeta:
    return SourceMeta(slug, doc.headline, doc.language, doc.published, doc.url,
                      doc.fingerprint, doc.media_type, len(doc.paragraphs))  # fmt: skip


@pytest.fixture(scope="module")
def written(tiny_shared_project: Path) -> tuple[Document, Decisions, str]:
    from edgraph.build import build
    from edgraph.store import EmbeddedStore

    store = EmbeddedStore.in_memory()
    build(store, settings_for(tiny_shared_project))
    matcher = Matcher.from_store(store)
    doc = parse_text(ARTICLE, language="en")
    proposal = propose(doc, gazetteer=matcher)
    decisions = Decisions.proposed(proposal, reconcile(proposal, matcher))
    return doc, decisions, source_file(_meta(doc), decisions, base=BASE)


def test_the_same_decisions_give_the_same_bytes_in_any_order(
    written: tuple[Document, Decisions, str],
) -> None:
    doc, decisions, text = written
    facts = list(decisions.facts)
    random.Random(7).shuffle(facts)  # noqa: S311 (an order, not a secret)
    shuffled = dataclasses.replace(decisions, facts=tuple(facts),
                                   entities=tuple(reversed(decisions.entities)))  # fmt: skip
    assert source_file(_meta(doc), shuffled, base=BASE) == text


def test_rdflib_and_the_store_read_the_same_graph(written: tuple[Document, Decisions, str]) -> None:
    text = written[2]
    by_rdflib = rdflib.Graph().parse(data=text, format="turtle")
    by_store = rdflib.Graph().parse(
        data=ox.serialize(
            ox.parse(text.encode(), ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES
        ).decode(),
        format="nt",
    )
    assert len(by_rdflib) > 20 and isomorphic(by_rdflib, by_store)


def test_roles_are_written_as_the_curated_files_write_them(
    written: tuple[Document, Decisions, str],
) -> None:
    graph = rdflib.Graph().parse(data=written[2], format="turtle")
    edgo = rdflib.Namespace("https://w3id.org/edgraph/ontology#")
    event = rdflib.URIRef(BASE + "event/coastal-science-week")
    funders = {str(o) for o in graph.objects(event, edgo.funder)}
    sponsors = {str(o) for o in graph.objects(event, edgo.sponsor)}
    assert funders == {BASE + "org/albatross-foundation"}
    assert sponsors == {BASE + "org/kelp-telecom"}
    assert (event, edgo.host, rdflib.URIRef(BASE + "org/university-of-the-pacific-shore")) in graph


def test_every_statement_has_its_evidence_with_paragraph_and_quote(
    written: tuple[Document, Decisions, str],
) -> None:
    graph = rdflib.Graph().parse(data=written[2], format="turtle")
    rows = graph.query(
        """PREFIX edgo: <https://w3id.org/edgraph/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?paragraph ?quote WHERE {
          ?e rdf:subject <https://w3id.org/edgraph/id/event/coastal-science-week> ;
             rdf:predicate edgo:funder ; rdf:object ?funder ;
             edgo:paragraph ?paragraph ; edgo:quote ?quote }"""
    )
    (paragraph, quote), = list(rows)  # fmt: skip
    assert int(paragraph) == 2 and "funded by the Albatross Foundation" in str(quote)
    statements = {(s, p, o) for s, p, o in graph if str(p).startswith(str(rdflib.URIRef(
        "https://w3id.org/edgraph/ontology#"))) and p.split("#")[1] in ("funder", "sponsor", "host", "organizer")}  # fmt: skip
    evidenced = set(graph.query(
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT ?s ?p ?o WHERE "
        "{ ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"))  # fmt: skip
    assert statements and statements <= {tuple(row) for row in evidenced}


def test_the_full_text_is_not_written(written: tuple[Document, Decisions, str]) -> None:
    doc, _, text = written
    assert "now gathers more than 40 schools" in text  # quoted as evidence of the claim
    assert all(len(line) < QUOTE_MAX + 200 for line in text.splitlines())
    assert doc.paragraphs[0].text[:60] not in text.replace("\n", " ") or "edgo:quote" in text


def test_a_rejected_fact_is_not_written(written: tuple[Document, Decisions, str]) -> None:
    doc, decisions, _ = written
    facts = tuple(dataclasses.replace(f, status="rejected") if f.role == "sponsor" else f
                  for f in decisions.facts)  # fmt: skip
    text = source_file(_meta(doc), dataclasses.replace(decisions, facts=facts), base=BASE)
    assert "edgo:sponsor" not in text and "kelp-telecom" not in text


def test_the_file_builds_and_conforms(
    tmp_path: Path, written: tuple[Document, Decisions, str]
) -> None:
    from edgraph.build import build
    from edgraph.location import open_store
    from edgraph.validate import validate

    project = tmp_path / "project"
    shutil.copytree(bundled_project() / "ontology", project / "ontology")
    shutil.copytree(DATA / "graph", project / "graph")
    (project / "graph" / "sources" / "coastal-science-week.ttl").write_text(written[2])
    location = str(tmp_path / "store")
    store = open_store(location, must_exist=False)
    build(store, settings_for(project, store=location))
    report = validate(store, project / "ontology" / "shapes.ttl")
    assert report.conforms, report.text
