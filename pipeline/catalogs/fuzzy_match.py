"""Find the old msgid most similar to a new one, with the answer `msgmerge --previous` gives.

Contract: `SimilarityIndex(strings, contexts).best_match(query, context)`
returns the index of the string msgmerge (gettext 0.21, msgl-fsearch.c and
fstrcmp.c) would choose, or None:
- the weight of a candidate is fstrcmp's similarity 2·LCS/(len a + len b)
  computed on the UTF-8 bytes, plus 0.00001 when the candidate has no msgctxt
  or the query's own; a candidate must weigh more than `THRESHOLD` (0.6);
- only candidates sharing at least one character 4-gram with the query count
  (a query under 4 characters is compared with every string of a compatible
  byte length instead);
- among equal weights, the candidate sharing the most 4-gram positions wins,
  then the earliest one.

It is exact, not a heuristic, and fast where edits are small: the rarest
4-grams of the query give a first, good candidate; the q-gram lemma then says
how many 4-gram positions a better candidate must share (a string within
indel distance d of the query shares at least len - 3 - 4·deletions -
3·insertions of its 4-gram positions), so by pigeonhole only the postings of
that many rarest positions need looking at. Without a good first candidate
(a new sentence), every candidate of a compatible length is compared, in
rapidfuzz's C++ with a rising cut-off.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence

THRESHOLD = 0.6
BONUS = 0.00001  # msgmerge's advantage for a candidate valid in the query's context
SEED_POSITIONS = 6  # rarest 4-gram positions looked up first
_SLACK = 2 * BONUS  # a bonus can lift a weight by this much: prune with that margin


def _bytes_view(text: str) -> str:
    """One character per UTF-8 byte, so rapidfuzz measures what fstrcmp measures."""
    return text if text.isascii() else text.encode("utf-8").decode("latin-1")


def _grams(text: str) -> list[str]:
    return [text[i : i + 4] for i in range(len(text) - 3)]


class SimilarityIndex:
    """The 4-gram index is built (and rapidfuzz imported) on the first query: a merge with nothing new to match pays nothing."""

    def __init__(self, strings: Sequence[str], contexts: Sequence[str | None] | None = None) -> None:
        self.strings = list(strings)
        self.contexts = list(contexts) if contexts is not None else [None] * len(self.strings)
        self.built = False

    def _build(self) -> None:
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        self.process, self.similarity = process, Indel.normalized_similarity
        self.built = True
        self.keys = [_bytes_view(s) for s in self.strings]
        self.postings: dict[str, array[int]] = {}  # 4 bytes an entry: 80,000 strings hold ~8 million
        self.short: dict[int, list[int]] = {}
        for index, text in enumerate(self.strings):
            if len(text) < 4:
                self.short.setdefault(len(self.keys[index]), []).append(index)
                continue
            for gram in dict.fromkeys(_grams(text)):
                found = self.postings.get(gram)
                if found is None:
                    self.postings[gram] = found = array("I")
                found.append(index)
        by_length = sorted(range(len(self.keys)), key=lambda i: len(self.keys[i]))
        self.by_length = by_length
        self.lengths = [len(self.keys[i]) for i in by_length]

    def _weight(self, key: str, index: int, context: str | None, cutoff: float) -> float:
        bonus = BONUS if self.contexts[index] is None or self.contexts[index] == context else 0.0
        score = self.similarity(key, self.keys[index], score_cutoff=max(0.0, cutoff - bonus))
        return score + bonus if score else 0.0

    def best_match(self, query: str, context: str | None = None) -> int | None:
        if not self.strings or not query:
            return None
        if not self.built:
            self._build()
        key = _bytes_view(query)
        grams = _grams(query)
        if not grams:
            return self._best_short(key, context)
        # Rarest first; a 4-gram no candidate has costs nothing and can be shared by none.
        positions = sorted((len(self.postings.get(g, ())), i) for i, g in enumerate(grams))
        if not positions[-1][0]:
            return None
        seen: set[int] = set()
        weights: dict[int, float] = {}
        best = THRESHOLD

        def consider(candidates: set[int]) -> None:
            nonlocal best
            for index in candidates - seen:
                seen.add(index)
                weight = self._weight(key, index, context, best - _SLACK)
                if weight > best - _SLACK:
                    weights[index] = weight
                    best = max(best, weight)

        taken = 0
        for count, position in positions:
            if taken >= SEED_POSITIONS and count:
                break
            consider(set(self.postings.get(grams[position], ())))
            taken += 1
        needed = self._positions_needed(query, key, best - _SLACK, len(grams))
        if needed > len(positions):
            self._scan_lengths(key, context, grams, seen, weights)
        elif needed > taken:
            union: set[int] = set()
            for _, position in positions[taken:needed]:
                union.update(self.postings.get(grams[position], ()))
            consider(union)
        return self._choose(weights, grams)

    def _positions_needed(self, query: str, key: str, floor: float, count: int) -> int:
        """How many of the rarest 4-gram positions a candidate weighing more than `floor` must touch (pigeonhole)."""
        if not query.isascii() or floor <= 6 / 7:
            return count + 1  # no useful bound: compare everything of a compatible length
        la = len(query)
        shortest = la * floor / (2 - floor)
        # A candidate of length lb shares more than (la + lb)·(3.5·s − 3) − 3 positions; least at the shortest lb.
        must_share = math.floor((la + shortest) * (3.5 * floor - 3) - 3) + 1
        return max(0, count - must_share + 1)

    def _scan_lengths(self, key: str, context: str | None, grams: list[str], seen: set[int], weights: dict[int, float]) -> None:
        """Every candidate whose length allows a weight over the threshold, in C++."""
        import bisect

        la = len(key)
        ratio = 2 / THRESHOLD - 1
        low = bisect.bisect_left(self.lengths, math.ceil(la / ratio) - 1)
        high = bisect.bisect_right(self.lengths, math.floor(la * ratio) + 1)
        window = [i for i in self.by_length[low:high] if i not in seen]
        best = max(weights.values(), default=THRESHOLD)
        cutoff = best - _SLACK
        while window:
            found = self.process.extractOne(key, [self.keys[i] for i in window], scorer=self.similarity, score_cutoff=max(cutoff, THRESHOLD - _SLACK))
            if found is None:
                break
            score = float(found[1])
            # Every candidate at (or within the bonus of) the best score; then drop those sharing no 4-gram.
            near = self.process.extract(key, [self.keys[i] for i in window], scorer=self.similarity, score_cutoff=score - _SLACK, limit=None)
            query_grams = set(grams)
            kept = False
            for _, _, position in near:
                index = window[position]
                if query_grams.intersection(_grams(self.strings[index])):
                    weight = self._weight(key, index, context, 0.0)
                    if weight > THRESHOLD:
                        weights[index] = weight
                        kept = True
            if kept:
                break
            drop = {window[position] for _, _, position in near}
            window = [i for i in window if i not in drop]

    def _best_short(self, key: str, context: str | None) -> int | None:
        la = len(key)
        ratio = 2 / THRESHOLD - 1
        best, found = THRESHOLD, None
        for length in range(math.ceil(la / ratio), math.floor(la * ratio) + 1):
            for index in self.short.get(length, ()):
                weight = self._weight(key, index, context, best)
                if weight > best:
                    best, found = weight, index
        return found

    def _choose(self, weights: dict[int, float], grams: list[str]) -> int | None:
        """The heaviest candidate; among equals, the most shared 4-gram positions, then the earliest."""
        if not weights:
            return None
        top = max(weights.values())
        if top <= THRESHOLD:
            return None
        tied = [i for i, w in weights.items() if w == top]
        if len(tied) == 1:
            return tied[0]

        def shared(index: int) -> int:
            own = set(_grams(self.strings[index]))
            return sum(1 for gram in grams if gram in own)

        return min(tied, key=lambda i: (-shared(i), i))
