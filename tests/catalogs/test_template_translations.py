"""The leaflet template's words ship translated and reviewed for many languages, gettext-clean."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support import REPO

from pipeline.catalogs.reading import read_catalog
from pipeline.catalogs.template_words import PLACEHOLDER, SHIPPED, shipped_catalog, word_list
from pipeline.config import load_config

CATALOGS = sorted(SHIPPED.glob("*.po"))
CONFIGURED = ("es", "tl", "fr")
COMMON = ("ar", "de", "pt", "it", "zh", "ja", "ko", "ru", "hi", "bn", "ur", "fa", "tr", "id", "vi", "sw", "am", "he", "pl", "uk", "ta", "th")


def test_the_configured_and_twenty_common_languages_ship() -> None:
    shipped = {path.stem for path in CATALOGS}
    assert set(CONFIGURED) <= shipped
    assert set(COMMON) <= shipped and len(shipped - set(CONFIGURED)) >= 20


@pytest.mark.parametrize("path", CATALOGS, ids=[p.stem for p in CATALOGS])
def test_every_shipped_catalog_is_reviewed_complete_and_gettext_clean(path: Path) -> None:
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    assert subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout == path.read_bytes()
    text = path.read_text(encoding="utf-8")
    assert '"Last-Translator: pipeline project translators\\n"' in text
    assert f'"Language: {path.stem}\\n"' in text
    entries = {entry.msgid: entry for entry in read_catalog(path)}
    for word in word_list(load_config(REPO)):
        entry = entries[word.msgid]
        assert entry.msgstr.strip() and not entry.fuzzy, word.key
        assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(PLACEHOLDER.findall(word.msgid)), word.key
        assert "machine translation:" not in " ".join(entry.extracted_comments)


@pytest.mark.parametrize(
    ("lang", "shipped"),
    [("es", "es"), ("pt_BR", "pt"), ("zh_Hans", "zh"), ("zh_CN", "zh"), ("zh_TW", "zh_Hant"), ("zh_Hant", "zh_Hant"), ("xh", None)],
)
def test_a_regional_code_finds_its_language(lang: str, shipped: str | None) -> None:
    found = shipped_catalog(lang)
    assert (found.stem if found else None) == shipped
