"""Benchmark: sentence boundaries on a small labelled sample in many languages, by segmenter.

Reads tests/catalogs/sentence_samples/labelled.json (paragraphs with their
sentences, written for this project) and scores, per language, how many
paragraphs each segmenter splits exactly as labelled, and the boundary
precision and recall, for:
  - before: pysbd looked up with the full code, English rules for any language it lacks
    (what the pipeline did before issue 12);
  - pysbd: pysbd with its own rules where it has them after normalising the code, English otherwise;
  - icu: ICU's sentence BreakIterator (with abbreviation suppressions) for every language;
  - pipeline: what `split_sentences` does now (pysbd where it has rules, ICU elsewhere,
    boundaries only after sentence-final punctuation).
Run: .venv/bin/python benchmarks/bench_sentences.py
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable
from pathlib import Path

import icu
import pysbd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.catalogs.sentences import PYSBD_LANGUAGES, UNSPACED_LANGUAGES, rules_language, split_sentences  # noqa: E402

SAMPLE = REPO / "tests" / "catalogs" / "sentence_samples" / "labelled.json"


def _pysbd(lang: str, text: str) -> list[str]:
    return [s.strip() for s in pysbd.Segmenter(language=lang, clean=False).segment(text) if s.strip()]


def before(lang: str, text: str) -> list[str]:
    return _pysbd(lang if lang in PYSBD_LANGUAGES else "en", text)


def pysbd_rules(lang: str, text: str) -> list[str]:
    base = rules_language(lang)
    return _pysbd(base if base in PYSBD_LANGUAGES else "en", text)


def icu_only(lang: str, text: str) -> list[str]:
    iterator = icu.BreakIterator.createSentenceInstance(icu.Locale(f"{rules_language(lang)}@ss=standard"))
    iterator.setText(text)
    bounds = [0, *iterator]
    return [text[a:b].strip() for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


def cuts(sentences: list[str]) -> set[int]:
    out, total = set(), 0
    for sentence in sentences[:-1]:
        total += len(sentence)
        out.add(total)
    return out


def main() -> None:
    data = {k: v for k, v in json.loads(SAMPLE.read_text(encoding="utf-8")).items() if not k.startswith("_")}
    methods: dict[str, Callable[[str, str], list[str]]] = {
        "before": before, "pysbd": pysbd_rules, "icu": icu_only, "pipeline": lambda lang, text: split_sentences(text, lang),
    }
    print(f"{'lang':8}" + "".join(f"{name:>22}" for name in methods))
    totals = {name: [0, 0, 0, 0, 0] for name in methods}  # exact, paragraphs, true cuts found, cuts proposed, cuts labelled
    for lang, cases in data.items():
        row = f"{lang:8}"
        for name, method in methods.items():
            exact = found = proposed = labelled = 0
            for case in cases:
                text = ("" if rules_language(lang) in UNSPACED_LANGUAGES else " ").join(case)
                got = method(lang, text)
                exact += got == case
                want, have = cuts([s.replace(" ", "") for s in case]), cuts([s.replace(" ", "") for s in got])
                found += len(want & have)
                proposed += len(have)
                labelled += len(want)
            t = totals[name]
            for i, v in enumerate((exact, len(cases), found, proposed, labelled)):
                t[i] += v
            row += f"{exact:>8}/{len(cases)} P{found / proposed if proposed else 1:.2f} R{found / labelled if labelled else 1:.2f}"
        print(row)
    print(f"{'all':8}" + "".join(
        f"{t[0]:>7}/{t[1]} P{t[2] / t[3] if t[3] else 1:.2f} R{t[2] / t[4] if t[4] else 1:.2f}" for t in totals.values()
    ))


if __name__ == "__main__":
    main()
