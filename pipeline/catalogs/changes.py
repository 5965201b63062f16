"""What changed in a source sentence since its translation was reviewed: word diffs, per entry.

Contract:
- `word_diff(old, new)` is the word-level diff of two sentences as `Piece`s (kept,
  removed, added), words split at white space; `plain_diff(pieces)` writes it the way
  `git diff --word-diff=plain` does (``[-old-]{+new+}``), keeping `CONTEXT` words either
  side of each change and eliding the rest with "…".
- `source_changed_note(previous, msgid)` is the extracted comment `update` writes into
  a fuzzy entry whose source changed: ``source changed: …every {+single+} day…``.
- `changed_entries(entries, since)` lists the `Change` of every live entry whose source
  changed since its translation was reviewed: a fuzzy entry with a previous msgid, or a
  reviewed one whose recorded approval is for another source. With `since` (the entries
  of the same catalog at an older revision), it lists instead every live entry whose
  msgid is not in `since`, diffed against its `#|` previous msgid or else the most
  similar msgid `since` had (msgmerge's measure), with the translation `since` held.
No I/O here: the caller reads the catalogs.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.catalogs.fuzzy_match import SimilarityIndex
from pipeline.model import CatalogEntry, EntryStatus
from pipeline.provenance import SOURCE_CHANGED_PREFIX, approval, fingerprint

CONTEXT = 4  # words kept either side of a change in the one-line form


class Op(enum.Enum):
    KEEP = "="
    REMOVE = "-"
    ADD = "+"


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Word-level diff from `old` to `new`; consecutive words of one kind are one piece."""
    a, b = old.split(), new.split()
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece(Op.KEEP, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece(Op.REMOVE, " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(Op.ADD, " ".join(b[j1:j2])))
    return tuple(pieces)


def _trimmed(pieces: Sequence[Piece], context: int | None) -> list[Piece]:
    """Kept runs shortened to `context` words either side of a change (None: keep all)."""
    if context is None:
        return list(pieces)
    out: list[Piece] = []
    for index, piece in enumerate(pieces):
        if piece.op is not Op.KEEP:
            out.append(piece)
            continue
        words = piece.text.split(" ")
        before = index > 0  # a change precedes this run
        after = index < len(pieces) - 1  # a change follows it
        if len(words) <= context * (before + after) or not (before or after):
            out.append(piece)
            continue
        head = words[:context] if before else []
        tail = words[-context:] if after else []
        out.append(Piece(Op.KEEP, " ".join([*head, "…", *tail]).strip()))
    return out


def plain_diff(pieces: Sequence[Piece], context: int | None = CONTEXT) -> str:
    """``kept [-removed-]{+added+} kept``, long unchanged runs elided to "…"."""
    parts = []
    for piece in _trimmed(pieces, context):
        if piece.op is Op.KEEP:
            parts.append(piece.text)
        elif piece.op is Op.REMOVE:
            parts.append(f"[-{piece.text}-]")
        else:
            parts.append(f"{{+{piece.text}+}}")
    return " ".join(parts)


def source_changed_note(previous: str, msgid: str) -> str:
    """The extracted comment for a fuzzy entry whose source went from `previous` to `msgid`."""
    return f"{SOURCE_CHANGED_PREFIX} " + " ".join(plain_diff(word_diff(previous, msgid)).split())


@dataclass(frozen=True)
class Change:
    """One entry whose source sentence changed since its translation was reviewed."""

    entry: CatalogEntry
    previous: str  # the source sentence the translation was made or reviewed for
    pieces: tuple[Piece, ...]
    then: str  # the translation at that time ("" when unknown)
    reviewed_against: str  # "previous source", "another source", or "" (no approval recorded)


def _against(entry: CatalogEntry, previous: str) -> str:
    found = approval(entry)
    if found is None:
        return ""
    return "previous source" if found.source == fingerprint(previous) else "another source"


def changed_entries(entries: Iterable[CatalogEntry], since: Sequence[CatalogEntry] | None = None) -> list[Change]:
    """Every live entry whose source changed since review (or since the revision `since`)."""
    live = [e for e in entries if not e.obsolete and e.msgid]
    if since is None:
        return [_change(e, e.previous_msgid, e.msgstr) for e in live if _needs_listing(e)]
    old_live = [e for e in since if not e.obsolete and e.msgid]
    old_keys = {e.key: e for e in old_live}
    current = {e.key for e in live}
    gone = [e for e in old_live if e.key not in current]
    by_msgid = {e.msgid: e for e in gone}
    index = SimilarityIndex([e.msgid for e in gone])
    changes = []
    for entry in live:
        if entry.key in old_keys:
            continue
        old = by_msgid.get(entry.previous_msgid or "")
        if old is None and (best := index.best_match(entry.msgid)) is not None:
            old = gone[best]
        if old is not None:
            changes.append(_change(entry, old.msgid, old.msgstr if old.translated else ""))
    return changes


def _needs_listing(entry: CatalogEntry) -> bool:
    if entry.previous_msgid is not None and entry.previous_msgid != entry.msgid:
        return entry.status is not EntryStatus.UNTRANSLATED
    found = approval(entry)
    return entry.status is EntryStatus.REVIEWED and found is not None and found.source != fingerprint(entry.msgid)


def _change(entry: CatalogEntry, previous: str | None, then: str) -> Change:
    old = previous if previous is not None else ""
    return Change(entry, old, word_diff(old, entry.msgid) if old else (), then, _against(entry, old) if old else "another source")
