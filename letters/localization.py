"""The one seam to Babel: locales, dates, numbers, lists, quotes, paper size and direction."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError, localedata
from babel import dates as bdates
from babel import lists as blists
from babel import numbers as bnumbers
from babel.core import get_global

from .lang.codes import BadCode, parse_code

# Territories that use US Letter paper; everyone else uses A4.
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "SV", "NI", "DO", "PA"})


# CLDR "delimiters" (Babel does not ship them): outer open, outer close, inner open, inner close.
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "uk": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "be": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb", "\u00ab\u202f", "\u202f\u00bb"),
    "tr": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "pl": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "lt": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "lv": ("\u201e", "\u201d", "\u201a", "\u2019"),
    "el": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "ka": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "hy": ("\u00ab", "\u00bb", "\u00ab", "\u00bb"),  # «» also inside «» (CLDR hy)
    "cs": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "sk": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "hr": ("\u201e", "\u201c", "\u201a", "\u2019"),
    "sl": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "bg": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "it": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "pt": ("\u00ab", "\u00bb", "\u201c", "\u201d"),  # European Portuguese (CLDR pt_PT)
    "pt_BR": ("\u201c", "\u201d", "\u2018", "\u2019"),  # Brazil writes “ ” (CLDR pt)
    "ro": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "ar": ("\u201d", "\u201c", "\u2019", "\u2018"),
    "fa": ("\u00ab", "\u00bb", "\u2039", "\u203a"),
    "he": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "nl": ("\u2018", "\u2019", "\u2018", "\u2019"),  # CLDR 44 gives Dutch single quotes
    "da": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "sv": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "fi": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "et": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "hu": ("\u201e", "\u201d", "\u00bb", "\u00ab"),
    "mt": ("\u201c", "\u201d", "\u2018", "\u2019"),  # CLDR mt; double outside (EU style guide, mt 10.1)
    "ga": ("\u201c", "\u201d", "\u2018", "\u2019"),  # CLDR ga inherits root's “ ” ‘ ’
}
_FR_NNBSP = re.compile(r"[ \u00a0]([;!?\u00bb])")
_FR_NBSP_COLON = re.compile(r" :")
_FR_GUILLEMET = re.compile(r"\u00ab[ \u00a0]")


class BadLocale(ValueError):
    """A language code Babel does not know."""


@cache
def parse_locale(code: str) -> Locale:
    """The Babel locale of ``code``; only codes of the one grammar (:mod:`letters.lang.codes`) reach Babel."""
    try:
        return Locale.parse(str(parse_code(code)))
    except (BadCode, UnknownLocaleError, ValueError, TypeError):
        raise BadLocale(f"unknown language code {code!r}") from None


def is_known_locale(code: str) -> bool:
    try:
        parse_locale(code)
    except BadLocale:
        return False
    return True


def _likely(code: str) -> list[str]:
    loc = parse_locale(code)
    subtags = get_global("likely_subtags").get(loc.language, "")
    return subtags.split("_")


def script_of(code: str) -> str:
    """ISO 15924 script of a language as usually written (``ru`` → ``Cyrl``)."""
    loc = parse_locale(code)
    if loc.script:
        return loc.script
    parts = _likely(code)
    return next((p for p in parts if len(p) == 4 and p[0].isupper()), "Latn")


def territory_of(code: str) -> str:
    loc = parse_locale(code)
    if loc.territory:
        return loc.territory
    parts = _likely(code)
    return next((p for p in parts[1:] if len(p) == 2 and p.isupper()), "ZZ")


def direction(code: str) -> str:
    """``rtl`` or ``ltr``."""
    return "rtl" if parse_locale(code).character_order == "right-to-left" else "ltr"


def paper_size(territory: str | None, fallback_locale: str) -> str:
    """``Letter`` in the Americas' Letter countries, else ``A4`` (ISO 216)."""
    terr = territory or territory_of(fallback_locale)
    return "Letter" if terr in LETTER_TERRITORIES else "A4"


# English is written in two varieties that letters distinguish: US English (dates "July 3, 2025",
# US hyphenation) for the Letter-paper territories, British English ("3 July 2025") elsewhere,
# which is also the usage of the EU institutions' English.
def variety(lang: str, territory: str | None) -> str:
    """The language variety a letter to ``territory`` is written in, for its dates, numbers and
    hyphenation: ``en`` → ``en_US`` or ``en_GB`` (by the paper the country uses); ``pt`` to
    Portugal → ``pt_PT`` ("10 000", not Brazil's "10.000"), ``de`` to Switzerland → ``de_CH``, and
    so on where CLDR knows the pair. A code that already names a territory stays as it is."""
    loc = parse_locale(lang)
    if loc.territory:
        return lang
    if loc.language == "en":
        return "en_US" if paper_size(territory, lang) == "Letter" else "en_GB"
    if territory and not loc.script and territory != _likely_territory(loc.language):
        if localedata.exists(f"{loc.language}_{territory}"):
            return f"{loc.language}_{territory}"
    return lang


def _likely_territory(language: str) -> str | None:
    """The territory CLDR's plain ``language`` stands for ("pt" is Brazil's, "ar" Egypt's)."""
    likely = str(get_global("likely_subtags").get(language, ""))
    return next((part for part in likely.split("_")[1:] if part.isupper() and len(part) == 2), None)


def language_name(code: str, in_locale: str) -> str:
    return parse_locale(code).get_display_name(parse_locale(in_locale)) or code


class Formatter:
    """Locale-bound formatting for templates: one per rendered document."""

    def __init__(self, code: str):
        self.code = code
        self.locale = parse_locale(code)

    def date(self, value: dt.date, fmt: str = "long") -> str:
        """A date as the language writes it; its spaces do not break ("3 июля 2025 г." stays on one line)."""
        return bdates.format_date(value, format=fmt, locale=self.locale).replace(" ", "\u00a0")

    def number(self, value: Decimal | int | float) -> str:
        return bnumbers.format_decimal(value, locale=self.locale)

    def list(self, items: list[str], style: str = "standard") -> str:
        return blists.format_list(items, style=style, locale=self.locale) if items else ""  # type: ignore[arg-type]

    def _quotes(self) -> tuple[str, str, str, str]:
        lang = self.locale.language
        return QUOTES.get(f"{lang}_{self.locale.territory}") or QUOTES.get(lang, QUOTES["en"])

    def quote(self, text: str) -> str:
        q = self._quotes()
        return f"{q[0]}{text}{q[1]}"

    def inner_quote(self, text: str) -> str:
        q = self._quotes()
        return f"{q[2]}{text}{q[3]}"

    def typography(self, text: str) -> str:
        """Apply the language's spacing rules to running text (French spaces before ;!?: and in « »)."""
        if self.locale.language == "fr":
            text = _FR_NNBSP.sub("\u202f\\1", text)
            text = _FR_NBSP_COLON.sub("\u00a0:", text)
            text = _FR_GUILLEMET.sub("\u00ab\u202f", text)
        return text

    @property
    def direction(self) -> str:
        return direction(self.code)

    @property
    def script(self) -> str:
        return script_of(self.code)
