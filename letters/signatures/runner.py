"""Build the petition for every recipient of the letter it backs, in each recipient's language.

The annex is the same for every document of one paper size and copy (officials' or public), so
it is collected and committed once. PDFs are made by the batch worker pool
(:class:`letters.build.pool.WorkerPool`: forkserver workers, recycling, per-document limits) or,
with ``jobs=0``, in this process. Outputs are recorded in ``OUT/petition/manifest.json`` with
issue 9's manifest machinery (:mod:`letters.build.manifest`): a petition whose dependency hash
(the annex root and size, the campaign's inputs, templates, catalogs and the options) is unchanged
is not made again; a file of a recipient or language no longer planned, or one showing an older
annex (a withdrawn signer), is removed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .chunks import Annex, collect_annex
from .config import PetitionConfig
from .petition import Maker, PetitionResult, build_petition
from .store import Store

PETITION_DIR = "petition"
MADE, UP_TO_DATE = "made", "up to date"


@dataclass
class PetitionOptions:
    """How to build: ``jobs`` worker processes (0: this process), chunk size, the limits per PDF."""

    recipients: list[str] = field(default_factory=list)
    locale: str | None = None
    public: bool = False
    chunk_pages: int = 25
    jobs: int = 2
    force: bool = False
    time_limit: float | None = None
    memory_limit_mb: int | None = None

    def key(self) -> str:
        return f"public={self.public} chunk_pages={self.chunk_pages}"


@dataclass
class PetitionBuild:
    """What a build did: each document's result (``status`` made or up to date) and what it removed."""

    results: list[tuple[str, PetitionResult]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    manifest: Path | None = None


def targets(session: Any, config: PetitionConfig, recipients: list[str], locale: str | None) -> list[tuple[str, str]]:
    """(recipient id, locale) pairs: the letter's recipients (or those asked for), each in their language."""
    from ..plan import normalise_locale

    c = session.campaign
    letter = c.settings.letters.get(config.letter)
    if letter is None:
        raise InputError(
            f"petition.yaml: unknown letter {config.letter!r}", hint=f"letters: {', '.join(c.settings.letters)}"
        )
    chosen = [r.id for r in c.letter_recipients(letter)]
    for rid in recipients:
        if rid not in chosen:
            raise InputError(
                f"{rid!r} is not a recipient of letter {config.letter!r}", hint=f"recipients: {', '.join(chosen)}"
            )
    if recipients:
        chosen = [r for r in chosen if r in recipients]
    return [(rid, normalise_locale(locale or c.recipients[rid].language)) for rid in chosen]


def executor(jobs: int, options: PetitionOptions) -> AbstractContextManager[Any]:
    """The batch pool with ``jobs`` workers (its limits), or this process for ``jobs=0``."""
    from ..build import pool

    if jobs <= 0:
        return pool.InlineExecutor()
    return pool.WorkerPool(
        jobs=jobs,
        time_limit=options.time_limit or pool.DEFAULT_TIME_LIMIT,
        memory_limit_mb=options.memory_limit_mb or pool.DEFAULT_MEMORY_LIMIT_MB,
    )


def build_all(
    session: Any,
    store: Store,
    config: PetitionConfig,
    out: Path,
    options: PetitionOptions,
    progress: Callable[[str, int, int], None] | None = None,
) -> PetitionBuild:
    """Make (or keep) each planned petition, write it atomically and record it in the manifest."""
    from ..pdf import source_date
    from .outputs import PetitionOutputs

    created = source_date()
    plan = targets(session, config, options.recipients, options.locale)
    outputs = PetitionOutputs(session, config, out / PETITION_DIR, options, created)
    report = PetitionBuild()
    with tempfile.TemporaryDirectory(prefix="letters-petition-") as tmp:
        annexes: dict[tuple[str, bool, str], Annex] = {}
        todo = []
        for rid, loc in plan:
            annex = _annex(session, store, rid, loc, options.public, annexes, Path(tmp))
            kept = outputs.up_to_date(rid, loc, annex)
            if kept is None:
                todo.append((rid, loc, annex))
            else:
                report.results.append((UP_TO_DATE, kept))
        report.removed = outputs.remove_stale(plan, annexes)
        maker = Maker(None, created.isoformat() if created else None, None, Path(tmp))
        _make(session, config, options, outputs, todo, maker, report, progress)
        report.manifest = outputs.close()
    return report


def _make(
    session: Any,
    config: PetitionConfig,
    options: PetitionOptions,
    outputs: Any,
    todo: list[tuple[str, str, Annex]],
    maker: Maker,
    report: PetitionBuild,
    progress: Callable[[str, int, int], None] | None,
) -> None:
    """Make the petitions that are not up to date, with one pool for all of them."""
    total = sum(2 + -(-a.plan.pages // options.chunk_pages) for _, _, a in todo)  # covers and chunks
    done = [0]

    def tick(name: str) -> None:
        done[0] += 1
        if progress:
            progress(name, done[0], total)

    maker.tick = tick
    with executor(options.jobs, options) as maker.executor:
        for rid, loc, annex in todo:
            outputs.forget(rid, loc)
            result = build_petition(
                session, config, annex, rid, loc, maker, public=options.public, chunk_pages=options.chunk_pages
            )
            report.results.append((MADE, outputs.write(rid, loc, annex, result)))


def _annex(
    session: Any,
    store: Store,
    rid: str,
    locale: str,
    public: bool,
    cache: dict[tuple[str, bool, str], Annex],
    workdir: Path,
) -> Annex:
    """The annex for this recipient's paper size and language (collected once for each, per copy)."""
    from ..localization import paper_size

    settings = session.campaign.settings
    country = session.campaign.recipients[rid].country
    paper = settings.output.paper if settings.output.paper != "auto" else paper_size(country, locale)
    if (paper, public, locale) not in cache:  # the page plan depends on the country names' lengths
        cache[(paper, public, locale)] = collect_annex(store, public, paper, workdir, locale)
    return cache[(paper, public, locale)]
