"""The Markdown walker: one walk over a statement's blocks, for extraction and for reassembly.

Contract:
- `document_sentences(body, lang)` yields every translatable sentence of a
  Markdown body with its block, in reading order (what extraction segments).
- `blocks_with_segments(doc, tokens)` walks the same blocks of a loaded
  `SourceDocument` and pairs each sentence with its segment (None where nothing
  was extracted), so rebuilding and rendering cannot drift from extraction.
- `rebuild_markdown(doc, lookup)` gives the body with every sentence replaced by
  `lookup(segment)`; with every lookup returning the msgid, it is the source body
  byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markdown_it.token import Token

from pipeline.catalogs.sentences import has_words, sentence_spans
from pipeline.model import Segment, SegmentKind, SourceDocument
from pipeline.text import WHITESPACE, markdown_parser

TRANSLATABLE_FIELDS = ("title", "subtitle")


@dataclass(frozen=True)
class Block:
    """A leaf block with its inline text, where that text sits, and its sentences."""

    inline_index: int  # index of the inline token in the token stream
    kind: SegmentKind  # HEADING, PARAGRAPH, LIST_ITEM or BLOCK_QUOTE
    number: int  # 1-based count of blocks of this kind so far in its section
    section: str  # the text of the heading it sits under ("" before the first heading)
    part: int  # 1-based paragraph number inside its list item or block quote
    first_line: int  # 0-based line (in the body) of the first content line
    columns: tuple[tuple[int, int], ...]  # per content line: (start column, end column)
    text: str  # whitespace-collapsed inline Markdown
    positions: tuple[int, ...]  # for each char of `text`: 0-based body line of it
    spans: tuple[tuple[int, int], ...]  # sentence spans in `text`
    translatable: tuple[bool, ...]  # per span: False for bare URLs, code, numbers

    def sentence(self, number: int) -> str:
        start, end = self.spans[number]
        return self.text[start:end]


def _collapse(lines: list[str], first_line: int) -> tuple[str, tuple[int, ...]]:
    out: list[str] = []
    positions: list[int] = []
    pending_space = False
    for offset, line in enumerate(lines):
        for char in line:
            if char.isspace():
                pending_space = bool(out)
                continue
            if pending_space:
                out.append(" ")
                positions.append(first_line + offset)
                pending_space = False
            out.append(char)
            positions.append(first_line + offset)
        pending_space = bool(out)
    return "".join(out), tuple(positions)


def _container_kind(stack: list[str]) -> SegmentKind:
    for opener in reversed(stack):
        if opener == "list_item_open":
            return SegmentKind.LIST_ITEM
        if opener == "blockquote_open":
            return SegmentKind.BLOCK_QUOTE
    return SegmentKind.PARAGRAPH


def _walk(tokens: list[Token], body_lines: list[str], lang: str) -> Iterator[Block]:
    counters: dict[SegmentKind, int] = {}
    section = ""
    stack: list[str] = []
    parts: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            stack.append(token.type)
        elif token.nesting == -1:
            stack.pop()
        if token.type != "inline" or token.map is None or not token.content.strip():
            continue
        kind = SegmentKind.HEADING if stack and stack[-1] == "heading_open" else _container_kind(stack)
        if kind is SegmentKind.HEADING:
            section = WHITESPACE.sub(" ", token.content).strip()
            counters.clear()
        container_index = _innermost_container(tokens, index) if kind in (SegmentKind.LIST_ITEM, SegmentKind.BLOCK_QUOTE) else index
        if container_index not in parts:
            counters[kind] = counters.get(kind, 0) + 1
        parts[container_index] = parts.get(container_index, 0) + 1
        content_lines = token.content.split("\n")
        first = token.map[0]
        columns = []
        for offset, content_line in enumerate(content_lines):
            source_line = body_lines[first + offset]
            start = source_line.find(content_line) if content_line else len(source_line)
            if start < 0:
                raise AssertionError(f"inline text not found on body line {first + offset + 1}")
            columns.append((start, start + len(content_line)))
        text, positions = _collapse(content_lines, first)
        spans = tuple(sentence_spans(text, lang))
        yield Block(
            inline_index=index,
            kind=kind,
            number=counters[kind],
            section=section if kind is not SegmentKind.HEADING else "",
            part=parts[container_index],
            first_line=first,
            columns=tuple(columns),
            text=text,
            positions=positions,
            spans=spans,
            translatable=tuple(has_words(text[a:b]) for a, b in spans),
        )


def _innermost_container(tokens: list[Token], index: int) -> int:
    depth = 0
    for back in range(index - 1, -1, -1):
        token = tokens[back]
        depth -= token.nesting
        if depth < 0 and token.type in ("list_item_open", "blockquote_open"):
            return back
    return index


SECTION_SHOWN = 60  # characters of the section's heading quoted in a location comment


def describe(block: Block, sentence: int) -> str:
    """Where a sentence sits, for the translator, counted inside its section so an edit renumbers only there.

    "heading"; "under “Our demands”: paragraph 2, sentence 1 of 3"; "before the first heading: list item 1".
    """
    if block.kind is SegmentKind.HEADING:
        where = block.kind.value
    else:
        section = block.section
        if len(section) > SECTION_SHOWN:
            section = section[:SECTION_SHOWN].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        where = f"under “{section}”: " if section else "before the first heading: "
        where += f"{block.kind.value} {block.number}"
    if block.part > 1:
        where += f", paragraph {block.part}"
    total = sum(block.translatable)
    if total > 1:
        where += f", sentence {sentence} of {total}"
    return where


def document_sentences(body: str, lang: str) -> Iterator[tuple[Block, int, tuple[int, int], str]]:
    tokens = markdown_parser().parse(body)
    for block in _walk(tokens, body.split("\n"), lang):
        spans = [span for span, wanted in zip(block.spans, block.translatable) if wanted]
        for number, (start, end) in enumerate(spans, start=1):
            yield block, number, (start, end), block.text[start:end]


def blocks_with_segments(doc: SourceDocument, tokens: list[Token]) -> Iterator[tuple[Block, list[Segment | None]]]:
    """Each block of `doc`'s body with, per sentence, its segment (None where nothing is extracted)."""
    segments = (seg for seg in doc.segments if seg.kind not in TRANSLATABLE_FIELDS)
    for block in _walk(tokens, doc.body.split("\n"), doc.language):
        yield block, [next(segments) if wanted else None for wanted in block.translatable]


def rebuild_markdown(doc: SourceDocument, lookup: Callable[[Segment], str]) -> str:
    """The body with every sentence replaced by `lookup(segment)`; unchanged blocks keep their bytes."""
    lines = doc.body.split("\n")
    replacements: list[tuple[Block, str]] = []
    for block, segments in blocks_with_segments(doc, markdown_parser().parse(doc.body)):
        originals = [block.sentence(n) for n in range(len(block.spans))]
        texts = [lookup(seg) if seg else original for seg, original in zip(segments, originals)]
        if texts != originals:
            replacements.append((block, " ".join(WHITESPACE.sub(" ", t).strip() for t in texts)))
    for block, text in reversed(replacements):
        first, last = block.first_line, block.first_line + len(block.columns) - 1
        head = lines[first][: block.columns[0][0]]
        tail = lines[last][block.columns[-1][1] :]
        lines[first : last + 1] = [head + text + tail]
    return "\n".join(lines)
