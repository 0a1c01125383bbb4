"""The one seam to declension libraries: *proposed* dative forms for Russian and Ukrainian.

Address blocks in Russian and Ukrainian put the office and the name in the dative case
("Генеральному секретарю ООН"). The fact store holds confirmed forms; this module only proposes
them, for ``letters check`` to show and a person to confirm. Nothing here is ever put into a
letter without that confirmation: a wrong case is worse than none.

Libraries (evaluation in ``docs/declension.md``), all imported lazily; when one is missing or
fails, the proposal is simply unavailable:

- offices (both languages): pymorphy3 with its OpenCorpora (ru) and VESUM (uk) dictionaries. The
  head noun phrase is declined (leading adjectives agreeing with the first noun, then that noun);
  the rest (a genitive or prepositional tail: "... Организации Объединённых Наций") stays as written.
- Russian names: pytrovich (petrovich rules for anthroponyms, foreign names included).
- Ukrainian names: shevchenko-py (port of shevchenko-js).

A name needs a gender; with ``neutral`` a name is proposed only when the result does not depend on
it (the Russian rules' own gender detection counts when it is unambiguous).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

LANGUAGES = frozenset({"ru", "uk"})
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_WORD = re.compile(r"^[\w\u2019'-]+$")
# Ukrainian masculine nouns have two datives (секретарю / секретареві); address blocks use the -у/-ю
# form ("Генеральному секретарю ООН"), which is also what shevchenko-py produces.
_UK_LONG_DATIVE = ("ові", "еві", "єві")


@dataclass(frozen=True)
class Proposal:
    """A proposed dative address block (one line per part) or why there is none."""

    lang: str
    lines: tuple[str, ...]  # empty when nothing can be proposed
    libraries: tuple[str, ...] = ()
    reason: str = ""  # why there is no (complete) proposal

    @property
    def text(self) -> str | None:
        return "\n".join(self.lines) if self.lines else None


def _short(lang: str) -> str:
    return lang.replace("-", "_").split("_")[0]


@cache
def _morph(lang: str) -> Any:
    try:
        import pymorphy3
    except ImportError:
        return None
    try:
        return pymorphy3.MorphAnalyzer(lang=lang)
    except Exception:
        return None


def _match_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _is_nominative(p: Any) -> bool:
    # the Ukrainian dictionary leaves the case off a noun's dictionary form ("NOUN,anim masc")
    return "nomn" in p.tag or (p.tag.case is None and p.word == p.normal_form)


def _nominative(parses: list[Any], pos: set[str]) -> Any:
    for p in parses:
        if p.tag.POS in pos and _is_nominative(p) and "Fixd" not in p.tag and "Abbr" not in p.tag:
            return p
    return None


def _dative_form(parse: Any, number: str, gender: str | None, lang: str) -> str | None:
    def fits(tag: Any) -> bool:
        g = tag.grammemes
        plural = "plur" in g
        return (
            "datv" in g and plural == (number == "plur") and (gender is None or plural or tag.gender in (None, gender))
        )

    forms = [f for f in parse.lexeme if fits(f.tag)]
    if not forms:
        return None
    if lang == "uk":
        short = [f for f in forms if not f.word.endswith(_UK_LONG_DATIVE)]
        forms = short or forms
    return forms[0].word


def dative_office(text: str, lang: str) -> str | None:
    """An office in the dative: the head noun phrase declined, the tail unchanged; None if unsure."""
    lang = _short(lang)
    morph = _morph(lang) if lang in LANGUAGES else None
    if morph is None or not _CYRILLIC.search(text):
        return None
    words = text.split(" ")
    adjectives: list[tuple[int, Any]] = []
    try:
        for i, word in enumerate(words):
            if not _WORD.match(word) or not morph.word_is_known(word.lower()):
                return None
            parses = morph.parse(word)
            adj = _nominative(parses, {"ADJF", "PRTF"})
            noun = _nominative(parses, {"NOUN"})
            if noun is not None and (adj is None or adjectives or parses[0].tag.POS == "NOUN"):
                number = "plur" if "plur" in noun.tag else "sing"
                gender = noun.tag.gender if number == "sing" else None
                head = _dative_form(noun, number, gender, lang)
                if head is None:
                    return None
                out = list(words)
                for j, a in adjectives:
                    form = _dative_form(a, number, gender, lang)
                    if form is None:
                        return None
                    out[j] = _match_case(words[j], form)
                out[i] = _match_case(word, head)
                return " ".join(out)
            if adj is None:
                return None  # neither an adjective nor a noun in the nominative: not a title we understand
            adjectives.append((i, adj))
    except Exception:
        return None
    return None


def _ru_name(name: str, gender: str) -> str | None:
    try:
        from pytrovich.detector import PetrovichGenderDetector
        from pytrovich.enums import Case, Gender, NamePart
        from pytrovich.maker import PetrovichDeclinationMaker
    except ImportError:
        return None
    parts = name.split()
    if len(parts) == 2:
        roles = [NamePart.FIRSTNAME, NamePart.LASTNAME]
    elif len(parts) == 3:
        roles = [NamePart.FIRSTNAME, NamePart.MIDDLENAME, NamePart.LASTNAME]
    else:
        return None
    try:
        maker = PetrovichDeclinationMaker()

        def decline(g: Any) -> str:
            return " ".join(maker.make(role, g, Case.DATIVE, part) for role, part in zip(roles, parts, strict=True))

        if gender in ("male", "female"):
            return decline(Gender.MALE if gender == "male" else Gender.FEMALE)
        detected = PetrovichGenderDetector().detect(
            firstname=parts[0], middlename=parts[1] if len(parts) == 3 else None, lastname=parts[-1]
        )
        if detected in (Gender.MALE, Gender.FEMALE):
            return decline(detected)
        male, female = decline(Gender.MALE), decline(Gender.FEMALE)
        return male if male == female else None
    except Exception:
        return None


def _uk_name(name: str, gender: str) -> str | None:
    try:
        import shevchenko
    except ImportError:
        return None
    parts = name.split()
    if len(parts) == 2:
        fields = {"given_name": parts[0], "family_name": parts[1]}
    elif len(parts) == 3:
        fields = {"given_name": parts[0], "patronymic_name": parts[1], "family_name": parts[2]}
    else:
        return None
    order = [k for k in ("given_name", "patronymic_name", "family_name") if k in fields]
    try:

        def decline(g: str) -> str:
            got = shevchenko.in_dative(gender=g, **fields)
            return " ".join(got[k] for k in order)

        if gender in ("male", "female"):
            return decline("masculine" if gender == "male" else "feminine")
        male, female = decline("masculine"), decline("feminine")
        return male if male == female else None
    except Exception:
        return None


def dative_name(name: str, lang: str, gender: str) -> str | None:
    """A person's name in the dative ('Given [Patronymic] Family'); None when unsure."""
    lang = _short(lang)
    if not _CYRILLIC.search(name):
        return None
    if lang == "ru":
        return _ru_name(name, gender)
    if lang == "uk":
        return _uk_name(name, gender)
    return None


_NAME_LIBRARY = {"ru": "pytrovich", "uk": "shevchenko-py"}


def propose_dative(office: str, name: str | None, lang: str, gender: str) -> Proposal:
    """A dative address block (office line, then the name line) for ``lang`` to be confirmed."""
    lang = _short(lang)
    if lang not in LANGUAGES:
        return Proposal(lang, (), reason=f"no declension rules for {lang!r}")
    if not _CYRILLIC.search(office):
        return Proposal(lang, (), reason=f"the office is not translated into {lang!r} yet")
    title = dative_office(office, lang)
    if title is None:
        why = "pymorphy3 is not installed" if _morph(lang) is None else "the office's head noun was not recognised"
        return Proposal(lang, (), reason=why)
    lines, libs = [title], ["pymorphy3"]
    if name:
        person = dative_name(name, lang, gender)
        if person is None:
            why = (
                "the name's declension depends on the gender: set gender: female or male"
                if gender == "neutral"
                else f"{_NAME_LIBRARY[lang]} could not decline the name"
            )
            return Proposal(lang, (), tuple(libs), why)
        lines.append(person)
        libs.append(_NAME_LIBRARY[lang])
    return Proposal(lang, tuple(lines), tuple(libs))
