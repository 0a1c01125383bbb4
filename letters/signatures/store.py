"""The signatures database: one SQLite file per campaign (WAL), its schema and migrations, and queries.

The schema version is SQLite's ``user_version``; :data:`MIGRATIONS` brings any older file up to
date inside one transaction. Personal data stays in this file: counts and events never name a
signer, and a withdrawn signer's name and contact fields are erased (only a keyed hash of their
de-duplication key remains, so a later copy of the same row is recognised as theirs).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

DB_NAME = "signatures.sqlite3"
LEVELS = ("full", "initials", "counted", "recipient")  # display levels; "counted" is the fail-closed default
CHANNELS = ("online", "paper", "partner")

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL UNIQUE,
        imported_at TEXT NOT NULL,
        accepted INTEGER NOT NULL, duplicates INTEGER NOT NULL,
        flagged INTEGER NOT NULL, rejected INTEGER NOT NULL
    );
    CREATE TABLE signatures (
        seq INTEGER PRIMARY KEY,             -- order of arrival: the annex order
        id TEXT NOT NULL UNIQUE,             -- random signature id (given to the signer with a proof)
        name TEXT NOT NULL,
        country TEXT NOT NULL,               -- ISO 3166-1 alpha-2
        city TEXT,
        signed_on TEXT NOT NULL,             -- ISO date
        channel TEXT NOT NULL,
        source TEXT NOT NULL,
        source_row INTEGER NOT NULL,         -- line of the row in its file
        import_id INTEGER NOT NULL REFERENCES imports(id),
        display TEXT NOT NULL,
        email TEXT,                          -- private: never printed or exported by default
        phone TEXT,                          -- private
        petition_sha256 TEXT,                -- the petition text version the signer was shown
        dedupe_key BLOB NOT NULL,            -- keyed hash of the normalised key
        skeleton_key BLOB NOT NULL,          -- keyed hash of the look-alike skeleton
        mixed_scripts INTEGER NOT NULL DEFAULT 0,
        duplicate_of INTEGER,                -- seq of the earlier row of the same signer
        flag TEXT,                           -- why a person should review it
        salt BLOB NOT NULL,                  -- Merkle leaf salt
        withdrawn INTEGER NOT NULL DEFAULT 0,
        invalidation_id INTEGER REFERENCES events(id)
    );
    CREATE INDEX signatures_key ON signatures(dedupe_key);
    CREATE INDEX signatures_skeleton ON signatures(skeleton_key);
    CREATE INDEX signatures_import ON signatures(import_id);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,                  -- import, withdrawal, invalidation
        count INTEGER NOT NULL,
        reason TEXT,
        criteria TEXT
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

COUNTED = "duplicate_of IS NULL AND withdrawn = 0 AND invalidation_id IS NULL"


def keyed_hash(secret: bytes, text: str) -> bytes:
    """A keyed hash: equal texts match inside one database, and the text cannot be read back."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16, key=secret).digest()


def default_path(campaign_root: Path) -> Path:
    """Where a campaign keeps its signatures: a hidden folder, never part of a build's inputs."""
    return campaign_root / ".letters" / DB_NAME


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """An open signatures database."""

    def __init__(self, path: Path, create: bool = True):
        self.path = path
        if not path.exists() and not create:
            raise InputError(
                f"{path}: no signatures database",
                hint="import signatures first: letters signatures import CAMPAIGN FILE.csv",
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA cache_size=-65536")  # 64 MB: index inserts of a large import stay in memory
            self.db.execute("PRAGMA temp_store=MEMORY")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise InputError(
                f"{path}: cannot open the signatures database ({exc})",
                hint="is it a letters signatures file? restore it from a backup or move it away",
            ) from None
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror}", hint="check the folder exists and is writable") from None
        self.secret = self._secret()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise InputError(
                f"{self.path}: made by a newer letters (schema {version}, this one knows {SCHEMA_VERSION})",
                hint="upgrade letters",
            )
        if version == SCHEMA_VERSION:
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for n in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[n].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _secret(self) -> bytes:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()
        if row:
            return bytes.fromhex(row[0])
        secret = os.urandom(32)
        self.db.execute("INSERT INTO meta(key, value) VALUES ('secret', ?)", (secret.hex(),))
        return secret

    def keyed(self, text: str) -> bytes:
        return keyed_hash(self.secret, text)

    # --- queries -------------------------------------------------------------------------

    def counted(self, where: str = "", params: tuple[object, ...] = ()) -> Iterator[sqlite3.Row]:
        """Counted signatures (not duplicates, withdrawn or invalidated) in annex order, streamed."""
        cur = self.db.cursor()
        cur.row_factory = sqlite3.Row
        sql = f"SELECT * FROM signatures WHERE {COUNTED}" + (f" AND ({where})" if where else "") + " ORDER BY seq"
        yield from cur.execute(sql, params)

    def count(self) -> int:
        return int(self.db.execute(f"SELECT count(*) FROM signatures WHERE {COUNTED}").fetchone()[0])

    def by_country(self) -> list[tuple[str, int]]:
        rows = self.db.execute(
            f"SELECT country, count(*) FROM signatures WHERE {COUNTED} GROUP BY country ORDER BY count(*) DESC, country"
        )
        return [(r[0], int(r[1])) for r in rows]

    def record_event(self, kind: str, count: int, reason: str | None = None, criteria: str | None = None) -> int:
        cur = self.db.execute(
            "INSERT INTO events(at, kind, count, reason, criteria) VALUES (?, ?, ?, ?, ?)",
            (now(), kind, count, reason, criteria),
        )
        return int(cur.lastrowid or 0)

    def events(self) -> list[tuple[str, str, int, str | None, str | None]]:
        return list(self.db.execute("SELECT at, kind, count, reason, criteria FROM events ORDER BY id"))


@dataclass
class Stats:
    raw: int
    counted: int
    duplicates: int
    flagged: int
    withdrawn: int
    invalidated: int
    by_country: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    by_date: list[tuple[str, int]]


def stats(store: Store) -> Stats:
    db = store.db

    def one(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    def grouped(col: str) -> list[tuple[str, int]]:
        order = f"{col}" if col == "signed_on" else f"count(*) DESC, {col}"
        return [
            (r[0], int(r[1]))
            for r in db.execute(
                f"SELECT {col}, count(*) FROM signatures WHERE {COUNTED} GROUP BY {col} ORDER BY {order}"
            )
        ]

    return Stats(
        raw=one("SELECT count(*) FROM signatures"),
        counted=store.count(),
        duplicates=one("SELECT count(*) FROM signatures WHERE duplicate_of IS NOT NULL"),
        flagged=one(f"SELECT count(*) FROM signatures WHERE flag IS NOT NULL AND {COUNTED}"),
        withdrawn=one("SELECT count(*) FROM signatures WHERE withdrawn = 1"),
        invalidated=one("SELECT count(*) FROM signatures WHERE invalidation_id IS NOT NULL"),
        by_country=grouped("country"),
        by_channel=grouped("channel"),
        by_date=grouped("signed_on"),
    )


def withdraw(store: Store, signature_ids: list[str]) -> int:
    """Withdraw signers (every row of theirs): erased personal data, out of every count and output.

    The event log records that a withdrawal of N rows happened, not whose. Unknown ids raise
    before anything changes.
    """
    db = store.db
    db.execute("BEGIN IMMEDIATE")
    try:
        keys = []
        for sid in signature_ids:
            row = db.execute("SELECT dedupe_key FROM signatures WHERE id = ?", (sid,)).fetchone()
            if row is None:
                raise InputError(
                    f"no signature with id {sid!r}", hint="the id is the one a signer got with their proof"
                )
            keys.append(row[0])
        n = 0
        for key in keys:
            cur = db.execute(
                "UPDATE signatures SET withdrawn = 1, name = '', city = NULL, email = NULL, phone = NULL "
                "WHERE dedupe_key = ? AND withdrawn = 0",
                (key,),
            )
            n += cur.rowcount
        store.record_event("withdrawal", n)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return n


INVALIDATE_FIELDS = ("source", "channel", "country", "signed_on", "import_id", "display", "flag", "id")


def parse_where(clauses: list[str]) -> tuple[str, tuple[object, ...]]:
    """``field=value`` clauses (all must hold) → SQL and parameters; only known fields, never raw SQL."""
    parts: list[str] = []
    params: list[object] = []
    for clause in clauses:
        field, sep, value = clause.partition("=")
        field = {"date": "signed_on", "import": "import_id"}.get(field.strip(), field.strip())
        if not sep or field not in INVALIDATE_FIELDS:
            raise InputError(
                f"--where {clause!r}: expected FIELD=VALUE",
                hint=f"fields: {', '.join(INVALIDATE_FIELDS)} (date=YYYY-MM-DD, import=N)",
            )
        if field == "flag" and value.strip() in ("*", "any"):
            parts.append("flag IS NOT NULL")
            continue
        parts.append(f"{field} = ?")
        params.append(value.strip())
    if not parts:
        raise InputError("say which signatures: --where FIELD=VALUE", hint="e.g. --where source=partner-x.csv")
    return " AND ".join(parts), tuple(params)


def invalidate(store: Store, where: list[str], reason: str, dry_run: bool) -> int:
    """Invalidate the counted signatures matching ``where`` (an audited batch); ``dry_run`` only counts."""
    if not reason.strip():
        raise InputError("an invalidation needs a --reason", hint='e.g. --reason "partner list not verified"')
    sql, params = parse_where(where)
    db = store.db
    db.execute("BEGIN IMMEDIATE")
    try:
        n = int(db.execute(f"SELECT count(*) FROM signatures WHERE {COUNTED} AND ({sql})", params).fetchone()[0])
        if dry_run or n == 0:
            db.execute("ROLLBACK")
            return n
        event = store.record_event("invalidation", n, reason.strip(), " AND ".join(where))
        db.execute(f"UPDATE signatures SET invalidation_id = ? WHERE {COUNTED} AND ({sql})", (event, *params))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return n
