"""Broken and hostile catalogs (tests/po_cases): each yields its finding at its line, never a traceback.

Every file in tests/po_cases states what the gate must say about it in
``# expect: exit=N check=NAME line=L [severity=error|warning|silenced]`` lines.
Each file is checked twice: by the library (validate + qa) directly, and by
`pipeline check` in a throw-away project whose only statement says exactly the
file's sentences, so that nothing but the case itself can fail the gate.
GNU msgfmt is the judge of validity: whatever it rejects, the gate rejects too.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import tree_digest

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.gate import quality as qa
from pipeline.gate.run import run_gate
from pipeline.gate.validity import validate_catalog
from pipeline.model import Severity

CASES = Path(__file__).parent / "po_cases"
CASE_FILES = sorted(CASES.glob("*.po"))
CASE_PARAMS = [pytest.param(p, id=p.stem) for p in CASE_FILES]
EXPECT = re.compile(r"# expect: exit=(\d+) check=([\w-]+) line=(\d+)(?: severity=(\w+))?")


@dataclass(frozen=True)
class Expectation:
    exit: int
    check: str
    line: int
    severity: str  # error, warning or silenced


def expectations(path: Path) -> list[Expectation]:
    text = path.read_bytes().decode("utf-8", "replace")
    found = [Expectation(int(e), c, int(line), s or "error") for e, c, line, s in EXPECT.findall(text)]
    assert found, f"{path.name} states no expectation"
    return found


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_library_reports_each_case_at_its_line(case: Path) -> None:
    before = _digest(case)
    validation = validate_catalog(case, "es")
    findings = list(validation.findings)
    if validation.entries is not None:
        findings += qa.check_catalog(case, validation.entries, "es")
    got = {(f.code, f.line, f.severity.value) for f in findings}
    for want in expectations(case):
        if want.severity == "silenced":
            assert not any(code == want.check and line == want.line for code, line, _ in got), got
        else:
            assert (want.check, want.line, want.severity) in got, f"{case.name}: {sorted(got)}"
    assert all(f.path == case and f.line >= 0 for f in findings)
    assert _digest(case) == before


def _case_project(tmp_path: Path, case: Path) -> Path:
    """A project with one statement holding the case's sentences, updated, then the case as its es catalog."""
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    (root / "pipeline.toml").write_text('source-language = "en"\nlanguages = ["es"]\n', encoding="utf-8")
    validation = validate_catalog(case, "es")
    msgids = [e.msgid for e in validation.entries or () if not e.obsolete and "\n" not in e.msgid]
    title, *body = msgids or ["Hostile catalogs"]
    source = "---\ntitle: " + _yaml(title) + "\ndate: 2026-02-03\n---\n\n" + "\n\n".join(body) + "\n"
    (root / "sources" / f"{case.stem}.md").write_text(source, encoding="utf-8")
    assert main(["--root", str(root), "update"]) == 0
    shutil.copyfile(case, root / "locales" / "es" / "LC_MESSAGES" / case.name)
    return root


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_gate_fails_each_case_with_its_exit_status(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _case_project(tmp_path, case)
    capsys.readouterr()
    before = tree_digest(root)
    status = main(["--root", str(root), "check"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    shown = f"locales/es/LC_MESSAGES/{case.name}"
    wants = expectations(case)
    stale = [line for line in out.splitlines() if "[stale]" in line]
    if wants[0].exit != 4 and stale and all("would rewrite this catalog" in line for line in stale):
        # a hand-written case is not in msgcat's layout, so `update` would rewrite it: judge the rest
        result = run_gate(load_config(root))
        failures = sorted({i.failure for i in result.errors if "would rewrite" not in i.finding.message})
        status, stale = (int(failures[0]) if failures else 0), []
    assert status == wants[0].exit, out
    for want in wants:
        prefix = f"{shown}:{want.line}: " + ("warning: " if want.severity == "warning" else "") + f"[{want.check}]"
        if want.severity == "silenced":
            assert not any(line.startswith(f"{shown}:{want.line}:") and f"[{want.check}]" in line for line in out.splitlines())
        else:
            assert any(line.startswith(prefix) for line in out.splitlines()), f"{prefix!r} not in:\n{out}"
    if wants[0].exit in (0, 5):
        assert not stale, "the case project itself is stale; the case proves nothing"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2028\u2029]", out), "raw control characters reached the terminal"
    assert tree_digest(root) == before


def test_msgfmt_rejections_are_gate_errors() -> None:
    """GNU msgfmt --check is the judge: any file it rejects, the gate reports as invalid (at msgfmt's entry)."""
    for case in CASE_FILES:
        judged = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(case)], capture_output=True, text=True, errors="replace")
        validation = validate_catalog(case, "es")
        if judged.returncode != 0:
            assert not validation.valid, f"msgfmt rejects {case.name} but the gate does not:\n{judged.stderr}"


def test_policy_cases_msgfmt_accepts_are_still_refused() -> None:
    """Stricter than msgfmt on purpose: CRLF, non-UTF-8 charsets, wrong Language or Plural-Forms, escapes."""
    stricter = ["crlf", "charset-not-utf8", "wrong-language", "plural-forms-wrong", "control-escape"]
    for stem in stricter:
        case = CASES / f"{stem}.po"
        judged = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(case)], capture_output=True, text=True)
        assert judged.returncode == 0, f"msgfmt now rejects {stem}; move it out of this list"
        assert not validate_catalog(case, "es").valid


def test_silencing_comment_survives_msgmerge_and_msgcat(tmp_path: Path) -> None:
    """The documented `# pipeline-ignore:` translator comment is kept by GNU msgmerge and msgcat."""
    po = CASES / "silenced.po"
    pot = tmp_path / "silenced.pot"
    subprocess.run(["msgcat", "-o", str(tmp_path / "cat.po"), str(po)], check=True)
    subprocess.run(["msgfilter", "-i", str(po), "-o", str(pot), "--keep-header", "sed", "-e", "d"], check=True, capture_output=True)
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "--quiet", "-o", str(merged), str(po), str(pot)], check=True)
    for out in (tmp_path / "cat.po", merged):
        validation = validate_catalog(out, "es")
        assert validation.entries is not None
        findings = qa.check_catalog(out, validation.entries, "es")
        assert not [f for f in findings if f.code == "numbers"], findings
        assert "# pipeline-ignore: numbers" in out.read_text(encoding="utf-8")


def test_security_problems_stay_errors_on_machine_suggestions() -> None:
    case = CASES / "hidden-characters.po"
    validation = validate_catalog(case, "es")
    assert validation.entries is not None
    machine = next(e for e in validation.entries if e.fuzzy)
    findings = qa.check_entry(case, machine, "es")
    assert [f.severity for f in findings if f.code == "hidden-chars"] == [Severity.ERROR]
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in findings[0].message


def test_check_names_are_stable() -> None:
    """Names users type in `# pipeline-ignore:` comments: this list changes only on purpose."""
    assert list(qa.CHECKS) == [
        "markup", "placeholders", "numbers", "urls", "punctuation", "whitespace",
        "glossary", "unchanged", "length", "hidden-chars", "html",
        "spacing", "doubled-punctuation", "doubled-words",
    ]


FORMAT_CASES = [
    ("c-format", "%d workers in %s", "%d trabajadores en %s"),
    ("c-format", "%d workers in %s", "%s trabajadores en %d"),
    ("c-format", "%d workers in %s", "%2$s: %1$d trabajadores"),
    ("c-format", "%d workers", "trabajadores"),
    ("c-format", "%d workers", "%i trabajadores"),
    ("c-format", "%d workers", "%u trabajadores"),
    ("c-format", "%5.2f%%", "%f %%"),
    ("c-format", "%ld items", "%d cosas"),
    ("c-format", "100%% sure", "100% seguro"),
    ("c-format", "%s", "%s %s"),
    ("python-format", "%(n)d workers", "%(n)d trabajadores"),
    ("python-format", "%(n)d workers", "%(m)d trabajadores"),
    ("python-format", "%(n)d workers", "%(n)s trabajadores"),
    ("python-format", "%(n)d workers and %(m)s", "%(m)s y %(n)d"),
    ("python-format", "%d and %s", "%s y %d"),
    ("python-format", "%d and %s", "%d y"),
    ("python-brace-format", "{n} workers", "{n} trabajadores"),
    ("python-brace-format", "{n} workers", "{m} trabajadores"),
    ("python-brace-format", "{0} and {1}", "{1} y {0}"),
    ("python-brace-format", "{} and {}", "{} y"),
    ("python-brace-format", "{n.x} workers", "{n} trabajadores"),
    ("python-brace-format", "{{literal}} {n}", "{n} {{literal}}"),
    ("python-brace-format", "{n:>5} w", "{n} t"),
]


@pytest.mark.parametrize(("flag", "msgid", "msgstr"), FORMAT_CASES)
def test_format_checks_agree_with_msgfmt(tmp_path: Path, flag: str, msgid: str, msgstr: str) -> None:
    header = (CASES / "placeholder-loss.po").read_text(encoding="utf-8").split('msgid "Hostile')[0]
    path = tmp_path / "format.po"
    path.write_text(header + f'#, {flag}\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    judged = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    ours = [f for f in validate_catalog(path, "es").findings if f.code == "format"]
    assert (judged.returncode != 0) == bool(ours), (judged.stderr, ours)
    assert all(f.severity is Severity.ERROR and f.line == len(header.split("\n")) + 1 for f in ours)
