"""The pipeline as another organisation gets it: the built wheel, pip-installed into a fresh venv outside the repository.

The wheel is built once per session from a copy of the working tree (so the
repository gets no build/ folder), installed with its dependencies (and no
`[mt]` extra) into a new virtualenv in a temporary folder, and used there as a
user would: `pipeline init demo && cd demo && pipeline pdf`, then `update`,
`translate` with Apertium only, `models list`, `check`. About a minute, most of
it pip installing the dependencies (from its cache when warm).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import REPO
from support.argos_builder import argos_env

import pipeline

SKIP_IN_COPY = shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "locales", "sources")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    tree = work / "tree"
    shutil.copytree(REPO, tree, ignore=SKIP_IN_COPY)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w", str(work / "dist"), str(tree)],
        check=True, capture_output=True, timeout=600,
    )
    (built,) = (work / "dist").glob("*.whl")
    return built


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv, outside the repository, with the wheel and its dependencies: its bin/ folder."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=600)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True, timeout=900)
    return venv / "bin"


def test_the_wheel_carries_templates_scaffold_and_every_module(wheel: Path) -> None:
    assert wheel.name == f"statement_leaflets-{pipeline.__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"pipeline/templates/leaflet.html", "pipeline/templates/leaflet.css"} <= names
    scaffold = {f"pipeline/scaffold/{p.name}" for p in (REPO / "pipeline" / "scaffold").iterdir() if p.is_file() and p.suffix != ".pyc"}
    assert scaffold <= names, sorted(scaffold - names)
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "pipeline").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    assert not any(name.startswith(("tests/", "templates/", "benchmarks/")) for name in names)


def test_init_then_pdf_in_a_fresh_venv_outside_the_repository(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, **argos_env(tmp_path / "argos"), "PATH": f"{installed}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pipeline", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)

    version = run("--version", cwd=tmp_path)
    assert version.stdout.strip() == f"pipeline {pipeline.__version__} (statement-leaflets)"

    init = run("init", "demo", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    demo = tmp_path / "demo"
    for name in ("pipeline.toml", "sources/example.md", ".gitignore", ".github/workflows/catalog-gate.yml", ".pre-commit-config.yaml"):
        assert (demo / name).is_file(), name
    assert not (demo / "Makefile").exists() and not (demo / "templates").exists()

    pdf = run("pdf", cwd=demo)
    assert pdf.returncode == 0, pdf.stderr
    leaflet = demo / "build" / "pdf" / "example.en.pdf"
    text = subprocess.run(["pdftotext", str(leaflet), "-"], capture_output=True, text=True, check=True).stdout
    assert "Right to Read" in text and "Example Organisation" in text
    assert "fix: run `pipeline update`, then `pipeline translate`" in pdf.stderr  # no Makefile here: no `make`

    # Found from a subfolder, as git finds its repository; references to the packaged template are stable.
    update = run("update", cwd=demo / "sources")
    assert update.returncode == 0, update.stderr
    pot = (demo / "locales" / "leaflet-template.pot").read_text(encoding="utf-8")
    assert "#: pipeline/templates/leaflet.html:" in pot and "leaflet.html:0" not in pot and "site-packages" not in pot

    # No MT extra installed: Apertium still translates, Argos says which extra it needs, nothing crashes.
    models = run("models", "list", cwd=demo)
    assert models.returncode == 0 and "Traceback" not in models.stderr, models.stderr
    assert "pip install 'statement-leaflets[mt]'" in models.stdout
    translate = run("translate", "--lang", "es", cwd=demo)
    assert translate.returncode == 0 and "Traceback" not in translate.stderr, translate.stderr
    assert "machine suggestions (apertium eng-spa" in translate.stdout
    assert "translate: Argos skipped: Argos needs ctranslate2 and sentencepiece, not installed: `pip install 'statement-leaflets[mt]'`" in translate.stderr

    check = run("check", cwd=demo)
    assert check.returncode == 0, check.stdout + check.stderr
    again = run("init", cwd=demo)
    assert again.returncode == 1 and "pipeline.toml: already exists; `pipeline init` wrote nothing" in again.stderr
