"""Find the old msgid most similar to a new one, as msgmerge's fuzzy matching does.

Contract: `SimilarityIndex(strings).best_match(query)` returns the index of the
string whose similarity to `query` is highest and at least `THRESHOLD` (0.6, as
in msgmerge), or None. Similarity is the normalised insertion/deletion
similarity 2·LCS/(len a + len b), the measure of gettext's fstrcmp, computed by
rapidfuzz over every candidate (msgmerge also compares against all of them).
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import Indel

THRESHOLD = 0.6


class SimilarityIndex:
    def __init__(self, strings: list[str]) -> None:
        self.strings = strings

    def best_match(self, query: str) -> int | None:
        if not self.strings:
            return None
        found = process.extractOne(query, self.strings, scorer=Indel.normalized_similarity, score_cutoff=THRESHOLD)
        return None if found is None else found[2]
