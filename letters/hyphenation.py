"""Hyphenation dictionaries letters adds to Pyphen's (which WeasyPrint uses) for languages it lacks.

Pyphen ships no Turkish dictionary, so Turkish letters were set unhyphenated and, justified,
loose. Turkish hyphenation follows its syllables by one rule (Türk Dil Kurumu, "Yazım Kılavuzu":
a line breaks before the consonant that precedes a vowel: "ka-nun", "prog-ram", "Türk-çe"), so
its dictionary (``assets/hyphenation/hyph_tr_TR.dic``) is those patterns, made by
:func:`turkish_patterns` (regenerate it with ``python -c "from letters.hyphenation import write;
write()"`` after changing them). No break after an apostrophe ("Türkiye'-nin").
"""

from __future__ import annotations

from functools import cache

from .resources import assets_dir

TR_VOWELS = "aeıioöuüâîû"
TR_CONSONANTS = "bcçdfgğhjklmnprsştvyzqwx"
APOSTROPHES = "'\u2019"
# language code -> dictionary file under assets/hyphenation/
DICTIONARIES = {"tr": "hyph_tr_TR.dic", "tr_TR": "hyph_tr_TR.dic"}


def turkish_patterns() -> list[str]:
    """The patterns of the Turkish dictionary: a break before consonant + vowel, none after an apostrophe."""
    out = [f"1{c}{v}" for c in TR_CONSONANTS for v in TR_VOWELS]
    out += [f"{a}2{c}" for a in APOSTROPHES for c in TR_CONSONANTS]
    return out


def dictionary_text() -> str:
    """The Turkish dictionary file's content (libhyphen format: encoding line, then patterns)."""
    return "UTF-8\n" + "\n".join(turkish_patterns()) + "\n"


def write() -> None:
    """Write the shipped Turkish dictionary from :func:`dictionary_text`."""
    (assets_dir() / "hyphenation" / DICTIONARIES["tr"]).write_text(dictionary_text(), encoding="utf-8")


def _turkish_dict(path: object) -> object:
    """Pyphen's dictionary for ``path``, lower-casing the Turkish way: Python turns "İ" into two
    characters ("i" + U+0307), which would shift every break after it ("İst-anbul")."""
    import pyphen

    class TurkishDict(pyphen.HyphDict):  # type: ignore[misc]
        def positions(self, word: str) -> object:
            return super().positions(word.replace("\u0130", "i").replace("I", "\u0131"))

    return TurkishDict(path)


@cache
def register() -> None:
    """Make the added dictionaries known to Pyphen (idempotent)."""
    import pyphen

    folder = assets_dir() / "hyphenation"
    for lang, file in DICTIONARIES.items():
        if lang.lower() not in pyphen.LANGUAGES_LOWERCASE:  # a future Pyphen's own dictionary wins
            pyphen.LANGUAGES[lang] = folder / file
            pyphen.LANGUAGES_LOWERCASE[lang.lower()] = lang
            if lang.startswith("tr"):
                pyphen.hdcache[folder / file] = _turkish_dict(folder / file)
