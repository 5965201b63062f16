"""Sentence splitting in any language (issue 12, item 3): codes normalised, ICU where pysbd has no rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import run_pipeline

from pipeline.catalogs.sentences import UNSPACED_LANGUAGES, joining_separators, rules_language, sentence_spans, split_sentences

SAMPLE = Path(__file__).parent / "sentence_samples" / "labelled.json"
# Labelled cases the splitter is known to get wrong (see benchmarks/bench_sentences.py):
# ICU cuts Korean after a quoted exclamation, and knows no Portuguese "Sr.".
KNOWN_WRONG = {("ko", 2), ("pt_BR", 0)}


def _cases() -> list[tuple[str, int, list[str]]]:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return [(lang, n, case) for lang, cases in data.items() if not lang.startswith("_") for n, case in enumerate(cases)]


@pytest.mark.parametrize(("lang", "number", "sentences"), _cases(), ids=lambda v: v if isinstance(v, str) else None)
def test_labelled_sample_splits_as_labelled(lang: str, number: int, sentences: list[str]) -> None:
    text = ("" if rules_language(lang) in UNSPACED_LANGUAGES else " ").join(sentences)
    got = split_sentences(text, lang)
    if (lang, number) in KNOWN_WRONG:
        assert got != sentences  # when this starts passing, move the case out of KNOWN_WRONG
    else:
        assert got == sentences


@pytest.mark.parametrize(("code", "rules"), [("zh_Hans", "zh"), ("zh-Hant-TW", "zh"), ("pt_BR", "pt"), ("pt-BR", "pt"), ("sr@latin", "sr"), ("EN", "en")])
def test_codes_are_reduced_to_their_language(code: str, rules: str) -> None:
    assert rules_language(code) == rules


def test_arabic_is_never_cut_at_a_comma() -> None:
    text = "أضرب العمال، وطالبوا بأجور عادلة، ورفضوا الحرب. وتضامنت النقابات."
    assert split_sentences(text, "ar") == ["أضرب العمال، وطالبوا بأجور عادلة، ورفضوا الحرب.", "وتضامنت النقابات."]


def test_thai_without_sentence_punctuation_stays_one_segment() -> None:
    assert split_sentences("เราต้องการสันติภาพ หยุดสงคราม", "th") == ["เราต้องการสันติภาพ หยุดสงคราม"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Look at this ![photo](p.png) now. Yes.", ["Look at this ![photo](p.png) now.", "Yes."]),
        ("Wow!Really. Ok <!-- x --> yes.", ["Wow!Really.", "Ok <!-- x --> yes."]),
        ("Prices rose 3.5% today. Then fell.", ["Prices rose 3.5% today.", "Then fell."]),
        ("Merci\u00a0! Il faut partir\u202f; vite.", ["Merci\u00a0!", "Il faut partir\u202f; vite."]),
    ],
)
def test_no_boundary_without_a_space_or_inside_markup(text: str, expected: list[str]) -> None:
    lang = "fr" if "Merci" in text else "en"
    assert split_sentences(text, lang) == expected


def test_a_hard_line_break_is_not_a_sentence_boundary() -> None:
    text = "First line.\\\nSecond line. Third."
    assert [text[a:b] for a, b in sentence_spans(text, "en")] == ["First line.\\\nSecond line.", "Third."]


def test_cjk_sentences_join_without_a_space_and_others_keep_the_source_separator() -> None:
    assert joining_separators(["我们要和平。", "停止战争！"], [" "], "zh_Hans") == [""]
    assert joining_separators(["Untranslated.", "停止战争！"], [" "], "zh") == [" "]
    assert joining_separators(["우리는 평화를 원합니다.", "전쟁을 멈추세요!"], [" "], "ko") == [" "]
    assert joining_separators(["Uno.", "Dos."], ["  "], "es") == ["  "]


def test_sentences_command_uses_the_same_rules(project: Path) -> None:
    result = run_pipeline(project, "sentences", "--lang", "bn", stdin="আমরা শান্তি চাই। যুদ্ধ বন্ধ করো!\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["আমরা শান্তি চাই।", "যুদ্ধ বন্ধ করো!"]
    result = run_pipeline(project, "sentences", "--lang", "ar", stdin="نريد السلام، ونرفض الحرب. هل ستأتي؟\n")
    assert result.stdout.splitlines() == ["نريد السلام، ونرفض الحرب.", "هل ستأتي؟"]
