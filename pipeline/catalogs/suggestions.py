"""Writing machine suggestions into a catalog, never over a translator's work.

Contract: `write_suggestions(path, suggestions)` writes each suggestion fuzzy
with its provenance notes into an entry that is untranslated or still a
machine suggestion, and returns how many it wrote; every other entry is left
as it is. Written atomically, only on real change; the caller holds the
project lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polib

from pipeline.catalogs.po_format import format_po
from pipeline.catalogs.reading import entry_view, load_po
from pipeline.files import write_if_changed
from pipeline.model import EntryStatus, Suggestion, is_machine_note


def write_suggestions(path: Path, suggestions: Sequence[Suggestion]) -> int:
    """Write each suggestion fuzzy with its notes; a translator's entry is never touched."""
    po = load_po(path)
    by_key: dict[tuple[str | None, str], polib.POEntry] = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    written = 0
    for suggestion in suggestions:
        entry = by_key.get((suggestion.context, suggestion.msgid))
        if entry is None or entry.msgid_plural or not suggestion.msgstr:
            continue
        view = entry_view(entry)
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
