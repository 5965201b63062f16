"""Word counting and completeness percentages (the comparison with msgfmt and pocount is in test_stats_compare)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.gate import stats
from pipeline.gate.stats import (
    catalog_stats,
    count_words,
    reviewed_percent,
    translated_percent,
)
from pipeline.model import CatalogEntry, CatalogStats, EntryStatus


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   ", 0),
        ("We demand *safe work* and fair wages.", 7),
        ("— – … !", 0),
        ("我们要求 safe work", 6),
        ("Exigimos [salarios justos](https://example.org/w \"title\").", 3),
        ("Line one\nline two", 4),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "我们", "要求", "<b>", "</i x>", "<", "](", "[t]", "(u)", "](u \"ti tle\")", "]", "(", " ", "\n", "_", "—", "7",
                                 "\u303f", "ぁ", "😀"]), max_size=14).map("".join))
def test_words_are_counted_as_the_plain_rule_counts_them(text: str) -> None:
    """count_words skips the tag, link and ideograph passes where they can find nothing: it must count as the full rule."""
    words = 0
    for piece in stats._LINK_DESTINATION.sub("]", stats._TAG.sub(" ", text)).split():
        rest = stats._cjk_char().sub(" ", piece)
        words += len(stats._cjk_char().findall(piece)) + sum(1 for part in rest.split() if stats._WORDLIKE.search(part))
    assert count_words(text) == words


def test_plural_source_words_count_both_forms() -> None:
    entry = CatalogEntry(msgid="One ship.", msgstr="", msgid_plural="Two ships.", msgstr_plural=("", ""))
    assert catalog_stats([entry]).words[EntryStatus.UNTRANSLATED] == 4


def test_percentages_ignore_obsolete_entries_and_treat_empty_as_complete() -> None:
    entries = [
        CatalogEntry(msgid="A b.", msgstr="C d."),
        CatalogEntry(msgid="E f.", msgstr="G h.", flags=frozenset({"fuzzy"}), extracted_comments=("machine translation: x",)),
        CatalogEntry(msgid="I j.", msgstr="K l.", flags=frozenset({"fuzzy"})),
        CatalogEntry(msgid="M n.", msgstr=""),
        CatalogEntry(msgid="O p.", msgstr="Q r.", obsolete=True),
    ]
    stats = catalog_stats(entries)
    assert reviewed_percent(stats) == 25.0
    assert translated_percent(stats) == 50.0  # reviewed + machine; "needs review" is not usable yet
    assert reviewed_percent(CatalogStats(entries={EntryStatus.OBSOLETE: 3})) == 100.0
