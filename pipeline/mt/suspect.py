"""Checks that flag machine output a reviewer should look at twice.

Contract: `suspect_warnings(source, output, target_lang)` takes the masked source and
the engine's masked output (mask tokens are ignored) and returns reviewer warnings
without the "mt warning: " prefix, for example ``output repeats "cada vez"``. No
warning means nothing looked wrong; a warning never stops the suggestion.

The checks: a run of a repeated word or phrase the source does not have (the loop
neural MT falls into; a source that repeats itself allows as many repeats), output equal to a source of three words or more, a length
ratio out of bounds (wider for targets written in Han, kana, Hangul or Thai), and
letters mostly outside the script the target language is written in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from babel import Locale

from pipeline.mt.protect import TOKEN
from pipeline.text import expected_script, length_ratio_bounds

MAX_NGRAM = 4
# ISO 15924 code -> first word of the Unicode character names of its letters
SCRIPT_NAMES = {
    "Latn": {"LATIN"}, "Cyrl": {"CYRILLIC"}, "Grek": {"GREEK"}, "Arab": {"ARABIC"}, "Hebr": {"HEBREW"},
    "Deva": {"DEVANAGARI"}, "Beng": {"BENGALI"}, "Guru": {"GURMUKHI"}, "Gujr": {"GUJARATI"},
    "Orya": {"ORIYA"}, "Taml": {"TAMIL"}, "Telu": {"TELUGU"}, "Knda": {"KANNADA"}, "Mlym": {"MALAYALAM"},
    "Sinh": {"SINHALA"}, "Thai": {"THAI"}, "Laoo": {"LAO"}, "Khmr": {"KHMER"}, "Mymr": {"MYANMAR"},
    "Tibt": {"TIBETAN"}, "Geor": {"GEORGIAN"}, "Armn": {"ARMENIAN"}, "Ethi": {"ETHIOPIC"},
    "Hans": {"CJK"}, "Hant": {"CJK"}, "Jpan": {"CJK", "HIRAGANA", "KATAKANA"}, "Kore": {"HANGUL", "CJK"},
}


def _plain(text: str) -> str:
    return " ".join(TOKEN.sub(" ", text).split())


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _plain(text).casefold())


def _most_repeated(words: list[str]) -> tuple[int, tuple[str, ...]]:
    """The n-gram repeated back to back most often, counting a word from 3 repeats, a phrase from 2."""
    best: tuple[int, tuple[str, ...]] = (0, ())
    for n in range(1, MAX_NGRAM + 1):
        for start in range(len(words) - 2 * n + 1):
            gram = tuple(words[start : start + n])
            repeats = 1
            while tuple(words[start + repeats * n : start + (repeats + 1) * n]) == gram:
                repeats += 1
            if repeats >= (3 if n == 1 else 2) and repeats > best[0]:
                best = (repeats, gram)
    return best


def check_loop(source: str, output: str, lang: str) -> str | None:
    repeats, gram = _most_repeated(_words(output))
    if repeats and repeats > _most_repeated(_words(source))[0]:
        return f'output repeats "{" ".join(gram)}"'
    return None


def check_echo(source: str, output: str, lang: str) -> str | None:
    if len(_words(source)) >= 3 and _plain(source).casefold() == _plain(output).casefold():
        return "output is the source text unchanged"
    return None


def check_length(source: str, output: str, lang: str) -> str | None:
    source_len, output_len = len(_plain(source)), len(_plain(output))
    if source_len < 20:
        return None
    low, high = length_ratio_bounds(lang)
    ratio = output_len / source_len
    if ratio > high:
        return f"output is {ratio:.1f} times as long as the source"
    if ratio < low:
        return f"output is only {ratio:.2f} times as long as the source"
    return None


def check_script(source: str, output: str, lang: str) -> str | None:
    script = expected_script(lang)
    names = SCRIPT_NAMES.get(script or "")
    letters = [c for c in _plain(output) if c.isalpha()]
    if not names or len(letters) < 4:
        return None
    inside = sum(1 for c in letters if unicodedata.name(c, "").split(" ")[0] in names)
    if inside / len(letters) < 0.5:
        name = Locale("en").scripts.get(script or "", script)
        return f"output is mostly not in the {name} script {lang} is written in"
    return None


CHECKS: list[Callable[[str, str, str], str | None]] = [check_loop, check_echo, check_length, check_script]


def suspect_warnings(source: str, output: str, target_lang: str) -> list[str]:
    """Every reviewer warning the checks raise for this output."""
    return [w for check in CHECKS if (w := check(source, output, target_lang)) is not None]
