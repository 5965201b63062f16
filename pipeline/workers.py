"""Calls in worker processes, each under a time limit enforced from outside the worker.

Contract: `run_all(function, calls, jobs, limit)` runs `function(*args)` for
each `args` of `calls` in at most `jobs` forked worker processes and returns
the results in the order of `calls`. A call that runs longer than `limit`
seconds has its worker killed (SIGKILL: it may be deep inside Pango) and
replaced, and its result is `TimedOut(limit)`; the other calls go on. An
exception raised by `function` is raised again here once every worker has
ended. The caller's process state (signal handlers, timers, logging) is never
touched; whatever `function` changes stays inside its worker.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

Result = TypeVar("Result")


@dataclass(frozen=True)
class TimedOut:
    """The result of a call whose worker was killed at the time limit."""

    seconds: float


class WorkerFailed(RuntimeError):
    """A worker ended without an answer (killed from outside, or it crashed), or `function` raised."""


def _serve(connection: Connection, function: Callable[..., Any]) -> None:
    """The worker's loop: one call per message, until the parent sends None."""
    while True:
        message = connection.recv()
        if message is None:
            return
        try:
            connection.send(("ok", function(*message)))
        except Exception as exc:  # handed to the parent, which raises it
            connection.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    index: int = -1  # the call it runs, -1 when idle
    deadline: float = 0.0


def _start(function: Callable[..., Any]) -> _Worker:
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("fork").Process(target=_serve, args=(child, function), daemon=True)
    process.start()
    child.close()
    return _Worker(process, parent)


def _stop(worker: _Worker, kill: bool) -> None:
    if kill:
        worker.process.kill()
    else:
        try:
            worker.connection.send(None)
        except OSError:
            worker.process.kill()
    worker.process.join()
    worker.connection.close()


def run_all(
    function: Callable[..., Result], calls: Sequence[tuple[Any, ...]], jobs: int, limit: float, progress: Callable[[int, int], None] | None = None
) -> list[Result | TimedOut]:
    """`function(*args)` for every `args` in `calls`, in worker processes, each within `limit` seconds.

    `progress(done, total)` is called at the start and as each call ends.
    """
    results: dict[int, Result | TimedOut] = {}
    if progress:
        progress(0, len(calls))
    waiting = deque(range(len(calls)))
    idle: list[_Worker] = []
    busy: list[_Worker] = []
    errors: list[str] = []
    try:
        while waiting or busy:
            while waiting and len(busy) < max(jobs, 1) and not errors:
                worker = idle.pop() if idle else _start(function)
                worker.index = waiting.popleft()
                worker.deadline = time.monotonic() + limit
                worker.connection.send(calls[worker.index])
                busy.append(worker)
            if errors and not busy:
                break
            timeout = max(min(w.deadline for w in busy) - time.monotonic(), 0.0)
            ready = multiprocessing.connection.wait([w.connection for w in busy], timeout)
            now = time.monotonic()
            for worker in list(busy):
                if worker.connection in ready:
                    try:
                        status, value = worker.connection.recv()
                    except EOFError:
                        status, value = "error", f"the worker process ended without an answer (exit code {worker.process.exitcode})"
                    busy.remove(worker)
                    if status == "ok":
                        results[worker.index] = value
                        idle.append(worker)
                        if progress:
                            progress(len(results), len(calls))
                    else:
                        errors.append(value)
                        _stop(worker, kill=True)
                elif now >= worker.deadline:
                    busy.remove(worker)
                    _stop(worker, kill=True)
                    results[worker.index] = TimedOut(limit)
                    if progress:
                        progress(len(results), len(calls))
    finally:
        for worker in busy:
            _stop(worker, kill=True)
        for worker in idle:
            _stop(worker, kill=False)
    if errors:
        raise WorkerFailed(errors[0])
    return [results[index] for index in range(len(calls))]
