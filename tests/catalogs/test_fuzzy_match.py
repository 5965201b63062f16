"""The fuzzy matcher gives msgmerge's answer on the cases where a plain "most similar" would not.

GNU msgmerge --previous is the judge: for each case an old catalog and a POT
are written, msgmerge merges them, and `SimilarityIndex` must pick the same
old entry (or none) for every new msgid.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import polib
import pytest

from pipeline.catalogs.fuzzy_match import SimilarityIndex

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _msgmerge_choices(tmp_path: Path, old: list[tuple[str | None, str, bool]], new: list[tuple[str | None, str]]) -> dict[str, str | None]:
    """new msgid -> the old msgid msgmerge took it from as fuzzy (None: untranslated)."""
    lines = [HEADER]
    for number, (context, msgid, obsolete) in enumerate(old):
        prefix = "#~ " if obsolete else ""
        if context is not None:
            lines.append(f"{prefix}msgctxt {_quote(context)}\n")
        lines.append(f"{prefix}msgid {_quote(msgid)}\n{prefix}msgstr {_quote(f'T{number}')}\n\n")
    (tmp_path / "old.po").write_text("".join(lines), encoding="utf-8")
    pot = [HEADER] + [
        (f"msgctxt {_quote(c)}\n" if c is not None else "") + f"msgid {_quote(m)}\nmsgstr \"\"\n\n" for c, m in new
    ]
    (tmp_path / "new.pot").write_text("".join(pot), encoding="utf-8")
    merged = subprocess.run(
        ["msgmerge", "--previous", "--quiet", "-o", "-", str(tmp_path / "old.po"), str(tmp_path / "new.pot")],
        capture_output=True, text=True, check=True,
    ).stdout
    (tmp_path / "merged.po").write_text(merged, encoding="utf-8")
    result: dict[str, str | None] = {}
    for entry in polib.pofile(str(tmp_path / "merged.po")):
        if entry.msgid and not entry.obsolete and (entry.fuzzy or not entry.msgstr):  # exact matches aside
            result[entry.msgid] = old[int(entry.msgstr[1:])][1] if entry.fuzzy and entry.msgstr else None
    return result


def _ours(old: list[tuple[str | None, str, bool]], new: list[tuple[str | None, str]]) -> dict[str, str | None]:
    """Our choices, all queries in one call as `merge` asks (batched), and each alone: they must agree."""
    index = SimilarityIndex([m for _, m, _ in old], [c for c, _, _ in old])
    exact = {(c, m) for c, m, _ in old}
    queries = [(msgid, context) for context, msgid in new if (context, msgid) not in exact]
    together = index.best_matches(queries)
    assert together == [index.best_match(msgid, context) for msgid, context in queries]
    return {msgid: None if best is None else old[best][1] for (msgid, _), best in zip(queries, together)}


CASES = {
    "ties go to the most shared 4-grams, then the earliest": (
        [(None, "abcd wxyz one", False), (None, "abcd wxyz two", False), (None, "wxyz abcd onf", False)],
        [(None, "abcd wxyz onX")],
    ),
    "similar but no 4-gram in common is no match": (
        [(None, "c l o s e r s", False)], [(None, "closers")],
    ),
    "similarity counts UTF-8 bytes": (
        [(None, "été très chaud", False), (None, "ete tres chaux", False)], [(None, "été très chaux")],
    ),
    "obsolete translations are candidates too": (
        [(None, "The workers of the port shut down today", True)], [(None, "The workers of the port shut down yesterday")],
    ),
    "the query's own context gets the bonus": (
        [("heading", "Our demands now", False), (None, "Our demands now", False)], [("title", "Our demands, now")],
    ),
    "short strings are compared by byte length": (
        [(None, "abc", False), (None, "abd", False), (None, "xyz", False)], [(None, "abx"), (None, "ab")],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_same_choice_as_msgmerge(case: str, tmp_path: Path) -> None:
    old, new = CASES[case]
    assert _ours(old, new) == _msgmerge_choices(tmp_path, old, new)


def test_same_choices_as_msgmerge_on_many_small_edits(tmp_path: Path) -> None:
    rng = random.Random(3)
    words = ["people", "workers", "peace", "land", "wages", "union", "port", "city", "strike", "march", "rally", "war"]
    old_ids = list(dict.fromkeys(" ".join(rng.choice(words) for _ in range(rng.randint(3, 12))) for _ in range(400)))
    old = [(None, m, False) for m in old_ids]
    new = []
    for msgid in old_ids[:150]:
        cut = rng.randrange(len(msgid))
        new.append((None, msgid[:cut] + rng.choice(["", "x", " and ", "s"]) + msgid[cut + rng.randint(0, 3):]))
    new += [(None, " ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))) for _ in range(50)]
    new = list(dict.fromkeys(new))
    assert _ours(old, new) == _msgmerge_choices(tmp_path, old, new)
