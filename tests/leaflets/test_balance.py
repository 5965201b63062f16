"""The last page of every sample leaflet is used: not just the signatories box or a last line (measured with pdftotext -bbox)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml
from editions_support import configure, page_count, poppler, words
from support import REPO

from pipeline.leaflets.balance import MIN_FILL

TOP, BOTTOM = 16 / 25.4 * 72, 18 / 25.4 * 72  # the leaflet's page margins (templates/leaflet.css)


def test_every_sample_language_fills_its_last_page(tmp_path: Path, pipeline_cli: Callable) -> None:
    root = tmp_path / "sample"
    for folder in ("sources", "locales", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "pipeline.toml", root / "pipeline.toml")
    languages = re.search(r"^languages = \[(.*)\]", (REPO / "pipeline.toml").read_text(), re.M).group(1)
    configure(root, [code.strip(' "') for code in languages.split(",")])  # without the editions
    run = pipeline_cli(root, "pdf", "--jobs", "2")
    assert run.returncode == 0, run.stderr
    pdfs = sorted((root / "build" / "pdf").glob("*.pdf"))
    assert len(pdfs) >= 3, "en, es and fr at least (tl has no text yet)"
    for pdf in pdfs:
        source = root / "sources" / f"{pdf.name.split('.')[0]}.md"
        meta = yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1])
        box_words = {w for name in meta.get("signatories", []) for w in name.split()}
        last = page_count(pdf)
        height = float(re.search(r"Page size:\s+[\d.]+ x ([\d.]+)", poppler("pdfinfo", str(pdf))).group(1))
        found = [w for w in words(pdf, last) if w[1] > TOP - 2 and w[3] < height - BOTTOM + 2]
        fill = (max(w[3] for w in found) - TOP) / (height - TOP - BOTTOM)
        body = [w for w in found if w[4] not in box_words and len(w[4]) > 1]  # the box heading is letter-spaced
        assert fill >= MIN_FILL, f"{pdf.name}: the last page is only {fill:.0%} full"
        assert len(body) > 30, f"{pdf.name}: the last page holds little but the signatories box"
