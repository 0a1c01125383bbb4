"""A strict reading of PO syntax, for every command that loads a catalog.

Babel's parser is lenient: it accepts an unterminated string, an unknown escape, a msgstr with
no msgid and a second entry for the same msgid, and reads the bytes as UTF-8 whatever the header
declares. :func:`syntax_problems` finds those, each with its line, so ``letters check``,
``letters build`` and ``letters i18n check`` refuse the same files.
"""

from __future__ import annotations

import re

from ..errors import Location, Problem, Severity

_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)$")
_ESCAPE = re.compile(r"\\(.?)")
_VALID_ESCAPES = set('"\\abfnrtv')
_CHARSET = re.compile(r"charset=([^\s;\\]+)", re.I)
HINT = "open it in a PO editor (Poedit) or run 'msgfmt -c' on it; 'letters i18n check' lists every problem"


def _string_problem(token: str) -> str | None:
    """Why ``token`` is not one well-formed PO string (``None`` when it is)."""
    if len(token) < 2 or not token.startswith('"') or not token.endswith('"'):
        return "a string that is not closed on its line (or not quoted)"
    inner = token[1:-1]
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch == '"':
            return 'an unescaped quote inside a string (write \\")'
        if ch == "\\":
            nxt = inner[i + 1 : i + 2]
            if nxt not in _VALID_ESCAPES or not nxt:
                return f"an unknown escape '\\{nxt}' (write \\\\ for a backslash)"
            i += 2
            continue
        i += 1
    return None


def _unquote(token: str) -> str:
    return _ESCAPE.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), token[1:-1])


def syntax_problems(text: str, shown: str) -> list[Problem]:
    """Every syntax problem of a PO file's text, in line order."""
    out: list[Problem] = []

    def err(line: int, message: str) -> None:
        out.append(Problem(Location(shown, line), message, HINT, Severity.ERROR, "malformed-po"))

    seen: dict[tuple[str | None, str], int] = {}
    ctx: str | None = None
    msgid: str | None = None
    msgid_line = 0
    part = ""
    header = ""
    strs: set[str] = set()  # keywords (msgstr, msgstr[1]...) of the current entry

    def close_entry() -> None:
        nonlocal ctx, msgid
        if msgid is not None:
            key = (ctx, msgid)
            if key in seen:
                err(msgid_line, f"a second entry for the same msgid (first on line {seen[key]})")
            else:
                seen.setdefault(key, msgid_line)
        ctx, msgid = None, None

    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _KEYWORD.match(line)
        token = m.group(2) if m else line
        why = _string_problem(token) if token.startswith('"') or m else "a line that is not PO syntax"
        if why:
            err(n, why)
            continue
        value = _unquote(token)
        if m is None:  # a continuation line
            if not part:
                err(n, "a string with no keyword (msgid, msgstr...) before it")
            elif part == "msgid":
                msgid = (msgid or "") + value
            elif part.startswith("msgstr") and msgid == "" and ctx is None:
                header += value
            continue
        keyword = m.group(1)
        if keyword == "msgctxt":
            if part.startswith("msgstr") or part == "":
                close_entry()
            ctx, part = value, "msgctxt"
        elif keyword == "msgid":
            if part.startswith("msgstr"):
                close_entry()
            elif part == "msgid":
                err(n, "a msgid right after another msgid (the first has no msgstr)")
            msgid, msgid_line, part = value, n, "msgid"
            strs.clear()
        elif msgid is None:
            err(n, f"{keyword} without a msgid before it")
            part = ""
        elif keyword in strs:
            err(n, f"a second {keyword} for one msgid (a msgstr without its own msgid)")
            part = ""
        else:
            strs.add(keyword)
            if keyword.startswith("msgstr") and msgid == "" and ctx is None:
                header += value
            part = keyword
    close_entry()
    charset = _CHARSET.search(header)
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        at = next((i for i, ln in enumerate(text.splitlines(), 1) if "charset=" in ln.lower()), 0)
        err(at, f"the header declares charset {charset.group(1)!r}, but letters reads catalogs as UTF-8")
    return out
