"""A hard line break in a msgid (backslash, line end) comes through machine translation (issue 12, item 7)."""

from __future__ import annotations

from pathlib import Path

from support import run_pipeline
from support.argos_builder import argos_env

from pipeline.catalogs.reading import read_catalog
from pipeline.mt.apertium import ApertiumEngine
from pipeline.mt.protect import mask, restore


def test_hard_break_is_a_mask_and_comes_back_as_written() -> None:
    masked = mask("The union hall\\\n12 Harbour Road\\\nManila")
    assert "\n" not in masked.text and "\\" not in masked.text
    [output] = ApertiumEngine(["eng-spa"]).translate([masked.text])
    restored = restore(output.text, masked)
    assert restored.count("\\\n") == 2
    assert " \\\n" not in restored and "\\\n " not in restored


def test_translate_goes_line_by_line_and_keeps_the_breaks(project: Path, tmp_path: Path) -> None:
    (project / "sources" / "dockers.md").write_text(
        '---\ntitle: "The hall"\ndate: 2026-02-03\n---\n\nThe union hall  \n12 Harbour Road\\\nManila\n', encoding="utf-8"
    )
    assert run_pipeline(project, "update", "--lang", "es").returncode == 0
    result = run_pipeline(project, "translate", "--engine", "apertium", "--lang", "es", env=argos_env(tmp_path / "argos"))
    assert result.returncode == 0, result.stderr
    po = project / "locales" / "es" / "LC_MESSAGES" / "dockers.po"
    [entry] = [e for e in read_catalog(po) if e.msgid.startswith("The union hall")]
    lines = entry.msgstr.split("\\\n")
    assert len(lines) == 3 and lines[1].startswith("12 ") and lines[2] == "Manila"
    assert "hall" not in lines[1]  # nothing moved across the break
