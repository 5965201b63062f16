"""The update stamp: `update` (and `check`) skip work only while nothing `update` depends on has changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import run_pipeline

from pipeline.catalogs import update_stamp
from pipeline.config import load_config


def test_the_stamp_goes_stale_with_a_catalog_edit_or_a_library_upgrade(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_pipeline(project, "update").returncode == 0
    config = load_config(project)
    languages = update_stamp.project_languages(config)
    assert update_stamp.current(config, languages)

    installed = update_stamp.version
    for library, _ in update_stamp.LIBRARIES:  # another pysbd may cut sentences elsewhere; another Babel name a language otherwise
        monkeypatch.setattr(update_stamp, "version", lambda name, module, upgraded=library: "99.0" if name == upgraded else installed(name, module))
        assert not update_stamp.current(config, languages), library
    monkeypatch.setattr(update_stamp, "version", installed)
    assert update_stamp.current(config, languages)

    po = config.po_path("es", "dockers")
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not update_stamp.current(config, languages)
    assert "nothing changed since the last update" not in run_pipeline(project, "update").stdout
