"""The preview's own pages (index and letter view), rendered with autoescaping Jinja templates."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..errors import LettersError, Problem
from ..fonts import FAMILIES, font_face_css
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


def font_faces() -> str:
    """The bundled fonts' @font-face rules, pointing at the preview's font URLs instead of files."""
    css = font_face_css()
    for name, path in FONT_FILES.items():
        css = css.replace(path.resolve().as_uri(), f"/_/fonts/{name}")
    return css


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
