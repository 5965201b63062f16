"""Statements: a Markdown file with YAML front matter, read and segmented.

Contract: `load_source(path, config)` reads `sources/<slug>.md` (YAML front
matter, then CommonMark) and returns a `SourceDocument` whose segments are the
translatable front-matter fields and every sentence of every heading,
paragraph, list item and block quote, in reading order. Code blocks are not
extracted. A msgid is the sentence's Markdown source with its whitespace
collapsed, so re-wrapping a paragraph never changes a msgid; inline markup
stays as Markdown. Errors are `SourceError(path, line, message)`; nothing here
prints or writes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from pipeline.catalogs.markdown import TRANSLATABLE_FIELDS, describe, document_sentences
from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.model import Segment, SegmentKind, SourceDocument, SourceRef
from pipeline.text import WHITESPACE, key_line


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
    """The file line of a front-matter key (the front matter starts on line 2); 1 when it is not there."""
    line = key_line(front, key, ":")
    return line + 1 if line else 1


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

    def role(kind: SegmentKind) -> str:
        return kind.value if kind in (SegmentKind.TITLE, SegmentKind.SUBTITLE, SegmentKind.HEADING) else "body"

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
            msgid = WHITESPACE.sub(" ", meta[key]).strip(" ")
            segments.append(Segment(msgid, None, SourceRef(ref_path, _field_line(front, key)), f"front matter: {key}", SegmentKind(key)))
    for block, index, (start, _end), msgid in document_sentences(body, meta["language"]):
        line = body_line + block.positions[start]
        segments.append(Segment(msgid, None, SourceRef(ref_path, line), describe(block, index), block.kind))
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
