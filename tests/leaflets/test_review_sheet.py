"""`pipeline review-sheet` and `pipeline pdf --numbered` (issue 10, item 5), read as a proofreader would."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
from support import run_pipeline, tree_digest

from pipeline.catalogs.suggestions import write_suggestions
from pipeline.model import MT_PROVENANCE_PREFIX, Suggestion

HOSTILE = 'Alto <script>alert(1)</script><img src="http://example.org/x.png"> {{ 7*7 }}.'


def _ok(root: Path, *args: str) -> str:
    result = run_pipeline(root, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _prepare(project: Path) -> Path:
    _ok(project, "update")
    po = project / "locales/es/LC_MESSAGES/dockers.po"
    notes = (f"{MT_PROVENANCE_PREFIX} test engine 1.0", "mt warning: output is the source text unchanged")
    write_suggestions(po, [Suggestion(None, "Free the detained workers.", "Liberen a los trabajadores detenidos.", notes)])
    catalog = polib.pofile(str(po), wrapwidth=79)
    stop = catalog.find("Stop the arms shipments.")
    stop.msgstr = HOSTILE
    catalog.find("Our demands").msgstr = "Nuestras demandas"
    catalog.metadata["Last-Translator"] = "Ana <ana@example.org>"
    catalog.save()
    source = project / "sources/dockers.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Our demands", "Our three demands"), encoding="utf-8")
    _ok(project, "update")
    return po


def test_review_sheet_rows_status_and_escaping(project: Path) -> None:
    _prepare(project)
    out = _ok(project, "review-sheet", "--lang", "es")
    assert "build/review/dockers.es.pdf: written, 9 rows" in out
    html = (project / "build/review/dockers.es.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "49" not in html
    assert "machine: test engine 1.0" in html and "output is the source text unchanged" in html
    assert "needs review: the source changed" in html and "<ins>three</ins>" in html

    text = _pdf_text(project / "build/review/dockers.es.pdf")
    rows = {line.split()[0]: line for line in text.splitlines() if line.strip()[:2].strip().isdigit()}
    assert "Solidarity with the dock workers" in rows["1"] and "untranslated" in rows["1"]
    assert "Stop the arms shipments." in text and "<script>alert(1)</script>" in text  # shown as text, not run
    assert "reviewed" in text and "approved: Ana" in text
    before = tree_digest(project / "build")
    assert "up to date" in _ok(project, "review-sheet", "--lang", "es")
    assert tree_digest(project / "build") == before


def test_numbered_draft_prints_the_sheets_row_numbers(project: Path) -> None:
    _prepare(project)
    toml = project / "pipeline.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("draft-minimum = 50", "draft-minimum = 0"), encoding="utf-8")
    _ok(project, "pdf", "--numbered", "--lang", "es")
    numbered = project / "build/review/dockers.es.numbered.pdf"
    text = _pdf_text(numbered)
    # row 1 is the title, 2-3 the first paragraph, 4 the heading, 5-6 the next paragraph, 7 and 8 the list items
    tokens = text.split()
    assert {"2–3", "4", "5–6", "7", "8", "9"} <= set(tokens), text
    assert "1" in tokens[: tokens.index("2–3")]  # the title's row
    lines = [line.split() for line in text.splitlines()]
    assert any(words[:3] == ["7", "•", "Alto"] for words in lines)  # beside its own list item
    assert any(words[:2] == ["2–3", "The"] for words in lines)
    assert not (project / "build/pdf/dockers.es.pdf").exists()  # the ordinary draft is not replaced
    refused = run_pipeline(project, "pdf", "--numbered", "--release")
    assert refused.returncode == 1 and "--numbered is for drafts" in refused.stderr
