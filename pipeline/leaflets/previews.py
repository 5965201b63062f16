"""Previews: page 1 of every built leaflet as a PNG, for the README and for reviewers.

Contract: `previews(config, dpi)` writes `build/preview/<slug>.<lang>.png` for
every PDF in `build/pdf/` (with poppler's `pdftoppm`), only when the PDF is newer
than its PNG, removes PNGs whose PDF is gone, and returns each PNG with
"written", "up to date" or "removed". RenderError when pdftoppm is missing or fails.
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
    if shutil.which("pdftoppm") is None:
        raise RenderError(Path("pdftoppm"), 0, "not found: install the Debian package poppler-utils")
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
        temp = preview_dir / f".{pdf.stem}.{os.getpid()}"
        done = subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(temp)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RenderError(pdf, 0, f"pdftoppm failed: {done.stderr.strip()}")
        os.replace(temp.with_name(temp.name + ".png"), png)
        results.append((png, "written"))
    stems = {pdf.stem for pdf in pdfs}
    for png in sorted(preview_dir.glob("*.png")):
        if png.stem not in stems:
            png.unlink()
            results.append((png, "removed"))
    return results
