"""The command line: the only place that prints, exits or draws progress bars.

Each module of this package registers its subcommands with `register(subparsers)`:
`catalogs` (pot, update, sentences, rebuild), `translate` (translate, models),
`leaflets` (pdf, preview), `gate` (check, status), `project` (init) and `review` (changes, review-sheet);
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


# Which module registers each subcommand: a run imports only its command's module
# (and what that needs), not every stage; `--help` or an unknown command imports all.
COMMANDS = {
    "pot": "catalogs", "update": "catalogs", "sentences": "catalogs", "rebuild": "catalogs",
    "translate": "translate", "models": "translate",
    "pdf": "leaflets", "preview": "leaflets",
    "check": "gate", "status": "gate",
    "init": "project",
    "changes": "review", "review-sheet": "review",
}
MODULES = ("project", "catalogs", "translate", "leaflets", "gate", "review")


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named in `argv` (after the global options), if any."""
    words = iter(argv)
    for word in words:
        if word == "--root":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    import importlib

    summary = (pipeline.__doc__ or "").split("\n")[0]
    parser = argparse.ArgumentParser(prog="pipeline", description=summary, epilog="A new project: `pipeline init DIR`.")
    parser.add_argument("--version", action="version", version=f"pipeline {pipeline.__version__} (statement-leaflets)")
    parser.add_argument(
        "--root", type=Path, help="project root (holds pipeline.toml; default: the first folder upwards from here that has one)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    command = _command_in(sys.argv[1:] if argv is None else argv)
    for name in [COMMANDS[command]] if command else MODULES:
        importlib.import_module(f"pipeline.cli.{name}").register(subparsers)
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
    parser = build_parser(argv)
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
