"""Benchmark: reading and writing a 20,000-entry catalog, whole process, beside `msgcat` doing the same.

Equal work on both sides: a fresh process reads the file and writes it back out
(ours: `pipeline.catalogs.reading.load_po` then `po_format.format_po`, the path
every `update` takes; GNU: `msgcat FILE`). Prints the medians of REPEATS runs,
interleaved, the ratio (target: at most 1.2), and whether the outputs are
byte-identical. Run: .venv/bin/python benchmarks/bench_po_format.py [--tiny]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

EN = ["The", "workers", "of", "the", "port", "shut", "down", "operations", "on", "Feb.", "3", "and", "demanded", "an", "end", "to", "arms", "shipments", "—", "a", "decision", "“long", "overdue”,", "said", "the", "union’s", "spokesperson,", "who", "added", "that", "3,000", "dockers", "took", "part", "(see", "https://example.org/statement-2026-02-03)"]
ES = ["Los", "trabajadores", "del", "puerto", "paralizaron", "las", "operaciones", "el", "3", "de", "febrero", "y", "exigieron", "el", "fin", "de", "los", "envíos", "de", "armas", "—", "una", "decisión", "«largamente", "esperada»,", "dijo", "la", "portavoz", "del", "sindicato"]
OURS = "import sys\nfrom pathlib import Path\nfrom pipeline.catalogs.reading import load_po\nfrom pipeline.catalogs.po_format import format_po\nsys.stdout.write(format_po(load_po(Path(sys.argv[1]))))\n"


def _catalog(count: int) -> str:
    import polib

    from pipeline.catalogs.po_format import format_po

    rnd = random.Random(0)
    po = polib.POFile()
    po.metadata = {"Project-Id-Version": "bench", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "Language": "es", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    for i in range(count):
        po.append(polib.POEntry(
            msgid=f"{i} " + " ".join(rnd.choices(EN, k=rnd.randint(6, 40))) + ".",
            msgstr=" ".join(rnd.choices(ES, k=rnd.randint(6, 40))) + ".",
            occurrences=[("sources/bench.md", str(3 * i + 1))], comment=f"paragraph {i}, sentence 1 of 2",
            flags=["fuzzy"] if i % 2 else []))
    return format_po(po)


def _timed(command: list[str]) -> tuple[float, bytes]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    return time.perf_counter() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="200 entries, once (the test suite's smoke run)")
    args = parser.parse_args()
    count, repeats = (200, 1) if args.tiny else (20000, 5)
    with tempfile.TemporaryDirectory(prefix="bench-po-") as folder:
        path = Path(folder) / "bench.po"
        path.write_text(_catalog(count), encoding="utf-8")
        size = path.stat().st_size
        ours, gnu = [], []
        for _ in range(repeats):
            seconds, ours_out = _timed([sys.executable, "-c", OURS, str(path)])
            ours.append(seconds)
            seconds, gnu_out = _timed(["msgcat", str(path)])
            gnu.append(seconds)
        floor = statistics.median(_timed([sys.executable, "-c", "pass"])[0] for _ in range(repeats))
    a, b = statistics.median(ours), statistics.median(gnu)
    print(f"bench_po_format: {count} entries ({size / 1e6:.1f} MB), read + write, "
          f"whole process, median of {repeats}")
    print(f"  ours (load_po + format_po): {a:6.3f} s | msgcat: {b:6.3f} s | ratio {a / b:.2f}x (target <= 1.2) | "
          f"python -c pass: {floor:.3f} s | identical bytes: {ours_out == gnu_out}")


if __name__ == "__main__":
    main()
