"""`pipeline changes` and the `source changed:` / `approved:` comments `update` writes (issue 10, items 3-4)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polib
from support import run_pipeline

from pipeline.catalogs.changes import Op, Piece, plain_diff, word_diff
from pipeline.catalogs.reading import read_catalog
from pipeline.model import EntryStatus
from pipeline.provenance import approval, fingerprint

OLD = "We demand an end to the blockade."
NEW = "We demand an immediate end to the blockade."


def _ok(root: Path, *args: str) -> str:
    result = run_pipeline(root, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _review(po: Path, msgid: str, msgstr: str, who: str = "Ana <ana@example.org>") -> None:
    catalog = polib.pofile(str(po), wrapwidth=79)
    entry = catalog.find(msgid)
    assert entry is not None
    entry.msgstr = msgstr
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    catalog.metadata["Last-Translator"] = who
    catalog.metadata["PO-Revision-Date"] = "2026-02-04 10:00+0000"
    catalog.save()


def _reword(root: Path, old: str, new: str) -> None:
    source = root / "sources/dockers.md"
    source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_word_diff_and_its_one_line_form() -> None:
    pieces = word_diff("But every day of this past month has proven the US narrative wrong.",
                       "But every single day of this past month has proven the narrative wrong.")
    assert pieces[:3] == (Piece(Op.KEEP, "But every"), Piece(Op.ADD, "single"), Piece(Op.KEEP, "day of this past month has proven the"))
    assert plain_diff(pieces) == "But every {+single+} day of this past month has proven the [-US-] narrative wrong."
    long = word_diff("one two three four five six seven eight nine ten", "one two three four five six seven eight nine TEN")
    assert plain_diff(long) == "… six seven eight nine [-ten-] {+TEN+}"
    assert plain_diff(word_diff("a b", "a c"), context=None) == "a [-b-] {+c+}"


def test_update_records_approval_once_and_diff_for_poedit(project: Path) -> None:
    po = project / "locales/es/LC_MESSAGES/dockers.po"
    _ok(project, "update")
    _review(po, OLD, "Exigimos el fin del bloqueo.")
    _ok(project, "update")
    reviewed = next(e for e in read_catalog(po) if e.msgid == OLD)
    assert reviewed.translator_comments == (f"approved: Ana <ana@example.org>, 2026-02-04 10:00+0000, source {fingerprint(OLD)}",)
    settled = po.read_bytes()
    _ok(project, "update")
    assert po.read_bytes() == settled  # recorded once
    subprocess.run(["msgcat", "-o", str(po), str(po)], check=True)
    assert po.read_bytes() == settled  # msgcat keeps the comment, byte for byte

    _reword(project, OLD, NEW)
    _ok(project, "update")
    changed = next(e for e in read_catalog(po) if e.msgid == NEW)
    assert "source changed: We demand an {+immediate+} end to the blockade." in changed.extracted_comments
    assert approval(changed) is not None and approval(changed).source == fingerprint(OLD)

    # The translator re-reviews against the new source: update records a new approval and drops the diff.
    _review(po, NEW, "Exigimos el fin inmediato del bloqueo.", who="Luis <luis@example.org>")
    _ok(project, "update")
    again = next(e for e in read_catalog(po) if e.msgid == NEW)
    assert again.status is EntryStatus.REVIEWED and not any(c.startswith("source changed:") for c in again.extracted_comments)
    assert again.translator_comments == (f"approved: Luis <luis@example.org>, 2026-02-04 10:00+0000, source {fingerprint(NEW)}",)


def test_changes_lists_the_entry_in_text_json_and_html(project: Path) -> None:
    po = project / "locales/es/LC_MESSAGES/dockers.po"
    _ok(project, "update")
    _review(po, OLD, "Exigimos el fin del <b>bloqueo</b>.\x1b[2J")
    _ok(project, "update")
    assert _ok(project, "changes", "--lang", "es").endswith("0 entries whose source changed since review\n")
    _reword(project, OLD, NEW)
    _ok(project, "update")

    text = _ok(project, "changes", "--lang", "es")
    assert "\x1b[" not in text  # no colour when not on a terminal
    assert "source:      We demand an {+immediate+} end to the blockade." in text
    assert "translation: Exigimos el fin del <b>bloqueo</b>.\\u001b[2J" in text  # no raw escape reaches a terminal
    assert "reviewed by Ana <ana@example.org>, 2026-02-04 10:00+0000, against the previous source" in text

    report = json.loads(_ok(project, "changes", "--lang", "es", "--format", "json"))
    (change,) = report["changes"]
    assert (change["previous"], change["msgid"], change["status"]) == (OLD, NEW, "needs review")
    assert change["diff"][1] == {"op": "add", "text": "immediate"}
    assert change["path"] == "locales/es/LC_MESSAGES/dockers.po" and change["references"] == ["sources/dockers.md:14"]

    html = _ok(project, "changes", "--lang", "es", "--format", "html")
    assert "<ins>immediate</ins>" in html
    assert "<b>bloqueo</b>" not in html and "&lt;b&gt;bloqueo&lt;/b&gt;" in html  # a translation is data


def test_changes_since_a_git_revision(project: Path) -> None:
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    po = project / "locales/es/LC_MESSAGES/dockers.po"
    _ok(project, "update")
    _review(po, OLD, "Exigimos el fin del bloqueo.")
    _ok(project, "update")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "reviewed"], check=True)
    _reword(project, OLD, NEW)
    _ok(project, "update")
    # Even with the #| line gone (a tool that drops previous msgids), --since finds what the sentence was.
    catalog = polib.pofile(str(po), wrapwidth=79)
    catalog.find(NEW).previous_msgid = None
    catalog.save()
    report = json.loads(_ok(project, "changes", "--lang", "es", "--since", "HEAD", "--format", "json"))
    (change,) = report["changes"]
    assert (change["previous"], change["msgid"], change["translation_then"]) == (OLD, NEW, "Exigimos el fin del bloqueo.")

    unknown = run_pipeline(project, "changes", "--lang", "es", "--since", "no-such-rev")
    assert unknown.returncode == 1 and "unknown git revision 'no-such-rev'" in unknown.stderr


def test_since_outside_git_is_a_clear_error(project: Path) -> None:
    _ok(project, "update")
    result = run_pipeline(project, "changes", "--lang", "es", "--since", "HEAD", env={"GIT_CEILING_DIRECTORIES": str(project.parent)})
    assert result.returncode == 1
    assert "not a git work tree, so `--since` has no history to compare with" in result.stderr
    assert "Traceback" not in result.stderr
