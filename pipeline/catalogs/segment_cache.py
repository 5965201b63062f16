"""A content-addressed cache of segmented statements under `build/cache/segments/`.

Contract: `key(path, data, config)` is the sha256 of everything segmentation
depends on: the source's bytes, its project-relative path (segments carry it
as their reference), the source language, the segmenting code (the modules
listed in `CODE` and the versions of pysbd, markdown-it-py, PyYAML and PyICU).
`load(config, path, key)` returns the `SourceDocument` stored under that key,
or None (missing, unreadable, or written by another Python). `store(config,
path, key, doc)` writes it atomically (a temporary file and `os.replace`), so runs
side by side never see half an entry; two runs storing the same key write the
same content. `load_cuts`/`store_cuts` keep, beside it, the segmenter's
boundaries of every paragraph of a statement's last segmentation
(`<slug>.cuts`, valid for the same code), so that an edited statement is
segmented again only where it changed. The cache holds only what this project's own code produced
from the project's own files; deleting `build/` is always safe.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import hashlib
import pickle
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Config
from pipeline.files import write_if_changed
from pipeline.versions import version

if TYPE_CHECKING:
    from pipeline.catalogs.sentences import Cuts
    from pipeline.model import SourceDocument

PACKAGE = Path(__file__).resolve().parent.parent
CODE = ("catalogs/sources.py", "catalogs/segmenting.py", "catalogs/markdown.py", "catalogs/sentences.py", "catalogs/segment_cache.py", "text.py", "model.py")
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, ValueError, TypeError)
LIBRARIES = (("pysbd", "pysbd"), ("markdown-it-py", "markdown_it"), ("PyYAML", "yaml"), ("PyICU", "icu"))
FORMAT = b"segments 1\0"


@functools.lru_cache(maxsize=1)
def _code_digest() -> bytes:
    digest = hashlib.sha256(FORMAT)
    for name in CODE:
        digest.update(name.encode() + b"\0" + (PACKAGE / name).read_bytes() + b"\0")
    for library, module in LIBRARIES:
        digest.update(f"{library} {version(library, module)}\0".encode())
    return digest.digest()


def key(path: Path, data: bytes, config: Config) -> str:
    digest = hashlib.sha256(_code_digest())
    digest.update(f"{config.relative(path)}\0{config.source_language}\0".encode())
    digest.update(data)
    return digest.hexdigest()


def _folder(config: Config) -> Path:
    return config.build_dir / "cache" / "segments"


def load(config: Config, path: Path, digest: str) -> SourceDocument | None:
    from pipeline.model import SourceDocument  # what a cached statement unpickles to: not for `update_stamp`'s LIBRARIES

    try:
        doc = pickle.loads((_folder(config) / f"{path.stem}.{digest}.pickle").read_bytes())
    except _UNREADABLE:
        return None
    return replace(doc, path=path) if isinstance(doc, SourceDocument) else None


def load_cuts(config: Config, path: Path) -> dict[tuple[str, str], Cuts]:
    """The segmenter's boundaries per paragraph of the statement's last segmentation ({} if none, or other code)."""
    try:
        code, cuts = pickle.loads((_folder(config) / f"{path.stem}.cuts").read_bytes())
    except _UNREADABLE:
        return {}
    return cuts if code == _code_digest() and isinstance(cuts, dict) else {}


def store_cuts(config: Config, path: Path, cuts: dict[tuple[str, str], Cuts]) -> None:
    """Keep the boundaries of this segmentation's paragraphs, for the next segmentation of an edited statement."""
    with contextlib.suppress(OSError):
        write_if_changed(_folder(config) / f"{path.stem}.cuts", pickle.dumps((_code_digest(), cuts), protocol=pickle.HIGHEST_PROTOCOL))


def store(config: Config, path: Path, digest: str, doc: SourceDocument) -> None:
    """Keep this entry and drop the statement's older ones (a reader who loses one segments again)."""
    name = f"{path.stem}.{digest}.pickle"
    try:
        write_if_changed(_folder(config) / name, pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
        for old in _folder(config).glob(f"{glob.escape(path.stem)}.*.pickle"):
            if old.name != name and len(old.name) == len(name):
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full build folder costs speed, never correctness
