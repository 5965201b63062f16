"""Share images: `build/cards/<slug>.<lang>.png`, 1080 × 1080 px, per statement and language.

Contract:
- `build_cards(config, languages)` renders, for every statement × language the
  draft policy lets through (`policy.assess`), a square card with the
  statement's kind, title, date, organisation line (the signatories, or the
  author) and language, through `templates/card.html` (autoescape), the same
  fonts, direction and coverage check as the leaflets, and the sealed
  WeasyPrint; the one-page PDF becomes a PNG with poppler's `pdftoppm` at
  exactly `SIZE` × `SIZE` pixels. A draft card says it is a draft.
- The title's type size is chosen from its length so that long titles fit.
- Cards render in the build's worker processes, under its time limit.
- Incremental and deterministic like the leaflets (a stamp beside each PNG
  holds the leaflet's input record); a skipped language's old card is
  removed. Returns one `Outcome` per card. Nothing here prints.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline import workers
from pipeline.catalogs.sources import load_source
from pipeline.config import Config
from pipeline.errors import PipelineError, RenderError
from pipeline.files import write_if_changed
from pipeline.leaflets import assembly, build, render, stamps
from pipeline.leaflets.assembly import Leaflet
from pipeline.leaflets.modes import Mode
from pipeline.leaflets.outcomes import LeafletState, Outcome
from pipeline.leaflets.policy import Plan, assess

TEMPLATE = "card.html"
SIZE = 1080  # pixels, and CSS px: the card is typeset at 96 dpi


@dataclass(frozen=True)
class Card:
    leaflet: Leaflet
    organisations: str
    title_px: int


def output_path(config: Config, slug: str, lang: str) -> Path:
    return config.build_dir / "cards" / f"{slug}.{lang}.png"


def title_size(title: str) -> int:
    """Pixels: 100 for a short title, down to 44 for a very long one."""
    return max(44, min(100, round(760 / math.sqrt(max(len(title), 1)))))


def _png(pdf: bytes, what: Path) -> bytes:
    if shutil.which("pdftoppm") is None:
        raise RenderError(Path("pdftoppm"), 0, "not found: install the Debian package poppler-utils")
    with tempfile.TemporaryDirectory() as temp:
        source = Path(temp) / "card.pdf"
        source.write_bytes(pdf)
        done = subprocess.run(
            ["pdftoppm", "-png", "-singlefile", "-scale-to-x", str(SIZE), "-scale-to-y", str(SIZE), str(source), str(Path(temp) / "card")],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RenderError(what, 0, f"pdftoppm failed: {done.stderr.strip()}")
        return (Path(temp) / "card.png").read_bytes()


def render_card(config: Config, plan: Plan, output: Path) -> bytes:
    """The card as PNG bytes."""
    leaflet = assembly.assemble(config, plan, build.LARGEST)
    names = plan.doc.meta.get("signatories") or [plan.doc.meta.get("author", "")]
    card = Card(leaflet, " · ".join(str(name) for name in names if name), title_size(leaflet.title))
    html = render.render_html(config.templates_dir, TEMPLATE, {"card": card, "leaflet": leaflet, "words": leaflet.words})
    assembly.check_coverage(config, plan, leaflet, html)
    layout = render.typeset(html, config.templates_dir, what=output)
    return _png(render.write_pdf(layout, what=output), output)


def _make(config: Config, plan: Plan, record: dict[str, str], output: Path) -> Outcome:
    """Render and write one card (in a worker process); errors become a failed Outcome."""
    slug, lang = plan.doc.slug, plan.lang
    try:
        changed = write_if_changed(output, render_card(config, plan, output))
    except PipelineError as exc:
        return Outcome(slug, lang, output, LeafletState.FAILED, exc.message, str(exc.path), exc.line)
    stamps.write_stamp(output, record, pages=1)
    return Outcome(slug, lang, output, LeafletState.BUILT if changed else LeafletState.UNCHANGED, pages=1)


def build_cards(config: Config, languages: list[str] | None = None, jobs: int | None = None) -> list[Outcome]:
    """Bring build/cards up to date for every statement × language; see the module docstring."""
    langs = languages or [config.source_language, *config.languages]
    outcomes: list[Outcome] = []
    pending: list[tuple[Config, Plan, dict[str, str], Path]] = []
    for source in config.source_paths():
        doc = None
        for lang in langs:
            output = output_path(config, source.stem, lang)
            record = {"card": str(SIZE), **stamps.input_record(config, source, lang, Mode.DRAFT)}
            cached = stamps.cached(output, record, source.stem, lang)
            if cached is not None:
                outcomes.append(cached)
                continue
            doc = doc or load_source(source, config)
            try:
                plan = assess(config, doc, lang, Mode.DRAFT)
            except PipelineError as exc:
                outcomes.append(Outcome(source.stem, lang, output, LeafletState.FAILED, exc.message, str(exc.path), exc.line))
                continue
            if plan.skip is not None:
                output.unlink(missing_ok=True)
                stamps.write_stamp(output, record, skipped=plan.skip, fix=plan.fix, detail=plan.detail)
                outcomes.append(Outcome(source.stem, lang, output, LeafletState.SKIPPED, plan.skip, fix=plan.fix, detail=plan.detail))
                continue
            pending.append((config, plan, record, output))
    results = workers.run_all(_make, pending, min(jobs or build.default_jobs(), len(pending)), build.TIME_LIMIT)
    for (_, plan, _, output), result in zip(pending, results, strict=True):
        if isinstance(result, workers.TimedOut):
            message = f"rendering took longer than {result.seconds:g} s and was stopped"
            result = Outcome(plan.doc.slug, plan.lang, output, LeafletState.FAILED, message, str(output))
        outcomes.append(result)
    order = {lang: i for i, lang in enumerate(langs)}
    outcomes.sort(key=lambda o: (o.slug, order[o.lang]))
    return outcomes
