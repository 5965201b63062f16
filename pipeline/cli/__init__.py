"""The command line: the only place that prints, exits or draws progress bars.

Each module of this package registers its subcommands with `register(subparsers)`:
`catalogs` (pot, update, sentences, rebuild), `translate` (translate, models),
`leaflets` (pdf, preview), `gate` (check, status) and `project` (init);
a subcommand's handler takes `(args, config)` and returns the exit status.
A `PipelineError` is printed as ``path:line: message`` with exit status 1,
never as a traceback. `--verbose` shows the package's log (the `pipeline`
logger) on stderr for the length of the command; other loggers are left alone.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pipeline
from pipeline.config import find_root, load_config
from pipeline.errors import PipelineError

EXIT_USER_ERROR = 1


def build_parser() -> argparse.ArgumentParser:
    from pipeline.cli import catalogs, gate, leaflets, project, translate

    summary = (pipeline.__doc__ or "").split("\n")[0]
    parser = argparse.ArgumentParser(prog="pipeline", description=summary, epilog="A new project: `pipeline init DIR`.")
    parser.add_argument("--version", action="version", version=f"pipeline {pipeline.__version__} (statement-leaflets)")
    parser.add_argument(
        "--root", type=Path, help="project root (holds pipeline.toml; default: the first folder upwards from here that has one)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (project, catalogs, translate, leaflets, gate):
        module.register(subparsers)
    return parser


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def located(error: PipelineError) -> str:
    """`path:line: message`, the form editors and CI annotate."""
    where = display_path(error.path)
    return f"{where}:{error.line}: {error.message}" if error.line else f"{where}: {error.message}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    with _log_shown(args.verbose):
        try:
            config = None if getattr(args, "no_config", False) else load_config(args.root or find_root(Path.cwd()))
            return int(args.handler(args, config))
        except PipelineError as exc:
            print(located(exc), file=sys.stderr)
            return EXIT_USER_ERROR
        except KeyboardInterrupt:
            print("interrupted; no file was left half-written", file=sys.stderr)
            return 130


@contextlib.contextmanager
def _log_shown(verbose: bool) -> Iterator[None]:
    """With `verbose`, the `pipeline` logger's records on stderr while the command runs."""
    if not verbose:
        yield
        return
    logger = logging.getLogger("pipeline")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
