"""The web edition: `build/site/<slug>/<lang>.html` per language, an index per statement and one of all.

Contract:
- `build_site(config, mode, languages)` writes, for every statement, one HTML
  page per language that `policy.assess` lets through (the leaflets' policy:
  a draft shows machine suggestions and marks unreviewed text; release mode
  writes only fully reviewed languages, into `build/site-release/`),
  `<slug>/index.html` linking every language, and `index.html` listing the
  statements. It returns one `SitePage` per statement × language.
- Pages are filled by `templates/site.html` with autoescape (translations are
  data; the body is markdown-it's output with raw HTML off); each page carries
  `lang` and `dir`, `hreflang` alternates and a language switcher, system font
  stacks only, and a Content-Security-Policy that forbids every request (the
  CSS is inline); an image a translation smuggles in (Markdown `![alt](url)`)
  is shown as its alt text.
- Incremental: a stamp per statement records every language's inputs (the same
  record as its leaflet) and which languages are published; when it matches,
  nothing is rendered. Pages of languages no longer published are removed.
  Files are written atomically, only on change. Nothing here prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from pipeline.catalogs.sources import load_source
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.files import write_if_changed
from pipeline.leaflets import assembly, qr, render, stamps
from pipeline.leaflets.assembly import Leaflet
from pipeline.leaflets.modes import Mode
from pipeline.leaflets.policy import assess

TEMPLATE, INDEX = "site.html", "site-index.html"
# markdown-it's image (attributes escaped, so no ">" inside): a web page shows its alt text instead of fetching it.
_IMAGE = re.compile(r'<img src="[^"]*" alt="([^"]*)"[^>]*>')
WEB_TYPE = assembly.Typography(size=18, leading=1.55)  # px on screen; the stylesheet scales it for phones


@dataclass(frozen=True)
class SitePage:
    slug: str
    lang: str
    output: Path
    state: str  # "written", "unchanged", "up to date", "skipped", "failed", "removed"
    message: str = ""
    error_path: str = ""
    error_line: int = 0
    fix: str = ""  # for "skipped": how to fix it


def site_dir(config: Config, mode: Mode) -> Path:
    return config.build_dir / ("site-release" if mode is Mode.RELEASE else "site")


def _render(config: Config, name: str, context: dict[str, object]) -> str:
    return render.render_html(config.templates_dir, name, context)


def _entry(href: str, sheet: Leaflet) -> dict[str, str]:
    return {"href": href, "lang": sheet.html_lang, "dir": sheet.direction, "name": sheet.language_name, "title": sheet.title}


def _statement(config: Config, source: Path, mode: Mode, languages: list[str]) -> tuple[list[SitePage], dict[str, str]]:
    slug = source.stem
    folder = site_dir(config, mode) / slug
    index = folder / "index.html"
    record = {"site": mode.value, "languages": " ".join(languages), "url": config.site_url}
    for lang in languages:
        record.update({f"{lang} {key}": value for key, value in stamps.input_record(config, source, lang, mode).items()})
    stamp_at = folder.parent / slug  # the stamp is <slug>.inputs beside the folder, not published in it
    stamp = stamps.read_stamp(stamp_at)
    if stamp.get("digest") == stamps.digest(record) and index.exists():
        cached = []
        for lang in languages:
            if lang in stamp.get("published", []):
                cached.append(SitePage(slug, lang, folder / f"{lang}.html", "up to date"))
            else:
                reason, fix = (str(part) for part in stamp.get("skips", {}).get(lang, ["", ""]))
                cached.append(SitePage(slug, lang, folder / f"{lang}.html", "skipped", reason, fix=fix))
        return cached, dict(stamp.get("entry", {}))
    doc = load_source(source, config)
    pages: list[SitePage] = []
    sheets: list[Leaflet] = []
    skips: dict[str, tuple[str, str]] = {}
    for lang in languages:
        try:
            plan = assess(config, doc, lang, mode)
        except PipelineError as exc:
            pages.append(SitePage(slug, lang, folder / f"{lang}.html", "failed", exc.message, str(exc.path), exc.line))
            continue
        if plan.skip is not None:
            skips[lang] = (plan.skip, plan.fix)
            pages.append(SitePage(slug, lang, folder / f"{lang}.html", "skipped", plan.skip, fix=plan.fix))
            continue
        sheet = assembly.assemble(config, plan, WEB_TYPE)
        sheets.append(replace(sheet, body_html=Markup(_IMAGE.sub(lambda m: m.group(1), sheet.body_html))))
    if any(page.state == "failed" for page in pages) or not sheets:
        return pages, {}
    for sheet in sheets:
        output = folder / f"{sheet.lang}.html"
        html = _render(config, TEMPLATE, {"page": sheet, "words": sheet.words, "others": sheets, "slug": slug,
                                          "url": qr.page_url(config, slug, sheet.lang)})
        pages.append(SitePage(slug, sheet.lang, output, "written" if write_if_changed(output, html) else "unchanged"))
    entries = [_entry(f"{sheet.lang}.html", sheet) for sheet in sheets]
    write_if_changed(index, _render(config, INDEX, {"heading": sheets[0], "entries": entries, "up": "../index.html"}))
    entry = _entry(f"{slug}/index.html", sheets[0])
    published = {sheet.lang for sheet in sheets}
    for old in sorted(folder.glob("*.html")):
        if old.name != "index.html" and old.stem not in published:
            old.unlink()
            pages.append(SitePage(slug, old.stem, old, "removed"))
    stamps.write_stamp(stamp_at, record, published=sorted(published), skips=skips, entry=entry)
    order = {lang: i for i, lang in enumerate(languages)}
    return sorted(pages, key=lambda p: order.get(p.lang, len(order))), entry


def build_site(config: Config, mode: Mode = Mode.DRAFT, languages: list[str] | None = None) -> list[SitePage]:
    """Bring the web edition up to date for every statement; see the module docstring."""
    langs = languages or [config.source_language, *config.languages]
    pages: list[SitePage] = []
    entries = []
    for source in config.source_paths():
        found, entry = _statement(config, source, mode, langs)
        pages.extend(found)
        if entry:
            entries.append(entry)
    if entries:
        top = site_dir(config, mode) / "index.html"
        write_if_changed(top, _render(config, INDEX, {"heading": None, "entries": entries, "up": ""}))
    return pages
