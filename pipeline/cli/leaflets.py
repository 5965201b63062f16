"""Subcommands for the leaflets: `pdf` (drafts, or `--release`) and `preview`."""

from __future__ import annotations

import argparse
import sys
import time

from pipeline.cli import display_path, located, progress
from pipeline.cli.catalogs import selected_languages
from pipeline.config import Config
from pipeline.leaflets import build, previews
from pipeline.leaflets.policy import Mode


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pdf = subparsers.add_parser("pdf", help="typeset build/pdf/<slug>.<lang>.pdf for every statement and language")
    pdf.add_argument(
        "--release",
        action="store_true",
        help="leaflets of reviewed text only, no draft notice, into build/release/: every language that meets its "
        "[release] threshold (100%% if not listed); the others are skipped with the reason",
    )
    pdf.add_argument("--strict", action="store_true", help="with --release: fail, rendering nothing, if a [release] language is not ready")
    pdf.add_argument("--lang", help="comma-separated languages (default: the source language and every configured one)")
    pdf.add_argument("--jobs", type=int, default=0, metavar="N", help="render processes in parallel (default: every core)")
    pdf.set_defaults(handler=run_pdf)

    preview = subparsers.add_parser("preview", help="page 1 of every leaflet as PNG in build/preview/")
    preview.add_argument("--dpi", type=int, default=80, help="resolution of the PNGs (default: 80)")
    preview.set_defaults(handler=run_preview)


def _describe(outcome: build.Outcome) -> str:
    what = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
    if outcome.draft:
        what += ", draft (unreviewed text, marked on every page)"
    if outcome.typography is not None and outcome.typography != build.LARGEST:
        what += f", type stepped down to {outcome.typography.size:g} pt to fit the page budget"
    return what


def _skipped(outcome: build.Outcome, verbose: bool) -> None:
    """One short line, the fix indented under it, and the counts with -v."""
    print(f"{display_path(outcome.output)}: {outcome.lang} skipped: {outcome.message}", file=sys.stderr)
    if outcome.fix:
        print(f"  fix: {outcome.fix}", file=sys.stderr)
    if verbose and outcome.detail:
        print(f"  ({outcome.detail})", file=sys.stderr)


def run_pdf(args: argparse.Namespace, config: Config) -> int:
    started = time.perf_counter()
    mode = Mode.RELEASE if args.release else Mode.DRAFT
    languages = selected_languages(config, args.lang, include_source=True)
    with progress.bar(f"rendering {mode.value} leaflets", "leaflets") as bar:
        report = build.build(config, mode, languages, args.jobs or None, strict=args.strict, progress=bar)
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
        if outcome.state is build.LeafletState.FAILED and outcome.error is not None:
            print(located(outcome.error), file=sys.stderr)
        elif outcome.state is build.LeafletState.SKIPPED:
            _skipped(outcome, args.verbose)
        elif outcome.state is build.LeafletState.UP_TO_DATE:
            print(f"{where}: up to date")
        else:
            state = "written" if outcome.state is build.LeafletState.BUILT else "unchanged"
            print(f"{where}: {state}, {_describe(outcome)} ({outcome.seconds:.1f} s)")
        for warning in outcome.warnings:
            print(f"{where}: warning: {warning}", file=sys.stderr)
    counts = {state: sum(1 for o in report.outcomes if o.state is state) for state in build.LeafletState}
    summary = ", ".join(f"{n} {state.value}" for state, n in counts.items() if n)
    print(f"{mode.value} leaflets: {summary} ({time.perf_counter() - started:.1f} s)")
    return 1 if report.failed else 0


def run_preview(args: argparse.Namespace, config: Config) -> int:
    results = previews.previews(config, args.dpi)
    if not results:
        print(f"{display_path(config.build_dir / 'pdf')}: no leaflets yet; run `{config.command('pdf')}` first", file=sys.stderr)
        return 1
    for png, state in results:
        print(f"{display_path(png)}: {state}")
    return 0
