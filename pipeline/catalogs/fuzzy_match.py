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

It is exact, not a heuristic. Seeds give a good first candidate cheaply:
the strings that start or end with the query's first or last 16 bytes (an
edit inside a sentence keeps one of them), then the postings of the rarest
4-grams, within a budget. From the best weight so far, two exact bounds say
which strings could still weigh more: the q-gram lemma (a string within indel
distance d of the query shares at least len - 3 - 4·deletions - 3·insertions
of its 4-gram positions, so by pigeonhole it is in the postings of that many
rarest positions) and length (the indel distance is at least the difference
in length). The cheaper of the two is used (`SCAN_COST`): those postings, or
every string of a possible length, compared in rapidfuzz's C++ with a rising
cut-off. Both are cheap where text has rare 4-grams; on text of a small
vocabulary every query costs a scan of the strings of a possible length.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence

THRESHOLD = 0.6
BONUS = 0.00001  # msgmerge's advantage for a candidate valid in the query's context
SEED_POSITIONS = 6  # rarest 4-gram positions looked up first
SEED_BUDGET = 4096  # candidates those positions may bring (beyond it, a set in Python costs more than it saves)
END = 16  # bytes of a string's start and end that seed the search (an edit elsewhere keeps them)
SCAN_COST = 3  # comparing one string in C++ costs about as much as this many posting entries in Python
_SLACK = 2 * BONUS  # a bonus can lift a weight by this much: prune with that margin
_QGRAM_BOUND = 6 / 7  # below this similarity the q-gram lemma bounds nothing


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
        self.ends: dict[str, list[int]] = {}  # first and last END bytes -> strings: seeds for edits inside a sentence
        for index, key in enumerate(self.keys):
            if len(key) >= 2 * END:
                for end in (key[:END], "\0" + key[-END:]):
                    self.ends.setdefault(end, []).append(index)
        by_length = sorted(range(len(self.keys)), key=lambda i: len(self.keys[i]))
        self.by_length = by_length
        self.keys_by_length = [self.keys[i] for i in by_length]
        self.lengths = [len(key) for key in self.keys_by_length]

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

        def consider(candidates: Iterable[int]) -> None:
            """Weigh the candidates not seen yet, in one rapidfuzz call; keep those within the slack of the best."""
            nonlocal best
            fresh = [i for i in dict.fromkeys(candidates) if i not in seen]
            seen.update(fresh)
            if not fresh:
                return
            floor = max(0.0, best - _SLACK - BONUS)
            scored = self.process.extract(key, [self.keys[i] for i in fresh], scorer=self.similarity, score_cutoff=floor, limit=None)
            for _, score, position in scored:
                index = fresh[position]
                weight = score + (BONUS if self.contexts[index] is None or self.contexts[index] == context else 0.0)
                if weight > best - _SLACK:
                    weights[index] = weight
            best = max([best, *weights.values()])

        # Seeds: strings that start or end like the query, then the rarest 4-grams' strings, within a budget.
        if len(key) >= 2 * END:
            consider([*self.ends.get(key[:END], ()), *self.ends.get("\0" + key[-END:], ())])
        taken, budget = 0, SEED_BUDGET if best <= _QGRAM_BOUND else 0  # a near twin found: the exact bounds are tight already
        for count, position in positions:
            if taken >= SEED_POSITIONS or count > budget:
                break
            consider(self.postings.get(grams[position], ()))
            taken, budget = taken + 1, budget - count
        # Exact from here: every string that could weigh more than the best so far is compared, either through
        # the postings that the q-gram lemma says it must be in, or by a scan of the lengths it could have.
        floor = best - _SLACK
        needed = self._positions_needed(query, key, floor, len(grams))
        low, high = self._window(len(key), floor - BONUS)
        union_cost = sum(count for count, _ in positions[taken:needed]) if needed <= len(positions) else math.inf
        if union_cost <= SCAN_COST * (high - low):
            consider(i for _, position in positions[taken:needed] for i in self.postings.get(grams[position], ()))
        else:
            self._scan_lengths(key, context, grams, weights, low, high)
        return self._choose(weights, grams)

    def _positions_needed(self, query: str, key: str, floor: float, count: int) -> int:
        """How many of the rarest 4-gram positions a candidate weighing more than `floor` must touch (pigeonhole)."""
        if not query.isascii() or floor <= _QGRAM_BOUND:
            return count + 1  # no useful bound: compare everything of a compatible length
        la = len(query)
        shortest = la * floor / (2 - floor)
        # A candidate of length lb shares more than (la + lb)·(3.5·s − 3) − 3 positions; least at the shortest lb.
        must_share = math.floor((la + shortest) * (3.5 * floor - 3) - 3) + 1
        return max(0, count - must_share + 1)

    def _window(self, la: int, floor: float) -> tuple[int, int]:
        """The slice of `by_length` whose lengths allow a similarity over `floor` with a query of `la` bytes
        (the indel distance is at least the difference in length)."""
        import bisect

        floor = max(floor, THRESHOLD - _SLACK)
        shortest, longest = math.ceil(la * floor / (2 - floor)) - 1, math.floor(la * (2 - floor) / floor) + 1
        return bisect.bisect_left(self.lengths, shortest), bisect.bisect_right(self.lengths, longest)

    def _scan_lengths(self, key: str, context: str | None, grams: list[str], weights: dict[int, float], low: int, high: int) -> None:
        """Every candidate whose length allows a weight over the threshold, in C++ (those seen already too: their
        weights are known, so scoring them again changes nothing)."""
        ids, keys = self.by_length[low:high], self.keys_by_length[low:high]
        cutoff = max(max(weights.values(), default=THRESHOLD), THRESHOLD) - _SLACK
        query_grams = set(grams)
        while ids:
            found = self.process.extractOne(key, keys, scorer=self.similarity, score_cutoff=cutoff)  # the cut-off rises as it goes
            if found is None:
                return
            # Every candidate at (or within the bonus of) the best score; then drop those sharing no 4-gram.
            near = [position for _, _, position in self.process.extract(
                key, keys, scorer=self.similarity, score_cutoff=float(found[1]) - _SLACK, limit=None)]
            kept = False
            for position in near:
                index = ids[position]
                if query_grams.intersection(_grams(self.strings[index])):
                    weight = self._weight(key, index, context, 0.0)
                    if weight > THRESHOLD:
                        weights[index] = weight
                        kept = True
            if kept:
                return
            drop = set(near)
            ids = [i for position, i in enumerate(ids) if position not in drop]
            keys = [k for position, k in enumerate(keys) if position not in drop]

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
