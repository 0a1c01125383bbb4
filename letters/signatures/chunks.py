"""The annex as chunks: the committed entries on disk, the chunks of planned pages, and each
chunk's HTML (laid out as its own PDF by a worker of the batch pool, :mod:`letters.build.pool`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from ..errors import RenderError
from . import merkle
from .annex import UNITS_PER_PAGE, Entry, PagePlan, country_lines, entries, plan_pages
from .store import Store

ANNEX_TEMPLATE = "petition-annex.html.j2"


@dataclass
class Annex:
    """The committed annex: entries on disk (JSON Lines), their leaves, root and page plan."""

    path: Path  # JSON Lines, one entry per line, in annex order
    leaves: list[bytes]
    root: bytes
    plan: PagePlan
    has_city: bool

    @property
    def size(self) -> int:
        return len(self.leaves)

    def read(self) -> Iterator[Entry]:
        with self.path.open("r", encoding="utf-8") as fh:
            for line in fh:
                yield Entry.from_json(json.loads(line))


def collect_annex(store: Store, public: bool, paper: str, workdir: Path, locale: str | None = None) -> Annex:
    """One pass over the counted signatures: write the entries, hash the leaves, plan the pages
    (a country whose name in ``locale`` takes several lines counts them: "ამერიკის შეერთებული
    შტატები" takes three)."""
    path = workdir / f"annex-{paper}-{'public' if public else 'officials'}-{locale}.jsonl"
    leaves: list[bytes] = []
    units: list[int] = []
    has_city = False
    lines: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as fh:
        for e in entries(store, public):
            fh.write(json.dumps(e.as_json(), ensure_ascii=False, sort_keys=True) + "\n")
            leaves.append(e.leaf())
            if locale and e.country not in lines:
                lines[e.country] = country_lines(country_name(e.country, locale))
            units.append(max(e.units, lines.get(e.country, 1)))
            has_city = has_city or bool(e.city)
    plan = plan_pages(units, UNITS_PER_PAGE.get(paper, UNITS_PER_PAGE["A4"]))
    return Annex(path, leaves, merkle.root(leaves), plan, has_city)


def root_groups(root: bytes) -> str:
    """The root as printed: 64 hex digits in groups of eight (easy to read out and compare)."""
    h = root.hex()
    return " ".join(h[i : i + 8] for i in range(0, 64, 8))


# --- chunks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnexRow:
    number: str
    name: str
    city: str
    country: str
    date: str


@dataclass(frozen=True)
class AnnexPage:
    label: str  # "Page 7 of 412", already translated
    rows: tuple[AnnexRow, ...]


@dataclass(frozen=True)
class Chunk:
    """Everything one worker needs to lay out a run of annex pages (picklable)."""

    campaign_root: str
    locale: str
    paper: str
    direction: str
    root: str  # printed groups
    has_city: bool
    first_page: int  # 1-based number of the chunk's first page in the whole PDF
    total_pages: int
    first_number: int  # 1-based number of the chunk's first entry
    pages: tuple[tuple[Entry, ...], ...]
    title: str


@dataclass(frozen=True)
class AnnexView:
    lang: str
    dir: str
    paper: str
    title: str
    root: str
    has_city: bool
    pages: tuple[AnnexPage, ...]
    tight: bool = False  # smaller type: the fallback when a chunk's rows wrapped more than planned


@cache
def _tools(campaign_root: str, source_language: str) -> tuple[Any, Any]:
    """A renderer and catalogs per process (a pool worker builds them once)."""
    from ..catalogs import CatalogSet
    from ..render import Renderer
    from ..resources import locales_dir

    root = Path(campaign_root)
    return Renderer(root), CatalogSet(locales_dir(), root / "locales", source_language, root)


def page_label(tr: Any, page: int, total: int, fmt: Any) -> str:
    return str(
        tr.pgettext("petition", "Page %(page)s of %(pages)s") % {"page": fmt.number(page), "pages": fmt.number(total)}
    )


def annex_html(chunk: Chunk, source_language: str = "en", tight: bool = False) -> str:
    """The HTML of one chunk of annex pages."""
    from ..localization import Formatter

    renderer, catalogs = _tools(chunk.campaign_root, source_language)
    tr = catalogs.translator(chunk.locale)
    fmt = Formatter(chunk.locale)
    pages = []
    number = chunk.first_number
    for i, page_entries in enumerate(chunk.pages):
        rows = []
        for e in page_entries:
            rows.append(AnnexRow(fmt.number(number), e.name, e.city, country_name(e.country, chunk.locale), e.date))
            number += 1
        pages.append(AnnexPage(page_label(tr, chunk.first_page + i, chunk.total_pages, fmt), tuple(rows)))
    view = AnnexView(
        chunk.locale, chunk.direction, chunk.paper, chunk.title, chunk.root, chunk.has_city, tuple(pages), tight
    )
    return str(renderer.render(ANNEX_TEMPLATE, cast(Any, view), tr))


def chunk_name(chunk: Chunk, what: str) -> str:
    """How a chunk is named in errors and the pool: its ids and pages, never a signer's name."""
    last = chunk.first_page + len(chunk.pages) - 1
    return f"{what} annex pages {chunk.first_page}-{last}"


def overflow_error(chunk: Chunk, pages: int) -> RenderError:
    return RenderError(
        f"annex pages {chunk.first_page}-{chunk.first_page + len(chunk.pages) - 1} took {pages} "
        f"pages instead of {len(chunk.pages)}",
        hint="a template override makes rows taller than letters plans for; keep one line per row",
    )


def render_chunk(chunk: Chunk, source_language: str = "en") -> bytes:
    """Lay out one chunk in this process (tagged, as the pool does); a chunk whose rows wrapped
    more than planned is set in smaller type on the same pages, else RenderError."""
    from ..pdf import PdfOptions, html_to_pdf

    root = Path(chunk.campaign_root)
    result = html_to_pdf(annex_html(chunk, source_language), root, PdfOptions())
    if result.pages != len(chunk.pages):
        result = html_to_pdf(annex_html(chunk, source_language, tight=True), root, PdfOptions())
    if result.pages != len(chunk.pages):
        raise overflow_error(chunk, result.pages)
    return result.data


@cache
def _territories(locale: str) -> dict[str, str]:
    from ..localization import parse_locale

    return dict(parse_locale(locale).territories)


def country_name(code: str, locale: str) -> str:
    return _territories(locale).get(code, code)


def chunks(
    annex: Annex,
    campaign_root: Path,
    locale: str,
    paper: str,
    direction: str,
    title: str,
    first_page: int,
    total_pages: int,
    chunk_pages: int,
) -> Iterator[Chunk]:
    """The annex cut into chunks of ``chunk_pages`` pages (the entries are read from disk as needed)."""
    it = annex.read()
    plan = annex.plan
    for start in range(0, plan.pages, chunk_pages):
        pages = []
        for p in range(start, min(start + chunk_pages, plan.pages)):
            pages.append(tuple(next(it) for _ in plan.page_range(p)))
        yield Chunk(
            str(campaign_root),
            locale,
            paper,
            direction,
            root_groups(annex.root),
            annex.has_city,
            first_page + start,
            total_pages,
            (plan.starts[start] + 1) if plan.starts else 1,
            tuple(pages),
            title,
        )
