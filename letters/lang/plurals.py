"""Plural rules: which ``Plural-Forms`` headers are right for a language, judged by what they do.

Translators' tools write different headers for the same language: GNU gettext's table (what
Poedit and ``msginit`` write: French ``nplurals=2; plural=(n > 1);``), Weblate's language data,
and CLDR's rules as Babel converts them (Babel 2.19 gives French a third form for a million).
A header is accepted when its rule picks, for every sample number, the same form as one of the
rules in ``letters/data/plurals/rules.csv`` or as the rules of the Babel that runs. An expression
is never compared as text: spacing and parentheses do not matter, meaning does.

An expression that fails for some number (division by zero), picks a form outside ``nplurals``
or does not parse is rejected before any catalog uses it: gettext would evaluate it for every
plural message of every letter.
"""

from __future__ import annotations

import csv
import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..resources import data_dir

MAX_EXPRESSION = 400  # characters: the longest real rule (Arabic) has about 90
# every integer up to 1,200 tells the real rules apart; large ones catch CLDR's "a million" forms
SAMPLES: tuple[int, ...] = (*range(0, 1201), 10_000, 100_000, 1_000_000, 1_000_001, 2_000_000, 10**7, 10**9)
_HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d{1,2})\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", re.S)


class PluralFormsError(ValueError):
    """A Plural-Forms header that cannot be used; ``code`` is the diagnostic's code."""

    def __init__(self, message: str, code: str = "bad-plural-forms"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class PluralRule:
    nplurals: int
    expr: str
    source: str = "header"

    @property
    def header(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.expr};"

    def forms(self) -> tuple[int, ...]:
        """The form picked for each of :data:`SAMPLES` (raises :class:`PluralFormsError`)."""
        return _forms(self.nplurals, self.expr)


def parse_header(value: str) -> PluralRule:
    """``nplurals=N; plural=EXPR;`` → a rule; raises :class:`PluralFormsError` when malformed."""
    m = _HEADER.match(value)
    if not m:
        raise PluralFormsError(f"malformed Plural-Forms {value!r}")
    return PluralRule(int(m.group(1)), m.group(2).strip())


def rules_for(lang: str) -> list[PluralRule]:
    """Every rule accepted for the language, the one to propose first."""
    rules = list(_table().get(_key(lang), ()))
    if not rules:
        rules = list(_table().get(_key(lang).split("_")[0], ()))
    for extra in _babel_rules(lang):
        if extra not in rules:
            rules.append(extra)
    return rules or [PluralRule(2, "(n != 1)", "default")]


def proposed(lang: str) -> PluralRule:
    """The rule letters writes into a new catalog: GNU gettext's when it has one."""
    return rules_for(lang)[0]


def judge(lang: str, value: str) -> PluralRule:
    """The header's rule when it is safe and right for ``lang``; raises :class:`PluralFormsError`."""
    rule = parse_header(value)
    got = rule.forms()
    same_n = [r for r in rules_for(lang) if r.nplurals == rule.nplurals]
    if not same_n:
        counts = " or ".join(sorted({str(r.nplurals) for r in rules_for(lang)}))
        raise PluralFormsError(f"nplurals={rule.nplurals}, but {lang!r} has {counts} plural form(s)", "plural-rules")
    for candidate in same_n:
        if _safe_forms(candidate) == got:
            return rule
    want = same_n[0].forms()  # rules_for() keeps only safe rules
    k = next(i for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b)
    raise PluralFormsError(
        f"the plural expression picks form {got[k]} for {SAMPLES[k]}, the rule for {lang!r} picks form {want[k]}",
        "plural-rules",
    )


def hint(lang: str) -> str:
    rule = proposed(lang)
    origin = {"gnu-gettext": "GNU gettext's rule", "weblate": "Weblate's rule"}.get(rule.source, "the rule")
    return f'write "Plural-Forms: {rule.header}\\n" ({origin} for {lang})'


def compiled(rule: PluralRule) -> Callable[[int], int]:
    """The rule as a function; only for rules :func:`judge` accepted or the table holds."""
    return _compile(rule.expr)


# --- evaluation -----------------------------------------------------------------------------------


@cache
def _compile(expr: str) -> Callable[[int], int]:
    if len(expr) > MAX_EXPRESSION:
        raise PluralFormsError(f"the plural expression is {len(expr)} characters long (at most {MAX_EXPRESSION})")
    try:
        return gettext.c2py(expr)
    except (ValueError, SyntaxError, RecursionError, MemoryError):
        raise PluralFormsError(f"the plural expression '{expr}' does not parse") from None


@cache
def _forms(nplurals: int, expr: str) -> tuple[int, ...]:
    if not 1 <= nplurals <= 6:
        raise PluralFormsError(f"nplurals={nplurals}: no language has more than 6 plural forms or fewer than 1")
    fn = _compile(expr)
    out = []
    for n in SAMPLES:
        try:
            form = int(fn(n))
        except ZeroDivisionError:
            raise PluralFormsError(f"the plural expression divides by zero for n = {n}") from None
        except (ArithmeticError, RecursionError, MemoryError, TypeError, ValueError) as exc:
            raise PluralFormsError(f"the plural expression fails for n = {n} ({type(exc).__name__})") from None
        if not 0 <= form < nplurals:
            raise PluralFormsError(f"the plural expression picks form {form} for n = {n}, beyond nplurals={nplurals}")
        out.append(form)
    return tuple(out)


def _safe_forms(rule: PluralRule) -> tuple[int, ...] | None:
    try:
        return rule.forms()
    except PluralFormsError:
        return None


# --- where rules come from ------------------------------------------------------------------------


def _key(lang: str) -> str:
    return lang.replace("-", "_")


@cache
def _table() -> dict[str, tuple[PluralRule, ...]]:
    text = (data_dir() / "plurals" / "rules.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    table: dict[str, list[PluralRule]] = {}
    for row in rows:
        table.setdefault(row["lang"], []).append(PluralRule(int(row["nplurals"]), row["plural"], row["source"]))
    return {k: tuple(v) for k, v in table.items()}


@cache
def _babel_rules(lang: str) -> tuple[PluralRule, ...]:
    """The running Babel's table rule and its CLDR rule in gettext form, where they are usable."""
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import get_plural
    from babel.plural import to_gettext

    out: list[PluralRule] = []
    try:
        locale = Locale.parse(_key(lang))
        table = get_plural(locale)
        out.append(PluralRule(table.num_plurals, table.plural_expr, "babel"))
        cldr = parse_header(to_gettext(locale.plural_form))
        out.append(PluralRule(cldr.nplurals, cldr.expr, "cldr"))
    except (UnknownLocaleError, ValueError, TypeError, RuntimeError):
        pass  # unknown language, or a CLDR rule gettext cannot express (operands 'e', 'v'...)
    return tuple(r for r in out if _all_forms_used(r))


def _all_forms_used(rule: PluralRule) -> bool:
    """Safe, and every form is picked by some whole number (CLDR's Russian 'other' is for fractions
    only: a catalog with a fourth form nobody ever sees is not a rule translators use)."""
    forms = _safe_forms(rule)
    return forms is not None and set(forms) == set(range(rule.nplurals))
