"""The petition PDF for one recipient in one language: a cover and the signature annex, laid out
in chunks by the batch worker pool (:mod:`letters.build.pool`) and joined into one tagged PDF
(:mod:`letters.signatures.join`) with the Merkle root on every page and the entries attached.

WeasyPrint keeps a whole document in memory, so the annex is cut into chunks of ``chunk_pages``
pages (:mod:`letters.signatures.chunks`), each laid out as its own document under the pool's
per-document time and memory limits. Page numbers are planned beforehand
(:mod:`letters.signatures.annex`), so every chunk prints "Page 7 of 412" correctly; each chunk's
page count is checked after layout (a chunk whose rows wrapped more than planned is laid out
again in smaller type). :mod:`letters.signatures.verify` reads the attachments back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, RenderError
from .chunks import (
    Annex,
    Chunk,
    annex_html,
    chunk_name,
    chunks,
    collect_annex,
    overflow_error,
    render_chunk,
    root_groups,
)
from .config import PETITION_FILE, PetitionConfig, load_config, pick
from .cover import CoverText, cover_html

__all__ = [
    "Annex",
    "Chunk",
    "PetitionConfig",
    "annex_html",
    "build_petition",
    "collect_annex",
    "load_config",
    "render_chunk",
    "root_groups",
]

ENTRIES_ATTACHMENT = "letters-annex.jsonl"
HEADER_ATTACHMENT = "letters-petition.json"
ROOT_KEY = "/LettersMerkleRoot"
FORMAT = "letters-petition-annex/1"
HASH_RULE = "sha256; leaf = H(0x00 || entry JSON, sorted keys, UTF-8), node = H(0x01 || left || right) (RFC 6962)"


@dataclass
class PetitionResult:
    path: Path
    pages: int
    entries: int
    root: str
    chunks: int
    data: bytes = b""
    warnings: list[str] = field(default_factory=list)


@dataclass
class Maker:
    """Makes PDFs for petitions: an executor of :mod:`letters.build.pool` (``run(tasks)``), the
    fixed creation time (``SOURCE_DATE_EPOCH``) and a progress callback (``tick(name)``)."""

    executor: Any
    created: str | None = None
    tick: Callable[[str], None] | None = None
    workdir: Path = Path(".")

    def one(self, name: str, html: str, base_dir: Path) -> tuple[bytes, int]:
        """One PDF (the cover): its bytes and pages."""
        from ..build.pool import PdfTask

        (done,) = list(self.executor.run([PdfTask(0, name, html, str(base_dir), None, self.created)]))
        data = _data(done, name)
        if self.tick:
            self.tick(name)
        return data, done.pages


def _data(done: Any, name: str) -> bytes:
    if done.error:
        category, message, hint = done.error
        exc = RenderError(f"{name}: {message}", hint=hint)
        exc.category = category
        raise exc
    assert done.data is not None
    return bytes(done.data)


def build_petition(
    session: Any,
    config: PetitionConfig,
    annex: Annex,
    recipient_id: str,
    locale: str,
    maker: Maker,
    *,
    public: bool = False,
    chunk_pages: int = 25,
) -> PetitionResult:
    """Make the petition PDF for one recipient in one language (the bytes, in the result)."""
    from ..compose import compose
    from ..localization import Formatter

    c = session.campaign
    letter = _letter(c, config)
    tr = session.catalogs.translator(locale)
    view = compose(c, letter, [c.recipients[recipient_id]], locale, tr)
    fmt = Formatter(locale)
    source = c.settings.source_language
    text = CoverText(
        config.letter,
        pick(config.title, locale, source) or view.subject,
        pick(config.text, locale, source) or "",
        public,
    )
    name = f"petition/{locale}/{recipient_id}"
    html = cover_html(session, view, tr, fmt, text, annex, 0)
    _, cover_pages = maker.one(f"{name} cover", html, session.root)
    total = cover_pages + annex.plan.pages
    cover_pdf, again = maker.one(f"{name} cover", cover_html(session, view, tr, fmt, text, annex, total), session.root)
    if again != cover_pages:
        raise RenderError("the cover changed length between passes", hint="report this bug")
    parts = chunks(annex, session.root, locale, view.paper, view.dir, text.title, cover_pages + 1, total, chunk_pages)
    meta = {
        "title": text.title,
        "author": view.meta_author,
        "lang": locale,
        "public": public,
        "campaign": c.settings.id,
    }
    out = maker.workdir / f"{recipient_id}-{locale}.pdf"
    with out.open("wb") as fh:
        join(fh, cover_pdf, _annex_pdfs(parts, maker, name, source), annex, meta, config.text_sha256())
    data = out.read_bytes()
    out.unlink()
    n_chunks = -(-annex.plan.pages // chunk_pages)
    return PetitionResult(Path(name), total, annex.size, annex.root.hex(), n_chunks, data)


def _letter(c: Any, config: PetitionConfig) -> Any:
    if config.letter not in c.settings.letters:
        raise InputError(
            f"petition.yaml: unknown letter {config.letter!r}",
            location=Location(PETITION_FILE, 1),
            hint=f"letters: {', '.join(c.settings.letters)}",
        )
    return c.settings.letters[config.letter]


def _annex_pdfs(parts: Iterator[Chunk], maker: Maker, name: str, source: str) -> Iterator[bytes]:
    """The chunks' PDFs in order, made by the pool as they come (out of order): finished chunks
    wait in the work folder until their turn; one that took more pages than planned is laid out
    again in smaller type once the others are done."""
    from ..build.pool import PdfTask

    pending: dict[int, Chunk] = {}
    retry: dict[int, Chunk] = {}
    ready: dict[int, Path] = {}

    def tasks(items: Iterator[tuple[int, Chunk]], tight: bool) -> Iterator[Any]:
        for key, chunk in items:
            pending[key] = chunk
            html = annex_html(chunk, source, tight=tight)
            yield PdfTask(key, chunk_name(chunk, name), html, chunk.campaign_root, None, maker.created)

    def collect(results: Iterator[Any], tight: bool) -> Iterator[bytes]:
        for done in results:
            chunk = pending.pop(done.key)
            data = _data(done, chunk_name(chunk, name))
            if done.pages != len(chunk.pages):
                if tight:
                    raise overflow_error(chunk, done.pages)
                retry[done.key] = chunk
                continue
            if maker.tick:
                maker.tick(chunk_name(chunk, name))
            path = maker.workdir / f"chunk-{done.key}.pdf"
            path.write_bytes(data)
            ready[done.key] = path
            while nxt[0] in ready:
                yield _take(ready.pop(nxt[0]))
                nxt[0] += 1

    nxt = [0]  # the next chunk to join
    yield from collect(maker.executor.run(tasks(enumerate(parts), False)), False)
    yield from collect(maker.executor.run(tasks(iter(sorted(retry.items())), True)), True)
    if ready:  # pragma: no cover - every chunk is either joined or raised
        raise RenderError("annex chunks were left out of the join", hint="report this bug")


def _take(path: Path) -> bytes:
    data = path.read_bytes()
    path.unlink()
    return data


def join(fh: Any, cover: bytes, parts: Iterator[bytes], annex: Annex, meta: dict[str, Any], text_sha256: str) -> None:
    """Cover + annex chunks → one tagged PDF with the entries attached and the root in the metadata."""
    from .join import PdfJoiner

    joiner = PdfJoiner(fh)
    joiner.add_part(cover, first=True)
    for data in parts:
        joiner.add_part(data)
    header = {
        "format": FORMAT,
        "campaign": meta["campaign"],
        "root": annex.root.hex(),
        "size": annex.size,
        "public": meta["public"],
        "language": meta["lang"],
        "petition_sha256": text_sha256,
        "hash": HASH_RULE,
    }
    blob = json.dumps(header, indent=2, ensure_ascii=False).encode("utf-8")
    joiner.attach(HEADER_ATTACHMENT, blob, "the annex's size, root and hash rule")
    joiner.attach(ENTRIES_ATTACHMENT, annex.path.read_bytes(), "the annex entries, one JSON object a line")
    info = {"/Title": meta["title"], "/Author": meta["author"], ROOT_KEY: annex.root.hex(), "/Producer": "letters"}
    joiner.finish(info)
