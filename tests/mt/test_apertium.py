"""The Apertium engine, run for real: one process per catalog, marks stripped and reported, markup kept."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from support import run_pipeline

from pipeline.catalogs.reading import read_catalog
from pipeline.config import MTSettings
from pipeline.mt import open_engine
from pipeline.mt.protect import mask, restore

pytestmark = pytest.mark.skipif(shutil.which("apertium") is None, reason="Apertium is not installed (make setup-test)")


def test_english_to_spanish_strips_and_reports_unknown_words() -> None:
    engine = open_engine("apertium", "en", "es", MTSettings())
    assert engine.description.startswith("apertium eng-spa (apertium 3.")
    docile, unknown = engine.translate(["The people are not docile.", "The broadness of the provocateurs grows."])
    assert docile.text == "Las personas no son dóciles."
    assert unknown.unknown_words == ("broadness", "provocateurs")
    assert "*" not in unknown.text and "broadness" in unknown.text


def test_inline_markup_and_masks_survive() -> None:
    engine = open_engine("apertium", "en", "es", MTSettings())
    source = "See [the *new* site](https://example.org/a_b) or write to info@example.org & <friends>."
    masked = mask(source)
    (output,) = engine.translate([masked.text])
    restored = restore(output.text, masked)
    assert "](https://example.org/a_b)" in restored and restored.startswith("Ver [")
    assert "*" in restored and "info@example.org" in restored and "& <friends>" in restored


def test_english_to_french_chains_through_spanish_and_keeps_names() -> None:
    engine = open_engine("apertium", "en", "fr", MTSettings())
    assert engine.description.startswith("apertium eng-spa (apertium 3.") and engine.description.endswith(" then es-fr")
    (output,) = engine.translate(["Maduro and the people are not docile."])
    assert output.text.startswith("Maduro ")  # unknown to eng-spa, hidden from es-fr: not "Mûr"
    assert "personnes" in output.text
    assert output.unknown_words[0] == "Maduro"


def test_one_apertium_process_per_catalog(project: Path, tmp_path: Path) -> None:
    log = tmp_path / "calls.log"
    shim = tmp_path / "bin" / "apertium"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {shutil.which("apertium")} "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    assert run_pipeline(project, "update", "--lang", "es").returncode == 0
    env = {"PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}"}
    result = run_pipeline(project, "translate", "--engine", "apertium", "--lang", "es", env=env)
    assert result.returncode == 0, result.stderr
    translations = [line for line in log.read_text().splitlines() if line.startswith("-f html")]
    catalogs = sorted((project / "locales/es/LC_MESSAGES").glob("*.po"))
    assert translations == ["-f html eng-spa"] * len(catalogs)
    for po in catalogs:
        entries = [e for e in read_catalog(po) if not e.obsolete]
        assert entries and all(e.fuzzy and e.msgstr for e in entries)
        assert all(e.machine_provenance.startswith("machine translation: apertium eng-spa (apertium 3.") for e in entries)
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)], check=True)
