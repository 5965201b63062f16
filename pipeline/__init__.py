"""Statements to gettext catalogs, machine suggestions and PDF leaflets.

The public API is what this module exports (`__all__`); each name is imported
on first use, so `import pipeline` stays cheap:

- `load_config(root)` → `Config`; `load_source(path, config)` → `SourceDocument`
- `update_catalog(config, domain, lang)` merges a POT into a language's catalog
- `translate_project(config, languages, choice)` writes machine suggestions
- `run_gate(config)` → `GateResult`, the CI gate
- `build_leaflets(config, mode, languages)` → `BuildReport`
- `PipelineError`, the base of every error a user can cause

The package logs through the `pipeline` logger (files read and written, the
engine chosen, leaflets found up to date), which has only a `NullHandler`
here: nothing shows unless the application (`pipeline --verbose`) adds a handler.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

__version__ = "0.1.0"  # the distribution's version (pyproject.toml reads it from here)

logging.getLogger(__name__).addHandler(logging.NullHandler())

_EXPORTS = {
    "load_config": ("pipeline.config", "load_config"),
    "Config": ("pipeline.config", "Config"),
    "load_source": ("pipeline.catalogs.sources", "load_source"),
    "update_catalog": ("pipeline.catalogs.merge", "update_catalog"),
    "translate_project": ("pipeline.mt.suggest", "translate_project"),
    "run_gate": ("pipeline.gate.run", "run_gate"),
    "build_leaflets": ("pipeline.leaflets.build", "build"),
    "Mode": ("pipeline.leaflets.policy", "Mode"),
    "PipelineError": ("pipeline.errors", "PipelineError"),
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
