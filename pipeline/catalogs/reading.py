"""Reading catalogs: the one strict reader of .po/.pot files.

Contract: `read_catalog`, `read_header`, `read_located`, `translations`
and `pending_entries` parse a .po/.pot strictly (syntax, charset, duplicates,
Plural-Forms) with the one parser of `po_syntax` and hand out frozen
`CatalogEntry` views, each with its lines; any defect is a `CatalogError` with
file and line. The bytes are decoded by the header's charset; UTF-8 bytes under
a header declaring another charset are refused (never decoded into mojibake).
`load_po` and `parse_catalog` give the polib object to the other modules of this
package (merge, suggestions); a polib object never leaves `pipeline.catalogs`.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import polib

from pipeline.catalogs.bulk import collector_paused
from pipeline.catalogs.plural_forms import parse_plural_forms
from pipeline.catalogs.po_syntax import EntryLines, ParsedPO, Token, parse_po
from pipeline.errors import CatalogError
from pipeline.model import CatalogEntry, Translation
from pipeline.provenance import wants_suggestion

log = logging.getLogger(__name__)

_CHARSET = re.compile(rb"charset=([-\w.:]+)", re.IGNORECASE)


def _decode(path: Path, data: bytes) -> str:
    """The text of a catalog's bytes, decoded by the charset its header declares.

    Bytes that are UTF-8 (and not plain ASCII) under a header declaring another
    charset are refused: decoding them by the header would turn every accented
    letter into mojibake, and decoding them as UTF-8 would ignore the header.
    """
    data = data.removeprefix(b"\xef\xbb\xbf")
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    declared_line = data.count(b"\n", 0, match.start()) + 1 if match else 1
    if charset.upper() == "CHARSET":  # xgettext's placeholder in a fresh template
        charset = "utf-8"
    try:
        codec = codecs.lookup(charset).name
    except LookupError as exc:
        raise CatalogError(path, declared_line, f"unknown charset {charset!r} in Content-Type") from exc
    if codec != "utf-8" and not data.isascii() and _is_utf8(data):
        raise CatalogError(
            path,
            declared_line,
            f"the header says charset={charset}, but the file's bytes are UTF-8; "
            "correct the Content-Type to charset=UTF-8 (catalogs must be UTF-8)",
        )
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(
            path, line, f"bytes are not valid {charset} although the Content-Type header says so"
        ) from exc
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        raise CatalogError(path, line, "carriage return (CRLF line ending); save the file with LF line endings")
    return text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check_entries(path: Path, parsed: ParsedPO) -> None:
    """Reject duplicate entries and plural forms that Plural-Forms denies."""
    seen: dict[tuple[str | None, str], int] = {}
    plural_entries = []
    for entry, lines in parsed.located(path):
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise CatalogError(path, lines.msgid, f"duplicate message definition (first defined at line {seen[key]})")
        seen[key] = lines.msgid
        if entry.msgid_plural:
            plural_entries.append((entry, lines))
    plural_forms = parsed.po.metadata.get("Plural-Forms")
    if plural_forms is None:
        return
    try:
        nplurals = parse_plural_forms(plural_forms).nplurals
    except ValueError as exc:
        line = parsed.header_fields.get("Plural-Forms", parsed.header_line)
        raise CatalogError(path, line, f"broken Plural-Forms: {exc}") from exc
    for entry, lines in plural_entries:
        if len(entry.msgstr_plural) != nplurals:
            message = f"{len(entry.msgstr_plural)} plural forms, but Plural-Forms says nplurals={nplurals}"
            raise CatalogError(path, lines.msgid, message)


def parse_catalog(path: Path, keep_tokens: bool = False) -> ParsedPO:
    """Read and parse a catalog strictly, with each entry's lines (and its tokens with `keep_tokens`);
    CatalogError with file and line on any defect."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise CatalogError(path, 0, "no such catalog (run `pipeline update`)") from exc
    except OSError as exc:
        raise CatalogError(path, 0, f"cannot read: {exc.strerror}") from exc
    text = _decode(path, data)
    del data  # a large catalog's bytes are not kept beside its text while it is parsed
    with collector_paused():  # the entries, their lines and the checks' keys: nothing to free in them
        parsed = parse_po(path, text, keep_tokens)
        _check_entries(path, parsed)
    log.debug("read %s (%d entries)", path, len(parsed.lines))
    return parsed


def load_po(path: Path) -> polib.POFile:
    """The polib object of a strictly parsed catalog (for merge and suggestions, inside this package)."""
    return parse_catalog(path).po


def entry_view(entry: polib.POEntry, lines: EntryLines | None = None) -> CatalogEntry:
    plural = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)) if entry.msgid_plural else ()
    return CatalogEntry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        context=entry.msgctxt,
        msgid_plural=entry.msgid_plural or "",
        msgstr_plural=plural,
        flags=frozenset(entry.flags),
        line=lines.first if lines else 0,
        msgid_line=lines.msgid if lines else 0,
        references=tuple(f"{p}:{n}" if n else p for p, n in entry.occurrences),
        extracted_comments=tuple(entry.comment.split("\n")) if entry.comment else (),
        translator_comments=tuple(entry.tcomment.split("\n")) if entry.tcomment else (),
        previous_msgid=entry.previous_msgid,
        obsolete=bool(entry.obsolete),
    )


@dataclass(frozen=True)
class CatalogRead:
    """A catalog as the gate sees it: header fields and where they sit, entries, and the tokens they came from."""

    header: Mapping[str, str]
    header_line: int  # the header entry's msgid line (0: the file has no header entry)
    header_fields: Mapping[str, int]  # header field -> its line
    header_fuzzy: bool
    entries: tuple[CatalogEntry, ...]
    tokens: tuple[Token, ...]


def read_located(path: Path) -> CatalogRead:
    """Everything `validate_catalog` needs, from one parse."""
    parsed = parse_catalog(path, keep_tokens=True)
    fuzzy = parsed.po.metadata_is_fuzzy
    return CatalogRead(
        header=MappingProxyType(dict(parsed.po.metadata)),
        header_line=parsed.header_line,
        header_fields=parsed.header_fields,
        header_fuzzy=bool(parsed.header_line) and "fuzzy" in (fuzzy if isinstance(fuzzy, list) else []),
        entries=tuple(entry_view(e, lines) for e, lines in parsed.located(path)),
        tokens=parsed.tokens,
    )


def read_catalog(path: Path) -> list[CatalogEntry]:
    """Every entry but the header, obsolete ones included, in file order."""
    return [entry_view(e, lines) for e, lines in parse_catalog(path).located(path)]


def read_header(path: Path) -> dict[str, str]:
    return dict(load_po(path).metadata)


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
