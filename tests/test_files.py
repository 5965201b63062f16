"""`write_if_changed` leaves a file alone exactly when it says the same apart from the ignored lines.

The rule is the plain one, `ignore.sub("", old) != ignore.sub("", new)` on the
text; the module compares UTF-8 bytes in place instead (a large catalog is not
decoded or copied), and must answer the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalogs.pot import VOLATILE_HEADER
from pipeline.files import would_change, write_if_changed

LINES = st.sampled_from([
    '"POT-Creation-Date: 2026-02-03 10:00+0000\\n"',
    '"POT-Creation-Date: 2026-12-01 09:30+0000\\n"',
    '"PO-Revision-Date: 2026-02-03 10:00+0000\\n"',
    'msgid "Peace"',
    'msgstr "Paz é"',
    "",
    '"POT-Creation-Date: ñ\\n"',
])


@settings(max_examples=300, deadline=None)
@given(old=st.lists(LINES, max_size=6), new=st.lists(LINES, max_size=6))
def test_same_answer_as_the_plain_rule(tmp_path_factory: pytest.TempPathFactory, old: list[str], new: list[str]) -> None:
    path = tmp_path_factory.mktemp("files") / "x.po"
    old_text, new_text = "\n".join(old), "\n".join(new)
    path.write_text(old_text, encoding="utf-8")
    expected = VOLATILE_HEADER.sub("", old_text) != VOLATILE_HEADER.sub("", new_text)
    assert would_change(path, new_text, ignore=VOLATILE_HEADER) == expected
    assert would_change(path, new_text.encode("utf-8"), ignore=VOLATILE_HEADER) == expected
    assert would_change(path, new_text) == (old_text != new_text)


def test_a_new_date_alone_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "x.pot"
    path.write_text('msgid ""\n"POT-Creation-Date: 2026-02-03 10:00+0000\\n"\n\nmsgid "a"\n', encoding="utf-8")
    before = path.stat().st_mtime_ns
    assert not write_if_changed(path, 'msgid ""\n"POT-Creation-Date: 2026-12-01 09:30+0000\\n"\n\nmsgid "a"\n', ignore=VOLATILE_HEADER)
    assert path.stat().st_mtime_ns == before
    assert write_if_changed(path, 'msgid ""\n"POT-Creation-Date: 2026-12-01 09:30+0000\\n"\n\nmsgid "b"\n', ignore=VOLATILE_HEADER)
    assert 'msgid "b"' in path.read_text(encoding="utf-8")


def test_an_old_file_that_is_not_utf8_counts_as_changed(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(b'msgid "caf\xe9"\n')
    assert would_change(path, 'msgid "café"\n', ignore=VOLATILE_HEADER)


@settings(max_examples=200, deadline=None)
@given(old=st.lists(LINES, max_size=6), new=st.lists(LINES, max_size=6), cut=st.integers(0, 400))
def test_streamed_chunks_are_written_exactly_when_text_would_be(tmp_path_factory: pytest.TempPathFactory, old: list[str], new: list[str], cut: int) -> None:
    path = tmp_path_factory.mktemp("files") / "x.po"
    old_text, new_text = "\n".join(old), "\n".join(new)
    path.write_text(old_text, encoding="utf-8")
    data = new_text.encode("utf-8")
    expected = would_change(path, new_text, ignore=VOLATILE_HEADER)
    assert write_if_changed(path, iter([data[:cut], data[cut:]]), ignore=VOLATILE_HEADER) == expected
    assert path.read_text(encoding="utf-8") == (new_text if expected else old_text)
    assert [p.name for p in path.parent.iterdir()] == ["x.po"]  # no temporary file left


def test_a_failing_stream_leaves_the_file_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text("old\n", encoding="utf-8")

    def chunks() -> Iterator[bytes]:
        yield b"new "
        raise ValueError("two entries with the same msgid")

    with pytest.raises(ValueError, match="two entries"):
        write_if_changed(path, chunks())
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]
