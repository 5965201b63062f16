"""A true text layer: every glyph cluster a leaflet shows carries the text it stands for.

WeasyPrint 70 gives each glyph of a font one Unicode mapping (the PDF's
ToUnicode CMap), taken from the first cluster the glyph appeared in. Complex
scripts break that: a Devanagari vowel sign drawn before its consonant maps to
nothing and the consonant to the whole cluster (`परिवार` comes back as
`प रिवारि`), Thai sara am is drawn as two glyphs that other words reuse, so
copy, search and `pdftotext` get other characters than the catalog's.

Contract:
- `installed()` is a context manager under which WeasyPrint draws text lines
  with `draw_first_line` below instead of its own (WeasyPrint is pinned at 70;
  the replacement places every glyph exactly where WeasyPrint does, and hands
  the lines it does not handle, ellipsis and colour or bitmap fonts, back to
  WeasyPrint's own function). Nested use is harmless.
- Clusters are Pango's log clusters, except that a cluster of combining marks
  only (a Tamil pulli HarfBuzz keeps apart) joins the cluster before it.
- A cluster of one glyph whose text is the glyph's mapping is drawn as
  WeasyPrint draws it. A glyph's mapping is fixed by the first cluster where
  it stands alone; before that it maps to the character whose glyph it is in
  the font's cmap, or to its cluster's text (never to nothing, as PDF/UA
  wants), so a reused glyph such as Thai sara aa maps to itself.
- Every other cluster (several glyphs, or one glyph whose mapping says
  something else) is wrapped in a marked-content span with `/ActualText`, the
  cluster's text, nested inside the tagged `/Span` WeasyPrint writes for
  PDF/UA; text extractors (poppler's `pdftotext`, Acrobat) and screen readers
  use it instead of the glyphs. The span starts and ends with a blank glyph
  at the pen, so extractors place the text on the cluster's own stretch of
  baseline (`_show_actual_text`).
- Deterministic: the same layout gives the same operators and mappings.
"""

from __future__ import annotations

import contextlib
import functools
import io
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_LOCK = threading.RLock()
_EMPTY_GLYPH = 0x0FFFFFFF  # PANGO_GLYPH_EMPTY (weasyprint.text.ffi, which a module-level import would load with Pango)
_FROM_UNITS = 1 / 1024  # weasyprint.text.ffi.FROM_UNITS: Pango units per point


@contextlib.contextmanager
def installed() -> Iterator[None]:
    """WeasyPrint draws text with `draw_first_line` inside the block."""
    from weasyprint.draw import text

    with _LOCK:
        original = text.draw_first_line
        if isinstance(original, functools.partial) and original.func is draw_first_line:
            yield  # already drawing with the text layer (a nested render)
            return
        text.draw_first_line = functools.partial(draw_first_line, original)
        try:
            yield
        finally:
            text.draw_first_line = original


class _Shown:
    """The operand of one TJ operator being built: glyph codes and position adjustments."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.glyphs = ""

    def glyph(self, code: str) -> None:
        self.glyphs += code

    def adjust(self, amount: str) -> None:
        self._close()
        self.parts.append(amount)

    def _close(self) -> None:
        if self.glyphs:
            self.parts.append(f"<{self.glyphs}>")
            self.glyphs = ""

    def flush(self, stream: Any) -> None:
        self._close()
        if self.parts:
            stream.show_text(" ".join(self.parts))
        self.parts = []


@dataclass
class _Facts:
    """What the text layer reads from a font file once: its cmap reversed, and a blank glyph."""

    reverse_cmap: dict[int, str]
    anchor: int | None  # a glyph with no advance (zero width space, joiners): marks where a cluster starts and ends


_ANCHOR_CHARACTERS = (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)


def _facts(font: Any) -> _Facts:
    cached: _Facts | None = getattr(font, "pipeline_facts", None)
    if cached is None:
        from fontTools.ttLib import TTFont

        reverse: dict[int, str] = {}
        anchor = None
        with TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True) as ttfont:
            order = ttfont.getReverseGlyphMap()
            cmap = ttfont.getBestCmap() or {}
            for codepoint, name in sorted(cmap.items()):
                reverse.setdefault(order[name], chr(codepoint))
            metrics = ttfont["hmtx"].metrics if "hmtx" in ttfont else {}
            for codepoint in _ANCHOR_CHARACTERS:
                name = cmap.get(codepoint)
                if name is not None and metrics.get(name, (1, 0))[0] == 0:
                    anchor = order[name]
                    break
        cached = font.pipeline_facts = _Facts(reverse, anchor)
    return cached


def _fixed(font: Any) -> set[int]:
    """The glyphs whose mapping a cluster of their own has fixed."""
    fixed: set[int] | None = getattr(font, "pipeline_fixed", None)
    if fixed is None:
        fixed = font.pipeline_fixed = set()
    return fixed


def _needs_actual_text(font: Any, glyph_ids: list[int], text: str) -> bool:
    """Record the mappings this cluster teaches; True when its glyphs' mappings (in reading order) do not spell `text`."""
    fixed = _fixed(font)
    if len(glyph_ids) == 1:
        glyph = glyph_ids[0]
        if glyph not in fixed:
            font.to_unicode[glyph] = text
            fixed.add(glyph)
        return bool(font.to_unicode[glyph] != text)
    for glyph in glyph_ids:
        if glyph not in font.to_unicode:
            own = _facts(font).reverse_cmap.get(glyph)
            font.to_unicode[glyph] = own if own is not None else text
    return not fixed.issuperset(glyph_ids) or "".join(font.to_unicode[g] for g in glyph_ids) != text


def _clusters(clusters: list[int], length: int, rtl: bool, run_text: bytes) -> list[tuple[int, int, int, int]]:
    """The run's clusters in drawing order: (first glyph, last glyph, text start, text end) in the run's UTF-8.

    Pango's clusters, except that a cluster made only of combining marks (a
    Tamil pulli that HarfBuzz keeps apart, drawn back over its consonant)
    joins the cluster before it in reading order, so the mark's text travels
    with its base.
    """
    count = len(clusters)
    if not rtl and length == count and run_text.isascii() and clusters == list(range(count)):
        return [(i, i, i, i + 1) for i in range(count)]  # one glyph per character (most Latin text): nothing to join
    found: list[tuple[int, int, int, int]] = []
    start = 0
    while start < count:
        end = start
        while end + 1 < count and clusters[end + 1] == clusters[start]:
            end += 1
        if rtl:
            stop = length if start == 0 else clusters[start - 1]
        else:
            stop = length if end == count - 1 else clusters[end + 1]
        found.append((start, end, clusters[start], stop))
        start = end + 1
    logical = found[::-1] if rtl else found
    merged: list[tuple[int, int, int, int]] = []
    for cluster in logical:
        text = run_text[cluster[2] : cluster[3]].decode(errors="replace")
        if merged and text and all(unicodedata.category(c).startswith("M") for c in text):
            before = merged[-1]
            glyphs = (cluster[0], before[1]) if rtl else (before[0], cluster[1])
            merged[-1] = (*glyphs, before[2], cluster[3])
        else:
            merged.append(cluster)
    return merged[::-1] if rtl else merged


def _spans(infos: Any, start: int, end: int, text: str) -> list[tuple[int, int, str]]:
    """The cluster's glyphs as (first, last, text) spans: the text on the glyphs that advance the pen.

    Marks that do not advance (the dots of Nastaliq letters, drawn before or
    after their base) get spans of their own with empty text, so the text's
    place on the page is that of its base glyphs (text extractors join words
    by those places).
    """
    advancing = [i for i in range(start, end + 1) if infos[i].geometry.width]
    if not advancing:
        return [(start, end, text)]
    first, last = advancing[0], advancing[-1]
    spans = [(start, first - 1, "")] if first > start else []
    spans.append((first, last, text))
    if last < end:
        spans.append((last + 1, end, ""))
    return spans


def draw_first_line(original: Any, stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, matrix: Any) -> Any:
    """WeasyPrint's `draw_first_line`, with a text mapping per cluster (see the module docstring)."""
    from weasyprint.text.ffi import ffi, pango

    if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
        return []
    if text_overflow == "ellipsis" or block_ellipsis != "none":
        return original(stream, textbox, text_overflow, block_ellipsis, matrix)
    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
    first_line, _ = textbox.pango_layout.get_first_line()
    runs = []
    run = first_line.runs[0]
    while run != ffi.NULL:
        runs.append(run.data)
        run = run.next
    for glyph_item in runs:
        face, _ = stream.add_font(glyph_item.item.analysis.font)
        glyphs = glyph_item.glyphs
        unknown = any(glyphs.glyphs[i].glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG for i in range(glyphs.num_glyphs))
        if face.bitmap or face.png or face.svg or face.colr or unknown:  # WeasyPrint draws (and logs) these itself
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)

    stream.set_text_matrix(*matrix.values)
    utf8_text = textbox.pango_layout.text.encode()
    shown = _Shown()
    previous_pango_font = None
    font: Any = None
    font_size = 0.0
    for glyph_item in runs:
        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            previous_pango_font = pango_font
            font, font_size = stream.add_font(pango_font)
            if pango.pango_version() < 14802:
                font_size = textbox.style["font_size"]  # https://gitlab.gnome.org/GNOME/pango/-/issues/530
            shown.flush(stream)
            stream.set_font_size(font.hash, font_size)
        glyph_string = glyph_item.glyphs
        count = glyph_string.num_glyphs
        infos = glyph_string.glyphs
        clusters = ffi.unpack(glyph_string.log_clusters, count)
        rtl = bool(glyph_item.item.analysis.level % 2)
        offset, length = glyph_item.item.offset, glyph_item.item.length
        for start, end, t1, t2 in _clusters(clusters, length, rtl, utf8_text[offset : offset + length]):
            text = utf8_text[offset + t1 : offset + t2].decode()
            glyph_ids = [infos[i].glyph for i in range(start, end + 1) if infos[i].glyph != pango.PANGO_GLYPH_EMPTY]
            if glyph_ids and _needs_actual_text(font, glyph_ids[::-1] if rtl else glyph_ids, text):
                _show_actual_text(stream, shown, font, font_size, pango_font, infos, start, end, text)
            else:
                for i in range(start, end + 1):
                    _show_glyph(stream, shown, font, font_size, pango_font, infos[i])
    shown.flush(stream)
    return []


def _show_actual_text(stream: Any, shown: _Shown, font: Any, font_size: float, pango_font: Any, infos: Any, start: int, end: int, text: str) -> None:
    """The cluster's glyphs in a marked-content span whose /ActualText is `text`.

    The span begins and ends with the font's blank glyph at the pen (no
    advance, no rise), so text extractors, which place a span's text on its
    first and last glyph, put it on the cluster's own stretch of the baseline
    even where its glyphs are raised (Nastaliq) or drawn back over a
    neighbour. A font without such a glyph gets `_spans`.
    """
    import pydyf

    anchor = _facts(font).anchor
    spans = [(start, end, text)] if anchor is not None else _spans(infos, start, end, text)
    if anchor is not None:
        font.widths[anchor] = 0
        font.to_unicode.setdefault(anchor, _facts(font).reverse_cmap[anchor])
    for first, last, spoken in spans:
        shown.flush(stream)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(spoken)}))
        if anchor is not None:
            shown.glyph(f"{anchor:04x}")
        for i in range(first, last + 1):
            _show_glyph(stream, shown, font, font_size, pango_font, infos[i])
        if anchor is not None:
            shown.glyph(f"{anchor:04x}")
        shown.flush(stream)
        stream.end_marked_content()


def _show_glyph(stream: Any, shown: _Shown, font: Any, font_size: float, pango_font: Any, info: Any) -> None:
    """One glyph's code and position adjustments, exactly as WeasyPrint 70 writes them."""
    glyph = info.glyph
    width = info.geometry.width
    if glyph == _EMPTY_GLYPH:
        shown.adjust(f"{-width / font_size}")
        return
    code = f"{glyph:04x}"
    offset = info.geometry.x_offset / font_size
    rise = info.geometry.y_offset / 1000
    if rise:
        shown.flush(stream)
        stream.set_text_rise(-rise)
        if offset:
            shown.adjust(f"{-offset}")
        shown.glyph(code)
        shown.flush(stream)
        stream.set_text_rise(0)
    else:
        if offset:
            shown.adjust(f"{-offset}")
        shown.glyph(code)
    if glyph in font.widths:
        logical_width = font.widths[glyph]
    else:
        from weasyprint.text.ffi import pango

        pango.pango_font_get_glyph_extents(pango_font, glyph, stream.ink_rect, stream.logical_rect)
        logical_width = font.widths[glyph] = round(stream.logical_rect.width * 1000 * _FROM_UNITS / font_size)
    kerning = logical_width + offset - width * 1000 * _FROM_UNITS / font_size
    if kerning:
        shown.adjust(f"{int(kerning)}")
