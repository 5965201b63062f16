"""A project as a user starts and runs it: `pipeline init`, found from any subfolder, `--version`,
messages naming the commands the user has, `[release]` written the way people guess it, `make check`'s status."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO, tree_digest

import pipeline


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`pipeline ARGS` run from `cwd`, without --root: the project is found from there."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture
def scaffolded(tmp_path: Path) -> Path:
    result = cli(tmp_path, "init", "demo", "--makefile")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("next: cd demo && make pdf")
    return tmp_path / "demo"


def test_version() -> None:
    result = cli(Path.cwd(), "--version")
    assert result.returncode == 0 and result.stdout == f"pipeline {pipeline.__version__} (statement-leaflets)\n"


def test_init_writes_a_documented_project_and_never_overwrites(scaffolded: Path) -> None:
    config = (scaffolded / "pipeline.toml").read_text(encoding="utf-8")
    for key in ("source-language", "languages", "sources", "locales", "build", "glossary", "templates",
                "minimum-translated", "[release]", "page-size", "draft-minimum", "engine", "beam-size", "threads",
                "device", "compute-type"):
        assert re.search(rf"^#? ?{re.escape(key)}", config, re.MULTILINE), key
    assert "#   fr = 80" in config  # the [release] syntax, by example
    workflow = (scaffolded / ".github/workflows/catalog-gate.yml").read_text(encoding="utf-8")
    assert f'"statement-leaflets=={pipeline.__version__}"' in workflow and "pipeline check --format github" in workflow
    assert "id: pipeline-check" in (scaffolded / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "build/" in (scaffolded / ".gitignore").read_text(encoding="utf-8").split()

    before = tree_digest(scaffolded)
    again = cli(scaffolded.parent, "init", "demo")
    assert again.returncode == 1
    assert again.stderr == f"{Path('demo/pipeline.toml')}: already exists; `pipeline init` wrote nothing\n"
    assert tree_digest(scaffolded) == before


def test_commands_find_the_project_upwards_and_name_its_own_commands(scaffolded: Path, tmp_path: Path) -> None:
    deep = scaffolded / "sources" / "drafts"
    deep.mkdir()
    result = cli(deep, "check")
    assert result.returncode == 4  # no catalogs yet: stale
    assert "locales/example.pot: [stale] no POT yet; run `make update`" in result.stdout  # this project has a Makefile
    (scaffolded / "Makefile").unlink()
    assert "run `pipeline update`" in cli(deep, "check").stdout

    nowhere = tmp_path / "elsewhere"
    nowhere.mkdir()
    lost = cli(nowhere, "check")
    assert lost.returncode == 1 and "Traceback" not in lost.stderr
    assert lost.stderr == "pipeline.toml: not found here or in any parent folder; `pipeline init` starts a project\n"


def test_make_check_prints_the_gates_status(scaffolded: Path) -> None:
    result = subprocess.run(
        ["make", "check", f"PIPELINE={sys.executable} -m pipeline"], cwd=scaffolded, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 2  # make's own status for any failure
    assert "pipeline check: exit status 4 (see `pipeline check --help`)" in result.stderr


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('languages = ["fr"]', "languages = ['fr']: under [release], one line per language: `fr = 80`"),
        ('fr = "80%"', "[release] fr must be a number from 0 to 100 (percent reviewed), not '80%'"),
        ("fr = { minimum = 80 }", "fr = {'minimum': 80}: under [release], one line per language"),
        ("de = 80", "release language 'de' is not in languages (es, fr)"),
    ],
)
def test_release_syntax_guesses_are_refused_on_their_own_line(scaffolded: Path, written: str, message: str) -> None:
    config = scaffolded / "pipeline.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\n[release]\n", f"\n[release]\n{written}\n"), encoding="utf-8")
    line = config.read_text(encoding="utf-8").split("\n").index(written) + 1
    result = cli(scaffolded, "check")
    assert result.returncode == 1
    assert result.stderr.startswith(f"pipeline.toml:{line}: {message}"), result.stderr


def test_release_as_a_list_is_refused_where_it_is_written(scaffolded: Path) -> None:
    config = scaffolded / "pipeline.toml"
    text = config.read_text(encoding="utf-8").replace("\n[release]\n", "\n")
    config.write_text('release = ["fr"]\n' + text, encoding="utf-8")
    result = cli(scaffolded, "check")
    assert result.returncode == 1 and result.stderr.startswith("pipeline.toml:1: release is not a table; under [release]")


def test_a_project_may_bring_its_own_templates(scaffolded: Path) -> None:
    config = scaffolded / "pipeline.toml"
    text = config.read_text(encoding="utf-8")
    assert cli(scaffolded, "pot").returncode == 0
    pot = scaffolded / "locales" / "leaflet-template.pot"
    assert "#: pipeline/templates/leaflet.html:" in pot.read_text(encoding="utf-8")  # packaged: the same on every machine

    config.write_text(text.replace('# templates = "templates"', 'templates = "mine"'), encoding="utf-8")
    line = config.read_text(encoding="utf-8").split("\n").index('templates = "mine"   # your own leaflet.html and leaflet.css; without this line') + 1
    missing = cli(scaffolded, "pot")
    assert missing.returncode == 1
    assert missing.stderr.startswith(f"pipeline.toml:{line}: no leaflet.html in {scaffolded / 'mine'}; put your leaflet.html")

    (scaffolded / "mine").mkdir()
    own = "<!-- our own -->\n" + (REPO / "templates" / "leaflet.html").read_text(encoding="utf-8")
    (scaffolded / "mine" / "leaflet.html").write_text(own, encoding="utf-8")
    assert cli(scaffolded, "pot").returncode == 0
    assert "#: mine/leaflet.html:" in pot.read_text(encoding="utf-8")
