"""An SVG picture of how far each language is, per statement.

Contract: `status_svg(catalogs)` returns a standalone SVG document (text, no
I/O): for every statement a heading, then one stacked bar per language with
the share of entries reviewed, machine suggestion, needs review and
untranslated, and a legend. The output depends only on its input (no dates),
and every text from a catalog or a statement is XML-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from itertools import groupby

from pipeline.gate.run import CatalogResult
from pipeline.model import EntryStatus

SEGMENTS = (
    (EntryStatus.REVIEWED, "reviewed", "#1a7f37"),
    (EntryStatus.MACHINE, "machine suggestion", "#4c8ed9"),
    (EntryStatus.NEEDS_REVIEW, "needs review", "#e69500"),
    (EntryStatus.UNTRANSLATED, "untranslated", "#c9cdd2"),
)
WIDTH, LABEL_WIDTH, BAR_WIDTH, ROW, BAR = 780, 70, 480, 26, 16
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str, limit: int = 90) -> str:
    value = _NOT_XML.sub("\ufffd", value)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return escape(value, quote=True)


def _bar(cat: CatalogResult, y: int) -> list[str]:
    out = [f'<text x="{LABEL_WIDTH - 8}" y="{y + 12}" text-anchor="end" class="lang">{_text(cat.lang, 12)}</text>']
    if cat.stats is None or cat.stats.total_entries == 0:
        out.append(f'<text x="{LABEL_WIDTH}" y="{y + 12}" class="note">{"no entries" if cat.stats else "no catalog"}</text>')
        return out
    total = cat.stats.total_entries
    x = float(LABEL_WIDTH)
    for status, label, colour in SEGMENTS:
        count = cat.stats.entries.get(status, 0)
        if not count:
            continue
        width = BAR_WIDTH * count / total
        tip = f"{cat.lang}: {count} of {total} entries {label} ({100 * count / total:.0f}%)"
        out.append(
            f'<rect x="{x:.2f}" y="{y}" width="{width:.2f}" height="{BAR}" fill="{colour}">'
            f"<title>{_text(tip)}</title></rect>"
        )
        x += width
    reviewed = 100 * cat.stats.entries.get(EntryStatus.REVIEWED, 0) / total
    translated = reviewed + 100 * cat.stats.entries.get(EntryStatus.MACHINE, 0) / total
    out.append(
        f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 12}" class="note">'
        f"{reviewed:.0f}% reviewed, {translated:.0f}% translated</text>"
    )
    return out


def status_svg(catalogs: Sequence[CatalogResult]) -> str:
    """The chart for these catalogs (in their order, grouped by statement)."""
    body: list[str] = []
    y = 30
    for i, (_status, label, colour) in enumerate(SEGMENTS):
        x = 10 + i * 180
        body.append(f'<rect x="{x}" y="{y - 11}" width="12" height="12" fill="{colour}"/>')
        body.append(f'<text x="{x + 18}" y="{y}" class="note">{_text(label)}</text>')
    y += 16
    for _, group in groupby(catalogs, key=lambda c: c.domain):
        rows = list(group)
        y += 20
        body.append(f'<text x="10" y="{y}" class="title">{_text(rows[0].title or rows[0].domain)}</text>')
        y += 8
        for cat in rows:
            body.extend(_bar(cat, y))
            y += ROW
    height = y + 10
    summary = "Translation status per statement and language: reviewed, machine suggestion, needs review, untranslated."
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title">',
            f'<title id="chart-title">{_text(summary, 200)}</title>',
            "<style>text{font-family:'Noto Sans',DejaVu Sans,sans-serif;font-size:12px;fill:#24292f}"
            ".title{font-weight:bold;font-size:13px}.note{fill:#57606a}</style>",
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
            *body,
            "</svg>",
            "",
        ]
    )
