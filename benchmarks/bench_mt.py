"""Benchmark: the pipeline's Argos engine beside argostranslate's own translate(), same model, same work.

Builds an Argos package with a real model's shapes (6+6 layers, d_model 512, 8 heads,
FFN 2048, shared vocabulary of 32,000, int8) and random weights, installs it with
argostranslate's code into a temporary folder, and translates the sample statement's
sentences (the segments `pipeline pot` extracts from sources/*.md):
  (a) argostranslate.translate per sentence, its downloading sentence splitter replaced by a
      pass-through, with the pipeline's threads (all cores) and compute type (int8);
  (b) the pipeline's ArgosEngine, all sentences in one call.
Random weights never end a sentence, so every decode is fixed at 40 tokens in both paths
(min = max = 40); beam 4 in both. Each path runs in its own process, so peak RSS is its own.
Then times `pipeline translate` on catalogs with nothing pending (the re-run cost).
Run: .venv/bin/python benchmarks/bench_mt.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

LENGTH = 40
BEAM = 4

COMMON = f"""
import json, re, sys, time
from pathlib import Path
def peak_rss_mb():
    # VmHWM is this process's own peak; ru_maxrss would include the parent's, inherited across fork+exec
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)) / 1024
sys.path.insert(0, {str(REPO)!r})
from pipeline.config import load_config
from pipeline.catalogs.sources import load_source
config = load_config(Path({str(REPO)!r}))
sentences = [s.msgid for path in config.source_paths() for s in load_source(path, config).segments]
"""

ARGOS_OWN = COMMON + f"""
started = time.perf_counter()
import ctranslate2
from argostranslate import settings, translate
translation = translate.get_translation_from_codes("en", "es").underlying  # the PackageTranslation
class PassThrough:
    def split_sentences(self, text):
        return [text]
translation.sentencizer = PassThrough()
model = ctranslate2.Translator(str(translation.pkg.package_path / "model"), device=settings.device,
    inter_threads=settings.inter_threads, intra_threads=settings.intra_threads, compute_type=settings.compute_type)
class FixedLength:
    def translate_batch(self, *args, **kwargs):
        return model.translate_batch(*args, min_decoding_length={LENGTH}, max_decoding_length={LENGTH}, **kwargs)
translation.translator = FixedLength()
translate.translate(sentences[0], "en", "es")
loaded = time.perf_counter() - started
started = time.perf_counter()
for sentence in sentences:
    translate.translate(sentence, "en", "es")
seconds = time.perf_counter() - started
print(json.dumps({{"sentences": len(sentences), "seconds": seconds, "load": loaded,
    "rss_mb": peak_rss_mb(),
    "torch": "torch" in sys.modules, "settings": f"beam {{settings.beam_size}}, intra_threads {{settings.intra_threads}}, compute {{settings.compute_type}}"}}))
"""

PIPELINE = COMMON + f"""
started = time.perf_counter()
from pipeline.mt import packages
from pipeline.mt.argos import ArgosEngine
engine = ArgosEngine(packages.route("en", "es"), config.mt, decoding={{"min_decoding_length": {LENGTH}, "max_decoding_length": {LENGTH}}})
engine.translate(sentences[:1])
loaded = time.perf_counter() - started
started = time.perf_counter()
engine.translate(sentences)
seconds = time.perf_counter() - started
print(json.dumps({{"sentences": len(sentences), "seconds": seconds, "load": loaded,
    "rss_mb": peak_rss_mb(),
    "torch": "torch" in sys.modules, "settings": f"beam {{config.mt.beam_size}}, threads {{config.mt.threads or 'all cores'}}, compute {{config.mt.compute_type}}"}}))
"""

RERUN_PROBE = """
import sys, time
started = time.perf_counter()
from pipeline.cli import main
status = main(sys.argv[1:])
print("probe:", round(time.perf_counter() - started, 3), "ctranslate2" in sys.modules, file=sys.stderr)
sys.exit(status)
"""


def run(code: str, env: dict[str, str]) -> dict:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=False)
    if result.returncode != 0:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def rerun_cost(env: dict[str, str], work: Path) -> tuple[float, float, bool]:
    """Wall time of `pipeline translate` with nothing pending, its in-process time, and whether CT2 got imported."""
    project = work / "project"
    project.mkdir()
    for name in ("pipeline.toml", "glossary.tsv"):
        shutil.copy(REPO / name, project / name)
    for name in ("sources", "templates"):
        shutil.copytree(REPO / name, project / name)
    cli = [sys.executable, "-m", "pipeline", "--root", str(project)]
    subprocess.run([*cli, "update", "--lang", "es"], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "translate", "--engine", "apertium", "--lang", "es"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", RERUN_PROBE, "--root", str(project), "translate", "--lang", "es"],
        env=env, check=True, capture_output=True, text=True,
    )
    wall = time.perf_counter() - started
    probe = next(line for line in result.stderr.splitlines() if line.startswith("probe:")).split()
    return wall, float(probe[1]), probe[2] == "True"


def main() -> None:
    from argos_builder import argos_env, build_package

    work = Path(tempfile.mkdtemp(prefix="bench-mt-"))
    try:
        env = {**os.environ, **argos_env(work / "argos")}
        corpus = [p.read_text(encoding="utf-8") for p in sorted((REPO / "sources").glob("*.md"))]
        started = time.perf_counter()
        archive = build_package(
            work / "built", "en", "es", corpus="\n".join(corpus).splitlines(), kind="random",
            vocab_size=8000, vocab_pad_to=32000, layers=6, d_model=512, heads=8, ffn=2048, quantization="int8",
        )
        built = time.perf_counter() - started
        install = f"import sys\nfrom pathlib import Path\nfrom pipeline.mt import packages\npackages.install(Path({str(archive)!r}))\n"
        subprocess.run([sys.executable, "-c", install], env=env, check=True, cwd=REPO)
        print(f"package: 6+6 layers, d_model 512, 8 heads, FFN 2048, vocabulary 32,000, int8, random weights "
              f"({archive.stat().st_size / 1024**2:.0f} MB, built in {built:.0f} s); every output {LENGTH} tokens, beam {BEAM}")
        # Same threads and compute type for (a) as the pipeline uses, so only the way of batching differs.
        same = {"ARGOS_INTRA_THREADS": str(os.cpu_count() or 1), "ARGOS_COMPUTE_TYPE": "int8"}
        own = run(ARGOS_OWN, {**env, **same})
        ours = run(PIPELINE, env)
        for label, figures in (("(a) argostranslate translate() per sentence", own), ("(b) pipeline ArgosEngine, one call", ours)):
            rate = figures["sentences"] / figures["seconds"]
            print(f"{label}: {figures['sentences']} sentences in {figures['seconds']:.2f} s = {rate:.2f} sentences/s; "
                  f"load {figures['load']:.2f} s; peak RSS {figures['rss_mb']:.0f} MB; torch imported: {figures['torch']} "
                  f"[{figures['settings']}]")
        ratio = (ours["sentences"] / ours["seconds"]) / (own["sentences"] / own["seconds"])
        print(f"ratio (b)/(a): {ratio:.2f}x (target: at least 3x)")
        wall, inside, loaded = rerun_cost(env, work)
        print(f"re-run with nothing pending: `pipeline translate --lang es` {wall:.2f} s wall, {inside:.2f} s in the command; "
              f"ctranslate2 imported: {loaded}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
