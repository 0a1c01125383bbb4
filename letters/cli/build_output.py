"""What ``letters build`` prints: the progress bar (documents, rate, time left) and the summary table."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from letters.build import BuildEvent, BuildReport


def parse_shard(value: str | None) -> tuple[int, int] | None:
    """``K/N`` → (K, N), 1 ≤ K ≤ N; a bad value is a usage error."""
    if value is None:
        return None
    k, sep, n = value.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise typer.BadParameter(f"{value!r}: use K/N with 1 ≤ K ≤ N, e.g. 2/4", param_hint="--shard")
    return int(k), int(n)


@contextmanager
def progress_bar(show: bool) -> Iterator[Callable[[BuildEvent], None] | None]:
    """A bar on a terminal (stderr) only; ``None`` (no callback) otherwise."""
    if not (show and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("building", total=None, rate="")

        def tick(ev: BuildEvent) -> None:
            t: Any = bar.tasks[0]
            speed = t.speed
            rate = f"{speed:.1f} docs/s" if speed else ""
            bar.update(
                task, total=ev.total, completed=ev.done, description=f"{ev.job.letter}/{ev.job.locale}", rate=rate
            )

        yield tick


def summary(report: BuildReport, out: object) -> str:
    """The table printed at the end (documents, not files)."""
    made = len({(r.letter, r.locale, r.recipient) for r in report.produced})
    fresh = len({(r.letter, r.locale, r.recipient) for r in report.up_to_date})
    rows = [
        ("made", made),
        ("up to date", fresh),
        ("failed", len(report.failed)),
        ("warnings", len(report.warnings)),
    ]
    if report.removed:
        rows.append(("removed", len(report.removed)))
    lines = [f"  {name:<11}{n:>6}" for name, n in rows]
    head = f"wrote {len(report.produced)} file(s) to {out} (manifest: {report.manifest})"
    if report.failed:
        head += f"; {len(report.failed)} document(s) failed"
    return "\n".join([head, *lines])
