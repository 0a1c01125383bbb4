"""The toolkit's own catalogs (locales/letters.pot and its translations): in sync with the templates,
complete, safe, and with plural forms that come out right for 1, 2, 5 and 21 in rendered letters."""

from __future__ import annotations

import gettext
import re

import pytest
from conftest import fold_spaces, make_campaign

from letters.catalogs import check_message, load_checked, message_uses_percent, read_catalog
from letters.i18n.extract import extract_toolkit
from letters.i18n.layout import toolkit_domain
from letters.resources import locales_dir

TRANSLATED = {"ru": 3, "uk": 3, "de": 2, "fr": 2, "tr": 2}
SLAVIC_PLURAL = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
PLURAL_EXPR = {"ru": SLAVIC_PLURAL, "uk": SLAVIC_PLURAL, "de": "(n != 1)", "fr": "(n > 1)", "tr": "(n != 1)"}


def keys(catalog) -> set[tuple[str | None, str]]:  # type: ignore[no-untyped-def]
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def test_pot_is_in_sync_with_the_templates_and_code() -> None:
    """Fails when a template or compose.py string changed: run 'letters i18n extract --toolkit'."""
    fresh = extract_toolkit(toolkit_domain())
    shipped = read_catalog(locales_dir() / "letters.pot")
    assert keys(fresh) == keys(shipped), "locales/letters.pot is stale: run 'letters i18n extract --toolkit'"
    for msg in fresh:
        if msg.id:
            kept = " ".join(shipped.get(msg.id, msg.context).auto_comments)
            assert kept == " ".join(msg.auto_comments)  # translator comments kept


@pytest.mark.parametrize("lang", sorted(TRANSLATED))
def test_catalog_is_complete_safe_and_has_the_right_plural_rule(lang: str) -> None:
    path = locales_dir() / lang / "LC_MESSAGES" / "letters.po"
    loaded = load_checked(path, str(path), lang)
    assert loaded.problems == []
    cat = loaded.catalog
    assert cat.num_plurals == TRANSLATED[lang]
    picks, wanted = gettext.c2py(cat.plural_expr), gettext.c2py(PLURAL_EXPR[lang])
    assert [picks(n) for n in range(1001)] == [wanted(n) for n in range(1001)]
    assert str(cat.locale) == lang
    pot_keys = keys(read_catalog(locales_dir() / "letters.pot"))
    assert keys(cat) == pot_keys
    for msg in cat:
        if not msg.id:
            continue
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        assert all(strings) and not msg.fuzzy, f"{lang}: {msg.id!r} untranslated or fuzzy"
        assert len(strings) == (cat.num_plurals if msg.pluralizable else 1)
        assert check_message(msg, message_uses_percent(msg)) == []


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_typography_of_quotes_and_spaces(lang: str) -> None:
    text = (locales_dir() / lang / "LC_MESSAGES" / "letters.po").read_text("utf-8")
    assert '\\"' not in text.split("\n\n", 1)[1]  # no straight double quotes in translations
    fr = (locales_dir() / "fr" / "LC_MESSAGES" / "letters.po").read_text("utf-8")
    assert re.search(r'msgstr "Objet\u00a0:"', fr)  # French: no-break space before ':'


# --- plurals in rendered letters ----------------------------------------------------------------

RECIPIENTS = """\
ru-head:
  office: Head of the Russian delegation
  language: ru
  honorific: head-of-delegation
  forms: {ru: {dative: "Руководителю российской делегации"}}
ua-head:
  office: Head of the Ukrainian delegation
  language: uk
  honorific: head-of-delegation
  forms: {uk: {dative: "Керівникові української делегації"}}
"""
CONSENT = "consent: {level: public, record: {method: signed letter, date: 2025-06-30, via: coordinator}}"


def signatories(n: int, named: bool) -> str:
    text = f"others:\n  count: {n}\n  consent: {{level: anonymous}}\n"
    if named:
        text = f"alice:\n  name: {{Cyrl: Алиса Горинова}}\n  age: {n}\n  {CONSENT}\n" + text
    return text


@pytest.fixture(scope="module")
def render(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """render(n, named, locale) -> the letter's text (HTML without tags, spaces folded)."""
    from letters.build import Session
    from letters.plan import Job

    base = tmp_path_factory.mktemp("plurals")
    cache: dict[tuple[int, bool, str], str] = {}

    def run(n: int, named: bool, locale: str) -> str:
        if (n, named, locale) not in cache:
            root = make_campaign(base / f"c-{n}-{named}-{locale}")
            (root / "recipients.yaml").write_text(RECIPIENTS, "utf-8")
            (root / "signatories.yaml").write_text(signatories(n, named), "utf-8")
            session = Session(root)
            session.require_valid()
            recipient = {"ru": "ru-head", "uk": "ua-head"}[locale]
            html = session.render(Job("appeal", locale, recipient, ("html",))).html
            body = html.split("<body", 1)[1]
            cache[(n, named, locale)] = fold_spaces(re.sub(r"<[^>]+>", "", body))
        return cache[(n, named, locale)]

    return run


EXPECTED = {
    # n: (age line, "and n other...", "n ... not named", "signed by n"); the unnamed count in the
    # genitive, so that 21 (grammatically singular) does not read as one name (issue 8)
    "ru": {
        1: (
            "1 год",
            "Имя ещё одного подписанта не называется",
            "Имя подписанта не называется",
            "Письмо подписал 1 человек:",
        ),
        2: (
            "2 года",
            "Имена ещё 2 подписантов не называются",
            "Имена 2 подписантов не называются",
            "Письмо подписали 2 человека:",
        ),
        5: (
            "5 лет",
            "Имена ещё 5 подписантов не называются",
            "Имена 5 подписантов не называются",
            "Письмо подписали 5 человек:",
        ),
        21: (
            "21 год",
            "Имена ещё 21 подписанта не называются",
            "Имена 21 подписанта не называются",
            "Письмо подписал 21 человек:",
        ),
    },
    "uk": {
        1: (
            "1 рік",
            "Ім’я ще одного підписанта не називається",
            "Ім’я підписанта не називається",
            "Лист підписала 1 особа:",
        ),
        2: (
            "2 роки",
            "Імена ще 2 підписантів не називаються",
            "Імена 2 підписантів не називаються",
            "Лист підписали 2 особи:",
        ),
        5: (
            "5 років",
            "Імена ще 5 підписантів не називаються",
            "Імена 5 підписантів не називаються",
            "Лист підписали 5 осіб:",
        ),
        21: (
            "21 рік",
            "Імена ще 21 підписанта не називаються",
            "Імена 21 підписанта не називаються",
            "Лист підписала 21 особа:",
        ),
    },
}


@pytest.mark.parametrize("n", [1, 2, 5, 21])
@pytest.mark.parametrize("locale", ["ru", "uk"])
def test_plural_forms_in_the_rendered_letter(render, locale: str, n: int) -> None:  # type: ignore[no-untyped-def]
    age, others, alone, signed = EXPECTED[locale][n]
    with_named = render(n, True, locale)
    assert f"Алиса Горинова, {age}" in with_named
    assert others in with_named
    only_unnamed = render(n, False, locale)
    assert alone in only_unnamed
    assert signed in only_unnamed
    assert "ещё" not in only_unnamed and " ще " not in only_unnamed
