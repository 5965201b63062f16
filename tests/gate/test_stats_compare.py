"""Statistics against the reference tools: GNU `msgfmt --statistics` and translate-toolkit's `pocount`.

Entry counts agree with both tools once our finer states are folded into
theirs (reviewed = translated; machine + needs review = fuzzy;
untranslated = untranslated; obsolete entries are counted by neither), with
one documented difference:

- a plural entry with some but not all msgstr[N] filled is *translated* for
  msgfmt and pocount but *untranslated* for us (a leaflet cannot use it).

Source words agree with pocount on ordinary prose. pocount splits words by
Unicode word boundaries (UAX #29), we split on white space, so these differ
(each pinned below with both tools' numbers):

- hyphenated and slash-joined words ("US-Led", "and/or"): one word for us,
  one per part for pocount;
- URLs and e-mail addresses: one word for us, several parts for pocount;
- Markdown link destinations ("[text](https://…)"): not counted by us,
  counted in parts by pocount;
- both tools ignore HTML tags (``<b>``) and count numbers ("3rd", "1,000",
  "2026") as one word each, apostrophes inside words ("won’t") included.

msgfmt counts no words.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO

from pipeline.catalogs.reading import read_catalog
from pipeline.gate.stats import catalog_stats, count_words
from pipeline.model import EntryStatus

POCOUNT = Path(sys.executable).parent / "pocount"

HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: stats\\n"
"Language: es\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""

MIXED = HEADER + """\
msgid "The port was shut down by the workers."
msgstr "El puerto fue cerrado por los trabajadores."

#. machine translation: apertium eng-spa 3.8.3
#, fuzzy
msgid "We demand *safe work* and fair wages."
msgstr "Exigimos trabajo seguro y salarios justos."

#. machine translation: apertium eng-spa 3.8.3
#, fuzzy
#| msgid "We demand an end to the siege."
msgid "We demand an end to the blockade."
msgstr "Exigimos el fin del asedio."

#, fuzzy
msgid "Stop the arms shipments."
msgstr "Paren los envíos de armas."

#, fuzzy
msgid "Free the detained workers."
msgstr ""

msgid "The time has come to act together."
msgstr ""

msgid "One worker was arrested in 2026."
msgid_plural "Many workers were arrested in 2026."
msgstr[0] "Un trabajador fue detenido en 2026."
msgstr[1] "Muchos trabajadores fueron detenidos en 2026."

msgid "One ship was stopped."
msgid_plural "Two ships were stopped."
msgstr[0] "Un barco fue detenido."
msgstr[1] ""

#~ msgid "Our old demands were ignored."
#~ msgstr "Nuestras viejas demandas fueron ignoradas."
"""

# msgid: (our words, pocount's words), for the classes where the counting rules differ.
WORD_DIFFERENCES = {
    "The US-Led War Movement marched.": (5, 6),
    "Write and/or call.": (3, 4),
    "See https://example.org/statement today.": (3, 6),
    "Write to info@example.org now.": (4, 6),
    "We demand [fair wages](https://example.org/wages).": (4, 8),
    # the same count for both tools:
    "Between <b>us</b> and them.": (4, 4),
    "A <b> lone tag.": (3, 3),
    "It was 3rd of 1,000 marches in 2026.": (8, 8),
    "Peoples’ Struggle (ILPS) won’t stop — 100%.": (6, 6),
}


def _msgfmt(path: Path) -> dict[str, int]:
    run = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=True)
    counts = {}
    for key, pattern in (("translated", r"(\d+) translated"), ("fuzzy", r"(\d+) fuzzy"), ("untranslated", r"(\d+) untranslated")):
        found = re.search(pattern, run.stderr)
        counts[key] = int(found.group(1)) if found else 0
    return counts


def _pocount(*paths: Path) -> dict[str, dict[str, int]]:
    run = subprocess.run([str(POCOUNT), "--csv", *map(str, paths)], capture_output=True, text=True, check=True)
    rows = {}
    for row in csv.DictReader(io.StringIO(run.stdout)):
        rows[row["Filename"]] = {
            "translated": int(row["Translated Messages"]),
            "fuzzy": int(row["Fuzzy Messages"]),
            "untranslated": int(row["Untranslated Messages"]),
            "translated words": int(row["Translated Source Words"]),
            "fuzzy words": int(row["Fuzzy Source Words"]),
            "untranslated words": int(row["Untranslated Source Words"]),
        }
    return rows


def _folded(path: Path) -> dict[str, int]:
    stats = catalog_stats(read_catalog(path))
    e, w = stats.entries, stats.words
    return {
        "translated": e[EntryStatus.REVIEWED],
        "fuzzy": e[EntryStatus.MACHINE] + e[EntryStatus.NEEDS_REVIEW],
        "untranslated": e[EntryStatus.UNTRANSLATED],
        "translated words": w[EntryStatus.REVIEWED],
        "fuzzy words": w[EntryStatus.MACHINE] + w[EntryStatus.NEEDS_REVIEW],
        "untranslated words": w[EntryStatus.UNTRANSLATED],
    }


def test_each_state_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "mixed.po"
    path.write_text(MIXED, encoding="utf-8")
    stats = catalog_stats(read_catalog(path))
    assert stats.entries == {
        EntryStatus.REVIEWED: 2,  # one singular, one fully translated plural
        EntryStatus.MACHINE: 1,
        EntryStatus.NEEDS_REVIEW: 2,  # machine text whose source changed; a translator's fuzzy
        EntryStatus.UNTRANSLATED: 3,  # empty, fuzzy but empty, plural half done
        EntryStatus.OBSOLETE: 1,
    }
    assert stats.total_entries == 8
    assert stats.words[EntryStatus.MACHINE] == 7
    assert stats.words[EntryStatus.OBSOLETE] == 5


def test_entries_agree_with_msgfmt_and_pocount(tmp_path: Path) -> None:
    path = tmp_path / "mixed.po"
    path.write_text(MIXED, encoding="utf-8")
    ours = _folded(path)
    msgfmt = _msgfmt(path)
    pocount = _pocount(path)[str(path)]
    half_done_plurals = 1
    theirs = {
        "translated": ours["translated"] + half_done_plurals,
        "fuzzy": ours["fuzzy"],
        "untranslated": ours["untranslated"] - half_done_plurals,
    }
    assert msgfmt == theirs
    assert {k: pocount[k] for k in theirs} == theirs
    half_done_words = count_words("One ship was stopped.") + count_words("Two ships were stopped.")
    assert pocount["translated words"] == ours["translated words"] + half_done_words
    assert pocount["fuzzy words"] == ours["fuzzy words"]
    assert pocount["untranslated words"] == ours["untranslated words"] - half_done_words


def test_words_agree_with_pocount_except_the_documented_classes(tmp_path: Path) -> None:
    files = {}
    for number, msgid in enumerate(WORD_DIFFERENCES):
        files[msgid] = tmp_path / f"case{number}.po"
        files[msgid].write_text(HEADER + f'msgid "{msgid}"\nmsgstr ""\n', encoding="utf-8")
    counted = _pocount(*files.values())
    for msgid, (ours, theirs) in WORD_DIFFERENCES.items():
        assert count_words(msgid) == ours, msgid
        assert counted[str(files[msgid])]["untranslated words"] == theirs, msgid


def _repository_catalogs() -> list[Path]:
    return sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))


@pytest.mark.skipif(not _repository_catalogs(), reason="no catalogs committed yet")
def test_repository_catalogs_agree_with_msgfmt_and_pocount() -> None:
    """The committed catalogs: entries exactly; words within the documented differences (under 3%)."""
    paths = _repository_catalogs()
    counted = _pocount(*paths)
    for path in paths:
        ours = _folded(path)
        assert _msgfmt(path) == {k: ours[k] for k in ("translated", "fuzzy", "untranslated")}, path
        theirs = counted[str(path)]
        assert {k: theirs[k] for k in ("translated", "fuzzy", "untranslated")} == {k: ours[k] for k in ("translated", "fuzzy", "untranslated")}
        our_words = ours["translated words"] + ours["fuzzy words"] + ours["untranslated words"]
        their_words = theirs["translated words"] + theirs["fuzzy words"] + theirs["untranslated words"]
        assert abs(our_words - their_words) <= 0.03 * their_words, (path, our_words, their_words)
