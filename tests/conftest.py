"""Shared fixtures: a throw-away project tree and ways to run the real CLI on it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from support import REPO, SMALL_STATEMENT, run_pipeline

# In CI the property tests replay the same examples every run (a red build is then
# reproducible); developers' runs keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1770076800")  # 2026-02-03 00:00 UTC


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root with the repository's configuration and templates, and one small statement."""
    root = tmp_path / "project"
    root.mkdir()
    # The repository's configuration without its bilingual editions: a test that wants them configures its own.
    config = (REPO / "pipeline.toml").read_text(encoding="utf-8")
    (root / "pipeline.toml").write_text(re.sub(r"^pairs = .*\n", "", config, flags=re.M), encoding="utf-8")
    if (REPO / "glossary.tsv").exists():
        shutil.copy(REPO / "glossary.tsv", root / "glossary.tsv")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "sources").mkdir()
    (root / "sources" / "dockers.md").write_text(SMALL_STATEMENT, encoding="utf-8")
    return root


@pytest.fixture
def pipeline_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_pipeline
