"""Maltese, shipped (issue 8, "Any language"): the salutation and closing per office and gender
(and the neutral case), the plural phrases in rendered letters for 1, 2, 5, 11, 21, 22, 25, 101,
111 and, through the catalog, for every count from 0 to 30, 100 to 111, 1000 and 1001 (Maltese
puts the noun in the plural after 2-10, in the singular after 11-19 with the numeral's "-il", and
in the singular from 20 on: "5 persuni", "11-il persuna", "21 persuna", "102 persuni"), quotation
marks, the subject label, and one PDF with every glyph drawn (ċ ġ ħ ż) and no English toolkit
string left. The letters are fictional; names and figures are invented."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_forms_of_address as shipped_tables
from conftest import fold_spaces, make_campaign, pdf_reader, pdf_text
from langkit import ENGLISH, letter_text, minister_letter_pdf, people, translate_letter

from letters import address
from letters.catalogs import CatalogSet, load_checked
from letters.fonts import missing_glyphs
from letters.lang import plurals
from letters.localization import Formatter
from letters.model import Recipient
from letters.resources import locales_dir

LANG = "mt"
COUNTS = (1, 2, 5, 11, 21, 22, 25, 101, 111)
# every count the brief asks to be grammatical: the whole first hundred's pattern and its repeat
ALL_COUNTS = (*range(0, 31), *range(100, 112), 1000, 1001)
HONORIFICS = address.HONORIFICS
CLOSING = "Bir-rispett kollu,"
NEUTRAL = "Sinjur/Sinjura,"


def _office(title: str, neutral: str = "Eċċellenza,") -> tuple[str, str, str]:
    return (f"Sinjura {title},", f"Sur {title},", neutral)


# honorific: (female, male, neutral salutation); no name known
SALUTATIONS: dict[str, tuple[str, str, str]] = {
    "excellency": ("Eċċellenza,", "Eċċellenza,", "Eċċellenza,"),
    "secretary-general": _office("Segretarju Ġenerali"),
    "president": _office("President"),
    "chancellor": _office("Kanċillier"),
    "envoy": ("Sinjura Mibgħuta Speċjali,", "Sur Mibgħut Speċjali,", NEUTRAL),
    "head-of-delegation": _office("Kap tad-Delegazzjoni", NEUTRAL),
    "minister": ("Onorevoli Ministru,", "Onorevoli Ministru,", "Onorevoli Ministru,"),
    "ambassador": ("Eċċellenza,", "Eċċellenza,", "Eċċellenza,"),
    "default": ("Għażiża Sinjura,", "Għażiż Sinjur,", NEUTRAL),
}
CASES = [
    (honorific, gender, forms[i])
    for honorific, forms in SALUTATIONS.items()
    for i, gender in enumerate(("female", "male", "neutral"))
]


def rec(honorific: str, gender: str) -> Recipient:
    return Recipient(id="r", office="Office", language=LANG, honorific=honorific, gender=gender)


def _toolkit():  # type: ignore[no-untyped-def]
    return CatalogSet(locales_dir(), None, "en").translator(LANG)


def test_every_office_is_in_the_table() -> None:
    assert set(SALUTATIONS) == set(HONORIFICS)


@pytest.mark.parametrize(("honorific", "gender", "salutation"), CASES)
def test_salutation_and_closing(honorific: str, gender: str, salutation: str) -> None:
    """A comma after the salutation and after the closing, as in English (the EU style guide's
    Maltese part: Maltese punctuation is English punctuation but for the quotation marks)."""
    r = rec(honorific, gender)
    sal = address.salutation(r, LANG, "Office", None)
    assert sal == salutation
    assert sal.endswith(",") and address.valediction(r, LANG, sal) == CLOSING


@pytest.mark.parametrize(
    ("honorific", "female", "male", "neutral"),
    [
        ("default", "Għażiża Sinjura Borg,", "Għażiż Sur Borg,", NEUTRAL),
        ("head-of-delegation", "Għażiża Sinjura Borg,", "Għażiż Sur Borg,", NEUTRAL),
        ("minister", "Onorevoli Ministru,", "Onorevoli Ministru,", "Onorevoli Ministru,"),
        ("president", "Sinjura President,", "Sur President,", "Eċċellenza,"),
    ],
)
def test_named_forms(honorific: str, female: str, male: str, neutral: str) -> None:
    """ "Għażiż" agrees with "Sur" and "Għażiża" with "Sinjura": a neutral form with a name would
    have no gender to agree with, so it falls back to the neutral form without the name."""
    for gender, want in (("female", female), ("male", male), ("neutral", neutral)):
        assert address.salutation(rec(honorific, gender), LANG, "Office", "Marija Borg") == want


def test_which_offices_need_the_holders_gender() -> None:
    """ "Sur President," / "Sinjura President," need it ("Eċċellenza," is the stopgap); the
    minister's "Onorevoli Ministru," (Onorevoli does not change) and "Eċċellenza," do not."""
    want = {"secretary-general", "president", "chancellor", "envoy", "head-of-delegation"}
    assert address.needs_gender(LANG) == want
    for honorific in HONORIFICS:
        problem = address.gender_problem(rec(honorific, "neutral"), LANG, None)
        assert (problem is not None) == (honorific in want), honorific
        assert address.gender_problem(rec(honorific, "male"), LANG, None) is None


def test_attention_group_and_subject_label() -> None:
    assert address.attention_line(LANG, "Kabinett") == "Għall-attenzjoni: Kabinett"
    table = address.forms_data()[LANG]["group"]["salutation"]
    assert table["excellency"]["neutral"] == table["ambassador"]["neutral"] == "Eċċellenzi,"
    assert {table["default"][g] for g in ("female", "male", "neutral")} == {"Sinjuri,"}
    assert address.subject_label(LANG) is True
    assert _toolkit().pgettext("letter", "Subject:") == "Suġġett:"


def test_the_forms_of_address_table_matches_the_data() -> None:
    shipped_tables.test_the_forms_of_address_table_matches_the_data(LANG)


def test_quotation_marks() -> None:
    """Double quotation marks outside, single inside (CLDR mt; the EU style guide: Maltese quotes
    direct speech in double quotation marks where English uses single ones)."""
    f = Formatter(LANG)
    assert (f.quote("X"), f.inner_quote("X")) == ("\u201cX\u201d", "\u2018X\u2019")


def test_catalog_is_complete_with_the_proposed_plural_rule() -> None:
    path = locales_dir() / LANG / "LC_MESSAGES" / "letters.po"
    loaded = load_checked(path, str(path), LANG)
    assert loaded.problems == []
    rule = plurals.proposed(LANG)
    assert rule.nplurals == 4 and loaded.catalog.num_plurals == 4
    text = path.read_text("utf-8")
    assert f"Plural-Forms: {rule.header}" in text.replace('"\n"', "")
    assert '"Language: mt\\n"' in text
    for msg in loaded.catalog:
        if msg.id:
            strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
            assert all(strings) and not msg.fuzzy, msg.id
            assert len(strings) == (4 if msg.pluralizable else 1), msg.id
    body = text.split("\n\n", 1)[1]
    assert '\\"' not in body  # no straight double quotes in translations
    assert "'" not in "".join(m.string if isinstance(m.string, str) else "".join(m.string) for m in loaded.catalog)


# --- plurals ----------------------------------------------------------------------------------------


def noun(n: int, singular: str, plural: str) -> str:
    """``n`` and the noun as Maltese writes them with digits, from the grammar (not from the
    catalog's expression): the plural after 0 and after 2-10 (also 102-110), the singular with the
    numeral's "-il" after 11-19 (also 111-119), else the singular ("14-il metru", "7 snin", "10 000
    rapport" in the EU style guide's Maltese part, 10.4)."""
    last = n % 100
    if n != 1 and (n == 0 or 2 <= last <= 10):
        return f"{n} {plural}"
    if 11 <= last <= 19:
        return f"{n}-il {singular}"
    return f"{n} {singular}"


def phrases(n: int) -> tuple[str, str, str, str]:
    """(age after the name, "signed by n", "and n others...", "n ... not named")."""
    whose = "isimha" if n == 1 else "isimhom"  # her name (la persuna) / their name
    people = noun(n, "persuna", "persuni")
    return (
        f"ta\u2019 {noun(n, 'sena', 'snin')}",
        f"Iffirmata minn {people}:",
        f"u {people} oħra li {whose} ma jissemmiex",
        f"{people} li {whose} ma jissemmiex",
    )


def test_the_grammar_for_the_counts_the_brief_names() -> None:
    assert [noun(n, "persuna", "persuni") for n in (0, 1, 2, 10, 11, 19, 20, 21, 100, 101, 102, 111, 1000, 1001)] == [
        "0 persuni",
        "1 persuna",
        "2 persuni",
        "10 persuni",
        "11-il persuna",
        "19-il persuna",
        "20 persuna",
        "21 persuna",
        "100 persuna",
        "101 persuna",
        "102 persuni",
        "111-il persuna",
        "1000 persuna",
        "1001 persuna",
    ]


@pytest.mark.parametrize("n", ALL_COUNTS)
def test_every_plural_string_for_every_count(n: int) -> None:
    t = _toolkit()
    age, signed, others, alone = phrases(n)
    assert t.ngettext("%(num)s year old", "%(num)s years old", n) % {"num": n} == age
    assert t.ngettext("Signed by %(count)s person:", "Signed by %(count)s people:", n) % {"count": n} == signed
    others_en = ("and %(count)s other signatory who is not named", "and %(count)s other signatories who are not named")
    got = t.ngettext(*others_en, n)
    assert got % {"count": n} == others
    got = t.ngettext("%(count)s signatory who is not named", "%(count)s signatories who are not named", n)
    assert got % {"count": n} == alone
    signatures = t.npgettext("petition", "%(num)s signature", "%(num)s signatures", n) % {"num": n}
    assert signatures == noun(n, "firma", "firem")


RECIPIENTS = f"r:\n  office: Office\n  language: {LANG}\n  honorific: minister\n  gender: female\n"


@pytest.fixture(scope="module")
def render(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """render(n, named) -> the letter's text (HTML without tags, spaces folded)."""
    root = make_campaign(tmp_path_factory.mktemp("mt") / "c")
    (root / "recipients.yaml").write_text(RECIPIENTS, "utf-8")

    def run(n: int, named: bool) -> str:
        (root / "signatories.yaml").write_text(people(n, ("marija", "Marija Borg", n) if named else None), "utf-8")
        return letter_text(root, LANG, "r")

    return run


def test_plural_phrases_in_the_rendered_letter(render) -> None:  # type: ignore[no-untyped-def]
    for n in COUNTS:
        age, _signed, others, alone = phrases(n)
        with_named = render(n, True)
        assert f"Marija Borg, {age}" in with_named, n
        assert ("u persuna oħra li isimha ma jissemmiex" if n == 1 else others) in with_named, n
        assert phrases(n + 1)[1] in with_named, n  # the named signatory and n others
        only_unnamed = render(n, False)
        assert ("persuna waħda li isimha ma jissemmiex" if n == 1 else alone) in only_unnamed, n
        assert phrases(n)[1] in only_unnamed, n


# --- one PDF ----------------------------------------------------------------------------------------

LETTER = (
    "Il-ħelsien tal-priġunieri politiċi bħala kundizzjoni ta\u2019 kull ftehim ta\u2019 paċi",
    "Illum {fact:prisoners} persuna qed jinżammu għal raġunijiet politiċi.",
    "Kull wieħed minnhom għandu familja li qed tistennieh \u201cid-dar\u201d.",
    "Nirringrazzjawk tal-attenzjoni tiegħek.",
    "Il-ħelsien tal-priġunieri politiċi kollha bħala kundizzjoni ta\u2019 kull ftehim ta\u2019 paċi.",
)
SIGNATORY = "Ġużeppa Ċassar Ħaġġ-Żammit"


def test_the_languages_page_says_maltese_is_shipped_and_how_it_was_reviewed() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "languages.md").read_text("utf-8")
    row = next(line for line in doc.splitlines() if line.startswith("| Maltese `mt` |"))
    assert "| shipped | shipped |" in row and "unverified by a native professional" in row
    assert not any("`mt`" in line and "not shipped" in line for line in doc.splitlines())


def test_a_campaign_letter_makes_a_pdf_with_every_glyph_and_no_english(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    translate_letter(root, LANG, LETTER)
    pdf = minister_letter_pdf(
        root,
        tmp_path / "out",
        LANG,
        f"minister:\n  office: Ministru\n  name: Marija Borg\n  language: {LANG}\n  country: MT\n"
        "  honorific: minister\n  gender: female\n  attention: Kabinett\n"
        "  address: [Auberge de Castille, Il-Belt Valletta VLT 1061]\n",
        SIGNATORY,
    )
    text = pdf_text(pdf)
    for expected in (
        "Onorevoli Ministru,",
        CLOSING,
        "Suġġett:",
        SIGNATORY,
        "ta\u2019 63 sena",
        "(fil-ħabs)",
        "Għall-attenzjoni: Kabinett",
        "Illum mill-inqas 10,000",  # a note mark follows the figure, then "persuna"
        "Iffirmata minn 22 persuna:",  # one named and 21 unnamed
        "u 21 persuna oħra li isimhom ma jissemmiex",
        "\u201cid-dar\u201d",
        "Sorsi",
    ):
        assert fold_spaces(expected) in text, expected
    assert all(ch in text for ch in "ċġħżĊĠĦŻ")
    assert missing_glyphs([text]) == []
    for english in ENGLISH:
        assert english not in text, english
    assert pdf_reader(pdf).metadata is not None
