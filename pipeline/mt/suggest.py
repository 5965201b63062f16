"""Machine suggestions for every catalog entry that wants one: translation memory first, then MT.

Contract: `translate_project(config, languages, choice, compendium, progress)` takes the
project lock and, for each language and each catalog domain:
1. asks `catalogs.reading.pending_entries` which entries want a suggestion (untranslated, or a
   machine suggestion whose source changed); with none anywhere it returns at once,
   having loaded no engine and no model;
2. fills an entry whose identical source is reviewed in another catalog of the same
   language (or in the compendium .po) from there, provenance "translation memory: <file>";
3. opens the engine (`pipeline.mt.open_engine`, once per language) and translates the
   remaining entries of the catalog in one call, masked (`pipeline.mt.protect`, with the
   glossary's terms for the language); an entry with hard line breaks goes line by line,
   so no engine moves words from one line to another;
4. refuses an entry whose masks did not come back intact (it stays untranslated and is
   reported), adds reviewer notes (suspect output, unknown words, glossary terms), and
   writes the suggestions fuzzy with `catalogs.suggestions.write_suggestions`.
A language without an engine is reported as skipped, with how to get one. Nothing is
printed; `progress(lang, done, total)` is called as entries are translated.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.catalogs.domains import catalog_domains
from pipeline.catalogs.glossary import Term, load_glossary
from pipeline.catalogs.reading import pending_entries, read_catalog, translations
from pipeline.catalogs.suggestions import write_suggestions
from pipeline.config import Config
from pipeline.errors import TranslationError
from pipeline.files import locked
from pipeline.model import (
    MT_NOTE_PREFIX,
    MT_PROVENANCE_PREFIX,
    TM_PROVENANCE_PREFIX,
    CatalogEntry,
    EntryStatus,
    Suggestion,
)
from pipeline.mt import Engine, EngineError, EngineOutput, Unavailable, open_engine
from pipeline.mt.protect import Masked, MaskError, mask, restore, token
from pipeline.mt.suspect import suspect_warnings

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Refusal:
    """An entry left untranslated because the engine's output could not be trusted."""

    path: Path
    line: int
    message: str


@dataclass
class LanguageReport:
    lang: str
    pending: int = 0  # entries that wanted a suggestion
    engine: str = ""  # the engine's description, when one ran
    machine: int = 0  # suggestions written from MT
    memory: int = 0  # suggestions written from translation memory
    suspect: int = 0  # machine suggestions carrying a reviewer warning
    refused: list[Refusal] = field(default_factory=list)
    skipped: str = ""  # why no engine ran, and how to get one
    seconds: float = 0.0


@dataclass(frozen=True)
class Report:
    languages: tuple[LanguageReport, ...]
    seconds: float


class _Memory:
    """Reviewed translations of the language's other catalogs and of a compendium, read on demand."""

    def __init__(self, config: Config, lang: str, compendium: Path | None) -> None:
        self.config = config
        folder = config.locales_dir / lang / "LC_MESSAGES"
        self.paths = sorted(folder.glob("*.po")) + ([compendium] if compendium else [])
        self.tables: dict[Path, dict[str, str]] = {}

    def _table(self, path: Path) -> dict[str, str]:
        if path not in self.tables:
            table: dict[str, str] = {}
            for (_, msgid), found in translations(path).items():
                if found.status is EntryStatus.REVIEWED and found.text:
                    table.setdefault(msgid, found.text)
            self.tables[path] = table
        return self.tables[path]

    def lookup(self, msgid: str, exclude: Path) -> Suggestion | None:
        for path in self.paths:
            if path.resolve() != exclude.resolve() and (text := self._table(path).get(msgid)):
                return Suggestion(None, msgid, text, (f"{TM_PROVENANCE_PREFIX} {self.config.relative(path)}",))
        return None


def _same_edges(msgid: str, text: str) -> str:
    """`text` with the leading and trailing whitespace of `msgid` (msgfmt --check wants newlines kept)."""
    core = text.strip()
    return msgid[: len(msgid) - len(msgid.lstrip())] + core + msgid[len(msgid.rstrip()) :]


def _lines(masked: Masked) -> list[str]:
    """The masked text cut at its hard line breaks, the break tokens kept between: [line, token, line, …].

    Each line is translated on its own, so an engine cannot move words from one line to another.
    """
    breaks = [token(n) for n, m in enumerate(masked.masks) if m.kind == "break"]
    if not breaks:
        return [masked.text]
    parts = re.split("(" + "|".join(map(re.escape, breaks)) + ")", masked.text)
    return [part.strip() for part in parts]


def _rejoined(parts: list[str], outputs: Sequence[EngineOutput]) -> EngineOutput:
    """One output for an entry translated line by line: the lines with the break tokens between."""
    texts = [o.text for o in outputs]
    joined = [texts[i // 2] if i % 2 == 0 else part for i, part in enumerate(parts)]
    return EngineOutput(
        " ".join(joined),
        tuple(dict.fromkeys(w for o in outputs for w in o.unknown_words)),
        tuple(dict.fromkeys(w for o in outputs for w in o.warnings)),
    )


def _glossary_note(masked: Masked) -> str | None:
    kept = list(dict.fromkeys(m.original for m in masked.terms() if m.kind == "keep"))
    given = list(dict.fromkeys(f"{m.original} as {m.restored}" for m in masked.terms() if m.kind == "term"))
    parts = ([", ".join(kept) + " kept"] if kept else []) + given
    return f"{MT_NOTE_PREFIX}glossary: " + "; ".join(parts) if parts else None


def _suggestion(entry: CatalogEntry, masked: Masked, output: EngineOutput, engine: Engine, lang: str) -> tuple[Suggestion, bool]:
    """The suggestion for one entry, and whether it is suspect; MaskError if masks broke."""
    if not output.text.strip():
        raise MaskError("the engine returned nothing")
    text = _same_edges(entry.msgid, restore(output.text, masked))
    warnings = suspect_warnings(masked.text, output.text, lang)
    notes = [f"{MT_PROVENANCE_PREFIX} {engine.description}"]
    notes += [f"{MT_NOTE_PREFIX}warning: {w}" for w in (*warnings, *output.warnings)]
    if output.unknown_words:
        notes.append(f"{MT_NOTE_PREFIX}unknown words: " + ", ".join(output.unknown_words))
    if note := _glossary_note(masked):
        notes.append(note)
    return Suggestion(entry.context, entry.msgid, text, tuple(notes)), bool(warnings)


def _machine(
    path: Path, entries: list[CatalogEntry], engine: Engine, terms: list[Term], lang: str, report: LanguageReport, on_done: Callable[[int, int], None]
) -> None:
    """Translate one catalog's entries, write the suggestions, and report the refused ones."""
    masked = [mask(e.msgid, terms) for e in entries]
    cut = [_lines(m) for m in masked]
    try:
        flat = engine.translate([line for parts in cut for line in parts[::2]], on_done)
    except EngineError as exc:
        raise TranslationError(path, 0, str(exc)) from exc
    outputs, start = [], 0
    for parts in cut:
        count = (len(parts) + 1) // 2
        outputs.append(_rejoined(parts, flat[start : start + count]))
        start += count
    suggestions = []
    refused: dict[tuple[str | None, str], str] = {}
    for entry, masked_entry, output in zip(entries, masked, outputs):
        try:
            suggestion, suspect = _suggestion(entry, masked_entry, output, engine, lang)
        except MaskError as exc:
            refused[entry.key] = f"left untranslated: the {engine.name} output {exc}"
            continue
        suggestions.append(suggestion)
        report.suspect += suspect
    report.machine += write_suggestions(path, suggestions)
    if refused:  # lines as they are now that the suggestions are written
        lines = {e.key: e.msgid_line for e in read_catalog(path) if not e.obsolete}
        report.refused += [Refusal(path, lines.get(key, 0), message) for key, message in refused.items()]


def _translate_language(
    config: Config, lang: str, domains: Sequence[str], choice: str, compendium: Path | None, terms: list[Term], progress: Progress | None
) -> LanguageReport:
    started = time.perf_counter()
    report = LanguageReport(lang)
    pending = {config.po_path(lang, d): pending_entries(config.po_path(lang, d)) for d in domains}
    report.pending = sum(len(entries) for entries in pending.values())
    if not report.pending:
        log.info("%s: nothing pending, no engine loaded", lang)
        return report
    memory = _Memory(config, lang, compendium)
    work: dict[Path, list[CatalogEntry]] = {}
    for path, entries in pending.items():
        remembered = []
        for entry in entries:
            if found := memory.lookup(entry.msgid, path):
                remembered.append(Suggestion(entry.context, entry.msgid, found.msgstr, found.notes))
            else:
                work.setdefault(path, []).append(entry)
        report.memory += write_suggestions(path, remembered) if remembered else 0
    total = sum(len(entries) for entries in work.values())
    if total:
        engine = open_engine(choice, config.source_language, lang, config.mt)
        if isinstance(engine, Unavailable):
            log.info("%s: no engine (%s)", lang, engine)
            report.skipped = str(engine)
        else:
            log.info("%s: engine %s for %d entries", lang, engine.description, total)
            report.engine = engine.description
            done = 0
            for path, entries in work.items():

                def on_done(units: int, of: int, base: int = done, size: int = len(entries)) -> None:
                    if progress:
                        progress(lang, base + size * units // max(of, 1), total)

                _machine(path, entries, engine, terms, lang, report, on_done)
                done += len(entries)
    report.seconds = time.perf_counter() - started
    return report


def translate_project(
    config: Config,
    languages: Sequence[str],
    choice: str = "auto",
    compendium: Path | None = None,
    progress: Progress | None = None,
) -> Report:
    """Suggest translations for every pending entry of `languages` (see the module docstring)."""
    started = time.perf_counter()
    glossary = load_glossary(config.glossary_path)
    if compendium is not None and not compendium.is_file():
        raise TranslationError(compendium, 0, "no such compendium file")
    domains = [d.name for d in catalog_domains(config)]
    with locked(config.root, tidy=[config.locales_dir]):  # also removes an interrupted write's temp files
        reports = tuple(
            _translate_language(config, lang, domains, choice, compendium, glossary.for_language(lang), progress)
            for lang in languages
        )
    return Report(reports, time.perf_counter() - started)
