"""Helpers the tests share: the repository root, a small statement, and ways to run the real CLI.

Import them with `from support import …`; fixtures built on them live in `tests/conftest.py`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent

SMALL_STATEMENT = textwrap.dedent(
    """\
    ---
    title: "Solidarity with the dock workers"
    date: 2026-02-03
    author: Example Alliance
    signatories:
      - Example Alliance (EA)
      - Friends of the Port
    ---

    The port was shut down on Feb. 3 by the workers. Dr. Smith and E. Smith spoke for the U.S. union.

    ## Our demands

    We demand *safe work* and fair wages. We demand an end to the blockade.

    - Stop the arms shipments.
    - Free the detained workers.

    > The time has come to act together.
    """
)



def run_pipeline(root: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m pipeline --root ROOT ARGS` as a user would; never raises on failure."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "--root", str(root), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def tree_digest(root: Path) -> dict[str, str]:
    """Path → sha256 of every file under root (to prove nothing changed)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".pipeline.lock"
    }
