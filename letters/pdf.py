"""The one seam to WeasyPrint: HTML string → PDF bytes.

WeasyPrint is imported here only, and lazily (it costs about half a second at start-up).
Everything it loads goes through the one fetcher (:mod:`letters.fetcher`); a document that asks
for anything it refuses fails the build, naming the URL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
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


def html_to_pdf(html: str, base_dir: Path | None, options: PdfOptions) -> PdfResult:
    """Lay out ``html`` and serialise it; raises :class:`RenderError` on a missing glyph or a refused URL."""
    glyphs = missing_glyphs(_visible_text(html))
    if glyphs:
        listed = "; ".join(g.describe() for g in glyphs[:5])
        raise RenderError(
            f"no bundled font has a glyph for {listed}",
            hint="remove or replace the character, or add a font covering it (see docs/fonts.md)",
        )

    import weasyprint  # lazy: heavy import

    roots = [assets_dir(), templates_dir()] + ([base_dir] if base_dir else [])
    refused: list[str] = []
    fetcher = make_fetcher(roots, refused)
    base_url = (base_dir or assets_dir()).resolve().as_uri() + "/"
    fonts = weasyprint.text.fonts.FontConfiguration()
    css = weasyprint.CSS(
        string=font_face_css(), url_fetcher=fetcher, font_config=fonts, base_url=assets_dir().as_uri() + "/"
    )
    doc = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[css], font_config=fonts
    )
    if refused:
        raise RenderError(
            f"the document tried to load {refused[0]!r}, which letters refuses",
            hint="documents may only use files inside the campaign folder; remove the reference",
        )
    created = options.created or source_date()
    if created is not None:
        stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
        doc.metadata.created = stamp
        doc.metadata.modified = stamp
    else:
        doc.metadata.modified = doc.metadata.created
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    data = doc.write_pdf(pdf_variant=options.variant, pdf_identifier=identifier)
    if refused:  # attachments (<link rel=attachment>) are only fetched while writing
        raise RenderError(
            f"the document tried to load {refused[0]!r}, which letters refuses",
            hint="documents may only use files inside the campaign folder; remove the reference",
        )
    return PdfResult(data=data, pages=len(doc.pages), refused=refused)


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
