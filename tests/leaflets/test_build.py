"""`pipeline pdf` end to end: real WeasyPrint, real PDFs read back with poppler-utils.

Each test builds a throw-away project (the repository's pipeline.toml and
templates, a small statement) with catalogs written by hand, runs the real CLI
and reads the PDFs back with pdftotext, pdffonts, pdfinfo and pdfdetach.
"""

from __future__ import annotations

import multiprocessing
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from support import tree_digest
from support.logs import unexpected_warnings
from support.pdf import stream_text

from pipeline.config import load_config
from pipeline.leaflets import build
from pipeline.leaflets.outcomes import LeafletState

SLUG = "dockers"
TITLE = "Solidarity with the dock workers"
SENTENCES = [
    "The port was shut down on Feb. 3 by the workers.",
    "Dr. Smith and E. Smith spoke for the U.S. union.",
    "Our demands",
    "We demand *safe work* and fair wages.",
    "We demand an end to the blockade.",
    "Stop the arms shipments.",
    "Free the detained workers.",
    "The time has come to act together.",
]
SPANISH = {
    TITLE: "Solidaridad con los estibadores",
    SENTENCES[0]: "Los trabajadores cerraron el puerto el 3 de febrero.",
    SENTENCES[1]: "El Dr. Smith y E. Smith hablaron por el sindicato estadounidense.",
    SENTENCES[2]: "Nuestras exigencias",
    SENTENCES[3]: "Exigimos *trabajo seguro* y salarios justos.",
    SENTENCES[4]: "Exigimos el fin del bloqueo.",
    SENTENCES[5]: "Detengan los envíos de armas.",
    SENTENCES[6]: "Liberen a los trabajadores detenidos.",
    SENTENCES[7]: "Ha llegado la hora de actuar juntos.",
}
FRENCH = {
    TITLE: "Solidarité avec les dockers",
    SENTENCES[0]: "Les travailleurs ont fermé le port le 3 février.",
    SENTENCES[1]: "Le Dr Smith et E. Smith ont parlé au nom du syndicat américain.",
    SENTENCES[2]: "Nos revendications",
    SENTENCES[3]: "Nous exigeons un *travail sûr* et des salaires justes.",
    SENTENCES[4]: "Nous exigeons la fin du blocus.",
    SENTENCES[5]: "Arrêtez les livraisons d’armes.",
    SENTENCES[6]: "Libérez les travailleurs détenus.",
    SENTENCES[7]: "L’heure est venue d’agir ensemble.",
}
ARABIC = {
    TITLE: "التضامن مع عمال الموانئ",
    SENTENCES[0]: "أغلق العمال الميناء في الثالث من فبراير.",
    SENTENCES[1]: "تحدث الدكتور سميث باسم النقابة.",
    SENTENCES[2]: "مطالبنا",
    SENTENCES[3]: "نطالب *بعمل آمن* وأجور عادلة.",
    SENTENCES[4]: "نطالب بإنهاء الحصار.",
    SENTENCES[5]: "أوقفوا شحنات الأسلحة.",
    SENTENCES[6]: "أطلقوا سراح العمال المعتقلين.",
    SENTENCES[7]: "حان وقت العمل معا.",
}
SPANISH_WORDS = {
    "Joint statement": "Declaración conjunta",
    "Statement": "Declaración",
    "Signed by": "Firman",
    "Page {page} of {pages}": "Página {page} de {pages}",
    "Translated from English": "Traducido del inglés",
    "Draft: machine translation, not yet reviewed": "Borrador: traducción automática sin revisar",
    "Draft: translation not finished": "Borrador: traducción sin terminar",
    "Parts of this translation were made by machine and have not yet been checked by a translator. "
    "They may contain errors: do not hand this leaflet out as final.": "Partes de esta traducción las hizo una máquina y nadie las ha revisado aún.",
    "Passages in grey italics are not translated yet and appear in English.": "Los pasajes en cursiva gris siguen en inglés.",
}
MT_NOTE = "machine translation: apertium eng-spa 3.9"
REVIEWED, MACHINE = "reviewed", "machine"
# Shown as literal text wherever a translation puts them.
LITERAL_ATTACKS = [
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
    "{{ 7*7 }}",
    "![x](file:///etc/passwd)",
    '{% include "leaflet.css" %}',
]
# Markdown image syntax a translator may use: it reaches the fetcher, which must refuse it.
FETCH_ATTACK = "![y](/etc/passwd)"


# --- helpers ------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_po(path: Path, lang: str, entries: dict[str, tuple[str, str]]) -> None:
    """A .po file written as plain text: msgid → (msgstr, "reviewed" | "machine")."""
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {lang}\\n"',
        "",
    ]
    for msgid, (msgstr, status) in entries.items():
        if status == MACHINE and msgstr:
            lines += [f"#. {MT_NOTE}", "#, fuzzy"]
        lines += [f"msgid {_quote(msgid)}", f"msgstr {_quote(msgstr)}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def statement_po(project: Path, lang: str, texts: dict[str, str], status: str = MACHINE, blank: tuple[str, ...] = ()) -> Path:
    path = project / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"
    write_po(path, lang, {msgid: ("" if msgid in blank else text, status) for msgid, text in texts.items()})
    return path


def words_po(project: Path, lang: str, words: dict[str, str], status: str = REVIEWED) -> Path:
    path = project / "locales" / lang / "LC_MESSAGES" / "leaflet-template.po"
    write_po(path, lang, {msgid: (text, status) for msgid, text in words.items()})
    return path


def set_languages(project: Path, languages: list[str], release: dict[str, int] | None = None) -> None:
    config = project / "pipeline.toml"
    text = re.sub(r"^languages = .*$", f"languages = {languages!r}".replace("'", '"'), config.read_text(), flags=re.M)
    if release:
        text = text.replace("[release]\n", "[release]\n" + "".join(f"{k} = {v}\n" for k, v in release.items()))
    config.write_text(text)


def pdf_path(project: Path, lang: str, slug: str = SLUG) -> Path:
    return project / "build" / "pdf" / f"{slug}.{lang}.pdf"


def poppler(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(pdf)), re.M).group(1))


def page_text(pdf: Path, page: int | None = None) -> str:
    """pdftotext output in content order (-raw), hyphenation undone, white space removed."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = poppler("pdftotext", "-raw", *pages, str(pdf), "-")
    text = re.sub(r"[\u2010-]\n", "", text)
    return re.sub(r"\s+", "", text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("*", ""))


@pytest.fixture
def leaflets(project: Path) -> Path:
    """The small statement with es (machine, one sentence untranslated), fr (machine) and tl (empty) catalogs."""
    statement_po(project, "es", SPANISH, MACHINE, blank=(SENTENCES[4],))
    words_po(project, "es", SPANISH_WORDS, REVIEWED)
    statement_po(project, "fr", FRENCH, MACHINE)
    statement_po(project, "tl", {msgid: "" for msgid in SPANISH})
    return project


# --- tests --------------------------------------------------------------------------------


def test_draft_build_reads_back_and_rebuilds_only_what_changed(leaflets: Path, pipeline_cli: Callable) -> None:
    run = pipeline_cli(leaflets, "pdf")
    assert run.returncode == 0, run.stderr
    assert not unexpected_warnings(run.stderr), run.stderr

    # Tagalog has no translation: skipped, with what to do about it; the others are built.
    skip = [line for line in run.stderr.splitlines() if "tl skipped" in line]
    assert skip == [f"{Path('build/pdf/dockers.tl.pdf')}: tl skipped: 0% translated, a draft needs 50%"], run.stderr
    fix = run.stderr.splitlines()[run.stderr.splitlines().index(skip[0]) + 1]
    assert fix.startswith("  fix: run `pipeline translate` for machine suggestions") and "en→tl engine" in fix, run.stderr
    assert not pdf_path(leaflets, "tl").exists()
    es, fr, en = (pdf_path(leaflets, lang) for lang in ("es", "fr", "en"))
    assert es.exists() and fr.exists() and en.exists()

    # The translated sentences, in order; the untranslated one falls back to English.
    text = page_text(es)
    shown = [SPANISH[TITLE], *(SPANISH[s] for s in SENTENCES[:4]), SENTENCES[4], *(SPANISH[s] for s in SENTENCES[5:])]
    positions = [text.find(squeeze(sentence)) for sentence in shown]
    assert -1 not in positions, list(zip(shown, positions))
    assert positions == sorted(positions)
    assert "3defebrerode2026" in text and "Español" in text and "Traducidodelinglés" in text

    # Draft notice on every page, page numbers localised.
    for page in range(1, page_count(es) + 1):
        assert squeeze(SPANISH_WORDS["Draft: machine translation, not yet reviewed"]) in page_text(es, page)
        assert f"Página{page}de{page_count(es)}" in page_text(es, page)
    assert "Draft" not in page_text(en)

    # Only embedded fonts; tagged, with title, author and language.
    fonts = poppler("pdffonts", str(es)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    info = poppler("pdfinfo", str(es))
    assert re.search(r"^Title:\s+Solidaridad con los estibadores$", info, re.M)
    assert re.search(r"^Author:\s+Example Alliance$", info, re.M)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert b"/Lang (es)" in stream_text(es)

    # Nothing changed: nothing is rendered, no file touched.
    before = tree_digest(leaflets / "build")
    mtimes = {p: p.stat().st_mtime_ns for p in (leaflets / "build").rglob("*")}
    again = pipeline_cli(leaflets, "pdf")
    assert again.returncode == 0, again.stderr
    assert again.stdout.count(": up to date\n") == 3 and "written" not in again.stdout
    assert tree_digest(leaflets / "build") == before
    assert {p: p.stat().st_mtime_ns for p in (leaflets / "build").rglob("*")} == mtimes

    # One catalog changed: only that leaflet is rebuilt.
    statement_po(leaflets, "fr", {**FRENCH, SENTENCES[7]: "Le moment est venu d’agir ensemble."})
    third = pipeline_cli(leaflets, "pdf")
    assert third.returncode == 0, third.stderr
    written = [line.split(":")[0] for line in third.stdout.splitlines() if ": written" in line]
    assert written == [str(Path("build/pdf/dockers.fr.pdf"))]
    assert "Lemomentestvenud’agirensemble." in page_text(fr)


def test_release_builds_only_reviewed_languages_without_notice(leaflets: Path, pipeline_cli: Callable) -> None:
    statement_po(leaflets, "es", SPANISH, REVIEWED)
    assert pipeline_cli(leaflets, "pdf", "--lang", "fr").returncode == 0
    run = pipeline_cli(leaflets, "pdf", "--release", "--lang", "es,fr")
    assert run.returncode == 0, run.stderr
    es = leaflets / "build" / "release" / "dockers.es.pdf"
    assert squeeze(SPANISH[SENTENCES[7]]) in page_text(es)
    assert "Borrador" not in page_text(es) and "Draft" not in page_text(es)
    assert "fr skipped: 0.0% reviewed, release needs 100% (not listed under [release])" in run.stderr
    assert "9 machine" not in run.stderr  # the counts only with -v
    assert not (leaflets / "build" / "release" / "dockers.fr.pdf").exists()
    assert pdf_path(leaflets, "fr").exists()  # the draft stays where it was
    verbose = pipeline_cli(leaflets, "-v", "pdf", "--release", "--lang", "fr")
    # the template's words need no review: the package ships them reviewed for French
    assert "  (0 of 9 sentences reviewed; the others: 9 machine)\n" in verbose.stderr, verbose.stderr

    # A release language that is not ready: the ready ones are still released; --strict renders nothing.
    set_languages(leaflets, ["es", "tl", "fr"], release={"fr": 100})
    (leaflets / "build" / "release" / "dockers.es.pdf").unlink()
    before = tree_digest(leaflets / "build")
    blocked = pipeline_cli(leaflets, "pdf", "--release", "--strict")
    assert blocked.returncode == 1
    assert "fr skipped: 0.0% reviewed, release needs 100% ([release] fr)" in blocked.stderr
    assert "release stopped (--strict): fr not ready; nothing was rendered" in blocked.stderr
    assert tree_digest(leaflets / "build") == before
    released = pipeline_cli(leaflets, "pdf", "--release")
    assert released.returncode == 0, released.stderr
    assert (leaflets / "build" / "release" / "dockers.es.pdf").exists()


def test_a_release_threshold_means_the_same_to_check_and_release(leaflets: Path, pipeline_cli: Callable) -> None:
    """`[release] es = 80` with 8 of 9 sentences (89 %) reviewed: check passes, and es is released."""
    shutil.rmtree(leaflets / "locales")
    set_languages(leaflets, ["es"], release={"es": 80})
    assert pipeline_cli(leaflets, "update").returncode == 0
    for name, texts in (("dockers", SPANISH), ("leaflet-template", SPANISH_WORDS)):  # what a translator's editor saves
        catalog = polib.pofile(str(leaflets / "locales" / "es" / "LC_MESSAGES" / f"{name}.po"), wrapwidth=79)
        for entry in catalog:
            entry.msgstr = texts[entry.msgid] if entry.msgid != SENTENCES[4] else ""
        catalog.save()
    # polib wraps long comments where msgcat does not: `check` would call that stale, so lay it out again
    assert pipeline_cli(leaflets, "update").returncode == 0
    check = pipeline_cli(leaflets, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    run = pipeline_cli(leaflets, "pdf", "--release", "--strict")
    assert run.returncode == 0, run.stderr
    es = leaflets / "build" / "release" / "dockers.es.pdf"
    text = page_text(es)
    assert squeeze(SPANISH[SENTENCES[7]]) in text and squeeze(SENTENCES[4]) in text  # the unreviewed one in English
    assert "Borrador" not in text and squeeze("Los pasajes en cursiva gris siguen en inglés.") in text

    config = leaflets / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("es = 80\n", "es = 95\n"), encoding="utf-8")
    assert pipeline_cli(leaflets, "check").returncode == 6
    short = pipeline_cli(leaflets, "pdf", "--release")
    assert short.returncode == 0 and "es skipped: 88.9% reviewed, release needs 95% ([release] es)" in short.stderr


def test_hostile_translations_are_literal_text_and_fetch_nothing(leaflets: Path, pipeline_cli: Callable) -> None:
    hostile = {TITLE: "</title><script>alert(1)</script>", SENTENCES[0]: FETCH_ATTACK}
    for sentence, attack in zip([SENTENCES[1], *SENTENCES[3:]], LITERAL_ATTACKS):
        hostile[sentence] = f"{attack} {SPANISH[sentence]}"
    statement_po(leaflets, "es", {**SPANISH, **hostile}, MACHINE)
    css_attack = '"; } @page { size: 1mm }'
    words_po(leaflets, "es", {**SPANISH_WORDS, "Signed by": f"{LITERAL_ATTACKS[1]} {{{{ 7*7 }}}} {css_attack}"})

    run = pipeline_cli(leaflets, "pdf", "--lang", "es")
    assert run.returncode == 0, run.stderr
    es = pdf_path(leaflets, "es")
    text = page_text(es)
    for attack in [*LITERAL_ATTACKS, "</title><script>alert(1)</script>"]:
        assert re.sub(r"\s+", "", attack) in text, attack
    signed_by = re.sub(r"\s+", "", f"{LITERAL_ATTACKS[1]} {{{{ 7*7 }}}} {css_attack}").upper()
    assert signed_by in text.upper()  # the heading is set in capitals
    assert "49" not in text
    assert re.search(r"^Title:\s+</title><script>alert\(1\)</script>$", poppler("pdfinfo", str(es)), re.M)
    assert "(A4)" in poppler("pdfinfo", str(es))  # the CSS in a translation changed no page size
    # Nothing attached, no image embedded, and the one URL that reached the fetcher was refused.
    assert poppler("pdfdetach", "-list", str(es)).startswith("0 embedded files")
    assert len(poppler("pdfimages", "-list", str(es)).splitlines()) == 2
    assert "refused to fetch file:///etc/passwd" in run.stderr
    assert not unexpected_warnings(run.stderr, r"refused to fetch file:///etc/passwd$"), run.stderr
    assert b"root:" not in stream_text(es)


def test_arabic_runs_right_to_left(project: Path, pipeline_cli: Callable) -> None:
    set_languages(project, ["es", "tl", "fr", "ar"])
    statement_po(project, "ar", ARABIC, MACHINE)
    run = pipeline_cli(project, "pdf", "--lang", "ar")
    assert run.returncode == 0, run.stderr
    assert not unexpected_warnings(run.stderr), run.stderr
    ar = pdf_path(project, "ar")
    assert b"/Lang (ar)" in stream_text(ar)
    words = [
        (float(m.group(1)), float(m.group(2)), m.group(3))
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', poppler("pdftotext", "-bbox", str(ar), "-"))
    ]

    def box(word: str) -> tuple[float, float]:
        # pdftotext -bbox gives each word of right-to-left text in visual order (reversed).
        return next((x0, x1) for x0, x1, text in words if text in (word, word[::-1]))

    first, second = box("التضامن"), box("مع")
    assert first[0] > second[1], "the title's first word must stand to the right of its second"
    width = float(re.search(r'<page width="([\d.]+)"', poppler("pdftotext", "-bbox", str(ar), "-")).group(1))
    assert width - first[1] < 60, "the title is set flush right"
    assert box("أغلق")[0] > box("العمال")[1]


def test_two_builds_are_byte_identical_serial_and_parallel(leaflets: Path, pipeline_cli: Callable, tmp_path: Path) -> None:
    first = pipeline_cli(leaflets, "pdf", "--jobs", "2")
    assert first.returncode == 0, first.stderr
    built = {p.name: p.read_bytes() for p in (leaflets / "build" / "pdf").glob("*.pdf")}
    for path in (leaflets / "build").rglob("*"):
        if path.is_file():
            path.unlink()
    second = pipeline_cli(leaflets, "pdf", "--jobs", "1")
    assert second.returncode == 0, second.stderr
    assert not unexpected_warnings(first.stderr + second.stderr), first.stderr + second.stderr
    assert {p.name: p.read_bytes() for p in (leaflets / "build" / "pdf").glob("*.pdf")} == built
    assert sorted(built) == ["dockers.en.pdf", "dockers.es.pdf", "dockers.fr.pdf"]
    # SOURCE_DATE_EPOCH (set by conftest to 2026-02-03) is the PDF's date.
    assert b"/CreationDate (D:20260203000000Z)" in stream_text(pdf_path(leaflets, "es"))


def _long_statement(paragraphs: int, pages: int) -> str:
    sentence = "Workers across the port city stood together for fair wages, safe conditions and the right to organise. "
    body = "\n\n".join(f"Paragraph {n}. " + sentence * 5 for n in range(paragraphs))
    front = f'title: "Statement with a page budget"\ndate: 2026-02-03\npages: {pages}\nsignatories:\n  - Example Alliance\n  - Friends\n'
    return f"---\n{front}---\n\n{body}\n"


def test_page_budget_steps_type_down_or_fails_clearly(project: Path, pipeline_cli: Callable) -> None:
    (project / "sources" / "dockers.md").unlink()
    (project / "sources" / "fits.md").write_text(_long_statement(9, 1), encoding="utf-8")
    (project / "sources" / "overflows.md").write_text(_long_statement(16, 1), encoding="utf-8")
    run = pipeline_cli(project, "pdf", "--lang", "en")
    assert run.returncode == 1
    fits = pdf_path(project, "en", "fits")
    assert page_count(fits) == 1
    assert "type stepped down to" in run.stdout
    assert "Paragraph8.Workers" in page_text(fits), "text is never cut"
    assert "sources/overflows.md:4: en: the leaflet needs 2 pages even at the smallest type" in run.stderr
    assert "page budget of 1" in run.stderr
    assert not pdf_path(project, "en", "overflows").exists()


def test_a_character_no_font_covers_is_named_before_rendering(leaflets: Path, pipeline_cli: Callable) -> None:
    po = statement_po(leaflets, "es", {**SPANISH, SENTENCES[5]: "Detengan los envíos de armas \ue000."}, MACHINE)
    run = pipeline_cli(leaflets, "pdf", "--lang", "es")
    assert run.returncode == 1
    line = po.read_text(encoding="utf-8").split("\n").index(f"msgid {_quote(SENTENCES[5])}") + 1
    assert f"locales/es/LC_MESSAGES/dockers.po:{line}: es: no installed font covers U+E000 <unassigned>" in run.stderr
    assert "replace the character" in run.stderr
    assert not pdf_path(leaflets, "es").exists()


def test_preview_renders_page_one_of_every_leaflet(leaflets: Path, pipeline_cli: Callable) -> None:
    assert pipeline_cli(leaflets, "pdf", "--lang", "en,fr").returncode == 0
    run = pipeline_cli(leaflets, "preview")
    assert run.returncode == 0, run.stderr
    pngs = sorted(p.name for p in (leaflets / "build" / "preview").glob("*.png"))
    assert pngs == ["dockers.en.png", "dockers.fr.png"]
    header = (leaflets / "build" / "preview" / "dockers.fr.png").read_bytes()[:24]
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert abs(width - 595.28 / 72 * 80) < 1.5 and abs(height - 841.89 / 72 * 80) < 1.5  # A4 at 80 dpi


ARABIC_STATEMENT = """---
title: "التضامن مع عمال الموانئ"
date: 2026-02-03
language: ar
author: Example Alliance
signatories:
  - Example Alliance (EA)
---

أغلق العمال الميناء. نطالب بإنهاء الحصار.
"""
ARABIC_WORDS = {
    "Statement": "بيان",
    "Signed by": "الموقعون",
    "Page {page} of {pages}": "صفحة {page} من {pages}",
}


def test_a_statement_written_in_arabic_prints_arabic_furniture(project: Path, pipeline_cli: Callable) -> None:
    config = project / "pipeline.toml"
    config.write_text(config.read_text().replace('source-language = "en"', 'source-language = "ar"'))
    (project / "sources" / "dockers.md").write_text(ARABIC_STATEMENT, encoding="utf-8")
    assert pipeline_cli(project, "update").returncode == 0
    catalog = project / "locales" / "ar" / "LC_MESSAGES" / "leaflet-template.po"
    assert catalog.exists(), "the source language gets a catalog of the template's words"
    assert 'msgid "Translated from Arabic"' in catalog.read_text(encoding="utf-8")
    check = pipeline_cli(project, "check")
    assert check.returncode == 0 and "stray" not in check.stdout + check.stderr, check.stdout + check.stderr

    # Before the project translates them, the original shows the package's reviewed Arabic words, and is no draft.
    run = pipeline_cli(project, "pdf", "--lang", "ar")
    assert run.returncode == 0, run.stderr
    text = poppler("pdftotext", str(pdf_path(project, "ar")), "-")
    assert "بيان" in text and "Statement" not in text and "Draft" not in text and "مسودة" not in text

    words_po(project, "ar", ARABIC_WORDS, REVIEWED)
    run = pipeline_cli(project, "pdf", "--lang", "ar")
    assert run.returncode == 0, run.stderr
    text = poppler("pdftotext", str(pdf_path(project, "ar")), "-")
    assert "بيان" in text and "الموقعون" in text and "صفحة" in text
    assert "Statement" not in text and "Signed by" not in text and "Page" not in text


def test_text_of_the_other_direction_is_isolated_and_bidi_overrides_are_neutralised(project: Path, pipeline_cli: Callable) -> None:
    set_languages(project, ["es", "tl", "fr", "ar"])
    # A left-to-right override a translation smuggles in would print the Arabic word backwards.
    hostile = {**ARABIC, SENTENCES[5]: "أوقفوا \u202dشحنات\u202c الأسلحة."}
    statement_po(project, "ar", hostile, MACHINE, blank=(SENTENCES[4],))
    run = pipeline_cli(project, "pdf", "--lang", "ar")
    assert run.returncode == 0, run.stderr
    ar = pdf_path(project, "ar")
    text = poppler("pdftotext", str(ar), "-")
    words = re.findall(r"<word [^>]*>([^<]*)</word>", poppler("pdftotext", "-bbox", str(ar), "-"))
    # The English sentence shown untranslated keeps its full stop at its own end (the template's words
    # are the shipped Arabic ones, so no English note is left to test).
    assert "blockade." in words
    assert not [word for word in words if word.startswith(".") and word[1:2].isascii()], words
    assert "أوقفوا شحنات الأسلحة" in " ".join(text.split())
    content = stream_text(ar)
    assert "\u202d".encode("utf-16-be").hex().encode() not in content


def test_a_leaflet_over_the_time_limit_fails_naming_its_file(leaflets: Path) -> None:
    """The limit is enforced at the worker process: the render is killed, the leaflet fails clearly, nothing is written."""
    report = build.build(load_config(leaflets), languages=["en", "fr"], jobs=1, time_limit=0.01)
    failed = {o.lang: o for o in report.outcomes if o.state is LeafletState.FAILED}
    assert sorted(failed) == ["en", "fr"]
    for lang, outcome in failed.items():
        assert outcome.error is not None and outcome.error.path == pdf_path(leaflets, lang)
        assert str(outcome.error).endswith("rendering took longer than 0.01 s and was stopped")
        assert not pdf_path(leaflets, lang).exists()
    assert multiprocessing.active_children() == []


def test_template_words_are_reviewed_translations_without_a_project_catalog(project: Path, pipeline_cli: Callable) -> None:
    """No leaflet-template.po in the project: the shipped French words; the notice says machine text is unreviewed."""
    set_languages(project, ["fr"])
    statement_po(project, "fr", FRENCH, MACHINE)
    run = pipeline_cli(project, "pdf", "--lang", "fr")
    assert run.returncode == 0, run.stderr
    text = page_text(pdf_path(project, "fr"), 1).casefold()  # the stylesheet sets some words in capitals
    for words in ("Déclaration commune", "Brouillon\u00a0: traduction automatique, pas encore relue", "Traduit de l’anglais",
                  "Certaines parties de cette traduction ont été produites par traduction automatique"):
        assert squeeze(words).casefold() in text, words
    assert "signataires" in page_text(pdf_path(project, "fr")).casefold()
    assert "draft" not in text and "junte" not in text


def test_a_leaflet_with_nothing_machine_translated_does_not_say_machine_translation(project: Path, pipeline_cli: Callable) -> None:
    set_languages(project, ["de"])
    config = project / "pipeline.toml"
    config.write_text(config.read_text().replace("draft-minimum = 50", "draft-minimum = 0"))
    statement_po(project, "de", {msgid: "" for msgid in SPANISH})
    run = pipeline_cli(project, "pdf", "--lang", "de")
    assert run.returncode == 0, run.stderr
    text = page_text(pdf_path(project, "de"))
    assert squeeze("Entwurf: Übersetzung noch nicht fertig") in text
    assert squeeze("Passagen in grauer Kursivschrift sind noch nicht übersetzt und erscheinen auf Englisch.") in text
    assert "maschinell" not in text and "machinetranslation" not in text.lower()
    assert "gemeinsameerklärung" in text.casefold() and "unterzeichnetvon" in text.casefold()
