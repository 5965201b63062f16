"""The quality checks one by one: what each flags and what it lets through."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalogs.glossary import Glossary, Term
from pipeline.gate import quality as qa
from pipeline.model import CatalogEntry, Severity
from pipeline.text import shown

GLOSSARY = Glossary(
    Path("glossary.tsv"),
    (Term("ILPS", "*", "keep", 1), Term("imperialism", "es", "imperialismo", 2), Term("imperialism", "*", "IMPERIALISM", 3)),
)


def problems(check: str, source: str, target: str, lang: str = "es") -> list[qa.Problem]:
    return list(qa.CHECKS[check](qa.Pair(source, target, lang, GLOSSARY.for_language(lang))))


@pytest.mark.parametrize(
    ("check", "source", "target", "words"),
    [
        ("markup", "We demand *safe work* now.", "Exigimos trabajo seguro ya.", "*emphasis*"),
        ("markup", "See [the list](https://example.org/l).", "Vea [la lista](https://example.org/x).", "link to https://example.org/l"),
        ("markup", "Run `make pdf` now.", "Ejecute `make` ya.", "`make pdf`"),
        ("markup", "A **strong** word.", "Una palabra fuerte.", "**bold**"),
        ("placeholders", "Hello {name}, %s left.", "Hola, se fue.", "%s, {name}"),
        ("placeholders", "Dear {{ person }}.", "Estimado.", "{{ person }}"),
        ("numbers", "Over 100 were killed in 2026.", "Más de cien murieron en 2026.", "100"),
        ("urls", "See https://example.org/a.", "Vea https://example.org/b.", "https://example.org/a"),
        ("urls", "Write to info@example.org.", "Escriba a info@example.com.", "info@example.org"),
        ("hidden-chars", "Free them.", "Libérenlos\u202e.", "U+202E"),
        ("hidden-chars", "Free them.", "Libé\x00renlos.", "U+0000"),
        ("html", "Free them.", "<script>alert(1)</script> Libérenlos.", "<script>"),
        ("html", "Free them.", "Libérenlos <!-- hidden -->.", "<!--"),
        ("html", "Free them.", 'Libérenlos <a href="javascript:x">aquí</a>.', "<a href"),
    ],
)
def test_errors_name_what_is_wrong(check: str, source: str, target: str, words: str) -> None:
    found = problems(check, source, target)
    assert found and found[0].severity is Severity.ERROR
    assert words in " ".join(p.message for p in found)


@pytest.mark.parametrize(
    ("check", "source", "target"),
    [
        ("punctuation", "Stop the shipments.", "Detengan los envíos"),
        ("punctuation", "Our demands", "Nuestras demandas."),
        ("whitespace", "Free them.", " Libérenlos."),
        ("unchanged", "Bagong Alyansang Makabayan", "Bagong Alyansang Makabayan"),
        ("length", "The time has come to act together.", "Ya."),
        ("glossary", "The ILPS stands united.", "La LIPS está unida."),
        ("glossary", "Against imperialism.", "Contra el imperio."),
        ("hidden-chars", "Free them.", "Libérenlos\u200b."),
        ("numbers", "Over one hundred.", "Más de 100."),
    ],
)
def test_warnings(check: str, source: str, target: str) -> None:
    found = problems(check, source, target)
    assert found and all(p.severity is Severity.WARNING for p in found)


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("We demand *safe work* and [fair wages](https://example.org/w).", "Exigimos *trabajo seguro* y [salarios justos](https://example.org/w).", "es"),
        ("On January 3rd 2026, 1,000 people marched.", "El 3 de enero de 2026, 1.000 personas marcharon.", "es"),
        ("It happened in 2026.", "2026年に起きた。", "ja"),
        ("Is it over?", "¿Se acabó?", "es"),
        ("Is it over?", "Έχει τελειώσει;", "el"),
        ("He said “run Venezuela.”", "Dijo «dirigir Venezuela».", "es"),
        ("It is 50% of it.", "C’est 50 % de ça.", "fr"),
        ("The ILPS fights imperialism.", "La ILPS combate el imperialismo.", "es"),
        ("The ILPS fights imperialism.", "The ILPS fights IMPERIALISM, ja.", "de"),
        ("Between <b>us</b>.", "Entre <b>nosotros</b>.", "es"),
        ("Numbers ٣ and 3.", "الأرقام ٣ و 3.", "ar"),
    ],
)
def test_good_translations_pass_every_check(source: str, target: str, lang: str) -> None:
    pair = qa.Pair(source, target, lang, GLOSSARY.for_language(lang))
    assert {name: list(check(pair)) for name, check in qa.CHECKS.items() if list(check(pair))} == {}


def _entry(msgstr: str, *, fuzzy: bool = False, comments: tuple[str, ...] = ()) -> CatalogEntry:
    return CatalogEntry(
        msgid="Over 100 were killed.",
        msgstr=msgstr,
        flags=frozenset({"fuzzy"}) if fuzzy else frozenset(),
        line=20,
        msgid_line=21,
        translator_comments=comments,
        extracted_comments=("machine translation: test 1.0",) if fuzzy else (),
    )


def test_reviewed_entries_get_errors_machine_suggestions_warnings() -> None:
    path = Path("locales/es/LC_MESSAGES/x.po")
    reviewed = qa.check_entry(path, _entry("Más de cien murieron."), "es")
    machine = qa.check_entry(path, _entry("Más de cien murieron.", fuzzy=True), "es")
    assert [(f.code, f.severity) for f in reviewed] == [("numbers", Severity.ERROR)]
    assert [(f.code, f.severity) for f in machine] == [("numbers", Severity.WARNING)]
    assert str(reviewed[0]) == "locales/es/LC_MESSAGES/x.po:21: [numbers] number missing in translation: 100"


def test_pipeline_ignore_comment_silences_only_the_named_checks() -> None:
    path = Path("x.po")
    entry = _entry("Más de cien murieron\u200b", comments=("reviewed by Ana", "pipeline-ignore: numbers, punctuation"))
    assert [f.code for f in qa.check_entry(path, entry, "es")] == ["hidden-chars"]
    typo = _entry("Más de 100 murieron.", comments=("pipeline-ignore: nubmers",))
    assert [(f.code, f.severity) for f in qa.check_entry(path, typo, "es")] == [("pipeline-ignore", Severity.WARNING)]


def test_untranslated_and_obsolete_entries_are_not_checked() -> None:
    path = Path("x.po")
    assert qa.check_entry(path, _entry(""), "es") == []
    obsolete = CatalogEntry(msgid="Over 100.", msgstr="Más de cien.", obsolete=True)
    assert qa.check_entry(path, obsolete, "es") == []


def test_plural_forms_are_checked_against_singular_and_plural_source() -> None:
    entry = CatalogEntry(
        msgid="One worker was arrested.",
        msgstr="",
        msgid_plural="{n} workers were arrested.",
        msgstr_plural=("Un trabajador fue detenido.", "Varios trabajadores fueron detenidos."),
        msgid_line=5,
    )
    findings = qa.check_entry(Path("x.po"), entry, "es")
    assert [(f.code, f.line) for f in findings] == [("placeholders", 5)]


def test_messages_never_carry_raw_control_characters() -> None:
    found = problems("whitespace", "Free them.", "Libérenlos.\x1b[2J\n")
    assert found and all("\x1b" not in p.message and "\n" not in p.message for p in found)
    assert shown("a\x1b[2J\u202eb") == "a\\u001B[2J\\u202Eb"


# --- typography after pofilter (translate-toolkit's checks as the engine) ------------------------


@pytest.mark.parametrize(
    ("check", "source", "target", "lang", "message", "severity"),
    [
        ("spacing", "the “Venezuela” case.", "el caso “ Venezuela”.", "es", "space after '“' in translation (not in source)", Severity.ERROR),
        ("spacing", "Give it to a worker.", "Dáselo a una .", "es", "space before '.' in translation (not in source)", Severity.ERROR),
        ("spacing", "We, the people.", "Nosotros , el pueblo.", "es", "space before ',' in translation (not in source)", Severity.ERROR),
        ("spacing", "the (big) one.", "el ( grande) uno.", "es", "space after '(' in translation (not in source)", Severity.ERROR),
        ("spacing", "We stand.", "Estamos  de pie.", "es", "double space in translation", Severity.WARNING),
        ("doubled-punctuation", "against the US.", "contra los EE.UU..", "es", "doubled punctuation in translation: '..'", Severity.ERROR),
        ("doubled-punctuation", "Stop, now.", "Alto,, ya.", "es", "doubled punctuation in translation: ',,'", Severity.ERROR),
        ("doubled-words", "against the US offensive.", "contre les les EE.UU. offensive.", "fr", "word repeated in translation: 'les'", Severity.WARNING),
    ],
)
def test_typography_damage_is_named(check: str, source: str, target: str, lang: str, message: str, severity: Severity) -> None:
    found = problems(check, source, target, lang)
    assert [(p.message, p.severity) for p in found] == [(message, severity)]


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Hello: world!", "Bonjour\u00a0: monde\u00a0!", "fr"),  # French sets a space before : ; ! ?
        ("He said “yes”.", "Il a dit « oui ».", "fr"),
        ("He said “yes” and left.", "Er sagte „ja“ und ging.", "de"),  # German quotes close with “
        ("In Washington, D.C., today.", "En Washington, D.C., hoy.", "es"),  # an abbreviation before a comma
        ("And so on...", "Y así...", "es"),
        ("Really?!", "¿¡De verdad?!", "es"),
        ("See https://example.org/a..b now.", "Vea https://example.org/a..b ya.", "es"),
        ("that that is it", "eso eso es", "es"),  # the source doubles a word too
        ("We stand together.", "Nous nous tenons ensemble.", "fr"),
    ],
)
def test_typography_that_is_right_passes(source: str, target: str, lang: str) -> None:
    for check in ("spacing", "doubled-punctuation", "doubled-words"):
        found = problems(check, source, target, lang)
        if check == "doubled-words" and lang == "fr" and target.startswith("Nous nous"):
            assert all(p.severity is Severity.WARNING for p in found)  # French doubles pronouns: a warning only
            continue
        assert found == [], (check, found)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab 1*_`[]()<>!\\\n&#;.:/@~=-", max_size=30))
def test_markup_is_found_without_the_parser_only_where_there_is_none(text: str) -> None:
    """The quality check skips the Markdown parser for text without a markup character; it must lose nothing."""
    assert qa._markup(text) == qa._parsed_markup(text)


_SHORTCUT_TEXT = st.lists(
    st.sampled_from(["www.", "WwW.", "http://", "FTP://", ":/", "a@b.cd", "@", "x", "W", ".", "-", " ", "\t", "\n", "3", "٣", "३",
                     "\x00", "\x1f", "\x7f", "\x85", "\u00a0", "\u200b", "\u200c", "\u202e", "\ufeff"]),
    max_size=12,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_SHORTCUT_TEXT)
def test_the_quick_paths_find_what_the_plain_rules_find(text: str) -> None:
    """Links, numbers and hidden characters are looked for with guards and regexes; each must equal its plain rule."""
    import unicodedata

    assert qa._without_links(text) == qa._EMAIL.sub(" ", qa._URL.sub(" ", text))
    assert qa._links(text) == qa.Counter([*(m.rstrip(".,;:!?") for m in qa._URL.findall(text)), *qa._EMAIL.findall(text)])
    plain_digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    assert qa._OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text) == plain_digits
    dangerous = {c for c in text if c in qa._BIDI_OVERRIDES or (unicodedata.category(c) == "Cc" and c not in "\n\t")}
    assert set(qa._DANGEROUS.findall(text)) == dangerous
    assert qa.Counter(qa._INVISIBLE_ANY.findall(text)) == qa.Counter(c for c in text if c in qa._INVISIBLE)
    assert qa.Counter(qa._INVISIBLE_BUT_JOINERS.findall(text)) == qa.Counter(c for c in text if c in qa._INVISIBLE - qa._JOINERS)
