"""`pipeline site` and `pipeline cards`: the web edition in a real headless Chromium, share images read back."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from editions_support import ARABIC, SPANISH, configure, write_po
from support import tree_digest

CHROMIUM = Path("/usr/bin/chromium")
ATTACK = '<script>alert(1)</script> ![x](https://example.org/pixel.png)'


@pytest.fixture
def web(project: Path) -> Path:
    configure(project, ["es", "ar", "tl"], '[site]\nurl = "https://example.org/statements"\n')
    write_po(project, "es", "dockers", {**SPANISH, "Stop the arms shipments.": ATTACK})
    write_po(project, "ar", "dockers", ARABIC)
    write_po(project, "tl", "dockers", {msgid: "" for msgid in SPANISH})
    return project


def test_site_pages_follow_the_policy_and_escape_translations(web: Path, pipeline_cli: Callable) -> None:
    run = pipeline_cli(web, "site")
    assert run.returncode == 0, run.stderr
    folder = web / "build" / "site" / "dockers"
    assert sorted(p.name for p in folder.iterdir()) == ["ar.html", "en.html", "es.html", "index.html"]
    assert "tl skipped: 0% translated, a draft needs 50%" in run.stderr and "  fix: " in run.stderr
    es = (folder / "es.html").read_text(encoding="utf-8")
    ar = (folder / "ar.html").read_text(encoding="utf-8")
    assert '<html lang="es" dir="ltr">' in es and '<html lang="ar" dir="rtl">' in ar
    for lang in ("en", "es", "ar"):
        assert f'<link rel="alternate" hreflang="{lang}" href="{lang}.html">' in es
    assert 'aria-current="page">Español</a>' in es and "Borrador: traducción automática" in es  # the shipped Spanish words
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in es and "<script>" not in es
    assert "pixel.png" not in es and "<img" not in es, "an image a translation smuggles in is shown as its text"
    assert "default-src 'none'" in es, "and the page's policy forbids every request anyway"
    assert '<link rel="canonical" href="https://example.org/statements/dockers/es.html">' in es
    before = tree_digest(web / "build")
    again = pipeline_cli(web, "site")
    assert again.returncode == 0 and "written" not in again.stdout and again.stdout.count("up to date") == 3
    assert tree_digest(web / "build") == before


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is installed by `make setup-test`")
def test_every_language_loads_in_chromium_without_errors_or_requests(web: Path, pipeline_cli: Callable, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert pipeline_cli(web, "site").returncode == 0
    folder = (web / "build" / "site" / "dockers").resolve()
    shots = Path(os.environ.get("PIPELINE_SCREENSHOTS", tmp_path / "shots"))
    shots.mkdir(parents=True, exist_ok=True)
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=args, headless=True
        )
        try:
            for name in ("index", "en", "es", "ar"):
                page = browser.new_page()
                errors: list[str] = []
                requests: list[str] = []
                page.on("console", lambda message, errors=errors: errors.append(message.text) if message.type == "error" else None)
                page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
                page.on("request", lambda request, requests=requests: requests.append(request.url))
                for width, height in ((390, 844), (1280, 900)):
                    page.set_viewport_size({"width": width, "height": height})
                    page.goto((folder / f"{name}.html").as_uri(), wait_until="load")
                    page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=False)
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
                assert errors == [], (name, errors)
                assert requests and all(url.startswith(folder.as_uri() + "/") for url in requests), (name, requests)
                if name != "index":
                    state = json.loads(page.evaluate("JSON.stringify([document.documentElement.lang, document.documentElement.dir])"))
                    assert state == [name, "rtl" if name == "ar" else "ltr"]
                    page.click("nav.languages a[hreflang=en]")
                    assert page.url == (folder / "en.html").as_uri()
                page.close()
        finally:
            browser.close()


def test_cards_are_square_pngs_per_language_and_rebuilt_only_on_change(web: Path, pipeline_cli: Callable) -> None:
    run = pipeline_cli(web, "cards", "--lang", "es,ar,tl")
    assert run.returncode == 0, run.stderr
    cards = web / "build" / "cards"
    for lang in ("es", "ar"):
        header = (cards / f"dockers.{lang}.png").read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")) == (1080, 1080)
    assert not (cards / "dockers.tl.png").exists() and "tl skipped" in run.stderr
    first = (cards / "dockers.es.png").read_bytes()
    again = pipeline_cli(web, "cards", "--lang", "es,ar,tl")
    assert again.stdout.count("up to date") == 2
    shutil.rmtree(cards)
    assert pipeline_cli(web, "cards", "--lang", "es").returncode == 0
    assert (cards / "dockers.es.png").read_bytes() == first, "same inputs, same bytes"


def test_leaflet_carries_a_qr_code_to_its_web_page(web: Path, pipeline_cli: Callable) -> None:
    run = pipeline_cli(web, "pdf", "--lang", "es")
    assert run.returncode == 0, run.stderr
    assert "alt description" not in run.stderr, "the QR code has its alt text (PDF/UA)"
    from editions_support import poppler

    text = poppler("pdftotext", str(web / "build" / "pdf" / "dockers.es.pdf"), "-")
    assert "https://example.org/statements/dockers/es.html" in text.replace("\n", "")
