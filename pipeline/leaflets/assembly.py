"""Assembling a leaflet: every string the template shows, filled into the template, and the font check.

Contract:
- `assemble(config, plan, typography)` gives the `Leaflet`: every string the
  template shows, the body as HTML from `body_html.render_body_html`
  (markdown-it, raw HTML off: the only HTML a translation can reach),
  direction, fonts.
- `leaflet_html(config, leaflet)` fills `templates/leaflet.html` (autoescape).
- `check_coverage(config, plan, leaflet, html)` raises RenderError, at the
  catalog or source line of the first one, naming the characters no installed
  font covers (`fonts.coverage_problem`). The leaflet's fonts are chosen from
  the language and every text it shows (`fonts.font_stack(lang, text)`).
Nothing here writes files or prints.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from markupsafe import Markup

from pipeline.catalogs import template_words
from pipeline.catalogs.reading import read_catalog
from pipeline.config import Config, bcp47
from pipeline.errors import RenderError
from pipeline.leaflets import fonts, qr, render
from pipeline.leaflets.body_html import direction_of, neutralise_bidi, number_label, render_body_html, render_inline, row_numbers
from pipeline.leaflets.fonts import FontStack
from pipeline.leaflets.modes import Mode
from pipeline.leaflets.policy import DRAFT_ONLY_WORDS, SHOWN_STATUSES, Plan
from pipeline.leaflets.typography import Typography as Typography  # re-exported: assembly.Typography
from pipeline.model import EntryStatus, Segment, SegmentKind, SourceDocument, Translation
from pipeline.provenance import approval, reviewed_against_source

TEMPLATE = template_words.TEMPLATE_NAME


@dataclass(frozen=True)
class Leaflet:
    """Everything the template shows for one statement in one language."""

    lang: str
    html_lang: str
    direction: str  # "ltr" or "rtl"
    title: Markup  # inline Markdown rendered (escaped text, emphasis, links)
    translated: bool  # False for the source language's own leaflet
    title_marked: bool  # the title is shown in the source language, marked as untranslated
    subtitle: Markup
    subtitle_marked: bool
    source_html_lang: str
    source_direction: str
    date: str
    language_name: str
    joint: bool
    body_html: Markup
    signatories: tuple[str, ...]
    author: str
    created: str | None
    draft: bool
    machine: bool  # it shows machine translation nobody has reviewed
    untranslated: int  # sentences shown in the source language
    words: dict[str, str]
    word_langs: dict[str, str]  # the HTML lang of each word: the leaflet's, or "en" where the English word is shown
    fonts: FontStack
    source_fonts: FontStack  # for passages shown untranslated
    page_size: str
    typography: Typography
    title_number: str = ""  # review-sheet row numbers, with `pdf --numbered`
    subtitle_number: str = ""
    reviewers: tuple[str, ...] = ()  # who approved the shown sentences (`approved:` comments), for the credit line
    web_url: str = ""  # the web edition's page of this language ([site] url), shown as a QR code
    qr: str = ""  # that QR code as a data: URI

    @property
    def start(self) -> str:
        return "right" if self.direction == "rtl" else "left"

    @property
    def end(self) -> str:
        return "left" if self.direction == "rtl" else "right"

    def dir_of(self, text: str) -> str:
        """The direction `text` runs in (its first strong character), the leaflet's when it has none."""
        return direction_of(text, self.direction)

    def isolated(self, key: str) -> str:
        """A template word for CSS `content`: wrapped in a directional isolate when it runs the other way."""
        text = self.words[key]
        if self.dir_of(text) == self.direction:
            return text
        return ("\u2066" if self.dir_of(text) == "ltr" else "\u2067") + text + "\u2069"


def language_name(lang: str) -> str:
    """The language's name in itself, capitalised: "Español", "Français", "Tagalog", "العربية"."""
    locale = Locale.parse(lang.replace("-", "_"))
    code = lang.replace("-", "_")
    name = locale.get_display_name() if "_" in code else locale.languages.get(code) or locale.get_display_name()
    name = str(name)
    return name[:1].upper() + name[1:]


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
    draft = plan.mode is Mode.DRAFT and any(t.status is not EntryStatus.REVIEWED for t in (*shown, *words_shown.values()))
    machine = any(t.status is EntryStatus.MACHINE for t in (*shown, *words_shown.values()))
    heads = {seg.kind: _shown(plan, seg) for seg in doc.segments if seg.kind in (SegmentKind.TITLE, SegmentKind.SUBTITLE)}
    title = heads[SegmentKind.TITLE]
    subtitle = heads.get(SegmentKind.SUBTITLE, Translation("", EntryStatus.REVIEWED))
    date = doc.meta.get("date")
    numbers = row_numbers(doc) if plan.numbered else None
    body_html = Markup(render_body_html(doc, lambda seg: _shown(plan, seg), config.source_language, lang, numbers))
    signatories = tuple(neutralise_bidi(str(name)) for name in doc.meta.get("signatories", []))
    author = neutralise_bidi(str(doc.meta.get("author", "")))
    words = {key: neutralise_bidi(t.text) for key, t in plan.words.items()}
    english = {w.key for w in template_words.word_list(config) if plan.words[w.key].text == w.msgid}
    html_lang = bcp47(lang)
    english_lang = template_words.TEMPLATE_LANGUAGE
    word_langs = {key: html_lang if template_words.is_template_language(lang) or key not in english else english_lang for key in words}
    if draft and not machine:  # the notice says what is unreviewed: machine text, or only untranslated passages
        words["draft"], word_langs["draft"] = words["draft_incomplete"], word_langs["draft_incomplete"]
    shown_text = "".join((title.text, subtitle.text, body_html, *signatories, author, *words.values(), language_name(lang)))
    return Leaflet(
        lang=lang,
        html_lang=html_lang,
        direction=locale.text_direction,
        title=Markup(render_inline(title.text)),
        translated=lang != config.source_language,
        title_marked=title.status is EntryStatus.UNTRANSLATED and lang != config.source_language,
        subtitle=Markup(render_inline(subtitle.text)),
        subtitle_marked=subtitle.status is EntryStatus.UNTRANSLATED and lang != config.source_language,
        source_html_lang=bcp47(config.source_language),
        source_direction=Locale.parse(config.source_language.replace("-", "_")).text_direction,
        date=format_date(date, "long", locale=locale) if isinstance(date, dt.date) else "",
        language_name=language_name(lang),
        joint=len(doc.meta.get("signatories", [])) >= 2,
        body_html=body_html,
        signatories=signatories,
        author=author,
        created=render.source_date(),
        draft=draft,
        machine=machine,
        untranslated=untranslated if lang != config.source_language else 0,
        words=words,
        word_langs=word_langs,
        fonts=fonts.font_stack(lang, shown_text),
        source_fonts=fonts.font_stack(config.source_language, shown_text),
        page_size=config.page_size,
        typography=typography,
        title_number=_head_number(doc, numbers, SegmentKind.TITLE),
        subtitle_number=_head_number(doc, numbers, SegmentKind.SUBTITLE),
        reviewers=_reviewers(plan),
        web_url=(url := qr.page_url(config, doc.slug, lang)),
        qr=qr.qr_data_uri(url) if url else "",
    )


_NOBODY = {"", "unknown", "Automatically generated", "FULL NAME"}


def _reviewers(plan: Plan) -> tuple[str, ...]:
    """The names in the approvals of the catalog's reviewed entries (e-mail addresses left out), sorted."""
    if plan.catalog_path is None or not plan.catalog_path.exists():
        return ()
    names = set()
    for entry in read_catalog(plan.catalog_path):
        found = approval(entry)
        if found is not None and entry.status is EntryStatus.REVIEWED and reviewed_against_source(entry):
            names.add(re.sub(r"\s*<[^<>]*>", "", found.who).strip())
    return tuple(sorted(names - _NOBODY))


def _head_number(doc: SourceDocument, numbers: dict[tuple[str | None, str], int] | None, kind: SegmentKind) -> str:
    if numbers is None:
        return ""
    return number_label([numbers[seg.key] for seg in doc.segments if seg.kind == kind])


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
    raise RenderError(path, line, f"{plan.lang}: {fonts.coverage_problem(missing, leaflet.fonts)}")


def _locate(config: Config, plan: Plan, char: str) -> tuple[Path, int]:
    """The catalog entry (or source line) where `char` first appears."""
    paths = [p for p in (plan.catalog_path, template_words.catalog_path(config, plan.lang)) if p is not None]
    for path in paths:
        if path.exists():
            for entry in read_catalog(path):
                if not entry.obsolete and char in entry.msgstr:
                    return path, entry.msgid_line
    source_lines = plan.doc.path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(source_lines, start=1):
        if char in line:
            return plan.doc.path, number
    return plan.doc.path, 0
