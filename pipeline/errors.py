"""Errors a user can cause, each pointing at a file and a 1-based line.

Contract: library code raises a subclass of `PipelineError`; only the CLI
prints it (as ``path:line: message``) and chooses the exit status. Wrap a
lower-level exception with ``raise ... from exc`` so the cause is kept.
"""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """A user-facing error located in a file (line 0 means the whole file)."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


class ConfigError(PipelineError):
    """The project configuration is missing or wrong."""


class SourceError(PipelineError):
    """A Markdown statement cannot be read or segmented."""


class CatalogError(PipelineError):
    """A .pot or .po file is broken or inconsistent."""


class TranslationError(PipelineError):
    """Machine translation cannot run (missing model, bad package, engine failure)."""


class RenderError(PipelineError):
    """A leaflet cannot be typeset."""
