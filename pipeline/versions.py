"""Installed versions of the libraries a cache key depends on, found without importing them or `importlib.metadata`.

Contract: `version(distribution, module)` is the version of the installed
distribution `distribution` that provides the importable `module`, read from
the name of the `.dist-info` folder pip writes beside it (`pyyaml-6.0.3.dist-info`);
where there is none (another installer), `importlib.metadata` answers. `None`
when the module is not installed. Answers are kept for the process.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@functools.cache
def _dist_infos(folder: Path) -> dict[str, str]:
    """Normalised distribution name → version, for every `.dist-info` folder in `folder` (listed once)."""
    found = {}
    for info in folder.glob("*.dist-info"):
        name, _, number = info.name.removesuffix(".dist-info").partition("-")
        found[_normalised(name)] = number
    return found


@functools.cache
def version(distribution: str, module: str) -> str | None:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    origin = Path(spec.origin)
    folder = origin.parent.parent if spec.submodule_search_locations else origin.parent
    found = _dist_infos(folder).get(_normalised(distribution))
    if found is not None:
        return found
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
