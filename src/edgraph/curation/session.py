"""What curating a source does, for the command line and the curation pages alike: take a new
document in (refusing one the graph or the workspace has already), propose and reconcile its
facts, and save a curator's decisions as a source file that conforms, then rebuild the store.

A save is all or nothing: the file is written inside the workspace first, the project is built
with it in memory and checked against the shapes, and only a file whose own statements
conform is renamed into graph/sources/; the store is then rebuilt from the project. A failing
check, or a crash at any point, leaves graph/ as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from edgraph.curation.decisions import Decisions, EntityDecision, signature
from edgraph.curation.extract import propose
from edgraph.curation.intake import Document, parse_document
from edgraph.curation.match import Matcher
from edgraph.curation.model import Proposal
from edgraph.curation.reconcile import Reconciliation, known_sources, reconcile
from edgraph.curation.workspace import Workspace, write_atomically
from edgraph.curation.write import SourceMeta, source_file
from edgraph.errors import EdgraphError
from edgraph.namespaces import EDGO, graph_iri
from edgraph.settings import Settings
from edgraph.store import Store
from edgraph.validate import Violation


class DuplicateSourceError(EdgraphError):
    """The document has been added already (the same URL or the same text)."""

    status = 409


class ReadOnlyProjectError(EdgraphError):
    """The project in use is the data installed with edgraph, which curation must not change."""


@dataclass(frozen=True)
class Proposed:
    """A document with what the extractor proposes for it and the decisions that follow."""

    document: Document
    proposal: Proposal
    reconciliation: Reconciliation
    decisions: Decisions


@dataclass(frozen=True)
class Saved:
    """The outcome of a save: the file written (None when its statements do not conform) and
    the violations the source's own statements have."""

    path: Path | None
    decisions: Decisions
    violations: tuple[Violation, ...]


def workspace(settings: Settings) -> Workspace:
    return Workspace(settings.workspace_dir(), settings.project_dir() / "graph" / "sources")


def check_writable(settings: Settings) -> None:
    """Refuse to curate into the data installed with edgraph (a checkout's graph/ is fine)."""
    project = settings.project_dir()
    if "site-packages" in project.parts or "dist-packages" in project.parts:
        raise ReadOnlyProjectError(
            f"the project in use is the data installed with edgraph ({project}); curate into "
            "a project of your own: edgraph init DIR, then --project DIR"
        )


def read_source(
    data: bytes, name: str, settings: Settings, *, language: str | None = None,
    headline: str | None = None, publisher: str | None = None,
    published: dt.date | None = None, url: str | None = None,
) -> Document:  # fmt: skip
    return parse_document(
        data, name=name, max_bytes=settings.curation_max_bytes, language=language,
        headline=headline, publisher=publisher, published=published, url=url,
    )  # fmt: skip


def propose_for(document: Document, store: Store, settings: Settings) -> Proposed:
    """Propose and reconcile ``document``'s facts against ``store``; every fact accepted as
    proposed, the publisher named as an entity."""
    matcher = Matcher.for_store(store, base=settings.base_iri)
    proposal = propose(document, gazetteer=matcher)
    reconciled = reconcile(proposal, matcher, min_score=settings.curation_match_score)
    decisions = _with_publisher(Decisions.proposed(proposal, reconciled), document, matcher,
                                settings)  # fmt: skip
    return Proposed(document, proposal, reconciled, decisions)


def add(document: Document, store: Store, settings: Settings) -> tuple[str, Proposed]:
    """Take ``document`` into the workspace with its proposal: its slug and what was proposed.
    A document the graph or the workspace has already is refused, naming it."""
    check_writable(settings)
    space = workspace(settings)
    for slug, reason in space.find(document):
        raise DuplicateSourceError(
            f"this document is in the curation workspace already ({reason}): {slug}"
        )
    for known in known_sources(store, document):
        raise DuplicateSourceError(f"this document is in the graph already ({known.reason}): "
                                   f"<{known.iri}>")  # fmt: skip
    proposed = propose_for(document, store, settings)
    slug = space.new_slug(document)
    record = {"proposal": proposed.proposal.to_json(),
              "reconciliation": proposed.reconciliation.to_json()}  # fmt: skip
    space.add(slug, document, record, proposed.decisions)
    return slug, proposed


def source_meta(slug: str, space: Workspace, document: Document) -> SourceMeta:
    """What the source file says of the source: an imported spreadsheet's description (kept
    in the workspace by ``edgraph import --review``), else the article's."""
    from edgraph.curation.sheet_review import source_meta as sheet_meta

    return sheet_meta(space.record(slug)) or meta(slug, document)


def meta(slug: str, document: Document) -> SourceMeta:
    return SourceMeta(slug, document.headline, document.language, document.published,
                      document.url, document.fingerprint, document.media_type,
                      len(document.paragraphs))  # fmt: skip


def save(slug: str, decisions: Decisions, store: Store, settings: Settings) -> Saved:
    """Write ``decisions`` as graph/sources/<slug>.ttl if its statements conform, then rebuild
    ``store``; the decisions are kept in the workspace either way (one version on)."""
    from edgraph.build import build, build_inputs, project_inputs, with_file
    from edgraph.store import EmbeddedStore
    from edgraph.validate import validate

    check_writable(settings)
    space = workspace(settings)
    entry = space.entry(slug)
    remembered = _remember_rejections(decisions)
    saved = space.save(slug, remembered)
    described = source_meta(slug, space, entry.document)
    text = source_file(described, saved, base=settings.base_iri)
    project = settings.project_dir()
    trial = settings.workspace_dir() / slug / "candidate.ttl"
    write_atomically(trial, text)
    graph = graph_iri(settings.base_iri, f"sources/{slug}")
    inputs = with_file(project_inputs(project, base_iri=settings.base_iri), graph, trial, project)
    tried = EmbeddedStore.in_memory()
    build_inputs(tried, inputs, settings)
    renamed = _new_iris_kept_new(saved, tried, graph, settings)
    if renamed is not saved:  # another source took a name in the meantime: mint again
        saved = space.save(slug, renamed)
        text = source_file(described, saved, base=settings.base_iri)
        write_atomically(trial, text)
        tried = EmbeddedStore.in_memory()
        build_inputs(tried, inputs, settings)
    report = validate(tried, project / "ontology" / "shapes.ttl")
    own = tuple(v for v in report.violations if graph in v.graphs and v.severity == "Violation")
    if own:
        return Saved(None, saved, own)
    target = project / "graph" / "sources" / f"{slug}.ttl"
    target.parent.mkdir(parents=True, exist_ok=True)
    trial.replace(target)  # one rename: graph/ has the old file or the new one
    build(store, settings)
    return Saved(target, saved, ())


def _new_iris_kept_new(
    decisions: Decisions, tried: Store, graph: str, settings: Settings
) -> Decisions:
    """``decisions`` with each new entity whose IRI another graph of the project uses (a source
    saved since this one was proposed) given a fresh IRI; the same object when none is."""
    from edgraph.namespaces import mint_new

    def used_elsewhere(iri: str) -> bool:
        return bool(tried.query(
            f"ASK {{ GRAPH ?g {{ <{iri}> ?p ?o }} FILTER(?g != <{graph}>) }}").boolean)  # fmt: skip

    changed = False
    entities = []
    taken = {e.iri for e in decisions.entities}
    for entity in decisions.entities:
        if entity.new and used_elsewhere(entity.iri):
            kind = entity.iri[len(settings.base_iri) :].split("/")[0]
            iri = mint_new(settings.base_iri, kind, entity.name,
                           lambda i: i in taken or used_elsewhere(i))  # fmt: skip
            taken.add(iri)
            entity = dataclasses.replace(entity, iri=iri)
            changed = True
        entities.append(entity)
    if not changed:
        return decisions
    return dataclasses.replace(decisions, entities=tuple(entities), version=decisions.version)


def _remember_rejections(decisions: Decisions) -> Decisions:
    """The decisions with what each rejected fact says kept, so that the fact is not proposed
    again when the source is read anew."""
    said = {signature(f, decisions) for f in decisions.facts if f.status == "rejected"}
    return dataclasses.replace(decisions, rejected=tuple(sorted(set(decisions.rejected) | said)))


def repropose(slug: str, store: Store, settings: Settings) -> Decisions:
    """Propose the workspace's source anew (after the graph or the extractor changed): the new
    proposal, with the facts rejected before rejected again and entities kept as decided."""
    space = workspace(settings)
    entry = space.entry(slug)
    fresh = propose_for(entry.document, store, settings).decisions
    rejected = set(entry.decisions.rejected)
    chosen = {(e.name, e.kind): e for e in entry.decisions.entities}
    entities = tuple(
        dataclasses.replace(chosen[(e.name, e.kind)], key=e.key) if (e.name, e.kind) in chosen
        else e
        for e in fresh.entities
    )  # fmt: skip
    renamed = dataclasses.replace(fresh, entities=entities)
    facts = tuple(
        dataclasses.replace(f, status="rejected") if signature(f, renamed) in rejected else f
        for f in renamed.facts
    )
    return dataclasses.replace(renamed, facts=facts, rejected=entry.decisions.rejected,
                               version=entry.decisions.version)  # fmt: skip


def _with_publisher(
    decisions: Decisions, document: Document, matcher: Matcher, settings: Settings
) -> Decisions:
    if not document.publisher:
        return decisions
    for entity in decisions.entities:
        if entity.name.casefold() == document.publisher.casefold():
            return dataclasses.replace(decisions, publisher=entity.key)
    match = matcher.best(document.publisher, kind="organization",
                         min_score=settings.curation_match_score)  # fmt: skip
    if match is not None:
        entity = EntityDecision("publisher", match.iri, False, match.label, "organization",
                                EDGO + "Organization")  # fmt: skip
    else:
        from edgraph.namespaces import mint_new

        taken = {e.iri for e in decisions.entities}
        iri = mint_new(settings.base_iri, "org", document.publisher,
                       lambda i: matcher.taken(i) or i in taken)  # fmt: skip
        entity = EntityDecision("publisher", iri, True, document.publisher, "organization",
                                EDGO + "Organization")  # fmt: skip
    return dataclasses.replace(decisions, entities=(*decisions.entities, entity),
                               publisher="publisher")  # fmt: skip
