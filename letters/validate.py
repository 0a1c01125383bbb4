"""Validate a loaded campaign: every cross-reference and rule, all problems at once.

Schema problems (types, unknown fields, duplicate keys) come from :mod:`letters.load`; this
module adds what needs the whole fact store: unknown ids, facts without sources, consent,
languages Babel does not know, stale or unused facts.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable

from . import address
from .compose import PLACEHOLDER_RE
from .errors import Location, Problem, ProblemList
from .load import Loaded, SourceIndex
from .localization import is_known_locale
from .model import CONSENT_LEVELS, Campaign, Fact, Recipient
from .resources import templates_dir


def _hint_for(name: str, known: Iterable[str], what: str, file: str) -> str:
    known = list(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    if not known:
        return f"no {what} is defined yet: add one to {file}"
    whats = what[:-1] + "ies" if what.endswith("y") else what + "s"
    return f"known {whats}: {', '.join(known[:8])}{' ...' if len(known) > 8 else ''} (in {file})"


def validate(loaded: Loaded) -> list[Problem]:
    """Every problem of the campaign: the loader's, then cross-record ones."""
    out = ProblemList(list(loaded.problems))
    c = loaded.campaign
    if c is None:
        return out.items
    idx = loaded.index
    _languages(c, idx, out)
    _letters(c, idx, out)
    _signatories(c, idx, out)
    _name_scripts(c, idx, out)
    with address.campaign_rules(idx.root):
        if _campaign_address(idx, out):
            _recipients(c, idx, out)
    _facts(c, idx, out)
    _attachments(c, idx, out)
    return out.items


def _campaign_address(idx: SourceIndex, out: ProblemList) -> bool:
    """The campaign's own address rules (address/<language>.yaml) load; False if they do not."""
    from .errors import InputError
    from .yamlio import load_yaml

    ok = True
    for path in address.outside_rule_files(idx.root):
        out.error(
            Location(f"{address.CAMPAIGN_ADDRESS_DIR}/{path.name}"),
            f"{address.CAMPAIGN_ADDRESS_DIR}/{path.name} points outside the campaign folder",
            "copy the file into the campaign's address/ folder instead of linking to it",
            "outside-campaign",
        )
        ok = False
    for path in address.campaign_rule_files(idx.root):
        if not is_known_locale(path.stem):
            out.error(
                Location(f"{address.CAMPAIGN_ADDRESS_DIR}/{path.name}"),
                f"address rules for an unknown language code {path.stem!r}",
                "name the file after the language: address/pl.yaml, address/pt_BR.yaml",
                "unknown-language",
            )
            ok = False
        try:
            _doc, problems = load_yaml(path, f"{address.CAMPAIGN_ADDRESS_DIR}/{path.name}", root=idx.root)
        except InputError as exc:
            out.items.append(exc.as_problem())
            ok = False
            continue
        problems = [*problems, *address.rule_problems(_doc, path.stem)]
        out.items.extend(problems)
        ok = ok and not any(p.is_error for p in problems)
    return ok


def _rounds_to_zero(c: Campaign, idx: SourceIndex, out: ProblemList, fid: str, f: Fact) -> None:
    """A figure printed as '0' ("at least 0") says the opposite of what the campaign means."""
    from .localization import Formatter

    if f.type != "number" or not f.number or not is_known_locale(c.settings.source_language):
        return
    shown = Formatter(c.settings.source_language).number(f.number)
    if not any(ch in "123456789" for ch in shown):
        out.warning(
            idx.loc("fact", fid, "value"),
            f"fact {fid!r}: {f.value} is printed as {shown!r}",
            "letters prints up to three decimals: give the value in a larger unit, or as text (type: text)",
            "rounds-to-zero",
        )


def _attachments(c: Campaign, idx: SourceIndex, out: ProblemList) -> None:
    from .fetcher import attachment_problem

    for i, rel in enumerate(c.settings.output.attachments):
        why = attachment_problem(idx.root, rel)
        if why:
            out.error(
                idx.loc("campaign", "output", "attachments", i),
                f"attachment {rel!r} refused: {why}",
                "list only files of the campaign meant for every reader (an annex PDF), see docs/security.md",
                "bad-attachment",
            )


def _languages(c: Campaign, idx: SourceIndex, out: ProblemList) -> None:
    s = c.settings
    checks: list[tuple[tuple[str | int, ...], str]] = [(("source_language",), s.source_language)]
    checks += [(("languages", i), lang) for i, lang in enumerate(s.languages)]
    checks += [(("output", "extra_locales", i), lang) for i, lang in enumerate(s.output.extra_locales)]
    for key, lang in checks:
        if not is_known_locale(lang):
            out.error(
                idx.loc("campaign", *key),
                f"unknown language code {lang!r}",
                "use a code Babel knows, such as en, ru, uk, de, fr, ar, pt_BR",
                "unknown-language",
            )
    for lid, letter in s.letters.items():
        for i, lang in enumerate(letter.locales):
            if not is_known_locale(lang):
                out.error(
                    idx.loc("letter", lid, "locales", i),
                    f"unknown language code {lang!r}",
                    "use a code Babel knows, such as en, ru, uk, de, fr",
                    "unknown-language",
                )


def _selectors(
    selectors: tuple[str, ...],
    records: dict,
    key: tuple,
    idx: SourceIndex,
    out: ProblemList,
    what: str,
    file: str,
    tags: set[str] | None,
) -> None:
    for i, sel in enumerate(selectors):
        if sel == "all":
            continue
        if sel.startswith("tag:"):
            if tags is None:
                out.error(
                    idx.loc("letter", *key, i),
                    f"{what}s cannot be selected by tag ({sel!r})",
                    "list their ids, or 'all'",
                    "unknown-id",
                )
            elif sel[4:] not in tags and not idx.broken.get("recipient"):  # a rejected recipient may carry it
                out.error(
                    idx.loc("letter", *key, i),
                    f"no recipient has the tag {sel[4:]!r}",
                    _hint_for(sel[4:], sorted(tags), "tag", file),
                    "unknown-id",
                )
        elif sel not in records and not idx.is_broken(what, sel):
            out.error(
                idx.loc("letter", *key, i),
                f"unknown {what} id {sel!r}",
                _hint_for(sel, records, what, file),
                "unknown-id",
            )


def _letters(c: Campaign, idx: SourceIndex, out: ProblemList) -> None:
    tags = {t for r in c.recipients.values() for t in r.tags}
    campaign_templates = idx.root / "templates"
    for lid, letter in c.settings.letters.items():
        _selectors(letter.recipients, c.recipients, (lid, "recipients"), idx, out, "recipient", "recipients.yaml", tags)
        _selectors(
            letter.signatories, c.signatories, (lid, "signatories"), idx, out, "signatory", "signatories.yaml", None
        )
        _selectors(letter.demands, c.demands, (lid, "demands"), idx, out, "demand", "demands.yaml", None)
        if (
            not c.letter_recipients(letter)
            and not any(p.code == "unknown-id" for p in out.items)
            and not idx.broken.get("recipient")
        ):
            out.error(
                idx.loc("letter", lid, "recipients"),
                f"letter {lid!r} has no recipients",
                "add recipients to recipients.yaml or fix the selection",
                "no-recipients",
            )
        if not ((campaign_templates / letter.template).is_file() or (templates_dir() / letter.template).is_file()):
            shipped = sorted(p.name for p in templates_dir().glob("*.j2"))
            out.error(
                idx.loc("letter", lid, "template"),
                f"template {letter.template!r} not found",
                f"put it in the campaign's templates/ folder, or use a shipped one: {', '.join(shipped)}",
                "unknown-template",
            )
        if re.search(r"\{[^{}]*\}", letter.subject):
            out.error(
                idx.loc("letter", lid, "subject"),
                "placeholders are not expanded in the subject",
                "write the subject as plain text; cite facts in the opening, body or demands",
                "bad-placeholder",
            )
        texts: list[tuple[str | tuple[str, int], str | None]] = [
            ("opening", letter.opening),
            ("closing", letter.closing),
        ]
        texts += [(("body", i), p) for i, p in enumerate(letter.body)]
        for key, text in texts:
            k = key if isinstance(key, tuple) else (key,)
            _placeholders(text, c, idx.loc("letter", lid, *k), out, idx)
    for did, d in c.demands.items():
        _placeholders(d.text, c, idx.loc("demand", did, "text"), out, idx)
        for i, fid in enumerate(d.facts):
            if fid not in c.facts and not idx.is_broken("fact", fid):
                out.error(
                    idx.loc("demand", did, "facts", i),
                    f"unknown fact id {fid!r}",
                    _hint_for(fid, c.facts, "fact", "facts.yaml"),
                    "unknown-id",
                )


def _placeholders(
    text: str | None,
    c: Campaign,
    loc,
    out: ProblemList,  # type: ignore[no-untyped-def]
    idx: SourceIndex | None = None,
) -> None:
    if not text:
        return
    for m in re.finditer(r"\{([^{}]*)\}", text):
        pm = PLACEHOLDER_RE.fullmatch(m.group(0))
        if not pm:
            out.error(
                loc,
                f"unknown placeholder {m.group(0)!r}",
                "write {fact:ID} to insert a fact's value with its source note, or {cite:ID} for the note only",
                "bad-placeholder",
            )
        elif pm.group(2) not in c.facts and not (idx and idx.is_broken("fact", pm.group(2))):
            out.error(
                loc,
                f"unknown fact id {pm.group(2)!r} in {m.group(0)}",
                _hint_for(pm.group(2), c.facts, "fact", "facts.yaml"),
                "unknown-id",
            )


def _signatories(c: Campaign, idx: SourceIndex, out: ProblemList) -> None:
    for sid, s in c.signatories.items():
        if s.consent is None or s.consent.level is None:
            out.error(
                idx.loc("signatory", sid),
                f"signatory {sid!r} has no consent level: they will not appear",
                f"add consent: {{level: ...}} with one of {', '.join(CONSENT_LEVELS)} and a record",
                "no-consent",
            )
            continue
        if s.consent.level not in CONSENT_LEVELS:
            close = difflib.get_close_matches(s.consent.level, CONSENT_LEVELS, n=1)
            out.error(
                idx.loc("signatory", sid, "consent", "level"),
                f"unknown consent level {s.consent.level!r}: signatory {sid!r} will not appear",
                (f"did you mean {close[0]!r}? " if close else "") + f"use one of {', '.join(CONSENT_LEVELS)}",
                "bad-consent",
            )
            continue
        level = s.consent.level
        if level in ("public", "initials") and s.consent.record is None:
            out.error(
                idx.loc("signatory", sid, "consent"),
                f"signatory {sid!r} may be named but has no consent record",
                "add consent: record: {method: ..., date: ..., via: ...} saying how consent was given",
                "no-consent-record",
            )
        if level in ("public", "initials") and s.name is None:
            out.error(
                idx.loc("signatory", sid),
                f"signatory {sid!r} has consent {level!r} but no name",
                "add name: (per language or script), or set consent level to anonymous",
                "missing-name",
            )
        if level in ("public", "initials") and s.count > 1:
            out.warning(
                idx.loc("signatory", sid, "count"),
                f"signatory {sid!r} is a group of {s.count}: groups are only counted",
                "use consent level anonymous for groups",
                "group-consent",
            )


def _name_scripts(c: Campaign, idx: SourceIndex, out: ProblemList) -> None:
    """A named signatory needs a name form in every script its letters are written in: names are facts,
    and a name printed in another script (Cyrillic in a German letter) is one nobody checked."""
    from .localization import script_of

    for letter in c.settings.letters.values():
        langs = {r.language for r in c.letter_recipients(letter)}
        langs |= set(c.settings.output.extra_locales) | set(letter.locales)
        scripts = {script_of(lang): lang for lang in sorted(langs) if is_known_locale(lang)}
        for s in c.letter_signatories(letter):
            if s.name is None or s.count > 1 or not s.consent or s.consent.effective not in ("public", "initials"):
                continue
            have = {
                k if len(k) == 4 and k[0].isupper() else script_of(k)
                for k in s.name.forms
                if k != "und" and (len(k) == 4 or is_known_locale(k))
            }
            if "und" in s.name.forms:
                continue  # one form for every script, written so on purpose
            for script, lang in sorted(scripts.items()):
                if script not in have:
                    out.warning(
                        idx.loc("signatory", s.id, "name"),
                        f"signatory {s.id!r} has no name written in {script} script (needed for {lang!r} letters): "
                        "another script's form is printed",
                        f"add the name as written in that script: name: {{{lang}: ...}} or {{{script}: ...}}",
                        "name-script",
                    )


def _recipients(c: Campaign, idx: SourceIndex, out: ProblemList) -> None:
    known_honorifics = {h for table in address.forms_data().values() for h in table.get("salutation", {})}
    for rid, r in c.recipients.items():
        if not is_known_locale(r.language):
            out.error(
                idx.loc("recipient", rid, "language"),
                f"unknown language code {r.language!r}",
                "use a code Babel knows, such as en, ru, uk, de, fr",
                "unknown-language",
            )
        if r.honorific and r.honorific not in known_honorifics:
            out.warning(
                idx.loc("recipient", rid, "honorific"),
                f"unknown honorific {r.honorific!r}: the default salutation is used",
                _hint_for(r.honorific, sorted(known_honorifics), "honorific", "letters/data/address/"),
                "unknown-honorific",
            )
        for lang in r.forms:
            if not is_known_locale(lang):
                out.error(
                    idx.loc("recipient", rid, "forms", lang),
                    f"unknown language code {lang!r}",
                    "use a code Babel knows, such as ru or uk",
                    "unknown-language",
                )
    _address_cases(c, idx, out)
    _holders(c, idx, out)
    registers = {rid: _letter_registers(c, r) for rid, r in c.recipients.items()}  # for both checks below
    _genders(c, idx, out, registers)
    _registers(c, idx, out, registers)
    _address_rules(c, idx, out)
    _campaign_fonts(idx, out)


def _letter_languages(c: Campaign, r: Recipient) -> list[str]:
    """The short codes of every language ``r`` gets a letter in."""
    langs = [r.language, *c.settings.output.extra_locales]
    for lid, letter in c.settings.letters.items():
        if r.id in c.letter_members[lid]:
            langs += letter.locales
            if letter.addressing == "group":  # everyone is addressed in every language of the group
                langs += [m.language for m in c.letter_recipients(letter)]
    return list(dict.fromkeys(x.replace("-", "_").split("_")[0] for x in langs if is_known_locale(x)))


def _campaign_fonts(idx: SourceIndex, out: ProblemList) -> None:
    """The campaign's own fonts (fonts/) must be readable font files inside the campaign."""
    from .errors import InputError
    from .fonts import campaign_faces

    try:
        campaign_faces(idx.root)
    except InputError as exc:
        out.items.append(exc.as_problem())


def _address_rules(c: Campaign, idx: SourceIndex, out: ProblemList) -> None:
    """A language letters has no forms of address for gets the English ones: say so, once."""
    seen: set[str] = set()
    for rid, r in c.recipients.items():
        for short in _letter_languages(c, r):
            if short in seen or address.has_rules(short):
                continue
            if r.salutation.get(short) and r.valediction.get(short) and not r.attention:
                continue  # the campaign wrote this recipient's forms itself
            seen.add(short)
            out.warning(
                idx.loc("recipient", rid, "language"),
                f"letters has no forms of address for {short!r}: its letters use the English ones "
                f"(salutation, closing, 'For the attention of'), starting with recipient {rid!r}",
                f"write the salutation and closing per recipient (salutation: {{{short}: ...}}, "
                f"valediction: {{{short}: ...}}); docs/languages.md says which languages letters ships",
                "no-address-rules",
            )


def _genders(c: Campaign, idx: SourceIndex, out: ProblemList, registers: dict[str, list[tuple[str, str]]]) -> None:
    """Warn where a language has no correct salutation for a recipient without the holder's gender."""
    for rid, r in c.recipients.items():
        for short, register in registers[rid]:
            problem = address.gender_problem(r, short, idx.loc("recipient", rid, "gender"), register)
            if problem is not None:
                out.items.append(problem)


def _letter_registers(c: Campaign, r: Recipient) -> list[tuple[str, str]]:
    """(language, register) of every letter ``r`` gets: the register its letters address it in."""
    pairs: dict[tuple[str, str], None] = {}
    langs = _letter_languages(c, r)
    for lid, letter in c.settings.letters.items():
        if r.id in c.letter_members[lid]:
            members = c.letter_recipients(letter) if letter.addressing == "group" else [r]
            register = c.register_of(letter, members)
            pairs.update(dict.fromkeys((short, register) for short in langs))
    if not pairs:  # in no letter yet: the campaign's register
        pairs.update(dict.fromkeys((short, c.settings.address_register) for short in langs))
    return list(pairs)


def _registers(c: Campaign, idx: SourceIndex, out: ProblemList, registers: dict[str, list[tuple[str, str]]]) -> None:
    """A language without forms for the register a letter is in keeps its letter forms: say so, at
    the line that asks for the register (the recipient's, else the letter's, else the campaign's)."""
    for rid, r in c.recipients.items():
        for short, register in registers[rid]:
            if address.has_register(short, register) or (r.salutation.get(short) and r.valediction.get(short)):
                continue
            out.warning(
                _register_location(c, idx, r),
                f"recipient {rid!r}: letters has no {register!r} forms of address for {short!r}: "
                "its letters use the official-letter forms",
                f"write the salutation and closing for this recipient (salutation: {{{short}: ...}}, "
                f"valediction: {{{short}: ...}}), or add registers: {{{register}: ...}} to the campaign's "
                f"address/{short}.yaml; docs/forms-of-address.md lists the languages with a {register} register",
                "no-register",
            )


def _register_location(c: Campaign, idx: SourceIndex, r: Recipient) -> Location:
    if r.address_register is not None:
        return idx.loc("recipient", r.id, "register")
    for lid, letter in c.settings.letters.items():
        if letter.address_register is not None and r.id in c.letter_members[lid]:
            return idx.loc("letter", lid, "register")
    return idx.loc("campaign", "register")


def _holders(c: Campaign, idx: SourceIndex, out: ProblemList) -> None:
    """An office holder's name and gender are facts: sourced, dated, and stale after a while."""
    limit = c.settings.holders_max_age_days
    for rid, r in c.recipients.items():
        h = r.holder
        if h is None:  # optional: a campaign may keep who holds an office out of its fact store
            continue
        if h.source is not None and h.source not in c.sources and not idx.is_broken("source", h.source):
            out.error(
                idx.loc("recipient", rid, "holder", "source"),
                f"unknown source id {h.source!r}",
                _hint_for(h.source, c.sources, "source", "sources.yaml"),
                "unknown-id",
            )
        age = (c.settings.date - h.as_of).days
        if age > limit:
            out.warning(
                idx.loc("recipient", rid, "holder", "as_of"),
                f"recipient {rid!r}: who holds the office is {age} days old at the letter's date (limit {limit})",
                "check the office still has this holder and update holder.as_of, or raise holders_max_age_days",
                "stale-holder",
            )


def _address_cases(c: Campaign, idx: SourceIndex, out: ProblemList) -> None:
    """A recipient whose letters render in a language whose address block names the recipient in
    another case than the nominative (``address-case``: the dative in ru, uk, lt, lv, ka) needs a
    confirmed form in that case; when one is missing, warn, with a proposal from
    :mod:`letters.declension` where it has one, for a person to confirm."""
    from .compose import name_in
    from .localization import Formatter

    tr_by_lang: dict[str, object] = {}
    for rid, r in c.recipients.items():
        for short in _letter_languages(c, r):
            case = address.address_case(short)
            if case == "nominative" or (r.forms.get(short) or {}).get(case):
                continue
            office = _translated_office(c, idx, r, short, tr_by_lang)
            name = name_in(r.name, short, Formatter(short))
            out.items.append(address.case_problem(r, short, case, office, name, idx.loc("recipient", rid)))


def _translated_office(c: Campaign, idx: SourceIndex, r, lang: str, cache: dict) -> str:  # type: ignore[no-untyped-def]
    """The recipient's office as the campaign's catalog translates it (the source text if it cannot)."""
    from .catalogs import CatalogSet
    from .contexts import msgctxt
    from .errors import LettersError
    from .resources import locales_dir

    if lang not in cache:
        try:
            cache[lang] = CatalogSet(
                locales_dir(), idx.root / "locales", c.settings.source_language, idx.root
            ).translator(lang)
        except (LettersError, ValueError):
            cache[lang] = None  # a broken catalog is reported elsewhere
    tr = cache[lang]
    return tr.content(msgctxt("recipient", r.id, "office"), r.office) if tr is not None else r.office


def _facts(c: Campaign, idx: SourceIndex, out: ProblemList) -> None:
    letter_date = c.settings.date
    used = _used_facts(c)
    for fid, f in c.facts.items():
        _rounds_to_zero(c, idx, out, fid, f)
        if f.source is None:
            out.error(
                idx.loc("fact", fid),
                f"fact {fid!r} has no source",
                "add source: <id of an entry in sources.yaml>; officials discount unsourced figures",
                "unsourced-fact",
            )
        elif f.source not in c.sources and not idx.is_broken("source", f.source):
            out.error(
                idx.loc("fact", fid, "source"),
                f"unknown source id {f.source!r}",
                _hint_for(f.source, c.sources, "source", "sources.yaml"),
                "unknown-id",
            )
        if f.as_of is None:
            out.warning(
                idx.loc("fact", fid), f"fact {fid!r} has no as_of date", "add as_of: YYYY-MM-DD", "undated-fact"
            )
        else:
            limit = f.max_age_days or c.settings.facts_max_age_days
            age = (letter_date - f.as_of).days
            if age > limit:
                out.warning(
                    idx.loc("fact", fid, "as_of"),
                    f"fact {fid!r} is {age} days old at the letter's date (limit {limit})",
                    "check the figure is still true and update as_of, or raise max_age_days",
                    "stale-fact",
                )
            if f.as_of > letter_date + dt.timedelta(days=0):
                out.warning(
                    idx.loc("fact", fid, "as_of"),
                    f"fact {fid!r} is dated after the letter",
                    "check as_of and the campaign date",
                    "future-fact",
                )
        if fid not in used:
            out.warning(
                idx.loc("fact", fid),
                f"fact {fid!r} is not cited by any letter or demand",
                "cite it with {fact:" + fid + "} or remove it",
                "unused-fact",
            )


def _used_facts(c: Campaign) -> set[str]:
    used: set[str] = set()
    texts: list[str] = []
    for letter in c.settings.letters.values():
        texts += [letter.subject, letter.opening or "", letter.closing or "", *letter.body]
        for d in c.letter_demands(letter):
            texts.append(d.text)
            used.update(d.facts)
    for t in texts:
        used.update(m.group(2) for m in PLACEHOLDER_RE.finditer(t))
    return used
