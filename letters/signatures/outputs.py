"""The petition's outputs on disk and in ``OUT/petition/manifest.json`` (issue 9's machinery,
:mod:`letters.build.manifest`): always consistent with the files, an entry dropped before its
file is replaced and added after the new file is in place.

A petition's dependency hash covers the committed annex (root and size: every counted entry as
printed, with its salt), the campaign's inputs, the templates and catalogs (through
:class:`letters.build.deps.Dependencies`), the copy (officials' or public), the chunk size and
the fixed creation time. A file is stale, and removed, when its recipient is no longer addressed
by the letter, its language is no longer one the campaign or the recipient uses (judged by a
build without ``--locale``; a ``--locale`` build adds a copy and leaves the others), or it shows an
older annex of the same copy (it may name a signer who has since withdrawn).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..build.manifest import Manifest, ManifestWriter, OutputRecord, clean_part_files, read_previous
from ..write import atomic_write, contained, sha256
from .chunks import Annex
from .config import PetitionConfig
from .petition import PetitionResult

Removed = tuple[str, str]  # (path, reason)


def _format(public: bool) -> str:
    return "public petition" if public else "petition"


class PetitionOutputs:
    """The manifest of ``OUT/petition`` during one petition build."""

    def __init__(self, session: Any, config: PetitionConfig, folder: Path, options: Any, created: dt.datetime | None):
        from ..build.deps import Dependencies
        from ..write import hash_inputs

        self.session, self.config, self.folder, self.options = session, config, folder, options
        c = session.campaign
        key = json.dumps({"petition": options.key(), "created": created.isoformat() if created else None})
        self.deps = Dependencies(session, key, folder.parent)
        clean_part_files(folder)
        self.previous = read_previous(folder, c.settings.id)
        manifest = Manifest(c.settings.id, hash_inputs(session.input_files(folder.parent)))
        manifest.outputs = dict(self.previous)
        self.writer = ManifestWriter(folder, manifest)
        self.format = _format(options.public)

    def path(self, rid: str, locale: str) -> str:
        return f"{locale}/{rid}.public.pdf" if self.options.public else f"{locale}/{rid}.pdf"

    def dependency_hash(self, rid: str, locale: str, annex: Annex) -> str:
        from ..build.deps import _digest
        from ..plan import Job

        letter_deps = self.deps.of(Job(self.config.letter, locale, rid, ("pdf",)))
        return _digest([letter_deps, annex.root.hex(), str(annex.size), self.config.text_sha256()])

    def up_to_date(self, rid: str, locale: str, annex: Annex) -> PetitionResult | None:
        """The earlier result if its file is intact and nothing it depends on changed (and no --force)."""
        rec = self.previous.get(self.path(rid, locale))
        if self.options.force or rec is None or rec.deps != self.dependency_hash(rid, locale, annex):
            return None
        return PetitionResult(self.folder / rec.path, rec.pages or 0, annex.size, annex.root.hex(), 0)

    def remove_stale(
        self, plan: list[tuple[str, str]], annexes: dict[tuple[str, bool, str], Annex]
    ) -> list[tuple[str, str]]:
        """Delete earlier files no longer planned or showing an older annex; return (path, reason)."""
        planned = {self.path(rid, loc) for rid, loc in plan}
        roots = {a.root.hex() for (_, public, _), a in annexes.items() if public == self.options.public}
        removed = []
        for path, rec in sorted(self.previous.items()):
            reason = self._stale_reason(rec, path in planned, roots)
            if reason and self.writer.remove(path, reason):
                removed.append((path, reason))
        return removed

    def _stale_reason(self, rec: OutputRecord, planned: bool, roots: set[str]) -> str | None:
        c = self.session.campaign
        letter = c.settings.letters.get(self.config.letter)
        addressed = {r.id for r in c.letter_recipients(letter)} if letter else set()
        if rec.recipient not in addressed or rec.letter != self.config.letter:
            return "the recipient is no longer addressed by the petition's letter"
        recipient = c.recipients[rec.recipient]
        langs = {*c.settings.languages, *c.settings.output.extra_locales, recipient.language}
        full_plan = self.options.locale is None  # a --locale run adds a copy; it does not re-plan the others
        if full_plan and not planned and rec.locale not in langs and rec.locale.split("_")[0] not in langs:
            return "the language is no longer one the campaign or the recipient uses"
        if rec.format == self.format and roots and rec.root not in roots:
            return "it shows an older annex (signatures were withdrawn, invalidated or added); build it again"
        return None

    def forget(self, rid: str, locale: str) -> None:
        self.writer.forget([self.path(rid, locale)])

    def write(self, rid: str, locale: str, annex: Annex, result: PetitionResult) -> PetitionResult:
        """Write the PDF atomically, then record it."""
        rel = self.path(rid, locale)
        target = contained(self.folder, rel)
        atomic_write(target, result.data)
        rec = OutputRecord(
            path=rel,
            letter=self.config.letter,
            recipient=rid,
            locale=locale,
            format=self.format,
            sha256=sha256(result.data),
            bytes=len(result.data),
            pages=result.pages,
            recipients=[rid],
            deps=self.dependency_hash(rid, locale, annex),
            root=annex.root.hex(),
        )
        self.writer.put(rec)
        result.path, result.data = target, b""
        return result

    def close(self) -> Path:
        self.writer.flush(force=True)
        return self.writer.path
