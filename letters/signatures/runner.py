"""Build the petition for every recipient of the letter it backs, in each recipient's language.

The annex is the same for every document of one paper size and copy (officials' or public), so
it is collected and committed once. ``jobs > 1`` lays out annex chunks in a process pool; this is
the one seam a shared build pool can replace (pass its ``map``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..errors import InputError
from .petition import Annex, PetitionConfig, PetitionResult, build_petition
from .store import Store


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


def build_all(
    session: Any,
    store: Store,
    config: PetitionConfig,
    out: Path,
    recipients: list[str],
    locale: str | None,
    public: bool,
    chunk_pages: int,
    jobs: int,
) -> list[PetitionResult]:
    cache: dict[tuple[str, bool], Annex] = {}
    results = []
    pool = None
    if jobs > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: a forked worker would start with the parent's memory (the loaded campaign,
        # the cover's layout) and count it again in its own peak
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
    try:
        with tempfile.TemporaryDirectory(prefix="letters-petition-") as tmp:
            for rid, loc in targets(session, config, recipients, locale):
                name = f"{rid}.public.pdf" if public else f"{rid}.pdf"
                results.append(
                    build_petition(
                        session,
                        store,
                        rid,
                        loc,
                        out / "petition" / loc / name,
                        public=public,
                        chunk_pages=chunk_pages,
                        map_fn=pool.map if pool else None,
                        annex_cache=cache,
                        workdir=Path(tmp),
                    )
                )
    finally:
        if pool:
            pool.shutdown()
    return results
