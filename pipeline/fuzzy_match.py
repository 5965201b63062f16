"""Find the old msgid most similar to a new one, as msgmerge's fuzzy matching does.

Contract: `SimilarityIndex(strings).best_match(query)` returns the index of the
string whose similarity to `query` is highest and at least `THRESHOLD` (0.6, as
in msgmerge), or None. Similarity is difflib's ratio 2·M/T, close to gettext's
fstrcmp. Unlike msgmerge, which compares against every old message, candidates
are first narrowed to those sharing distinctive words with the query, so an
update of tens of thousands of entries stays fast.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict

THRESHOLD = 0.6
CANDIDATES = 12
_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


class SimilarityIndex:
    def __init__(self, strings: list[str]) -> None:
        self.strings = strings
        self.postings: dict[str, list[int]] = defaultdict(list)
        for number, text in enumerate(strings):
            for word in _words(text):
                self.postings[word].append(number)
        self.common = max(50, len(strings) // 20)

    def _candidates(self, query: str) -> list[int]:
        scores: dict[int, float] = defaultdict(float)
        words = _words(query)
        distinctive = [w for w in words if 0 < len(self.postings.get(w, ())) <= self.common]
        for word in distinctive or words:
            postings = self.postings.get(word, ())
            weight = 1.0 / len(postings) if postings else 0.0
            for number in postings:
                scores[number] += weight
        return sorted(scores, key=lambda n: (-scores[n], n))[:CANDIDATES]

    def best_match(self, query: str) -> int | None:
        best, best_ratio = None, THRESHOLD
        for number in sorted(self._candidates(query)):
            matcher = difflib.SequenceMatcher(None, query, self.strings[number], autojunk=False)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio or (ratio == best_ratio and best is None):
                best, best_ratio = number, ratio
        return best
