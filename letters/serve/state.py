"""What the preview shows: the last good snapshot of every document, and what broke since.

A rebuild loads and validates the campaign afresh, renders every planned document to HTML
(cheap) and compares it with the snapshot before; only documents whose HTML or resources
changed lose their cached PDF, which is made again when someone asks for it. A new snapshot
replaces the old one only once it is complete, so a half-made preview is never served; when the
campaign breaks, the last good snapshot stays and the problems are kept beside it.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LettersError, Location, Problem
from ..plan import Job, Selection
from ..resources import assets_dir, locales_dir, templates_dir
from .status import LanguageStatus, language_status

if TYPE_CHECKING:
    from ..build import Session

_REF_RE = re.compile(r"""(?:\bsrc|\bhref)\s*=\s*["']([^"'#?]+)|url\(\s*['"]?([^'")#?]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Doc:
    """One document of a snapshot: its job and the HTML a build would write."""

    key: str  # '<letter>/<locale>/<name>', as in the build's output paths
    job: Job
    html: str
    digest: str  # of the HTML and of every file it may load (stylesheets, images, fonts)
    resources: frozenset[str]  # campaign-relative paths the document loads

    @property
    def label(self) -> str:
        return self.job.recipient or f"{self.job.letter} (group)"


@dataclass
class Snapshot:
    generation: int
    docs: dict[str, Doc]
    problems: list[Problem]  # what 'letters check' reports now
    languages: list[LanguageStatus]
    source_language: str
    changed: list[str] = field(default_factory=list)  # keys whose document differs from the snapshot before
    doc_errors: dict[str, LettersError] = field(default_factory=dict)  # kept from before: the last good one


def doc_key(job: Job) -> str:
    return str(job.path("html"))[: -len(".html")]


def references(html: str) -> frozenset[str]:
    """Relative files the document loads (``src``, stylesheet ``href`` and CSS ``url()``), normalised."""
    found = set()
    for m in _REF_RE.finditer(html):
        ref = (m.group(1) or m.group(2) or "").strip()
        if not ref or ":" in ref.split("/")[0] or ref.startswith(("/", "\\")):
            continue  # absolute, data: or mailto: URLs: not a campaign file (the build refuses loads)
        parts = [p for p in ref.replace("\\", "/").split("/") if p not in ("", ".")]
        if ".." in parts:
            continue
        found.add("/".join(parts))
    return frozenset(found)


class Preview:
    """The campaign as the preview serves it; :meth:`rebuild` runs when an input changes."""

    def __init__(self, root: Path, extra_locales: tuple[str, ...] = ()):
        self.root = root.resolve()
        self.extra_locales = extra_locales
        self.lock = threading.RLock()  # one render at a time: the Jinja environment and WeasyPrint are not shared
        self.snapshot: Snapshot | None = None  # the last good one
        # errors that stop the current inputs from loading: the snapshot is older than them
        self.broken: list[Problem] = []
        self.session: Session | None = None  # the one the snapshot was made from
        self._pdfs: dict[str, bytes | LettersError] = {}  # by digest of the HTML and what it loads
        self._variants: dict[tuple[int, str, bool, bool], str] = {}  # translator-mode and pseudo HTML
        self._resources = ""
        self._generation = 0

    @property
    def generation(self) -> int:
        return self._generation

    def watched(self) -> list[Path]:
        """Every folder an input can change in: the campaign, shipped templates, toolkit catalogs, fonts."""
        return [self.root, templates_dir(), locales_dir(), assets_dir()]

    def rebuild(self) -> Snapshot | None:
        """Load the campaign again; the new snapshot, or None when it is broken (see :attr:`broken`)."""
        from ..build import Session

        with self.lock:
            self._generation += 1
            try:
                session = Session(self.root)
                errors = session.errors()
                if not errors:
                    return self._swap(session)
            except LettersError as exc:
                errors = [exc.as_problem()]
            except OSError as exc:
                errors = [Problem(Location(str(exc.filename or self.root)), exc.strerror or str(exc), code="os")]
            self.broken = errors
            return None

    def _swap(self, session: Session) -> Snapshot:
        before = self.snapshot.docs if self.snapshot else {}
        jobs = session.plan(Selection(locales=self.extra_locales))
        docs: dict[str, Doc] = {}
        doc_errors: dict[str, LettersError] = {}
        self._resources = _files_digest(_resource_files(self.root))
        for job in jobs:
            key = doc_key(job)
            try:
                html = session.render(job).html
            except LettersError as exc:
                doc_errors[key] = exc
                if key in before:
                    docs[key] = before[key]  # the last good one stays available
                continue
            docs[key] = Doc(key, job, html, self.digest(html), references(html))
        problems = session.problems + session.dry_render()
        source = session.campaign.settings.source_language
        snap = Snapshot(
            self._generation,
            docs,
            problems,
            [language_status(self.root, lang, source) for lang in sorted({j.locale for j in jobs})],
            source,
            changed=sorted(k for k, d in docs.items() if k not in before or before[k].digest != d.digest),
            doc_errors=doc_errors,
        )
        live = {d.digest for d in docs.values()}
        self._pdfs = {k: v for k, v in self._pdfs.items() if k in live}
        self._variants = {}
        self.snapshot, self.session, self.broken = snap, session, []
        return snap

    def digest(self, html: str) -> str:
        """What a PDF depends on: its HTML, the files it loads, the bundled fonts and templates."""
        h = hashlib.sha256(html.encode("utf-8"))
        h.update(self._resources.encode())
        for ref in sorted(references(html)):
            p = self.root / ref
            h.update(ref.encode() + (p.read_bytes() if p.is_file() else b"-"))
        return h.hexdigest()

    def variant(self, doc: Doc, *, translate: bool, pseudo: bool) -> str:
        """The document in translator mode (strings traced to their PO entries) and/or pseudo-translated."""
        from ..compose import compose
        from ..fonts import covered
        from .trace import Origins, Tracer, decorate

        snap = self.snapshot
        if not (translate or pseudo) or (snap is not None and doc.key in snap.doc_errors):
            return doc.html  # a document that no longer renders: its last good version, untraced
        with self.lock:
            session = self.session
            assert session is not None and session.catalogs is not None
            cache_key = (self._generation, doc.key, translate, pseudo)
            if cache_key in self._variants:
                return self._variants[cache_key]
            job, c = doc.job, session.campaign
            letter = c.settings.letters[job.letter]
            recipients = c.letter_recipients(letter) if job.group else [c.recipients[job.recipient]]
            tr = session.catalogs.translator(job.locale)
            tracer = Tracer(Origins(self.root, job.locale, c.settings.source_language), mark=translate, pseudo=pseudo)
            tr.trace = tracer
            html = session.renderer.render(letter.template, compose(c, letter, recipients, job.locale, tr), tr)
            if translate:
                html = decorate(html, tracer.table, covered())
            self._variants[cache_key] = html
            return html

    def pdf(self, html: str) -> bytes:
        """The PDF of ``html``, made once per digest (raises the document's :class:`LettersError`)."""
        from ..pdf import PdfOptions, html_to_pdf

        key = self.digest(html)
        with self.lock:
            if key not in self._pdfs:
                variant = self.session.campaign.settings.output.pdf_variant if self.session else None
                try:
                    self._pdfs[key] = html_to_pdf(html, self.root, PdfOptions(variant=variant)).data
                except LettersError as exc:
                    self._pdfs[key] = exc
            got = self._pdfs[key]
        if isinstance(got, LettersError):
            raise got
        return got


def _resource_files(root: Path) -> list[Path]:
    """Files a PDF may use that its HTML does not name: bundled and campaign fonts, templates."""
    bases = [b for b in (assets_dir(), templates_dir(), root / "fonts") if b.is_dir()]
    return sorted(p for base in bases for p in base.rglob("*") if p.is_file())


def _files_digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        st = p.stat()
        h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()
