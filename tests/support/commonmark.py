"""The CommonMark spec's examples as statements: extract, "translate" every sentence, rebuild, compare.

`examples()` loads the vendored examples (tests/catalogs/commonmark/, CC-BY-SA 4.0).
`translated(sentence)` is a stand-in translation that changes every word and keeps
every markup token: letters swap case except inside code spans, link destinations,
autolinks and entity references. `structure(markdown)` is the markdown-it token tree
without its text: block and inline token types, tags, nesting, link targets and code,
softbreaks dropped (a rebuilt paragraph is one line). `outcome(example)` says what
happened to one example: "no text", "ok", or why it failed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pipeline.catalogs.markdown import document_sentences, rebuild_markdown
from pipeline.model import Segment, SourceDocument, SourceRef
from pipeline.text import markdown_parser

SPEC = Path(__file__).resolve().parent.parent / "catalogs" / "commonmark" / "spec-0.31.2-examples.json"
_KEEP = re.compile(r"(`+).*?\1|\]\(<[^<>]*>|\]\([^)]*\)|<[^<>\s]*>|&#?\w+;|\\.", re.DOTALL)


def examples() -> list[dict[str, Any]]:
    return list(json.loads(SPEC.read_text(encoding="utf-8")))


def translated(sentence: str) -> str:
    out, last = [], 0
    for match in _KEEP.finditer(sentence):
        out += [sentence[last : match.start()].swapcase(), match.group()]
        last = match.end()
    return "".join([*out, sentence[last:].swapcase()])


def structure(markdown: str) -> list[tuple[Any, ...]]:
    shape: list[tuple[Any, ...]] = []
    env: dict[str, Any] = {}
    for token in markdown_parser().parse(markdown, env):
        shape.append((token.type, token.tag, token.nesting, token.info if token.type == "fence" else ""))
        for child in token.children or ():
            if child.type in ("text", "softbreak"):
                continue
            target = child.attrs.get("href") or child.attrs.get("src") or ""
            shape.append(("  " + child.type, child.tag, child.nesting, target, child.content if child.type == "code_inline" else ""))
    return shape


def document(body: str, lang: str = "en") -> SourceDocument:
    segments = tuple(
        Segment(msgid, None, SourceRef("x.md", 1), "", block.kind) for block, _, _, msgid in document_sentences(body, lang)
    )
    return SourceDocument("x", Path("x.md"), {}, lang, segments, body, 1)


# Translations that begin with what would be block syntax at the start of a line.
PREFIXES = ("", "2026. ", "- ", "# ", "> ", "1) ", "[x]: y ")


def outcome(example: dict[str, Any]) -> str:
    body = example["markdown"]
    doc = document(body)
    if not doc.segments:
        return "no text"
    if rebuild_markdown(doc, lambda seg: seg.msgid) != body:
        return "rebuilt from its own msgids, not byte for byte the source"
    for prefix in PREFIXES:
        rebuilt = rebuild_markdown(doc, lambda seg, p=prefix: p + translated(seg.msgid))
        wanted = structure(body)
        if structure(rebuilt) != wanted:
            return f"structure changed when translations start with {prefix!r}" if prefix else "structure changed"
    return "ok"
