"""Strict syntax check of PO text, line by line, before polib parses it.

Contract: `check_po_syntax(path, text)` raises `CatalogError(path, line, message)`
for what GNU msgfmt would reject as a syntax error (unterminated or badly escaped
strings, unknown keywords, a msgid without msgstr, plural forms out of order) and
returns the 1-based line of every entry's `msgid` keyword otherwise. polib itself
accepts much of this silently, so the catalog layer runs this first.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import CatalogError

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$")
_ESCAPES = set('ntr\\"')  # what polib decodes; msgcat writes other control characters raw


def _check_string(path: Path, number: int, rest: str) -> None:
    rest = rest.strip()
    match = _STRING.match(rest)
    if not rest.startswith('"'):
        raise CatalogError(path, number, "expected a quoted string")
    if match is None or match.end() != len(rest):
        if match is None:
            raise CatalogError(path, number, "string is not terminated (missing closing '\"')")
        raise CatalogError(path, number, f"unexpected text after the string: {rest[match.end():]!r}")
    body = rest[1:-1]
    for escape in re.finditer(r"\\(.)", body):
        if escape.group(1) not in _ESCAPES:
            raise CatalogError(path, number, f"unsupported escape sequence '\\{escape.group(1)}' (write the character itself)")


def check_po_syntax(path: Path, text: str) -> list[int]:
    """Raise CatalogError at the first syntax error; return each entry's msgid line."""
    msgid_lines: list[int] = []
    state = "start"  # start, msgctxt, msgid, msgid_plural, msgstr
    previous_keyword_line = 0
    plural_index = -1
    entry_is_plural = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                continue
        elif line.startswith("#") or not line:
            if line and state in ("msgctxt", "msgid", "msgid_plural"):
                raise CatalogError(path, previous_keyword_line, "entry has no msgstr")
            if state == "msgstr" or not line:
                state = "start" if state in ("msgstr", "start") else state
            continue
        if line.startswith('"'):
            if state == "start":
                raise CatalogError(path, number, "string continuation outside an entry")
            _check_string(path, number, line)
            continue
        match = _KEYWORD.match(line)
        if match is None:
            word = line.split()[0] if line.split() else line
            raise CatalogError(path, number, f"unknown keyword {word!r}")
        keyword, index, rest = match.group(1), match.group(2), match.group(3)
        _check_string(path, number, rest)
        if keyword == "msgctxt":
            if state in ("msgctxt", "msgid", "msgid_plural"):
                raise CatalogError(path, previous_keyword_line, "entry has no msgstr")
            state = "msgctxt"
        elif keyword == "msgid":
            if state in ("msgid", "msgid_plural"):
                raise CatalogError(path, previous_keyword_line, "entry has no msgstr")
            state, entry_is_plural, plural_index = "msgid", False, -1
            if not obsolete:
                msgid_lines.append(number)
        elif keyword == "msgid_plural":
            if state != "msgid":
                raise CatalogError(path, number, "msgid_plural must follow msgid")
            state, entry_is_plural = "msgid_plural", True
        else:
            if state not in ("msgid", "msgid_plural", "msgstr"):
                raise CatalogError(path, number, "msgstr without msgid")
            if entry_is_plural != (index is not None):
                expected = "msgstr[N]" if entry_is_plural else "msgstr"
                raise CatalogError(path, number, f"expected {expected} here")
            if index is not None:
                if int(index) != plural_index + 1:
                    raise CatalogError(path, number, f"plural form msgstr[{index}] out of order")
                plural_index = int(index)
            elif state == "msgstr":
                raise CatalogError(path, number, "second msgstr for one msgid")
            state = "msgstr"
        previous_keyword_line = number
    if state in ("msgctxt", "msgid", "msgid_plural"):
        raise CatalogError(path, previous_keyword_line, "entry has no msgstr")
    return msgid_lines
