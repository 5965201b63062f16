"""Golden files: each `tests/segment_cases/x.md` extracts to exactly `x.md.expect.pot`.

Run with UPDATE_GOLDEN=1 to rewrite the expectations after a deliberate change, then review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.catalogs.markdown import rebuild_markdown
from pipeline.catalogs.pot import build_pot
from pipeline.catalogs.sources import load_source
from pipeline.config import load_config

CASES = sorted((Path(__file__).parent / "segment_cases").glob("*.md"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_extraction_matches_golden_pot(project: Path, case: Path) -> None:
    source = project / "sources" / case.name
    shutil.copy(case, source)
    config = load_config(project)
    doc = load_source(source, config)
    build_pot(doc, config)
    produced = config.pot_path(doc.slug).read_text(encoding="utf-8")
    expected_path = case.with_name(case.name + ".expect.pot")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(produced, encoding="utf-8")
    assert produced == expected_path.read_text(encoding="utf-8")
    assert rebuild_markdown(doc, lambda s: s.msgid) == doc.body
