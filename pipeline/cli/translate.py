"""Subcommands for machine translation: `translate`, and `models install|list|download`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.cli import display_path, progress
from pipeline.cli.catalogs import selected_languages
from pipeline.config import ENGINES, Config
from pipeline.mt.suggest import LanguageReport, Report, translate_project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    translate = subparsers.add_parser("translate", help="fill new catalog entries with offline machine suggestions (fuzzy)")
    translate.add_argument("--lang", help="comma-separated languages (default: all configured)")
    translate.add_argument("--engine", choices=ENGINES, help="engine to use (default: [mt] engine in pipeline.toml)")
    translate.add_argument("--strict", action="store_true", help="fail when a language has no engine")
    translate.add_argument("--compendium", type=Path, metavar="PATH", help="a .po of reviewed translations to reuse first")
    translate.set_defaults(handler=run_translate)

    models = subparsers.add_parser("models", help="manage Argos Translate packages")
    actions = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    install = actions.add_parser("install", help="install a .argosmodel file (checked before anything is written)")
    install.add_argument("path", type=Path)
    install.set_defaults(handler=run_install, no_config=True)
    listing = actions.add_parser("list", help="installed packages, Apertium modes, and the engine each language gets")
    listing.set_defaults(handler=run_list)
    download = actions.add_parser("download", help="download packages from the Argos index (needs a network)")
    download.add_argument("languages", nargs="+", metavar="LANG")
    download.set_defaults(handler=run_download)


def _line(report: LanguageReport) -> str:
    if not report.pending:
        return f"{report.lang}: nothing to translate"
    parts = []
    if report.machine or report.engine:
        parts.append(f"{report.machine} machine suggestion{'s' if report.machine != 1 else ''} ({report.engine})")
    if report.memory:
        parts.append(f"{report.memory} from translation memory")
    if report.suspect:
        parts.append(f"{report.suspect} suspect (see their `mt warning` comments)")
    if report.refused:
        parts.append(f"{len(report.refused)} left untranslated (masks broken)")
    if report.skipped:
        parts.append(f"{report.pending - report.memory} skipped")
    return f"{report.lang}: " + ", ".join(parts) + f" ({report.seconds:.1f} s)"


def _summary(report: Report) -> None:
    for lang in report.languages:
        for refusal in lang.refused:
            print(f"{display_path(refusal.path)}:{refusal.line}: {refusal.message}", file=sys.stderr)
    for lang in report.languages:
        print(_line(lang))
        if lang.skipped:
            print(f"{lang.lang}: no engine for {lang.lang}; to get one:", file=sys.stderr)
            for reason in lang.skipped.split("; "):
                print(f"  - {reason}", file=sys.stderr)
    total = sum(lang.machine + lang.memory for lang in report.languages)
    print(f"translate: {total} suggestion{'s' if total != 1 else ''} written, fuzzy, for review ({report.seconds:.1f} s)")


def _note_missing_extra(choice: str, worked: bool) -> None:
    """`auto` went past Argos because its Python packages are missing: say which extra installs them."""
    from pipeline.mt import argos, packages

    if choice == "auto" and worked and packages.mt_extra_missing():
        print(f"translate: Argos skipped: {argos.how_to_get('', '')}", file=sys.stderr)


def run_translate(args: argparse.Namespace, config: Config) -> int:
    languages = selected_languages(config, args.lang)
    with progress.bar("translating", "entries") as bar:
        report = translate_project(
            config, languages, args.engine or config.mt.engine, args.compendium, lambda lang, done, total: bar(done, total, f"translating {lang}")
        )
    _summary(report)
    _note_missing_extra(args.engine or config.mt.engine, any(lang.pending for lang in report.languages))
    skipped = [lang.lang for lang in report.languages if lang.skipped]
    if skipped and args.strict:
        print(f"translate: --strict, and no engine for {', '.join(skipped)}", file=sys.stderr)
        return 1
    return 0


def run_install(args: argparse.Namespace, config: None) -> int:
    from pipeline.mt import packages

    with progress.bar(f"installing {args.path.name}", "bytes") as bar:
        new, replaced = packages.install(args.path, bar)
    for old in replaced:
        print(f"removed {old.label} ({display_path(old.path)})")
    print(f"installed {new.label} ({new.from_code}->{new.to_code}) in {display_path(new.path)}")
    return 0


def run_list(args: argparse.Namespace, config: Config) -> int:
    from pipeline.mt import Unavailable, apertium, open_engine, packages

    found = packages.installed()
    print(f"Argos packages in {display_path(packages.packages_dir())}:")
    for info in found:
        print(f"  {info.label}  {info.from_code}->{info.to_code}")
    if not found:
        print("  none")
    if packages.mt_extra_missing():
        print(f"  (the Argos engine needs {' and '.join(packages.mt_extra_missing())}: `{packages.MT_EXTRA}`)")
    modes = apertium.installed_modes()
    print("Apertium modes: " + (", ".join(modes) if modes else "none"))
    for lang in config.languages:
        engine = open_engine(config.mt.engine, config.source_language, lang, config.mt)
        what = f"no engine: {engine}" if isinstance(engine, Unavailable) else engine.description
        print(f"{config.source_language}->{lang}: {what}")
    return 0


def run_download(args: argparse.Namespace, config: Config) -> int:
    from pipeline.mt import packages

    for new, replaced in packages.download(config.source_language, args.languages):
        for old in replaced:
            print(f"removed {old.label} ({display_path(old.path)})")
        print(f"installed {new.label} ({new.from_code}->{new.to_code}) in {display_path(new.path)}")
    return 0
