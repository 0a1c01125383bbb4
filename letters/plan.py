"""Plan a build: which documents (letter × recipient × locale × format) to produce, and where.

Output paths are made from ids only (``<letter>/<locale>/<recipient>.<ext>``), never from
user text, so a name cannot steer where a file goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from .errors import InputError
from .localization import is_known_locale, parse_locale
from .model import Campaign


@dataclass(frozen=True, order=True)
class Job:
    letter: str
    locale: str
    recipient: str
    formats: tuple[str, ...]

    def path(self, fmt: str) -> PurePosixPath:
        return PurePosixPath(self.letter, self.locale, f"{self.recipient}.{fmt}")


@dataclass(frozen=True)
class Selection:
    """What the user asked for on the command line (empty = everything)."""

    letters: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()  # extra locales, added to each recipient's own
    formats: tuple[str, ...] = ()


def normalise_locale(code: str) -> str:
    return str(parse_locale(code))


def plan(campaign: Campaign, sel: Selection = Selection()) -> list[Job]:
    """All jobs, in a stable order. Raises :class:`InputError` for unknown ids in the selection."""
    s = campaign.settings
    for lid in sel.letters:
        if lid not in s.letters:
            raise InputError(f"unknown letter id {lid!r}", hint=f"letters in this campaign: {', '.join(s.letters)}")
    for rid in sel.recipients:
        if rid not in campaign.recipients:
            raise InputError(
                f"unknown recipient id {rid!r}", hint=f"recipients in this campaign: {', '.join(campaign.recipients)}"
            )
    for code in sel.locales:
        if not is_known_locale(code):
            raise InputError(f"unknown language code {code!r}", hint="use a code such as en, ru, uk, de, fr")
    formats = sel.formats or s.output.formats
    jobs = []
    for lid, letter in s.letters.items():
        if sel.letters and lid not in sel.letters:
            continue
        for r in campaign.letter_recipients(letter):
            if sel.recipients and r.id not in sel.recipients:
                continue
            locales = [r.language, *s.output.extra_locales, *letter.locales, *sel.locales]
            seen: dict[str, None] = {}
            for code in locales:
                seen.setdefault(normalise_locale(code), None)
            for loc in seen:
                jobs.append(Job(lid, loc, r.id, tuple(formats)))
    return jobs
