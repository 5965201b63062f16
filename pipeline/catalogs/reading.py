"""Reading catalogs: the one strict reader of .po/.pot files.

Contract: `read_catalog`, `read_header`, `read_header_and_catalog`, `translations`
and `pending_entries` parse a .po/.pot strictly (syntax, charset, duplicates,
Plural-Forms) and hand out frozen `CatalogEntry` views; any defect is a
`CatalogError` with file and line. `load_po` gives the polib object to the other
modules of this package (merge, suggestions); a polib object never leaves
`pipeline.catalogs`.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from pipeline.catalogs.plural_forms import parse_plural_forms
from pipeline.catalogs.po_syntax import check_po_syntax
from pipeline.errors import CatalogError
from pipeline.model import CatalogEntry, Translation
from pipeline.provenance import wants_suggestion

_CHARSET = re.compile(rb"charset=([-\w.:]+)", re.IGNORECASE)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the charset (for polib) of a catalog's bytes."""
    bom = data.startswith(b"\xef\xbb\xbf")
    data = data.removeprefix(b"\xef\xbb\xbf")
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() == "CHARSET":
        charset = "utf-8"
    try:
        text = data.decode(charset)
    except LookupError as exc:
        line = data.count(b"\n", 0, match.start()) + 1 if match else 1
        raise CatalogError(path, line, f"unknown charset {charset!r} in Content-Type") from exc
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(
            path, line, f"bytes are not valid {charset} although the Content-Type header says so"
        ) from exc
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        raise CatalogError(path, line, "carriage return (CRLF line ending); save the file with LF line endings")
    return text, "utf-8-sig" if bom else charset


def _header_line(text: str, field: str) -> int:
    match = re.search(rf'^"{re.escape(field)}:', text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _entry_lines(path: Path, text: str, msgid_lines: list[int]) -> list[int]:
    """The msgid lines of the entries polib returns (the header's left out); rejects a second header."""
    lines = text.split("\n")

    def is_header(line: int) -> bool:
        empty_msgid = lines[line - 1].strip() == 'msgid ""' and not lines[line].startswith('"')
        return empty_msgid and not (line > 1 and lines[line - 2].startswith("msgctxt"))

    entry_lines = msgid_lines[1:] if msgid_lines and is_header(msgid_lines[0]) else msgid_lines
    for line in entry_lines:
        if is_header(line):
            raise CatalogError(path, line, "a second header entry (empty msgid)")
    return entry_lines


def _check_entries(path: Path, text: str, po: polib.POFile, entry_lines: list[int]) -> None:
    """Attach each active entry's msgid line; reject duplicates and plural forms Plural-Forms denies."""
    active = [e for e in po if not e.obsolete]
    seen: dict[tuple[str | None, str], int] = {}
    for entry, line in zip(active, entry_lines):
        setattr(entry, "msgid_line", line)  # noqa: B010
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise CatalogError(path, line, f"duplicate message definition (first defined at line {seen[key]})")
        seen[key] = line
    plural_forms = po.metadata.get("Plural-Forms")
    if plural_forms is None:
        return
    try:
        nplurals, _ = parse_plural_forms(plural_forms)
    except ValueError as exc:
        raise CatalogError(path, _header_line(text, "Plural-Forms"), f"broken Plural-Forms: {exc}") from exc
    for entry in active:
        if entry.msgid_plural and len(entry.msgstr_plural) != nplurals:
            message = f"{len(entry.msgstr_plural)} plural forms, but Plural-Forms says nplurals={nplurals}"
            raise CatalogError(path, int(getattr(entry, "msgid_line", 0)), message)


def load_po(path: Path) -> polib.POFile:
    """Parse a catalog strictly; CatalogError with file and line on any defect."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise CatalogError(path, 0, "no such catalog (run `make update`)") from exc
    except OSError as exc:
        raise CatalogError(path, 0, f"cannot read: {exc.strerror}") from exc
    text, charset = _decode(path, data)
    msgid_lines = check_po_syntax(path, text)
    entry_lines = _entry_lines(path, text, msgid_lines)
    try:
        # polib reading the file splits lines only at \n, like gettext (a string would split at U+2028 too)
        po = polib.pofile(str(path), encoding=charset, wrapwidth=79)
    except (OSError, ValueError) as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise CatalogError(path, int(found.group(1)) if found else 0, f"cannot parse: {exc}") from exc
    _check_entries(path, text, po, entry_lines)
    return po


def entry_view(entry: polib.POEntry) -> CatalogEntry:
    plural = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)) if entry.msgid_plural else ()
    return CatalogEntry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        context=entry.msgctxt,
        msgid_plural=entry.msgid_plural or "",
        msgstr_plural=plural,
        flags=frozenset(entry.flags),
        line=entry.linenum or 0,
        msgid_line=int(getattr(entry, "msgid_line", entry.linenum or 0)),
        references=tuple(f"{p}:{n}" if n else p for p, n in entry.occurrences),
        extracted_comments=tuple(entry.comment.split("\n")) if entry.comment else (),
        translator_comments=tuple(entry.tcomment.split("\n")) if entry.tcomment else (),
        previous_msgid=entry.previous_msgid,
        obsolete=bool(entry.obsolete),
    )


def read_catalog(path: Path) -> list[CatalogEntry]:
    """Every entry but the header, obsolete ones included, in file order."""
    return [entry_view(e) for e in load_po(path)]


def read_header(path: Path) -> dict[str, str]:
    return dict(load_po(path).metadata)


def read_header_and_catalog(path: Path) -> tuple[dict[str, str], list[CatalogEntry]]:
    """`read_header` and `read_catalog` from one parse."""
    po = load_po(path)
    return dict(po.metadata), [entry_view(e) for e in po]


def translations(path: Path) -> dict[tuple[str | None, str], Translation]:
    """What each active entry offers a leaflet, with its review status."""
    result = {}
    for entry in read_catalog(path):
        if not entry.obsolete:
            result[entry.key] = Translation(entry.msgstr if entry.translated else "", entry.status)
    return result


def pending_entries(path: Path) -> list[CatalogEntry]:
    """Entries that want a machine suggestion: untranslated, or machine text whose source changed."""
    return [entry for entry in read_catalog(path) if wants_suggestion(entry)]
