"""Small source edits give small catalog diffs: location comments count inside a section, references follow add-location."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from support import run_pipeline

SLUG = "dockers"
CATALOGS = (f"locales/{SLUG}.pot", f"locales/es/LC_MESSAGES/{SLUG}.po", f"locales/fr/LC_MESSAGES/{SLUG}.po")


def _update(root: Path) -> dict[str, list[str]]:
    result = run_pipeline(root, "update")
    assert result.returncode == 0, result.stderr
    return {name: (root / name).read_text(encoding="utf-8").split("\n") for name in CATALOGS}


def _changed(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, int]:
    return {
        name: sum(1 for line in difflib.unified_diff(before[name], after[name], n=0, lineterm="") if line[:1] in "+-" and line[:3] not in ("+++", "---"))
        for name in CATALOGS
    }


def _edit(root: Path, old: str, new: str) -> None:
    source = root / "sources" / f"{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_one_sentence_reword_changes_a_few_lines_per_catalog(project: Path) -> None:
    before = _update(project)
    _edit(project, "We demand an end to the blockade.", "We demand an end to the siege.")
    changed = _changed(before, _update(project))
    assert changed[f"locales/{SLUG}.pot"] == 2  # the msgid, old and new
    assert all(n <= 4 for n in changed.values()), changed  # a .po adds the fuzzy flag and the previous msgid


def test_a_paragraph_added_at_the_top_renumbers_nothing_under_later_headings(project: Path) -> None:
    config = project / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('add-location = "full"', 'add-location = "file"'), encoding="utf-8")
    before = _update(project)
    _edit(project, "The port was shut down", "We write to you today.\n\nThe port was shut down")
    after = _update(project)
    pot = "\n".join(after[f"locales/{SLUG}.pot"])
    assert "#. before the first heading: paragraph 1\n#: sources/dockers.md\nmsgid \"We write to you today.\"" in pot
    assert "#. under “Our demands”: paragraph 1, sentence 1 of 2" in pot
    changed = _changed(before, after)
    assert all(n <= 10 for n in changed.values()), changed  # the new entry (5 lines), and the 2 comments of the paragraph it pushed down


@pytest.mark.parametrize(("setting", "reference"), [("full", "#: sources/dockers.md:14"), ("file", "#: sources/dockers.md"), ("never", None)])
def test_add_location_is_like_xgettext(project: Path, setting: str, reference: str | None) -> None:
    config = project / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('add-location = "full"', f'add-location = "{setting}"'), encoding="utf-8")
    pot = "\n".join(_update(project)[f"locales/{SLUG}.pot"])
    entry = pot[pot.index("#. under “Our demands”: paragraph 1, sentence 1 of 2") :].split("\n")
    if reference is None:
        assert not any(line.startswith("#:") for line in pot.split("\n"))
    else:
        assert entry[1] == reference
