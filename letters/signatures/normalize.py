"""The de-duplication key and look-alike detection (the rules are documented in docs/signatures.md).

* Text: Unicode NFKC, invisible characters removed (zero-width spaces and joiners, soft hyphens,
  byte-order marks, bidirectional controls), every run of white space one space, trimmed.
* Key: ``e:<canonical e-mail>`` when the row has an e-mail address, else
  ``n:<name>|<country>|<city>`` with the name and city case-folded. Two rows with the same key
  are the same signer: the earliest counts, the later ones are kept as ranked duplicates.
* E-mail canonical form: domain lower-cased and IDNA-encoded, local part case-folded, then the
  per-domain rules of ``letters/data/signatures/email-domains.yaml`` (aliases, dots, ``+tags``).
* Look-alikes are never merged: a word mixing Latin, Cyrillic or Greek letters, or a key whose
  *skeleton* (confusable letters such as Cyrillic "А" / Latin "A", and "Ё" / "Е", folded
  together) equals another signer's skeleton, is flagged for a person to review.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

import yaml

from ..resources import data_dir

# Cf characters that are not drawn and make equal-looking names differ
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F]
    + list(range(0x202A, 0x202F))
    + list(range(0x2060, 0x2070))
    + [0x3164, 0xFEFF, 0xFFA0]
)
_LATIN, _CYRILLIC, _GREEK = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f", "\u0400-\u052f", "\u0370-\u03ff"
_MIXED_RE = re.compile(
    f"[{_LATIN}]\\S*[{_CYRILLIC}{_GREEK}]|[{_CYRILLIC}]\\S*[{_LATIN}{_GREEK}]|[{_GREEK}]\\S*[{_LATIN}{_CYRILLIC}]"
)

# Confusable letters folded together for the skeleton (before case folding: "В" looks like "B", "в" does not)
_CONFUSABLE = str.maketrans(
    "АВЕЁКМНОРСТХУІЈЅаеёорсухіјѕԁһӀΑΒΕΖΗΙΚΜΝΟΡΤΥΧοοЁё",
    "ABEEKMHOPCTXYIJSaeeopcyxijsdhIABEZHIKMNOPTYXooEe",
)


def clean_text(value: str) -> str:
    """NFKC, invisible characters removed, white space collapsed and trimmed (case kept)."""
    if not value.isascii():  # ASCII is NFKC already and holds no invisible characters
        value = unicodedata.normalize("NFKC", value).translate(_INVISIBLE)
    return " ".join(value.split())


def fold(value: str) -> str:
    """:func:`clean_text`, case-folded: the comparable form of a name or a city."""
    return clean_text(value).casefold()


@cache
def _email_rules() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    data = yaml.safe_load((data_dir() / "signatures" / "email-domains.yaml").read_text("utf-8"))
    return dict(data.get("default") or {}), {k.lower(): dict(v) for k, v in (data.get("domains") or {}).items()}


def canonical_email(value: str) -> str | None:
    """The canonical form of an e-mail address, or None if it is not one."""
    text = clean_text(value)
    if text.count("@") != 1 or " " in text:
        return None
    local, domain = text.rsplit("@", 1)
    if not local or "." not in domain or domain.startswith(".") or domain.endswith("."):
        return None
    try:
        domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    default, rules = _email_rules()
    rule = rules.get(domain, default)
    if "alias" in rule:
        domain = rule["alias"]
        rule = rules.get(domain, default)
    local = local.casefold()
    if rule.get("plus") == "strip":
        local = local.split("+", 1)[0]
    if rule.get("dots") == "ignore":
        local = local.replace(".", "")
    if not local:
        return None
    return f"{local}@{domain}"


def dedupe_key(name: str, country: str, city: str | None, email: str | None) -> str:
    """The documented identity of a signer (see the module docstring)."""
    if email:
        return f"e:{email}"
    return f"n:{fold(name)}|{country}|{fold(city or '')}"


def skeleton(key: str) -> str:
    """The key with confusable letters folded together: equal skeletons of different keys look alike."""
    return unicodedata.normalize("NFC", key).translate(_CONFUSABLE).casefold()


def mixed_scripts(name: str) -> bool:
    """True if one word of ``name`` mixes Latin, Cyrillic or Greek letters ("Аlexey" with a Cyrillic А)."""
    return not name.isascii() and _MIXED_RE.search(name) is not None


def initials(name: str) -> str:
    """ "Anna Maria Example" → "A. M. E." (hyphenated parts keep their hyphen: "J.-P.")."""
    out = []
    for word in clean_text(name).split(" "):
        parts = [p for p in word.split("-") if p]
        letters = [p[0].upper() + "." for p in parts if p[0].isalpha()]
        if letters:
            out.append("-".join(letters))
    return " ".join(out)
