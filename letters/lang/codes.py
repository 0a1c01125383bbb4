"""The one grammar of language codes, applied to every code from any input before Babel sees it.

A code is a language (2 or 3 letters), an optional script (4 letters) and an optional territory
(2 letters or 3 digits), joined by ``-`` or ``_``: ``de``, ``pt-BR``, ``sr_Latn_RS``, ``es-419``.
Nothing else: no ``@modifier``, no variants, no dots or slashes. Codes become folder names
(``out/<letter>/<locale>/``, ``locales/<lang>/``), so this grammar is also what keeps a code
from steering a path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODE = re.compile(
    r"(?P<language>[A-Za-z]{2,3})(?:[-_](?P<script>[A-Za-z]{4}))?(?:[-_](?P<territory>[A-Za-z]{2}|[0-9]{3}))?"
)
HINT = "write a language code such as de, fr, pt-BR or sr-Latn-RS (language, optional script and territory)"


class BadCode(ValueError):
    """A language code outside the grammar."""


@dataclass(frozen=True)
class LanguageCode:
    language: str  # lower case, e.g. 'sr'
    script: str | None = None  # title case, e.g. 'Latn'
    territory: str | None = None  # upper case or digits, e.g. 'RS', '419'

    def __str__(self) -> str:
        """The form Babel and the folders use: ``sr_Latn_RS``."""
        return "_".join(p for p in (self.language, self.script, self.territory) if p)


def parse_code(code: object) -> LanguageCode:
    """Split ``code`` by the grammar; raises :class:`BadCode` for anything else."""
    m = _CODE.fullmatch(code) if isinstance(code, str) else None
    if m is None:
        raise BadCode(f"invalid language code {str(code)[:40]!r}")
    script, territory = m.group("script"), m.group("territory")
    return LanguageCode(
        m.group("language").lower(),
        script.title() if script else None,
        territory.upper() if territory else None,
    )


def is_valid_code(code: object) -> bool:
    """True when ``code`` follows the grammar (whether Babel knows it is another question)."""
    try:
        parse_code(code)
    except BadCode:
        return False
    return True
