"""Previews: page 1 of every built leaflet as a PNG, for the README and for reviewers.

Contract: `previews(config, dpi)` writes `build/preview/<slug>.<lang>.png` for
every PDF in `build/pdf/` (with poppler's `pdftoppm`), only when the PDF is newer
than its PNG, removes PNGs whose PDF is gone, and returns each PNG with
"written", "up to date" or "removed". RenderError when pdftoppm is missing or fails.
`readme_previews(config, docs, dpi)` writes the README's pictures of the other
outputs into `docs`: page 1 of the first bilingual edition
(`preview-edition.png`), the first sheet side of the first booklet
(`preview-booklet.png`) and the first translated language's share card
(`preview-card.png`), each only when its source is newer; missing sources are
left out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import RenderError


def previews(config: Config, dpi: int = 80) -> list[tuple[Path, str]]:
    """Page 1 of every built leaflet as build/preview/<slug>.<lang>.png; (png, "written"/"up to date"/"removed")."""
    _need_pdftoppm()
    pdf_dir = config.build_dir / "pdf"
    preview_dir = config.build_dir / "preview"
    preview_dir.mkdir(parents=True, exist_ok=True)
    results: list[tuple[Path, str]] = []
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    for pdf in pdfs:
        png = preview_dir / f"{pdf.stem}.png"
        if png.exists() and png.stat().st_mtime_ns >= pdf.stat().st_mtime_ns:
            results.append((png, "up to date"))
            continue
        _page_one(pdf, png, dpi)
        results.append((png, "written"))
    stems = {pdf.stem for pdf in pdfs}
    for png in sorted(preview_dir.glob("*.png")):
        if png.stem not in stems:
            png.unlink()
            results.append((png, "removed"))
    return results


def _need_pdftoppm() -> None:
    if shutil.which("pdftoppm") is None:
        raise RenderError(Path("pdftoppm"), 0, "not found: install the Debian package poppler-utils")


def _page_one(pdf: Path, png: Path, dpi: int) -> None:
    temp = png.parent / f".{png.stem}.{os.getpid()}"
    done = subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(temp)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RenderError(pdf, 0, f"pdftoppm failed: {done.stderr.strip()}")
    os.replace(temp.with_name(temp.name + ".png"), png)


def readme_previews(config: Config, docs: Path, dpi: int = 60) -> list[tuple[Path, str]]:
    """The README's pictures of an edition, a booklet spread and a card; (png, "written"/"up to date")."""
    _need_pdftoppm()
    docs.mkdir(parents=True, exist_ok=True)
    editions = sorted((config.build_dir / "pdf").glob("*+*.pdf"))
    booklets = sorted((config.build_dir / "print").glob("*.booklet.pdf"), key=lambda p: (config.source_language in p.name, p.name))
    cards = sorted((config.build_dir / "cards").glob("*.png"), key=lambda p: (f".{config.source_language}." in p.name, p.name))
    results: list[tuple[Path, str]] = []
    for source, name in ((editions, "preview-edition.png"), (booklets, "preview-booklet.png"), (cards, "preview-card.png")):
        if not source:
            continue
        png = docs / name
        if png.exists() and png.stat().st_mtime_ns >= source[0].stat().st_mtime_ns:
            results.append((png, "up to date"))
            continue
        if source[0].suffix == ".png":
            shutil.copyfile(source[0], png)
        else:
            _page_one(source[0], png, dpi)
        results.append((png, "written"))
    return results
