"""Write a polib catalog byte for byte as GNU msgcat (gettext 0.21) writes it.

Contract: `format_po(po)` returns the whole file text (to be written as UTF-8) that
`msgcat FILE` prints for a file holding the same catalog (`format_po_chunks(po)`: as
UTF-8 byte chunks), so a translator's tool or
`msgcat` re-saving one of our files leaves no diff. It follows gettext's write-po.c:

- the header entry first (`po.header` as `#` comments, `po.metadata` in its dict order,
  `po.metadata_is_fuzzy`), then the live entries in list order, then the obsolete ones
  (`#~`); obsolete entries whose (first) msgstr is empty are dropped, as msgcat does;
- comments in gettext's order: `#` translator, `#.` extracted, `#:` references (packed
  into lines of at most 79 bytes, `./` prefixes removed, duplicates dropped), `#,` flags,
  `#|` previous msgctxt/msgid/msgid_plural;
- flags as gettext normalises them: `fuzzy` (only when the msgstr is not empty), format
  flags in gettext's language order, `range:`, `no-wrap`; flags gettext does not know
  are dropped;
- strings escaped like gettext (`\\ \" \a \b \f \n \r \t \v`, other control characters
  raw), split after each `\n`, and wrapped at 79 columns at the line-break opportunities
  of libunistring 1.0 (Unicode line breaking, UAX #14, as shipped with gettext 0.21 on
  Debian 12), counting East Asian wide characters as two columns; `no-wrap` turns
  wrapping off for an entry.

Raises ValueError for what msgcat would refuse or silently change: a NUL or EOT
character in a string, plural forms not numbered 0..n-1, two entries with the same
msgctxt and msgid, a previous msgctxt/msgid_plural without a previous msgid, and
non-ASCII strings under a header charset other than UTF-8.

Known differences from `msgcat FILE`: a catalog holding nothing but its header is
written (msgcat prints nothing unless --force-po); in entries flagged `<lang>-format`,
gettext never breaks inside a format directive (`c-format`: "...%" / "+d" stays "%+d"),
this module does not parse directives; file names containing spaces are written as
they are (gettext 0.21 cannot read them back either). References that differ only by a
leading `./` are merged at once (msgcat merges them on its second pass), so the output
is always a fixpoint of msgcat.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import polib

from pipeline.catalogs.bulk import collector_paused
from pipeline.catalogs.line_breaks import Portion  # its Unicode tables: only writers of catalogs import this module

PAGE_WIDTH = 79

# gettext 0.21's format_language[] order; a flag `<lang>-format` is written in this order.
_FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)
_FORMAT_RANK = {lang: rank for rank, lang in enumerate(_FORMAT_LANGUAGES)}
_FLAG_TOKEN = re.compile(r"[^\s,]+")
_RANGE = re.compile(r"(\d+)\.\.(\d+)")
_INT_MAX = 2**31 - 1

# --- strings ---------------------------------------------------------------------------

_RARE_ESCAPES = re.compile("[\a\b\f\r\t\v]")
_RARE_ESCAPE = str.maketrans({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\r": "\\r", "\t": "\\t", "\v": "\\v"})


def _escape(portion: str) -> str:
    """C escapes as gettext writes them; a portion may end with (only) one newline."""
    if "\\" in portion:
        portion = portion.replace("\\", "\\\\")
    if '"' in portion:
        portion = portion.replace('"', '\\"')
    if portion.endswith("\n"):
        portion = portion[:-1] + "\\n"
    if _RARE_ESCAPES.search(portion):
        portion = portion.translate(_RARE_ESCAPE)
    return portion


def _string_lines(out: list[str], prefix: str, keyword: str, value: str, wrap: bool) -> None:
    """Append the lines of `keyword "value"` as write-po.c's wrap() prints them."""
    if "\x00" in value or "\x04" in value:
        raise ValueError(f"{keyword} contains a NUL or EOT character, which gettext forbids: {value[:60]!r}")
    parts = value.split("\n")
    portions = [_escape(part + "\n") for part in parts[:-1]]
    if parts[-1] or not portions:
        portions.append(_escape(parts[-1]))
    width = (PAGE_WIDTH if wrap else _INT_MAX) - 1 - (len(prefix) + 1)  # room for the quotes
    first_line = True
    for index, portion in enumerate(portions):
        text = Portion(portion, width)
        if first_line:
            start_column = len(keyword) + 1
            if text.text and (index + 1 < len(portions) or start_column > width or text.breaks(start_column, True)):
                out.append(f'{prefix}{keyword} ""')
                first_line = False
        breaks = text.breaks(len(keyword) + 1 if first_line else 0)
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        previous = 0
        for position in breaks:
            out.append(f'{head}"{text.text[previous:position]}"')
            head, previous = prefix, position
        out.append(f'{head}"{text.text[previous:]}"')


# --- entries ---------------------------------------------------------------------------


class _Flags:
    """An entry's flags as gettext reads them from a `#,` line, and writes them back."""

    def __init__(self, flags: Iterable[str]) -> None:
        self.fuzzy = False
        self.wrap = True
        self.formats: dict[str, str] = {}
        self.range: tuple[int, int] | None = None
        tokens = _FLAG_TOKEN.findall(" ".join(flags))
        for index, token in enumerate(tokens):
            if token == "fuzzy":
                self.fuzzy = True
            elif token in ("wrap", "no-wrap"):
                self.wrap = token == "wrap"
            elif token == "range:" and index + 1 < len(tokens):
                match = _RANGE.fullmatch(tokens[index + 1])
                if match:
                    low, high = (min(int(g), _INT_MAX) for g in match.groups())
                    if low <= high:
                        self.range = (low, high)
            elif token.endswith("-format"):
                self._format(token[: -len("-format")])

    def _format(self, spec: str) -> None:
        for state, marker in (("no", "no-"), ("yes", "possible-"), ("impossible", "impossible-"), ("yes", "")):
            if spec.startswith(marker) and spec[len(marker) :] in _FORMAT_RANK:
                self.formats[spec[len(marker) :]] = state
                return

    def line(self, translated: bool) -> str | None:
        words = ["fuzzy"] if self.fuzzy and translated else []
        for lang in sorted(self.formats, key=_FORMAT_RANK.__getitem__):
            state = self.formats[lang]
            if state != "impossible":
                words.append(f"{lang}-format" if state == "yes" else f"no-{lang}-format")
        if self.range is not None:
            words.append(f"range: {self.range[0]}..{self.range[1]}")
        if not self.wrap:
            words.append("no-wrap")
        return "#, " + ", ".join(words) if words else None


def _reference_lines(occurrences: Iterable[tuple[str, str | int | None]]) -> list[str]:
    seen: set[str] = set()
    references: list[str] = []
    for path, line in occurrences:
        while path.startswith("./"):
            path = path[2:]
        line_text = "" if line is None else str(line).strip()
        if line_text.isascii() and line_text.isdigit():
            line_text = str(int(line_text))  # gettext reads the number: 007 becomes 7
        reference = f"{path}:{line_text}" if line_text else path
        if reference not in seen:
            seen.add(reference)
            references.append(reference)
    if not references:
        return []
    lines: list[str] = []
    current, column = "#:", 2
    for reference in references:
        size = len(reference.encode("utf-8")) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            lines.append(current)
            current, column = "#:", 2
        current += " " + reference
        column += size
    lines.append(current)
    return lines


def _msgstrs(entry: polib.POEntry) -> list[str]:
    if not entry.msgid_plural:
        return [entry.msgstr]
    plural = {int(index): text for index, text in entry.msgstr_plural.items()}
    if not plural:
        return ["", ""]
    if sorted(plural) != list(range(len(plural))):
        raise ValueError(f"plural forms of {entry.msgid!r} are not numbered 0..{len(plural) - 1}: {sorted(plural)}")
    return [plural[index] for index in range(len(plural))]


def _entry_lines(
    out: list[str], entry: polib.POEntry, obsolete: bool, flags: _Flags | None = None, translator_comment: str | None = None
) -> None:
    flags = flags or _Flags(entry.flags)
    msgstrs = _msgstrs(entry)
    comment = entry.tcomment if translator_comment is None else translator_comment
    if comment:
        out.extend("# " + line if line else "#" for line in comment.split("\n"))
    if entry.comment:
        out.extend("#. " + line if line else "#." for line in entry.comment.split("\n"))
    out.extend(_reference_lines(entry.occurrences))
    flag_line = flags.line(translated=msgstrs[0] != "")
    if flag_line:
        out.append(flag_line)
    previous_prefix, prefix = ("#~| ", "#~ ") if obsolete else ("#| ", "")
    if entry.previous_msgid is None and (entry.previous_msgctxt, entry.previous_msgid_plural) != (None, None):
        raise ValueError(f"entry {entry.msgid!r} has a previous msgctxt or msgid_plural but no previous msgid")
    for keyword, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            _string_lines(out, previous_prefix, keyword, value, flags.wrap)
    if entry.msgctxt is not None:
        _string_lines(out, prefix, "msgctxt", entry.msgctxt, flags.wrap)
    _string_lines(out, prefix, "msgid", entry.msgid, flags.wrap)
    if entry.msgid_plural:
        _string_lines(out, prefix, "msgid_plural", entry.msgid_plural, flags.wrap)
        for index, text in enumerate(msgstrs):
            _string_lines(out, prefix, f"msgstr[{index}]", text, flags.wrap)
    else:
        _string_lines(out, prefix, "msgstr", msgstrs[0], flags.wrap)


def _header_entry(po: polib.POFile) -> tuple[polib.POEntry, _Flags] | None:
    msgstr = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    fuzzy = po.metadata_is_fuzzy
    flags = _Flags(fuzzy if isinstance(fuzzy, list) else ["fuzzy"] if fuzzy else [])
    if not (msgstr or po.header or flags.line(translated=bool(msgstr))):
        return None
    return polib.POEntry(msgid="", msgstr=msgstr), flags


def _check_charset(po: polib.POFile, strings: Iterable[str | None]) -> None:
    """msgcat cannot convert non-ASCII text unless the header declares the charset (UTF-8 here)."""
    content_type = po.metadata.get("Content-Type", "")
    match = re.search(r"charset=([^\s;]+)", content_type)
    charset = match.group(1).upper() if match else "ASCII"
    if charset not in ("UTF-8", "UTF8") and not all(s is None or s.isascii() for s in strings):
        raise ValueError(f"catalog strings are not ASCII but its header says charset={charset}; use UTF-8")


def format_po(po: polib.POFile) -> str:
    """The file text `msgcat` writes for `po` (empty for a catalog with nothing in it)."""
    with collector_paused():
        return "\n\n".join(_blocks(po))


def format_po_chunks(po: polib.POFile) -> Iterator[bytes]:
    """`format_po` as UTF-8 byte chunks, an entry at a time, for `write_if_changed` to stream to disk
    (a large catalog's text is never held whole). The collector is not paused here: what it makes is
    freed as it goes, and a paused generator left unfinished would leave it off."""
    for index, block in enumerate(_blocks(po)):
        if index:
            yield b"\n\n"
        yield block.encode("utf-8")


def _blocks(po: polib.POFile) -> Iterator[str]:
    """Each entry's lines, joined; the last one with the file's final line break."""
    block: list[str] = []
    header = _header_entry(po)
    if header is not None:
        entry, flags = header
        _entry_lines(block, entry, obsolete=False, flags=flags, translator_comment=po.header)
    seen: set[tuple[str | None, str]] = set()
    for obsolete in (False, True):
        for entry in po:
            if bool(entry.obsolete) != obsolete or (obsolete and not _msgstrs(entry)[0]):
                continue
            key = (entry.msgctxt, entry.msgid)
            if key in seen or (entry.msgctxt is None and entry.msgid == "" and header is not None):
                raise ValueError(f"two entries with msgctxt {entry.msgctxt!r} and msgid {entry.msgid!r}")
            seen.add(key)
            if block:
                yield "\n".join(block)
            block = []
            _entry_lines(block, entry, obsolete)
    strings = (s for e in po for s in (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, *e.msgstr_plural.values()))
    _check_charset(po, [*strings, *po.metadata.values()])
    if block:
        yield "\n".join(block) + "\n"
