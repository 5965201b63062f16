"""The project glossary file: its format, its errors, and which terms apply to a language."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import REPO

from pipeline.catalogs.glossary import load_glossary
from pipeline.errors import ConfigError


def test_language_lines_override_star_lines(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text("# names\nNATO\t*\tkeep\nNATO\tes\tOTAN\n\nILPS\t*\tkeep\n", encoding="utf-8")
    glossary = load_glossary(path)
    es = {t.source: t.target for t in glossary.for_language("es")}
    tl = {t.source: t.target for t in glossary.for_language("tl")}
    assert es == {"NATO": "OTAN", "ILPS": "keep"}
    assert tl == {"NATO": "keep", "ILPS": "keep"}


def test_missing_file_is_an_empty_glossary(tmp_path: Path) -> None:
    assert load_glossary(tmp_path / "none.tsv").terms == ()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("ILPS\t*\tkeep\nIWA keep\n", 2, "expected 3 tab-separated fields"),
        ("ILPS\tSpanish\tkeep\n", 1, "'Spanish' is not a language code"),
        ("ILPS\t*\t\n", 1, "the target is empty"),
        ("# x\nILPS\t*\tkeep\nILPS\t*\tkeep\n", 3, "already defined at line 2"),
        (" ILPS\t*\tkeep\n", 1, "spaces around it"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_glossary(path)
    assert raised.value.line == line
    assert message in raised.value.message


def test_the_repository_glossary_is_valid() -> None:
    kept = {t.source for t in load_glossary(REPO / "glossary.tsv").for_language("fr") if t.keep}
    assert {"ILPS", "IWA", "Bayan"} <= kept
