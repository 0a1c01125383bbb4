"""Forms of address: salutations and address blocks per language, honorific and gender.

Conventions are data (``letters/data/address/<language>.yaml``); this module only chooses among them.
Russian and Ukrainian address blocks need the dative case; the fact store holds it under
``forms: {ru: {dative: ...}}``. When it is missing the block stays in the nominative and a
warning says so: a wrong case is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import Problem
from .model import Recipient
from .resources import data_dir
from .yamlio import load_yaml

DATIVE_LANGUAGES = frozenset({"ru", "uk", "be"})


@lru_cache(maxsize=1)
def forms_data() -> dict[str, Any]:
    """language -> its table, from ``letters/data/address/<language>.yaml``."""
    out: dict[str, Any] = {}
    for path in sorted((data_dir() / "address").glob("*.yaml")):
        doc, _ = load_yaml(path, f"<letters>/data/address/{path.name}")
        out[path.stem] = doc.data or {}
    return out


def _lang(code: str) -> str:
    return code.replace("-", "_").split("_")[0]


@dataclass(frozen=True)
class Addressing:
    """What the template needs to address one recipient in one language."""

    salutation: str
    block: tuple[str, ...]  # address block lines: name/office (in the right case), attention, postal lines
    warnings: tuple[Problem, ...] = ()


def salutation(recipient: Recipient, lang: str, title: str, name: str | None) -> str:
    """The salutation line for ``recipient`` in ``lang`` (recipient override first)."""
    if lang in recipient.salutation:
        return recipient.salutation[lang]
    if _lang(lang) in recipient.salutation:
        return recipient.salutation[_lang(lang)]
    table = forms_data().get(_lang(lang)) or forms_data()["en"]
    sal = table.get("salutation", {})
    entry = sal.get(recipient.honorific or "default") or sal.get("default", {})
    order = []
    if name:
        order += [f"named-{recipient.gender}"]
    order += [recipient.gender]
    if name:
        order += ["named-neutral"]
    order += ["neutral"]
    for key in order:
        if key in entry:
            return _fill(entry[key], title, name)
    default = sal.get("default", {})
    for key in order:
        if key in default:
            return _fill(default[key], title, name)
    return _fill(forms_data()["en"]["salutation"]["default"]["neutral"], title, name)


def valediction(recipient: Recipient, lang: str) -> str:
    """The closing formula before the signatures."""
    table = forms_data().get(_lang(lang)) or forms_data()["en"]
    vals = table.get("valediction") or forms_data()["en"]["valediction"]
    return vals.get(recipient.honorific or "default") or vals["default"]


def attention_line(lang: str, text: str) -> str:
    table = forms_data().get(_lang(lang)) or forms_data()["en"]
    pattern = table.get("attention") or forms_data()["en"]["attention"]
    return pattern.replace("{text}", text)


def _fill(pattern: str, title: str, name: str | None) -> str:
    surname = name.split()[-1] if name else ""
    return pattern.replace("{title}", title).replace("{name}", name or "").replace("{surname}", surname)
