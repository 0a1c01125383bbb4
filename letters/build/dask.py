"""PDFs made on a Dask distributed cluster (the optional ``letters[dask]`` extra).

``letters build --scheduler tcp://host:8786`` sends each document's HTML to an existing cluster
and streams the PDFs back; they are written here, atomically, with the manifest, exactly as in a
local build (same bytes). ``--scheduler auto`` uses Dask's own setting (the
``DASK_SCHEDULER_ADDRESS`` environment variable) or, without one, starts a local cluster;
``--scheduler local`` always starts one. A task whose worker is lost is retried by Dask
(``retries``); a document that fails fails alone, as in the worker pool.

The workers need ``letters`` installed (the same version) and the campaign folder at the same
path, since documents load their images and fonts from it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import InputError
from .pool import PdfDone, PdfTask, make_pdf

_local = threading.local()  # one engine set per worker thread: WeasyPrint objects are not shared


def remote_pdf(task: PdfTask) -> PdfDone:
    """Run on a Dask worker: make one PDF with that thread's engines."""
    engines = getattr(_local, "engines", None)
    if engines is None:
        engines = _local.engines = {}
    return make_pdf(task, engines)


class DaskExecutor:
    """Make PDFs on a Dask cluster; see the module docstring. ``window`` bounds the documents in flight."""

    def __init__(self, address: str, *, processes: bool = True, workers: int | None = None, retries: int = 2):
        self.address, self.processes, self.workers, self.retries = address, processes, workers, retries
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> DaskExecutor:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise InputError(
                "--scheduler needs Dask, which is not installed",
                hint="install the extra: pip install 'letters[dask]'",
            ) from None
        address = self.address
        if address == "auto":
            address = dask.config.get("scheduler-address", None) or "local"
        if address == "local":
            self.cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1 if self.processes else 2,
                processes=self.processes,
                dashboard_address=None,
            )
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(address, timeout="30s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(
                    f"cannot reach the Dask scheduler at {address!r} ({type(exc).__name__})",
                    hint="check the address (tcp://host:8786) and that the scheduler runs",
                ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def run(self, tasks: Iterable[PdfTask]) -> Iterator[PdfDone]:
        from distributed import as_completed

        window = max(4, 4 * sum(self.client.nthreads().values()))
        pending = iter(tasks)
        keys: dict[Any, int] = {}
        queue = as_completed()
        for task in pending:
            self._submit(task, queue, keys)
            if len(keys) >= window:
                break
        for future in queue:
            key = keys.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # lost more often than the retries allow, or killed
                hint = "see the Dask dashboard or worker logs; build again to retry"
                yield PdfDone(
                    key, error=("Render error", f"the cluster could not make it ({type(exc).__name__})", hint)
                )
            more = next(pending, None)
            if more is not None:
                self._submit(more, queue, keys)

    def _submit(self, task: PdfTask, queue: Any, keys: dict[Any, int]) -> None:
        future = self.client.submit(remote_pdf, task, retries=self.retries, pure=False)  # a fresh key each time
        keys[future] = task.key
        queue.add(future)
