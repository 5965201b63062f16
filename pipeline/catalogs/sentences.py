"""Sentence splitting of running text in any language, never inside markup, URLs or list markers.

Contract: `split_sentences(text, lang)` returns the sentences of `text` with
its ASCII white space collapsed (other spaces, such as the no-break spaces of
French typography, are kept); `sentence_spans(text, lang)` their half-open
spans in `text` as given; `has_words(sentence)` is False for a sentence that is
only URLs, code, numbers or punctuation (nothing to translate);
`joining_separators(texts, separators, lang)` is what puts sentences back
together: the source's separators, except that Chinese and Japanese sentences
ending in a full-width mark join without a space.

Rules: `rules_language(lang)` reduces any code (`zh_Hans`, `pt-BR`, `sr@latin`)
to its language; pysbd splits the languages it has rules for, ICU's sentence
BreakIterator (with its abbreviation suppressions) every other language. A
boundary either segmenter proposes is kept only after sentence-final
punctuation (Unicode Sentence_Terminal, an ellipsis, a colon, the Greek question mark),
followed by white space or, after a full-width mark, by anything; never inside
an inline element, after an escaping backslash or after a lone list marker. So
Arabic is never cut at `،`, and text without sentence punctuation (Thai, Lao,
Khmer) stays one segment per paragraph.

Within `remembered(memo)` the segmenter's boundaries of each paragraph come
from a `CutsMemo` (what an earlier run found, kept by `segment_cache`), so an
edited statement re-segments only the paragraphs that changed; a first pass
within `memo.listing()` lists the paragraphs it lacks, and
`memo.segment_wanted(jobs)` segments them in worker processes.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pipeline.text import markdown_parser

PYSBD_LANGUAGES = frozenset(
    ["en", "hi", "mr", "zh", "es", "am", "ar", "el", "ru", "hy", "bg", "ur", "pl", "fa", "nl", "da", "fr", "my", "it", "ja", "de", "kk", "sk"]
)
# Languages that write sentences without a space between them (after a full-width mark).
UNSPACED_LANGUAGES = frozenset(["zh", "ja", "yue", "wuu", "lzh", "hak", "nan", "gan", "hsn", "cjy"])
ASCII_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
# Spans a sentence boundary must never fall inside: code spans, link targets, autolinks, bare URLs.
_PROTECTED = re.compile(r"`+[^`]*`+|\]\([^)]*\)|<[^<>\s]+>|https?://\S+|\S+@\S+\.\w+")
_PROTECTED_MARK = re.compile(r"[`<@]|\]\(|://")  # what every match of _PROTECTED holds: without one, nothing is protected
_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]", re.IGNORECASE)
_MARKUP_CHARS = re.compile(r"[*_`\[\]<!]")
_CLOSERS = "\"'”’»›)]}*_`」』）】〉》"
_EXTRA_TERMINALS = "…:："  # a colon only where a segmenter proposes it (before an inline list)
_GREEK_QUESTION = ";"  # U+037E is canonically equivalent to ";", so Greek text carries ";"


def rules_language(lang: str) -> str:
    """The language whose rules split `lang`'s text: `zh_Hans`, `zh-Hant-TW` → `zh`; `pt_BR` → `pt`."""
    return re.split(r"[-_@.]", lang.strip(), maxsplit=1)[0].lower() or "en"


@functools.lru_cache(maxsize=16)
def _pysbd(lang: str) -> Any:
    import pysbd

    return pysbd.Segmenter(language=lang, clean=False)


@functools.lru_cache(maxsize=16)
def _icu(lang: str) -> Any:
    import icu

    return icu.BreakIterator.createSentenceInstance(icu.Locale(f"{lang}@ss=standard"))


def _pysbd_cuts(text: str, lang: str) -> list[int] | None:
    # pysbd's own `segment` would locate each sentence again with a regex compiled from the
    # sentence's text (one compile per sentence, 40% of its time); its processor's output is
    # located here instead, in order, with str.find.
    cuts, cursor = [], 0
    for piece in _pysbd(lang).processor(text).process():
        found = text.find(piece.strip(), cursor)
        if found < 0:  # pysbd altered the text; keep the paragraph whole rather than guess
            return None
        cursor = found + len(piece.strip())
        cuts.append(cursor)
    return cuts


def _icu_cuts(text: str, lang: str) -> list[int]:
    iterator = _icu(lang)
    iterator.setText(text)
    # ICU counts UTF-16 code units; map them back to code points.
    index_of: dict[int, int] = {}
    units = 0
    for index, char in enumerate(text):
        index_of[units] = index
        units += 2 if ord(char) > 0xFFFF else 1
    index_of[units] = len(text)
    return [index_of[boundary] for boundary in iterator]


Cuts = tuple[int, ...] | None


@functools.lru_cache(maxsize=65536)
def _segmenter_cuts(text: str, lang: str) -> Cuts:
    """Boundaries the language's segmenter proposes, or None when it cannot be trusted."""
    flat = text.replace("\n", " ")  # a hard line break is not a sentence boundary by itself
    cuts = _pysbd_cuts(flat, lang) if lang in PYSBD_LANGUAGES else _icu_cuts(flat, lang)
    return None if cuts is None else tuple(cuts)


class CutsMemo:
    """The segmenter's boundaries by (text, language): those an earlier run found (`known`), and `used`, those of this run.

    Within `listing()` it only lists the paragraphs it does not know (`wanted`), answering None for them;
    `segment_wanted(jobs)` then segments those in worker processes, so a long new statement is segmented
    on every core.
    """

    def __init__(self, known: Mapping[tuple[str, str], Cuts]) -> None:
        self.known = dict(known)
        self.used: dict[tuple[str, str], Cuts] = {}
        self.wanted: dict[tuple[str, str], None] = {}
        self._listing = False

    def cuts(self, text: str, lang: str) -> Cuts:
        key = (text, lang)
        if self._listing:
            if key not in self.known:
                self.wanted[key] = None
            return self.known.get(key)
        if key not in self.used:
            self.used[key] = self.known[key] if key in self.known else _segmenter_cuts(text, lang)
        return self.used[key]

    @contextlib.contextmanager
    def listing(self) -> Iterator[None]:
        self._listing = True
        try:
            with remembered(self):
                yield
        finally:
            self._listing = False

    def segment_wanted(self, jobs: int) -> None:
        """Segment the paragraphs `listing()` found wanting, in `jobs` worker processes; the answers become known."""
        from pipeline import workers

        keys, shares = list(self.wanted), jobs * 4
        self.wanted.clear()
        chunks = [keys[start::shares] for start in range(shares) if keys[start::shares]]
        try:
            results = workers.run_all(_all_cuts, [(chunk,) for chunk in chunks], jobs, WORKER_LIMIT)
        except workers.WorkerFailed:
            return  # the paragraphs are segmented in this process instead, where a real error is raised as usual
        for chunk, found in zip(chunks, results):
            if isinstance(found, list):  # a share that timed out, likewise
                self.known.update(zip(chunk, found))


PARALLEL_MIN = 400  # paragraphs to segment before forking workers pays (pysbd: 1-2 ms each; a worker: ~30 ms)
WORKER_LIMIT = 600.0  # seconds for one worker's share of a statement's paragraphs


def _all_cuts(keys: list[tuple[str, str]]) -> list[Cuts]:
    return [_segmenter_cuts(text, lang) for text, lang in keys]


_MEMO: contextvars.ContextVar[CutsMemo | None] = contextvars.ContextVar("sentence_cuts", default=None)


@contextlib.contextmanager
def remembered(memo: CutsMemo) -> Iterator[None]:
    """Within the block, the segmenter's boundaries come from (and go into) `memo`: paragraphs an earlier
    run segmented are not segmented again (pysbd takes about 2 ms a paragraph)."""
    token = _MEMO.set(memo)
    try:
        yield
    finally:
        _MEMO.reset(token)


def _candidate_cuts(text: str, lang: str) -> Cuts:
    memo = _MEMO.get()
    return _segmenter_cuts(text, lang) if memo is None else memo.cuts(text, lang)


def split_sentences(text: str, lang: str) -> list[str]:
    """Split running text into sentences (ASCII white space collapsed), never inside markup or URLs."""
    text = ASCII_WHITESPACE.sub(" ", text).strip(" ")
    if not text:
        return []
    return [text[a:b] for a, b in sentence_spans(text, lang)]


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Half-open spans of the sentences of `text` (white space between them belongs to none)."""
    language = rules_language(lang)
    proposed = _candidate_cuts(text, language)
    if proposed is None:
        proposed = ()
    cuts = sorted({_trim_end(text, c) for c in proposed if 0 < c < len(text)})
    protected = _protected_spans(text)
    markup = _MARKUP_CHARS.search(text) is not None
    cuts = [c for c in cuts if 0 < c < len(text) and _boundary_allowed(text, c, language, protected, markup)] + [len(text)]
    spans, start = [], 0
    for cut in cuts:
        while start < cut and text[start] in " \n":
            start += 1
        end = _trim_end(text, cut)
        if start < end:
            spans.append((start, end))
        start = cut
    return spans


def _trim_end(text: str, cut: int) -> int:
    while cut > 0 and text[cut - 1] in " \n":
        cut -= 1
    return cut


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _terminal(char: str, lang: str) -> bool:
    """True for sentence-final punctuation: . ! ? ։ ؟ ۔ । ። 。 and the other Sentence_Terminal marks."""
    if char in _EXTRA_TERMINALS or (char == _GREEK_QUESTION and lang == "el"):
        return True
    return _sentence_terminal(char)


@functools.lru_cache(maxsize=4096)
def _sentence_terminal(char: str) -> bool:
    import icu

    return bool(icu.Char.hasBinaryProperty(char, icu.UProperty.S_TERM))


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` holds code, a link target, an autolink, a URL or an e-mail address: never cut inside."""
    return [match.span() for match in _PROTECTED.finditer(text)] if _PROTECTED_MARK.search(text) else []


def _boundary_allowed(text: str, cut: int, lang: str, protected: list[tuple[int, int]], markup: bool) -> bool:
    """A cut at `cut` (the end of a sentence, before any space) is a real sentence boundary; `protected` are
    the text's `_protected_spans`, `markup` whether it holds a Markdown markup character."""
    end = cut
    while end > 0 and text[end - 1] in _CLOSERS:
        end -= 1
    if end == 0 or not _terminal(text[end - 1], lang) or (end > 1 and text[end - 2] == "\\"):
        return False
    if not (text[cut] in " \n" or _wide(text[end - 1])):
        return False  # "this ![photo]", "<!--", "3.5": no space, no boundary
    if _ends_with_marker(text, cut):
        return False
    if any(start < cut < end for start, end in protected):
        return False
    if markup:
        return _balanced(text[:cut])
    return True


def _ends_with_marker(text: str, cut: int) -> bool:
    """True when the piece before `cut` is only an inline list marker such as "1." or "(b)"."""
    start = max(text.rfind(" ", 0, cut - 1), text.rfind("\n", 0, cut - 1)) + 1
    return bool(_LIST_MARKER.fullmatch(text[start:cut])) and (start == 0 or text[start - 2] in ".!?:;")


def _balanced(prefix: str) -> bool:
    """True when `prefix` closes every inline element it opens (emphasis, links, images)."""
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


def joining_separators(texts: Sequence[str], separators: Sequence[str], lang: str) -> list[str]:
    """What goes between consecutive `texts`: the source's `separators`, adjusted for `lang`.

    In Chinese and Japanese a separator of plain spaces after a text ending in a
    full-width character, before one starting with a full-width character, is dropped:
    "第一句。第二句。", not "第一句。 第二句。".
    """
    unspaced = rules_language(lang) in UNSPACED_LANGUAGES
    result = []
    for separator, before, after in zip(separators, texts, texts[1:]):
        if unspaced and separator.strip(" ") == "" and before and after and _wide(before[-1]) and _wide(after[0]):
            separator = ""
        result.append(separator)
    return result


def join_sentences(pieces: Sequence[str], separators: Sequence[str]) -> str:
    """`pieces` with `separators` (one fewer) between them."""
    out = list(pieces[:1])
    for separator, piece in zip(separators, pieces[1:]):
        out += [separator, piece]
    return "".join(out)
