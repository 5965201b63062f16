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
