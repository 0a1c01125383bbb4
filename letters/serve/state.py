"""What the preview shows: the last good snapshot of every document, and what broke since.

A rebuild loads and validates the campaign afresh and computes each planned document's
dependency hash, as ``letters build`` does (:class:`letters.build.deps.Dependencies`: its
records, its language's catalogs, the templates and other campaign files, letters' own data). A
document whose hash is the one of the snapshot before is kept as it is; only the others are
rendered again, and only their PDFs are made again (when someone asks for one): a change to the
Russian catalog re-renders the Russian documents, a change to one recipient that recipient's,
a template change every one. Each document says in which rebuild it was rendered
(:attr:`Doc.generation`), so this can be seen. A new snapshot replaces the old one only once it
is complete, so a half-made preview is never served; when the campaign breaks, the last good
snapshot stays and the problems are kept beside it.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import LettersError, Location, Problem, RenderError
from ..plan import Job, Selection
from ..resources import assets_dir, fonts_dir, locales_dir, templates_dir
from .status import LanguageStatus, language_status

if TYPE_CHECKING:
    from ..build import Session
    from ..build.session import Rendered

_REF_RE = re.compile(r"""(?:\bsrc|\bhref)\s*=\s*["']([^"'#?]+)|url\(\s*['"]?([^'")#?]+)""", re.IGNORECASE)
OPTIONS_KEY = json.dumps({"preview": 1})  # the build options part of the dependency hash


@dataclass(frozen=True)
class Doc:
    """One document of a snapshot: its job and the HTML a build would write."""

    key: str  # '<letter>/<locale>/<name>', as in the build's output paths
    job: Job
    html: str
    deps: str  # the build's dependency hash, with the bundled and campaign fonts
    resources: frozenset[str]  # campaign-relative paths the document loads
    generation: int  # the rebuild that rendered it
    rendered: Rendered | None = field(default=None, compare=False, repr=False)

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
    changed: list[str] = field(default_factory=list)  # keys rendered again in this rebuild
    doc_errors: dict[str, LettersError] = field(default_factory=dict)  # kept from before: the last good one


@dataclass(frozen=True)
class Made:
    """A PDF of the preview (or the error that stopped it), and the rebuild it was made in."""

    data: bytes | LettersError
    pages: int
    generation: int


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
        self.renders = 0  # documents rendered to HTML so far (a kept document costs nothing)
        self._failed: dict[str, tuple[str, LettersError]] = {}  # key -> (hash, error) of the last render
        self._pdfs: dict[tuple[str, bool], Made] = {}  # by (dependency hash, pseudo)
        self._variants: dict[tuple[str, str, bool, bool], str] = {}  # translator-mode and pseudo HTML
        self._fonts = ""  # the digest of the fonts the last rebuild saw
        self._statuses: dict[tuple[str, str, str], LanguageStatus] = {}
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
        from ..build.deps import Dependencies

        before = self.snapshot.docs if self.snapshot else {}
        jobs = session.plan(Selection(locales=self.extra_locales))
        deps = Dependencies(session, OPTIONS_KEY)
        fonts = _files_digest(_font_files(self.root))  # letters' own fonts count once per process in deps
        if fonts != self._fonts:
            _forget_coverage()
            self._fonts = fonts
        docs: dict[str, Doc] = {}
        failed: dict[str, tuple[str, LettersError]] = {}
        for job in jobs:
            key = doc_key(job)
            h = hashlib.sha256(f"{deps.of(job)}\0{fonts}".encode()).hexdigest()
            doc, error = self._document(session, job, key, h, before.get(key))
            if error is not None:
                failed[key] = (h, error)
            if doc is not None:
                docs[key] = doc
        recovered = set(self._failed) - set(failed)
        self._failed = failed
        problems = session.problems + session.dry_render(self._kept(session, docs))
        source = session.campaign.settings.source_language
        snap = Snapshot(
            self._generation,
            docs,
            problems,
            [self._language_status(lang, source) for lang in sorted({j.locale for j in jobs})],
            source,
            # rendered again, or rendering again after a failure (translator mode traces it again)
            changed=sorted(k for k, d in docs.items() if d is not before.get(k) or k in recovered),
            doc_errors={k: e for k, (_h, e) in failed.items()},
        )
        live = {d.deps for d in docs.values()}
        self._pdfs = {k: v for k, v in self._pdfs.items() if k[0] in live}
        self._variants = {k: v for k, v in self._variants.items() if k[1] in live}
        self.snapshot, self.session, self.broken = snap, session, []
        return snap

    def _language_status(self, lang: str, source: str) -> LanguageStatus:
        """The translation status of ``lang``, counted again only when one of its catalogs changed
        (reading them is most of a rebuild's time when nothing else changed)."""
        files = [p for base in (self.root / "locales", locales_dir()) for p in _catalog_files(base, lang)]
        key = (lang, source, _files_digest(files))
        if key not in self._statuses:
            self._statuses[key] = language_status(self.root, lang, source)
        return self._statuses[key]

    def _document(
        self, session: Session, job: Job, key: str, h: str, old: Doc | None
    ) -> tuple[Doc | None, LettersError | None]:
        """The document of ``job`` with hash ``h``: the one before if its hash is the same, else
        rendered again; and the error of its render (then the one before is kept, if any)."""
        if old is not None and old.deps == h:
            return old, None
        failed = self._failed.get(key)
        if failed is not None and failed[0] == h:
            return old, failed[1]  # the same inputs fail the same way: not rendered again
        self.renders += 1
        try:
            rendered = session.render(job)
        except LettersError as exc:
            return old, exc
        return Doc(key, job, rendered.html, h, references(rendered.html), self._generation, rendered), None

    def _kept(self, session: Session, docs: dict[str, Doc]) -> Any:
        """The render function ``check``'s dry render uses: the snapshot's documents, not rendered again."""

        def render(job: Job) -> Rendered:
            key = doc_key(job)
            if key in self._failed:
                raise self._failed[key][1]
            doc = docs.get(key)
            if doc is not None and doc.rendered is not None:
                return doc.rendered
            return session.render(job)  # not in the preview's plan (never the case today)

        return render

    def variant(self, doc: Doc, *, translate: bool, pseudo: bool) -> str:
        """The document in translator mode (strings traced to their PO entries) and/or pseudo-translated."""
        from ..address import campaign_rules
        from ..compose import compose
        from ..fonts import covered_with
        from .trace import Origins, Tracer, decorate

        snap = self.snapshot
        if not (translate or pseudo) or (snap is not None and doc.key in snap.doc_errors):
            return doc.html  # a document that no longer renders: its last good version, untraced
        with self.lock:
            session = self.session
            assert session is not None and session.catalogs is not None
            cache_key = (doc.key, doc.deps, translate, pseudo)
            if cache_key in self._variants:
                return self._variants[cache_key]
            job, c = doc.job, session.campaign
            letter = c.settings.letters[job.letter]
            recipients = c.letter_recipients(letter) if job.group else [c.recipients[job.recipient]]
            tr = session.catalogs.translator(job.locale)
            tracer = Tracer(Origins(self.root, job.locale, c.settings.source_language), mark=translate, pseudo=pseudo)
            tr.trace = tracer
            with campaign_rules(self.root):  # as Session.render does
                view = compose(c, letter, recipients, job.locale, tr)
            html = session.renderer.render(letter.template, view, tr)
            if translate:
                html = decorate(html, tracer.table, covered_with(self.root))
            self._variants[cache_key] = html
            return html

    def made(self, doc: Doc, *, pseudo: bool = False) -> Made | None:
        """The PDF of ``doc`` if it has been made already (for the status), else None."""
        return self._pdfs.get((doc.deps, pseudo))

    def pdf(self, doc: Doc, *, pseudo: bool = False) -> Made:
        """The PDF of ``doc`` (pseudo-translated or not), made once per dependency hash. Raises the
        document's :class:`LettersError` (a glyph no font has, say)."""
        from ..pdf import PdfOptions

        key = (doc.deps, pseudo)
        with self.lock:
            if key not in self._pdfs:
                html = self.variant(doc, translate=False, pseudo=pseudo)
                variant = self.session.campaign.settings.output.pdf_variant if self.session else None
                try:
                    result = _make_pdf(self.root, html, PdfOptions(variant=variant))
                    self._pdfs[key] = Made(result.data, result.pages, self._generation)
                except LettersError as exc:
                    self._pdfs[key] = Made(exc, 0, self._generation)
            got = self._pdfs[key]
        if isinstance(got.data, LettersError):
            raise got.data
        return got


# WeasyPrint for the preview, per campaign, made again when the fonts change. (The build's engine
# reads a campaign's fonts once per process: right for a build, not for a server that runs while
# someone adds a font to fonts/.)
_ENGINES: dict[Path, tuple[str, Any]] = {}
atexit.register(_ENGINES.clear)  # free WeasyPrint's fonts while the interpreter can still run their __del__


def _make_pdf(root: Path, html: str, options: Any) -> Any:
    """``html`` as a PDF; the engine's own failures are a :class:`RenderError` naming their type
    only (their text may quote the letter), as ``letters.pdf.html_to_pdf`` does."""
    from ..pdf import PdfEngine

    fonts = _files_digest(_font_files(root))
    have = _ENGINES.get(root)
    if have is None or have[0] != fonts:
        have = _ENGINES[root] = (fonts, PdfEngine(root))
    try:
        return have[1].pdf(html, options)
    except LettersError:
        raise
    except Exception as exc:
        raise RenderError(
            f"the PDF engine failed ({type(exc).__name__})",
            hint="run 'letters render' on this document with --debug to see the traceback, and report it",
        ) from None


def _forget_coverage() -> None:
    """Nothing to do any more: ``letters.fonts`` reads a font's character map again when its file
    changes (time and size). Kept as the one place the preview would reset font state."""


def _font_files(root: Path) -> list[Path]:
    """The bundled fonts and the campaign's own (``fonts/``): what a document's look depends on
    beyond its dependency hash, which counts letters' own fonts once per process."""
    bases = [b for b in (fonts_dir(), root / "fonts") if b.is_dir()]
    return sorted(p for base in bases for p in base.rglob("*") if p.is_file())


def _catalog_files(locales: Path, lang: str) -> list[Path]:
    """The templates (``.pot``) and ``lang``'s catalogs in a ``locales/`` folder (the language and its
    base language, as the catalogs are looked up)."""
    if not locales.is_dir():
        return []
    names = {lang, lang.replace("-", "_"), lang.replace("-", "_").split("_")[0]}
    pots = sorted(locales.glob("*.pot"))
    return pots + sorted(p for n in sorted(names) if (locales / n).is_dir() for p in (locales / n).rglob("*.po"))


def _files_digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            continue
        h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()
