"""Whether a leaflet may be built, and with which translations: the draft/release/skip policy.

Contract: `assess(config, doc, lang, mode)` reads the language's catalogs and
returns a `Plan`: either ready to build, or skipped with a short reason
(`skip`), the fix (`fix`, one line) and the counts behind it (`detail`). Policy:
- the source language is always built, as written;
- draft (the default): a language needs at least `Config.draft_minimum` percent
  of the statement's sentences translated (reviewed or machine suggestion);
  below that it is skipped. Machine suggestions are shown; sentences without a
  usable translation (untranslated, or fuzzy after a source change) show the
  source text, visibly marked. A leaflet that shows anything unreviewed carries
  a draft notice on every page;
- release: a language is built when the share of the statement's sentences a
  translator reviewed meets its `[release]` threshold (`catalogs.thresholds`,
  the rule `pipeline check` applies; 100 for a language not listed) and every
  template word on the leaflet is reviewed. Only reviewed text is shown, with
  no draft notice; sentences not reviewed yet show the source text, marked,
  with the template's note saying so. Others are skipped.
Nothing here writes files or prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.catalogs import template_words, thresholds
from pipeline.config import Config
from pipeline.leaflets.modes import Mode
from pipeline.model import EntryStatus, SourceDocument, Translation, frozen_fields

DRAFT_ONLY_WORDS = frozenset({"draft", "draft_incomplete", "draft_explanation", "untranslated_note"})


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
    skip: str | None = None  # why this language is not built, in a few words
    numbered: bool = False  # print review-sheet row numbers beside the paragraphs (`pdf --numbered`)
    fix: str = ""  # how to fix it, one line
    detail: str = ""  # the counts behind it (shown with -v)

    def __post_init__(self) -> None:
        frozen_fields(self, "translations", "words")


def _count(doc: SourceDocument, found: dict[tuple[str | None, str], Translation]) -> dict[EntryStatus, int]:
    counts = {status: 0 for status in EntryStatus}
    for key in dict.fromkeys(seg.key for seg in doc.segments):
        translation = found.get(key)
        counts[translation.status if translation is not None else EntryStatus.UNTRANSLATED] += 1
    return counts


def _how_to_translate(config: Config, lang: str, po: str) -> str:
    return (
        f"run `{config.command('translate')}` for machine suggestions (`pipeline models list` says which "
        f"{config.source_language}→{lang} engine is missing), or translate {po}"
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
        return Plan(doc, lang, mode, {}, words, path, skip=f"no catalog {po} yet",
                    fix=f"run `{config.command('update')}`, then `{config.command('translate')}`")
    from pipeline.catalogs.reading import translations  # polib: only for a leaflet that is not up to date

    found = translations(path)
    counts = _count(doc, found)
    total = sum(counts.values())
    if mode is Mode.RELEASE:
        return _release_plan(config, Plan(doc, lang, mode, found, words, path), counts, po)
    translated = counts[EntryStatus.REVIEWED] + counts[EntryStatus.MACHINE]
    percent = thresholds.share(translated, total)
    if percent < config.draft_minimum:
        missing = [f"{counts[EntryStatus.UNTRANSLATED]} untranslated"]
        if counts[EntryStatus.NEEDS_REVIEW]:
            missing.append(f"{counts[EntryStatus.NEEDS_REVIEW]} needing review after a source change")
        return Plan(
            doc, lang, mode, found, words, path,
            skip=f"{percent:.0f}% translated, a draft needs {config.draft_minimum:g}%",
            fix=_how_to_translate(config, lang, po),
            detail=f"{translated} of {total} sentences translated ({', '.join(missing)}); "
            f"the minimum is [pdf] draft-minimum in {config.relative(config.path)}",
        )
    return Plan(doc, lang, mode, found, words, path)


def _release_plan(config: Config, plan: Plan, counts: dict[EntryStatus, int], po: str) -> Plan:
    """Released when the reviewed share meets the language's threshold and the template's words are reviewed."""
    reviewed = counts[EntryStatus.REVIEWED]
    total = sum(counts.values())
    requirement = thresholds.for_release(config, plan.lang, thresholds.share(reviewed, total))
    needed = set(plan.words) - DRAFT_ONLY_WORDS
    if reviewed < total:
        needed.add("untranslated_note")  # the leaflet then says which passages are in the source language
    words_left = sorted(key for key in needed if plan.words[key].status is not EntryStatus.REVIEWED)
    if requirement.met and not words_left:
        return plan
    kinds = ", ".join(
        f"{counts[status]} {status.value}" for status in (EntryStatus.MACHINE, EntryStatus.NEEDS_REVIEW, EntryStatus.UNTRANSLATED) if counts[status]
    )
    template_po = config.relative(template_words.catalog_path(config, plan.lang))
    if not requirement.met:
        skip = f"{requirement.actual:.1f}% reviewed, release needs {requirement.required:g}% ({requirement.setting})"
        fix = f"review {po} in a PO editor (clear the fuzzy flags)"
    else:
        skip = f"{len(words_left)} of the template's words not reviewed"
        fix = f"review {template_po} in a PO editor"
    detail = f"{reviewed} of {total} sentences reviewed" + (f"; the others: {kinds}" if kinds else "")
    detail += f"; template words not reviewed: {', '.join(words_left)}" if words_left else ""
    return replace(plan, skip=skip, fix=fix, detail=detail)
