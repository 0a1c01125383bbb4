"""The worker pool itself: each worker holds the document it makes and the next one; a worker that
is killed (time limit) fails only the document it was making, and the one queued behind it is made
by another worker; workers are replaced after ``recycle_after`` documents."""

from __future__ import annotations

from pathlib import Path

from letters.build.pool import PdfTask, WorkerPool

SMALL = "<!doctype html><html lang='en'><body><p>Document {n}</p></body></html>"
RUNAWAY = "<!doctype html><html lang='en'><body>" + "<p>x</p>" * 60000 + "</body></html>"


def task(key: int, html: str, base: Path) -> PdfTask:
    return PdfTask(key, f"doc-{key}", html, str(base))


def test_a_killed_worker_fails_only_its_document_and_the_queued_one_is_made_elsewhere(tmp_path: Path) -> None:
    tasks = [task(0, RUNAWAY, tmp_path), task(1, SMALL.format(n=1), tmp_path), task(2, SMALL.format(n=2), tmp_path)]
    with WorkerPool(jobs=1, time_limit=3, depth=2) as pool:
        done = {d.key: d for d in pool.run(tasks)}
    assert set(done) == {0, 1, 2}
    assert done[0].error is not None and "took longer than 3 s" in done[0].error[1]
    for key in (1, 2):
        assert done[key].error is None, done[key].error
        assert done[key].data is not None and done[key].data.startswith(b"%PDF")
    assert done[1].worker_pid == done[2].worker_pid  # a new worker, not the killed one, made them


def test_workers_are_replaced_after_recycle_after_documents(tmp_path: Path) -> None:
    tasks = [task(n, SMALL.format(n=n), tmp_path) for n in range(5)]
    with WorkerPool(jobs=1, recycle_after=2) as pool:
        done = list(pool.run(tasks))
    assert sorted(d.key for d in done) == [0, 1, 2, 3, 4]
    assert all(d.error is None for d in done)
    by_pid: dict[int, int] = {}
    for d in done:
        by_pid[d.worker_pid] = by_pid.get(d.worker_pid, 0) + 1
    assert sorted(by_pid.values()) == [1, 2, 2]  # three workers, none made more than two


def test_every_task_is_made_once_with_two_workers_and_a_deep_queue(tmp_path: Path) -> None:
    tasks = [task(n, SMALL.format(n=n), tmp_path) for n in range(9)]
    with WorkerPool(jobs=2, depth=3) as pool:
        done = list(pool.run(tasks))
    assert sorted(d.key for d in done) == list(range(9))
    assert all(d.error is None and d.data for d in done)
