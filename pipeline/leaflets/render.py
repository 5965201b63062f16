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
- `typeset(html, assets_dir, style, timeout)` lays out the HTML (with extra CSS
  `style` appended) and `write_pdf(layout, timeout)` turns it into tagged
  PDF/UA-1 bytes, its text layer mapped cluster by cluster (`text_layer`).
  Each call runs under a time limit. Output is deterministic:
  the PDF identifier is derived from the HTML, and dates come only from the
  HTML's `dcterms.created`/`dcterms.modified` (see `source_date`).
- Errors are `RenderError`; nothing here prints. WeasyPrint's own log records
  during a render are collected in `Layout.messages` for the CLI to show.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import mimetypes
import os
import re
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from pipeline.errors import RenderError
from pipeline.leaflets import text_layer

PDF_VARIANT = "pdf/ua-1"
DEFAULT_TIMEOUT = 120.0


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
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise RenderError(Path("SOURCE_DATE_EPOCH"), 0, f"not a number of seconds: {epoch!r}") from exc
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


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


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so WeasyPrint's `except Exception` cannot swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float, what: Path) -> Iterator[None]:
    """Raise RenderError if the block runs longer than `seconds` (main thread only: uses SIGALRM).

    The alarm raises inside the block; should library code swallow that (a
    finaliser or a C callback may), it fires again every 50 ms until it gets
    through, and the block counts as timed out even if it then completes.
    """
    if threading.current_thread() is not threading.main_thread():
        raise RenderError(what, 0, "leaflets must be rendered in a process's main thread (the time limit uses SIGALRM)")
    state = {"expired": False, "done": False}

    def expire(signum: int, frame: object) -> None:
        if state["done"]:
            return
        state["expired"] = True
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    outer, _ = signal.getitimer(signal.ITIMER_REAL)  # someone else's alarm (pytest-timeout, say)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        try:
            yield
        finally:
            state["done"] = True
    except _Timeout:
        state["done"] = True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))
    if state["expired"]:
        raise RenderError(what, 0, f"rendering took longer than {seconds:g} s and was stopped")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _weasyprint_log() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


@dataclass
class Layout:
    """A laid-out document and what happened while laying it out."""

    document: Any  # weasyprint.document.Document
    html: str
    pages: int
    refused: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def typeset(html: str, assets_dir: Path, *, timeout: float = DEFAULT_TIMEOUT, what: Path | None = None) -> Layout:
    """Lay out `html` (relative URLs resolve inside `assets_dir`) through the sealed fetcher."""
    from weasyprint import HTML

    where = what or assets_dir
    fetcher = make_fetcher(assets_dir)
    with _weasyprint_log() as messages, time_limit(timeout, where):
        try:
            document = HTML(string=html, base_url=f"{assets_dir.resolve().as_uri()}/", url_fetcher=fetcher).render(
                pdf_tags=True
            )
        except Exception as exc:  # WeasyPrint raises many kinds; report them located
            raise RenderError(where, 0, f"WeasyPrint could not lay out the leaflet: {exc}") from exc
    return Layout(document=document, html=html, pages=len(document.pages), refused=list(fetcher.refused), messages=list(messages))


def write_pdf(layout: Layout, *, timeout: float = DEFAULT_TIMEOUT, what: Path | None = None) -> bytes:
    """Tagged PDF/UA-1 bytes of a layout; the same HTML always gives the same bytes."""
    where = what or Path("<leaflet>")
    identifier = hashlib.sha256(layout.html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with _weasyprint_log() as messages, time_limit(timeout, where), text_layer.installed():
        try:
            pdf = layout.document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, pdf_identifier=identifier)
        except Exception as exc:
            raise RenderError(where, 0, f"WeasyPrint could not write the PDF: {exc}") from exc
    layout.messages.extend(messages)
    return bytes(pdf)
