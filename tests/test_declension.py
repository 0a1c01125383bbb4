"""Proposed dative forms for Russian and Ukrainian: real titles and names through the real
libraries, gender handling, graceful absence of a library, and the proposal in 'letters check'."""

from __future__ import annotations

import sys

import pytest
from conftest import fold_spaces

from letters import declension
from letters.declension import dative_name, dative_office, propose_dative


@pytest.mark.parametrize(
    ("lang", "office", "dative"),
    [
        (
            "ru",
            "Генеральный секретарь Организации Объединённых Наций",
            "Генеральному секретарю Организации Объединённых Наций",
        ),
        ("ru", "Руководитель российской делегации", "Руководителю российской делегации"),
        ("ru", "Федеральный канцлер Германии", "Федеральному канцлеру Германии"),
        ("ru", "Президент Французской Республики", "Президенту Французской Республики"),
        ("ru", "Специальный посланник США по Украине", "Специальному посланнику США по Украине"),
        ("ru", "Премьер-министр Великобритании", "Премьер-министру Великобритании"),
        ("uk", "Генеральний секретар ООН", "Генеральному секретарю ООН"),
        ("uk", "Керівник української делегації", "Керівнику української делегації"),
        ("uk", "Голова Європейського Парламенту", "Голові Європейського Парламенту"),
        ("uk", "Президентка Європейської комісії", "Президентці Європейської комісії"),
    ],
)
def test_office_head_phrase_is_declined_and_the_tail_kept(lang: str, office: str, dative: str) -> None:
    assert dative_office(office, lang) == dative


@pytest.mark.parametrize(
    ("lang", "office"),
    [
        ("ru", "Secretary-General of the United Nations"),  # not translated yet
        ("ru", "ООН"),  # no head noun to decline
        ("ru", "Бундесканцлерин Шмидт-Гроссмайер"),  # unknown words: no guess
        ("de", "Bundeskanzler"),
    ],
)
def test_no_office_proposal_when_unsure(lang: str, office: str) -> None:
    assert dative_office(office, lang) is None


@pytest.mark.parametrize(
    ("lang", "name", "gender", "dative"),
    [
        ("ru", "Алексей Горинов", "male", "Алексею Горинову"),
        ("ru", "Дарья Козырева", "female", "Дарье Козыревой"),
        ("ru", "Кит Келлог", "male", "Киту Келлогу"),
        ("ru", "Алексей Горинов", "neutral", "Алексею Горинову"),  # the given name settles the gender
        ("ru", "Кит Келлог", "neutral", None),  # it does not: ask for the gender
        ("uk", "Олексій Горінов", "male", "Олексію Горінову"),
        ("uk", "Дар'я Козирєва", "female", "Дар'ї Козирєвій"),
        ("uk", "Олексій Горінов", "neutral", None),
        ("ru", "Keith Kellogg", "male", None),
    ],
)
def test_names_need_a_gender(lang: str, name: str, gender: str, dative: str | None) -> None:
    assert dative_name(name, lang, gender) == dative


def test_proposal_lines_and_reasons() -> None:
    p = propose_dative("Генеральный секретарь ООН", "Антониу Гутерриш", "ru", "male")
    assert p.lines == ("Генеральному секретарю ООН", "Антониу Гутерришу")
    assert p.libraries == ("pymorphy3", "pytrovich")
    neutral = propose_dative("Специальный посланник США", "Кит Келлог", "ru", "neutral")
    assert neutral.text is None and "gender" in neutral.reason
    assert "not translated" in propose_dative("Federal Chancellor", None, "ru", "neutral").reason
    assert propose_dative("Bundeskanzler", None, "de", "male").text is None


def test_missing_library_means_no_proposal_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    declension._morph.cache_clear()
    for mod in ("pymorphy3", "pytrovich", "pytrovich.maker", "pytrovich.enums", "pytrovich.detector", "shevchenko"):
        monkeypatch.setitem(sys.modules, mod, None)  # makes 'import mod' raise ImportError
    try:
        assert dative_office("Федеральный канцлер Германии", "ru") is None
        assert dative_name("Алексей Горинов", "ru", "male") is None
        assert dative_name("Олексій Горінов", "uk", "male") is None
        p = propose_dative("Федеральный канцлер Германии", None, "ru", "neutral")
        assert p.text is None and "pymorphy3 is not installed" in p.reason
    finally:
        declension._morph.cache_clear()


def test_check_shows_the_proposal_and_how_to_confirm_it(campaign, cli) -> None:
    run = cli("check", campaign("address-dative"))
    assert run.exit_code == 0, run.output  # a warning, not an error
    out = fold_spaces(run.stderr)
    assert "recipients.yaml:19: warning: recipient 'ru-undeclined' has no confirmed dative form for 'ru'" in out
    assert "proposed (pymorphy3): 'Федеральному канцлеру Германии' [no-dative]" in out
    assert 'forms: {ru: {dative: "Федеральному канцлеру Германии"}}' in out
    # recipients with confirmed forms, or whose letters are never in ru/uk, get no such warning
    for rid in ("un-sg", "ua-head", "de-chancellor", "fr-president"):
        assert f"recipient '{rid}' has no confirmed dative" not in out


def test_check_covers_every_language_a_letter_is_rendered_in(campaign, cli) -> None:
    root = campaign("address-dative")
    text = (root / "campaign.yaml").read_text("utf-8")
    extra = text.replace("  formats: [pdf, html]", "  formats: [pdf, html]\n  extra_locales: [uk]")
    (root / "campaign.yaml").write_text(extra, "utf-8")
    out = fold_spaces(cli("check", root).stderr)
    # the uk office translation is declined; the de recipient has no uk office translation: no guess
    assert "'ru-undeclined' has no confirmed dative form for 'uk'" in out
    assert "'Федеральному канцлеру Німеччини'" in out
    assert "'de-chancellor' has no confirmed dative form for 'uk'" in out
    assert "no proposal (the office is not translated into 'uk' yet)" in out
    assert "'un-sg' has no confirmed dative form" not in out
