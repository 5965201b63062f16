"""What the project holds: its statements and the catalog domains built from them.

Contract: `load_statements(config)` segments every `sources/*.md` (SourceError on
bad input); `catalog_domains(config)` lists every gettext domain the project
keeps — one per statement, plus the leaflet template's own words — each with its
segments, so `pot`, `update`, `translate` and `check` all see the same set.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.catalogs.sources import load_source
from pipeline.catalogs.template_words import DOMAIN as TEMPLATE_DOMAIN
from pipeline.catalogs.template_words import template_segments
from pipeline.config import Config
from pipeline.model import Segment, SourceDocument


@dataclass(frozen=True)
class Domain:
    name: str  # the catalog's file stem: locales/<name>.pot
    title: str
    segments_of: Callable[[], tuple[Segment, ...]] = field(repr=False, compare=False)

    @functools.cached_property
    def segments(self) -> tuple[Segment, ...]:
        """Made on first use: a gate that the last update's stamp vouches for never needs them (the template's
        words need Babel's language names)."""
        return self.segments_of()


def _already(segments: tuple[Segment, ...]) -> Callable[[], tuple[Segment, ...]]:
    return lambda: segments


def load_statements(config: Config, store: bool = True) -> list[SourceDocument]:
    return [load_source(path, config, store) for path in config.source_paths()]


def catalog_domains(config: Config, statements: list[SourceDocument] | None = None, store: bool = True) -> list[Domain]:
    """`store=False`: read the segmentation cache, never write it (the gate)."""
    docs = load_statements(config, store) if statements is None else statements
    domains = [Domain(doc.slug, str(doc.meta["title"]), _already(doc.segments)) for doc in docs]
    return [*domains, Domain(TEMPLATE_DOMAIN, "the leaflet template", lambda: tuple(template_segments(config)))]
