"""Load a campaign folder: YAML files → schema-checked records, with the line of everything.

Loading never stops at the first problem: a record that fails the schema is reported and left
out, the rest is loaded, so ``letters check`` can show every problem at once.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import InputError, Location, Problem, ProblemList
from .model import (
    ID_HINT,
    Campaign,
    CampaignSettings,
    Demand,
    Fact,
    Recipient,
    Signatory,
    Source,
)
from .yamlio import YamlDoc, load_yaml

CAMPAIGN_FILE = "campaign.yaml"
UNREADABLE = "*"
# kind -> (file name, record class)
RECORD_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "signatory": ("signatories.yaml", Signatory),
    "recipient": ("recipients.yaml", Recipient),
    "demand": ("demands.yaml", Demand),
    "fact": ("facts.yaml", Fact),
    "source": ("sources.yaml", Source),
}


@dataclass
class SourceIndex:
    """Where every record and field came from, for messages."""

    root: Path
    docs: dict[str, YamlDoc] = field(default_factory=dict)  # kind -> document ('campaign' too)
    # kind -> ids of records that exist but were rejected (their problems are reported already);
    # UNREADABLE in the set: the whole file could not be read, so any id may exist in it
    broken: dict[str, set[str]] = field(default_factory=dict)

    def is_broken(self, kind: str, rid: str) -> bool:
        """True when ``rid`` may exist but was not loaded: a reference to it is not 'unknown'."""
        ids = self.broken.get(kind, set())
        return rid in ids or UNREADABLE in ids

    def loc(self, kind: str, *key: str | int) -> Location:
        # letters live in campaign.yaml, under 'letters:'
        doc = self.docs.get("campaign" if kind == "letter" else kind)
        if doc is None:
            name = CAMPAIGN_FILE if kind in ("campaign", "letter") else RECORD_FILES[kind][0]
            return Location(name, 0)
        if kind == "letter":
            key = ("letters", *key)
        return doc.loc(key)


@dataclass
class Loaded:
    campaign: Campaign | None
    index: SourceIndex
    problems: list[Problem]


def find_campaign_root(path: Path) -> Path:
    """Accept the campaign folder or its campaign.yaml."""
    if path.is_file() and path.name == CAMPAIGN_FILE:
        return path.parent
    if not (path / CAMPAIGN_FILE).is_file():
        raise InputError(
            f"no {CAMPAIGN_FILE} in {path}",
            location=Location(str(path)),
            hint="pass a campaign folder, or create one with 'letters init DIR'",
        )
    return path


def load_campaign(path: Path) -> Loaded:
    """Read and schema-check every file of a campaign. Raises only when nothing can be loaded."""
    root = find_campaign_root(path)
    index = SourceIndex(root)
    problems = ProblemList()

    settings = None
    doc = _read(root, CAMPAIGN_FILE, problems)
    if doc is not None:
        index.docs["campaign"] = doc
        if not isinstance(doc.data, dict):
            problems.error(
                doc.loc(),
                "campaign.yaml must be a mapping of settings (key: value)",
                "start from 'letters init' to see the expected layout",
                "schema",
            )
        else:
            settings = _validate(CampaignSettings, doc.data, doc, (), problems)

    records: dict[str, dict[str, Any]] = {}
    broken = index.broken
    for kind, (name, cls) in RECORD_FILES.items():
        records[kind] = {}
        broken[kind] = set()
        if not os.path.lexists(root / name):  # a dangling link is not 'absent': _read reports it
            continue
        doc = _read(root, name, problems)
        if doc is None:
            broken[kind].add(UNREADABLE)
            continue
        if doc.data is None:
            continue
        index.docs[kind] = doc
        if not isinstance(doc.data, dict):
            problems.error(
                doc.loc(),
                f"{name} must map each id to its fields (id: then indented fields)",
                f"see docs/fact-store.md, section '{name}'",
                "schema",
            )
            broken[kind].add(UNREADABLE)
            continue
        for rid, body in doc.data.items():
            if not isinstance(body, dict):
                problems.error(
                    doc.loc((rid,)),
                    f"{kind} {rid!r} must have indented fields",
                    f"see docs/fact-store.md, section '{name}'",
                    "schema",
                )
                broken[kind].add(rid)
                continue
            rec = _validate(cls, {"id": rid, **body}, doc, (rid,), problems)
            if rec is not None:
                records[kind][rid] = rec
            else:
                broken[kind].add(rid)

    campaign = None
    if settings is not None:
        campaign = Campaign(
            settings=settings,
            signatories=records["signatory"],
            recipients=records["recipient"],
            demands=records["demand"],
            facts=records["fact"],
            sources=records["source"],
        )
    return Loaded(campaign, index, problems.items)


def _read(root: Path, name: str, problems: ProblemList) -> YamlDoc | None:
    try:
        doc, soft = load_yaml(root / name, name, root)
    except InputError as exc:
        problems.error(exc.location, exc.message, exc.hint, "yaml")
        return None
    problems.extend(soft)
    return doc


def _validate(
    cls: type[BaseModel], data: dict[str, Any], doc: YamlDoc, prefix: tuple[str | int, ...], problems: ProblemList
) -> Any:
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if p != "forms")
            message, hint, code = _describe(err, cls, loc)
            problems.error(doc.loc(prefix + loc), message, hint, code)
        return None


def _describe(err: Any, cls: type[BaseModel], loc: tuple[str | int, ...]) -> tuple[str, str, str]:
    where = ".".join(str(p) for p in loc) or "(record)"
    kind = err["type"]
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        allowed = _allowed_fields(cls, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"allowed fields: {', '.join(allowed)}"
        return f"unknown field {where!r}", hint, "unknown-field"
    if kind == "missing":
        return f"missing required field {where!r}", "add it; see docs/fact-store.md", "missing-field"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "id":
        return f"invalid id {err['input']!r}", ID_HINT, "bad-id"
    if kind == "value_error" and loc and loc[-1] == "id":
        return f"invalid id: {err['msg'].removeprefix('Value error, ')}", "choose another id", "bad-id"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "country":
        return f"invalid country {err['input']!r}", "use a two-letter ISO 3166 code in capitals, e.g. DE, US", "schema"
    if kind in ("tuple_type", "list_type"):
        return (
            f"{where}: expected a list",
            "write a list, e.g. [un, negotiator], or one item per line starting with '- '",
            "schema",
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{where}: expected indented fields", "put the fields on the following lines, indented", "schema"
    if kind == "string_type" and err.get("input") is None:
        return f"{where}: required, but empty here", "write a value after the colon", "missing-field"
    msg = err["msg"].removeprefix("Value error, ")
    hint = ""
    if kind.startswith("date"):
        hint = "write dates as YYYY-MM-DD, e.g. 2025-07-03"
    elif kind.startswith("int"):
        hint = "write a whole number, e.g. 63"
    elif kind == "literal_error":
        hint = "use one of the listed values"
    elif loc and loc[-1] == "url":
        hint = "give the web address of the source, starting with https:// (or http://, mailto:)"
    elif loc and loc[-1] == "email":
        hint = "write an address such as office@example.org"
    elif loc and loc[-1] == "value":
        hint = "see docs/fact-store.md, section 'facts.yaml'"
    return f"{where}: {msg}", hint, "schema"


def _allowed_fields(cls: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    model: Any = cls
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        f = getattr(model, "model_fields", {}).get(part)
        if f is None:
            # a dict of records (e.g. letters): the next part is a key, the model stays the value type
            continue
        ann = f.annotation
        model = None
        for cand in getattr(ann, "__args__", ()) + (ann,):
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                model = cand
                break
            for sub in getattr(cand, "__args__", ()):
                if isinstance(sub, type) and issubclass(sub, BaseModel):
                    model = sub
    fields = getattr(model, "model_fields", {}) if model is not None else {}
    return sorted((f.alias or k) for k, f in fields.items() if k != "id")  # as written in YAML
