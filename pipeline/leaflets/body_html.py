"""A statement's body as HTML for a leaflet, each sentence from a lookup, unreviewed ones marked.

Contract: `render_body_html(doc, lookup, source_lang)` walks the same blocks as
extraction (`catalogs.markdown.blocks_with_segments`) and renders each sentence's
`Translation` with markdown-it (raw HTML off: the only HTML a translation can
reach), wrapping machine, needs-review and untranslated text in a span whose
class the leaflet's CSS styles; `render_inline(text)` renders one text. Given
`numbers` (from `row_numbers(doc)`, the review sheet's row numbers), each block
starts with a `row-number` span naming its sentences' rows ("12–14").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from markdown_it.token import Token

from pipeline.catalogs.markdown import blocks_with_segments
from pipeline.model import EntryStatus, Segment, SourceDocument, Translation
from pipeline.text import WHITESPACE, markdown_parser

_STATUS_CLASSES = {
    EntryStatus.MACHINE: "machine",
    EntryStatus.NEEDS_REVIEW: "needs-review",
    EntryStatus.UNTRANSLATED: "untranslated",
}


def render_inline(markdown_text: str) -> str:
    """One translated text as HTML: Markdown inline markup honoured, raw HTML shown as text."""
    return str(markdown_parser().renderInline(WHITESPACE.sub(" ", markdown_text).strip()))


def row_numbers(doc: SourceDocument) -> dict[tuple[str | None, str], int]:
    """Entry key → its review-sheet row, in reading order (the title is 1); a repeated sentence keeps its first."""
    numbers: dict[tuple[str | None, str], int] = {}
    for seg in doc.segments:
        numbers.setdefault(seg.key, len(numbers) + 1)
    return numbers


def number_label(rows: list[int]) -> str:
    """"12", or "12–14" for a run of rows."""
    if not rows:
        return ""
    low, high = min(rows), max(rows)
    return str(low) if low == high else f"{low}\u2013{high}"


def render_body_html(
    doc: SourceDocument,
    lookup: Callable[[Segment], Translation],
    source_lang: str,
    numbers: Mapping[tuple[str | None, str], int] | None = None,
) -> str:
    """The body as HTML, each sentence from `lookup`, unreviewed ones wrapped in a classed span."""
    md = markdown_parser()
    tokens = md.parse(doc.body)
    for block, segments in blocks_with_segments(doc, tokens):
        rendered = []
        for number, seg in enumerate(segments):
            if seg is None:
                rendered.append(render_inline(block.sentence(number)))
                continue
            translation = lookup(seg)
            html = render_inline(translation.text)
            css_class = _STATUS_CLASSES.get(translation.status)
            if css_class == "untranslated":
                html = f'<span class="untranslated" lang="{source_lang}">{html}</span>'
            elif css_class:
                html = f'<span class="{css_class}">{html}</span>'
            rendered.append(html)
        if numbers is not None:
            label = number_label([numbers[seg.key] for seg in segments if seg is not None and seg.key in numbers])
            if label and rendered:
                rendered[0] = f'<span class="row-number" aria-hidden="true">{label}</span>' + rendered[0]
        html_token = Token("html_inline", "", 0, content=" ".join(rendered))
        tokens[block.inline_index].children = [html_token]
    return str(md.renderer.render(tokens, md.options, {}))
