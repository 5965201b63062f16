"""POT extraction and msgmerge-style updates, judged by GNU gettext (issue 3, items 5-7)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import polib
from support import run_pipeline

from pipeline.catalogs.plural_forms import expected_plural_forms
from pipeline.catalogs.reading import read_catalog, read_header
from pipeline.cli import main
from pipeline.config import load_config
from pipeline.files import locked
from pipeline.model import EntryStatus

SLUG = "dockers"


def _ok(root: Path, *args: str) -> str:
    """Run a command in this process (the real CLI entry point, no interpreter start-up per call)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--root", str(root), *args])
    assert status == 0, err.getvalue()
    return out.getvalue()


def _translate_everything(po_path: Path) -> None:
    """A translator's pass, done with polib (a different writer than ours)."""
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = "ES " + entry.msgid
    po.save(str(po_path))


def _outcome(entries) -> dict[str, set]:
    active = [e for e in entries if not e.obsolete]
    return {
        "translated": {e.msgid for e in active if e.translated and not e.fuzzy},
        "fuzzy": {(e.msgid, e.previous_msgid, e.msgstr) for e in active if e.fuzzy},
        "untranslated": {e.msgid for e in active if not e.translated},
        "obsolete": {e.msgid for e in entries if e.obsolete},
    }


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "sources" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_update_creates_every_language_with_locale_headers(project: Path) -> None:
    _ok(project, "update")
    config = load_config(project)
    for lang in config.languages:
        header = read_header(config.po_path(lang, SLUG))
        assert header["Language"] == lang
        assert header["Plural-Forms"] == expected_plural_forms(lang)
        assert header["Content-Type"] == "text/plain; charset=UTF-8"
        assert header["Project-Id-Version"] == SLUG
        assert header["Language-Team"]
    assert read_header(config.po_path("fr", SLUG))["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_adding_a_language_is_one_line_and_update(project: Path) -> None:
    _ok(project, "update")
    config_path = project / "pipeline.toml"
    config_path.write_text(config_path.read_text().replace('languages = ["es", "tl", "fr"]', 'languages = ["es", "tl", "fr", "ar"]'))
    _ok(project, "update")
    po = project / "locales" / "ar" / "LC_MESSAGES" / f"{SLUG}.po"
    assert read_header(po)["Plural-Forms"].startswith("nplurals=6;")


def test_catalogs_are_msgcat_identical_and_pass_msgfmt_check(project: Path) -> None:
    _ok(project, "update")
    _translate_everything(project / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po")
    _edit(project, "We demand an end to the blockade.", "We demand an end to the naval blockade.")
    _ok(project, "update")
    catalogs = sorted((project / "locales").rglob("*.po*"))
    assert len(catalogs) == 8  # two POTs (statement, leaflet template), three languages each
    for path in catalogs:
        msgcat = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
        assert msgcat.stdout == path.read_bytes(), f"{path} differs from msgcat's layout"
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], check=True)


def test_pot_is_deterministic_and_not_rewritten_for_a_new_date(project: Path) -> None:
    _ok(project, "pot")
    pot = project / "locales" / f"{SLUG}.pot"
    first = pot.read_bytes()
    assert b'"POT-Creation-Date: 2026-02-03 00:00+0000\\n"' in first
    stamp = pot.stat().st_mtime_ns
    result = run_pipeline(project, "pot", env={"SOURCE_DATE_EPOCH": "1800000000"})
    assert result.returncode == 0 and "up to date" in result.stdout
    assert pot.read_bytes() == first and pot.stat().st_mtime_ns == stamp
    pot.unlink()
    _ok(project, "pot")
    assert pot.read_bytes() == first


def _msgmerge(old_po: Path, pot: Path) -> list:
    merged = subprocess.run(
        ["msgmerge", "--previous", "--quiet", "-o", "-", str(old_po), str(pot)], capture_output=True, text=True, check=True
    ).stdout
    out = old_po.with_suffix(".msgmerge.po")
    out.write_text(merged, encoding="utf-8")
    return read_catalog(out)


def test_update_matches_msgmerge_previous_on_scripted_edits(project: Path, tmp_path: Path) -> None:
    config = load_config(project)
    _ok(project, "update")
    po = config.po_path("es", SLUG)
    _translate_everything(po)

    # a changed sentence, a removed one, a new one
    _edit(project, "We demand an end to the blockade.", "We demand an end to the naval blockade.")
    _edit(project, "- Free the detained workers.\n", "")
    _edit(project, "> The time has come to act together.", "> The time has come to act together. Join us at the gate.")
    before = tmp_path / "before.po"
    before.write_bytes(po.read_bytes())
    _ok(project, "update")
    ours = _outcome(read_catalog(po))
    _ok(project, "pot")
    theirs = _outcome(_msgmerge(before, config.pot_path(SLUG)))
    assert ours == theirs
    assert ("We demand an end to the naval blockade.", "We demand an end to the blockade.", "ES We demand an end to the blockade.") in ours["fuzzy"]
    assert ours["obsolete"] == {"Free the detained workers."}
    assert ours["untranslated"] == {"Join us at the gate."}

    # the removed sentence comes back: its translation is revived from the obsolete entry
    _edit(project, "- Stop the arms shipments.\n", "- Stop the arms shipments.\n- Free the detained workers.\n")
    before.write_bytes(po.read_bytes())
    _ok(project, "update")
    ours = _outcome(read_catalog(po))
    theirs = _outcome(_msgmerge(before, config.pot_path(SLUG)))
    assert ours == theirs
    assert "Free the detained workers." in ours["translated"] and not ours["obsolete"]


def test_translator_work_survives_repeated_updates(project: Path) -> None:
    config = load_config(project)
    _ok(project, "update")
    po = config.po_path("fr", SLUG)
    _translate_everything(po)
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "ES Our demands"', 'msgstr "Nos revendications"'), encoding="utf-8")
    _ok(project, "update")
    _edit(project, "## Our demands", "## Our urgent demands")
    _ok(project, "update")
    _edit(project, "## Our urgent demands", "## Our demands")
    _ok(project, "update")
    entries = {e.msgid: e for e in read_catalog(po) if not e.obsolete}
    # as with msgmerge, the edited heading carried the translation (fuzzy) and carries it back
    assert entries["Our demands"].msgstr == "Nos revendications"
    assert entries["Our demands"].status is EntryStatus.NEEDS_REVIEW
    assert entries["Our demands"].previous_msgid == "Our urgent demands"
    untouched = entries["We demand an end to the blockade."]
    assert untouched.status is EntryStatus.REVIEWED and untouched.msgstr == "ES We demand an end to the blockade."
    assert all(e.translated for e in entries.values())


def _waits_for_our_lock(pid: int) -> bool:
    """True when process `pid` is blocked on an flock (the kernel lists waiters with `->` in /proc/locks)."""
    return re.search(rf"^\d+: -> FLOCK\s+\S+\s+WRITE {pid} ", Path("/proc/locks").read_text(), re.MULTILINE) is not None


def test_an_update_waits_while_another_run_holds_the_project_lock(project: Path) -> None:
    locales = project / "locales"
    with locked(project):
        update = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "--root", str(project), "update"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 120
        while not _waits_for_our_lock(update.pid):
            assert update.poll() is None, f"update finished while the lock was held: {update.communicate()}"
            assert time.monotonic() < deadline, "update never asked for the project lock"
            time.sleep(0.05)
        time.sleep(0.5)
        assert update.poll() is None
        assert not locales.exists() or not list(locales.rglob("*.po")), "update wrote catalogs without the lock"
    _, err = update.communicate(timeout=300)
    assert update.returncode == 0, err
    assert {p.parent.parent.name for p in locales.rglob("dockers.po")} == {"es", "fr", "tl"}
