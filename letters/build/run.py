"""Run a build: plan the documents, skip the up-to-date ones, make the rest, write them and the manifest.

The parent process renders each document's HTML (letters' own stages, a few per cent of the
time); PDFs are made by an executor: in this process (``jobs=0``), in worker processes
(:class:`~letters.build.pool.WorkerPool`) or on a Dask cluster (:mod:`letters.build.dask`).
Files are written here, atomically, as they finish, and the manifest follows them
(:mod:`letters.build.manifest`). A document that fails is reported, its old file removed, and
the others go on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import LettersError, Problem, RenderError, Severity, TranslationError
from ..plan import Job, Selection
from ..write import atomic_write, contained, hash_inputs, sha256
from .bundle import BUNDLES
from .deps import Dependencies
from .manifest import Manifest, ManifestWriter, OutputRecord, clean_part_files, read_previous
from .pool import (
    DEFAULT_MEMORY_LIMIT_MB,
    DEFAULT_RECYCLE_AFTER,
    DEFAULT_TIME_LIMIT,
    InlineExecutor,
    PdfDone,
    PdfTask,
    WorkerPool,
)
from .session import FALLBACK_CODES, Rendered, Session, missing_warning

MADE, UP_TO_DATE, FAILED = "made", "up to date", "failed"
SMALL_BUILD = 8  # fewer PDFs than this are made in this process unless --jobs is given: starting
# worker processes costs more than it saves


@dataclass
class BuildOptions:
    """What to build and how. ``jobs=0`` makes PDFs in this process; ``jobs=N`` in N workers."""

    out_dir: Path
    selection: Selection = field(default_factory=Selection)
    strict: bool = False
    pdf_variant: str | None = None
    jobs: int | None = 0  # None: the CPU count, or this process for a small build (SMALL_BUILD)
    force: bool = False  # make every document, even the up-to-date ones
    shard: tuple[int, int] | None = None  # (K, N): only the K-th (1-based) of N parts
    time_limit: float = DEFAULT_TIME_LIMIT  # seconds per PDF (worker processes only)
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB  # per worker process
    recycle_after: int = DEFAULT_RECYCLE_AFTER  # documents per worker before it is replaced
    scheduler: str | None = None  # a Dask scheduler address, "auto" or "local" (letters.build.dask)
    executor: Any = None  # an executor object to use instead (library API), e.g. DaskExecutor("local")


@dataclass
class BuildEvent:
    """One document finished: ``status`` is ``made``, ``up to date`` or ``failed``."""

    job: Job
    done: int
    total: int
    error: LettersError | None = None
    status: str = MADE


@dataclass
class BuildReport:
    produced: list[OutputRecord] = field(default_factory=list)
    up_to_date: list[OutputRecord] = field(default_factory=list)
    failed: list[tuple[Job, LettersError]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # outputs deleted: no longer planned, or failed
    manifest: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failed


class Executor(Protocol):
    """Makes PDFs: :class:`WorkerPool`, :class:`InlineExecutor` or the Dask executor."""

    def __enter__(self) -> Any: ...
    def __exit__(self, *exc: object) -> None: ...
    def run(self, tasks: Iterator[PdfTask]) -> Iterator[PdfDone]: ...


def shard_of(job_letter: str, locale: str, recipient: str, parts: int) -> int:
    """The 1-based part a document belongs to: from its ids only, so stable across runs and machines."""
    digest = hashlib.sha256(f"{job_letter}/{locale}/{recipient}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % parts + 1


def select_shard(jobs: list[Job], shard: tuple[int, int] | None) -> list[Job]:
    if shard is None:
        return jobs
    k, n = shard
    return [j for j in jobs if shard_of(j.letter, j.locale, j.recipient, n) == k]


@dataclass
class _Prepared:
    job: Job
    deps: str
    rendered: Rendered


class _Build:
    """The state of one build (see :func:`build`)."""

    def __init__(self, session: Session, options: BuildOptions, progress: Callable[[BuildEvent], None] | None):
        from ..pdf import source_date

        self.session, self.options, self.progress = session, options, progress
        c = session.campaign
        self.out_dir = options.out_dir
        self.variant = options.pdf_variant or c.settings.output.pdf_variant
        created = source_date()
        self.created = created.isoformat() if created else None
        key = json.dumps({"variant": self.variant, "strict": options.strict, "created": self.created})
        self.deps = Dependencies(session, key, self.out_dir)
        self.report = BuildReport(
            warnings=[p for p in session.problems if p.severity is Severity.WARNING or p.code in FALLBACK_CODES]
        )
        self.missing: dict[str, dict[tuple[str, str | None, str], None]] = {}
        self.done = 0
        self.total = 0
        self.previous: dict[str, OutputRecord] = {}
        self.writer: ManifestWriter | None = None
        self.touched: set[tuple[str, str]] = set()  # (letter, locale) of documents made, failed or removed

    def event(self, job: Job, status: str, error: LettersError | None = None) -> None:
        self.done += 1
        if self.progress:
            self.progress(BuildEvent(job, self.done, self.total, error, status))

    def start(self, jobs: list[Job]) -> list[tuple[Job, str]]:
        """Read the old manifest, remove what is no longer planned; return the jobs to make."""
        c = self.session.campaign
        clean_part_files(self.out_dir)
        shard = f"{self.options.shard[0]}/{self.options.shard[1]}" if self.options.shard else None
        manifest = Manifest(c.settings.id, hash_inputs(self.session.input_files(self.out_dir)), shard=shard)
        self.previous = read_previous(self.out_dir, c.settings.id)
        manifest.outputs = dict(self.previous)
        self.writer = ManifestWriter(self.out_dir, manifest)
        self.total = len(jobs)
        todo = []
        for job in jobs:
            h = self.deps.of(job)
            recs = [self.previous.get(str(job.path(f))) for f in job.formats]
            if not self.options.force and all(r is not None and r.deps == h for r in recs):
                self.report.up_to_date += [r for r in recs if r is not None]
                self._remember_missing(job.locale, recs)
                self.event(job, UP_TO_DATE)
            else:
                todo.append((job, h))
        self._remove_stale({str(j.path(f)) for j in jobs for f in j.formats})
        self.writer.forget([str(j.path(f)) for j, _ in todo for f in j.formats])
        return todo

    def _remember_missing(self, locale: str, recs: list[OutputRecord | None]) -> None:
        """An up-to-date document's untranslated strings, as its record lists them: the summary of
        a rebuild reports the same warnings as the build that made it."""
        bucket = self.missing.setdefault(locale, {})
        for rec in recs:
            for entry in rec.missing if rec is not None and isinstance(rec.missing, list) else ():
                if isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str | None) for x in entry):
                    kind, ctxt, msgid = entry  # anything else in a hand-edited manifest is ignored
                    bucket[(str(kind), ctxt, str(msgid))] = None

    def _remove_stale(self, planned: set[str]) -> None:
        """Outputs of documents no longer planned (recipient removed, a signatory's consent changed)."""
        assert self.writer is not None
        for path, rec in sorted(self.previous.items()):
            if path in planned:
                continue
            if (
                self.options.shard
                and shard_of(rec.letter, rec.locale, rec.recipient, self.options.shard[1]) != (self.options.shard[0])
            ):
                continue
            reason = self._stale_reason(rec)
            if reason:
                self.writer.remove(path, reason)
                self.report.removed.append(path)
                self.touched.add((rec.letter, rec.locale))

    def _stale_reason(self, rec: OutputRecord) -> str | None:
        c = self.session.campaign
        letter = c.settings.letters.get(rec.letter)
        if letter is None:
            return "the letter is no longer in the campaign"
        ids = {r.id for r in c.letter_recipients(letter)}
        if rec.recipient and rec.recipient not in ids:
            return "the recipient is no longer addressed"
        if not rec.recipient and set(rec.recipients) - ids:
            return "a recipient left the group"
        if rec.people != self.deps.people(Job(rec.letter, rec.locale, rec.recipient, ())):
            return "its signatories changed (consent or names); build it again to make it anew"
        return None

    def _remove_outdated_bundles(self) -> None:
        """A bundle (``letters bundle``) any of whose letters was made again, failed or removed no
        longer matches them: it goes, and ``letters bundle`` makes it anew."""
        assert self.writer is not None
        for path, rec in sorted(self.writer.manifest.outputs.items()):
            if path.startswith(BUNDLES + "/") and (rec.letter, rec.locale) in self.touched:
                self.writer.remove(path, "its letters changed; run 'letters bundle' again")
                self.report.removed.append(path)

    def tasks(self, todo: list[tuple[Job, str]], pending: dict[int, _Prepared]) -> Iterator[PdfTask]:
        """Render each document's HTML; yield a PDF task for those that need one (HTML-only ones are done here)."""
        for key, (job, h) in enumerate(todo):
            try:
                prep = _Prepared(job, h, self._render(job))
            except LettersError as exc:
                self.fail(job, exc)
                continue
            if "pdf" not in job.formats:
                self.finish(prep, None)
                continue
            pending[key] = prep
            name = f"{job.letter}/{job.locale}/{job.recipient or job.letter}"
            root = str(self.session.root)
            yield PdfTask(key, name, prep.rendered.html, root, self.variant, self.created)

    def _render(self, job: Job) -> Rendered:
        rendered = self.session.render(job)
        missing = rendered.translator.missing()
        bucket = self.missing.setdefault(job.locale, {})
        for m in missing:
            bucket[m] = None
        rejected = [p for p in rendered.translator.problems if p.code in FALLBACK_CODES]
        if self.options.strict and rejected:  # without --strict the source text is used (and reported)
            raise TranslationError(
                f"{len(rejected)} translation(s) into {job.locale!r} rejected (--strict)",
                location=rejected[0].location,
                hint="'letters i18n check' lists them; fix them or build without --strict to use the source text",
            )
        if self.options.strict and missing:
            raise TranslationError(
                f"{len(missing)} string(s) not translated into {job.locale!r} (--strict)",
                hint="run 'letters i18n status' to see them",
            )
        if self.options.strict and rendered.view.warnings:
            raise RenderError(rendered.view.warnings[0].message, hint=rendered.view.warnings[0].hint)
        return rendered

    def finish(self, prep: _Prepared, pdf: PdfDone | None, only: tuple[str, ...] = ()) -> None:
        """Write a document's files (HTML, PDF) and record each in the manifest once it is complete;
        ``only`` limits it to those formats (the HTML of a document whose PDF failed)."""
        assert self.writer is not None
        job, rendered = prep.job, prep.rendered
        people = self.deps.people(job)
        for fmt in only or job.formats:
            if fmt == "pdf":
                assert pdf is not None and pdf.data is not None
                data, pages = pdf.data, pdf.pages
            else:
                data, pages = rendered.html.encode("utf-8"), None
            rel = job.path(fmt)
            atomic_write(contained(self.out_dir, rel), data)
            rec = OutputRecord(
                path=str(rel),
                letter=job.letter,
                recipient=job.recipient,
                locale=job.locale,
                format=fmt,
                sha256=sha256(data),
                bytes=len(data),
                pages=pages,
                warnings=[p.message for p in rendered.view.warnings],
                recipients=[r.id for r in rendered.recipients],
                deps=prep.deps,
                people=people,
                missing=[list(m) for m in rendered.translator.missing()],
            )
            self.writer.put(rec)
            self.report.produced.append(rec)
        self.touched.add((job.letter, job.locale))
        if not only:
            self.event(job, MADE)

    def fail(self, job: Job, exc: LettersError, only: tuple[str, ...] = ()) -> None:
        """A failed document: reported, and its old files removed (never an outdated letter left behind);
        ``only`` limits it to those formats."""
        assert self.writer is not None
        for fmt in only or job.formats:
            path = str(job.path(fmt))
            if self.writer.remove(path, "it failed to build"):
                self.report.removed.append(path)
            self.writer.fail(path, exc.message)
        self.touched.add((job.letter, job.locale))
        self.report.failed.append((job, exc))
        self.event(job, FAILED, exc)

    def close(self) -> BuildReport:
        assert self.writer is not None
        self._remove_outdated_bundles()
        for locale, missing in sorted(self.missing.items()):
            if missing:
                self.report.warnings.append(missing_warning(locale, missing, self.options.strict))
        self.writer.flush(force=True)
        self.report.manifest = self.writer.path
        return self.report


def _error(done: PdfDone) -> LettersError:
    assert done.error is not None
    category, message, hint = done.error
    exc = RenderError(message, hint=hint)
    exc.category = category
    return exc


def cpu_count() -> int:
    """The CPUs this process may use."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def executor_for(options: BuildOptions, pdfs: int) -> AbstractContextManager[Any]:
    """The executor the options ask for, sized to the number of PDFs to make."""
    if options.executor is not None:
        return options.executor  # type: ignore[no-any-return]
    if options.scheduler:
        from .dask import DaskExecutor

        return DaskExecutor(options.scheduler)
    jobs = options.jobs
    if jobs is None:
        jobs = cpu_count() if pdfs >= SMALL_BUILD else 0
    if jobs <= 0 or pdfs == 0:
        return InlineExecutor()
    return WorkerPool(
        jobs=min(jobs, pdfs),
        time_limit=options.time_limit,
        memory_limit_mb=options.memory_limit_mb,
        recycle_after=options.recycle_after,
    )


def build(session: Session, options: BuildOptions, progress: Callable[[BuildEvent], None] | None = None) -> BuildReport:
    """Make every planned document that is not up to date. Raises :class:`CampaignInvalid` before
    writing anything if the campaign has errors."""
    session.require_valid(options.strict)
    jobs = select_shard(session.plan(options.selection), options.shard)
    run = _Build(session, options, progress)
    todo = run.start(jobs)
    pending: dict[int, _Prepared] = {}
    pdfs = sum("pdf" in j.formats for j, _ in todo)
    try:
        with executor_for(options, pdfs) as executor:
            for done in executor.run(run.tasks(todo, pending)):
                prep = pending.pop(done.key)
                if done.error and "html" in prep.job.formats:  # only the PDF failed: the letter's HTML is fine
                    run.finish(prep, None, only=("html",))
                    run.fail(prep.job, _error(done), only=("pdf",))
                elif done.error:
                    run.fail(prep.job, _error(done))
                else:
                    run.finish(prep, done)
    finally:
        if run.writer is not None:
            run.writer.flush(force=True)
    return run.close()
