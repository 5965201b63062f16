"""WeasyPrint's log as a test sees it: a render must log nothing the test did not expect.

Modelled on WeasyPrint's own `assert_no_logs`: `assert_no_logs(*expected)` is a
context manager that collects what the "weasyprint" logger emits (warnings and
up) while the block runs and fails if any message matches none of the
`expected` regular expressions. `unexpected_warnings(stderr, *expected)` does
the same for the `path: warning: …` lines `pipeline pdf` prints for renders
that ran in its worker processes.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

from pipeline.leaflets.build import WarningCollector


def _unexpected(messages: list[str], expected: tuple[str, ...]) -> list[str]:
    return [m for m in messages if not any(re.search(pattern, m) for pattern in expected)]


@contextlib.contextmanager
def assert_no_logs(*expected: str) -> Iterator[list[str]]:
    """Fail if WeasyPrint logs a warning in the block that matches none of `expected`; yields every message."""
    logger = logging.getLogger("weasyprint")
    handler = WarningCollector()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
    unexpected = _unexpected(handler.messages, expected)
    assert not unexpected, f"WeasyPrint logged {len(unexpected)} unexpected message(s): {unexpected}"


def unexpected_warnings(stderr: str, *expected: str) -> list[str]:
    """The `…: warning: …` lines of a `pipeline pdf` run that match none of `expected`."""
    warnings = [line for line in stderr.splitlines() if ": warning: " in line]
    return _unexpected(warnings, expected)
