"""The package logs through its own `pipeline` logger; only `--verbose` shows it, and no other logger is touched."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipeline.cli import main


def _logger_state() -> dict[str, object]:
    return {
        name: (logger.level, tuple(logger.handlers), logger.propagate)
        for name, logger in [("", logging.getLogger()), ("pipeline", logging.getLogger("pipeline")), ("weasyprint", logging.getLogger("weasyprint"))]
    }


def test_verbose_shows_what_was_read_and_written(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _logger_state()
    assert [type(h) for h in logging.getLogger("pipeline").handlers] == [logging.NullHandler]
    assert main(["--root", str(project), "--verbose", "update"]) == 0
    err = capsys.readouterr().err
    assert "pipeline.files: wrote " in err and "dockers.po" in err
    assert "pipeline.catalogs.reading: read " in err
    assert _logger_state() == before

    assert main(["--root", str(project), "update"]) == 0  # nothing to do, and nothing logged without --verbose
    assert capsys.readouterr().err == ""
    assert _logger_state() == before
