"""The leaflet's body type: size and leading (a module of its own, so the build's no-op path imports no layout code)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Typography:
    """Body type size (pt) and leading (line height as a multiple of the size)."""

    size: float
    leading: float
