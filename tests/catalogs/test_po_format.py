"""pipeline.po_format writes catalogs exactly as GNU msgcat (gettext 0.21) does.

The judge is the real /usr/bin/msgcat: hand-written tricky catalogs must come out as
msgcat prints them, random catalogs must be fixpoints of msgcat, polib must read back
what we wrote, and msgfmt --check must accept it. The Unicode tables of line_breaks
are checked against the libunistring that msgcat itself uses.

Run `python tests/catalogs/test_po_format.py` to print freshly derived Unicode tables for
pipeline/catalogs/line_breaks.py (after a libunistring upgrade).
"""

from __future__ import annotations

import base64
import ctypes
import ctypes.util
import random
import shutil
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs import line_breaks, po_format
from pipeline.catalogs.po_format import format_po

CASES = Path(__file__).parent / "po_format_cases"
MSGCAT = shutil.which("msgcat") or "/usr/bin/msgcat"
HEADER = {
    "Project-Id-Version": "dockers",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2026-02-03 00:00+0000",
    "PO-Revision-Date": "2026-02-03 00:00+0000",
    "Last-Translator": "Automatically generated",
    "Language-Team": "Spanish",
    "Language": "es",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


def msgcat(path: Path) -> str:
    # --force-po: msgcat prints nothing for a catalog that holds only its header.
    result = subprocess.run([MSGCAT, "--force-po", str(path)], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout.decode("utf-8")


def written(tmp_path: Path, text: str, name: str = "out.po") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --- hand-written cases: format_po(polib's reading) == msgcat's rewrite ---------------


@pytest.mark.parametrize("case", sorted(CASES.glob("*.po")), ids=lambda p: p.stem)
def test_case_comes_out_as_msgcat_writes_it(case: Path, tmp_path: Path) -> None:
    ours = format_po(polib.pofile(str(case)))
    assert ours == msgcat(case)
    assert msgcat(written(tmp_path, ours)) == ours


def test_cases_cover_the_tricky_layouts() -> None:
    """The golden files exercise what they claim (so a case cannot silently go trivial)."""
    text = {case.stem: msgcat(case) for case in CASES.glob("*.po")}
    assert '#, fuzzy\nmsgid ""\nmsgstr ""\n"Project-Id-Version' in text["header"]
    assert "\n#: sources/another-long-name.md:2000 sources/x.md:3 sources/x.md:4\n" in text["comments"]
    assert "#, fuzzy, c-format, python-format, no-java-format, sh-format, range: 1..5\n" in text["flags"]
    assert '#| msgid_plural ""\n#| "%d ships, and' in text["previous"]
    assert text["obsolete"].endswith('#~ msgstr[1] "%d barcos viejos"\n')
    assert "disappears" not in text["obsolete"] and "dropped" not in text["obsolete"]
    assert '"日本語：港湾労働者は二月三日にストライキを行い、武器輸送の即時停止を要求し"\n"た。' in text["wrapping"]
    assert '"Averylongwordwithoutanybreakopportunityatallthatisdefinitelylongerthanthepagewidthofseventynine "\n' in text["wrapping"]
    assert "\\b \\f \\v \\r and raw controls \x01 \x1b \x7f" in text["escapes"]


def test_written_catalog_with_every_feature(tmp_path: Path) -> None:
    """Features polib cannot read back (\\a, obsolete #~| lines) still match msgcat."""
    po = polib.POFile()
    po.header = "Spanish translation.\n\nSecond paragraph of the header comment."
    po.metadata = dict(HEADER)
    po.metadata_is_fuzzy = True
    po.append(polib.POEntry(msgid="Bell \a and a form feed \f in a string", msgstr="Campana \a"))
    po.append(
        polib.POEntry(
            msgid="A removed sentence, long enough to be wrapped when it is written as an obsolete entry.",
            msgstr="Una frase quitada.",
            msgctxt="paragraph",
            previous_msgctxt="old paragraph",
            previous_msgid="The removed sentence as it was before, which is also long enough to wrap around.",
            flags=["fuzzy"],
            tcomment="kept",
            obsolete=True,
        )
    )
    po.append(polib.POEntry(msgid="msgstr_plural without forms", msgid_plural="plural"))
    ours = format_po(po)
    assert '#~| msgctxt "old paragraph"\n#~| msgid ""\n#~| "The removed' in ours
    assert 'msgid_plural "plural"\nmsgstr[0] ""\nmsgstr[1] ""\n' in ours
    assert msgcat(written(tmp_path, ours)) == ours


# --- random catalogs are msgcat fixpoints ---------------------------------------------

FRAGMENTS = [
    "the", "workers", "solidarity", "trabajadores", "l’été", "naïve", "Straße", "manggagawa",
    "“quoted”", "‘single’", "it’s", "–", "—", "a–b", "x—y", "3,000", "2026-02-03", "-5", "(parens)",
    "[text](http://x.y/a-b)", "*em*", "**strong**", "`code`", "https://example.org/a-b_c?d=1&e=2",
    "e.g.", "U.S.", "Dr.", "50%", "$5", "#tag", "@user", "and/or", "well-known", "«guillemets»",
    "¿qué?", "¡sí!", "…", "...", "!", "?", ";", ":", ",", ".", '"', "\\", "\t", "\n", "\n\n", "\r",
    "\x01", "\x7f", "\u00a0", "\u00ad", "\u200b", "\u2060", "\u202f", "\u2028", "\u0085", "{0}", "%s",
    "%(name)s", "<b>", "&amp;", "|", "½", "ﬁ", "中文字符", "日本語のテキスト", "한국어", "مرحبا بالعالم",
    "שלום-עולם", "עברית–", "हिन्दी पाठ", "ภาษาไทย", "ａｂｃ", "（全角）", "「括弧」", "。", "、", "😀", "👍🏽",
    "🇪🇸🇫🇷🇵🇭", "👩\u200d👩\u200d👧", "a\u0301", " \u0301", "\u05d0-\u05d1",
]
SEPARATORS = [" ", " ", " ", "  ", "", "\n", " - ", "/", ", "]
REFERENCE_PATHS = ["sources/dockers.md", "sources/a-much-longer-statement-name-for-wrapping.md", "./s.md"]
COMMENT_LINES = ["heading", "paragraph 4, sentence 2 of 3", "machine: apertium eng-spa 3.7", "A note: keep *emphasis*."]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _text_from(data: bytes, any_characters: bool) -> str:
    """Decode random bytes into catalog text: fragments, words, spaces, long tokens, any code point.

    One `st.binary` draw per string keeps generation cheap and shrinking effective.
    """
    out: list[str] = []
    index = 0
    while index < len(data):
        byte, arg = data[index], data[index + 1] if index + 1 < len(data) else 0
        index += 1
        if byte < len(FRAGMENTS):
            out.append(FRAGMENTS[byte])
        elif byte < 150:
            out.append(SEPARATORS[byte % len(SEPARATORS)])
        elif byte < 220:
            out.append("".join(LETTERS[(arg * 7 + k * 5) % 26] for k in range(1 + arg % 10)))
            index += 1
        elif byte < 236:  # a token longer than a line, with or without break opportunities
            alphabet = LETTERS + "-/._" if byte % 2 else LETTERS
            out.append("".join(alphabet[(arg * 11 + k * 7) % len(alphabet)] for k in range(50 + arg % 70)))
            index += 1
        elif any_characters and index + 2 < len(data):
            code_point = int.from_bytes(data[index : index + 3], "big") % 0x110000
            index += 3
            if not (0xD800 <= code_point <= 0xDFFF or code_point in (0, 4)):
                out.append(chr(code_point))
        else:
            out.append(" ")
    return "".join(out)


def texts(any_characters: bool) -> st.SearchStrategy[str]:
    return st.binary(max_size=60).map(lambda data: _text_from(data, any_characters))


@st.composite
def catalogs(draw: Callable, round_trip: bool = False) -> polib.POFile:
    """Catalogs of up to 20 random entries; each entry's shape comes from one random integer."""
    text = texts(any_characters=not round_trip)
    po = polib.POFile()
    po.header = draw(st.sampled_from(["", "Spanish translation of “Dockers”.", "Title\n\nSecond paragraph"]))
    po.metadata = dict(HEADER)
    po.metadata_is_fuzzy = draw(st.booleans())
    keys: set[tuple[str | None, str]] = set()
    for _ in range(draw(st.integers(1, 20))):
        shape = draw(st.integers(0, 2**40 - 1))

        def bits(count: int) -> int:
            nonlocal shape
            value, shape = shape % (1 << count), shape >> count
            return value

        msgid = draw(text) or "x"
        msgctxt = (None, None, "heading", draw(text))[bits(2)]
        if (msgctxt, msgid) in keys:
            continue
        keys.add((msgctxt, msgid))
        entry = polib.POEntry(msgid=msgid, msgctxt=msgctxt, msgstr=draw(text))
        if bits(3) == 0:
            entry.msgid_plural = draw(text) or "xs"
            entry.msgstr, entry.msgstr_plural = "", {0: draw(text), 1: draw(text)}
        entry.flags = [["fuzzy"], [], ["fuzzy", "no-wrap"], ["no-wrap"]][bits(2)]
        entry.obsolete = bits(3) == 0
        if not (round_trip and entry.obsolete) and bits(2) == 0:
            entry.previous_msgid = draw(text)
            entry.previous_msgctxt = draw(text) if bits(1) else None
        entry.tcomment = "\n".join(COMMENT_LINES[: bits(2)])
        entry.comment = "\n".join(COMMENT_LINES[bits(1) : bits(2) + 1])
        count, first_line = bits(4), bits(14)
        entry.occurrences = [
            (REFERENCE_PATHS[(first_line + k) % 3].removeprefix("./"), str(first_line + 37 * k + 1)) for k in range(count)
        ]
        po.append(entry)
    return po


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(po=catalogs())
def test_random_catalog_is_a_msgcat_fixpoint(po: polib.POFile, tmp_path_factory: pytest.TempPathFactory) -> None:
    ours = format_po(po)
    path = written(tmp_path_factory.mktemp("fixpoint"), ours)
    assert msgcat(path) == ours


# --- polib reads back what we wrote ---------------------------------------------------


def _expected_flags(entry: polib.POEntry) -> set[str]:
    first_msgstr = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
    return {flag for flag in entry.flags if flag != "fuzzy" or first_msgstr}


def _entry_view(entry: polib.POEntry) -> tuple:
    return (
        entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
        dict(entry.msgstr_plural) if entry.msgid_plural else {},
        entry.tcomment, entry.comment, list(entry.occurrences), bool(entry.obsolete),
        entry.previous_msgctxt, entry.previous_msgid,
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(po=catalogs(round_trip=True))
def test_polib_reads_back_what_was_written(po: polib.POFile, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = written(tmp_path_factory.mktemp("roundtrip"), format_po(po))
    back = polib.pofile(str(path))  # by path: polib splits a string argument on U+2028 too
    kept = [e for e in po if not e.obsolete or (e.msgstr_plural[0] if e.msgid_plural else e.msgstr)]
    kept = [e for e in kept if not e.obsolete] + [e for e in kept if e.obsolete]
    assert [_entry_view(e) for e in back] == [_entry_view(e) for e in kept]
    assert [set(e.flags) for e in back] == [_expected_flags(e) for e in kept]
    assert back.metadata == po.metadata
    assert back.header == po.header
    assert bool(back.metadata_is_fuzzy) == bool(po.metadata_is_fuzzy)


def test_msgfmt_check_accepts_a_written_catalog(tmp_path: Path) -> None:
    po = polib.POFile()
    po.header = "Spanish translation of “Solidarity with the dock workers”."
    po.metadata = dict(HEADER)
    po.append(polib.POEntry(msgid="Our demands", msgstr="Nuestras demandas", occurrences=[("sources/dockers.md", "7")]))
    po.append(polib.POEntry(msgid="We demand “safe work” — now.\nAnd fair wages.", msgstr="Exigimos «trabajo seguro» — ya.\nY salarios justos.", flags=["fuzzy"], previous_msgid="We demand safe work."))  # noqa: E501
    po.append(polib.POEntry(msgid="one ship", msgid_plural="%d ships", msgstr_plural={0: "un barco", 1: "%d barcos"}))
    po.append(polib.POEntry(msgid="An old sentence", msgstr="Una frase antigua", obsolete=True))
    path = written(tmp_path, format_po(po), "es.po")
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "es.mo"), str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "2 translated messages, 1 fuzzy translation" in result.stderr


# --- what msgcat would refuse or silently change is an error --------------------------


def _catalog(*entries: polib.POEntry, charset: str = "UTF-8") -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": f"text/plain; charset={charset}"}
    for entry in entries:
        po.append(entry)
    return po


@pytest.mark.parametrize(
    ("po", "message"),
    [
        (_catalog(polib.POEntry(msgid="a\x00b")), "NUL"),
        (_catalog(polib.POEntry(msgid="a", msgstr="b\x04c")), "EOT"),
        (_catalog(polib.POEntry(msgid="a", msgstr="x"), polib.POEntry(msgid="a", msgstr="y", obsolete=True)), "two entries"),
        (_catalog(polib.POEntry(msgid="a", msgid_plural="as", msgstr_plural={0: "x", 2: "y"})), "not numbered"),
        (_catalog(polib.POEntry(msgid="a", previous_msgctxt="old")), "no previous msgid"),
    ],
    ids=["nul", "eot", "duplicate", "plural-gap", "previous-context-alone"],
)
def test_unwritable_catalog_is_refused(po: polib.POFile, message: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=message):
        format_po(po)
    # polib writes such a catalog anyway; msgcat then refuses it or changes it.
    naive = written(tmp_path, str(po) + "\n")
    result = subprocess.run([MSGCAT, str(naive)], capture_output=True, check=False)
    assert result.returncode != 0 or result.stdout != naive.read_bytes()


def test_non_ascii_under_another_charset_is_refused() -> None:
    """Our text is written as UTF-8; a header claiming ISO-8859-1 would then lie about it."""
    with pytest.raises(ValueError, match="charset=ISO-8859-1"):
        format_po(_catalog(polib.POEntry(msgid="año", msgstr="year"), charset="ISO-8859-1"))
    assert format_po(_catalog(polib.POEntry(msgid="year", msgstr="an"), charset="ISO-8859-1"))


def test_empty_catalog_is_empty() -> None:
    assert format_po(polib.POFile()) == ""


# --- the Unicode tables are those of the libunistring msgcat uses --------------------


def _libunistring() -> ctypes.CDLL:
    try:
        library = ctypes.CDLL(ctypes.util.find_library("unistring") or "libunistring.so.2")
    except OSError:
        pytest.skip("libunistring (used by GNU gettext) is not installed")
    library.u8_possible_linebreaks_v2.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p]
    library.u8_width_linebreaks_v2.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
        ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
    ]
    library.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    library.uc_width.restype = ctypes.c_int
    return library


class _Library:
    """Break opportunities and widths straight from libunistring."""

    def __init__(self, library: ctypes.CDLL) -> None:
        self.library = library
        self.buffer = ctypes.create_string_buffer(1 << 16)

    def opportunities(self, text: str) -> list[int]:
        """Per character: 1 no break before it, 2 break allowed, 3 mandatory break."""
        data = text.encode("utf-8")
        self.library.u8_possible_linebreaks_v2(data, len(data), b"UTF-8", self.buffer)
        raw, result, offset = self.buffer.raw, [], 0
        for character in text:
            result.append(raw[offset])
            offset += len(character.encode("utf-8"))
        return result

    def width(self, code_point: int) -> int:
        return max(self.library.uc_width(code_point, b"UTF-8"), 0)

    def signature(self, character: str, representatives: list[str]) -> tuple[int, ...]:
        """How `character` breaks next to each representative, with and without spaces."""
        return tuple(self.opportunities("a" + "".join(r + character + r + " " + character + " " + r for r in representatives)))

    def line_breaks(self, text: str, start_column: int, width: int) -> list[int]:
        """u8_width_linebreaks with gettext's overrides (no break inside escapes or before a final \\n)."""
        data = text.encode("utf-8")
        offsets = [0]
        for character in text:
            offsets.append(offsets[-1] + len(character.encode("utf-8")))
        overrides = bytearray(len(data))
        index = 0
        while index < len(text):
            if text[index] == "\\":
                overrides[offsets[index + 1]] = 1  # UC_BREAK_PROHIBITED
                index += 1
            index += 1
        if text.endswith("\\n"):
            overrides[offsets[len(text) - 2]] = 1
        out = ctypes.create_string_buffer(max(len(data), 1))
        self.library.u8_width_linebreaks_v2(data, len(data), width, start_column, 0, bytes(overrides) or None, b"UTF-8", out)
        position_of = {offset: i for i, offset in enumerate(offsets)}
        return [position_of[k] for k in range(len(data)) if out.raw[k] == 2]


@pytest.fixture(scope="module")
def library() -> _Library:
    return _Library(_libunistring())


def _representatives() -> dict[str, str]:
    """The first code point (not NUL) of each line-break class in po_format's table."""
    found: dict[str, str] = {}
    for start, letter in zip(line_breaks._STARTS, line_breaks._RUN_CLASSES):
        if start and not 0xD800 <= start <= 0xDFFF:
            found.setdefault(line_breaks._NAME[letter], chr(start))
    return found


def test_unicode_tables_match_libunistring(library: _Library) -> None:
    representatives = _representatives()
    assert sorted(representatives) == sorted(line_breaks._CLASS_NAMES)
    reps = list(representatives.values())
    signature_class = {library.signature(rep, reps): name for name, rep in representatives.items()}
    assert len(signature_class) == len(representatives), "class signatures must tell the classes apart"
    ends = [*line_breaks._STARTS[1:], 0x110000]
    rng = random.Random(3)
    samples = {p for start, end in zip(line_breaks._STARTS, ends) for p in (start, end - 1)}
    samples |= {rng.randrange(0x110000) for _ in range(10000)}
    mismatches = []
    # Surrogates cannot occur; NUL is refused; CR is always written as \r (and libunistring's
    # v2 CR handling gives it a signature of its own).
    for code_point in sorted(samples - set(range(0xD800, 0xE000)) - {0, 0x0D}):
        ours = line_breaks._NAME[line_breaks._CLASS_OF[code_point]]
        theirs = signature_class.get(library.signature(chr(code_point), reps), "?")
        if ours != theirs or int(line_breaks._WIDTH_OF[code_point]) != library.width(code_point):
            mismatches.append(f"U+{code_point:04X}: ours {ours}, libunistring {theirs}")
    assert not mismatches, f"{len(mismatches)} code points differ, e.g. {mismatches[:5]}; run python {__file__}"
    for start, end, width in zip(line_breaks._STARTS, ends, line_breaks._RUN_WIDTHS):
        widths = {library.width(cp) for cp in range(start, end) if not 0xD800 <= cp <= 0xDFFF}
        assert widths <= {int(width)}, f"U+{start:04X}..U+{end - 1:04X}: libunistring widths {widths}, ours {width}"


def test_pair_table_matches_libunistring(library: _Library) -> None:
    representatives = _representatives()
    for before, after in line_breaks._PAIR:
        b, a = representatives[line_breaks._NAME[before]], representatives[line_breaks._NAME[after]]
        direct, spaced = library.opportunities("a" + b + a)[-1], library.opportunities("a" + b + " " + a)[-1]
        assert {(2, 2): "D", (1, 2): "I", (1, 1): "P"}[direct, spaced] == line_breaks._PAIR[before, after], (before, after)


def test_line_breaks_match_libunistring(library: _Library) -> None:
    """Many random strings, no process per string: our breaker against u8_width_linebreaks."""
    rng = random.Random(7)
    pools = {}
    for start, letter in zip(line_breaks._STARTS, line_breaks._RUN_CLASSES):
        if not 0xD800 <= start <= 0xDFFF and start:
            pools.setdefault(letter, []).append(start)
    pool_list = list(pools.values())
    for _ in range(10000):
        pieces = []
        for _ in range(rng.randint(1, 50)):
            roll = rng.random()
            if roll < 0.25:
                pieces.append(" " * rng.randint(1, 3))
            elif roll < 0.45:
                pieces.append(rng.choice(FRAGMENTS))
            else:
                pieces.append(chr(rng.choice(rng.choice(pool_list))))
        text = po_format._escape("".join(pieces).split("\n")[0] + rng.choice(["", "\n"]))
        start_column, width = rng.choice([0, 6, 7]), rng.choice([77, 74, 20, 3])
        assert line_breaks.Portion(text, width).breaks(start_column) == library.line_breaks(text, start_column, width), text


def _derive_tables(library: _Library) -> tuple[str, str]:
    """line_breaks' _TABLE_DATA and _PAIRS as libunistring defines them (slow: every code point)."""
    representatives = _representatives()
    reps = list(representatives.values())
    signature_class = {library.signature(rep, reps): name for name, rep in representatives.items()}
    runs: list[list] = []
    for code_point in range(0x110000):
        if 0xD800 <= code_point <= 0xDFFF:
            key = ("AL", 1)
        elif code_point == 0x0D:
            key = ("BK", 0)
        else:
            key = (signature_class[library.signature(chr(code_point), reps)], library.width(code_point))
        if runs and runs[-1][1] == key:
            runs[-1][2] += 1
        else:
            runs.append([code_point, key, 1])
    text = " ".join(f"{length:x}{name}{width}" for _, (name, width), length in runs)
    blob = base64.b85encode(zlib.compress(text.encode("ascii"), 9)).decode("ascii")
    names = sorted(name for name in representatives if name not in ("BK", "CM", "SP", "ZW", "ZWJ"))
    rows = ["    " + "".join(f"{n:<4}" for n in names).rstrip()]
    for before in names:
        cells = []
        for after in names:
            b, a = representatives[before], representatives[after]
            pair = (library.opportunities("a" + b + a)[-1], library.opportunities("a" + b + " " + a)[-1])
            cells.append({(2, 2): "D", (1, 2): "I", (1, 1): "P"}[pair])
        rows.append(f"{before:<4}" + "".join(f"{c:<4}" for c in cells).rstrip())
    data = "\n".join(f'    "{blob[i:i + 76]}"' for i in range(0, len(blob), 76))
    return data, "\n".join(rows)


if __name__ == "__main__":
    table_data, pairs = _derive_tables(_Library(_libunistring()))
    print("_TABLE_DATA = (\n" + table_data + "\n)\n\n_PAIRS = \"\"\"\n" + pairs + "\n\"\"\"")
