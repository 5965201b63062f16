"""Text rules every stage shares.

Contract: `markdown_parser()` is the one CommonMark parser (raw HTML off) that
extraction, rendering and the quality checks use, so they cannot disagree on
what is markup; `WHITESPACE` is the run of ASCII white space a msgid collapses (no-break
and other Unicode spaces are text: French typography needs them);
`shown(text)` and `quoted(text)` make any text (a translation, too) safe to print
in a message: control and invisible characters as \\uXXXX, shortened.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from markdown_it import MarkdownIt

WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


@functools.lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark with raw HTML off: HTML in a source or a translation is shown as text (shared; do not modify)."""
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
