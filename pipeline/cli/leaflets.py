"""Subcommands for the leaflets: `pdf` (drafts, or `--release`; editions, `--print`, `--booklet`), `preview`, `site` and `cards`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.cli import display_path, located, progress
from pipeline.cli.catalogs import selected_languages
from pipeline.config import Config
from pipeline.errors import ConfigError, RenderError
from pipeline.leaflets import build, editions
from pipeline.leaflets.modes import Mode
from pipeline.leaflets.outcomes import LeafletState, Outcome

# Each handler imports the stages it drives: `pdf` with nothing to do loads no layout code.


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pdf = subparsers.add_parser("pdf", help="typeset build/pdf/<slug>.<lang>.pdf for every statement and language")
    pdf.add_argument(
        "--release",
        action="store_true",
        help="leaflets of reviewed text only, no draft notice, into build/release/: every language that meets its "
        "[release] threshold (100%% if not listed); the others are skipped with the reason",
    )
    pdf.add_argument(
        "--numbered",
        action="store_true",
        help="drafts with review-sheet row numbers beside the paragraphs, in build/review/<slug>.<lang>.numbered.pdf",
    )
    pdf.add_argument("--strict", action="store_true", help="with --release: fail, rendering nothing, if a [release] language is not ready")
    pdf.add_argument("--lang", help="comma-separated languages (default: the source language and every configured one)")
    pdf.add_argument("--jobs", type=int, default=0, metavar="N", help="render processes in parallel (default: every core)")
    pdf.add_argument("--update", action="store_true", help="run `update` first, in the same process (what `make pdf` does)")
    pdf.add_argument("--print", action="store_true", help="also build/print/<name>.pdf for a print shop: 3 mm bleed, crop marks")
    pdf.add_argument(
        "--booklet", action="store_true",
        help="half-sheet (A5 or half-letter) leaflets imposed two-up as build/print/<slug>.<lang>.booklet.pdf, to print duplex and fold",
    )
    pdf.set_defaults(handler=run_pdf)

    preview = subparsers.add_parser("preview", help="page 1 of every leaflet as PNG in build/preview/")
    preview.add_argument("--dpi", type=int, default=80, help="resolution of the PNGs (default: 80)")
    preview.add_argument("--docs", type=Path, metavar="DIR", help="also the README's pictures of an edition, a booklet and a card, into DIR")
    preview.set_defaults(handler=run_preview)

    site_parser = subparsers.add_parser("site", help="the web edition: build/site/<slug>/<lang>.html and indexes")
    site_parser.add_argument("--release", action="store_true", help="only fully reviewed languages, into build/site-release/")
    site_parser.add_argument("--lang", help="comma-separated languages (default: the source language and every configured one)")
    site_parser.set_defaults(handler=run_site)

    cards_parser = subparsers.add_parser("cards", help="share images: build/cards/<slug>.<lang>.png, 1080 × 1080 px")
    cards_parser.add_argument("--lang", help="comma-separated languages (default: the source language and every configured one)")
    cards_parser.set_defaults(handler=run_cards)


def _describe(outcome: Outcome) -> str:
    what = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
    if outcome.draft:
        what += ", draft (unreviewed text, marked on every page)"
    if outcome.typography is not None and outcome.typography != build.LARGEST:
        what += f", type stepped down to {outcome.typography.size:g} pt to fit the page budget or fill the last page"
    return what


def _skipped(outcome: Outcome, verbose: bool) -> None:
    """One short line, the fix indented under it, and the counts with -v."""
    print(f"{display_path(outcome.output)}: {outcome.lang} skipped: {outcome.message}", file=sys.stderr)
    if outcome.fix:
        print(f"  fix: {outcome.fix}", file=sys.stderr)
    if verbose and outcome.detail:
        print(f"  ({outcome.detail})", file=sys.stderr)


def run_pdf(args: argparse.Namespace, config: Config) -> int:
    started = time.perf_counter()
    if args.release and args.numbered:
        raise ConfigError(config.path, 0, "--numbered is for drafts under review; leave it out with --release")
    mode = Mode.RELEASE if args.release else Mode.DRAFT
    if args.update:
        from pipeline.cli.catalogs import update_all
        from pipeline.files import locked

        with locked(config.root):
            update_all(config, list(config.languages))
    languages = selected_languages(config, args.lang, include_source=True)
    copies: list[Outcome] = []
    if args.booklet:
        from pipeline.leaflets import print_shop  # pikepdf: only for print-shop copies

        with progress.bar(f"rendering {mode.value} booklets", "leaflets") as bar:
            report, copies = print_shop.booklets(config, mode, languages, args.jobs or None, marks=args.print, strict=args.strict, progress=bar)
    else:
        with progress.bar(f"rendering {mode.value} leaflets", "leaflets") as bar:
            report = build.build(config, mode, languages, args.jobs or None, strict=args.strict, progress=bar, numbered=args.numbered)
        if not report.blocked and not args.numbered:
            report.outcomes.extend(editions.build_editions(config, mode, languages, args.jobs or None))
        if args.print and not report.blocked:
            from pipeline.leaflets import print_shop

            copies = print_shop.print_copies(config, mode, report.outcomes)
    if report.blocked:
        for outcome in report.blocked:
            if outcome.error is not None:
                print(located(outcome.error), file=sys.stderr)
            else:
                _skipped(outcome, args.verbose)
        names = ", ".join(o.lang for o in report.blocked)
        print(f"release stopped (--strict): {names} not ready; nothing was rendered", file=sys.stderr)
        return 1
    for outcome in report.outcomes:
        where = display_path(outcome.output)
        if outcome.state is LeafletState.FAILED and outcome.error is not None:
            print(located(outcome.error), file=sys.stderr)
        elif outcome.state is LeafletState.SKIPPED:
            _skipped(outcome, args.verbose)
        elif outcome.state is LeafletState.UP_TO_DATE:
            print(f"{where}: up to date")
        else:
            state = "written" if outcome.state is LeafletState.BUILT else "unchanged"
            print(f"{where}: {state}, {_describe(outcome)} ({outcome.seconds:.1f} s)")
        for warning in outcome.warnings:
            print(f"{where}: warning: {warning}", file=sys.stderr)
    _report_copies(config, copies, args.booklet, args.print)
    counts = {state: sum(1 for o in report.outcomes if o.state is state) for state in LeafletState}
    summary = ", ".join(f"{n} {state.value}" for state, n in counts.items() if n)
    print(f"{mode.value} leaflets: {summary} ({time.perf_counter() - started:.1f} s)")
    return 1 if report.failed or any(o.state is LeafletState.FAILED for o in copies) else 0


def _report_copies(config: Config, copies: list[Outcome], booklet: bool, marks: bool) -> None:
    """One line per print-shop copy, then what to tell the print shop."""
    for outcome in copies:
        if outcome.error is not None:
            print(located(outcome.error), file=sys.stderr)
        else:
            state = "written" if outcome.state is LeafletState.BUILT else outcome.state.value
            print(f"{display_path(outcome.output)}: {state}, {outcome.pages} page{'s' if outcome.pages != 1 else ''}")
    if not copies:
        return
    from pipeline.leaflets import imposition

    sheet = "A4" if config.page_size == "A4" else "Letter"
    if booklet:
        half = "A5 (148 × 210 mm)" if sheet == "A4" else "half letter (5.5 × 8.5 in)"
        how = f"print duplex on {sheet}, landscape, flipped on the short edge; fold in half for {half} pages in order"
        print(f"booklets: {how}" + ("; trim each sheet to " + sheet + " along the crop marks (3 mm bleed)" if marks else ""))
    else:
        width, height = imposition.trim_size(copies[0].output.read_bytes(), copies[0].output)
        print(f"print copies: trim to {sheet} ({width:.0f} × {height:.0f} mm) along the crop marks; 3 mm bleed; fonts embedded, colours sRGB")


def run_preview(args: argparse.Namespace, config: Config) -> int:
    from pipeline.leaflets import previews

    results = previews.previews(config, args.dpi)
    if args.docs is not None:
        results += previews.readme_previews(config, config.root / args.docs)
    if not results:
        print(f"{display_path(config.build_dir / 'pdf')}: no leaflets yet; run `{config.command('pdf')}` first", file=sys.stderr)
        return 1
    for png, state in results:
        print(f"{display_path(png)}: {state}")
    return 0


def run_site(args: argparse.Namespace, config: Config) -> int:
    from pipeline.leaflets import site

    mode = Mode.RELEASE if args.release else Mode.DRAFT
    pages = site.build_site(config, mode, selected_languages(config, args.lang, include_source=True))
    for page in pages:
        where = display_path(page.output)
        if page.state == "failed":
            print(located(RenderError(page.error_path, page.error_line, page.message)), file=sys.stderr)
        elif page.state == "skipped":
            print(f"{where}: {page.lang} skipped: {page.message}", file=sys.stderr)
            if page.fix:
                print(f"  fix: {page.fix}", file=sys.stderr)
        else:
            print(f"{where}: {page.state}")
    index = site.site_dir(config, mode) / "index.html"
    if index.exists():
        print(f"web edition: {display_path(index)}")
    return 1 if any(page.state == "failed" for page in pages) else 0


def run_cards(args: argparse.Namespace, config: Config) -> int:
    from pipeline.leaflets import cards

    outcomes = cards.build_cards(config, selected_languages(config, args.lang, include_source=True))
    for outcome in outcomes:
        where = display_path(outcome.output)
        if outcome.error is not None:
            print(located(outcome.error), file=sys.stderr)
        elif outcome.state is LeafletState.SKIPPED:
            _skipped(outcome, args.verbose)
        else:
            print(f"{where}: {'written' if outcome.state is LeafletState.BUILT else outcome.state.value}")
    return 1 if any(o.state is LeafletState.FAILED for o in outcomes) else 0
