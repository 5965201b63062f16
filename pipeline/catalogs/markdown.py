"""The Markdown walker: one walk over a statement's blocks, for extraction and for reassembly.

Contract:
- `document_sentences(body, lang)` yields every translatable sentence of a
  Markdown body with its block, in reading order (what extraction segments).
- `blocks_with_segments(doc, tokens)` walks the same blocks of a loaded
  `SourceDocument` and pairs each sentence with its segment (None where nothing
  was extracted), so rebuilding and rendering cannot drift from extraction.
- `rebuild_markdown(doc, lookup, lang)` gives the body with every sentence replaced
  by `lookup(segment)`, joined with the source's separators (`join_sentences`),
  continuation lines prefixed as the block's are, and escaped where a translation
  would otherwise start new block syntax (`2026.`, `-`, `#`, `>`) or a join would
  make a link the pieces do not have; with every lookup returning the msgid, it is
  the source body byte for byte.
- `inline_text(text)` is a text (a msgid, a msgstr) as one block's inline Markdown:
  ASCII white space collapsed to one space, other spaces (no-break, thin) kept,
  and a hard line break (two spaces or a backslash before a line end) kept as
  a backslash and a line end, the form msgids carry and translators keep.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it.token import Token

from pipeline.catalogs.sentences import has_words, join_sentences, joining_separators, sentence_spans
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


_HARD_BREAK = re.compile(r"(?: {2,}|(?<!\\)((?:\\\\)*)\\)$")  # two spaces, or an unescaped backslash, at a line end
_SPACES_BEFORE_NEWLINE = re.compile(r" {2,}\n")


def inline_text(text: str) -> str:
    """`text` as inline Markdown: ASCII white space collapsed, hard breaks as backslash + line end."""
    text = _SPACES_BEFORE_NEWLINE.sub("\\\n", text.replace("\r\n", "\n"))
    lines = [WHITESPACE.sub(" ", line).strip(" ") for line in re.split(r"(?<=\\)\n", text)]
    return "\n".join(line for line in lines if line)


def _hard_breaks(lines: list[str], expected: int) -> list[bool]:
    """Per line: whether it ends in a hard break (trusted only when the count matches the parser's)."""
    found = [bool(_HARD_BREAK.search(line)) for line in lines[:-1]] + [False]
    return found if sum(found) == expected else [False] * len(lines)


def _collapse(lines: list[str], first_line: int, breaks: list[bool]) -> tuple[str, tuple[int, ...]]:
    """A block's lines joined as inline text, ASCII white space collapsed to single spaces (none at the start,
    none after a hard break, which ends its line with a backslash and a line break), with the source line of
    every character of the result (a line's words are joined in one step: they share its number)."""
    out: list[str] = []
    positions: list[int] = []
    pending_space = False  # a space goes before the next word
    last = ""  # the last character written
    for offset, line in enumerate(lines):
        number = first_line + offset
        if breaks[offset]:
            line = line.rstrip(" ")
            line = line if line.endswith("\\") else line + "\\"
        words = [word for word in WHITESPACE.split(line) if word]
        if words:
            if WHITESPACE.match(line):
                pending_space = bool(out) and last != "\n"
            text = (" " if pending_space else "") + " ".join(words)
            out.append(text)
            positions.extend([number] * len(text))
            last = text[-1]
        if breaks[offset]:
            out.append("\n")
            positions.append(number)
            pending_space, last = False, "\n"
        else:
            pending_space = bool(out)
    return "".join(out), tuple(positions)


def _targets(tokens: Sequence[Token]) -> Counter[str]:
    return Counter(str(t.attrs.get("href") or t.attrs.get("src") or "") for t in tokens if t.type in ("link_open", "image"))


def _without_new_links(text: str, positions: tuple[int, ...], wanted: Counter[str], env: Mapping[str, Any]) -> tuple[str, tuple[int, ...]]:
    """`text` with "](" escaped where joining its lines made a link the source does not have.

    `[link](<foo` + line end + `bar>)` is text in CommonMark, `[link](<foo bar>)` a link.
    """
    start = 0
    while (found := _targets(markdown_parser().parseInline(text, dict(env))[0].children or [])) != wanted:
        cut = text.find("](", start)
        if cut < 0:
            break
        start = cut + 1
        escaped = text[: cut + 1] + "\\" + text[cut + 1 :]
        if wanted <= _targets(markdown_parser().parseInline(escaped, dict(env))[0].children or []) < found:
            text, positions = escaped, (*positions[:cut + 1], positions[cut], *positions[cut + 1:])
            start += 1
    return text, positions


def _container_kind(stack: list[str]) -> SegmentKind:
    for opener in reversed(stack):
        if opener == "list_item_open":
            return SegmentKind.LIST_ITEM
        if opener == "blockquote_open":
            return SegmentKind.BLOCK_QUOTE
    return SegmentKind.PARAGRAPH


def _walk(tokens: list[Token], body_lines: list[str], lang: str, env: Mapping[str, Any]) -> Iterator[Block]:
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
        while first < token.map[1] - 1 and content_lines[0] not in body_lines[first]:
            first += 1  # markdown-it strips Unicode spaces too: a line of no-break spaces is not content
        columns = []
        for offset, content_line in enumerate(content_lines):
            source_line = body_lines[first + offset]
            start = source_line.find(content_line) if content_line else len(source_line)
            if start < 0:
                raise AssertionError(f"inline text not found on body line {first + offset + 1}")
            columns.append((start, start + len(content_line)))
        hard = sum(1 for child in token.children or () if child.type == "hardbreak")
        text, positions = _collapse(content_lines, first, _hard_breaks(content_lines, hard))
        text, positions = _without_new_links(text, positions, _targets(token.children or []), env)
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
    env: dict[str, Any] = {}
    tokens = markdown_parser().parse(body, env)
    for block in _walk(tokens, body.split("\n"), lang, env):
        spans = [span for span, wanted in zip(block.spans, block.translatable) if wanted]
        for number, (start, end) in enumerate(spans, start=1):
            yield block, number, (start, end), block.text[start:end]


def blocks_with_segments(doc: SourceDocument, tokens: list[Token]) -> Iterator[tuple[Block, list[Segment | None]]]:
    """Each block of `doc`'s body with, per sentence, its segment (None where nothing is extracted)."""
    segments = (seg for seg in doc.segments if seg.kind not in TRANSLATABLE_FIELDS)
    for block in _walk(tokens, doc.body.split("\n"), doc.language, references(doc.body)):
        yield block, [next(segments) if wanted else None for wanted in block.translatable]


def separators(block: Block) -> list[str]:
    """The source text between consecutive sentences of `block` (what rejoins them)."""
    return [block.text[a[1] : b[0]] for a, b in zip(block.spans, block.spans[1:])]


def references(body: str) -> dict[str, Any]:
    """The markdown-it environment of `body`: its link reference definitions, for rendering pieces of it."""
    env: dict[str, Any] = {}
    markdown_parser().parse(body, env)
    return env


def _escape_line_start(line: str, continuation: bool) -> str:
    """`line` with a backslash where, at the start of a line, it would begin block syntax of its own.

    "2026. A year" (an ordered list), "- x", "# x", "> x", "***", "[a]: b" and, on a
    continuation line, "===" (a setext underline) are escaped; other lines are returned as they are.
    """
    tokens = markdown_parser().parse(line)
    if (tokens and tokens[0].type == "paragraph_open") and not (continuation and re.fullmatch(r"=+[ \t]*", line)):
        return line
    digits = len(line) - len(line.lstrip("0123456789"))
    return line[:digits] + "\\" + line[digits:]


def _links(text: str, env: Mapping[str, Any]) -> int:
    tokens = markdown_parser().parseInline(text, dict(env))[0].children or []
    return sum(1 for token in tokens if token.type in ("link_open", "image"))


def _join(texts: list[str], seps: list[str], lang: str, env: Mapping[str, Any]) -> str:
    """The pieces joined; a join that would make a link none of the pieces has escapes the bracket."""
    seps = joining_separators(texts, seps, lang)
    joined = join_sentences(texts, seps)
    if len(texts) > 1 and _links(joined, env) > sum(_links(t, env) for t in texts):
        texts = [t[:-1] + "\\]" if t.endswith("]") and not t.endswith("\\]") else t for t in texts[:-1]] + texts[-1:]
        joined = join_sentences(texts, seps)
    return joined


def _continuation_prefix(block: Block, lines: list[str]) -> str:
    """What starts a continuation line of `block`: its second line's prefix, or one derived from the first."""
    first = block.first_line
    if len(block.columns) > 1:
        return lines[first + 1][: block.columns[1][0]]
    head = lines[first][: block.columns[0][0]]
    return re.sub(r"[^>\s]", " ", head)


def rebuild_markdown(doc: SourceDocument, lookup: Callable[[Segment], str], lang: str = "") -> str:
    """The body with every sentence replaced by `lookup(segment)`; unchanged blocks keep their bytes."""
    lines = doc.body.split("\n")
    env = references(doc.body)
    replacements: list[tuple[Block, list[str]]] = []
    for block, segments in blocks_with_segments(doc, markdown_parser().parse(doc.body)):
        originals = [block.sentence(n) for n in range(len(block.spans))]
        texts = [inline_text(lookup(seg)) if seg else original for seg, original in zip(segments, originals)]
        if texts == originals:
            continue
        rebuilt = _join(texts, separators(block), lang or doc.language, env).split("\n")
        atx_heading = lines[block.first_line][: block.columns[0][0]].rstrip().endswith("#")
        if not atx_heading:  # a setext heading's text starts a line as a paragraph's does
            rebuilt = [_escape_line_start(line, number > 0) for number, line in enumerate(rebuilt)]
        replacements.append((block, rebuilt))
    for block, rebuilt in reversed(replacements):
        first, last = block.first_line, block.first_line + len(block.columns) - 1
        head = lines[first][: block.columns[0][0]]
        tail = lines[last][block.columns[-1][1] :]
        prefix = _continuation_prefix(block, lines)
        new = [head + rebuilt[0], *(prefix + line for line in rebuilt[1:])]
        new[-1] += tail
        lines[first : last + 1] = new
    return "\n".join(lines)
