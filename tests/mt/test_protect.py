"""Masking before machine translation: what is protected comes back exactly, or the entry is refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalogs.glossary import Term
from pipeline.mt.protect import MaskError, mask, restore

TERMS = [
    Term("ILPS", "*", "keep", 1),
    Term("Bagong Alyansang Makabayan", "*", "keep", 2),
    Term("Bayan", "*", "keep", 3),
    Term("NATO", "es", "OTAN", 4),
]


@pytest.mark.parametrize(
    ("text", "protected"),
    [
        ("We demand *safe work* and **fair** wages.", ["*", "*", "**", "**"]),
        ("Read [the *ILPS* call](https://ilps.info/call \"call\") today.", ["[", "ILPS", '](https://ilps.info/call "call")']),
        ("Write to info@ilps.org or see https://example.org/a?b=1.", ["info@ilps.org", "https://example.org/a?b=1"]),
        ("Page {page} of {pages}, %s and %(name)s, {{ var }}.", ["{page}", "{pages}", "%s", "%(name)s", "{{ var }}"]),
        ("Run `make {x}` now <br/> or <https://a.example/b>.", ["`make {x}`", "<br/>", "<https://a.example/b>"]),
        ("In 2026, 1,000 people of Bagong Alyansang Makabayan (Bayan) met.", ["2026", "1,000", "Bagong Alyansang Makabayan", "Bayan"]),
        ("Follow #Venezuela and @ilps, _quietly_ or ~~not~~.", ["#Venezuela", "@ilps", "_", "_", "~~", "~~"]),
    ],
)
def test_protected_spans_are_masked_and_restored(text: str, protected: list[str]) -> None:
    masked = mask(text, TERMS)
    originals = [m.original for m in masked.masks]
    for span in protected:
        assert span in originals
        assert span not in re.sub(r"\{\d+\}", "", masked.text) or span in ("*", "_")
    assert restore(masked.text, masked) == text


def test_link_text_stays_translatable_and_the_target_does_not() -> None:
    masked = mask("See [the site](https://example.org) now.")
    assert masked.text == "See {0}the site{1} now."
    assert restore("Ver {0}el sitio{1} ahora.", masked) == "Ver [el sitio](https://example.org) ahora."


def test_spaces_an_engine_adds_inside_a_pair_are_removed() -> None:
    masked = mask("We demand *safe work* now.")
    assert restore("Exigimos {0} trabajo seguro {1} ya.", masked) == "Exigimos *trabajo seguro* ya."


def test_glossary_term_with_a_required_translation_comes_back_translated() -> None:
    masked = mask("NATO and the ILPS.", [t for t in TERMS if t.language in ("*", "es")])
    assert restore("La {0} y la {1}.", masked) == "La OTAN y la ILPS."
    assert [(m.original, m.kind) for m in masked.terms()] == [("NATO", "term"), ("ILPS", "keep")]


def test_terms_match_whole_words_only() -> None:
    assert mask("Bayanihan is not Bayan.", TERMS).text == "Bayanihan is not {0}."


@pytest.mark.parametrize(
    ("output", "problem"),
    [
        ("Exigimos trabajo seguro en {2}.", "lost '*'"),
        ("Exigimos {0}trabajo{1} en {2} y {2}.", "repeated 'https://x.org'"),
        ("Exigimos {0}trabajo{1} en {2} {7}.", "invented {7}"),
        ("Exigimos {1}trabajo{0} en {2}.", "swapped the pair"),
    ],
)
def test_broken_masks_are_refused(output: str, problem: str) -> None:
    masked = mask("We demand *work* at https://x.org.")
    with pytest.raises(MaskError, match=re.escape(problem)):
        restore(output, masked)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Bayan*_[]()`{}%$#@.:/\\<>!~0123456789hs\n")), max_size=60))
def test_any_text_round_trips(text: str) -> None:
    masked = mask(text, TERMS)
    assert restore(masked.text, masked) == text
    assert len(re.findall(r"\{\d+\}", masked.text)) == len(masked.masks)
