"""The petition's cover: title, addressee, text, the letter's demands and their sources, the
total in the language's plural form, and the signatures by country (an SVG chart and a table)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

from markupsafe import Markup

from .chunks import Annex, country_name, root_groups

COVER_TEMPLATE = "petition.html.j2"
CHART_TOP = 12


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


@dataclass(frozen=True)
class CoverText:
    """What the cover says besides the counts: the petition's title and text in this language."""

    letter: str
    title: str
    text: str
    public: bool


def cover_html(session: Any, view: Any, tr: Any, fmt: Any, text: CoverText, annex: Annex, total_pages: int) -> str:
    """The cover's HTML; ``total_pages`` 0 on the first pass (the cover's own length is not known yet)."""
    c = session.campaign
    table, chart = country_rows(counts_by_country(annex), view.lang, fmt, tr)
    root = root_groups(annex.root)
    cover = CoverView(
        lang=view.lang,
        dir=view.dir,
        paper=view.paper,
        title=text.title,
        text=text.text,
        recipient_block=view.recipient_block,
        demands=without_refs(view.demands),
        sources=demand_sources(c, c.settings.letters[text.letter], fmt),
        date=view.date,
        total=annex.size,
        total_text=fmt.number(annex.size),
        countries=table,
        chart=chart,
        root=root,
        entries=fmt.number(annex.size),
        page_counter_css=page_counter_css(tr, total_pages or 999, fmt),
        root_css=Markup(_css_string(str(tr.pgettext("petition", "Merkle root:")) + " " + root)),
        meta_author=view.meta_author,
        public=text.public,
    )
    return str(session.renderer.render(COVER_TEMPLATE, cast(Any, cover), tr))


def counts_by_country(annex: Annex) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for e in annex.read():
        counts[e.country] = counts.get(e.country, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
