"""Machine-translation engines behind one Protocol, chosen by name or automatically.

Contract:
- An engine translates a list of already-masked sentences in one call
  (`Engine.translate`), returning one `EngineOutput` per input, in order; it raises
  `EngineError` when it cannot run. Its `description` goes into the provenance
  comment after "machine translation: ".
- `open_engine(choice, source, target, settings)` returns an engine for the pair, or
  `Unavailable` saying why and how to get a model. `auto` prefers Argos (a direct
  package or a pivot through English), then Apertium (a mode, or a chain of two).
- `suggest.translate_project` is the orchestration `pipeline translate` runs:
  translation memory first, then the engine, written fuzzy with provenance.
- Importing this package is cheap: each engine module is imported only when asked
  for, and loads its model only on its first `translate` call.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.config import MTSettings, language_of

ENGINE_MODULES = {"argos": "pipeline.mt.argos", "apertium": "pipeline.mt.apertium"}
AUTO_ORDER = ("argos", "apertium")

Progress = Callable[[int, int], None]  # (units done, units in all) within one translate call


class EngineError(Exception):
    """The engine could not run (missing program, failed process, model that will not load)."""


@dataclass(frozen=True)
class EngineOutput:
    """One translated sentence, with what the engine could not handle."""

    text: str
    unknown_words: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


class Engine(Protocol):
    name: str  # "argos" or "apertium"
    description: str  # "argos translate-en_es 1.9", "apertium eng-spa (apertium 3.8.3) then es-fr"

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[EngineOutput]: ...


@dataclass(frozen=True)
class Unavailable:
    """No engine for a pair: why, and how a user gets one."""

    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return "; ".join(self.reasons)


class EngineModule(Protocol):
    def find(self, source: str, target: str, settings: MTSettings) -> Engine | None: ...

    def how_to_get(self, source: str, target: str) -> str: ...


def _module(name: str) -> EngineModule:
    module: EngineModule = importlib.import_module(ENGINE_MODULES[name])
    return module


def open_engine(choice: str, source: str, target: str, settings: MTSettings) -> Engine | Unavailable:
    """The engine `choice` ("auto", "argos", "apertium") offers for source -> target."""
    names = AUTO_ORDER if choice == "auto" else (choice,)
    pairs = list(dict.fromkeys([(source, target), (source, language_of(target)), (language_of(source), language_of(target))]))
    reasons = []
    for name in names:
        module = _module(name)
        for pair in pairs:
            engine = module.find(*pair, settings)
            if engine is not None:
                if pair[1] != target:
                    engine.description += f", the {pair[1]} engine for {target}"
                return engine
        reasons.append(module.how_to_get(source, target))
    return Unavailable(tuple(reasons))
