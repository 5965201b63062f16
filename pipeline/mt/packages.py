"""Argos Translate packages: check, install, list and download them with argostranslate's code.

Contract:
- `check_archive(path)` opens a `.argosmodel` without extracting it and raises
  `TranslationError` (naming the file) unless it is a zip holding exactly one folder
  with `metadata.json`, `model/model.bin` and a tokenizer, and nothing else: no
  absolute or `..` paths, no links, no duplicate names, sizes within the caps.
  Every member's declared sizes must fit the archive (a forged or truncated
  header is refused before anything is unpacked).
- `install(path)` checks the archive, unpacks it into a staging folder (checking
  every CRC), loads its tokenizer and model, and only then swaps it in for an
  installed package of the same language pair: all or nothing. A refused or
  damaged archive leaves the package folder exactly as it was.
- `installed()` lists the installed packages; `route(source, target)` is the chain of
  packages that translates source -> target: a direct package, else a pivot through
  English.
- `download(source, targets)` fetches packages from the Argos index; without a
  network it fails at once with an error saying how to install from a file.
The package folder is argostranslate's own: `ARGOS_PACKAGES_DIR`, or its settings.
Importing this module imports no argostranslate code; the functions do, lazily.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.errors import TranslationError
from pipeline.files import write_if_changed

PIVOT = "en"
MAX_ARCHIVE_MEMBERS = 10_000
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_METADATA_BYTES = 1024**2
MAX_COMPRESSION_RATIO = 200  # a zip bomb expands far more; model weights barely compress
INDEX_TIMEOUT = 10.0
DOWNLOAD_TIMEOUT = 60.0  # seconds without data before a package download is given up
_FOLDER = re.compile(r"[A-Za-z0-9][\w.+-]*")
_CODE = re.compile(r"[a-z]{2,3}(?:_[A-Za-z]+)?")


@dataclass(frozen=True)
class PackageInfo:
    """An installed translation package."""

    from_code: str
    to_code: str
    version: str
    path: Path

    @property
    def name(self) -> str:
        return f"translate-{self.from_code}_{self.to_code}"

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}".strip()


def _refuse(path: Path, message: str) -> TranslationError:
    return TranslationError(path, 0, f"not installed: {message}")


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if "\\" in name:
        return f"{name!r} uses backslashes"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return f"{name!r} is an absolute path"
    if ".." in PurePosixPath(name).parts:
        return f"{name!r} climbs out of the package folder"
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the archiver recorded no file type
    if kind == stat.S_IFLNK:
        return f"{name!r} is a symbolic link"
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return f"{name!r} is not a regular file or folder"
    if info.compress_size and info.file_size > 1024**2 and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
        return f"{name!r} expands {info.file_size // info.compress_size} times (a zip bomb?)"
    return None


_LOCAL_HEADER_BYTES = 30  # fixed part of a zip local file header, before its name and extra field


def _extent_problem(path: Path, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> str | None:
    """What is wrong when a member's declared sizes do not fit the archive (a truncated or forged header)."""
    data_end = getattr(archive, "start_dir", path.stat().st_size)  # the central directory follows the data
    for member in members:
        if member.compress_type == zipfile.ZIP_STORED and member.file_size != member.compress_size:
            return f"{member.filename!r} is stored uncompressed but declares {member.file_size} bytes for {member.compress_size} stored"
        start = member.header_offset + _LOCAL_HEADER_BYTES + len(member.filename.encode("utf-8"))
        if start + member.compress_size > data_end:
            return (
                f"{member.filename!r} declares {member.compress_size} bytes of data, more than the archive holds "
                "(a truncated download, or a forged header)"
            )
    return None


def check_archive(path: Path) -> dict[str, Any]:
    """The package's metadata, once the archive passed every check (see module docstring)."""
    if not path.is_file():
        raise TranslationError(path, 0, "no such file")
    if not zipfile.is_zipfile(path):
        raise _refuse(path, "not a zip archive (an Argos package is a .argosmodel zip file)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise _refuse(path, f"{len(members)} files, more than {MAX_ARCHIVE_MEMBERS}")
            names = [m.filename for m in members]
            duplicates = sorted({n for n in names if names.count(n) > 1})
            if duplicates:
                raise _refuse(path, f"{duplicates[0]!r} appears twice")
            for member in members:
                problem = _member_problem(member)
                if problem:
                    raise _refuse(path, problem)
            extent = _extent_problem(path, archive, members)
            if extent:
                raise _refuse(path, extent)
            total = sum(m.file_size for m in members)
            if total > MAX_UNPACKED_BYTES:
                raise _refuse(path, f"unpacks to {total / 1024**3:.1f} GiB, more than {MAX_UNPACKED_BYTES // 1024**3} GiB")
            tops = sorted({PurePosixPath(n).parts[0] for n in names if n.strip("/")})
            if len(tops) != 1:
                raise _refuse(path, f"expected one top folder, found {len(tops)}: {', '.join(tops[:5]) or 'none'}")
            top = tops[0]
            if any(n.rstrip("/") == top and not n.endswith("/") for n in names):
                raise _refuse(path, f"{top!r} is a file, not a folder")
            if not _FOLDER.fullmatch(top):
                raise _refuse(path, f"unusual package folder name {top!r}")
            required = [f"{top}/metadata.json", f"{top}/model/model.bin"]
            missing = [r for r in required if r not in names]
            if not any(f"{top}/{t}" in names for t in ("sentencepiece.model", "bpe.model")):
                missing.append(f"{top}/sentencepiece.model (or bpe.model)")
            if missing:
                raise _refuse(path, f"missing {', '.join(missing)}")
            meta_info = archive.getinfo(f"{top}/metadata.json")
            if meta_info.file_size > MAX_METADATA_BYTES:
                raise _refuse(path, "metadata.json is too large")
            try:
                metadata = json.loads(archive.read(meta_info).decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise _refuse(path, f"metadata.json is not valid JSON: {exc}") from exc
    except zipfile.BadZipFile as exc:
        raise _refuse(path, f"damaged zip archive: {exc}") from exc
    if not isinstance(metadata, dict):
        raise _refuse(path, "metadata.json is not a JSON object")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not _CODE.fullmatch(metadata[key]):
            raise _refuse(path, f"metadata.json has no valid {key}")
    if metadata.get("type", "translate") != "translate":
        raise _refuse(path, f"a {metadata.get('type')!r} package, not a translation package")
    return metadata | {"folder": top}


def packages_dir() -> Path:
    from argostranslate import settings

    return Path(settings.package_data_dir)


def installed() -> list[PackageInfo]:
    """Installed translation packages, sorted by language pair."""
    from argostranslate import package

    try:
        packages = package.get_installed_packages()
    except (OSError, ValueError) as exc:  # a folder without metadata.json, or broken JSON
        raise TranslationError(packages_dir(), 0, f"cannot read the installed Argos packages: {exc}") from exc
    found = [
        PackageInfo(p.from_code, p.to_code, str(p.package_version or ""), Path(p.package_path))
        for p in packages
        if p.type == "translate" and p.from_code and p.to_code
    ]
    return sorted(found, key=lambda p: (p.from_code, p.to_code, p.path.name))


def route(source: str, target: str) -> list[PackageInfo] | None:
    """The packages that translate `source` -> `target`: direct, or through English."""
    by_pair = {(p.from_code, p.to_code): p for p in installed()}
    if (source, target) in by_pair:
        return [by_pair[source, target]]
    if PIVOT not in (source, target) and (source, PIVOT) in by_pair and (PIVOT, target) in by_pair:
        return [by_pair[source, PIVOT], by_pair[PIVOT, target]]
    return None


def _extract(path: Path, staging: Path) -> None:
    """Unpack a checked archive into `staging`, verifying every member's size and CRC as it goes."""
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                target = staging.joinpath(*PurePosixPath(member.filename).parts)
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out, 1024**2)
    except (OSError, EOFError, RuntimeError, ValueError, zlib.error, zipfile.BadZipFile, NotImplementedError) as exc:
        raise _refuse(path, f"the archive is damaged and cannot be unpacked ({exc or type(exc).__name__}); the installed packages are unchanged") from exc


def _verify(path: Path, folder: Path) -> None:
    """Load the unpacked package's tokenizer and model, as translation will, before it replaces anything."""
    try:
        import ctranslate2
        import sentencepiece
    except ImportError as exc:
        raise _refuse(path, f"{exc.name} is not installed (pip install 'pipeline[mt]')") from exc
    try:
        if (folder / "sentencepiece.model").exists():
            sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
        ctranslate2.Translator(str(folder / "model"), device="cpu")
    except (RuntimeError, ValueError, OSError) as exc:
        raise _refuse(path, f"the package does not load ({exc}); the installed packages are unchanged") from exc


def install(path: Path) -> tuple[PackageInfo, list[PackageInfo]]:
    """Install the archive at `path`, all or nothing; return the new package and the ones it replaced.

    The archive is unpacked and loaded in a staging folder next to the package folder; only then
    are the packages it replaces (same language pair, or same folder) moved aside and the new one
    moved in, so a damaged archive leaves the installed packages exactly as they were.
    """
    metadata = check_archive(path)
    folder = packages_dir()
    folder.mkdir(parents=True, exist_ok=True)
    pair = (metadata["from_code"], metadata["to_code"])
    replaced = [p for p in installed() if (p.from_code, p.to_code) == pair or p.path.name == metadata["folder"]]
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".pipeline-install-"))
    try:
        _extract(path, staging)
        _verify(path, staging / metadata["folder"])
        aside = staging / "replaced"
        aside.mkdir()
        moved: list[tuple[Path, Path]] = []
        try:
            for old in replaced:
                moved.append((old.path, aside / str(len(moved))))
                os.rename(*moved[-1])
            os.rename(staging / metadata["folder"], folder / metadata["folder"])
        except OSError as exc:
            for original, kept in reversed(moved):
                os.rename(kept, original)
            raise TranslationError(path, 0, f"installation failed: {exc}; the installed packages are unchanged") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    new = [p for p in installed() if p.path.name == metadata["folder"]]
    if not new:
        raise TranslationError(path, 0, f"installed, but argostranslate does not see it in {folder}")
    return new[0], replaced


def _fetch_index() -> None:
    """Download the Argos package index, failing fast and clearly without a network."""
    from argostranslate import settings

    url = settings.remote_package_index
    try:
        with urllib.request.urlopen(url, timeout=INDEX_TIMEOUT) as response:
            data = response.read()
        json.loads(data)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TranslationError(
            Path(settings.local_package_index),
            0,
            f"cannot get the Argos package index from {url} ({reason}); without a network, "
            "copy a .argosmodel file here and run `pipeline models install FILE`",
        ) from exc
    Path(settings.local_package_index).write_bytes(data)


def download(source: str, targets: list[str]) -> list[tuple[PackageInfo, list[PackageInfo]]]:
    """Download and install source -> target packages (through English when needed)."""
    from argostranslate import package

    _fetch_index()
    available = {(p.from_code, p.to_code): p for p in package.get_available_packages() if p.type == "translate"}
    results = []
    for target in targets:
        if (source, target) in available:
            pairs = [(source, target)]
        elif (source, PIVOT) in available and (PIVOT, target) in available:
            pairs = [(source, PIVOT), (PIVOT, target)]
        else:
            raise TranslationError(
                packages_dir(), 0, f"the Argos index has no package for {source}->{target}, direct or through {PIVOT}"
            )
        for pair in pairs:
            results.append(install(_download(available[pair], f"{pair[0]}->{pair[1]}")))
    return results


def _download(available: Any, pair: str) -> Path:
    """An index package's archive in argostranslate's downloads folder, each link tried with a time limit.

    Fetched here rather than by `AvailablePackage.download()`, which has no
    time limit unless the process-wide socket default is changed.
    """
    from argostranslate import package, settings

    path = Path(settings.downloads_dir) / f"{package.argospm_package_name(available)}.argosmodel"
    if path.exists():
        return path
    failures = []
    for link in available.links:
        try:
            with urllib.request.urlopen(link, timeout=DOWNLOAD_TIMEOUT) as response:
                data = response.read()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            failures.append(f"{link}: {getattr(exc, 'reason', exc)}")
            continue
        write_if_changed(path, data)
        return path
    raise TranslationError(packages_dir(), 0, f"download of {pair} failed: {'; '.join(failures) or 'the index lists no link'}")
