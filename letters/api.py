"""The public Python API: what a script, the benchmark or the preview server may use.

    import letters

    session = letters.load_campaign("examples/joint-letter")  # load + validate (problems are kept)
    problems = letters.check_campaign(session)       # every problem, as `letters check` finds them
    report = letters.build_campaign(session, "out", formats=("pdf",))  # as `letters build`
    html = letters.render_document(session, "joint-letter", "un-secretary-general", locale="fr")
    pdf = letters.render_document(session, "joint-letter", "un-secretary-general", fmt="pdf")

Errors are :class:`letters.LettersError` subclasses (each with ``message``, ``hint``, ``location``
and ``exit_code``); problems are :class:`letters.Problem` values. Anything not named in
``letters.__all__`` is internal and may change between versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import InputError, Problem, Severity

if TYPE_CHECKING:
    from .build import BuildReport, Session
    from .plan import Job


def load_campaign(campaign: str | Path) -> Session:
    """Load and validate a campaign folder; its problems are in ``session.problems``.

    Raises :class:`letters.InputError` only when the folder cannot be read at all."""
    from .build import Session

    return Session(Path(campaign))


def check_campaign(campaign: str | Path | Session, *, render: bool = True) -> list[Problem]:
    """Every problem ``letters check`` reports: validation, catalogs and (when those have no errors
    and ``render`` is true) a render of every document without making PDFs."""
    session = _session(campaign)
    problems = list(session.problems)
    if render and session.loaded.campaign is not None and not any(p.is_error for p in problems):
        problems += session.dry_render()
    return problems


def build_campaign(
    campaign: str | Path | Session,
    out: str | Path,
    *,
    letters: Sequence[str] = (),
    recipients: Sequence[str] = (),
    locales: Sequence[str] = (),
    formats: Sequence[str] = (),
    strict: bool = False,
    **options: Any,
) -> BuildReport:
    """Build every planned document (or the selection) into ``out``, as ``letters build`` does.

    Raises :class:`letters.CampaignInvalid` before writing anything when the campaign has errors;
    documents that fail are listed in ``report.failed`` and the others are written. Further keyword
    arguments are fields of :class:`letters.build.BuildOptions` (``pdf_variant``, ``jobs``...)."""
    from .build import BuildOptions
    from .build import build as run_build
    from .plan import Selection

    sel = Selection(tuple(letters), tuple(recipients), tuple(locales), tuple(formats))
    return run_build(_session(campaign), BuildOptions(out_dir=Path(out), selection=sel, strict=strict, **options))


def render_document(
    campaign: str | Path | Session,
    letter: str,
    recipient: str,
    *,
    locale: str | None = None,
    fmt: Literal["html", "pdf"] = "html",
) -> str | bytes:
    """One document in memory: HTML as text, or PDF as bytes (nothing is written)."""
    session = _session(campaign)
    html = session.render(document_job(session, letter, recipient, locale, fmt)).html
    return html if fmt == "html" else pdf_of(session, html)


def document_job(session: Session, letter: str, recipient: str, locale: str | None = None, fmt: str = "html") -> Job:
    """The job for one letter to one recipient in one language (the recipient's by default);
    unknown ids and language codes raise :class:`letters.InputError` with the known ones."""
    from .localization import BadLocale
    from .plan import Job, normalise_locale

    session.require_valid()
    c = session.campaign
    if letter not in c.settings.letters:
        raise InputError(f"unknown letter id {letter!r}", hint=f"letters: {', '.join(c.settings.letters)}")
    if recipient not in c.recipients:
        raise InputError(f"unknown recipient id {recipient!r}", hint=f"recipients: {', '.join(c.recipients)}")
    try:
        loc = normalise_locale(locale or c.recipients[recipient].language)
    except BadLocale as exc:
        raise InputError(str(exc), hint="use a code such as en, ru, uk, de, fr") from None
    return Job(letter, loc, recipient, (fmt,))


def pdf_of(session: Session, html: str) -> bytes:
    """The PDF of a document's HTML, with the campaign's PDF options."""
    from .pdf import PdfOptions, html_to_pdf

    return html_to_pdf(html, session.root, PdfOptions(variant=session.campaign.settings.output.pdf_variant)).data


def errors_in(problems: Sequence[Problem], *, strict: bool = False) -> list[Problem]:
    """The problems that make ``letters check`` fail (warnings too under ``strict``)."""
    return [p for p in problems if p.is_error or (strict and p.severity is Severity.WARNING)]


def _session(campaign: str | Path | Session) -> Session:
    if isinstance(campaign, (str, Path)):
        return load_campaign(campaign)
    return campaign


__all__ = [
    "build_campaign",
    "check_campaign",
    "document_job",
    "errors_in",
    "load_campaign",
    "pdf_of",
    "render_document",
]
