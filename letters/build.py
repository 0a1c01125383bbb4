"""Tie the stages together: load → validate → plan → render → write.

:class:`Session` holds what one command needs (the campaign, its catalogs, the compiled
templates) so that ``check``, ``render`` and ``build`` share one path. A document that fails is
reported and skipped; the others are still written (and the manifest says which failed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .catalogs import CAMPAIGN_DOMAIN, TOOLKIT_DOMAIN, CatalogSet, Translator
from .compose import LetterView, compose
from .errors import CampaignInvalid, LettersError, Location, Problem, RenderError, Severity, TranslationError
from .load import Loaded, load_campaign
from .localization import is_known_locale
from .model import Campaign, Recipient
from .plan import Job, Selection, plan
from .render import Renderer
from .resources import locales_dir, templates_dir
from .validate import validate
from .write import MANIFEST, Manifest, OutputRecord, atomic_write, contained, hash_inputs, read_previous, sha256


@dataclass
class Rendered:
    job: Job
    recipients: list[Recipient]
    html: str
    view: LetterView
    translator: Translator


class Session:
    """A loaded, validated campaign ready to render."""

    def __init__(self, path: Path):
        self.loaded: Loaded = load_campaign(path)
        self.root = self.loaded.index.root
        self.problems: list[Problem] = validate(self.loaded)
        self.catalogs: CatalogSet | None = None
        self._renderer: Renderer | None = None
        if self.loaded.campaign is not None:
            self.catalogs = CatalogSet(
                locales_dir(), self.root / "locales", self.loaded.campaign.settings.source_language, self.root
            )
            self.problems += self._catalog_problems()

    @property
    def campaign(self) -> Campaign:
        if self.loaded.campaign is None:
            raise CampaignInvalid(self.problems)
        return self.loaded.campaign

    def errors(self, strict: bool = False) -> list[Problem]:
        return [p for p in self.problems if p.is_error or (strict and p.severity is Severity.WARNING)]

    def require_valid(self, strict: bool = False) -> None:
        if self.errors(strict):
            raise CampaignInvalid(self.problems)

    def _catalog_problems(self) -> list[Problem]:
        """Malformed or unsafe catalogs of every language the campaign may use."""
        assert self.catalogs is not None
        c = self.loaded.campaign
        assert c is not None
        langs = set(c.settings.languages) | {r.language for r in c.recipients.values()}
        langs |= set(c.settings.output.extra_locales)
        out: list[Problem] = []
        for lang in sorted(langs):
            if not is_known_locale(lang):
                continue  # already reported by validate
            try:
                tr = self.catalogs.translator(lang)
            except TranslationError as exc:
                out.append(Problem(exc.location, exc.message, exc.hint, Severity.ERROR, "bad-catalog"))
                continue
            out.extend(tr.problems)
        return list(dict.fromkeys(out))

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer(self.root)
        return self._renderer

    def plan(self, sel: Selection = Selection()) -> list[Job]:
        return plan(self.campaign, sel)

    def render(self, job: Job) -> Rendered:
        """Render one document to HTML (no PDF yet)."""
        assert self.catalogs is not None
        c = self.campaign
        letter = c.settings.letters[job.letter]
        recipients = c.letter_recipients(letter) if job.group else [c.recipients[job.recipient]]
        tr = self.catalogs.translator(job.locale)
        view = compose(c, letter, recipients, job.locale, tr)
        html = self.renderer.render(letter.template, view, tr)
        return Rendered(job, recipients, html, view, tr)

    def dry_render(self) -> list[Problem]:
        """Render every planned document to HTML (no PDF) and return what that finds: template and
        render errors (once each), view warnings validate did not already report, and one
        missing-translation warning per language. Used by ``letters check``."""
        out: list[Problem] = []
        seen: set[str] = set()
        missing: dict[str, dict[tuple[str, str | None, str], None]] = {}
        known = {(p.code, p.message.split(":")[0]) for p in self.problems}
        for job in self.plan():
            try:
                r = self.render(job)
            except LettersError as exc:
                if exc.message not in seen:
                    seen.add(exc.message)
                    who = f"recipient {job.recipient!r}" if job.recipient else "its group of recipients"
                    out.append(
                        Problem(
                            exc.location,
                            f"{exc.message} (letter {job.letter!r}, {who}, {job.locale})",
                            exc.hint,
                            Severity.ERROR,
                            "render",
                        )
                    )
                continue
            for w in r.view.warnings:
                # validate already reported this (with a proposal and a line number) for the usual languages
                key = (w.code, w.message.split(":")[0])
                if w.message not in seen and key not in known:
                    seen.add(w.message)
                    out.append(w)
            for m in r.translator.missing():
                missing.setdefault(job.locale, {})[m] = None
        for locale, items in sorted(missing.items()):
            out.append(missing_warning(locale, items, strict=False))
        return out

    def input_files(self, out_dir: Path | None = None) -> list[tuple[str, Path]]:
        """Every file a build reads (the output folder excluded, even inside the campaign)."""
        out = out_dir.resolve() if out_dir else None
        files = [
            (f"campaign/{p.relative_to(self.root)}", p)
            for p in sorted(self.root.rglob("*"))
            if p.is_file() and not _hidden(p.relative_to(self.root)) and not (out and p.resolve().is_relative_to(out))
        ]
        files += [
            (f"letters/templates/{p.relative_to(templates_dir())}", p)
            for p in sorted(templates_dir().rglob("*"))
            if p.is_file()
        ]
        files += [(f"letters/locales/{p.relative_to(locales_dir())}", p) for p in sorted(locales_dir().rglob("*.po"))]
        return files


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts) or rel.parts[0] in ("build", "out", "dist")


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


def missing_warning(locale: str, missing: dict[tuple[str, str | None, str], None], strict: bool) -> Problem:
    listed = "; ".join(f"{m!r}" + (f" ({c})" if c else "") for _kind, c, m in list(missing)[:12])
    more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
    return Problem(
        Location(f"locales/{locale}"),
        f"{len(missing)} string(s) not translated into {locale!r}, the source text is used: {listed}{more}",
        f"translate them in locales/{locale}/LC_MESSAGES/{CAMPAIGN_DOMAIN}.po "
        f"(or the toolkit's {TOOLKIT_DOMAIN}.po); 'letters i18n status' shows what is missing",
        Severity.ERROR if strict else Severity.WARNING,
        "missing-translation",
    )


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
            from .pdf import PdfOptions, html_to_pdf

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
