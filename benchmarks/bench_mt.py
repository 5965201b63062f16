"""Benchmark: the pipeline's Argos engine beside the best raw CTranslate2 configuration, same model, same token ids.

Builds an Argos package with a real model's shapes (6+6 layers, d_model 512, 8 heads,
FFN 2048, shared vocabulary of 32,000, int8; random weights), installs it with the
pipeline's own installer into a temporary folder, and translates sentences made of the
sample statement's sentences (repeated to 50 / 500 / 2,000), beam 4 and greedy.
Random weights never end a sentence, so every decode is fixed at LENGTH output tokens
on both sides (min = max).

  raw: `ctranslate2.Translator.translate_batch` over every sentence's token ids in one
       call, swept over the inter/intra thread split of the usable cores, batch_type
       (tokens, examples) and max_batch_size. The sweep runs the whole grid at the
       smallest size and keeps the best TOP configurations for the larger sizes.
  ours: `ArgosEngine.translate(texts)`, text in, text out (tokenising and detokenising
       included), with the settings the pipeline chooses for this machine (`runtime()`).

Each measure is the median of REPEATS runs, both sides interleaved in one process.
Prints both sides and the ratio ours / best raw (target: at most 1.15). Where
`ctranslate2.get_cuda_device_count()` > 0 it also runs on the GPU ("cuda", larger batches).
Run: .venv/bin/python benchmarks/bench_mt.py [--sizes 50,500,2000] [--beams 4,1] [--repeats 3] [--tiny]
(--tiny: a 2-layer d64 model, 8 and 16 sentences, one repeat: the test suite's smoke run.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from pipeline.config import MTSettings, load_config  # noqa: E402
from pipeline.mt.argos import ArgosEngine, runtime, usable_cores  # noqa: E402

TOP = 3


def _sentences(count: int) -> list[str]:
    from pipeline.catalogs.sources import load_source

    config = load_config(REPO)
    sample = [s.msgid for path in config.source_paths() for s in load_source(path, config).segments]
    return [f"{sample[i % len(sample)]}" for i in range(count)]


def _grid(cores: int, device: str) -> list[tuple[int, int, str, int]]:
    """(inter_threads, intra_threads, batch_type, max_batch_size) to try."""
    if device == "cuda":
        return [(1, 1, "tokens", n) for n in (2048, 4096, 8192, 16384)] + [(1, 1, "examples", n) for n in (64, 128, 256)]
    splits = sorted({(inter, cores // inter) for inter in range(1, cores + 1) if cores % inter == 0})
    sizes = [("tokens", n) for n in (512, 1024, 2048, 4096)] + [("examples", n) for n in (8, 16, 32, 64)]
    return [(inter, intra, kind, n) for inter, intra in splits for kind, n in sizes]


def _median_times(actions: dict[Any, Any], repeats: int) -> dict[Any, float]:
    """Each action timed `repeats` times, interleaved; the median of each."""
    times: dict[Any, list[float]] = {key: [] for key in actions}
    for _ in range(repeats):
        for key, action in actions.items():
            started = time.perf_counter()
            action()
            times[key].append(time.perf_counter() - started)
    return {key: statistics.median(values) for key, values in times.items()}


def run(tiny: bool, emit: Any = print, sizes: tuple[int, ...] = (50, 500, 2000), repeats: int = 3, beams: tuple[int, ...] = (4, 1)) -> None:
    import ctranslate2
    from support.argos_builder import argos_env, build_package

    from pipeline.mt import packages

    work = Path(tempfile.mkdtemp(prefix="bench-mt-"))
    saved = dict(os.environ)
    try:
        os.environ.update(argos_env(work / "argos"))
        shape: dict[str, Any] = (
            {"layers": 2, "d_model": 64, "heads": 2, "ffn": 128, "vocab_size": 600}
            if tiny
            else {"layers": 6, "d_model": 512, "heads": 8, "ffn": 2048, "vocab_size": 8000, "vocab_pad_to": 32000}
        )
        corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "sources").glob("*.md"))).splitlines()
        archive = build_package(work / "built", "en", "es", corpus=corpus, kind="random", quantization="int8", **shape)
        packages.install(archive)
        route = packages.route("en", "es")
        assert route, "the benchmark package did not install"
        model_dir = str(route[0].path / "model")
        import sentencepiece

        tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(route[0].path / "sentencepiece.model"))
        length = 8 if tiny else 40
        if tiny:
            sizes, repeats = (8, 16), 1
        cores = usable_cores()
        devices = ["cpu"] + (["cuda"] if ctranslate2.get_cuda_device_count() > 0 else [])
        emit(
            f"bench_mt: {shape['layers']}+{shape['layers']} layers, d_model {shape['d_model']}, int8, random weights; "
            f"every output {length} tokens; {cores} usable cores; devices: {', '.join(devices)}; median of {repeats}"
        )
        for device in devices:
            settings = MTSettings(device=device)
            chosen = runtime(settings)
            emit(
                f"  {device}: pipeline settings: inter_threads {chosen.inter_threads}, intra_threads {chosen.intra_threads}, "
                f"batches of at most {chosen.batch_tokens} tokens"
            )
            grid = _grid(cores, device)
            translators = {
                split: ctranslate2.Translator(model_dir, device=device, compute_type="int8", inter_threads=split[0], intra_threads=split[1])
                for split in {(g[0], g[1]) for g in grid}
            }
            for beam in beams:
                fixed = {"min_decoding_length": length, "max_decoding_length": length}
                engine = ArgosEngine(route, MTSettings(device=device, beam_size=beam), decoding=fixed)
                engine.translate(["warm up"])
                candidates = grid
                for count in sizes:
                    texts = _sentences(count)
                    ids = [list(tokenizer.encode(t, out_type=str)) for t in texts]

                    def raw(
                        config: tuple[int, int, str, int], ids: list[list[str]] = ids, beam: int = beam,
                        fixed: dict[str, int] = fixed, translators: dict[Any, Any] = translators,
                    ) -> None:
                        inter, intra, kind, size = config
                        translators[(inter, intra)].translate_batch(
                            ids, beam_size=beam, max_batch_size=size, batch_type=kind, replace_unknowns=True,
                            length_penalty=0.2, **fixed,
                        )

                    actions: dict[Any, Any] = {config: (lambda c=config: raw(c)) for config in candidates}
                    actions["ours"] = lambda texts=texts, engine=engine: engine.translate(texts)
                    medians = _median_times(actions, repeats)
                    ours = medians.pop("ours")
                    ranked = sorted(medians, key=lambda c: medians[c])
                    best = ranked[0]
                    inter, intra, kind, size = best
                    emit(
                        f"  {device} beam {beam}, {count:5d} sentences: best raw {medians[best]:7.2f} s "
                        f"(inter {inter}, intra {intra}, {kind} {size}; {len(medians)} tried) | ours {ours:7.2f} s | "
                        f"ratio {ours / medians[best]:.2f}x (target <= 1.15)"
                    )
                    candidates = ranked[:TOP]
    finally:
        os.environ.clear()
        os.environ.update(saved)
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="a tiny model and size, once (the test suite's smoke run)")
    parser.add_argument("--sizes", default="50,500,2000", help="sentence counts (default: 50,500,2000)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--beams", default="4,1", help="beam sizes to measure (default: 4,1; 1 is greedy)")
    args = parser.parse_args()
    sizes = tuple(int(n) for n in args.sizes.split(","))
    beams = tuple(int(n) for n in args.beams.split(","))
    run(args.tiny, lambda line: print(line, flush=True), sizes, args.repeats, beams)


if __name__ == "__main__":
    main()
