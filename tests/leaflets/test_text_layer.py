"""The PDF's text layer: what copy, search, screen readers and pdftotext get back.

Real WeasyPrint through the pipeline's renderer, real Noto fonts, read back
with poppler's pdftotext. WeasyPrint's own drawing is run too, to show what
the text layer fixes (each of those texts comes back wrong without it).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zlib
from pathlib import Path

import pytest

from pipeline.leaflets import render, text_layer

# (lang, dir, family, text, what WeasyPrint 70 alone gives back, or "" where it is already right)
SAMPLES = [
    ("hi", "ltr", "Noto Serif Devanagari", "परिवार और समाज। क्षत्रिय श्री", "प रिवारि"),
    ("bn", "ltr", "Noto Serif Bengali", "পরিবার এবং সমাজ। ক্ষমতা", "প রিবারি"),
    ("ta", "ltr", "Noto Serif Tamil", "குடும்பம் மற்றும் சமூகம் ஒன்றுபடுங்கள்", ""),
    ("th", "ltr", "Noto Serif Thai", "ทำงาน น้ำ คำถาม", "ทำงำน"),
    ("ar", "rtl", "Noto Naskh Arabic", "العائلة والمجتمع لا إله", ""),
    ("ur", "rtl", "Noto Nastaliq Urdu", "دنیا بھر کے مزدورو جمعرات فروری", ""),
    ("he", "rtl", "Noto Serif Hebrew", "משפחה וחברה", ""),
    ("ja", "ltr", "Noto Serif CJK JP", "家族と社会。日本語の文章", ""),
    ("zh", "ltr", "Noto Serif CJK SC", "全世界无产者联合起来", ""),
    ("en", "ltr", "Noto Serif", "office fifty flour", ""),
]


def _html(lang: str, direction: str, family: str, text: str, style: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><title>t</title></head>'
        f"<body style=\"font-family: '{family}'; font-size: 14pt; {style}\"><p>{text}</p></body></html>"
    )


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext wraps right-to-left lines in bidi embeddings: format characters, not text.
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())


def _weasyprint_alone(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))


@pytest.mark.parametrize(("lang", "direction", "family", "text", "broken"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_pdftotext_gives_back_the_text(tmp_path: Path, lang: str, direction: str, family: str, text: str, broken: str) -> None:
    html = _html(lang, direction, family, text)
    pdf = render.write_pdf(render.typeset(html, tmp_path))
    assert _pdftotext(pdf, tmp_path) == text
    if broken:
        assert broken in _pdftotext(_weasyprint_alone(html), tmp_path), "WeasyPrint alone maps this cluster wrongly"


def _content(pdf: bytes) -> bytes:
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(streams)


def test_clusters_carry_actual_text_inside_the_tagged_spans_and_output_is_deterministic(tmp_path: Path) -> None:
    html = _html("hi", "ltr", "Noto Serif Devanagari", "परिवार")
    first = render.write_pdf(render.typeset(html, tmp_path))
    assert first == render.write_pdf(render.typeset(html, tmp_path))
    content = _content(first)
    assert b"/StructTreeRoot" in content or b"/StructTreeRoot" in first
    tagged = content.index(b"<</MCID 0>>")
    actual = content.index(b"/ActualText <feff" + "रि".encode("utf-16-be").hex().encode() + b">")
    assert tagged < actual < content.index(b"EMC", actual) < content.rindex(b"EMC")


def test_lines_weasyprint_draws_itself_still_read_back(tmp_path: Path) -> None:
    # An ellipsis line is handed back to WeasyPrint's own drawing.
    style = "width: 4cm; line-clamp: 1"
    html = _html("en", "ltr", "Noto Serif", "Workers of all countries unite against the war", style)
    text = _pdftotext(render.write_pdf(render.typeset(html, tmp_path)), tmp_path)
    assert text.startswith("Workers of") and text.endswith("…")


@pytest.mark.parametrize(
    ("lang", "family", "text"),
    [("ar", "Noto Naskh Arabic", "مُحَمَّد"), ("fa", "Noto Naskh Arabic", "ژانویهٔ"), ("he", "Noto Serif Hebrew", "שָׁלוֹם")],
)
def test_right_to_left_marks_are_in_the_pdf_but_pdftotext_moves_them(tmp_path: Path, lang: str, family: str, text: str) -> None:
    """A known limit of poppler, not of the PDF: the clusters' /ActualText is right, pdftotext's order is not.

    pdftotext keeps a right-to-left cluster's characters in order only when all
    are letters, so a letter with a combining mark comes back mark first.
    """
    pdf = render.write_pdf(render.typeset(_html(lang, "rtl", family, text), tmp_path))
    spans = {bytes.fromhex(h.decode()).decode("utf-16-be") for h in re.findall(rb"/ActualText <feff([0-9a-f]*)>", _content(pdf))}
    assert "".join(sorted(spans)) and all(span in text for span in spans)
    marked = [c for c in text if unicodedata.category(c).startswith("M")]
    assert sorted(c for span in spans for c in span if unicodedata.category(c).startswith("M")) == sorted(marked)
    got = _pdftotext(pdf, tmp_path)
    assert got != text and sorted(got) == sorted(text), "only the order of marks and letters differs"


def test_the_text_layer_constants_are_weasyprints() -> None:
    from weasyprint.text.ffi import FROM_UNITS, pango

    assert (text_layer._EMPTY_GLYPH, text_layer._FROM_UNITS) == (pango.PANGO_GLYPH_EMPTY, FROM_UNITS)
