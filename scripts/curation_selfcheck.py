"""Self-check of the curation extractor against the hand-curated sources.

    python scripts/curation_selfcheck.py SEEDS_DIR [--project DIR] [-v]

For each curated file in graph/sources/ whose schema:identifier names a seed article in
SEEDS_DIR (files named NNN_<identifier>.txt), the article is read and put through the
extractor, and what it proposes is compared with the curated facts: organizations found with
their kind, roles (precision and recall), claims and dates. The gazetteer is made from the
reference graphs only (countries, regions, SDGs), not from the curated sources, so that the
extractor does not see the answers. The articles are only read, never copied.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from edgraph.build import build
from edgraph.bundled import bundled_project
from edgraph.curation.evaluate import Score, score
from edgraph.curation.extract import propose
from edgraph.curation.intake import read_document
from edgraph.curation.match import Matcher
from edgraph.namespaces import EDGO, SCHEMA
from edgraph.settings import Settings
from edgraph.store import EmbeddedStore

E = rdflib.Namespace(EDGO)
S = rdflib.Namespace(SCHEMA)
AGENT_ROLES = {
    "organizer": "organizer", "coOrganizer": "co_organizer", "host": "host",
    "funder": "funder", "sponsor": "sponsor", "supporter": "supporter",
    "participant": "participant", "operator": "operator", "coordinator": "coordinator",
    "facilitator": "facilitator", "proposer": "proposer",
}  # fmt: skip
KINDS = (
    ("Network", "network"), ("Organization", "organization"), ("Person", "person"),
    ("Event", "event"), ("Place", "place"), ("Project", "project"), ("Plan", "project"),
)  # fmt: skip


def curated_facts(path: Path, ontology: rdflib.Graph) -> tuple[str | None, dict[str, Any]]:
    """The facts of one curated file, in the form evaluate.score reads."""
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    both = graph + ontology
    identifier = next((str(o) for o in graph.objects(None, S.identifier)), None)

    def names(node: rdflib.term.Node) -> list[str]:
        return [str(n) for n in graph.objects(node, S.name)] + [
            str(a) for a in graph.objects(node, SKOS.altLabel)
        ]

    def kind(node: rdflib.term.Node) -> tuple[str, str] | None:
        types = set(graph.objects(node, RDF.type))
        closure = set()
        for cls in types:
            closure |= set(both.transitive_objects(cls, RDFS.subClassOf))
        for local, key in KINDS:
            if E[local] in closure:
                own = sorted(str(t).split("#")[-1] for t in types if str(t).startswith(EDGO))
                return key, own[0] if own else local
        return None

    entities = []
    label: dict[rdflib.term.Node, str] = {}
    for node in set(graph.subjects(RDF.type, None)):
        found = kind(node)
        if found is None or not names(node):
            continue
        all_names = names(node)
        label[node] = all_names[0]
        entities.append({"name": all_names[0], "kind": found[0], "type": found[1],
                         "aliases": all_names[1:]})  # fmt: skip
    relations = []
    for local, role in AGENT_ROLES.items():
        for target, agent in graph.subject_objects(E[local]):
            if agent in label and target in label:
                relations.append({"role": role, "agent": label[agent], "target": label[target]})
    for predicate, role in ((E.memberOf, "member"), (E.unitOf, "unit_of"),
                            (S.worksFor, "works_for"), (S.superEvent, "sub_event"),
                            (E.eventOf, "event_of"), (E.locatedIn, "located_in")):  # fmt: skip
        for agent, target in graph.subject_objects(predicate):
            if agent in label and target in label:
                relations.append({"role": role, "agent": label[agent], "target": label[target]})
    claims = []
    for claim in graph.subjects(RDF.type, E.Claim):
        about = graph.value(claim, E.about)
        if about in label:
            claims.append({
                "about": label[about], "value": graph.value(claim, S.value).toPython(),
                "qualifier": str(graph.value(claim, E.qualifier)).split("#")[-1],
                "measure": str(graph.value(claim, E.measure)).split("#")[-1],
            })  # fmt: skip
    dates = []
    for node, name in label.items():
        item = {"entity": name}
        for predicate, key in ((S.startDate, "start_date"), (S.endDate, "end_date"),
                               (S.foundingDate, "founding_date")):  # fmt: skip
            value = graph.value(node, predicate)
            if value is not None:
                item[key] = str(value)
        if len(item) > 1:
            dates.append(item)
    return identifier, {"entities": entities, "relations": relations, "claims": claims,
                        "dates": dates}  # fmt: skip


def reference_gazetteer(project: Path) -> Matcher:
    """A matcher over the project's ontology and reference graphs only."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(project / "ontology", root / "ontology")
        shutil.copytree(project / "graph" / "reference", root / "graph" / "reference")
        store = EmbeddedStore.in_memory()
        build(store, Settings.load(overrides={"project": root}, env={}, config_file=None))
        return Matcher.from_store(store)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", type=Path, help="folder of the seed articles (NNN_<id>.txt)")
    parser.add_argument("--project", type=Path, default=bundled_project())
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and errors")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"curation_selfcheck: {args.seeds} is not a folder", file=sys.stderr)
        return 2
    ontology = rdflib.Graph().parse(args.project / "ontology" / "edgraph.ttl", format="turtle")
    gazetteer = reference_gazetteer(args.project)
    total = Score()
    checked = 0
    for path in sorted((args.project / "graph" / "sources").glob("*.ttl")):
        identifier, expected = curated_facts(path, ontology)
        seeds = list(args.seeds.glob(f"*_{identifier}.txt")) if identifier else []
        if not seeds:
            print(f"{path.name}: no seed article for identifier {identifier}")
            continue
        document = read_document(seeds[0], max_bytes=5_000_000)
        proposal = propose(document, gazetteer=gazetteer)
        result = score(proposal, expected)
        total.add(result)
        checked += 1
        print(f"{path.name} ({proposal.elapsed_ms:.0f} ms): {result.summary()}")
        if args.verbose:
            for line in result.missed:
                print(f"    missed  {line}")
            for line in result.wrong:
                print(f"    not in the curated file  {line}")
    print(f"all {checked} sources: {total.summary()}")
    return 0 if checked else 1


if __name__ == "__main__":
    sys.exit(main())
