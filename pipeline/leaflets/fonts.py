"""Font stacks per script, and the coverage check that runs before a leaflet is typeset.

Contract:
- `font_stack(lang)` gives the serif (body) and sans (headings) families for a
  language: the fonts of its own script first (Debian's Noto fonts from
  `fonts-noto-core` and `fonts-noto-cjk`), then Noto for Latin, Greek and
  Cyrillic, then every other script's Noto font, then DejaVu as the last
  resort. Families are CSS family names, found by Pango through fontconfig.
- `uncovered(text, stack)` names every character of `text` that no installed
  font of the stack has in its cmap (read with fontTools), so a leaflet fails
  with the character's name instead of printing an empty box.
- Fonts are located with `fc-list`, the same fontconfig that Pango asks; a
  configured family that is not installed is simply not counted as covering
  anything. Nothing here prints; `FontsMissing` is raised when no font of a
  stack is installed at all.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from babel.core import get_global

# (serif, sans) families per ISO 15924 script code.
SCRIPT_FAMILIES: dict[str, tuple[str, str]] = {
    "Latn": ("Noto Serif", "Noto Sans"),
    "Grek": ("Noto Serif", "Noto Sans"),
    "Cyrl": ("Noto Serif", "Noto Sans"),
    "Arab": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "Hebr": ("Noto Serif Hebrew", "Noto Sans Hebrew"),
    "Deva": ("Noto Serif Devanagari", "Noto Sans Devanagari"),
    "Thai": ("Noto Serif Thai", "Noto Sans Thai"),
    "Hans": ("Noto Serif CJK SC", "Noto Sans CJK SC"),
    "Hant": ("Noto Serif CJK TC", "Noto Sans CJK TC"),
    "Jpan": ("Noto Serif CJK JP", "Noto Sans CJK JP"),
    "Kore": ("Noto Serif CJK KR", "Noto Sans CJK KR"),
}
FALLBACK = ("DejaVu Serif", "DejaVu Sans")
DEBIAN_PACKAGES = "fonts-noto-core fonts-noto-cjk fonts-dejavu-core"
_REGULAR_STYLES = ("Regular", "Book", "Roman")
# Characters that need no glyph of their own: spaces, controls, format marks, variation selectors.
_NO_GLYPH_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


class FontsMissing(Exception):
    """No font of a stack is installed (the caller turns this into a located error)."""


@dataclass(frozen=True)
class FontStack:
    """The CSS font families a leaflet in one language uses, most wanted first."""

    script: str
    serif: tuple[str, ...]
    sans: tuple[str, ...]

    @property
    def families(self) -> tuple[str, ...]:
        """Every family once, in the order the coverage check tries them."""
        return tuple(dict.fromkeys((*self.serif, *self.sans)))


def script_of(lang: str) -> str:
    """The ISO 15924 script a language is usually written in ("Latn" when unknown)."""
    subtags = get_global("likely_subtags")
    code = lang.replace("-", "_")
    for part in code.split("_")[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    likely = subtags.get(code) or subtags.get(code.split("_")[0]) or ""
    parts = likely.split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else "Latn"


def font_stack(lang: str) -> FontStack:
    """Own script first, then Latin/Greek/Cyrillic, then every other script, then DejaVu."""
    script = script_of(lang)
    own = SCRIPT_FAMILIES.get(script, SCRIPT_FAMILIES["Latn"])
    order = [own, SCRIPT_FAMILIES["Latn"], *SCRIPT_FAMILIES.values(), FALLBACK]
    serif = tuple(dict.fromkeys(pair[0] for pair in order))
    sans = tuple(dict.fromkeys(pair[1] for pair in order))
    return FontStack(script=script, serif=serif, sans=sans)


@functools.lru_cache(maxsize=1)
def installed_fonts() -> dict[str, tuple[Path, int]]:
    """Family name → (file, face index) of its regular face, as fontconfig lists them."""
    if shutil.which("fc-list") is None:
        raise FontsMissing("fc-list not found: install the Debian package fontconfig")
    listing = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{style}\t%{file}\t%{index}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found: dict[str, tuple[Path, int, bool]] = {}
    for line in sorted(listing.splitlines()):
        fields = line.split("\t")
        if len(fields) != 4 or not fields[3].isdigit():
            continue
        families, styles, file, index = fields
        regular = any(style in _REGULAR_STYLES for style in styles.split(","))
        for family in families.split(","):
            known = found.get(family)
            if known is None or (regular and not known[2]):
                found[family] = (Path(file), int(index), regular)
    return {family: (path, index) for family, (path, index, _) in found.items()}


@functools.lru_cache(maxsize=64)
def _cmap(path: Path, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def needs_glyph(char: str) -> bool:
    """False for spaces, controls, bidi and joiner marks, variation selectors."""
    return unicodedata.category(char) not in _NO_GLYPH_CATEGORIES and not 0xFE00 <= ord(char) <= 0xFE0F


def uncovered(text: str, stack: FontStack) -> list[str]:
    """The distinct characters of `text` (in order of appearance) that no installed font of `stack` covers."""
    fonts = installed_fonts()
    available = [fonts[family] for family in stack.families if family in fonts]
    if not available:
        raise FontsMissing(f"none of the fonts {', '.join(stack.families)} is installed: install {DEBIAN_PACKAGES}")
    missing: list[str] = []
    for char in dict.fromkeys(text):
        if needs_glyph(char) and not any(ord(char) in _cmap(path, index) for path, index in available):
            missing.append(char)
    return missing


def describe(char: str) -> str:
    """U+0378 <unassigned> / U+1F600 GRINNING FACE, for messages."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '<unassigned>')}"


def font_files(stack: FontStack) -> list[tuple[str, Path, int]]:
    """(family, file, index) of every installed family of the stack, for build hashes."""
    fonts = installed_fonts()
    return [(family, *fonts[family]) for family in stack.families if family in fonts]
