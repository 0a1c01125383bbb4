"""How complete each catalog is, per language: what a translator still has to do.

A string counts as translated only when a build would use it: not fuzzy, every plural form
filled, and accepted by the same safety check the build applies (a rejected translation is
counted apart). Counts are against the template when there is one, so strings the PO file does
not have yet (run ``letters i18n update``) count as untranslated.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from ..catalogs import check_message, message_uses_percent, read_catalog
from ..errors import LettersError
from .layout import Domain


@dataclass
class CatalogStatus:
    language: str
    catalog: str  # 'campaign' or 'toolkit'
    path: str  # as shown
    exists: bool
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    rejected: int = 0  # filled in, but unsafe: 'letters i18n check' says why
    error: str | None = None  # the file cannot be read

    @property
    def percent(self) -> float:
        if self.error or not self.exists:
            return 0.0  # a language without a usable catalog has nothing translated
        return 100.0 if self.total == 0 else 100.0 * self.translated / self.total

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "percent": round(self.percent, 1)}


def catalog_status(domain: Domain, lang: str, template: Catalog | None = None) -> CatalogStatus:
    path: Path = domain.po(lang)
    st = CatalogStatus(lang, domain.label, domain.shown(path), path.is_file())
    po: Catalog | None = None
    if st.exists:
        try:
            po = read_catalog(path, st.path)
        except LettersError as exc:
            st.error = f"{exc.location}: {exc.message}" if exc.location else exc.message
            return st
    source = template if template is not None else po
    if source is None:
        return st
    for tm in source:
        if not tm.id:
            continue
        st.total += 1
        m = po.get(tm.id, tm.context) if po is not None else None
        strings = () if m is None else (m.string if isinstance(m.string, (list, tuple)) else (m.string,))
        if m is None or not any(strings):
            st.untranslated += 1
        elif m.fuzzy:
            st.fuzzy += 1
        elif not all(strings):
            st.untranslated += 1  # a plural with a form missing is not usable
        elif check_message(m, message_uses_percent(m)):
            st.rejected += 1
        else:
            st.translated += 1
    return st


def read_template_or_none(domain: Domain) -> Catalog | None:
    """The domain's template if it exists and reads; status falls back to the PO files' own entries."""
    if not domain.pot.is_file():
        return None
    try:
        return read_catalog(domain.pot, domain.shown(domain.pot))
    except LettersError:
        return None
