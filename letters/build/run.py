"""Run a build: plan the documents, render each, write it and the manifest.

A document that fails is reported and skipped; the others are still written (and the manifest
says which failed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LettersError, Problem, RenderError, Severity, TranslationError
from ..plan import Job, Selection
from ..write import MANIFEST, Manifest, OutputRecord, atomic_write, contained, hash_inputs, read_previous, sha256
from .session import Session, missing_warning


@dataclass
class BuildOptions:
    out_dir: Path
    selection: Selection = field(default_factory=Selection)
    strict: bool = False
    pdf_variant: str | None = None


@dataclass
class BuildEvent:
    job: Job
    done: int
    total: int
    error: LettersError | None = None


@dataclass
class BuildReport:
    produced: list[OutputRecord] = field(default_factory=list)
    failed: list[tuple[Job, LettersError]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    manifest: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failed


def build(session: Session, options: BuildOptions, progress: Callable[[BuildEvent], None] | None = None) -> BuildReport:
    """Render and write every planned document. Raises :class:`CampaignInvalid` before writing anything
    if the campaign has errors."""
    session.require_valid(options.strict)
    campaign = session.campaign
    jobs = session.plan(options.selection)
    out_dir = options.out_dir
    report = BuildReport(warnings=[p for p in session.problems if p.severity is Severity.WARNING])
    manifest = Manifest(campaign.settings.id, hash_inputs(session.input_files(out_dir)))
    manifest.outputs = read_previous(out_dir, campaign.settings.id)
    variant = options.pdf_variant or campaign.settings.output.pdf_variant
    missing_by_locale: dict[str, dict[tuple[str, str | None, str], None]] = {}
    total = len(jobs)
    for n, job in enumerate(jobs, start=1):
        error: LettersError | None = None
        try:
            records = _produce(session, job, out_dir, variant, options.strict, missing_by_locale)
            for rec in records:
                manifest.outputs[rec.path] = rec
                report.produced.append(rec)
        except LettersError as exc:
            error = exc
            report.failed.append((job, exc))
            for fmt in job.formats:
                manifest.outputs.pop(str(job.path(fmt)), None)
                manifest.failed.append({"path": str(job.path(fmt)), "error": exc.message})
        if progress:
            progress(BuildEvent(job, n, total, error))
    for locale, missing in sorted(missing_by_locale.items()):
        if missing:
            report.warnings.append(missing_warning(locale, missing, options.strict))
    path = out_dir / MANIFEST
    atomic_write(path, manifest.to_json())
    report.manifest = path
    return report


def _produce(
    session: Session,
    job: Job,
    out_dir: Path,
    variant: str | None,
    strict: bool,
    missing_by_locale: dict[str, dict[tuple[str, str | None, str], None]],
) -> list[OutputRecord]:
    rendered = session.render(job)
    missing = rendered.translator.missing()
    bucket = missing_by_locale.setdefault(job.locale, {})
    for m in missing:
        bucket[m] = None
    if strict and missing:
        raise TranslationError(
            f"{len(missing)} string(s) not translated into {job.locale!r} (--strict)",
            hint="run 'letters i18n status' to see them",
        )
    warnings = [p.message for p in rendered.view.warnings]
    if strict and rendered.view.warnings:
        raise RenderError(rendered.view.warnings[0].message, hint=rendered.view.warnings[0].hint)
    # make everything in memory first, then write: a failing PDF leaves the HTML untouched too
    blobs: list[tuple[str, bytes, int | None]] = []
    for fmt in job.formats:
        if fmt == "html":
            blobs.append(("html", rendered.html.encode("utf-8"), None))
        elif fmt == "pdf":
            from ..pdf import PdfOptions, html_to_pdf

            result = html_to_pdf(rendered.html, session.root, PdfOptions(variant=variant))
            blobs.append(("pdf", result.data, result.pages))
    records = []
    for fmt, data, pages in blobs:
        rel = job.path(fmt)
        atomic_write(contained(out_dir, rel), data)
        records.append(
            OutputRecord(
                path=str(rel),
                letter=job.letter,
                recipient=job.recipient,
                locale=job.locale,
                format=fmt,
                sha256=sha256(data),
                bytes=len(data),
                pages=pages,
                warnings=warnings,
                recipients=[r.id for r in rendered.recipients],
            )
        )
    return records
