"""Find the old msgid most similar to a new one, with the answer `msgmerge --previous` gives.

Contract: `SimilarityIndex(strings, contexts).best_matches([(query, context), ...])`
returns, for each query, the index of the string msgmerge (gettext 0.21,
msgl-fsearch.c and fstrcmp.c) would choose, or None (`best_match` is one query):
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
4-grams, within a budget. From the best weight so far, three exact bounds say
which strings could still weigh more:
- the q-gram lemma: a string within indel distance d of the query shares at
  least len - 3 - 4·deletions - 3·insertions of its 4-gram positions, so by
  pigeonhole it is in the postings of that many rarest positions;
- length: the indel distance is at least the difference in length;
- bytes: the LCS is at most the sum over byte values of the smaller count
  (counted in 64 classes, `byte & 63`: merging classes only loosens it).
The q-gram postings are used when they are cheaper than the strings of a
possible length (`SCAN_COST`); otherwise those strings' byte counts are
compared in numpy and the survivors scored in rapidfuzz's C++ with a rising
cut-off. A query whose survivors are most of its length window (a new sentence
in text of a small vocabulary, whose best weight is near the threshold) is
deferred: the deferred queries are scored in batches against their windows by
one multi-threaded rapidfuzz `cdist` per batch, on every core.
"""

from __future__ import annotations

import bisect
import math
import os
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

THRESHOLD = 0.6
BONUS = 0.00001  # msgmerge's advantage for a candidate valid in the query's context
SEED_POSITIONS = 6  # rarest 4-gram positions looked up first
SEED_BUDGET = 4096  # candidates those positions may bring (beyond it, a set in Python costs more than it saves)
END = 16  # bytes of a string's start and end that seed the search (an edit elsewhere keeps them)
SCAN_COST = 3  # comparing one string in C++ costs about as much as this many posting entries in Python
CLASSES = 64  # byte classes of the byte-count bound (byte & 63)
SAMPLE = 1024  # window strings whose byte-count bound estimates how many would survive it
DEFER_SHARE = 0.5  # defer a query to the batched scoring when more than this share of its window survives
BATCH = 32  # deferred queries scored in one cdist call (a BATCH × window matrix of int32)
_SLACK = 2 * BONUS  # a bonus can lift a weight by this much: prune with that margin
_MARGIN = 1e-9  # numpy's bounds and weights are rounded differently from rapidfuzz's: keep, never drop, at the edge
_QGRAM_BOUND = 6 / 7  # below this similarity the q-gram lemma bounds nothing


def _bytes_view(text: str) -> str:
    """One character per UTF-8 byte, so rapidfuzz measures what fstrcmp measures."""
    return text if text.isascii() else text.encode("utf-8").decode("latin-1")


def _grams(text: str) -> list[str]:
    return [text[i : i + 4] for i in range(len(text) - 3)]


@dataclass
class _Query:
    """One query's search: the weights found so far (within the slack of the best) and the strings weighed."""

    text: str
    key: str
    context: str | None
    grams: list[str]
    best: float = THRESHOLD
    weights: dict[int, float] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)


class SimilarityIndex:
    """The indexes are built (and rapidfuzz and numpy imported) on the first query: a merge with nothing new to match pays nothing."""

    def __init__(self, strings: Sequence[str], contexts: Sequence[str | None] | None = None) -> None:
        self.strings = list(strings)
        self.contexts = list(contexts) if contexts is not None else [None] * len(self.strings)
        self.built = False

    def _build(self) -> None:
        import numpy
        from rapidfuzz import process
        from rapidfuzz.distance import Indel, LCSseq

        self.numpy, self.process, self.similarity, self.lcs = numpy, process, Indel.normalized_similarity, LCSseq.similarity
        self.workers = len(os.sched_getaffinity(0))
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
        self.length_array = numpy.array(self.lengths, dtype=numpy.int64)
        self.counts = self._byte_counts()
        self.context_numbers: dict[str | None, int] = {None: 0}
        self.context_array = numpy.array(
            [self.context_numbers.setdefault(self.contexts[i], len(self.context_numbers)) for i in by_length], dtype=numpy.int32)

    def _byte_counts(self) -> Any:
        """Per string (in `by_length` order), how many of its bytes fall in each of the CLASSES classes."""
        np = self.numpy
        dtype = np.uint16 if not self.lengths or self.lengths[-1] < 2**16 else np.uint32
        counts = np.zeros((len(self.keys_by_length), CLASSES), dtype=dtype)
        step = 4096
        for start in range(0, len(self.keys_by_length), step):
            chunk = self.keys_by_length[start : start + step]
            data = np.frombuffer("".join(chunk).encode("latin-1"), dtype=np.uint8) & (CLASSES - 1)
            rows = np.repeat(np.arange(len(chunk), dtype=np.int64), self.length_array[start : start + len(chunk)])
            counts[start : start + len(chunk)] = np.bincount(rows * CLASSES + data, minlength=len(chunk) * CLASSES).reshape(-1, CLASSES)
        return counts

    def best_match(self, query: str, context: str | None = None) -> int | None:
        return self.best_matches([(query, context)])[0]

    def best_matches(self, queries: Sequence[tuple[str, str | None]]) -> list[int | None]:
        answers: list[int | None] = [None] * len(queries)
        deferred: list[tuple[int, _Query, int, int]] = []
        for number, (text, context) in enumerate(queries):
            if not self.strings or not text:
                continue
            if not self.built:
                self._build()
            key = _bytes_view(text)
            grams = _grams(text)
            if not grams:
                answers[number] = self._best_short(key, context)
                continue
            query = _Query(text, key, context, grams)
            window = self._search(query)
            if window is None:
                answers[number] = self._choose(query)
            else:
                query.seen.clear()  # thousands of ints a query: a batch rescores its window anyway
                deferred.append((number, query, *window))
        deferred.sort(key=lambda item: item[2:])
        for start in range(0, len(deferred), BATCH):
            batch = deferred[start : start + BATCH]
            self._score_batch([(query, low, high) for _, query, low, high in batch])
            for number, query, _, _ in batch:
                answers[number] = self._choose(query)
        return answers

    def _consider(self, query: _Query, candidates: Iterable[int]) -> None:
        """Weigh the candidates not seen yet, in one rapidfuzz call; keep those within the slack of the best."""
        fresh = [i for i in dict.fromkeys(candidates) if i not in query.seen]
        query.seen.update(fresh)
        if not fresh:
            return
        floor = max(0.0, query.best - _SLACK - BONUS)
        scored = self.process.extract(query.key, [self.keys[i] for i in fresh], scorer=self.similarity, score_cutoff=floor, limit=None)
        for _, score, position in scored:
            index = fresh[position]
            weight = score + (BONUS if self.contexts[index] is None or self.contexts[index] == query.context else 0.0)
            if weight > query.best - _SLACK:
                query.weights[index] = weight
        query.best = max([query.best, *query.weights.values()])

    def _search(self, query: _Query) -> tuple[int, int] | None:
        """Seed, then complete exactly; or return the length window to score in a batch."""
        grams = query.grams
        # Rarest first; a 4-gram no candidate has costs nothing and can be shared by none.
        positions = sorted((len(self.postings.get(g, ())), i) for i, g in enumerate(grams))
        if not positions[-1][0]:
            return None
        # Seeds: strings that start or end like the query, then the rarest 4-grams' strings, within a budget.
        key = query.key
        if len(key) >= 2 * END:
            self._consider(query, [*self.ends.get(key[:END], ()), *self.ends.get("\0" + key[-END:], ())])
        taken, budget = 0, SEED_BUDGET if query.best <= _QGRAM_BOUND else 0  # a near twin found: the exact bounds are tight already
        for count, position in positions:
            if taken >= SEED_POSITIONS or count > budget:
                break
            self._consider(query, self.postings.get(grams[position], ()))
            taken, budget = taken + 1, budget - count
        # Exact from here: every string that could weigh more than the best so far is compared, either through
        # the postings that the q-gram lemma says it must be in, or through the strings of a possible length.
        floor = query.best - _SLACK
        needed = self._positions_needed(query.text, floor, len(grams))
        low, high = self._window(len(key), floor - BONUS)
        union_cost = sum(count for count, _ in positions[taken:needed]) if needed <= len(positions) else math.inf
        if union_cost <= SCAN_COST * (high - low):
            self._consider(query, (i for _, position in positions[taken:needed] for i in self.postings.get(grams[position], ())))
            return None
        own = self._own_counts(query)
        if self._survivors(own, len(key), low, high, floor, sample=True) > DEFER_SHARE * (high - low):
            return low, high
        survivors = self._survivors(own, len(key), low, high, floor)
        self._scan(query, [self.by_length[low + p] for p in survivors])
        return None

    def _own_counts(self, query: _Query) -> Any:
        """The query's byte counts per class, clipped to the table's type (the table's counts never exceed it)."""
        np = self.numpy
        own = np.bincount(np.frombuffer(query.key.encode("latin-1"), dtype=np.uint8) & (CLASSES - 1), minlength=CLASSES)
        return np.minimum(own, np.iinfo(self.counts.dtype).max).astype(self.counts.dtype)

    def _survivors(self, own: Any, la: int, low: int, high: int, floor: float, sample: bool = False) -> Any:
        """Positions in the window [low, high) of `by_length` whose byte counts allow a query of `la` bytes with
        counts `own` a weight over `floor`; with `sample`, an estimate of how many they are, from SAMPLE
        strings spread over the window."""
        np = self.numpy
        step = max(1, (high - low) // SAMPLE) if sample else 1
        shared = np.minimum(self.counts[low:high:step], own).sum(axis=1)
        bound = 2 * shared / (la + self.length_array[low:high:step]) + BONUS
        kept = np.flatnonzero(bound > floor - _MARGIN)
        return len(kept) * step if sample else kept

    def _positions_needed(self, query: str, floor: float, count: int) -> int:
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
        floor = max(floor, THRESHOLD - _SLACK)
        shortest, longest = math.ceil(la * floor / (2 - floor)) - 1, math.floor(la * (2 - floor) / floor) + 1
        return bisect.bisect_left(self.lengths, shortest), bisect.bisect_right(self.lengths, longest)

    def _shares_gram(self, query: _Query, index: int) -> bool:
        return not set(query.grams).isdisjoint(_grams(self.strings[index]))

    def _scan(self, query: _Query, ids: list[int]) -> None:
        """Score the candidates `ids` in C++ with a rising cut-off, keeping the best that share a 4-gram (those seen
        already too: their weights are known, so scoring them again changes nothing)."""
        keys = [self.keys[i] for i in ids]
        cutoff = max(max(query.weights.values(), default=THRESHOLD), THRESHOLD) - _SLACK
        while ids:
            found = self.process.extractOne(query.key, keys, scorer=self.similarity, score_cutoff=cutoff)  # the cut-off rises as it goes
            if found is None:
                return
            # Every candidate at (or within the bonus of) the best score; then drop those sharing no 4-gram.
            near = [position for _, _, position in self.process.extract(
                query.key, keys, scorer=self.similarity, score_cutoff=float(found[1]) - _SLACK, limit=None)]
            if self._keep_sharing(query, [ids[position] for position in near]):
                return
            drop = set(near)
            ids = [i for position, i in enumerate(ids) if position not in drop]
            keys = [k for position, k in enumerate(keys) if position not in drop]

    def _keep_sharing(self, query: _Query, ids: Iterable[int]) -> bool:
        """Record the weights of those of `ids` that share a 4-gram with the query; whether any did."""
        kept = False
        for index in ids:
            if self._shares_gram(query, index):
                weight = self._weight(query.key, index, query.context, 0.0)
                if weight > THRESHOLD:
                    query.weights[index] = weight
                    kept = True
        return kept

    def _score_batch(self, batch: list[tuple[_Query, int, int]]) -> None:
        """Score each query against its whole window (the strings of a possible length), many queries per
        multi-threaded rapidfuzz call; keep, per query, the heaviest candidates that share a 4-gram."""
        np = self.numpy
        start, stop = min(low for _, low, _ in batch), max(high for _, _, high in batch)
        matrix = self.process.cdist([query.key for query, _, _ in batch], self.keys_by_length[start:stop],
                                    scorer=self.lcs, dtype=np.int32, workers=self.workers)
        for row, (query, low, high) in zip(matrix, batch):
            total = len(query.key) + self.length_array[low:high]
            contexts = self.context_array[low:high]
            own = self.context_numbers.get(query.context, -1)
            weights = 1.0 - (total - 2 * row[low - start : high - start]) / total + BONUS * ((contexts == 0) | (contexts == own))
            floor = max(query.best - _SLACK, THRESHOLD)
            picked = np.flatnonzero(weights > floor - _MARGIN)
            order = picked[np.argsort(-weights[picked], kind="stable")]
            top = None
            for position in order.tolist():
                if top is not None and weights[position] < top - _SLACK - _MARGIN:
                    break
                index = self.by_length[low + position]
                if self._keep_sharing(query, [index]) and top is None:
                    top = float(weights[position])

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

    def _weight(self, key: str, index: int, context: str | None, cutoff: float) -> float:
        bonus = BONUS if self.contexts[index] is None or self.contexts[index] == context else 0.0
        score = self.similarity(key, self.keys[index], score_cutoff=max(0.0, cutoff - bonus))
        return score + bonus if score else 0.0

    def _choose(self, query: _Query) -> int | None:
        """The heaviest candidate; among equals, the most shared 4-gram positions, then the earliest."""
        weights = query.weights
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
            return sum(1 for gram in query.grams if gram in own)

        return min(tied, key=lambda i: (-shared(i), i))
