"""The Argos Translate engine: an installed package's tokenizer and CTranslate2 model, fed in batches.

Contract: `find(source, target, settings)` returns an `ArgosEngine` when a package
(or a pivot pair through English) is installed, without loading any model.
`ArgosEngine.translate(texts)` then loads each package once (tokenizer and
`ctranslate2.Translator`, kept for later calls), tokenises every text with the
package's own tokenizer, sorts them by length, runs `translate_batch` over
token-budgeted batches, honours the package's target prefix, and detokenises.
Argos's own `translate()` is not used: it re-splits sentences with a model it
downloads, and translates one text at a time. Nothing here imports argostranslate
or torch: only CTranslate2 and SentencePiece (the `[mt]` extra); without them
`find` offers nothing and `how_to_get` names the extra.
Beam size, threads, device and compute type come from `[mt]` in pipeline.toml.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from pipeline.config import MTSettings
from pipeline.mt import EngineError, EngineOutput, Progress
from pipeline.mt import packages as argos_packages
from pipeline.mt.packages import PackageInfo

BATCH_TOKENS = 4096  # source tokens per translate_batch call; also the progress step


class _Step:
    """One package of a route, loaded on first use."""

    def __init__(self, info: PackageInfo, settings: MTSettings, decoding: Mapping[str, Any]) -> None:
        self.info = info
        self.settings = settings
        self.decoding = dict(decoding)
        self.translator: Any = None
        self.tokenizer: Any = None
        self.target_prefix = ""

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
        threads = self.settings.threads or os.cpu_count() or 1
        try:
            self.translator = ctranslate2.Translator(
                str(self.info.path / "model"),
                device=self.settings.device,
                compute_type=self.settings.compute_type,
                inter_threads=1,
                intra_threads=threads,
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
        order = sorted(range(len(texts)), key=lambda i: len(tokens[i]))
        results = [""] * len(texts)
        batch: list[int] = []
        budget = 0
        for position, index in enumerate(order):
            batch.append(index)
            budget += len(tokens[index])
            if budget >= BATCH_TOKENS or position == len(order) - 1:
                for i, text in zip(batch, self._run([tokens[i] for i in batch])):
                    results[i] = text
                done += len(batch)
                if progress:
                    progress(done, total)
                batch, budget = [], 0
        return results

    def _run(self, batch: list[list[str]]) -> list[str]:
        prefix = [[self.target_prefix]] * len(batch) if self.target_prefix else None
        options: dict[str, Any] = {
            "beam_size": self.settings.beam_size,
            "max_batch_size": BATCH_TOKENS,
            "batch_type": "tokens",
            "replace_unknowns": True,
            "length_penalty": 0.2,
            "max_decoding_length": 2 * max(len(tokens) for tokens in batch) + 16,
        } | self.decoding
        try:
            results = self.translator.translate_batch(batch, target_prefix=prefix, **options)
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"{self.info.label}: {exc}") from exc
        texts = []
        for result in results:
            hypothesis = list(result.hypotheses[0])
            if self.target_prefix and hypothesis[:1] == [self.target_prefix]:
                hypothesis = hypothesis[1:]
            texts.append(self.decode(hypothesis))
        return texts


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
