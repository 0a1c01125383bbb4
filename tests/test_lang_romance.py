"""Spanish, Italian, European Portuguese and Romanian, shipped (issue 8, "Any language"): the
salutation and closing per office and gender (and the neutral case), the plural phrases for 1, 2,
5, 11, 21, 22, 25, 101, 111 in rendered letters (Romanian's third form takes "de": "21 de
persoane", but "101 persoane"), quotation marks, and one PDF per language with every glyph drawn
and no English toolkit string left. The letters are fictional; names and figures are invented."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import fold_spaces, make_campaign, pdf_reader, pdf_text, run_cli
from langkit import CONSENT, ENGLISH, letter_text, people, translate_letter

from letters import address
from letters.catalogs import CatalogSet, load_checked
from letters.fonts import missing_glyphs
from letters.localization import Formatter
from letters.model import Recipient
from letters.resources import locales_dir

LANGS = ("es", "it", "pt", "ro")
COUNTS = (1, 2, 5, 11, 21, 22, 25, 101, 111)

# honorific: (female, male, neutral salutation), closing for the three
ES_HIGH = "Aprovechamos la ocasión para expresarle el testimonio de nuestra más alta consideración."
PT_HIGH = "Com a mais elevada consideração,"
RO_HIGH = "Cu deosebită considerație,"
SALUTATIONS: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "es": {
        "excellency": ("Excelencia:", "Excelencia:", "Excelencia:", ES_HIGH),
        "secretary-general": ("Señora secretaria general:", "Señor secretario general:", "Excelencia:", ES_HIGH),
        "president": ("Señora presidenta:", "Señor presidente:", "Excelencia:", ES_HIGH),
        "chancellor": ("Señora canciller:", "Señor canciller:", "Excelencia:", ES_HIGH),
        "envoy": ("Señora enviada especial:", "Señor enviado especial:", "Señora, señor:", "Atentamente,"),
        "head-of-delegation": (
            "Señora jefa de delegación:",
            "Señor jefe de delegación:",
            "Señora, señor:",
            "Atentamente,",
        ),
        "minister": ("Señora ministra:", "Señor ministro:", "Excelencia:", ES_HIGH),
        "ambassador": ("Señora embajadora:", "Señor embajador:", "Excelencia:", ES_HIGH),
        "default": ("Señora:", "Señor:", "Señoras y señores:", "Atentamente,"),
    },
    "it": {
        "excellency": ("Eccellenza,", "Eccellenza,", "Eccellenza,", "{high}"),
        "secretary-general": ("Signora Segretaria generale,", "Signor Segretario generale,", "Eccellenza,", "{high}"),
        "president": ("Signora Presidente,", "Signor Presidente,", "Eccellenza,", "{high}"),
        "chancellor": ("Signora Cancelliera,", "Signor Cancelliere,", "Eccellenza,", "{high}"),
        "envoy": (
            "Signora Inviata speciale,",
            "Signor Inviato speciale,",
            "Gentile Signora, gentile Signore,",
            "Distinti saluti",
        ),
        "head-of-delegation": (
            "Signora Capo delegazione,",
            "Signor Capo delegazione,",
            "Gentile Capo delegazione,",
            "Distinti saluti",
        ),
        "minister": ("Signora Ministra,", "Signor Ministro,", "Eccellenza,", "{high}"),
        "ambassador": ("Signora Ambasciatrice,", "Signor Ambasciatore,", "Eccellenza,", "{high}"),
        "default": ("Gentile Signora,", "Egregio Signore,", "Gentili Signore e Signori,", "Distinti saluti"),
    },
    "pt": {
        "excellency": ("Excelência,", "Excelência,", "Excelência,", PT_HIGH),
        "secretary-general": (
            "Excelentíssima Senhora Secretária-Geral,",
            "Excelentíssimo Senhor Secretário-Geral,",
            "Excelência,",
            PT_HIGH,
        ),
        "president": (
            "Excelentíssima Senhora Presidente,",
            "Excelentíssimo Senhor Presidente,",
            "Excelência,",
            PT_HIGH,
        ),
        "chancellor": ("Excelentíssima Senhora Chanceler,", "Excelentíssimo Senhor Chanceler,", "Excelência,", PT_HIGH),
        "envoy": (
            "Excelentíssima Senhora Enviada Especial,",
            "Excelentíssimo Senhor Enviado Especial,",
            "Exmo.(a) Senhor(a),",
            "Com os melhores cumprimentos,",
        ),
        "head-of-delegation": (
            "Excelentíssima Senhora Chefe de Delegação,",
            "Excelentíssimo Senhor Chefe de Delegação,",
            "Exmo.(a) Senhor(a),",
            "Com os melhores cumprimentos,",
        ),
        "minister": ("Excelentíssima Senhora Ministra,", "Excelentíssimo Senhor Ministro,", "Excelência,", PT_HIGH),
        "ambassador": (
            "Excelentíssima Senhora Embaixadora,",
            "Excelentíssimo Senhor Embaixador,",
            "Excelência,",
            PT_HIGH,
        ),
        "default": ("Exma. Senhora,", "Exmo. Senhor,", "Exmos. Senhores,", "Com os melhores cumprimentos,"),
    },
    "ro": {
        "excellency": ("Excelența Voastră,", "Excelența Voastră,", "Excelența Voastră,", RO_HIGH),
        "secretary-general": (
            "Stimată doamnă Secretar General,",
            "Stimate domnule Secretar General,",
            "Excelența Voastră,",
            RO_HIGH,
        ),
        "president": ("Stimată doamnă Președinte,", "Stimate domnule Președinte,", "Excelența Voastră,", RO_HIGH),
        "chancellor": ("Stimată doamnă Cancelar,", "Stimate domnule Cancelar,", "Excelența Voastră,", RO_HIGH),
        "envoy": (
            "Stimată doamnă Trimis Special,",
            "Stimate domnule Trimis Special,",
            "Stimată doamnă, stimate domnule,",
            "Cu stimă,",
        ),
        "head-of-delegation": (
            "Stimată doamnă șef al delegației,",
            "Stimate domnule șef al delegației,",
            "Stimată doamnă, stimate domnule,",
            "Cu stimă,",
        ),
        "minister": ("Stimată doamnă Ministru,", "Stimate domnule Ministru,", "Excelența Voastră,", RO_HIGH),
        "ambassador": ("Stimată doamnă Ambasador,", "Stimate domnule Ambasador,", "Excelența Voastră,", RO_HIGH),
        "default": ("Stimată doamnă,", "Stimate domnule,", "Stimate doamne, stimați domni,", "Cu stimă,"),
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


@pytest.mark.parametrize(("lang", "honorific", "gender", "salutation", "closing"), CASES)
def test_salutation_and_closing(lang: str, honorific: str, gender: str, salutation: str, closing: str) -> None:
    r = rec(lang, honorific, gender)
    sal = address.salutation(r, lang, "Office", None)
    assert sal == salutation
    if closing == "{high}":  # Italian: the diplomatic closing repeats the salutation
        closing = f"Voglia gradire, {salutation.rstrip(',')}, i sensi della nostra più alta considerazione."
    assert address.valediction(r, lang, sal) == closing


def test_spanish_salutations_end_with_a_colon_the_others_with_a_comma() -> None:
    for lang, end in (("es", ":"), ("it", ","), ("pt", ","), ("ro", ",")):
        for _l, _h, _g, salutation, _c in (c for c in CASES if c[0] == lang):
            assert salutation.endswith(end) and not salutation.endswith(end * 2), (lang, salutation)


@pytest.mark.parametrize(
    ("lang", "named_female", "named_male"),
    [
        ("es", "Señora Ejemplo:", "Señor Ejemplo:"),
        ("it", "Gentile Signora Ejemplo,", "Egregio Signor Ejemplo,"),
        ("ro", "Stimată doamnă Ejemplo,", "Stimate domnule Ejemplo,"),
        ("pt", "Exma. Senhora,", "Exmo. Senhor,"),  # Portuguese does not address by surname alone
    ],
)
def test_named_forms_use_the_surname(lang: str, named_female: str, named_male: str) -> None:
    for gender, want in (("female", named_female), ("male", named_male)):
        assert address.salutation(rec(lang, "default", gender), lang, "Office", "Ana Ejemplo") == want


@pytest.mark.parametrize("lang", LANGS)
def test_a_stopgap_neutral_form_is_warned_about(lang: str) -> None:
    assert address.gender_problem(rec(lang, "president", "neutral"), lang, None) is not None
    assert address.gender_problem(rec(lang, "president", "female"), lang, None) is None
    assert address.gender_problem(rec(lang, "ambassador", "neutral"), lang, None) is None  # "Excelencia:" is theirs
    assert address.gender_problem(rec(lang, "default", "neutral"), lang, None) is None


def test_italian_head_of_delegation_needs_no_gender() -> None:
    """'Gentile Capo delegazione,' is gender-neutral in Italian; the other languages' neutral form is a stopgap."""
    assert "head-of-delegation" not in address.needs_gender("it")
    assert {"es", "pt", "ro"} == {lang for lang in LANGS if "head-of-delegation" in address.needs_gender(lang)}


@pytest.mark.parametrize(
    ("lang", "attention", "group_neutral", "excellencies"),
    [
        ("es", "A la atención de Gabinete", "Señoras y señores:", "Excelencias:"),
        ("it", "Alla cortese attenzione di Gabinete", "Gentili Signore e Signori,", "Eccellenze,"),
        ("pt", "À atenção de Gabinete", "Exmas. Senhoras e Exmos. Senhores,", "Excelências,"),
        ("ro", "În atenția: Gabinete", "Stimate doamne, stimați domni,", "Excelențele Voastre,"),
    ],
)
def test_attention_line_and_group_salutations(lang: str, attention: str, group_neutral: str, excellencies: str) -> None:
    assert address.attention_line(lang, "Gabinete") == attention
    table = address.forms_data()[lang]["group"]["salutation"]
    assert table["default"]["neutral"] == group_neutral
    assert table["excellency"]["neutral"] == table["ambassador"]["neutral"] == excellencies
    assert address.subject_label(lang) is True


@pytest.mark.parametrize(
    ("lang", "outer", "inner"),
    [
        ("es", "\u00abX\u00bb", "\u201cX\u201d"),
        ("it", "\u00abX\u00bb", "\u201cX\u201d"),
        ("pt", "\u00abX\u00bb", "\u201cX\u201d"),  # European Portuguese
        ("pt-BR", "\u201cX\u201d", "\u2018X\u2019"),  # Brazil writes differently
        ("ro", "\u201eX\u201d", "\u00abX\u00bb"),
    ],
)
def test_quotation_marks(lang: str, outer: str, inner: str) -> None:
    f = Formatter(lang)
    assert (f.quote("X"), f.inner_quote("X")) == (outer, inner)


# "as of" before a date whose day starts with a vowel (8, 11): Italian "al 8 giugno" would be wrong
# (the article elides: "all'8"), so Italian says "in data 8 giugno", which takes no article.
AS_OF = {
    "es": "a 8 de junio de 2025",
    "it": "in data 8 giugno 2025",
    "pt": "à data de 8 de junho de 2025",
    "ro": "la 8 iunie 2025",
}


@pytest.mark.parametrize("lang", LANGS)
def test_as_of_reads_right_before_any_day(lang: str) -> None:
    t = CatalogSet(locales_dir(), None, "en").translator(lang)
    for day in (date(2025, 6, 8), date(2025, 7, 11), date(2025, 6, 1)):
        got = fold_spaces(t.gettext("as of %(date)s") % {"date": Formatter(lang).date(day)})
        assert not re.match(r"al \d", got), (lang, got)
    assert fold_spaces(t.gettext("as of %(date)s") % {"date": Formatter(lang).date(date(2025, 6, 8))}) == AS_OF[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete_with_the_proposed_plural_rule(lang: str) -> None:
    from letters.lang import plurals

    path = locales_dir() / lang / "LC_MESSAGES" / "letters.po"
    loaded = load_checked(path, str(path), lang)
    assert loaded.problems == []
    rule = plurals.proposed(lang)
    assert loaded.catalog.num_plurals == rule.nplurals
    text = path.read_text("utf-8")
    assert f"Plural-Forms: {rule.header}" in text.replace('"\n"', "")
    for msg in loaded.catalog:
        if msg.id:
            strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
            assert all(strings) and not msg.fuzzy, (lang, msg.id)
            assert len(strings) == (rule.nplurals if msg.pluralizable else 1)
    assert '\\"' not in text.split("\n\n", 1)[1]  # no straight double quotes in translations


# --- plurals in rendered letters --------------------------------------------------------------------

# n: (age after the name, "and n others...", "n ... not named", "signed by n")
PLURALS: dict[str, dict[int, tuple[str, str, str, str]]] = {
    "es": {
        n: (
            f"{n} año" if n == 1 else f"{n} años",
            f"y {n} firmantes más cuyos nombres no se indican",
            f"{n} firmantes cuyos nombres no se indican",
            f"Firmada por {n} persona:" if n == 1 else f"Firmada por {n} personas:",
        )
        for n in COUNTS
    },
    "it": {
        n: (
            f"{n} anno" if n == 1 else f"{n} anni",
            f"e altri {n} firmatari i cui nomi non sono indicati",
            f"{n} firmatari i cui nomi non sono indicati",
            f"Firmata da {n} persona:" if n == 1 else f"Firmata da {n} persone:",
        )
        for n in COUNTS
    },
    "pt": {
        n: (
            f"{n} ano" if n == 1 else f"{n} anos",
            f"e mais {n} signatários cujos nomes não são indicados",
            f"{n} signatários cujos nomes não são indicados",
            f"Assinada por {n} pessoa:" if n == 1 else f"Assinada por {n} pessoas:",
        )
        for n in COUNTS
    },
    "ro": {
        n: (
            {1: "1 an", 2: "2 ani", 5: "5 ani", 11: "11 ani", 101: "101 ani", 111: "111 ani"}.get(n, f"{n} de ani"),
            f"și încă {n} {'de ' if n in (21, 22, 25) else ''}semnatari ale căror nume nu sunt menționate",
            f"{n} {'de ' if n in (21, 22, 25) else ''}semnatari ale căror nume nu sunt menționate",
            {1: "Semnată de 1 persoană:"}.get(n, f"Semnată de {n} {'de ' if n in (21, 22, 25) else ''}persoane:"),
        )
        for n in COUNTS
    },
}
ONE = {
    "es": ("y otro firmante cuyo nombre no se indica", "un firmante cuyo nombre no se indica"),
    "it": ("e un altro firmatario il cui nome non è indicato", "un firmatario il cui nome non è indicato"),
    "pt": ("e outro signatário cujo nome não é indicado", "um signatário cujo nome não é indicado"),
    "ro": ("și încă un semnatar al cărui nume nu este menționat", "un semnatar al cărui nume nu este menționat"),
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
    root = make_campaign(tmp_path_factory.mktemp("romance") / "c")

    def run(n: int, named: bool, lang: str) -> str:
        (root / "recipients.yaml").write_text(RECIPIENTS.format(lang=lang), "utf-8")
        (root / "signatories.yaml").write_text(people(n, ("ana", "Ana Ejemplo", n) if named else None), "utf-8")
        return letter_text(root, lang, "r")

    return run


@pytest.mark.parametrize("lang", LANGS)
def test_plural_phrases_in_the_rendered_letter(render, lang: str) -> None:  # type: ignore[no-untyped-def]
    for n in COUNTS:
        age, others, alone, signed = PLURALS[lang][n]
        with_named = render(n, True, lang)
        assert f"Ana Ejemplo, {age}" in with_named, (lang, n)
        assert (ONE[lang][0] if n == 1 else others) in with_named, (lang, n)
        only_unnamed = render(n, False, lang)
        assert (ONE[lang][1] if n == 1 else alone) in only_unnamed, (lang, n)
        assert signed in only_unnamed, (lang, n)


# --- one PDF per language ---------------------------------------------------------------------------

LETTERS = {
    "es": (
        "Liberación de los presos políticos como condición de todo acuerdo de paz",
        "Hoy {fact:prisoners} personas están detenidas por motivos políticos.",
        "Cada una de ellas tiene una familia que la espera, «en casa».",
        "Le agradecemos su atención.",
        "Hacer de la liberación de todos los presos políticos una condición de todo acuerdo de paz.",
    ),
    "it": (
        "Liberazione dei prigionieri politici come condizione di ogni accordo di pace",
        "Oggi {fact:prisoners} persone sono detenute per motivi politici.",
        "Ognuna di loro ha una famiglia che l’aspetta, «a casa».",
        "La ringraziamo per la Sua attenzione.",
        "Fare della liberazione di tutti i prigionieri politici una condizione di ogni accordo di pace.",
    ),
    "pt": (
        "Libertação dos presos políticos como condição de qualquer acordo de paz",
        "Hoje {fact:prisoners} pessoas estão detidas por motivos políticos.",
        "Cada uma delas tem uma família à sua espera, «em casa».",
        "Agradecemos a atenção de Vossa Excelência.",
        "Fazer da libertação de todos os presos políticos uma condição de qualquer acordo de paz.",
    ),
    "ro": (
        "Eliberarea deținuților politici, condiție a oricărui acord de pace",
        "Astăzi {fact:prisoners} de persoane sunt deținute din motive politice.",
        "Fiecare dintre ele are o familie care o așteaptă „acasă”.",
        "Vă mulțumim pentru atenție.",
        "Eliberarea tuturor deținuților politici să fie o condiție a oricărui acord de pace.",
    ),
}


def campaign_in(root: Path, lang: str) -> Path:
    translate_letter(root, lang, LETTERS[lang])
    (root / "recipients.yaml").write_text(
        f"minister:\n  office: Ministra\n  name: Ana Ejemplo\n  language: {lang}\n  country: ES\n"
        "  honorific: minister\n  gender: female\n  attention: Gabinete\n  address: [Calle Ejemplo 1, 28001 Madrid]\n",
        "utf-8",
    )
    (root / "signatories.yaml").write_text(
        f"ana:\n  name: Ștefan Ñúñez-Gonçalves\n  age: 63\n  status: imprisoned\n  {CONSENT}\n"
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
    assert "no-address-rules" not in check.output, check.output
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out)
    assert run.exit_code == 0, run.output
    pdf = out / "appeal" / lang / "minister.pdf"
    text = pdf_text(pdf)
    sal, closing = SALUTATIONS[lang]["minister"][0], SALUTATIONS[lang]["minister"][3]
    if closing == "{high}":
        closing = f"Voglia gradire, {sal.rstrip(',')}, i sensi della nostra più alta considerazione."
    for expected in (sal, closing, "Ștefan Ñúñez-Gonçalves", address.attention_line(lang, "Gabinete")):
        assert fold_spaces(expected) in text, (lang, expected)
    assert PLURALS[lang][22][3] in text  # 22 signed: one named and 21 unnamed
    assert missing_glyphs([text]) == []
    for english in ENGLISH:
        assert english not in text, (lang, english)
    assert pdf_reader(pdf).metadata is not None


# --- the docs say what is shipped -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_forms_of_address_table_matches_the_data(lang: str) -> None:
    """The same check as tests/test_forms_of_address.py's, for this group's languages."""
    import test_forms_of_address

    test_forms_of_address.test_the_forms_of_address_table_matches_the_data(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_languages_table_says_shipped_and_unverified(lang: str) -> None:
    doc = (Path(__file__).parent.parent / "docs" / "languages.md").read_text("utf-8")
    row = next(line for line in doc.splitlines() if re.match(rf"\| \w+ `{lang}` \|", line))
    assert row.startswith(f"| {row.split()[1]} `{lang}` | shipped | shipped |")
    assert "unverified by a native professional" in row
    assert not any(f"`{lang}`" in line and "not shipped" in line for line in doc.splitlines())


def test_romanian_writes_s_and_t_with_comma_below() -> None:
    """ș and ț (U+0219, U+021B), never the Turkish cedilla forms ş and ţ that old fonts forced."""
    texts = [
        (locales_dir() / "ro" / "LC_MESSAGES" / "letters.po").read_text("utf-8"),
        (Path(address.__file__).parent / "data" / "address" / "ro.yaml").read_text("utf-8"),
    ]
    for text in texts:
        assert not re.search("[\u015f\u0163\u015e\u0162]", text)
        assert re.search("[\u0219\u021b]", text)
