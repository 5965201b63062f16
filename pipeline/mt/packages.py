"""Argos Translate packages: check, install, list and download them, in argostranslate's own format and folder.

Contract:
- `check_archive(path)` opens a `.argosmodel` without extracting it and raises
  `TranslationError` (naming the file) unless it is a zip holding exactly one folder
  with `metadata.json`, `model/model.bin` and a tokenizer, and nothing else: no
  absolute or `..` paths, no links, no duplicate names, sizes within the caps, and
  every member's declared sizes fitting the archive (a forged or truncated header is
  refused before anything is unpacked).
- `install(path, progress)` checks the archive, extracts it into a temporary folder
  beside the packages, checks that what it extracted loads (metadata, and with the
  `[mt]` extra the tokenizer and the model), and only then swaps it in for the
  installed package of the same language pair. A refused or broken archive leaves
  the package folder exactly as it was. The tree is what argostranslate's
  `install_from_path` extracts, so either tool reads what the other installed.
- `installed()` lists the installed packages (each folder's `metadata.json`);
  `route(source, target)` is the chain of packages that translates source -> target:
  a direct package, else a pivot through English.
- `download(source, targets)` fetches packages listed in the Argos index; without a
  network it fails at once with an error saying how to install from a file.
The package folder is argostranslate's: `ARGOS_PACKAGES_DIR` (environment, or
argostranslate's settings.json), else `$XDG_DATA_HOME/argos-translate/packages`.
No argostranslate code runs here (it would pull torch, stanza and spaCy in); only
reading a package's model needs the `[mt]` extra (CTranslate2, SentencePiece).
"""

from __future__ import annotations

import contextlib
import importlib.util
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.config import language_of
from pipeline.errors import TranslationError
from pipeline.files import write_if_changed

PIVOT = "en"
MAX_ARCHIVE_MEMBERS = 10_000
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_METADATA_BYTES = 1024**2
MAX_COMPRESSION_RATIO = 200  # a zip bomb expands far more; model weights barely compress
INDEX_TIMEOUT = 10.0
DOWNLOAD_TIMEOUT = 60.0
DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
MT_EXTRA = "pip install 'statement-leaflets[mt]'"  # CTranslate2 and SentencePiece
CHUNK = 1024**2
Progress = Callable[[int, int], None]  # (bytes done, bytes in all)
_FOLDER = re.compile(r"[A-Za-z0-9][\w.+-]*")
_CODE = re.compile(r"[a-z]{2,3}(?:_[A-Za-z]+)?")


@dataclass(frozen=True)
class PackageInfo:
    """An installed translation package."""

    from_code: str
    to_code: str
    version: str
    path: Path
    target_prefix: str = ""

    @property
    def name(self) -> str:
        return f"translate-{self.from_code}_{self.to_code}"

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}".strip()


def package_name(source: str, target: str) -> str:
    """The name Argos gives the package for a pair: language codes alone, "translate-en_pt" for en -> pt_BR."""
    return f"translate-{language_of(source)}_{language_of(target)}"


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


def _home(variable: str, default: str) -> Path:
    return Path(os.environ.get(variable) or Path.home() / default) / "argos-translate"


def _setting(key: str) -> str | None:
    """An argostranslate setting: the environment first, then its settings.json."""
    if os.environ.get(key):
        return os.environ[key]
    try:
        value = json.loads((_home("XDG_CONFIG_HOME", ".config") / "settings.json").read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError, AttributeError):
        return None
    return str(value) if value else None


def packages_dir() -> Path:
    return Path(_setting("ARGOS_PACKAGES_DIR") or _home("XDG_DATA_HOME", ".local/share") / "packages")


def mt_extra_missing() -> list[str]:
    """The Python packages of the `[mt]` extra that are not installed."""
    return [name for name in ("ctranslate2", "sentencepiece") if importlib.util.find_spec(name) is None]


def _read_metadata(folder: Path) -> dict[str, Any]:
    path = folder / "metadata.json"
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TranslationError(path, 0, f"cannot read the package's metadata: {exc}") from exc
    if not isinstance(metadata, dict):
        raise TranslationError(path, 0, "metadata.json is not a JSON object")
    return metadata


def _info(folder: Path) -> PackageInfo | None:
    metadata = _read_metadata(folder)
    if metadata.get("type", "translate") != "translate" or not metadata.get("from_code") or not metadata.get("to_code"):
        return None
    return PackageInfo(
        str(metadata["from_code"]), str(metadata["to_code"]), str(metadata.get("package_version") or ""), folder,
        str(metadata.get("target_prefix") or ""),
    )


def installed() -> list[PackageInfo]:
    """Installed translation packages, sorted by language pair."""
    folder = packages_dir()
    try:
        folders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise TranslationError(folder, 0, f"cannot read the installed Argos packages: {exc}") from exc
    found = [info for info in map(_info, folders) if info is not None]
    return sorted(found, key=lambda p: (p.from_code, p.to_code, p.path.name))


def route(source: str, target: str) -> list[PackageInfo] | None:
    """The packages that translate `source` -> `target`: direct, or through English."""
    by_pair = {(p.from_code, p.to_code): p for p in installed()}
    if (source, target) in by_pair:
        return [by_pair[source, target]]
    if PIVOT not in (source, target) and (source, PIVOT) in by_pair and (PIVOT, target) in by_pair:
        return [by_pair[source, PIVOT], by_pair[PIVOT, target]]
    return None


def _extract(path: Path, into: Path, progress: Progress | None) -> None:
    """Every member of the checked archive into `into`, in chunks (the archive passed `check_archive`)."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        done = 0
        for member in members:
            target = into / member.filename
            if member.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, target.open("wb") as sink:
                while chunk := source.read(CHUNK):
                    sink.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)


def _check_loads(folder: Path) -> None:
    """The extracted package opens: its metadata, and with the [mt] extra its tokenizer and model."""
    _read_metadata(folder)
    if mt_extra_missing():
        return
    import ctranslate2
    import sentencepiece

    try:
        if (folder / "sentencepiece.model").exists():
            sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
        ctranslate2.Translator(str(folder / "model"), device="cpu", compute_type="default")
    except (RuntimeError, ValueError, OSError) as exc:
        raise TranslationError(folder, 0, f"the package does not load ({exc})") from exc


def install(path: Path, progress: Progress | None = None) -> tuple[PackageInfo, list[PackageInfo]]:
    """Install the archive at `path`; return the new package and the ones it replaced."""
    metadata = check_archive(path)
    pair = (metadata["from_code"], metadata["to_code"])
    folder = packages_dir()
    folder.mkdir(parents=True, exist_ok=True)
    replaced = [p for p in installed() if (p.from_code, p.to_code) == pair or p.path.name == metadata["folder"]]
    work = Path(tempfile.mkdtemp(prefix=".install-", dir=folder))
    try:
        try:
            _extract(path, work, progress)
        except (OSError, zipfile.BadZipFile, EOFError, RuntimeError, ValueError, NotImplementedError, zlib.error) as exc:
            raise _refuse(path, f"the archive is damaged and cannot be unpacked ({exc}); the installed packages are unchanged") from exc
        new_folder = work / metadata["folder"]
        try:
            _check_loads(new_folder)
        except TranslationError as exc:
            raise _refuse(path, f"{exc.message}; the installed packages are unchanged") from exc
        for old in replaced:  # moved aside, not deleted, until the new package is in place
            old.path.rename(work / f".old-{old.path.name}")
        new_folder.rename(folder / metadata["folder"])
    except BaseException:
        for old in replaced:
            aside = work / f".old-{old.path.name}"
            if aside.exists() and not old.path.exists():
                aside.rename(old.path)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    info = _info(folder / metadata["folder"])
    if info is None:
        raise TranslationError(path, 0, f"installed in {folder}, but not as a translation package")
    return info, replaced


def index_url() -> str:
    return (_setting("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX) + "index.json"


def _fetch(url: str, timeout: float) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        data: bytes = response.read()
    return data


def _fetch_index() -> list[dict[str, Any]]:
    """The Argos package index, failing fast and clearly without a network."""
    url = index_url()
    try:
        index = json.loads(_fetch(url, INDEX_TIMEOUT))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TranslationError(
            packages_dir(),
            0,
            f"cannot get the Argos package index from {url} ({reason}); without a network, "
            "copy a .argosmodel file here and run `pipeline models install FILE`",
        ) from exc
    if not isinstance(index, list):
        raise TranslationError(packages_dir(), 0, f"the Argos package index at {url} is not a list of packages")
    return [entry for entry in index if isinstance(entry, dict) and entry.get("type", "translate") == "translate"]


def _download(entry: dict[str, Any]) -> Path:
    """The package's archive, downloaded into argostranslate's downloads folder."""
    name = f"translate-{entry['from_code']}_{entry['to_code']}"
    target = _home("XDG_CACHE_HOME", ".local/cache") / "downloads" / f"{name}.argosmodel"
    target.parent.mkdir(parents=True, exist_ok=True)
    errors = []
    for link in entry.get("links") or []:
        try:
            data = _fetch(str(link), DOWNLOAD_TIMEOUT)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            errors.append(f"{link}: {getattr(exc, 'reason', exc)}")
            continue
        write_if_changed(target, data)
        return target
    raise TranslationError(packages_dir(), 0, f"download of {name} failed: {'; '.join(errors) or 'the index lists no link'}")


def download(source: str, targets: list[str]) -> list[tuple[PackageInfo, list[PackageInfo]]]:
    """Download and install source -> target packages (through English when needed)."""
    available = {(str(e.get("from_code")), str(e.get("to_code"))): e for e in _fetch_index()}
    results = []
    for target in targets:
        if (source, target) not in available and (source, language_of(target)) in available:
            target = language_of(target)  # Argos has one package per language: pt serves pt_BR
        if (source, target) in available:
            pairs = [(source, target)]
        elif (source, PIVOT) in available and (PIVOT, target) in available:
            pairs = [(source, PIVOT), (PIVOT, target)]
        else:
            raise TranslationError(
                packages_dir(), 0, f"the Argos index has no package for {source}->{target}, direct or through {PIVOT}"
            )
        for pair in pairs:
            archive = _download(available[pair])
            results.append(install(archive))
            with contextlib.suppress(OSError):
                archive.unlink()
    return results

