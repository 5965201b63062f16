"""The pipeline and argostranslate read and write the same packages, in the same folder.

The pipeline no longer runs argostranslate (its dependencies pull torch, stanza and
spaCy); the tests install it with `--no-deps` (see the Makefile) and run its real code
in a separate interpreter, under a private folder (`argos_env`):
- a package installed by argostranslate's own `install_from_path` is listed and used by
  `pipeline models list` and `pipeline translate`;
- a package installed by `pipeline models install` is what argostranslate's
  `get_installed_packages` reads, with the same pair, version, target prefix and tokens;
- both find the package folder the same way (`ARGOS_PACKAGES_DIR`, settings.json, XDG).

`install_from_path` extracts the archive, then clears a cache by importing
`argostranslate.translate`, which imports stanza: without stanza that last step raises
ModuleNotFoundError after the package is in place. The test lets exactly that through.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import run_pipeline
from support.argos_builder import argos_env, build_package

from pipeline.mt import packages

CORPUS = ["The people are not docile.", "Free the detained workers."]


def argos_python(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """argostranslate's own code, in a fresh interpreter that sees only `env`'s folders."""
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=600)


ARGOS_INSTALL = """\
import sys
from argostranslate import package
try:
    package.install_from_path(sys.argv[1])
except ModuleNotFoundError as exc:  # the cache clear after extraction imports stanza
    assert exc.name in ("stanza", "minisbd", "spacy"), exc
"""

ARGOS_LIST = """\
import json
from argostranslate import package
found = []
for p in package.get_installed_packages():
    found.append({"pair": [p.from_code, p.to_code], "version": p.package_version, "prefix": p.target_prefix,
                  "tokenizer": type(p.tokenizer).__name__, "tokens": p.tokenizer.encode("The people are not docile.")})
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(tmp_path_factory.mktemp("built"), "en", "es", corpus=CORPUS, swaps={"people": "pueblo"}, target_prefix="__es__")


def test_argostranslate_installs_and_the_pipeline_translates(built: Path, project: Path, tmp_path: Path) -> None:
    env = argos_env(tmp_path / "argos")
    result = argos_python(ARGOS_INSTALL, env, str(built))
    assert result.returncode == 0, result.stderr
    listing = run_pipeline(project, "models", "list", env=env)
    assert listing.returncode == 0, listing.stderr
    assert "  translate-en_es 1.0  en->es" in listing.stdout
    assert "en->es: argos translate-en_es 1.0" in listing.stdout
    assert run_pipeline(project, "update", "--lang", "es").returncode == 0
    translate = run_pipeline(project, "translate", "--lang", "es", "--engine", "argos", env=env)
    assert translate.returncode == 0, translate.stderr
    po = (project / "locales/es/LC_MESSAGES/dockers.po").read_text(encoding="utf-8")
    assert "#. machine translation: argos translate-en_es 1.0" in po


def test_the_pipeline_installs_what_argostranslate_reads(built: Path, tmp_path: Path) -> None:
    env = argos_env(tmp_path / "argos")
    install = run_pipeline(tmp_path, "models", "install", str(built), env=env)
    assert install.returncode == 0, install.stderr
    result = argos_python(ARGOS_LIST, env)
    assert result.returncode == 0, result.stderr
    (found,) = json.loads(result.stdout)
    assert found["pair"] == ["en", "es"] and found["version"] == "1.0" and found["prefix"] == "__es__"
    assert found["tokenizer"] == "SentencePieceTokenizer"
    import sentencepiece

    ours = sentencepiece.SentencePieceProcessor(model_file=str(tmp_path / "argos" / "packages" / "translate-en_es-1_0" / "sentencepiece.model"))
    assert found["tokens"] == ours.encode("The people are not docile.", out_type=str)


@pytest.mark.parametrize("where", ["environment", "settings.json", "XDG_DATA_HOME"])
def test_both_find_the_same_package_folder(where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = argos_env(tmp_path)
    if where != "environment":
        del env["ARGOS_PACKAGES_DIR"]
    if where == "settings.json":
        (tmp_path / "config" / "argos-translate").mkdir(parents=True)
        (tmp_path / "config" / "argos-translate" / "settings.json").write_text(json.dumps({"ARGOS_PACKAGES_DIR": str(tmp_path / "mine")}))
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    theirs = argos_python("from argostranslate import settings; print(settings.package_data_dir)", env)
    assert theirs.returncode == 0, theirs.stderr
    assert Path(theirs.stdout.strip()) == packages.packages_dir()
