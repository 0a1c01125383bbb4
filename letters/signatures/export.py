"""Export counted signatures: CSV safe against formula injection, or JSON shaped like OSDI.

By default only public fields, each signer at their display level (a ``recipient``-only signer
is exported as counted: an export is a public output). ``private=True`` adds the stored name,
city and contact fields of everyone, for moving data between a campaign's own systems.
The JSON follows the OSDI ``osdi:signatures`` collection (each signature embedding its
``osdi:person``), with ``letters:`` extension fields for the display level and withdrawal:
a withdrawn signature is listed as a bare identifier with ``letters:withdrawn: true`` (no
personal data), so a system that imported it earlier can delete it.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator
from typing import Any, TextIO

from .annex import shown
from .store import Store

CSV_FIELDS = ("signature_id", "name", "city", "country", "date", "channel", "display")
PRIVATE_FIELDS = ("email", "phone", "source", "source_row")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00", "|", "%")


def safe_cell(value: object) -> str:
    """A cell no spreadsheet runs as a formula: text starting with = + - @ tab CR (and | %) gets a leading '."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START[:4]):
        return "'" + text
    return text


def _public(row: Any) -> dict[str, Any]:
    e = shown(row, public=True)
    level = "counted" if row["display"] == "recipient" else row["display"]
    return {
        "signature_id": row["id"],
        "name": e.name,
        "city": e.city,
        "country": e.country,
        "date": e.date,
        "channel": row["channel"],
        "display": level,
    }


def _record(row: Any, private: bool) -> dict[str, Any]:
    rec = _public(row)
    if private:
        rec.update(name=row["name"], city=row["city"] or "", display=row["display"])
        rec.update({k: row[k] for k in PRIVATE_FIELDS})
    return rec


def write_csv(store: Store, out: TextIO, private: bool = False) -> int:
    fields = CSV_FIELDS + (PRIVATE_FIELDS if private else ())
    w = csv.writer(out, lineterminator="\n")
    w.writerow(fields)
    n = 0
    for row in store.counted():
        rec = _record(row, private)
        w.writerow([safe_cell(rec[f]) for f in fields])
        n += 1
    return n


def osdi_records(store: Store, private: bool = False) -> Iterator[dict[str, Any]]:
    for row in store.counted():
        rec = _record(row, private)
        person: dict[str, Any] = {"postal_addresses": [{"country": rec["country"]}]}
        if rec["city"]:
            person["postal_addresses"][0]["locality"] = rec["city"]
        if rec["name"]:
            person["letters:name"] = rec["name"]  # OSDI splits names; letters stores one
        if private and rec.get("email"):
            person["email_addresses"] = [{"address": rec["email"], "primary": True}]
        if private and rec.get("phone"):
            person["phone_numbers"] = [{"number": rec["phone"], "primary": True}]
        yield {
            "identifiers": [f"letters:{rec['signature_id']}"],
            "created_date": rec["date"],
            "origin_system": "letters",
            "letters:channel": rec["channel"],
            "letters:display": rec["display"],
            "letters:withdrawn": False,
            "_embedded": {"osdi:person": person},
        }


def tombstones(store: Store) -> Iterator[dict[str, Any]]:
    """Withdrawn signatures, as bare identifiers: a system that imported them can delete them."""
    for (sid,) in store.db.execute("SELECT id FROM signatures WHERE withdrawn = 1 ORDER BY seq"):
        yield {"identifiers": [f"letters:{sid}"], "origin_system": "letters", "letters:withdrawn": True}


def write_json(store: Store, out: TextIO, private: bool = False) -> int:
    """An OSDI-shaped collection, written record by record (bounded memory)."""
    out.write('{"origin_system": "letters", "_embedded": {"osdi:signatures": [\n')
    n = 0
    total = 0
    for rec in itertools.chain(osdi_records(store, private), tombstones(store)):
        out.write((",\n" if total else "") + json.dumps(rec, ensure_ascii=False, sort_keys=True))
        n += not rec["letters:withdrawn"]
        total += 1
    out.write(f'\n]}}, "total_records": {total}, "letters:counted": {n}}}\n')
    return n


def export_text(store: Store, fmt: str, private: bool = False) -> str:
    buf = io.StringIO()
    (write_json if fmt == "json" else write_csv)(store, buf, private)
    return buf.getvalue()
