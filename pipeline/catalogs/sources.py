"""Statements: a Markdown file with YAML front matter, read and segmented.

Contract: `load_source(path, config)` reads `sources/<slug>.md` (YAML front
matter, then CommonMark) and returns a `SourceDocument` whose segments are the
translatable front-matter fields and every sentence of every heading,
paragraph, list item and block quote, in reading order. Code blocks are not
extracted. A msgid is the sentence's Markdown source with its whitespace
collapsed, so re-wrapping a paragraph never changes a msgid; inline markup
stays as Markdown. Front matter may hold only the fields in `FIELDS` (a
misspelt one gets a did-you-mean), each checked by its rule, with `title` and
`date` required; dates are real dates written YYYY-MM-DD. Errors are
`SourceError(path, line, message)`; nothing here prints. An unchanged source is
not segmented again: the result is kept in `build/cache/segments/` (see
`segment_cache`), and an edited one is segmented again only in the paragraphs
that changed (many new paragraphs are segmented on every core); `store=False`
only reads the cache (the gate writes nothing).
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.catalogs import segment_cache
from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.model import SourceDocument


def load_source(path: Path, config: Config, store: bool = True) -> SourceDocument:
    """Read and segment one statement (or take it from the cache); raise SourceError (file and line) on bad input."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, 0, f"cannot read: {exc.strerror}") from exc
    digest = segment_cache.key(path, data, config)
    doc = segment_cache.load(config, path, digest)
    if doc is None:
        from pipeline.catalogs.segmenting import segment  # YAML, Markdown and sentence rules: only on a miss
        from pipeline.catalogs.sentences import PARALLEL_MIN, CutsMemo, remembered

        memo = CutsMemo(segment_cache.load_cuts(config, path))
        jobs = len(os.sched_getaffinity(0))
        if jobs > 1 and data.count(b"\n\n") - len(memo.known) >= PARALLEL_MIN:  # many new paragraphs, more than one core
            with memo.listing():  # a first pass, to learn which paragraphs to segment
                segment(path, data, config)
            memo.segment_wanted(jobs)
        with remembered(memo):  # paragraphs unchanged since the last segmentation keep their boundaries
            doc = segment(path, data, config)
        if store:
            segment_cache.store(config, path, digest, doc)
            segment_cache.store_cuts(config, path, memo.used)
    return doc
