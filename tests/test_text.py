"""The text rules machine translation and the quality checks share (pipeline.text) give one answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import run_pipeline, tree_digest

from pipeline.gate import quality
from pipeline.mt import protect, suspect
from pipeline.text import expected_script, key_line, length_ratio_bounds


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("see www.example.org for more.", ["www.example.org"]),
        ("See https://example.org/a-b_c?d=1&e=2.", ["https://example.org/a-b_c?d=1&e=2"]),
        ("[the statement](https://example.org/s) now", ["https://example.org/s"]),
        ("Write to info@example.org, or to WWW.Example.org.", ["info@example.org", "WWW.Example.org"]),
        ("No link in e.g. foo.bar or x@y.", []),
    ],
)
def test_masking_and_qa_agree_on_urls_and_email_addresses(text: str, links: list[str]) -> None:
    masked = protect.mask(text, [])
    for link in links:  # masked whole: as a URL or e-mail address, or inside a Markdown link's target
        assert any(link in m.original for m in masked.masks), (link, masked.masks)
    assert not re.search(r"(?i)www\.|://|@example", masked.text)
    assert sorted(quality._links(text).elements()) == sorted(links)


def test_masking_and_qa_agree_on_html_tags() -> None:
    text = 'Free them <a href="x">here</a> and < b > not.'
    masked = protect.mask(text, [])
    tags = [m.original for m in masked.masks if m.kind == "html"]
    assert tags == ['<a href="x">', "</a>", "< b >"] == quality._HTML.findall(text)


def test_a_script_subtag_decides_the_script() -> None:
    assert expected_script("sr") == "Cyrl" and expected_script("sr_Latn") == expected_script("sr-Latn") == "Latn"
    assert expected_script("zh_TW") == "Hant" and expected_script("zh") == "Hans"
    latin_serbian = "Narod uopšte nije poslušan, rekli su radnici luke."
    assert suspect.check_script("The people are not docile at all.", latin_serbian, "sr_Latn") is None
    assert "Cyrillic" in (suspect.check_script("The people are not docile at all.", latin_serbian, "sr") or "")


def test_one_length_ratio_for_machine_and_human_translations() -> None:
    source = "The time has come for all of us to act together."  # 49 characters
    for target, flagged in [("Es hora de actuar.", True), ("Ha llegado la hora de actuar juntos.", False)]:
        pair = quality.Pair(source, target, "es")
        assert bool(list(quality.check_length(pair))) is flagged
        assert (suspect.check_length(source, target, "es") is not None) is flagged
    assert length_ratio_bounds("ja")[0] < length_ratio_bounds("es")[0]


def test_key_line_for_yaml_and_toml() -> None:
    assert key_line("title: x\nmeta:\n  title: y\npages: 2\n", "pages", ":") == 4
    assert key_line("a = 1\n[pdf]\n  draft-minimum = 5\n", "draft-minimum", "=") == 3
    assert key_line("title: x\n", "date", ":") == 0


@pytest.mark.parametrize("command", ["update", "pdf"])
def test_a_bad_source_date_epoch_is_a_clean_error(project: Path, command: str) -> None:
    before = tree_digest(project)
    result = run_pipeline(project, command, env={"SOURCE_DATE_EPOCH": "abc"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.match(r"SOURCE_DATE_EPOCH: .*whole number of seconds.*'abc'", result.stderr), result.stderr
    assert tree_digest(project) == before
