"""Whether `update` has anything to do: a digest of its inputs and outputs, recorded after each run.

Contract: `digest(config, languages)` is the sha256 of everything `update`
reads or writes for those languages: pipeline.toml, every statement, every
template file (the template's own words), every POT and .po it keeps, the
catalog code, and the versions of the libraries whose answers end up in a
catalog (segmentation's, and Babel's language names and plural rules).
`current(config, languages)` is True when the digest recorded by the last
update (`build/cache/update-<languages>.stamp`) still matches, i.e.
running it again would change nothing; `record(config, languages)` writes the
digest atomically after an update. It reads bytes only: no Markdown, no PO
parsing, so a no-op `make pdf` costs a few file reads.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from pipeline.catalogs.segment_cache import LIBRARIES as SEGMENTING_LIBRARIES
from pipeline.config import Config
from pipeline.files import write_if_changed
from pipeline.versions import version

PACKAGE = Path(__file__).resolve().parent.parent
CODE = ("catalogs", "config.py", "model.py", "text.py", "files.py")
TEMPLATE_DOMAIN = "leaflet-template"  # as pipeline.catalogs.template_words.DOMAIN, without importing it
LIBRARIES = (*SEGMENTING_LIBRARIES, ("Babel", "babel"))  # (distribution, module) of each library whose answers a catalog holds


def project_languages(config: Config) -> list[str]:
    """What a plain `update` (and `make pdf`) keeps: every configured language, then the source language's template words."""
    return [*config.languages, config.source_language]


def _stamp(config: Config, languages: list[str]) -> Path:
    return config.build_dir / "cache" / f"update-{'-'.join(languages) or 'none'}.stamp"


def _files(config: Config, languages: list[str]) -> list[Path]:
    code = sorted(p for name in CODE for p in ([PACKAGE / name] if name.endswith(".py") else (PACKAGE / name).glob("*.py")))
    sources = config.source_paths()
    domains = [p.stem for p in sources] + [TEMPLATE_DOMAIN]
    catalogs = [config.pot_path(d) for d in domains] + [config.po_path(lang, d) for d in domains for lang in languages]
    templates = sorted(p for p in config.templates_dir.rglob("*") if p.is_file())
    return [*code, config.path, *sources, *templates, *catalogs]


def digest(config: Config, languages: list[str]) -> str:
    result = hashlib.sha256("".join(f"{library} {version(library, module)}\0" for library, module in LIBRARIES).encode())
    for path in _files(config, languages):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0missing"
        result.update(f"{path}\0{len(data)}\0".encode() + data)
    return result.hexdigest()


def current(config: Config, languages: list[str]) -> bool:
    try:
        return _stamp(config, languages).read_text(encoding="ascii").strip() == digest(config, languages)
    except (OSError, UnicodeDecodeError):
        return False


def record(config: Config, languages: list[str]) -> None:
    with contextlib.suppress(OSError):  # an unwritable build folder only costs the next run its shortcut
        write_if_changed(_stamp(config, languages), digest(config, languages) + "\n")
