"""The Apertium engine: rule-based MT from the installed Apertium modes, one process per call.

Contract: `find(source, target, settings)` returns an `ApertiumEngine` when Apertium
has a mode for the pair, or a chain of two (en->fr as `eng-spa` then `es-fr`), and
None otherwise. `ApertiumEngine.translate(texts)` sends all texts through one
`apertium -f html MODE` process per step, each text a `<p id=…>` paragraph, the mask
tokens as empty tags (which Apertium carries through untouched as format) and the
rest HTML-escaped. In the output, Apertium's marks are stripped and reported: `*word`
(unknown to the source dictionary) and `@word` (no bilingual entry) as unknown words,
`#word` (could not be inflected) as a warning. In a chain, the words the first step
did not know are hidden from the second step (as tags), so they come out as written
instead of being mistranslated ("Maduro" -> "Mûr").
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from pipeline.config import MTSettings
from pipeline.mt import EngineError, EngineOutput, Progress
from pipeline.mt.protect import TOKEN

# Apertium names languages by ISO 639-3 or 639-1 codes; the catalogs use 639-1 where one exists.
ISO_639_3 = {
    "afr": "af", "ara": "ar", "arg": "an", "bel": "be", "bre": "br", "bul": "bg", "cat": "ca", "ces": "cs",
    "cym": "cy", "dan": "da", "deu": "de", "ell": "el", "eng": "en", "epo": "eo", "eus": "eu", "fao": "fo",
    "fin": "fi", "fra": "fr", "gle": "ga", "glg": "gl", "heb": "he", "hin": "hi", "hbs": "sh", "hrv": "hr",
    "ind": "id", "isl": "is", "ita": "it", "kaz": "kk", "kir": "ky", "lav": "lv", "lit": "lt", "mkd": "mk",
    "mlt": "mt", "msa": "ms", "nld": "nl", "nno": "nn", "nob": "nb", "oci": "oc", "pol": "pl", "por": "pt",
    "ron": "ro", "rus": "ru", "slk": "sk", "slv": "sl", "spa": "es", "sqi": "sq", "srd": "sc", "swe": "sv",
    "tat": "tt", "tgl": "tl", "tur": "tr", "ukr": "uk", "urd": "ur", "uzb": "uz",
}
_MARK = re.compile(r"(?<![\w*#@])([*#@])(\w+(?:[-'’]\w+)*)")
_PARAGRAPH = re.compile(r'<p id="e(\d+)">(.*?)</p>', re.DOTALL)
_MASK_TAG = re.compile(r"<m(\d+)\s*/>")
_HIDDEN = re.compile(r"\{(u\d+)\}")  # an unknown word of an earlier step in a chain
_HIDDEN_TAG = re.compile(r"<(u\d+)\s*/>")


def _code(name: str) -> str:
    return ISO_639_3.get(name, name)


@cache
def _modes() -> dict[tuple[str, str], str]:
    """Installed modes as {(source, target): mode name}, 639-1 codes where known."""
    if shutil.which("apertium") is None:
        return {}
    # What `apertium -l` prints, read the way it reads it: no process started just to learn there is no pair.
    folder = Path(os.environ.get("APERTIUM_DATADIR", "/usr/share/apertium")) / "modes"
    modes: dict[tuple[str, str], str] = {}
    for mode in sorted(p.stem for p in folder.glob("*.mode")):
        parts = mode.split("-")
        if len(parts) != 2 or "_" in mode:  # skip variants (eng-cat_valencia) and debug modes
            continue
        modes.setdefault((_code(parts[0]), _code(parts[1])), mode)
    return modes


def installed_modes() -> list[str]:
    """The names of the usable modes, sorted."""
    return sorted(_modes().values())


@cache
def _version() -> str:
    result = subprocess.run(["apertium", "-V"], capture_output=True, text=True, timeout=60, check=False)
    found = re.search(r"\d+(?:\.\d+)+", result.stdout + result.stderr)
    return found.group() if found else "unknown version"


def chain(source: str, target: str) -> list[str] | None:
    """The modes that take source to target: one, or two through any language."""
    modes = _modes()
    if (source, target) in modes:
        return [modes[source, target]]
    for (first, middle), mode in sorted(modes.items()):
        if first == source and (middle, target) in modes:
            return [mode, modes[middle, target]]
    return None


def _encode(texts: Sequence[str]) -> str:
    def paragraph(number: int, text: str) -> str:
        escaped = TOKEN.sub(lambda m: f"<m{m.group(1)}/>", html.escape(text, quote=False))
        escaped = _HIDDEN.sub(r"<\1/>", escaped)
        return f'<p id="e{number}">{escaped}</p>\n'

    return "".join(paragraph(n, t) for n, t in enumerate(texts))


def _decode(output: str, count: int, mode: str) -> list[str]:
    found = {int(n): body for n, body in _PARAGRAPH.findall(output)}
    if sorted(found) != list(range(count)):
        raise EngineError(f"apertium {mode} returned {len(found)} paragraphs for {count} texts")
    texts = []
    for number in range(count):
        body = _HIDDEN_TAG.sub(r"{\1}", _MASK_TAG.sub(lambda m: "{" + m.group(1) + "}", found[number]))
        texts.append(" ".join(html.unescape(body).split()))
    return texts


def strip_marks(text: str) -> tuple[str, list[str], list[str]]:
    """`text` without Apertium's marks, the unknown words, and the words it could not inflect."""
    unknown: list[str] = []
    uninflected: list[str] = []
    for mark, word in _MARK.findall(text):
        (uninflected if mark == "#" else unknown).append(word)
    return _MARK.sub(r"\2", text), unknown, uninflected


def _hide_unknown(text: str) -> tuple[str, list[str]]:
    """Replace each marked word by `{uN}`, so the next step of a chain leaves it alone."""
    words: list[str] = []

    def hide(match: re.Match[str]) -> str:
        words.append(match.group(2))
        return "{u" + str(len(words) - 1) + "}"

    return _MARK.sub(lambda m: hide(m) if m.group(1) != "#" else m.group(2), text), words


def _reveal(output: str, held: list[str]) -> str:
    """Put back the words `_hide_unknown` took out before the previous step of a chain."""
    return _HIDDEN.sub(lambda m: held[int(m.group(1)[1:])], output)


class ApertiumEngine:
    name = "apertium"

    def __init__(self, modes: Sequence[str]) -> None:
        self.modes = list(modes)
        self.description = f"apertium {self.modes[0]} (apertium {_version()})" + "".join(
            f" then {mode}" for mode in self.modes[1:]
        )

    def _run(self, mode: str, texts: Sequence[str]) -> list[str]:
        document = _encode(texts)
        try:
            result = subprocess.run(
                ["apertium", "-f", "html", mode],
                input=document,
                capture_output=True,
                text=True,
                timeout=120 + len(document) / 500,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(f"apertium {mode}: {exc}") from exc
        if result.returncode != 0:
            raise EngineError(f"apertium {mode} failed: {result.stderr.strip() or f'exit status {result.returncode}'}")
        return _decode(result.stdout, len(texts), mode)

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[EngineOutput]:
        current = list(texts)
        hidden: list[list[str]] = [[] for _ in texts]
        unknown: list[list[str]] = [[] for _ in texts]
        uninflected: list[list[str]] = [[] for _ in texts]
        for number, mode in enumerate(self.modes):
            outputs = self._run(mode, current) if current else []
            current = []
            for index, output in enumerate(outputs):
                output = _reveal(output, hidden[index])
                _, new_unknown, new_uninflected = strip_marks(output)
                unknown[index] += [w for w in new_unknown if w not in unknown[index]]
                uninflected[index] += [w for w in new_uninflected if w not in uninflected[index]]
                if number < len(self.modes) - 1:
                    output, hidden[index] = _hide_unknown(output)
                else:
                    output = strip_marks(output)[0]
                current.append(output)
            if progress:
                progress((number + 1) * len(texts), len(self.modes) * len(texts))
        return [
            EngineOutput(text, tuple(words), tuple(f'apertium could not inflect "{w}"' for w in bad))
            for text, words, bad in zip(current, unknown, uninflected)
        ]


def find(source: str, target: str, settings: MTSettings) -> ApertiumEngine | None:
    modes = chain(source, target)
    return ApertiumEngine(modes) if modes else None


def how_to_get(source: str, target: str) -> str:
    if shutil.which("apertium") is None:
        return "Apertium is not installed (Debian: apt-get install apertium and a language pair)"
    return f"no Apertium mode for {source}->{target} (see `apt-cache search apertium` for language pairs)"
