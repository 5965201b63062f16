"""Markdown that survives translation, on statements (issue 12, item 7)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support import run_pipeline

from pipeline.catalogs.markdown import rebuild_markdown
from pipeline.catalogs.sources import load_source
from pipeline.config import load_config
from pipeline.leaflets.body_html import render_body_html
from pipeline.model import EntryStatus, Translation

BODY = (
    "The union hall  \n12 Harbour Road\\\nManila\n\n"
    "Nous disons\u00a0: «\u00a0assez\u00a0!\u00a0». Thin\u202fspace kept.\n\n"
    "Read [the call][1] and see ![the march][pic].\n\n"
    "Look at this ![photo](p.png) now. Ok <!-- x --> yes.\n\n"
    "[1]: https://example.org/call\n[pic]: march.png\n"
)
FRONT = 'title: "Stop *the* war"\nsubtitle: "A **joint** call"\ndate: 2026-02-03\n'


def _doc(project: Path, body: str = BODY, front: str = FRONT):
    path = project / "sources" / "case.md"
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return load_source(path, load_config(project))


def test_hard_breaks_and_unicode_spaces_are_kept_in_msgids(project: Path) -> None:
    msgids = [s.msgid for s in _doc(project).segments]
    assert msgids[2] == "The union hall\\\n12 Harbour Road\\\nManila"
    assert msgids[3] == "Nous disons\u00a0: «\u00a0assez\u00a0!\u00a0»."
    assert msgids[4] == "Thin\u202fspace kept."
    assert "Look at this ![photo](p.png) now." in msgids and "Ok <!-- x --> yes." in msgids


def test_pot_carries_hard_breaks_as_translators_can_keep_them(project: Path) -> None:
    _doc(project)
    (project / "sources" / "dockers.md").unlink()
    assert run_pipeline(project, "pot").returncode == 0
    pot = project / "locales" / "case.pot"
    text = pot.read_text(encoding="utf-8")
    assert 'msgid ""\n"The union hall\\\\\\n"\n"12 Harbour Road\\\\\\n"\n"Manila"' in text
    assert "\u00a0assez\u00a0!" in text
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(pot)], capture_output=True).returncode == 0


def test_rebuilt_markdown_keeps_breaks_references_and_exact_separators(project: Path) -> None:
    doc = _doc(project)
    french = {
        "The union hall\\\n12 Harbour Road\\\nManila": "La maison syndicale\\\n12 route du Port\\\nManille",
        "Read [the call][1] and see ![the march][pic].": "Lisez [l’appel][1] et voyez ![la marche][pic].",
        "Look at this ![photo](p.png) now.": "Regardez cette ![photo](p.png) maintenant.",
    }
    rebuilt = rebuild_markdown(doc, lambda s: french.get(s.msgid, s.msgid), "fr")
    assert rebuilt.startswith("\nLa maison syndicale\\\n12 route du Port\\\nManille\n\n")
    assert "Lisez [l’appel][1] et voyez ![la marche][pic].\n" in rebuilt
    assert "Regardez cette ![photo](p.png) maintenant. Ok <!-- x --> yes.\n" in rebuilt
    assert rebuilt.endswith("[1]: https://example.org/call\n[pic]: march.png\n")


def test_rebuilt_markdown_escapes_what_would_become_new_syntax(project: Path) -> None:
    doc = _doc(project, "In the year 2026. We march.\n\n- A list item.\n\n> Quoted. Twice.\n")
    new = {"In the year 2026.": "2026. El año.", "We march.": "Marchamos.", "A list item.": "- guion", "Quoted.": "# no heading"}
    rebuilt = rebuild_markdown(doc, lambda s: new.get(s.msgid, s.msgid), "es")
    assert rebuilt == "\n2026\\. El año. Marchamos.\n\n- \\- guion\n\n> \\# no heading Twice.\n"


def test_continuation_lines_of_a_translated_hard_break_keep_the_container(project: Path) -> None:
    doc = _doc(project, "> One line.\n\n- Item.\n")
    new = {"One line.": "Una\\\n- línea.", "Item.": "Ele\\\n2026. mento."}
    assert rebuild_markdown(doc, lambda s: new.get(s.msgid, s.msgid), "es") == "\n> Una\\\n> \\- línea.\n\n- Ele\\\n  2026\\. mento.\n"


def test_leaflet_html_renders_breaks_references_and_chinese_joins(project: Path) -> None:
    doc = _doc(project)
    html = render_body_html(doc, lambda s: Translation(s.msgid, EntryStatus.REVIEWED), "en", "en")
    assert "The union hall<br />\n12 Harbour Road<br />\nManila" in html
    assert '<a href="https://example.org/call">the call</a>' in html and '<img src="march.png" alt="the march" />' in html
    assert "\u00a0assez\u00a0!\u00a0»" in html
    chinese = {"Look at this ![photo](p.png) now.": "看这张![照片](p.png)。", "Ok <!-- x --> yes.": "好的。"}
    html = render_body_html(doc, lambda s: Translation(chinese.get(s.msgid, s.msgid), EntryStatus.REVIEWED), "en", "zh_Hans")
    assert '看这张<img src="p.png" alt="照片" />。好的。' in html


def test_a_paragraph_opening_with_a_line_of_no_break_spaces_is_read(project: Path) -> None:
    doc = _doc(project, "\u00a0 \nThe text. More.\n")  # markdown-it strips the no-break space, the walker must follow
    assert [s.msgid for s in doc.segments][2:] == ["The text.", "More."]
    assert rebuild_markdown(doc, lambda s: s.msgid) == doc.body
