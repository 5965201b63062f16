"""Bilingual editions: one PDF with two languages of a statement, block by block.

Contract:
- `build_editions(config, mode, languages, jobs)` builds every pair of
  `[editions] pairs` in `pipeline.toml` (when `languages` are given, those
  whose every language but the source language is among them) for every statement, into
  `build/pdf/<slug>.<a>+<b>.pdf` (`build/release/` in release mode), and returns
  one `Outcome` per edition (its `lang` is "a+b").
- Policy is the single-language leaflets' (`policy.assess`) applied to both
  sides: an edition is skipped when either side is (the reason names the side),
  and it is a draft when either side shows unreviewed text.
- Layout (`[editions] layout`): "side-by-side" sets each top-level block (a
  paragraph, heading, list or quote) of the first language beside the same
  block of the second, in two columns whose rows start level, so headings align;
  "one-after-the-other" sets each block of the second language under the
  first's. Each side carries its own `lang` (hyphenation), `dir` and fonts.
- Editions render in the build's worker processes, under its time limit
  (`edition_layout.render_edition`).
- Incremental and deterministic like `build`: the stamp beside the PDF holds
  both sides' input records plus the layout; when it matches, nothing is read or
  rendered. A skipped edition's old PDF is removed. Nothing here prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.leaflets import build, stamps
from pipeline.leaflets.modes import Mode
from pipeline.leaflets.outcomes import LeafletState, Outcome

if TYPE_CHECKING:
    from pipeline.leaflets.policy import Plan


def edition_name(pair: tuple[str, str]) -> str:
    return f"{pair[0]}+{pair[1]}"


def output_path(config: Config, slug: str, pair: tuple[str, str], mode: Mode) -> Path:
    return build.output_path(config, slug, edition_name(pair), mode)


def input_record(config: Config, source: Path, pair: tuple[str, str], mode: Mode) -> dict[str, str]:
    """Both sides' inputs (each key prefixed with its language) and the edition's layout."""
    record = {"edition": f"{edition_name(pair)} {config.edition_layout}"}
    for lang in pair:
        record.update({f"{lang} {key}": value for key, value in stamps.input_record(config, source, lang, mode).items()})
    return record


def build_editions(config: Config, mode: Mode = Mode.DRAFT, languages: list[str] | None = None, jobs: int | None = None) -> list[Outcome]:
    """Bring every configured edition of every statement up to date; see the module docstring."""
    pairs = [
        pair for pair in config.editions
        if languages is None or all(lang in languages for lang in pair if lang != config.source_language)
    ]
    outcomes: list[Outcome] = []
    pending: list[tuple[tuple[Plan, Plan], dict[str, str], Path]] = []
    for source in config.source_paths() if pairs else []:
        doc = None
        for pair in pairs:
            output = output_path(config, source.stem, pair, mode)
            record = input_record(config, source, pair, mode)
            cached = stamps.cached(output, record, source.stem, edition_name(pair))
            if cached is not None:
                outcomes.append(cached)
                continue
            from pipeline.catalogs.sources import load_source
            from pipeline.leaflets.policy import assess  # the catalogs' counts: only for an edition to plan

            doc = doc or load_source(source, config)
            try:
                plans = (assess(config, doc, pair[0], mode), assess(config, doc, pair[1], mode))
            except PipelineError as exc:
                outcomes.append(Outcome(source.stem, edition_name(pair), output, LeafletState.FAILED, exc.message, str(exc.path), exc.line))
                continue
            skipping = [plan for plan in plans if plan.skip is not None]
            if skipping:
                reason = "; ".join(f"{plan.lang}: {plan.skip}" for plan in skipping)
                fix = "; ".join(f"{plan.lang}: {plan.fix}" for plan in skipping if plan.fix)
                detail = "; ".join(f"{plan.lang}: {plan.detail}" for plan in skipping if plan.detail)
                output.unlink(missing_ok=True)
                stamps.write_stamp(output, record, skipped=reason, fix=fix, detail=detail)
                outcomes.append(
                    Outcome(source.stem, edition_name(pair), output, LeafletState.SKIPPED, reason, fix=fix, detail=detail)
                )
                continue
            pending.append((plans, record, output))
    outcomes.extend(_render_all(config, pending, jobs or build.default_jobs()))
    order = {edition_name(pair): i for i, pair in enumerate(pairs)}
    outcomes.sort(key=lambda o: (o.slug, order[o.lang]))
    return outcomes


def _render_all(config: Config, pending: list[tuple[tuple[Plan, Plan], dict[str, str], Path]], jobs: int) -> list[Outcome]:
    """Each edition rendered in a worker process under the build's time limit (`workers`)."""
    if not pending:
        return []
    from pipeline import workers
    from pipeline.leaflets.edition_layout import render_edition

    calls = [(config, plans, record, output) for plans, record, output in pending]
    results = workers.run_all(render_edition, calls, min(jobs, len(pending)), build.TIME_LIMIT)
    outcomes = []
    for (plans, _, output), result in zip(pending, results, strict=True):
        if isinstance(result, workers.TimedOut):
            name = edition_name((plans[0].lang, plans[1].lang))
            message = f"rendering took longer than {result.seconds:g} s and was stopped"
            result = Outcome(plans[0].doc.slug, name, output, LeafletState.FAILED, message, str(output), seconds=result.seconds)
        outcomes.append(result)
    return outcomes
