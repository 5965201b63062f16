"""Reading a PDF's raw streams in tests, where pdftotext shows too little (tags, annotations, metadata)."""

from __future__ import annotations

import re
import zlib
from pathlib import Path


def stream_text(pdf: Path) -> bytes:
    """Every deflated stream of the PDF inflated (the catalog and annotations live in object streams)."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf.read_bytes(), re.S):
        try:
            found.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(found)
