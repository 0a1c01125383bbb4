"""Typed, immutable records of a campaign: the schema of the fact store.

The YAML loader hands over plain strings; pydantic turns them into numbers and dates where a
field says so, and rejects unknown fields (a typo must not be silently ignored). Cross-record
rules (unknown ids, unsourced facts...) live in :mod:`letters.validate`.

Fields listed in a record's ``TRANSLATABLE`` are written in the campaign's source language and
translated through the campaign's PO catalog, with the context ``<kind>:<id>:<field>``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
ID_HINT = "ids are lowercase letters, digits and '-', e.g. 'un-secretary-general'"
# names Windows reserves in every folder: an output file called con.pdf cannot be opened there
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def _not_reserved(value: str) -> str:
    if value in WINDOWS_RESERVED:
        raise ValueError(f"{value!r} is a reserved file name on Windows")
    return value


Id = Annotated[str, Field(pattern=ID_PATTERN), AfterValidator(_not_reserved)]
MAX_DIGITS = 21  # digits before the decimal point a figure may have; Babel formats 28 at most
ConsentLevel = Literal["public", "initials", "anonymous", "withdrawn"]
CONSENT_LEVELS: tuple[str, ...] = ("public", "initials", "anonymous", "withdrawn")
Status = Literal["imprisoned", "detained", "exiled", "free", "released", "deceased", "unknown"]
Qualifier = Literal["exactly", "at-least", "more-than", "about", "up-to", "less-than"]
Gender = Literal["female", "male", "neutral"]
# The style of the forms of address (docs/forms-of-address.md): 'letter', the official letter from the
# public to an office holder; 'diplomatic', the formal diplomatic style of the UN Correspondence
# Manual ("Excellency," ... "Accept, Excellency, the assurances of our highest consideration.").
Register = Literal["letter", "diplomatic"]
_URL_RE = re.compile(r"^(https?://[^\s<>\"']+|mailto:[^\s<>\"']+)$", re.IGNORECASE)
_EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ()


def check_email(value: str | None) -> str | None:
    if value is not None and not _EMAIL_RE.match(value.removeprefix("mailto:")):
        raise ValueError("not an e-mail address")
    return value


def check_url(value: str | None) -> str | None:
    if value is not None and not _URL_RE.match(value):
        raise ValueError("only https:, http: and mailto: URLs are allowed")
    return value


class Names(Record):
    """A person's or office's name per language or script: names are facts, not translations.

    Keys are language codes (``ru``, ``uk``) or ISO 15924 script codes (``Latn``, ``Cyrl``);
    a language without its own entry uses the entry for its script.
    """

    forms: dict[str, str]

    def for_locale(self, language: str, script: str | None) -> str | None:
        if language in self.forms:
            return self.forms[language]
        if script and script in self.forms:
            return self.forms[script]
        return None


def _names(value: object) -> object:
    if isinstance(value, str):
        return {"forms": {"und": value}}
    if isinstance(value, dict) and "forms" not in value:
        return {"forms": value}
    return value


class ConsentRecord(Record):
    method: str = Field(min_length=1)  # how consent was given ("signed letter", "video call"...)
    date: dt.date | None = None
    via: str | None = None  # who collected it
    note: str | None = None


class Consent(Record):
    level: str | None = None  # validated in letters.validate: an unknown value means 'do not publish'
    record: ConsentRecord | None = None

    @property
    def effective(self) -> ConsentLevel:
        """The level the renderer obeys: anything missing or unknown is treated as withdrawn."""
        return self.level if self.level in CONSENT_LEVELS else "withdrawn"  # type: ignore[return-value]


class Signatory(Record):
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ("role",)
    id: Id
    name: Names | None = None
    initials: Names | None = None  # override the initials derived from the name
    role: str | None = None
    age: int | None = Field(default=None, ge=0, le=130)
    age_as_of: dt.date | None = None
    birth_year: int | None = Field(default=None, ge=1880, le=2100)
    status: Status | None = None
    count: int = Field(default=1, ge=1)  # >1: a group of people who are counted, never named
    consent: Consent | None = None
    note: str | None = None  # internal, never rendered

    _names = field_validator("name", "initials", mode="before")(_names)


class Holder(Record):
    """Where the recipient's ``name`` and ``gender`` come from: offices change hands, so who holds
    one is a fact with a date and a source, like any figure."""

    as_of: dt.date
    source: str | None = None  # id in sources.yaml


class Recipient(Record):
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ("office", "attention")
    id: Id
    office: str = Field(min_length=1)
    name: Names | None = None
    language: str
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    gender: Gender = "neutral"
    holder: Holder | None = None  # as of when (and from which source) name and gender are true
    honorific: str | None = None
    # this recipient's forms of address; else the letter's, else the campaign's ('register' in YAML)
    address_register: Register | None = Field(default=None, alias="register")
    address: tuple[str, ...] = ()
    email: str | None = None
    tags: tuple[str, ...] = ()
    attention: str | None = None  # "for the attention of" line, e.g. an office's staff
    forms: dict[str, dict[str, str]] = {}  # language -> grammatical case -> text, e.g. ru: {dative: ...}
    salutation: dict[str, str] = {}  # language -> salutation overriding the shipped rules
    valediction: dict[str, str] = {}  # language -> closing formula overriding the shipped rules
    note: str | None = None

    _names = field_validator("name", mode="before")(_names)

    _email = field_validator("email")(classmethod(lambda cls, v: check_email(v)))


class Demand(Record):
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ("text",)
    id: Id
    text: str = Field(min_length=1)
    facts: tuple[str, ...] = ()


class Source(Record):
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ()
    id: Id
    publisher: str = Field(min_length=1)
    title: str | None = None
    author: str | None = None
    url: str | None = None
    date: dt.date | None = None
    accessed: dt.date | None = None

    _url = field_validator("url")(classmethod(lambda cls, v: check_url(v)))


class Fact(Record):
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ("claim", "value_text")
    id: Id
    claim: str = Field(min_length=1)
    type: Literal["number", "date", "text"] = "number"
    value: str
    qualifier: Qualifier = "exactly"
    as_of: dt.date | None = None
    source: str | None = None
    max_age_days: int | None = Field(default=None, ge=1)

    @field_validator("value")
    @classmethod
    def _value_matches_type(cls, value: str, info: ValidationInfo) -> str:
        # a field validator (not a model one) so that the error points at the value's line
        kind = info.data.get("type", "number")
        if kind == "number":
            try:
                number = Decimal(value)
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                raise ValueError(f"{value!r} is not a number (write digits only, e.g. 10000, or set 'type: text')")
            if number and (number.adjusted() >= MAX_DIGITS or len(number.as_tuple().digits) > MAX_DIGITS + 6):
                raise ValueError(
                    f"{value[:40]!r} is too large or too long to print as a figure "
                    f"(at most {MAX_DIGITS} digits before the point); write it as text ('type: text')"
                )
        elif kind == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a date (write YYYY-MM-DD, e.g. 2025-07-03)") from None
        return value

    @property
    def number(self) -> Decimal:
        return Decimal(self.value)

    @property
    def value_text(self) -> str | None:
        """Text values are translatable; numbers and dates are formatted by Babel."""
        return self.value if self.type == "text" else None


class Sender(Record):
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ("name", "lines")
    name: str = Field(min_length=1)
    lines: tuple[str, ...] = ()
    email: str | None = None
    url: str | None = None

    _url = field_validator("url")(classmethod(lambda cls, v: check_url(v)))

    _email = field_validator("email")(classmethod(lambda cls, v: check_email(v)))


class Letter(Record):
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ("subject", "opening", "body", "closing")
    id: Id
    template: str = "appeal.html.j2"
    subject: str = Field(min_length=1)
    opening: str | None = None  # paragraph before the demands
    body: tuple[str, ...] = ()  # paragraphs after the demands
    closing: str | None = None
    recipients: tuple[str, ...] = ("all",)  # ids, 'tag:<tag>' or 'all'
    signatories: tuple[str, ...] = ("all",)
    demands: tuple[str, ...] = ("all",)
    locales: tuple[str, ...] = ()  # extra locales for every recipient of this letter
    # 'each': one document per recipient; 'group': one document per language addressed to all
    # recipients together ("A, B and C"), e.g. to both delegations of a negotiation
    addressing: Literal["each", "group"] = "each"
    address_register: Register | None = Field(default=None, alias="register")  # else the campaign's


class Output(Record):
    formats: tuple[Literal["pdf", "html"], ...] = ("pdf", "html")
    extra_locales: tuple[str, ...] = ()  # every recipient also gets these languages
    pdf_variant: Literal["pdf/a-3b", "pdf/a-3u", "pdf/a-2b"] | None = None
    paper: Literal["auto", "A4", "Letter"] = "auto"
    # files (relative to the campaign) a template may embed in the PDF; nothing else is attached
    attachments: tuple[str, ...] = ()


class CampaignSettings(Record):
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ("title", "place")
    id: Id
    title: str = Field(min_length=1)
    source_language: str = "en"
    languages: tuple[str, ...] = ()
    date: dt.date
    place: str | None = None
    sender: Sender
    facts_max_age_days: int = Field(default=365, ge=1)
    holders_max_age_days: int = Field(default=180, ge=1)  # an office holder's name/gender goes stale sooner
    # the forms of address of every letter that does not set its own ('register' in YAML)
    address_register: Register = Field(default="letter", alias="register")
    letters: dict[str, Letter]
    output: Output = Output()

    @field_validator("letters", mode="before")
    @classmethod
    def _letter_ids(cls, v: object) -> object:
        if isinstance(v, dict):
            return {k: ({"id": k, **val} if isinstance(val, dict) else val) for k, val in v.items()}
        return v


class Campaign(Record):
    """The whole fact store, loaded and schema-checked (cross-references not yet checked)."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)
    settings: CampaignSettings
    signatories: dict[str, Signatory] = {}
    recipients: dict[str, Recipient] = {}
    demands: dict[str, Demand] = {}
    facts: dict[str, Fact] = {}
    sources: dict[str, Source] = {}

    def letter_recipients(self, letter: Letter) -> list[Recipient]:
        return [self.recipients[i] for i in select_ids(letter.recipients, self.recipients, "tags")]

    @cached_property
    def letter_members(self) -> dict[str, frozenset[str]]:
        """letter id -> the ids of its recipients, worked out once (a membership test per
        recipient and letter would otherwise compare whole records: quadratic in recipients)."""
        return {lid: frozenset(r.id for r in self.letter_recipients(x)) for lid, x in self.settings.letters.items()}

    def letter_signatories(self, letter: Letter) -> list[Signatory]:
        return [self.signatories[i] for i in select_ids(letter.signatories, self.signatories, None)]

    def register_of(self, letter: Letter, recipients: list[Recipient]) -> Register:
        """The register ``letter`` addresses ``recipients`` in: theirs when they all set the same one,
        else the letter's, else the campaign's."""
        own = {r.address_register for r in recipients}
        if len(own) == 1 and None not in own:
            return own.pop()  # type: ignore[return-value]
        return letter.address_register or self.settings.address_register

    def letter_demands(self, letter: Letter) -> list[Demand]:
        return [self.demands[i] for i in select_ids(letter.demands, self.demands, None)]


def select_ids(selectors: tuple[str, ...], records: Mapping[str, Record], tag_field: str | None) -> list[str]:
    """Resolve ``all`` / ``tag:x`` / plain ids to record ids: explicit ids in the order written,
    ``all`` and tags in the records' own order, each id once."""
    chosen: dict[str, None] = {}
    for sel in selectors:
        if sel == "all":
            chosen.update(dict.fromkeys(records))
        elif sel.startswith("tag:") and tag_field:
            tag = sel[4:]
            chosen.update(dict.fromkeys(i for i, r in records.items() if tag in getattr(r, tag_field)))
        elif sel in records:
            chosen[sel] = None
    return list(chosen)
