"""Irish, shipped (issue 8, "Any language"): the salutation (a vocative, lenited after "A") and the
closing per office and gender (and the neutral case), the plural phrases in rendered letters for
0-30, 100-111, 1,000, 1,001 and 10,000, quotation marks, the subject label, and one PDF with every
glyph drawn and no English toolkit string left.

Irish mutates a noun after a figure by the number (An Caighdeán Oifigiúil 2017, 9.3.8 and
9.3.10(c): "3 dhuine", "7 nduine", "11 duine", "13 dhuine", "17 nduine", "21 duine"), which neither
gettext's three-form rule nor CLDR's five forms can pick; so no Irish toolkit string puts a number
before a noun (a label and its number instead), and these tests check that for every count. The
letters are fictional; names and figures are invented."""

from __future__ import annotations

import re
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

COUNTS = (*range(1, 31), *range(100, 112), 1000, 1001, 10_000)
CLOSING = "Is mise, le meas,"

# honorific: (female, male, neutral); no name known
SALUTATIONS: dict[str, tuple[str, str, str]] = {
    "excellency": ("A Shoilse,",) * 3,
    "secretary-general": ("A Rúnaí Ghinearálta, a chara,",) * 3,
    "president": ("A Uachtaráin, a chara,",) * 3,
    "chancellor": ("A Sheansailéir, a chara,",) * 3,
    "envoy": ("A Thoscaire Speisialta, a chara,",) * 3,
    "head-of-delegation": ("A chara,",) * 3,
    "minister": ("A Aire, a chara,",) * 3,
    "ambassador": ("A Ambasadóir, a chara,",) * 3,
    "default": ("A Bhean Uasal,", "A Dhuine Uasail,", "A chara,"),
}
CASES = [
    (honorific, gender, forms[i])
    for honorific, forms in SALUTATIONS.items()
    for i, gender in enumerate(("female", "male", "neutral"))
]


def rec(honorific: str, gender: str) -> Recipient:
    return Recipient(id="r", office="Office", language="ga", honorific=honorific, gender=gender)


def _toolkit():  # type: ignore[no-untyped-def]
    return CatalogSet(locales_dir(), None, "en").translator("ga")


def test_every_office_is_in_the_table() -> None:
    assert set(SALUTATIONS) == set(address.HONORIFICS)


@pytest.mark.parametrize(("honorific", "gender", "salutation"), CASES)
def test_salutation_and_closing(honorific: str, gender: str, salutation: str) -> None:
    r = rec(honorific, gender)
    sal = address.salutation(r, "ga", "Office", None)
    assert sal == salutation
    assert address.valediction(r, "ga", sal) == CLOSING


# a lenitable consonant after "a" must carry the h; vowels, l, n, r and s + c/m/p/t take none
_LENITED = re.compile(r"^(?:[bcdfgmpt]h|sh|[aeiouáéíóú]|[lnr]|s[cmpt])", re.I)


@pytest.mark.parametrize(("honorific", "gender", "salutation"), CASES)
def test_every_word_after_the_vocative_particle_is_lenited(honorific: str, gender: str, salutation: str) -> None:
    """ "A Aire", "A Thoscaire", "a chara": the particle lenites what follows (Caighdeán 10.2.2);
    so does a masculine noun its adjective ("A Rúnaí Ghinearálta", 10.3.1)."""
    phrases = re.findall(r"(?:^|, )[Aa] ([^,]+)", salutation)
    assert phrases, salutation
    for phrase in phrases:
        assert _LENITED.match(phrase), (salutation, phrase)
    if "Rúnaí" in salutation:
        assert "Ghinearálta" in salutation and "Ginearálta" not in salutation


def test_a_name_is_not_put_into_the_salutation() -> None:
    """A name needs its own vocative ("A Sheáin"): the general form stays, the campaign writes one."""
    for gender in ("female", "male", "neutral"):
        assert (
            address.salutation(rec("default", gender), "ga", "Office", "Seán Ó Briain")
            == SALUTATIONS["default"][("female", "male", "neutral").index(gender)]
        )


def test_no_office_needs_the_holders_gender() -> None:
    assert address.needs_gender("ga") == frozenset()
    for honorific in address.HONORIFICS:
        assert address.gender_problem(rec(honorific, "neutral"), "ga", None) is None


def test_attention_group_and_subject_label() -> None:
    assert address.attention_line("ga", "Rúnaí Príobháideach an Aire") == "Faoi bhráid Rúnaí Príobháideach an Aire"
    table = address.forms_data()["ga"]["group"]["salutation"]
    assert table["default"]["neutral"] == table["excellency"]["neutral"] == "A Dhaoine Uaisle,"
    assert address.subject_label("ga")
    assert _toolkit().pgettext("letter", "Subject:") == "Ábhar:"


def test_the_forms_of_address_table_matches_the_data() -> None:
    shipped_tables.test_the_forms_of_address_table_matches_the_data("ga")


def test_quotation_marks() -> None:
    f = Formatter("ga")
    assert (f.quote("X"), f.inner_quote("X")) == ("\u201cX\u201d", "\u2018X\u2019")


def test_catalog_is_complete_with_the_proposed_plural_rule() -> None:
    path = locales_dir() / "ga" / "LC_MESSAGES" / "letters.po"
    loaded = load_checked(path, str(path), "ga")
    assert loaded.problems == []
    rule = plurals.proposed("ga")
    assert loaded.catalog.num_plurals == rule.nplurals
    text = path.read_text("utf-8")
    assert f"Plural-Forms: {rule.header}" in text.replace('"\n"', "")
    assert '"Language: ga\\n"' in text
    for msg in loaded.catalog:
        if msg.id:
            strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
            assert all(strings) and not msg.fuzzy, msg.id
            assert len(strings) == (rule.nplurals if msg.pluralizable else 1)
    assert '\\"' not in text.split("\n\n", 1)[1]  # no straight double quotes in translations


def test_no_plural_string_puts_its_number_before_a_word() -> None:
    """Every plural form is one text that ends with the number: the same for every plural rule
    (GNU's three forms or CLDR's five), and grammatical for every number."""
    path = locales_dir() / "ga" / "LC_MESSAGES" / "letters.po"
    catalog = load_checked(path, str(path), "ga").catalog
    plural = [m for m in catalog if m.id and m.pluralizable]
    assert len(plural) == 5  # signed by, age, the two unnamed counts, the petition's signatures
    for msg in plural:
        assert len(set(msg.string)) == 1, msg.id
        assert re.search(r"%\((?:count|num)\)s$", msg.string[0]), msg.string[0]


@pytest.mark.parametrize("n", [0, *COUNTS])
def test_every_count_reads_the_same_through_the_catalog(n: int) -> None:
    t = _toolkit()
    assert t.ngettext("Signed by %(count)s person:", "Signed by %(count)s people:", n) % {"count": n} == (
        f"Líon na sínitheoirí: {n}"
    )
    assert t.ngettext("%(num)s year old", "%(num)s years old", n) % {"num": n} == f"aois: {n}"
    assert t.npgettext("petition", "%(num)s signature", "%(num)s signatures", n) % {"num": n} == f"Sínithe: {n}"


# --- plurals in rendered letters --------------------------------------------------------------------

RECIPIENTS = "r:\n  office: Office\n  language: ga\n  honorific: minister\n  gender: female\n"


@pytest.fixture(scope="module")
def render(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """render(n, named) -> the letter's text (HTML without tags, spaces folded)."""
    root = make_campaign(tmp_path_factory.mktemp("ga") / "c")
    (root / "recipients.yaml").write_text(RECIPIENTS, "utf-8")

    def run(n: int, named: bool) -> str:
        age = n if n <= 111 else 63  # an age, not a count: at most 111 here
        (root / "signatories.yaml").write_text(people(n, ("anne", "Áine Ní Bhriain", age) if named else None), "utf-8")
        return letter_text(root, "ga", "r")

    return run


def _shown(n: int) -> str:
    return Formatter("ga").number(n)


@pytest.mark.parametrize("n", COUNTS)
def test_plural_phrases_in_the_rendered_letter(render, n: int) -> None:  # type: ignore[no-untyped-def]
    numbers = {str(n), _shown(n)}
    with_named = render(n, True)
    assert f"Áine Ní Bhriain, aois: {n if n <= 111 else 63}" in with_named
    if n == 1:
        assert "agus sínitheoir amháin eile nach n-ainmnítear" in with_named
    else:
        assert any(f"agus sínitheoirí eile nach n-ainmnítear: {x}" in with_named for x in numbers), n
    total = {str(n + 1), _shown(n + 1)}
    assert any(f"Líon na sínitheoirí: {x}" in with_named for x in total), n
    only_unnamed = render(n, False)
    if n == 1:
        assert "sínitheoir amháin nach n-ainmnítear" in only_unnamed
    else:
        assert any(f"sínitheoirí nach n-ainmnítear: {x}" in only_unnamed for x in numbers), n
    assert any(f"Líon na sínitheoirí: {x}" in only_unnamed for x in numbers), n
    for text in (with_named, only_unnamed):
        # no figure is followed by a noun the figure would have to mutate
        assert not re.search(r"\d (?:n?d|dh)uine|\d (?:m?b|bh)liana?", text), text


# --- one PDF ----------------------------------------------------------------------------------------

LETTER = (
    "Príosúnaigh pholaitiúla a scaoileadh saor mar théarma d’aon chomhaontú síochána",
    "Inniu tá {fact:prisoners} duine i ngéibheann ar chúiseanna polaitiúla.",
    "Tá clann ag fanacht \u201csa bhaile\u201d le gach duine acu.",
    "Gabhaimid buíochas leat as d’aird ar an ábhar seo.",
    "Cuir scaoileadh saor na bpríosúnach polaitiúil go léir mar choinníoll le gach comhaontú síochána.",
)


def test_a_campaign_letter_makes_a_pdf_with_every_glyph_and_no_english(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    translate_letter(root, "ga", LETTER)
    pdf = minister_letter_pdf(
        root,
        tmp_path / "out",
        "ga",
        "minister:\n  office: Aire Gnóthaí Eachtracha\n  name: Áine Ní Bhriain\n  language: ga\n  country: IE\n"
        "  honorific: minister\n  gender: female\n  attention: Rúnaí Príobháideach an Aire\n"
        "  address: [Sráid an Fhearchair 1, Baile Átha Cliath 2]\n",
        "Órfhlaith Ní Ógáin-Ó Dónaill",
    )
    text = pdf_text(pdf)
    for expected in (
        "A Aire, a chara,",
        CLOSING,
        "Órfhlaith Ní Ógáin-Ó Dónaill, aois: 63 (i bpríosún)",
        "Faoi bhráid Rúnaí Príobháideach an Aire",
        "Líon na sínitheoirí: 22",
        "agus sínitheoirí eile nach n-ainmnítear: 21",
        "Ábhar:",
        "Inniu tá ar a laghad 10,000",
        "\u201csa bhaile\u201d",
    ):
        assert fold_spaces(expected) in text, expected
    assert missing_glyphs([text]) == []
    for english in ENGLISH:
        assert english not in text, english
    assert pdf_reader(pdf).metadata is not None
