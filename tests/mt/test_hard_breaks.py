"""A hard line break in a msgid (backslash, line end) comes through machine translation (issue 12, item 7)."""

from __future__ import annotations

from pipeline.mt.apertium import ApertiumEngine
from pipeline.mt.protect import mask, restore


def test_hard_break_is_a_mask_and_comes_back_as_written() -> None:
    masked = mask("The union hall\\\n12 Harbour Road\\\nManila")
    assert "\n" not in masked.text and "\\" not in masked.text
    [output] = ApertiumEngine(["eng-spa"]).translate([masked.text])
    restored = restore(output.text, masked)
    assert restored.count("\\\n") == 2
    assert " \\\n" not in restored and "\\\n " not in restored
