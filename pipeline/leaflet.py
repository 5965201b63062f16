"""What one leaflet shows, and whether it may be built at all (the draft/release/skip policy).

Contract:
- `assess(config, doc, lang, mode)` reads the language's catalogs and returns a
  `Plan`: either ready to build, or skipped with a message that says what is
  missing and how to fix it. Policy:
  * the source language is always built, as written;
  * draft (the default): a language needs at least `Config.draft_minimum`
    percent of the statement's sentences translated (reviewed or machine
    suggestion); below that it is skipped. Machine suggestions are shown;
    sentences without a usable translation (untranslated, or fuzzy after a
    source change) show the source text, visibly marked. A leaflet that shows
    anything unreviewed carries a draft notice on every page;
  * release: only a language whose every sentence and every template word on
    the leaflet is reviewed is built, with no notice; others are skipped.
- `assemble(config, plan, typography)` gives the `Leaflet`: every string the template
  shows, the body as HTML from `segment.render_body_html` (markdown-it, raw
  HTML off: the only HTML a translation can reach), direction, fonts.
- `leaflet_html(config, leaflet)` fills `templates/leaflet.html` (autoescape).
- `check_coverage(config, plan, leaflet, html)` raises RenderError naming, at
  its catalog or source line, every character no configured font covers.
Nothing here writes files or prints.
"""

from __future__ import annotations

import datetime as dt
import enum
import html.parser
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from markupsafe import Markup

from pipeline import catalog, fonts, render, template_strings
from pipeline.config import Config
from pipeline.errors import RenderError
from pipeline.model import EntryStatus, Segment, SourceDocument, Translation
from pipeline.segment import render_body_html

TEMPLATE = template_strings.TEMPLATE_NAME
DRAFT_ONLY_WORDS = frozenset({"draft", "draft_explanation", "untranslated_note"})


class Mode(enum.Enum):
    DRAFT = "draft"
    RELEASE = "release"


SHOWN_STATUSES = {
    Mode.DRAFT: (EntryStatus.REVIEWED, EntryStatus.MACHINE),
    Mode.RELEASE: (EntryStatus.REVIEWED,),
}


@dataclass(frozen=True)
class Typography:
    """Body type size (pt) and leading (line height as a multiple of the size)."""

    size: float
    leading: float


@dataclass(frozen=True)
class Plan:
    """A leaflet to build, or a language skipped and why."""

    doc: SourceDocument
    lang: str
    mode: Mode
    translations: dict[tuple[str | None, str], Translation]
    words: dict[str, Translation]
    catalog_path: Path | None  # None for the source language
    skip: str | None = None  # why this language is not built, and how to fix it


@dataclass(frozen=True)
class Leaflet:
    """Everything the template shows for one statement in one language."""

    lang: str
    html_lang: str
    direction: str  # "ltr" or "rtl"
    title: str
    translated: bool  # False for the source language's own leaflet
    title_marked: bool  # the title is shown in the source language, marked as untranslated
    subtitle: str
    subtitle_marked: bool
    source_html_lang: str
    date: str
    language_name: str
    joint: bool
    body_html: Markup
    signatories: tuple[str, ...]
    author: str
    created: str | None
    draft: bool
    untranslated: int  # sentences shown in the source language
    words: dict[str, str]
    fonts: fonts.FontStack
    source_fonts: fonts.FontStack  # for passages shown untranslated
    page_size: str
    typography: Typography

    @property
    def start(self) -> str:
        return "right" if self.direction == "rtl" else "left"

    @property
    def end(self) -> str:
        return "left" if self.direction == "rtl" else "right"


def language_name(lang: str) -> str:
    """The language's name in itself, capitalised: "Español", "Français", "Tagalog", "العربية"."""
    locale = Locale.parse(lang.replace("-", "_"))
    code = lang.replace("-", "_")
    name = locale.get_display_name() if "_" in code else locale.languages.get(code) or locale.get_display_name()
    return name[:1].upper() + name[1:]


# --- the policy --------------------------------------------------------------------------


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
    words = template_strings.template_words(config, lang)
    if lang == config.source_language:
        source = {seg.key: Translation(seg.msgid, EntryStatus.REVIEWED) for seg in doc.segments}
        return Plan(doc, lang, mode, source, words, None)
    path = config.po_path(lang, doc.slug)
    po = config.relative(path)
    if not path.exists():
        return Plan(doc, lang, mode, {}, words, path, skip=f"no catalog {po} yet: run `make update`, then `make translate`")
    found = catalog.translations(path)
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
        template_po = config.relative(template_strings.catalog_path(config, lang))
        parts.append(f"{len(words_left)} template words in {template_po} are not reviewed")
    return "not fully reviewed: " + "; ".join(parts) + "; review them (and clear the fuzzy flag) in a PO editor"


# --- assembling ---------------------------------------------------------------------------


def _shown(plan: Plan, seg: Segment) -> Translation:
    """What the leaflet prints for a segment under the plan's mode."""
    translation = plan.translations.get(seg.key)
    if translation is not None and translation.status in SHOWN_STATUSES[plan.mode] and translation.text:
        return translation
    return Translation(seg.msgid, EntryStatus.UNTRANSLATED)


def assemble(config: Config, plan: Plan, typography: Typography) -> Leaflet:
    doc, lang = plan.doc, plan.lang
    locale = Locale.parse(lang.replace("-", "_"))
    shown = [_shown(plan, seg) for seg in doc.segments]
    untranslated = sum(1 for t in shown if t.status is EntryStatus.UNTRANSLATED)
    words_shown = {key: t for key, t in plan.words.items() if key not in DRAFT_ONLY_WORDS}
    draft = any(t.status is not EntryStatus.REVIEWED for t in (*shown, *words_shown.values()))
    heads = {seg.kind: _shown(plan, seg) for seg in doc.segments if seg.kind in ("title", "subtitle")}
    title = heads["title"]
    subtitle = heads.get("subtitle", Translation("", EntryStatus.REVIEWED))
    date = doc.meta.get("date")
    return Leaflet(
        lang=lang,
        html_lang=lang.replace("_", "-"),
        direction=locale.text_direction,
        title=title.text,
        translated=lang != config.source_language,
        title_marked=title.status is EntryStatus.UNTRANSLATED and lang != config.source_language,
        subtitle=subtitle.text,
        subtitle_marked=subtitle.status is EntryStatus.UNTRANSLATED and lang != config.source_language,
        source_html_lang=config.source_language.replace("_", "-"),
        date=format_date(date, "long", locale=locale) if isinstance(date, dt.date) else "",
        language_name=language_name(lang),
        joint=len(doc.meta.get("signatories", [])) >= 2,
        body_html=Markup(render_body_html(doc, lambda seg: _shown(plan, seg), config.source_language)),
        signatories=tuple(doc.meta.get("signatories", [])),
        author=str(doc.meta.get("author", "")),
        created=render.source_date(),
        draft=draft,
        untranslated=untranslated if lang != config.source_language else 0,
        words={key: t.text for key, t in plan.words.items()},
        fonts=fonts.font_stack(lang),
        source_fonts=fonts.font_stack(config.source_language),
        page_size=config.page_size,
        typography=typography,
    )


def leaflet_html(config: Config, leaflet: Leaflet) -> str:
    """The leaflet as HTML, from the project's template; every translated string escaped."""
    return render.render_html(
        config.templates_dir,
        TEMPLATE,
        {"leaflet": leaflet, "words": leaflet.words},
    )


# --- font coverage -----------------------------------------------------------------------


class _Text(html.parser.HTMLParser):
    """The character data of an HTML document: what can end up as glyphs (the <style> CSS is ASCII)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def check_coverage(config: Config, plan: Plan, leaflet: Leaflet, html_text: str) -> None:
    """Raise RenderError naming every character of the leaflet that no configured font covers."""
    parser = _Text()
    parser.feed(html_text)
    text = "".join(parser.parts) + "".join(leaflet.words.values())
    try:
        missing = fonts.uncovered(text, leaflet.fonts)
    except fonts.FontsMissing as exc:
        raise RenderError(config.templates_dir / TEMPLATE, 0, f"{plan.lang}: {exc}") from exc
    if not missing:
        return
    path, line = _locate(config, plan, missing[0])
    names = ", ".join(f"{fonts.describe(c)} ({c!r})" for c in missing)
    raise RenderError(
        path,
        line,
        f"{plan.lang}: no configured font covers {names}; fonts tried: {', '.join(leaflet.fonts.families)}. "
        f"Replace the character, or install a font that has it and add it to pipeline/fonts.py",
    )


def _locate(config: Config, plan: Plan, char: str) -> tuple[Path, int]:
    """The catalog entry (or source line) where `char` first appears."""
    paths = [p for p in (plan.catalog_path, template_strings.catalog_path(config, plan.lang)) if p is not None]
    for path in paths:
        if path.exists():
            for entry in catalog.read_catalog(path):
                if not entry.obsolete and char in entry.msgstr:
                    return path, entry.msgid_line
    source_lines = plan.doc.path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(source_lines, start=1):
        if char in line:
            return plan.doc.path, number
    return plan.doc.path, 0
