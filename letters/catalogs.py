"""Translation catalogs: PO files read directly (no compile step), checked before use.

Translators' text reaches the output through two doors: template strings (``{% trans %}``,
which Jinja marks safe) and campaign content (escaped like any data). A translation is used
only when its markup and placeholders match the source string; otherwise it is rejected with
its ``file:line`` and the source string is used (or, under ``--strict``, the build fails).
Fuzzy entries are never used. Strings without a translation fall back to the source string and
are recorded, so the build can warn once per language with the list of what is missing.
"""

from __future__ import annotations

import gettext
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from .confine import read_inside
from .errors import InputError, Location, Problem, Severity, TranslationError
from .lang import plurals
from .lang.pofile import syntax_problems

TOOLKIT_DOMAIN = "letters"  # strings of the shipped templates and of letters itself
CAMPAIGN_DOMAIN = "campaign"  # strings of a campaign's fact store and templates

_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});")
_PERCENT_RE = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?(?P<conv>[diouxXeEfFgGcrsa%])")
_BRACE_RE = re.compile(r"\{[^{}]*\}")
# text that would end an attribute value and start another: 'x" onmouseover="…', "' style='…"
_ATTRIBUTE_RE = re.compile(r"[\"'`]?\s*[A-Za-z_:][-A-Za-z0-9_:.]*\s*=\s*[\"'`]")
_CONTENT_CONTEXT = re.compile(r"(?:campaign|sender|letter|demand|signatory|recipient|fact):[^:\s]+:[a-z_]+(?:\.\d+)?")

_PLURAL_FORMS_LINE = re.compile(r'^"Plural-Forms:', re.I)


def po_path(locales_dir: Path, lang: str, domain: str) -> Path:
    """``<locales>/<lang>/LC_MESSAGES/<domain>.po``; ``lang`` must follow the one language-code grammar."""
    from .confine import inside
    from .lang.codes import HINT, is_valid_code

    if not is_valid_code(lang):
        raise TranslationError(f"invalid language code {lang[:40]!r}", hint=HINT)
    try:  # the locales folder itself may be a link leaving the campaign
        inside(locales_dir.parent, Path(locales_dir.name, lang, "LC_MESSAGES", f"{domain}.po"))
    except InputError as exc:
        raise TranslationError(exc.message, location=exc.location, hint=exc.hint) from None
    return locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def read_catalog(path: Path, shown: str | None = None, locale: str | None = None) -> Catalog:
    """Parse a PO file; a malformed file raises :class:`TranslationError` with its line."""
    shown = shown or str(path)
    try:
        data = read_inside(path.parent, path.name, shown)  # a regular file, not a link leaving its folder
    except InputError as exc:
        raise TranslationError(exc.message, location=exc.location, hint=exc.hint) from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TranslationError(
            "catalog is not valid UTF-8",
            location=Location(shown, line),
            hint="save the PO file as UTF-8 and set 'charset=UTF-8' in its header",
        ) from None
    syntax = syntax_problems(data.decode("utf-8").removeprefix("\ufeff"), shown)
    if syntax:  # Babel would read on and guess: the same file must fail in every command
        more = f" (and {len(syntax) - 1} more problem(s))" if len(syntax) > 1 else ""
        raise TranslationError(
            f"malformed PO file: {syntax[0].message}{more}", location=syntax[0].location, hint=syntax[0].hint
        )
    try:
        return read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", 0) or 0
        raise TranslationError(
            f"malformed PO file: {exc}",
            location=Location(shown, line),
            hint="open it in a PO editor (Poedit) or run 'msgfmt -c' to see the problem",
        ) from None
    except (ValueError, TypeError) as exc:
        raise TranslationError(
            f"malformed PO file: {exc}", location=Location(shown), hint="check the header (Language, Plural-Forms)"
        ) from None


def markup_of(text: str) -> Counter[str]:
    return Counter(_TAG_RE.findall(text)) + Counter(_ENTITY_RE.findall(text))


def percent_placeholders(text: str) -> tuple[Counter[str], list[str]]:
    """Named/positional %-placeholders and stray '%' signs (the latter as a list of snippets)."""
    found: Counter[str] = Counter()
    stray = []
    i = 0
    while True:
        j = text.find("%", i)
        if j < 0:
            break
        m = _PERCENT_RE.match(text, j)
        if not m:
            stray.append(text[j : j + 6])
            i = j + 1
            continue
        if m.group("conv") != "%":
            found[f"%({m.group('name')})" if m.group("name") is not None else "%" + m.group("conv")] += 1
        i = m.end()
    return found, stray


def brace_placeholders(text: str) -> Counter[str]:
    return Counter(_BRACE_RE.findall(text))


def check_message(msg: Message, uses_percent: bool) -> list[str]:
    """Why a translation must not be used ([] when it is fine)."""
    ids = msg.id if isinstance(msg.id, (list, tuple)) else (msg.id,)
    strs = msg.string if isinstance(msg.string, (list, tuple)) else (msg.string,)
    reasons: list[str] = []
    src_markup = markup_of(ids[-1])
    src_braces = brace_placeholders(ids[-1])
    src_pct = [percent_placeholders(i)[0] for i in ids]
    for n, s in enumerate(strs):
        if not s:
            continue
        label = f"msgstr[{n}]" if len(strs) > 1 else "msgstr"
        if markup_of(s) != src_markup:
            extra = markup_of(s) - src_markup
            missing = src_markup - markup_of(s)
            what = ", ".join(f"adds {t}" for t in extra) or ", ".join(f"drops {t}" for t in missing)
            reasons.append(f"{label} changes the markup ({what})")
        stripped = _TAG_RE.sub("", s)
        if "<" in stripped:
            reasons.append(f"{label} contains a stray '<' that is not part of the source's markup")
        attr = _ATTRIBUTE_RE.search(stripped)
        if attr and not _ATTRIBUTE_RE.search(_TAG_RE.sub("", ids[-1])):
            reasons.append(f"{label} writes an attribute ({attr.group(0).strip()!r}) outside the source's markup")
        if brace_placeholders(s) != src_braces:
            reasons.append(
                f"{label} has placeholders {sorted(brace_placeholders(s))}, the source has {sorted(src_braces)}"
            )
        if uses_percent:
            got, stray = percent_placeholders(s)
            if stray:
                reasons.append(f"{label} has a stray '%' ({stray[0]!r}); write '%%' for a percent sign")
            if len(ids) == 1:
                if got != src_pct[0]:
                    reasons.append(f"{label} has placeholders {sorted(got)}, the source has {sorted(src_pct[0])}")
            else:
                allowed = set(src_pct[0]) | set(src_pct[-1])
                required = set(src_pct[0]) & set(src_pct[-1])
                required_other = required - {"%(num)", "%d"}
                if not set(got) <= allowed or not required_other <= set(got):
                    reasons.append(f"{label} has placeholders {sorted(got)}, the source has {sorted(allowed)}")
    return reasons


def message_uses_percent(msg: Message) -> bool:
    """Whether the message is %-formatted where it is used; decided by what it is, never by the
    PO file's flags (a translator's '#, no-python-format' must not switch the check off).

    Campaign content (msgctxt ``kind:id:field``) is never %-formatted, so a '60%' in a demand is
    plain text. Everything else is: Jinja's ``{% trans %}`` applies ``%`` to every translation."""
    return not is_content_context(msg.context)


def is_content_context(context: str | None) -> bool:
    return bool(context) and _CONTENT_CONTEXT.fullmatch(context or "") is not None


@dataclass
class LoadedCatalog:
    """A checked catalog: the translations safe to use and the problems found."""

    path: Path
    shown: str
    catalog: Catalog
    translations: gettext.GNUTranslations
    problems: list[Problem] = field(default_factory=list)


def load_checked(path: Path, shown: str, locale: str) -> LoadedCatalog:
    cat = read_catalog(path, shown, locale)
    problems: list[Problem] = []
    usable = Catalog(locale=cat.locale or locale, domain=cat.domain, charset="utf-8")
    rule, plural_problem = _plural_rule(cat, path, shown, locale)
    if plural_problem is not None:
        problems.append(plural_problem)
    usable._num_plurals = rule.nplurals  # type: ignore[assignment]
    usable._plural_expr = rule.expr  # type: ignore[assignment]
    for msg in cat:
        if not msg.id or msg.fuzzy or not msg.string:
            continue
        strs = msg.string if isinstance(msg.string, (list, tuple)) else (msg.string,)
        if plural_problem is not None and isinstance(msg.id, (list, tuple)):
            continue  # forms written for a rule we refuse: the source strings are used
        if not any(strs):
            continue
        reasons = check_message(msg, message_uses_percent(msg))
        if reasons:
            for r in reasons:
                problems.append(
                    Problem(
                        Location(shown, msg.lineno or 0),
                        f"translation rejected: {r}",
                        "make the translation keep the source's markup and placeholders exactly; "
                        "the source text is used until then",
                        Severity.ERROR,
                        "unsafe-translation",
                    )
                )
            continue
        if isinstance(msg.string, (list, tuple)) and not all(msg.string):
            continue  # an incomplete plural is as good as missing
        usable.add(msg.id, msg.string, context=msg.context, flags=msg.flags)
    buf = io.BytesIO()
    write_mo(buf, usable, use_fuzzy=False)
    buf.seek(0)
    try:
        translations = gettext.GNUTranslations(buf)
    except ValueError as exc:  # e.g. a Plural-Forms expression gettext cannot parse
        text = path.read_text("utf-8", errors="replace")
        line = next((i for i, ln in enumerate(text.splitlines(), 1) if "Plural-Forms" in ln), 0)
        raise TranslationError(
            f"unusable catalog header: {exc}",
            location=Location(shown, line),
            hint="copy the Plural-Forms line for this language from the GNU gettext manual "
            "or from letters' own catalog",
        ) from None
    return LoadedCatalog(path, shown, cat, translations, problems)


def _plural_rule(cat: Catalog, path: Path, shown: str, locale: str) -> tuple[plurals.PluralRule, Problem | None]:
    """The catalog's Plural-Forms when it is safe and right for the language, else the usual rule
    and the problem (plural entries are then not used: their forms follow the refused rule)."""
    declared_n, declared_expr = cat._num_plurals, cat._plural_expr  # type: ignore[attr-defined]
    if declared_n is None or declared_expr is None:  # no Plural-Forms header
        return plurals.proposed(locale), None
    try:
        return plurals.judge(locale, f"nplurals={declared_n}; plural={declared_expr};"), None
    except plurals.PluralFormsError as exc:
        text = path.read_text("utf-8", errors="replace")
        line = next((i for i, ln in enumerate(text.splitlines(), 1) if _PLURAL_FORMS_LINE.match(ln)), 0)
        where = Location(shown, line)
        return plurals.proposed(locale), Problem(where, exc.message, plurals.hint(locale), Severity.ERROR, exc.code)


class Recorder(gettext.NullTranslations):
    """Last fallback: returns the source string and remembers it was missing."""

    def __init__(self, record: bool):
        super().__init__()
        self.record = record
        self.missing: dict[tuple[str | None, str], None] = {}

    def _miss(self, ctx: str | None, msgid: str) -> None:
        if self.record:
            self.missing[(ctx, msgid)] = None

    def gettext(self, message: str) -> str:
        self._miss(None, message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:  # type: ignore[override]
        self._miss(None, msgid1)
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        self._miss(context, message)
        return message

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:  # type: ignore[override]
        self._miss(context, msgid1)
        return msgid1 if n == 1 else msgid2


@dataclass
class Translator:
    """Lookups for one document language: campaign catalog, then toolkit catalog, then source."""

    locale: str
    template_tr: gettext.NullTranslations
    content_tr: gettext.NullTranslations
    template_missing: Recorder
    content_missing: Recorder
    problems: list[Problem]
    # Off (None) everywhere but the preview server's translator mode (letters/serve/trace.py), never
    # in a build: called as trace(kind, msgctxt, msgid, text) for every lookup, returns the text to use.
    trace: Callable[[str, str | None, str, str], str] | None = None

    def _out(self, kind: str, ctx: str | None, msgid: str, text: str) -> str:
        return text if self.trace is None else self.trace(kind, ctx, msgid, text)

    # template strings (Jinja's i18n extension calls these)
    def gettext(self, message: str) -> str:
        return self._out("template", None, message, self.template_tr.gettext(message))

    def ngettext(self, s: str, p: str, n: int) -> str:
        return self._out("template", None, s, self.template_tr.ngettext(s, p, n))

    def pgettext(self, c: str, m: str) -> str:
        return self._out("template", c, m, self.template_tr.pgettext(c, m))

    def npgettext(self, c: str, s: str, p: str, n: int) -> str:
        return self._out("template", c, s, self.template_tr.npgettext(c, s, p, n))

    # campaign content
    def content(self, context: str, text: str) -> str:
        return self._out("content", context, text, self.content_tr.pgettext(context, text))

    def missing(self) -> list[tuple[str, str | None, str]]:
        out = [("template", c, m) for c, m in self.template_missing.missing]
        out += [("content", c, m) for c, m in self.content_missing.missing]
        return out


class CatalogSet:
    """All catalogs of a build, loaded once per language and reused across documents."""

    def __init__(
        self,
        toolkit_locales: Path,
        campaign_locales: Path | None,
        source_language: str,
        campaign_root: Path | None = None,
    ):
        self.toolkit_locales = toolkit_locales
        self.campaign_locales = campaign_locales
        self.source_language = source_language
        self.campaign_root = campaign_root
        self._cache: dict[tuple[str, str], LoadedCatalog | None] = {}

    def _load(self, locales: Path | None, lang: str, domain: str) -> LoadedCatalog | None:
        if locales is None:
            return None
        key = (str(locales), f"{lang}/{domain}")
        if key not in self._cache:
            path = None
            for cand in _candidates(lang):
                p = po_path(locales, cand, domain)
                if p.is_file():
                    path = p
                    break
            if path is None:
                self._cache[key] = None
            else:
                shown = (
                    _shown(path, self.campaign_root)
                    if domain == CAMPAIGN_DOMAIN
                    else f"<letters>/{path.relative_to(locales.parent)}"
                )
                self._cache[key] = load_checked(path, shown, lang.replace("-", "_"))  # Babel reads pt_PT, not pt-PT
        return self._cache[key]

    def translator(self, lang: str) -> Translator:
        """A fresh translator (with empty 'missing' records) for one document."""
        problems: list[Problem] = []
        tmiss = Recorder(record=not _same_language(lang, "en"))
        cmiss = Recorder(record=not _same_language(lang, self.source_language))
        toolkit = self._load(self.toolkit_locales, lang, TOOLKIT_DOMAIN)
        campaign = self._load(self.campaign_locales, lang, CAMPAIGN_DOMAIN)
        # template strings: a campaign may translate (or re-translate) them in its own catalog
        ttr: gettext.NullTranslations = tmiss
        for cat in (toolkit, campaign):
            if cat is not None:
                problems.extend(cat.problems)
                layer = _copy(cat.translations)
                layer.add_fallback(ttr)
                ttr = layer
        ctr: gettext.NullTranslations = cmiss
        if campaign is not None:
            layer = _copy(campaign.translations)
            layer.add_fallback(ctr)
            ctr = layer
        return Translator(lang, ttr, ctr, tmiss, cmiss, _dedupe(problems))


def _copy(tr: gettext.GNUTranslations) -> gettext.GNUTranslations:
    new = gettext.GNUTranslations.__new__(gettext.GNUTranslations)
    new.__dict__.update(tr.__dict__)
    new._fallback = None  # type: ignore[attr-defined]
    return new


def _dedupe(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _candidates(lang: str) -> list[str]:
    parts = lang.replace("-", "_").split("_")
    return ["_".join(parts[:i]) for i in range(len(parts), 0, -1)]


def _same_language(a: str, b: str) -> bool:
    return a.replace("-", "_").split("_")[0] == b.replace("-", "_").split("_")[0]


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
