"""Translator mode: where each string of a document comes from, marked in the preview's HTML.

The translation layer calls a :class:`Tracer` for every lookup (``Translator.trace``, off in
builds). In translator mode the tracer wraps each string in invisible markers holding an index
into its table of :class:`Origin`; :func:`decorate` then turns the markers into ``<span>``
elements carrying the msgid, msgctxt, comments and ``po-file:line``, and marks characters no
bundled or campaign font can draw. The pseudo-locale replaces every translatable string with an accented,
about 30 % longer form, so untranslatable text and overflowing boxes show before translation starts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from markupsafe import escape

from ..catalogs import check_message, message_uses_percent, read_catalog
from ..errors import LettersError
from ..i18n.layout import Domain, campaign_domain, same_language, toolkit_domain

# Unicode noncharacters: never meaningful in text, so they cannot clash with a document's own content.
OPEN, SEP, CLOSE = "\ufdd0", "\ufdd1", "\ufdd2"
_MARKER_RE = re.compile(f"({OPEN}[0-9]+{SEP}|{CLOSE})")
_ANY_MARKER_RE = re.compile(f"{OPEN}[0-9]*{SEP}?|{SEP}|{CLOSE}")
_TOKEN_RE = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_RAW_TAGS = ("head", "style", "title", "script")


@dataclass(frozen=True)
class Origin:
    """Where one string of a document comes from, and whether it is translated."""

    kind: str  # 'template' (templates and letters' own strings) or 'content' (the fact store)
    msgid: str
    msgctxt: str | None
    status: str  # translated, fuzzy, untranslated, rejected, or source (no translation needed)
    where: str = ""  # po-file:line to edit ('' when no catalog has the string yet)
    catalog: str = ""  # campaign or toolkit
    comment: str = ""  # the translator's comment (# ...)
    note: str = ""  # the extracted comment (#. ...)


def _entries(domain: Domain, lang: str) -> tuple[str, dict[tuple[str | None, str], Message]]:
    """The PO file of ``lang`` in ``domain`` (shown path, entries by (msgctxt, msgid))."""
    for cand in dict.fromkeys([lang, lang.replace("-", "_").split("_")[0]]):
        try:
            path = domain.po(cand)
        except LettersError:
            continue
        if path.is_file():
            shown = domain.shown(path)
            try:
                cat: Catalog = read_catalog(path, shown, cand)
            except LettersError:
                return shown, {}  # the index shows the catalog's error
            return shown, {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in cat if m.id}
    return "", {}


def _judge(m: Message) -> str:
    strings = m.string if isinstance(m.string, (list, tuple)) else (m.string,)
    if not any(strings):
        return "untranslated"
    if m.fuzzy:
        return "fuzzy"
    if check_message(m, message_uses_percent(m)):
        return "rejected"
    return "translated" if all(strings) else "untranslated"


class Origins:
    """The catalogs one document language reads, with each entry's line and comments."""

    def __init__(self, campaign_root: Path, locale: str, source_language: str):
        self.locale = locale
        self.source_language = source_language
        self.catalogs = [("campaign", *_entries(campaign_domain(campaign_root), locale))]
        self.toolkit = ("toolkit", *_entries(toolkit_domain(), locale))

    def origin(self, kind: str, ctx: str | None, msgid: str) -> Origin:
        source = "en" if kind == "template" else self.source_language
        if same_language(self.locale, source):
            return Origin(kind, msgid, ctx, "source")
        layers = self.catalogs + ([self.toolkit] if kind == "template" else [])
        found: list[Origin] = []
        for label, shown, entries in layers:
            m = entries.get((ctx, msgid))
            if m is None:
                continue
            o = Origin(
                kind,
                msgid,
                ctx,
                _judge(m),
                f"{shown}:{m.lineno}",
                label,
                "\n".join(m.user_comments),
                "\n".join(m.auto_comments),
            )
            if o.status == "translated":
                return o  # the campaign's catalog wins over the toolkit's, as in a build
            found.append(o)
        if found:
            return found[0]
        return Origin(kind, msgid, ctx, "untranslated", catalog="campaign" if kind == "content" else "")


class Tracer:
    """The ``Translator.trace`` hook of the preview: records origins, marks or pseudo-translates strings."""

    def __init__(self, origins: Origins, *, mark: bool, pseudo: bool):
        self.origins = origins
        self.mark = mark
        self.pseudo = pseudo
        self.table: list[Origin] = []

    def __call__(self, kind: str, ctx: str | None, msgid: str, text: str) -> str:
        if self.pseudo:
            text = pseudo_text(text)
        if not self.mark:
            return text
        self.table.append(self.origins.origin(kind, ctx, msgid))
        return f"{OPEN}{len(self.table) - 1}{SEP}{text}{CLOSE}"


# --- the pseudo-locale -------------------------------------------------------------------------

_ACCENTS = str.maketrans(
    "AaCcDdEeGgHhIiKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåÇçÐðÉéĞğĦħÎîĶķŁłÑñØøŘřŠšŦŧÜüŴŵÝýŽž",
)
_KEEP_RE = re.compile(r"%\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z%]|%[a-zA-Z%]|\{[^{}]*\}|<[^>]*>|&[#A-Za-z0-9]+;")
_VOWELS = set("åéîøüýÅÉÎØÜÝ")


def pseudo_text(text: str) -> str:
    """Accented and about 30 % longer, in brackets; placeholders, markup and entities kept as they are."""
    if not text.strip():
        return text
    budget = [max(1, round(sum(ch.isalpha() for ch in _KEEP_RE.sub("", text)) * 0.3))]
    parts: list[str] = []
    pos = 0
    for m in _KEEP_RE.finditer(text):
        parts += [_stretch(text[pos : m.start()], budget), m.group(0)]
        pos = m.end()
    parts.append(_stretch(text[pos:], budget))
    return "[" + "".join(parts) + "~" * budget[0] + "]"


def _stretch(chunk: str, budget: list[int]) -> str:
    out = []
    for ch in chunk.translate(_ACCENTS):
        out.append(ch)
        if ch in _VOWELS and budget[0] > 0:
            out.append(ch)  # doubled vowels make words longer, as translations often are
            budget[0] -= 1
    return "".join(out)


# --- marking the HTML ---------------------------------------------------------------------------


def strip_markers(text: str) -> str:
    return _ANY_MARKER_RE.sub("", text)


def decorate(html: str, table: list[Origin], covered: frozenset[int]) -> str:
    """Turn trace markers into ``<span>`` elements with their origin; mark undrawable characters."""
    out: list[str] = []
    stack: list[int] = []
    raw: list[str] = []  # open elements whose text is not drawn as such (head, style, title)
    pos = 0
    for m in _TOKEN_RE.finditer(html):
        out.append(_text(html[pos : m.start()], stack, table, covered, bool(raw)))
        tag = m.group(0)
        name = re.match(r"</?\s*([A-Za-z0-9]+)", tag)
        if name and name.group(1).lower() in _RAW_TAGS:
            if tag.startswith("</"):
                if raw:
                    raw.pop()
            elif not tag.endswith("/>"):
                raw.append(name.group(1).lower())
        out.append(strip_markers(tag))
        pos = m.end()
    out.append(_text(html[pos:], stack, table, covered, bool(raw)))
    return "".join(out)


def _text(text: str, stack: list[int], table: list[Origin], covered: frozenset[int], raw: bool) -> str:
    if raw:
        return strip_markers(text)
    out: list[str] = []
    for piece in _MARKER_RE.split(text):
        if _MARKER_RE.fullmatch(piece) and piece != CLOSE:
            n = int(piece[1:-1])
            if n < len(table):
                stack.append(n)
        elif piece == CLOSE:
            if stack:
                stack.pop()
        elif piece:
            body = _mark_glyphs(strip_markers(piece), covered)
            out.append(_span(table[stack[-1]], stack[-1], body) if stack else body)
    return "".join(out)


def _span(o: Origin, n: int, body: str) -> str:
    tip = f"{o.status}: {o.where or 'in no catalog yet'}" + (f"\nmsgctxt: {o.msgctxt}" if o.msgctxt else "")
    attrs = {
        "class": f"lt-s lt-{o.status}",
        "data-lt": str(n),
        "data-status": o.status,
        "data-msgid": o.msgid,
        "data-msgctxt": o.msgctxt or "",
        "data-where": o.where,
        "data-catalog": o.catalog,
        "data-comment": o.comment,
        "data-note": o.note,
        "title": tip,
    }
    rendered = " ".join(f'{k}="{escape(strip_markers(v))}"' for k, v in attrs.items())
    return f"<span {rendered}>{body}</span>"


def _mark_glyphs(text: str, covered: frozenset[int]) -> str:
    out = []
    for ch in text:
        if ord(ch) in covered or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(ch)
        else:
            name = unicodedata.name(ch, "unnamed character")
            tip = f"U+{ord(ch):04X} {escape(name)}: no bundled or campaign font draws it"
            out.append(f'<mark class="lt-glyph" title="{tip}">{ch}</mark>')
    return "".join(out)
