"""Benchmark: segmentation + update of a long statement into three languages, beside GNU msgmerge.

Generates a statement of about 5,000 paragraphs, a fully translated catalog per
language, then edits the source (5% of sentences changed, 2% removed, 2% added)
and times, in one run on the same machine:
  - ours: segmenting the edited source, writing the POT, updating es, tl and fr;
  - GNU msgmerge --previous merging the same POT into the same three catalogs.
Prints the figures and the ratios. Run: .venv/bin/python benchmarks/bench_catalog.py
"""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.catalogs.merge import update_catalog  # noqa: E402
from pipeline.catalogs.pot import build_pot  # noqa: E402
from pipeline.catalogs.sources import load_source  # noqa: E402
from pipeline.config import load_config  # noqa: E402

PARAGRAPHS = 5000
LANGUAGES = ("es", "tl", "fr")
WORDS = ["people", "workers", "struggle", "peace", "solidarity", "sovereignty", "land", "wages", "union", "port", "city", "nation", "government", "strike", "march", "rally", "statement", "movement", "freedom", "justice", "rights", "villages", "farmers", "students", "women", "youth", "water", "oil", "companies", "sanctions", "blockade", "war", "history", "future", "together"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.2:
        words.insert(rng.randint(1, len(words) - 1), rng.choice(["Dr. Rivera", "the U.S. Navy", "on Feb. 3", "E. Smith"]))
    return " ".join(words) + rng.choice([".", ".", ".", "!", "?"])


def _statement(paragraphs: list[list[str]]) -> str:
    body = "\n\n".join(" ".join(p) for p in paragraphs)
    return f'---\ntitle: "A long statement"\ndate: 2026-02-03\n---\n\n{body}\n'


def main() -> None:
    rng = random.Random(7)
    paragraphs = [[_sentence(rng) for _ in range(rng.randint(2, 6))] for _ in range(PARAGRAPHS)]
    work = Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    shutil.copy(REPO / "pipeline.toml", work / "pipeline.toml")
    (work / "sources").mkdir()
    source = work / "sources" / "long.md"
    source.write_text(_statement(paragraphs), encoding="utf-8")
    config = load_config(work)

    doc = load_source(source, config)
    build_pot(doc, config)
    for lang in LANGUAGES:
        update_catalog(config, "long", lang)
        path = config.po_path(lang, "long")
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = f"[{lang}] {entry.msgid}"
        po.save(str(path))

    sentences = sum(len(p) for p in paragraphs)
    for p in paragraphs:
        for i in range(len(p)):
            roll = rng.random()
            if roll < 0.05:
                p[i] = p[i][:-1] + " " + rng.choice(WORDS) + p[i][-1]
            elif roll < 0.07:
                p[i] = ""
            elif roll < 0.09:
                p[i] = p[i] + " " + _sentence(rng)
    edited = [[s for s in p if s] or [_sentence(rng)] for p in paragraphs]
    source.write_text(_statement(edited), encoding="utf-8")
    before = {lang: config.po_path(lang, "long").read_bytes() for lang in LANGUAGES}

    start = time.perf_counter()
    doc = load_source(source, config)
    segmented = time.perf_counter()
    build_pot(doc, config)
    pot_written = time.perf_counter()
    for lang in LANGUAGES:
        update_catalog(config, "long", lang)
    ours_done = time.perf_counter()

    msgmerge_seconds = 0.0
    for lang in LANGUAGES:
        old = work / f"old.{lang}.po"
        old.write_bytes(before[lang])
        t0 = time.perf_counter()
        subprocess.run(
            ["msgmerge", "--previous", "--quiet", "-o", str(work / f"msgmerge.{lang}.po"), str(old), str(config.pot_path("long"))],
            check=True,
        )
        msgmerge_seconds += time.perf_counter() - t0

    ours_update = ours_done - pot_written
    total = ours_done - start
    entries = len(set(s.key for s in doc.segments))
    print(f"source: {PARAGRAPHS} paragraphs, {sentences} sentences before the edit, {entries} POT entries after")
    print(f"segmentation (parse + sentence split): {segmented - start:7.2f} s")
    print(f"POT written:                           {pot_written - segmented:7.2f} s")
    print(f"update es, tl, fr (ours):              {ours_update:7.2f} s")
    print(f"msgmerge --previous es, tl, fr:        {msgmerge_seconds:7.2f} s")
    print(f"ratio update / msgmerge:               {ours_update / msgmerge_seconds:7.2f}x")
    print(f"ratio segmentation+POT+update / msgmerge: {total / msgmerge_seconds:7.2f}x")
    print(f"peak RSS (this process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
