"""Every command, fed random bytes and random mutations of real inputs: no traceback, a documented exit, no file changed on error.

For each command (pot, update, translate --engine apertium, check, pdf, status,
rebuild, sentences) Hypothesis mutates one real input of a small, updated,
partly translated project — the statement, its POT, the Spanish catalog, the
template-words catalog, pipeline.toml, glossary.tsv — by splicing in pieces that
break each format (or replaces it with random bytes), then runs the real CLI.

Bounded for CI: 5 examples per command (8 commands, about 45 s); set
PIPELINE_NIGHTLY=1 for 100 per command, or PIPELINE_FUZZ_EXAMPLES=N.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import REPO, SMALL_STATEMENT, run_pipeline, tree_digest

FUZZ_EXAMPLES = int(os.environ.get("PIPELINE_FUZZ_EXAMPLES") or (100 if os.environ.get("PIPELINE_NIGHTLY") else 5))
SLUG = "dockers"
# The exit statuses the README documents: 0 success, 1 bad input or configuration, 2 usage; check adds 3-6.
EXITS = {"check": {0, 1, 2, 3, 4, 5, 6}}
COMMANDS = {
    "pot": ("pot",),
    "update": ("update",),
    "translate": ("translate", "--engine", "apertium", "--lang", "es"),
    "check": ("check",),
    "pdf": ("pdf", "--lang", "es"),
    "status": ("status",),
    "rebuild": ("rebuild", f"sources/{SLUG}.md", "--lang", "es"),
    "sentences": ("sentences", "--lang", "en"),
}
INPUTS = {
    f"sources/{SLUG}.md": [b"---\n", b"date: 2026-13-40\n", b"subtitel: x\n", b": ", b"- ", b"{", b"&a [*a]", b"!!python/object:os.system ls\n",
                          b"title: 5\n", b"pages: -1\n", b"\n## ", b"\n\n    code\n", b"[x](", b"*", b"`", b"<b>", b"\xff", b"\r\n", b"\x00"],
    f"locales/{SLUG}.pot": [b'"', b"\\", b"\n", b"#, fuzzy\n", b"msgid ", b"msgstr ", b'msgid ""\n', b"\x00", b"\xff", b"msgctxt "],
    f"locales/es/LC_MESSAGES/{SLUG}.po": [b'"', b"\\", b"\n", b"\r\n", b"#", b"#~ ", b"#, fuzzy\n", b"msgid ", b"msgstr ", b"msgstr[1] ",
                                          b"msgid_plural ", b"msgctxt ", b'msgid ""\n', b"\xef\xbb\xbf", b"\x00", b"\xff", "\u202e".encode(),
                                          b"nplurals=9; plural=n;", b"charset=latin1", b"%s", b"{x}", b"<script>", b"{{ 7*7 }}", b" ."],
    "locales/es/LC_MESSAGES/leaflet-template.po": [b'"', b"\n", b"{page}", b"{pages}", b"msgstr ", b"#, fuzzy\n", b"\x00", b"</p>"],
    "pipeline.toml": [b"=", b"[", b"]", b'"', b"\n", b'beam-size = "four"\n', b"[paths]\nsources = 5\n", b"[mt]\n", b"languages = 3\n",
                      b"[release]\nes = 200\n", b"\xff", b"\x00", b"add-location = 1\n", b"[pdf]\npage-size = 'A0'\n"],
    "glossary.tsv": [b"\t", b"\n", b"ILPS\tes\n", b"\xff", b"#", b"x\t*\tkeep\textra\n"],
}
SPANISH = {
    "Solidarity with the dock workers": "Solidaridad con los estibadores",
    "The port was shut down on Feb. 3 by the workers.": "Los trabajadores cerraron el puerto el 3 de febrero.",
    "Our demands": "Nuestras exigencias",
    "Stop the arms shipments.": "Detengan los envíos de armas.",
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project, updated, with half of its Spanish entries translated (so `pdf` renders)."""
    root = tmp_path_factory.mktemp("fuzz") / "project"
    root.mkdir()
    for name in ("pipeline.toml", "glossary.tsv"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "sources").mkdir()
    (root / "sources" / f"{SLUG}.md").write_text(SMALL_STATEMENT, encoding="utf-8")
    config = root / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("draft-minimum = 50", "draft-minimum = 30"), encoding="utf-8")
    assert run_pipeline(root, "update").returncode == 0
    po = root / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    for msgid, msgstr in SPANISH.items():
        text = text.replace(f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"')
    po.write_text(text, encoding="utf-8")
    assert run_pipeline(root, "update").returncode == 0  # records the approvals, so the catalogs are up to date
    assert run_pipeline(root, "check").returncode == 0
    return root


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, bytes | None]:
    """(input path, its new bytes); None for the path means random text on standard input only."""
    path = draw(st.sampled_from(sorted(INPUTS)))
    if draw(st.integers(0, 9)) == 0:
        return path, draw(st.binary(max_size=400))
    return path, b""  # the splices are drawn in the test, once the file's bytes are known


_serial = count()


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_survives_broken_input(base: Path, tmp_path: Path, command: str, data: st.DataObject) -> None:
    root = tmp_path / f"run{next(_serial)}"
    shutil.copytree(base, root)
    path, replacement = data.draw(mutation(), label="input")
    target = root / path
    content = replacement if replacement else target.read_bytes()
    if not replacement:
        for _ in range(data.draw(st.integers(1, 4), label="splices")):
            at = data.draw(st.integers(0, len(content)), label="at")
            cut = data.draw(st.integers(0, 12), label="cut")
            content = content[:at] + data.draw(st.sampled_from(INPUTS[path]), label="piece") + content[at + cut :]
    target.write_bytes(content)
    stdin = data.draw(st.text(max_size=200), label="stdin") if command == "sentences" else None
    before = tree_digest(root)
    try:
        result = run_pipeline(root, *COMMANDS[command], stdin=stdin)
    except subprocess.TimeoutExpired:  # pragma: no cover - a hang is a failure too
        pytest.fail(f"{command} hung on {path}")
    assert "Traceback" not in result.stderr, f"{command} on a mutated {path}:\n{result.stderr}"
    assert result.returncode in EXITS.get(command, {0, 1}), (command, path, result.returncode, result.stderr)
    if result.returncode != 0:
        assert tree_digest(root) == before, f"{command} failed ({result.stderr.strip()}) but changed files"
        assert (result.stdout + result.stderr).strip(), f"{command} failed without saying why"
