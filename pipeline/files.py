"""Writing project files: atomically, and only when their content really changes.

Contract: `write_if_changed(path, data, ignore)` writes `data` (text as UTF-8
with LF line endings, bytes, or byte chunks as they are made) through a temporary
file in the same folder and `os.replace`, so a reader never sees half a file, and
leaves the file alone when it already holds the same content. `ignore` is a
pattern, matching within one line, whose matches (a volatile header line, say) do
not count as a change; `would_change` answers the
same question without writing. `locked(root)` holds the project-wide lock
(`.pipeline.lock`, an exclusive `flock`) so two runs never interleave their writes;
given the folders only written under it, it first removes the temporary files an
interrupted run (a killed `update`) left there.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import io
import logging
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

LOCK_NAME = ".pipeline.lock"

log = logging.getLogger(__name__)


def _as_bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def would_change(path: Path, data: str | bytes, ignore: re.Pattern[str] | None = None) -> bool:
    """True when writing `data` to `path` would change what the file says (modulo `ignore`)."""
    try:
        with path.open("rb") as old:
            return not _same_content(old, io.BytesIO(_as_bytes(data)), ignore)
    except FileNotFoundError:
        return True


def write_if_changed(path: Path, data: str | bytes | Iterable[bytes], ignore: re.Pattern[str] | None = None) -> bool:
    """Write `data` atomically unless the file already says the same; True when written.

    `data` may be an iterable of byte chunks: they are written to the temporary file as they come and the
    file is then compared with the old one on disk, so a large catalog is never held whole in memory."""
    chunks: Iterable[bytes]
    if isinstance(data, (str, bytes)):
        encoded = _as_bytes(data)
        if not would_change(path, encoded, ignore):
            return False
        chunks, streamed = [encoded], False
    else:
        chunks, streamed = data, True
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # only where a file is written: `check` and a no-op build write nothing

    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        if streamed and not _files_differ(path, Path(temp), ignore):
            os.unlink(temp)
            return False
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    log.info("wrote %s", path)
    return True


def _files_differ(old_path: Path, new_path: Path, ignore: re.Pattern[str] | None) -> bool:
    try:
        with old_path.open("rb") as old, new_path.open("rb") as new:
            return not _same_content(old, new, ignore)
    except FileNotFoundError:
        return True


def _same_content(old: BinaryIO, new: BinaryIO, ignore: re.Pattern[str] | None) -> bool:
    """Whether two streams say the same once `ignore`'s matches are removed, a MiB of whole lines at a time
    (on the bytes: new is UTF-8, and an old file that is not differs anyway)."""
    if ignore is None:
        return _same_text(iter(functools.partial(old.read, _CHUNK), b""), iter(functools.partial(new.read, _CHUNK), b""))
    pattern = _in_bytes(ignore)
    return _same_text((pattern.sub(b"", chunk) for chunk in _line_chunks(old)), (pattern.sub(b"", chunk) for chunk in _line_chunks(new)))


_CHUNK = 1 << 20


def _line_chunks(stream: BinaryIO) -> Iterator[bytes]:
    """About a MiB at a time, ending at a line end: an `ignore` pattern matches within one line."""
    while block := stream.read(_CHUNK):
        yield block + stream.readline()


@functools.cache
def _in_bytes(pattern: re.Pattern[str]) -> re.Pattern[bytes]:
    """The same pattern over UTF-8 bytes (for patterns whose literal parts are ASCII: `.` then matches any
    byte but LF, and no UTF-8 sequence holds an LF byte, so the same lines match)."""
    return re.compile(pattern.pattern.encode("ascii"), pattern.flags & ~re.UNICODE)


def _same_text(a: Iterator[bytes], b: Iterator[bytes]) -> bool:
    """Whether two sequences of chunks join to the same bytes."""
    left, right = memoryview(b""), memoryview(b"")
    while True:
        while not left and (part := next(a, None)) is not None:
            left = memoryview(part)
        while not right and (part := next(b, None)) is not None:
            right = memoryview(part)
        if not left or not right:
            return not left and not right
        size = min(len(left), len(right))
        if left[:size] != right[:size]:
            return False
        left, right = left[size:], right[size:]


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
