"""The de-duplication key and look-alike detection (the rules are documented in docs/signatures.md).

* Text: Unicode NFKC, invisible characters removed (zero-width spaces and joiners, soft hyphens,
  byte-order marks, bidirectional controls), every run of white space one space, trimmed.
* Key: ``e:<canonical e-mail>`` when the row has an e-mail address, else
  ``n:<name>|<country>|<city>`` with the name and city case-folded. Two rows with the same key
  are the same signer: the earliest counts, the later ones are kept as ranked duplicates.
* E-mail canonical form: domain lower-cased and IDNA-encoded, local part case-folded, then the
  per-domain rules of ``letters/data/signatures/email-domains.yaml`` (aliases, dots, ``+tags``).
* Look-alikes are never merged: a word whose letters come from more than one script (Latin,
  Cyrillic, Greek, Armenian, Georgian, ...: the script named by each letter's Unicode name), or
  a key whose *skeleton* equals another signer's, is flagged for a person to review. The
  skeleton is the one of Unicode Technical Standard #39 (section 4): NFD, every character
  replaced by its prototype in the Unicode confusables data (``letters/data/unicode/
  confusables.txt``, version given in its header), NFD again; "Ё"/"Ё" are read as "Е"/"е" first
  (Russian writing leaves the dots out), and the result is case-folded.
"""

from __future__ import annotations

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
CONFUSABLES = "unicode/confusables.txt"
_YO = str.maketrans("Ёё", "Ее")
# scripts written together in one word (Japanese mixes Han and kana; Korean Han and Hangul)
_SCRIPT_GROUPS = {"CJK": "HAN", "HIRAGANA": "HAN", "KATAKANA": "HAN", "HANGUL": "HAN", "IDEOGRAPHIC": "HAN"}


@cache
def prototypes() -> dict[str, str]:
    """The UTS #39 confusables mapping: each character's prototype (``source ; target ; MA``)."""
    out = {}
    with (data_dir() / CONFUSABLES).open(encoding="utf-8-sig") as fh:
        for line in fh:
            data = line.split("#", 1)[0].split(";")
            if len(data) >= 2 and data[0].strip():
                source = chr(int(data[0].strip(), 16))
                out[source] = "".join(chr(int(cp, 16)) for cp in data[1].split())
    return out


def uts39_skeleton(text: str) -> str:
    """``skeleton(X)`` of UTS #39 section 4: NFD, each character by its prototype, NFD again."""
    table = prototypes()
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(table.get(c, c) for c in nfd))


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
    """The key's look-alike form (see the module docstring): equal skeletons of different keys look alike."""
    return uts39_skeleton(key.translate(_YO)).casefold()


def script(char: str) -> str | None:
    """The script of a letter, from its Unicode name ("CYRILLIC SMALL LETTER A" → "CYRILLIC"); None
    for anything that is not a letter (digits, marks, punctuation belong to every script)."""
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0] if name else "UNKNOWN"
    return _SCRIPT_GROUPS.get(first, first)


def mixed_scripts(name: str) -> bool:
    """True if one word of ``name`` has letters of two scripts ("Аlexey" with a Cyrillic А, "Jօhn"
    with an Armenian օ)."""
    if name.isascii():
        return False
    for word in name.split():
        if len({s for s in map(script, word) if s}) > 1:
            return True
    return False


def initials(name: str) -> str:
    """ "Anna Maria Example" → "A. M. E." (hyphenated parts keep their hyphen: "J.-P.")."""
    out = []
    for word in clean_text(name).split(" "):
        parts = [p for p in word.split("-") if p]
        letters = [p[0].upper() + "." for p in parts if p[0].isalpha()]
        if letters:
            out.append("-".join(letters))
    return " ".join(out)
