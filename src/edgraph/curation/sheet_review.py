"""An import kept for review (``edgraph import --review``): the spreadsheet's decisions put into
the curation workspace as a source of its own, so that ``edgraph curate`` shows it with the
entities it may know already as candidates, and its save writes the spreadsheet's source file
(:func:`source_meta` gives the save the spreadsheet's description instead of an article's).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from edgraph.curation.decisions import Decisions
from edgraph.curation.intake import Document, Paragraph
from edgraph.curation.write import CitedDocument, SourceMeta
from edgraph.settings import Settings


def to_workspace(slug: str, meta: SourceMeta, decisions: Decisions, plan: Any,
                 settings: Settings) -> None:  # fmt: skip
    """Add the import to the workspace as ``slug``: its rows as the document's paragraphs (for
    the page to show), each element's candidates, the spreadsheet's description."""
    from edgraph.curation.session import DuplicateSourceError, workspace

    space = workspace(settings)
    if slug in space.slugs():
        raise DuplicateSourceError(
            f"{slug} is in the curation workspace already: review it "
            "with edgraph curate, or import with another --name"
        )
    names = {e.key: e.name for e in decisions.entities}
    lines = [f"{e.sheet} row {e.row}: {e.name} ({e.type.rsplit('#', 1)[-1]})"
             for e in decisions.entities if e.row]  # fmt: skip
    lines += [f"{f.evidence.sheet} row {f.evidence.row}: {names.get(f.agent, f.agent)} — "
              f"{f.role or f.attribute} — {names.get(f.target, f.value)}"
              for f in decisions.facts]  # fmt: skip
    document = Document(meta.headline, tuple(Paragraph(i, t) for i, t in enumerate(lines, 1)),
                        meta.language or "en", None, None, None, None, None, meta.media_type,
                        meta.identifier)  # fmt: skip
    reconciliation = {}
    for entity in decisions.entities:
        if entity.new and entity.row:
            found = plan.matcher.match(entity.name, kind=entity.kind, limit=5)
            reconciliation[entity.key] = {
                "iri": entity.iri, "new": True,
                "candidates": [{"iri": c.iri, "label": c.label, "kind": c.kind, "score": c.score,
                                "reasons": list(c.reasons), "matched": c.matched}
                               for c in found],
            }  # fmt: skip
    record = {
        "proposal": {"entities": []},
        "reconciliation": reconciliation,
        "spreadsheet": {
            **dataclasses.asdict(meta),
            "documents": [dataclasses.asdict(d) for d in meta.documents],
        },
    }
    space.add(slug, document, record, decisions)


def source_meta(record: dict[str, Any]) -> SourceMeta | None:
    """The spreadsheet's description kept with a reviewed import; None for an article."""
    data = record.get("spreadsheet")
    if not isinstance(data, dict):
        return None
    documents = tuple(CitedDocument(**d) for d in data.get("documents", ()))
    return SourceMeta(**{**data, "published": None, "documents": documents})
