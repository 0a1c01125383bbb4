"""The annex: counted signatures as printed entries, their Merkle leaves, and the page plan.

What the annex shows of each signer depends on their display level (docs/signatures.md):
``full`` name, city, country and date; ``initials`` the initials, country and date; ``counted``
only the country and date (the entry is numbered and counted, never named); ``recipient`` is
shown in full in the annex sent to officials and as ``counted`` in a public annex.

Pages hold a fixed number of line *units* (a row takes more than one when its name or city
needs several lines), so the page of every entry, and the total, are known before anything is
laid out: the annex can then be rendered in independent chunks with continuous page numbers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import merkle
from .normalize import initials
from .store import Store

UNITS_PER_PAGE = {"A4": 34, "Letter": 31}
NAME_CHARS = 30  # characters of a name that surely fit on one line of its column
CITY_CHARS = 15
COUNTRY_CHARS = 15  # of a country's name in the annex's language (Georgian letters are wide)


@dataclass(frozen=True)
class Entry:
    """One printed annex entry (what the Merkle leaf commits to, with its salt)."""

    name: str  # "" when the signer is counted but not named
    city: str
    country: str
    date: str
    salt: str

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "city": self.city, "country": self.country, "date": self.date, "salt": self.salt}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        return cls(str(data["name"]), str(data["city"]), str(data["country"]), str(data["date"]), str(data["salt"]))

    def leaf(self) -> bytes:
        return merkle.leaf_hash(merkle.entry_bytes(self.as_json()))

    @property
    def units(self) -> int:
        return max(1, _lines(self.name, NAME_CHARS), _lines(self.city, CITY_CHARS))


def country_lines(name: str) -> int:
    """Lines a country's printed name takes in its column."""
    return _lines(name, COUNTRY_CHARS)


def _lines(text: str, width: int) -> int:
    """Lines ``text`` takes wrapped at ``width`` characters (long words broken, as the annex does)."""
    if len(text) <= width:
        return 1
    return len(textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=True)) or 1


def shown(row: Any, public: bool) -> Entry:
    """The entry of one stored signature at its display level."""
    level = row["display"]
    if level == "recipient":
        level = "counted" if public else "full"
    name = row["name"] if level == "full" else initials(row["name"]) if level == "initials" else ""
    city = (row["city"] or "") if level == "full" else ""
    return Entry(name, city, row["country"], row["signed_on"], bytes(row["salt"]).hex())


def entries(store: Store, public: bool) -> Iterator[Entry]:
    """Every counted signature's entry, in annex order (streamed from the database)."""
    for row in store.counted():
        yield shown(row, public)


@dataclass(frozen=True)
class PagePlan:
    """Which entries go on which annex page: ``starts[i]`` is the index of page i's first entry."""

    starts: tuple[int, ...]
    size: int

    @property
    def pages(self) -> int:
        return max(1, len(self.starts))

    def page_range(self, page: int) -> range:
        if not self.starts:
            return range(0)
        end = self.starts[page + 1] if page + 1 < len(self.starts) else self.size
        return range(self.starts[page], end)


def plan_pages(units: list[int] | Iterator[int], per_page: int) -> PagePlan:
    starts: list[int] = []
    used = per_page
    n = 0
    for u in units:
        if used + u > per_page:
            starts.append(n)
            used = 0
        used += u
        n += 1
    return PagePlan(tuple(starts), n)
