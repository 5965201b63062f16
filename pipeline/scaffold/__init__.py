"""A new leaflet project, as `pipeline init [DIR]` writes it.

Contract: `create(folder, makefile)` writes into `folder` (made if missing):
`pipeline.toml` (every key, with comments), `sources/example.md` (a statement
that builds as it is), `.gitignore`, `.github/workflows/catalog-gate.yml` (the
gate in CI), `.pre-commit-config.yaml`, and with `makefile` a `Makefile` of thin
targets. It returns the files written, in that order. It refuses, writing
nothing, when `folder` already holds a `pipeline.toml` or any of those files.
The files are package data beside this module; `@VERSION@` in them becomes the
installed version, so CI and pre-commit install the same pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pipeline
from pipeline.errors import ConfigError
from pipeline.files import write_if_changed

HERE = Path(__file__).resolve().parent
FILES = {  # packaged file -> where it goes in the project
    "pipeline.toml": "pipeline.toml",
    "example.md": "sources/example.md",
    "gitignore": ".gitignore",
    "catalog-gate.yml": ".github/workflows/catalog-gate.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}
MAKEFILE = {"Makefile": "Makefile"}


def create(folder: Path, makefile: bool = False) -> list[Path]:
    """Scaffold a project in `folder`; see the module docstring."""
    wanted = FILES | (MAKEFILE if makefile else {})
    targets = {name: folder / place for name, place in wanted.items()}
    existing = [path for path in targets.values() if path.exists()]
    if existing:
        raise ConfigError(existing[0], 0, "already exists; `pipeline init` wrote nothing")
    for name, path in targets.items():
        text = (HERE / name).read_text(encoding="utf-8").replace("@VERSION@", pipeline.__version__)
        write_if_changed(path, text)
    return list(targets.values())
