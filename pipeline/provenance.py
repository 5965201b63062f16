"""Who wrote an entry's text, and so its review status: the one place that decides.

Contract:
- `provenance_note(source, text)` is the extracted comment `translate` writes with a
  suggestion: ``machine translation: <engine> [text 1a2b3c4d]`` (or ``translation
  memory: <file> [text …]``), the bracket holding `fingerprint(text)`, a short hash of
  exactly the msgstr it wrote.
- `machine_written(entry)` is True only while the entry is fuzzy, carries no approval,
  and its msgstr is exactly the text its provenance note fingerprints. Any other text is
  a human's, whatever comments it carries. A note without a fingerprint (catalogs written
  before fingerprints) proves nothing: such an entry is never replaced.
- `entry_status(entry)` is the status statistics, the gate, `translate`, leaflets and
  review sheets all use; `wants_suggestion(entry)` and `replaceable(entry)` are what
  `translate` may fill or overwrite; all three rest on `machine_written`.
- `approval_note(who, when, msgid)` / `approval(entry)`: the translator comment
  ``approved: <who>, <when>, source 1a2b3c4d`` `update` records the first time it sees an
  entry reviewed (the hash is `fingerprint(msgid)` of the source sentence approved);
  `reviewed_against_source(entry)` tells a review of this exact source from anything else.
- `SOURCE_CHANGED_PREFIX` starts the extracted comment `update` writes into a fuzzy entry
  whose source changed (the word diff, for Poedit users).
No I/O here.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from pipeline.model import MT_PROVENANCE_PREFIX, TM_PROVENANCE_PREFIX, CatalogEntry, EntryStatus

APPROVAL_PREFIX = "approved:"
SOURCE_CHANGED_PREFIX = "source changed:"
_FINGERPRINT = re.compile(r" \[text ([0-9a-f]{8})\]$")
_APPROVAL = re.compile(rf"^{APPROVAL_PREFIX} (?P<who>.*), (?P<when>[^,]*), source (?P<source>[0-9a-f]{{8}})$")


def fingerprint(text: str) -> str:
    """A short hash of `text` exactly (8 hex digits of its SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def provenance_note(source: str, text: str) -> str:
    """The provenance comment for a suggestion `text`; `source` starts with an MT/TM prefix."""
    return f"{source} [text {fingerprint(text)}]"


def describe(note: str) -> str:
    """A provenance note without its fingerprint: "machine translation: apertium eng-spa (…)"."""
    return _FINGERPRINT.sub("", note)


def note_fingerprint(note: str) -> str | None:
    found = _FINGERPRINT.search(note)
    return found.group(1) if found else None


def is_provenance(comment: str) -> bool:
    return comment.startswith((MT_PROVENANCE_PREFIX, TM_PROVENANCE_PREFIX))


@dataclass(frozen=True)
class Approval:
    who: str
    when: str
    source: str  # fingerprint of the msgid approved


def approval_note(who: str, when: str, msgid: str) -> str:
    who = " ".join(who.replace(",", " ").split()) or "unknown"
    when = " ".join(when.replace(",", " ").split()) or "unknown"
    return f"{APPROVAL_PREFIX} {who}, {when}, source {fingerprint(msgid)}"


def approval(entry: CatalogEntry) -> Approval | None:
    for comment in entry.translator_comments:
        if found := _APPROVAL.match(comment):
            return Approval(found["who"], found["when"], found["source"])
    return None


def reviewed_against_source(entry: CatalogEntry) -> bool:
    """True when the recorded approval is for exactly the entry's current msgid."""
    found = approval(entry)
    return found is not None and found.source == fingerprint(entry.msgid)


def _provenance(entry: CatalogEntry) -> str | None:
    return next((c for c in entry.extracted_comments if is_provenance(c)), None)


def machine_written(entry: CatalogEntry) -> bool:
    """Fuzzy, never approved, and the msgstr is exactly what the machine (or memory) wrote."""
    if entry.obsolete or not entry.fuzzy or entry.msgid_plural or not entry.msgstr or approval(entry):
        return False
    note = _provenance(entry)
    return note is not None and note_fingerprint(note) == fingerprint(entry.msgstr)


def legacy_machine(entry: CatalogEntry) -> bool:
    """A fuzzy entry with a provenance note but no fingerprint (a catalog from before fingerprints).

    Shown as a machine suggestion while its source is unchanged, never replaced.
    """
    note = _provenance(entry)
    return entry.fuzzy and note is not None and note_fingerprint(note) is None and approval(entry) is None


def entry_status(entry: CatalogEntry) -> EntryStatus:
    """The review status of one entry, as every stage sees it."""
    if entry.obsolete:
        return EntryStatus.OBSOLETE
    if not entry.translated:
        return EntryStatus.UNTRANSLATED
    if not entry.fuzzy:
        return EntryStatus.REVIEWED
    if entry.previous_msgid is None and (machine_written(entry) or legacy_machine(entry)):
        return EntryStatus.MACHINE
    return EntryStatus.NEEDS_REVIEW


def replaceable(entry: CatalogEntry) -> bool:
    """May `translate` write a suggestion here? Only over nothing, or over machine text."""
    return not entry.obsolete and not entry.msgid_plural and (not entry.translated or machine_written(entry))


def wants_suggestion(entry: CatalogEntry) -> bool:
    """Untranslated, or machine text whose source sentence changed since."""
    if entry.obsolete or entry.msgid_plural:
        return False
    return not entry.translated or (machine_written(entry) and entry.previous_msgid is not None)


def machine_source(entry: CatalogEntry) -> str | None:
    """Who wrote a live machine suggestion: "apertium eng-spa (…)", "translation memory: <file>"; else None."""
    note = _provenance(entry)
    if note is None or not (machine_written(entry) or legacy_machine(entry)):
        return None
    return describe(note).removeprefix(MT_PROVENANCE_PREFIX).strip()
