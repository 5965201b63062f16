"""Typography checks for machine-translation damage: translate-toolkit's pofilter where it fits, ours beside it.

Contract: each public function takes a source text, its translation and the
target language, and yields `(message, severity)` for every problem, never
raising on odd text; `pipeline.gate.quality` registers them as the checks
`spacing`, `doubled-punctuation` and `doubled-words`. A problem is reported only
where the translation has it and the source does not.

- `spacing`: a space before closing punctuation or after opening punctuation
  (`una .`, `“ Venezuela”`), with each language's typography (French sets a
  space before `; : ! ?` and inside `« »`; German-style quotes close with `“`),
  plus translate-toolkit's `puncspacing` and `doublespacing` checks.
- `doubled-punctuation`: `EE.UU..`, `,,`, `,.`, `!!` (not an ellipsis, nor `D.C.,` or `?!`).
- `doubled-words`: translate-toolkit's `doublewords` (`the the`), a warning since
  some languages double words on purpose (French `nous nous`).

translate-toolkit (`translate.filters.checks`) is the engine: its `StandardChecker`,
configured for the target language, one per language, kept for the run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

from translate.filters import checks as tt

from pipeline.model import Severity
from pipeline.text import quoted

Problem = tuple[str, Severity]

_URL_OR_EMAIL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|`[^`]*`", re.IGNORECASE)
_CLOSING = ".,;:!?)]}”’»"
_OPENING = "“‘«([{¿¡„‚"
_FRENCH_SPACED_BEFORE = ";:!?»"
_FRENCH_SPACED_AFTER = "«"
_LOW_HIGH_QUOTES = {"de", "cs", "sk", "sl", "lt", "et", "is", "bg", "hr", "sr", "ka", "mk"}  # „…“ and ‚…‘: “ ‘ close


@lru_cache(maxsize=64)
def _checker(lang: str) -> tt.StandardChecker:
    return tt.StandardChecker(checkerconfig=tt.CheckerConfig(targetlanguage=lang.replace("_", "-")))


def _fails(lang: str, test: str, source: str, target: str) -> bool:
    """True when translate-toolkit's check `test` fails on the pair."""
    try:
        return not getattr(_checker(lang), test)(source, target)
    except tt.FilterFailure:
        return True
    except Exception:
        return False


@lru_cache(maxsize=1024)  # each check asks for the same texts' plain form
def _plain(text: str) -> str:
    return _URL_OR_EMAIL.sub("x", text)


@lru_cache(maxsize=64)
def _space_patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a space before punctuation no space may precede, a space after punctuation no space may follow) in `lang`."""
    base = lang.replace("-", "_").split("_")[0]
    closing, opening = _CLOSING, _OPENING
    if base == "fr":
        closing = "".join(c for c in closing if c not in _FRENCH_SPACED_BEFORE)
        opening = "".join(c for c in opening if c not in _FRENCH_SPACED_AFTER)
    if base in _LOW_HIGH_QUOTES:
        opening = "".join(c for c in opening if c not in "“‘")
        closing += "“‘"
    return re.compile(rf"(?<=\S)[ \t]+([{re.escape(closing)}])"), re.compile(rf"([{re.escape(opening)}])[ \t]+(?=\S)")


def _spaced(text: str, lang: str) -> Counter[str]:
    before, after = _space_patterns(lang)
    found: Counter[str] = Counter()
    plain = _plain(text)
    for match in before.finditer(plain):
        if match.group(1) == "." and plain.startswith("..", match.end(1) - 1):
            continue  # "and so on ..." : an ellipsis may follow a space
        found[f"space before {quoted(match.group(1))}"] += 1
    for match in after.finditer(plain):
        found[f"space after {quoted(match.group(1))}"] += 1
    return found


def spacing(source: str, target: str, lang: str) -> Iterator[Problem]:
    """Spaces where the language's typography has none, as machine translation leaves them."""
    added = _spaced(target, lang) - _spaced(source, lang)
    for what in sorted(added):
        yield f"{what} in translation (not in source)", Severity.ERROR
    german_quotes = lang.replace("-", "_").split("_")[0] in _LOW_HIGH_QUOTES  # puncspacing misreads „…“
    if not added and not german_quotes and _fails(lang, "puncspacing", source, target):
        yield "spacing around punctuation differs from the source", Severity.WARNING
    if _fails(lang, "doublespacing", source, target):
        yield "double space in translation", Severity.WARNING


_DOUBLED = re.compile(r"[.,;:!?]{2,}")


_BROKEN_RUN = re.compile(r"([.,;:!?])\1|[,;:][.,;:!?]")  # "..", ",,", ",." ; not "D.C.," nor "?!"


def _doubled(text: str) -> Counter[str]:
    runs = (run for run in _DOUBLED.findall(_plain(text)) if run != "..." and _BROKEN_RUN.search(run))
    return Counter(runs)


def doubled_punctuation(source: str, target: str, lang: str) -> Iterable[Problem]:
    """Punctuation doubled by machine translation (`EE.UU..`, `,,`), not an ellipsis."""
    added = sorted((_doubled(target) - _doubled(source)).elements())
    if added:
        yield f"doubled punctuation in translation: {', '.join(quoted(run) for run in dict.fromkeys(added))}", Severity.ERROR


_WORD_PAIR = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


def doubled_words(source: str, target: str, lang: str) -> Iterable[Problem]:
    """A word written twice in a row (translate-toolkit's `doublewords`), where the source doubles none."""
    if _WORD_PAIR.search(_plain(source)) or not _fails(lang, "doublewords", source, target):
        return
    words = sorted({m.group(1) for m in _WORD_PAIR.finditer(_plain(target)) if not m.group(1).isdigit()})
    if words:
        yield f"word repeated in translation: {', '.join(quoted(w) for w in words)}", Severity.WARNING
