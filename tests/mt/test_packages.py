"""`pipeline models`: hostile or broken .argosmodel files are refused before anything is written."""

from __future__ import annotations

import json
import stat
import time
import zipfile
from pathlib import Path

import pytest
from support import run_pipeline
from support.argos_builder import argos_env

METADATA = json.dumps({"from_code": "en", "to_code": "es", "package_version": "1.0", "type": "translate"})
GOOD = {"pkg/metadata.json": METADATA, "pkg/model/model.bin": "weights", "pkg/sentencepiece.model": "pieces"}


def archive(path: Path, members: dict[str, str], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zipped.writestr(info, target)
    return path


@pytest.mark.parametrize(
    ("members", "links", "message"),
    [
        ({**GOOD, "pkg/../../escaped.txt": "x"}, None, "'pkg/../../escaped.txt' climbs out of the package folder"),
        ({**GOOD, "/tmp/absolute.txt": "x"}, None, "'/tmp/absolute.txt' is an absolute path"),
        ({**GOOD, "other/metadata.json": METADATA}, None, "expected one top folder, found 2: other, pkg"),
        (GOOD, {"pkg/link": "/etc/passwd"}, "'pkg/link' is a symbolic link"),
        ({"pkg/metadata.json": METADATA}, None, "missing pkg/model/model.bin, pkg/sentencepiece.model (or bpe.model)"),
        ({**GOOD, "pkg/metadata.json": "{not json"}, None, "metadata.json is not valid JSON"),
        ({**GOOD, "pkg/metadata.json": json.dumps({"from_code": "../x", "to_code": "es"})}, None, "no valid from_code"),
    ],
)
def test_malformed_packages_are_refused(tmp_path: Path, members: dict[str, str], links: dict[str, str] | None, message: str) -> None:
    env = argos_env(tmp_path / "argos")
    bad = archive(tmp_path / "bad.argosmodel", members, links)
    result = run_pipeline(tmp_path, "models", "install", str(bad), env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("bad.argosmodel: not installed: ") and message in result.stderr
    packages = tmp_path / "argos" / "packages"
    assert not packages.exists() or not any(packages.iterdir())
    assert not (tmp_path / "escaped.txt").exists()


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "model.argosmodel"
    bad.write_bytes(b"this is not a zip archive at all")
    result = run_pipeline(tmp_path, "models", "install", str(bad), env=argos_env(tmp_path / "argos"))
    assert result.returncode == 1
    assert result.stderr.strip() == "model.argosmodel: not installed: not a zip archive (an Argos package is a .argosmodel zip file)"


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in GOOD.items():
            zipped.writestr(name, data)
        zipped.writestr("pkg/model/huge.bin", b"\0" * (64 * 1024**2))
    result = run_pipeline(tmp_path, "models", "install", str(bad), env=argos_env(tmp_path / "argos"))
    assert result.returncode == 1
    assert "'pkg/model/huge.bin' expands" in result.stderr and "zip bomb" in result.stderr


def test_download_without_network_fails_at_once(project: Path, tmp_path: Path) -> None:
    started = time.perf_counter()
    result = run_pipeline(project, "models", "download", "tl", env=argos_env(tmp_path / "argos"))
    assert time.perf_counter() - started < 20
    assert result.returncode == 1
    assert "cannot get the Argos package index from http://127.0.0.1:9/index.json" in result.stderr
    assert "run `pipeline models install FILE`" in result.stderr and "Traceback" not in result.stderr


def test_list_shows_what_each_language_gets(project: Path, tmp_path: Path) -> None:
    result = run_pipeline(project, "models", "list", env=argos_env(tmp_path / "argos"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "  none"
    assert any(line.startswith("en->tl: no engine: no Argos package for en->tl") for line in lines)


def _patch_central_sizes(path: Path, member: str, size: int) -> None:
    """Make the central directory declare `size` bytes (compressed and not) for `member`."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")
    while True:
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length].decode() == member:
            data[at + 20 : at + 28] = size.to_bytes(4, "little") * 2
            break
        extra, comment = int.from_bytes(data[at + 30 : at + 32], "little"), int.from_bytes(data[at + 32 : at + 34], "little")
        at += 46 + name_length + extra + comment
    path.write_bytes(bytes(data))


def test_header_declaring_more_data_than_the_archive_holds_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "forged.argosmodel"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_STORED) as zipped:
        for name, data in GOOD.items():
            zipped.writestr(name, data)
    _patch_central_sizes(bad, "pkg/model/model.bin", 3 * 1024**3)
    result = run_pipeline(tmp_path, "models", "install", str(bad), env=argos_env(tmp_path / "argos"))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "EOFError" not in result.stderr
    assert result.stderr.strip() == (
        "forged.argosmodel: not installed: 'pkg/model/model.bin' declares 3221225472 bytes of data, "
        "more than the archive holds (a truncated download, or a forged header)"
    )
    assert not (tmp_path / "argos" / "packages").exists() or not any((tmp_path / "argos" / "packages").iterdir())


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _corrupt_member(archive_path: Path, member: str, replacement: bytes | None = None) -> None:
    """Flip a byte in `member`'s stored data (a bad CRC), or replace its content (CRC right, model broken)."""
    with zipfile.ZipFile(archive_path) as zipped:
        info = zipped.getinfo(member)
        members = {i.filename: zipped.read(i) for i in zipped.infolist()}
    if replacement is not None:
        members[member] = replacement
        with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as zipped:
            for name, data in members.items():
                zipped.writestr(name, data)
        return
    data = bytearray(archive_path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    data[start + info.compress_size // 2] ^= 0xFF
    archive_path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "message"),
    [("crc", "the archive is damaged and cannot be unpacked"), ("weights", "the package does not load")],
)
def test_a_damaged_update_keeps_the_installed_package(tmp_path: Path, damage: str, message: str) -> None:
    from support.argos_builder import build_package

    env = argos_env(tmp_path / "argos")
    first = build_package(tmp_path / "v1", "en", "es", version="1.0", layers=1, d_model=64, ffn=64, heads=2, vocab_size=200)
    assert run_pipeline(tmp_path, "models", "install", str(first), env=env).returncode == 0
    packages = tmp_path / "argos" / "packages"
    before = _tree(packages)
    second = build_package(tmp_path / "v2", "en", "es", version="2.0", layers=1, d_model=64, ffn=64, heads=2, vocab_size=200)
    member = "translate-en_es-2_0/model/model.bin"
    _corrupt_member(second, member, None if damage == "crc" else b"not a model")
    result = run_pipeline(tmp_path, "models", "install", str(second), env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"v2/{second.name}: not installed: {message}"), result.stderr
    assert "the installed packages are unchanged" in result.stderr
    assert _tree(packages) == before
    assert not [p for p in (tmp_path / "argos").rglob("*install*") if p.is_dir()]  # no staging folder left
