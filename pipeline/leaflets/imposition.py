"""PDF transforms for the print shop: bleed and crop marks, and A5 booklet imposition (with pikepdf).

Contract:
- `with_print_marks(pdf)` returns the PDF with, on every page, a TrimBox at
  the page as designed, a BleedBox `BLEED` beyond it and a MediaBox wide
  enough for crop marks, drawn (as tagged artifacts, in DeviceRGB black) in the
  corners outside the bleed; the content, its embedded fonts and its structure
  are untouched. Its colours are all DeviceRGB, declared sRGB by one output
  intent (the sRGB profile WeasyPrint ships).
- `booklet_order(pages)` is the sheet-side order of a saddle-stitched booklet:
  a list of (left, right) page indexes per sheet side, None for the blank
  pages that pad the count to a multiple of four; sheet sides alternate front
  and back, so a duplex print (flipped on the short edge), folded in half,
  reads 1, 2, 3, ….
- `impose_booklet(pdf, sheet)` places the pages two-up, centred in the halves
  of landscape sheets of `sheet` (width, height in points, portrait).
- `trim_size(pdf)` is the first page's trimmed size in millimetres;
  `page_count(pdf)` its number of pages.
Output is deterministic (the PDF identifier derived from the content). Errors
are `RenderError`; nothing here writes files or prints.
"""

from __future__ import annotations

import importlib.resources
import io
from pathlib import Path

import pikepdf

from pipeline.errors import RenderError

MM = 72 / 25.4
BLEED = 3 * MM
MARK_GAP = 3 * MM  # from the trim line to where a crop mark starts (clear of the bleed)
MARK_LENGTH = 6 * MM
MARGIN = MARK_GAP + MARK_LENGTH + 1 * MM  # what the sheet adds beyond the trim on every side
SHEETS = {"A4": (595.2756, 841.8898), "Letter": (612.0, 792.0)}  # portrait, points
HALF_PAGE = {"A4": "A5", "Letter": "5.5in 8.5in"}  # the booklet's page: half a sheet


def _open(pdf: bytes, what: Path) -> pikepdf.Pdf:
    try:
        return pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError as exc:
        raise RenderError(what, 0, f"not a readable PDF: {exc}") from exc


def _save(document: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    document.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def _box(page: pikepdf.Page, name: str) -> tuple[float, float, float, float]:
    box = page.obj.get(name) or page.obj.MediaBox
    x0, y0, x1, y1 = (float(v) for v in box)
    return x0, y0, x1, y1


def _crop_marks(x0: float, y0: float, x1: float, y1: float) -> bytes:
    """Eight hairlines, two per corner, in the margin outside the bleed, as an artifact."""
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append(f"{x + sx * MARK_GAP:.3f} {y:.3f} m {x + sx * (MARK_GAP + MARK_LENGTH):.3f} {y:.3f} l S")
            lines.append(f"{x:.3f} {y + sy * MARK_GAP:.3f} m {x:.3f} {y + sy * (MARK_GAP + MARK_LENGTH):.3f} l S")
    return ("/Artifact BMC q 0.25 w 0 0 0 RG " + " ".join(lines) + " Q EMC\n").encode("ascii")


def _srgb_intent(pdf: pikepdf.Pdf) -> None:
    profile = importlib.resources.files("weasyprint.pdf").joinpath("sRGB2014.icc").read_bytes()
    icc = pikepdf.Stream(pdf, profile)
    icc.N = 3
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
        Info=pikepdf.String("sRGB IEC61966-2.1"),
        DestOutputProfile=icc,
    )
    pdf.Root.OutputIntents = pikepdf.Array([intent])


def with_print_marks(pdf: bytes, what: Path) -> bytes:
    """Bleed, trim and crop marks on every page; see the module docstring."""
    document = _open(pdf, what)
    for page in document.pages:
        x0, y0, x1, y1 = _box(page, "/TrimBox")
        page.TrimBox = pikepdf.Array([x0, y0, x1, y1])
        page.BleedBox = pikepdf.Array([x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED])
        page.MediaBox = pikepdf.Array([x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN])
        if "/CropBox" in page.obj:
            del page.obj.CropBox
        page.contents_add(pikepdf.Stream(document, _crop_marks(x0, y0, x1, y1)), prepend=False)
    _srgb_intent(document)
    return _save(document)


def trim_size(pdf: bytes, what: Path) -> tuple[float, float]:
    """The first page's trimmed width and height in millimetres."""
    document = _open(pdf, what)
    x0, y0, x1, y1 = _box(document.pages[0], "/TrimBox")
    return (x1 - x0) / MM, (y1 - y0) / MM


def page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page indexes per sheet side: front, back, front, back, …; None is a blank page."""
    total = -(-pages // 4) * 4

    def page(index: int) -> int | None:
        return index if index < pages else None

    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(total // 4):
        sides.append((page(total - 1 - 2 * sheet), page(2 * sheet)))
        sides.append((page(2 * sheet + 1), page(total - 2 - 2 * sheet)))
    return sides


def impose_booklet(pdf: bytes, sheet: tuple[float, float], what: Path) -> bytes:
    """The pages two-up on landscape sheets, in booklet order; see the module docstring."""
    source = _open(pdf, what)
    pages = list(source.pages)
    out = pikepdf.new()
    height, width = sheet  # landscape
    for left, right in booklet_order(len(pages)):
        side = out.add_blank_page(page_size=(width, height))
        for half, index in enumerate((left, right)):
            if index is None:
                continue
            x0, y0, x1, y1 = _box(pages[index], "/TrimBox")
            w, h = x1 - x0, y1 - y0
            left_edge = half * width / 2 + (width / 2 - w) / 2
            bottom = (height - h) / 2
            form = out.copy_foreign(pages[index].as_form_xobject())
            name = pikepdf.Name(f"/Page{index + 1}")  # named here: add_overlay would pick random names
            side.add_resource(form, pikepdf.Name.XObject, name)
            rect = pikepdf.Rectangle(left_edge, bottom, left_edge + w, bottom + h)
            placement = side.calc_form_xobject_placement(form, name, rect, invert_transformations=True, allow_shrink=True, allow_expand=True)
            side.contents_add(pikepdf.Stream(out, b"q " + placement + b" Q\n"))
    for key, value in source.docinfo.items():  # title, author, dates
        out.docinfo[key] = out.copy_foreign(value) if value.is_indirect else value
    return _save(out)
