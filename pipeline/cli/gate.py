"""Subcommands `check` (the catalog gate for CI) and `status` (the SVG chart).

`check` prints (or writes with --output) the gate's report and exits with its
status; `status` writes the chart of translation progress.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.config import Config
from pipeline.files import write_if_changed
from pipeline.gate import report
from pipeline.gate.run import FIXES, Failure, catalog_statuses, run_gate

EPILOG = "exit status:\n  0  passed (warnings do not fail)\n" + "".join(
    f"  {int(f)}  {f.label}: {FIXES[f]}\n" for f in Failure
) + "  (several failures: the lowest number wins; 1 is a broken source or configuration, 2 a usage error)\n" + (
    "\nsilence a quality check for one entry with a translator comment:\n  # pipeline-ignore: CHECK[, CHECK]\n"
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = subparsers.add_parser(
        "check",
        help="the catalog gate: validity, staleness, quality, completeness (exit 3/4/5/6 on failure)",
        description="Check every catalog: it parses and its header is right, it is up to date with the "
        "sources, its reviewed translations pass the quality checks, and its language is complete enough.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("--format", choices=list(report.FORMATS), default="table", help="report format (default: table)")
    check.add_argument("--output", type=Path, metavar="FILE", help="write the report to FILE instead of standard output")
    check.set_defaults(handler=run_check)

    status = subparsers.add_parser("status", help="write an SVG chart of translation status per language and statement")
    status.add_argument("--output", type=Path, metavar="FILE", help="where to write the chart (default: build/status.svg)")
    status.set_defaults(handler=run_status)


def run_check(args: argparse.Namespace, config: Config) -> int:
    result = run_gate(config)
    text = report.FORMATS[args.format](result)
    if args.output:
        write_if_changed(args.output, text)
        print(f"{args.output}: {report.summary(result)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return result.exit_code


def run_status(args: argparse.Namespace, config: Config) -> int:
    from pipeline.gate.status_chart import status_svg

    output = args.output or config.build_dir / "status.svg"
    changed = write_if_changed(output, status_svg(catalog_statuses(config)))
    print(f"{config.relative(output)}: {'written' if changed else 'up to date'}")
    return 0
