"""Text rules every stage shares.

Contract: `markdown_parser()` is the one CommonMark parser (raw HTML off) that
extraction, rendering and the quality checks use, so they cannot disagree on
what is markup; `WHITESPACE` is the run of ASCII white space a msgid collapses (no-break
and other Unicode spaces are text: French typography needs them);
`shown(text)` and `quoted(text)` make any text (a translation, too) safe to print
in a message: control and invisible characters as \\uXXXX, shortened.

The rules machine translation (masking, suspect output) and the quality checks
share, so the two cannot disagree:
- `URL`, `EMAIL`, `HTML_TAG`: regular-expression sources of what is a URL
  (with a scheme, or starting `www.`), an e-mail address and an HTML tag;
- `expected_script(lang)`: the ISO 15924 script a language is written in (its
  script subtag when it has one: `sr_Latn` is Latin), and `compact_script(lang)`;
- `length_ratio_bounds(lang)`: how much shorter or longer than its source a
  translation may be before it is worth a second look;
- `key_line(text, key, separator)`: the line where a key is set in a YAML or
  TOML text;
- `source_date_epoch()`: `SOURCE_DATE_EPOCH` as a UTC datetime (None when
  unset); a value that is not a whole number of seconds is a `ConfigError`
  naming the variable.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from babel.core import get_global

from pipeline.errors import ConfigError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")

URL = r"(?<![\w/@.])(?:(?i:https?|ftp)://|(?i:www)\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}’”]"
EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
HTML_TAG = r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?=[\s/>])[^<>]*>"

COMPACT_SCRIPTS = frozenset({"Hans", "Hant", "Jpan", "Kore", "Thai"})  # far fewer characters than a Latin source
_RATIO_BOUNDS = (0.5, 2.5)
_COMPACT_RATIO_BOUNDS = (0.1, 1.5)


@functools.lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark with raw HTML off: HTML in a source or a translation is shown as text (shared; do not modify)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def shown(text: str, limit: int = 60) -> str:
    """`text` safe to print anywhere: invisible and control characters as \\uXXXX, shortened."""
    out = "".join(
        f"\\u{ord(c):04X}" if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in text
    )
    return out if len(out) <= limit else out[: limit - 1] + "…"


def quoted(text: str, limit: int = 60) -> str:
    """`shown(text)` between single quotes, for messages."""
    return f"'{shown(text, limit)}'"


def expected_script(lang: str) -> str | None:
    """The ISO 15924 script `lang` is written in: its own script subtag, else CLDR's likely subtags."""
    parts = lang.replace("-", "_").split("_")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    likely_subtags = get_global("likely_subtags")
    for candidate in ("_".join(parts), parts[0]):
        likely = likely_subtags.get(candidate)
        if likely and likely.count("_") >= 2:
            return str(likely.split("_")[1])
    return None


def compact_script(lang: str) -> bool:
    """True when `lang` is written in a script that needs far fewer characters than a Latin source (Han, kana, Hangul, Thai)."""
    return expected_script(lang) in COMPACT_SCRIPTS


def length_ratio_bounds(lang: str) -> tuple[float, float]:
    """(low, high): a translation into `lang` shorter than low × or longer than high × its source is suspect."""
    return _COMPACT_RATIO_BOUNDS if compact_script(lang) else _RATIO_BOUNDS


def key_line(text: str, key: str, separator: str) -> int:
    """1-based line of `text` where `key` is set (`key:` YAML, top level only; `key =` TOML, any indent), 0 if nowhere."""
    indent = r"[ \t]*" if separator == "=" else ""
    match = re.search(rf"^{indent}{re.escape(key)}[ \t]*{re.escape(separator)}", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as an aware UTC datetime, None when unset or empty; ConfigError when it is not a time."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not value:
        return None
    try:
        if not value.strip().isdigit():
            raise ValueError(value)
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise ConfigError(
            Path("SOURCE_DATE_EPOCH"), 0, f"the environment variable must be a whole number of seconds since 1970-01-01 UTC, not {quoted(value)}"
        ) from exc
