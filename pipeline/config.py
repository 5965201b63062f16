"""Reads the project configuration, `pipeline.toml` at the project root.

Contract: `load_config(root)` returns a frozen `Config` or raises
`ConfigError` naming the file and line: every section, key and value is
checked against `SCHEMA` (one declarative table of known keys and their rules),
so a misspelt key gets a did-you-mean and a value of the wrong kind a message,
never a traceback. Every other module gets paths and
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

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from pipeline.errors import ConfigError

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
    device: str = "auto"
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
    add_location: str = "full"  # source references in catalogs: full (path:line), file, never
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

    @functools.cached_property
    def _resolved_root(self) -> Path:
        return self.root.resolve()

    def relative(self, path: Path) -> str:
        """`path` relative to the project root, with forward slashes (for references)."""
        try:
            return path.resolve().relative_to(self._resolved_root).as_posix()
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


# --- what pipeline.toml may say: one declarative table --------------------------------
#
# SCHEMA maps each section ("" is the top level) to its known keys, each with the
# rule its value must follow. A new setting is one line here (and a field of
# `Config` where it is read); anything not listed is refused with a did-you-mean.

Rule = Callable[[Any], str | None]  # what is wrong with a value, or None when it is fine


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or "\0" in value:
        return f"must be non-empty text in quotes, not {_shown(value)}"
    return None


def _choice(*allowed: str) -> Rule:
    def rule(value: Any) -> str | None:
        return None if value in allowed else f"must be one of {', '.join(repr(a) for a in allowed)}, not {_shown(value)}"

    return rule


def _whole(minimum: int, maximum: int) -> Rule:
    def rule(value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and minimum <= value <= maximum:
            return None
        return f"must be a whole number from {minimum} to {maximum}, not {_shown(value)}"

    return rule


def _percent(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100:
        return None
    return f"must be a number from 0 to 100 (a percentage), not {_shown(value)}"


def _language_list(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return None
    return f'must be a list of language codes in quotes, like ["es", "fr"], not {_shown(value)}'


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    text = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _later(value: Any) -> str | None:
    """A known key whose value load_config checks itself (its message depends on other settings)."""
    return None


@dataclass(frozen=True)
class Section:
    keys: Mapping[str, Rule]
    any_key: Rule | None = None  # for sections whose keys are the user's own (language codes)
    own_check: bool = False  # checked by its own function in load_config (its messages teach its syntax)


COMPUTE_TYPES = ("default", "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32")
ADD_LOCATION = ("full", "file", "never")

SCHEMA: dict[str, Section] = {
    "": Section({"source-language": _text, "languages": _language_list}),
    "paths": Section({"sources": _text, "locales": _text, "templates": _text, "build": _text, "glossary": _text}),
    "catalogs": Section({"add-location": _choice(*ADD_LOCATION)}),
    "check": Section({"minimum-translated": _percent}),
    "release": Section({}, own_check=True),  # `_release`
    "pdf": Section({"page-size": _choice(*PAGE_SIZES), "draft-minimum": _percent}),
    "editions": Section({"pairs": _later, "layout": _later}),  # values: `_editions`
    "site": Section({"url": _later}),  # value: checked in load_config
    "mt": Section({
        "engine": _choice(*ENGINES),
        "beam-size": _whole(1, 64),
        "threads": _whole(0, 1024),
        "device": _choice("cpu", "cuda", "auto"),
        "compute-type": _choice(*COMPUTE_TYPES),
    }),
}


class _Lines:
    """Where a key or section header sits in the TOML text (tomllib keeps no positions)."""

    _HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    _KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")

    def __init__(self, text: str) -> None:
        self.found: dict[tuple[str, str], int] = {}
        section = ""
        for number, line in enumerate(text.split("\n"), start=1):
            if header := self._HEADER.match(line):
                section = header.group(1).strip("\"'")
                self.found.setdefault((section, ""), number)
            elif key := self._KEY.match(line):
                name = key.group(1).strip("\"'")
                head, _, last = name.rpartition(".")
                where = f"{section}.{head}".strip(".") if head else section
                self.found.setdefault((where, last), number)

    def of(self, section: str, key: str = "") -> int:
        return self.found.get((section, key)) or self.found.get((section, "")) or self.found.get(("", section), 0)


def did_you_mean(name: str, known: Iterable[str], shown: Callable[[str], str] = repr) -> str:
    """"; did you mean 'x'?" for the closest known name, else the list of known names."""
    import difflib  # only for a name that is wrong

    names = list(known)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return f"; did you mean {shown(close[0])}?" if close else f" (known: {', '.join(map(shown, names)) or 'none'})"


def validate(path: Path, text: str, data: dict[str, Any]) -> None:
    """Raise ConfigError at the line of the first unknown section or key, or value of the wrong kind."""
    lines = _Lines(text)
    sections = [name for name in SCHEMA if name]
    for name, value in data.items():
        if name in SCHEMA[""].keys:
            continue
        if name not in SCHEMA:
            if isinstance(value, dict):
                raise ConfigError(path, lines.of(name), f"unknown section [{name}]{did_you_mean(name, sections, lambda n: f'[{n}]')}")
            raise ConfigError(path, lines.of("", name), f"unknown setting {name!r}{did_you_mean(name, [*SCHEMA[''].keys, *sections])}")
        if not isinstance(value, dict) and not SCHEMA[name].own_check:
            raise ConfigError(path, lines.of("", name), f"[{name}] must be a section (a [{name}] header with its settings below), not {_shown(value)}")
    for section_name, section in SCHEMA.items():
        if section.own_check:
            continue
        table = data if not section_name else data.get(section_name, {})
        for key, value in table.items():
            if not section_name and key in SCHEMA:
                continue
            rule = section.keys.get(key, section.any_key)
            where = f"[{section_name}] " if section_name else ""
            if rule is None:
                place = f"[{section_name}]" if section_name else "the top level"
                raise ConfigError(path, lines.of(section_name, key), f"unknown setting {key!r} in {place}{did_you_mean(key, section.keys)}")
            if problem := rule(value):
                raise ConfigError(path, lines.of(section_name, key), f"{where}{key} {problem}")


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


def _check_language(path: Path, line: int, key: str, code: str) -> str:
    try:
        return normalise_code(code)
    except ValueError as exc:
        raise ConfigError(path, line, f"unknown language code {code!r} in {key}") from exc


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
    except OSError as exc:
        raise ConfigError(path, 0, f"cannot read: {exc.strerror}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
        raise ConfigError(path, line, f"invalid TOML: {exc}") from exc
    validate(path, text, data)
    lines = _Lines(text)

    source_language = _check_language(path, lines.of("", "source-language"), "source-language", data.get("source-language", "en"))
    languages = data.get("languages", [])
    languages = [_check_language(path, lines.of("", "languages"), "languages", code) for code in languages]
    if len(set(languages)) < len(languages):
        twice = sorted({code for code in languages if languages.count(code) > 1})
        raise ConfigError(path, lines.of("", "languages"), f"languages lists {', '.join(twice)} more than once (pt-BR and pt_BR are one language)")
    if source_language in languages:
        raise ConfigError(path, lines.of("", "languages"), "the source language cannot also be a target language")

    paths = data.get("paths", {})
    check = data.get("check", {})
    release = _release(path, text, data.get("release", {}), languages)
    pdf = data.get("pdf", {})
    mt = data.get("mt", {})

    editions, edition_layout = _editions(path, text, data.get("editions", {}), (source_language, *languages))
    site_url = data.get("site", {}).get("url", "")
    if not isinstance(site_url, str) or (site_url and not re.match(r"https?://[^\s/]+", site_url)):
        raise ConfigError(path, _Lines(text).of("site", "url"), f"[site] url must be an http(s) URL, not {site_url!r}")

    return Config(
        root=root,
        source_language=source_language,
        languages=tuple(languages),
        sources_dir=root / paths.get("sources", "sources"),
        locales_dir=root / paths.get("locales", "locales"),
        templates_dir=_templates(path, text, root, paths),
        build_dir=root / paths.get("build", "build"),
        glossary_path=root / paths.get("glossary", "glossary.tsv"),
        minimum_translated=float(check.get("minimum-translated", 0)),
        release=release,
        page_size=pdf.get("page-size", "A4"),
        draft_minimum=float(pdf.get("draft-minimum", 50)),
        add_location=data.get("catalogs", {}).get("add-location", "full"),
        mt=MTSettings(
            engine=mt.get("engine", "auto"),
            beam_size=mt.get("beam-size", 4),
            threads=mt.get("threads", 0),
            device=mt.get("device", "auto"),
            compute_type=mt.get("compute-type", "int8"),
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
        raise ConfigError(path, _Lines(text).of("editions", "pairs"), 'editions pairs must be a list like ["en+es"]')
    found: list[tuple[str, str]] = []
    for pair in pairs:
        langs = pair.split("+")
        if len(langs) != 2 or langs[0] == langs[1] or any(lang not in known for lang in langs):
            raise ConfigError(
                path, _Lines(text).of("editions", "pairs"),
                f"edition {pair!r} must be two different configured languages joined by '+' (known: {', '.join(known)})",
            )
        found.append((langs[0], langs[1]))
    layout = section.get("layout", "side-by-side")
    if layout not in EDITION_LAYOUTS:
        raise ConfigError(path, _Lines(text).of("editions", "layout"), f"editions layout must be one of {', '.join(EDITION_LAYOUTS)}")
    return tuple(dict.fromkeys(found)), str(layout)
