"""BCP 47 and gettext codes (issue 12, item 6): one form in Config, engines fall back to the language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import run_pipeline
from support.argos_builder import argos_env, build_package

from pipeline.catalogs.reading import read_catalog
from pipeline.config import bcp47, language_of, load_config, normalise_code
from pipeline.errors import ConfigError
from pipeline.mt import argos, open_engine
from pipeline.mt.apertium import ApertiumEngine
from pipeline.provenance import describe


def _languages(project: Path, line: str) -> None:
    path = project / "pipeline.toml"
    path.write_text(re.sub(r"(?m)^languages = .*$", line, path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.mark.parametrize(
    ("code", "gettext", "tag", "language"),
    [("pt-BR", "pt_BR", "pt-BR", "pt"), ("pt_BR", "pt_BR", "pt-BR", "pt"), ("zh-hans", "zh_Hans", "zh-Hans", "zh"), ("es-419", "es_419", "es-419", "es")],
)
def test_codes_are_normalised_once(code: str, gettext: str, tag: str, language: str) -> None:
    assert normalise_code(code) == gettext
    assert bcp47(gettext) == tag
    assert language_of(code) == language


def test_only_the_spelling_changes() -> None:
    assert normalise_code("tl") == "tl"  # Babel alone would make it fil_PH
    with pytest.raises(ValueError, match="unknown language code 'xx-YY'"):
        normalise_code("xx-YY")


def test_sr_latin_modifier_is_a_script_subtag_in_html() -> None:
    assert bcp47("sr@latin") == "sr-Latn"


def test_config_accepts_both_spellings_and_refuses_one_language_twice(project: Path) -> None:
    _languages(project, 'languages = ["pt-BR", "zh_Hans", "es"]')
    assert load_config(project).languages == ("pt_BR", "zh_Hans", "es")
    _languages(project, 'languages = ["pt-BR", "pt_BR"]')
    with pytest.raises(ConfigError, match="pt_BR more than once"):
        load_config(project)


def test_regional_code_uses_the_language_engine_and_says_so(project: Path) -> None:
    engine = open_engine("apertium", "en", "es_MX", load_config(project).mt)
    assert isinstance(engine, ApertiumEngine)
    assert engine.modes == ["eng-spa"]
    assert engine.description.endswith(", the es engine for es_MX")
    assert isinstance(open_engine("apertium", "en", "es", load_config(project).mt), ApertiumEngine)


def test_argos_hint_names_the_file_as_argos_does() -> None:
    hint = argos.how_to_get("en", "pt_BR")
    assert "translate-en_pt.argosmodel" in hint and "en_pt_BR" not in hint


def test_translate_a_bcp47_language_end_to_end(project: Path, tmp_path: Path) -> None:
    _languages(project, 'languages = ["es-MX"]')
    assert run_pipeline(project, "update").returncode == 0
    po = project / "locales" / "es_MX" / "LC_MESSAGES" / "dockers.po"
    assert po.exists()
    result = run_pipeline(project, "translate", "--engine", "apertium", "--lang", "es-MX", env=argos_env(tmp_path / "argos"))
    assert result.returncode == 0, result.stderr
    machine = [e for e in read_catalog(po) if e.msgstr and not e.obsolete]
    assert machine and all(describe(e.machine_provenance).endswith(", the es engine for es_MX") for e in machine)
    assert "Language: es_MX" in po.read_text(encoding="utf-8")


def test_pt_br_uses_the_installed_pt_argos_package(project: Path, tmp_path: Path) -> None:
    env = argos_env(tmp_path / "argos")
    package = build_package(tmp_path / "built", "en", "pt", corpus=["The port was shut down."], swaps={"port": "porto"}, layers=1, d_model=64, ffn=64)
    assert run_pipeline(project, "models", "install", str(package), env=env).returncode == 0
    _languages(project, 'languages = ["pt-BR"]')
    assert run_pipeline(project, "update").returncode == 0
    result = run_pipeline(project, "translate", "--engine", "argos", "--lang", "pt-BR", env=env)
    assert result.returncode == 0, result.stderr
    po = project / "locales" / "pt_BR" / "LC_MESSAGES" / "dockers.po"
    machine = [e for e in read_catalog(po) if e.msgstr and not e.obsolete]
    assert machine and {describe(e.machine_provenance) for e in machine} == {"machine translation: argos translate-en_pt 1.0, the pt engine for pt_BR"}
    assert "translate-en_pt 1.0, the pt engine for pt_BR" in result.stdout


def test_release_languages_in_either_spelling(project: Path) -> None:
    _languages(project, 'languages = ["pt_BR"]')
    path = project / "pipeline.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[release]\n", "[release]\npt-BR = 80\n"), encoding="utf-8")
    assert load_config(project).release == {"pt_BR": 80.0}
    path.write_text(path.read_text(encoding="utf-8").replace("pt-BR = 80", "es-MX = 80"), encoding="utf-8")
    with pytest.raises(ConfigError, match="release language 'es-MX' is not in languages") as error:
        load_config(project)
    assert error.value.line == path.read_text(encoding="utf-8").split("\n").index("es-MX = 80") + 1
