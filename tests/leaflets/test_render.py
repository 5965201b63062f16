"""The sealed renderer and the font check, on their own: real WeasyPrint, real fonts, real files."""

from __future__ import annotations

import base64
import io
import logging
import multiprocessing
import os
import signal
import socket
import time
from pathlib import Path

import pytest
import tinycss2
from markupsafe import Markup
from support.logs import assert_no_logs

from pipeline import workers
from pipeline.leaflets import render


def _png() -> str:
    from PIL import Image  # Pillow comes with WeasyPrint

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


PNG = _png()


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    """A template folder with a stylesheet, next to a secret it must never serve."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "ok.css").write_text("p { color: red }", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", folder / "link.txt")
    return folder


def test_fetcher_serves_only_the_asset_folder_and_data_uris(assets: Path) -> None:
    fetcher = render.make_fetcher(assets)
    response = fetcher.fetch((assets / "ok.css").as_uri())
    assert response.read() == b"p { color: red }" and response.content_type == "text/css"
    assert fetcher.fetch(f"data:image/png;base64,{PNG}").read().startswith(b"\x89PNG")

    refused = [
        "file:///etc/passwd",
        (assets.parent / "secret.txt").as_uri(),
        f"{assets.as_uri()}/../secret.txt",
        f"{assets.as_uri()}/%2e%2e/secret.txt",
        (assets / "link.txt").as_uri(),  # a symlink inside that points outside
        f"file://otherhost{assets / 'ok.css'}",
        "http://127.0.0.1:9/x.css",
        "https://example.org/x.css",
        "ftp://example.org/x.css",
        "javascript:alert(1)",
    ]
    for url in refused:
        with pytest.raises(render.FetchRefused):
            fetcher.fetch(url)
    assert fetcher.refused == refused


def test_every_stylesheet_goes_through_the_sealed_fetcher(assets: Path) -> None:
    (assets / "imports.css").write_text(
        '@import url("file:///etc/passwd");\n'
        '@import url("http://127.0.0.1:9/remote.css");\n'
        'body { background: url("../secret.txt") }\n'
        "@font-face { font-family: x; src: url(file:///etc/passwd) }\n",
        encoding="utf-8",
    )
    html = (
        '<html lang="en"><head><title>t</title><link rel="stylesheet" href="imports.css">'
        '<link rel="attachment" href="file:///etc/passwd"></head>'
        f'<body><p style="font-family: x">Hello</p><img alt="red" src="data:image/png;base64,{PNG}"></body></html>'
    )
    with assert_no_logs(r"FetchRefused: refused", r"^Font-face 'x' cannot be loaded"):
        layout = render.typeset(html, assets)
        pdf = render.write_pdf(layout)
    assert pdf.startswith(b"%PDF-1.7")
    assert (assets / "imports.css").as_uri() not in layout.refused  # the stylesheet itself is served
    assert "file:///etc/passwd" in layout.refused
    assert "http://127.0.0.1:9/remote.css" in layout.refused
    assert (assets.parent / "secret.txt").as_uri() in layout.refused
    assert b"root:x" not in pdf and b"/EmbeddedFiles" not in pdf


def test_css_string_cannot_break_out_whatever_the_text() -> None:
    for text in ['"; } @import url(x); body { x: "', "\\\"'\n</style><script>", "a\\62 c", "Página {page} de {pages}", "مسودة: ترجمة", ""]:
        value = render.css_string(text)
        tokens = [t for t in tinycss2.parse_component_value_list(value) if t.type != "whitespace"]
        assert len(tokens) == 1 and tokens[0].type == "string" and tokens[0].value == text, text
        assert "<" not in value and "&" not in value and "\n" not in value


def test_css_content_turns_placeholders_into_page_counters() -> None:
    value = render.css_content("{pages} ページ中 {page} ページ")
    tokens = [t for t in tinycss2.parse_component_value_list(value) if t.type != "whitespace"]
    assert [(t.type, getattr(t, "name", None) or t.value) for t in tokens] == [
        ("function", "counter"),
        ("string", " ページ中 "),
        ("function", "counter"),
        ("string", " ページ"),
    ]
    assert [tinycss2.serialize(t.arguments) for t in tokens if t.type == "function"] == ["pages", "page"]


def test_templates_escape_every_string_and_never_evaluate_one(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text("<p title=\"{{ text }}\">{{ text }}</p>{{ safe }}<style>{{ text | css_string }}</style>", encoding="utf-8")
    hostile = '"><script>alert(1)</script>{{ 7*7 }}{% include "t.html" %}'
    html = render.render_html(tmp_path, "t.html", {"text": hostile, "safe": Markup("<b>built by us</b>")})
    assert "<script>" not in html and "49" not in html
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}{% include &#34;t.html&#34; %}" in html
    assert "<b>built by us</b>" in html


def _pages(html: str, assets: Path) -> int:
    return render.typeset(html, assets).pages


def test_a_render_that_runs_too_long_is_stopped(tmp_path: Path) -> None:
    """The limit is enforced from outside: the worker is killed mid-layout, the next call gets a fresh one."""
    html = "<html><body>" + "<p>Lorem ipsum dolor sit amet, consectetur adipiscing.</p>" * 20000 + "</body></html>"
    small = "<html><body><p>Short.</p></body></html>"
    started = time.monotonic()
    results = workers.run_all(_pages, [(html, tmp_path), (small, tmp_path)], jobs=1, limit=5)
    assert results == [workers.TimedOut(5), 1]
    assert time.monotonic() - started < 30
    assert multiprocessing.active_children() == []


def _process_state() -> dict[str, object]:
    loggers = {"": logging.getLogger(), **{name: logging.getLogger(name) for name in list(logging.Logger.manager.loggerDict)}}
    return {
        "signals": {s: signal.getsignal(s) for s in signal.valid_signals() if s not in (signal.SIGKILL, signal.SIGSTOP)},
        "timer set": signal.getitimer(signal.ITIMER_REAL)[0] > 0,  # pytest-timeout's, running down
        "socket timeout": socket.getdefaulttimeout(),
        "loggers": {
            name: (logger.level, tuple(logger.handlers), logger.propagate, logger.disabled)
            for name, logger in loggers.items()
            if isinstance(logger, logging.Logger)
        },
    }


class _Probe(logging.Handler):
    """Takes a snapshot of the process state whenever WeasyPrint logs, i.e. in the middle of a render."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.snapshots: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.snapshots.append(_process_state())


def test_a_render_changes_no_process_wide_state(assets: Path) -> None:
    """Neither during a render (seen from WeasyPrint's own log calls) nor after it."""
    html = '<html lang="en"><head><title>t</title><link rel="stylesheet" href="file:///etc/passwd"></head><body><p>Hi</p></body></html>'
    import weasyprint  # noqa: F401  # its import-time setup is its own business

    probe = _Probe()
    logging.getLogger("weasyprint").addHandler(probe)
    try:
        with assert_no_logs(r"FetchRefused: refused file:///etc/passwd"):
            before = _process_state()
            layout = render.typeset(html, assets)
            render.write_pdf(layout)
            after = _process_state()
    finally:
        logging.getLogger("weasyprint").removeHandler(probe)
    assert layout.refused == ["file:///etc/passwd"]
    assert probe.snapshots, "WeasyPrint logged nothing during the render: the probe saw nothing"
    assert all(snapshot == before for snapshot in probe.snapshots)
    assert after == before
