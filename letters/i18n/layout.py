"""Where catalogs live: one :class:`Domain` per catalog (campaign or toolkit) and its PO files."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..catalogs import CAMPAIGN_DOMAIN, TOOLKIT_DOMAIN, po_path
from ..errors import rel


@dataclass(frozen=True)
class Domain:
    """One catalog: its template (``<name>.pot``) and its PO files ``<lang>/LC_MESSAGES/<name>.po``."""

    name: str  # gettext domain: 'campaign' or 'letters'
    label: str  # as shown to people: 'campaign' or 'toolkit'
    locales: Path
    shown_root: Path  # paths in messages are relative to this folder
    prefix: str = ""  # put in front of shown paths ('<letters>/' for the package's own files)

    @property
    def pot(self) -> Path:
        return self.locales / f"{self.name}.pot"

    def po(self, lang: str) -> Path:
        return po_path(self.locales, lang, self.name)

    def shown(self, path: Path) -> str:
        return self.prefix + rel(path, self.shown_root)

    def languages(self) -> list[str]:
        """Languages that have a PO file of this domain (folder names, sorted)."""
        if not self.locales.is_dir():
            return []
        from ..lang.codes import is_valid_code

        return sorted(p.name for p in self.locales.iterdir() if is_valid_code(p.name) and self.po(p.name).is_file())


def campaign_domain(root: Path) -> Domain:
    return Domain(CAMPAIGN_DOMAIN, "campaign", root / "locales", root)


def toolkit_domain() -> Domain:
    from ..resources import locales_dir

    locales = locales_dir()
    return Domain(TOOLKIT_DOMAIN, "toolkit", locales, locales.parent, "<letters>/")


def same_language(a: str, b: str) -> bool:
    return a.replace("-", "_").split("_")[0].lower() == b.replace("-", "_").split("_")[0].lower()


def now() -> dt.datetime:
    """The time stamped into catalogs: ``SOURCE_DATE_EPOCH`` when set, so output is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(second=0, microsecond=0)
