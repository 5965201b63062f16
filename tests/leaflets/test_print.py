"""`pipeline pdf --print` and `--booklet`: bleed, crop marks, and booklet page order read back per half sheet."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
from editions_support import SPANISH_WORDS, configure, page_count, poppler, write_po

MM = 72 / 25.4


def _statement(project: Path, paragraphs: int) -> dict[str, str]:
    """A long statement (sources/long.md) and its Spanish translation, sentence by sentence."""
    (project / "sources" / "dockers.md").unlink()
    sentences = {"Long statement": "Declaración larga"}
    body = []
    for n in range(paragraphs):
        english = [f"Paragraph {n} sentence {k} tells of the strike at the port and why it matters." for k in range(6)]
        body.append(" ".join(english))
        sentences.update({s: f"El párrafo {n} frase {k} cuenta la huelga del puerto y por qué importa." for k, s in enumerate(english)})
    (project / "sources" / "long.md").write_text('---\ntitle: "Long statement"\ndate: 2026-02-03\n---\n\n' + "\n\n".join(body) + "\n", encoding="utf-8")
    return sentences


def test_print_copy_has_bleed_crop_marks_and_embedded_fonts(project: Path, pipeline_cli: Callable) -> None:
    configure(project, ["es"])
    run = pipeline_cli(project, "pdf", "--print", "--lang", "en")
    assert run.returncode == 0, run.stderr
    copy = project / "build" / "print" / "dockers.en.pdf"
    assert "trim to A4 (210 × 297 mm) along the crop marks; 3 mm bleed" in run.stdout
    boxes = poppler("pdfinfo", "-box", str(copy))
    trim = [float(v) for v in re.search(r"TrimBox:\s+(.+)", boxes).group(1).split()]
    bleed = [float(v) for v in re.search(r"BleedBox:\s+(.+)", boxes).group(1).split()]
    media = [float(v) for v in re.search(r"MediaBox:\s+(.+)", boxes).group(1).split()]
    assert abs(trim[2] - trim[0] - 595.28) < 0.1 and abs(trim[3] - trim[1] - 841.89) < 0.1
    assert all(abs(abs(b - t) - 3 * MM) < 0.05 for b, t in zip(bleed, trim))
    assert media[0] < bleed[0] and media[2] > bleed[2], "room for the crop marks outside the bleed"
    fonts = poppler("pdffonts", str(copy)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)
    with pikepdf.open(copy) as document:  # colours: one profile, sRGB
        intents = document.Root.OutputIntents
        assert len(intents) == 1 and str(intents[0].OutputConditionIdentifier) == "sRGB IEC61966-2.1"
        assert intents[0].DestOutputProfile.N == 3
    assert poppler("pdftotext", str(copy), "-").count("Solidarity with the dock workers") == 1
    again = pipeline_cli(project, "pdf", "--print", "--lang", "en")
    assert "build/print/dockers.en.pdf: up to date" in again.stdout


def test_booklet_pages_read_in_order_when_folded(project: Path, pipeline_cli: Callable) -> None:
    configure(project, ["es"])
    write_po(project, "es", "long", _statement(project, 22))
    write_po(project, "es", "leaflet-template", SPANISH_WORDS, machine=False)
    run = pipeline_cli(project, "pdf", "--print", "--booklet", "--lang", "es")
    assert run.returncode == 0, run.stderr
    assert "fold in half for A5 (148 × 210 mm) pages in order" in run.stdout
    pages = page_count(project / "build" / "booklet" / "pdf" / "long.es.pdf")
    assert pages >= 5, "enough text for more than one sheet"
    booklet = project / "build" / "print" / "long.es.booklet.pdf"
    total = -(-pages // 4) * 4
    sides = page_count(booklet)
    assert sides == total // 2

    # What a reader of the folded booklet sees: sheet sides front, back, front, back…
    expected = []
    for sheet in range(total // 4):
        expected += [(total - 2 * sheet, 2 * sheet + 1), (2 * sheet + 2, total - 2 * sheet - 1)]
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", poppler("pdfinfo", str(booklet)))
    width, height = float(size.group(1)), float(size.group(2))
    assert width > height, "landscape sheets"
    for side, (left, right) in enumerate(expected, start=1):
        for half, number in enumerate((left, right)):
            crop = ["-x", str(int(half * width / 2)), "-y", "0", "-W", str(int(width / 2)), "-H", str(int(height))]
            text = poppler("pdftotext", "-r", "72", *crop, "-f", str(side), "-l", str(side), str(booklet), "-")
            found = re.findall(r"Página (\d+) de (\d+)", text)
            if number > pages:
                assert not text.strip(), f"sheet side {side}: page {number} should be blank"
            else:
                assert found == [(str(number), str(pages))], (side, half, found)

    # Nothing changed: nothing is made again; made again from scratch: the same bytes.
    first = booklet.read_bytes()
    again = pipeline_cli(project, "pdf", "--print", "--booklet", "--lang", "es")
    assert "long.es.booklet.pdf: up to date" in again.stdout
    booklet.unlink()
    assert pipeline_cli(project, "pdf", "--print", "--booklet", "--lang", "es").returncode == 0
    assert booklet.read_bytes() == first
