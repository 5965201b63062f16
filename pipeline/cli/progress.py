"""Progress bars for long steps (model install, translate, render), drawn with rich on standard error.

Contract: `bar(description, unit)` is a context manager yielding a `Bar`; call it
as `bar(done, total)` (or `bar(done, total, label)` to rename the step). A bar
appears only when standard error is a terminal and the step has lasted
`SHOW_AFTER` seconds; otherwise nothing is drawn, so output piped to a file or
to CI stays plain text. The bar is removed when the step ends.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

SHOW_AFTER = 0.5  # seconds: short steps draw no bar


class Bar:
    def __init__(self, progress: Progress | None, task: TaskID | None = None) -> None:
        self.progress = progress
        self.task = task
        self.started = progress.get_time() if progress else 0.0

    def __call__(self, done: int, total: int, label: str | None = None) -> None:
        if self.progress is None or self.task is None:
            return
        visible = self.progress.get_time() - self.started >= SHOW_AFTER
        self.progress.update(self.task, completed=done, total=total, visible=visible, description=label)


@contextlib.contextmanager
def bar(description: str, unit: str = "") -> Iterator[Bar]:
    if not sys.stderr.isatty():
        yield Bar(None)
        return
    from rich.console import Console  # only when a bar can be drawn
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn(unit), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        yield Bar(progress, progress.add_task(description, total=None, visible=False))
