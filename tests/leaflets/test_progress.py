"""Progress bars: drawn on a terminal, never in piped output (CI logs, files)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path


def run_on_terminal(root: Path, *args: str) -> tuple[int, str]:
    """Run the CLI with standard error on a pseudo-terminal; what the terminal showed."""
    main, secondary = pty.openpty()
    shown = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the other side closed
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "pipeline", "--root", str(root), *args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=secondary, cwd=root, timeout=600,
        )
    finally:
        os.close(secondary)
        reader.join(timeout=10)
        os.close(main)
    return process.returncode, shown.decode("utf-8", "replace")


def test_render_progress_only_on_a_terminal(project: Path) -> None:
    status, shown = run_on_terminal(project, "pdf", "--lang", "en", "--jobs", "1")
    assert status == 0
    assert "rendering draft leaflets" in shown and "1/1" in shown
    (project / "build").rename(project / "old-build")
    piped = subprocess.run([sys.executable, "-m", "pipeline", "--root", str(project), "pdf", "--lang", "en"], capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stderr == "", piped.stderr
