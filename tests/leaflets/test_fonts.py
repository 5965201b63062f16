"""Font stacks chosen from what is installed (real fontconfig, real Noto fonts), and the coverage message."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fontTools import unicodedata as ucd

from pipeline.leaflets import fonts


def test_each_script_gets_its_own_noto_family_in_its_conventional_style() -> None:
    assert fonts.font_stack("bn").serif[:2] == ("Noto Serif Bengali", "Noto Sans Bengali")
    assert fonts.font_stack("ta").sans[0] == "Noto Sans Tamil"
    assert fonts.font_stack("am").serif[0] == "Noto Serif Ethiopic"
    assert fonts.font_stack("ur").serif[0] == fonts.font_stack("ur").sans[0] == "Noto Nastaliq Urdu"
    assert fonts.font_stack("fa").serif[0] == "Noto Naskh Arabic"
    assert fonts.font_stack("or").serif[0] == "Noto Sans Oriya", "a script with no serif uses its sans for the body"
    assert fonts.font_stack("zh_Hant_HK").serif[0] == "Noto Serif CJK HK"
    assert fonts.font_stack("el").serif[-1] == "DejaVu Serif" and fonts.font_stack("el").sans[-1] == "DejaVu Sans"
    assert fonts.font_stack("hi") == fonts.font_stack("hi"), "same inputs, same stack"


def _script_families() -> list[tuple[str, str]]:
    """(family, script code) of every installed "Noto Sans <Script>" family named after a Unicode script."""
    found = []
    for family in fonts.installed_fonts():
        if family.startswith("Noto Sans "):
            code = ucd.script_code(family[len("Noto Sans ") :].replace(" ", "_"), default=None)
            if code and code not in ("Zyyy", "Zinh", "Latn", "Grek", "Cyrl"):
                found.append((family, code))
    return found


def test_every_installed_noto_script_covers_text_in_that_script() -> None:
    families = _script_families()
    assert len(families) > 100, "fonts-noto-core is installed"
    failures = []
    for family, code in families:
        path, index = fonts.installed_fonts()[family]
        letters = [chr(c) for c in sorted(fonts._cmap(path, index)) if ucd.script(chr(c)) == code][:20]
        text = "".join(letters)
        stack = fonts.font_stack("en", text)
        if not letters or fonts.uncovered(text, stack):
            failures.append(family)
    assert not failures


def test_coverage_message_names_a_few_counts_the_rest_and_says_what_to_install() -> None:
    stack = fonts.font_stack("en")
    private = [chr(0xE000 + i) for i in range(900)]
    message = fonts.coverage_problem(private, stack)
    assert message.startswith("no installed font covers U+E000 <unassigned> ('\\ue000'), U+E001")
    assert "and 895 more" in message and "U+E005" not in message
    assert message.endswith("replace the character")
    assert len(message) < 400

    emoji = fonts.coverage_problem(["\U0001f600"], stack)
    installed = subprocess.run(["dpkg-query", "-W", "-f", "${Status}", "fonts-noto-color-emoji"], capture_output=True, text=True)
    if installed.stdout.endswith(" installed"):
        pytest.skip("fonts-noto-color-emoji is installed here")
    assert "U+1F600 GRINNING FACE" in emoji and emoji.endswith("install the Debian package fonts-noto-color-emoji")


def test_fontconfig_is_asked_once_per_process() -> None:
    fonts.installed_fonts()
    before = fonts._faces.cache_info()
    for lang in ("ar", "bn", "ja", "th"):
        fonts.font_stack(lang, "Ελληνικά русский ᚠᚢᚦ")
    after = fonts._faces.cache_info()
    assert after.misses == before.misses and after.hits > before.hits


def test_coverage_check_names_what_no_font_covers() -> None:
    text = "Tagalog: Ang bayan. العربية Ελληνικά русский हिन्दी 中文 日本語 한국어 ไทย עברית\u200f\u00ad \ue000 x \U000f0001"
    stack = fonts.font_stack("ar", text)
    assert stack.serif[0] == "Noto Naskh Arabic" and stack.serif[-1] == "DejaVu Serif"
    missing = fonts.uncovered(text, stack)
    assert missing == ["\ue000", "\U000f0001"]
    assert fonts.describe("\ue000") == "U+E000 <unassigned>"


def test_the_fonts_digest_changes_when_a_font_is_added_or_replaced(tmp_path: Path) -> None:
    """The rebuild stamps' fonts digest lists no charsets: a new or replaced font file must still change it."""
    import os
    import shutil
    import sys

    folder = tmp_path / "fonts"
    folder.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<include>/etc/fonts/fonts.conf</include><dir>{folder}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )

    def digest() -> str:
        script = "from pipeline.leaflets import fonts; print(fonts.fonts_digest())"
        env = {"PATH": "/usr/bin:/bin", "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}
        return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env).stdout.strip()

    sans, serif = (fonts.installed_fonts()[family][0] for family in ("DejaVu Sans", "DejaVu Serif"))
    empty = digest()
    shutil.copyfile(sans, folder / "extra.ttf")
    added = digest()
    os.utime(folder / "extra.ttf", (1_000_000_000, 1_000_000_000))  # the same face from a file written at another time
    touched = digest()
    shutil.copyfile(serif, folder / "extra.ttf")
    replaced = digest()
    assert len({empty, added, touched, replaced}) == 4
    assert digest() == replaced
