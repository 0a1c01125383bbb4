"""Forms of address: salutations, valedictions, attention lines and group addressing.

Conventions are data (``letters/data/address/<language>.yaml``, documented in ``en.yaml``, and a
campaign's own ``address/<language>.yaml`` laid over them inside :func:`campaign_rules`); this
module only chooses among them. A language's rules say in which grammatical case its address block
names the recipient (``address-case``: Russian, Ukrainian, Lithuanian, Latvian and Georgian use the
dative, "Lietuvos Respublikos Prezidentui") and what line stands before it (``address-prefix``). The
fact store holds the recipient's form in that case under ``forms: {<lang>: {<case>: ...}}``. When it
is missing the block stays in the nominative and a warning says so (a wrong case is worse than
none); :mod:`letters.declension` proposes a Russian or Ukrainian dative for a human to confirm.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import Location, Problem, Severity
from .model import Recipient
from .resources import data_dir
from .yamlio import YamlDoc, load_yaml

# The grammatical cases an address block can name the recipient in ('address-case' in a language's
# rules); a case other than the nominative is read from the recipient's forms: {<lang>: {<case>: ...}}.
ADDRESS_CASES = ("nominative", "dative", "accusative")
# The honorifics every shipped language covers (each with a neutral form); a recipient's
# 'honorific' names one of them. Tests hold every language file to this list.
HONORIFICS = (
    "excellency",
    "secretary-general",
    "president",
    "chancellor",
    "envoy",
    "head-of-delegation",
    "minister",
    "ambassador",
    "default",
)
GENDERS = ("female", "male", "neutral")
NAME_ORDERS = ("given-first", "family-first")
# The registers (model.Register): 'letter' is each language's table itself; any other is the
# table's registers.<name> section, whose salutation, valediction, group and needs-gender replace
# the letter's. A language without that section keeps its letter forms and 'letters check' warns.
REGISTERS = ("letter", "diplomatic")
REGISTER_SECTIONS = ("salutation", "valediction", "group", "needs-gender", "sources")
FALLBACK_LANGUAGE = "en"


CAMPAIGN_ADDRESS_DIR = "address"
# The campaign whose own rules (its address/<language>.yaml) apply: set around rendering and
# validation by campaign_rules(), so every function here sees them without a parameter each.
_CAMPAIGN: ContextVar[Path | None] = ContextVar("letters_address_campaign", default=None)


@lru_cache(maxsize=1)
def shipped_forms() -> dict[str, Any]:
    """language -> its table, from ``letters/data/address/<language>.yaml``."""
    out: dict[str, Any] = {}
    for path in sorted((data_dir() / "address").glob("*.yaml")):
        doc, _ = load_yaml(path, f"<letters>/data/address/{path.name}")
        out[path.stem] = doc.data or {}
    return out


def forms_data() -> dict[str, Any]:
    """The shipped tables, with the active campaign's own (``<campaign>/address/<lang>.yaml``) laid
    over them: a campaign adds a language letters lacks, or replaces single entries."""
    root = _CAMPAIGN.get()
    files = campaign_rule_files(root)
    if root is None or not files:
        return shipped_forms()
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    return _merged(root, stamp)


def campaign_rule_files(root: Path | None) -> list[Path]:
    """The campaign's own address rules, ``address/<language>.yaml``."""
    if root is None or not (root / CAMPAIGN_ADDRESS_DIR).is_dir():
        return []
    inside = root.resolve()
    return sorted(
        p for p in (root / CAMPAIGN_ADDRESS_DIR).glob("*.yaml") if p.is_file() and p.resolve().is_relative_to(inside)
    )


def outside_rule_files(root: Path | None) -> list[Path]:
    """Rule files that are links to somewhere outside the campaign (never read)."""
    if root is None or not (root / CAMPAIGN_ADDRESS_DIR).is_dir():
        return []
    inside = root.resolve()
    return sorted(p for p in (root / CAMPAIGN_ADDRESS_DIR).glob("*.yaml") if not p.resolve().is_relative_to(inside))


@lru_cache(maxsize=8)
def _merged(root: Path, stamp: tuple[tuple[str, int, int], ...]) -> dict[str, Any]:
    out = {lang: dict(table) for lang, table in shipped_forms().items()}
    for path in campaign_rule_files(root):
        doc, _ = load_yaml(path, f"{CAMPAIGN_ADDRESS_DIR}/{path.name}", root=root)
        out[path.stem] = _lay_over(out.get(path.stem, {}), doc.data or {})
    return out


def _lay_over(table: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """A campaign's rules over the shipped ones, one honorific (or section entry) at a time; inside
    ``registers`` one register, then one section, then one honorific at a time."""
    out = dict(table)
    for key, value in own.items():
        old = out.get(key)
        if key == "registers" and isinstance(value, Mapping) and isinstance(old, Mapping):
            out[key] = {
                **old,
                **{
                    name: _lay_over(old[name], sections)
                    if isinstance(sections, Mapping) and isinstance(old.get(name), Mapping)
                    else sections
                    for name, sections in value.items()
                },
            }
        elif isinstance(value, Mapping) and isinstance(old, Mapping):
            out[key] = {**old, **value}
        else:
            out[key] = value
    return out


@contextmanager
def campaign_rules(root: Path | None) -> Iterator[None]:
    """Use ``root``'s own address rules (if any) inside the block."""
    token = _CAMPAIGN.set(root)
    try:
        yield
    finally:
        _CAMPAIGN.reset(token)


def _lang(code: str) -> str:
    return code.replace("-", "_").split("_")[0]


def _table(lang: str) -> dict[str, Any]:
    data = forms_data()
    return data.get(_lang(lang)) or data[FALLBACK_LANGUAGE]


def _register_table(lang: str, register: str) -> Mapping[str, Any] | None:
    """The ``registers.<register>`` section of ``lang``'s table, or None when it has none with both a
    salutation and a valediction (the letter register is the table itself: None too)."""
    if register == "letter":
        return None
    registers = _table(lang).get("registers")
    found = registers.get(register) if isinstance(registers, Mapping) else None
    complete = isinstance(found, Mapping) and "salutation" in found and "valediction" in found
    return found if complete else None


def has_register(lang: str, register: str) -> bool:
    """Whether ``lang``'s rules have forms for ``register`` (every language has the letter's)."""
    return register == "letter" or _register_table(lang, register) is not None


def _section(lang: str, name: str, register: str = "letter") -> Any:
    """One section of a language's table in ``register`` (the letter's when the register lacks it),
    or English's when the language lacks it."""
    own = _register_table(lang, register)
    if own is not None and own.get(name) is not None:
        return own[name]
    value = _table(lang).get(name)
    return value if value is not None else forms_data()[FALLBACK_LANGUAGE].get(name)


def _override(table: Mapping[str, str], lang: str) -> str | None:
    return table.get(lang) or table.get(_lang(lang))


@dataclass(frozen=True)
class Addressing:
    """What the template needs to address one recipient in one language."""

    salutation: str
    block: tuple[str, ...]  # address block lines: name/office (in the right case), attention, postal lines
    warnings: tuple[Problem, ...] = ()


def form_order(gender: str, named: bool) -> list[str]:
    """The keys tried for a recipient: ``named-<gender>``, ``<gender>``, ``named-neutral``, ``neutral``."""
    order = [f"named-{gender}"] if named else []
    order.append(gender)
    if named:
        order.append("named-neutral")
    order.append("neutral")
    return list(dict.fromkeys(order))


def _pick(entry: Any, order: Sequence[str]) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, Mapping):
        for key in order:
            if key in entry:
                return str(entry[key])
    return None


def _choose(section: Mapping[str, Any], honorific: str | None, order: Sequence[str]) -> str | None:
    """The form for ``honorific`` (then for 'default') that fits ``order`` first."""
    for key in (honorific or "default", "default"):
        found = _pick(section.get(key), order)
        if found is not None:
            return found
    return None


def _choose_form(lang: str, section: str, register: str, honorific: str | None, order: Sequence[str]) -> str | None:
    """The ``section`` form for ``honorific`` in ``register``; where the register has none for it
    (nor a default), the language's letter form."""
    found = _choose(_section(lang, section, register) or {}, honorific, order)
    if found is None and register != "letter":
        found = _choose(_section(lang, section) or {}, honorific, order)
    return found


def salutation(
    recipient: Recipient,
    lang: str,
    title: str,
    name: str | None,
    register: str = "letter",
    surname: str | None = None,
) -> str:
    """The salutation line for ``recipient`` in ``lang`` and ``register`` (the recipient's override first)."""
    override = _override(recipient.salutation, lang)
    if override:
        return override
    order = form_order(recipient.gender, bool(name))
    found = _choose_form(lang, "salutation", register, recipient.honorific, order)
    if found is None:  # a language table without a usable default: English's rules
        found = _choose(forms_data()[FALLBACK_LANGUAGE]["salutation"], recipient.honorific, order)
    return _fill(found or "", title, name, surname=surname)


def valediction(
    recipient: Recipient,
    lang: str,
    salutation_text: str | None = None,
    title: str = "",
    name: str | None = None,
    register: str = "letter",
    surname: str | None = None,
) -> str:
    """The closing formula before the signatures; ``{salutation}`` in it repeats the salutation."""
    override = _override(getattr(recipient, "valediction", None) or {}, lang)
    if override:
        return override
    order = form_order(recipient.gender, bool(name))
    found = _choose_form(lang, "valediction", register, recipient.honorific, order) or "{salutation}"
    if "{salutation}" in found and salutation_text is None:
        salutation_text = salutation(recipient, lang, title, name, register, surname)
    return _fill(found, title, name, salutation_text, surname)


def has_rules(lang: str) -> bool:
    """Whether letters ships forms of address for ``lang`` (else the English ones are used)."""
    return _lang(lang) in forms_data()


def needs_gender(lang: str, register: str = "letter") -> frozenset[str]:
    """The honorifics for which ``lang`` has no correct salutation in ``register`` without the
    holder's gender: its 'neutral' form there is a stopgap (``needs-gender`` in the table)."""
    own = _register_table(lang, register)
    value = (own.get("needs-gender") if own is not None else _table(lang).get("needs-gender")) or []
    return frozenset(str(x) for x in (value if isinstance(value, list) else [value]))


def gender_problem(
    recipient: Recipient, lang: str, location: Location | None, register: str = "letter"
) -> Problem | None:
    """The ``needs-gender`` warning for ``recipient`` in ``lang``, or None when its salutation is right."""
    if recipient.gender != "neutral" or _override(recipient.salutation, lang):
        return None
    honorific = recipient.honorific or "default"
    if honorific not in needs_gender(lang, register):
        return None
    short = _lang(lang)
    stopgap = salutation(recipient, lang, "", None, register)
    return Problem(
        location,
        f"recipient {recipient.id!r}: the {short!r} salutation of a {honorific} needs the office "
        f"holder's gender; without it the letter says {stopgap!r}, a stopgap",
        "add the holder's gender (and name) with a source and an as-of date "
        "(gender: female|male, name: ..., holder: {as_of: YYYY-MM-DD, source: <source id>}), "
        f"or write the salutation yourself: salutation: {{{short}: ...}}",
        Severity.WARNING,
        "needs-gender",
    )


def surname_of(name: str | None, lang: str, own_form: bool) -> str | None:
    """The family name in ``name``: its last word, or its first where the language writes the family
    name first (``name-order: family-first``, Hungarian "Kovács János") and ``name`` is the form the
    fact store gives for that language (a form written for other languages is in their order)."""
    words = (name or "").split()
    if not words:
        return None
    return words[0] if own_form and name_order(lang) == "family-first" else words[-1]


def name_order(lang: str) -> str:
    """``given-first`` (the default) or ``family-first``: how ``lang`` writes a person's names."""
    value = _table(lang).get("name-order")
    return value if value in NAME_ORDERS else "given-first"


def subject_label(lang: str) -> bool:
    """Whether the language's official style puts a label ("Subject:", "Objet :") before the subject
    line; German (DIN 5008), Russian (GOST R 7.0.97) and Ukrainian (DSTU 4163) set it without."""
    value = _table(lang).get("subject-label")  # strict YAML: 'false' stays a string
    return str(value).strip().lower() not in ("false", "no", "0")


def attention_line(lang: str, text: str) -> str:
    """The "for the attention of" line for staff of the addressee."""
    return str(_section(lang, "attention")).replace("{text}", text)


def address_case(lang: str) -> str:
    """The case in which ``lang``'s address block names the recipient: the rules' ``address-case``,
    else the nominative (also for a language letters has no rules for)."""
    value = _table(lang).get("address-case")
    return value if isinstance(value, str) and value in ADDRESS_CASES else "nominative"


def address_prefix(lang: str) -> str | None:
    """The line set before the recipient's lines (``address-prefix``, e.g. a preposition meaning
    "to"), or None. It goes with the language's address case: printed only when the recipient's lines
    are in that case (a preposition before a nominative that should be a dative would be wrong)."""
    value = _table(lang).get("address-prefix")
    return (value.strip() or None) if isinstance(value, str) else None


def rule_problems(doc: YamlDoc, lang: str | None = None) -> list[Problem]:
    """Errors in the one-value keys (``address-case``, ``address-prefix``, ``name-order``) and the
    ``registers`` of one rules file, each at its line; the loader has already refused duplicate keys
    and bad YAML. ``lang``: the language a campaign's file is laid over (its registers may then be
    partial)."""
    data = doc.data if isinstance(doc.data, Mapping) else {}
    out = [
        Problem(doc.loc((key,)), message, hint, Severity.ERROR, "bad-address-rule")
        for key, check in _VALUE_RULES.items()
        if key in data
        for message, hint in [check(data[key])]
        if message
    ]
    out.extend(_form_rule_problems(doc, data, ()))
    if "registers" in data:
        shipped = shipped_forms().get(_lang(lang)) if lang else None
        out.extend(_register_rule_problems(doc, data["registers"], (shipped or {}).get("registers") or {}))
    return out


FORM_SECTIONS = (("salutation",), ("valediction",), ("group", "salutation"), ("group", "valediction"))


def _form_rule_problems(doc: YamlDoc, data: Mapping[str, Any], where: tuple[str, ...]) -> list[Problem]:
    """Errors in the forms of address of a table (or of one register, at ``where``): each section
    maps honorifics to one text or to texts per form (female, male, neutral, named-...)."""
    out = []
    for path in FORM_SECTIONS:
        section: Any = data
        for key in path:
            section = section.get(key) if isinstance(section, Mapping) else None
        if section is None:
            continue
        if not isinstance(section, Mapping):
            out.append(_form_problem(doc, (*where, *path), f"{'.'.join(path)} must map honorifics to forms"))
            continue
        for honorific, entry in section.items():
            texts = entry.values() if isinstance(entry, Mapping) else [entry]
            if not all(isinstance(t, str) and t.strip() for t in texts) or (isinstance(entry, Mapping) and not entry):
                shown = f"{'.'.join(path)}.{honorific}"
                out.append(
                    _form_problem(doc, (*where, *path, str(honorific)), f"{shown} must be text or texts per form")
                )
    return out


def _form_problem(doc: YamlDoc, path: tuple[str, ...], message: str) -> Problem:
    return Problem(
        doc.loc(path),
        message,
        'write e.g. minister: {female: "...", male: "...", neutral: "..."} or default: "..." '
        "(the schema is in letters/data/address/en.yaml)",
        Severity.ERROR,
        "bad-address-rule",
    )


def _shown(value: Any) -> str:
    return f"{value!r}" if isinstance(value, str) else _kind(value)


def _case_rule(value: Any) -> tuple[str, str]:
    if isinstance(value, str) and value in ADDRESS_CASES:
        return "", ""
    return (
        f"address-case must be one of {', '.join(ADDRESS_CASES)}, not {_shown(value)}",
        "write the case the language's official letters name the recipient in, e.g. "
        "address-case: dative (the recipient then needs forms: {<lang>: {dative: ...}})",
    )


def _prefix_rule(value: Any) -> tuple[str, str]:
    if isinstance(value, str) and "\n" not in value.strip():
        return "", ""
    shown = _kind(value) if not isinstance(value, str) else "several lines"
    return (
        f"address-prefix must be one line of text, not {shown}",
        'write the line as text, e.g. address-prefix: "До" (or "" for none)',
    )


def _order_rule(value: Any) -> tuple[str, str]:
    if value in NAME_ORDERS:
        return "", ""
    return (
        f"name-order must be given-first or family-first, not {_shown(value)}",
        "name-order: family-first where the language writes the family name first (Hungarian)",
    )


# the one-value keys of a rules file -> what is wrong with a value (empty when nothing is) and the hint
_VALUE_RULES = {"address-case": _case_rule, "address-prefix": _prefix_rule, "name-order": _order_rule}


def _register_rule_problems(doc: YamlDoc, registers: Any, shipped: Mapping[str, Any]) -> list[Problem]:
    """Errors in a rules file's ``registers`` section: known registers only, each a mapping of the
    sections a register can replace, with salutation and valediction both present (unless the file
    lays them over a register letters ships, ``shipped``)."""

    def bad(path: tuple[str, ...], message: str, hint: str) -> Problem:
        return Problem(doc.loc(path), message, hint, Severity.ERROR, "bad-address-rule")

    if not isinstance(registers, Mapping):
        return [bad(("registers",), f"registers must be a mapping, not {_kind(registers)}", _REGISTER_HINT)]
    out = []
    for name, sections in registers.items():
        where = ("registers", str(name))
        if name not in REGISTERS or name == "letter":
            known = ", ".join(r for r in REGISTERS if r != "letter")
            out.append(bad(where, f"unknown register {name!r} (known: {known})", _REGISTER_HINT))
        elif not isinstance(sections, Mapping):
            out.append(bad(where, f"register {name!r} must be a mapping, not {_kind(sections)}", _REGISTER_HINT))
        else:
            out.extend(
                bad((*where, str(key)), f"a register has no section {key!r}", f"use {', '.join(REGISTER_SECTIONS)}")
                for key in sections
                if key not in REGISTER_SECTIONS
            )
            if not {"salutation", "valediction"} <= set(sections) | set(shipped.get(name) or {}):
                out.append(
                    bad(where, f"register {name!r} needs both a salutation and a valediction section", _REGISTER_HINT)
                )
            out.extend(_form_rule_problems(doc, sections, where))
    return out


_REGISTER_HINT = (
    'write e.g. registers: {diplomatic: {salutation: {default: {neutral: "Excellency,"}}, '
    'valediction: {default: "..."}}} (the schema is in letters/data/address/en.yaml)'
)


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, Mapping) else "an empty value"


@dataclass(frozen=True)
class GroupAddressing:
    """Several recipients addressed in one letter."""

    line: str  # "A, B and C" in the language's list style
    salutation: str  # "Excellencies," / "Ваши Превосходительства!" / "Mesdames, Messieurs,"
    valediction: str


def address_group(
    recipients: Sequence[Recipient], lang: str, labels: Sequence[str], register: str = "letter"
) -> GroupAddressing:
    """Address ``recipients`` together. ``labels`` says how each is called in ``lang`` (name or office,
    already translated and in the case the caller needs); they are joined with the language's list
    pattern. The salutation is the group form of the honorific they all share (else 'default'), for
    the gender they all share (else neutral)."""
    if len(labels) != len(recipients):
        raise ValueError("one label per recipient")
    from .localization import Formatter

    line = Formatter(lang).list(list(labels))
    if len(recipients) == 1:
        r = recipients[0]
        sal = salutation(r, lang, labels[0], None, register)
        return GroupAddressing(line, sal, valediction(r, lang, sal, labels[0], None, register))
    honorifics = {r.honorific or "default" for r in recipients}
    honorific = honorifics.pop() if len(honorifics) == 1 else "default"
    genders = {r.gender for r in recipients}
    gender = genders.pop() if len(genders) == 1 else "neutral"
    order = form_order(gender, False)
    group = (_section(lang, "group", register) or {}).get("salutation") or {}
    english = forms_data()[FALLBACK_LANGUAGE]["group"]["salutation"]
    sal = _choose(group, honorific, order) or _choose(english, honorific, order) or ""
    own = (_section(lang, "group", register) or {}).get("valediction") or {}  # a closing to several people
    val = _choose(own, honorific, order) or _choose_form(lang, "valediction", register, honorific, order)
    return GroupAddressing(line, sal, _fill(val or "{salutation}", "", None, sal))


def _bare(salutation_text: str) -> str:
    """A salutation without its closing punctuation, to repeat it inside a sentence."""
    return salutation_text.rstrip().rstrip(",!:;.").rstrip()


def _fill(
    pattern: str, title: str, name: str | None, salutation_text: str | None = None, surname: str | None = None
) -> str:
    surname = surname or (name.split()[-1] if name else "")
    out = pattern.replace("{title}", title).replace("{name}", name or "").replace("{surname}", surname)
    if salutation_text is not None:
        out = out.replace("{salutation}", _bare(salutation_text))
    return out


def case_problem(
    recipient: Recipient, lang: str, case: str, office: str, name: str | None, location: Location | None
) -> Problem:
    """The ``no-<case>`` warning for a recipient whose ``lang`` address block needs ``case`` and has no
    confirmed form: with a proposal (Russian and Ukrainian datives) and how to confirm it."""
    from .declension import Proposal, propose_dative

    short = _lang(lang)
    if case == "dative":
        proposal = propose_dative(office, name, short, recipient.gender)
    else:
        proposal = Proposal(short, (), reason=f"letters proposes no {case} forms")
    message = (
        f"recipient {recipient.id!r} has no confirmed {case} form for {short!r}: "
        "its address block stays in the nominative"
    )
    if proposal.text:
        shown = proposal.text.replace("\n", " / ")
        message += f"; proposed ({', '.join(proposal.libraries)}): {shown!r}"
        yaml_text = proposal.text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        hint = (
            f"check the proposal; if it is right, confirm it by adding to the recipient: "
            f'forms: {{{short}: {{{case}: "{yaml_text}"}}}}'
        )
    else:
        message += f"; no proposal ({proposal.reason})"
        hint = f'write it yourself: forms: {{{short}: {{{case}: "..."}}}} (office line, then the name line)'
    return Problem(location, message, hint, Severity.WARNING, f"no-{case}")
