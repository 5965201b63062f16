"""The one PO reader: tokens and lines, what it refuses, and what it keeps that polib drops."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import tree_digest

from pipeline.catalogs import po_syntax
from pipeline.catalogs.po_syntax import Token, parse_po, tokenize
from pipeline.catalogs.reading import parse_catalog, read_catalog, read_located
from pipeline.cli import main
from pipeline.errors import CatalogError

SLUG = "dockers"
HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: t\\n"\n"Language: es\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


def _po(root: Path, lang: str = "es") -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"


@pytest.mark.parametrize("piece", [1, 2, 7, 40])
def test_lines_split_a_piece_at_a_time_give_the_same_tokens(monkeypatch: pytest.MonkeyPatch, piece: int) -> None:
    """A large catalog is split into lines a piece at a time; where the pieces end changes nothing."""
    text = HEADER + '\n# note\n#: a.md:1\nmsgid "a"\n"b\\n"\nmsgstr "c"\n\n\n#~ msgid "gone"\n#~ msgstr "ido"\n'
    whole = list(tokenize(Path("x.po"), text))
    monkeypatch.setattr(po_syntax, "_PIECE", piece)
    assert list(tokenize(Path("x.po"), text)) == whole
    parsed = parse_po(Path("x.po"), text)
    assert [(e.msgid, e.msgstr, e.obsolete) for e in parsed.po] == [("ab\n", "c", False), ("gone", "ido", True)]
    assert (parsed.lines[0].first, parsed.lines[0].msgid) == (8, 10)


def test_tokens_carry_line_keyword_and_decoded_string() -> None:
    text = '# note\n#. where\nmsgid "a\\"b"\n"c\\n"\nmsgstr ""\n\n#~| msgid "old"\n#~ msgid "gone"\n#~ msgstr "ido"\n'
    assert list(tokenize(Path("x.po"), text)) == [
        Token(1, "#", "note"), Token(2, "#.", "where"), Token(3, "msgid", 'a"b'), Token(4, '"', "c\n"),
        Token(5, "msgstr", ""), Token(7, "#~| msgid", "old"), Token(8, "#~ msgid", "gone"), Token(9, "#~ msgstr", "ido"),
    ]


def test_lines_travel_beside_the_entries_not_on_them(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text(HEADER + '\n# a comment\nmsgctxt "c"\nmsgid "one"\nmsgstr "uno"\n\nmsgid "two"\nmsgstr "dos"\n', encoding="utf-8")
    read = read_located(path)
    assert [(e.msgid, e.line, e.msgid_line) for e in read.entries] == [("one", 8, 10), ("two", 13, 13)]
    assert read.header_line == 1 and read.header_fields["Plural-Forms"] == 6
    parsed = parse_po(path, path.read_text(encoding="utf-8"))
    assert not any(hasattr(entry, "msgid_line") for entry in parsed.po)


@pytest.mark.parametrize(
    ("string", "name"), [("a\x00b", "NUL"), ("a\x04b", "EOT")], ids=["nul", "eot"]
)
def test_characters_gettext_forbids_are_refused_at_their_line(tmp_path: Path, string: str, name: str) -> None:
    path = tmp_path / "x.po"
    path.write_text(HEADER + f'\nmsgid "ok"\nmsgstr "{string}"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=name) as caught:
        read_catalog(path)
    assert caught.value.line == 9


def test_a_deeply_nested_plural_expression_is_a_clean_error_at_the_header_line(tmp_path: Path) -> None:
    expression = "(" * 111 + "n != 1" + ")" * 111  # 228 characters: a RecursionError in the old parser
    path = tmp_path / "x.po"
    path.write_text(HEADER.replace("plural=(n != 1);", f"plural={expression};") + '\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"Plural-Forms.*nests parentheses 111 deep") as caught:
        read_catalog(path)
    assert caught.value.line == 6


def _updated(project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["--root", str(project), "update"]) == 0
    capsys.readouterr()
    return _po(project)


def test_utf8_bytes_under_a_latin1_header_are_refused_alike_by_check_update_and_pdf(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = _updated(project, capsys)
    text = po.read_text(encoding="utf-8")
    text = text.replace("charset=UTF-8", "charset=ISO-8859-1").replace('msgid "Our demands"\nmsgstr ""', 'msgid "Our demands"\nmsgstr "Nuestras exigencías"')
    po.write_text(text, encoding="utf-8")
    line = text.split("\n").index('"Content-Type: text/plain; charset=ISO-8859-1\\n"') + 1
    before = tree_digest(project)
    outputs = {}
    for command in (["check"], ["update"], ["pdf", "--lang", "es"]):
        status = main(["--root", str(project), *command])
        out, err = capsys.readouterr()
        assert status != 0, command
        outputs[command[0]] = out + err
        assert f"{SLUG}.po:{line}: " in out + err and "charset=ISO-8859-1, but the file's bytes are UTF-8" in out + err, out + err
        assert "exigencÃ" not in out + err
    assert tree_digest(project) == before


def test_a_no_op_update_keeps_an_obsolete_entry_with_its_previous_msgid(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = _updated(project, capsys)
    untranslated = 'msgid "Stop the arms shipments."\nmsgstr ""'
    po.write_text(po.read_text(encoding="utf-8").replace(untranslated, untranslated[:-1] + 'Detengan los envíos de armas."'), encoding="utf-8")
    source = project / "sources" / f"{SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Stop the arms shipments.", "Stop all arms shipments."), encoding="utf-8")
    _updated(project, capsys)  # the changed sentence keeps the translation, fuzzy, with `#| msgid`
    source.write_text(source.read_text(encoding="utf-8").replace("- Stop all arms shipments.\n", ""), encoding="utf-8")
    _updated(project, capsys)  # the sentence is gone: the entry becomes obsolete, `#~|` and all
    written = po.read_bytes()
    assert b'#~| msgid "Stop the arms shipments."\n#~ msgid "Stop all arms shipments."\n' in written
    _updated(project, capsys)
    assert po.read_bytes() == written
    obsolete = [e for e in read_catalog(po) if e.obsolete]
    assert [e.previous_msgid for e in obsolete] == ["Stop the arms shipments."]
    assert subprocess.run(["msgcat", str(po)], capture_output=True, check=True).stdout == written


# --- the quick path: an entry written as msgcat writes it, read by one match ----------------------

# Lines a catalog may hold: what msgcat writes, and what hand edits and hostile contributors add.
WELL_FORMED_ENTRY = [
    ["# translator", "#. extracted", "#: sources/a.md:3 sources/b.md", "#, fuzzy", '#| msgid "old"', 'msgid "new"', 'msgstr "nuevo"'],
    ["#.", "#", "#, fuzzy, no-wrap", '#| msgctxt "c"', '#| msgid ""', '#| "two\\n"', '#| "lines"', 'msgctxt "heading"', 'msgid ""',
     '"a \\"quoted\\" word\\t"', '"and a second line"', 'msgstr ""', '"otra \\\\ línea"'],
    ['msgid "bare"', 'msgstr ""'],
    ['#: x.md:1', 'msgid "one"', 'msgid_plural "many"', 'msgstr[0] "uno"', 'msgstr[1] "muchos"'],
    ['#~ msgid "gone"', '#~ msgstr "ido"'],
    ['#~| msgid "older"', '#~ msgid "gone too"', '#~ msgstr ""', '#~ "ido"'],
]
ODD_LINES = [
    "", "   ", "\t", '"continued"', '""', 'msgstr "second"', 'msgstr[0] "x"', 'msgid "again"', 'msgctxt "ctx"',
    '#| msgid "p"', '#| "q"', '#~ msgid "o"', '#~ "c"', '  msgid "indented"', 'msgid "trailing"  ', 'msgid\t"tab"',
    '"bad \\x escape"', '"unterminated', 'msgid "a" "b"', "msgfoo \"x\"", "m", "#  two spaces", "#x", "# trailing  ",
    "#. tab\tin", "# line\u2028separator", "#: \u00a0ref.md:2", "#,fuzzy,  c-format", '#| msgid_plural "ps"',
    'msgid ""', 'msgstr "Content-Type: text/plain; charset=UTF-8\\n"', 'msgid "nul\\0"', 'msgstr "\x04"',
    '#~| msgid "o"', "#|", "#~", 'msgid_plural "s"', "\u00a0", 'msgid "sp"\u00a0', "#~ #: o.md:1", '#~ #| msgid "p"', "#~ #, fuzzy",
]


@st.composite
def catalog_texts(draw: st.DrawFn) -> str:
    """A header and up to 12 entries, each well formed or not, with odd lines inserted, dropped or doubled."""
    lines = HEADER.rstrip("\n").split("\n") if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 12))):
        entry = list(draw(st.sampled_from(WELL_FORMED_ENTRY)))
        for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):  # most entries as written, some edited
            position = draw(st.integers(0, len(entry)))
            action = draw(st.sampled_from(["insert", "drop", "double"]))
            if action == "insert":
                entry.insert(position, draw(st.sampled_from(ODD_LINES)))
            elif entry and position < len(entry):
                entry[position : position + 1] = [] if action == "drop" else [entry[position]] * 2
        lines += entry + [""] * draw(st.integers(0, 2))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


def _outcome(text: str, keep_tokens: bool) -> object:
    """What parsing `text` gives: every entry's fields and lines, the header, or the error's line and message."""
    try:
        parsed = parse_po(Path("x.po"), text, keep_tokens)
    except CatalogError as error:
        return ("error", error.line, error.message)
    po = parsed.po
    return ([vars(entry) for entry in po], parsed.lines, parsed.header_line, dict(parsed.header_fields),
            po.header, dict(po.metadata), po.metadata_is_fuzzy)


@settings(max_examples=600, deadline=None)
@given(text=catalog_texts())
def test_the_quick_path_reads_every_catalog_as_the_tokenizer_does(text: str) -> None:
    """Entries, lines, header and errors are the same whether entries are matched whole or read line by line
    (the gate reads with tokens, `update` and `pdf` without)."""
    assert _outcome(text, keep_tokens=False) == _outcome(text, keep_tokens=True)


@pytest.mark.parametrize("path", sorted(Path(__file__).parent.parent.glob("**/*.po")), ids=lambda p: p.stem)
def test_the_quick_path_reads_the_test_catalogs_as_the_tokenizer_does(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert _outcome(text, keep_tokens=False) == _outcome(text, keep_tokens=True)


@pytest.mark.parametrize("line", ["#~", "#|", "#~|", "#~   ", "#|\t"])
def test_a_bare_obsolete_or_previous_marker_is_nothing_as_gettext_reads_it(tmp_path: Path, line: str) -> None:
    """msgfmt accepts `#~`, `#|` or `#~|` alone on a line (and msgcat drops it): the reader must not refuse it."""
    po = tmp_path / "bare.po"
    po.write_text(HEADER + f'\n{line}\nmsgid "a"\nmsgstr "b"\n\n#| msgid "old"\n{line}\n#| "er"\nmsgid "c"\nmsgstr "d"\n', encoding="utf-8")
    assert _msgfmt_accepts(po)[0]
    entries = [(e.msgid, e.msgstr, e.previous_msgid, e.obsolete) for e in read_catalog(po)]
    assert entries == [("a", "b", None, False), ("c", "d", "older", False)]


@pytest.mark.parametrize(
    "body",
    [
        '#| msgid "a"\n# a comment\nmsgid "b"\nmsgstr "x"\n',
        '#| msgid "a"\n#. extracted\nmsgid "b"\nmsgstr "x"\n',
        '#| msgctxt "c"\nmsgid "b"\nmsgstr "x"\n',
        '#| msgid "a"\n#| msgid "a2"\nmsgid "b"\nmsgstr "x"\n',
        '#| msgid_plural "p"\nmsgid "b"\nmsgstr "x"\n',
        '#| msgid "a"\n#| msgctxt "c"\nmsgid "b"\nmsgstr "x"\n',
        'msgctxt "c"\n#~ msgid "b"\n#~ msgstr "x"\n',
        '#~ msgid "b"\nmsgstr "x"\n',
        'msgid "b"\nmsgstr "x"\n#~ "y"\n',
        '#| msgid "a"\n#~ msgid "b"\n#~ msgstr "x"\n',
        '#| msgid "a"\n#| msgid_plural "p"\nmsgid "b"\nmsgstr "x"\n',
        '#| msgid "a"\n\nmsgid "b"\nmsgstr "x"\n',
        '#~| msgid "a"\n#~ msgid "b"\n#~ msgstr "x"\n',
        'msgid "b"\nmsgstr "x"\n#| msgid "nothing after it"\n',
        '\u00a0\nmsgid "b"\nmsgstr "x"\n',  # a no-break space is no white space to gettext
        'msgid\u00a0"b"\nmsgstr "x"\n',
        'msgid "b"\nmsgid_plural "bs"\nmsgstr[0] "x"\nmsgstr[\u0661] "y"\n',  # an Arabic-Indic digit is no index
    ],
)
def test_an_entry_is_read_as_msgfmt_reads_it(tmp_path: Path, body: str) -> None:
    """`#|` lines in gettext's order right before the msgid, an entry obsolete (`#~`) on every line or none, ASCII
    white space and digits only: what msgfmt refuses, the reader refuses at a line of the entry; what it accepts,
    the reader reads."""
    po = tmp_path / "previous.po"
    po.write_text(HEADER + "\n" + body, encoding="utf-8")
    accepted = subprocess.run(["msgfmt", "-o", "/dev/null", str(po)], capture_output=True).returncode == 0
    try:
        entries = read_catalog(po)
    except CatalogError as error:
        assert not accepted, error
        assert HEADER.count("\n") + 2 <= error.line <= HEADER.count("\n") + 1 + body.count("\n")
    else:
        assert accepted
        assert [e.msgid for e in entries] == ["b"]


def _msgfmt_accepts(po: Path) -> tuple[bool, set[str]]:
    """GNU msgfmt's verdict on a catalog, and the kinds of its errors (warnings left out)."""
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    kinds = {line.rsplit(": ", 1)[-1] for line in done.stderr.splitlines() if "warning:" not in line and "fatal error" not in line}
    return done.returncode == 0, kinds


@settings(max_examples=300, deadline=None)
@given(text=catalog_texts())
def test_the_reader_refuses_what_msgfmt_refuses(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """GNU msgfmt is the judge: a catalog it refuses is refused, one it accepts is read. Two differences are
    deliberate: obsolete entries duplicating others are read (so `update` can drop them; the gate reports them),
    and a header line without a colon continues the field before it (as polib reads headers)."""
    po = tmp_path_factory.mktemp("judged") / "judged.po"
    po.write_text(text if text.startswith('msgid ""') else HEADER + "\n" + text, encoding="utf-8")
    accepted, kinds = _msgfmt_accepts(po)
    try:
        parse_catalog(po)
    except CatalogError as error:
        assert not accepted or error.message.startswith("broken Plural-Forms"), (error, kinds)
    else:
        assert accepted or kinds <= {"duplicate message definition...", "...this is the location of the first definition"}, kinds


@pytest.mark.parametrize("line", ["#~ # translator", "#~ #. extracted", "#~ #: ref.md:1 b.md", "#~ #, fuzzy", '#~ #| msgid "p"'])
def test_an_obsolete_entry_s_comments_written_with_its_marker_are_its_comments(tmp_path: Path, line: str) -> None:
    """An obsolete entry's comments written with its marker (`#~ #: …`): msgfmt accepts
    them and msgcat rewrites them as plain comments; reading the file gives what reading msgcat's rewrite gives."""
    po = tmp_path / "obsolete.po"
    po.write_text(HEADER + f'\n{line}\n#~ msgid "a"\n#~ msgstr "b"\n', encoding="utf-8")
    assert _msgfmt_accepts(po)[0]
    rewritten = tmp_path / "rewritten.po"
    rewritten.write_bytes(subprocess.run(["msgcat", str(po)], capture_output=True, check=True).stdout)
    assert line not in rewritten.read_text(encoding="utf-8")  # msgcat did rewrite it

    def fields(path: Path) -> list[tuple[object, ...]]:
        return [(e.msgid, e.obsolete, e.references, e.extracted_comments, e.translator_comments, e.flags, e.previous_msgid)
                for e in read_catalog(path)]

    assert fields(po) == fields(rewritten)
