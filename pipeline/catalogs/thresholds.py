"""Completeness thresholds: one meaning of `[release]` for `pipeline check` and `pipeline pdf --release`.

Contract:
- `share(part, total)` is the percentage both commands compare, of a statement's
  live entries (its sentences and front-matter fields); an empty catalog counts 100.
- `for_check(config, lang, reviewed, translated)`: a language listed under
  `[release]` (`fr = 80`) needs that percent of each statement's entries
  reviewed (not fuzzy, translated); any other language needs
  `[check] minimum-translated` percent reviewed or machine-suggested.
- `for_release(config, lang, reviewed)`: the release build takes a language when
  the same reviewed share meets its `[release]` threshold; a language not
  listed there needs 100. So `fr = 80` with French 94 % reviewed passes
  `check` and is released.
Nothing here reads files.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.config import Config

FULL = 100.0


@dataclass(frozen=True)
class Requirement:
    """A completeness threshold and how a catalog fares against it."""

    measure: str  # "reviewed" or "translated"
    required: float
    actual: float
    setting: str  # where the threshold comes from, for messages: "[release] fr"

    @property
    def met(self) -> bool:
        return self.actual + 1e-9 >= self.required


def share(part: int, total: int) -> float:
    return FULL if total == 0 else 100.0 * part / total


def for_check(config: Config, lang: str, reviewed: float, translated: float) -> Requirement:
    if lang in config.release:
        return Requirement("reviewed", config.release[lang], reviewed, f"[release] {lang}")
    return Requirement("translated", config.minimum_translated, translated, "[check] minimum-translated")


def for_release(config: Config, lang: str, reviewed: float) -> Requirement:
    if lang in config.release:
        return Requirement("reviewed", config.release[lang], reviewed, f"[release] {lang}")
    return Requirement("reviewed", FULL, reviewed, "not listed under [release]")
