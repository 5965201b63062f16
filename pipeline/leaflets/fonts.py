"""Font stacks chosen from the installed fonts, and the coverage check that runs before a leaflet is typeset.

Contract:
- `installed_fonts()` lists, once per process, every font family fontconfig
  knows (`fc-list`, the same fontconfig Pango asks) with the file and face of
  its regular style.
- `font_stack(lang, text="")` gives the serif (body) and sans (headings)
  families for a language, all of them installed: the language's own script
  first, in its conventional style where it has one (Noto Nastaliq Urdu for
  Urdu, Noto Naskh Arabic for Arabic body text), otherwise Noto Serif/Sans
  `<Script>` (a script with no serif uses its sans for both); then Noto for
  Latin, Greek and Cyrillic; then the Noto families of every other script
  `text` contains; then Noto's symbols and maths; then any installed family
  whose cmap has a character of `text` that none of those has; DejaVu last.
  The choice depends only on the language, the text and the installed fonts.
- `uncovered(text, stack)` names every character of `text` that no font of
  the stack has in its cmap (read with fontTools), so a leaflet fails with the
  character's name instead of printing an empty box; `coverage_problem` words
  that failure: the first few characters named, the rest counted, and the
  Debian package that would cover them when one is known and not installed.
- `fonts_digest()` identifies the installed fonts (fontconfig's list without charsets; files, sizes, times), for
  the build's rebuild stamps. Nothing here prints; `FontsMissing` is raised
  when no font of a stack is installed at all.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from babel.core import get_global

FALLBACK = ("DejaVu Serif", "DejaVu Sans")
LATIN = ("Noto Serif", "Noto Sans")
SYMBOLS = ("Noto Sans Symbols", "Noto Sans Symbols2", "Noto Sans Math")
DEBIAN_PACKAGES = "fonts-noto-core fonts-noto-cjk fonts-dejavu-core"
# Han, kana and hangul: one CJK family per writing convention (Noto's names, not Unicode's).
CJK_VARIANTS = {"Hans": "SC", "Hant": "TC", "Jpan": "JP", "Kore": "KR", "Hani": "SC", "Hira": "JP", "Kana": "JP", "Hang": "KR", "Bopo": "TC"}
# Conventional styles: (serif, sans) preferred over Noto Serif/Sans <Script> for a script, or a language in it.
CONVENTIONAL: dict[str, tuple[str, str]] = {
    "Arab": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "ur": ("Noto Nastaliq Urdu", "Noto Nastaliq Urdu"),
}
# Scripts Unicode gives characters of every script (punctuation, digits, combining marks).
_SHARED_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})
_LATIN_LIKE = frozenset({"Latn", "Grek", "Cyrl"})
_REGULAR_STYLES = ("Regular", "Book", "Roman")
# Characters that need no glyph of their own: spaces, controls, format marks, variation selectors.
_NO_GLYPH_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
_NAMED = 5  # characters a coverage message names; the rest are counted


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


_FACE_FIELDS = "%{family}\t%{style}\t%{file}\t%{index}"


@functools.lru_cache(maxsize=2)
def _fc_list(charsets: bool = True) -> tuple[str, ...]:
    """fontconfig's list, a line per face (family, style, file, index[, charset]), sorted: one `fc-list` per process.

    Without charsets, fontconfig writes a twentieth of the text in half the time (what a no-op build's stamps need).
    """
    if shutil.which("fc-list") is None:
        raise FontsMissing("fc-list not found: install the Debian package fontconfig")
    listing = subprocess.run(
        ["fc-list", "--format", _FACE_FIELDS + ("\t%{charset}" if charsets else "") + "\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return tuple(sorted(listing.splitlines()))


@dataclass(frozen=True)
class _Face:
    path: Path
    index: int
    regular: bool
    starts: tuple[int, ...]  # fontconfig's charset as sorted ranges start..end
    ends: tuple[int, ...]

    def has(self, char: str) -> bool:
        at = bisect.bisect_right(self.starts, ord(char)) - 1
        return at >= 0 and ord(char) <= self.ends[at]


def _ranges(charset: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    starts, ends = [], []
    for part in charset.split():
        first, _, last = part.partition("-")
        starts.append(int(first, 16))
        ends.append(int(last or first, 16))
    return tuple(starts), tuple(ends)


@functools.lru_cache(maxsize=1)
def _faces() -> dict[str, _Face]:
    """Family → its regular face (or its first face), from one `fc-list` per process."""
    found: dict[str, _Face] = {}
    for line in _fc_list():
        fields = line.split("\t")
        if len(fields) != 5 or not fields[3].isdigit():
            continue
        families, styles, file, index, charset = fields
        regular = any(style in _REGULAR_STYLES for style in styles.split(","))
        for family in families.split(","):
            known = found.get(family)
            if known is None or (regular and not known.regular):
                found[family] = _Face(Path(file), int(index), regular, *_ranges(charset))
    return dict(sorted(found.items()))


def installed_fonts() -> dict[str, tuple[Path, int]]:
    """Family name → (file, face index) of its regular face, as fontconfig lists them (read once per process)."""
    return {family: (face.path, face.index) for family, face in _faces().items()}


@functools.lru_cache(maxsize=1)
def fonts_digest() -> str:
    """A hash of what fontconfig lists (families, styles, files, faces) and each file's size and modification time.

    A face's charset comes from its file, which the size and time stand for.
    """
    listing = _fc_list(charsets=False)
    digest = hashlib.sha256("\n".join(listing).encode())
    for file in sorted({line.split("\t")[2] for line in listing if line.count("\t") == 3}):
        try:
            stat = Path(file).stat()
        except OSError:
            continue
        digest.update(f"{file}\t{stat.st_size}\t{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _key(name: str) -> str:
    return name.replace("_", "").replace(" ", "").replace("-", "").lower()


@functools.lru_cache(maxsize=1)
def _script_families() -> dict[tuple[str, str], str]:
    """(style, script name key) → family, for the installed "Noto Serif X" and "Noto Sans X" families."""
    found: dict[tuple[str, str], str] = {}
    for family in installed_fonts():
        for style in ("Serif", "Sans"):
            prefix = f"Noto {style} "
            if family.startswith(prefix):
                found.setdefault((style, _key(family[len(prefix) :])), family)
    return found


def _unicode_script_name(script: str) -> str:
    from fontTools import unicodedata as ucd

    return str(ucd.script_name(script, default=script))


def script_families(script: str, lang: str = "") -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The installed (serif, sans) families for one script (and language), conventional style first."""
    installed = installed_fonts()
    if script in _LATIN_LIKE:
        wanted: tuple[list[str], list[str]] = ([LATIN[0]], [LATIN[1]])
    elif script in CJK_VARIANTS:
        variant = "HK" if lang.replace("-", "_").endswith("_HK") else CJK_VARIANTS[script]
        wanted = ([f"Noto Serif CJK {variant}"], [f"Noto Sans CJK {variant}"])
    else:
        named = _script_families()
        key = _key(_unicode_script_name(script))
        serif, sans = named.get(("Serif", key)), named.get(("Sans", key))
        wanted = ([f for f in (serif, sans) if f], [f for f in (sans, serif) if f])
    for conventional in (CONVENTIONAL.get(script), CONVENTIONAL.get(lang.replace("-", "_").split("_")[0])):
        if conventional:
            wanted[0].insert(0, conventional[0])
            wanted[1].insert(0, conventional[1])
    return (
        tuple(dict.fromkeys(f for f in wanted[0] if f in installed)),
        tuple(dict.fromkeys(f for f in wanted[1] if f in installed)),
    )


def scripts_in(text: str) -> list[str]:
    """The scripts of `text`'s characters, in order of first appearance (shared punctuation and marks left out)."""
    from fontTools import unicodedata as ucd

    found: dict[str, None] = {}
    for char in dict.fromkeys(text):
        if char.isascii():
            continue
        script = ucd.script(char)
        if script not in _SHARED_SCRIPTS:
            found.setdefault(script, None)
    return list(found)


def font_stack(lang: str, text: str = "") -> FontStack:
    """Own script first, then Latin/Greek/Cyrillic, then the scripts of `text`, symbols, any font that helps, DejaVu."""
    script = script_of(lang)
    layers = [script_families(script, lang), (LATIN[:1], LATIN[1:])]
    layers += [script_families(other, lang) for other in scripts_in(text) if other != script]
    layers.append((SYMBOLS, SYMBOLS))
    serif = [family for layer in layers for family in layer[0]]
    sans = [family for layer in layers for family in layer[1]]
    helpers = _helpers(text, tuple(dict.fromkeys((*serif, *sans))))
    installed = installed_fonts()
    serif = [f for f in (*serif, *helpers, FALLBACK[0]) if f in installed]
    sans = [f for f in (*sans, *helpers, FALLBACK[1]) if f in installed]
    return FontStack(script=script, serif=tuple(dict.fromkeys(serif)), sans=tuple(dict.fromkeys(sans)))


def _helpers(text: str, families: tuple[str, ...]) -> tuple[str, ...]:
    """Installed families (Noto first, by name) that fontconfig says cover characters of `text` no family of `families` has."""
    faces = _faces()
    chosen = [faces[f] for f in families if f in faces]
    missing = [c for c in dict.fromkeys(text) if needs_glyph(c) and not c.isascii() and not any(face.has(c) for face in chosen)]
    helpers: list[str] = []
    for family in sorted(faces, key=lambda f: (not f.startswith("Noto "), f)):
        if not missing:
            break
        if family not in families and any(faces[family].has(c) for c in missing):
            helpers.append(family)
            missing = [c for c in missing if not faces[family].has(c)]
    return tuple(helpers)


@functools.lru_cache(maxsize=512)
def _cmap(path: Path, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except Exception:  # fontTools raises many kinds for a file it cannot read; such a font covers nothing
        return frozenset()


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


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF


def debian_package(char: str) -> str | None:
    """The Debian package with a font for `char`, when one is known (Noto covers every encoded script)."""
    from fontTools import unicodedata as ucd

    if _is_emoji(char):
        return "fonts-noto-color-emoji"
    script = ucd.script(char)
    if script in CJK_VARIANTS:
        return "fonts-noto-cjk"
    if script == "Zzzz" or unicodedata.category(char) in ("Co", "Cn", "Cs"):
        return None  # private use, unassigned: no font means it
    return "fonts-noto-core" if script not in _SHARED_SCRIPTS else None


@functools.lru_cache(maxsize=16)
def _package_installed(package: str) -> bool:
    if shutil.which("dpkg-query") is None:
        return False
    status = subprocess.run(["dpkg-query", "-W", "-f", "${Status}", package], capture_output=True, text=True, check=False)
    return status.returncode == 0 and status.stdout.endswith(" installed")


def coverage_problem(missing: list[str], stack: FontStack) -> str:
    """What to tell a user about characters no font covers: a few named, the rest counted, what to install."""
    named = ", ".join(f"{describe(c)} ({c!r})" for c in missing[:_NAMED])
    more = f" and {len(missing) - _NAMED} more" if len(missing) > _NAMED else ""
    packages = sorted({p for p in map(debian_package, missing) if p and not _package_installed(p)})
    fix = f"install the Debian package{'s' if len(packages) > 1 else ''} {' '.join(packages)}" if packages else "replace the character"
    tried = ", ".join(stack.families[:4]) + (f" and {len(stack.families) - 4} more" if len(stack.families) > 4 else "")
    return f"no installed font covers {named}{more}; fonts tried: {tried}; {fix}"
