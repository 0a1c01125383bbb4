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
    recipient: str  # '' for a letter addressed to its whole group of recipients
    formats: tuple[str, ...]

    @property
    def group(self) -> bool:
        return not self.recipient

    def path(self, fmt: str) -> PurePosixPath:
        """``<letter>/<locale>/<recipient>.<fmt>``; a group letter is named after the letter."""
        return PurePosixPath(self.letter, self.locale, f"{self.recipient or self.letter}.{fmt}")


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
        recipients = campaign.letter_recipients(letter)
        if letter.addressing == "group":
            # one document per language of any recipient; --recipient picks the group it belongs to
            if sel.recipients and not any(r.id in sel.recipients for r in recipients):
                continue
            locales = [r.language for r in recipients] + [*s.output.extra_locales, *letter.locales, *sel.locales]
            for loc in _unique(locales):
                jobs.append(Job(lid, loc, "", tuple(formats)))
            continue
        for r in recipients:
            if sel.recipients and r.id not in sel.recipients:
                continue
            locales = [r.language, *s.output.extra_locales, *letter.locales, *sel.locales]
            for loc in _unique(locales):
                jobs.append(Job(lid, loc, r.id, tuple(formats)))
    return jobs


def _unique(codes: list[str]) -> list[str]:
    """Normalised locale codes, each once, in the order given."""
    return list(dict.fromkeys(normalise_locale(c) for c in codes))
