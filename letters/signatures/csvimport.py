"""Streaming CSV import: decode strictly, validate every row, store in one transaction, report.

The file is read in blocks (bounded memory for any size); a byte the given encoding cannot decode
stops the import with its byte offset and line, and a hint: letters never guesses an encoding.
A UTF-8 byte-order mark is skipped. Rows that fail validation are rejected with their line and a
reason that quotes no personal data; the file as a whole either imports completely or changes
nothing (one transaction). A file imported before (same SHA-256) adds nothing.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, Location
from . import normalize
from .store import CHANNELS, Store, keyed_hash, now

FIELDS = ("name", "country", "city", "date", "channel", "display", "email", "phone")
REQUIRED = ("name", "country", "date")
ALIASES = {"e-mail": "email", "mail": "email", "signed_on": "date", "signed": "date", "consent": "display"}
LIMITS = {"name": 200, "city": 100, "email": 254, "phone": 40, "country": 60, "date": 40, "channel": 40, "display": 60}
DISPLAY_WORDS = {
    "full": "full",
    "full name": "full",
    "public": "full",
    "initials": "initials",
    "counted": "counted",
    "counted only": "counted",
    "anonymous": "counted",
    "recipient": "recipient",
    "recipient only": "recipient",
    "recipient-only": "recipient",
}
FIELD_SIZE_LIMIT = 100_000  # a CSV field longer than this is an unclosed quote, not data
BLOCK = 1 << 20
BATCH = 5000
KEPT_REASONS = 1000  # rejected rows listed in the report (all are counted)


@dataclass
class Rejection:
    line: int
    reason: str


@dataclass
class ImportReport:
    file: str
    source: str
    rows: int = 0
    accepted: int = 0
    duplicates: int = 0
    flagged: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    counted_only_default: int = 0  # rows whose display value was empty or unknown: counted only
    counted_only_lines: list[int] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    already_imported: bool = False
    import_id: int | None = None


@cache
def countries() -> frozenset[str]:
    from babel import Locale

    skip = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}
    codes = [str(c) for c in Locale("en").territories]
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha() and c not in skip)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            h.update(block)
    return h.hexdigest()


def _decode_hint(encoding: str, raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "the file starts with a UTF-16 byte-order mark: use --encoding utf-16"
    base = "give the file's real encoding with --encoding (Russian data often comes as cp1251: --encoding cp1251)"
    return base + "; letters does not guess"


def decoded_lines(fh: BinaryIO, encoding: str, shown: str) -> Iterator[str]:
    """The file's lines (line ends kept), decoded strictly; raises InputError with the byte offset."""
    name = codecs.lookup(encoding).name  # LookupError is the caller's
    is_utf8 = name in ("utf-8", "utf-8-sig")
    dec = codecs.getincrementaldecoder("utf-8" if is_utf8 else name)(errors="strict")
    offset = 0
    line = 1
    pending = ""
    head = fh.read(len(codecs.BOM_UTF8))
    if head == codecs.BOM_UTF8:
        if not is_utf8:
            raise InputError(
                f"the file starts with a UTF-8 byte-order mark but --encoding {encoding} was given",
                location=Location(shown, 1),
                hint="the file is UTF-8: leave out --encoding",
            )
        offset, head = len(head), b""  # skipped, but counted in byte offsets
    while True:
        block = head + fh.read(BLOCK)
        head = b""
        buffered = dec.getstate()[0]
        try:
            text = dec.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            data = buffered + block
            at = offset - len(buffered) + exc.start
            bad_line = line + pending.count("\n") + data[: exc.start].decode(name, errors="replace").count("\n")
            raise InputError(
                f"byte {at} (0x{data[exc.start]:02x}) is not valid {encoding}",
                location=Location(shown, bad_line),
                hint=_decode_hint(encoding, data if offset == 0 else b""),
            ) from None
        offset += len(block)
        pending += text
        if not block:
            if pending:
                yield pending
            return
        parts = pending.split("\n")
        pending = parts.pop()
        for p in parts:
            line += 1
            yield p + "\n"


@dataclass
class _Columns:
    index: dict[str, int]
    width: int
    ignored: list[str]


def _header(row: list[str], mapping: dict[str, str], shown: str, line: int) -> _Columns:
    index: dict[str, int] = {}
    ignored = []
    wanted = {normalize.fold(k): v for k, v in mapping.items()}
    for i, raw in enumerate(row):
        col = normalize.fold(raw)
        fieldname = wanted.get(col) or ALIASES.get(col) or col
        if fieldname not in FIELDS:
            ignored.append(normalize.clean_text(raw))
            continue
        if fieldname in index:
            raise InputError(
                f"two columns give the field {fieldname!r}",
                location=Location(shown, line),
                hint="remove one, or map them with --map COLUMN=FIELD",
            )
        index[fieldname] = i
    missing = [f for f in REQUIRED if f not in index]
    if missing:
        found = ", ".join(normalize.clean_text(c) for c in row) or "nothing"
        raise InputError(
            f"no column for {', '.join(missing)} (the header has: {found})",
            location=Location(shown, line),
            hint=f"name the columns {', '.join(FIELDS)} or map yours: --map 'Column name=name'",
        )
    return _Columns(index, len(row), ignored)


@dataclass
class _Row:
    name: str
    country: str
    city: str | None
    signed_on: str
    channel: str
    display: str
    display_known: bool
    email: str | None
    phone: str | None


def _parse_date(text: str) -> str | None:
    if len(text) < 10 or (len(text) > 10 and text[10] not in "T "):
        return None
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def validate_row(fields: list[str], cols: _Columns, default_channel: str) -> _Row | str:
    """A valid row, or the reason (without any of its values) why it is rejected."""
    if len(fields) != cols.width:
        return f"{len(fields)} field(s), the header has {cols.width}"
    if any("\x00" in f for f in fields):
        return "contains a NUL byte"
    got: dict[str, str] = {}
    for name, i in cols.index.items():
        value = normalize.clean_text(fields[i])
        if len(value) > LIMITS[name]:
            return f"{name} longer than {LIMITS[name]} characters"
        got[name] = value
    name = got["name"]
    if not name:
        return "no name"
    from ..fonts import covered

    if not name.isascii() and not set(map(ord, name)) <= covered():
        return "the name has characters no bundled font can draw (see docs/fonts.md)"
    country = got["country"].upper()
    if country not in countries():
        return "country is not an ISO 3166-1 alpha-2 code (e.g. DE, UA)" if country else "no country"
    signed_on = _parse_date(got["date"])
    if signed_on is None:
        return "date is not YYYY-MM-DD" if got["date"] else "no date"
    channel = got.get("channel", "").casefold() or default_channel
    if channel not in CHANNELS:
        return f"channel must be one of {', '.join(CHANNELS)}"
    display_word = got.get("display", "").casefold()
    display = DISPLAY_WORDS.get(display_word)
    email = None
    if got.get("email"):
        email = normalize.canonical_email(got["email"])
        if email is None:
            return "e-mail is not an address"
    return _Row(
        name=name,
        country=country,
        city=got.get("city") or None,
        signed_on=signed_on,
        channel=channel,
        display=display or "counted",
        display_known=display is not None,
        email=email,
        phone=got.get("phone") or None,
    )


ProgressFn = Callable[[int, int], None]  # (bytes read so far, file size)

_INSERT = (
    "INSERT INTO signatures(id, name, country, city, signed_on, channel, source, source_row, import_id, display, "
    "email, phone, petition_sha256, dedupe_key, skeleton_key, mixed_scripts, flag, salt) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def import_csv(
    store: Store,
    path: Path,
    *,
    encoding: str = "utf-8",
    source: str | None = None,
    mapping: dict[str, str] | None = None,
    channel: str = "online",
    petition_sha256: str | None = None,
    progress: ProgressFn | None = None,
    jobs: int = 1,
) -> ImportReport:
    """Import one CSV file into ``store`` (see the module docstring); raises InputError on a fatal problem."""
    shown = str(path)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", hint="e.g. utf-8, cp1251, koi8-r, latin-1") from None
    if channel not in CHANNELS:
        raise InputError(f"unknown channel {channel!r}", hint=f"use one of {', '.join(CHANNELS)}")
    try:
        digest = file_sha256(path)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}", hint="check the path of the CSV file") from None
    report = ImportReport(file=shown, source=source or path.name)
    db = store.db
    if db.execute("SELECT 1 FROM imports WHERE file_sha256 = ?", (digest,)).fetchone():
        report.already_imported = True
        return report
    old_limit = csv.field_size_limit(FIELD_SIZE_LIMIT)
    db.execute("BEGIN IMMEDIATE")
    try:
        cur = db.execute(
            "INSERT INTO imports(source, file_name, file_sha256, imported_at, accepted, duplicates, flagged, rejected) "
            "VALUES (?, ?, ?, ?, 0, 0, 0, 0)",
            (report.source, path.name, digest, now()),
        )
        report.import_id = import_id = int(cur.lastrowid or 0)
        _load_rows(store, path, encoding, shown, mapping or {}, channel, petition_sha256, report, progress, jobs)
        _rank(store, import_id, report)
        db.execute(
            "UPDATE imports SET accepted = ?, duplicates = ?, flagged = ?, rejected = ? WHERE id = ?",
            (report.accepted, report.duplicates, report.flagged, report.rejected, import_id),
        )
        store.record_event("import", report.accepted, None, f"import={import_id}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    finally:
        csv.field_size_limit(old_limit)
    return report


def _records(lines: Iterator[str], shown: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, fields) for every CSV record; a broken quote is fatal."""
    reader = csv.reader(lines, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            text = str(exc)
            if "field larger" in text or "unexpected end of data" in text:
                raise InputError(
                    "a quoted field that starts on this line is never closed",
                    location=Location(shown, start),
                    hint='close the quote; a quote inside a quoted field is written twice ("")',
                ) from None
            raise InputError(
                f"this row is not valid CSV ({text})",
                location=Location(shown, reader.line_num),
                hint='quote fields that hold commas, quotes or line breaks, and double inner quotes ("")',
            ) from None
        yield start, fields


@dataclass(frozen=True)
class _Context:
    """What preparing a batch of rows needs (picklable: batches may be prepared in other processes)."""

    cols: _Columns
    channel: str
    source: str
    petition_sha256: str | None
    secret: bytes


@dataclass
class _Prepared:
    rows: list[tuple[object, ...]]  # ready to insert, without the import id
    rejections: list[Rejection]
    counted_only_lines: list[int]
    seen: int


def _prepare(ctx: _Context, records: list[tuple[int, list[str]]]) -> _Prepared:
    """Validate and normalise a batch of records: the rows to insert, the rejections."""
    out = _Prepared([], [], [], 0)
    for line, fields in records:
        if not any(f.strip() for f in fields):
            continue  # blank line
        out.seen += 1
        row = validate_row(fields, ctx.cols, ctx.channel)
        if isinstance(row, str):
            out.rejections.append(Rejection(line, row))
            continue
        if not row.display_known:
            out.counted_only_lines.append(line)
        key = normalize.dedupe_key(row.name, row.country, row.city, row.email)
        mixed = normalize.mixed_scripts(row.name) or normalize.mixed_scripts(row.city or "")
        rnd = os.urandom(26)
        out.rows.append(
            (
                rnd[:10].hex(),
                row.name,
                row.country,
                row.city,
                row.signed_on,
                row.channel,
                ctx.source,
                line,
                row.display,
                row.email,
                row.phone,
                ctx.petition_sha256,
                keyed_hash(ctx.secret, key),
                keyed_hash(ctx.secret, normalize.skeleton(key)),
                int(mixed),
                "mixed-scripts" if mixed else None,
                rnd[10:],
            )
        )
    return out


def _batches(records: Iterator[tuple[int, list[str]]]) -> Iterator[list[tuple[int, list[str]]]]:
    batch: list[tuple[int, list[str]]] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _prepared(ctx: _Context, batches: Iterator[list[tuple[int, list[str]]]], jobs: int) -> Iterator[_Prepared]:
    """Prepared batches in file order; with ``jobs > 1`` in a process pool, a bounded number in flight."""
    if jobs <= 1:
        for b in batches:
            yield _prepare(ctx, b)
        return
    import collections
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: collections.deque[Future[_Prepared]] = collections.deque()
        for b in batches:
            pending.append(pool.submit(_prepare, ctx, b))
            if len(pending) > 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _load_rows(
    store: Store,
    path: Path,
    encoding: str,
    shown: str,
    mapping: dict[str, str],
    channel: str,
    petition_sha256: str | None,
    report: ImportReport,
    progress: ProgressFn | None,
    jobs: int,
) -> None:
    size = path.stat().st_size
    with path.open("rb") as fh:
        records = _records(decoded_lines(fh, encoding, shown), shown)
        first = next(records, None)
        if first is None:
            raise InputError("the file is empty", location=Location(shown, 1), hint="the first line names the columns")
        cols = _header(first[1], mapping, shown, first[0])
        report.ignored_columns = cols.ignored
        ctx = _Context(cols, channel, report.source, petition_sha256, store.secret)
        jobs = jobs if size > 4 * BLOCK else 1  # a process pool only pays for itself on large files
        for done in _prepared(ctx, _batches(records), jobs):
            report.rows += done.seen
            report.rejected += len(done.rejections)
            report.rejections.extend(done.rejections[: max(0, KEPT_REASONS - len(report.rejections))])
            report.counted_only_default += len(done.counted_only_lines)
            room = max(0, KEPT_REASONS - len(report.counted_only_lines))
            report.counted_only_lines.extend(done.counted_only_lines[:room])
            store.db.executemany(_INSERT, [(*r[:8], report.import_id, *r[8:]) for r in done.rows])
            if progress:
                progress(min(fh.tell(), size), size)


def _rank(store: Store, import_id: int, report: ImportReport) -> None:
    """Mark later copies of a signer as duplicates of the earliest, and flag look-alikes (set-based SQL)."""
    db = store.db
    db.execute(
        "UPDATE signatures SET duplicate_of = f.first FROM ("
        " SELECT s.seq AS seq, (SELECT min(t.seq) FROM signatures t WHERE t.dedupe_key = s.dedupe_key) AS first"
        " FROM signatures s WHERE s.import_id = ?) AS f "
        "WHERE signatures.seq = f.seq AND f.first != f.seq",
        (import_id,),
    )
    db.execute("DROP TABLE IF EXISTS temp.lookalike")
    db.execute(
        "CREATE TEMP TABLE lookalike AS SELECT skeleton_key FROM signatures"
        " WHERE skeleton_key IN (SELECT skeleton_key FROM signatures WHERE import_id = ?)"
        " GROUP BY skeleton_key HAVING count(DISTINCT dedupe_key) > 1",
        (import_id,),
    )
    db.execute(
        "UPDATE signatures SET flag = coalesce(flag, 'look-alike') WHERE duplicate_of IS NULL"
        " AND skeleton_key IN (SELECT skeleton_key FROM temp.lookalike)"
    )
    db.execute("DROP TABLE temp.lookalike")

    def one(sql: str) -> int:
        return int(db.execute(sql, (import_id,)).fetchone()[0])

    report.duplicates = one("SELECT count(*) FROM signatures WHERE import_id = ? AND duplicate_of IS NOT NULL")
    report.accepted = one("SELECT count(*) FROM signatures WHERE import_id = ? AND duplicate_of IS NULL")
    report.flagged = one(
        "SELECT count(*) FROM signatures WHERE import_id = ? AND duplicate_of IS NULL AND flag IS NOT NULL"
    )
