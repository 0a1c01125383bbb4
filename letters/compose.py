"""Compose the view of one document: a campaign letter for one recipient in one language.

Everything the template shows is decided here, typed and already localised: which
signatories appear and how (consent), what the facts read like in this language, which source
notes exist and in which order. Templates only lay it out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from . import address
from .catalogs import Translator
from .contexts import msgctxt
from .declension import LANGUAGES as DECLENSION_LANGUAGES
from .errors import Location, Problem, RenderError, Severity
from .localization import Formatter, paper_size, variety
from .model import Campaign, Fact, Letter, Names, Recipient, Signatory

PLACEHOLDER_RE = re.compile(r"\{(fact|cite):([a-z0-9-]+)\}")


def N_(text: str) -> str:  # noqa: N802  - marks a string for extraction; translated later
    return text


# Template-domain strings used from Python (extracted with the keyword N_ and context below).
QUALIFIERS = {
    "exactly": N_("%(value)s"),
    "at-least": N_("at least %(value)s"),
    "more-than": N_("more than %(value)s"),
    "about": N_("about %(value)s"),
    "up-to": N_("up to %(value)s"),
    "less-than": N_("less than %(value)s"),
}
QUALIFIER_CONTEXT = "fact qualifier"
STATUSES = {
    "imprisoned": N_("imprisoned"),
    "detained": N_("detained"),
    "exiled": N_("in exile"),
    "free": N_("free"),
    "released": N_("released"),
    "deceased": N_("deceased"),
    "unknown": N_("status unknown"),
}
STATUS_CONTEXT = "signatory status"


@dataclass(frozen=True)
class Note:
    """One source note. Figures that share a source share its note; ``claim`` is printed only for a
    figure without a source; ``as_of`` only when it differs from the source's own date."""

    number: int
    fact_id: str  # the first fact citing this note
    claim: str
    as_of: str | None
    publisher: str | None
    title: str | None
    author: str | None
    date: str | None
    url: str | None


@dataclass(frozen=True)
class SignatoryLine:
    name: str
    role: str | None
    age: int | None
    status: str | None


@dataclass(frozen=True)
class LetterView:
    """The typed template context of one document."""

    lang: str
    lang_tag: str  # BCP 47 tag of the document's language variety ("en-GB", "en-US", "de"): hyphenation, PDF /Lang
    dir: str
    paper: str
    campaign_title: str
    subject: str
    subject_label: bool  # whether the language's official style labels the subject line
    date: str
    place: str | None
    sender_name: str
    sender_lines: tuple[str, ...]
    sender_email: str | None
    sender_url: str | None
    recipient_block: tuple[str, ...]
    recipient_email: str | None
    salutation: str
    valediction: str
    opening: Markup | None
    demands: tuple[Markup, ...]
    body: tuple[Markup, ...]
    closing: Markup | None
    signatories: tuple[SignatoryLine, ...]
    unnamed_count: int
    total_count: int
    notes: tuple[Note, ...]
    meta_author: str
    meta_subject: str
    meta_keywords: str
    page_counter_css: Markup  # CSS, built by css_counter() which escapes every non-alphanumeric character
    warnings: tuple[Problem, ...] = ()


@dataclass
class _Citations:
    """Note numbers in order of first citation: one note per source (a fact without a source gets
    its own)."""

    campaign: Campaign
    order: list[str] = field(default_factory=list)  # note keys
    facts: dict[str, list[str]] = field(default_factory=dict)  # note key -> fact ids citing it

    def number(self, fact_id: str) -> int:
        fact = self.campaign.facts.get(fact_id)
        key = f"source:{fact.source}" if fact and fact.source in self.campaign.sources else f"fact:{fact_id}"
        if key not in self.order:
            self.order.append(key)
        cited = self.facts.setdefault(key, [])
        if fact_id not in cited:
            cited.append(fact_id)
        return self.order.index(key) + 1


BREAKABLE_SPACE = re.compile(r"[ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]")
REF = Markup('<sup class="note-ref"><a href="#note-{0}">[{0}]</a></sup>')


def _split_last_word(text: str, direction: str = "ltr") -> tuple[str, str]:
    """``text`` as (everything before its last word, its last word with trailing punctuation).

    When the last word is in the other direction than the paragraph (a Latin name ending a Hebrew
    sentence), the tail is the whole run of words in that direction: the engine orders inline
    boxes by the paragraph's direction, so a run split in two would print reversed
    ("Monitor. Example" for "Example Monitor.")."""
    m = BREAKABLE_SPACE.search(text[::-1])  # no-break spaces (French "appel :", "10 000") join words
    cut = len(text) - m.start() if m else 0
    other = "ltr" if direction == "rtl" else "rtl"
    if _strong_direction(text[cut:]) == other:
        cut = _run_start(text, cut, direction)
    return text[:cut], text[cut:]


def _strong_direction(text: str) -> str | None:
    """The direction of the first strongly directional character of ``text`` (UAX #9), if any."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def _run_start(text: str, cut: int, direction: str) -> int:
    """Where the run of words ending at ``text[cut:]`` begins: back over every word with no strong
    character of the paragraph's ``direction``, to the first such word that has a strong one."""
    start = cut
    for m in reversed(list(BREAKABLE_SPACE.finditer(text, 0, max(cut - 1, 0)))):
        word = text[m.end() : start]
        if any(_strong_direction(ch) == direction for ch in word):
            break
        if _strong_direction(word) is not None:
            cut = m.end()  # the run starts at a word with a strong character of its own
        start = m.start()
    else:
        word = text[:start]
        if word and not any(_strong_direction(ch) == direction for ch in word) and _strong_direction(word):
            cut = 0
    return cut


def _with_refs(text: str, refs: list[int], direction: str = "ltr") -> Markup:
    """``text`` followed by note references, its last word and the references kept on one line."""
    head, tail = _split_last_word(text.rstrip() if refs else text, direction)
    marks = Markup("").join(REF.format(n) for n in refs)
    if not tail and not refs:
        return escape(head)
    return escape(head) + Markup('<span class="cited">{}{}</span>').format(tail, marks)


def _last_word_whole(text: str, direction: str = "ltr") -> Markup:
    """The closing text of a paragraph, its last word marked so it is never hyphenated."""
    head, tail = _split_last_word(text, direction)
    return escape(head) + (Markup('<span class="last">{}</span>').format(tail) if tail else Markup(""))


def name_in(names: Names | None, lang: str, fmt: Formatter, campaign_languages: tuple[str, ...] = ()) -> str | None:
    """A name as written for ``lang``: its own form, its script's, or a form of a same-script language."""
    if names is None:
        return None
    found = names.for_locale(lang, fmt.script)
    if found:
        return found
    short = lang.split("_")[0]
    if short in names.forms:
        return names.forms[short]
    from .localization import is_known_locale, script_of

    for key, value in names.forms.items():
        if is_known_locale(key) and len(key) <= 3 and script_of(key) == fmt.script:
            return value
    return names.forms.get("und") or next(iter(names.forms.values()), None)


def initials_of(name: str) -> str:
    parts = [p for p in re.split(r"[\s]+", name) if p]
    return "\u00a0".join(f"{p[0]}." for p in parts)


def compose(
    campaign: Campaign, letter: Letter, recipients: Recipient | list[Recipient], lang: str, tr: Translator
) -> LetterView:
    """Build the view for one recipient, or for several addressed together (``addressing: group``).

    Raises :class:`RenderError` on a reference the validator should have caught."""
    if isinstance(recipients, Recipient):
        recipients = [recipients]
    if not recipients:
        raise RenderError(f"letter {letter.id!r} has no recipients", hint="check the letter's recipients selection")
    lang_variety = variety(lang, recipients[0].country)
    w = _Writer(campaign, Formatter(lang_variety), tr, _Citations(campaign))
    settings = campaign.settings
    text = _text(campaign, letter, w)  # first: note numbers follow the order of citation
    lines, unnamed = _signatory_lines(campaign, letter, lang, w)
    head = _addressing(campaign, letter, recipients, lang, w)
    title = w.content("campaign", settings.id, "title", settings.title)
    paper = settings.output.paper if settings.output.paper != "auto" else paper_size(recipients[0].country, lang)
    return LetterView(
        lang=lang,
        lang_tag=lang_variety.replace("_", "-"),
        dir=w.fmt.direction,
        paper=paper,
        campaign_title=title,
        subject=w.content("letter", letter.id, "subject", letter.subject),
        subject_label=address.subject_label(lang),
        date=w.fmt.date(settings.date),
        place=w.content("campaign", settings.id, "place", settings.place) if settings.place else None,
        sender_name=w.content("sender", settings.id, "name", settings.sender.name),
        sender_lines=tuple(
            w.content("sender", settings.id, "lines", x, i) for i, x in enumerate(settings.sender.lines)
        ),
        sender_email=settings.sender.email,
        sender_url=settings.sender.url,
        recipient_block=head.block,
        recipient_email=head.email,
        salutation=head.salutation,
        valediction=head.valediction,
        opening=text.opening,
        demands=text.demands,
        body=text.body,
        closing=text.closing,
        signatories=tuple(lines),
        unnamed_count=unnamed,
        total_count=len(lines) + unnamed,
        notes=tuple(_notes(campaign, w.cites, w.fmt, w.content)),
        meta_author=w.content("sender", settings.id, "name", settings.sender.name),
        meta_subject=f"{title} \u2014 {head.about}",
        meta_keywords=settings.id,
        page_counter_css=Markup(css_counter(tr.pgettext("page number", "%(page)s / %(pages)s"))),
        warnings=head.warnings,
    )


@dataclass(frozen=True)
class _Writer:
    """What turns one field of the fact store into this document's text: its translation, the
    language's typography, and its {fact:...}/{cite:...} placeholders resolved."""

    campaign: Campaign
    fmt: Formatter
    tr: Translator
    cites: _Citations

    def content(self, kind: str, rid: str, fieldname: str, text: str, index: int | None = None) -> str:
        return self.fmt.typography(self.tr.content(msgctxt(kind, rid, fieldname, index), text))

    def fact_value(self, fact: Fact) -> str:
        if fact.type == "number":
            value = self.fmt.number(fact.number)
        elif fact.type == "date":
            import datetime as dt

            value = self.fmt.date(dt.date.fromisoformat(fact.value))
        else:
            value = self.content("fact", fact.id, "value_text", fact.value)
        pattern = self.tr.pgettext(QUALIFIER_CONTEXT, QUALIFIERS[fact.qualifier])
        return pattern % {"value": value}

    def rich(
        self, kind: str, rid: str, fieldname: str, text: str, index: int | None = None, refs: tuple[str, ...] = ()
    ) -> Markup:
        """Translated text with its placeholders resolved; every note reference stays on the line of
        the word before it, and the paragraph's last word is never split."""
        translated = self.content(kind, rid, fieldname, text, index)
        out = Markup()
        pending = ""  # text not yet emitted: the word before a reference must travel with it
        pos = 0
        for m in PLACEHOLDER_RE.finditer(translated):
            pending += translated[pos : m.start()]
            fid = m.group(2)
            fact = self.campaign.facts.get(fid)
            if fact is None:
                raise RenderError(
                    f"{kind} {rid!r} cites unknown fact {fid!r}", hint="add it to facts.yaml or fix the id"
                )
            if m.group(1) == "fact":
                pending += self.fact_value(fact)
            out += _with_refs(pending, [self.cites.number(fid)], self.fmt.direction)
            pending = ""
            pos = m.end()
        pending += translated[pos:]
        numbers = [self.cites.number(fid) for fid in refs if fid in self.campaign.facts]
        direction = self.fmt.direction
        out += _with_refs(pending, numbers, direction) if numbers else _last_word_whole(pending, direction)
        return out


@dataclass(frozen=True)
class _Text:
    opening: Markup | None
    demands: tuple[Markup, ...]
    body: tuple[Markup, ...]
    closing: Markup | None


def _text(campaign: Campaign, letter: Letter, w: _Writer) -> _Text:
    """The letter's paragraphs, in reading order (which numbers the notes)."""
    opening = w.rich("letter", letter.id, "opening", letter.opening) if letter.opening else None
    demands = [w.rich("demand", d.id, "text", d.text, refs=tuple(d.facts)) for d in campaign.letter_demands(letter)]
    body = tuple(w.rich("letter", letter.id, "body", p, i) for i, p in enumerate(letter.body))
    closing = w.rich("letter", letter.id, "closing", letter.closing) if letter.closing else None
    return _Text(opening, tuple(demands), body, closing)


def _signatory_lines(campaign: Campaign, letter: Letter, lang: str, w: _Writer) -> tuple[list[SignatoryLine], int]:
    """The signatories exactly as consented: the printed lines, and how many are counted unnamed."""
    lines: list[SignatoryLine] = []
    unnamed = 0
    for s in campaign.letter_signatories(letter):
        level = s.consent.effective if s.consent else "withdrawn"
        if level == "withdrawn":
            continue
        if level == "anonymous" or s.count > 1:
            unnamed += s.count
            continue
        name = name_in(s.name, lang, w.fmt)
        if not name:
            unnamed += 1
            continue
        if level == "initials":
            ini = name_in(s.initials, lang, w.fmt) if s.initials else initials_of(name)
            lines.append(SignatoryLine(ini or "", None, None, _status(s, w.tr)))
        else:
            role = w.content("signatory", s.id, "role", s.role) if s.role else None
            lines.append(SignatoryLine(name, role, s.age, _status(s, w.tr)))
    return lines, unnamed


@dataclass(frozen=True)
class _Head:
    """Whom the document addresses, and how."""

    block: tuple[str, ...]
    email: str | None
    salutation: str
    valediction: str
    about: str  # the office(s), for the PDF's subject
    warnings: tuple[Problem, ...]


def _addressing(campaign: Campaign, letter: Letter, recipients: list[Recipient], lang: str, w: _Writer) -> _Head:
    """The address block, salutation and closing: for one recipient, or the group of a letter with
    'addressing: group', in the register the letter addresses them in."""
    register = campaign.register_of(letter, recipients)
    addressed = [_address(r, lang, w.fmt, w.content) for r in recipients]
    warnings = tuple(p for a in addressed for p in a.warnings)
    if len(recipients) == 1:
        recipient, a = recipients[0], addressed[0]
        sal = a.forms.get("salutation") or address.salutation(recipient, lang, a.office, a.name, register, a.surname)
        val = a.forms.get("valediction") or address.valediction(
            recipient, lang, sal, a.office, a.name, register, a.surname
        )
        return _Head(a.block, recipient.email, sal, val, a.office, warnings)
    group = address.address_group(recipients, lang, [a.label for a in addressed], register)
    about = w.fmt.list([a.office for a in addressed])
    return _Head((group.line,), None, group.salutation, group.valediction, about, warnings)


def _notes(campaign: Campaign, cites: _Citations, fmt: Formatter, content: Callable[..., str]) -> list[Note]:
    """The source notes, in citation order: the source as an editor cites it (publisher, author,
    title, date, link); a figure's "as of" date only where it differs from the source's date."""
    notes = []
    for i, key in enumerate(cites.order, start=1):
        fids = cites.facts[key]
        facts = [campaign.facts[f] for f in fids]
        src = campaign.sources.get(facts[0].source) if facts[0].source else None
        src_date = src.date if src else None
        as_of = sorted({f.as_of for f in facts if f.as_of and f.as_of != src_date})
        notes.append(
            Note(
                number=i,
                fact_id=fids[0],
                claim=content("fact", fids[0], "claim", facts[0].claim),
                as_of=fmt.list([fmt.date(d) for d in as_of]) if as_of else None,
                publisher=src.publisher if src else None,
                title=fmt.quote(src.title) if src and src.title else None,
                author=src.author if src else None,
                date=fmt.date(src.date) if src and src.date else None,
                url=src.url if src else None,
            )
        )
    return notes


@dataclass(frozen=True)
class _Addressed:
    office: str  # translated
    name: str | None
    block: tuple[str, ...]  # address block lines, in the language's address case (address.address_case)
    label: str  # how the recipient is called in a list of recipients ("A, B and C")
    forms: dict[str, str]
    surname: str | None  # the family name in ``name`` ({surname} in the forms of address)
    warnings: tuple[Problem, ...]


def _address(recipient: Recipient, lang: str, fmt: Formatter, content: Callable[..., str]) -> _Addressed:
    office = content("recipient", recipient.id, "office", recipient.office)
    rname = name_in(recipient.name, lang, fmt)
    short = lang.split("_")[0]
    forms = recipient.forms.get(lang) or recipient.forms.get(short) or {}
    case = address.address_case(lang)
    head, warnings = _head(recipient, short, case, forms, office, rname)
    label = " ".join(head) if case != "nominative" else (f"{office} {rname}" if rname else office)
    prefix = address.address_prefix(lang) if case == "nominative" or forms.get(case) else None
    block = ([prefix] if prefix else []) + head
    if recipient.attention:
        block.append(address.attention_line(lang, content("recipient", recipient.id, "attention", recipient.attention)))
    block.extend(recipient.address)
    own = recipient.name is not None and bool({lang, short} & set(recipient.name.forms))
    surname = address.surname_of(rname, short, own)
    return _Addressed(office, rname, tuple(block), label, forms, surname, tuple(warnings))


def _head(
    recipient: Recipient, short: str, case: str, forms: dict[str, str], office: str, rname: str | None
) -> tuple[list[str], list[Problem]]:
    """The recipient's own lines of the address block, in the language's address case: the
    confirmed form (office line, then the name line) or, while there is none, the nominative office
    then name and a warning. A nominative block gives the name, then the office."""
    if case == "nominative":
        return ([rname] if rname else []) + [office], []
    confirmed = forms.get(case)
    if confirmed:
        return [x.strip() for x in confirmed.splitlines() if x.strip()], []
    proposes = case == "dative" and short in DECLENSION_LANGUAGES  # check shows a proposal
    warning = Problem(
        Location("recipients.yaml"),
        f"recipient {recipient.id!r} has no confirmed {case} form for {short!r}: "
        "the address block stays in the nominative",
        f"add forms: {{{short}: {{{case}: ...}}}} to the recipient"
        + ("; 'letters check' shows a proposal" if proposes else " (office line, then the name line)"),
        Severity.WARNING,
        f"no-{case}",
    )
    return [office] + ([rname] if rname else []), [warning]


def _status(s: Signatory, tr: Translator) -> str | None:
    return tr.pgettext(STATUS_CONTEXT, STATUSES[s.status]) if s.status else None


def css_counter(pattern: str) -> str:
    """Turn '%(page)s / %(pages)s' (translated) into a safe CSS ``content`` value."""
    parts = re.split(r"(%\(page\)s|%\(pages\)s)", pattern)
    out = []
    for p in parts:
        if p == "%(page)s":
            out.append("counter(page)")
        elif p == "%(pages)s":
            out.append("counter(pages)")
        elif p:
            esc = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in p)
            out.append(f'"{esc}"')
    return " ".join(out) or "counter(page)"
