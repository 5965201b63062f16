"""`pipeline translate` as a whole: translation memory, compendium, skipped languages, bad input."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import polib
import pytest
from support import run_pipeline, tree_digest
from support.argos_builder import argos_env

from pipeline.catalogs.reading import read_catalog
from pipeline.provenance import describe, provenance_note

SECOND = textwrap.dedent(
    """\
    ---
    title: "Second statement"
    date: 2026-02-04
    ---

    Stop the arms shipments. Free the detained workers. The ILPS stands with Bayan.
    """
)
needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="Apertium is not installed (make setup-test)")


def review(po: Path, msgid: str, msgstr: str) -> None:
    """A translator's reviewed (non-fuzzy) translation, saved as an editor would."""
    catalog = polib.pofile(str(po), wrapwidth=79)
    catalog.find(msgid).msgstr = msgstr
    catalog.save()


def entry(po: Path, msgid: str):
    return next(e for e in read_catalog(po) if e.msgid == msgid and not e.obsolete)


@needs_apertium
def test_memory_and_compendium_come_before_the_engine(project: Path) -> None:
    (project / "sources" / "second.md").write_text(SECOND, encoding="utf-8")
    assert run_pipeline(project, "update", "--lang", "es").returncode == 0
    folder = project / "locales/es/LC_MESSAGES"
    review(folder / "dockers.po", "Stop the arms shipments.", "Alto a los envíos de armas.")
    compendium = project / "compendium.po"
    compendium.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Free the detained workers."\nmsgstr "Liberen a los trabajadores detenidos."\n',
        encoding="utf-8",
    )
    result = run_pipeline(project, "translate", "--engine", "apertium", "--lang", "es", "--compendium", str(compendium))
    assert result.returncode == 0, result.stderr

    memory = entry(folder / "second.po", "Stop the arms shipments.")
    assert (memory.msgstr, memory.fuzzy) == ("Alto a los envíos de armas.", True)
    assert memory.machine_provenance == provenance_note("translation memory: locales/es/LC_MESSAGES/dockers.po", memory.msgstr)
    from_compendium = entry(folder / "second.po", "Free the detained workers.")
    assert from_compendium.msgstr == "Liberen a los trabajadores detenidos."
    assert from_compendium.machine_provenance.startswith("translation memory: ") and describe(from_compendium.machine_provenance).endswith("compendium.po")
    machine = entry(folder / "second.po", "The ILPS stands with Bayan.")
    assert machine.machine_provenance.startswith("machine translation: apertium eng-spa")
    assert "ILPS" in machine.msgstr and "Bayan" in machine.msgstr
    assert "mt glossary: ILPS, Bayan kept" in machine.extracted_comments
    reviewed = entry(folder / "dockers.po", "Stop the arms shipments.")
    assert (reviewed.msgstr, reviewed.fuzzy) == ("Alto a los envíos de armas.", False)
    assert "from translation memory" in result.stdout


def test_language_without_engine_is_skipped_and_explained(project: Path, tmp_path: Path) -> None:
    assert run_pipeline(project, "update").returncode == 0
    env = argos_env(tmp_path / "argos")  # no packages installed
    before = tree_digest(project / "locales")
    result = run_pipeline(project, "translate", "--lang", "tl", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("tl: ") and "skipped" in result.stdout.splitlines()[0]
    assert "pipeline models download tl" in result.stderr and "pipeline models install" in result.stderr
    assert "no Apertium mode for en->tl" in result.stderr
    assert "tl: no engine for tl; to get one:\n  - no Argos package for en->tl" in result.stderr  # one reason a line
    strict = run_pipeline(project, "translate", "--lang", "tl", "--strict", env=env)
    assert strict.returncode == 1
    assert "--strict, and no engine for tl" in strict.stderr
    assert tree_digest(project / "locales") == before


def test_broken_glossary_stops_before_any_change(project: Path) -> None:
    assert run_pipeline(project, "update", "--lang", "es").returncode == 0
    (project / "glossary.tsv").write_text("ILPS\t*\tkeep\nIWA keep\n", encoding="utf-8")
    before = tree_digest(project)
    result = run_pipeline(project, "translate", "--engine", "apertium", "--lang", "es")
    assert result.returncode == 1
    assert result.stderr.strip() == "glossary.tsv:2: expected 3 tab-separated fields (source, language or *, target or keep), found 1"
    assert tree_digest(project) == before


def test_missing_catalog_says_to_run_update(project: Path) -> None:
    result = run_pipeline(project, "translate", "--engine", "apertium", "--lang", "es")
    assert result.returncode == 1
    assert "no such catalog (run `pipeline update`)" in result.stderr
