"""What a build reports: one `Outcome` per leaflet (built, unchanged, up to date, skipped, failed), gathered in a `BuildReport`.

A module of its own, with no layout code, so that a build with nothing to do
(`stamps.cached`) imports only what it needs to say so.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import RenderError
from pipeline.leaflets.typography import Typography


class LeafletState(enum.Enum):
    """What happened to one leaflet."""

    BUILT = "built"
    UNCHANGED = "unchanged"  # rendered, same bytes as before
    UP_TO_DATE = "up to date"  # inputs as at the last build: nothing rendered
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    """What happened to one statement in one language (picklable: crosses process boundaries)."""

    slug: str
    lang: str
    output: Path
    state: LeafletState
    message: str = ""  # skip reason (short), or the error's message
    error_path: str = ""  # for FAILED: where the problem is
    error_line: int = 0
    pages: int = 0
    typography: Typography | None = None
    layouts: int = 0  # full layouts it took (more than one: the type was stepped to fit the budget or fill the last page)
    draft: bool = False
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    fix: str = ""  # for "skipped": how to fix it, one line
    detail: str = ""  # for "skipped": the counts behind it

    @property
    def error(self) -> RenderError | None:
        return RenderError(self.error_path, self.error_line, self.message) if self.state is LeafletState.FAILED else None


@dataclass
class BuildReport:
    outcomes: list[Outcome] = field(default_factory=list)
    blocked: list[Outcome] = field(default_factory=list)  # with strict: release languages that cannot be released

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.state is LeafletState.FAILED]


