"""Every benchmark runs once at a tiny size, so none can rot between `make bench` runs.

Each prints both sides of its comparison and a ratio; here we check that it
runs to the end and prints them, not the figures (a tiny size on a shared
machine says nothing about speed).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import REPO

# The speed benchmarks, each with a --tiny mode (bench_sentences measures accuracy and has none).
BENCHMARKS = ["bench_catalog.py", "bench_mt.py", "bench_pdf.py", "bench_po_format.py"]


def test_the_speed_benchmarks_exist() -> None:
    assert all((REPO / "benchmarks" / name).is_file() for name in BENCHMARKS)


@pytest.mark.parametrize("name", BENCHMARKS)
def test_benchmark_runs_at_a_tiny_size(name: str) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / name), "--tiny"], capture_output=True, text=True, cwd=REPO, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ratio" in done.stdout, done.stdout
    if name == "bench_catalog.py":
        assert "entries that differ: 0" in done.stdout, done.stdout


def test_the_catalog_benchmark_also_runs_on_the_repository_s_words() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_catalog.py"), "--tiny", "--vocabulary", "corpus"],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "words (corpus)" in done.stdout and "entries that differ: 0" in done.stdout, done.stdout
