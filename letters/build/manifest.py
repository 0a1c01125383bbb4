"""The build manifest (``OUT/manifest.json``): every output, its hash and what it depends on.

The manifest always matches the files on disk: it is rewritten atomically, an entry is dropped
*before* its file is replaced or removed and added only *after* the new file is in place, so a
build killed at any moment leaves a manifest whose every entry is a complete file with that
hash. Files that a killed build finished but had not yet listed are simply made again.

Besides ``outputs`` it lists what ``failed`` and what was ``removed`` (a document no longer
planned, or one that failed: its old file is deleted, so a withdrawn person never survives in an
old letter), and, for a part of a split build, the ``shard``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import InputError, Location
from ..write import MANIFEST, atomic_write, contained, sha256

FLUSH_EVERY = 1.0  # seconds between manifest rewrites while outputs finish


@dataclass
class OutputRecord:
    path: str  # relative to the output folder, POSIX separators
    letter: str
    recipient: str  # '' for a letter addressed to a group (see ``recipients``)
    locale: str
    format: str
    sha256: str
    bytes: int
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # everyone a group letter addresses
    deps: str = ""  # hash of everything the document depends on (letters.build.deps)
    people: str = ""  # hash of the signatories it names
    root: str = ""  # a petition's Merkle root (letters.signatures); not written when empty
    # strings the document printed in the source language for want of a translation (kind,
    # msgctxt, msgid), so a later build that finds it up to date still reports them; not written when empty
    missing: list[list[str | None]] = field(default_factory=list)


@dataclass
class Manifest:
    campaign: str
    inputs_sha256: str
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # path -> error
    removed: dict[str, str] = field(default_factory=dict)  # path -> reason
    shard: str | None = None

    def to_json(self) -> bytes:
        data: dict[str, Any] = {
            "generator": f"letters {__version__}",
            "campaign": self.campaign,
            "inputs_sha256": self.inputs_sha256,
        }
        if self.shard:
            data["shard"] = self.shard
        data["outputs"] = [_record_json(self.outputs[k]) for k in sorted(self.outputs)]
        data["failed"] = [{"path": k, "error": v} for k, v in sorted(self.failed.items())]
        data["removed"] = [{"path": k, "reason": v} for k, v in sorted(self.removed.items())]
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes, where: str) -> Manifest:
        """Parse a manifest; raises :class:`InputError` naming ``where`` if it is not one."""
        try:
            data = json.loads(raw.decode("utf-8"))
            m = cls(data["campaign"], data["inputs_sha256"], shard=data.get("shard"))
            for item in data.get("outputs", []):
                rec = OutputRecord(**item)
                m.outputs[rec.path] = rec
            m.failed = {f["path"]: f["error"] for f in data.get("failed", [])}
            m.removed = {f["path"]: f["reason"] for f in data.get("removed", [])}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(
                f"not a letters manifest ({type(exc).__name__})",
                location=Location(where),
                hint="pass the manifest.json a 'letters build' wrote",
            ) from None
        return m


def _record_json(rec: OutputRecord) -> dict[str, Any]:
    # the fields as they are (str, int and lists of str): dataclasses.asdict would deep-copy every
    # 'missing' list, a third of a no-change rebuild of 600 documents
    data = {f.name: getattr(rec, f.name) for f in fields(rec)}
    for optional in ("root", "missing"):
        if not data[optional]:
            del data[optional]
    return data


def read_previous(out_dir: Path, campaign_id: str) -> dict[str, OutputRecord]:
    """Entries of an earlier manifest whose file is still there with the recorded size and hash."""
    try:
        m = Manifest.from_json((out_dir / MANIFEST).read_bytes(), str(out_dir / MANIFEST))
    except (OSError, InputError):
        return {}
    if m.campaign != campaign_id:
        return {}
    kept = {}
    for path, rec in m.outputs.items():
        try:
            data = contained(out_dir, path).read_bytes()
        except (OSError, InputError):
            continue
        if len(data) == rec.bytes and sha256(data) == rec.sha256:
            kept[path] = rec
    return kept


class ManifestWriter:
    """Keeps ``OUT/manifest.json`` in step with the files as a build goes (see the module docstring)."""

    def __init__(self, out_dir: Path, manifest: Manifest):
        self.out_dir = out_dir
        self.manifest = manifest
        self.path = out_dir / MANIFEST
        self._dirty = True
        self._last = 0.0

    def forget(self, paths: list[str]) -> None:
        """Drop entries whose files are about to be replaced, and write that down at once."""
        hit = [p for p in paths if p in self.manifest.outputs]
        for p in hit:
            del self.manifest.outputs[p]
        if hit:
            self._dirty = True
            self.flush(force=True)

    def put(self, rec: OutputRecord) -> None:
        """Record a file that is now complete on disk."""
        self.manifest.outputs[rec.path] = rec
        self.manifest.failed.pop(rec.path, None)
        self.manifest.removed.pop(rec.path, None)
        self._dirty = True
        self.flush()

    def fail(self, path: str, error: str) -> None:
        self.manifest.failed[path] = error
        self._dirty = True

    def remove(self, path: str, reason: str) -> bool:
        """Delete ``path``'s file (after dropping its entry); True if there was one."""
        self.forget([path])
        target = contained(self.out_dir, path)
        existed = target.is_file()
        target.unlink(missing_ok=True)
        if existed:
            self.manifest.removed[path] = reason
            self._dirty = True
        return existed

    def flush(self, force: bool = False) -> None:
        now = time.monotonic()
        if self._dirty and (force or now - self._last >= FLUSH_EVERY):
            self.out_dir.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, self.manifest.to_json())
            self._dirty, self._last = False, now


def clean_part_files(out_dir: Path) -> int:
    """Remove temporary ``.*.part`` files a killed build left behind; return how many."""
    n = 0
    if out_dir.is_dir():
        for p in out_dir.rglob(".*.part"):
            if p.is_file() and not p.is_symlink():
                p.unlink(missing_ok=True)
                n += 1
    return n
