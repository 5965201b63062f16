"""Frozen value types that flow between the stages; no I/O here.

`Segment` and `SourceDocument` come out of `segment`; `CatalogEntry` is the
read-only view of a gettext entry that `catalog` hands out (a polib object
never leaves `catalog`); `Finding` is what quality checks report.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

MT_PROVENANCE_PREFIX = "machine translation:"
TM_PROVENANCE_PREFIX = "translation memory:"


_K = TypeVar("_K")
_V = TypeVar("_V")


class FrozenMap(Mapping[_K, _V], Generic[_K, _V]):
    """A read-only mapping for frozen types; unlike `types.MappingProxyType` it crosses process boundaries (pickles)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[_K, _V] | None = None) -> None:
        self._data: dict[_K, _V] = dict(data or {})

    def __getitem__(self, key: _K) -> _V:
        return self._data[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenMap[_K, _V]], tuple[dict[_K, _V]]]:
        return (FrozenMap, (self._data,))


def frozen_fields(instance: object, *names: str) -> None:
    """In a frozen dataclass's `__post_init__`: make the named mapping fields read-only."""
    for name in names:
        value = getattr(instance, name)
        if not isinstance(value, FrozenMap):
            object.__setattr__(instance, name, FrozenMap(value))


class SegmentKind(enum.StrEnum):
    """Where a segment sits; the value is the text POT comments and contexts use."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    BLOCK_QUOTE = "block quote"
    TEMPLATE = "template"  # a word of the leaflet template itself


@dataclass(frozen=True)
class SourceRef:
    """Where a segment sits: a path relative to the project root, 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Segment:
    """One translatable unit (a sentence, or a front-matter field)."""

    msgid: str
    context: str | None
    ref: SourceRef
    comment: str  # where it sits, for the translator: "paragraph 4, sentence 2 of 3"
    kind: SegmentKind

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


@dataclass(frozen=True)
class SourceDocument:
    """A statement: its metadata, its segments in reading order, and its Markdown body."""

    slug: str
    path: Path
    meta: Mapping[str, Any]
    language: str
    segments: tuple[Segment, ...]
    body: str  # the Markdown after the front matter
    body_line: int  # 1-based line in the file where `body` starts
    meta_lines: Mapping[str, int] = field(default_factory=FrozenMap)  # front-matter key → its 1-based line

    def __post_init__(self) -> None:
        frozen_fields(self, "meta", "meta_lines")


class EntryStatus(enum.Enum):
    """Review state of one catalog entry, as the statistics and the leaflets see it."""

    REVIEWED = "reviewed"
    MACHINE = "machine"  # fuzzy, with machine-translation (or translation-memory) provenance
    NEEDS_REVIEW = "needs review"  # other fuzzy: the source changed, or a translator flagged it
    UNTRANSLATED = "untranslated"
    OBSOLETE = "obsolete"


@dataclass(frozen=True)
class CatalogEntry:
    """Read-only view of one entry of a .po/.pot file."""

    msgid: str
    msgstr: str
    context: str | None = None
    msgid_plural: str = ""
    msgstr_plural: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    line: int = 0  # 1-based line of the entry's first line (its first comment)
    msgid_line: int = 0  # 1-based line of the `msgid` keyword
    references: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    previous_msgid: str | None = None
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        if self.msgid_plural:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)

    @property
    def machine_provenance(self) -> str | None:
        """The extracted comment naming the engine or memory that wrote msgstr, if any."""
        for comment in self.extracted_comments:
            if comment.startswith((MT_PROVENANCE_PREFIX, TM_PROVENANCE_PREFIX)):
                return comment
        return None

    @property
    def status(self) -> EntryStatus:
        """Decided by `pipeline.provenance.entry_status`, the one rule every stage uses."""
        from pipeline.provenance import entry_status  # provenance builds on this module

        return entry_status(self)


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem found in a file, at a 1-based line."""

    path: Path
    line: int
    code: str  # short check name, e.g. "placeholders"
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.code}] {self.message}"


@dataclass(frozen=True)
class Translation:
    """What a leaflet shows for one segment, and how trustworthy it is."""

    text: str
    status: EntryStatus


@dataclass(frozen=True)
class CatalogStats:
    """Counts for one catalog, in entries and in source words."""

    entries: Mapping[EntryStatus, int] = field(default_factory=FrozenMap)
    words: Mapping[EntryStatus, int] = field(default_factory=FrozenMap)

    def __post_init__(self) -> None:
        frozen_fields(self, "entries", "words")

    @property
    def total_entries(self) -> int:
        return sum(n for s, n in self.entries.items() if s is not EntryStatus.OBSOLETE)

    @property
    def total_words(self) -> int:
        return sum(n for s, n in self.words.items() if s is not EntryStatus.OBSOLETE)


MT_NOTE_PREFIX = "mt "  # further notes from `translate`: "mt warning: …", "mt unknown words: …", "mt glossary: …"


def is_machine_note(comment: str) -> bool:
    """True for extracted comments written by `translate` (kept across updates, replaced on re-translation)."""
    return comment.startswith((MT_PROVENANCE_PREFIX, TM_PROVENANCE_PREFIX, MT_NOTE_PREFIX))


@dataclass(frozen=True)
class Suggestion:
    """A machine (or translation-memory) suggestion for one entry, to be written fuzzy."""

    context: str | None
    msgid: str
    msgstr: str
    notes: tuple[str, ...]  # first the provenance line, then "mt …" notes for the reviewer
