"""A statement's body as HTML for a leaflet, each sentence from a lookup, unreviewed ones marked.

Contract: `render_body_html(doc, lookup, source_lang, lang)` walks the same blocks as
extraction (`catalogs.markdown.blocks_with_segments`) and renders each sentence's
`Translation` with markdown-it (raw HTML off: the only HTML a translation can
reach), wrapping machine, needs-review and untranslated text in a span whose
class the leaflet's CSS styles, and joins the sentences of a block with the
source's separators (none between Chinese or Japanese sentences). Hard line breaks
become `<br>`, reference-style links and images resolve against the statement's
definitions. `render_inline(text, env)` renders one text (a title, too).

Text shown in the source language (an untranslated sentence) carries the
source's `lang` and `dir`, so it is isolated from a leaflet of the other
direction (its punctuation stays at its own end). `neutralise_bidi(text)`
removes the bidi embedding, override and isolate controls (U+202A-U+202E,
U+2066-U+2069) a translation may carry: the leaflet sets direction itself,
and a stray override would reverse the text around it. `direction_of(text,
default)` is the direction of a text's first strong character.
Given `numbers` (from `row_numbers(doc)`, the review sheet's row numbers), each
block starts with a `row-number` span naming its sentences' rows ("12–14").

`render_body_blocks(doc, lookup, source_lang, lang)` gives the same HTML cut into the
body's top-level blocks (a paragraph, a heading, a whole list or quote), so that
two languages can be set side by side block by block (bilingual editions).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from babel import Locale
from markdown_it.token import Token

from pipeline.catalogs.markdown import blocks_with_segments, inline_text, separators
from pipeline.catalogs.sentences import join_sentences, joining_separators
from pipeline.config import bcp47
from pipeline.model import EntryStatus, Segment, SourceDocument, Translation
from pipeline.text import markdown_parser

_STATUS_CLASSES = {
    EntryStatus.MACHINE: "machine",
    EntryStatus.NEEDS_REVIEW: "needs-review",
    EntryStatus.UNTRANSLATED: "untranslated",
}


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


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


def neutralise_bidi(text: str) -> str:
    """`text` without bidi embeddings, overrides and isolates (marks such as U+200F stay)."""
    return BIDI_CONTROLS.sub("", text)


def direction_of(text: str, default: str) -> str:
    """"ltr" or "rtl" after the first strong character of `text`; `default` when it has none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return default


def render_inline(markdown_text: str, env: Mapping[str, Any] | None = None) -> str:
    """One translated text as HTML: Markdown inline markup honoured, raw HTML shown as text, bidi controls removed.

    `env` carries the statement's link reference definitions (`catalogs.markdown.references`).
    """
    return str(markdown_parser().renderInline(inline_text(neutralise_bidi(markdown_text)), dict(env or {})))


def render_body_html(
    doc: SourceDocument,
    lookup: Callable[[Segment], Translation],
    source_lang: str,
    lang: str = "",
    numbers: Mapping[tuple[str | None, str], int] | None = None,
) -> str:
    """The body as HTML, each sentence from `lookup`, unreviewed ones wrapped in a classed span."""
    md = markdown_parser()
    tokens, env = _filled_tokens(doc, lookup, source_lang, lang, numbers)
    return str(md.renderer.render(tokens, md.options, env))


def render_body_blocks(doc: SourceDocument, lookup: Callable[[Segment], Translation], source_lang: str, lang: str = "") -> list[str]:
    """The body's HTML as one string per top-level block, in order (the same blocks in every language)."""
    md = markdown_parser()
    tokens, env = _filled_tokens(doc, lookup, source_lang, lang)
    blocks: list[str] = []
    start = 0
    for index, token in enumerate(tokens):
        if token.level == 0 and token.nesting <= 0:  # a closing tag or a self-contained block at the top
            blocks.append(str(md.renderer.render(tokens[start : index + 1], md.options, env)))
            start = index + 1
    return blocks


def _filled_tokens(
    doc: SourceDocument,
    lookup: Callable[[Segment], Translation],
    source_lang: str,
    lang: str,
    numbers: Mapping[tuple[str | None, str], int] | None = None,
) -> tuple[list[Token], dict[str, Any]]:
    """The body's tokens with every block's inline content replaced by its sentences' HTML."""
    md = markdown_parser()
    env: dict[str, Any] = {}
    tokens = md.parse(doc.body, env)
    source_dir = Locale.parse(source_lang.replace("-", "_")).text_direction
    for block, segments in blocks_with_segments(doc, tokens):
        rendered, texts = [], []
        for number, seg in enumerate(segments):
            if seg is None:
                texts.append(block.sentence(number))
                rendered.append(render_inline(texts[-1], env))
                continue
            translation = lookup(seg)
            texts.append(inline_text(translation.text))
            html = render_inline(translation.text, env)
            css_class = _STATUS_CLASSES.get(translation.status)
            if css_class == "untranslated":
                html = f'<span class="untranslated" lang="{bcp47(source_lang)}" dir="{source_dir}">{html}</span>'
            elif css_class:
                html = f'<span class="{css_class}">{html}</span>'
            rendered.append(html)
        if numbers is not None:
            label = number_label([numbers[seg.key] for seg in segments if seg is not None and seg.key in numbers])
            if label and rendered:
                rendered[0] = f'<span class="row-number" aria-hidden="true">{label}</span>' + rendered[0]
        html_token = Token("html_inline", "", 0, content=join_sentences(rendered, joining_separators(texts, separators(block), lang or doc.language)))
        tokens[block.inline_index].children = [html_token]
    return tokens, env
