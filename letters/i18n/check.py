"""Check PO files the way a careful reviewer would, and report every problem with ``file:line``.

Per file: the encoding, the PO syntax, the header (``Name: value`` lines, charset, the Language
matching the folder, a Plural-Forms that is safe and means what one of the language's usual rules
means: :mod:`letters.lang.plurals`), each plural entry's number of forms, duplicate entries, and
every translation with the build's own safety check (:func:`letters.catalogs.check_message`:
placeholders and markup). Fuzzy entries and an outdated file are warnings: they are not used,
so they cannot do harm.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, unescape

from ..catalogs import check_message, message_uses_percent, read_catalog
from ..errors import Location, Problem, Severity, TranslationError
from ..lang import plurals

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[(\d+)\])\s+(".*)$')
_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"$')
_HEADER_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):(.*)$")


@dataclass
class _Entry:
    line: int  # of msgid
    context: str | None = None
    msgid: str = ""
    plural: bool = False
    forms: list[int] = field(default_factory=list)  # indexes of msgstr[n]
    strings: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of the msgstr lines


@dataclass
class _Scan:
    entries: list[_Entry] = field(default_factory=list)
    header: dict[str, tuple[int, str]] = field(default_factory=dict)  # lowercase name -> (line, value)
    problems: list[Problem] = field(default_factory=list)


def _err(shown: str, line: int, message: str, hint: str, code: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(Location(shown, line), message, hint, severity, code)


def _scan(text: str, shown: str) -> _Scan:
    """A line-level reading of the PO file: what Babel's parser does not report (or not with a line)."""
    scan = _Scan()
    cur: _Entry | None = None
    part = ""
    ctx_line = 0
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue  # comments, flags, locations and obsolete (#~) entries
        m = _KEYWORD.match(line)
        if m:
            keyword, index, rest = m.group(1), m.group(2), m.group(3)
            if not _STRING.match(rest):
                scan.problems.append(
                    _err(
                        shown,
                        n,
                        f"{keyword}: the text is not one properly quoted string",
                        'put the text in double quotes and write a quote inside it as \\"',
                        "malformed-po",
                    )
                )
                rest = '""'  # reported; read on as if empty so the entry's other checks still run
            value = unescape(rest)
            if keyword == "msgctxt":
                cur = _Entry(0, context=value)
                ctx_line = n
                scan.entries.append(cur)
            elif keyword == "msgid":
                if cur is None or cur.line or ctx_line == 0:
                    cur = _Entry(n)
                    scan.entries.append(cur)
                cur.line, cur.msgid = n, value
                ctx_line = 0
            elif cur is None:
                scan.problems.append(
                    _err(
                        shown,
                        n,
                        f"{keyword} without a msgid before it",
                        "every entry starts with msgid (or msgctxt)",
                        "malformed-po",
                    )
                )
                continue
            elif keyword == "msgid_plural":
                cur.plural = True
            else:
                if index is not None:
                    cur.forms.append(int(index))
                cur.strings.append((n, value))
            part = keyword
        elif _STRING.match(line) and cur is not None and part:
            if part.startswith("msgstr"):
                cur.strings.append((n, unescape(line)))
            elif part == "msgid":
                cur.msgid += unescape(line)
        else:
            scan.problems.append(
                _err(
                    shown,
                    n,
                    f"not PO syntax: {line[:40]!r}",
                    "a line is a comment (#), a keyword (msgid, msgstr...) or a quoted string",
                    "malformed-po",
                )
            )
    header = next((e for e in scan.entries if e.line and e.msgid == "" and e.context is None), None)
    if header is not None:
        pending = ""
        start = 0
        for n, value in header.strings:
            if not pending:
                start = n
            pending += value
            while "\n" in pending:
                fieldline, pending = pending.split("\n", 1)
                _header_field(scan, shown, start, fieldline)
                start = n
        if pending:
            _header_field(scan, shown, start, pending)
    return scan


def _header_field(scan: _Scan, shown: str, line: int, text: str) -> None:
    if not text.strip():
        return
    m = _HEADER_FIELD.match(text)
    if not m:
        scan.problems.append(
            _err(
                shown,
                line,
                f"malformed header line {text[:50]!r}",
                "each header line is 'Name: value\\n', e.g. \"Language: de\\n\"",
                "bad-header",
            )
        )
        return
    scan.header[m.group(1).lower()] = (line, m.group(2).strip())


def check_catalog(path: Path, shown: str, folder_lang: str, template: Catalog | None = None) -> list[Problem]:
    """Every problem of one PO file (errors and warnings)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [
            _err(
                shown,
                line,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                "save the file as UTF-8 and declare 'charset=UTF-8' in the header",
                "bad-encoding",
            )
        ]
    scan = _scan(text.removeprefix("\ufeff"), shown)
    problems = list(scan.problems)
    problems += _check_header(scan, shown, folder_lang)
    nplurals = _declared_nplurals(scan) or plurals.proposed(folder_lang).nplurals
    problems += _check_entries(scan, shown, nplurals, folder_lang)

    structural = any(p.is_error for p in problems)
    try:
        read_catalog(path, shown)  # what the build does: must succeed
    except TranslationError as exc:
        if not structural:  # otherwise Babel only repeats (with a vaguer line) what is reported above
            problems.append(Problem(exc.location, exc.message, exc.hint, Severity.ERROR, "malformed-po"))
    with contextlib.redirect_stdout(io.StringIO()):  # Babel prints warnings in lenient mode
        try:
            cat = read_po(io.BytesIO(data), abort_invalid=False)
        except Exception:  # already reported above as malformed
            return _sorted(problems)
    for msg in cat:
        if not msg.id:
            continue
        if msg.fuzzy:
            problems.append(
                _err(
                    shown,
                    msg.lineno or 0,
                    f"fuzzy entry {_short(msg.id)}: it is not used until reviewed",
                    "check the translation against the source, then remove the 'fuzzy' flag",
                    "fuzzy",
                    Severity.WARNING,
                )
            )
            continue
        for reason in check_message(msg, message_uses_percent(msg)):
            problems.append(
                _err(
                    shown,
                    msg.lineno or 0,
                    f"translation rejected: {reason}",
                    "keep the source's placeholders ({fact:...}, %(name)s) and markup exactly; "
                    "the source text is used until then",
                    "unsafe-translation",
                )
            )
    if template is not None:
        problems += _check_outdated(cat, template, shown)
    return _sorted(problems)


def _check_header(scan: _Scan, shown: str, folder_lang: str) -> list[Problem]:
    out: list[Problem] = []
    h = scan.header
    first = next((e.line for e in scan.entries if e.line), 1)
    if not any(e.line and e.msgid == "" and e.context is None for e in scan.entries):
        return [
            _err(
                shown,
                1,
                'the file has no header entry (msgid "")',
                "start from 'letters i18n init', which writes a correct header",
                "bad-header",
            )
        ]
    ctype = h.get("content-type")
    if ctype is not None:
        m = re.search(r"charset=([^\s;]+)", ctype[1])
        if m and m.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
            out.append(
                _err(
                    shown,
                    ctype[0],
                    f"the header declares charset {m.group(1)!r}",
                    "letters reads every catalog as UTF-8: save it as UTF-8 and write 'charset=UTF-8'",
                    "bad-encoding",
                )
            )
    from ..localization import is_known_locale, parse_locale

    if not is_known_locale(folder_lang):
        out.append(
            _err(
                shown,
                0,
                f"folder {folder_lang!r} is not a language code Babel knows",
                "name the folder after the language, e.g. locales/de/LC_MESSAGES/",
                "unknown-language",
            )
        )
        return out
    language = h.get("language")
    if language is None or not language[1]:
        out.append(
            _err(
                shown,
                language[0] if language else first,
                "the header has no Language",
                f'add the header line "Language: {folder_lang}\\n"',
                "bad-header",
            )
        )
    elif not is_known_locale(language[1]):
        out.append(
            _err(
                shown,
                language[0],
                f"Language {language[1]!r} is not a language code Babel knows",
                f'write "Language: {folder_lang}\\n"',
                "language-mismatch",
            )
        )
    elif str(parse_locale(language[1])) != str(parse_locale(folder_lang)):
        same = parse_locale(language[1]).language == parse_locale(folder_lang).language
        out.append(
            _err(
                shown,
                language[0],
                f"Language {language[1]!r} does not match the folder {folder_lang!r}",
                "the folder decides which letters use this file: fix the header or move the file",
                "language-mismatch",
                Severity.WARNING if same else Severity.ERROR,
            )
        )
    pf = h.get("plural-forms")
    if pf is None:
        if any(e.plural for e in scan.entries):
            out.append(
                _err(
                    shown,
                    first,
                    "the header has no Plural-Forms, but the file has plural entries",
                    plurals.hint(folder_lang),
                    "bad-plural-forms",
                )
            )
        return out
    try:
        plurals.judge(folder_lang, pf[1])
    except plurals.PluralFormsError as exc:
        out.append(_err(shown, pf[0], exc.message, plurals.hint(folder_lang), exc.code))
    return out


def _check_entries(scan: _Scan, shown: str, nplurals: int, lang: str) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[tuple[str | None, str], int] = {}
    for e in scan.entries:
        if not e.line:
            out.append(
                _err(shown, 0, "msgctxt without a msgid after it", "complete or remove the entry", "malformed-po")
            )
            continue
        key = (e.context, e.msgid)
        if key in seen:
            out.append(
                _err(
                    shown,
                    e.line,
                    f"duplicate entry {_short(e.msgid)} (first on line {seen[key]})",
                    "keep one of them: only the first is used",
                    "duplicate-entry",
                )
            )
        else:
            seen[key] = e.line
        if not e.strings:
            out.append(
                _err(shown, e.line, f"entry {_short(e.msgid)} has no msgstr", 'add msgstr "" after it', "malformed-po")
            )
        elif e.plural and sorted(set(e.forms)) != list(range(nplurals)):
            out.append(
                _err(
                    shown,
                    e.line,
                    f"plural entry {_short(e.msgid)} has {len(set(e.forms))} form(s) "
                    f"(msgstr[{']['.join(str(i) for i in sorted(set(e.forms)))}]), "
                    f"{lang!r} needs {nplurals}",
                    f"write msgstr[0] to msgstr[{nplurals - 1}], one per plural form of the language",
                    "plural-count",
                )
            )
    return out


def _check_outdated(cat: Catalog, template: Catalog, shown: str) -> list[Problem]:
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    have = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in cat if m.id}
    new, gone = len(wanted - have), len(have - wanted)
    if not new and not gone:
        return []
    return [
        _err(
            shown,
            0,
            f"out of date with the template: {new} string(s) missing here, {gone} no longer used",
            "run 'letters i18n update' to merge the template (nothing translated is lost)",
            "outdated",
            Severity.WARNING,
        )
    ]


def _declared_nplurals(scan: _Scan) -> int | None:
    pf = scan.header.get("plural-forms")
    try:
        return plurals.parse_header(pf[1]).nplurals if pf else None
    except plurals.PluralFormsError:
        return None


def _short(msgid: object) -> str:
    text = msgid if isinstance(msgid, str) else str(msgid[0])  # type: ignore[index]
    return repr(text if len(text) <= 50 else text[:47] + "...")


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda p: p.location.line if p.location else 0)
