"""Benchmark: `pipeline pdf` for the sample statement in every configured language, beside WeasyPrint alone.

Copies the repository's configuration, templates, sources and catalogs into a
temporary project (the repository is not touched). A language whose catalog
has too few translations for a draft gets copy-of-the-source suggestions written
through `write_suggestions`, so every configured language is typeset.
Then, in one run on the same machine, it times:
  - a cold build (empty build/), serial (`--jobs 1`) and parallel (`--jobs N`, N = cores);
  - the no-op rebuild (nothing changed);
  - the floor: WeasyPrint's own layout + PDF writing of the very same HTML, in this
    process, one language after the other (no CLI start-up, no checks, no fitting).
Each wall-clock figure is the best of REPEATS runs (serial and parallel
interleaved). Prints figures and ratios.
Run: .venv/bin/python benchmarks/bench_pdf.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.catalogs.sources import load_source  # noqa: E402
from pipeline.catalogs.suggestions import write_suggestions  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.files import locked  # noqa: E402
from pipeline.leaflets import assembly, build, policy  # noqa: E402
from pipeline.model import Suggestion  # noqa: E402

REPEATS = 5


def _cli(root: Path, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "--root", str(root), *args], capture_output=True, text=True, cwd=root
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"pipeline {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def _project() -> tuple[Path, list[str]]:
    root = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    shutil.copy(REPO / "pipeline.toml", root / "pipeline.toml")
    for folder in ("templates", "sources", "locales"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    _cli(root, "update")
    config = load_config(root)
    filled = []
    for source in config.source_paths():
        doc = load_source(source, config)
        for lang in config.languages:
            plan = policy.assess(config, doc, lang, policy.Mode.DRAFT)
            if plan.skip is not None:
                note = ("machine translation: benchmark copy of the source",)
                suggestions = [Suggestion(seg.context, seg.msgid, seg.msgid, note) for seg in doc.segments]
                with locked(config.root):
                    write_suggestions(config.po_path(lang, doc.slug), suggestions)
                filled.append(lang)
    return root, filled


def _import_weasyprint() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import weasyprint"], check=True)
    return time.perf_counter() - started


def _best(action, repeats: int = REPEATS) -> float:
    return min(action() for _ in range(repeats))


def _cold(root: Path, jobs: int) -> float:
    shutil.rmtree(root / "build", ignore_errors=True)
    return _cli(root, "pdf", "--jobs", str(jobs))


def _floor(root: Path) -> float:
    """WeasyPrint alone on the HTML the pipeline renders, serial, in this process."""
    from weasyprint import HTML

    config = load_config(root)
    pages = []
    html_texts = []
    for source in config.source_paths():
        doc = load_source(source, config)
        for lang in (config.source_language, *config.languages):
            plan = policy.assess(config, doc, lang, policy.Mode.DRAFT)
            sheet = assembly.assemble(config, plan, build.LARGEST)
            html_texts.append(assembly.leaflet_html(config, sheet))
    base = f"{config.templates_dir.resolve().as_uri()}/"

    def run() -> float:
        started = time.perf_counter()
        for html in html_texts:
            document = HTML(string=html, base_url=base).render()
            document.write_pdf()
            pages.append(len(document.pages))
        return time.perf_counter() - started

    run()  # warm the font cache and imports once, as a long-lived process would be
    return _best(run)


def main() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1770076800")
    root, filled = _project()
    config = load_config(root)
    cores = build.default_jobs()
    count = len(config.source_paths()) * (1 + len(config.languages))
    # Interleaved, so both see the same machine (other work on it comes and goes).
    runs = [(_cold(root, 1), _cold(root, cores)) for _ in range(REPEATS)]
    serial, parallel = min(r[0] for r in runs), min(r[1] for r in runs)
    noop = _best(lambda: _cli(root, "pdf"))
    startup = _best(lambda: _cli(root, "--help"))
    weasy_import = _best(_import_weasyprint)
    floor = _floor(root)
    built = [p.name.split(".")[-2] for p in sorted((root / "build" / "pdf").glob("*.pdf"))]

    print(f"bench_pdf: {count} leaflets of the sample statement ({', '.join(built)}), {cores} cores, best of {REPEATS}")
    if filled:
        print(f"  (languages without enough translations, given copy-of-source suggestions: {', '.join(filled)})")
    print(f"  cold build, serial   (--jobs 1):  {serial:6.2f} s")
    print(f"  cold build, parallel (--jobs {cores}):  {parallel:6.2f} s   speed-up x{serial / parallel:.2f}")
    print(f"  no-op rebuild:                   {noop:6.2f} s   ({100 * noop / serial:.0f}% of a cold serial build)")
    print(f"  CLI start-up alone (--help):     {startup:6.2f} s")
    print(f"  python -c 'import weasyprint':   {weasy_import:6.2f} s   (paid once per render process)")
    print(f"  floor, WeasyPrint alone, serial: {floor:6.2f} s   (same HTML, layout + PDF, in-process)")
    print(
        f"  ratios: cold serial / floor = {serial / floor:.2f}; cold parallel / floor = {parallel / floor:.2f}; "
        f"(cold serial - CLI start-up - WeasyPrint import) / floor = {(serial - startup - weasy_import) / floor:.2f}"
    )
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
