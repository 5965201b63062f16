"""The gate's reports parsed the way their readers parse them: json.loads, an XML parser, GitHub's command syntax."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support import REPO

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.gate.report import describe
from pipeline.gate.run import CatalogResult, run_gate
from pipeline.gate.status_chart import status_svg
from pipeline.model import CatalogStats, EntryStatus

CASES = Path(__file__).parent / "po_cases"
SLUG = "dockers"
ANNOTATION = re.compile(
    r"^::(?P<kind>error|warning|notice) "
    r"(?:file=(?P<file>[^,:]+)(?:,line=(?P<line>\d+))?,)?title=(?P<title>[^:]*)::(?P<message>[^\r\n]*)$"
)


@pytest.fixture
def broken(project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A project whose es catalog is broken, fr carries hostile reviewed text, tl is fine."""
    assert main(["--root", str(project), "update"]) == 0
    capsys.readouterr()
    es = project / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    es.write_text(es.read_text(encoding="utf-8") + '\nmsgid "Unterminated\nmsgstr ""\n', encoding="utf-8")
    fr = project / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    text = fr.read_text(encoding="utf-8")
    hostile = "Arrêtez <script>x</script> `a\\n::error file=README.md::forged` \u202e\x1b[2J les envois."
    fr.write_text(text.replace('msgid "Stop the arms shipments."\nmsgstr ""', f'msgid "Stop the arms shipments."\nmsgstr "{hostile}"'), encoding="utf-8")
    return project


def _report(root: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["--root", str(root), "check", "--format", fmt])
    return status, capsys.readouterr().out


def test_json(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _report(broken, capsys, "json")
    data = json.loads(out)
    assert status == data["exit_code"] == 3
    assert data["passed"] is False
    # fr's hostile msgstr has a newline that msgcat (and so `update`) would lay out on its own line: stale too
    assert data["failures"] == ["catalog invalid", "stale", "quality errors"]
    by_lang = {c["language"]: c for c in data["catalogs"] if c["statement"] == SLUG}
    assert by_lang["es"]["entries"] is None
    assert by_lang["tl"]["entries"]["untranslated"] == by_lang["tl"]["total_entries"] > 0
    assert set(by_lang["tl"]["entries"]) == {"reviewed", "machine", "needs_review", "untranslated", "obsolete"}
    assert by_lang["tl"]["requirement"] == {"measure": "translated", "required": 0.0, "actual": 0.0, "met": True}
    es_errors = [f for f in data["findings"] if f["path"] == f"locales/es/LC_MESSAGES/{SLUG}.po"]
    assert es_errors and es_errors[0]["check"] == "parse" and es_errors[0]["line"] > 0
    fr = {f["check"] for f in data["findings"] if f["path"].startswith("locales/fr/") and f["severity"] == "error"}
    assert fr == {"html", "hidden-chars", "markup", "stale"}


def test_junit(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _report(broken, capsys, "junit")
    assert status == 3
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    es = suites[f"locales/es/LC_MESSAGES/{SLUG}.po"]
    cases = {c.get("name"): c for c in es.iter("testcase")}
    assert set(cases) == {"validity", "staleness", "quality", "threshold"}
    failure = cases["validity"].find("failure")
    assert failure is not None and re.match(rf"locales/es/LC_MESSAGES/{SLUG}\.po:\d+: \[parse\]", failure.get("message", ""))
    assert cases["quality"].find("failure") is None
    fr_quality = {c.get("name"): c for c in suites[f"locales/fr/LC_MESSAGES/{SLUG}.po"].iter("testcase")}["quality"]
    assert "U+202E" in (fr_quality.find("failure").text or "")
    assert int(root.get("failures", "0")) == 3  # es validity, fr staleness (layout), fr quality
    assert int(root.get("tests", "0")) == 4 * len(suites)
    assert "\x1b" not in out and "\u202e" not in out


def test_github_annotations(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _report(broken, capsys, "github")
    assert status == 3
    lines = out.splitlines()
    parsed = [ANNOTATION.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed) if not m]
    errors = [m for m in parsed if m["kind"] == "error" and m["file"]]
    assert {m["file"] for m in errors} == {f"locales/es/LC_MESSAGES/{SLUG}.po", f"locales/fr/LC_MESSAGES/{SLUG}.po"}
    assert all(m["line"] and int(m["line"]) > 0 for m in errors)
    assert not any(m["file"] == "README.md" for m in parsed if m["file"]), "a translation forged an annotation"
    assert parsed[-1]["kind"] == "error" and parsed[-1]["title"] == "catalog gate"
    assert "%0A" not in "".join(m["file"] or "" for m in parsed)


def test_table_names_file_line_and_check(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _report(broken, capsys, "table")
    assert status == 3
    assert re.search(rf"^locales/fr/LC_MESSAGES/{SLUG}\.po:\d+: \[html\] raw HTML not in source: </script>, <script>$", out, re.MULTILINE), out
    assert "\x1b" not in out and "\u202e" not in out


def test_passing_project_reports(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "update"]) == 0
    status, out = _report(project, capsys, "github")
    assert status == 0
    assert [ANNOTATION.match(line)["kind"] for line in out.splitlines()] == ["notice"]
    status, out = _report(project, capsys, "junit")
    assert ET.fromstring(out.encode()).get("failures") == "0"


def test_status_svg_escapes_titles_and_is_well_formed() -> None:
    stats = CatalogStats(
        entries={EntryStatus.REVIEWED: 2, EntryStatus.MACHINE: 3, EntryStatus.NEEDS_REVIEW: 1, EntryStatus.UNTRANSLATED: 4},
        words={},
    )
    catalogs = [
        CatalogResult("a", "<script>alert('x')</script> & \x00 “quotes”", "es", Path("a.po"), stats, None),
        CatalogResult("a", "", "fr", Path("b.po"), None, None),
    ]
    svg = status_svg(catalogs)
    root = ET.fromstring(svg.encode("utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert not list(root.iter(f"{ns}script"))
    texts = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
    assert "<script>alert('x')</script> & \ufffd “quotes”" in texts
    assert "no catalog" in texts
    bars = [r for r in root.iter(f"{ns}rect") if r.find(f"{ns}title") is not None]
    widths = [float(r.get("width", 0)) for r in bars]
    assert len(bars) == 4 and abs(sum(widths) - 480) < 0.1
    assert widths[0] / sum(widths) == pytest.approx(0.2)
    assert status_svg(catalogs) == svg


def test_the_repository_as_committed_passes_the_gate() -> None:
    """`make check` on this repository: its statements, catalogs and configuration agree."""
    result = run_gate(load_config(REPO))
    assert result.exit_code == 0, "\n".join(describe(i) for i in result.errors)
    ET.fromstring(status_svg(result.catalogs).encode("utf-8"))
