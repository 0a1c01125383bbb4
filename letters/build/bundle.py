"""Bundles for a print shop: each letter's documents of one language joined into one PDF.

Every letter is laid out on its own, so its page numbers ("1 / 2") restart with it; the pages
are then joined in plan order (recipients as listed) into ``OUT/bundles/<letter>/<locale>.pdf``.
A document that fails is left out of its bundle and reported; the bundle is still written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import LettersError
from ..plan import Job, Selection
from ..write import atomic_write, contained
from .session import Session


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
    made = []
    for (letter, locale), jobs in groups.items():
        docs, failed = [], []
        digest = hashlib.sha256()
        for job in jobs:
            try:
                html = session.render(job).html
                docs.append(engine.layout(html, options))
                digest.update(html.encode("utf-8"))
            except LettersError as exc:
                failed.append((job, exc))
        rel = PurePosixPath("bundles", letter, f"{locale}.pdf")
        if docs:
            joined = docs[0].copy([page for doc in docs for page in doc.pages])
            result = engine.write(joined, options, digest.hexdigest()[:32].encode())
            atomic_write(contained(out_dir, rel), result.data)
            made.append(Bundle(rel, len(docs), result.pages, failed))
        else:
            made.append(Bundle(rel, 0, 0, failed))
    return made
