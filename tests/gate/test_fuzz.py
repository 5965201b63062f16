"""Whatever bytes a contributor commits as a catalog, validation reports findings; it never raises."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.gate import quality as qa
from pipeline.gate.validity import validate_catalog

CASES = Path(__file__).parent / "po_cases"
SEED = (CASES / "placeholder-loss.po").read_bytes()
PIECES = [b'"', b"\\", b"\n", b"\r\n", b"#", b"#~ ", b"#, fuzzy\n", b"msgid ", b"msgstr ", b"msgstr[1] ", b"msgid_plural ",
          b"msgctxt ", b'msgid ""\n', b"\xef\xbb\xbf", b"\x00", b"\xff", "\u2028".encode(), "\u202e".encode(), b"\\x41", b"\\n",
          b"nplurals=9; plural=n;", b"charset=latin1", b"%s", b"{x}", b"<b>", b" "]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = SEED
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 8))
        data = data[:at] + draw(st.sampled_from(PIECES)) + data[at + cut:]
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated())
def test_mutated_catalogs_never_raise(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzzed.po"
    path.write_bytes(data)
    validation = validate_catalog(path, "es")
    findings = list(validation.findings)
    if validation.entries is not None:
        findings += qa.check_catalog(path, validation.entries, "es")
    lines = data.count(b"\n") + 1
    assert all(0 <= f.line <= lines for f in findings), [str(f) for f in findings]
    assert path.read_bytes() == data
