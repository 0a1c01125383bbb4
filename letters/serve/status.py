"""Translation status per language for the index page (the numbers of ``letters i18n status``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..i18n.layout import campaign_domain, same_language, toolkit_domain
from ..i18n.status import CatalogStatus, catalog_status, read_template_or_none


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    source: bool  # the campaign's own language: nothing to translate
    catalogs: tuple[CatalogStatus, ...]


def language_status(root: Path, lang: str, source_language: str) -> LanguageStatus:
    """Translated / fuzzy / missing strings of ``lang`` in the campaign's and the toolkit's catalogs."""
    if same_language(lang, source_language):
        return LanguageStatus(lang, True, ())
    out = []
    for domain in (campaign_domain(root), toolkit_domain()):
        if domain.label == "toolkit" and same_language(lang, "en"):
            continue
        out.append(catalog_status(domain, lang, read_template_or_none(domain)))
    return LanguageStatus(lang, False, tuple(out))
