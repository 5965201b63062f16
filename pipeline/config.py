"""Reads the project configuration, `pipeline.toml` at the project root.

Contract: `load_config(root)` returns a frozen `Config` or raises
`ConfigError` naming the file and line. Every other module gets paths and
settings from `Config`, never from the environment or the working directory.

`find_root(start)` is the project a command works on: the first folder from
`start` upwards that holds `pipeline.toml`, as git finds its repository.
Without `[paths] templates`, leaflets use the templates shipped in the package
(`PACKAGED_TEMPLATES`); catalogs refer to them as `pipeline/templates/<file>`.
`Config.command(name)` is how to run a step in this project: `make <name>` where
the project's Makefile has that target, else `pipeline <name>`.

Language codes may be written as BCP 47 (`pt-BR`, `zh-Hans`) or as gettext
codes (`pt_BR`, `zh_Hans`, `sr@latin`); `normalise_code` turns either into the
one form `Config` holds: gettext's, which is also Babel's (catalog paths, locale
data). `bcp47(code)` is that code for an HTML `lang` attribute (`pt-BR`,
`sr-Latn`); `language_of(code)` is its language alone (`pt`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from pipeline.errors import ConfigError
from pipeline.text import key_line

CONFIG_NAME = "pipeline.toml"
PACKAGED_TEMPLATES = Path(__file__).resolve().parent / "templates"  # package data, built from templates/
if not PACKAGED_TEMPLATES.is_dir():  # a source checkout (editable install): the repository's own folder
    PACKAGED_TEMPLATES = PACKAGED_TEMPLATES.parent.parent / "templates"
PACKAGED_REFERENCE = "pipeline/templates"
PAGE_SIZES = ("A4", "Letter")
ENGINES = ("auto", "argos", "apertium")
EDITION_LAYOUTS = ("side-by-side", "one-after-the-other")


@dataclass(frozen=True)
class MTSettings:
    engine: str = "auto"
    beam_size: int = 4
    threads: int = 0
    device: str = "cpu"
    compute_type: str = "int8"


@dataclass(frozen=True)
class Config:
    root: Path
    source_language: str
    languages: tuple[str, ...]
    sources_dir: Path
    locales_dir: Path
    templates_dir: Path
    build_dir: Path
    glossary_path: Path
    minimum_translated: float = 0.0
    release: dict[str, float] = field(default_factory=dict)
    page_size: str = "A4"
    draft_minimum: float = 50.0
    mt: MTSettings = MTSettings()
    own_templates: bool = True  # False: no `[paths] templates`, the packaged ones are used
    editions: tuple[tuple[str, str], ...] = ()  # [editions] pairs: bilingual leaflets, e.g. ("en", "es")
    edition_layout: str = "side-by-side"  # [editions] layout
    site_url: str = ""  # [site] url: where the web edition is published (the leaflets' QR code points there)

    @property
    def path(self) -> Path:
        return self.root / CONFIG_NAME

    def pot_path(self, slug: str) -> Path:
        return self.locales_dir / f"{slug}.pot"

    def po_path(self, lang: str, slug: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{slug}.po"

    def source_paths(self) -> list[Path]:
        return sorted(self.sources_dir.glob("*.md"))

    def relative(self, path: Path) -> str:
        """`path` relative to the project root, with forward slashes (for references)."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def template_reference(self, name: str) -> str:
        """A template file as catalogs refer to it: project-relative, or `pipeline/templates/<name>` when packaged."""
        return self.relative(self.templates_dir / name) if self.own_templates else f"{PACKAGED_REFERENCE}/{name}"

    def command(self, name: str) -> str:
        """How a user runs step `name` here: `make name` if the project's Makefile has it, else `pipeline name`."""
        try:
            makefile = (self.root / "Makefile").read_text(encoding="utf-8", errors="replace")
        except OSError:
            makefile = ""
        if re.search(rf"^{re.escape(name)}\s*:", makefile, re.MULTILINE):
            return f"make {name}"
        return f"pipeline {name}"


def find_root(start: Path) -> Path:
    """The first folder from `start` upwards holding pipeline.toml; ConfigError when there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(start / CONFIG_NAME, 0, "not found here or in any parent folder; `pipeline init` starts a project")


def _line_of_key(text: str, key: str) -> int:
    return key_line(text, key, "=")


_SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab", "devanagari": "Deva"}


def normalise_code(code: str) -> str:
    """`code` (BCP 47 or gettext) in gettext form: "pt-BR" → "pt_BR", "zh-hans" → "zh_Hans"; ValueError if unknown.

    Only the spelling changes (separators and letter case): "tl" stays "tl", though Babel
    would resolve it to "fil_PH".
    """
    base, at, modifier = code.strip().partition("@")
    parts = base.replace("-", "_").split("_")
    spelled = [parts[0].lower()] + [p.title() if len(p) == 4 else p.upper() for p in parts[1:]]
    normalised = "_".join(spelled) + at + modifier.lower()
    try:
        Locale.parse(normalised)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(f"unknown language code {code!r}") from exc
    return normalised


def bcp47(code: str) -> str:
    """A gettext code as a BCP 47 tag for HTML: "pt_BR" → "pt-BR", "sr@latin" → "sr-Latn"."""
    base, _, modifier = code.partition("@")
    tag = base.replace("_", "-")
    script = _SCRIPT_MODIFIERS.get(modifier)
    if script:
        language, _, region = tag.partition("-")
        tag = "-".join(part for part in (language, script, region) if part)
    return tag


def language_of(code: str) -> str:
    """The language of a code, without script, region or modifier: "pt_BR" → "pt", "zh-Hans" → "zh"."""
    return code.partition("@")[0].replace("-", "_").split("_")[0].lower()


def _check_language(path: Path, text: str, key: str, code: str) -> str:
    try:
        return normalise_code(code)
    except ValueError as exc:
        raise ConfigError(path, _line_of_key(text, key), f"unknown language code {code!r} in {key}") from exc


def _percent(path: Path, text: str, key: str, value: Any) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 100:
        raise ConfigError(path, _line_of_key(text, key), f"{key} must be a number from 0 to 100, not {value!r}")
    return float(value)


def _line_in_table(text: str, table: str, key: str | None = None) -> int:
    """The line of `[table]` (or of `key = …` inside it, or of `table = …` at the top level)."""
    current = ""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if header := re.fullmatch(r"\[\s*([^\]]+?)\s*\]\s*(#.*)?", stripped):
            current = header.group(1)
            if key is None and current == table:
                return number
        elif re.match(rf"{re.escape(key or table)}\s*=", stripped) and current == (table if key else ""):
            return number
    return 0


RELEASE_SYNTAX = "under [release], one line per language: `fr = 80` (the percent of sentences reviewed it needs)"


def _release(path: Path, text: str, release: Any, languages: list[str]) -> dict[str, float]:
    """`[release]`: language code = percent reviewed; every other shape is refused where it is written."""
    if not isinstance(release, dict):
        raise ConfigError(path, _line_in_table(text, "release"), f"release is not a table; {RELEASE_SYNTAX}")
    thresholds = {}
    for lang, value in release.items():
        line = _line_in_table(text, "release", lang) or _line_in_table(text, "release")
        code = _normalised_or_as_written(lang)
        if isinstance(value, (list, dict)) or (code not in languages and not isinstance(value, (int, float))):
            raise ConfigError(path, line, f"{lang} = {value!r}: {RELEASE_SYNTAX}")
        if code not in languages:
            raise ConfigError(path, line, f"release language {lang!r} is not in languages ({', '.join(languages) or 'none'})")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 100:
            raise ConfigError(path, line, f"[release] {lang} must be a number from 0 to 100 (percent reviewed), not {value!r}")
        thresholds[code] = float(value)
    return thresholds


def _normalised_or_as_written(code: str) -> str:
    try:
        return normalise_code(code)
    except ValueError:
        return code  # then reported as not among the languages


def _templates(path: Path, text: str, root: Path, paths: dict[str, Any]) -> Path:
    """`[paths] templates` when given (it must hold leaflet.html), else the packaged templates."""
    if "templates" not in paths:
        return PACKAGED_TEMPLATES
    folder = root / str(paths["templates"])
    if not (folder / "leaflet.html").is_file():
        raise ConfigError(
            path, _line_in_table(text, "paths", "templates"),
            f"no leaflet.html in {folder}; put your leaflet.html and leaflet.css there, or remove this line to use the packaged templates",
        )
    return folder


def load_config(root: Path) -> Config:
    """Read `root/pipeline.toml`; raise ConfigError (file and line) on anything wrong."""
    root = root.resolve()
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(path, 0, "no project configuration here (run from the project root)") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(path, 1, "not UTF-8") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
        raise ConfigError(path, line, f"invalid TOML: {exc}") from exc

    source_language = _check_language(path, text, "source-language", str(data.get("source-language", "en")))
    languages = data.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise ConfigError(path, _line_of_key(text, "languages"), "languages must be a list of language codes")
    languages = [_check_language(path, text, "languages", code) for code in languages]
    if len(set(languages)) < len(languages):
        twice = sorted({code for code in languages if languages.count(code) > 1})
        raise ConfigError(path, _line_of_key(text, "languages"), f"languages lists {', '.join(twice)} more than once (pt-BR and pt_BR are one language)")
    if source_language in languages:
        raise ConfigError(path, _line_of_key(text, "languages"), "the source language cannot also be a target language")

    paths = data.get("paths", {})
    check = data.get("check", {})
    release = _release(path, text, data.get("release", {}), languages)
    pdf = data.get("pdf", {})
    page_size = pdf.get("page-size", "A4")
    if page_size not in PAGE_SIZES:
        raise ConfigError(path, _line_of_key(text, "page-size"), f"page-size must be one of {', '.join(PAGE_SIZES)}")
    mt = data.get("mt", {})
    engine = mt.get("engine", "auto")
    if engine not in ENGINES:
        raise ConfigError(path, _line_of_key(text, "engine"), f"engine must be one of {', '.join(ENGINES)}")

    editions, edition_layout = _editions(path, text, data.get("editions", {}), (source_language, *languages))
    site_url = data.get("site", {}).get("url", "")
    if not isinstance(site_url, str) or (site_url and not re.match(r"https?://[^\s/]+", site_url)):
        raise ConfigError(path, _line_of_key(text, "url"), f"[site] url must be an http(s) URL, not {site_url!r}")

    return Config(
        root=root,
        source_language=source_language,
        languages=tuple(languages),
        sources_dir=root / paths.get("sources", "sources"),
        locales_dir=root / paths.get("locales", "locales"),
        templates_dir=_templates(path, text, root, paths),
        build_dir=root / paths.get("build", "build"),
        glossary_path=root / paths.get("glossary", "glossary.tsv"),
        minimum_translated=_percent(path, text, "minimum-translated", check.get("minimum-translated", 0)),
        release=release,
        page_size=page_size,
        draft_minimum=_percent(path, text, "draft-minimum", pdf.get("draft-minimum", 50)),
        mt=MTSettings(
            engine=engine,
            beam_size=int(mt.get("beam-size", 4)),
            threads=int(mt.get("threads", 0)),
            device=str(mt.get("device", "cpu")),
            compute_type=str(mt.get("compute-type", "int8")),
        ),
        own_templates="templates" in paths,
        editions=editions,
        edition_layout=edition_layout,
        site_url=site_url.rstrip("/"),
    )


def _editions(path: Path, text: str, section: Any, known: tuple[str, ...]) -> tuple[tuple[tuple[str, str], ...], str]:
    """`[editions] pairs = ["en+es", …]` and `layout`: checked against the configured languages."""
    pairs = section.get("pairs", []) if isinstance(section, dict) else None
    if not isinstance(pairs, list) or not all(isinstance(p, str) for p in pairs):
        raise ConfigError(path, _line_of_key(text, "pairs"), 'editions pairs must be a list like ["en+es"]')
    found: list[tuple[str, str]] = []
    for pair in pairs:
        langs = pair.split("+")
        if len(langs) != 2 or langs[0] == langs[1] or any(lang not in known for lang in langs):
            raise ConfigError(
                path, _line_of_key(text, "pairs"),
                f"edition {pair!r} must be two different configured languages joined by '+' (known: {', '.join(known)})",
            )
        found.append((langs[0], langs[1]))
    layout = section.get("layout", "side-by-side")
    if layout not in EDITION_LAYOUTS:
        raise ConfigError(path, _line_of_key(text, "layout"), f"editions layout must be one of {', '.join(EDITION_LAYOUTS)}")
    return tuple(dict.fromkeys(found)), str(layout)
