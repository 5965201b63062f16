"""Time pipeline.po_format.format_po on 20,000 translated entries, side by side with polib and msgcat."""
import random
import subprocess
import tempfile
import time

import polib

from pipeline.catalogs.po_format import format_po

EN = ["The", "workers", "of", "the", "port", "shut", "down", "operations", "on", "Feb.", "3", "and", "demanded", "an", "end", "to", "arms", "shipments", "—", "a", "decision", "“long", "overdue”,", "said", "the", "union’s", "spokesperson,", "who", "added", "that", "3,000", "dockers", "took", "part", "(see", "https://example.org/statement-2026-02-03)"]
ES = ["Los", "trabajadores", "del", "puerto", "paralizaron", "las", "operaciones", "el", "3", "de", "febrero", "y", "exigieron", "el", "fin", "de", "los", "envíos", "de", "armas", "—", "una", "decisión", "«largamente", "esperada»,", "dijo", "la", "portavoz", "del", "sindicato"]
rnd = random.Random(0)
po = polib.POFile()
po.metadata = {"Project-Id-Version": "bench", "Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
for i in range(20000):
    po.append(polib.POEntry(
        msgid=f"{i} " + " ".join(rnd.choices(EN, k=rnd.randint(6, 40))) + ".",
        msgstr=" ".join(rnd.choices(ES, k=rnd.randint(6, 40))) + ".",
        occurrences=[("sources/bench.md", str(3 * i + 1))], comment=f"paragraph {i}, sentence 1 of 2",
        flags=["fuzzy"] if i % 2 else []))
start = time.perf_counter(); text = format_po(po); ours = time.perf_counter() - start
start = time.perf_counter(); str(po); theirs = time.perf_counter() - start
with tempfile.NamedTemporaryFile("w", suffix=".po", encoding="utf-8", delete=False) as handle:
    handle.write(text)
start = time.perf_counter(); out = subprocess.run(["msgcat", handle.name], capture_output=True).stdout; gnu = time.perf_counter() - start
print(f"format_po {ours:.3f}s | polib str() {theirs:.3f}s | msgcat (process, read+write) {gnu:.3f}s | "
      f"{len(text) / 1e6:.1f} MB | identical to msgcat: {out.decode() == text}")
