"""The one reader of PO syntax: a tokenizer and a parser that builds the polib objects.

Contract: `tokenize(path, text)` yields one `Token(line, keyword, string)` per
non-blank line: `keyword` is `msgctxt`, `msgid`, `msgid_plural`, `msgstr`,
`msgstr[N]` or `"` (a continuation line), prefixed as written with `#~ `
(obsolete), `#| ` (previous) or `#~| ` (previous, in an obsolete entry); or a
comment marker (`#`, `#.`, `#:`, `#,`) with the comment's text. A string is
returned decoded. `parse_po(path, text)` runs the tokens through gettext's
grammar and returns a `ParsedPO`: the `polib.POFile` (the header's comments,
metadata and flags on the file, as polib has them) with, beside it and never on
it, each entry's lines and each header field's line.

Both raise `CatalogError(path, line, message)` for what GNU msgfmt rejects as a
syntax error (unterminated or badly escaped strings, unknown keywords, a msgid
without msgstr, plural forms out of order, `#|` previous lines out of gettext's
order, not right before the msgid or with no entry after them, an entry
obsolete on some lines only), for a character gettext forbids in a string
(NUL, EOT), and for a header entry that is not the first entry. White space is
gettext's (ASCII: a no-break space is text), and a bare `#~`, `#|` or `#~|`
line is nothing, as in gettext. Only
the escapes \\n \\t \\r \\\\ \\" are accepted: gettext would turn the others
into control characters.

Comments are read as gettext reads them: one space after the marker is dropped,
`#.` on its own is an empty comment line; references split at white space.

Without `keep_tokens`, an entry written as msgcat writes it (comments, `#|`
previous msgctxt/msgid, msgctxt, msgid, msgstr, each string line exactly
`"..."` with valid escapes) is read by one regular-expression match instead of
line by line; anything else goes through the tokenizer. Both paths feed the
same parser, so they give the same entries, lines and errors.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import polib

from pipeline.errors import CatalogError

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BLANKS = " \t\r\f\v"  # gettext's white space (ASCII only: a no-break space is text to it)
_BLANK_RUN = re.compile(f"[{_BLANKS}]+")
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?:\s+(.*))?$", re.ASCII)
_ESCAPE = re.compile(r"\\(.)")
# The common case in one match: an optional keyword and one string free of forbidden characters.
_WELL_FORMED = re.compile(r'(?:(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+)?"([^"\\\x00\x04]*(?:\\.[^"\\\x00\x04]*)*)"\Z', re.ASCII)
_PREVIOUS_BEFORE = {"msgctxt": ("",), "msgid": ("", "msgctxt"), "msgid_plural": ("msgid",)}  # `#|` keywords, and what may precede each
_DECODED = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"'}
_FORBIDDEN = re.compile("[\x00\x04]")
_FORBIDDEN_NAMES = {"\x00": "NUL", "\x04": "EOT"}
_COMMENT_MARKERS = frozenset(".:,")
COMMENT_KEYWORDS = frozenset(("#", "#.", "#:", "#,"))  # the keywords of comment tokens


class Token(NamedTuple):
    """One line of a PO file: its 1-based number, its keyword (with prefix) and its string."""

    line: int
    keyword: str
    string: str


def _token(fields: tuple[int, str, str]) -> Token:
    """Token(*fields), at a third of the cost (a large catalog makes one per line)."""
    return tuple.__new__(Token, fields)


def _unescape(path: Path, number: int, body: str) -> str:
    def decode(escape: re.Match[str]) -> str:
        char = escape.group(1)
        if char not in _DECODED:
            raise CatalogError(path, number, f"unsupported escape sequence '\\{char}' (write the character itself)")
        return _DECODED[char]

    return _ESCAPE.sub(decode, body)


def _string(path: Path, number: int, rest: str) -> str:
    """The decoded value of one quoted string (the whole of `rest`)."""
    if not rest.startswith('"'):
        raise CatalogError(path, number, "expected a quoted string")
    match = _STRING.match(rest)
    if match is None:
        raise CatalogError(path, number, "string is not terminated (missing closing '\"')")
    if match.end() != len(rest):
        raise CatalogError(path, number, f"unexpected text after the string: {rest[match.end():]!r}")
    body = rest[1:-1]
    if "\\" in body:
        body = _unescape(path, number, body)
    forbidden = _FORBIDDEN.search(body)
    if forbidden:
        name = _FORBIDDEN_NAMES[forbidden.group()]
        raise CatalogError(path, number, f"the string holds a {name} character, which gettext forbids in a catalog; remove it")
    return body


def _keyword_token(path: Path, number: int, prefix: str, rest: str) -> Token:
    fast = _WELL_FORMED.match(rest)
    if fast is not None and not (prefix.endswith("| ") and fast.group(1) is not None and fast.group(1) not in _PREVIOUS_BEFORE):
        keyword, body = fast.group(1), fast.group(2)
        if "\\" in body:
            body = _unescape(path, number, body)
        return _token((number, prefix + (keyword or '"'), body))
    if rest.startswith('"'):
        return _token((number, prefix + '"', _string(path, number, rest)))
    match = _KEYWORD.match(rest)
    if match is None or (match.group(2) is None):
        word = rest.split()[0] if rest.split() else rest
        if match is not None:
            raise CatalogError(path, number, "expected a quoted string")
        raise CatalogError(path, number, f"unknown keyword {word!r}")
    keyword = match.group(1)
    if prefix.endswith("| ") and keyword not in _PREVIOUS_BEFORE:
        raise CatalogError(path, number, f"unknown keyword {keyword!r} in a previous-msgid comment (#|)")
    return _token((number, prefix + keyword, _string(path, number, match.group(2).strip(_BLANKS))))


def _pieces(text: str) -> Iterator[str]:
    """`text` in pieces of about `_PIECE` characters that end at a line break (which they leave out)."""
    start = 0
    while (end := text.find("\n", start + _PIECE)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


_PIECE = 1 << 20  # split into lines a piece at a time: a large catalog's million lines are never all held at once


def tokenize(path: Path, text: str) -> Iterator[Token]:
    """One token per non-blank line of `text` (lines split at \\n only, as gettext does)."""
    return _tokens(path, text, 0)


def _tokens(path: Path, text: str, number: int) -> Iterator[Token]:
    """`tokenize` of `text` that starts after line `number` of its file."""
    for piece in _pieces(text):
        for raw in piece.split("\n"):
            number += 1
            line = raw.strip(_BLANKS)
            if not line:
                continue
            if line[0] != "#":
                yield _keyword_token(path, number, "", line)
            elif (token := _marked_token(path, number, line)) is not None:
                yield token


def _marked_token(path: Path, number: int, line: str) -> Token | None:
    """The token of a stripped line starting with `#`: a comment, or after `#~`, `#|` or `#~|` a keyword or string
    line; None for a bare marker, which gettext reads as nothing."""
    marker = line[1:2]
    if marker not in ("~", "|"):
        return _comment_token(number, line)
    if line[1:3] == "~|":
        prefix, rest = "#~| ", line[3:]
    else:
        prefix, rest = f"#{marker} ", line[2:].strip(_BLANKS)
        if marker == "~" and rest[:1] == "#":  # to gettext `#~ #| msgid` is `#~| msgid`, `#~ #: ref` the comment `#: ref`
            if rest[1:2] != "|":
                return _comment_token(number, rest)
            prefix, rest = "#~| ", rest[2:]
    rest = rest.strip(_BLANKS)
    return _keyword_token(path, number, prefix, rest) if rest else None


def _comment_token(number: int, line: str) -> Token:
    """The token of a stripped comment line (`#`, `#.`, `#:`, `#,` or a bare `#` with any text)."""
    marker = line[1:2]
    if marker in _COMMENT_MARKERS:
        comment = line[2:]
        return _token((number, "#" + marker, comment[1:] if comment.startswith(" ") else comment))
    comment = line[1:]
    return _token((number, "#", comment[1:] if comment.startswith(" ") else comment))


@dataclass(frozen=True)
class EntryLines:
    """Where one entry sits: its first line (a comment or keyword) and its msgid keyword's line."""

    first: int
    msgid: int


@dataclass(frozen=True)
class ParsedPO:
    """A parsed catalog: the polib object and, beside it, where each of its parts sits."""

    po: polib.POFile
    lines: tuple[EntryLines, ...]  # one per entry of `po`, in the same order (the header is not an entry)
    header_line: int  # the header's msgid line (0: no header entry)
    header_fields: Mapping[str, int]  # header field name -> line where it starts
    tokens: tuple[Token, ...]  # with keep_tokens only

    def located(self, path: Path) -> Iterator[tuple[polib.POEntry, EntryLines]]:
        """Each entry with its lines; a CatalogError if the two ever disagree in number."""
        entries = list(self.po)
        if len(entries) != len(self.lines):
            raise CatalogError(path, 0, f"internal error: {len(entries)} entries but {len(self.lines)} line records")
        yield from zip(entries, self.lines)


# Parser states: where the entry being read stands.
_START, _CONTEXT, _MSGID, _PLURAL, _MSGSTR = range(5)


class _Parser:
    """gettext's grammar over the tokens, building polib entries and their lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.po = polib.POFile(wrapwidth=79)
        self.lines: list[EntryLines] = []
        self.header_line = 0
        self.header_fields: dict[str, int] = {}
        self.entries_seen = 0  # active entries so far (the header must be the first)
        self._reset()

    def _reset(self) -> None:
        self.state = _START
        self.entry = polib.POEntry()
        self.translator_comments: list[str] = []
        self.extracted_comments: list[str] = []
        self.first = 0  # first line of the entry being read (0: nothing read yet)
        self.msgid_line = 0
        self.keyword_line = 0  # line of the last msgctxt/msgid/msgid_plural keyword
        self.plural_index = -1
        self.field: tuple[str, int] | None = None  # the string a continuation line extends
        self.field_previous = False
        self.msgstr_tokens: list[Token] = []
        self.obsolete: bool | None = None  # whether the entry's keyword and string lines are `#~` ones (its first says)
        self.previous_seen = ""  # the last previous keyword (`#| msgctxt`, `#| msgid`, `#| msgid_plural`) of the entry
        self.previous_line = 0  # and its line

    def fail(self, line: int, message: str) -> CatalogError:
        return CatalogError(self.path, line, message)

    def begin(self, token: Token, keyword_allowed: bool = False) -> None:
        """A comment or keyword line: the previous entry ends if complete; one without msgstr is an error."""
        if self.state in (_CONTEXT, _MSGID, _PLURAL) and not keyword_allowed:
            raise self.fail(self.keyword_line, "entry has no msgstr")
        if self.state == _MSGSTR:
            self.finish()
        if self.first == 0:
            self.first = token.line

    def finish(self) -> None:
        entry = self.entry
        entry.tcomment = "\n".join(self.translator_comments)
        entry.comment = "\n".join(self.extracted_comments)
        is_header = entry.msgid == "" and entry.msgctxt is None and not entry.obsolete
        if is_header and self.entries_seen == 0:
            self.header_line = self.msgid_line
            self.po.header = entry.tcomment
            self.po.metadata_is_fuzzy = list(entry.flags)  # type: ignore[assignment]  # polib keeps the flags list here
            self._metadata(entry.msgstr)
        elif is_header:
            raise self.fail(self.msgid_line, "a second header entry (empty msgid)")
        else:
            self.po.append(entry)
            self.lines.append(EntryLines(self.first, self.msgid_line))
        self.entries_seen += not entry.obsolete
        self._reset()

    def _metadata(self, msgstr: str) -> None:
        """The header's fields as polib reads them, and the line where each one starts."""
        key = None
        for text in msgstr.splitlines():
            name, colon, value = text.partition(":")
            if colon:
                key = name
                self.po.metadata[key] = value.strip()
            elif key is not None:
                self.po.metadata[key] += "\n" + text.strip()
        line_start = True
        for token in self.msgstr_tokens:
            for index, text in enumerate(token.string.split("\n")):
                name, colon, _ = text.partition(":")
                if (index > 0 or line_start) and colon:
                    self.header_fields.setdefault(name, token.line)
            if token.string:
                line_start = token.string.endswith("\n")

    def comment(self, token: Token) -> None:
        self.begin(token)
        if self.previous_seen:
            raise self.fail(token.line, "a comment between the previous msgid (#|) and the msgid; put the comments first")
        self.field = None
        self._comment_text(token.keyword, token.string)

    def _comment_text(self, keyword: str, text: str) -> None:
        if keyword == "#":
            self.translator_comments.append(text)
        elif keyword == "#.":
            self.extracted_comments.append(text)
        elif keyword == "#:":
            for occurrence in filter(None, _BLANK_RUN.split(text)):
                name, colon, number = occurrence.rpartition(":")
                self.entry.occurrences.append((name, number) if colon and number.isdigit() else (occurrence, ""))
        else:
            self.entry.flags.extend(flag for flag in (f.strip(_BLANKS) for f in text.split(",")) if flag)

    def same_obsolete(self, token: Token) -> None:
        """Every keyword and string line of an entry is obsolete (`#~`) or none is, as gettext's grammar requires."""
        obsolete = token.keyword.startswith("#~")
        if self.obsolete is None:
            self.obsolete = obsolete
        elif obsolete != self.obsolete:
            raise self.fail(token.line, "inconsistent use of #~: an entry's lines are all obsolete (#~) or none is")

    def previous(self, token: Token) -> None:
        self.begin(token)
        self.same_obsolete(token)
        marker, _, word = token.keyword.rpartition(" ")
        if self.previous_seen not in _PREVIOUS_BEFORE[word]:
            raise self.fail(token.line, f"{marker} {word} out of order: {marker} msgctxt, then {marker} msgid, then {marker} msgid_plural, each once")
        self.previous_seen, self.previous_line = word, token.line
        name = "previous_" + word
        setattr(self.entry, name, token.string)
        self.field, self.field_previous = (name, -1), True

    def keyword(self, token: Token) -> None:
        word = token.keyword.rpartition(" ")[2]
        line = token.line
        if self.previous_seen == "msgctxt":
            raise self.fail(line, "a previous msgctxt (#| msgctxt) without a previous msgid (#| msgid) after it")
        if word == "msgctxt":
            self.begin(token)
            self.same_obsolete(token)
            self.entry.msgctxt = token.string
            self.state, self.field = _CONTEXT, ("msgctxt", -1)
        elif word == "msgid":
            if self.state in (_MSGID, _PLURAL):
                raise self.fail(self.keyword_line, "entry has no msgstr")
            self.begin(token, keyword_allowed=True)
            self.same_obsolete(token)
            self.entry.msgid, self.entry.obsolete = token.string, bool(self.obsolete)
            self.msgid_line = line
            self.state, self.field = _MSGID, ("msgid", -1)
        elif word == "msgid_plural":
            if self.state != _MSGID:
                raise self.fail(line, "msgid_plural must follow msgid")
            self.same_obsolete(token)
            self.entry.msgid_plural = token.string
            self.state, self.field = _PLURAL, ("msgid_plural", -1)
        else:
            self.msgstr(token, word)
            return
        self.keyword_line = line
        self.field_previous = False

    def msgstr(self, token: Token, word: str) -> None:
        line = token.line
        if self.state not in (_MSGID, _PLURAL, _MSGSTR):
            raise self.fail(line, "msgstr without msgid")
        self.same_obsolete(token)
        plural = self.entry.msgid_plural != "" or self.state == _PLURAL
        indexed = word != "msgstr"
        if plural != indexed:
            raise self.fail(line, f"expected {'msgstr[N]' if plural else 'msgstr'} here")
        if indexed:
            index = int(word[7:-1])
            if index != self.plural_index + 1:
                raise self.fail(line, f"plural form {word} out of order")
            self.plural_index = index
            self.entry.msgstr_plural[index] = token.string
            self.field = ("msgstr_plural", index)
        else:
            if self.state == _MSGSTR:
                raise self.fail(line, "second msgstr for one msgid")
            self.entry.msgstr = token.string
            self.field = ("msgstr", -1)
            self.msgstr_tokens = [token]
        self.state, self.field_previous = _MSGSTR, False

    def continuation(self, token: Token) -> None:
        previous = token.keyword.startswith(("#|", "#~|"))
        if self.field is None or previous != self.field_previous:
            raise self.fail(token.line, "string continuation outside an entry")
        self.same_obsolete(token)
        name, index = self.field
        if index >= 0:
            self.entry.msgstr_plural[index] += token.string
        else:
            setattr(self.entry, name, getattr(self.entry, name) + token.string)
            if name == "msgstr":
                self.msgstr_tokens.append(token)

    def feed(self, tokens: Iterable[Token], record: list[Token] | None = None) -> None:
        """Parse `tokens` one by one (so the first defect in file order is the one raised), appending each to `record`."""
        for token in tokens:
            if record is not None:
                record.append(token)
            keyword = token.keyword
            if keyword[-1] == '"':
                self.continuation(token)
            elif keyword in COMMENT_KEYWORDS:
                self.comment(token)
            elif keyword[1:2] in ("|", "~") and "|" in keyword:
                self.previous(token)
            else:
                self.keyword(token)

    def at_entry_boundary(self) -> bool:
        """Whether the next line may start an entry whatever came before (no entry is half read)."""
        return self.state == _MSGSTR or (self.state == _START and self.first == 0)

    def simple_entry(self, match: re.Match[str], number: int) -> None:
        """The entry `_simple_entry` matched at an entry boundary, its first line being line `number`: the
        state its tokens would leave (the entry read, its msgstr last), set field by field."""
        if self.state == _MSGSTR:
            self.finish()
        self.first, self.obsolete, entry, path = number, False, self.entry, self.path
        for line in match["comments"].split("\n")[:-1]:  # at \n only, as the tokenizer splits
            _, keyword, text = _comment_token(number, line.strip(_BLANKS))
            self._comment_text(keyword, text)
            number += 1
        for name in ("previous_msgctxt", "previous_msgid", "msgctxt"):
            lines = match[name]
            if lines is not None:
                setattr(entry, name, _joined(path, number, lines, '"\n#| "' if name[0] == "p" else '"\n"'))
                number += lines.count("\n")
        lines = match["msgid"]
        entry.msgid, self.msgid_line = _joined(path, number, lines, '"\n"'), number
        number += lines.count("\n")
        entry.msgstr = _joined(path, number, match["msgstr"], '"\n"')
        self.state, self.field, self.field_previous = _MSGSTR, ("msgstr", -1), False

    def end(self) -> None:
        if self.state == _START and self.previous_seen:
            raise self.fail(self.previous_line, "a previous msgid (#|) with no entry after it")
        if self.state in (_CONTEXT, _MSGID, _PLURAL):
            raise self.fail(self.keyword_line, "entry has no msgstr")
        if self.state == _MSGSTR:
            self.finish()


@functools.cache
def _simple_entry() -> re.Pattern[str]:
    """One entry as msgcat writes it, and the blank lines after it; compiled on first use, since compiling it
    costs a command that reads no catalog this way ~10 ms."""
    quoted = r'"[^"\\\n\x00\x04]*(?:\\[ntr"\\][^"\\\n\x00\x04]*)*"'  # a quoted string, valid escapes only
    return re.compile(
        r"(?P<comments>(?:#(?![~|])[^\n]*\n)*)"
        rf"(?:(?:#\| msgctxt (?P<previous_msgctxt>{quoted}\n(?:#\| {quoted}\n)*))?"
        rf"#\| msgid (?P<previous_msgid>{quoted}\n(?:#\| {quoted}\n)*))?"
        rf"(?:msgctxt (?P<msgctxt>{quoted}\n(?:{quoted}\n)*))?"
        rf"msgid (?P<msgid>{quoted}\n(?:{quoted}\n)*)"
        rf"msgstr (?P<msgstr>{quoted}\n(?:{quoted}\n)*)"
        r"\n*"
    )


def _joined(path: Path, number: int, lines: str, separator: str) -> str:
    """The decoded value of a string's lines as `_simple_entry` matched them (`"a"\\n"b"\\n`: `ab`)."""
    value = lines[1:-2].replace(separator, "") if "\n" in lines[:-1] else lines[1:-2]
    return _unescape(path, number, value) if "\\" in value else value


def _parse_quickly(parser: _Parser, text: str) -> None:
    """Feed `text` to the parser: an entry at a time where `_simple_entry` matches it at an entry
    boundary, otherwise the tokens of the lines up to the next blank line."""
    simple_entry = _simple_entry()
    position, number, size = 0, 0, len(text)
    while position < size:
        match = simple_entry.match(text, position) if parser.at_entry_boundary() else None
        if match is not None and (match["msgctxt"] is not None or match["msgid"].strip('"\n')):  # not a header
            parser.simple_entry(match, number + 1)
            end = match.end()
        else:
            blank = text.find("\n\n", position)
            end = size if blank < 0 else blank + 2
            parser.feed(_tokens(parser.path, text[position:end], number))
        number += text.count("\n", position, end)
        position = end


def parse_po(path: Path, text: str, keep_tokens: bool = False) -> ParsedPO:
    """Parse PO `text` strictly (see the module docstring); `path` only names the file in errors.

    The tokens are kept in `ParsedPO.tokens` only with `keep_tokens` (the gate's escape checks
    read them); otherwise each is dropped once parsed, and `tokens` is empty.
    """
    parser = _Parser(path)
    kept: list[Token] = []
    if keep_tokens:
        parser.feed(tokenize(path, text), kept)
    else:
        _parse_quickly(parser, text)
    parser.end()
    return ParsedPO(
        po=parser.po,
        lines=tuple(parser.lines),
        header_line=parser.header_line,
        header_fields=MappingProxyType(parser.header_fields),
        tokens=tuple(kept),
    )

