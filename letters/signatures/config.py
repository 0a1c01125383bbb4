"""``petition.yaml``: the letter a petition backs and its title and text per language."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

PETITION_FILE = "petition.yaml"


@dataclass(frozen=True)
class PetitionConfig:
    """``petition.yaml``: which letter it backs (its recipients, demands, sources) and the text."""

    letter: str
    title: dict[str, str]
    text: dict[str, str]

    def text_sha256(self) -> str:
        """The version of the petition text signers were shown (every language)."""
        blob = json.dumps({"title": self.title, "text": self.text}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def load_config(root: Path) -> PetitionConfig:
    from ..yamlio import load_yaml

    path = root / PETITION_FILE
    if not path.is_file():
        raise InputError(
            f"{root}: no {PETITION_FILE}",
            hint="write petition.yaml with 'letter:' (the letter it backs) and 'text:' per language; "
            "see docs/signatures.md",
        )
    doc, problems = load_yaml(path, PETITION_FILE)
    if problems:
        p = problems[0]
        raise InputError(p.message, location=p.location, hint=p.hint)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("letter"), str):
        raise InputError("petition.yaml needs 'letter: <letter id>'", location=doc.loc(), hint="see docs/signatures.md")
    unknown = set(data) - {"letter", "title", "text"}
    if unknown:
        key = sorted(unknown)[0]
        raise InputError(f"unknown field {key!r}", location=doc.loc((key,)), hint="fields: letter, title, text")
    texts: dict[str, dict[str, str]] = {}
    for key in ("title", "text"):
        value = data.get(key) or {}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise InputError(
                f"{key!r} must map each language to its text",
                location=doc.loc((key,)),
                hint=f"e.g. {key}:\\n  en: ...\\n  ru: ...",
            )
        texts[key] = {str(k): " ".join(v.split()) for k, v in value.items()}
    return PetitionConfig(data["letter"], texts["title"], texts["text"])


def pick(texts: dict[str, str], locale: str, source: str) -> str | None:
    for key in (locale, locale.split("_")[0], source):
        if key in texts:
            return texts[key]
    return None
