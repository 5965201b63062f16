"""Reading and segmenting one statement: YAML front matter checked field by field, then every sentence of its Markdown.

Contract: `segment(path, data, config)` turns a statement's bytes into a
`SourceDocument` (the rules are `sources`' contract) or raises
`SourceError(path, line, message)`. It knows nothing of the cache; call
`sources.load_source`, which segments only what the cache does not hold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from pipeline.catalogs.markdown import TRANSLATABLE_FIELDS, describe, document_sentences
from pipeline.config import Config, did_you_mean
from pipeline.errors import SourceError
from pipeline.model import Segment, SegmentKind, SourceDocument, SourceRef
from pipeline.text import WHITESPACE, key_line


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from exc
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:  # CommonMark turns it into U+FFFD: the text would no longer match its source line
        raise SourceError(path, text.count("\n", 0, text.index("\0")) + 1, "contains a NUL character (U+0000); remove it")
    return text


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


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates are checked here, with their line, not by PyYAML's constructor."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be text"


def _date(value: Any) -> str | None:
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            return f"is not a real date ({exc}); write it YYYY-MM-DD"
        return None
    return f"must be a date written YYYY-MM-DD, not {value!r}"


def _names(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(s, str) and s.strip() for s in value)
    return None if ok else "must be a list of names, one '- Name' per line"


def _page_budget(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000
    return None if ok else "(the page budget) must be a whole number ≥ 1"


# Every field front matter may have, with the rule its value follows; REQUIRED must be present.
FIELDS: dict[str, Callable[[Any], str | None]] = {
    "title": _text,
    "subtitle": _text,
    "date": _date,
    "published": _date,
    "language": _text,
    "author": _text,
    "signatories": _names,
    "pages": _page_budget,
}
REQUIRED = ("title", "date")
DATE_FIELDS = ("date", "published")


def _parse_meta(path: Path, front: str, config: Config) -> dict[str, Any]:
    try:
        meta = yaml.load(front, Loader=_Loader) if front.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(path, line, f"invalid front matter: {problem}") from exc
    except (ValueError, TypeError, RecursionError) as exc:
        raise SourceError(path, 2, f"invalid front matter: {exc}") from exc
    if not isinstance(meta, dict):
        raise SourceError(path, 2, "front matter must be a mapping of fields (key: value)")
    for key, value in meta.items():
        if not isinstance(key, str) or key not in FIELDS:
            line = _field_line(front, str(key))
            raise SourceError(path, line, f"unknown front-matter field {str(key)!r}{did_you_mean(str(key), FIELDS)}")
        if value is None and key not in REQUIRED:
            continue
        if problem := FIELDS[key](value):
            raise SourceError(path, _field_line(front, key), f"'{key}' {problem}")
    for key in REQUIRED:
        if meta.get(key) is None:
            raise SourceError(path, 1, f"front matter needs a non-empty '{key}' (add a line `{key}: …` between the '---' lines)")
    meta = {key: value for key, value in meta.items() if value is not None}
    for key in DATE_FIELDS:
        if key in meta:
            meta[key] = dt.date.fromisoformat(meta[key].strip())
    meta.setdefault("signatories", [])
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


def segment(path: Path, data: bytes, config: Config) -> SourceDocument:
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
