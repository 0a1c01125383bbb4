"""Forms of address: salutations per language × honorific × gender, valedictions, attention lines,
group addressing, and the address blocks as they come out in the rendered PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import fold_spaces, make_campaign, pdf_text

from letters import address
from letters.model import Recipient

LANGUAGES = ("en", "ru", "uk", "de", "fr", "tr")
HONORIFICS = address.HONORIFICS
GENDERS = ("female", "male", "neutral")
CLOSING_PUNCTUATION = {"en": ",", "ru": "!", "uk": "!", "de": ",", "fr": ",", "tr": ","}


def rec(lang: str = "en", honorific: str | None = None, gender: str = "neutral", **kw: object) -> Recipient:
    return Recipient(id="r", office="Office", language=lang, honorific=honorific, gender=gender, **kw)


# (language, honorific, gender, expected salutation) — the conventions the data must encode
CONVENTIONS = [
    ("en", "excellency", "neutral", "Your Excellency,"),
    ("en", "president", "female", "Dear Madam President,"),
    ("en", "secretary-general", "neutral", "Dear Secretary-General,"),
    ("de", "chancellor", "male", "Sehr geehrter Herr Bundeskanzler,"),
    ("de", "chancellor", "female", "Sehr geehrte Frau Bundeskanzlerin,"),
    ("de", "chancellor", "neutral", "Exzellenz,"),  # a stopgap 'check' warns about (needs-gender)
    ("de", "excellency", "male", "Exzellenz,"),
    ("fr", "secretary-general", "male", "Monsieur le Secrétaire général,"),
    ("fr", "president", "female", "Madame la Présidente,"),
    ("fr", "president", "neutral", "Excellence,"),  # a stopgap 'check' warns about (needs-gender)
    ("fr", "ambassador", "male", "Monsieur l’Ambassadeur,"),
    ("ru", "secretary-general", "male", "Уважаемый господин Генеральный секретарь!"),
    ("ru", "secretary-general", "female", "Уважаемая госпожа Генеральный секретарь!"),
    ("ru", "excellency", "neutral", "Ваше Превосходительство!"),
    ("ru", "default", "neutral", "Уважаемые дамы и господа!"),
    ("uk", "secretary-general", "male", "Шановний пане Генеральний секретарю!"),
    ("uk", "president", "male", "Шановний пане Президенте!"),
    ("uk", "excellency", "neutral", "Ваша Високоповажносте!"),
    ("tr", "minister", "female", "Sayın Bakan,"),
    ("tr", "default", "neutral", "Sayın Yetkili,"),
]


@pytest.mark.parametrize(("lang", "honorific", "gender", "expected"), CONVENTIONS)
def test_salutation_follows_the_convention(lang: str, honorific: str, gender: str, expected: str) -> None:
    assert address.salutation(rec(lang, honorific, gender), lang, "Office", None) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_honorific_and_gender_has_a_salutation_and_valediction(lang: str) -> None:
    table = address.forms_data()[lang]
    for honorific in HONORIFICS:
        assert "neutral" in table["salutation"][honorific], f"{lang}: {honorific} has no neutral form"
        for gender in GENDERS:
            r = rec(lang, honorific, gender)
            sal = address.salutation(r, lang, "Office", None)
            val = address.valediction(r, lang, sal)
            assert sal.endswith(CLOSING_PUNCTUATION[lang]), (lang, honorific, gender, sal)
            assert "{" not in sal + val and "Office" not in sal, (lang, honorific, gender, sal, val)
            assert val.strip(), (lang, honorific, gender)


def test_named_forms_use_the_surname_where_the_language_allows_it() -> None:
    assert address.salutation(rec("en", "envoy"), "en", "US Envoy", "Keith Kellogg") == "Dear Special Envoy Kellogg,"
    assert (
        address.salutation(
            rec("ru", "head-of-delegation", "male"), "ru", "Руководитель делегации", "Владимир Мединский"
        )
        == "Уважаемый господин Мединский!"
    )
    sal = address.salutation(rec("de", "default", "female"), "de", "x", "Anna Beispiel")
    assert sal == "Sehr geehrte Frau Beispiel,"
    # Ukrainian would need the surname's vocative: the title form is used instead
    assert (
        address.salutation(rec("uk", "head-of-delegation", "male"), "uk", "x", "Рустем Умєров")
        == "Шановний пане керівнику делегації!"
    )


def test_unknown_honorific_and_language_fall_back() -> None:
    assert address.salutation(rec("de", "pope", "male"), "de", "x", None) == "Sehr geehrter Herr,"
    assert address.salutation(rec("sw", "president", "female"), "sw", "x", None) == "Dear Madam President,"


def test_french_valediction_repeats_the_salutation() -> None:
    r = rec("fr", "president", "male")
    assert address.valediction(r, "fr") == (
        "Nous vous prions d’agréer, Monsieur le Président, l’expression de notre très haute considération."
    )
    neutral = rec("fr", "secretary-general")
    assert address.valediction(neutral, "fr", "Madame, Monsieur,") == (
        "Nous vous prions d’agréer, Madame, Monsieur, l’expression de notre très haute considération."
    )
    assert address.valediction(rec("de", "chancellor"), "de") == "Mit vorzüglicher Hochachtung"


def test_per_recipient_overrides() -> None:
    r = rec(
        "fr",
        "president",
        "male",
        salutation={"fr": "Monsieur le Président de la République,"},
        valediction={"de": "Hochachtungsvoll"},
    )
    sal = address.salutation(r, "fr_FR", "x", None)
    assert sal == "Monsieur le Président de la République,"
    assert "Monsieur le Président de la République, l’expression" in address.valediction(r, "fr", sal)
    assert address.valediction(r, "de_DE") == "Hochachtungsvoll"


def test_attention_lines() -> None:
    assert address.attention_line("en", "the Chief of Staff") == "For the attention of the Chief of Staff"
    assert address.attention_line("de", "Büro") == "z.\u00a0Hd. Büro"
    assert address.attention_line("fr", "Cabinet") == "À l’attention\u00a0: Cabinet"
    assert address.attention_line("ru", "Аппарат") == "Вниманию: Аппарат"


class TestGroupAddressing:
    def test_excellencies_in_english_and_russian(self) -> None:
        group = [rec("en", "excellency"), rec("en", "excellency"), rec("en", "excellency")]
        en = address.address_group(group, "en", ["A", "B", "C"])
        assert (en.line, en.salutation) == ("A, B, and C", "Excellencies,")
        ru = address.address_group(group, "ru", ["А", "Б", "В"])
        assert (ru.line, ru.salutation) == ("А, Б и В", "Ваши Превосходительства!")
        assert address.address_group(group, "uk", ["А", "Б"][:2] + ["В"]).line == "А, Б і В"

    def test_mixed_honorifics_use_the_default_group_form(self) -> None:
        group = [rec("de", "chancellor", "male"), rec("de", "president", "female")]
        de = address.address_group(group, "de", ["der Bundeskanzler", "die Präsidentin"])
        assert de.line == "der Bundeskanzler und die Präsidentin"
        assert de.salutation == "Sehr geehrte Damen und Herren,"

    def test_shared_gender_and_french_closing(self) -> None:
        women = [rec("fr", "minister", "female"), rec("fr", "default", "female")]
        fr = address.address_group(women, "fr", ["Mme A", "Mme B"])
        assert fr.salutation == "Mesdames,"
        assert fr.valediction == "Nous vous prions d’agréer, Mesdames, l’expression de notre haute considération."
        mixed = address.address_group([rec("fr", "default", "female"), rec("fr", "default", "male")], "fr", ["A", "B"])
        assert mixed.salutation == "Mesdames, Messieurs,"

    def test_one_recipient_is_addressed_individually(self) -> None:
        one = address.address_group([rec("en", "president", "male")], "en", ["the President"])
        assert (one.line, one.salutation) == ("the President", "Dear Mr President,")

    def test_labels_must_match(self) -> None:
        with pytest.raises(ValueError):
            address.address_group([rec(), rec()], "en", ["only one"])


# --- the rendered letters --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The address-dative fixture campaign built once (PDF and HTML) for this module."""
    from letters.build import BuildOptions, Session, build

    root = make_campaign(tmp_path_factory.mktemp("address") / "campaign", "address-dative")
    out = root.parent / "out"
    report = build(Session(root), BuildOptions(out_dir=out))
    assert report.ok, report.failed
    return out


def letter_text(out: Path, locale: str, recipient: str) -> str:
    return pdf_text(out / "appeal" / locale / f"{recipient}.pdf")


@pytest.mark.parametrize(
    ("locale", "recipient", "expected"),
    [
        (
            "ru",
            "un-sg",
            [
                "Генеральному секретарю Организации Объединённых Наций",
                "Ваше Превосходительство!",
                "С глубоким уважением,",
                "Письмо подписал 1 человек:",
            ],
        ),
        (
            "uk",
            "ua-head",
            [
                "Керівникові української делегації Олексію Прикладу",
                "До уваги: Секретаріат делегації",
                "Шановний пане керівнику делегації!",
                "З повагою,",
            ],
        ),
        (
            "de",
            "de-chancellor",
            ["Sehr geehrte Frau Bundeskanzlerin,", "Mit vorzüglicher Hochachtung", "Bundeskanzleramt"],
        ),
        ("fr", "fr-president", ["Monsieur le Président,", "Nous vous prions d’agréer, Monsieur le Président,"]),
    ],
)
def test_rendered_pdf_addresses_the_recipient(built: Path, locale: str, recipient: str, expected: list[str]) -> None:
    text = letter_text(built, locale, recipient)
    for item in expected:
        assert fold_spaces(item) in text, f"{item!r} not in the {locale} letter to {recipient}:\n{text}"


def test_dative_block_comes_before_the_salutation(built: Path) -> None:
    text = letter_text(built, "ru", "un-sg")
    assert text.index("Генеральному секретарю") < text.index("Ваше Превосходительство!")
    assert "Генеральный секретарь" not in text  # the nominative office is not printed in the block


def test_recipient_without_a_dative_form_stays_nominative(built: Path) -> None:
    text = letter_text(built, "ru", "ru-undeclined")
    assert "Федеральный канцлер Германии" in text
    assert "Федеральному" not in text  # the proposal is never used silently
    import json

    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    record = next(o for o in manifest["outputs"] if o["path"] == "appeal/ru/ru-undeclined.pdf")
    assert any("no confirmed dative form" in w for w in record["warnings"])
