"""Subcommand `init`: start a leaflet project in a folder (see pipeline/scaffold)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline import scaffold
from pipeline.cli import display_path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = subparsers.add_parser(
        "init",
        help="start a project: pipeline.toml, an example statement, .gitignore, CI workflow, pre-commit hook",
        description="Write a new leaflet project into DIR (default: the working folder); nothing is overwritten.",
    )
    init.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR")
    init.add_argument("--makefile", action="store_true", help="also write a Makefile of thin targets (make pdf, make check, …)")
    init.set_defaults(handler=run_init, no_config=True)


def run_init(args: argparse.Namespace, config: None) -> int:
    for path in scaffold.create(args.folder, args.makefile):
        print(f"{display_path(path)}: written")
    where = "" if args.folder.resolve() == Path.cwd().resolve() else f"cd {display_path(args.folder)} && "
    make = "make" if args.makefile else "pipeline"
    print(f"next: {where}{make} pdf   (then `{make} update`, `{make} translate`; see pipeline.toml)")
    return 0
