"""Suspect machine output is flagged for the reviewer; ordinary output is not."""

from __future__ import annotations

import pytest

from pipeline.mt.suspect import suspect_warnings


@pytest.mark.parametrize(
    ("source", "output", "lang", "warning"),
    [
        ("Every time we march together.", "Cada vez cada vez cada vez marchamos.", "es", 'output repeats "cada vez"'),
        ("The people rise.", "El pueblo pueblo pueblo se levanta.", "es", 'output repeats "pueblo"'),
        ("The people are not docile.", "The people are not docile.", "es", "output is the source text unchanged"),
        ("The people are not docile and victimized.", "Sí.", "es", "output is only 0.07 times as long as the source"),
        ("We march in the city today.", "Marchamos hoy en la ciudad, " + "y mañana también, " * 5, "es", "times as long as the source"),
        ("The people are not docile at all.", "Народ вовсе не покорный.", "es", "not in the Latin script es is written in"),
        ("The people are not docile at all.", "El pueblo no es dócil en absoluto.", "ru", "not in the Cyrillic script ru is written in"),
    ],
)
def test_suspect_output_is_flagged(source: str, output: str, lang: str, warning: str) -> None:
    assert any(warning in w for w in suspect_warnings(source, output, lang))


@pytest.mark.parametrize(
    ("source", "output", "lang"),
    [
        ("The people are not docile.", "El pueblo no es dócil.", "es"),
        ("Very very very good.", "Muy muy muy bueno.", "es"),  # the source repeats too
        ("Caracas, {0}.", "Caracas, {0}.", "es"),  # too short to call an echo
        ("The people are not docile at all.", "人民根本不温顺。", "zh"),  # Han is short, and right
        ("Write to {0} and {1} at {2}.", "Escriba a {0} y {1} en {2}.", "es"),
    ],
)
def test_ordinary_output_is_not_flagged(source: str, output: str, lang: str) -> None:
    assert suspect_warnings(source, output, lang) == []
