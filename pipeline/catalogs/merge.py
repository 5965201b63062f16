"""Merging a language's .po with its POT, as `msgmerge --previous` does.

Contract: `update_catalog(config, domain, lang)` merges `locales/<domain>.pot`
into `locales/<lang>/LC_MESSAGES/<domain>.po` (created with the language's
header if missing): exact matches keep their translation, a changed sentence
inherits the most similar old translation as fuzzy with `#| msgid`, removed
entries become obsolete and come back when their sentence does. A
translator's work is never dropped. Machine notes follow an entry only while it
still holds the machine's text; the first time an entry is seen reviewed (not
fuzzy) an `approved: <Last-Translator>, <PO-Revision-Date>, source <hash>`
translator comment records it; a fuzzy entry whose source changed carries the
word diff as a `source changed: …` extracted comment. Written atomically, only on real change;
the caller holds the project lock. `rewritten_line(...)` answers, writing nothing,
where `update` would first rewrite a catalog (the gate's staleness check).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale

from pipeline.catalogs.changes import source_changed_note
from pipeline.catalogs.fuzzy_match import SimilarityIndex
from pipeline.catalogs.plural_forms import expected_plural_forms
from pipeline.catalogs.po_format import format_po, format_po_chunks
from pipeline.catalogs.pot import VOLATILE_HEADER, expected_pot
from pipeline.catalogs.reading import entry_view, load_po
from pipeline.config import Config
from pipeline.files import would_change, write_if_changed
from pipeline.model import Segment, is_machine_note
from pipeline.provenance import APPROVAL_PREFIX, approval, approval_note, fingerprint, legacy_machine, machine_written


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


def _carried_notes(entry: polib.POEntry) -> list[str]:
    """The machine notes worth keeping: only while the entry still holds the machine's text.

    A reviewed entry (not fuzzy) or one a translator edited loses them: its text is a human's.
    """
    view = entry_view(entry)
    if not (machine_written(view) or legacy_machine(view)):
        return []
    return [c for c in entry.comment.split("\n") if is_machine_note(c)] if entry.comment else []


@dataclass(frozen=True)
class _Reviewer:
    """Who saved the catalog and when (its `Last-Translator` and `PO-Revision-Date`)."""

    who: str
    when: str


def _record_review(new: polib.POEntry, source: polib.POEntry | None, reviewer: _Reviewer) -> None:
    """The first time `update` sees `source` reviewed, an `approved:` translator comment on `new`."""
    if source is None or "fuzzy" in source.flags:
        return
    view = entry_view(source)
    if not view.translated:
        return
    found = approval(view)
    if found is not None and found.source == fingerprint(source.msgid):
        return
    lines = [line for line in (new.tcomment.split("\n") if new.tcomment else []) if not line.startswith(APPROVAL_PREFIX)]
    new.tcomment = "\n".join([*lines, approval_note(reviewer.who, reviewer.when, source.msgid)])


def _note_source_change(new: polib.POEntry) -> None:
    """A fuzzy entry whose source changed gets the word diff as an extracted comment."""
    if "fuzzy" in new.flags and new.previous_msgid is not None and new.previous_msgid != new.msgid:
        comments = new.comment.split("\n") if new.comment else []
        new.comment = "\n".join([*comments, source_changed_note(new.previous_msgid, new.msgid)])


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
        comments += _carried_notes(source)
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

    reviewer = _Reviewer(po.metadata.get("Last-Translator", ""), po.metadata.get("PO-Revision-Date", ""))
    old_by_key = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    obsolete_by_key = {(e.msgctxt, e.msgid): e for e in po if e.obsolete}
    # As msgmerge: every translated entry (first plural form counts), obsolete ones too.
    candidates = [e for e in po if e.msgid and (e.msgstr or (e.msgid_plural and e.msgstr_plural.get(0)))]
    index = SimilarityIndex([e.msgid for e in candidates], [e.msgctxt for e in candidates])
    used: set[int] = set()
    counts = {"added": 0, "fuzzy_matched": 0, "obsoleted": 0, "revived": 0}
    keys = [(t.msgctxt, t.msgid) for t in pot]
    olds = [old_by_key[key] if key in old_by_key else obsolete_by_key.get(key) for key in keys]
    # All the new msgids in one call: the matcher batches the costly ones over every core.
    matches = iter(index.best_matches([(t.msgid, t.msgctxt) for t, old in zip(pot, olds) if old is None]))
    for template, old in zip(pot, olds):
        if old is not None and old.obsolete:
            counts["revived"] += 1
        fuzzy_from = None
        if old is None:
            best = next(matches)
            if best is not None:
                fuzzy_from = candidates[best]
                counts["fuzzy_matched"] += 1
            else:
                counts["added"] += 1
        for found in (old, fuzzy_from):
            if found is not None:
                used.add(id(found))
        new = _merged_entry(template, old, fuzzy_from)
        _record_review(new, old or fuzzy_from, reviewer)
        _note_source_change(new)
        merged.append(new)
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


def update_catalog(config: Config, domain: str, lang: str, pot: polib.POFile | None = None) -> UpdateResult:
    """Merge `locales/<domain>.pot` (or `pot`, already read) into the `lang` catalog (created if missing)."""
    pot = pot if pot is not None else load_po(config.pot_path(domain))
    path = config.po_path(lang, domain)
    created = not path.exists()
    po = _new_po(pot, lang) if created else load_po(path)
    merged, counts = _merge(pot, po)
    changed = write_if_changed(path, format_po_chunks(merged), ignore=VOLATILE_HEADER)
    return UpdateResult(path=path, created=created, changed=changed, **counts)


def _kept(lines: list[str]) -> list[tuple[int, str]]:
    """(1-based line, text) of the lines that matter to the gate: not the approval notes `update` adds."""
    return [(number, line) for number, line in enumerate(lines, start=1) if not line.startswith(f"# {APPROVAL_PREFIX}")]


def rewritten_line(config: Config, domain: str, segments: Sequence[Segment], title: str, lang: str) -> int:
    """The first line `update` (POT refreshed from these segments, then merged) would change; 0 for none. Writes nothing.

    The approval notes `update` records for newly reviewed entries do not count: a translator's
    commit of a reviewed entry is not stale.
    """
    path = config.po_path(lang, domain)
    if not path.exists():
        return 1
    merged, _counts = _merge(expected_pot(config, domain, segments, title), load_po(path))
    new = format_po(merged)
    if not would_change(path, new, ignore=VOLATILE_HEADER):
        return 0
    old_lines = _kept(path.read_bytes().decode("utf-8", "replace").split("\n"))
    new_lines = _kept(new.split("\n"))
    for (number, old), (_, line) in zip(old_lines, new_lines):
        if old != line and not (VOLATILE_HEADER.fullmatch(old) and VOLATILE_HEADER.fullmatch(line)):
            return number
    if len(old_lines) == len(new_lines):
        return 0
    return old_lines[len(new_lines)][0] if len(old_lines) > len(new_lines) else (old_lines[-1][0] + 1 if old_lines else 1)
