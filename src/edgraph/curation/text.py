"""Text as curation reads it: blocks into numbered paragraphs (page furniture skipped, as
``edgo:paragraph`` counts them), paragraphs into sentences with their character spans, and
words with their spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

#: Short blocks that are page furniture whatever their punctuation (compared folded).
_FURNITURE = frozenset((
    "share", "compartir", "facebook", "twitter", "x", "linkedin", "whatsapp", "instagram",
    "youtube", "telegram", "email", "e-mail", "correo", "print", "imprimir", "tweet",
    "pinterest", "reddit", "copy link", "copiar enlace", "menu", "menú", "home", "inicio",
    "search", "buscar", "close", "cerrar", "skip to content", "saltar al contenido",
    "read more", "leer más", "ver más", "see more", "related articles",
    "noticias relacionadas", "advertisement", "publicidad", "subscribe", "suscríbete",
    "newsletter", "publication date", "fecha de publicación", "close this search box.",
    "back to top", "volver arriba", "previous", "next", "anterior", "siguiente", "tags",
    "etiquetas", "article", "artículo", "news", "noticias", "noticia", "press release",
    "comunicado de prensa", "blog",
))  # fmt: skip
_FURNITURE_WORDS = frozenset(
    """share compartir facebook twitter linkedin whatsapp instagram youtube telegram email
    e-mail print imprimir tweet pinterest reddit menu menú""".split()
)
_CAPTION = re.compile(
    r"^(photo|foto|fotografía|image|imagen|credit|crédito|source|fuente)\s*:", re.I
)
_END_PUNCTUATION = tuple(".!?:;\"”»’')…")


def normalize(text: str) -> str:
    """NFC, Unix newlines, no byte-order mark, no control characters but newline and tab.

    >>> normalize("caf\\u0065\\u0301\\r\\nok\\x00")
    'café\\nok'
    """
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff")).replace("\r\n", "\n")
    text = text.replace("\r", "\n").replace("\u00a0", " ").replace("\u2028", "\n")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")


def blocks(text: str) -> list[str]:
    """The blocks of a plain text: separated by blank lines, their lines joined (wrapped text);
    a text with no blank line has one block per line.

    >>> blocks("Title\\n\\nFirst line\\nwrapped.\\n\\n\\nSecond.")
    ['Title', 'First line wrapped.', 'Second.']
    >>> blocks("One.\\nTwo.")
    ['One.', 'Two.']
    """
    text = normalize(text)
    blank_line = re.compile(r"\n[ \t]*\n")
    raw = blank_line.split(text) if blank_line.search(text) else text.split("\n")
    out = []
    for block in raw:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and all(is_furniture(line) for line in lines):
            out.append(lines[0])  # a column of share buttons: one furniture block
            continue
        # a search box or share button glued to the top or bottom of a block
        while len(lines) > 1 and is_furniture(lines[0], loose=False):
            lines.pop(0)
        while len(lines) > 1 and is_furniture(lines[-1], loose=False):
            lines.pop()
        out.append(join_lines(lines))
    return out


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph joined, words split across lines by a hyphen put back together.

    >>> join_lines(["the educa-", "tion ministry"])
    'the education ministry'
    """
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower() and text[-2:-1].isalpha():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return " ".join(text.split())


def is_furniture(block: str, *, loose: bool = True) -> bool:
    """Page furniture: share buttons, menus, image file names and captions, and (``loose``) a
    short label with no sentence punctuation.

    >>> [is_furniture(b) for b in ["Share", "Photo: A. Pérez", "ASPnet-Regional-Meeting",
    ...  "Publication date", "Delegates will meet in Lima.", "Y is STEM Still White?"]]
    [True, True, True, True, False, False]
    """
    text = block.strip()
    folded = text.casefold()
    if not text or folded in _FURNITURE or _CAPTION.match(text):
        return True
    words = text.split()
    if all(w.casefold().strip(".,|·•") in _FURNITURE_WORDS for w in words):
        return True
    if len(words) == 1 and re.fullmatch(r"[\w.]+([-_][\w.]+)+", text):
        return True  # an image's file name
    return loose and len(words) <= 4 and not text.endswith(_END_PUNCTUATION)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph: its text and where it starts and ends in the paragraph."""

    text: str
    start: int
    end: int


# Words after which a full stop does not end a sentence (compared folded, without the stop).
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr dra drs prof profa sr sra srta st mt no nos núm num vol pp p ed eds inc ltd
    co corp jr sen rep gov gen gral col lic ing mtro mtra arq av avda etc vs e.g i.e u.s u.k
    jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago dic approx aprox dept
    depto""".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"”»’')\]]*(?=\s+[\"“«‘(¿¡]?[\w\"“«‘(¿¡])")


def sentences(paragraph: str) -> list[Sentence]:
    """The sentences of ``paragraph`` with their spans; full stops after abbreviations and
    initials, and inside numbers, do not end one.

    >>> [s.text for s in sentences("Dr. Ana Ruiz spoke on Oct. 3. It rained. ¿Llueve? Sí.")]
    ['Dr. Ana Ruiz spoke on Oct. 3.', 'It rained.', '¿Llueve?', 'Sí.']
    >>> sentences("J. K. Lee came.")[0].end
    15
    """
    out: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        before = paragraph[start : match.start()]
        word = re.search(r"([\w.]+)$", before)
        last = word.group(1).casefold() if word else ""
        if match.group().startswith(".") and (
            last in _ABBREVIATIONS
            or (len(last) == 1 and last.isalpha())
            or last.rstrip(".") in _ABBREVIATIONS
        ):
            continue
        end = match.end()
        _add(out, paragraph, start, end)
        start = end
    _add(out, paragraph, start, len(paragraph))
    return out


def _add(out: list[Sentence], paragraph: str, start: int, end: int) -> None:
    while start < end and paragraph[start].isspace():
        start += 1
    while end > start and paragraph[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(paragraph[start:end], start, end))


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


_TOKEN = re.compile(r"\w+(?:[-'’.&]\w+)*(?:(?<=s)['’](?=\s))?\.?|[^\w\s]", re.UNICODE)


def tokens(text: str) -> Iterator[Token]:
    """Words (with inner hyphens, apostrophes and dots) and punctuation, with their spans.

    >>> [t.text for t in tokens("UNESCO's Office (ASP-net), S.A. de C.V.")]
    ['UNESCO', "'", 's', 'Office', '(', 'ASP-net', ')', ',', 'S.A.', 'de', 'C.V.']
    """
    for match in _TOKEN.finditer(text):
        word = match.group()
        end = match.end()
        # a final dot belongs to the word only for abbreviations like "S.A." or "Inc."
        if (
            word.endswith(".")
            and "." not in word[:-1]
            and word[:-1].casefold() not in _ABBREVIATIONS
        ):
            word, end = word[:-1], end - 1
        if word.endswith("'s") or word.endswith("’s"):
            yield Token(word[:-2], match.start(), end - 2)
            yield Token(word[-2], end - 2, end - 1)
            yield Token("s", end - 1, end)
            continue
        yield Token(word, match.start(), end)
