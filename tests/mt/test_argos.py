"""`pipeline translate` with a real, generated Argos package, installed by `pipeline models install`.

The package's model copies its input, swapping "people" for "pueblo" and "twice" for
the text "{0}" (see tests/argos_builder.py), so every suggestion is predictable:
masks that must come back do, and a sentence with "twice" gets an invented mask and
is refused. Packages live in a temporary folder (`argos_env`); test_argos_compat.py shows
argostranslate's own install code and ours agree.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import polib
import pytest
from support import REPO, run_pipeline
from support.argos_builder import argos_env, build_package

from pipeline.catalogs.reading import read_catalog
from pipeline.provenance import provenance_note

STATEMENT = textwrap.dedent(
    """\
    ---
    title: "The people are not docile"
    date: 2026-02-03
    ---

    The people of the world rise, as the *ILPS* says at [our site](https://ilps.example/call) and info@ilps.example since 2026.

    We said it twice. Free the detained workers. Stop the arms shipments.

    A translator wrote this one. A translator is still working on this one.
    """
)
PROVENANCE = "machine translation: argos translate-en_es 1.0"
PROBE = (
    "import sys\nfrom pipeline.cli import main\nstatus = main(sys.argv[1:])\n"
    "print('modules:', *sorted(m for m in ('torch', 'stanza', 'spacy', 'ctranslate2') if m in sys.modules), file=sys.stderr)\n"
    "sys.exit(status)\n"
)


@pytest.fixture(scope="module")
def argos_home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A private argostranslate folder holding en->es, es->en and en->tl test packages."""
    home = tmp_path_factory.mktemp("argos")
    env = argos_env(home)
    built = home / "built"
    en_es = build_package(built, "en", "es", corpus=STATEMENT.splitlines(), swaps={"people": "pueblo", "twice": "{0}"})
    es_en = build_package(built, "es", "en", corpus=["El pueblo no es dócil."], swaps={"pueblo": "people"})
    en_tl = build_package(built, "en", "tl", corpus=["The people are not docile."], swaps={"people": "tao"}, target_prefix="__tl__")
    root = home / "no-project"
    root.mkdir()
    result = run_pipeline(root, "models", "install", str(en_es), env=env)
    assert result.returncode == 0, result.stderr
    assert "installed translate-en_es 1.0 (en->es)" in result.stdout
    script = "import sys\nfrom pathlib import Path\nfrom pipeline.mt import packages\nfor p in sys.argv[1:]: packages.install(Path(p))\n"
    subprocess.run([sys.executable, "-c", script, str(es_en), str(en_tl)], env={**os.environ, **env}, check=True, cwd=REPO)
    return env


def probe(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh interpreter that reports which heavy modules got imported."""
    return subprocess.run(
        [sys.executable, "-c", PROBE, "--root", str(root), *args],
        capture_output=True, text=True, cwd=root, env={**os.environ, **env}, timeout=600,
    )


def by_msgid(po: Path) -> dict[str, object]:
    return {e.msgid: e for e in read_catalog(po) if not e.obsolete}


def human_edits(po: Path, edits: dict[str, tuple[str, bool]]) -> None:
    """What a translator's editor would do: set msgstr, fuzzy or not (the test side may use polib)."""
    catalog = polib.pofile(str(po), wrapwidth=79)
    for entry in catalog:
        if entry.msgid in edits:
            entry.msgstr, fuzzy = edits[entry.msgid]
            if fuzzy and "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
    catalog.save()


@pytest.fixture
def es_project(project: Path, argos_home: dict[str, str]) -> Path:
    (project / "sources" / "dockers.md").unlink()
    (project / "sources" / "docile.md").write_text(STATEMENT, encoding="utf-8")
    assert run_pipeline(project, "update", "--lang", "es").returncode == 0
    human_edits(
        project / "locales/es/LC_MESSAGES/docile.po",
        {
            "A translator wrote this one.": ("Una traductora escribió esta.", False),
            "A translator is still working on this one.": ("Borrador de la traductora.", True),
        },
    )
    return project


def test_translate_fills_pending_entries_and_leaves_translators_alone(es_project: Path, argos_home: dict[str, str]) -> None:
    po = es_project / "locales/es/LC_MESSAGES/docile.po"
    before = by_msgid(po)
    result = probe(es_project, argos_home, "translate", "--engine", "argos", "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert "modules: ctranslate2" in result.stderr  # the model ran, and torch/stanza/spaCy were never imported
    entries = by_msgid(po)

    first = entries["The people of the world rise, as the *ILPS* says at [our site](https://ilps.example/call) and info@ilps.example since 2026."]
    assert first.msgstr == "The pueblo of the world rise, as the *ILPS* says at [our site](https://ilps.example/call) and info@ilps.example since 2026."
    assert first.fuzzy
    assert first.extracted_comments[1:] == (provenance_note(PROVENANCE, first.msgstr), "mt glossary: ILPS kept")

    echo = entries["Free the detained workers."]
    assert echo.fuzzy and echo.msgstr == "Free the detained workers."
    assert "mt warning: output is the source text unchanged" in echo.extracted_comments

    refused = entries["We said it twice."]
    assert refused.msgstr == "" and not refused.fuzzy
    assert f"docile.po:{refused.msgid_line}: left untranslated: the argos output invented {{0}}" in result.stderr

    for msgid in ("A translator wrote this one.", "A translator is still working on this one."):
        assert (entries[msgid].msgstr, entries[msgid].flags, entries[msgid].extracted_comments) == (
            before[msgid].msgstr, before[msgid].flags, before[msgid].extracted_comments
        )
    summary = result.stdout.splitlines()[0]
    assert re.match(r"es: \d+ machine suggestions \(argos translate-en_es 1\.0\), \d+ suspect .*, 1 left untranslated", summary)
    subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)], check=True)


def test_rerun_with_nothing_pending_loads_no_model_and_changes_nothing(es_project: Path, argos_home: dict[str, str]) -> None:
    po = es_project / "locales/es/LC_MESSAGES/docile.po"
    assert probe(es_project, argos_home, "translate", "--engine", "argos", "--lang", "es").returncode == 0
    human_edits(po, {"We said it twice.": ("Lo dijimos dos veces.", False)})
    settled = po.read_bytes()
    again = probe(es_project, argos_home, "translate", "--engine", "argos", "--lang", "es")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == "es: nothing to translate"
    assert again.stderr.strip() == "modules:"  # not even ctranslate2 was imported
    assert po.read_bytes() == settled


def test_changed_source_refreshes_the_machine_suggestion_only(es_project: Path, argos_home: dict[str, str]) -> None:
    po = es_project / "locales/es/LC_MESSAGES/docile.po"
    assert probe(es_project, argos_home, "translate", "--engine", "argos", "--lang", "es").returncode == 0
    source = es_project / "sources/docile.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Free the detained workers.", "Free all the detained people."), encoding="utf-8")
    assert run_pipeline(es_project, "update", "--lang", "es").returncode == 0
    result = probe(es_project, argos_home, "translate", "--engine", "argos", "--lang", "es")
    assert result.returncode == 0, result.stderr
    entries = by_msgid(po)
    fresh = entries["Free all the detained people."]
    assert fresh.msgstr == "Free all the detained pueblo." and fresh.fuzzy and fresh.previous_msgid is None
    assert fresh.extracted_comments[-1] == provenance_note(PROVENANCE, fresh.msgstr)
    assert entries["A translator wrote this one."].msgstr == "Una traductora escribió esta."


def test_pivot_through_english_with_a_target_prefix(argos_home: dict[str, str]) -> None:
    script = (
        "from pipeline.config import MTSettings\nfrom pipeline.mt import open_engine\n"
        "engine = open_engine('auto', 'es', 'tl', MTSettings(beam_size=2, threads=1))\n"
        "print(engine.description)\nprint(engine.translate(['El pueblo no es dócil.'])[0].text)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, env={**os.environ, **argos_home})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["argos translate-es_en 1.0 then translate-en_tl 1.0", "El tao no es dócil."]


def test_unusable_device_is_a_clear_error(es_project: Path, argos_home: dict[str, str]) -> None:
    config = es_project / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('device = "auto"', 'device = "cuda"'), encoding="utf-8")
    po = es_project / "locales/es/LC_MESSAGES/docile.po"
    before = po.read_bytes()
    result = run_pipeline(es_project, "translate", "--engine", "argos", "--lang", "es", env=argos_home)
    assert result.returncode == 1
    assert "docile.po: cannot load the model in" in result.stderr and "Traceback" not in result.stderr
    assert po.read_bytes() == before
