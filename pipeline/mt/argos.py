"""The Argos Translate engine: an installed package's tokenizer and CTranslate2 model, fed in batches.

Contract: `find(source, target, settings)` returns an `ArgosEngine` when a package
(or a pivot pair through English) is installed, without loading any model.
`ArgosEngine.translate(texts)` then loads each package once (tokenizer and
`ctranslate2.Translator`, kept for later calls), tokenises every text with the
package's own tokenizer, sorts them by length, cuts them into batches of at
most `Runtime.batch_tokens` padded source tokens (a batch closes before it
would exceed the budget, and CTranslate2 is told not to split it again), queues
every batch at once so `inter_threads` batches decode in parallel, honours
the package's target prefix, and detokenises.
Argos's own `translate()` is not used: it re-splits sentences with a model it
downloads, and translates one text at a time. Nothing here imports argostranslate
or torch: only CTranslate2 and SentencePiece (the `[mt]` extra); without them
`find` offers nothing and `how_to_get` names the extra.
Beam size, threads, device and compute type come from `[mt]` in pipeline.toml;
`runtime(settings)` turns them and the machine (usable cores, CUDA devices)
into CTranslate2's device, thread split and batch size.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.config import MTSettings
from pipeline.mt import EngineError, EngineOutput, Progress
from pipeline.mt import packages as argos_packages
from pipeline.mt.packages import PackageInfo

CPU_BATCH_TOKENS = 1024  # per batch on CPU: small batches keep every worker busy (measured by bench_mt)
GPU_BATCH_TOKENS = 8192  # a GPU wants large batches


@dataclass(frozen=True)
class Runtime:
    """How CTranslate2 runs: device, thread split and batch size."""

    device: str
    inter_threads: int  # batches decoded in parallel
    intra_threads: int  # threads inside one batch
    batch_tokens: int


def cuda_devices() -> int:
    import ctranslate2

    try:
        return int(ctranslate2.get_cuda_device_count())
    except RuntimeError:  # a CUDA-less build
        return 0


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) or 1


def runtime(settings: MTSettings, cores: int | None = None, gpus: int | None = None) -> Runtime:
    """The device and thread split for this machine, unless `[mt]` fixes them.

    `device = "auto"` takes CUDA where a device exists. On CPU a model of Argos's
    size (d512) gains more from decoding batches side by side than from threads
    inside one batch, so every core gets its own batch, up to four threads per
    batch beyond 8 cores (bench_mt sweeps the alternatives). On CUDA one batch
    per device, large batches.
    """
    device = settings.device
    if device == "auto":
        device = "cuda" if (cuda_devices() if gpus is None else gpus) > 0 else "cpu"
    total = settings.threads or cores or usable_cores()
    if device == "cuda":
        return Runtime("cuda", inter_threads=1, intra_threads=1, batch_tokens=GPU_BATCH_TOKENS)
    intra = 1 if total <= 8 else 2 if total <= 16 else 4
    return Runtime("cpu", inter_threads=max(1, total // intra), intra_threads=intra, batch_tokens=CPU_BATCH_TOKENS)


def batches(lengths: Sequence[int], budget: int, workers: int = 1) -> list[list[int]]:
    """Indices sorted by length, cut into batches of at most `budget` padded tokens (count × longest).

    The budget shrinks so that a small job still gives every one of `workers`
    a batch of its own (50 sentences on two workers: two halves, not one
    full batch and a leftover). An item longer than the budget goes alone.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    total = sum(max(length, 1) for length in lengths)
    budget = max(1, min(budget, -(-total // max(workers, 1))))
    result: list[list[int]] = []
    current: list[int] = []
    for index in order:
        if current and (len(current) + 1) * max(lengths[index], 1) > budget:
            result.append(current)
            current = []
        current.append(index)
    if current:
        result.append(current)
    return result


class _Step:
    """One package of a route, loaded on first use."""

    def __init__(self, info: PackageInfo, settings: MTSettings, decoding: Mapping[str, Any]) -> None:
        self.info = info
        self.settings = settings
        self.decoding = dict(decoding)
        self.translator: Any = None
        self.tokenizer: Any = None
        self.target_prefix = ""
        self.runtime = Runtime("cpu", 1, 1, CPU_BATCH_TOKENS)

    def load(self) -> None:
        if self.translator is not None:
            return
        import ctranslate2
        import sentencepiece

        model = self.info.path / "sentencepiece.model"
        if not model.exists():
            raise EngineError(f"{self.info.path}: the package has no sentencepiece.model (a BPE-only package, which the pipeline does not run)")
        try:
            self.tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(model))
        except (RuntimeError, OSError) as exc:
            raise EngineError(f"cannot load the tokenizer {model}: {exc}") from exc
        self.target_prefix = self.info.target_prefix
        self.runtime = runtime(self.settings)
        try:
            self.translator = ctranslate2.Translator(
                str(self.info.path / "model"),
                device=self.runtime.device,
                compute_type=self.settings.compute_type,
                inter_threads=self.runtime.inter_threads,
                intra_threads=self.runtime.intra_threads,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise EngineError(f"cannot load the model in {self.info.path / 'model'}: {exc}") from exc

    def encode(self, text: str) -> list[str]:
        return list(self.tokenizer.encode(text, out_type=str))

    def decode(self, tokens: list[str]) -> str:
        # As argostranslate's SentencePiece tokenizer decodes, except that underscores stay underscores.
        return str(self.tokenizer.decode_pieces(tokens)).replace("\u2581", " ").strip()

    def translate(self, texts: Sequence[str], done: int, total: int, progress: Progress | None) -> list[str]:
        self.load()
        tokens = [self.encode(t) for t in texts]
        groups = batches([len(t) for t in tokens], self.runtime.batch_tokens, self.runtime.inter_threads)
        # Every batch is queued at once: CTranslate2 decodes inter_threads of them side by side.
        pending = [(group, self._submit([tokens[i] for i in group])) for group in groups]
        results = [""] * len(texts)
        for group, futures in pending:
            for i, future in zip(group, futures):
                results[i] = self._text(future)
            done += len(group)
            if progress:
                progress(done, total)
        return results

    def _submit(self, batch: list[list[str]]) -> list[Any]:
        prefix = [[self.target_prefix]] * len(batch) if self.target_prefix else None
        options: dict[str, Any] = {
            "beam_size": self.settings.beam_size,
            "max_batch_size": 0,  # the batch is already cut to size: no split, no leftover
            "replace_unknowns": True,
            "length_penalty": 0.2,
            "max_decoding_length": 2 * max(len(tokens) for tokens in batch) + 16,
        } | self.decoding
        try:
            return list(self.translator.translate_batch(batch, target_prefix=prefix, asynchronous=True, **options))
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"{self.info.label}: {exc}") from exc

    def _text(self, future: Any) -> str:
        try:
            result = future.result()
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"{self.info.label}: {exc}") from exc
        hypothesis = list(result.hypotheses[0])
        if self.target_prefix and hypothesis[:1] == [self.target_prefix]:
            hypothesis = hypothesis[1:]
        return self.decode(hypothesis)


class ArgosEngine:
    name = "argos"

    def __init__(self, route: Sequence[PackageInfo], settings: MTSettings, decoding: Mapping[str, Any] | None = None) -> None:
        """`decoding` overrides translate_batch options (the benchmark fixes the output length)."""
        self.steps = [_Step(info, settings, decoding or {}) for info in route]
        self.description = "argos " + " then ".join(step.info.label for step in self.steps)

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[EngineOutput]:
        current = list(texts)
        total = len(texts) * len(self.steps)
        for number, step in enumerate(self.steps):
            current = step.translate(current, number * len(texts), total, progress)
        return [EngineOutput(text) for text in current]


def find(source: str, target: str, settings: MTSettings) -> ArgosEngine | None:
    """An engine when a route is installed and the [mt] extra is there to run it."""
    if argos_packages.mt_extra_missing():
        return None
    route = argos_packages.route(source, target)
    return ArgosEngine(route, settings) if route else None


def how_to_get(source: str, target: str) -> str:
    """How to get a package; Argos names packages by language alone (translate-en_pt, for pt_BR too)."""
    missing = argos_packages.mt_extra_missing()
    if missing:
        return f"Argos needs {' and '.join(missing)}, not installed: `{argos_packages.MT_EXTRA}`"
    return (
        f"no Argos package for {source}->{target} (nor through {argos_packages.PIVOT}): "
        f"`pipeline models download {target}` where a network exists, or "
        f"`pipeline models install {argos_packages.package_name(source, target)}.argosmodel` with a file from the Argos package index"
    )
