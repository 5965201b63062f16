"""Masks what machine translation must not touch, and puts it back afterwards.

Contract:
- `mask(text, terms)` replaces, left to right, every span that must come through
  unchanged with a numbered token ``{0}``, ``{1}``, … (in order of appearance):
  inline Markdown markup (code spans, autolinks, inline HTML, the brackets and
  target of links and images — their text stays translatable —, emphasis and
  strike-through delimiters, backslash escapes, hard line breaks — a backslash
  and a line end, given to the engine as a token between spaces —), placeholders (``%s``, ``%(name)s``,
  ``{name}``, ``{{ name }}``, ``${name}``), URLs, e-mail addresses, hashtags and
  @handles, numbers, and glossary terms. A glossary "keep" term comes back as
  written; a term with a required translation comes back as that translation.
  Every ``{…}`` of the source is itself a placeholder, so the tokens cannot clash
  with the text.
- `restore(output, masked)` puts every mask back. It raises `MaskError` when a
  token is missing, repeated or unknown, or a pair (link brackets, emphasis) came
  back in the wrong order; the caller then refuses the entry.
- Whitespace an engine adds just inside a pair (``{0} text {1}``) where the
  source had none is removed, so ``*text*`` stays emphasis.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.catalogs.glossary import Term
from pipeline.text import EMAIL, HTML_TAG, URL

TOKEN = re.compile(r"\{\s*(\d+)\s*\}")

_URL = URL  # shared with the quality checks (pipeline.text)
_EMAIL = EMAIL
_SIMPLE = [  # (kind, pattern) tried in this order at each position
    ("code", r"(?P<tick>`+)(?:(?!(?P=tick)).)+?(?P=tick)"),
    ("autolink", rf"<(?:{_URL}|mailto:{_EMAIL}|{_EMAIL})>"),
    ("html", HTML_TAG),
    ("url", _URL),
    ("email", _EMAIL),
    ("placeholder", r"\{\{[^{}]*\}\}|\$\{[^{}]*\}|\{[^{}\s]*\}|\{\s*\d+\s*\}|%(?:\([\w.-]+\))?[-+#0]*\d*(?:\.\d+)?[sdifreEgGxXoc](?!\w)|%\d+\$[sd]"),
    ("escape", r"\\[!-/:-@\[-`{-~]"),
    ("break", r"[ \t]*\\\n[ \t]*"),
    ("tag", r"(?<![\w&])[#@][^\W\d_][\w-]*"),
]
_LINK_OPEN = r"!?\["
_LINK_CLOSE = r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)|\]\[[^\[\]]*\]"
_CLOSER = re.compile(_LINK_CLOSE)
_EMPHASIS = r"\*+|~~|(?<![^\W_])_+|_+(?![^\W_])"
_NUMBER = r"(?<![\w.,])\d+(?:[.,:/]\d+)*(?![\w])"


class MaskError(ValueError):
    """The engine's output lost, repeated or invented a mask."""


@dataclass(frozen=True)
class Mask:
    original: str
    restored: str  # what goes back: the original, or a glossary term's translation
    kind: str  # "code", "url", "number", "keep", "term", "link", "emphasis", …
    pair: int | None = None  # the partner of an opening/closing delimiter
    opens: bool = False


@dataclass(frozen=True)
class Masked:
    source: str
    text: str
    masks: tuple[Mask, ...]

    def terms(self) -> list[Mask]:
        """The glossary masks, in order of appearance."""
        return [m for m in self.masks if m.kind in ("keep", "term")]


def token(number: int) -> str:
    return "{" + str(number) + "}"


def _scanner(terms: Sequence[Term]) -> re.Pattern[str]:
    parts = [f"(?P<{kind}>{pattern})" for kind, pattern in _SIMPLE]
    words = sorted({t.source for t in terms}, key=len, reverse=True)
    if words:
        parts.append("(?P<glossary>" + "|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words) + ")")
    parts += [f"(?P<link>{_LINK_OPEN})", f"(?P<emphasis>{_EMPHASIS})", f"(?P<number>{_NUMBER})"]
    return re.compile("|".join(parts))


def _link_close(text: str, start: int, end: int) -> re.Match[str] | None:
    """The `](target)` closing a link whose text starts at `start` (nested brackets allowed)."""
    depth = 0
    i = start
    while i < end:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                close = _CLOSER.match(text, i, end)
                return close
            depth -= 1
        i += 1
    return None


class _Masker:
    def __init__(self, text: str, terms: Sequence[Term]) -> None:
        self.text = text
        self.scanner = _scanner(terms)
        self.terms = {t.source: t for t in terms}
        self.masks: list[Mask] = []
        self.out: list[str] = []

    def add(self, original: str, restored: str, kind: str) -> int:
        self.masks.append(Mask(original, restored, kind))
        self.out.append(token(len(self.masks) - 1))
        return len(self.masks) - 1

    def pair(self, opening: int, closing: int) -> None:
        first, second = self.masks[opening], self.masks[closing]
        self.masks[opening] = Mask(first.original, first.restored, first.kind, pair=closing, opens=True)
        self.masks[closing] = Mask(second.original, second.restored, second.kind, pair=opening)

    def run(self, start: int, end: int) -> None:
        pos = start
        open_emphasis: dict[str, int] = {}
        while (found := self.scanner.search(self.text, pos, end)) is not None:
            self.out.append(self.text[pos : found.start()])
            kind, value = found.lastgroup or "", found.group()
            pos = found.end()
            if kind == "link":
                close = _link_close(self.text, pos, end)
                if close is None:
                    self.out.append(value)  # a lone bracket is text
                    continue
                opening = self.add(value, value, "link")
                self.run(pos, close.start())
                self.pair(opening, self.add(close.group(), close.group(), "link"))
                pos = close.end()
            elif kind == "glossary":
                term = self.terms[value]
                self.add(value, value if term.keep else term.target, "keep" if term.keep else "term")
            elif kind == "emphasis" and value in open_emphasis:
                self.pair(open_emphasis.pop(value), self.add(value, value, kind))
            elif kind == "emphasis":
                open_emphasis[value] = self.add(value, value, kind)
            elif kind == "break":
                self.out.append(" ")
                self.add("\\\n", "\\\n", kind)
                self.out.append(" ")
            else:
                self.add(value, value, kind)
        self.out.append(self.text[pos:end])


def mask(text: str, terms: Sequence[Term] = ()) -> Masked:
    """Replace protected spans of `text` by numbered tokens."""
    masker = _Masker(text, terms)
    masker.run(0, len(text))
    return Masked(text, "".join(masker.out), tuple(masker.masks))


def _tidy_pairs(output: str, masked: Masked) -> str:
    """Drop whitespace the engine put just inside a pair where the source had none."""
    for number, item in enumerate(masked.masks):
        if item.pair is None:
            continue
        mark = re.escape(token(number))
        if item.opens and not re.search(mark + r"\s", masked.text):
            output = re.sub(r"\{\s*" + str(number) + r"\s*\}\s+", token(number), output)
        elif not item.opens and not re.search(r"\s" + mark, masked.text):
            output = re.sub(r"\s+\{\s*" + str(number) + r"\s*\}", token(number), output)
    return output


def restore(output: str, masked: Masked) -> str:
    """`output` with every token replaced by what it masks; MaskError if any went wrong."""
    found = [int(m.group(1)) for m in TOKEN.finditer(output)]
    problems = []
    missing = [n for n in range(len(masked.masks)) if n not in found]
    repeated = sorted({n for n in found if found.count(n) > 1})
    unknown = sorted({n for n in found if n >= len(masked.masks)})
    if missing:
        problems.append("lost " + ", ".join(repr(masked.masks[n].original) for n in missing))
    if repeated:
        problems.append("repeated " + ", ".join(repr(masked.masks[n].original) for n in repeated if n < len(masked.masks)))
    if unknown:
        problems.append("invented " + ", ".join(token(n) for n in unknown))
    if not problems:
        for number, item in enumerate(masked.masks):
            if item.opens and item.pair is not None and found.index(number) > found.index(item.pair):
                problems.append(f"swapped the pair {item.original!r} … {masked.masks[item.pair].original!r}")
    if problems:
        raise MaskError("; ".join(problems))
    tidy = _tidy_pairs(output, masked)
    for number, item in enumerate(masked.masks):
        if item.kind == "break":  # the spaces the token was given go again
            tidy = re.sub(r"[ \t]*\{\s*" + str(number) + r"\s*\}[ \t]*", token(number), tidy)
    return TOKEN.sub(lambda m: masked.masks[int(m.group(1))].restored, tidy)
