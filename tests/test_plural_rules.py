"""Plural-Forms headers are judged by what they do: every usual rule for a language is accepted
(GNU gettext's, Weblate's, the running Babel's), a wrong or unsafe one is refused with its line,
and the hint proposes GNU gettext's rule. Nothing here depends on how Babel spaces an expression."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural

from letters.catalogs import load_checked
from letters.lang import plurals

# the 24 official EU languages, and the others the product promises
LANGUAGES = "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv ru uk tr ka hy ar he".split()
# what GNU gettext's own table (and so Poedit and msginit) writes, for a spot check of the data file
GNU = {
    "fr": "nplurals=2; plural=(n > 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
}


def po(lang: str, header: str) -> str:
    return (
        f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {header}\\n"\n\n'
        'msgid "one day"\nmsgid_plural "many days"\n'
        + "".join(f'msgstr[{i}] "x{i}"\n' for i in range(plurals.parse_header(header).nplurals))
    )


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import run_cli

    root = tmp_path_factory.mktemp("plural-rules") / "c"
    assert run_cli("init", root).exit_code == 0
    return root


def check(campaign: Path, lang: str, header: str):  # type: ignore[no-untyped-def]
    from conftest import run_cli

    for old in (campaign / "locales").glob("*/LC_MESSAGES/campaign.po"):
        old.unlink()
    path = campaign / "locales" / lang / "LC_MESSAGES" / "campaign.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(po(lang, header), encoding="utf-8")
    return run_cli("i18n", "check", campaign)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gnu_gettext_and_babel_headers_are_both_accepted(campaign: Path, lang: str) -> None:
    tradition = plurals.proposed(lang).header
    babel = str(get_plural(lang))  # whatever the installed Babel writes, spaced as it likes
    for header in dict.fromkeys([tradition, babel]):
        r = check(campaign, lang, header)
        assert r.exit_code == 0, f"{lang}: {header}\n{r.output}"


@pytest.mark.parametrize("lang", sorted(GNU))
def test_the_proposed_rule_means_what_gnu_gettext_writes(lang: str) -> None:
    mine, theirs = plurals.parse_header(plurals.proposed(lang).header), plurals.parse_header(GNU[lang])
    assert mine.nplurals == theirs.nplurals
    a, b = gettext.c2py(mine.expr), gettext.c2py(theirs.expr)
    assert [a(n) for n in range(2000)] == [b(n) for n in range(2000)]


def test_spacing_and_parentheses_do_not_matter(campaign: Path) -> None:
    assert check(campaign, "fr", "nplurals=2;plural=n>1").exit_code == 0
    assert check(campaign, "fr", "nplurals=2; plural=((((n) > (1))));").exit_code == 0


@pytest.mark.parametrize(
    ("lang", "header", "message"),
    [
        (
            "fr",
            "nplurals=3; plural=(n != 1);",
            "the plural expression picks form 1 for 0, the rule for 'fr' picks form 0",
        ),
        (
            "fr",
            "nplurals=2; plural=(n != 1);",
            "the plural expression picks form 1 for 0, the rule for 'fr' picks form 0",
        ),
        ("ru", "nplurals=3; plural=(n%10==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);", "picks form 0 for 11"),
        ("ru", "nplurals=2; plural=(n != 1);", "nplurals=2, but 'ru' has 3 plural form(s)"),
        ("de", "nplurals=2; plural=(n % 0);", "the plural expression divides by zero for n = 0"),
        ("de", "nplurals=2; plural=(n / (n - 7) != 0);", "the plural expression divides by zero for n = 7"),
        ("de", "nplurals=2; plural=(n + 5);", "picks form 5 for n = 0, beyond nplurals=2"),
        ("de", "nplurals=2; plural=(n != 1) __import__;", "does not parse"),
        ("de", "nplurals=2; plural=" + "(" * 300 + "n" + ")" * 300 + ";", "characters long"),
    ],
)
def test_wrong_or_unsafe_rules_are_refused_with_the_line_and_gnu_rule(
    campaign: Path, lang: str, header: str, message: str
) -> None:
    r = check(campaign, lang, header)
    assert r.exit_code == 1, r.output
    assert f"locales/{lang}/LC_MESSAGES/campaign.po:5: error: " in r.stderr
    assert message in r.stderr
    assert f'hint: write "Plural-Forms: {plurals.proposed(lang).header}\\n"' in r.stderr


def test_loading_for_a_build_refuses_the_same_rules_and_never_evaluates_them(tmp_path: Path) -> None:
    path = tmp_path / "campaign.po"
    path.write_text(po("de", "nplurals=2; plural=(n % 0);"), encoding="utf-8")
    loaded = load_checked(path, "locales/de/LC_MESSAGES/campaign.po", "de")
    assert [(p.code, p.location.line if p.location else None) for p in loaded.problems] == [("bad-plural-forms", 5)]
    # the plural entry is not used (its forms follow the refused rule): the source text stands
    assert loaded.translations.ngettext("one day", "many days", 0) == "many days"
    assert loaded.translations.ngettext("one day", "many days", 1) == "one day"

    path.write_text(po("fr", str(get_plural("fr"))), encoding="utf-8")
    loaded = load_checked(path, "locales/fr/LC_MESSAGES/campaign.po", "fr")
    assert loaded.problems == []
    assert loaded.translations.ngettext("one day", "many days", 0) == "x0"  # French: zero is singular


def test_every_rule_in_the_table_is_safe_and_uses_all_its_forms() -> None:
    for lang in LANGUAGES:
        for rule in plurals.rules_for(lang):
            assert set(rule.forms()) == set(range(rule.nplurals)), (lang, rule)
