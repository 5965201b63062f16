"""Segmentation and reassembly of Markdown statements (issue 3, items 2-4)."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import REPO

from pipeline.catalogs import sentences
from pipeline.catalogs.markdown import rebuild_markdown
from pipeline.catalogs.segmenting import segment
from pipeline.catalogs.sentences import split_sentences
from pipeline.catalogs.sources import load_source
from pipeline.cli import main
from pipeline.config import load_config
from pipeline.leaflets.body_html import render_body_html
from pipeline.model import EntryStatus, Translation


def _doc(project: Path, body: str, front: str = 'title: "A title"\ndate: 2026-02-03\n'):
    path = project / "sources" / "case.md"
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return load_source(path, load_config(project))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Smith and E. Smith met on Feb. 3 in the U.S. capital. They left.",
            ["Dr. Smith and E. Smith met on Feb. 3 in the U.S. capital.", "They left."],
        ),
        ("He said “stop the war.” Nobody listened.", ["He said “stop the war.”", "Nobody listened."]),
        ("We waited... and waited. Then we marched!", ["We waited... and waited.", "Then we marched!"]),
        ("Our demands: 1. Bread. 2. Peace.", ["Our demands:", "1. Bread.", "2. Peace."]),
        ("It is *one. Two* here. Next.", ["It is *one. Two* here.", "Next."]),
        ("Read [the U.S. note](https://ex.org/a.b) now. Done.", ["Read [the U.S. note](https://ex.org/a.b) now.", "Done."]),
        ("Run `a. b` please. Ok.", ["Run `a. b` please.", "Ok."]),
    ],
)
def test_sentences_respect_abbreviations_quotes_and_markup(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


def test_sentences_command_prints_one_sentence_per_line(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("The U.S. Army left on Feb. 3 at dawn.\nIt rained.\n"))
    assert main(["--root", str(project), "sentences", "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines() == ["The U.S. Army left on Feb. 3 at dawn.", "It rained."]


def test_segments_carry_reference_comment_and_kind(project: Path) -> None:
    doc = load_source(project / "sources" / "dockers.md", load_config(project))
    rows = [(s.kind, s.comment, s.ref.line, s.msgid) for s in doc.segments]
    assert rows[0] == ("title", "front matter: title", 2, "Solidarity with the dock workers")
    assert rows[1] == ("paragraph", "before the first heading: paragraph 1, sentence 1 of 2", 10, "The port was shut down on Feb. 3 by the workers.")
    assert rows[2][1:] == ("before the first heading: paragraph 1, sentence 2 of 2", 10, "Dr. Smith and E. Smith spoke for the U.S. union.")
    assert rows[3] == ("heading", "heading", 12, "Our demands")
    assert rows[4][1:] == ("under “Our demands”: paragraph 1, sentence 1 of 2", 14, "We demand *safe work* and fair wages.")
    assert [r[1] for r in rows[6:]] == ["under “Our demands”: list item 1", "under “Our demands”: list item 2", "under “Our demands”: block quote 1"]
    assert all(s.context is None for s in doc.segments)
    assert str(doc.segments[0].ref) == "sources/dockers.md:2"


def test_code_blocks_and_bare_urls_are_not_extracted(project: Path) -> None:
    doc = _doc(project, "Visit us.\n\n    code block here.\n\n```\nfenced. code.\n```\n\nhttps://example.org/page\n\n<https://example.org>\n")
    assert [s.msgid for s in doc.segments] == ["A title", "Visit us."]


def test_context_only_where_one_text_has_two_roles(project: Path) -> None:
    doc = _doc(project, "## Solidarity\n\nSolidarity.\n\nSolidarity\n\nWe stand.\n\nWe stand.\n", front='title: "Solidarity"\ndate: 2026-02-03\n')
    keyed = {(s.kind, s.msgid): s.context for s in doc.segments}
    assert keyed[("title", "Solidarity")] == "title"
    assert keyed[("heading", "Solidarity")] == "heading"
    assert keyed[("paragraph", "Solidarity")] is None
    assert keyed[("paragraph", "We stand.")] is None


def test_rewrapping_a_paragraph_keeps_every_msgid(project: Path) -> None:
    text = "The first sentence is long enough to wrap. The second one, too, goes on and on."
    narrow = textwrap.fill(text, 20)
    assert [s.msgid for s in _doc(project, text).segments] == [s.msgid for s in _doc(project, narrow).segments]


def test_rebuild_with_translations_replaces_sentences_in_place(project: Path) -> None:
    doc = _doc(project, "- First one. Second\n  one.\n\n> Quoted text.\n\n## Head\n")
    rebuilt = rebuild_markdown(doc, lambda s: {"First one.": "Primero.", "Quoted text.": "Citado."}.get(s.msgid, s.msgid))
    assert rebuilt == "\n- Primero. Second one.\n\n> Citado.\n\n## Head\n"


def test_html_escapes_translations_and_marks_review_status(project: Path) -> None:
    doc = _doc(project, "One. Two. Three.\n")
    statuses = iter([EntryStatus.REVIEWED, EntryStatus.MACHINE, EntryStatus.UNTRANSLATED])
    html = render_body_html(doc, lambda s: Translation("<script>x</script> *ok*", next(statuses)), "en")
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; <em>ok</em> " in html
    assert '<span class="machine">' in html
    assert '<span class="untranslated" lang="en" dir="ltr">' in html


def test_sample_statement_rebuilds_byte_for_byte() -> None:
    config = load_config(REPO)
    for path in config.source_paths():
        doc = load_source(path, config)
        assert rebuild_markdown(doc, lambda s: s.msgid) == doc.body


_WORD = st.sampled_from(["the", "U.S.", "Dr.", "people", "Feb.", "3", "march", "“free”", "*bold*", "`x.y`", "[link](https://a.b/c.d)", "e.g.", "peace"])
_SENTENCE = st.builds(
    lambda words, end: " ".join(words).capitalize() + end,
    st.lists(_WORD, min_size=1, max_size=8),
    st.sampled_from([".", "!", "?", "...", ""]),
)
_INLINE = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


_BLOCK = st.one_of(
    st.builds(lambda t, w: _wrap(t, w), _INLINE, st.integers(20, 80)),
    st.builds(lambda t, n: "#" * n + " " + t, _SENTENCE, st.integers(1, 4)),
    st.builds(lambda items: "\n".join(f"- {i}" for i in items), st.lists(_INLINE, min_size=1, max_size=3)),
    st.builds(lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1)), st.lists(_SENTENCE, min_size=1, max_size=3)),
    st.builds(lambda t, w: "\n".join("> " + line for line in _wrap(t, w).split("\n")), _INLINE, st.integers(20, 60)),
    st.builds(lambda t: "    " + t, _SENTENCE),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blocks=st.lists(_BLOCK, min_size=1, max_size=6), trailing=st.sampled_from(["", "\n", "\n\n"]))
def test_identity_translation_rebuilds_the_source_exactly(project: Path, blocks: list[str], trailing: str) -> None:
    body = "\n\n".join(blocks) + trailing
    doc = _doc(project, body)
    assert rebuild_markdown(doc, lambda s: s.msgid) == doc.body


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blocks=st.lists(_BLOCK, min_size=1, max_size=6))
def test_rebuilt_translation_extracts_to_the_translated_sentences(project: Path, blocks: list[str]) -> None:
    doc = _doc(project, "\n\n".join(blocks) + "\n")
    body_segments = [s for s in doc.segments if s.kind != "title"]
    numbered = {id(s): f"Sentence number {n} stays whole." for n, s in enumerate(body_segments)}
    rebuilt = rebuild_markdown(doc, lambda s: numbered[id(s)])
    again = _doc(project, rebuilt)
    assert [s.msgid for s in again.segments if s.kind != "title"] == list(numbered.values())
    assert [s.kind for s in again.segments] == [s.kind for s in doc.segments]


def test_an_edited_statement_is_segmented_again_only_where_it_changed(project: Path) -> None:
    """Unchanged paragraphs keep the boundaries the last segmentation found; the result is a fresh segmentation's."""
    config = load_config(project)
    source = project / "sources" / "dockers.md"
    load_source(source, config)
    text = source.read_text(encoding="utf-8")
    edited = text.replace("Dr. Smith and E. Smith spoke", "Dr. Smith and E. Smith spoke loudly")
    assert edited != text
    source.write_text(edited, encoding="utf-8")
    sentences._segmenter_cuts.cache_clear()
    doc = load_source(source, config)
    assert sentences._segmenter_cuts.cache_info().misses == 1  # the one paragraph that changed
    sentences._segmenter_cuts.cache_clear()
    assert doc.segments == segment(source, source.read_bytes(), config).segments
    assert sentences._segmenter_cuts.cache_info().misses > 1


def test_a_long_new_statement_is_segmented_in_workers_with_the_same_result(project: Path) -> None:
    """Past `PARALLEL_MIN` new paragraphs, worker processes segment them; the segments are a plain segmentation's."""
    import os
    import random

    rng = random.Random(5)
    pieces = ["Dr. Rivera spoke.", "The U.S. Navy left on Feb. 3 at 5 p.m.", "“Stop the war.” Nobody listened.",
              "We waited... and waited.", "Our demands: 1. Bread. 2. Peace.", "Workers of the port, unite!", "Why now?"]
    paragraphs = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) + f" Paragraph {n}." for n in range(sentences.PARALLEL_MIN + 50)]
    source = project / "sources" / "long.md"
    source.write_text('---\ntitle: "Long"\ndate: 2026-02-03\n---\n\n' + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    config = load_config(project)
    sentences._segmenter_cuts.cache_clear()
    doc = load_source(source, config)
    if len(os.sched_getaffinity(0)) > 1:
        assert sentences._segmenter_cuts.cache_info().misses == 0  # every paragraph was segmented in a worker
    sentences._segmenter_cuts.cache_clear()
    assert doc.segments == segment(source, source.read_bytes(), config).segments
    assert len(doc.segments) > len(paragraphs) * 2


# --- the quick paths of segmentation, held to the plain rules they replace ------------------------

def _collapse_char_by_char(lines: list[str], first_line: int, breaks: list[bool]) -> tuple[str, tuple[int, ...]]:
    """The plain rule: walk every character; white space becomes one pending space."""
    out: list[str] = []
    positions: list[int] = []
    pending_space = False
    for offset, line in enumerate(lines):
        if breaks[offset]:
            line = line.rstrip(" ")
            line = line if line.endswith("\\") else line + "\\"
        for char in line:
            if char in " \t\n\r\f\v":
                pending_space = bool(out) and out[-1] != "\n"
                continue
            if pending_space:
                out.append(" ")
                positions.append(first_line + offset)
                pending_space = False
            out.append(char)
            positions.append(first_line + offset)
        if breaks[offset]:
            out.append("\n")
            positions.append(first_line + offset)
            pending_space = False
        else:
            pending_space = bool(out)
    return "".join(out), tuple(positions)


LINE_PIECES = st.sampled_from(["a", "bc", "é", "\\", " ", "  ", "\t", "\x0b", "\x0c", "\r", "\u00a0", "\u2003", "*x*", ""])


@settings(max_examples=500, deadline=None)
@given(lines=st.lists(st.lists(LINE_PIECES, max_size=6).map("".join), max_size=6), data=st.data())
def test_lines_collapse_as_character_by_character(lines: list[str], data: st.DataObject) -> None:
    """Joining a block's lines word by word gives the text and source lines the per-character walk gives."""
    from pipeline.catalogs.markdown import _collapse

    breaks = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    assert _collapse(lines, 7, breaks) == _collapse_char_by_char(lines, 7, breaks)


TEXT_PIECES = st.sampled_from([
    "word", " ", ". ", "`code`", "``", "](", "[a](b)", ")", "<", ">", "<x@y.z>", "https://e.org/a", "http:/", "://",
    "a@b.cd", "@", "mail@host", ".org", "\\", "Dr.", "3.5",
])


@settings(max_examples=500, deadline=None)
@given(text=st.lists(TEXT_PIECES, max_size=12).map("".join))
def test_protected_spans_are_found_wherever_the_pattern_matches(text: str) -> None:
    """The quick test for a mark (backtick, `<`, `@`, `](`, `://`) never skips a protected span."""
    assert sentences._protected_spans(text) == [match.span() for match in sentences._PROTECTED.finditer(text)]
