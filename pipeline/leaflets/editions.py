"""Bilingual editions: one PDF with two languages of a statement, block by block.

Contract:
- `build_editions(config, mode, languages, jobs)` builds every pair of
  `[editions] pairs` in `pipeline.toml` (when `languages` are given, those
  whose every language but the source language is among them) for every statement, into
  `build/pdf/<slug>.<a>+<b>.pdf` (`build/release/` in release mode), and returns
  one `build.Outcome` per edition (its `lang` is "a+b").
- Policy is the single-language leaflets' (`policy.assess`) applied to both
  sides: an edition is skipped when either side is (the reason names the side),
  and it is a draft when either side shows unreviewed text.
- Layout (`[editions] layout`): "side-by-side" sets each top-level block (a
  paragraph, heading, list or quote) of the first language beside the same
  block of the second, in two columns whose rows start level, so headings align;
  "one-after-the-other" sets each block of the second language under the
  first's. Each side carries its own `lang` (hyphenation), `dir` and fonts.
- Editions render in the build's worker processes, under its time limit.
- Incremental and deterministic like `build`: the stamp beside the PDF holds
  both sides' input records plus the layout; when it matches, nothing is read or
  rendered. A skipped edition's old PDF is removed. Nothing here prints.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from pipeline.catalogs.sources import load_source
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.files import write_if_changed
from pipeline.leaflets import assembly, balance, build, render, workers
from pipeline.leaflets.assembly import Leaflet, Typography
from pipeline.leaflets.body_html import render_body_blocks
from pipeline.leaflets.policy import Mode, Plan, assess

TEMPLATE = "edition.html"
# Two texts share the width: a little smaller than a single-language leaflet, and no page budget.
TYPE = Typography(size=9.5, leading=1.38)


@dataclass(frozen=True)
class Edition:
    """What the edition template shows: two assembled leaflets and their bodies cut into blocks."""

    slug: str
    layout: str
    a: Leaflet
    b: Leaflet
    rows: tuple[tuple[Markup, Markup], ...]
    page_size: str
    typography: Typography

    @property
    def draft(self) -> bool:
        return self.a.draft or self.b.draft


def edition_name(pair: tuple[str, str]) -> str:
    return f"{pair[0]}+{pair[1]}"


def output_path(config: Config, slug: str, pair: tuple[str, str], mode: Mode) -> Path:
    return build.output_path(config, slug, edition_name(pair), mode)


def input_record(config: Config, source: Path, pair: tuple[str, str], mode: Mode) -> dict[str, str]:
    """Both sides' inputs (each key prefixed with its language) and the edition's layout."""
    record = {"edition": f"{edition_name(pair)} {config.edition_layout}"}
    for lang in pair:
        record.update({f"{lang} {key}": value for key, value in build.input_record(config, source, lang, mode).items()})
    return record


def assemble(config: Config, plan_a: Plan, plan_b: Plan, typography: Typography) -> Edition:
    sides = []
    for plan in (plan_a, plan_b):
        leaflet = assembly.assemble(config, plan, typography)
        blocks = render_body_blocks(plan.doc, functools.partial(assembly._shown, plan), config.source_language, plan.lang)
        sides.append((leaflet, [Markup(block) for block in blocks]))
    (a, blocks_a), (b, blocks_b) = sides
    return Edition(
        slug=plan_a.doc.slug,
        layout=config.edition_layout,
        a=a,
        b=b,
        rows=tuple(zip(blocks_a, blocks_b, strict=True)),
        page_size=config.page_size,
        typography=typography,
    )


def edition_html(config: Config, edition: Edition) -> str:
    return render.render_html(config.templates_dir, TEMPLATE, {"edition": edition, "a": edition.a, "b": edition.b})


def render_edition(config: Config, plans: tuple[Plan, Plan], record: dict[str, str], output: Path) -> build.Outcome:
    """Typeset one edition and write it; errors become a failed Outcome."""
    started = time.perf_counter()
    slug, name = plans[0].doc.slug, edition_name((plans[0].lang, plans[1].lang))
    try:
        edition = assemble(config, plans[0], plans[1], TYPE)
        html = edition_html(config, edition)
        for plan, side in zip(plans, (edition.a, edition.b)):
            assembly.check_coverage(config, plan, side, html)

        def attempt(typography: Typography) -> tuple[render.Layout, Edition]:
            again = assemble(config, plans[0], plans[1], typography)
            return render.typeset(edition_html(config, again), config.templates_dir, what=output), again

        first = (render.typeset(html, config.templates_dir, what=output), edition)
        layout, edition = balance.balance(first, attempt, build.type_steps(), budget=None)
        changed = write_if_changed(output, render.write_pdf(layout, what=output))
    except PipelineError as exc:
        return build.Outcome(slug, name, output, build.LeafletState.FAILED, exc.message, str(exc.path), exc.line, seconds=time.perf_counter() - started)
    build._write_stamp(output, record, pages=layout.pages, draft=edition.draft)
    return build.Outcome(
        slug, name, output, build.LeafletState.BUILT if changed else build.LeafletState.UNCHANGED,
        pages=layout.pages, typography=None if edition.typography == TYPE else edition.typography, draft=edition.draft,
        warnings=tuple(f"refused to fetch {url}" for url in dict.fromkeys(layout.refused)),
        seconds=time.perf_counter() - started,
    )


def build_editions(config: Config, mode: Mode = Mode.DRAFT, languages: list[str] | None = None, jobs: int | None = None) -> list[build.Outcome]:
    """Bring every configured edition of every statement up to date; see the module docstring."""
    pairs = [
        pair for pair in config.editions
        if languages is None or all(lang in languages for lang in pair if lang != config.source_language)
    ]
    outcomes: list[build.Outcome] = []
    pending: list[tuple[tuple[Plan, Plan], dict[str, str], Path]] = []
    for source in config.source_paths() if pairs else []:
        doc = None
        for pair in pairs:
            output = output_path(config, source.stem, pair, mode)
            record = input_record(config, source, pair, mode)
            cached = build._cached(output, record, source.stem, edition_name(pair))
            if cached is not None:
                outcomes.append(cached)
                continue
            doc = doc or load_source(source, config)
            try:
                plans = (assess(config, doc, pair[0], mode), assess(config, doc, pair[1], mode))
            except PipelineError as exc:
                outcomes.append(build.Outcome(source.stem, edition_name(pair), output, build.LeafletState.FAILED, exc.message, str(exc.path), exc.line))
                continue
            skipping = [plan for plan in plans if plan.skip is not None]
            if skipping:
                reason = "; ".join(f"{plan.lang}: {plan.skip}" for plan in skipping)
                fix = "; ".join(f"{plan.lang}: {plan.fix}" for plan in skipping if plan.fix)
                detail = "; ".join(f"{plan.lang}: {plan.detail}" for plan in skipping if plan.detail)
                output.unlink(missing_ok=True)
                build._write_stamp(output, record, skipped=reason, fix=fix, detail=detail)
                outcomes.append(
                    build.Outcome(source.stem, edition_name(pair), output, build.LeafletState.SKIPPED, reason, fix=fix, detail=detail)
                )
                continue
            pending.append((plans, record, output))
    outcomes.extend(_render_all(config, pending, jobs or build.default_jobs()))
    order = {edition_name(pair): i for i, pair in enumerate(pairs)}
    outcomes.sort(key=lambda o: (o.slug, order[o.lang]))
    return outcomes


def _render_all(config: Config, pending: list[tuple[tuple[Plan, Plan], dict[str, str], Path]], jobs: int) -> list[build.Outcome]:
    """Each edition rendered in a worker process under the build's time limit (`workers`)."""
    calls = [(config, plans, record, output) for plans, record, output in pending]
    results = workers.run_all(render_edition, calls, min(jobs, len(pending)), build.TIME_LIMIT)
    outcomes = []
    for (plans, _, output), result in zip(pending, results, strict=True):
        if isinstance(result, workers.TimedOut):
            name = edition_name((plans[0].lang, plans[1].lang))
            message = f"rendering took longer than {result.seconds:g} s and was stopped"
            result = build.Outcome(plans[0].doc.slug, name, output, build.LeafletState.FAILED, message, str(output), seconds=result.seconds)
        outcomes.append(result)
    return outcomes
