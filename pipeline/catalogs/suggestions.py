"""Writing machine suggestions into a catalog, never over a translator's work.

Contract: `write_suggestions(path, suggestions)` writes each suggestion fuzzy
with its provenance notes into an entry that is untranslated or still holds
exactly a machine's text (`pipeline.provenance.replaceable`), and returns how
many it wrote; every other entry is left as it is. The provenance note gets the
fingerprint of the exact text written, so a translator's later edit shows. Written atomically, only on real change; the caller holds the
project lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polib

from pipeline.catalogs.po_format import format_po
from pipeline.catalogs.reading import entry_view, load_po
from pipeline.files import write_if_changed
from pipeline.model import Suggestion, is_machine_note
from pipeline.provenance import SOURCE_CHANGED_PREFIX, describe, is_provenance, provenance_note, replaceable


def write_suggestions(path: Path, suggestions: Sequence[Suggestion]) -> int:
    """Write each suggestion fuzzy with its notes; a translator's entry is never touched."""
    po = load_po(path)
    by_key: dict[tuple[str | None, str], polib.POEntry] = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    written = 0
    for suggestion in suggestions:
        entry = by_key.get((suggestion.context, suggestion.msgid))
        if entry is None or entry.msgid_plural or not suggestion.msgstr:
            continue
        if not replaceable(entry_view(entry)):
            continue
        kept = [c for c in entry.comment.split("\n") if c and not is_machine_note(c) and not c.startswith(SOURCE_CHANGED_PREFIX)] if entry.comment else []
        notes = [provenance_note(describe(n), suggestion.msgstr) if is_provenance(n) else n for n in suggestion.notes]
        entry.comment = "\n".join([*kept, *notes])
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
