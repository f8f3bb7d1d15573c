"""Source intake: text, HTML and PDF into a Document, and every kind of bad input refused with
a message a person can act on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from edgraph.curation.intake import parse_document, parse_html, parse_text, read_document
from edgraph.errors import (
    LimitError,
    SourceInputError,
    SourceTooLargeError,
    UnsupportedLanguageError,
)

DATA = Path(__file__).parent / "data" / "curation"
LIMIT = 1_000_000

ENGLISH = """Quipu Network opens its regional school

Share
Facebook
Twitter

LIMA — March 3, 2024 — The Quipu Network of rural schools opened a regional school in Lima
on Monday, with the support of the Andes Fund.

Photo: A. Pérez

The school will train 120 teachers from four countries in its first year, the network said.

Read more
"""

SPANISH = """La Red Quipu abre su escuela regional

Bogotá, 3 de marzo de 2024.- La Red Quipu de escuelas rurales abrió una escuela regional en
Lima con el apoyo del Fondo Andino.

La escuela formará a 120 docentes de cuatro países durante su primer año, informó la red.
"""


def test_paragraphs_are_numbered_after_the_headline_skipping_page_furniture() -> None:
    doc = parse_text(ENGLISH)
    assert doc.headline == "Quipu Network opens its regional school"
    assert [p.number for p in doc.paragraphs] == [1, 2]
    assert doc.paragraphs[0].text.startswith("LIMA — March 3, 2024 — The Quipu Network")
    # the wrapped line is joined into one paragraph; share buttons, caption and "Read more" go
    assert "\n" not in doc.paragraphs[0].text
    assert doc.paragraphs[1].text.startswith("The school will train 120 teachers")
    assert doc.paragraph(2) is doc.paragraphs[1]


def test_the_dateline_gives_the_publication_date_in_english_and_spanish() -> None:
    assert parse_text(ENGLISH).published == dt.date(2024, 3, 3)
    assert parse_text(SPANISH).published == dt.date(2024, 3, 3)


def test_language_is_detected_for_english_and_spanish_and_can_be_given() -> None:
    english, spanish = parse_text(ENGLISH), parse_text(SPANISH)
    assert (english.language, english.detected_language) == ("en", "en")
    assert (spanish.language, spanish.detected_language) == ("es", "es")
    assert english.language_confidence is not None and english.language_confidence > 0.9
    given = parse_text(SPANISH, language="es-PE")
    assert (given.language, given.detected_language, given.language_confidence) == (
        "es", None, None,
    )  # fmt: skip


def test_the_same_text_gives_the_same_fingerprint_whatever_its_spacing_and_case() -> None:
    a = parse_text(ENGLISH)
    b = parse_text(ENGLISH.replace("\n\n", "\n\n\n").replace("rural schools", "RURAL  schools"))
    c = parse_text(ENGLISH.replace("120 teachers", "121 teachers"))
    assert a.fingerprint == b.fingerprint
    assert a.fingerprint != c.fingerprint
    assert len(a.fingerprint) == 64 and a.identifier == a.fingerprint[:16]


def test_caller_metadata_overrides_what_the_text_says() -> None:
    doc = parse_text(
        ENGLISH, publisher="Andes Daily", published=dt.date(2024, 3, 4),
        url="https://example.org/news/quipu", headline="Another headline",
    )  # fmt: skip
    assert (doc.publisher, doc.published, doc.url) == (
        "Andes Daily", dt.date(2024, 3, 4), "https://example.org/news/quipu",
    )  # fmt: skip
    assert doc.headline == "Another headline"
    # with a headline given, the first block is the first paragraph
    assert doc.paragraphs[0].text == "Quipu Network opens its regional school"


def test_only_web_urls_are_kept() -> None:
    assert parse_text(ENGLISH, url="javascript:alert(1)").url is None
    assert parse_text(ENGLISH, url="file:///etc/passwd").url is None


HTML = """<!doctype html><html lang="en"><head>
<title>Quipu Network opens its regional school | Andes Daily</title>
<meta property="og:site_name" content="Andes Daily">
<meta property="article:published_time" content="2024-03-04T10:00:00Z">
<link rel="canonical" href="https://andes.example/news/quipu">
<script>document.write("SCRIPT-IN-HEAD")</script>
</head><body>
<nav><a href="/">Home</a> <a href="/about">About us</a> <a href="/contact">Contact</a></nav>
<article>
<h1>Quipu Network opens its regional school</h1>
<p>The Quipu Network of rural schools opened a regional school in Lima on Monday, with the
support of the Andes Fund and the participation of the Ministry of Education of Peru.</p>
<script>var stolen = "SCRIPT-IN-BODY";</script>
<p onclick="alert('HANDLER')">The school will train 120 teachers from four countries in its
first year, the network said in a statement published on its website.</p>
<noscript>NOSCRIPT-TEXT</noscript>
</article>
<footer>Copyright 2024 Andes Daily. Share on Facebook.</footer>
</body></html>"""


def test_html_main_text_is_kept_and_menus_scripts_and_handlers_are_not() -> None:
    doc = parse_html(HTML)
    assert doc.headline == "Quipu Network opens its regional school"
    assert doc.media_type == "text/html"
    assert [p.number for p in doc.paragraphs] == [1, 2]
    assert doc.paragraphs[0].text.startswith("The Quipu Network of rural schools opened")
    text = doc.headline + doc.text
    for gone in ("SCRIPT-IN-HEAD", "SCRIPT-IN-BODY", "HANDLER", "About us", "Copyright"):
        assert gone not in text
    assert doc.publisher == "Andes Daily"
    assert doc.url == "https://andes.example/news/quipu"
    assert doc.published == dt.date(2024, 3, 4)


def test_html_is_recognised_from_its_content_whatever_the_file_is_called(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(HTML, encoding="utf-8")
    assert read_document(path, max_bytes=LIMIT).media_type == "text/html"


def test_html_with_nothing_but_scripts_is_refused() -> None:
    page = "<html><body><script>alert(1)</script><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(SourceInputError, match=r"no (article text|paragraphs of text) found") as e:
        parse_document(page.encode(), name="page.html", max_bytes=LIMIT)
    assert "alert" not in str(e.value)


def _pdf(paragraphs: list[str], title: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(6)
    return bytes(pdf.output())


def test_pdf_text_layer_is_read_into_numbered_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "release.pdf"
    path.write_bytes(_pdf([
        "Quipu Network opens its regional school",
        "The Quipu Network of rural schools opened a regional school in Lima on Monday, with "
        "the support of the Andes Fund. The school is the first of its kind in the region.",
        "The school will train 120 teachers from four countries in its first year, the "
        "network said, and it will be funded by the Inti Foundation.",
    ]))  # fmt: skip
    doc = read_document(path, max_bytes=LIMIT)
    assert doc.media_type == "application/pdf"
    assert doc.headline == "Quipu Network opens its regional school"
    assert [p.number for p in doc.paragraphs] == [1, 2]
    assert doc.paragraphs[0].text.startswith("The Quipu Network of rural schools")
    assert doc.paragraphs[1].text.endswith("funded by the Inti Foundation.")
    assert doc.language == "en"


def test_a_pdf_without_a_text_layer_is_refused(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)  # a drawing, no text: what a scan looks like to pypdf
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(SourceInputError, match="no text layer"):
        read_document(path, max_bytes=LIMIT)


def test_a_damaged_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF garbage")
    with pytest.raises(SourceInputError, match=r"broken\.pdf: "):
        read_document(path, max_bytes=LIMIT)


def test_the_fixture_articles_read_in_their_language() -> None:
    for path in sorted(DATA.glob("*.txt")):
        doc = read_document(path, max_bytes=LIMIT)
        assert doc.language == path.name[:2], path.name
        assert len(doc.paragraphs) >= 5


# --- bad input ---------------------------------------------------------------------------------


def test_an_empty_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n ")
    with pytest.raises(SourceInputError, match=r"empty\.txt: the file is empty"):
        read_document(path, max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "a PNG image"),
        (b"PK\x03\x04" + bytes(200), "a ZIP archive"),
        (b"\x7fELF\x02\x01" + bytes(200), "a program"),
        (b"some text\x00\x01\x02\x03" * 50, "a binary file"),
    ],
)
def test_binary_files_are_refused(data: bytes, says: str) -> None:
    with pytest.raises(SourceInputError, match=says) as caught:
        parse_document(data, name="upload.bin", max_bytes=LIMIT)
    assert caught.value.status == 400 and caught.value.exit_code == 2


def test_a_file_named_pdf_that_is_not_one_is_refused() -> None:
    with pytest.raises(SourceInputError, match=r"named \.pdf but is not a PDF"):
        parse_document(b"plain words " * 20, name="report.pdf", max_bytes=LIMIT)


def test_a_language_other_than_english_or_spanish_is_refused_naming_what_was_detected() -> None:
    french = ("Le réseau Quipu ouvre une école régionale\n\nLe réseau des écoles rurales a "
              "ouvert lundi une école régionale à Lima, avec le soutien du Fonds andin.")  # fmt: skip
    with pytest.raises(UnsupportedLanguageError, match=r"looks like French \(fr") as caught:
        parse_text(french, name="article.txt")
    assert caught.value.detected == "fr"
    assert "say which it is (en or es)" in str(caught.value)
    # when detection is wrong, the caller can say which it is
    assert parse_text(french, language="es").language == "es"


def test_asking_for_an_unsupported_language_is_refused() -> None:
    with pytest.raises(UnsupportedLanguageError, match="reads only English and Spanish"):
        parse_text(ENGLISH, language="de")


def test_too_little_text_to_tell_the_language_is_refused() -> None:
    with pytest.raises(UnsupportedLanguageError, match="too little text"):
        parse_text("Hi\n\nOk then.")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ENGLISH * 100, encoding="utf-8")
    with pytest.raises(SourceTooLargeError, match="over the limit of 1,000") as caught:
        read_document(path, max_bytes=1000)
    assert isinstance(caught.value, LimitError)
    assert (caught.value.status, caught.value.exit_code) == (413, 3)
    with pytest.raises(SourceTooLargeError):
        parse_document(ENGLISH.encode() * 100, name="upload.txt", max_bytes=1000)


def test_a_missing_file_is_a_readable_error(tmp_path: Path) -> None:
    with pytest.raises(SourceInputError, match="cannot read the file"):
        read_document(tmp_path / "nowhere.txt", max_bytes=LIMIT)


def test_text_in_another_encoding_is_decoded() -> None:
    doc = parse_document(SPANISH.encode("latin-1"), name="viejo.txt", max_bytes=LIMIT)
    assert "Bogotá" in doc.paragraphs[0].text
