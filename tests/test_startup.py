"""A command with nothing to do loads none of the heavy stages: a no-op `make pdf` and `check` stay quick."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support import run_pipeline

# What `pdf --update` and `check` with nothing to do must not import (layout, PDF, progress bars,
# merging, writing catalogs, segmentation); each costs milliseconds to tens of them at start-up.
LAYOUT = ("weasyprint", "jinja2", "pikepdf", "rich", "pipeline.leaflets.render", "pipeline.leaflets.assembly")
MERGING = ("rapidfuzz", "numpy", "pipeline.catalogs.line_breaks", "pipeline.catalogs.merge", "pipeline.catalogs.segmenting", "yaml", "pysbd", "icu")
WRITING = ("tempfile", "pipeline.catalogs.pot", "xml.etree.ElementTree")  # writing a file or a POT, the JUnit report
PLANNING = ("pipeline.leaflets.policy", "pipeline.model")  # a leaflet's plan: only for one that is not up to date


def _modules_after(root: Path, *args: str) -> set[str]:
    """The modules a fresh `pipeline ARGS` process has imported when it ends."""
    script = (
        "import json, sys\n"
        "from pipeline.cli import main\n"
        "status = main(sys.argv[1:])\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, "--root", str(root), *args], capture_output=True, text=True, cwd=root, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_noop_pdf_and_check_import_no_heavy_stage(project: Path) -> None:
    assert run_pipeline(project, "pdf", "--update").returncode == 0
    heavy = {*LAYOUT, *MERGING, *WRITING}
    loaded = _modules_after(project, "pdf", "--update")
    assert not loaded & {*heavy, *PLANNING}, sorted(loaded & {*heavy, *PLANNING})
    loaded = _modules_after(project, "check")
    assert not loaded & heavy, sorted(loaded & heavy)


def test_check_merges_again_once_a_catalog_is_edited(project: Path) -> None:
    assert run_pipeline(project, "pdf", "--update").returncode == 0
    po = project / "locales" / "es" / "LC_MESSAGES" / "dockers.po"
    po.write_text(po.read_text(encoding="utf-8").replace("#: ", "#:  ", 1), encoding="utf-8")
    assert "pipeline.catalogs.merge" in _modules_after(project, "check")
    result = run_pipeline(project, "check")
    assert "would rewrite this catalog" in result.stdout + result.stderr
