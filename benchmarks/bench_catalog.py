"""Benchmark: `pipeline update` of one language beside GNU `msgmerge --previous`, same edit, same POT, entry by entry.

For each size (paragraphs of generated statement text, 2-6 sentences each) it
writes a statement and a fully translated catalog, then edits the source (5% of
sentences changed, 2% removed, 2% added) and, REPEATS times, interleaved:
  - ours: `python -m pipeline update --lang es` in a fresh process with an empty
    segmentation cache (cold: segmentation, POT, merge, writing the catalog);
  - msgmerge --previous merging the POT that run wrote into the same old catalog.
Time is the median wall clock, memory each process's own peak RSS (wait4).
Then both outcomes are compared entry by entry (state, msgstr, previous msgid)
and every difference is listed. The growth exponent between sizes is
log(t2/t1)/log(n2/n1) (1 is linear; n log n over 500 -> 20,000 is about 1.15).

The sentences are drawn from WORDS, 35 words (`--vocabulary small`, the default):
the hard case for exact fuzzy matching, since any two sentences share most of
their letters and 4-grams, so a new sentence must be compared with nearly every
old one. `--vocabulary corpus` draws them instead from the words of the
repository's README and statements, each as often as it occurs there (about
1,900 words; the list follows those files, and the first line printed says how
many), closer to what real statements hold.
Run: .venv/bin/python benchmarks/bench_catalog.py [--sizes 500,2000,5000,20000] [--vocabulary small|corpus] [--tiny]
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
WORDS = ["people", "workers", "struggle", "peace", "solidarity", "sovereignty", "land", "wages", "union", "port", "city", "nation", "government", "strike", "march", "rally", "statement", "movement", "freedom", "justice", "rights", "villages", "farmers", "students", "women", "youth", "water", "oil", "companies", "sanctions", "blockade", "war", "history", "future", "together"]


def corpus_words() -> list[str]:
    """Every word of the README and the statements, as often as it occurs there (lower case)."""
    texts = [REPO / "README.md", *sorted((REPO / "sources").glob("*.md"))]
    return [w.lower() for path in texts for w in re.findall(r"[A-Za-z][A-Za-z']*", path.read_text(encoding="utf-8"))]


def _sentence(rng: random.Random, vocabulary: list[str] = WORDS) -> str:
    words = [rng.choice(vocabulary) for _ in range(rng.randint(8, 24))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.2:
        words.insert(rng.randint(1, len(words) - 1), rng.choice(["Dr. Rivera", "the U.S. Navy", "on Feb. 3", "E. Smith"]))
    return " ".join(words) + rng.choice([".", ".", ".", "!", "?"])


def _statement(paragraphs: list[list[str]]) -> str:
    body = "\n\n".join(" ".join(p) for p in paragraphs)
    return f'---\ntitle: "A long statement"\ndate: 2026-02-03\n---\n\n{body}\n'


def _run(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MiB, CPU seconds) of one process of its own."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _outcome(path: Path) -> dict[tuple[str | None, str, bool], tuple[str, str, str | None]]:
    """(msgctxt, msgid, obsolete) -> (state, msgstr, previous msgid)."""
    result = {}
    for entry in polib.pofile(str(path), wrapwidth=0):
        if not entry.msgid:
            continue
        text = entry.msgstr or (entry.msgstr_plural.get(0, "") if entry.msgstr_plural else "")
        state = "obsolete" if entry.obsolete else "fuzzy" if entry.fuzzy else "translated" if text else "untranslated"
        previous = entry.previous_msgid if entry.fuzzy else None
        result[(entry.msgctxt, entry.msgid, entry.obsolete)] = (state, text, previous)
    return result


def _compare(ours: Path, theirs: Path) -> tuple[dict[str, int], dict[str, int], list[str]]:
    a, b = _outcome(ours), _outcome(theirs)
    counts_a = {s: sum(1 for v in a.values() if v[0] == s) for s in ("translated", "fuzzy", "untranslated", "obsolete")}
    counts_b = {s: sum(1 for v in b.values() if v[0] == s) for s in ("translated", "fuzzy", "untranslated", "obsolete")}
    differences = []
    for key in sorted(set(a) | set(b), key=str):
        if a.get(key) != b.get(key):
            differences.append(f"    {key[1][:60]!r}: ours {a.get(key)!s:.120} | msgmerge {b.get(key)!s:.120}")
    return counts_a, counts_b, differences


def one_size(paragraph_count: int, repeats: int, emit, vocabulary: list[str] = WORDS) -> tuple[float, float, float, float]:
    rng = random.Random(7)
    paragraphs = [[_sentence(rng, vocabulary) for _ in range(rng.randint(2, 6))] for _ in range(paragraph_count)]
    work = Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    try:
        shutil.copy(REPO / "pipeline.toml", work / "pipeline.toml")
        shutil.copytree(REPO / "templates", work / "templates")
        (work / "sources").mkdir()
        source = work / "sources" / "long.md"
        source.write_text(_statement(paragraphs), encoding="utf-8")
        cli = [sys.executable, "-m", "pipeline", "--root", str(work), "update", "--lang", "es"]
        _run(cli)
        po_path = work / "locales" / "es" / "LC_MESSAGES" / "long.po"
        po = polib.pofile(str(po_path))
        for entry in po:
            entry.msgstr = f"[es] {entry.msgid}"
        po.save(str(po_path))
        old = work / "old.po"
        shutil.copy(po_path, old)

        for p in paragraphs:
            for i in range(len(p)):
                roll = rng.random()
                if roll < 0.05:
                    p[i] = p[i][:-1] + " " + rng.choice(vocabulary) + p[i][-1]
                elif roll < 0.07:
                    p[i] = ""
                elif roll < 0.09:
                    p[i] = p[i] + " " + _sentence(rng, vocabulary)
        source.write_text(_statement([[s for s in p if s] or [_sentence(rng, vocabulary)] for p in paragraphs]), encoding="utf-8")

        ours_runs, theirs_runs = [], []
        merged = work / "msgmerge.po"
        for _ in range(repeats):
            shutil.copy(old, po_path)
            shutil.rmtree(work / "build", ignore_errors=True)  # cold: no segmentation cached for the edited source
            ours_runs.append(_run(cli))
            pot = work / "locales" / "long.pot"
            theirs_runs.append(_run(["msgmerge", "--previous", "--quiet", "-o", str(merged), str(old), str(pot)]))
        ours_t = statistics.median(r[0] for r in ours_runs)
        theirs_t = statistics.median(r[0] for r in theirs_runs)
        ours_c = statistics.median(r[2] for r in ours_runs)
        theirs_c = statistics.median(r[2] for r in theirs_runs)
        ours_m = max(r[1] for r in ours_runs)
        theirs_m = max(r[1] for r in theirs_runs)
        counts_a, counts_b, differences = _compare(po_path, merged)
        entries = sum(counts_a.values())
        emit(
            f"{paragraph_count:6d} paragraphs ({entries} entries): ours {ours_t:7.2f} s (CPU {ours_c:6.2f} s), {ours_m:5.0f} MiB | "
            f"msgmerge {theirs_t:7.2f} s (CPU {theirs_c:6.2f} s), {theirs_m:5.0f} MiB | time ratio {ours_t / theirs_t:5.2f}x, "
            f"memory ratio {ours_m / theirs_m:4.2f}x (targets: <= 30 s at 20,000, <= 1.5x memory)"
        )
        emit(f"    outcome ours     {counts_a}\n    outcome msgmerge {counts_b}\n    entries that differ: {len(differences)}")
        for line in differences[:10]:
            emit(line)
        return ours_t, theirs_t, ours_c, theirs_c
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,5000,20000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--vocabulary", choices=("small", "corpus"), default="small",
                        help="the 35 words (default), or the words of the README and statements by their frequency")
    parser.add_argument("--tiny", action="store_true", help="one small size, once (the test suite's smoke run)")
    args = parser.parse_args()
    vocabulary = WORDS if args.vocabulary == "small" else corpus_words()
    sizes = [30] if args.tiny else [int(n) for n in args.sizes.split(",")]
    repeats = 1 if args.tiny else args.repeats

    def emit(line: str) -> None:
        print(line, flush=True)

    emit(f"bench_catalog: update of one language (es), cold, median of {repeats}; both sides in the same run; "
         f"sentences of {len(set(vocabulary))} words ({args.vocabulary})")
    # Exponents from CPU seconds: wall time on a shared machine moves with other people's load.
    times = [(n, c1, c2) for n, _, _, c1, c2 in ((n, *one_size(n, repeats, emit, vocabulary)) for n in sizes)]
    for (n1, a1, b1), (n2, a2, b2) in itertools.pairwise(times):
        growth = math.log(n2 / n1)
        emit(f"growth (CPU) {n1} -> {n2}: ours exponent {math.log(a2 / a1) / growth:.2f}, msgmerge {math.log(b2 / b1) / growth:.2f}")
    if len(times) > 2:
        (n1, a1, b1), (n2, a2, b2) = times[0], times[-1]
        emit(f"growth {n1} -> {n2}: ours exponent {math.log(a2 / a1) / math.log(n2 / n1):.2f}, "
             f"msgmerge {math.log(b2 / b1) / math.log(n2 / n1):.2f} (n log n: {1 + math.log(math.log(n2) / math.log(n1)) / math.log(n2 / n1):.2f})")


if __name__ == "__main__":
    main()
