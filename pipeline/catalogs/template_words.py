"""The leaflet template's own words, kept in a gettext catalog of their own.

Contract:
- The domain is `leaflet-template`: POT `locales/leaflet-template.pot`, one
  catalog per language `locales/<lang>/LC_MESSAGES/leaflet-template.po`.
- `template_segments(config)` lists the words as `Segment`s (msgid, a comment
  saying where the words appear, a reference to the line of
  `leaflet.html` that shows them: `Config.template_reference`), so the catalog layer builds and
  updates this catalog like a statement's.
- The package ships reviewed translations of the words for many languages
  (`template_translations/<lang>.po`, package data), so any project gets them.
- The words are written in English (`TEMPLATE_LANGUAGE`), whatever the
  statements' source language; `template_languages(config)` lists the
  languages that get a catalog of them: every configured language, and the
  source language too when it is not English (a statement written in Arabic
  prints Arabic furniture).
- `template_words(config, lang)` returns, per word, the text to show and its
  review status: the project's reviewed translation, else the shipped one,
  else the project's machine suggestion; a missing or unusable translation
  falls back to the English msgid with status UNTRANSLATED (so the leaflet
  knows it is not reviewed). `{page}` and `{pages}` must survive translation.
  The source language's own leaflet is the original, never a draft: it shows
  only reviewed words, and the English msgid (as REVIEWED) for the others.
- Translations are data: callers escape them; nothing here is ever compiled
  as a template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Config

if TYPE_CHECKING:  # the value types are imported where they are made: a build's stamps only need the paths
    from pipeline.model import Segment, Translation

DOMAIN = "leaflet-template"
TEMPLATE_LANGUAGE = "en"  # the language the template's words are written in
TEMPLATE_NAME = "leaflet.html"
SHIPPED = Path(__file__).resolve().parent / "template_translations"  # <lang>.po, reviewed, package data
PLACEHOLDER = re.compile(r"\{(page|pages)\}")
# How the template shows a word: words.KEY, word("KEY") (isolated where it runs the other way), isolated("KEY") (CSS).
_WORD_USE = re.compile(r"\bwords\.(\w+)|\bword\(\"(\w+)\"\)|\bisolated\(\"(\w+)\"\)")


@dataclass(frozen=True)
class Word:
    key: str  # the name the template uses: words.<key>
    msgid: str
    comment: str


def _source_language_name(config: Config) -> str:
    from babel import Locale

    name = Locale.parse("en").languages.get(config.source_language) or Locale.parse(config.source_language).get_display_name("en")
    return str(name)


def word_list(config: Config) -> tuple[Word, ...]:
    """Every word of the template, with what the translator needs to know about it."""
    source = _source_language_name(config)
    return (
        Word("joint_statement", "Joint statement", "Small heading above the title of a statement signed by two or more organisations."),
        Word("statement", "Statement", "Small heading above the title of a statement with one signatory or none."),
        Word("signed_by", "Signed by", "Heading of the list of signatory organisations at the end of the leaflet."),
        Word(
            "page_of",
            "Page {page} of {pages}",
            "Page number at the foot of every page. Keep {page} (this page's number) and {pages} (how many pages).",
        ),
        Word("translated_from", f"Translated from {source}", "Under the title, after the name of the leaflet's language."),
        Word(
            "draft",
            "Draft: machine translation, not yet reviewed",
            "Notice at the top of every page of a leaflet that shows machine translation nobody has reviewed yet.",
        ),
        Word(
            "draft_incomplete",
            "Draft: translation not finished",
            "Notice at the top of every page of a leaflet with no machine translation, "
            "but with passages not translated yet (shown in the source language).",
        ),
        Word(
            "draft_explanation",
            "Parts of this translation were made by machine and have not yet been checked by a translator. "
            "They may contain errors: do not hand this leaflet out as final.",
            "Boxed note on the first page of a draft leaflet that shows machine translation, under the title.",
        ),
        Word(
            "untranslated_note",
            f"Passages in grey italics are not translated yet and appear in {source}.",
            "Boxed note (or its second sentence) on a draft leaflet that still has untranslated passages.",
        ),
    )


def _template_lines(config: Config) -> dict[str, int]:
    path = config.templates_dir / TEMPLATE_NAME
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return {}
    found: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        for match in _WORD_USE.finditer(line):
            found.setdefault(next(group for group in match.groups() if group), number)
    return found


def template_segments(config: Config) -> list[Segment]:
    """The template's words as segments of the `leaflet-template` domain."""
    from pipeline.model import Segment, SegmentKind, SourceRef

    lines = _template_lines(config)
    ref_path = config.template_reference(TEMPLATE_NAME)
    return [
        Segment(word.msgid, None, SourceRef(ref_path, lines.get(word.key, 0)), word.comment, SegmentKind.TEMPLATE)
        for word in word_list(config)
    ]


def is_template_language(lang: str) -> bool:
    """True for English in any of its regional forms (`en`, `en_GB`, `en-US`)."""
    return lang.replace("-", "_").split("_")[0] == TEMPLATE_LANGUAGE


def template_languages(config: Config) -> list[str]:
    """The languages with a catalog of the template's words: every target, and the source unless it is English."""
    source = [] if is_template_language(config.source_language) else [config.source_language]
    return [*source, *(lang for lang in config.languages if lang not in source)]


def catalog_path(config: Config, lang: str) -> Path:
    return config.po_path(lang, DOMAIN)


def _usable(word: Word, text: str) -> bool:
    """A translation of the page number must keep both placeholders exactly once."""
    if word.key != "page_of":
        return bool(text.strip())
    found = PLACEHOLDER.findall(text)
    return sorted(found) == ["page", "pages"]


def shipped_catalog(lang: str) -> Path | None:
    """The reviewed translations of the template's words shipped with the package for `lang`, if any.

    `pt_BR` falls back to `pt`; Chinese in traditional script (`zh_Hant`, `zh_TW`, `zh_HK`, `zh_MO`)
    to `zh_Hant`, any other Chinese to `zh` (simplified).
    """
    code = lang.replace("-", "_")
    base = code.split("_")[0]
    if base == "zh":
        traditional = {"Hant", "TW", "HK", "MO"} & set(code.split("_")[1:])
        candidates = [code, "zh_Hant" if traditional else "zh"]
    else:
        candidates = [code, base]
    for candidate in candidates:
        path = SHIPPED / f"{candidate}.po"
        if path.is_file():
            return path
    return None


def template_words(config: Config, lang: str) -> dict[str, Translation]:
    """Key → what the leaflet shows for that word in `lang`, with its review status.

    In order of preference: the project's reviewed translation, the package's shipped reviewed
    translation, the project's machine suggestion, the source-language msgid (UNTRANSLATED).
    """
    from pipeline.model import EntryStatus, Translation

    words = word_list(config)
    original = lang == config.source_language
    if is_template_language(lang) and original:
        return {word.key: Translation(word.msgid, EntryStatus.REVIEWED) for word in words}
    path = catalog_path(config, lang)
    from pipeline.catalogs.reading import translations  # polib: only where a catalog is read

    found = translations(path) if path.exists() else {}
    shown = (EntryStatus.REVIEWED,) if original else (EntryStatus.REVIEWED, EntryStatus.MACHINE)
    fallback = EntryStatus.REVIEWED if original else EntryStatus.UNTRANSLATED
    shipped_path = shipped_catalog(lang)
    shipped = translations(shipped_path) if shipped_path is not None else {}
    result: dict[str, Translation] = {}
    for word in words:
        options = [found.get((None, word.msgid)), shipped.get((None, word.msgid))]
        usable = [t for t in options if t is not None and t.status in shown and _usable(word, t.text)]
        usable.sort(key=lambda t: t.status is not EntryStatus.REVIEWED)  # stable: the project's own first
        result[word.key] = usable[0] if usable else Translation(word.msgid, fallback)
    return result
