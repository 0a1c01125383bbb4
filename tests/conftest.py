"""Shared helpers for the backbone's tests: fixture campaigns, the CLI runner, PDF read-back.

Fixture campaigns live in ``tests/roots/``. ``minimal/`` is a complete, clean campaign; every
other folder holds only the files that differ from it (an *overlay*): :func:`make_campaign`
copies ``minimal/`` into a temporary folder and lays the overlay on top. A ``bad-*`` overlay is
one error class; its ``expected.txt`` lists (one per line) what ``letters check`` must print,
usually ``file:line: error: message``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letters.cli.app import app

ROOTS = Path(__file__).parent / "roots"
BASE = "minimal"
NOT_CAMPAIGN_FILES = {"expected.txt", "README.md"}


def make_campaign(dest: Path, overlay: str | None = None, base: str = BASE) -> Path:
    """Copy ``roots/<base>`` to ``dest`` and lay ``roots/<overlay>`` over it; return ``dest``."""
    shutil.copytree(ROOTS / base, dest, symlinks=True)
    if overlay:
        for src in sorted((ROOTS / overlay).rglob("*")):
            rel = src.relative_to(ROOTS / overlay)
            if src.is_dir() or rel.name in NOT_CAMPAIGN_FILES:
                continue
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    return dest


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    """Run ``letters ARGS`` in-process through Typer's runner; exceptions are not swallowed."""
    result = CliRunner(env=env).invoke(app, [str(a) for a in args], catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli() -> Callable[..., Run]:
    return run_cli


@pytest.fixture
def campaign(tmp_path: Path) -> Callable[..., Path]:
    """``campaign("consent")`` → a fresh copy of minimal/ with the consent/ overlay."""
    counter = iter(range(1000))

    def make(overlay: str | None = None, base: str = BASE) -> Path:
        return make_campaign(tmp_path / f"campaign-{next(counter)}", overlay, base)

    return make


def pdf_reader(path: Path):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    return PdfReader(str(path))


def pdf_raw_text(path: Path) -> str:
    """All pages' text as extracted, with automatic hyphenation at line ends undone."""
    reader = pdf_reader(path)
    return "\n".join(page.extract_text() or "" for page in reader.pages).replace("\u2010\n", "")


def pdf_text(path: Path) -> str:
    """:func:`pdf_raw_text` with every kind of space folded to one ' ' (line breaks vary), and no
    space before ',' '.' ')': pypdf before 7.1 puts one there from the glyphs' positions, and no
    language we print writes one."""
    import re

    return re.sub(r" (?=[,.)])", "", fold_spaces(pdf_raw_text(path)))


def fold_spaces(text: str) -> str:
    import re

    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text)


def all_output_text(out_dir: Path) -> Iterator[tuple[str, str]]:
    """(label, text) for every file name and every file's content in ``out_dir`` (PDFs as text and raw)."""
    for p in sorted(out_dir.rglob("*")):
        rel = str(p.relative_to(out_dir))
        yield f"name of {rel}", rel
        if p.is_file():
            raw = p.read_bytes()
            yield f"bytes of {rel}", raw.decode("latin-1")
            if p.suffix == ".pdf":
                reader = pdf_reader(p)
                yield f"text of {rel}", pdf_text(p)
                yield f"metadata of {rel}", repr(dict(reader.metadata or {}))
            else:
                yield f"text of {rel}", raw.decode("utf-8")


def no_part_files(out_dir: Path) -> list[Path]:
    return [p for p in out_dir.rglob("*") if p.name.endswith(".part")]
