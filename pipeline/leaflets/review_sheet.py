"""Review sheets: a statement's sentences in numbered rows, for proofreaders without PO tools.

Contract:
- rows are numbered by `body_html.row_numbers(doc)`: a statement's distinct entries in
  reading order (the title is 1); the same numbers label, with `pdf --numbered`, the
  paragraphs of a draft leaflet.
- `sheet_rows(config, doc, lang)` gives one `Row` per number: source, translation,
  status (reviewed, machine with the engine named, needs review, untranslated, as
  `pipeline.provenance.entry_status` decides), the machine's warnings and what
  changed in the source (word diff from the `#|` previous msgid).
- `write_review_sheets(config, lang)` writes `build/review/<slug>.<lang>.html` and
  `.pdf` for every statement: `templates/review-sheet.html` filled with autoescape
  (translations are data), typeset by `render.typeset` with the leaflet's font stacks
  and text direction, through the sealed fetcher. Written atomically, only on change.
Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from markupsafe import Markup

from pipeline.catalogs.changes import Op, word_diff
from pipeline.catalogs.domains import load_statements
from pipeline.catalogs.reading import read_catalog
from pipeline.config import Config
from pipeline.files import write_if_changed
from pipeline.leaflets import fonts, render
from pipeline.leaflets.assembly import language_name
from pipeline.leaflets.body_html import row_numbers
from pipeline.model import MT_NOTE_PREFIX, CatalogEntry, EntryStatus, SourceDocument
from pipeline.provenance import approval, machine_source, reviewed_against_source

TEMPLATE = "review-sheet.html"
_WARNINGS = (f"{MT_NOTE_PREFIX}warning:", f"{MT_NOTE_PREFIX}unknown words:")


@dataclass(frozen=True)
class Row:
    number: int
    ref: str  # source file:line
    source: str
    translation: str
    status: EntryStatus
    status_label: str  # "machine: apertium eng-spa (apertium 3.8.3)"
    warnings: tuple[str, ...]
    changed: Markup  # the word diff as <del>/<ins>, or empty
    approved: str  # the recorded approval: "approved: Ana, 2026-02-04 …", or for an earlier source


@dataclass(frozen=True)
class Written:
    html: Path
    pdf: Path
    rows: int
    changed: bool


def _label(entry: CatalogEntry | None) -> tuple[EntryStatus, str]:
    if entry is None:
        return EntryStatus.UNTRANSLATED, EntryStatus.UNTRANSLATED.value
    status = entry.status
    if status is EntryStatus.MACHINE:
        return status, f"machine: {machine_source(entry) or 'unknown engine'}"
    if status is EntryStatus.NEEDS_REVIEW and entry.previous_msgid is not None:
        return status, "needs review: the source changed"
    return status, status.value


def _diff_html(previous: str, msgid: str) -> Markup:
    tags = {Op.KEEP: Markup("{}"), Op.REMOVE: Markup("<del>{}</del>"), Op.ADD: Markup("<ins>{}</ins>")}
    return Markup(" ").join(tags[p.op].format(p.text) for p in word_diff(previous, msgid))


def _approved(entry: CatalogEntry | None) -> str:
    """"approved: who, when" for a review of this exact source; "approved for an earlier source: …" otherwise."""
    found = approval(entry) if entry is not None else None
    if found is None or entry is None:
        return ""
    if reviewed_against_source(entry):
        return f"approved: {found.who}, {found.when}"
    return f"approved for an earlier source: {found.who}, {found.when}"


def sheet_rows(config: Config, doc: SourceDocument, lang: str) -> list[Row]:
    path = config.po_path(lang, doc.slug)
    entries = {e.key: e for e in read_catalog(path) if not e.obsolete} if path.exists() else {}
    refs: dict[tuple[str | None, str], str] = {}
    for seg in doc.segments:
        refs.setdefault(seg.key, str(seg.ref))
    rows = []
    for key, number in row_numbers(doc).items():
        entry = entries.get(key)
        status, label = _label(entry)
        translated = entry is not None and entry.translated
        notes = entry.extracted_comments if entry is not None and status is EntryStatus.MACHINE else ()
        changed = (
            _diff_html(entry.previous_msgid, entry.msgid)
            if entry is not None and entry.previous_msgid is not None and entry.fuzzy
            else Markup("")
        )
        rows.append(Row(
            number=number,
            ref=refs[key],
            source=key[1],
            translation=entry.msgstr if translated and entry is not None else "",
            status=status,
            status_label=label,
            warnings=tuple(n.removeprefix(MT_NOTE_PREFIX) for n in notes if n.startswith(_WARNINGS)),
            changed=changed,
            approved=_approved(entry),
        ))
    return rows


def sheet_html(config: Config, doc: SourceDocument, lang: str) -> tuple[str, int]:
    """The sheet's HTML (every catalog string escaped) and its number of rows."""
    rows = sheet_rows(config, doc, lang)
    locale = Locale.parse(lang.replace("-", "_"))
    counts = {status: sum(1 for r in rows if r.status is status) for status in EntryStatus if status is not EntryStatus.OBSOLETE}
    context = {
        "title": str(doc.meta.get("title", doc.slug)),
        "slug": doc.slug,
        "lang": lang.replace("_", "-"),
        "source_lang": config.source_language.replace("_", "-"),
        "language_name": language_name(lang),
        "direction": locale.text_direction,
        "fonts": fonts.font_stack(lang),
        "source_fonts": fonts.font_stack(config.source_language),
        "page_size": config.page_size,
        "rows": rows,
        "counts": [(status.value, n) for status, n in counts.items()],
        "catalog": config.relative(config.po_path(lang, doc.slug)),
        "created": render.source_date(),
    }
    return render.render_html(config.templates_dir, TEMPLATE, context), len(rows)


def write_review_sheets(config: Config, lang: str) -> list[Written]:
    """Write build/review/<slug>.<lang>.html and .pdf for every statement."""
    written = []
    folder = config.build_dir / "review"
    for doc in load_statements(config):
        html, count = sheet_html(config, doc, lang)
        html_path = folder / f"{doc.slug}.{lang}.html"
        pdf_path = folder / f"{doc.slug}.{lang}.pdf"
        layout = render.typeset(html, config.templates_dir, what=pdf_path)
        changed = write_if_changed(html_path, html)
        changed = write_if_changed(pdf_path, render.write_pdf(layout, what=pdf_path)) or changed
        written.append(Written(html_path, pdf_path, count, changed))
    return written
