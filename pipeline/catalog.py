"""The catalog layer: the only module that touches polib.

Contract:
- Reading: `read_catalog`, `read_header`, `translations`, `pending_entries` parse a
  .po/.pot strictly (syntax, charset, duplicates, Plural-Forms) and hand out frozen
  `CatalogEntry` views; any defect is a `CatalogError` with file and line.
- Writing: `write_pot`, `update_catalog`, `write_suggestions` write in GNU msgcat's
  layout (`po_format`), atomically and only on real change (`files`), and only
  under `locked(config)` taken by the caller.
- Merging follows msgmerge: exact matches keep their translation, a changed
  sentence inherits the most similar old translation as fuzzy with `#| msgid`,
  removed entries become obsolete and come back when their sentence does.
  A translator's work is never dropped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale

from pipeline.config import Config
from pipeline.errors import CatalogError
from pipeline.files import would_change, write_if_changed
from pipeline.fuzzy_match import SimilarityIndex
from pipeline.model import (
    CatalogEntry,
    EntryStatus,
    Segment,
    SourceDocument,
    Suggestion,
    Translation,
    is_machine_note,
)
from pipeline.plural_forms import expected_plural_forms, parse_plural_forms
from pipeline.po_format import format_po
from pipeline.po_syntax import check_po_syntax

LOCK_NAME = ".pipeline.lock"
_CHARSET = re.compile(rb"charset=([-\w.:]+)", re.IGNORECASE)
_VOLATILE_HEADER = re.compile(r'^"POT-Creation-Date: .*\\n"$', re.MULTILINE)


# --- locking ---------------------------------------------------------


@contextlib.contextmanager
def locked(config: Config) -> Iterator[None]:
    """Hold the project-wide lock, so two runs never interleave their writes."""
    config.root.mkdir(parents=True, exist_ok=True)
    with open(config.root / LOCK_NAME, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- reading ---------------------------------------------------------------------------


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
        entry.msgid_line = line
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
            raise CatalogError(path, entry.msgid_line, message)


def _load(path: Path) -> polib.POFile:
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


def _view(entry: polib.POEntry) -> CatalogEntry:
    plural = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)) if entry.msgid_plural else ()
    return CatalogEntry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        context=entry.msgctxt,
        msgid_plural=entry.msgid_plural or "",
        msgstr_plural=plural,
        flags=frozenset(entry.flags),
        line=entry.linenum,
        msgid_line=getattr(entry, "msgid_line", entry.linenum),
        references=tuple(f"{p}:{n}" if n else p for p, n in entry.occurrences),
        extracted_comments=tuple(entry.comment.split("\n")) if entry.comment else (),
        translator_comments=tuple(entry.tcomment.split("\n")) if entry.tcomment else (),
        previous_msgid=entry.previous_msgid,
        obsolete=bool(entry.obsolete),
    )


def read_catalog(path: Path) -> list[CatalogEntry]:
    """Every entry but the header, obsolete ones included, in file order."""
    return [_view(e) for e in _load(path)]


def read_header(path: Path) -> dict[str, str]:
    return dict(_load(path).metadata)


def read_header_and_catalog(path: Path) -> tuple[dict[str, str], list[CatalogEntry]]:
    """`read_header` and `read_catalog` from one parse."""
    po = _load(path)
    return dict(po.metadata), [_view(e) for e in po]


def translations(path: Path) -> dict[tuple[str | None, str], Translation]:
    """What each active entry offers a leaflet, with its review status."""
    result = {}
    for entry in read_catalog(path):
        if not entry.obsolete:
            result[entry.key] = Translation(entry.msgstr if entry.translated else "", entry.status)
    return result


def pending_entries(path: Path) -> list[CatalogEntry]:
    """Entries that want a machine suggestion: untranslated, or stale machine suggestions."""
    pending = []
    for entry in read_catalog(path):
        if entry.obsolete or entry.msgid_plural:
            continue
        stale_machine = entry.fuzzy and entry.machine_provenance and entry.previous_msgid is not None
        if entry.status is EntryStatus.UNTRANSLATED or stale_machine:
            pending.append(entry)
    return pending


# --- the POT ---------------------------------------------------------------------------


def creation_date() -> str:
    """Now, or SOURCE_DATE_EPOCH when set, in gettext's header format."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M+0000")


def _pot_file(domain: str, segments: Sequence[Segment], title: str) -> polib.POFile:
    pot = polib.POFile(wrapwidth=79)
    pot.header = (
        f"Translations of “{title}”.\n"
        "This file is generated by `pipeline pot` from the source; do not edit it."
    )
    pot.metadata = {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": creation_date(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    pot.metadata_is_fuzzy = True
    by_key: dict[tuple[str | None, str], polib.POEntry] = {}
    for seg in segments:
        entry = by_key.get(seg.key)
        if entry is None:
            entry = polib.POEntry(msgid=seg.msgid, msgstr="", msgctxt=seg.context, occurrences=[], comment="")
            by_key[seg.key] = entry
            pot.append(entry)
        occurrence = (seg.ref.path, str(seg.ref.line))
        if occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
        comments = entry.comment.split("\n") if entry.comment else []
        if seg.comment not in comments:
            entry.comment = "\n".join([*comments, seg.comment])
    return pot


def write_pot(config: Config, domain: str, segments: Sequence[Segment], title: str, write: bool = True) -> bool:
    """Bring `locales/<domain>.pot` up to date; True when it changed (or, with write=False, would)."""
    path = config.pot_path(domain)
    text = format_po(_pot_file(domain, segments, title))
    if not write:
        return would_change(path, text, ignore=_VOLATILE_HEADER)
    return write_if_changed(path, text, ignore=_VOLATILE_HEADER)


def build_pot(doc: SourceDocument, config: Config, write: bool = True) -> bool:
    """`write_pot` for one statement."""
    return write_pot(config, doc.slug, doc.segments, str(doc.meta["title"]), write)


# --- merging a .po with its POT ---------------------------------------------------------


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    created: bool
    changed: bool
    added: int  # new untranslated entries
    fuzzy_matched: int  # changed sentences that kept an old translation as fuzzy
    obsoleted: int
    revived: int


def _language_header(lang: str) -> dict[str, str]:
    locale = Locale.parse(lang.replace("-", "_"))
    return {
        "Language": lang,
        "Language-Team": locale.get_display_name("en"),
        "Plural-Forms": expected_plural_forms(lang),
    }


def _new_po(pot: polib.POFile, lang: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    language = _language_header(lang)
    title_line = pot.header.split("\n", 1)[0].removeprefix("Translations of ")
    po.header = f"{language['Language-Team']} translation of {title_line}"
    po.metadata = {
        **pot.metadata,
        "PO-Revision-Date": pot.metadata["POT-Creation-Date"],
        "Last-Translator": "Automatically generated",
        **language,
    }
    po.metadata_is_fuzzy = False
    return po


def _machine_notes(entry: polib.POEntry) -> list[str]:
    return [c for c in entry.comment.split("\n") if is_machine_note(c)] if entry.comment else []


def _merged_entry(template: polib.POEntry, old: polib.POEntry | None, fuzzy_from: polib.POEntry | None) -> polib.POEntry:
    new = polib.POEntry(
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgid_plural=template.msgid_plural,
        occurrences=list(template.occurrences),
        flags=[f for f in template.flags if f != "fuzzy"],
    )
    source = old or fuzzy_from
    comments = template.comment.split("\n") if template.comment else []
    if source is not None:
        comments += _machine_notes(source)
        new.tcomment = source.tcomment
        new.msgstr = source.msgstr
        if template.msgid_plural:
            new.msgstr_plural = dict(source.msgstr_plural) if source.msgid_plural else {0: source.msgstr}
        new.flags += [f for f in source.flags if f not in new.flags and not f.endswith("-format")]
    elif template.msgid_plural:
        new.msgstr_plural = {i: "" for i in range(max(len(template.msgstr_plural), 2))}
    new.comment = "\n".join(comments)
    if fuzzy_from is not None:
        if "fuzzy" not in new.flags:
            new.flags.insert(0, "fuzzy")
        new.previous_msgid = fuzzy_from.msgid
        new.previous_msgctxt = fuzzy_from.msgctxt
        new.previous_msgid_plural = fuzzy_from.msgid_plural or None
    elif old is not None and "fuzzy" in new.flags:
        new.previous_msgid = old.previous_msgid
        new.previous_msgctxt = old.previous_msgctxt
    return new


def _merge(pot: polib.POFile, po: polib.POFile) -> tuple[polib.POFile, dict[str, int]]:
    merged = polib.POFile(wrapwidth=79)
    merged.header = po.header
    merged.metadata = dict(po.metadata)
    merged.metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    merged.metadata["Project-Id-Version"] = pot.metadata["Project-Id-Version"]
    merged.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    merged.metadata_is_fuzzy = po.metadata_is_fuzzy
    lang = po.metadata.get("Language", "")
    if lang:
        for field, value in _language_header(lang).items():
            merged.metadata.setdefault(field, value)

    old_by_key = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    obsolete_by_key = {(e.msgctxt, e.msgid): e for e in po if e.obsolete}
    candidates = [e for e in po if not e.obsolete and e.msgstr and e.msgid]
    index = SimilarityIndex([e.msgid for e in candidates])
    used: set[int] = set()
    counts = {"added": 0, "fuzzy_matched": 0, "obsoleted": 0, "revived": 0}
    for template in pot:
        key = (template.msgctxt, template.msgid)
        old = old_by_key.get(key)
        if old is None and key in obsolete_by_key:
            old = obsolete_by_key[key]
            counts["revived"] += 1
        fuzzy_from = None
        if old is None:
            best = index.best_match(template.msgid)
            if best is not None:
                fuzzy_from = candidates[best]
                counts["fuzzy_matched"] += 1
            else:
                counts["added"] += 1
        for found in (old, fuzzy_from):
            if found is not None:
                used.add(id(found))
        merged.append(_merged_entry(template, old, fuzzy_from))
    for entry in po:
        if id(entry) in used or not (entry.msgstr or any(entry.msgstr_plural.values())):
            continue
        if not entry.obsolete:
            counts["obsoleted"] += 1
        obsolete = polib.POEntry(
            msgid=entry.msgid,
            msgstr=entry.msgstr,
            msgctxt=entry.msgctxt,
            msgid_plural=entry.msgid_plural,
            msgstr_plural=dict(entry.msgstr_plural),
            flags=list(entry.flags),
            tcomment=entry.tcomment,
            comment=entry.comment,
            previous_msgid=entry.previous_msgid,
            previous_msgctxt=entry.previous_msgctxt,
            obsolete=True,
        )
        merged.append(obsolete)
    return merged, counts


def update_catalog(config: Config, domain: str, lang: str) -> UpdateResult:
    """Merge `locales/<domain>.pot` into the `lang` catalog (created if missing)."""
    pot = _load(config.pot_path(domain))
    path = config.po_path(lang, domain)
    created = not path.exists()
    po = _new_po(pot, lang) if created else _load(path)
    merged, counts = _merge(pot, po)
    changed = write_if_changed(path, format_po(merged), ignore=_VOLATILE_HEADER)
    return UpdateResult(path=path, created=created, changed=changed, **counts)


# --- machine suggestions ---------------------------------------------------------------


def write_suggestions(path: Path, suggestions: Sequence[Suggestion]) -> int:
    """Write each suggestion fuzzy with its notes; a translator's entry is never touched."""
    po = _load(path)
    by_key = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    written = 0
    for suggestion in suggestions:
        entry = by_key.get((suggestion.context, suggestion.msgid))
        if entry is None or entry.msgid_plural or not suggestion.msgstr:
            continue
        view = _view(entry)
        replaceable = view.status is EntryStatus.UNTRANSLATED or (view.fuzzy and view.machine_provenance is not None)
        if not replaceable:
            continue
        kept = [c for c in entry.comment.split("\n") if c and not is_machine_note(c)] if entry.comment else []
        entry.comment = "\n".join([*kept, *suggestion.notes])
        entry.msgstr = suggestion.msgstr
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        entry.previous_msgid = None
        entry.previous_msgctxt = None
        entry.previous_msgid_plural = None
        written += 1
    if written:
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        write_if_changed(path, format_po(po))
    return written
