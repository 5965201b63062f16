"""Subcommands for reviewers: `changes` (what changed in the source since review) and `review-sheet`."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from pipeline.catalogs.changes import Change, Op, Piece
from pipeline.catalogs.history import language_changes
from pipeline.cli import display_path
from pipeline.cli.catalogs import selected_languages
from pipeline.config import Config
from pipeline.errors import ConfigError
from pipeline.leaflets.render import render_html
from pipeline.leaflets.review_sheet import write_review_sheets
from pipeline.provenance import approval

_RED, _GREEN, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    """Catalog text made safe for a terminal: control and bidi characters shown as escapes."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    changes = subparsers.add_parser("changes", help="entries whose source changed since their translation was reviewed")
    changes.add_argument("--lang", required=True, help="the language to list (one code)")
    changes.add_argument("--since", metavar="REV", help="compare with the catalogs at this git revision instead")
    changes.add_argument("--format", choices=("text", "html", "json"), default="text")
    changes.add_argument("--output", type=Path, metavar="FILE", help="write there instead of standard output")
    changes.set_defaults(handler=run_changes)

    sheet = subparsers.add_parser("review-sheet", help="write build/review/<slug>.<lang>.html and .pdf for proofreaders")
    sheet.add_argument("--lang", required=True, help="comma-separated languages")
    sheet.set_defaults(handler=run_review_sheet)


def _one_language(config: Config, option: str) -> str:
    languages = selected_languages(config, option)
    if len(languages) != 1:
        raise ConfigError(config.path, 0, f"--lang takes one language here, not {option!r}")
    return languages[0]


def _text_diff(pieces: tuple[Piece, ...], colour: bool) -> str:
    parts = []
    for piece in pieces:
        text = _visible(piece.text)
        if piece.op is Op.KEEP:
            parts.append(text)
        elif piece.op is Op.REMOVE:
            parts.append(f"{_RED}[-{text}-]{_RESET}" if colour else f"[-{text}-]")
        else:
            parts.append(f"{_GREEN}{{+{text}+}}{_RESET}" if colour else f"{{+{text}+}}")
    return " ".join(parts)


def _reviewed(change: Change) -> str:
    found = approval(change.entry)
    if found is None:
        return "no review recorded"
    return f"reviewed by {found.who}, {found.when}, against the {change.reviewed_against}"


def _record(config: Config, path: Path, change: Change) -> dict[str, Any]:
    entry = change.entry
    return {
        "path": config.relative(path),
        "line": entry.msgid_line or entry.line,
        "references": list(entry.references),
        "context": entry.context,
        "previous": change.previous,
        "msgid": entry.msgid,
        "diff": [{"op": piece.op.name.lower(), "text": piece.text} for piece in change.pieces],
        "translation": entry.msgstr,
        "translation_then": change.then,
        "status": entry.status.value,
        "reviewed_against": change.reviewed_against,
        "approval": _reviewed(change),
    }


def _as_text(config: Config, found: list[tuple[Path, Change]], colour: bool) -> str:
    lines = []
    for path, change in found:
        entry = change.entry
        where = f"{config.relative(path)}:{entry.msgid_line or entry.line}"
        lines.append(f"{where}: {entry.status.value}; {_visible(_reviewed(change))} ({', '.join(entry.references)})")
        lines.append(f"  source:      {_text_diff(change.pieces, colour) if change.pieces else _visible(entry.msgid)}")
        lines.append(f"  translation: {_visible(entry.msgstr) or '(none)'}")
        if change.then and change.then != entry.msgstr:
            lines.append(f"  then:        {_visible(change.then)}")
        lines.append("")
    lines.append(f"{len(found)} entr{'y' if len(found) == 1 else 'ies'} whose source changed since review")
    return "\n".join(lines) + "\n"


def _html_diff(pieces: list[dict[str, str]]) -> Markup:
    tags = {"keep": "{}", "remove": "<del>{}</del>", "add": "<ins>{}</ins>"}
    return Markup(" ").join(Markup(tags[p["op"]]).format(escape(p["text"])) for p in pieces)


def run_changes(args: argparse.Namespace, config: Config) -> int:
    lang = _one_language(config, args.lang)
    found = language_changes(config, lang, args.since)
    records = [_record(config, path, change) for path, change in found]
    if args.format == "json":
        text = json.dumps({"language": lang, "since": args.since, "changes": records}, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        rows = [{**r, "diff_html": _html_diff(r["diff"]) if r["diff"] else escape(r["msgid"])} for r in records]
        text = render_html(config.templates_dir, "changes.html", {"lang": lang, "since": args.since, "rows": rows})
    else:
        colour = args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = _as_text(config, found, colour)
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"{display_path(args.output)}: {len(records)} changed entries")
    else:
        sys.stdout.write(text)
    return 0


def run_review_sheet(args: argparse.Namespace, config: Config) -> int:
    for lang in selected_languages(config, args.lang):
        for sheet in write_review_sheets(config, lang):
            state = "written" if sheet.changed else "up to date"
            print(f"{display_path(sheet.pdf)}: {state}, {sheet.rows} rows ({display_path(sheet.html)})")
    return 0
