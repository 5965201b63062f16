"""The frozen value types stay frozen: read-only mappings inside, picklable across the build's worker processes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from pipeline.catalogs.sources import load_source
from pipeline.config import load_config
from pipeline.leaflets.modes import Mode
from pipeline.leaflets.policy import assess
from pipeline.model import CatalogStats, EntryStatus, SegmentKind


def test_mappings_inside_frozen_types_are_read_only_and_pickle(project: Path) -> None:
    config = load_config(project)
    doc = load_source(project / "sources" / "dockers.md", config)
    plan = assess(config, doc, "en", Mode.DRAFT)
    stats = CatalogStats(entries={EntryStatus.REVIEWED: 2}, words={EntryStatus.REVIEWED: 7})
    for mapping in (doc.meta, doc.meta_lines, plan.translations, stats.entries):
        with pytest.raises(TypeError):
            mapping["x"] = 1  # type: ignore[index]
    assert pickle.loads(pickle.dumps(plan)) == plan
    assert pickle.loads(pickle.dumps(stats)).total_entries == 2


def test_segment_kinds_write_the_same_text(project: Path) -> None:
    doc = load_source(project / "sources" / "dockers.md", load_config(project))
    kinds = {seg.kind for seg in doc.segments}
    assert kinds == {SegmentKind.TITLE, SegmentKind.PARAGRAPH, SegmentKind.HEADING, SegmentKind.LIST_ITEM, SegmentKind.BLOCK_QUOTE}
    assert [f"{k}" for k in (SegmentKind.LIST_ITEM, SegmentKind.BLOCK_QUOTE)] == ["list item", "block quote"]
