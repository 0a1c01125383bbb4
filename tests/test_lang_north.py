"""Dutch, Danish, Swedish, Finnish, Estonian and Hungarian, shipped (issue 8, "Any language"): the
salutation and closing per office and gender (and the neutral case), the plural phrases for 1, 2,
5, 11, 21, 22, 25, 101, 111 in rendered letters (Finnish and Estonian take the partitive singular
after a number: "5 henkilöä", "5 inimest"; Hungarian keeps the singular: "5 személy"), quotation
marks, the subject label, and one PDF per language with every glyph drawn and no English toolkit
string left. The letters are fictional; names and figures are invented."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_forms_of_address as shipped_tables
from conftest import fold_spaces, make_campaign, pdf_reader, pdf_text, run_cli
from langkit import CONSENT, ENGLISH, letter_text, people, translate_letter

from letters import address
from letters.catalogs import load_checked
from letters.fonts import missing_glyphs
from letters.lang import plurals
from letters.localization import Formatter
from letters.model import Recipient
from letters.resources import locales_dir

LANGS = ("nl", "da", "sv", "fi", "et", "hu")
COUNTS = (1, 2, 5, 11, 21, 22, 25, 101, 111)
HONORIFICS = address.HONORIFICS

# honorific: (female, male, neutral salutation, closing); no name known
NL = "Hoogachtend,"
DA, DA_HIGH = "Med venlig hilsen", "Med højagtelse"
SV, SV_HIGH = "Med vänlig hälsning", "Högaktningsfullt"
FI = "Kunnioittavasti"
ET = "Lugupidamisega"
HU = "Tisztelettel:"
HU_NEUTRAL = "Tisztelt Hölgyem/Uram!"


def _same(form: str, closing: str) -> tuple[str, str, str, str]:
    return (form, form, form, closing)


def _hu(office: str, polite: str = "Tisztelt") -> tuple[str, str, str, str]:
    return (f"{polite} {office} Asszony!", f"{polite} {office} Úr!", HU_NEUTRAL, HU)


def _et(office: str) -> tuple[str, str, str, str]:
    return (f"Lugupeetud proua {office}!", f"Lugupeetud härra {office}!", f"Lugupeetud {office}!", ET)


SALUTATIONS: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "nl": {
        "excellency": _same("Excellentie,", NL),
        "secretary-general": _same("Geachte secretaris-generaal,", NL),
        "president": _same("Excellentie,", NL),
        "chancellor": _same("Geachte bondskanselier,", NL),
        "envoy": _same("Geachte speciaal gezant,", NL),
        "head-of-delegation": _same("Geachte delegatieleider,", NL),
        "minister": _same("Geachte minister,", NL),
        "ambassador": _same("Excellentie,", NL),
        "default": ("Geachte mevrouw,", "Geachte heer,", "Geachte heer, mevrouw,", NL),
    },
    "da": {
        "excellency": _same("Deres Excellence", DA_HIGH),
        "secretary-general": _same("Kære generalsekretær", DA),
        "president": _same("Deres Excellence", DA_HIGH),
        "chancellor": _same("Kære forbundskansler", DA),
        "envoy": _same("Kære særlige udsending", DA),
        "head-of-delegation": _same("Kære delegationsleder", DA),
        "minister": _same("Kære minister", DA),
        "ambassador": _same("Deres Excellence", DA_HIGH),
        "default": _same("Til rette vedkommende", DA),
    },
    "sv": {
        "excellency": _same("Ers Excellens", SV_HIGH),
        "secretary-general": _same("Ärade generalsekreterare", SV),
        "president": _same("Ers Excellens", SV_HIGH),
        "chancellor": _same("Ärade förbundskansler", SV),
        "envoy": _same("Ärade särskilda sändebud", SV),
        "head-of-delegation": _same("Ärade delegationschef", SV),
        "minister": _same("Ärade minister", SV),
        "ambassador": _same("Ers Excellens", SV_HIGH),
        "default": _same("Till vederbörande", SV),
    },
    "fi": {
        "excellency": _same("Teidän Ylhäisyytenne", FI),
        "secretary-general": _same("Arvoisa pääsihteeri", FI),
        "president": _same("Arvoisa presidentti", FI),
        "chancellor": _same("Arvoisa liittokansleri", FI),
        "envoy": _same("Arvoisa erityislähettiläs", FI),
        "head-of-delegation": _same("Arvoisa valtuuskunnan päällikkö", FI),
        "minister": _same("Arvoisa ministeri", FI),
        "ambassador": _same("Arvoisa suurlähettiläs", FI),
        "default": _same("Arvoisa vastaanottaja", FI),
    },
    "et": {
        "excellency": _same("Teie Ekstsellents!", ET),
        "secretary-general": _et("peasekretär"),
        "president": _et("president"),
        "chancellor": _et("liidukantsler"),
        "envoy": _et("eriesindaja"),
        "head-of-delegation": _same("Lugupeetud delegatsiooni juht!", ET),
        "minister": _et("minister"),
        "ambassador": ("Lugupeetud proua suursaadik!", "Lugupeetud härra suursaadik!", "Teie Ekstsellents!", ET),
        "default": _same("Lugupeetud daamid ja härrad!", ET),
    },
    "hu": {
        "excellency": ("Excellenciás Asszonyom!", "Excellenciás Uram!", HU_NEUTRAL, HU),
        "secretary-general": _hu("Főtitkár"),
        "president": _hu("Elnök"),
        "chancellor": _hu("Kancellár"),
        "envoy": _hu("Különmegbízott"),
        "head-of-delegation": _hu("Delegációvezető"),
        "minister": _hu("Miniszter"),
        "ambassador": _hu("Nagykövet", "Excellenciás"),
        "default": ("Tisztelt Hölgyem!", "Tisztelt Uram!", HU_NEUTRAL, HU),
    },
}
CASES = [
    (lang, honorific, gender, forms[i], forms[3])
    for lang, table in SALUTATIONS.items()
    for honorific, forms in table.items()
    for i, gender in enumerate(("female", "male", "neutral"))
]


def rec(lang: str, honorific: str, gender: str) -> Recipient:
    return Recipient(id="r", office="Office", language=lang, honorific=honorific, gender=gender)


def test_every_office_of_every_language_is_in_the_table() -> None:
    assert {(lang, h) for lang, h, *_ in CASES} == {(lang, h) for lang in LANGS for h in HONORIFICS}


@pytest.mark.parametrize(("lang", "honorific", "gender", "salutation", "closing"), CASES)
def test_salutation_and_closing(lang: str, honorific: str, gender: str, salutation: str, closing: str) -> None:
    r = rec(lang, honorific, gender)
    sal = address.salutation(r, lang, "Office", None)
    assert sal == salutation
    assert address.valediction(r, lang, sal) == closing


@pytest.mark.parametrize(("lang", "end"), [("nl", ","), ("da", ""), ("sv", ""), ("fi", ""), ("et", "!"), ("hu", "!")])
def test_salutation_punctuation_follows_the_language(lang: str, end: str | None) -> None:
    """Finnish, Danish and Swedish: no comma after the salutation (in Finnish the text, which starts
    with a capital, would then have to start in lower case; Danish and Swedish letters commonly set
    none, though the Swedish Royal Court writes "Ers Excellens," too); Estonian and Hungarian: an
    exclamation mark."""
    for _l, _h, _g, salutation, closing in (c for c in CASES if c[0] == lang):
        if end == "":
            assert salutation[-1].isalpha(), salutation
        elif end is not None:
            assert salutation.endswith(end), salutation
        assert not closing.endswith(",") or lang == "nl", closing  # "Hoogachtend," only
    assert address.valediction(rec("hu", "default", "neutral"), "hu", HU_NEUTRAL).endswith(":")


@pytest.mark.parametrize(
    ("lang", "named_female", "named_male", "named_neutral"),
    [
        ("nl", "Geachte mevrouw Voorbeeld,", "Geachte heer Voorbeeld,", "Geachte Anne Voorbeeld,"),
        ("da", "Kære Anne Voorbeeld", "Kære Anne Voorbeeld", "Kære Anne Voorbeeld"),
        ("sv", "Bästa Anne Voorbeeld", "Bästa Anne Voorbeeld", "Bästa Anne Voorbeeld"),
        ("fi", "Hyvä Anne Voorbeeld", "Hyvä Anne Voorbeeld", "Hyvä Anne Voorbeeld"),
        ("et", "Lugupeetud proua Voorbeeld!", "Lugupeetud härra Voorbeeld!", "Lugupeetud Anne Voorbeeld!"),
        ("hu", "Tisztelt Voorbeeld Asszony!", "Tisztelt Voorbeeld Úr!", HU_NEUTRAL),
    ],
)
def test_named_forms(lang: str, named_female: str, named_male: str, named_neutral: str) -> None:
    for gender, want in (("female", named_female), ("male", named_male), ("neutral", named_neutral)):
        assert address.salutation(rec(lang, "default", gender), lang, "Office", "Anne Voorbeeld") == want


def test_only_hungarian_office_forms_need_the_holders_gender() -> None:
    """Dutch, the Nordic languages and Estonian address the office itself ("Geachte minister,",
    "Arvoisa ministeri", "Lugupeetud minister!"); Hungarian needs "Úr" or "Asszony"."""
    for lang in LANGS:
        want = set(HONORIFICS) - {"default"} if lang == "hu" else set()
        assert address.needs_gender(lang) == want, lang
        for honorific in HONORIFICS:
            problem = address.gender_problem(rec(lang, honorific, "neutral"), lang, None)
            assert (problem is not None) == (honorific in want), (lang, honorific)
            assert address.gender_problem(rec(lang, honorific, "female"), lang, None) is None


@pytest.mark.parametrize(
    ("lang", "attention", "group_neutral", "excellencies", "label"),
    [
        ("nl", "t.a.v.\u00a0Kabinet", "Geachte dames en heren,", "Excellenties,", "Onderwerp:"),
        ("da", "Att.:\u00a0Kabinet", "Mine damer og herrer", "Deres Excellencer", None),
        ("sv", "Att.\u00a0Kabinet", "Mina damer och herrar", "Ers Excellenser", None),
        ("fi", "Att.\u00a0Kabinet", "Arvoisat vastaanottajat", "Teidän Ylhäisyytenne", None),
        ("et", "Kabinet", "Lugupeetud daamid ja härrad!", "Teie Ekstsellentsid!", None),
        ("hu", "Kabinet részére", "Tisztelt Hölgyeim és Uraim!", "Excellenciás Hölgyeim és Uraim!", "Tárgy:"),
    ],
)
def test_attention_group_and_subject_label(
    lang: str, attention: str, group_neutral: str, excellencies: str, label: str | None
) -> None:
    assert address.attention_line(lang, "Kabinet") == attention
    table = address.forms_data()[lang]["group"]["salutation"]
    assert table["default"]["neutral"] == group_neutral
    assert table["excellency"]["neutral"] == excellencies
    assert address.subject_label(lang) == (label is not None)
    if label:
        assert _toolkit(lang).pgettext("letter", "Subject:") == label


@pytest.mark.parametrize("lang", LANGS)
def test_the_forms_of_address_table_matches_the_data(lang: str) -> None:
    shipped_tables.test_the_forms_of_address_table_matches_the_data(lang)


@pytest.mark.parametrize(
    ("lang", "outer", "inner"),
    [
        ("nl", "\u2018X\u2019", "\u2018X\u2019"),
        ("da", "\u201cX\u201d", "\u2018X\u2019"),
        ("sv", "\u201dX\u201d", "\u2019X\u2019"),
        ("fi", "\u201dX\u201d", "\u2019X\u2019"),
        ("et", "\u201eX\u201c", "\u201aX\u2018"),
        ("hu", "\u201eX\u201d", "\u00bbX\u00ab"),
    ],
)
def test_quotation_marks(lang: str, outer: str, inner: str) -> None:
    f = Formatter(lang)
    assert (f.quote("X"), f.inner_quote("X")) == (outer, inner)


def _toolkit(lang: str):  # type: ignore[no-untyped-def]
    from letters.catalogs import CatalogSet

    return CatalogSet(locales_dir(), None, "en").translator(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete_with_the_proposed_plural_rule(lang: str) -> None:
    path = locales_dir() / lang / "LC_MESSAGES" / "letters.po"
    loaded = load_checked(path, str(path), lang)
    assert loaded.problems == []
    rule = plurals.proposed(lang)
    assert loaded.catalog.num_plurals == rule.nplurals
    text = path.read_text("utf-8")
    assert f"Plural-Forms: {rule.header}" in text.replace('"\n"', "")
    assert f'"Language: {lang}\\n"' in text
    for msg in loaded.catalog:
        if msg.id:
            strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
            assert all(strings) and not msg.fuzzy, (lang, msg.id)
            assert len(strings) == (rule.nplurals if msg.pluralizable else 1)
    assert '\\"' not in text.split("\n\n", 1)[1]  # no straight double quotes in translations


# --- plurals in rendered letters --------------------------------------------------------------------


def _plural(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many).format(n=n)


# n: (age after the name, "and n others...", "n ... not named", "signed by n")
PLURALS: dict[str, dict[int, tuple[str, str, str, str]]] = {
    "nl": {
        n: (
            f"{n} jaar",
            f"en nog {n} ondertekenaars die niet bij naam worden genoemd",
            f"{n} ondertekenaars die niet bij naam worden genoemd",
            _plural(n, "Ondertekend door {n} persoon:", "Ondertekend door {n} personen:"),
        )
        for n in COUNTS
    },
    "da": {
        n: (
            f"{n} år",
            f"og {n} andre underskrivere, som ikke nævnes ved navn",
            f"{n} underskrivere, som ikke nævnes ved navn",
            _plural(n, "Underskrevet af {n} person:", "Underskrevet af {n} personer:"),
        )
        for n in COUNTS
    },
    "sv": {
        n: (
            f"{n} år",
            f"och ytterligare {n} undertecknare som inte namnges",
            f"{n} undertecknare som inte namnges",
            _plural(n, "Undertecknat av {n} person:", "Undertecknat av {n} personer:"),
        )
        for n in COUNTS
    },
    "fi": {  # partitive singular after every number but 1, also 21 and 101
        n: (
            f"{n}-vuotias",
            f"ja {n} muuta allekirjoittajaa, joiden nimiä ei mainita",
            f"{n} allekirjoittajaa, joiden nimiä ei mainita",
            _plural(n, "Kirjeen on allekirjoittanut {n} henkilö:", "Kirjeen on allekirjoittanut {n} henkilöä:"),
        )
        for n in COUNTS
    },
    "et": {  # likewise
        n: (
            f"{n}-aastane",
            f"ja veel {n} allakirjutanut, kelle nimesid ei avaldata",
            f"{n} allakirjutanut, kelle nimesid ei avaldata",
            _plural(n, "Kirjale on alla kirjutanud {n} inimene:", "Kirjale on alla kirjutanud {n} inimest:"),
        )
        for n in COUNTS
    },
    "hu": {  # the noun stays singular after a number
        n: (
            f"{n} éves",
            f"és még {n} aláíró, akiknek a neve nem szerepel",
            f"{n} aláíró, akiknek a neve nem szerepel",
            f"A levelet {n} személy írta alá:",
        )
        for n in COUNTS
    },
}
ONE = {
    "nl": (
        "en nog één ondertekenaar die niet bij naam wordt genoemd",
        "één ondertekenaar die niet bij naam wordt genoemd",
    ),
    "da": ("og én anden underskriver, som ikke nævnes ved navn", "én underskriver, som ikke nævnes ved navn"),
    "sv": ("och ytterligare en undertecknare som inte namnges", "en undertecknare som inte namnges"),
    "fi": ("ja yksi muu allekirjoittaja, jonka nimeä ei mainita", "yksi allekirjoittaja, jonka nimeä ei mainita"),
    "et": ("ja veel üks allakirjutanu, kelle nime ei avaldata", "üks allakirjutanu, kelle nime ei avaldata"),
    "hu": ("és még egy aláíró, akinek a neve nem szerepel", "egy aláíró, akinek a neve nem szerepel"),
}
RECIPIENTS = """\
r:
  office: Office
  language: {lang}
  honorific: minister
  gender: female
"""


@pytest.fixture(scope="module")
def render(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """render(n, named, lang) -> the letter's text (HTML without tags, spaces folded)."""
    root = make_campaign(tmp_path_factory.mktemp("north") / "c")

    def run(n: int, named: bool, lang: str) -> str:
        (root / "recipients.yaml").write_text(RECIPIENTS.format(lang=lang), "utf-8")
        (root / "signatories.yaml").write_text(people(n, ("anne", "Anne Voorbeeld", n) if named else None), "utf-8")
        return letter_text(root, lang, "r")

    return run


@pytest.mark.parametrize("lang", LANGS)
def test_plural_phrases_in_the_rendered_letter(render, lang: str) -> None:  # type: ignore[no-untyped-def]
    for n in COUNTS:
        age, others, alone, signed = PLURALS[lang][n]
        with_named = render(n, True, lang)
        assert f"Anne Voorbeeld, {age}" in with_named, (lang, n)
        assert (ONE[lang][0] if n == 1 else others) in with_named, (lang, n)
        if n + 1 in COUNTS:  # the named signatory and n others
            assert PLURALS[lang][n + 1][3] in with_named, (lang, n)
        only_unnamed = render(n, False, lang)
        assert (ONE[lang][1] if n == 1 else alone) in only_unnamed, (lang, n)
        assert signed in only_unnamed, (lang, n)


# --- one PDF per language ---------------------------------------------------------------------------

# subject, opening, body (with a quotation), closing, demand
LETTERS = {
    "nl": (
        "Vrijlating van politieke gevangenen als voorwaarde voor elk vredesakkoord",
        "Vandaag worden {fact:prisoners} mensen om politieke redenen vastgehouden.",
        "Ieder van hen heeft een familie die \u2018thuis\u2019 wacht.",
        "Wij danken u voor uw aandacht.",
        "Maak de vrijlating van alle politieke gevangenen tot voorwaarde voor elk vredesakkoord.",
    ),
    "da": (
        "Løsladelse af politiske fanger som betingelse for enhver fredsaftale",
        "I dag holdes {fact:prisoners} mennesker fængslet af politiske grunde.",
        "Hver af dem har en familie, der venter \u201cderhjemme\u201d.",
        "Vi takker for opmærksomheden.",
        "Gør løsladelsen af alle politiske fanger til en betingelse for enhver fredsaftale.",
    ),
    "sv": (
        "Frigivning av politiska fångar som villkor för varje fredsavtal",
        "I dag hålls {fact:prisoners} människor fängslade av politiska skäl.",
        "Var och en av dem har en familj som väntar \u201dhemma\u201d.",
        "Vi tackar för uppmärksamheten.",
        "Gör frigivningen av alla politiska fångar till ett villkor för varje fredsavtal.",
    ),
    "fi": (
        "Poliittisten vankien vapauttaminen jokaisen rauhansopimuksen ehdoksi",
        "Tänään {fact:prisoners} ihmistä on vangittuna poliittisista syistä.",
        "Jokaisella heistä on perhe, joka odottaa \u201dkotona\u201d.",
        "Kiitämme huomiostanne.",
        "Tehkää kaikkien poliittisten vankien vapauttamisesta jokaisen rauhansopimuksen ehto.",
    ),
    "et": (
        "Poliitvangide vabastamine iga rahulepingu tingimusena",
        "Täna hoitakse poliitilistel põhjustel kinni {fact:prisoners} inimest.",
        "Igaüht neist ootab \u201ekodus\u201c perekond.",
        "Täname Teid tähelepanu eest.",
        "Tehke kõigi poliitvangide vabastamine iga rahulepingu tingimuseks.",
    ),
    "hu": (
        "A politikai foglyok szabadon bocsátása minden békemegállapodás feltételeként",
        "Ma {fact:prisoners} embert tartanak fogva politikai okokból.",
        "Mindegyiküket \u201eotthon\u201d várja a családja.",
        "Köszönjük megtisztelő figyelmét.",
        "Tegyék valamennyi politikai fogoly szabadon bocsátását minden békemegállapodás feltételévé.",
    ),
}
COUNTRY = {"nl": "NL", "da": "DK", "sv": "SE", "fi": "FI", "et": "EE", "hu": "HU"}


def campaign_in(root: Path, lang: str) -> Path:
    translate_letter(root, lang, LETTERS[lang])
    (root / "recipients.yaml").write_text(
        f"minister:\n  office: Minister\n  name: Anne Voorbeeld\n  language: {lang}\n  country: {COUNTRY[lang]}\n"
        "  honorific: minister\n  gender: female\n  attention: Kabinet\n  address: [Voorbeeldstraat 1, 1000 Stad]\n",
        "utf-8",
    )
    (root / "signatories.yaml").write_text(
        f"anne:\n  name: Øystein Õunapuu-Őry Ääkkönen\n  age: 63\n  status: imprisoned\n  {CONSENT}\n"
        "others:\n  count: 21\n  consent: {level: anonymous}\n",
        "utf-8",
    )
    return root


@pytest.mark.parametrize("lang", LANGS)
def test_a_campaign_letter_makes_a_pdf_with_every_glyph_and_no_english(tmp_path: Path, lang: str) -> None:
    root = campaign_in(make_campaign(tmp_path / "c"), lang)
    check = run_cli("check", root)
    assert check.exit_code == 0, check.output
    assert "missing-glyph" not in check.output and "missing-translation" not in check.output, check.output
    assert "no-address-rules" not in check.output and "needs-gender" not in check.output, check.output
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out)
    assert run.exit_code == 0, run.output
    pdf = out / "appeal" / lang / "minister.pdf"
    text = pdf_text(pdf)
    sal, closing = SALUTATIONS[lang]["minister"][0], SALUTATIONS[lang]["minister"][3]
    status = _toolkit(lang).pgettext("signatory status", "imprisoned")
    for expected in (sal, closing, "Øystein Õunapuu-Őry Ääkkönen", address.attention_line(lang, "Kabinet"), status):
        assert fold_spaces(expected) in text, (lang, expected)
    assert PLURALS[lang][22][3] in text  # 22 signed: one named and 21 unnamed
    assert PLURALS[lang][21][1] in text
    assert Formatter(lang).quote("X")[0] in text  # the body's quotation, in the language's marks
    assert missing_glyphs([text]) == []
    for english in ENGLISH:
        assert english not in text, (lang, english)
    assert pdf_reader(pdf).metadata is not None


# --- Hungarian writes the family name first: "Tisztelt Kovács Úr!", never "Tisztelt János Úr!" ---

HU_RECIPIENT = """\
hu-official:
  office: Head of the Example Office
  name: {NAMES}
  language: hu
  country: HU
  gender: male
"""


@pytest.mark.parametrize(
    ("names", "salutation"),
    [
        ('{hu: "Kovács János", Latn: "János Kovács"}', "Tisztelt Kovács Úr!"),  # the Hungarian form, family first
        ('"János Kovács"', "Tisztelt Kovács Úr!"),  # one form for every language, in the usual Latin order
        ('{Latn: "János Kovács"}', "Tisztelt Kovács Úr!"),
    ],
)
def test_a_hungarian_salutation_takes_the_family_name(tmp_path: Path, names: str, salutation: str) -> None:
    root = make_campaign(tmp_path / "c")
    (root / "recipients.yaml").write_text(HU_RECIPIENT.replace("{NAMES}", names), "utf-8")
    run = run_cli("render", root, "--letter", "appeal", "-r", "hu-official")
    assert run.exit_code == 0, run.output
    assert f'<p class="salutation">{salutation}</p>' in run.stdout
    english = run_cli("render", root, "--letter", "appeal", "-r", "hu-official", "-l", "en").stdout
    assert '<p class="salutation">Dear Mr Kovács,</p>' in english  # the English letter: the last word


def test_the_name_order_of_a_language_is_data() -> None:
    assert address.name_order("hu") == "family-first"
    assert {address.name_order(lang) for lang in address.shipped_forms() if lang != "hu"} == {"given-first"}
    assert address.surname_of("Kovács János", "hu", own_form=True) == "Kovács"
    assert address.surname_of("Kovács János", "hu", own_form=False) == "János"
    assert address.surname_of("Anna Schmidt", "de", own_form=True) == "Schmidt"
