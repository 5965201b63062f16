"""A statement's body as HTML for a leaflet, each sentence from a lookup, unreviewed ones marked.

Contract: `render_body_html(doc, lookup, source_lang)` walks the same blocks as
extraction (`catalogs.markdown.blocks_with_segments`) and renders each sentence's
`Translation` with markdown-it (raw HTML off: the only HTML a translation can
reach), wrapping machine, needs-review and untranslated text in a span whose
class the leaflet's CSS styles; `render_inline(text)` renders one text.
`render_body_blocks(doc, lookup, source_lang)` gives the same HTML cut into the
body's top-level blocks (a paragraph, a heading, a whole list or quote), so that
two languages can be set side by side block by block (bilingual editions).
"""

from __future__ import annotations

from collections.abc import Callable

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


def render_body_html(doc: SourceDocument, lookup: Callable[[Segment], Translation], source_lang: str) -> str:
    """The body as HTML, each sentence from `lookup`, unreviewed ones wrapped in a classed span."""
    md = markdown_parser()
    tokens = _filled_tokens(doc, lookup, source_lang)
    return str(md.renderer.render(tokens, md.options, {}))


def render_body_blocks(doc: SourceDocument, lookup: Callable[[Segment], Translation], source_lang: str) -> list[str]:
    """The body's HTML as one string per top-level block, in order (the same blocks in every language)."""
    md = markdown_parser()
    tokens = _filled_tokens(doc, lookup, source_lang)
    blocks: list[str] = []
    start = 0
    for index, token in enumerate(tokens):
        if token.level == 0 and token.nesting <= 0:  # a closing tag or a self-contained block at the top
            blocks.append(str(md.renderer.render(tokens[start : index + 1], md.options, {})))
            start = index + 1
    return blocks


def _filled_tokens(doc: SourceDocument, lookup: Callable[[Segment], Translation], source_lang: str) -> list[Token]:
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
        html_token = Token("html_inline", "", 0, content=" ".join(rendered))
        tokens[block.inline_index].children = [html_token]
    return tokens
