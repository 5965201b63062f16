"""Markdown that survives translation (issue 12, item 7), measured on the CommonMark spec's examples.

For every example with extracted text: rebuilding from its own msgids gives the source
byte for byte; rebuilding from a stand-in translation (every word changed, every markup
token kept; and again with translations starting "2026. ", "- ", "# ", "> ", "1) ",
"[x]: y ") keeps the markdown-it token tree; and the leaflet's HTML of the examples
equals markdown-it's own rendering of the (rebuilt) Markdown.
"""

from __future__ import annotations

import re

from support.commonmark import document, examples, outcome, translated

from pipeline.catalogs.markdown import rebuild_markdown
from pipeline.leaflets.body_html import render_body_html
from pipeline.model import EntryStatus, Translation
from pipeline.text import markdown_parser

# Examples known to fail, with the reason (none today; see the report in notes).
KNOWN_FAILING: dict[int, str] = {}


def _html(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("> <", "><").strip()


def test_every_example_with_text_keeps_its_structure_through_translation() -> None:
    results = {example["example"]: outcome(example) for example in examples()}
    with_text = [n for n, result in results.items() if result != "no text"]
    failing = {n: result for n, result in results.items() if result not in ("ok", "no text")}
    assert (len(results), len(with_text)) == (652, 535)
    assert failing == KNOWN_FAILING


def test_leaflet_html_of_every_example_is_what_markdown_it_renders() -> None:
    md = markdown_parser()
    for example in examples():
        body = example["markdown"]
        doc = document(body)
        if not doc.segments:
            continue
        for prefix in ("", "2026. "):
            html = render_body_html(doc, lambda seg, p=prefix: Translation(p + translated(seg.msgid), EntryStatus.REVIEWED), "en")
            rebuilt = rebuild_markdown(doc, lambda seg, p=prefix: p + translated(seg.msgid))
            assert _html(html) == _html(md.render(rebuilt)), f"example {example['example']}: {body!r}"
        untranslated = render_body_html(doc, lambda seg: Translation(seg.msgid, EntryStatus.REVIEWED), "en")
        assert _html(untranslated) == _html(md.render(body)), f"example {example['example']}: {body!r}"
