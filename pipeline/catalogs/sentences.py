"""Sentence splitting of running text, never inside markup, URLs or list markers.

Contract: `split_sentences(text, lang)` returns the sentences of `text` with
white space collapsed; `sentence_spans(text, lang)` their half-open spans in
whitespace-collapsed `text`; `has_words(sentence)` is False for a sentence that
is only URLs, code, numbers or punctuation (nothing to translate). Rules come
from pysbd for the languages it knows, English rules otherwise.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from pipeline.text import WHITESPACE, markdown_parser

PYSBD_LANGUAGES = frozenset(
    ["en", "hi", "mr", "zh", "es", "am", "ar", "el", "ru", "hy", "bg", "ur", "pl", "fa", "nl", "da", "fr", "my", "it", "ja", "de", "kk", "sk"]
)
# Spans a sentence boundary must never fall inside: code spans, link targets, autolinks, bare URLs.
_PROTECTED = re.compile(r"`+[^`]*`+|\]\([^)]*\)|<[^<>\s]+>|https?://\S+|\S+@\S+\.\w+")
_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]", re.IGNORECASE)
_MARKUP_CHARS = re.compile(r"[*_`\[\]<]")


@functools.lru_cache(maxsize=8)
def _segmenter(lang: str) -> Any:
    import pysbd

    return pysbd.Segmenter(language=lang if lang in PYSBD_LANGUAGES else "en", clean=False)


@functools.lru_cache(maxsize=65536)
def _split_cached(text: str, lang: str) -> tuple[str, ...]:
    return tuple(_segmenter(lang).segment(text))


def split_sentences(text: str, lang: str) -> list[str]:
    """Split running text into sentences (whitespace collapsed), never inside markup or URLs."""
    text = WHITESPACE.sub(" ", text).strip()
    if not text:
        return []
    return [text[a:b].strip() for a, b in sentence_spans(text, lang)]


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
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


def has_words(sentence: str) -> bool:
    """False for a sentence that is only URLs, code, numbers or punctuation: nothing to translate."""
    return any(char.isalpha() for char in _PROTECTED.sub("", sentence))
