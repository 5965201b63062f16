"""The leaflet build: every statement × language → build/pdf/<slug>.<lang>.pdf, incremental and parallel.

Drafts go to `build/pdf/`; release leaflets (`Mode.RELEASE`) to `build/release/`,
so a release never removes the drafts.

Contract:
- `build(config, mode, languages, jobs)` considers every statement in
  `sources/` in the source language and every configured language (or the
  `languages` given), and returns one `Outcome` per pair: built, up to date,
  skipped (with the reason and the fix) or failed (with file and line).
- Incremental: beside each output, `<slug>.<lang>.pdf.inputs` records a hash
  of every input (source, both catalogs, every template file, the settings
  that matter to a leaflet, the mode, SOURCE_DATE_EPOCH, the fonts, the code
  that shapes the output). When it matches, nothing is parsed or rendered. A
  skip is recorded the same way, so an unchanged skipped language costs
  nothing either.
- Languages render in worker processes (`jobs` in parallel, default: the
  cores this process may use; always at least one worker, never in this
  process). A leaflet that takes longer than `time_limit` (default
  `TIME_LIMIT`) fails with a RenderError naming its file, and its worker is
  killed and replaced (`pipeline.workers`).
- Page budget: a statement's front matter `pages: N` makes each language fit
  in N pages by stepping the type size and leading down, within
  `SMALLEST`..`LARGEST`; if it still overflows, that language fails. Nothing
  is ever cut. The step is estimated from the first layout's fill and
  verified by one more layout (see `fit`). Then `balance` makes sure the last page is not nearly empty.
- Release mode: every language that is ready is released, the others are
  skipped with the reason (`policy`). With `strict`, a language listed under
  `[release]` that cannot be released stops the build before anything is
  rendered (`BuildReport.blocked`).
- `progress(done, total)` is called as each leaflet is rendered.
- A skipped language's old PDF is removed (it no longer matches its inputs); a
  failed language leaves its files as they were. PDFs are written atomically
  and only when their bytes changed. Nothing here prints.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Config
from pipeline.errors import ConfigError, PipelineError, RenderError
from pipeline.files import write_if_changed
from pipeline.leaflets import stamps
from pipeline.leaflets.modes import Mode
from pipeline.leaflets.outcomes import BuildReport, LeafletState, Outcome
from pipeline.leaflets.typography import Typography
from pipeline.text import source_date_epoch

if TYPE_CHECKING:
    from pipeline.leaflets import assembly, render
    from pipeline.leaflets.policy import Plan

# Layout code (assembly, balance, render: Jinja2, WeasyPrint), the worker pool and segmentation
# are imported where a leaflet is really built, so a build with nothing to do pays only for
# hashing its inputs (`stamps`).

LARGEST = Typography(size=10.5, leading=1.45)
SMALLEST = Typography(size=9.0, leading=1.3)
SIZE_STEP = 0.25
SHRINK = 0.8  # see estimated_pages
FILL = 0.98  # aim a little under the budget: page breaks waste part of a page the estimate cannot see
HOPELESS = 1.08  # estimated pages at the smallest type over budget × this: fail without laying out again
HALF_SHEETS = ("A5", "5.5in 8.5in")  # booklet pages (print_shop): a page budget counts A4/Letter pages
TIME_LIMIT = 600.0  # seconds for one leaflet, every type size tried included

log = logging.getLogger(__name__)


def type_steps() -> list[Typography]:
    """From LARGEST to SMALLEST, size in SIZE_STEP steps, leading interpolated alongside."""
    count = round((LARGEST.size - SMALLEST.size) / SIZE_STEP)
    steps = []
    for i in range(count + 1):
        share = i / count
        size = LARGEST.size - i * SIZE_STEP
        leading = LARGEST.leading - share * (LARGEST.leading - SMALLEST.leading)
        steps.append(Typography(size=round(size, 2), leading=round(leading, 3)))
    return steps


def output_path(config: Config, slug: str, lang: str, mode: Mode, numbered: bool = False) -> Path:
    """Drafts go to build/pdf/, releases to build/release/ (what goes to the print shop).

    Numbered drafts (review-sheet row numbers in the margin) go beside the review
    sheets: build/review/<slug>.<lang>.numbered.pdf.
    """
    if numbered:
        return config.build_dir / "review" / f"{slug}.{lang}.numbered.pdf"
    folder = "release" if mode is Mode.RELEASE else "pdf"
    return config.build_dir / folder / f"{slug}.{lang}.pdf"


# --- one leaflet ------------------------------------------------------------------------------


def _attempt(config: Config, sheet: assembly.Leaflet, typography: Typography, output: Path) -> tuple[render.Layout, assembly.Leaflet]:
    """Lay out `sheet` at another type size; everything but the typography is already assembled."""
    from pipeline.leaflets import assembly, render

    sheet = replace(sheet, typography=typography)
    return render.typeset(assembly.leaflet_html(config, sheet), config.templates_dir, what=output), sheet


def _pages_used(layout: render.Layout) -> float:
    """Pages filled, the last one fractionally: (pages - 1) + the share of the last page's content area in use."""
    page = layout.document.pages[-1]._page_box
    roots = [box for box in page.children if type(box).__name__ != "MarginBox"]
    if not roots or not page.height:
        return float(layout.pages)
    bottom = max(box.position_y + box.margin_height() for box in roots)
    share = float((bottom - page.content_box_y()) / page.height)
    return layout.pages - 1 + min(max(share, 0.0), 1.0)


def estimated_pages(used: float, measured: Typography, typography: Typography) -> float:
    """Pages `typography` will fill, from `used` pages at `measured`.

    Running text's height goes with size² × leading; margins, rules and the
    header do not shrink, so the whole shrinks as (size² × leading) ** SHRINK
    (fitted on the leaflet template: 0.76–0.83 over the type steps).
    """
    scale = (typography.size / measured.size) ** 2 * (typography.leading / measured.leading)
    return used * float(scale**SHRINK)


def fit(config: Config, plan: Plan, output: Path) -> tuple[render.Layout, assembly.Leaflet, int]:
    """The leaflet at the largest type within its page budget, its last page balanced (`balance`),
    and how many full layouts that took."""
    from pipeline.leaflets import balance

    layout, sheet, layouts = _fit_budget(config, plan, output)
    balancing = 0

    def attempt(typography: Typography) -> tuple[render.Layout, assembly.Leaflet]:
        nonlocal balancing
        balancing += 1
        return _attempt(config, sheet, typography, output)

    layout, sheet = balance.balance((layout, sheet), attempt, type_steps(), page_budget(config, plan))
    return layout, sheet, layouts + balancing


def page_budget(config: Config, plan: Plan) -> int | None:
    """The front matter's `pages: N`, in pages of the configured size (twice N on half sheets)."""
    budget = plan.doc.meta.get("pages")
    return None if budget is None else int(budget) * (2 if config.page_size in HALF_SHEETS else 1)


def _fit_budget(config: Config, plan: Plan, output: Path) -> tuple[render.Layout, assembly.Leaflet, int]:
    """Lay the leaflet out at the largest type that keeps it within its page budget (and count the layouts).

    When the largest type overflows, the first layout's fill (pages used, the last
    one fractionally) estimates the largest step that fits, and one more layout
    verifies it (a step smaller again only if the estimate was short). A budget
    that even the smallest type clearly cannot meet fails after the first layout.
    """
    from pipeline.leaflets import assembly, render

    steps = type_steps()
    first = assembly.assemble(config, plan, steps[0])
    html = assembly.leaflet_html(config, first)
    assembly.check_coverage(config, plan, first, html)
    layout = render.typeset(html, config.templates_dir, what=output)
    budget = page_budget(config, plan)
    if budget is None or layout.pages <= budget:
        return layout, first, 1
    used = _pages_used(layout)
    if estimated_pages(used, steps[0], steps[-1]) > budget * HOPELESS:
        raise _over_budget(plan, budget, math.ceil(estimated_pages(used, steps[0], steps[-1])))
    fitting = [i for i, step in enumerate(steps) if estimated_pages(used, steps[0], step) <= budget * FILL]
    index = fitting[0] if fitting else len(steps) - 1
    layouts = 1
    while True:
        attempt, sheet = _attempt(config, first, steps[index], output)
        layouts += 1
        if attempt.pages <= budget:
            return attempt, sheet, layouts
        if index == len(steps) - 1:
            raise _over_budget(plan, budget, attempt.pages)
        index += 1


def _over_budget(plan: Plan, budget: int, pages: int) -> RenderError:
    return RenderError(
        plan.doc.path,
        plan.doc.meta_lines.get("pages", 0),
        f"{plan.lang}: the leaflet needs {pages} pages even at the smallest type "
        f"({SMALLEST.size:g} pt, line height {SMALLEST.leading:g}), over the page budget of {budget} "
        f"('pages: {plan.doc.meta['pages']}' in the front matter); nothing was cut: shorten the text or raise the budget",
    )


class WarningCollector(logging.Handler):
    """Keeps the messages of the warnings a logger emits (WeasyPrint's, in a worker process only)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_one(config: Config, plan: Plan, record: dict[str, str]) -> Outcome:
    """Typeset one planned leaflet and write it; errors become a failed Outcome.

    Runs in a worker process of `_render_all`: the handler it puts on
    WeasyPrint's logger (to report WeasyPrint's warnings with the outcome)
    lives in that process only.
    """
    from pipeline.leaflets import render

    started = time.perf_counter()
    output = output_path(config, plan.doc.slug, plan.lang, plan.mode, plan.numbered)
    collect = WarningCollector()
    weasyprint_log = logging.getLogger("weasyprint")
    weasyprint_log.addHandler(collect)
    try:
        layout, sheet, layouts = fit(config, plan, output)
        pdf = render.write_pdf(layout, what=output)
        changed = write_if_changed(output, pdf)
    except PipelineError as exc:
        return Outcome(
            plan.doc.slug, plan.lang, output, LeafletState.FAILED, exc.message, str(exc.path), exc.line,
            seconds=time.perf_counter() - started,
        )
    finally:
        weasyprint_log.removeHandler(collect)
    log_messages = collect.messages
    refusals = tuple(f"refused to fetch {url}" for url in dict.fromkeys(layout.refused))
    warnings = refusals + tuple(m for m in log_messages if render.FetchRefused.__name__ not in m)
    stamps.write_stamp(output, record, pages=layout.pages, draft=sheet.draft, typography=vars(sheet.typography), layouts=layouts)
    return Outcome(
        plan.doc.slug,
        plan.lang,
        output,
        LeafletState.BUILT if changed else LeafletState.UNCHANGED,
        pages=layout.pages,
        typography=sheet.typography,
        layouts=layouts,
        draft=sheet.draft,
        warnings=warnings,
        seconds=time.perf_counter() - started,
    )


# --- the build -----------------------------------------------------------------------------


def default_jobs() -> int:
    return len(os.sched_getaffinity(0))


Progress = Callable[[int, int], None]  # (leaflets rendered, leaflets to render)


def build(
    config: Config,
    mode: Mode = Mode.DRAFT,
    languages: list[str] | None = None,
    jobs: int | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    time_limit: float = TIME_LIMIT,
    numbered: bool = False,
) -> BuildReport:
    """Bring build/pdf (or build/release) up to date for every statement × language; see the module docstring."""
    source_date_epoch()  # a bad SOURCE_DATE_EPOCH stops the build before anything is rendered
    langs = languages or [config.source_language, *config.languages]
    sources = config.source_paths()
    if not sources:
        raise ConfigError(config.sources_dir, 0, "no statements (*.md) here")
    report = BuildReport()
    pending: list[tuple[Plan, dict[str, str]]] = []
    new_skips: list[tuple[Outcome, dict[str, str]]] = []
    for source in sources:
        doc = None
        for lang in langs:
            output = output_path(config, source.stem, lang, mode, numbered)
            record = stamps.input_record(config, source, lang, mode) | ({"numbered": "yes"} if numbered else {})
            outcome = stamps.cached(output, record, source.stem, lang)
            if outcome is None:
                from pipeline.catalogs.sources import load_source
                from pipeline.leaflets.policy import assess  # the catalogs' counts: only for a leaflet to plan

                doc = doc or load_source(source, config)
                try:
                    plan = replace(assess(config, doc, lang, mode), numbered=numbered)
                except PipelineError as exc:  # a broken catalog fails its language, not the build
                    outcome = Outcome(source.stem, lang, output, LeafletState.FAILED, exc.message, str(exc.path), exc.line)
                else:
                    if plan.skip is None:
                        pending.append((plan, record))
                        continue
                    outcome = Outcome(source.stem, lang, output, LeafletState.SKIPPED, plan.skip, fix=plan.fix, detail=plan.detail)
                    new_skips.append((outcome, record))
            if strict and outcome.state is not LeafletState.UP_TO_DATE and mode is Mode.RELEASE and lang in config.release:
                report.blocked.append(outcome)
            report.outcomes.append(outcome)
    if report.blocked:
        return report
    for outcome, record in new_skips:
        outcome.output.unlink(missing_ok=True)
        stamps.write_stamp(outcome.output, record, skipped=outcome.message, fix=outcome.fix, detail=outcome.detail)
    report.outcomes.extend(_render_all(config, pending, jobs or default_jobs(), time_limit, progress))
    order = {lang: i for i, lang in enumerate(langs)}
    report.outcomes.sort(key=lambda o: (o.slug, order[o.lang]))
    return report


def _render_all(
    config: Config, pending: list[tuple[Plan, dict[str, str]]], jobs: int, time_limit: float, progress: Progress | None
) -> list[Outcome]:
    """Each leaflet rendered in a worker process; one that takes longer than `time_limit` fails and its worker is replaced."""
    if not pending:
        return []
    from pipeline import workers

    calls = [(config, plan, record) for plan, record in pending]
    results = workers.run_all(render_one, calls, min(jobs, len(pending)), time_limit, progress)
    outcomes = []
    for (plan, _), result in zip(pending, results, strict=True):
        if isinstance(result, workers.TimedOut):
            output = output_path(config, plan.doc.slug, plan.lang, plan.mode)
            message = f"rendering took longer than {result.seconds:g} s and was stopped"
            log.warning("%s: %s", output, message)
            result = Outcome(plan.doc.slug, plan.lang, output, LeafletState.FAILED, message, str(output), seconds=result.seconds)
        outcomes.append(result)
    return outcomes
