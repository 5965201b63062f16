"""Benchmark: how many catalog lines a small source edit changes (a translator reviews that diff).

Copies the repository's sample project (configuration, statements, catalogs,
templates) into a temporary git repository, commits it, then applies
  - one: a one-sentence reword ("has not been defeated" -> "has not been beaten");
  - six: six small edits (that reword, a typo fix, a sentence added, a paragraph
    split in two, a paragraph deleted, a short paragraph added near the start);
runs `pipeline update` and prints the lines changed (added + removed, from
`git diff`; the volatile POT-Creation-Date line does not count) in the POT and
in each `.po`, for every `add-location` setting.
Run: .venv/bin/python benchmarks/bench_diff_size.py (PYTHONPATH=DIR measures the
package in DIR instead, e.g. an older commit from `git archive`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SLUG = "2026-02-03-venezuela-joint-statement"


def _reword(text: str) -> str:
    return text.replace("The Bolivarian Revolution has not been defeated.", "The Bolivarian Revolution has not been beaten.", 1)


def _six(text: str) -> str:
    text = _reword(text)
    text = text.replace("rightwing", "right-wing", 1)
    text = text.replace("has not been beaten.", "has not been beaten. Its people stand firm.", 1)
    split = re.search(r"^(These moves around the world[^\n]*?\.) (?=[A-Z])", text, re.MULTILINE)
    assert split is not None
    text = text[: split.end(1)] + "\n\n" + text[split.end() :]
    text = re.sub(r"^Militant street actions have also been paired[^\n]*\n\n", "", text, count=1, flags=re.MULTILINE)
    first = text.index("\n\n## ")
    return text[:first] + "\n\nWe stand together with the peoples of Venezuela and Cuba." + text[first:]


def _run(*args: str, cwd: Path) -> str:
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True).stdout


def measure(edit: str, add_location: str | None) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("pipeline.toml", "glossary.tsv"):
            shutil.copy(REPO / name, root / name)
        for name in ("sources", "locales", "templates"):
            shutil.copytree(REPO / name, root / name)
        if add_location:
            config = root / "pipeline.toml"
            text = config.read_text(encoding="utf-8")
            text = re.sub(r'(?m)^add-location = .*\n', "", text)
            if "[catalogs]" not in text:
                text += "\n[catalogs]\n"
            config.write_text(text.replace("[catalogs]\n", f'[catalogs]\nadd-location = "{add_location}"\n'), encoding="utf-8")
        update = [sys.executable, "-m", "pipeline", "--root", str(root), "update"]
        _run(*update, cwd=root)  # the starting point: catalogs up to date for this setting
        _run("git", "init", "-q", cwd=root)
        _run("git", "add", "-A", cwd=root)
        _run("git", "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "start", cwd=root)
        source = root / "sources" / f"{SLUG}.md"
        text = source.read_text(encoding="utf-8")
        source.write_text(_reword(text) if edit == "one" else _six(text), encoding="utf-8")
        _run(*update, cwd=root)
        changed: dict[str, int] = {}
        path = ""
        for line in _run("git", "diff", "-U0", "--", "locales", cwd=root).splitlines():
            if line.startswith("+++ b/"):
                path = line[6:]
            elif line[:1] in "+-" and not line.startswith(("+++", "---")) and "POT-Creation-Date:" not in line:
                changed[path] = changed.get(path, 0) + 1
        return changed


def main() -> None:
    for add_location in (None, "full", "file", "never"):
        for edit in ("one", "six"):
            changed = measure(edit, add_location)
            pot = changed.get(f"locales/{SLUG}.pot", 0)
            pos = {lang: changed.get(f"locales/{lang}/LC_MESSAGES/{SLUG}.po", 0) for lang in ("es", "fr", "tl")}
            setting = add_location or "(default)"
            print(f"add-location {setting:9} {edit:3} edit(s): POT {pot:3} lines, " + ", ".join(f"{k} {v:3}" for k, v in pos.items()))


if __name__ == "__main__":
    main()
