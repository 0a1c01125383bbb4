"""Bundles for a print shop: each letter's documents of one language joined into one PDF.

Every letter is laid out on its own, so its page numbers ("1 / 2") restart with it; the pages
are then joined in plan order (recipients as listed) into ``OUT/bundles/<letter>/<locale>.pdf``.
A document that fails is left out of its bundle and reported; the bundle is still written.

Bundles are listed in the build's manifest like any output (with the recipients and the hash of
the signatories they name), so a later ``letters build`` removes a bundle that no longer matches
its letters: a signatory's consent changed, a recipient left, or any of its letters was made
again (``letters.build.run``). A bundle none of whose letters could be made is removed too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import LettersError
from ..plan import Job, Selection
from ..write import MANIFEST, atomic_write, contained, hash_inputs, sha256
from .deps import Dependencies
from .manifest import Manifest, ManifestWriter, OutputRecord, read_previous
from .session import Session

BUNDLES = "bundles"


@dataclass
class Bundle:
    path: PurePosixPath  # relative to the output folder
    letters: int
    pages: int
    failed: list[tuple[Job, LettersError]] = field(default_factory=list)


def bundle(
    session: Session, out_dir: Path, selection: Selection = Selection(), variant: str | None = None
) -> list[Bundle]:
    """Write one PDF per letter and language; raises :class:`CampaignInvalid` first if the campaign has errors."""
    from ..pdf import PdfEngine, PdfOptions

    session.require_valid()
    groups: dict[tuple[str, str], list[Job]] = {}
    for job in session.plan(Selection(selection.letters, selection.recipients, selection.locales, ("pdf",))):
        groups.setdefault((job.letter, job.locale), []).append(job)
    engine = PdfEngine(session.root, share_cache=True)
    options = PdfOptions(variant=variant or session.campaign.settings.output.pdf_variant)
    writer = _writer(session, out_dir)
    people = Dependencies(session, "bundle", out_dir).people
    made = []
    for (letter, locale), jobs in groups.items():
        docs, failed, included = [], [], []
        digest = hashlib.sha256()
        for job in jobs:
            try:
                html = session.render(job).html
                docs.append(engine.layout(html, options))
                digest.update(html.encode("utf-8"))
                included.append(job)
            except LettersError as exc:
                failed.append((job, exc))
        rel = PurePosixPath(BUNDLES, letter, f"{locale}.pdf")
        if not docs:
            writer.remove(str(rel), "none of its letters could be made")
            made.append(Bundle(rel, 0, 0, failed))
            continue
        joined = docs[0].copy([page for doc in docs for page in doc.pages])
        result = engine.write(joined, options, digest.hexdigest()[:32].encode())
        writer.forget([str(rel)])
        atomic_write(contained(out_dir, rel), result.data)
        writer.put(_record(rel, letter, locale, included, result.data, result.pages, people(jobs[0])))
        made.append(Bundle(rel, len(docs), result.pages, failed))
    writer.flush(force=True)
    return made


def _writer(session: Session, out_dir: Path) -> ManifestWriter:
    """The output folder's manifest, kept as it is but for the bundles written now."""
    c = session.campaign
    manifest = Manifest(c.settings.id, hash_inputs(session.input_files(out_dir)))
    try:
        old = Manifest.from_json((out_dir / MANIFEST).read_bytes(), str(out_dir / MANIFEST))
        manifest.inputs_sha256, manifest.shard = old.inputs_sha256, old.shard
        manifest.failed, manifest.removed = old.failed, old.removed
    except (OSError, LettersError):
        pass  # no manifest yet, or not one: the bundles start it
    manifest.outputs = read_previous(out_dir, c.settings.id)
    return ManifestWriter(out_dir, manifest)


def _record(
    rel: PurePosixPath, letter: str, locale: str, jobs: list[Job], data: bytes, pages: int, people: str
) -> OutputRecord:
    return OutputRecord(
        path=str(rel),
        letter=letter,
        recipient="",
        locale=locale,
        format="pdf",
        sha256=sha256(data),
        bytes=len(data),
        pages=pages,
        recipients=[j.recipient for j in jobs],
        people=people,
    )
