"""The worker pool: PDFs made in worker processes, each document under a time and memory limit.

The parent renders each document's HTML (cheap) and sends it to a worker; the worker imports
WeasyPrint, sets it up once (:class:`letters.pdf.PdfEngine`: fonts, ``@font-face`` rules and
the image cache shared between its documents) and sends the PDF bytes back; the parent writes
them. Workers are started with ``forkserver`` (``spawn`` where there is none), so no state of
the parent leaks into them (the fork server, itself a fresh process, imports WeasyPrint once),
and are replaced after ``recycle_after`` documents to bound memory.

A document that runs longer than ``time_limit`` seconds has its worker killed and fails alone,
with its name; a worker that dies (out of memory, killed from outside) fails only the document
it held. The others go on.

Usage (the same interface as the Dask executor, :mod:`letters.build.dask`)::

    with WorkerPool(jobs=2) as pool:
        for done in pool.run(tasks):  # PdfTask in, PdfDone out, as they finish
            ...
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

DEFAULT_TIME_LIMIT = 120.0  # seconds per document
DEFAULT_MEMORY_LIMIT_MB = 3072  # address space per worker
DEFAULT_RECYCLE_AFTER = 1000  # documents per worker (its memory is flat after the first few: bench/README.md)
READY = "ready"  # a worker's first message: set up, the clock of its first document may start


@dataclass(frozen=True)
class PdfTask:
    """One PDF to make. ``name`` is the document's ids (``letter/locale/recipient``), never personal text."""

    key: int
    name: str
    html: str
    base_dir: str
    variant: str | None = None
    created: str | None = None  # ISO timestamp, fixed by SOURCE_DATE_EPOCH in the parent


@dataclass
class PdfDone:
    """A finished task: the PDF (``data``, ``pages``) or why it failed (``error``: category, message, hint)."""

    key: int
    data: bytes | None = None
    pages: int = 0
    error: tuple[str, str, str] | None = None
    worker_pid: int = 0


def make_pdf(task: PdfTask, engines: dict[str, Any]) -> PdfDone:
    """Make one PDF with this process's engine for the task's campaign folder (used by every executor)."""
    import datetime as dt

    from ..errors import LettersError
    from ..pdf import PdfEngine, PdfOptions

    try:
        engine = engines.get(task.base_dir)
        if engine is None:
            engine = engines[task.base_dir] = PdfEngine(Path(task.base_dir), share_cache=True)
        created = dt.datetime.fromisoformat(task.created) if task.created else None
        result = engine.pdf(task.html, PdfOptions(variant=task.variant, created=created))
        return PdfDone(task.key, result.data, result.pages, worker_pid=os.getpid())
    except LettersError as exc:
        return PdfDone(task.key, error=(exc.category, exc.message, exc.hint), worker_pid=os.getpid())
    except MemoryError:
        return PdfDone(task.key, error=_over_memory(), worker_pid=os.getpid())
    except RecursionError:
        hint = "simplify the document: nesting this deep cannot be laid out"
        return PdfDone(task.key, error=("Render error", "the document is nested too deeply", hint))
    except Exception as exc:  # the engine's own failure: its text may quote the letter, so name the type only
        hint = "run 'letters render' on this document with --debug to see the traceback, and report it"
        return PdfDone(task.key, error=("Render error", f"the PDF engine failed ({type(exc).__name__})", hint))


def _over_memory() -> tuple[str, str, str]:
    return ("Render error", "the document needs more memory than a worker may use", "raise --memory-limit")


def _worker_main(conn: Connection, memory_limit_mb: int) -> None:
    """A worker's life: set the memory limit, then make PDFs until told to stop (``None``).

    A reader thread takes tasks off the pipe as they come, so the parent can send the next task
    while this one is being made (it never waits on a full pipe, and the worker never waits on
    the parent between two documents)."""
    import queue
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops
    if memory_limit_mb > 0:
        try:
            import resource

            limit = memory_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):  # not on this platform: the time limit still holds
            pass
    import weasyprint  # noqa: F401  # imported here, before the first document's clock starts

    inbox: queue.SimpleQueue[PdfTask | None] = queue.SimpleQueue()
    threading.Thread(target=_read_tasks, args=(conn, inbox), daemon=True).start()
    conn.send(READY)
    engines: dict[str, Any] = {}
    try:
        while (task := inbox.get()) is not None:
            conn.send(make_pdf(task, engines))
    finally:
        engines.clear()  # WeasyPrint removes its temporary font folders (a worker skips atexit)


def _read_tasks(conn: Connection, inbox: Any) -> None:
    """Move tasks from the pipe to ``inbox`` until the parent says stop (or is gone)."""
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            task = None
        inbox.put(task)
        if task is None:
            return


@dataclass
class _Worker:
    process: Any
    conn: Connection
    tasks: deque[PdfTask] = field(default_factory=deque)  # sent, in order; the first is being made
    started: float | None = None  # when the first task's clock started (None: still starting up)
    ready: bool = False
    done: int = 0


@dataclass
class WorkerPool:
    """``jobs`` worker processes making PDFs; see the module docstring. Each worker holds up to
    ``depth`` tasks: the one it makes and the next, so it never waits for the parent in between."""

    jobs: int
    time_limit: float = DEFAULT_TIME_LIMIT
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB
    recycle_after: int = DEFAULT_RECYCLE_AFTER
    start_method: str | None = None
    depth: int = 2
    _workers: list[_Worker] = field(default_factory=list)
    _again: deque[PdfTask] = field(default_factory=deque)  # sent to a worker that was lost before starting them

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _context(self) -> Any:
        method = self.start_method or ("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
        ctx = mp.get_context(method)
        if method == "forkserver":
            # the fork server (a fresh process, not this one) imports WeasyPrint once; each worker
            # forked from it starts at once instead of paying the import (1.5 s or more) again
            ctx.set_forkserver_preload(["letters.pdf", "weasyprint"])
        return ctx

    def _start(self) -> _Worker:
        parent, child = self._context().Pipe()
        proc = self._context().Process(
            target=_worker_main, args=(child, self.memory_limit_mb), daemon=True, name="letters-pdf"
        )
        proc.start()
        child.close()
        worker = _Worker(proc, parent)
        self._workers.append(worker)
        return worker

    def _stop(self, worker: _Worker, kill: bool = False) -> None:
        self._workers.remove(worker)
        try:
            if kill:
                worker.process.kill()
            else:
                worker.conn.send(None)
        except (OSError, ValueError):
            pass
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()

    def close(self) -> None:
        for w in list(self._workers):
            self._stop(w, kill=bool(w.tasks))

    def run(self, tasks: Iterable[PdfTask]) -> Iterator[PdfDone]:
        """Make every task's PDF; yield results as they finish (not in order)."""
        pending = iter(tasks)
        exhausted = False
        while True:
            exhausted = self._fill(pending, exhausted)
            busy = [w for w in self._workers if w.tasks]
            if not busy:
                return
            yield from self._collect(busy)

    def _fill(self, pending: Iterator[PdfTask], exhausted: bool) -> bool:
        """Give every worker (starting new ones up to ``jobs``) up to ``depth`` tasks, the least busy
        first; tasks a lost worker never started go first. Returns whether ``pending`` is exhausted."""
        for level in range(self.depth):
            open_workers = [w for w in self._workers if len(w.tasks) <= level]
            while open_workers or len(self._workers) < self.jobs:
                w = open_workers.pop(0) if open_workers else None
                if w is not None and w.done + len(w.tasks) >= self.recycle_after:
                    continue  # it is replaced once its tasks are done
                task = self._again.popleft() if self._again else (None if exhausted else next(pending, None))
                if task is None:
                    return True
                self._send(w or self._start(), task)
        return exhausted

    def _send(self, w: _Worker, task: PdfTask) -> None:
        if not w.tasks:
            w.started = time.monotonic() if w.ready else None
        w.tasks.append(task)
        try:
            w.conn.send(task)
        except (OSError, ValueError):  # the worker is gone: _collect sees it and fails this document
            pass

    def _collect(self, busy: list[_Worker]) -> Iterator[PdfDone]:
        clocks = [w.started for w in busy if w.started is not None]
        timeout = max(0.0, min(clocks) + self.time_limit - time.monotonic()) if clocks else None
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
        now = time.monotonic()
        for w in busy:
            task = w.tasks[0]
            if w.conn in ready:
                try:
                    msg = w.conn.recv()
                except (EOFError, OSError):
                    yield self._lost(w, task)
                    continue
                if msg == READY:
                    w.ready, w.started = True, time.monotonic()
                    continue
                w.tasks.popleft()
                w.done += 1
                w.started = time.monotonic() if w.tasks else None
                yield msg
                if w.done >= self.recycle_after and not w.tasks:
                    self._stop(w)
            elif w.process.sentinel in ready:
                yield self._lost(w, task)
            elif w.started is not None and now - w.started >= self.time_limit:
                self._drop(w)
                hint = "look for a runaway loop or a huge table in the template; or raise --time-limit"
                yield PdfDone(task.key, error=("Render error", f"took longer than {self.time_limit:g} s", hint))

    def _drop(self, w: _Worker) -> None:
        """Kill ``w``; the tasks it had not started go to the others."""
        self._stop(w, kill=True)
        w.tasks.popleft()
        self._again.extend(w.tasks)

    def _lost(self, w: _Worker, task: PdfTask) -> PdfDone:
        code = w.process.exitcode
        self._drop(w)
        reason = "its worker was killed" if code is not None and code < 0 else "its worker stopped"
        if code == -9:
            reason += " (out of memory, or stopped from outside)"
        return PdfDone(task.key, error=("Render error", reason, "build it again; if it recurs, raise --memory-limit"))


class InlineExecutor:
    """Make PDFs in this process, one after another (no limits): for the library API and tests."""

    def __init__(self) -> None:
        self.engines: dict[str, Any] = {}

    def __enter__(self) -> InlineExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.engines.clear()

    def run(self, tasks: Iterable[PdfTask]) -> Iterator[PdfDone]:
        for task in tasks:
            yield make_pdf(task, self.engines)
