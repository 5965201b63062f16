"""Reports of a `GateResult` for people and for machines.

Contract: each `format_*` function turns a `GateResult` into text and does no
I/O: `table` for a terminal, `json` (one object, schema below), `junit` (XML
that CI dashboards read: one test suite per catalog file, one test case per
gate stage) and `github` (GitHub Actions workflow commands annotating the
file and line). All text coming from catalogs is already made printable by
the checks; here it is escaped once more for the target format, and
characters XML cannot carry are written as \\uXXXX.

JSON: {"passed", "exit_code", "failures": [label…], "fixes": {label: hint},
"catalogs": [{"statement", "title", "language", "path", "entries": {status:
n}, "words": {status: n}, "total_entries", "total_words", "requirement":
{"measure", "required", "actual", "met"} | null}], "findings": [{"path",
"line", "check", "severity", "failure", "message"}]}; statuses are reviewed,
machine, needs_review, untranslated, obsolete.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.gate.run import FIXES, Failure, GateResult, Issue
from pipeline.model import EntryStatus, Finding
from pipeline.text import shown

STAGES = {
    Failure.INVALID: "validity",
    Failure.STALE: "staleness",
    Failure.QUALITY: "quality",
    Failure.THRESHOLD: "threshold",
}
_COLUMNS = (
    (EntryStatus.REVIEWED, "reviewed"),
    (EntryStatus.MACHINE, "machine"),
    (EntryStatus.NEEDS_REVIEW, "needs review"),
    (EntryStatus.UNTRANSLATED, "untranslated"),
    (EntryStatus.OBSOLETE, "obsolete"),
)


def _key(status: EntryStatus) -> str:
    return status.name.lower()


def location(finding: Finding) -> str:
    path = shown(finding.path.as_posix(), 200)
    return f"{path}:{finding.line}" if finding.line else path


def describe(issue: Issue) -> str:
    """`path:LINE: [check] message`, plus the severity when it is only a warning."""
    finding = issue.finding
    prefix = "" if issue.is_error else "warning: "
    return f"{location(finding)}: {prefix}[{finding.code}] {shown(finding.message, 1000)}"


def summary(result: GateResult) -> str:
    counts = f"{len(result.catalogs)} catalogs, {len(result.errors)} errors, {len(result.warnings)} warnings"
    if result.passed:
        return f"check passed: {counts}"
    reasons = ", ".join(f"{f.label} ({int(f)})" for f in result.failures)
    return f"check failed with exit status {result.exit_code}: {reasons}; {counts}"


def format_table(result: GateResult) -> str:
    header = ["statement", "lang", *(label for _, label in _COLUMNS), "words", "gate"]
    rows = []
    for cat in result.catalogs:
        if cat.stats is None:
            cells = ["-"] * (len(_COLUMNS) + 1) + ["missing or unreadable"]
        else:
            req = cat.requirement
            gate = "" if req is None else f"{req.actual:.0f}% {req.measure} (needs {req.required:g}%) {'ok' if req.met else 'FAIL'}"
            cells = [str(cat.stats.entries.get(s, 0)) for s, _ in _COLUMNS] + [str(cat.stats.total_words), gate]
        rows.append([shown(cat.domain, 40), cat.lang, *cells])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    issues = sorted(result.issues, key=lambda i: (not i.is_error, i.failure, str(i.finding.path), i.finding.line))
    if issues:
        lines.append("")
        lines.extend(describe(issue) for issue in issues)
    lines.append("")
    lines.append(summary(result))
    lines.extend(f"  {f.label}: {FIXES[f]}" for f in result.failures)
    return "\n".join(lines) + "\n"


def format_json(result: GateResult) -> str:
    data = {
        "passed": result.passed,
        "exit_code": result.exit_code,
        "failures": [f.label for f in result.failures],
        "fixes": {f.label: FIXES[f] for f in result.failures},
        "catalogs": [
            {
                "statement": cat.domain,
                "title": cat.title,
                "language": cat.lang,
                "path": cat.path.as_posix(),
                "entries": {_key(s): cat.stats.entries.get(s, 0) for s in EntryStatus} if cat.stats else None,
                "words": {_key(s): cat.stats.words.get(s, 0) for s in EntryStatus} if cat.stats else None,
                "total_entries": cat.stats.total_entries if cat.stats else None,
                "total_words": cat.stats.total_words if cat.stats else None,
                "requirement": None if cat.requirement is None else {
                    "measure": cat.requirement.measure,
                    "required": cat.requirement.required,
                    "actual": round(cat.requirement.actual, 2),
                    "met": cat.requirement.met,
                },
            }
            for cat in result.catalogs
        ],
        "findings": [
            {
                "path": issue.finding.path.as_posix(),
                "line": issue.finding.line,
                "check": issue.finding.code,
                "severity": issue.finding.severity.value,
                "failure": issue.failure.label,
                "message": issue.finding.message,
            }
            for issue in result.issues
        ],
    }
    import json  # here, not at the top: the text report (what `check` prints by default) needs neither json nor XML

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # what XML 1.0 cannot hold


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def format_junit(result: GateResult) -> str:
    import xml.etree.ElementTree as ET

    files: dict[str, list[Issue]] = {cat.path.as_posix(): [] for cat in result.catalogs}
    for issue in result.issues:
        files.setdefault(issue.finding.path.as_posix(), []).append(issue)
    root = ET.Element("testsuites", name="catalog gate", tests=str(len(files) * len(STAGES)),
                      failures=str(sum(1 for i in files.values() for f in STAGES if any(x.failure is f and x.is_error for x in i))))
    for path, issues in files.items():
        suite = ET.SubElement(root, "testsuite", name=_xml_text(path), tests=str(len(STAGES)))
        failed = 0
        for failure, stage in STAGES.items():
            case = ET.SubElement(suite, "testcase", classname=_xml_text(path), name=stage)
            errors = [i for i in issues if i.failure is failure and i.is_error]
            warnings = [i for i in issues if i.failure is failure and not i.is_error]
            if errors:
                failed += 1
                node = ET.SubElement(case, "failure", type=failure.label, message=_xml_text(describe(errors[0])))
                node.text = _xml_text("\n".join(describe(i) for i in errors) + f"\n{FIXES[failure]}\n")
            if warnings:
                ET.SubElement(case, "system-out").text = _xml_text("\n".join(describe(i) for i in warnings) + "\n")
        suite.set("failures", str(failed))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(result: GateResult) -> str:
    lines = []
    for issue in result.issues:
        finding = issue.finding
        props = [f"file={_escape_property(finding.path.as_posix())}"]
        if finding.line:
            props.append(f"line={finding.line}")
        props.append(f"title={_escape_property(f'[{finding.code}] {issue.failure.label}')}")
        command = "error" if issue.is_error else "warning"
        lines.append(f"::{command} {','.join(props)}::{_escape_data(shown(finding.message, 1000))}")
    closing = summary(result) + "".join(f"; {f.label}: {FIXES[f]}" for f in result.failures)
    lines.append(f"::{'notice' if result.passed else 'error'} title=catalog gate::{_escape_data(closing)}")
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[[GateResult], str]] = {
    "table": format_table,
    "json": format_json,
    "junit": format_junit,
    "github": format_github,
}
