"""Translation statistics of a catalog, in entries and in source words.

Contract: `catalog_stats(entries)` counts the `CatalogEntry` list of one
catalog (as `catalog.read_catalog` returns it) by `EntryStatus`: reviewed,
machine suggestion, needs review, untranslated and obsolete, in entries and
in source words. No I/O here: the caller reads the catalog.

Words are counted the way translators quote: the source text (msgid, plus
msgid_plural for plural entries) split on white space, counting each piece
that holds at least one letter or digit; a CJK ideograph or kana counts as a
word of its own. Markdown markup around a word does not make it a second
word, a link's destination (``[text](URL)``) is not counted, and neither are
HTML tags. Differences from GNU `msgfmt --statistics` and translate-toolkit's
`pocount` are documented in tests/test_stats_compare.py.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from pipeline.catalogs.thresholds import share
from pipeline.model import CatalogEntry, CatalogStats, EntryStatus

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_FIRST_CJK = _CJK[0]  # the ranges are in order: text below it has no ideograph (nor kana)
_WORDLIKE = re.compile(r"[^\W_]")
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_LINK_DESTINATION = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")


@functools.cache
def _cjk_char() -> re.Pattern[str]:
    """Compiled on first use: its ranges of ideographs cost a `check` of text without any ~3 ms to compile."""
    return re.compile(f"[{_CJK}]")


def count_words(text: str) -> int:
    """Source words in `text`: white-space separated pieces holding a letter or digit."""
    text = _LINK_DESTINATION.sub("]", _TAG.sub(" ", text)) if "<" in text or "](" in text else text
    if text.isascii() or max(text) < _FIRST_CJK or not _cjk_char().search(text):
        return sum(1 for piece in text.split() if _WORDLIKE.search(piece))
    cjk_char, words = _cjk_char(), 0
    for piece in text.split():
        ideographs = len(cjk_char.findall(piece))
        rest = cjk_char.sub(" ", piece)
        words += ideographs + sum(1 for part in rest.split() if _WORDLIKE.search(part))
    return words


def entry_words(entry: CatalogEntry) -> int:
    """Source words of one entry (singular and plural source)."""
    return count_words(entry.msgid) + count_words(entry.msgid_plural)


def catalog_stats(entries: Iterable[CatalogEntry]) -> CatalogStats:
    """Entries and source words per status; every status is present, zero if unused."""
    counts = {status: 0 for status in EntryStatus}
    words = {status: 0 for status in EntryStatus}
    for entry in entries:
        status = entry.status
        counts[status] += 1
        words[status] += entry_words(entry)
    return CatalogStats(entries=counts, words=words)


def percent(stats: CatalogStats, *statuses: EntryStatus, by_words: bool = False) -> float:
    """Share (0–100) of the live entries (or source words) having one of `statuses`.

    An empty catalog counts as complete (100), so it never blocks a gate.
    """
    table = stats.words if by_words else stats.entries
    total = stats.total_words if by_words else stats.total_entries
    return share(sum(table.get(status, 0) for status in statuses), total)


def reviewed_percent(stats: CatalogStats) -> float:
    """Share of live entries a human has reviewed."""
    return percent(stats, EntryStatus.REVIEWED)


def translated_percent(stats: CatalogStats) -> float:
    """Share of live entries with a usable translation: reviewed or machine suggestion.

    Entries needing review after a source change are not counted: their text
    translates an older source sentence.
    """
    return percent(stats, EntryStatus.REVIEWED, EntryStatus.MACHINE)
