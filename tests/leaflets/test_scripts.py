"""Leaflets in many languages and scripts, read back as a reader's tools read them.

One project with one short statement and a catalog per language, built by the
real CLI in parallel; then, per language: the leaflet was built (so no
character lacked a font), every font is embedded and the script's own Noto
font is among them, the page runs in the language's direction (the page
number sits at the end of the foot: right for left-to-right, left for
right-to-left), and `pdftotext` gives back every translated sentence.

The text is real: each language's own name, its weekdays and a list of months
from CLDR (through Babel, with the language's own list pattern), and, for many
languages, a handwritten sentence: 35 languages in 24 scripts, built with the
build's parallel workers in about 20-30 s on two cores.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import time
import unicodedata
import zlib
from pathlib import Path

import pytest
from babel import Locale
from babel.lists import format_list
from support import REPO, run_pipeline

from pipeline.leaflets import fonts

SLUG = "unite"
TITLE = "Workers of the world"
SENTENCES = ("Workers of all countries, unite!", "The days of the week are these.", "The first months are these.")
STATEMENT = f"""---
title: "{TITLE}"
date: 2026-05-01
author: Example Alliance
signatories:
  - Example Alliance (EA)
---

{SENTENCES[0]} {SENTENCES[1]}

{SENTENCES[2]}
"""
# language → (script, the font family pdffonts must list, a handwritten sentence or "")
LANGUAGES: dict[str, tuple[str, str, str]] = {
    "es": ("Latn", "NotoSerif", "¡Proletarios de todos los países, uníos!"),
    "vi": ("Latn", "NotoSerif", "Vô sản toàn thế giới, đoàn kết lại!"),
    "yo": ("Latn", "NotoSerif", ""),
    "tr": ("Latn", "NotoSerif", "Bütün ülkelerin işçileri, birleşin!"),
    "ru": ("Cyrl", "NotoSerif", "Пролетарии всех стран, соединяйтесь!"),
    "uk": ("Cyrl", "NotoSerif", "Пролетарі всіх країн, єднайтеся!"),
    "el": ("Grek", "NotoSerif", "Προλετάριοι όλων των χωρών, ενωθείτε!"),
    "ar": ("Arab", "NotoNaskhArabic", "يا عمال العالم، اتحدوا!"),
    "fa": ("Arab", "NotoNaskhArabic", "کارگران جهان متحد شوید!"),
    "ur": ("Arab", "NotoNastaliqUrdu", "دنیا بھر کے مزدورو، ایک ہو جاؤ!"),
    "he": ("Hebr", "NotoSerifHebrew", "פועלי כל העולם, התאחדו!"),
    "hi": ("Deva", "NotoSerifDevanagari", "दुनिया के मज़दूरो, एक हो! परिवार और समाज।"),
    "mr": ("Deva", "NotoSerifDevanagari", ""),
    "ne": ("Deva", "NotoSerifDevanagari", ""),
    "bn": ("Beng", "NotoSerifBengali", "দুনিয়ার মজদুর, এক হও! পরিবার এবং সমাজ।"),
    "ta": ("Taml", "NotoSerifTamil", "உலகத் தொழிலாளர்களே, ஒன்றுபடுங்கள்!"),
    "te": ("Telu", "NotoSerifTelugu", ""),
    "kn": ("Knda", "NotoSerifKannada", ""),
    "ml": ("Mlym", "NotoSerifMalayalam", ""),
    "gu": ("Gujr", "NotoSerifGujarati", ""),
    "pa": ("Guru", "NotoSerifGurmukhi", ""),
    "or": ("Orya", "NotoSansOriya", ""),
    "si": ("Sinh", "NotoSerifSinhala", ""),
    "th": ("Thai", "NotoSerifThai", "คนงานทำงานหนักทุกวัน น้ำ คำถาม"),
    "lo": ("Laoo", "NotoSerifLao", ""),
    "km": ("Khmr", "NotoSerifKhmer", ""),
    "my": ("Mymr", "NotoSerifMyanmar", ""),
    "am": ("Ethi", "NotoSerifEthiopic", "የዓለም ሠራተኞች ሆይ፣ ተባበሩ!"),
    "ti": ("Ethi", "NotoSerifEthiopic", ""),
    "ka": ("Geor", "NotoSerifGeorgian", ""),
    "hy": ("Armn", "NotoSerifArmenian", ""),
    "zh": ("Hans", "NotoSerifCJKsc", "全世界无产者，联合起来！"),
    "zh_Hant": ("Hant", "NotoSerifCJKtc", "全世界無產者，聯合起來！"),
    "ja": ("Jpan", "NotoSerifCJKjp", "万国の労働者よ、団結せよ！"),
    "ko": ("Kore", "NotoSerifCJKkr", "만국의 노동자여, 단결하라!"),
}
CHOSEN = tuple(LANGUAGES)
RTL = {"ar", "fa", "ur", "he"}


def texts(lang: str) -> dict[str, str]:
    """msgid → the real text the leaflet in `lang` shows for it."""
    locale = Locale.parse(lang)
    days = list(locale.days["format"]["wide"].values())
    months = list(locale.months["format"]["wide"].values())[:4]
    handwritten = LANGUAGES[lang][2]
    return {
        TITLE: str(locale.get_display_name()),
        SENTENCES[0]: handwritten or " ".join(days[:3]),
        SENTENCES[1]: " ".join(days[3:]),
        SENTENCES[2]: format_list(months, locale=locale),
    }


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_catalog(root: Path, lang: str) -> None:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', f'"Language: {lang}\\n"', ""]
    for msgid, msgstr in texts(lang).items():
        lines += [f"msgid {_quote(msgid)}", f"msgstr {_quote(msgstr)}", ""]
    path = root / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str], float]:
    root = tmp_path_factory.mktemp("scripts") / "project"
    root.mkdir()
    shutil.copytree(REPO / "templates", root / "templates")
    config = (REPO / "pipeline.toml").read_text(encoding="utf-8")
    languages = ", ".join(f'"{lang}"' for lang in CHOSEN)
    config = re.sub(r"^pairs = .*\n", "", config, flags=re.M)  # the repository's bilingual editions name languages left out here
    (root / "pipeline.toml").write_text(re.sub(r"^languages = .*$", f"languages = [{languages}]", config, flags=re.M), encoding="utf-8")
    (root / "sources").mkdir()
    (root / "sources" / f"{SLUG}.md").write_text(STATEMENT, encoding="utf-8")
    for lang in CHOSEN:
        _write_catalog(root, lang)
    started = time.perf_counter()
    run = run_pipeline(root, "pdf", "--lang", ",".join(CHOSEN), env={"SOURCE_DATE_EPOCH": "1770076800"})
    return root, run, time.perf_counter() - started


def _pdf(root: Path, lang: str) -> Path:
    return root / "build" / "pdf" / f"{SLUG}.{lang}.pdf"


def _poppler(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def _squeeze(text: str) -> str:
    """NFC, no white space, no format characters (pdftotext wraps right-to-left lines in bidi embeddings)."""
    text = re.sub(r"[\u2010-]\n", "", text)
    return "".join(c for c in unicodedata.normalize("NFC", text) if not c.isspace() and unicodedata.category(c) != "Cf")


def _pieces(lang: str, msgstr: str) -> list[str]:
    """What must come back: the whole text, or in a right-to-left language each word, its letters in order.

    pdftotext orders the runs of a right-to-left line around neutral punctuation
    (commas, "!") by its own heuristics, and puts a combining mark (Persian
    hamza above, Arabic harakat, Hebrew points) before its letter, since it
    keeps a right-to-left cluster's characters in order only when all are
    letters: there the words are compared without marks, and the marks are
    checked in the PDF's /ActualText spans (`_actual_texts`).
    """
    if lang not in RTL:
        return [_squeeze(msgstr)]
    words = ("".join(c for c in word if not unicodedata.category(c).startswith(("P", "M"))) for word in msgstr.split())
    return [_squeeze(word) for word in words if word]


def _actual_texts(pdf: Path) -> set[str]:
    """Every /ActualText string of the PDF's content streams."""
    found: set[str] = set()
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf.read_bytes(), re.S):
        try:
            content = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        for hexa in re.findall(rb"/ActualText <feff([0-9a-f]*)>", content):
            found.add(bytes.fromhex(hexa.decode()).decode("utf-16-be"))
        found.update(text.decode("latin-1") for text in re.findall(rb"/ActualText \(([^)]*)\)", content))
    return found


def test_the_sample_spans_enough_languages_and_scripts() -> None:
    assert len(LANGUAGES) >= 30 and len({script for script, _, _ in LANGUAGES.values()}) >= 15


def test_every_language_builds(built: tuple[Path, subprocess.CompletedProcess[str], float]) -> None:
    root, run, seconds = built
    assert run.returncode == 0, run.stderr
    assert ".notdef" not in run.stdout + run.stderr
    missing = [lang for lang in CHOSEN if not _pdf(root, lang).exists()]
    assert not missing, run.stderr
    print(f"{len(CHOSEN)} leaflets in {seconds:.1f} s")


@pytest.mark.parametrize("lang", CHOSEN)
def test_leaflet_reads_back_in_its_script(built: tuple[Path, subprocess.CompletedProcess[str], float], lang: str) -> None:
    root, _, _ = built
    pdf = _pdf(root, lang)
    assert pdf.exists()
    script, family, _ = LANGUAGES[lang]
    assert fonts.script_of(lang) == script
    shown = "".join(texts(lang).values())
    assert fonts.uncovered(shown, fonts.font_stack(lang, shown)) == []

    rows = [line.split() for line in _poppler("pdffonts", str(pdf)).splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows), rows  # every font embedded
    assert any(family.lower() in row[0].replace("-", "").lower() for row in rows), (family, [row[0] for row in rows])

    # Content order (-raw) for left-to-right text: the physical layout mode takes the wide gaps of
    # justified lines in narrow columns for columns of their own. Right-to-left text is drawn in
    # visual order, so there pdftotext's own reordering (the default mode) gives the reading order.
    text = _squeeze(_poppler("pdftotext", *(() if lang in RTL else ("-raw",)), str(pdf), "-"))
    if lang in RTL:
        text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    lost = [piece for msgstr in texts(lang).values() for piece in _pieces(lang, msgstr) if piece not in text]
    assert not lost, (lost, text)
    if lang in RTL:
        marks = r"[^\W\d_][\u064b-\u065f\u0670\u05b0-\u05c7]+"  # a letter with Arabic or Hebrew points
        marked = {m.group() for msgstr in texts(lang).values() for m in re.finditer(marks, msgstr)}
        assert marked <= _actual_texts(pdf), (marked, _actual_texts(pdf))

    # Direction: the page number ("1", a CSS counter) sits at the end of the foot.
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', _poppler("pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"))
    assert page
    width, height = float(page.group(1)), float(page.group(2))
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        _poppler("pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"),
    )
    foot = [(float(x0), float(x1), html.unescape(word)) for x0, y0, x1, word in words if float(y0) > height * 0.9]
    numbers = [(x0, x1) for x0, x1, word in foot if re.fullmatch(r"\D*1\D*|1/1", word)]  # "1", "1쪽", "1/1" (Vietnamese)
    assert numbers, foot
    if lang in RTL:
        assert numbers[0][1] < width / 2, foot
    else:
        assert numbers[0][0] > width / 2, foot
