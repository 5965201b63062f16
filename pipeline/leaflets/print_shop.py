"""Print-shop copies of built leaflets: `pipeline pdf --print` and `--booklet`.

Contract:
- `print_copies(config, mode, outcomes)` writes, for every leaflet or edition of
  `outcomes` that exists, `build/print/<name>.pdf` (release leaflets:
  `build/release/print/`): the same pages with 3 mm
  bleed and crop marks (`imposition.with_print_marks`), to be trimmed to the
  configured page size.
- `booklets(config, mode, languages, jobs, marks, strict, progress)` typesets every statement ×
  language on half sheets (A5 for A4, half letter for Letter; through
  `build.build`, into `build/booklet/`, the page budget doubled since each page
  is half the size), then imposes each two-up in booklet order onto the
  configured sheet as `build/print/<slug>.<lang>.booklet.pdf`, with print
  marks when `marks`. It returns the half-sheet build's report and one
  `Outcome` per booklet.
- Incremental: beside each output, a stamp records the hash of the PDF it was
  made from, the transform and the code; when it matches, nothing is read or
  written. A copy whose source PDF is gone is removed. Nothing here prints.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.files import write_if_changed
from pipeline.leaflets import build, imposition, stamps
from pipeline.leaflets.modes import Mode
from pipeline.leaflets.outcomes import BuildReport, LeafletState, Outcome

READY = (LeafletState.BUILT, LeafletState.UNCHANGED, LeafletState.UP_TO_DATE)


def print_dir(config: Config, mode: Mode) -> Path:
    """build/print/ for drafts, build/release/print/ for release leaflets."""
    return config.build_dir / ("release/print" if mode is Mode.RELEASE else "print")


def booklet_config(config: Config) -> Config:
    """The project's configuration with half-sheet pages, building into build/booklet/."""
    return replace(config, page_size=imposition.HALF_PAGE[config.page_size], build_dir=config.build_dir / "booklet")


def _derive(output: Path, source: Path, transform: str, convert: Callable[[bytes], bytes], slug: str, lang: str) -> Outcome:
    """Write `output` = convert(source's bytes), unless its stamp says it was made from these bytes already."""
    pdf = source.read_bytes()
    record = {"source": hashlib.sha256(pdf).hexdigest(), "transform": transform, "code": stamps.code_digest()}
    cached = stamps.cached(output, record, slug, lang)
    if cached is not None:
        return cached
    try:
        made = convert(pdf)
    except PipelineError as exc:
        return Outcome(slug, lang, output, LeafletState.FAILED, exc.message, str(exc.path), exc.line)
    changed = write_if_changed(output, made)
    pages = imposition.page_count(made)
    stamps.write_stamp(output, record, pages=pages)
    return Outcome(slug, lang, output, LeafletState.BUILT if changed else LeafletState.UNCHANGED, pages=pages)


def print_copies(config: Config, mode: Mode, outcomes: list[Outcome]) -> list[Outcome]:
    """build/print/<name>.pdf with bleed and crop marks for every leaflet of `outcomes` that exists."""
    results = []
    for outcome in outcomes:
        output = print_dir(config, mode) / outcome.output.name
        if outcome.state not in READY or not outcome.output.exists():
            if outcome.state is LeafletState.SKIPPED:
                output.unlink(missing_ok=True)
            continue
        results.append(
            _derive(output, outcome.output, "print marks", functools.partial(imposition.with_print_marks, what=outcome.output), outcome.slug, outcome.lang)
        )
    return results


def booklets(
    config: Config, mode: Mode, languages: list[str], jobs: int | None, marks: bool, strict: bool = False, progress: build.Progress | None = None
) -> tuple[BuildReport, list[Outcome]]:
    """Half-sheet leaflets imposed two-up as booklets; see the module docstring."""
    half = booklet_config(config)
    report = build.build(half, mode, languages, jobs, strict=strict, progress=progress)
    sheet = imposition.SHEETS[config.page_size]
    results = []
    for outcome in report.outcomes:
        output = print_dir(config, mode) / f"{outcome.slug}.{outcome.lang}.booklet.pdf"
        if outcome.state not in READY or not outcome.output.exists():
            if outcome.state is LeafletState.SKIPPED:
                output.unlink(missing_ok=True)
            continue

        def convert(pdf: bytes, where: Path = outcome.output) -> bytes:
            imposed = imposition.impose_booklet(pdf, sheet, where)
            return imposition.with_print_marks(imposed, where) if marks else imposed

        transform = f"booklet on {config.page_size}" + (", print marks" if marks else "")
        results.append(_derive(output, outcome.output, transform, convert, outcome.slug, outcome.lang))
    return report, results
