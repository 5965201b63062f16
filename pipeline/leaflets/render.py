"""Sealed rendering: Jinja2 with autoescape, then WeasyPrint with a fetcher that fetches almost nothing.

Contract:
- `render_html(templates_dir, name, context)` fills a project template with
  autoescape on and no i18n extension: every string in `context` is escaped
  unless the caller wrapped it in `Markup` itself (only HTML the pipeline built,
  such as markdown-it's output with raw HTML off). A translation is never
  compiled as a template.
- `SealedFetcher(assets_dir)` serves only regular files inside `assets_dir`
  (symlinks resolved first) and `data:` URIs; http(s), ftp, `file://` anywhere
  else and everything else are refused and recorded in `.refused`. It follows
  no redirects. The HTML and every stylesheet (linked, imported) go through it.
- Filters for templates: `css_string`, `css_families`, `css_content` turn
  any text (a translation, too) into CSS that cannot break out of its string.
- `typeset(html, assets_dir)` lays out the HTML and `write_pdf(layout)` turns
  it into tagged PDF/UA-1 bytes, its text layer mapped cluster by cluster
  (`text_layer`). Output is deterministic: the PDF identifier is
  derived from the HTML, and dates come only from the HTML's
  `dcterms.created`/`dcterms.modified` (see `source_date`).
- Nothing here changes process-wide state (no signal handler, timer, socket
  timeout or logger setting; only while `write_pdf` runs does WeasyPrint draw
  text through `text_layer`, restored on return): the time limit of a render is enforced from
  outside, by the build's worker processes (`pipeline.workers`), and
  WeasyPrint's warnings go to its own logger, where the build's workers
  collect them.
- Errors are `RenderError`; nothing here prints.
"""

from __future__ import annotations

import functools
import hashlib
import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from pipeline.errors import RenderError
from pipeline.leaflets import text_layer
from pipeline.text import source_date_epoch

PDF_VARIANT = "pdf/ua-1"


# --- HTML from a template --------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _environment(templates_dir: Path) -> Environment:
    """One Jinja2 environment per template folder (it caches the compiled templates)."""
    environment = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters.update(css_string=css_string, css_content=css_content, css_families=css_families)
    return environment


def render_html(templates_dir: Path, name: str, context: Mapping[str, Any]) -> str:
    """The project's template `name` filled with `context`, every plain string escaped."""
    try:
        return _environment(templates_dir).get_template(name).render(context)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None) or 0
        path = Path(getattr(exc, "filename", None) or templates_dir / name)
        raise RenderError(path, line, f"template error: {exc.message or exc}") from exc


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string, every character but ASCII letters and digits hex-escaped.

    Safe to place in a stylesheet or a <style> element whatever `text` holds:
    the result holds only letters, digits, backslashes and spaces between its
    quotes. Each escape ends with the one space CSS consumes as its terminator.
    """
    escaped = "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def css_families(families: tuple[str, ...]) -> Markup:
    """A CSS font-family list, each family a quoted, escaped string."""
    return Markup(", ".join(css_string(family) for family in families))


_COUNTER = re.compile(r"\{(page|pages)\}")


def css_content(text: str) -> Markup:
    """`text` as a CSS `content` value: "{page}" and "{pages}" become the page counters, the rest escaped strings."""
    parts: list[str] = []
    position = 0
    for match in _COUNTER.finditer(text):
        if match.start() > position:
            parts.append(css_string(text[position : match.start()]))
        parts.append(f"counter({match.group(1)})")
        position = match.end()
    if position < len(text) or not parts:
        parts.append(css_string(text[position:]))
    return Markup(" ".join(parts))


def source_date() -> str | None:
    """SOURCE_DATE_EPOCH as a W3C date-time (for dcterms.created), or None when unset."""
    moment = source_date_epoch()
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


# --- the sealed fetcher ----------------------------------------------------------------


class FetchRefused(ValueError):
    """A URL the sealed fetcher will not fetch (WeasyPrint logs it and goes on without it)."""


def make_fetcher(assets_dir: Path) -> Any:
    """A fetcher for WeasyPrint that serves only files inside `assets_dir` and data: URIs."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SealedFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type information
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=False, timeout=5)
            self.root = assets_dir.resolve()
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            path = self._local_path(url) if scheme == "file" else None
            if path is None:
                self.refused.append(url)
                raise FetchRefused(f"refused {url}: only files in {self.root} and data: URIs may be fetched")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

        def _local_path(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return None
            path = Path(unquote(parts.path)).resolve()
            if not path.is_relative_to(self.root) or not path.is_file():
                return None
            return path

    return SealedFetcher()


# --- typesetting -------------------------------------------------------------------------


@dataclass
class Layout:
    """A laid-out document and what happened while laying it out."""

    document: Any  # weasyprint.document.Document
    html: str
    pages: int
    refused: list[str] = field(default_factory=list)


def typeset(html: str, assets_dir: Path, *, what: Path | None = None) -> Layout:
    """Lay out `html` (relative URLs resolve inside `assets_dir`) through the sealed fetcher."""
    from weasyprint import HTML

    where = what or assets_dir
    fetcher = make_fetcher(assets_dir)
    try:
        document = HTML(string=html, base_url=f"{assets_dir.resolve().as_uri()}/", url_fetcher=fetcher).render(pdf_tags=True)
    except Exception as exc:  # WeasyPrint raises many kinds; report them located
        raise RenderError(where, 0, f"WeasyPrint could not lay out the leaflet: {exc}") from exc
    return Layout(document=document, html=html, pages=len(document.pages), refused=list(fetcher.refused))


def write_pdf(layout: Layout, *, what: Path | None = None) -> bytes:
    """Tagged PDF/UA-1 bytes of a layout; the same HTML always gives the same bytes."""
    where = what or Path("<leaflet>")
    identifier = hashlib.sha256(layout.html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    try:
        with text_layer.installed():
            pdf = layout.document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, pdf_identifier=identifier)
    except Exception as exc:
        raise RenderError(where, 0, f"WeasyPrint could not write the PDF: {exc}") from exc
    return bytes(pdf)
