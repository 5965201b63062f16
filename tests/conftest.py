"""Shared fixtures: a throw-away project tree and ways to run the real CLI on it."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests replay the same examples every run (a red build is then
# reproducible); developers' runs keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent

SMALL_STATEMENT = textwrap.dedent(
    """\
    ---
    title: "Solidarity with the dock workers"
    date: 2026-02-03
    author: Example Alliance
    signatories:
      - Example Alliance (EA)
      - Friends of the Port
    ---

    The port was shut down on Feb. 3 by the workers. Dr. Smith and E. Smith spoke for the U.S. union.

    ## Our demands

    We demand *safe work* and fair wages. We demand an end to the blockade.

    - Stop the arms shipments.
    - Free the detained workers.

    > The time has come to act together.
    """
)


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1770076800")  # 2026-02-03 00:00 UTC


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root with the repository's configuration and templates, and one small statement."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "pipeline.toml", root / "pipeline.toml")
    if (REPO / "glossary.tsv").exists():
        shutil.copy(REPO / "glossary.tsv", root / "glossary.tsv")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "sources").mkdir()
    (root / "sources" / "dockers.md").write_text(SMALL_STATEMENT, encoding="utf-8")
    return root


def run_pipeline(root: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m pipeline --root ROOT ARGS` as a user would; never raises on failure."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "--root", str(root), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


@pytest.fixture
def pipeline_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_pipeline


def tree_digest(root: Path) -> dict[str, str]:
    """Path → sha256 of every file under root (to prove nothing changed)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".pipeline.lock"
    }
