"""Quality checks that know scripts (issue 12, item 5): numerals, punctuation and joiners of every script."""

from __future__ import annotations

import pytest

from pipeline.gate import quality as qa


def problems(check: str, source: str, target: str, lang: str) -> list[str]:
    return [p.message for p in qa.CHECKS[check](qa.Pair(source, target, lang))]


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Article 1 guarantees the right to strike.", "第一条保障罢工的权利。", "zh_Hans"),
        ("Article 1 guarantees the right to strike.", "L’article premier garantit le droit de grève.", "fr"),
        ("Article 2 guarantees the right to strike.", "סעיף ב׳ מבטיח את זכות השביתה.", "he"),
        ("Article 2 guarantees the right to strike.", "סעיף ב' מבטיח את זכות השביתה.", "he"),
        ("Article 3 guarantees the right to strike.", "አንቀጽ ፫ የሥራ ማቆም መብትን ያረጋግጣል።", "am"),
        ("Article 4 guarantees the right to strike.", "Article IV garantit le droit de grève.", "fr"),
        ("In 2026, 1,500 workers struck.", "২০২৬ সালে ১,৫০০ শ্রমিক ধর্মঘট করেন।", "bn"),
        ("In 2026, 1,500 workers struck.", "في عام ٢٠٢٦، أضرب ١٬٥٠٠ عامل.", "ar"),
        ("In 2026, 1,500 workers struck.", "En 2026, 1 500 travailleurs ont fait grève.", "fr"),
        ("In 2026, 1,500 workers struck.", "En 2026, 1.500 trabajadores hicieron huelga.", "es"),
        ("In 2026, 1,500 workers struck.", "ในปี ๒๐๒๖ คนงาน ๑,๕๐๐ คนนัดหยุดงาน", "th"),
        ("In 2026, 1,500 workers struck.", "2026 में 1,500 मज़दूरों ने हड़ताल की।", "hi"),
        ("It cost 150,000 rupees.", "इसकी कीमत १,५०,००० रुपये थी।", "hi"),
        ("Prices rose 3.5%.", "Les prix ont augmenté de 3,5 %.", "fr"),
    ],
)
def test_correct_numbering_and_numerals_pass(source: str, target: str, lang: str) -> None:
    assert problems("numbers", source, target, lang) == []


@pytest.mark.parametrize(
    ("source", "target", "lang", "message"),
    [
        ("In 2026, 1,500 workers struck.", "২০২৫ সালে ১,৫০০ শ্রমিক ধর্মঘট করেন।", "bn", "number missing in translation: 2026"),
        ("Article 2 guarantees it.", "第一条保障它。", "zh", "number missing in translation: 2"),
        ("It cost 150,000 rupees.", "इसकी कीमत १,५०,०० रुपये थी।", "hi", "number missing in translation: 150000"),
    ],
)
def test_wrong_numbers_still_fail(source: str, target: str, lang: str, message: str) -> None:
    assert message in problems("numbers", source, target, lang)


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("We demand bread; peace follows;", "Exigimos pan; la paz sigue;", "es"),
        ("We demand bread;", "我们要面包；", "zh"),
        ("We demand bread;", "نطالب بالخبز؛", "ar"),
        ("Will you come?", "هل ستأتي؟", "ar"),
        ("Will you come?", "Θα έρθεις;", "el"),
        ("We want peace.", "আমরা শান্তি চাই।", "bn"),
        ("We want peace.", "ሰላም እንፈልጋለን።", "am"),
        ("We want peace.", "我们要和平。", "zh"),
        ("We want peace!", "我们要和平！", "zh"),
    ],
)
def test_punctuation_of_every_script_is_classed_right(source: str, target: str, lang: str) -> None:
    assert problems("punctuation", source, target, lang) == []


def test_a_semicolon_is_not_a_question_mark() -> None:
    assert problems("punctuation", "Will you come?", "Vendrás;", "es") == ["source ends with question mark, translation with semicolon"]
    assert problems("punctuation", "We demand bread;", "我们要面包？", "zh") == ["source ends with semicolon, translation with question mark"]


@pytest.mark.parametrize(
    ("lang", "target"),
    [("fa", "ما صلح می\u200cخواهیم."), ("bn", "র\u200d্যাব এসেছে।"), ("hi", "क्\u200dष आया।"), ("ur", "ہم امن چاہتے ہیں\u200c۔")],
)
def test_joiners_are_allowed_where_the_language_uses_them(lang: str, target: str) -> None:
    assert problems("hidden-chars", "We want peace.", target, lang) == []


def test_joiners_warn_elsewhere_and_overrides_stay_errors() -> None:
    assert problems("hidden-chars", "We want peace.", "Queremos\u200c paz.", "es") == ["invisible character not in source: U+200C ZERO WIDTH NON-JOINER"]
    found = list(qa.check_hidden_characters(qa.Pair("We want peace.", "ما صلح می\u200cخواهیم\u202e.", "fa")))
    assert [(p.message, p.always) for p in found] == [("hidden character in translation: U+202E RIGHT-TO-LEFT OVERRIDE", True)]
    assert "U+0000" in problems("hidden-chars", "We want peace.", "ما\x00 صلح.", "fa")[0]
