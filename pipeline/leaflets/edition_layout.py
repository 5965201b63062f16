"""One bilingual edition laid out: both sides assembled, cut into blocks and typeset, then written (in a worker process).

Contract: `render_edition(config, plans, record, output)` typesets the edition
of the two planned sides, balances its last page (`balance`), writes the PDF
if its bytes changed, stamps it with `record`, and returns its `Outcome`;
errors become a failed Outcome. `assemble` and `edition_html` give the
template's view and its HTML. Planning, stamps and skips are `editions`'.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.files import write_if_changed
from pipeline.leaflets import assembly, balance, render, stamps
from pipeline.leaflets.assembly import Leaflet
from pipeline.leaflets.body_html import render_body_blocks
from pipeline.leaflets.build import type_steps
from pipeline.leaflets.editions import edition_name
from pipeline.leaflets.outcomes import LeafletState, Outcome
from pipeline.leaflets.policy import Plan
from pipeline.leaflets.typography import Typography

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


def render_edition(config: Config, plans: tuple[Plan, Plan], record: dict[str, str], output: Path) -> Outcome:
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
        layout, edition = balance.balance(first, attempt, type_steps(), budget=None)
        changed = write_if_changed(output, render.write_pdf(layout, what=output))
    except PipelineError as exc:
        return Outcome(slug, name, output, LeafletState.FAILED, exc.message, str(exc.path), exc.line, seconds=time.perf_counter() - started)
    stamps.write_stamp(output, record, pages=layout.pages, draft=edition.draft)
    return Outcome(
        slug, name, output, LeafletState.BUILT if changed else LeafletState.UNCHANGED,
        pages=layout.pages, typography=None if edition.typography == TYPE else edition.typography, draft=edition.draft,
        warnings=tuple(f"refused to fetch {url}" for url in dict.fromkeys(layout.refused)),
        seconds=time.perf_counter() - started,
    )
