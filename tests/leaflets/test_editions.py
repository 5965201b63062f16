"""Bilingual editions end to end: `pipeline pdf` with `[editions]`, real WeasyPrint, PDFs read back with poppler."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from editions_support import ARABIC, SPANISH, SPANISH_WORDS, TITLE, configure, page_count, poppler, words, write_po
from support import tree_digest

EDITIONS = '[editions]\npairs = ["en+es", "en+ar", "en+tl"]\n'


def _row(found: list[tuple[float, float, float, float, str]], text: str) -> tuple[float, float, float, float]:
    """The box of `text` (a word, or its visual reversal in right-to-left text)."""
    return next(box[:4] for box in found if box[4] in (text, text[::-1]))


def test_side_by_side_editions_align_and_follow_each_language(project: Path, pipeline_cli: Callable) -> None:
    configure(project, ["es", "ar", "tl"], EDITIONS)
    write_po(project, "es", "dockers", SPANISH)
    write_po(project, "es", "leaflet-template", SPANISH_WORDS, machine=False)
    write_po(project, "ar", "dockers", ARABIC)
    write_po(project, "tl", "dockers", {msgid: "" for msgid in SPANISH})
    run = pipeline_cli(project, "pdf", "--lang", "es,ar,tl")
    assert run.returncode == 0, run.stderr
    pdf = project / "build" / "pdf"
    es, ar = pdf / "dockers.en+es.pdf", pdf / "dockers.en+ar.pdf"
    assert es.exists() and ar.exists()
    # Tagalog has no text: its edition is skipped, saying which side is missing what.
    assert "en+tl skipped: tl: 0% translated, a draft needs 50%\n  fix: tl: " in run.stderr and not (pdf / "dockers.en+tl.pdf").exists()

    # English on the left, Spanish on the right, each block's row level: the headings align.
    found = words(es)
    width = float(poppler("pdfinfo", str(es)).split("Page size:")[1].split()[0])
    ours, nuestras = _row(found, "Our"), _row(found, "Nuestras")
    assert ours[2] < width / 2 < nuestras[0]
    assert abs(ours[1] - nuestras[1]) < 1.5, (ours, nuestras)
    assert abs(_row(found, "Stop")[1] - _row(found, "Detengan")[1]) < 1.5
    text = poppler("pdftotext", str(es), "-")
    assert "Draft: machine translation" in text and "Page 1 of 1" in text and "FIRMAN" in text.replace(" ", "")

    # The Arabic column runs right to left in its own font, right of the English one.
    found = words(ar)
    first, second = _row(found, "التضامن"), _row(found, "مع")
    assert first[0] > second[2] > width / 2, "the Arabic title's first word stands to the right of its second"
    assert abs(_row(found, "Our")[1] - _row(found, "مطالبنا")[1]) < 6  # the same row; the fonts differ in ascent
    assert "NotoNaskhArabic" in poppler("pdffonts", str(ar)).replace(" ", "").replace("-", "")

    # A second run renders nothing; a rebuild from scratch gives the same bytes.
    before = tree_digest(project / "build")
    again = pipeline_cli(project, "pdf", "--lang", "es,ar,tl")
    assert again.returncode == 0 and "written" not in again.stdout and "unchanged" not in again.stdout
    assert again.stdout.count("up to date") == 5
    assert tree_digest(project / "build") == before
    for path in (project / "build").rglob("*"):
        if path.is_file():
            path.unlink()
    assert pipeline_cli(project, "pdf", "--lang", "es,ar,tl").returncode == 0
    assert tree_digest(project / "build") == before


def test_one_after_the_other_sets_each_block_under_the_other_language(project: Path, pipeline_cli: Callable) -> None:
    configure(project, ["es"], '[editions]\npairs = ["es+en"]\nlayout = "one-after-the-other"\n')
    write_po(project, "es", "dockers", SPANISH, machine=False)
    run = pipeline_cli(project, "pdf", "--lang", "es")
    assert run.returncode == 0, run.stderr
    edition = project / "build" / "pdf" / "dockers.es+en.pdf"
    found = words(edition)
    nuestras, ours = _row(found, "Nuestras"), _row(found, "Our")
    assert abs(nuestras[0] - ours[0]) < 12 and ours[1] > nuestras[3], "English under Spanish, same column"
    assert page_count(edition) == 1
    assert SPANISH[TITLE] in poppler("pdfinfo", str(edition))


@pytest.mark.parametrize(
    ("setting", "message", "first"),
    [
        ('[editions]\npairs = ["en+de"]\n', "edition 'en+de' must be two different configured languages", "pdf"),
        ('[editions]\npairs = ["es+es"]\n', "edition 'es+es' must be two different configured languages", "pdf"),
        ('[editions]\npairs = ["en+es"]\nlayout = "diagonal"\n', "editions layout must be one of side-by-side, one-after-the-other", "pdf"),
        ('[site]\nurl = "javascript:alert(1)"\n', "[site] url must be an http(s) URL", "site"),
    ],
)
def test_a_bad_edition_or_site_setting_is_a_located_configuration_error(
    project: Path, pipeline_cli: Callable, setting: str, message: str, first: str
) -> None:
    configure(project, ["es"], setting)
    before = tree_digest(project)
    for command in (first, "cards"):
        run = pipeline_cli(project, command)
        assert run.returncode == 1
        lines = (project / "pipeline.toml").read_text().split("\n")
        line = lines.index(setting.split("\n")[-2]) + 1
        assert f"pipeline.toml:{line}: {message}" in run.stderr
        assert "Traceback" not in run.stderr and tree_digest(project) == before
