"""What each output depends on, as one hash, so an unchanged document is not made again.

A document's hash covers: the records it uses (its letter, its recipient or group of recipients,
the letter's signatories and demands, every fact and source, the campaign settings other than
the letters), the catalogs of its language (the campaign's and the toolkit's), every template
and other campaign file (images, stylesheets), the bundled fonts, the version and data files of
``letters`` (so a new version rebuilds), WeasyPrint's version and the build options. A changed
recipient rebuilds only that recipient's documents; a changed Russian catalog only the Russian
ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .. import __version__
from ..plan import Job
from ..resources import PACKAGE_DIR, fonts_dir
from .session import Session

# the fact store's files: represented by the records they hold, not by their bytes
RECORD_FILES = {"campaign.yaml", "recipients.yaml", "signatories.yaml", "demands.yaml", "facts.yaml", "sources.yaml"}


def _digest(parts: Iterable[str | bytes]) -> str:
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "big") + b)
    return h.hexdigest()


def _files_digest(files: Iterable[tuple[str, Path]]) -> str:
    parts: list[str | bytes] = []
    for label, path in sorted(files):
        parts.append(label)
        try:
            parts.append(path.read_bytes())
        except OSError:
            parts.append(b"<unreadable>")
    return _digest(parts)


@cache
def code_digest() -> str:
    """letters' version and its data files (forms of address, ...), WeasyPrint's version, the fonts.

    Not letters' Python code: an edited checkout with the same version needs ``--force``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        engine = version("weasyprint")  # not an import of it: that costs a second or more
    except PackageNotFoundError:  # pragma: no cover - WeasyPrint is a core dependency
        engine = "none"
    data = PACKAGE_DIR / "data"
    files = [(str(p.relative_to(PACKAGE_DIR)), p) for p in sorted(data.rglob("*")) if p.is_file()]
    fonts = [(f"fonts/{p.name}", p) for p in sorted(fonts_dir().glob("*")) if p.is_file()]
    return _digest([__version__, engine, _files_digest(files), _files_digest(fonts)])


def _language(code: str) -> str:
    return code.replace("-", "_").split("_")[0].lower()


class Dependencies:
    """Per-document dependency hashes for one session and one set of build options."""

    def __init__(self, session: Session, options_key: str, out_dir: Path | None = None):
        self.session = session
        c = session.campaign
        files = session.input_files(out_dir)
        self._catalogs: dict[str, list[tuple[str, Path]]] = {}
        other: list[tuple[str, Path]] = []
        for label, path in files:
            parts = label.split("/")
            if parts[0] == "campaign" and len(parts) == 2 and parts[1] in RECORD_FILES:
                continue
            if parts[1] == "locales":
                lang = _language(parts[2]) if len(parts) > 3 else ""
                self._catalogs.setdefault(lang, []).append((label, path))
            else:
                other.append((label, path))
        self._catalogs.setdefault("", [])
        self.common = _digest(
            [
                code_digest(),
                options_key,
                _files_digest(other),
                _files_digest(self._catalogs[""]),
                c.settings.model_dump_json(exclude={"letters"}),
                *(f.model_dump_json() for f in c.facts.values()),
                *(s.model_dump_json() for s in c.sources.values()),
            ]
        )
        self._by_language: dict[str, str] = {}

    def _catalog_digest(self, locale: str) -> str:
        lang = _language(locale)
        if lang not in self._by_language:
            self._by_language[lang] = _files_digest(self._catalogs.get(lang, []))
        return self._by_language[lang]

    def people(self, job: Job) -> str:
        """The part that names people: the letter's signatories (withdrawn consent changes it)."""
        c = self.session.campaign
        letter = c.settings.letters[job.letter]
        return _digest(s.model_dump_json() for s in c.letter_signatories(letter))

    def of(self, job: Job) -> str:
        """The hash of everything ``job`` depends on."""
        c = self.session.campaign
        letter = c.settings.letters[job.letter]
        recipients = c.letter_recipients(letter) if job.group else [c.recipients[job.recipient]]
        return _digest(
            [
                self.common,
                job.letter,
                job.locale,
                job.recipient,
                letter.model_dump_json(),
                *(r.model_dump_json() for r in recipients),
                self.people(job),
                *(d.model_dump_json() for d in c.letter_demands(letter)),
                self._catalog_digest(job.locale),
                self._catalog_digest(c.settings.source_language),
            ]
        )
