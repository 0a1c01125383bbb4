"""Locale-sensitive values in the letters: numbers, dates, quotes, lists, paper (Babel through
letters.localization), checked in the built HTML and PDF of the multilang fixture."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import make_campaign, pdf_raw_text, run_cli

from letters.localization import Formatter, direction, is_known_locale, paper_size, variety

DOCS = {"en": "us-envoy", "de": "de-chancellor", "ru": "ru-delegation", "fr": "fr-president"}
NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("l10n")
    root = make_campaign(base / "campaign", "multilang")
    out = base / "out"
    run = run_cli(
        "build",
        root,
        "--out",
        out,
        "--format",
        "html",
        "--format",
        "pdf",
        "--recipient",
        "ru-delegation",
        "--recipient",
        "fr-president",
        "--locale",
        "de",
    )
    assert run.exit_code == 0, run.output
    # en and de by themselves for the remaining recipients, HTML only (fast)
    run = run_cli(
        "build", root, "--out", out, "--format", "html", "--recipient", "us-envoy", "--recipient", "de-chancellor"
    )
    assert run.exit_code == 0, run.output
    return out


def html(out: Path, lang: str, rid: str | None = None) -> str:
    return (out / "appeal" / lang / f"{rid or DOCS[lang]}.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("lang", "figure"),
    [
        ("en", "at least 10,000"),
        ("de", "mindestens 10.000"),
        ("ru", f"не менее 10{NBSP}000"),
        ("fr", f"au moins 10{NNBSP}000"),
    ],
)
def test_numbers_in_the_letter(lang: str, figure: str, out: Path) -> None:
    page = re.sub(r"<[^>]+>", "", html(out, lang))  # the figure's last word shares a span with its note
    assert figure in page
    assert page.count(figure) == 1  # the opening cites the figure once


@pytest.mark.parametrize(
    ("lang", "rid", "figure"),
    [
        ("ru", "ru-delegation", f"не менее 10{NBSP}000"),
        ("fr", "fr-president", f"au moins 10{NNBSP}000"),
        ("de", "ru-delegation", "mindestens 10.000"),  # --locale de adds German for every recipient
    ],
)
def test_numbers_in_the_pdf_keep_their_spaces(lang: str, rid: str, figure: str, out: Path) -> None:
    assert figure in pdf_raw_text(out / "appeal" / lang / f"{rid}.pdf")


@pytest.mark.parametrize(
    ("lang", "date"),
    [
        ("en", "July 3, 2025"),
        ("de", "3. Juli 2025"),
        ("ru", "3 июля 2025 г."),
        ("fr", "3 juillet 2025"),
    ],
)
def test_the_letter_date(lang: str, date: str, out: Path) -> None:
    babel = Formatter(lang).date(dt.date(2025, 7, 3))
    assert babel.replace(NBSP, " ").replace(NNBSP, " ") == date
    assert f"<time>{babel}</time>" in html(out, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "\u201cPolitical prisoners in 2025\u201d"),
        ("de", "\u201ePolitical prisoners in 2025\u201c"),
        ("ru", "\u00abPolitical prisoners in 2025\u00bb"),
        ("fr", f"\u00ab{NNBSP}Political prisoners in 2025{NNBSP}\u00bb"),
    ],
)
def test_quotation_marks_around_source_titles(lang: str, title: str, out: Path) -> None:
    assert title in html(out, lang)


@pytest.mark.parametrize("lang", DOCS)
def test_lang_attribute_and_direction(lang: str, out: Path) -> None:
    tag = "en-US" if lang == "en" else lang  # the English letter goes to the US: US English
    assert f'<html lang="{tag}" dir="ltr">' in html(out, lang)


def test_as_of_dates_in_source_notes(out: Path) -> None:
    assert Formatter("ru").date(dt.date(2025, 7, 1)) in html(out, "ru")
    assert "1.\u00a0Juli\u00a02025" in html(out, "de")
    assert "July\u00a01,\u00a02025" in html(out, "en")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Alice Gorinova, Boris Initsky, and Carl Anonymusson"),
        ("de", "Alice Gorinova, Boris Initsky und Carl Anonymusson"),
        ("ru", "Alice Gorinova, Boris Initsky и Carl Anonymusson"),
        ("uk", "Alice Gorinova, Boris Initsky і Carl Anonymusson"),
        ("fr", "Alice Gorinova, Boris Initsky et Carl Anonymusson"),
    ],
)
def test_lists_of_names(lang: str, expected: str) -> None:
    assert Formatter(lang).list(["Alice Gorinova", "Boris Initsky", "Carl Anonymusson"]) == expected
    assert Formatter(lang).list([]) == ""


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("en", Decimal("1234567.5"), "1,234,567.5"),
        ("de", Decimal("1234567.5"), "1.234.567,5"),
        ("ru", Decimal("1234567.5"), f"1{NBSP}234{NBSP}567,5"),
        ("fr", Decimal("1234567.5"), f"1{NNBSP}234{NNBSP}567,5"),
        ("uk", 10000, f"10{NBSP}000"),
    ],
)
def test_number_formatting(lang: str, value: Decimal, expected: str) -> None:
    assert Formatter(lang).number(value) == expected


def test_french_typography() -> None:
    fmt = Formatter("fr")
    expected = f"Pourquoi{NNBSP}? Voici{NBSP}: «{NNBSP}oui{NNBSP}»{NNBSP}!"
    assert fmt.typography("Pourquoi ? Voici : « oui » !") == expected
    assert Formatter("en").typography("Why ? Here : yes !") == "Why ? Here : yes !"


@pytest.mark.parametrize(
    ("country", "lang", "paper"),
    [
        ("US", "en", "Letter"),
        ("CA", "fr", "Letter"),
        ("DE", "de", "A4"),
        ("GB", "en", "A4"),
        ("RU", "ru", "A4"),
        (None, "de", "A4"),
        (None, "en_US", "Letter"),
        (None, "fr_CA", "Letter"),
    ],
)
def test_paper_size_by_territory(country: str | None, lang: str, paper: str) -> None:
    assert paper_size(country, lang) == paper


def test_language_codes() -> None:
    assert all(is_known_locale(c) for c in ["en", "ru", "uk", "de", "fr", "pt_BR", "pt-BR", "sr_Latn"])
    assert not any(is_known_locale(c) for c in ["xx", "english", "../x", "", "en_XX_YY_ZZ"])
    assert direction("ar") == "rtl" and direction("he") == "rtl" and direction("ru") == "ltr"


def test_a_region_locale_is_built_under_its_own_folder(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    run = run_cli("build", root, "--out", tmp_path / "out", "--format", "html", "--locale", "pt-BR")
    assert run.exit_code == 0, run.output
    page = (tmp_path / "out/appeal/pt_BR/us-envoy.html").read_text("utf-8")
    assert '<html lang="pt-BR"' in page
    assert "3\u00a0de\u00a0julho\u00a0de\u00a02025" in page
    assert "10.000" in page


@pytest.mark.parametrize(
    ("lang", "country", "expected"),
    [
        ("pt", "PT", "pt_PT"),  # Portugal: "10 000"; plain "pt" is Brazil's
        ("pt", "BR", "pt"),
        ("de", "DE", "de"),
        ("de", "CH", "de_CH"),  # "10’000"
        ("de", "AT", "de_AT"),  # "Jänner"
        ("fr", "BE", "fr_BE"),
        ("ar", "JO", "ar_JO"),  # the Levant's month names
        ("ar", "EG", "ar"),
        ("ru", "RU", "ru"),
        ("en", "US", "en_US"),
        ("en", "IE", "en_GB"),
        ("de", "XX", "de"),  # no such CLDR locale
        ("de", None, "de"),
        ("pt_BR", "PT", "pt_BR"),  # a code that names its territory is kept
        ("sr_Latn", "RS", "sr_Latn"),
    ],
)
def test_the_variety_follows_the_recipients_country(lang: str, country: str | None, expected: str) -> None:
    assert variety(lang, country) == expected


def test_a_letter_to_portugal_groups_digits_as_portugal_does(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    text = (root / "recipients.yaml").read_text("utf-8")
    (root / "recipients.yaml").write_text(
        text.replace("language: en", "language: pt").replace("country: US", "country: PT")
    )
    run = run_cli("build", root, "--out", tmp_path / "out", "--format", "html", "-q")
    assert run.exit_code == 0, run.output
    page = (tmp_path / "out/appeal/pt/us-envoy.html").read_text("utf-8")
    assert '<html lang="pt-PT"' in page
    assert re.search("10[\u00a0\u202f ]000", page) and "10.000" not in page
