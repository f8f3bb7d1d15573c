"""The curator's workspace: for each source being curated, its full text and the decisions
made on it, in a folder beside the project's graph (``.edgraph/curation/`` by default, never
published). One folder per source, named by the source's slug:

- ``document.json``: the document as read (headline, paragraphs, metadata, fingerprint);
- ``proposal.json``: what the extractor proposed, with its reconciliation, for the record;
- ``decisions.json``: the curator's decisions, versioned (each save adds one), so a second
  tab saving an older copy is told instead of overwriting.

Writes go to a file beside the target and are renamed over it, so a crash leaves the old or
the new file, never half of one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edgraph.curation.decisions import Decisions
from edgraph.curation.intake import Document, Paragraph
from edgraph.errors import EdgraphError
from edgraph.namespaces import slugify


class ConflictError(EdgraphError):
    """Decisions saved from a copy older than the workspace's (another tab saved first)."""

    status = 409


@dataclass(frozen=True)
class Entry:
    """One source of the workspace."""

    slug: str
    document: Document
    decisions: Decisions

    @property
    def folder_name(self) -> str:
        return self.slug


class Workspace:
    """The workspace in ``folder``; ``sources`` is the project's graph/sources/, whose file
    names the slugs must not take."""

    def __init__(self, folder: Path, sources: Path) -> None:
        self.folder = folder
        self.sources = sources

    def slugs(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir() if (p / "document.json").is_file())

    def entry(self, slug: str) -> Entry:
        folder = self._folder(slug)
        try:
            document = document_from_json(_read(folder / "document.json"))
            decisions = Decisions.from_json(_read(folder / "decisions.json"))
        except FileNotFoundError:
            from edgraph.errors import NotFoundError

            raise NotFoundError(f"no source {slug!r} in the curation workspace") from None
        return Entry(slug, document, decisions)

    def record(self, slug: str) -> dict[str, Any]:
        """What was proposed for the source (``proposal.json``): the extractor's candidates
        and their reconciliation; empty when the file is gone."""
        try:
            return _read(self._folder(slug) / "proposal.json")
        except FileNotFoundError:
            return {}

    def saved_file(self, slug: str) -> Path | None:
        """The source file a save of ``slug`` wrote, when there is one."""
        path = self.sources / f"{slug}.ttl"
        return path if path.is_file() else None

    def entries(self) -> list[Entry]:
        return [self.entry(slug) for slug in self.slugs()]

    def new_slug(self, document: Document) -> str:
        """A slug for ``document`` that neither the workspace nor graph/sources/ has: its
        headline's words (at most eight), with the year it was published."""
        words = slugify(document.headline or "source").split("-")[:8]
        year = f"-{document.published.year}" if document.published else ""
        first = "-".join(words).strip("-") + year or "source"
        slug, number = first, 1
        while (self.folder / slug).exists() or (self.sources / f"{slug}.ttl").exists():
            number += 1
            slug = f"{first}-{number}"
        return slug

    def add(self, slug: str, document: Document, proposal: dict[str, Any],
            decisions: Decisions) -> Entry:  # fmt: skip
        folder = self._folder(slug)
        folder.mkdir(parents=True, exist_ok=False)
        write_atomically(folder / "document.json", _json(document_to_json(document)))
        write_atomically(folder / "proposal.json", _json(proposal))
        write_atomically(folder / "decisions.json", _json(decisions.to_json()))
        return Entry(slug, document, decisions)

    def save(self, slug: str, decisions: Decisions) -> Decisions:
        """Keep ``decisions`` as the source's, one version on from the ones they were made
        from; an older copy is a :class:`ConflictError` and nothing is written (the refused
        copy is kept beside, so nothing a curator did is lost)."""
        folder = self._folder(slug)
        current = Decisions.from_json(_read(folder / "decisions.json"))
        if decisions.version != current.version:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
            write_atomically(folder / f"refused-{stamp}.json", _json(decisions.to_json()))
            raise ConflictError(
                f"this source was saved from another page since this one was opened (version "
                f"{current.version}, this page has {decisions.version}); reload it to see that "
                f"version; what this page sent is kept in {folder / f'refused-{stamp}.json'}"
            )
        from dataclasses import replace

        saved = replace(decisions, version=current.version + 1)
        write_atomically(folder / "decisions.json", _json(saved.to_json()))
        return saved

    def find(self, document: Document) -> list[tuple[str, str]]:
        """Sources of the workspace that ``document`` already is: the same text, or the same
        URL."""
        found = []
        for entry in self.entries():
            if entry.document.fingerprint == document.fingerprint:
                found.append((entry.slug, "the same text"))
            elif document.url and entry.document.url == document.url:
                found.append((entry.slug, "the same URL"))
        return found

    def _folder(self, slug: str) -> Path:
        if slug != slugify(slug) or not slug:
            from edgraph.errors import NotFoundError

            raise NotFoundError(f"{slug!r} is not the name of a source")
        return self.folder / slug


def document_to_json(document: Document) -> dict[str, Any]:
    return {
        "headline": document.headline,
        "paragraphs": [p.text for p in document.paragraphs],
        "language": document.language,
        "detected_language": document.detected_language,
        "language_confidence": document.language_confidence,
        "publisher": document.publisher,
        "published": document.published.isoformat() if document.published else None,
        "url": document.url,
        "media_type": document.media_type,
        "fingerprint": document.fingerprint,
    }


def document_from_json(data: dict[str, Any]) -> Document:
    published = data.get("published")
    return Document(
        headline=data["headline"],
        paragraphs=tuple(Paragraph(i, text) for i, text in enumerate(data["paragraphs"], 1)),
        language=data["language"],
        detected_language=data.get("detected_language"),
        language_confidence=data.get("language_confidence"),
        publisher=data.get("publisher"),
        published=dt.date.fromisoformat(published) if published else None,
        url=data.get("url"),
        media_type=data["media_type"],
        fingerprint=data["fingerprint"],
    )


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` beside ``path`` and rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _read(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data
