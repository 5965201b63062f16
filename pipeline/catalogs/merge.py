"""Merging a language's .po with its POT, as `msgmerge --previous` does.

Contract: `update_catalog(config, domain, lang)` merges `locales/<domain>.pot`
into `locales/<lang>/LC_MESSAGES/<domain>.po` (created with the language's
header if missing): exact matches keep their translation, a changed sentence
inherits the most similar old translation as fuzzy with `#| msgid`, removed
entries become obsolete and come back when their sentence does. A
translator's work is never dropped. Written atomically, only on real change;
the caller holds the project lock. `rewritten_line(...)` answers, writing nothing,
where `update` would first rewrite a catalog (the gate's staleness check).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale

from pipeline.catalogs.fuzzy_match import SimilarityIndex
from pipeline.catalogs.plural_forms import expected_plural_forms
from pipeline.catalogs.po_format import format_po
from pipeline.catalogs.pot import VOLATILE_HEADER, expected_pot
from pipeline.catalogs.reading import load_po
from pipeline.config import Config
from pipeline.files import would_change, write_if_changed
from pipeline.model import Segment, is_machine_note


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
        "Language-Team": str(locale.get_display_name("en")),
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
    pot = load_po(config.pot_path(domain))
    path = config.po_path(lang, domain)
    created = not path.exists()
    po = _new_po(pot, lang) if created else load_po(path)
    merged, counts = _merge(pot, po)
    changed = write_if_changed(path, format_po(merged), ignore=VOLATILE_HEADER)
    return UpdateResult(path=path, created=created, changed=changed, **counts)


def rewritten_line(config: Config, domain: str, segments: Sequence[Segment], title: str, lang: str) -> int:
    """The first line `update` (POT refreshed from these segments, then merged) would change; 0 for none. Writes nothing."""
    path = config.po_path(lang, domain)
    if not path.exists():
        return 1
    merged, _counts = _merge(expected_pot(config, domain, segments, title), load_po(path))
    new = format_po(merged)
    if not would_change(path, new, ignore=VOLATILE_HEADER):
        return 0
    old_lines = path.read_bytes().decode("utf-8", "replace").split("\n")
    new_lines = new.split("\n")
    for number, (old, line) in enumerate(zip(old_lines, new_lines), start=1):
        if old != line and not (VOLATILE_HEADER.fullmatch(old) and VOLATILE_HEADER.fullmatch(line)):
            return number
    return min(len(old_lines), len(new_lines)) + 1
