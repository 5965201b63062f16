"""User mistakes end with `path:line: message`, a non-zero exit and every file as it was (issue 3, item 8)."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest
from support import tree_digest

from pipeline.cli import main

SLUG = "dockers"


def _po(project: Path, lang: str = "es") -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"


def _update(project: Path) -> tuple[int, str]:
    """`pipeline update` run in this process (the real entry point), from the project folder as a user would."""
    err = io.StringIO()
    cwd = os.getcwd()
    os.chdir(project)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            status = main(["--root", str(project), "update"])
    finally:
        os.chdir(cwd)
    return status, err.getvalue()


def _cli(project: Path, *args: str) -> tuple[int, str, str]:
    """Any command run in this process from the project folder: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(project)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["--root", str(project), *args])
    finally:
        os.chdir(cwd)
    return status, out.getvalue(), err.getvalue()


def _assert_refused(project: Path, expected_location: str, words: str) -> None:
    before = tree_digest(project)
    status, stderr = _update(project)
    assert status != 0
    assert "Traceback" not in stderr
    first_line = stderr.strip().splitlines()[0]
    assert first_line.startswith(expected_location), first_line
    assert words in first_line
    assert tree_digest(project) == before


@pytest.fixture
def updated(project: Path) -> Path:
    assert _update(project)[0] == 0
    return project


def test_invalid_front_matter(updated: Path) -> None:
    source = updated / "sources" / f"{SLUG}.md"
    source.write_text(source.read_text().replace("date: 2026-02-03", "date: [2026-02-03"), encoding="utf-8")
    _assert_refused(updated, "sources/dockers.md:", "invalid front matter")


def test_front_matter_field_of_the_wrong_type(updated: Path) -> None:
    source = updated / "sources" / f"{SLUG}.md"
    source.write_text(source.read_text().replace("date: 2026-02-03", "date: soon"), encoding="utf-8")
    _assert_refused(updated, "sources/dockers.md:3:", "'date' must be a date")


def test_missing_front_matter(updated: Path) -> None:
    (updated / "sources" / "bare.md").write_text("Just text.\n", encoding="utf-8")
    _assert_refused(updated, "sources/bare.md:1:", "front matter")


def test_source_that_is_not_utf8(updated: Path) -> None:
    source = updated / "sources" / f"{SLUG}.md"
    source.write_bytes(source.read_bytes().replace(b"The port", "The p\xf6rt".encode("latin-1")))
    _assert_refused(updated, "sources/dockers.md:10:", "not valid UTF-8")


def _break_po(project: Path, old: str, new: str) -> None:
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(project: Path, needle: str) -> int:
    return _po(project).read_text(encoding="utf-8").split("\n").index(needle) + 1


def test_po_with_unterminated_string(updated: Path) -> None:
    _break_po(updated, 'msgid "Our demands"', 'msgid "Our demands')
    line = _line_of(updated, 'msgid "Our demands')
    _assert_refused(updated, f"locales/es/LC_MESSAGES/dockers.po:{line}:", "not terminated")


def test_po_with_duplicate_msgid(updated: Path) -> None:
    _break_po(updated, 'msgid "Our demands"\nmsgstr ""', 'msgid "Our demands"\nmsgstr ""\n\nmsgid "Our demands"\nmsgstr "dup"')
    line = _line_of(updated, 'msgid "Our demands"') + 3
    _assert_refused(updated, f"locales/es/LC_MESSAGES/dockers.po:{line}:", "duplicate message definition")


def test_po_with_broken_plural_forms(updated: Path) -> None:
    _break_po(updated, "plural=(n != 1);", "plural=(n != 1;")
    line = _line_of(updated, '"Plural-Forms: nplurals=2; plural=(n != 1;\\n"')
    _assert_refused(updated, f"locales/es/LC_MESSAGES/dockers.po:{line}:", "Plural-Forms")


def test_po_whose_charset_header_lies(updated: Path) -> None:
    po = _po(updated)
    po.write_bytes(po.read_bytes().replace(b'msgid "Our demands"\nmsgstr ""', 'msgid "Our demands"\nmsgstr "Nuestras exigencías"'.encode("latin-1")))
    line = _line_of_bytes(po, b'msgstr "Nuestras')
    _assert_refused(updated, f"locales/es/LC_MESSAGES/dockers.po:{line}:", "not valid UTF-8")


def _line_of_bytes(path: Path, needle: bytes) -> int:
    data = path.read_bytes()
    return data.count(b"\n", 0, data.index(needle)) + 1


def test_broken_configuration(updated: Path) -> None:
    config = updated / "pipeline.toml"
    config.write_text(config.read_text().replace('languages = ["es", "tl", "fr"]', 'languages = ["es", "xx-nope"]'))
    _assert_refused(updated, "pipeline.toml:", "unknown language code")


COMMANDS = ("update", "check", "pdf", "pot", "status")


def _edit_config(project: Path, old: str, new: str) -> int:
    """Replace `old` by `new` in pipeline.toml; the 1-based line where `new` starts."""
    config = project / "pipeline.toml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    config.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("beam-size = 4", 'beam-size = "four"', "[mt] beam-size must be a whole number from 1 to 64, not 'four'"),
        ('sources = "sources"', "sources = 5", "[paths] sources must be non-empty text in quotes, not 5"),
        ("beam-size = 4", "beam_size = 4", "unknown setting 'beam_size' in [mt]; did you mean 'beam-size'?"),
        ("[paths]", "[path]", "unknown section [path]; did you mean [paths]?"),
        ('source-language = "en"', 'source-languages = "en"', "unknown setting 'source-languages'; did you mean 'source-language'?"),
        ('languages = ["es", "tl", "fr"]', 'languages = "es"', 'languages must be a list of language codes in quotes, like ["es", "fr"], not \'es\''),
        ('device = "auto"', 'device = "gpu"', "[mt] device must be one of 'cpu', 'cuda', 'auto', not 'gpu'"),
        ("draft-minimum = 50", "draft-minimum = 150", "[pdf] draft-minimum must be a number from 0 to 100 (a percentage), not 150"),
        ("threads = 0", "threads = true", "[mt] threads must be a whole number from 0 to 1024, not true"),
        ("[release]", "[release]\nes = \"all\"", "[release] es must be a number from 0 to 100 (percent reviewed), not 'all'"),
        ('add-location = "full"', 'add-location = "some"', "[catalogs] add-location must be one of 'full', 'file', 'never', not 'some'"),
    ],
)
def test_configuration_values_are_checked(updated: Path, old: str, new: str, message: str) -> None:
    line = _edit_config(updated, old, new)
    line += 1 if message.startswith("[release]") else 0  # the key sits under the header it adds
    before = tree_digest(updated)
    command = COMMANDS[len(message) % len(COMMANDS)]  # every command loads the configuration the same way
    status, _out, err = _cli(updated, command)
    assert status == 1, (command, err)
    assert err.strip() == f"pipeline.toml:{line}: {message}", command
    assert tree_digest(updated) == before


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("date: 2026-02-03", "date: 2026-13-40", 3, "'date' is not a real date (month must be in 1..12); write it YYYY-MM-DD"),
        ("date: 2026-02-03", "date: 2026-02-30", 3, "'date' is not a real date (day is out of range for month); write it YYYY-MM-DD"),
        ("author: Example Alliance", "subtitel: Example Alliance", 4, "unknown front-matter field 'subtitel'; did you mean 'subtitle'?"),
        ("signatories:", "signatory:", 5, "unknown front-matter field 'signatory'; did you mean 'signatories'?"),
        ("date: 2026-02-03\n", "", 1, "front matter needs a non-empty 'date' (add a line `date: …` between the '---' lines)"),
        ('title: "Solidarity with the dock workers"\n', "", 1, "front matter needs a non-empty 'title' (add a line `title: …` between the '---' lines)"),
        ("author: Example Alliance", "pages: 0", 4, "'pages' (the page budget) must be a whole number ≥ 1"),
    ],
)
def test_front_matter_is_checked(updated: Path, old: str, new: str, line: int, message: str) -> None:
    source = updated / "sources" / f"{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = tree_digest(updated)
    command = COMMANDS[len(message) % len(COMMANDS)]
    status, _out, err = _cli(updated, command)
    assert status == 1, (command, err)
    assert err.strip() == f"sources/{SLUG}.md:{line}: {message}", command
    assert tree_digest(updated) == before


def test_a_nul_byte_in_a_source_is_refused_at_its_line(updated: Path) -> None:
    source = updated / "sources" / f"{SLUG}.md"
    source.write_bytes(source.read_bytes().replace(b"We demand an end", b"We demand\x00 an end"))
    _assert_refused(updated, f"sources/{SLUG}.md:14:", "contains a NUL character (U+0000)")


def test_temp_files_of_an_interrupted_write_are_removed(updated: Path) -> None:
    folder = updated / "locales" / "es" / "LC_MESSAGES"
    left = folder / f".{SLUG}.po.k3j_x9qa.tmp"
    left.write_text("half a catalog", encoding="utf-8")
    mine = folder / "notes.tmp"  # not one of ours: kept
    mine.write_text("a translator's file", encoding="utf-8")
    status, _out, err = _cli(updated, "update")
    assert status == 0, err
    assert not left.exists() and mine.exists()
    assert f"locales/es/LC_MESSAGES/.{SLUG}.po.k3j_x9qa.tmp: removed (a temporary file an interrupted run left behind)" in err


def test_a_nul_byte_in_a_translation_is_one_clean_message_everywhere(updated: Path) -> None:
    _break_po(updated, 'msgid "Our demands"\nmsgstr ""', 'msgid "Our demands"\nmsgstr "Nuestras\x00 exigencias"')
    line = _line_of(updated, 'msgstr "Nuestras\x00 exigencias"')
    before = tree_digest(updated)
    messages = set()
    for args in (("update",), ("pdf", "--lang", "es"), ("check",), ("status",), ("translate", "--engine", "apertium", "--lang", "es")):
        status, out, err = _cli(updated, *args)
        assert status != 0, args
        found = [text for text in (out + err).splitlines() if f"locales/es/LC_MESSAGES/{SLUG}.po:{line}:" in text]
        assert found and ("NUL" in found[0] or "U+0000" in found[0]), (args, out + err)
        messages.add(found[0].split(f"{SLUG}.po:{line}: ", 1)[1].removeprefix("[parse] "))
    assert len(messages) == 1, messages  # one message, whichever command meets the byte
    assert tree_digest(updated) == before
