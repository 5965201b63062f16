"""Quality checks on translations, as a list of small functions (after translate-toolkit's pofilter).

Contract: `check_catalog(path, entries, lang, glossary)` runs every check in
`CHECKS` on each non-obsolete entry that has a translation and returns
`Finding`s located at the entry's msgid line, never raising on odd text. A
check is a function `(Pair) -> Iterable[Problem]`; its name in `CHECKS` is
the `[check-name]` users see and silence. The typography checks (`spacing`,
`doubled-punctuation`, `doubled-words`) run translate-toolkit's own checks
through `pipeline.gate.pofilter`.

Severity policy: a check's problems on a reviewed entry keep their
severity. On a fuzzy entry (a machine suggestion, or a translation that needs
review) they are reported as warnings, since nobody has vouched for that text
yet and the leaflet marks it as unreviewed; except problems marked `always`
(control characters and bidirectional overrides), which no engine writes and
which stay errors wherever they appear.

Silencing: a translator comment ``# pipeline-ignore: check-name[, other]``
on the entry turns off those checks for that entry only. Translator comments
survive msgmerge, msgcat and translation editors (Poedit, Lokalize, Weblate
show them as the translator's note).

The glossary terms given are those that apply to the catalog's language
(`pipeline.glossary.Glossary.for_language`), matched as machine translation
matches them: whole words, case-sensitively.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.catalogs.glossary import Term
from pipeline.gate import pofilter
from pipeline.model import CatalogEntry, EntryStatus, Finding, Severity
from pipeline.text import EMAIL, HTML_TAG, URL, expected_script, length_ratio_bounds, markdown_parser, quoted, shown

IGNORE_PREFIX = "pipeline-ignore:"


@dataclass(frozen=True)
class Pair:
    """One source text and its translation, as a check sees them."""

    source: str
    target: str
    lang: str
    glossary: Sequence[Term] = ()  # the terms for this language


@dataclass(frozen=True)
class Problem:
    message: str
    severity: Severity = Severity.ERROR
    always: bool = False  # stays an error on fuzzy entries too


# --- markup and placeholders -------------------------------------------------

# Every construct `_markup` names needs one of these: emphasis * _, code `, links and images [ or an
# autolink <, a hard line break a newline (the parser is CommonMark without linkify).
_MARKUP_TRIGGERS = re.compile(r"[*_`\[<\n]")


def _markup(text: str) -> Counter[str]:
    """Inline Markdown constructs of `text`, each named the way a translator writes it."""
    return _parsed_markup(text) if _MARKUP_TRIGGERS.search(text) else Counter()


@lru_cache(maxsize=4096)
def _parsed_markup(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for block in markdown_parser().parseInline(text):
        for token in block.children or ():
            if token.type == "strong_open":
                found["**bold**"] += 1
            elif token.type == "em_open":
                found["*emphasis*"] += 1
            elif token.type == "code_inline":
                found[f"`{token.content}`"] += 1
            elif token.type == "link_open":
                found[f"link to {token.attrs.get('href', '')}"] += 1
            elif token.type == "image":
                found[f"image {token.attrs.get('src', '')}"] += 1
            elif token.type == "hardbreak":
                found["line break"] += 1
    return found


def _compare(name: str, source: Counter[str], target: Counter[str], severity: Severity) -> Iterable[Problem]:
    lost = sorted((source - target).elements())
    added = sorted((target - source).elements())
    if lost:
        yield Problem(f"{name} missing in translation: {', '.join(shown(x) for x in lost)}", severity)
    if added:
        yield Problem(f"{name} not in source: {', '.join(shown(x) for x in added)}", severity)


def check_markup(pair: Pair) -> Iterable[Problem]:
    """Inline Markdown (emphasis, code, links, images, line breaks) kept as in the source."""
    return _compare("markup", _markup(pair.source), _markup(pair.target), Severity.ERROR)


_PLACEHOLDER = re.compile(
    r"%%|%(?:\(\w+\)|\d+\$)?[-+0#]*\d*(?:\.\d+)?[sdifuxXeEgGc]"  # printf, no space flag ("50 % de")
    r"|\{\{\s*[\w.]+\s*\}\}|\{[\w.]*\}|\$\{\w+\}|%\{\w+\}"  # Jinja, brace, shell, Ruby
)


def check_placeholders(pair: Pair) -> Iterable[Problem]:
    """Printf, brace, Jinja and shell placeholders kept as in the source."""
    def found(text: str) -> Counter[str]:
        return Counter(m for m in _PLACEHOLDER.findall(text) if m != "%%")

    return _compare("placeholder", found(pair.source), found(pair.target), Severity.ERROR)


# --- numbers, URLs, e-mail addresses -----------------------------------------

_URL = re.compile(URL)  # shared with masking for machine translation (pipeline.text)
_EMAIL = re.compile(EMAIL)


def _may_have_url(text: str) -> bool:
    """False only when `_URL` cannot match: it needs "://" or a "www." in any case."""
    return "://" in text or "www." in text.lower()


def _links(text: str) -> Counter[str]:
    urls = (m.rstrip(".,;:!?") for m in _URL.findall(text)) if _may_have_url(text) else ()
    return Counter([*urls, *(_EMAIL.findall(text) if "@" in text else ())])


def _without_links(text: str) -> str:
    """`text` with every URL and e-mail address replaced by a space."""
    if _may_have_url(text):
        text = _URL.sub(" ", text)
    return _EMAIL.sub(" ", text) if "@" in text else text


def check_urls(pair: Pair) -> Iterable[Problem]:
    """URLs and e-mail addresses copied exactly."""
    return _compare("URL or e-mail address", _links(pair.source), _links(pair.target), Severity.ERROR)


# A number as written: digits of any decimal system (already made ASCII), grouped by
# thin/no-break/plain spaces or apostrophes in threes, or by "," "." and the Arabic marks (Indian 2-digit groups too).
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009'’]\d{3}(?!\d))+|\d+(?:[.,٬]\d{3}(?!\d)|,\d{2}(?=,\d))*(?:[.,٫]\d+)?")
# Numbering systems ICU writes algorithmically: article and list numbers as letters or ideographs.
_ALGORITHMIC = ("hebr", "ethi", "hans", "hant", "jpan", "roman", "romanlow", "armn", "armnlow", "geor", "grek", "greklow", "taml")
_WRITTEN_UP_TO = 10_000  # numbers above this are not looked for in letters or ideographs
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit (Unicode Nd, as str.isdecimal) of another system than ASCII
_WORDS_UP_TO = 20  # nor above this in words: "Article premier" is numbering, "cien" for 100 is a changed number


def _numbers(text: str) -> Counter[str]:
    """The numbers of `text` by value: digits of every numeral system, grouping and decimal marks ignored."""
    text = _without_links(text)
    digits = text if text.isascii() else _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)
    return Counter(re.sub(r"\D", "", m).lstrip("0") or "0" for m in _NUMBER.findall(digits))


@lru_cache(maxsize=4096)
def written_forms(lang: str, value: int) -> frozenset[str]:
    """`value` written without digits: spelled out in `lang` up to 20 (cardinal and ordinal, every form
    ICU knows: "premier", "première", "第一") and in the letter and ideograph numbering systems ("א׳", "፩", "IV")."""
    import icu

    forms: set[str] = set()
    spellout = icu.RuleBasedNumberFormat(icu.URBNFRuleSetTag.SPELLOUT, icu.Locale(lang.replace("-", "_")))
    for index in range(spellout.getNumberOfRuleSetNames() if value <= _WORDS_UP_TO else 0):
        spellout.setDefaultRuleSet(spellout.getRuleSetName(index))
        forms.add(str(spellout.format(value)))
    for system in _ALGORITHMIC:
        forms.add(str(icu.NumberFormat.createInstance(icu.Locale(f"en@numbers={system}")).format(value)))
    return frozenset(form for form in forms if form and not any(c.isdecimal() for c in form))


def _written_in(text: str, lang: str, key: str) -> bool:
    """True when the number `key` (digits) appears in `text` written in words, letters or ideographs."""
    if not key.isdigit() or not 0 < int(key) <= _WRITTEN_UP_TO:
        return False
    folded = text.casefold().replace("'", "׳").replace('"', "״")
    for form in written_forms(lang, int(key)):
        form = form.casefold()
        if any(c.upper() != c.lower() for c in form):  # a cased script: whole words only ("un", not "une" in "lune")
            if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", folded):
                return True
        elif form in folded:
            return True
    return False


def check_numbers(pair: Pair) -> Iterable[Problem]:
    """Every number of the source appears in the translation, by value: any digits, any grouping,
    or written in words, letters or ideographs (article numbering: "premier", "第一条", "א׳", "፩")."""
    source, target = _numbers(pair.source), _numbers(pair.target)
    lost = [n for n in sorted((source - target).elements()) if not _written_in(pair.target, pair.lang, n)]
    added = [n for n in sorted((target - source).elements()) if not _written_in(pair.source, "en", n)]
    if lost:
        yield Problem(f"number missing in translation: {', '.join(lost)}")
    if added:
        yield Problem(f"number not in source: {', '.join(added)}", Severity.WARNING)


# --- punctuation, white space, length, identity --------------------------------

_CLOSERS = "\"'”’»›)]}*_`」』）】"
_END_CLASSES = {
    "full stop": ".。।॥۔։።．｡။",
    "question mark": "?？؟՞፧;",  # ";" only as the Greek question mark (see _ending)
    "exclamation mark": "!！՜",
    "semicolon": ";；؛⁏",
    "colon": ":：",
    "comma": ",，、،፣",
    "ellipsis": "…",
}
_SEMICOLON_IS_QUESTION_MARK = ("el",)  # U+037E GREEK QUESTION MARK is canonically ";"


def _ending(text: str, lang: str = "") -> str:
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    if stripped.endswith(("...", "…")):
        return "ellipsis"
    last = stripped[-1:]
    if last == ";" and lang.split("_")[0].split("-")[0] in _SEMICOLON_IS_QUESTION_MARK:
        return "question mark"
    return next((name for name, marks in _END_CLASSES.items() if last and last in marks and not (name == "question mark" and last == ";")), "none")


def check_punctuation(pair: Pair) -> Iterable[Problem]:
    """The translation ends like the source: full stop, question, exclamation, semicolon, colon, comma or none,
    in any script's marks (。 । ። ؟ ؛ ；), the Greek ";" counting as a question mark."""
    source, target = _ending(pair.source), _ending(pair.target, pair.lang)
    if source != target:
        yield Problem(f"source ends with {source}, translation with {target}", Severity.WARNING)


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]


def check_whitespace(pair: Pair) -> Iterable[Problem]:
    """Leading and trailing white space as in the source."""
    def described(space: str) -> str:
        return quoted(space) if space else "none"

    for edge, source, target in zip(("leading", "trailing"), _edges(pair.source), _edges(pair.target)):
        if source != target:
            yield Problem(f"{edge} white space: {described(source)} in source, {described(target)} in translation", Severity.WARNING)


def check_unchanged(pair: Pair) -> Iterable[Problem]:
    """A translation identical to its source (fine for names; silence it there)."""
    if pair.source == pair.target and re.search(r"[^\W\d_]", pair.source):
        yield Problem("translation is identical to the source", Severity.WARNING)


def check_length(pair: Pair) -> Iterable[Problem]:
    """Translation much shorter or longer than the source (sources of 20 characters or more)."""
    source = len(pair.source.strip())
    if source < 20:
        return
    ratio = len(pair.target.strip()) / source
    low, high = length_ratio_bounds(pair.lang)
    if not low <= ratio <= high:
        yield Problem(f"translation is {ratio:.0%} of the source's length", Severity.WARNING)


# --- hidden characters and HTML ------------------------------------------------

_BIDI_OVERRIDES = set("\u202a\u202b\u202c\u202d\u202e")  # embeddings and overrides (Trojan Source)
_INVISIBLE = set("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\u00ad\u180e")
_JOINERS = set("\u200c\u200d")  # ZWNJ and ZWJ: spelling in Persian, Urdu, Bengali, Hindi, Sinhala, Malayalam …
# Scripts whose orthography uses ZWNJ/ZWJ (Arabic, the Brahmic scripts, Mongolian, Syriac, N'Ko).
_JOINER_SCRIPTS = frozenset(
    {
        "Arab", "Syrc", "Nkoo", "Mong", "Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu",
        "Knda", "Mlym", "Sinh", "Mymr", "Khmr", "Tibt", "Thaa", "Limb", "Tirh", "Modi",
    }
)


# Control characters (category Cc: U+0000–U+001F, U+007F–U+009F) but tab and newline, and the bidi overrides.
_DANGEROUS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(_BIDI_OVERRIDES)) + "]")
_INVISIBLE_ANY = re.compile("[" + "".join(sorted(_INVISIBLE)) + "]")
_INVISIBLE_BUT_JOINERS = re.compile("[" + "".join(sorted(_INVISIBLE - _JOINERS)) + "]")


def uses_joiners(lang: str) -> bool:
    """True when `lang` is written (most likely) in a script whose spelling uses ZWNJ/ZWJ."""
    return expected_script(lang) in _JOINER_SCRIPTS


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def check_hidden_characters(pair: Pair) -> Iterable[Problem]:
    """Control characters and bidi overrides (errors everywhere); other invisible characters not in the
    source, except the ZWNJ and ZWJ of languages whose spelling uses them (Persian, Bengali, Hindi …)."""
    dangerous = sorted(set(_DANGEROUS.findall(pair.target)))
    if dangerous:
        yield Problem(f"hidden character in translation: {', '.join(map(_describe, dangerous))}", always=True)
    invisible = _INVISIBLE_BUT_JOINERS if uses_joiners(pair.lang) else _INVISIBLE_ANY
    extra = Counter(invisible.findall(pair.target)) - Counter(invisible.findall(pair.source))
    if extra:
        yield Problem(f"invisible character not in source: {', '.join(map(_describe, sorted(extra)))}", Severity.WARNING)


_HTML = re.compile(rf"<!--|<![A-Za-z\[]|<\?|{HTML_TAG}")


def check_html(pair: Pair) -> Iterable[Problem]:
    """Raw HTML (tags, comments, declarations) that the source does not have."""
    def tags(text: str) -> Counter[str]:
        return Counter(re.sub(r"\s+", " ", m.lower()) for m in _HTML.findall(text))

    if added := sorted((tags(pair.target) - tags(pair.source)).elements()):
        yield Problem(f"raw HTML not in source: {', '.join(shown(x, 40) for x in added)}")


# --- glossary ----------------------------------------------------------------


@lru_cache(maxsize=1024)
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


def check_glossary(pair: Pair) -> Iterable[Problem]:
    """Glossary terms found in the source are translated (or kept) as the glossary says."""
    target = pair.target.casefold()
    for term in pair.glossary:
        if term.source not in pair.source or not _whole_word(term.source).search(pair.source):
            continue
        expected = term.source if term.keep else term.target
        if expected.casefold() not in target:
            how = "kept as is" if term.keep else f"translated as {quoted(expected)}"
            yield Problem(f"glossary term {quoted(term.source)} should be {how}", Severity.WARNING)


# --- typography, with translate-toolkit's checks as the engine (pipeline.gate.pofilter) -----------------


def check_spacing(pair: Pair) -> Iterable[Problem]:
    """No space before closing or after opening punctuation where the language sets none (“ Venezuela”, una .)."""
    return (Problem(message, severity) for message, severity in pofilter.spacing(pair.source, pair.target, pair.lang))


def check_doubled_punctuation(pair: Pair) -> Iterable[Problem]:
    """Punctuation doubled by machine translation (EE.UU..)."""
    return (Problem(message, severity) for message, severity in pofilter.doubled_punctuation(pair.source, pair.target, pair.lang))


def check_doubled_words(pair: Pair) -> Iterable[Problem]:
    """A word written twice in a row where the source has none."""
    return (Problem(message, severity) for message, severity in pofilter.doubled_words(pair.source, pair.target, pair.lang))


# --- running the checks --------------------------------------------------------

Check = Callable[[Pair], Iterable[Problem]]

CHECKS: dict[str, Check] = {
    "markup": check_markup,
    "placeholders": check_placeholders,
    "numbers": check_numbers,
    "urls": check_urls,
    "punctuation": check_punctuation,
    "whitespace": check_whitespace,
    "glossary": check_glossary,
    "unchanged": check_unchanged,
    "length": check_length,
    "hidden-chars": check_hidden_characters,
    "html": check_html,
    "spacing": check_spacing,
    "doubled-punctuation": check_doubled_punctuation,
    "doubled-words": check_doubled_words,
}


def ignored_checks(entry: CatalogEntry) -> set[str]:
    """Check names listed in the entry's ``# pipeline-ignore:`` translator comments."""
    names: set[str] = set()
    for comment in entry.translator_comments:
        for line in comment.splitlines():
            line = line.strip()
            if line.startswith(IGNORE_PREFIX):
                names.update(n for n in re.split(r"[\s,]+", line[len(IGNORE_PREFIX):]) if n)
    return names


def _pairs(entry: CatalogEntry) -> Iterable[tuple[str, str]]:
    if not entry.msgid_plural:
        yield entry.msgid, entry.msgstr
        return
    for index, target in enumerate(entry.msgstr_plural):
        yield (entry.msgid if index == 0 else entry.msgid_plural), target


def check_entry(path: Path, entry: CatalogEntry, lang: str, glossary: Sequence[Term] = ()) -> list[Finding]:
    """Findings of every check on one entry, after silencing and the fuzzy-entry policy."""
    if entry.obsolete:
        return []
    line = entry.msgid_line or entry.line
    ignored = ignored_checks(entry)
    findings = [
        Finding(path, line, "pipeline-ignore", f"unknown check name {quoted(name)} (known: {', '.join(CHECKS)})", Severity.WARNING)
        for name in sorted(ignored - set(CHECKS))
    ]
    unreviewed = entry.status is not EntryStatus.REVIEWED
    seen: set[tuple[str, str]] = set()
    for source, target in _pairs(entry):
        if not target:
            continue
        pair = Pair(source, target, lang, glossary)
        for name, check in CHECKS.items():
            if name in ignored:
                continue
            for problem in check(pair):
                severity = Severity.WARNING if unreviewed and not problem.always else problem.severity
                if (name, problem.message) not in seen:
                    seen.add((name, problem.message))
                    findings.append(Finding(path, line, name, problem.message, severity))
    return findings


def check_catalog(path: Path, entries: Iterable[CatalogEntry], lang: str, glossary: Sequence[Term] = ()) -> list[Finding]:
    """Findings of every check on every entry of one catalog, in file order."""
    return [finding for entry in entries for finding in check_entry(path, entry, lang, glossary)]
