"""Markdown statements ⇄ translatable segments, with one walker for both directions.

Contract:
- `load_source(path, config)` reads `sources/<slug>.md` (YAML front matter, then
  CommonMark), and returns a `SourceDocument` whose segments are the translatable
  front-matter fields and every sentence of every heading, paragraph, list item
  and block quote, in reading order. Code blocks are not extracted.
- A msgid is the sentence's Markdown source with its whitespace collapsed, so
  re-wrapping a paragraph never changes a msgid; inline markup stays as Markdown.
- `rebuild_markdown(doc, lookup)` and `render_body_html(doc, lookup, lang)` walk the
  same blocks as extraction. With every lookup returning the msgid, the rebuilt
  Markdown is the source body byte for byte.
- Errors are `SourceError(path, line, message)`; nothing here prints or writes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.model import EntryStatus, Segment, SourceDocument, SourceRef, Translation

TRANSLATABLE_FIELDS = ("title", "subtitle")
PYSBD_LANGUAGES = frozenset(
    "en hi mr zh es am ar el ru hy bg ur pl fa nl da fr my it ja de kk sk".split()
)
_WHITESPACE = re.compile(r"\s+")
# Spans a sentence boundary must never fall inside: code spans, link targets, autolinks, bare URLs.
_PROTECTED = re.compile(r"`+[^`]*`+|\]\([^)]*\)|<[^<>\s]+>|https?://\S+|\S+@\S+\.\w+")
_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]", re.IGNORECASE)
_MARKUP_CHARS = re.compile(r"[*_`\[\]<]")


@functools.lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark with raw HTML off: HTML in a source or a translation is shown as text (shared; do not modify)."""
    return MarkdownIt("commonmark", {"html": False})


@functools.lru_cache(maxsize=8)
def _segmenter(lang: str):  # noqa: ANN202 - pysbd has no type hints
    import pysbd

    return pysbd.Segmenter(language=lang if lang in PYSBD_LANGUAGES else "en", clean=False)


@functools.lru_cache(maxsize=65536)
def _split_cached(text: str, lang: str) -> tuple[str, ...]:
    return tuple(_segmenter(lang).segment(text))


def split_sentences(text: str, lang: str) -> list[str]:
    """Split running text into sentences (whitespace collapsed), never inside markup or URLs."""
    text = _WHITESPACE.sub(" ", text).strip()
    if not text:
        return []
    return [text[a:b].strip() for a, b in _sentence_spans(text, lang)]


def _sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Half-open spans of the sentences of whitespace-collapsed `text`."""
    pieces = _split_cached(text, lang)
    cuts: list[int] = []
    cursor = 0
    for piece in pieces:
        found = text.find(piece.strip(), cursor)
        if found < 0:  # pysbd altered the text; keep the paragraph whole rather than guess
            return [(0, len(text))]
        cursor = found + len(piece.strip())
        cuts.append(cursor)
    cuts = [c for c in cuts[:-1] if _boundary_allowed(text, c) and not _ends_with_marker(text, c)] + [len(text)]
    spans, start = [], 0
    for cut in cuts:
        while start < cut and text[start] == " ":
            start += 1
        if start < cut:
            spans.append((start, cut))
        start = cut
    return spans


def _ends_with_marker(text: str, cut: int) -> bool:
    """True when the piece before `cut` is only an inline list marker such as "1." or "(b)"."""
    start = text.rfind(" ", 0, cut - 1) + 1
    return bool(_LIST_MARKER.fullmatch(text[start:cut])) and (start == 0 or text[start - 2] in ".!?:;")


def _boundary_allowed(text: str, cut: int) -> bool:
    for match in _PROTECTED.finditer(text):
        if match.start() < cut < match.end():
            return False
    if _MARKUP_CHARS.search(text):
        return _balanced(text[:cut])
    return True


def _balanced(prefix: str) -> bool:
    """True when `prefix` closes every inline element it opens (emphasis, links)."""
    tokens = markdown_parser().parseInline(prefix)[0].children or []
    depth = 0
    for token in tokens:
        depth += token.nesting
        if token.type == "text" and re.search(r"[*_\[\]]", token.content):
            return False
    return depth == 0


# --- the block walker ------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    """A leaf block with its inline text, where that text sits, and its sentences."""

    inline_index: int  # index of the inline token in the token stream
    kind: str  # "heading", "paragraph", "list item", "block quote"
    number: int  # 1-based count of blocks of this kind so far
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


def _container_kind(stack: list[str]) -> str:
    for opener in reversed(stack):
        if opener == "list_item_open":
            return "list item"
        if opener == "blockquote_open":
            return "block quote"
    return "paragraph"


def _walk(tokens: list[Token], body_lines: list[str], lang: str) -> Iterator[_Block]:
    counters: dict[str, int] = {}
    stack: list[str] = []
    parts: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            stack.append(token.type)
        elif token.nesting == -1:
            stack.pop()
        if token.type != "inline" or token.map is None or not token.content.strip():
            continue
        kind = "heading" if stack and stack[-1] == "heading_open" else _container_kind(stack)
        container_index = _innermost_container(tokens, index) if kind in ("list item", "block quote") else index
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
        spans = tuple(_sentence_spans(text, lang))
        yield _Block(
            inline_index=index,
            kind=kind,
            number=counters[kind],
            part=parts[container_index],
            first_line=first,
            columns=tuple(columns),
            text=text,
            positions=positions,
            spans=spans,
            translatable=tuple(_has_words(text[a:b]) for a, b in spans),
        )


def _has_words(sentence: str) -> bool:
    """False for a sentence that is only URLs, code, numbers or punctuation: nothing to translate."""
    return any(char.isalpha() for char in _PROTECTED.sub("", sentence))


def _innermost_container(tokens: list[Token], index: int) -> int:
    depth = 0
    for back in range(index - 1, -1, -1):
        token = tokens[back]
        depth -= token.nesting
        if depth < 0 and token.type in ("list_item_open", "blockquote_open"):
            return back
    return index


def _describe(block: _Block, sentence: int) -> str:
    where = block.kind if block.kind == "heading" else f"{block.kind} {block.number}"
    if block.part > 1:
        where += f", paragraph {block.part}"
    total = sum(block.translatable)
    if total > 1:
        where += f", sentence {sentence} of {total}"
    return where


# --- loading a source ------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from exc
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(path: Path, text: str) -> tuple[str, str, int]:
    """(front matter YAML, body, 1-based line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError(path, 1, "a statement starts with YAML front matter between '---' lines")
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    raise SourceError(path, 1, "front matter is not closed by a '---' line")


def _field_line(front: str, key: str) -> int:
    match = re.search(rf"^{re.escape(key)}\s*:", front, re.MULTILINE)
    return front.count("\n", 0, match.start()) + 2 if match else 1


def _parse_meta(path: Path, front: str, config: Config) -> dict[str, Any]:
    try:
        meta = yaml.safe_load(front) if front.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(path, line, f"invalid front matter: {problem}") from exc
    if not isinstance(meta, dict):
        raise SourceError(path, 2, "front matter must be a mapping of fields (key: value)")
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise SourceError(path, _field_line(front, "title"), "front matter needs a non-empty 'title'")
    for key in ("subtitle", "author"):
        if key in meta and not isinstance(meta[key], str):
            raise SourceError(path, _field_line(front, key), f"'{key}' must be text")
    if "date" in meta and not isinstance(meta["date"], dt.date):
        raise SourceError(path, _field_line(front, "date"), "'date' must be a date written YYYY-MM-DD")
    signatories = meta.get("signatories", [])
    if not isinstance(signatories, list) or not all(isinstance(s, str) for s in signatories):
        raise SourceError(path, _field_line(front, "signatories"), "'signatories' must be a list of names")
    pages = meta.get("pages")
    if pages is not None and (not isinstance(pages, int) or isinstance(pages, bool) or pages < 1):
        raise SourceError(path, _field_line(front, "pages"), "'pages' (the page budget) must be a whole number ≥ 1")
    language = meta.setdefault("language", config.source_language)
    if language != config.source_language:
        raise SourceError(
            path,
            _field_line(front, "language"),
            f"language {language!r} differs from the project's source language {config.source_language!r}",
        )
    return meta


def _assign_contexts(segments: list[Segment]) -> list[Segment]:
    """Give msgctxt only to msgids used in more than one role (title, heading, body)."""

    def role(kind: str) -> str:
        return kind if kind in ("title", "subtitle", "heading") else "body"

    roles: dict[str, set[str]] = {}
    for seg in segments:
        roles.setdefault(seg.msgid, set()).add(role(seg.kind))
    result = []
    for seg in segments:
        context = role(seg.kind) if len(roles[seg.msgid]) > 1 and role(seg.kind) != "body" else None
        result.append(Segment(seg.msgid, context, seg.ref, seg.comment, seg.kind))
    return result


def load_source(path: Path, config: Config) -> SourceDocument:
    """Read and segment one statement; raise SourceError (file and line) on bad input."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, 0, f"cannot read: {exc.strerror}") from exc
    text = _decode(path, data)
    front, body, body_line = _split_front_matter(path, text)
    meta = _parse_meta(path, front, config)
    ref_path = config.relative(path)

    segments: list[Segment] = []
    for key in TRANSLATABLE_FIELDS:
        if isinstance(meta.get(key), str) and meta[key].strip():
            msgid = _WHITESPACE.sub(" ", meta[key]).strip()
            segments.append(Segment(msgid, None, SourceRef(ref_path, _field_line(front, key)), f"front matter: {key}", key))
    for block, index, (start, _end), msgid in _sentences(body, meta["language"]):
        line = body_line + block.positions[start]
        segments.append(Segment(msgid, None, SourceRef(ref_path, line), _describe(block, index), block.kind))
    return SourceDocument(
        slug=path.stem,
        path=path,
        meta=meta,
        language=meta["language"],
        segments=tuple(_assign_contexts(segments)),
        body=body,
        body_line=body_line,
        meta_lines={key: _field_line(front, key) for key in meta},
    )


def _sentences(body: str, lang: str) -> Iterator[tuple[_Block, int, tuple[int, int], str]]:
    tokens = markdown_parser().parse(body)
    for block in _walk(tokens, body.split("\n"), lang):
        spans = [span for span, wanted in zip(block.spans, block.translatable) if wanted]
        for number, (start, end) in enumerate(spans, start=1):
            yield block, number, (start, end), block.text[start:end]


def _blocks_with_segments(doc: SourceDocument, tokens: list[Token]) -> Iterator[tuple[_Block, list[Segment | None]]]:
    """Each block of `doc`'s body with, per sentence, its segment (None where nothing is extracted)."""
    segments = (seg for seg in doc.segments if seg.kind not in TRANSLATABLE_FIELDS)
    for block in _walk(tokens, doc.body.split("\n"), doc.language):
        yield block, [next(segments) if wanted else None for wanted in block.translatable]


# --- reassembly ------------------------------------------------------------------------


def rebuild_markdown(doc: SourceDocument, lookup: Callable[[Segment], str]) -> str:
    """The body with every sentence replaced by `lookup(segment)`; unchanged blocks keep their bytes."""
    lines = doc.body.split("\n")
    replacements: list[tuple[_Block, str]] = []
    for block, segments in _blocks_with_segments(doc, markdown_parser().parse(doc.body)):
        originals = [block.sentence(n) for n in range(len(block.spans))]
        texts = [lookup(seg) if seg else original for seg, original in zip(segments, originals)]
        if texts != originals:
            replacements.append((block, " ".join(_WHITESPACE.sub(" ", t).strip() for t in texts)))
    for block, text in reversed(replacements):
        first, last = block.first_line, block.first_line + len(block.columns) - 1
        head = lines[first][: block.columns[0][0]]
        tail = lines[last][block.columns[-1][1] :]
        lines[first : last + 1] = [head + text + tail]
    return "\n".join(lines)


_STATUS_CLASSES = {
    EntryStatus.MACHINE: "machine",
    EntryStatus.NEEDS_REVIEW: "needs-review",
    EntryStatus.UNTRANSLATED: "untranslated",
}


def render_inline(markdown_text: str) -> str:
    """One translated text as HTML: Markdown inline markup honoured, raw HTML shown as text."""
    return markdown_parser().renderInline(_WHITESPACE.sub(" ", markdown_text).strip())


def render_body_html(doc: SourceDocument, lookup: Callable[[Segment], Translation], source_lang: str) -> str:
    """The body as HTML, each sentence from `lookup`, unreviewed ones wrapped in a classed span."""
    md = markdown_parser()
    tokens = md.parse(doc.body)
    for block, segments in _blocks_with_segments(doc, tokens):
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
    return md.renderer.render(tokens, md.options, {})
