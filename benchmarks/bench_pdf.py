"""Benchmark: `pipeline pdf` for the sample statement in every configured language, beside WeasyPrint alone.

Copies the repository's configuration, templates, sources and catalogs into a
temporary project (the repository is not touched). A language whose catalog
has too few translations for a draft gets copy-of-the-source suggestions written
through `write_suggestions`, so every configured language is typeset.
The project gets the ten LANGUAGES and no bilingual editions. Then, in one run on the same machine, it times:
  - a cold build (empty build/), `pipeline pdf --jobs 2`, beside the floor:
    WeasyPrint alone laying out and writing the very same HTML as the same
    tagged PDF/UA-1 in 2 fresh processes (its import included, as a render
    process pays it; the pipeline's text layer, page fitting and last-page
    balancing are the pipeline's own work, counted on its side only);
    and beside WeasyPrint alone making the same layouts the pipeline made: where
    the pipeline stepped the type down (to fill the last page or keep to a page
    budget; its stamps record the type and the layouts), the HTML at the chosen
    type is laid out and written too (a leaflet laid out more than twice is
    counted, not repeated);
  - the no-op `pipeline pdf --update` of those ten languages (the update users
    pay, then the build, nothing changed) beside `python -c pass`;
  - the no-op `make pdf` of the repository's own sample, as a user types it (one
    warm-up run first, which may write the repository's build/), beside its floor:
    `python -c pass` plus make's own overhead (`make setup`, nothing to do);
  - `pipeline check` of the repository's sample (after that `make pdf`, so its
    catalogs are as `update` left them), beside `python -c pass`.
Each figure is the median of REPEATS runs (both sides interleaved), with the ratio.
Run: .venv/bin/python benchmarks/bench_pdf.py [--tiny]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.catalogs.sources import load_source  # noqa: E402
from pipeline.catalogs.suggestions import write_suggestions  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.files import locked  # noqa: E402
from pipeline.leaflets import assembly, build, policy, stamps  # noqa: E402
from pipeline.leaflets.modes import Mode  # noqa: E402
from pipeline.model import Suggestion  # noqa: E402

REPEATS = 3
LANGUAGES = ("es", "tl", "fr", "de", "it", "pt", "nl", "pl", "sv", "ca")


def _cli(root: Path, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "--root", str(root), *args], capture_output=True, text=True, cwd=root
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"pipeline {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def _project(languages: tuple[str, ...]) -> tuple[Path, list[str]]:
    root = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    toml = (REPO / "pipeline.toml").read_text(encoding="utf-8")
    toml = re.sub(r"^languages = .*$", "languages = [" + ", ".join(f'"{lang}"' for lang in languages) + "]", toml, flags=re.M)
    toml = re.sub(r"^pairs = .*$", "pairs = []", toml, flags=re.M)  # single-language leaflets only: the floor renders those
    (root / "pipeline.toml").write_text(toml, encoding="utf-8")
    for folder in ("templates", "sources", "locales"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    _cli(root, "update")
    config = load_config(root)
    filled = []
    for source in config.source_paths():
        doc = load_source(source, config)
        for lang in config.languages:
            plan = policy.assess(config, doc, lang, Mode.DRAFT)
            if plan.skip is not None:
                note = ("machine translation: benchmark copy of the source",)
                suggestions = [Suggestion(seg.context, seg.msgid, seg.msgid, note) for seg in doc.segments]
                with locked(config.root):
                    write_suggestions(config.po_path(lang, doc.slug), suggestions)
                filled.append(lang)
    return root, filled


def _median(action, repeats: int) -> float:
    return statistics.median(action() for _ in range(repeats))


def _cold(root: Path, jobs: int) -> float:
    shutil.rmtree(root / "build", ignore_errors=True)
    return _cli(root, "pdf", "--jobs", str(jobs))


def _render_share(args: tuple[list[str], str]) -> int:
    """WeasyPrint's own work for the same PDF: tagged PDF/UA-1, as the leaflets are (the text layer is ours, not counted)."""
    from weasyprint import HTML

    from pipeline.leaflets.render import PDF_VARIANT

    pages = 0
    texts, base = args
    for html in texts:
        document = HTML(string=html, base_url=base).render(pdf_tags=True)
        document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
        pages += len(document.pages)
    return pages


def _layouts_made(root: Path) -> dict[tuple[str, str], tuple[build.Typography, int]]:
    """(slug, lang) → (the type chosen, full layouts made), as the last build's stamps record them."""
    config = load_config(root)
    made = {}
    for source in config.source_paths():
        for lang in (config.source_language, *config.languages):
            output = build.output_path(config, source.stem, lang, Mode.DRAFT)
            recorded = stamps.cached(output, stamps.input_record(config, source, lang, Mode.DRAFT), source.stem, lang)
            made[source.stem, lang] = (
                (recorded.typography or build.LARGEST, recorded.layouts or 1) if recorded is not None else (build.LARGEST, 1)
            )
    return made


def _floor(root: Path, jobs: int, chosen: dict[tuple[str, str], build.Typography] | None = None) -> float:
    """WeasyPrint alone on the HTML the pipeline renders, in `jobs` fresh processes (imports included).

    With `chosen`, also the HTML at each leaflet's chosen type where that is not the largest (the pipeline's second layout).
    """
    import concurrent.futures
    import multiprocessing

    config = load_config(root)
    html_texts = []
    for source in config.source_paths():
        doc = load_source(source, config)
        for lang in (config.source_language, *config.languages):
            plan = policy.assess(config, doc, lang, Mode.DRAFT)
            typographies = [build.LARGEST, *([chosen[source.stem, lang]] if chosen and chosen[source.stem, lang] != build.LARGEST else [])]
            for typography in typographies:
                html_texts.append(assembly.leaflet_html(config, assembly.assemble(config, plan, typography)))
    base = f"{config.templates_dir.resolve().as_uri()}/"
    shares = [(html_texts[i::jobs], base) for i in range(jobs)]
    started = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(_render_share, shares))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="two languages, once (the test suite's smoke run)")
    args = parser.parse_args()
    languages, repeats = (("es", "tl"), 1) if args.tiny else (LANGUAGES, REPEATS)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1770076800")
    root, filled = _project(languages)
    config = load_config(root)
    jobs = 2
    count = len(config.source_paths()) * (1 + len(config.languages))
    # Interleaved, so both sides see the same machine (other work on it comes and goes).
    runs = []
    for _ in range(repeats):
        cold_run = _cold(root, jobs)
        made = _layouts_made(root)
        runs.append((cold_run, _floor(root, jobs), _floor(root, jobs, {key: typography for key, (typography, _) in made.items()})))
    cold, floor, same = (statistics.median(r[i] for r in runs) for i in range(3))
    layouts = sum(n for _, n in made.values())
    stepped = sum(1 for typography, _ in made.values() if typography != build.LARGEST)
    beyond = sum(n - 2 for _, n in made.values() if n > 2)
    noop = _median(lambda: _cli(root, "pdf", "--update"), repeats)
    _timed(["make", "-s", "-C", str(REPO), "pdf"])  # warm-up: brings the repository's leaflets up to date
    check = [sys.executable, "-m", "pipeline", "--root", str(REPO), "check"]
    make_runs = [
        (_timed(["make", "-s", "-C", str(REPO), "pdf"]), _timed(["make", "-s", "-C", str(REPO), "setup"]), _python_pass(), _timed(check))
        for _ in range(max(repeats, 5))
    ]
    make_pdf, make_only, python, gate = (statistics.median(run[i] for run in make_runs) for i in range(4))
    built = [p.name.split(".")[-2] for p in sorted((root / "build" / "pdf").glob("*.pdf"))]
    print(f"bench_pdf: {count} leaflets of the sample statement ({', '.join(built)}), --jobs {jobs}, median of {repeats}")
    if filled:
        print(f"  (languages without enough translations, given copy-of-source suggestions: {', '.join(filled)})")
    print(f"  cold build, pipeline pdf --jobs {jobs}:        {cold:6.2f} s | WeasyPrint alone, {jobs} processes: {floor:6.2f} s | "
          f"ratio {cold / floor:.2f}x (target <= 1.1)")
    print(f"    the pipeline made {layouts} full layouts for {count} leaflets ({stepped} with the type stepped down to fill the last "
          f"page or fit the budget{f'; {beyond} layouts beyond a second not repeated by the floor' if beyond else ''}); "
          f"WeasyPrint alone making the same {count + stepped}: {same:6.2f} s | ratio {cold / same:.2f}x")
    print(f"  no-op `pipeline pdf --update`, {len(config.languages)} languages: {noop:6.3f} s | python -c pass: {python:6.3f} s | "
          f"ratio {noop / python:.1f}x")
    floor = python + make_only
    print(f"  no-op `make pdf`, the repository's sample: {make_pdf:6.3f} s | python -c pass + make: {floor:6.3f} s "
          f"({python:.3f} + {make_only:.3f}) | ratio {make_pdf / floor:.1f}x (target <= 0.3 s and <= 3x)")
    print(f"  `pipeline check`, the repository's sample:  {gate:6.3f} s | python -c pass: {python:6.3f} s (target <= 0.25 s)")
    shutil.rmtree(root)


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return elapsed


def _python_pass() -> float:
    return _timed([sys.executable, "-c", "pass"])


if __name__ == "__main__":
    main()
