"""`pipeline check` on a real project: passes when all is well, fails with the documented exit status otherwise.

Exit statuses: 0 passed, 3 catalog invalid, 4 stale, 5 quality errors,
6 below threshold; the most serious wins. Nothing is ever written.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import REPO, run_pipeline, tree_digest

from pipeline.catalogs.reading import read_catalog
from pipeline.catalogs.suggestions import write_suggestions
from pipeline.cli import build_parser, main
from pipeline.config import load_config
from pipeline.files import locked
from pipeline.gate.run import catalog_statuses
from pipeline.model import MT_PROVENANCE_PREFIX, Suggestion

SLUG = "dockers"


def po(root: Path, lang: str = "es") -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"


def check(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    before = tree_digest(root)
    status = main(["--root", str(root), "check", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert tree_digest(root) == before, "check must not change any file"
    return status, out


def set_translation(path: Path, msgid: str, msgstr: str, *, comment: str = "") -> int:
    """Give one entry a reviewed translation by editing the file as a translator would; returns its msgid line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index(f'msgid "{msgid}"')
    assert lines[index + 1] == 'msgstr ""'
    lines[index + 1] = f'msgstr "{msgstr}"'
    if comment:  # a translator comment comes first in an entry, as msgcat and translation editors write it
        start = index
        while start > 0 and lines[start - 1].startswith("#"):
            start -= 1
        lines.insert(start, f"# {comment}")
        index += 1
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def configure(root: Path, table: str, setting: str) -> None:
    """Add `setting` to the existing `[table]` of the project's pipeline.toml."""
    config = root / "pipeline.toml"
    text = config.read_text(encoding="utf-8")
    assert f"\n[{table}]\n" in text
    config.write_text(text.replace(f"\n[{table}]\n", f"\n[{table}]\n{setting}\n"), encoding="utf-8")


@pytest.fixture
def updated(project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["--root", str(project), "update"]) == 0
    capsys.readouterr()
    return project


def test_fresh_project_passes(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = check(updated, capsys)
    assert status == 0, out
    assert re.fullmatch(r"check passed: \d+ catalogs, 0 errors, 0 warnings", out.rstrip().splitlines()[-1]), out
    assert re.search(r"^dockers\s+es\s+0\s+0\s+0\s+\d+\s+0\s+\d+\s+0% translated \(needs 0%\) ok$", out, re.MULTILINE), out


def test_edited_source_makes_catalogs_stale(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = updated / "sources" / f"{SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("fair wages", "decent wages"), encoding="utf-8")
    status, out = check(updated, capsys)
    assert status == 4, out
    assert "locales/dockers.pot: [stale] the POT would change for the current sources; run `pipeline update`" in out
    assert re.search(r"^locales/es/LC_MESSAGES/dockers\.po: \[stale\] lacks 1 entry the POT has \(first: 'We demand \*safe work\* and decent wages\.' from sources/dockers\.md:\d+\); run `pipeline update`$", out, re.MULTILINE), out  # noqa: E501
    assert re.search(r"^locales/es/LC_MESSAGES/dockers\.po:\d+: \[stale\] 1 entry is no longer in the source", out, re.MULTILINE), out
    assert "stale: run `pipeline update` (or `make update`) and commit the catalogs it changes" in out
    assert main(["--root", str(updated), "update"]) == 0
    assert check(updated, capsys)[0] == 0


def test_catalog_missing_an_entry_is_stale(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = po(updated, "fr")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'\n(#[^\n]*\n)*msgid "Stop the arms shipments\."\nmsgstr ""\n', "\n", text), encoding="utf-8")
    status, out = check(updated, capsys)
    assert status == 4
    assert "locales/fr/LC_MESSAGES/dockers.po: [stale] lacks 1 entry the POT has (first: 'Stop the arms shipments.'" in out


def test_missing_catalog_is_stale(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po(updated, "tl").unlink()
    status, out = check(updated, capsys)
    assert status == 4
    assert "locales/tl/LC_MESSAGES/dockers.po: [stale] no 'tl' catalog yet; run `pipeline update`" in out


def test_release_language_must_be_reviewed(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(updated, "release", "es = 100")
    status, out = check(updated, capsys)
    assert status == 6, out
    assert "locales/es/LC_MESSAGES/dockers.po: [threshold] 0.0% of entries reviewed; 'es' needs 100% ([release] es)" in out
    assert "below threshold: review or translate more entries" in out


def test_machine_suggestions_count_as_translated_not_reviewed(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_path = updated / "pipeline.toml"
    config_path.write_text(config_path.read_text(encoding="utf-8").replace("minimum-translated = 0", "minimum-translated = 50"), encoding="utf-8")
    status, out = check(updated, capsys)
    assert status == 6
    assert "locales/tl/LC_MESSAGES/dockers.po: [threshold] 0.0% of entries translated; 'tl' needs 50% ([check] minimum-translated)" in out
    config = load_config(updated)
    with locked(config.root):
        for path in sorted(config.locales_dir.glob("*/LC_MESSAGES/*.po")):
            suggestions = [
                Suggestion(e.context, e.msgid, e.msgid, (f"{MT_PROVENANCE_PREFIX} test engine 1.0",))
                for e in read_catalog(path)
            ]
            assert write_suggestions(path, suggestions) == len(suggestions)
    status, out = check(updated, capsys)
    assert status == 0, out
    assert "100% translated (needs 50%) ok" in out
    configure(updated, "release", "es = 100")
    assert check(updated, capsys)[0] == 6


def test_quality_error_on_a_reviewed_entry(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = set_translation(po(updated), "We demand *safe work* and fair wages.", "Exigimos trabajo seguro y salarios justos.")
    status, out = check(updated, capsys)
    assert status == 5, out
    assert f"locales/es/LC_MESSAGES/dockers.po:{line}: [markup] markup missing in translation: *emphasis*" in out
    assert "quality errors: fix the translations, or silence one entry with a translator comment `# pipeline-ignore: CHECK`" in out


def test_pipeline_ignore_comment_lets_the_gate_pass(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_translation(po(updated), "We demand *safe work* and fair wages.", "Exigimos trabajo seguro y salarios justos.",
                    comment="pipeline-ignore: markup")
    status, out = check(updated, capsys)
    assert status == 0, out
    assert "[markup]" not in out


def test_most_serious_failure_wins(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(updated, "release", "es = 100")
    set_translation(po(updated), "We demand *safe work* and fair wages.", "Exigimos trabajo seguro y salarios justos.")
    po(updated, "tl").unlink()
    path = po(updated, "fr")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    status, out = check(updated, capsys)
    assert status == 3
    summary = [line for line in out.splitlines() if line.startswith("check failed")]
    assert summary == [summary[0]] and "catalog invalid (3), stale (4), quality errors (5), below threshold (6)" in summary[0]


def test_stray_catalog_is_validated_and_flagged(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stray = po(updated, "de")
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"\xef\xbb\xbf" + po(updated).read_bytes())
    status, out = check(updated, capsys)
    assert status == 3
    assert "locales/de/LC_MESSAGES/dockers.po:1: [encoding] byte-order mark" in out
    assert "locales/de/LC_MESSAGES/dockers.po: warning: [stray]" in out
    unknown = po(updated, "not-a-language")
    unknown.parent.mkdir(parents=True)
    unknown.write_bytes(po(updated).read_bytes())
    status, out = check(updated, capsys)
    assert status == 3
    assert re.search(r"^locales/not-a-language/LC_MESSAGES/dockers\.po:\d+: \[header\] Language is 'es', but the catalog sits in the folder for 'not-a-language'$", out, re.MULTILINE), out  # noqa: E501


def test_report_to_a_file(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = updated / "build" / "gate.xml"
    status = main(["--root", str(updated), "check", "--format", "junit", "--output", str(target)])
    out, err = capsys.readouterr()
    assert status == 0 and out == ""
    assert "check passed" in err
    assert target.read_text(encoding="utf-8").startswith("<?xml")


def test_real_command_line(updated: Path) -> None:
    """The installed entry point, as `make check` runs it: registration, exit status, stderr clean."""
    configure(updated, "release", "fr = 90")
    result = run_pipeline(updated, "check", "--format", "github")
    assert result.returncode == 6
    assert result.stderr == ""
    assert "::error file=locales/fr/LC_MESSAGES/dockers.po,title=[threshold] below threshold::0.0%25 of entries reviewed; 'fr' needs 90%25" in result.stdout
    usage = run_pipeline(updated, "check", "--format", "yaml")
    assert usage.returncode == 2 and "invalid choice" in usage.stderr


def test_status_chart(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(updated), "status"]) == 0
    assert capsys.readouterr().out == "build/status.svg: written\n"
    svg = (updated / "build" / "status.svg").read_text(encoding="utf-8")
    catalogs = catalog_statuses(load_config(updated))
    assert {c.lang for c in catalogs} == {"es", "tl", "fr"}
    assert svg.count("entries untranslated (100%)") == len(catalogs)
    assert main(["--root", str(updated), "status"]) == 0
    assert capsys.readouterr().out == "build/status.svg: up to date\n"


def test_shipped_hook_and_workflow_run_the_gate(updated: Path) -> None:
    """`.pre-commit-hooks.yaml` and the GitHub workflow call commands that exist and gate this project."""
    repo = REPO
    (hook,) = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["pass_filenames"] is False and hook["language"] == "python"
    program, *args = shlex.split(hook["entry"])
    result = subprocess.run([str(Path(sys.executable).parent / program), *args], cwd=updated, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "catalog-gate.yml").read_text(encoding="utf-8"))
    commands = [
        shlex.split(line)[3:]
        for step in workflow["jobs"]["check"]["steps"]
        for line in step.get("run", "").splitlines()
        if line.startswith("python -m pipeline ")
    ]
    assert ["check", "--format", "github"] in commands
    for command in commands:
        build_parser().parse_args([c for c in command if c not in ("||", "true")])


def test_glossary_terms_are_warnings(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (updated / "glossary.tsv").write_text("# source\tlanguage\ttarget\nblockade\tes\tbloqueo\n", encoding="utf-8")
    line = set_translation(po(updated), "We demand an end to the blockade.", "Exigimos el fin del asedio.")
    status, out = check(updated, capsys)
    assert status == 0, out
    assert f"locales/es/LC_MESSAGES/dockers.po:{line}: warning: [glossary] glossary term 'blockade' should be translated as 'bloqueo'" in out


def test_a_broken_glossary_is_a_configuration_error(updated: Path) -> None:
    (updated / "glossary.tsv").write_text("blockade\tes\tbloqueo\nport\t*\n", encoding="utf-8")
    result = run_pipeline(updated, "check")
    assert result.returncode == 1
    assert result.stderr.startswith("glossary.tsv:2: expected 3 tab-separated fields")


def test_typography_damage_on_a_reviewed_entry_fails_the_gate(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = set_translation(po(updated), "Stop the arms shipments.", "Detengan los envíos de armas de EE.UU..")
    other = set_translation(po(updated), "Free the detained workers.", "Liberen a los trabajadores detenidos .")
    status, out = check(updated, capsys)
    assert status == 5, out
    assert f"locales/es/LC_MESSAGES/dockers.po:{line}: [doubled-punctuation] doubled punctuation in translation: '..'" in out
    assert f"locales/es/LC_MESSAGES/dockers.po:{other}: [spacing] space before '.' in translation (not in source)" in out


def test_a_catalog_update_would_rewrite_is_stale(updated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = po(updated)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("#: sources/dockers.md:14\n", "#: sources/dockers.md:99\n", 1), encoding="utf-8")
    status, out = check(updated, capsys)
    assert status == 4, out
    line = path.read_text(encoding="utf-8").split("\n").index("#: sources/dockers.md:99") + 1
    assert f"locales/es/LC_MESSAGES/dockers.po:{line}: [stale] `pipeline update` would rewrite this catalog from here" in out
    assert main(["--root", str(updated), "update"]) == 0
    assert check(updated, capsys)[0] == 0
