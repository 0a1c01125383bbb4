"""The preview's own pages (index and letter view), rendered with autoescaping Jinja templates."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..errors import LettersError, Problem
from ..fonts import FAMILIES, campaign_font_files, font_face_css
from ..resources import fonts_dir
from .state import Doc, Preview

UI = Path(__file__).parent / "ui"
_MEDIA = {".js": "text/javascript", ".css": "text/css"}
_STATIC = ("serve.js", "serve.css", "doc.css")
FONT_FILES: dict[str, Path] = {file: fonts_dir() / file for faces in FAMILIES.values() for file, _w, _s in faces}


@cache
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(UI)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def asset(name: str) -> tuple[bytes, str] | None:
    """The preview's own script and stylesheets (a fixed list: nothing else is read from disk)."""
    if name not in _STATIC:
        return None
    return (UI / name).read_bytes(), _MEDIA[Path(name).suffix]


def font_faces(campaign_root: Path) -> str:
    """The @font-face rules the PDF uses (the bundled fonts, then the campaign's own ``fonts/``),
    pointing at the preview's font URLs instead of files. A campaign font letters cannot read is
    left out here (``letters check`` reports it at its file)."""
    try:
        css = font_face_css(campaign_root)
    except LettersError:
        css = font_face_css()
    for name, path in FONT_FILES.items():
        css = css.replace(path.resolve().as_uri(), f"/_/fonts/{name}")
    for path in campaign_font_files(campaign_root):
        css = css.replace(path.resolve().as_uri(), f"/_/campaign-fonts/{quote(path.name)}")
    return css


def campaign_font(campaign_root: Path, name: str) -> Path | None:
    """The campaign font file called ``name`` (one of ``fonts/*.ttf|otf``, by its exact name), or None.
    The caller still reads it through the confined fetcher (a link leaving the campaign is refused)."""
    return next((p for p in campaign_font_files(campaign_root) if p.name == name), None)


def problem_dicts(problems: list[Problem]) -> list[dict[str, str]]:
    return [
        {"where": str(p.location or ""), "severity": p.severity.value, "message": p.message, "hint": p.hint}
        for p in problems
    ]


def _common(preview: Preview) -> dict[str, Any]:
    snap = preview.snapshot
    return {
        "campaign": preview.root.name,
        "generation": snap.generation if snap else 0,
        "broken": problem_dicts(preview.broken),
        "errors": problem_dicts([p for p in snap.problems if p.is_error]) if snap else [],
        "have_snapshot": snap is not None,
    }


def index_page(preview: Preview) -> str:
    """Every document (letter × recipient × language), translation status, and check's problems."""
    snap = preview.snapshot
    docs = sorted(snap.docs.values(), key=lambda d: (d.job.letter, d.job.recipient, d.job.locale)) if snap else []
    return (
        _env()
        .get_template("index.html.j2")
        .render(
            **_common(preview),
            docs=docs,
            doc_errors={
                k: f"{e.location}: {e.message}" if e.location else e.message for k, e in snap.doc_errors.items()
            }
            if snap
            else {},
            languages=snap.languages if snap else [],
            problems=problem_dicts([p for p in snap.problems if p.severity.value != "info"]) if snap else [],
        )
    )


def letter_page(preview: Preview, doc: Doc, *, translate: bool, pseudo: bool) -> str:
    """One document: its HTML as printed, the PDF beside it, and the translator's panel."""
    query = "&".join(q for q, on in (("translate=1", translate), ("pseudo=1", pseudo)) if on)
    snap = preview.snapshot
    error = snap.doc_errors.get(doc.key) if snap else None
    return (
        _env()
        .get_template("letter.html.j2")
        .render(
            **_common(preview),
            doc=doc,
            translate=translate,
            pseudo=pseudo,
            query=query,
            doc_error=(
                f"{error.location}: {error.message}" if error and error.location else error.message if error else ""
            ),
        )
    )


def _describe(exc: LettersError) -> str:
    return f"{exc.location}: {exc.message}" if exc.location else exc.message
