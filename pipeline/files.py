"""Writing project files: atomically, and only when their content really changes.

Contract: `write_if_changed(path, data, ignore)` writes `data` (text as UTF-8
with LF line endings, or bytes) through a temporary file in the same folder and
`os.replace`, so a reader never sees half a file, and leaves the file alone when
it already holds the same content. `ignore` is a pattern whose matches (a
volatile header line, say) do not count as a change; `would_change` answers the
same question without writing. `locked(root)` holds the project-wide lock
(`.pipeline.lock`, an exclusive `flock`) so two runs never interleave their writes;
given the folders only written under it, it first removes the temporary files an
interrupted run (a killed `update`) left there.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

LOCK_NAME = ".pipeline.lock"

log = logging.getLogger(__name__)


def _as_bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def would_change(path: Path, data: str | bytes, ignore: re.Pattern[str] | None = None) -> bool:
    """True when writing `data` to `path` would change what the file says (modulo `ignore`)."""
    return _differs(path, _as_bytes(data), ignore)


def _differs(path: Path, new: bytes, ignore: re.Pattern[str] | None) -> bool:
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        return True
    if old == new:
        return False
    if ignore is None:
        return True
    # On the bytes, without copies: a large catalog is neither decoded nor rewritten (new is UTF-8; an old
    # file that is not differs anyway).
    pattern = _in_bytes(ignore)
    return not _same_text(_outside(pattern, old), _outside(pattern, new))


def _outside(pattern: re.Pattern[bytes], data: bytes) -> Iterator[memoryview]:
    """The parts of `data` between the matches of `pattern`, as views (what `pattern.sub(b"", data)` joins)."""
    view, start = memoryview(data), 0
    for match in pattern.finditer(data):
        yield view[start : match.start()]
        start = match.end()
    yield view[start:]


def _same_text(a: Iterator[memoryview], b: Iterator[memoryview]) -> bool:
    """Whether two sequences of parts join to the same bytes."""
    left, right = memoryview(b""), memoryview(b"")
    while True:
        while not left and (part := next(a, None)) is not None:
            left = part
        while not right and (part := next(b, None)) is not None:
            right = part
        if not left or not right:
            return not left and not right
        size = min(len(left), len(right))
        if left[:size] != right[:size]:
            return False
        left, right = left[size:], right[size:]


@functools.cache
def _in_bytes(pattern: re.Pattern[str]) -> re.Pattern[bytes]:
    """The same pattern over UTF-8 bytes (for patterns whose literal parts are ASCII: `.` then matches any
    byte but LF, and no UTF-8 sequence holds an LF byte, so the same lines match)."""
    return re.compile(pattern.pattern.encode("ascii"), pattern.flags & ~re.UNICODE)


def write_if_changed(path: Path, data: str | bytes, ignore: re.Pattern[str] | None = None) -> bool:
    """Write `data` atomically unless the file already says the same; True when written."""
    encoded = _as_bytes(data)
    if not _differs(path, encoded, ignore):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(encoded)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    log.info("wrote %s", path)
    return True


# What `write_if_changed` names its temporary files: ".<name>." + mkstemp's 8 random characters + ".tmp".
TEMP_FILE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete the temporary files interrupted writes left under `folder`; the caller holds the lock."""
    removed = []
    for path in sorted(folder.rglob(".*.tmp")) if folder.is_dir() else []:
        if TEMP_FILE.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


@contextlib.contextmanager
def locked(root: Path, tidy: Iterable[Path] = ()) -> Iterator[list[Path]]:
    """Hold the project-wide lock, so two runs never interleave their writes.

    Every folder in `tidy` must be one that is only ever written under this lock
    (the catalogs): once the lock is held no other writer can be half-way through,
    so the temporary files found there were left by an interrupted run, and are
    removed. The context yields the paths removed.
    """
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_NAME, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield [path for folder in tidy for path in remove_stale_temp_files(folder)]
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
