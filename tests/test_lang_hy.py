"""Armenian letters (issue 8, "Any language"): Eastern Armenian as the Republic of Armenia writes it.
The salutation and closing of every office type and gender (and the neutral stopgap, warned about),
the plural phrases for 1, 2, 5, 11, 21, 22, 25, 101, 111 in rendered letters (the noun stays
singular after a numeral: "21 անձ"), the Armenian punctuation (full stop "։" U+0589, never a colon;
the but "՝" after a closing or a label; the emphasis mark "՛" on a vowel; «» quotes), the bundled
Armenian face drawing every character used, and one campaign letter made into a PDF with every
character drawn and no English toolkit string left.

The campaign is fictional and written here (every name, address and figure invented)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import fold_spaces, make_campaign, pdf_text, run_cli
from langkit import ENGLISH, letter_text, people, write_facts_and_sources
from test_forms_of_address import test_the_forms_of_address_table_matches_the_data as table_matches_the_data

from letters import address
from letters.catalogs import load_checked
from letters.fonts import missing_glyphs
from letters.localization import Formatter
from letters.model import Recipient
from letters.pdf import _visible_text
from letters.resources import fonts_dir, locales_dir

LANG = "hy"
COUNTS = (1, 2, 5, 11, 21, 22, 25, 101, 111)
CATALOG = locales_dir() / LANG / "LC_MESSAGES" / "letters.po"
DATA = Path(address.__file__).parent / "data" / "address" / "hy.yaml"
ARMENIAN = re.compile(r"[\u0531-\u058f]")
VOWELS = "աեէըիոօԱԵԷԸԻՈՕ"


def rec(honorific: str, gender: str) -> Recipient:
    return Recipient(id="r", office="Office", language=LANG, honorific=honorific, gender=gender)


# --- salutation and closing, per office and gender --------------------------------------------------

EXC, HIGH, PLAIN = "Ձերդ Գերազանցություն,", "Խորին հարգանքով՝", "Հարգանքով՝"
M = "Մեծարգո՛"
# honorific: (female, male, neutral, closing)
FORMS: dict[str, tuple[str, str, str, str]] = {
    "excellency": (EXC, EXC, EXC, HIGH),
    "secretary-general": (f"{M} տիկին Գլխավոր քարտուղար,", f"{M} պարոն Գլխավոր քարտուղար,", EXC, HIGH),
    "president": (f"{M} տիկին Նախագահ,", f"{M} պարոն Նախագահ,", EXC, HIGH),
    "chancellor": (f"{M} տիկին կանցլեր,", f"{M} պարոն կանցլեր,", EXC, HIGH),
    "envoy": (f"{M} տիկին հատուկ բանագնաց,", f"{M} պարոն հատուկ բանագնաց,", f"{M} հատուկ բանագնաց,", PLAIN),
    "head-of-delegation": (
        f"{M} տիկին պատվիրակության ղեկավար,",
        f"{M} պարոն պատվիրակության ղեկավար,",
        f"{M} պատվիրակության ղեկավար,",
        PLAIN,
    ),
    "minister": (f"{M} տիկին նախարար,", f"{M} պարոն նախարար,", EXC, HIGH),
    "ambassador": (f"{M} տիկին դեսպան,", f"{M} պարոն դեսպան,", EXC, HIGH),
    "default": ("Հարգելի՛ տիկին,", "Հարգելի՛ պարոն,", "Հարգելի՛ տիկնայք և պարոնայք,", PLAIN),
}
CASES = [
    (honorific, gender, forms[i], forms[3])
    for honorific, forms in FORMS.items()
    for i, gender in enumerate(("female", "male", "neutral"))
]


def test_every_office_is_covered() -> None:
    assert set(FORMS) == set(address.HONORIFICS)
    assert address.has_rules(LANG)


@pytest.mark.parametrize(("honorific", "gender", "salutation", "closing"), CASES)
def test_salutation_and_closing(honorific: str, gender: str, salutation: str, closing: str) -> None:
    r = rec(honorific, gender)
    said = address.salutation(r, LANG, "Office", None)
    assert said == salutation
    assert address.valediction(r, LANG, said) == closing


@pytest.mark.parametrize(
    ("honorific", "gender", "named"),
    [
        # Armenian has no vocative: the surname stands as written, after "պարոն"/"տիկին"
        ("default", "female", "Հարգելի՛ տիկին Օրինակյան,"),
        ("default", "male", "Հարգելի՛ պարոն Օրինակյան,"),
        ("head-of-delegation", "male", "Հարգելի՛ պարոն Օրինակյան,"),
        ("head-of-delegation", "female", "Հարգելի՛ տիկին Օրինակյան,"),
        # without the gender, no name enters (which of "պարոն"/"տիկին" is unknown)
        ("default", "neutral", "Հարգելի՛ տիկնայք և պարոնայք,"),
        # an office is addressed by its office, named or not
        ("minister", "male", f"{M} պարոն նախարար,"),
        ("president", "female", f"{M} տիկին Նախագահ,"),
    ],
)
def test_a_named_recipient(honorific: str, gender: str, named: str) -> None:
    assert address.salutation(rec(honorific, gender), LANG, "Office", "Արամ Օրինակյան") == named


@pytest.mark.parametrize(
    ("honorific", "warned"),
    [
        ("president", True),
        ("minister", True),
        ("secretary-general", True),
        ("chancellor", True),
        ("envoy", True),  # "Մեծարգո՛ հատուկ բանագնաց," without "պարոն"/"տիկին" is a stopgap
        ("head-of-delegation", True),
        ("ambassador", False),  # "Ձերդ Գերազանցություն," is right for an ambassador of either gender
        ("excellency", False),
        ("default", False),  # "Հարգելի՛ տիկնայք և պարոնայք," addresses an office
    ],
)
def test_a_stopgap_salutation_is_named(honorific: str, warned: bool) -> None:
    problem = address.gender_problem(rec(honorific, "neutral"), LANG, None)
    assert (problem is not None) == warned
    if problem:
        assert problem.code == "needs-gender"
    assert address.gender_problem(rec(honorific, "female"), LANG, None) is None


def test_attention_line_and_group_salutations() -> None:
    assert address.attention_line(LANG, "X") == "Ի ուշադրություն՝ X"
    two = [rec("default", "female"), rec("default", "female")]
    assert address.address_group(two, LANG, ["Ա", "Բ"]).salutation == "Հարգելի՛ տիկնայք,"
    men = [rec("default", "male"), rec("default", "male")]
    assert address.address_group(men, LANG, ["Ա", "Բ"]).salutation == "Հարգելի՛ պարոնայք,"
    mixed = [rec("default", "female"), rec("default", "male")]
    group = address.address_group(mixed, LANG, ["Ա", "Բ", "Գ"][:2])
    assert group.salutation == "Հարգելի՛ տիկնայք և պարոնայք,"
    assert group.line == "Ա և Բ"  # the list joins with "և", without a comma
    ambassadors = [rec("ambassador", "male"), rec("ambassador", "female")]
    assert address.address_group(ambassadors, LANG, ["Ա", "Բ"]).salutation == "Ձերդ Գերազանցություններ,"


def test_the_subject_line_has_no_label() -> None:
    assert address.subject_label(LANG) is False


def test_the_forms_of_address_table_matches_the_data() -> None:
    """docs/forms-of-address.md has the Armenian table, in step with the data."""
    table_matches_the_data(LANG)


def test_docs_say_armenian_is_shipped_and_how_it_was_reviewed() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "languages.md").read_text("utf-8")
    row = next(line for line in doc.splitlines() if line.startswith("| ") and "`hy` | shipped |" in line)
    assert row.split(" | ")[1:3] == ["shipped", "shipped"]
    assert "written by the authors (not native), unverified by a native professional" in row
    assert not any("`hy`" in line and "not shipped" in line for line in doc.splitlines())


# --- typography -----------------------------------------------------------------------------------


def test_quotation_marks() -> None:
    assert Formatter(LANG).quote("X") == "\u00abX\u00bb"
    assert Formatter(LANG).inner_quote("X") == "\u00abX\u00bb"


def test_catalog_is_complete_with_the_proposed_plural_rule() -> None:
    from letters.lang import plurals

    loaded = load_checked(CATALOG, str(CATALOG), LANG)
    assert loaded.problems == []
    rule = plurals.proposed(LANG)
    assert (rule.nplurals, rule.expr) == (2, "n > 1")  # CLDR: one is i = 0,1
    assert loaded.catalog.num_plurals == rule.nplurals
    text = CATALOG.read_text("utf-8")
    assert f"Plural-Forms: nplurals={rule.nplurals}; plural={rule.expr};" in fold_spaces(text.replace('"\n"', ""))
    assert '\\"' not in text.split("\n\n", 1)[1]  # no straight double quotes in translations


def _translations() -> list[str]:
    from babel.messages.pofile import read_po

    with CATALOG.open("rb") as f:
        catalog = read_po(f)
    out: list[str] = []
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            out.extend(strings)
    return out


def _data_strings() -> list[str]:
    data = address.forms_data()[LANG]
    out = [str(data["attention"])]
    for section in (data["salutation"], data["group"]["salutation"]):
        for forms in section.values():
            out.extend(forms.values())
    out.extend(str(v) for v in data["valediction"].values())
    return out


def test_armenian_punctuation_in_the_catalog_and_the_forms() -> None:
    """The full stop is "։" (U+0589): never the Latin colon, which in Armenian reads as a full stop,
    nor U+2024; the emphasis mark "՛" stands right after a vowel; no straight quotes."""
    texts = _translations() + _data_strings()
    for text in texts:
        assert not re.search(r"[\u0531-\u0587][»)]?:", text), text  # Armenian word then ':'
        assert "\u2024" not in text and '"' not in text and "'" not in text, text
        for m in re.finditer("\u055b", text):
            assert text[m.start() - 1] in VOWELS, text
        for m in re.finditer("\u0589", text):  # a full stop ends a word, before a space or the end
            assert ARMENIAN.match(text[m.start() - 1]) and text[m.end() : m.end() + 1] in ("", " "), text
    petition = [t for t in _translations() if "RFC 6962" in t or t.startswith("Հրապարակային օրինակ՝")]
    assert len(petition) == 2 and all(t.count("\u0589") >= 1 for t in petition), petition


def test_salutations_end_with_a_comma_and_closings_with_the_but() -> None:
    data = address.forms_data()[LANG]
    for section in (data["salutation"], data["group"]["salutation"]):
        for forms in section.values():
            assert all(form.endswith(",") for form in forms.values()), forms
    assert all(str(v).endswith("\u055d") for v in data["valediction"].values())


def test_the_bundled_armenian_face_draws_every_character_used() -> None:
    """Every Armenian character of the catalog, the forms and the test campaign is in both bundled
    Armenian faces, with an outline (the full stop, the but and the emphasis mark included); the
    rest («», comma, digits) is drawn by the Serif face, which comes first in the font stack."""
    from fontTools.ttLib import TTFont

    texts = _translations() + _data_strings() + [str(v) for v in CAMPAIGN.values()]
    used = {ch for text in texts for ch in text}
    armenian = {ch for ch in used if ARMENIAN.match(ch)}
    assert {"\u0589", "\u055d", "\u055b"} <= armenian
    for weight in ("Regular", "Bold"):
        font = TTFont(str(fonts_dir() / f"NotoSerifArmenian-{weight}.ttf"))
        cmap = font.getBestCmap()
        glyf = font["glyf"]
        for ch in sorted(armenian):
            assert ord(ch) in cmap, (weight, f"U+{ord(ch):04X}")
            assert glyf[cmap[ord(ch)]].numberOfContours != 0, (weight, f"U+{ord(ch):04X} has no outline")
    serif = TTFont(str(fonts_dir() / "NotoSerif-Regular.ttf")).getBestCmap()
    for ch in sorted(used - armenian):
        assert ch.isspace() or ord(ch) in serif, f"U+{ord(ch):04X}"
    assert missing_glyphs(texts) == []


# --- a fictional campaign ------------------------------------------------------------------------------

CAMPAIGN = {
    "title": "Կոչ՝ քաղաքական բանտարկյալներին ազատ արձակելու մասին",
    "place": "Երևան",
    "sender": "Մարդու իրավունքների օրինակելի կոալիցիա",
    "street": "Օրինակելի փ. 1, Երևան",
    "subject": "Քաղաքական բանտարկյալների ազատ արձակումը՝ որպես ցանկացած խաղաղության համաձայնագրի պայման",
    "opening": (
        "Դիմում ենք Ձեզ այն մարդկանց անունից, ովքեր բանտարկվել են իրենց քաղաքացիական գործունեության "
        "համար։ Այսօր բանտարկված է {fact:prisoners} մարդ։"
    ),
    "body": (
        "2012 թվականից ի վեր ընդունվել է {fact:laws} ռեպրեսիվ օրենք, ինչպես նշված է «Example Monitor»-ի զեկույցում։"
    ),
    "closing": "Շնորհակալություն ենք հայտնում այս դիմումին ուշադրություն դարձնելու համար։",
    "demand": "Բոլոր քաղաքական բանտարկյալների ազատ արձակումը դարձնել ցանկացած խաղաղության համաձայնագրի պայման։",
    "claim1": "Քաղաքական բանտարկյալների թիվը",
    "claim2": "2012 թվականից ի վեր ընդունված ռեպրեսիվ օրենքների թիվը",
    "office": "Արտաքին գործերի նախարար",
    "address1": "Օրինակելի փ. 10",
    "address2": "Երևան 0010",
    "name": "Աննա Օրինակյան",
    "role": "լրագրող",
}
RID = "nakharar"


def write_campaign(root: Path, signatories: str | None = None) -> Path:
    c = CAMPAIGN
    make_campaign(root)
    (root / "campaign.yaml").write_text(
        f"id: lang-hy\ntitle: {c['title']}\nsource_language: hy\nlanguages: [hy]\n"
        f"date: 2025-07-03\nplace: {c['place']}\nfacts_max_age_days: 3650\n"
        f"sender:\n  name: {c['sender']}\n  lines:\n    - {c['street']}\n  email: contact@example.org\n"
        f"letters:\n  appeal:\n    subject: {c['subject']}\n    recipients: [all]\n    signatories: [all]\n"
        f"    demands: [all]\n    opening: {c['opening']}\n    body:\n      - {c['body']}\n"
        f"    closing: {c['closing']}\noutput:\n  formats: [pdf, html]\n",
        "utf-8",
    )
    (root / "recipients.yaml").write_text(
        f"{RID}:\n  office: {c['office']}\n  language: hy\n  country: AM\n  gender: female\n"
        f"  honorific: minister\n  address:\n    - {c['address1']}\n    - {c['address2']}\n",
        "utf-8",
    )
    write_facts_and_sources(root, c, signatories)
    return root


# --- plural phrases in rendered letters ---------------------------------------------------------------

# n: (age, "and n others not named" after a named signatory, "n not named" alone, "signed by n").
# The noun stays singular after any numeral ("21 անձ", "111 ստորագրող"); the verb and the relative
# pronoun agree in the plural from 2 on ("ստորագրել են", "որոնց անունները չեն նշվում").
EXPECTED: dict[int, tuple[str, str, str, str]] = {
    n: (
        f"{n} տարեկան",
        "և ևս մեկ ստորագրող, որի անունը չի նշվում" if n == 1 else f"և ևս {n} ստորագրող, որոնց անունները չեն նշվում",
        "մեկ ստորագրող, որի անունը չի նշվում" if n == 1 else f"{n} ստորագրող, որոնց անունները չեն նշվում",
        "Նամակը ստորագրել է 1 անձ." if n == 1 else f"Նամակը ստորագրել են {n} անձ.",
    )
    for n in COUNTS
}
assert EXPECTED[21][3] == "Նամակը ստորագրել են 21 անձ." and EXPECTED[111][1].startswith("և ևս 111 ստորագրող,")


@pytest.fixture(scope="module")
def render(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """render(n, named) -> the letter's text (HTML without tags, spaces folded)."""
    base = tmp_path_factory.mktemp("lang-hy")
    done: dict[tuple[int, bool], str] = {}

    def run(n: int, named: bool) -> str:
        if (n, named) not in done:
            signed = people(n, ("named", CAMPAIGN["name"], n) if named else None)
            done[n, named] = letter_text(write_campaign(base / f"{n}-{named}", signed), LANG, RID)
        return done[n, named]

    return run


@pytest.mark.parametrize("n", COUNTS)
def test_plural_phrases_in_the_rendered_letter(render, n: int) -> None:  # type: ignore[no-untyped-def]
    age, others, alone, signed = EXPECTED[n]
    with_named = render(n, True)
    assert f"{CAMPAIGN['name']}, {age}" in with_named
    assert others in with_named
    only_unnamed = render(n, False)
    assert alone in only_unnamed
    assert signed in only_unnamed


def test_the_rendered_letter_is_armenian_throughout(render) -> None:  # type: ignore[no-untyped-def]
    text = render(5, True)
    assert "Մեծարգո՛ տիկին նախարար," in text and "Խորին հարգանքով՝" in text
    assert f"Երևան, {_date(dt.date(2025, 7, 3))}" in text
    assert "բանտարկված է առնվազն 10 000[1] մարդ։" in text  # singular after the numeral
    assert "ընդունվել է ավելի քան 100[1] ռեպրեսիվ օրենք" in text
    # a source note ends with the Armenian full stop, not "." (in Armenian a colon-like mark)
    assert f"({AS_OF})։ https://example.org/report" in text
    assert "«Annual report 2025»" in text
    assert "Թեմա՝" not in text  # no subject label
    for english in ENGLISH:
        assert english not in text, english


def _date(day: dt.date) -> str:
    """A date as the letter prints it (CLDR's long format, whatever Babel's version gives)."""
    return fold_spaces(Formatter(LANG).date(day))


# the genitive "-ի" after the date, then "դրությամբ" ("as of")
AS_OF = f"{_date(dt.date(2025, 6, 15))}-ի դրությամբ"


# --- one PDF ------------------------------------------------------------------------------------------

PDF_SAYS = (
    "Մեծարգո՛ տիկին նախարար,",
    "Խորին հարգանքով՝",
    "Նամակը ստորագրել են 6 անձ.",
    "Աղբյուրներ",
    "բանտարկված",
    "առնվազն 10 000",
    "ավելի քան 100",
    AS_OF,
    "«Annual report 2025»",
    "և ևս 5 ստորագրող, որոնց անունները չեն նշվում",
    "համար։",
    "դրությամբ)։",
)


def _poppler_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return fold_spaces(out.stdout.decode("utf-8"))


def test_a_campaign_letter_makes_a_pdf_in_armenian(tmp_path: Path) -> None:
    root = write_campaign(tmp_path / "c")
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out)
    assert run.exit_code == 0, run.output
    assert "warning:" not in run.output.lower(), run.output  # no missing translation, glyph or rule
    html = (out / "appeal" / LANG / f"{RID}.html").read_text("utf-8")
    assert f'<html lang="{LANG}"' in html
    assert missing_glyphs(_visible_text(html), root) == []
    pdf = out / "appeal" / LANG / f"{RID}.pdf"
    texts = [pdf_text(pdf)]
    if shutil.which("pdftotext"):
        texts.append(_poppler_text(pdf))
    for text in texts:
        for phrase in PDF_SAYS:
            assert fold_spaces(phrase) in text, phrase
        for english in ENGLISH:
            assert english not in text, english
        assert CAMPAIGN["subject"] in text
        assert "\x00" not in text  # no .notdef drawn for a space
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
        assert "NotoSerifArmenian" in fonts or "Letters-Armenian" in fonts, fonts
