"""The project glossary: terms machine translation must keep or must translate one way.

File format (UTF-8, path from `Config.glossary_path`, `glossary.tsv` by default):
one term per line, three fields separated by one tab each —

    source term <TAB> language code or * <TAB> target term, or the word keep

Blank lines and lines starting with ``#`` are ignored. A term matches whole words,
case-sensitively. A line for one language overrides a ``*`` line for the same
source term. Example::

    ILPS	*	keep
    people	es	pueblo

Contract: `load_glossary(path)` returns a `Glossary` (empty when the file does not
exist) or raises `ConfigError` naming the file and line of the first bad line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ConfigError

KEEP = "keep"
ANY_LANGUAGE = "*"
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Term:
    source: str
    language: str  # a language code, or "*"
    target: str  # the required translation, or "keep"
    line: int

    @property
    def keep(self) -> bool:
        return self.target == KEEP


@dataclass(frozen=True)
class Glossary:
    path: Path
    terms: tuple[Term, ...] = ()

    def for_language(self, lang: str) -> list[Term]:
        """The terms that apply to `lang`: its own lines, and the `*` lines it does not override."""
        own = {t.source: t for t in self.terms if t.language == lang}
        general = [t for t in self.terms if t.language == ANY_LANGUAGE and t.source not in own]
        return [*general, *own.values()]


def _parse_line(path: Path, number: int, line: str) -> Term:
    fields = line.split("\t")
    if len(fields) != 3:
        raise ConfigError(path, number, f"expected 3 tab-separated fields (source, language or *, target or keep), found {len(fields)}")
    source, language, target = fields
    for name, value in (("source term", source), ("language", language), ("target", target)):
        if not value or value != value.strip():
            raise ConfigError(path, number, f"the {name} is empty or has spaces around it")
    if language != ANY_LANGUAGE and not _LANGUAGE.fullmatch(language):
        raise ConfigError(path, number, f"{language!r} is not a language code or *")
    return Term(source, language, target, number)


def load_glossary(path: Path) -> Glossary:
    """Read the glossary at `path`; a missing file is an empty glossary."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Glossary(path)
    except UnicodeDecodeError as exc:
        raise ConfigError(path, 1 + path.read_bytes()[: exc.start].count(b"\n"), "not UTF-8") from exc
    terms: list[Term] = []
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip() or line.startswith("#"):
            continue
        term = _parse_line(path, number, line)
        key = (term.source, term.language)
        if key in seen:
            raise ConfigError(path, number, f"{term.source!r} for {term.language} is already defined at line {seen[key]}")
        seen[key] = number
        terms.append(term)
    return Glossary(path, tuple(terms))
