"""Source intake: a file or upload (plain text, HTML or PDF) -> a :class:`Document` with its
metadata, its paragraphs numbered as ``edgo:paragraph`` counts them, its language and a content
fingerprint. Nothing here runs a script or fetches anything.

>>> doc = parse_text("The Andes Fund backs schools\\n\\nShare\\n\\nThe Andes Fund funds the "
...                  "Quipu Network of schools in Peru. It was founded in 2011.", language="en")
>>> doc.headline, [(p.number, p.text[:22]) for p in doc.paragraphs]
('The Andes Fund backs schools', [(1, 'The Andes Fund funds t')])
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from edgraph.catalog import fold
from edgraph.curation import text as txt
from edgraph.curation.dates import find_dates
from edgraph.errors import SourceInputError, SourceTooLargeError, UnsupportedLanguageError

#: Languages the extractor has patterns for.
LANGUAGES = ("en", "es")

#: Names of languages that detection may report, for messages.
_LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "pt": "Portuguese", "fr": "French", "de": "German",
    "it": "Italian", "ca": "Catalan", "gl": "Galician", "nl": "Dutch", "ru": "Russian",
    "zh": "Chinese", "ja": "Japanese", "ar": "Arabic", "qu": "Quechua", "eu": "Basque",
}  # fmt: skip
# Dialects and close relatives that short Spanish or English texts are sometimes taken for.
_RELATIVES = {"es": {"ext", "an", "ast", "lad"}, "en": {"sco", "pcm", "jam"}}

_MEDIA_TYPES = {"text": "text/plain", "html": "text/html", "pdf": "application/pdf"}
_MAGIC = {
    b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)", b"\x7fELF": "a program",
    b"\x1f\x8b": "a gzip archive", b"%!PS": "a PostScript file",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"RIFF": "a media file", b"ID3": "an audio file", b"MZ": "a program",
}  # fmt: skip


@dataclass(frozen=True)
class Paragraph:
    """A block of text after the headline, numbered from 1 (``edgo:paragraph``)."""

    number: int
    text: str


@dataclass(frozen=True)
class Document:
    """A source document as curation reads it."""

    headline: str
    paragraphs: tuple[Paragraph, ...]
    language: str  # "en" or "es"
    detected_language: str | None  # what detection said; None when the caller gave it
    language_confidence: float | None  # detection's probability for its answer
    publisher: str | None
    published: dt.date | None
    url: str | None  # http(s) only
    media_type: str  # text/plain, text/html or application/pdf
    fingerprint: str  # SHA-256 of the folded headline and paragraphs

    @property
    def identifier(self) -> str:
        """A short form of the fingerprint, for ``schema:identifier`` and messages."""
        return self.fingerprint[:16]

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]

    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)


def read_document(
    path: Path | str,
    *,
    max_bytes: int,
    language: str | None = None,
    headline: str | None = None,
    publisher: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> Document:
    """Read a file (its kind found from its content, then its suffix) into a Document.

    ``max_bytes`` is the size limit (a larger file raises :class:`SourceTooLargeError` before
    anything is parsed); the other options override what the file says or detection finds.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceTooLargeError(
                f"the file has {size:,} bytes, over the limit of {max_bytes:,}; "
                "raise the limit or cut the file", path=path,
            )  # fmt: skip
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceInputError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    return parse_document(
        data, name=str(path), max_bytes=max_bytes, language=language, headline=headline,
        publisher=publisher, published=published, url=url,
    )  # fmt: skip


def parse_document(
    data: bytes,
    *,
    name: str = "<upload>",
    max_bytes: int,
    language: str | None = None,
    headline: str | None = None,
    publisher: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> Document:
    """Bytes (an upload) into a Document; ``name`` (a file name) says where messages point and,
    when the content does not tell, its suffix says the kind.

    >>> parse_document(b"\\x89PNG\\r\\n...", name="logo.png", max_bytes=1000)
    Traceback (most recent call last):
    ...
    edgraph.errors.SourceInputError: logo.png: this is a PNG image, not an article; ...
    """
    if len(data) > max_bytes:
        raise SourceTooLargeError(
            f"the document has more than {max_bytes:,} bytes, the limit; raise the limit or cut it",
            path=name,
        )
    if not data.strip():
        raise SourceInputError("the file is empty; give an article as text, HTML or PDF", path=name)
    kind = sniff(data, name)
    options: dict[str, Any] = dict(
        name=name, language=language, headline=headline, publisher=publisher,
        published=published, url=url,
    )  # fmt: skip
    if kind == "pdf":
        return parse_pdf(data, **options)
    decoded = decode(data, name)
    if kind == "html":
        return parse_html(decoded, **options)
    return parse_text(decoded, **options)


def sniff(data: bytes, name: str) -> str:
    """``pdf``, ``html`` or ``text``, from the content first; a binary file is refused."""
    head = data[:1024]
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise SourceInputError(
                f"this is {what}, not an article; give plain text, HTML or PDF", path=name
            )
    if b"\x00" in data[:65536] and not _utf16(data):
        raise SourceInputError(
            "this is a binary file, not an article; give plain text, HTML or PDF", path=name
        )
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or re.search(
        rb"<(html|head|body|article|p|div)[\s>]", data[:8192].lower()
    ):
        return "html"
    if name.lower().endswith(".pdf"):
        raise SourceInputError("the file is named .pdf but is not a PDF", path=name)
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return "html"
    return "text"


def _utf16(data: bytes) -> bool:
    return data.startswith((b"\xff\xfe", b"\xfe\xff"))


def decode(data: bytes, name: str) -> str:
    """Bytes as text: UTF-8 (or UTF-16 with its mark), else the encoding charset_normalizer
    finds; text that is mostly control characters is binary."""
    text: str | None = None
    if _utf16(data):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            text = str(best) if best is not None else None
    if text is None:
        raise SourceInputError(
            "the file is not text in any encoding we can read; give UTF-8 text, HTML or PDF",
            path=name,
        )
    sample = text[:20000]
    control = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if sample and control / len(sample) > 0.01:
        raise SourceInputError(
            "this looks like a binary file, not an article; give plain text, HTML or PDF",
            path=name,
        )
    return text


def parse_text(
    text: str,
    *,
    name: str = "<text>",
    language: str | None = None,
    headline: str | None = None,
    publisher: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> Document:
    """Plain text: the first block is the headline (unless it reads as a paragraph), page
    furniture is skipped, the rest are paragraphs 1, 2, ...; a dateline gives the date."""
    found = txt.blocks(text)
    # a short headline is not furniture: only the sure kinds are skipped before it
    while found and txt.is_furniture(found[0], loose=False):
        found.pop(0)
    if headline is None and found and _reads_as_headline(found[0]):
        headline = found.pop(0)
    found = [b for b in found if not txt.is_furniture(b)]
    return _document(
        found, name=name, media_type=_MEDIA_TYPES["text"], language=language, headline=headline,
        publisher=publisher, published=published or _dateline(found), url=url,
    )  # fmt: skip


def parse_html(
    html: str,
    *,
    name: str = "<html>",
    language: str | None = None,
    headline: str | None = None,
    publisher: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> Document:
    """HTML: trafilatura separates the main text from menus and boilerplate (scripts and
    styles are dropped, never run); the page's metadata gives headline, site, date and URL."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False, deduplicate=False,
    )  # fmt: skip
    if isinstance(extracted, dict):  # as_dict=False gives a Document; typed as either
        raise TypeError("trafilatura returned a dict")
    if extracted is None or not (extracted.text or "").strip():
        raise SourceInputError(
            "no article text found in this page (only menus, scripts or markup); save the "
            "article's own page, or paste its text as a .txt file", path=name,
        )  # fmt: skip
    lines = [line.strip() for line in txt.normalize(extracted.text or "").split("\n")]
    found = [line for line in lines if line and not txt.is_furniture(line)]
    title = headline or _clean(extracted.title)
    if found and title and fold(found[0]) == fold(title):
        found.pop(0)
    elif found and not title and _reads_as_headline(found[0]):
        title = found.pop(0)
    return _document(
        found, name=name, media_type=_MEDIA_TYPES["html"], language=language, headline=title,
        publisher=publisher or _clean(extracted.sitename),
        published=published or _iso_date(extracted.date) or _dateline(found),
        url=url or _web_url(extracted.url),
    )  # fmt: skip


def parse_pdf(
    data: bytes,
    *,
    name: str = "<pdf>",
    language: str | None = None,
    headline: str | None = None,
    publisher: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> Document:
    """A PDF's text layer (pypdf; a scanned PDF without one is refused): paragraphs are the
    blocks between blank lines, or end at a short line that closes a sentence."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SourceInputError("the PDF is encrypted; save an unprotected copy", path=name)
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata
        title = _clean(metadata.title) if metadata is not None else None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceInputError(f"the PDF cannot be read: {exc}", path=name) from None
    found: list[str] = []
    for page in pages:
        found.extend(b for b in _pdf_blocks(page) if not txt.is_furniture(b))
    if not found:
        raise SourceInputError(
            "the PDF has no text layer (a scan?); run OCR on it first, or give its text",
            path=name,
        )
    if title and fold(found[0]) == fold(title):
        found.pop(0)
    elif headline is None and (not title or title.lower().endswith((".doc", ".docx", ".pdf"))):
        title = found.pop(0) if _reads_as_headline(found[0]) else None
    return _document(
        found, name=name, media_type=_MEDIA_TYPES["pdf"], language=language,
        headline=headline or title, publisher=publisher, published=published or _dateline(found),
        url=url,
    )  # fmt: skip


def _pdf_blocks(page: str) -> list[str]:
    lines = [line.rstrip() for line in txt.normalize(page).split("\n")]
    if any(not line.strip() for line in lines[1:-1]):
        return txt.blocks(page)
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        current.append(line.strip())
        if line.rstrip().endswith((".", "!", "?", ":", "”", '"')) and len(line) < 0.8 * width:
            out.append(txt.join_lines(current))
            current = []
    if current:
        out.append(txt.join_lines(current))
    # a first line that is alone and short (a title) is its own block
    if out and lines and len(lines[0]) < 0.6 * width and out[0] != lines[0].strip():
        first = lines[0].strip()
        rest = out[0][len(first) :].strip()
        out[0:1] = [first, rest] if rest else [first]
    return out


def _document(
    found: list[str],
    *,
    name: str,
    media_type: str,
    language: str | None,
    headline: str | None,
    publisher: str | None,
    published: dt.date | None,
    url: str | None,
) -> Document:
    if not found:
        raise SourceInputError(
            "no paragraphs of text found (only a title or page furniture); give the article's "
            "text", path=name,
        )  # fmt: skip
    paragraphs = tuple(Paragraph(i, t) for i, t in enumerate(found, start=1))
    headline = headline or ""
    chosen, detected, confidence = _language(headline, paragraphs, language, name)
    digest = hashlib.sha256("\n".join(fold(t) for t in (headline, *found)).encode()).hexdigest()
    return Document(
        headline=headline, paragraphs=paragraphs, language=chosen, detected_language=detected,
        language_confidence=confidence, publisher=publisher, published=published,
        url=_web_url(url), media_type=media_type, fingerprint=digest,
    )  # fmt: skip


def with_overrides(document: Document, **changes: Any) -> Document:
    """The same document with some metadata changed (headline, publisher, published, url).

    >>> doc = parse_text("Title\\n\\nThe school opened.", language="en")
    >>> with_overrides(doc, publisher="El Diario").publisher
    'El Diario'
    """
    allowed = {"headline", "publisher", "published", "url"}
    if unknown := set(changes) - allowed:
        raise ValueError(f"cannot override {sorted(unknown)}; only {sorted(allowed)}")
    if "url" in changes:
        changes["url"] = _web_url(changes["url"])
    return replace(document, **changes)


def _language(
    headline: str, paragraphs: tuple[Paragraph, ...], language: str | None, name: str
) -> tuple[str, str | None, float | None]:
    if language is not None:
        tag = language.strip().lower().split("-")[0]
        if tag not in LANGUAGES:
            raise UnsupportedLanguageError(
                f"language {language!r} was asked for, but the extractor reads only "
                f"{' and '.join(_LANGUAGE_NAMES[t] for t in LANGUAGES)} ({', '.join(LANGUAGES)})",
                path=name, detected=tag,
            )  # fmt: skip
        return tag, None, None
    sample = " ".join([headline, *(p.text for p in paragraphs)])[:20000]
    if sum(c.isalpha() for c in sample) < 40:
        raise UnsupportedLanguageError(
            "too little text to tell its language; say which it is (en or es)",
            path=name, detected="",
        )  # fmt: skip
    ranked = dict(_identifier().rank(sample))
    top = max(ranked, key=lambda k: ranked[k])
    for tag in LANGUAGES:
        if top == tag or (top in _RELATIVES[tag] and ranked.get(tag, 0.0) >= 0.05):
            return tag, top, float(ranked[top] + (ranked.get(tag, 0.0) if top != tag else 0.0))
    label = _LANGUAGE_NAMES.get(top, f"the language tagged {top!r}")
    raise UnsupportedLanguageError(
        f"the text looks like {label} ({top}, probability {ranked[top]:.2f}); the extractor "
        "reads only English and Spanish; if detection is wrong, say which it is (en or es)",
        path=name, detected=top,
    )  # fmt: skip


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's model (shipped inside the package; about 0.8 s to load, once)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _reads_as_headline(block: str) -> bool:
    words = block.split()
    return len(words) <= 30 and not (len(words) > 15 and block.endswith("."))


_DATELINES = (
    re.compile(r"^[\w .,'’-]{2,60}?\s*[—–]{1,2}\s*(?P<rest>.{6,60})"),  # LIMA — March 3, 2024 —
    re.compile(r"^[\w .'’-]{2,40}?\s+--?\s*(?P<rest>.{6,60})"),  # LIMA - March 3, 2024 -
    re.compile(r"^[\w .'’-]{2,40},\s*(?P<rest>.{6,60})"),  # Bogotá, 3 de marzo de 2024.-
)
_PUBLISHED = re.compile(
    r"^(?:published|posted|publicado|fecha(?: de publicación)?|date)\s*(?:on|el|:)?\s*", re.I
)


def _dateline(paragraphs: list[str]) -> dt.date | None:
    """The date of a dateline ("LIMA — March 3, 2024 —", "Bogotá, 3 de marzo de 2024.-") or
    a "Published ..." line at the top of the text."""
    for block in paragraphs[:3]:
        head = block[:120]
        candidates = [head]
        for dateline in _DATELINES:
            if m := dateline.match(head):
                candidates.append(m.group("rest"))
        # "Puebla, Pue., 3 de marzo de 2025.-": a place written in several parts
        candidates += [head[c.end() :] for c in re.finditer(r",\s*", head[:60])]
        # "By Ana Ruiz, Programme Officer | 12 August 2025": a byline, then the date
        candidates += [head[c.end() :] for c in re.finditer(r"\s[|·•]\s*", head)]
        if m := _PUBLISHED.match(head):
            candidates.append(head[m.end() :])
        for candidate in candidates:
            dates = find_dates(candidate)
            if dates and dates[0].start <= 2 and dates[0].finish is None:
                found = dates[0].begin.as_date()
                if found is not None:
                    return found
    return None


def _iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _web_url(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    return value if re.match(r"^https?://[^\s/]+", value, re.I) else None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(txt.normalize(value).split())
    return text or None
