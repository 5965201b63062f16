"""Whether a leaflet may be built, and with which translations: the draft/release/skip policy.

Contract: `assess(config, doc, lang, mode)` reads the language's catalogs and
returns a `Plan`: either ready to build, or skipped with a message that says
what is missing and how to fix it. Policy:
- the source language is always built, as written;
- draft (the default): a language needs at least `Config.draft_minimum` percent
  of the statement's sentences translated (reviewed or machine suggestion);
  below that it is skipped. Machine suggestions are shown; sentences without a
  usable translation (untranslated, or fuzzy after a source change) show the
  source text, visibly marked. A leaflet that shows anything unreviewed carries
  a draft notice on every page;
- release: only a language whose every sentence and every template word on the
  leaflet is reviewed is built, with no notice; others are skipped.
Nothing here writes files or prints.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalogs import template_words
from pipeline.catalogs.reading import translations
from pipeline.config import Config
from pipeline.model import EntryStatus, SourceDocument, Translation, frozen_fields

DRAFT_ONLY_WORDS = frozenset({"draft", "draft_incomplete", "draft_explanation", "untranslated_note"})


class Mode(enum.Enum):
    DRAFT = "draft"
    RELEASE = "release"


SHOWN_STATUSES = {
    Mode.DRAFT: (EntryStatus.REVIEWED, EntryStatus.MACHINE),
    Mode.RELEASE: (EntryStatus.REVIEWED,),
}


@dataclass(frozen=True)
class Plan:
    """A leaflet to build, or a language skipped and why."""

    doc: SourceDocument
    lang: str
    mode: Mode
    translations: Mapping[tuple[str | None, str], Translation]
    words: Mapping[str, Translation]
    catalog_path: Path | None  # None for the source language
    skip: str | None = None  # why this language is not built, and how to fix it

    def __post_init__(self) -> None:
        frozen_fields(self, "translations", "words")


def _count(doc: SourceDocument, found: dict[tuple[str | None, str], Translation]) -> dict[EntryStatus, int]:
    counts = {status: 0 for status in EntryStatus}
    for key in dict.fromkeys(seg.key for seg in doc.segments):
        translation = found.get(key)
        counts[translation.status if translation is not None else EntryStatus.UNTRANSLATED] += 1
    return counts


def _how_to_translate(config: Config, lang: str, po: str) -> str:
    source = config.source_language
    return (
        f"to fix it, run `make translate` for machine suggestions (it needs an Argos {source}→{lang} model, "
        f"installed with `python -m pipeline models install FILE.argosmodel`, or an Apertium {source}→{lang} "
        f"pair, and says which is missing), or translate the entries in {po}"
    )


def assess(config: Config, doc: SourceDocument, lang: str, mode: Mode) -> Plan:
    """Whether `doc` can be built in `lang` under `mode`, and with which translations."""
    words = template_words.template_words(config, lang)
    if lang == config.source_language:
        source = {seg.key: Translation(seg.msgid, EntryStatus.REVIEWED) for seg in doc.segments}
        return Plan(doc, lang, mode, source, words, None)
    path = config.po_path(lang, doc.slug)
    po = config.relative(path)
    if not path.exists():
        return Plan(doc, lang, mode, {}, words, path, skip=f"no catalog {po} yet: run `make update`, then `make translate`")
    found = translations(path)
    counts = _count(doc, found)
    total = sum(counts.values()) or 1
    if mode is Mode.RELEASE:
        return Plan(doc, lang, mode, found, words, path, skip=_release_gap(config, lang, counts, words, po))
    translated = counts[EntryStatus.REVIEWED] + counts[EntryStatus.MACHINE]
    share = 100.0 * translated / total
    if share < config.draft_minimum:
        missing = [f"{counts[EntryStatus.UNTRANSLATED]} untranslated"]
        if counts[EntryStatus.NEEDS_REVIEW]:
            missing.append(f"{counts[EntryStatus.NEEDS_REVIEW]} needing review after a source change")
        reason = (
            f"{translated} of {total} sentences ({share:.0f}%) are translated, below the draft minimum "
            f"of {config.draft_minimum:g}% ([pdf] draft-minimum in {config.relative(config.path)}); "
            f"{', '.join(missing)}; {_how_to_translate(config, lang, po)}"
        )
        return Plan(doc, lang, mode, found, words, path, skip=reason)
    return Plan(doc, lang, mode, found, words, path)


def _release_gap(config: Config, lang: str, counts: dict[EntryStatus, int], words: dict[str, Translation], po: str) -> str | None:
    unreviewed = sum(n for status, n in counts.items() if status is not EntryStatus.REVIEWED)
    words_left = [key for key, t in words.items() if key not in DRAFT_ONLY_WORDS and t.status is not EntryStatus.REVIEWED]
    if not unreviewed and not words_left:
        return None
    parts = []
    if unreviewed:
        kinds = ", ".join(
            f"{counts[status]} {status.value}" for status in (EntryStatus.MACHINE, EntryStatus.NEEDS_REVIEW, EntryStatus.UNTRANSLATED) if counts[status]
        )
        parts.append(f"{unreviewed} of {sum(counts.values())} sentences in {po} are not reviewed ({kinds})")
    if words_left:
        template_po = config.relative(template_words.catalog_path(config, lang))
        parts.append(f"{len(words_left)} template words in {template_po} are not reviewed")
    return "not fully reviewed: " + "; ".join(parts) + "; review them (and clear the fuzzy flag) in a PO editor"
