"""QR codes pointing at the web edition, for the leaflets' last page.

Contract: `page_url(config, slug, lang)` is where `pipeline site` publishes a
language's page under `[site] url` ("" when no url is configured);
`qr_data_uri(text)` is a QR code of `text` (segno, error correction M, quiet
zone kept) as an SVG `data:` URI, the only kind of image the sealed fetcher
serves. Deterministic; nothing here writes files or prints.
"""

from __future__ import annotations

import base64
import io

import segno

from pipeline.config import Config


def page_url(config: Config, slug: str, lang: str) -> str:
    return f"{config.site_url}/{slug}/{lang}.html" if config.site_url else ""


def qr_data_uri(text: str) -> str:
    code = segno.make_qr(text, error="m")
    out = io.BytesIO()
    code.save(out, kind="svg", scale=4, border=4, xmldecl=False, svgns=True, dark="#1d1c1a", light="#ffffff")
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")
