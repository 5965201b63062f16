"""Input stamps: how the build, editions, print copies, cards and the site know that an output is up to date.

Contract:
- `input_record(config, source, lang, mode)` lists every input of one leaflet
  by its hash (or value): the source, both catalogs, every template file, the
  settings that matter to a leaflet, the mode, SOURCE_DATE_EPOCH, the
  installed fonts and the code that shapes the output (`code_digest`).
- `write_stamp(output, record, **result)` records the record's digest and the
  result beside the output, as `<output>.inputs` (JSON, written only when its
  bytes change); `read_stamp(output)` gives it back ({} if missing or broken).
- `cached(output, record, slug, lang)` is the recorded `Outcome` (skipped, or
  up to date while the output exists, with the pages, type and layouts the build
  recorded) when `record` is exactly the recorded one.
This module imports no layout, catalog or rendering code: a build with nothing
to do costs only the hashing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.catalogs import template_words
from pipeline.config import Config
from pipeline.files import write_if_changed
from pipeline.leaflets import fonts
from pipeline.leaflets.outcomes import LeafletState, Outcome
from pipeline.leaflets.typography import Typography
from pipeline.versions import version

if TYPE_CHECKING:
    from pipeline.leaflets.modes import Mode

STAMP_SUFFIX = ".inputs"

log = logging.getLogger(__name__)


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of every module of the package, its shipped translations and the WeasyPrint version: any change rebuilds."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"weasyprint {version('weasyprint', 'weasyprint')}".encode())
    for module in sorted([*package.rglob("*.py"), *package.rglob("*.po")]):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


def input_record(config: Config, source: Path, lang: str, mode: Mode) -> dict[str, str]:
    """Every input of one leaflet, each by its hash (or value)."""
    slug = source.stem
    record = {
        "mode": mode.value,
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
        "code": code_digest(),
        "settings": f"source {config.source_language}, page {config.page_size}, draft minimum {config.draft_minimum:g}, "
        f"release {sorted(config.release.items())}, {'own' if config.own_templates else 'packaged'} templates",
        "web edition": config.site_url,
        config.relative(source): file_digest(source),
    }
    if lang != config.source_language:
        po = config.po_path(lang, slug)
        record[config.relative(po)] = file_digest(po)
    if lang in template_words.template_languages(config):
        template_po = template_words.catalog_path(config, lang)
        record[config.relative(template_po)] = file_digest(template_po)
    for path in sorted(p for p in config.templates_dir.rglob("*") if p.is_file()):
        record[config.relative(path)] = file_digest(path)
    try:
        record["fonts"] = fonts.fonts_digest()  # every installed font: a leaflet's stack depends on its text
    except fonts.FontsMissing as exc:
        record["fonts"] = str(exc)
    return record


def digest(record: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()


def _stamp_path(output: Path) -> Path:
    return output.with_name(output.name + STAMP_SUFFIX)


def read_stamp(output: Path) -> dict[str, Any]:
    try:
        stamp = json.loads(_stamp_path(output).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def write_stamp(output: Path, record: dict[str, str], **result: object) -> None:
    stamp = {"digest": digest(record), **result, "inputs": record}
    write_if_changed(_stamp_path(output), json.dumps(stamp, indent=1, sort_keys=True) + "\n")


def cached(output: Path, record: dict[str, str], slug: str, lang: str) -> Outcome | None:
    """The recorded outcome when the inputs are exactly those of the last decision."""
    stamp = read_stamp(output)
    if stamp.get("digest") != digest(record):
        log.debug("%s: inputs changed since the last build", output)
        return None
    log.info("%s: inputs unchanged since the last build (cache hit)", output)
    if "skipped" in stamp:
        return Outcome(
            slug, lang, output, LeafletState.SKIPPED, str(stamp["skipped"]), fix=str(stamp.get("fix", "")), detail=str(stamp.get("detail", ""))
        )
    if output.exists():
        return Outcome(
            slug, lang, output, LeafletState.UP_TO_DATE, pages=int(stamp.get("pages", 0)), draft=bool(stamp.get("draft")),
            typography=_typography(stamp.get("typography")), layouts=int(stamp.get("layouts", 0)),
        )
    return None


def _typography(recorded: object) -> Typography | None:
    """The typography a stamp records ({"size": …, "leading": …}), None if it records none or something else."""
    if not isinstance(recorded, dict):
        return None
    try:
        return Typography(size=float(recorded["size"]), leading=float(recorded["leading"]))
    except (KeyError, TypeError, ValueError):
        return None
