"""A leaflet keeps the statement's Markdown (issue 12, item 7): hard breaks as lines, no-break spaces,
reference links, the title's inline markup."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support import run_pipeline
from support.pdf import stream_text

STATEMENT = (
    '---\ntitle: "Stop *the* war"\nsubtitle: "A **joint** call"\ndate: 2026-02-03\n---\n\n'
    "The union hall  \n12 Harbour Road\\\nManila\n\n"
    "Read [the call][1] today.\n\n"
    "[1]: https://example.org/call\n"
)
FRENCH = {
    "Stop *the* war": "Arrêtez *la* guerre",
    "A **joint** call": "Un appel **commun**",
    "The union hall\\\n12 Harbour Road\\\nManila": "La maison syndicale\\\n12 route du Port\\\nManille",
    "Read [the call][1] today.": "Lisez [l’appel][1] aujourd’hui\u00a0!",
}


def _po(msgids: dict[str, str]) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    entries = "".join(f"\nmsgid {quote(k)}\nmsgstr {quote(v)}\n" for k, v in msgids.items())
    return f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n{entries}'


def test_french_leaflet_keeps_breaks_spaces_links_and_title_markup(project: Path) -> None:
    (project / "sources" / "dockers.md").unlink()
    (project / "sources" / "hall.md").write_text(STATEMENT, encoding="utf-8")
    po = project / "locales" / "fr" / "LC_MESSAGES" / "hall.po"
    po.parent.mkdir(parents=True)
    po.write_text(_po(FRENCH), encoding="utf-8")
    result = run_pipeline(project, "pdf", "--lang", "fr")
    assert result.returncode == 0, result.stderr
    pdf = project / "build" / "pdf" / "hall.fr.pdf"
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert lines[lines.index("La maison syndicale") :][:3] == ["La maison syndicale", "12 route du Port", "Manille"]
    assert "Arrêtez la guerre" in lines and "Un appel commun" in lines  # no asterisks
    assert any("aujourd’hui\u00a0!" in line or "aujourd’hui !" in line for line in lines)
    assert "[1]" not in text
    assert b"https://example.org/call" in stream_text(pdf)  # the reference link is a live link annotation


