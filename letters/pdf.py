"""The one seam to WeasyPrint: HTML string → PDF bytes.

WeasyPrint is imported here only, and lazily (it costs about half a second at start-up). It is
set up once per process (:class:`PdfEngine`), not once per document.
Everything it loads goes through the one fetcher (:mod:`letters.fetcher`); a document that asks
for anything it refuses fails the build, naming the URL.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import RenderError
from .fetcher import make_fetcher
from .fonts import font_face_css, missing_glyphs
from .resources import assets_dir, templates_dir


@dataclass
class PdfOptions:
    variant: str | None = None  # e.g. "pdf/a-3b"
    created: dt.datetime | None = None  # fixed for reproducible output (SOURCE_DATE_EPOCH)
    tagged: bool = True  # structure tags (PDF/UA-1); off for parts joined later (a petition's annex chunks)


@dataclass
class PdfResult:
    data: bytes
    pages: int
    refused: list[str] = field(default_factory=list)


def source_date() -> dt.datetime | None:
    """The build time fixed by ``SOURCE_DATE_EPOCH``, if set (reproducible builds)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    except (ValueError, OverflowError):
        raise RenderError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a number of seconds",
            hint="unset it or give seconds since 1970, e.g. $(git log -1 --format=%ct)",
        ) from None


class StyleCache:
    """The documents' own ``<style>`` sheets, parsed once per process and reused.

    Letters of one campaign carry the same ``<style>`` (the template's CSS and an ``@page`` rule
    that differs by language and paper), and WeasyPrint parses it afresh for every document: about
    8 % of a letter's time (bench/README.md). WeasyPrint has no option to keep it, and passing it
    as a separate stylesheet would move it to the *user* origin, changing the cascade; so this
    wraps the ``CSS`` class that WeasyPrint's ``find_stylesheets`` builds ``<style>`` sheets with
    and hands back the sheet parsed before when text, base URL and media are the same.

    Only sheets whose parsing has no effect outside the sheet are kept: no ``@import``,
    ``@layer``, ``@font-face``, ``@counter-style`` or ``@color-profile`` (those write into the
    document's font set-up, counter styles or layer order), and no at-keyword written with an
    escape (``@\\69mport``). Everything else is parsed as before. The sheet's ``@page`` rules stay with the
    sheet, which is where the cascade reads them (``StyleFor.add_page_declarations``).
    Output is byte-identical with and without the cache (tests/test_pdf_engine.py)."""

    LIMIT = 32
    _SIDE_EFFECTS = re.compile(r"@(?:import|layer|font-face|counter-style|color-profile)|@[-\w]*\\", re.IGNORECASE)

    def __init__(self) -> None:
        self.sheets: OrderedDict[tuple[str, str | None, str], Any] = OrderedDict()
        self.hits = 0
        self.lock = threading.Lock()
        self.original: Any = None

    def install(self) -> None:
        """Wrap ``weasyprint.css.CSS`` (once per process)."""
        import weasyprint.css

        if self.original is None:
            self.original = weasyprint.css.CSS
            weasyprint.css.CSS = self.make

    def make(self, *args: Any, **kw: Any) -> Any:
        text = kw.get("string")
        if args or not isinstance(text, str) or kw.get("matcher") or kw.get("layer") or self._SIDE_EFFECTS.search(text):
            return self.original(*args, **kw)
        key = (text, kw.get("base_url"), kw.get("media_type", "print"))
        with self.lock:
            sheet = self.sheets.get(key)
            if sheet is not None:
                self.sheets.move_to_end(key)
                self.hits += 1
                return sheet
        sheet = self.original(**{**kw, "page_rules": [], "layers": []})  # its own lists, not the document's
        with self.lock:
            self.sheets[key] = sheet
            while len(self.sheets) > self.LIMIT:
                self.sheets.popitem(last=False)
        return sheet


STYLE_CACHE = StyleCache()


class PdfEngine:
    """WeasyPrint set up once for a process: the bundled fonts registered and their ``@font-face``
    rules parsed once (a fresh :class:`FontConfiguration` per document cost about 9 % of the time and
    slowed layout; see bench/README.md), and,
    when ``share_cache`` is set, WeasyPrint's image cache shared between documents. One engine serves
    documents of one campaign folder (``base_dir``): the fetcher is confined to it."""

    def __init__(self, base_dir: Path | None, share_cache: bool = False):
        import weasyprint  # lazy: heavy import

        STYLE_CACHE.install()
        self.base_dir = base_dir
        self.refused: list[str] = []
        roots = [assets_dir(), templates_dir()] + ([base_dir] if base_dir else [])
        self.fetcher = make_fetcher(roots, self.refused)
        self.base_url = (base_dir or assets_dir()).resolve().as_uri() + "/"
        self.fonts = weasyprint.text.fonts.FontConfiguration()
        self.font_css = weasyprint.CSS(
            string=font_face_css(base_dir),
            url_fetcher=self.fetcher,
            font_config=self.fonts,
            base_url=assets_dir().as_uri() + "/",
        )
        # images by URL: only for one build, where campaign files do not change under us
        self.cache: dict[str, Any] | None = {} if share_cache else None
        self.documents = 0

    def pdf(self, html: str, options: PdfOptions) -> PdfResult:
        """Lay out ``html`` and serialise it; raises :class:`RenderError` on a missing glyph or a refused URL."""
        doc = self.layout(html, options)
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
        return self.write(doc, options, identifier)

    def layout(self, html: str, options: PdfOptions) -> Any:
        """The laid-out WeasyPrint ``Document`` of ``html``, its dates set (see :meth:`write`)."""
        import weasyprint

        check_glyphs(html, self.base_dir)
        self.refused.clear()
        self.documents += 1
        doc = weasyprint.HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher).render(
            stylesheets=[self.font_css], font_config=self.fonts, cache=self.cache
        )
        self._check_refused()
        created = options.created or source_date()
        if created is not None:
            stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
            doc.metadata.created = stamp
            doc.metadata.modified = stamp
        else:
            doc.metadata.modified = doc.metadata.created
        return doc

    def write(self, doc: Any, options: PdfOptions, identifier: bytes) -> PdfResult:
        """Serialise a laid-out document (one letter, or several joined by ``doc.copy(pages)``)."""
        # Tagged for screen readers (structure tree, /Lang from the document's lang); PDF/UA-1
        # unless another variant (PDF/A) is asked for, which keeps the tags.
        variant = options.variant or ("pdf/ua-1" if options.tagged else None)
        data = doc.write_pdf(pdf_variant=variant, pdf_identifier=identifier, pdf_tags=options.tagged)
        self._check_refused()  # attachments (<link rel=attachment>) are only fetched while writing
        return PdfResult(data=data, pages=len(doc.pages))

    def _check_refused(self) -> None:
        if self.refused:
            raise RenderError(
                f"the document tried to load {self.refused[0]!r}, which letters refuses",
                hint="documents may only use files inside the campaign folder; remove the reference",
            )


_ENGINES: dict[Path | None, tuple[Any, PdfEngine]] = {}
atexit.register(_ENGINES.clear)  # free WeasyPrint's fonts while the interpreter can still run their __del__


def engine_for(base_dir: Path | None) -> PdfEngine:
    """This process's engine for ``base_dir`` (made on first use, and anew when the campaign's
    own fonts change; no shared image cache, so a long-lived process such as the preview server
    always sees the current campaign files)."""
    from .fonts import font_stamp

    key = base_dir.resolve() if base_dir else None
    stamp = font_stamp(key)
    have = _ENGINES.get(key)
    if have is None or have[0] != stamp:
        _ENGINES[key] = have = (stamp, PdfEngine(key))
    return have[1]


def html_to_pdf(html: str, base_dir: Path | None, options: PdfOptions) -> PdfResult:
    """Lay out ``html`` and serialise it; raises :class:`RenderError` on a missing glyph, a refused URL
    or any failure of the engine (a pathological CSS value), as the worker pool does."""
    from .errors import LettersError

    try:
        return engine_for(base_dir).pdf(html, options)
    except LettersError:
        raise
    except Exception as exc:  # the engine's own failure: its text may quote the letter, so name the type only
        raise RenderError(
            f"the PDF engine failed ({type(exc).__name__})",
            hint="run 'letters render' on this document with --debug to see the traceback, and report it",
        ) from None


def check_glyphs(html: str, campaign_root: Path | None = None) -> None:
    """Raise :class:`RenderError` naming the characters no bundled (or campaign) font can draw."""
    glyphs = missing_glyphs(_visible_text(html), campaign_root)
    if glyphs:
        listed = "; ".join(g.describe() for g in glyphs[:5])
        raise RenderError(
            f"no bundled font has a glyph for {listed}",
            hint="remove or replace the character, or add a font covering it (see docs/fonts.md)",
        )


def _visible_text(html: str) -> list[str]:
    """The text nodes of the document (what will be drawn), without tags, scripts or styles."""
    from html.parser import HTMLParser

    chunks: list[str] = []

    class _P(HTMLParser):
        skip = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in ("style", "script", "head"):
                self.skip += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in ("style", "script", "head") and self.skip:
                self.skip -= 1

        def handle_data(self, data: str) -> None:
            if not self.skip and data.strip():
                chunks.append(data)

    p = _P(convert_charrefs=True)
    p.feed(html)
    return chunks
