"""A translator's reviewed text is never replaced (issue 10): the three-step scenario, through the real CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from support import run_pipeline

from pipeline.catalogs.reading import read_catalog
from pipeline.model import CatalogEntry, EntryStatus
from pipeline.provenance import approval, fingerprint

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="Apertium is not installed (make setup-test)")

OLD = "We demand an end to the blockade."
NEW = "We demand an immediate end to the blockade."
MINE = "Exigimos que termine el bloqueo."


def _ok(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_pipeline(root, *args)
    assert result.returncode == 0, result.stderr
    return result


def _entry(po: Path, msgid: str) -> CatalogEntry:
    return next(e for e in read_catalog(po) if e.msgid == msgid and not e.obsolete)


def _reword(root: Path, old: str, new: str) -> None:
    source = root / "sources/dockers.md"
    source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@needs_apertium
def test_reviewed_entry_survives_a_source_change_and_translate(project: Path) -> None:
    po = project / "locales/es/LC_MESSAGES/dockers.po"
    _ok(project, "update")
    _ok(project, "translate", "--engine", "apertium", "--lang", "es")
    machine = _entry(po, OLD)
    assert machine.status is EntryStatus.MACHINE and machine.machine_provenance is not None
    assert machine.machine_provenance.endswith(f"[text {fingerprint(machine.msgstr)}]")

    # 1. The translator edits the msgstr and clears fuzzy; the machine comment stays (editors keep #. lines).
    catalog = polib.pofile(str(po), wrapwidth=79)
    found = catalog.find(OLD)
    assert found is not None
    found.msgstr = MINE
    found.flags.remove("fuzzy")
    catalog.metadata["Last-Translator"] = "Ana Traductora <ana@example.org>"
    catalog.metadata["PO-Revision-Date"] = "2026-02-04 10:00+0000"
    catalog.save()
    assert "machine translation: apertium" in "\n".join(_entry(po, OLD).extracted_comments)
    assert _entry(po, OLD).status is EntryStatus.REVIEWED

    # 2. The organiser rewords the sentence and runs update: fuzzy, the translator's text, #| msgid.
    _reword(project, OLD, NEW)
    _ok(project, "update")
    changed = _entry(po, NEW)
    assert (changed.msgstr, changed.fuzzy, changed.previous_msgid) == (MINE, True, OLD)
    assert changed.machine_provenance is None  # the review superseded the machine note
    assert changed.status is EntryStatus.NEEDS_REVIEW
    assert "source changed: We demand an {+immediate+} end to the blockade." in changed.extracted_comments
    recorded = approval(changed)
    assert recorded is not None
    assert (recorded.who, recorded.when, recorded.source) == ("Ana Traductora <ana@example.org>", "2026-02-04 10:00+0000", fingerprint(OLD))

    # 3. translate must not take it for a stale machine suggestion.
    before = po.read_bytes()
    result = _ok(project, "translate", "--engine", "apertium", "--lang", "es")
    assert po.read_bytes() == before, result.stdout
    kept = _entry(po, NEW)
    assert (kept.msgstr, kept.fuzzy, kept.previous_msgid) == (MINE, True, OLD)

    # The gate and the statistics agree: needs review, not machine.
    report = json.loads(_ok(project, "check", "--format", "json").stdout)
    es = next(c for c in report["catalogs"] if c["language"] == "es" and c["statement"] == "dockers")
    assert es["entries"]["needs_review"] == 1 and es["entries"]["reviewed"] == 0


@needs_apertium
def test_catalog_without_fingerprints_is_read_conservatively(project: Path) -> None:
    """A catalog from before fingerprints: a fuzzy entry with a machine note and a previous msgid is a human's."""
    po = project / "locales/es/LC_MESSAGES/dockers.po"
    _ok(project, "update", "--lang", "es")
    text = po.read_text(encoding="utf-8")
    old_entry = f'#: sources/dockers.md:14\nmsgid "{OLD}"\nmsgstr ""'
    assert old_entry in text, text
    legacy = (
        "#. machine translation: apertium eng-spa (apertium 3.8.3)\n"
        f'#: sources/dockers.md:14\n#, fuzzy\n#| msgid "We demand the end of the blockade."\nmsgid "{OLD}"\nmsgstr "{MINE}"'
    )
    po.write_text(text.replace(old_entry, legacy), encoding="utf-8")
    assert _entry(po, OLD).status is EntryStatus.NEEDS_REVIEW
    _ok(project, "translate", "--engine", "apertium", "--lang", "es")
    assert (_entry(po, OLD).msgstr, _entry(po, OLD).previous_msgid) == (MINE, "We demand the end of the blockade.")


def test_noop_update_after_obsolete_entry_with_previous_msgid_changes_no_byte(project: Path) -> None:
    po = project / "locales/es/LC_MESSAGES/dockers.po"
    _ok(project, "update", "--lang", "es")
    with po.open("a", encoding="utf-8") as out:
        out.write('\n#, fuzzy\n#~| msgid "An old sentence."\n#~ msgid "A removed sentence."\n#~ msgstr "Una frase quitada."\n')
    subprocess.run(["msgcat", "-o", str(po), str(po)], check=True)
    settled = po.read_bytes()
    _ok(project, "update", "--lang", "es")
    assert po.read_bytes() == settled
