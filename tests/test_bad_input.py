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
