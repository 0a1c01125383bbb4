"""The petition PDF: a cover (text, demands, addressee, total, chart and table by country) and the
signature annex, rendered in fixed-size chunks and joined, with the Merkle root on every page.

WeasyPrint keeps a whole document in memory, so the annex is cut into chunks of
``chunk_pages`` pages, each laid out as its own document through the public
:func:`letters.render.Renderer.render` and :func:`letters.pdf.html_to_pdf`. A chunk is described
by a picklable :class:`Chunk` and made by :func:`render_chunk`, a plain function: any ``map``
(the built-in one, a process pool's) can run them. Page numbers are planned beforehand
(:mod:`letters.signatures.annex`), so every chunk prints "Page 7 of 412" correctly, and each
chunk's page count is checked after layout. The joined PDF carries the entries as an attached
JSON Lines file and the root in its metadata: :mod:`letters.signatures.verify` reads them back.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, cast

from markupsafe import Markup

from ..errors import InputError, Location, RenderError
from . import merkle
from .annex import UNITS_PER_PAGE, Entry, PagePlan, entries, plan_pages
from .store import Store

PETITION_FILE = "petition.yaml"
COVER_TEMPLATE = "petition.html.j2"
ANNEX_TEMPLATE = "petition-annex.html.j2"
ENTRIES_ATTACHMENT = "letters-annex.jsonl"
HEADER_ATTACHMENT = "letters-petition.json"
ROOT_KEY = "/LettersMerkleRoot"
FORMAT = "letters-petition-annex/1"
CHART_TOP = 12


@dataclass(frozen=True)
class PetitionConfig:
    """``petition.yaml``: which letter it backs (its recipients, demands, sources) and the text."""

    letter: str
    title: dict[str, str]
    text: dict[str, str]

    def text_sha256(self) -> str:
        """The version of the petition text signers were shown (every language)."""
        blob = json.dumps({"title": self.title, "text": self.text}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def load_config(root: Path) -> PetitionConfig:
    from ..yamlio import load_yaml

    path = root / PETITION_FILE
    if not path.is_file():
        raise InputError(
            f"{root}: no {PETITION_FILE}",
            hint="write petition.yaml with 'letter:' (the letter it backs) and 'text:' per language; "
            "see docs/signatures.md",
        )
    doc, problems = load_yaml(path, PETITION_FILE)
    if problems:
        p = problems[0]
        raise InputError(p.message, location=p.location, hint=p.hint)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("letter"), str):
        raise InputError("petition.yaml needs 'letter: <letter id>'", location=doc.loc(), hint="see docs/signatures.md")
    unknown = set(data) - {"letter", "title", "text"}
    if unknown:
        key = sorted(unknown)[0]
        raise InputError(f"unknown field {key!r}", location=doc.loc((key,)), hint="fields: letter, title, text")
    texts: dict[str, dict[str, str]] = {}
    for key in ("title", "text"):
        value = data.get(key) or {}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise InputError(
                f"{key!r} must map each language to its text",
                location=doc.loc((key,)),
                hint=f"e.g. {key}:\\n  en: ...\\n  ru: ...",
            )
        texts[key] = {str(k): " ".join(v.split()) for k, v in value.items()}
    return PetitionConfig(data["letter"], texts["title"], texts["text"])


# --- the annex: entries, leaves, the page plan ------------------------------------------------


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


def collect_annex(store: Store, public: bool, paper: str, workdir: Path) -> Annex:
    """One pass over the counted signatures: write the entries, hash the leaves, plan the pages."""
    path = workdir / f"annex-{paper}-{'public' if public else 'officials'}.jsonl"
    leaves: list[bytes] = []
    units: list[int] = []
    has_city = False
    with path.open("w", encoding="utf-8") as fh:
        for e in entries(store, public):
            fh.write(json.dumps(e.as_json(), ensure_ascii=False, sort_keys=True) + "\n")
            leaves.append(e.leaf())
            units.append(e.units)
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


def render_chunk(chunk: Chunk, source_language: str = "en") -> bytes:
    """Lay out one chunk of annex pages as a PDF; raises RenderError if a page overflowed."""
    from ..pdf import PdfOptions, html_to_pdf

    # untagged: pypdf copies each tagged page's whole structure tree (about 1 MB a page in memory),
    # and the joined file could not keep 100 separate trees anyway
    options = PdfOptions(tagged=False)
    result = html_to_pdf(annex_html(chunk, source_language), Path(chunk.campaign_root), options)
    if result.pages != len(chunk.pages):  # a row wrapped more than planned: the same pages in smaller type
        result = html_to_pdf(annex_html(chunk, source_language, tight=True), Path(chunk.campaign_root), options)
    if result.pages != len(chunk.pages):
        raise RenderError(
            f"annex pages {chunk.first_page}-{chunk.first_page + len(chunk.pages) - 1} took {result.pages} "
            f"pages instead of {len(chunk.pages)}",
            hint="a template override makes rows taller than letters plans for; keep one line per row",
        )
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


# --- the cover -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryRow:
    name: str
    count: str
    share: float  # of the largest bar, 0..1


@dataclass(frozen=True)
class SourceLine:
    publisher: str
    title: str | None
    author: str | None
    date: str | None
    url: str | None


_REF_RE = re.compile(r'<sup class="note-ref">.*?</sup>')
_FACT_RE = re.compile(r"\{(?:fact|cite):([a-z0-9-]+)\}")


def demand_sources(campaign: Any, letter: Any, fmt: Any) -> tuple[SourceLine, ...]:
    """The sources of the facts the letter's demands cite, in order of first citation, once each."""
    seen: dict[str, None] = {}
    for demand in campaign.letter_demands(letter):
        for fid in [*_FACT_RE.findall(demand.text), *demand.facts]:
            fact = campaign.facts.get(fid)
            if fact is not None and fact.source in campaign.sources:
                seen[fact.source] = None
    out = []
    for sid in seen:
        src = campaign.sources[sid]
        out.append(SourceLine(src.publisher, src.title, src.author, fmt.date(src.date) if src.date else None, src.url))
    return tuple(out)


def without_refs(demands: tuple[Markup, ...]) -> tuple[Markup, ...]:
    """The letter's demands without its note numbers (the cover lists the sources itself)."""
    return tuple(Markup(_REF_RE.sub("", str(d))) for d in demands)


@dataclass(frozen=True)
class CoverView:
    lang: str
    dir: str
    paper: str
    title: str
    text: str
    recipient_block: tuple[str, ...]
    demands: tuple[Markup, ...]
    sources: tuple[SourceLine, ...]
    date: str
    total: int
    total_text: str
    countries: tuple[CountryRow, ...]
    chart: tuple[CountryRow, ...]
    root: str
    entries: str
    page_counter_css: Markup
    root_css: Markup
    meta_author: str
    public: bool


def _css_string(text: str) -> str:
    # every other character as a 6-digit escape: a space after an escape would be swallowed by it
    return '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"'


def page_counter_css(tr: Any, total: int, fmt: Any) -> Markup:
    """``content:`` for the cover's page numbers: "Page " counter(page) " of 412", translated."""
    marker = "\x00"
    label = str(tr.pgettext("petition", "Page %(page)s of %(pages)s") % {"page": marker, "pages": fmt.number(total)})
    before, _, after = label.partition(marker)
    return Markup(f"{_css_string(before)} counter(page) {_css_string(after)}")


def country_rows(
    by_country: list[tuple[str, int]], locale: str, fmt: Any, tr: Any
) -> tuple[tuple[CountryRow, ...], tuple[CountryRow, ...]]:
    top = by_country[0][1] if by_country else 1
    table = tuple(CountryRow(country_name(c, locale), fmt.number(n), n / top) for c, n in by_country)
    chart = list(table[:CHART_TOP])
    rest = sum(n for _, n in by_country[CHART_TOP:])
    if rest:
        chart.append(
            CountryRow(str(tr.pgettext("petition", "other countries")), fmt.number(rest), min(1.0, rest / top))
        )
    return table, tuple(chart)


# --- the whole document ---------------------------------------------------------------------


@dataclass
class PetitionResult:
    path: Path
    pages: int
    entries: int
    root: str
    chunks: int
    warnings: list[str] = field(default_factory=list)


MapFn = Callable[[Callable[[Chunk], bytes], Iterable[Chunk]], Iterable[bytes]]


def build_petition(
    session: Any,
    store: Store,
    recipient_id: str,
    locale: str,
    out: Path,
    *,
    public: bool = False,
    chunk_pages: int = 25,
    map_fn: MapFn | None = None,
    annex_cache: dict[tuple[str, bool], Annex] | None = None,
    workdir: Path | None = None,
) -> PetitionResult:
    """Make the petition PDF for one recipient in one language and write it atomically to ``out``."""
    from ..compose import compose
    from ..localization import Formatter

    config = load_config(session.root)
    c = session.campaign
    if config.letter not in c.settings.letters:
        raise InputError(
            f"petition.yaml: unknown letter {config.letter!r}",
            location=Location(PETITION_FILE, 1),
            hint=f"letters: {', '.join(c.settings.letters)}",
        )
    letter = c.settings.letters[config.letter]
    recipient = c.recipients[recipient_id]
    tr = session.catalogs.translator(locale)
    view = compose(c, letter, [recipient], locale, tr)
    fmt = Formatter(locale)
    cache_key = (view.paper, public)
    tmp = None
    if workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="letters-petition-")
        workdir = Path(tmp.name)
    try:
        annex = (annex_cache or {}).get(cache_key) or collect_annex(store, public, view.paper, workdir)
        if annex_cache is not None:
            annex_cache[cache_key] = annex
        source_language = c.settings.source_language
        title = _pick(config.title, locale, source_language) or view.subject
        text = _pick(config.text, locale, source_language) or ""
        cover = _render_cover(session, view, tr, fmt, config, title, text, store, annex, public, 0)
        cover_pages = cover[1]
        total = cover_pages + annex.plan.pages
        cover_pdf, pages_again = _render_cover(session, view, tr, fmt, config, title, text, store, annex, public, total)
        if pages_again != cover_pages:
            raise RenderError("the cover changed length between passes", hint="report this bug")
        parts = chunks(annex, session.root, locale, view.paper, view.dir, title, cover_pages + 1, total, chunk_pages)
        run = map_fn or map
        pdfs = run(_chunk_worker(source_language), parts)
        data = join(
            cover_pdf,
            pdfs,
            annex,
            title=title,
            author=view.meta_author,
            lang=locale,
            public=public,
            campaign=c.settings.id,
            petition_sha256=config.text_sha256(),
        )
    finally:
        if tmp is not None:
            tmp.cleanup()
    from ..write import atomic_write

    atomic_write(out, data)
    n_chunks = -(-annex.plan.pages // chunk_pages)
    return PetitionResult(out, total, annex.size, annex.root.hex(), n_chunks)


class _chunk_worker:  # noqa: N801 - a picklable callable (a lambda cannot cross a process pool)
    def __init__(self, source_language: str):
        self.source_language = source_language

    def __call__(self, chunk: Chunk) -> bytes:
        return render_chunk(chunk, self.source_language)


def _pick(texts: dict[str, str], locale: str, source: str) -> str | None:
    for key in (locale, locale.split("_")[0], source):
        if key in texts:
            return texts[key]
    return None


def _render_cover(
    session: Any,
    view: Any,
    tr: Any,
    fmt: Any,
    config: PetitionConfig,
    title: str,
    text: str,
    store: Store,
    annex: Annex,
    public: bool,
    total_pages: int,
) -> tuple[bytes, int]:
    from ..pdf import PdfOptions, html_to_pdf

    table, chart = country_rows(_counts_by_country(annex), view.lang, fmt, tr)
    cover = CoverView(
        lang=view.lang,
        dir=view.dir,
        paper=view.paper,
        title=title,
        text=text,
        recipient_block=view.recipient_block,
        demands=without_refs(view.demands),
        sources=demand_sources(session.campaign, session.campaign.settings.letters[config.letter], fmt),
        date=view.date,
        total=annex.size,
        total_text=fmt.number(annex.size),
        countries=table,
        chart=chart,
        root=root_groups(annex.root),
        entries=fmt.number(annex.size),
        page_counter_css=page_counter_css(tr, total_pages or 999, fmt),
        root_css=Markup(_css_string(str(tr.pgettext("petition", "Merkle root:")) + " " + root_groups(annex.root))),
        meta_author=view.meta_author,
        public=public,
    )
    html = session.renderer.render(COVER_TEMPLATE, cast(Any, cover), tr)
    result = html_to_pdf(html, session.root, PdfOptions(tagged=False))  # joined with the annex: see render_chunk
    return result.data, result.pages


def _counts_by_country(annex: Annex) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for e in annex.read():
        counts[e.country] = counts.get(e.country, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def join(
    cover: bytes,
    parts: Iterable[bytes],
    annex: Annex,
    *,
    title: str,
    author: str,
    lang: str,
    public: bool,
    campaign: str,
    petition_sha256: str,
) -> bytes:
    """Cover + annex chunks → one PDF with the entries attached and the root in the metadata."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)))
    for data in parts:
        writer.append(PdfReader(io.BytesIO(data)))
    header = {
        "format": FORMAT,
        "campaign": campaign,
        "root": annex.root.hex(),
        "size": annex.size,
        "public": public,
        "language": lang,
        "petition_sha256": petition_sha256,
        "hash": "sha256; leaf = H(0x00 || entry JSON, sorted keys, UTF-8), node = H(0x01 || left || right) (RFC 6962)",
    }
    writer.add_attachment(HEADER_ATTACHMENT, json.dumps(header, indent=2, ensure_ascii=False).encode("utf-8"))
    writer.add_attachment(ENTRIES_ATTACHMENT, annex.path.read_bytes())
    writer.add_metadata({"/Title": title, "/Author": author, ROOT_KEY: annex.root.hex(), "/Producer": "letters"})
    from pypdf.generic import NameObject, TextStringObject

    writer._root_object[NameObject("/Lang")] = TextStringObject(lang.replace("_", "-"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
