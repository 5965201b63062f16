"""Validity of one .po/.pot file, in process: what GNU `msgfmt --check` rejects, and more.

Contract: `validate_catalog(path, lang)` never raises on a broken file; it
returns a `Validation` with every problem as a `Finding` (file and 1-based
line) and, when the file could be parsed, its entries. Nothing is written.

What is checked, by finding code:
- ``encoding``: a byte-order mark, bytes that are not UTF-8;
- ``line-break``: characters Python (and so polib) takes for a line end but
  gettext does not (U+2028, U+2029, U+0085, form feed…), which would make
  the rest of the file unreadable or misplaced;
- ``parse``: whatever `catalog.read_catalog` refuses (syntax, CRLF line
  endings, unknown charset, duplicate entries, plural forms that disagree with
  Plural-Forms), plus obsolete entries that duplicate another entry;
- ``header``: a missing header; Project-Id-Version, MIME-Version,
  Content-Type (charset UTF-8) and Content-Transfer-Encoding missing or wrong;
  in a .po, Language not the catalog's language and Plural-Forms missing,
  broken or not equivalent to Babel's for the language. A fuzzy header and
  fields msgfmt only warns about (PO-Revision-Date, Last-Translator,
  Language-Team) are warnings;
- ``format``: c-format, python-format and python-brace-format directives that
  differ between msgid and msgstr; contradictory or unsupported format flags;
- ``newline``: msgid and msgstr not both beginning (or ending) with a newline;
- ``escape``: the escape sequence \\r, which the reader accepts (the others but
  \\n, \\t, \\" and \\\\ are ``parse`` errors) and msgfmt turns into a carriage
  return.
``format`` and ``newline`` problems are errors on translated entries, as in
msgfmt, and warnings on fuzzy ones (which msgfmt does not compile).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import UnknownLocaleError

from pipeline.catalogs.plural_forms import expected_plural_forms, parse_plural_forms
from pipeline.catalogs.po_syntax import COMMENT_KEYWORDS, Token
from pipeline.catalogs.reading import CatalogRead, read_located
from pipeline.errors import CatalogError
from pipeline.model import CatalogEntry, Finding, Severity
from pipeline.text import quoted

CHECKED_FORMATS = ("c-format", "python-format", "python-brace-format")


@dataclass(frozen=True)
class Validation:
    path: Path
    findings: tuple[Finding, ...]
    entries: tuple[CatalogEntry, ...] | None  # None: the file could not be parsed

    @property
    def valid(self) -> bool:
        return self.entries is not None and not any(f.severity is Severity.ERROR for f in self.findings)


# --- raw bytes ---------------------------------------------------------------------


def _encoding_findings(path: Path, data: bytes) -> tuple[list[Finding], bool]:
    """Problems with the bytes, and whether they decode as UTF-8 at all."""
    findings = []
    if data.startswith(b"\xef\xbb\xbf"):
        findings.append(Finding(path, 1, "encoding", "byte-order mark at the start of the file (msgfmt rejects it); save as UTF-8 without BOM"))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        findings.append(Finding(path, line, "encoding", f"byte {data[exc.start]:#04x} is not valid UTF-8; catalogs must be UTF-8"))
        return findings, False
    return findings, True


_FOREIGN_LINE_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _line_break_findings(path: Path, text: str) -> list[Finding]:
    return [
        Finding(path, number, "line-break", f"U+{ord(match.group()):04X} is a line break to Python tools but not to gettext; remove it")
        for number, line in enumerate(text.split("\n"), 1)
        if (match := _FOREIGN_LINE_BREAKS.search(line))
    ]


def _escape_findings(path: Path, tokens: Iterable[Token]) -> Iterable[Finding]:
    """The reader accepts \\r (polib's escape set); msgfmt turns it into a carriage return: refuse it here."""
    for token in tokens:
        if token.keyword not in COMMENT_KEYWORDS and "\r" in token.string:
            yield Finding(path, token.line, "escape", "escape sequence '\\r' is a carriage return for msgfmt "
                              "and breaks the line in a leaflet; write a space or \\n instead")


# --- header ------------------------------------------------------------------------


def _header_findings(path: Path, read: CatalogRead, lang: str | None) -> Iterable[Finding]:
    header, start = read.header, read.header_line or 1

    def at(field: str) -> int:
        return read.header_fields.get(field, start)

    if not header:
        yield Finding(path, 1, "header", "no header entry (msgid \"\" with Content-Type, Language, Plural-Forms); run `pipeline update`")
        return
    if read.header_fuzzy and lang is not None:
        yield Finding(path, start, "header", "the header is marked fuzzy; msgfmt may ignore it (remove the fuzzy flag)", Severity.WARNING)
    expected = {"MIME-Version": "1.0", "Content-Transfer-Encoding": "8bit"}
    for field in ("Project-Id-Version", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"):
        value = header.get(field)
        if value is None:
            yield Finding(path, start, "header", f"header field {field} is missing")
        elif field in expected and value.strip().lower() != expected[field].lower():
            yield Finding(path, at(field), "header", f"{field} is {quoted(value)}; expected {quoted(expected[field])}")
    content_type = header.get("Content-Type")
    if content_type is not None:
        charset = re.search(r"charset=([-\w.:]+)", content_type, re.IGNORECASE)
        if charset is None or charset.group(1).upper().replace("_", "-") not in ("UTF-8", "UTF8"):
            yield Finding(path, at("Content-Type"), "header", f"Content-Type is {quoted(content_type)}; catalogs must say charset=UTF-8")
    if lang is None:
        return
    for field in ("PO-Revision-Date", "Last-Translator", "Language-Team"):
        if field not in header:
            yield Finding(path, start, "header", f"header field {field} is missing", Severity.WARNING)
    language = header.get("Language")
    if language is None:
        yield Finding(path, start, "header", f"header field Language is missing; this catalog is for {quoted(lang)}")
    elif language.strip() != lang:
        yield Finding(path, at("Language"), "header", f"Language is {quoted(language)}, but the catalog sits in the folder for {quoted(lang)}")
    yield from _plural_findings(path, header.get("Plural-Forms"), at("Plural-Forms"), lang)


def _spelled_alike(plural_forms: str, other: str) -> bool:
    """True when two Plural-Forms values differ at most in white space and a final ";" (the same rule, unevaluated)."""
    return "".join(plural_forms.split()).rstrip(";") == "".join(other.split()).rstrip(";")


def _plural_findings(path: Path, value: str | None, line: int, lang: str) -> Iterable[Finding]:
    try:
        expected = expected_plural_forms(lang)
    except (ValueError, LookupError, UnknownLocaleError):
        expected = None
    suggestion = f" (Babel's for {quoted(lang)}: {quoted(expected)})" if expected else ""
    if value is None:
        yield Finding(path, line, "header", f"header field Plural-Forms is missing{suggestion}")
        return
    try:
        nplurals, plural = parse_plural_forms(value)
    except ValueError as exc:
        yield Finding(path, line, "header", f"broken Plural-Forms: {exc}{suggestion}")
        return
    if expected is None or _spelled_alike(value, expected):
        return
    want_n, want = parse_plural_forms(expected)
    if nplurals != want_n or any(plural(n) != want(n) for n in range(0, 1001)):
        yield Finding(path, line, "header", f"Plural-Forms {quoted(value)} does not agree with the language{suggestion}")


# --- entries -----------------------------------------------------------------------

_C_DIRECTIVE = re.compile(
    r"%(?:(\d+)\$)?[-+ #0'I]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?)?)?"
    r"(hh|h|ll|l|L|q|j|z|Z|t)?([diouxXeEfFgGaAcspnm%])"
)
_C_TYPES = {**dict.fromkeys("di", "int"), **dict.fromkeys("ouxX", "unsigned"), **dict.fromkeys("eEfFgGaA", "double")}
_PY_DIRECTIVE = re.compile(r"%(?:\((\w+)\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?([diouxXeEfFgGcrsa%])")
_PY_TYPES = {**dict.fromkeys("diouxX", "int"), **dict.fromkeys("eEfFgG", "float"), **dict.fromkeys("rsa", "str")}
_BRACE_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def _c_arguments(text: str) -> dict[str, str]:
    args, position = {}, 0
    for number, size, conversion in _C_DIRECTIVE.findall(text):
        if conversion == "%":
            continue
        position += 1
        args[number or str(position)] = size + _C_TYPES.get(conversion, conversion)
    return args


def _python_arguments(text: str) -> dict[str, str]:
    args, position = {}, 0
    for name, conversion in _PY_DIRECTIVE.findall(text):
        if conversion == "%":
            continue
        position += 1
        args[name or str(position)] = _PY_TYPES.get(conversion, conversion)
    return args


def _brace_arguments(text: str) -> dict[str, str]:
    """Replacement fields by their whole text (name, attribute, conversion, spec), as msgfmt compares them."""
    return {field: "field" for field in _BRACE_FIELD.findall(text) if field}


_PARSERS = {"c-format": _c_arguments, "python-format": _python_arguments, "python-brace-format": _brace_arguments}


def _format_problems(flag: str, source: str, target: str) -> Iterable[str]:
    parse = _PARSERS[flag]
    want, got = parse(source), parse(target)
    for name in sorted(want.keys() - got.keys()):
        yield f"{flag}: argument {quoted(name)} of msgid is missing in msgstr"
    for name in sorted(got.keys() - want.keys()):
        yield f"{flag}: msgstr has argument {quoted(name)}, which msgid does not"
    for name in sorted(want.keys() & got.keys()):
        if want[name] != got[name]:
            yield f"{flag}: argument {quoted(name)} is {want[name]} in msgid but {got[name]} in msgstr"


def _pairs(entry: CatalogEntry) -> list[tuple[str, str]]:
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)] if entry.msgstr else []
    sources = [entry.msgid] + [entry.msgid_plural] * (len(entry.msgstr_plural) - 1)
    return [(s, t) for s, t in zip(sources, entry.msgstr_plural) if t]


def _entry_findings(path: Path, entry: CatalogEntry) -> Iterable[Finding]:
    line = entry.msgid_line or entry.line
    severity = Severity.WARNING if entry.fuzzy else Severity.ERROR
    formats = {f for f in entry.flags if f.endswith("-format") and not f.startswith("no-")}
    for flag in sorted(formats):
        if f"no-{flag}" in entry.flags:
            yield Finding(path, line, "format", f"contradictory flags {flag} and no-{flag}", Severity.WARNING)
        if flag not in CHECKED_FORMATS:
            yield Finding(path, line, "format", f"flag {flag} is not used by this project and cannot be checked; remove it", Severity.WARNING)
    for source, target in _pairs(entry):
        for flag in sorted(formats & set(CHECKED_FORMATS)):
            for message in _format_problems(flag, source, target):
                yield Finding(path, line, "format", message, severity)
        for edge, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(source, "\n") != test(target, "\n"):
                yield Finding(path, line, "newline", f"msgid and msgstr do not both {edge} with a newline (\\n)", severity)


def _obsolete_duplicates(path: Path, entries: Iterable[CatalogEntry]) -> Iterable[Finding]:
    first: dict[tuple[str | None, str], int] = {}
    for entry in sorted(entries, key=lambda e: e.obsolete):
        line = entry.msgid_line or entry.line
        if entry.key in first and entry.obsolete:
            yield Finding(path, line, "parse", f"obsolete entry duplicates the entry at line {first[entry.key]} (msgfmt rejects it); delete it")
        first.setdefault(entry.key, line)


# --- the whole file ----------------------------------------------------------------


def validate_catalog(path: Path, lang: str | None) -> Validation:
    """Every validity problem of `path`; `lang` is the catalog's language, None for a .pot."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Validation(path, (Finding(path, 0, "parse", f"cannot read: {exc.strerror}"),), None)
    findings, decodable = _encoding_findings(path, data)
    if not decodable:
        return Validation(path, tuple(findings), None)
    text = data.decode("utf-8-sig")
    if breaks := _line_break_findings(path, text):
        return Validation(path, tuple(findings + breaks), None)
    try:
        read = read_located(path)
    except CatalogError as exc:
        findings.append(Finding(path, exc.line, "parse", exc.message))
        return Validation(path, tuple(findings), None)
    findings.extend(_escape_findings(path, read.tokens))
    findings.extend(_header_findings(path, read, lang))
    findings.extend(_obsolete_duplicates(path, read.entries))
    for entry in read.entries:
        if not entry.obsolete:
            findings.extend(_entry_findings(path, entry))
    return Validation(path, tuple(findings), read.entries)
