"""Catalog writers and PDF readers shared by the editions, print, site and card tests."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

TITLE = "Solidarity with the dock workers"
SPANISH = {
    TITLE: "Solidaridad con los estibadores",
    "The port was shut down on Feb. 3 by the workers.": "Los trabajadores cerraron el puerto el 3 de febrero.",
    "Dr. Smith and E. Smith spoke for the U.S. union.": "El Dr. Smith y E. Smith hablaron por el sindicato estadounidense.",
    "Our demands": "Nuestras exigencias",
    "We demand *safe work* and fair wages.": "Exigimos *trabajo seguro* y salarios justos.",
    "We demand an end to the blockade.": "Exigimos el fin del bloqueo.",
    "Stop the arms shipments.": "Detengan los envíos de armas.",
    "Free the detained workers.": "Liberen a los trabajadores detenidos.",
    "The time has come to act together.": "Ha llegado la hora de actuar juntos.",
}
ARABIC = {
    TITLE: "التضامن مع عمال الموانئ",
    "The port was shut down on Feb. 3 by the workers.": "أغلق العمال الميناء في الثالث من فبراير.",
    "Dr. Smith and E. Smith spoke for the U.S. union.": "تحدث الدكتور سميث باسم النقابة.",
    "Our demands": "مطالبنا",
    "We demand *safe work* and fair wages.": "نطالب *بعمل آمن* وأجور عادلة.",
    "We demand an end to the blockade.": "نطالب بإنهاء الحصار.",
    "Stop the arms shipments.": "أوقفوا شحنات الأسلحة.",
    "Free the detained workers.": "أطلقوا سراح العمال المعتقلين.",
    "The time has come to act together.": "حان وقت العمل معا.",
}
SPANISH_WORDS = {"Page {page} of {pages}": "Página {page} de {pages}", "Signed by": "Firman"}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_po(project: Path, lang: str, domain: str, entries: dict[str, str], machine: bool = True) -> Path:
    """A catalog written as plain text; every entry a machine suggestion (fuzzy) unless `machine` is False."""
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', f'"Language: {lang}\\n"', ""]
    for msgid, msgstr in entries.items():
        if machine and msgstr:
            lines += ["#. machine translation: apertium eng-spa 3.9", "#, fuzzy"]
        lines += [f"msgid {_quote(msgid)}", f"msgstr {_quote(msgstr)}", ""]
    path = project / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def configure(project: Path, languages: list[str], extra: str = "") -> None:
    """Set the target languages and append TOML sections to the project's pipeline.toml."""
    config = project / "pipeline.toml"
    text = re.sub(r"^languages = .*$", "languages = [" + ", ".join(f'"{lang}"' for lang in languages) + "]", config.read_text(), flags=re.M)
    text = re.sub(r"^\[(editions|site)\]\n(?:[^\[].*\n|\n)*", "", text, flags=re.M)  # the repository's own settings
    config.write_text(text + "\n" + extra)


def poppler(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def words(pdf: Path, page: int = 1) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, text) of every word on a page, from pdftotext -bbox."""
    xml = poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    return [
        (float(m[1]), float(m[2]), float(m[3]), float(m[4]), m[5])
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)
    ]


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(pdf)), re.M).group(1))
