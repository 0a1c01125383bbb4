"""Lithuanian, Latvian, Greek and Georgian letters (issue 8, "Any language"): the salutation and closing of
every office type and gender (and the neutral stopgap, warned about), the plural phrases for the
counts that break naive translations (1, 2, 5, 11, 21, 22, 25, 101, 111) in rendered letters, the
languages' quotation marks and subject-line convention, and one campaign letter per language made
into a PDF with every character drawn and no English toolkit string left.

The campaigns are fictional and written here, in each language (every name and figure invented)."""

from __future__ import annotations

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
from letters.resources import locales_dir

LANGS = ("lt", "lv", "el", "ka")
COUNTS = (1, 2, 5, 11, 21, 22, 25, 101, 111)


def rec(lang: str, honorific: str, gender: str) -> Recipient:
    return Recipient(id="r", office="Office", language=lang, honorific=honorific, gender=gender)


# --- salutation and closing, per office and gender --------------------------------------------------

LT_HIGH, LT = "Su gilia pagarba", "Pagarbiai"
LV_HIGH, LV = "Ar augstu cieņu", "Ar cieņu"
EL_HIGH, EL = "Με βαθύτατο σεβασμό,", "Με εκτίμηση,"
LT_EXC, LV_EXC = "Jūsų Ekscelencija,", "Jūsu Ekselence!"
EL_NEUTRAL, EL_EXC_NEUTRAL = "Αξιότιμε κύριε / Αξιότιμη κυρία,", "Εξοχότατε κύριε / Εξοχοτάτη κυρία,"
KA_HIGH, KA = "ღრმა პატივისცემით,", "პატივისცემით,"
KA_EXC, KA_P = "თქვენო აღმატებულებავ,", "პატივცემულო"
# honorific: (female, male, neutral, closing)
FORMS: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "lt": {
        "excellency": (LT_EXC, LT_EXC, LT_EXC, LT_HIGH),
        "secretary-general": (
            "Gerbiamoji ponia Generaline Sekretore,",
            "Gerbiamasis pone Generalini Sekretoriau,",
            LT_EXC,
            LT_HIGH,
        ),
        "president": ("Gerbiamoji ponia Prezidente,", "Gerbiamasis pone Prezidente,", LT_EXC, LT_HIGH),
        "chancellor": ("Gerbiamoji ponia Kanclere,", "Gerbiamasis pone Kancleri,", LT_EXC, LT_HIGH),
        "envoy": (
            "Gerbiamoji ponia Specialioji pasiuntine,",
            "Gerbiamasis pone Specialusis pasiuntiny,",
            "Gerbiamieji,",
            LT,
        ),
        "head-of-delegation": (
            "Gerbiamoji ponia Delegacijos vadove,",
            "Gerbiamasis pone Delegacijos vadove,",
            "Gerbiamieji,",
            LT,
        ),
        "minister": ("Gerbiamoji ponia Ministre,", "Gerbiamasis pone Ministre,", LT_EXC, LT_HIGH),
        "ambassador": ("Gerbiamoji ponia Ambasadore,", "Gerbiamasis pone Ambasadoriau,", LT_EXC, LT_HIGH),
        "default": ("Gerbiamoji ponia,", "Gerbiamasis pone,", "Gerbiamieji,", LT),
    },
    "lv": {
        "excellency": (LV_EXC, LV_EXC, LV_EXC, LV_HIGH),
        "secretary-general": (
            "Ļoti cienītā ģenerālsekretāres kundze!",
            "Augsti godātais ģenerālsekretāra kungs!",
            LV_EXC,
            LV_HIGH,
        ),
        "president": ("Ļoti cienītā prezidentes kundze!", "Augsti godātais prezidenta kungs!", LV_EXC, LV_HIGH),
        "chancellor": ("Ļoti cienītā kancleres kundze!", "Augsti godātais kanclera kungs!", LV_EXC, LV_HIGH),
        "envoy": (
            "Cienītā īpašās sūtnes kundze!",
            "Godātais īpašā sūtņa kungs!",
            "Cienītās dāmas un godātie kungi!",
            LV,
        ),
        "head-of-delegation": (
            "Cienītā delegācijas vadītājas kundze!",
            "Godātais delegācijas vadītāja kungs!",
            "Cienītās dāmas un godātie kungi!",
            LV,
        ),
        "minister": ("Ļoti cienītā ministres kundze!", "Augsti godātais ministra kungs!", LV_EXC, LV_HIGH),
        "ambassador": ("Ļoti cienītā vēstnieces kundze!", "Augsti godātais vēstnieka kungs!", LV_EXC, LV_HIGH),
        "default": ("Cienītā kundze!", "Godātais kungs!", "Cienītās dāmas un godātie kungi!", LV),
    },
    "el": {
        "excellency": ("Εξοχοτάτη,", "Εξοχότατε,", EL_EXC_NEUTRAL, EL_HIGH),
        "secretary-general": (
            "Αξιότιμη κυρία Γενική Γραμματέα,",
            "Αξιότιμε κύριε Γενικέ Γραμματέα,",
            EL_NEUTRAL,
            EL_HIGH,
        ),
        "president": ("Αξιότιμη κυρία Πρόεδρε,", "Αξιότιμε κύριε Πρόεδρε,", EL_NEUTRAL, EL_HIGH),
        "chancellor": ("Αξιότιμη κυρία Καγκελάριε,", "Αξιότιμε κύριε Καγκελάριε,", EL_NEUTRAL, EL_HIGH),
        "envoy": ("Αξιότιμη κυρία Ειδική Απεσταλμένη,", "Αξιότιμε κύριε Ειδικέ Απεσταλμένε,", EL_NEUTRAL, EL),
        "head-of-delegation": (
            "Αξιότιμη κυρία Επικεφαλής της Αντιπροσωπείας,",
            "Αξιότιμε κύριε Επικεφαλής της Αντιπροσωπείας,",
            EL_NEUTRAL,
            EL,
        ),
        "minister": ("Αξιότιμη κυρία Υπουργέ,", "Αξιότιμε κύριε Υπουργέ,", EL_NEUTRAL, EL_HIGH),
        "ambassador": ("Εξοχοτάτη κυρία Πρέσβη,", "Εξοχότατε κύριε Πρέσβη,", EL_EXC_NEUTRAL, EL_HIGH),
        "default": ("Αξιότιμη κυρία,", "Αξιότιμε κύριε,", EL_NEUTRAL, EL),
    },
    "ka": {
        "excellency": (KA_EXC, KA_EXC, KA_EXC, KA_HIGH),
        "secretary-general": (
            f"{KA_P} ქალბატონო გენერალურო მდივანო,",
            f"{KA_P} ბატონო გენერალურო მდივანო,",
            KA_EXC,
            KA_HIGH,
        ),
        "president": (f"{KA_P} ქალბატონო პრეზიდენტო,", f"{KA_P} ბატონო პრეზიდენტო,", KA_EXC, KA_HIGH),
        "chancellor": (f"{KA_P} ქალბატონო კანცლერო,", f"{KA_P} ბატონო კანცლერო,", KA_EXC, KA_HIGH),
        "envoy": (
            f"{KA_P} ქალბატონო სპეციალურო წარმომადგენელო,",
            f"{KA_P} ბატონო სპეციალურო წარმომადგენელო,",
            f"{KA_P} სპეციალურო წარმომადგენელო,",
            KA,
        ),
        "head-of-delegation": (
            f"{KA_P} ქალბატონო დელეგაციის ხელმძღვანელო,",
            f"{KA_P} ბატონო დელეგაციის ხელმძღვანელო,",
            f"{KA_P} დელეგაციის ხელმძღვანელო,",
            KA,
        ),
        "minister": (f"{KA_P} ქალბატონო მინისტრო,", f"{KA_P} ბატონო მინისტრო,", KA_EXC, KA_HIGH),
        "ambassador": (f"{KA_P} ქალბატონო ელჩო,", f"{KA_P} ბატონო ელჩო,", KA_EXC, KA_HIGH),
        "default": (f"{KA_P} ქალბატონო,", f"{KA_P} ბატონო,", f"{KA_P} ქალბატონებო და ბატონებო,", KA),
    },
}
CASES = [
    (lang, honorific, gender, forms[i], forms[3])
    for lang in LANGS
    for honorific, forms in FORMS[lang].items()
    for i, gender in enumerate(("female", "male", "neutral"))
]


def test_every_office_is_covered() -> None:
    for lang in LANGS:
        assert set(FORMS[lang]) == set(address.HONORIFICS), lang
        assert address.has_rules(lang)


@pytest.mark.parametrize(("lang", "honorific", "gender", "salutation", "closing"), CASES)
def test_salutation_and_closing(lang: str, honorific: str, gender: str, salutation: str, closing: str) -> None:
    r = rec(lang, honorific, gender)
    said = address.salutation(r, lang, "Office", None)
    assert said == salutation
    assert address.valediction(r, lang, said) == closing
    # a name never enters these languages' salutations: the vocative (lt, el) or genitive (lv) of a
    # surname cannot be made by substitution
    named = address.salutation(r, lang, "Office", "Ona Pavyzdytė")
    assert named == salutation


@pytest.mark.parametrize(
    ("lang", "honorific", "warned"),
    [
        ("lt", "president", True),
        ("lt", "ambassador", False),  # "Jūsų Ekscelencija," is the ambassador's own form
        ("lt", "default", False),  # "Gerbiamieji," addresses an office
        ("lv", "minister", True),
        ("lv", "excellency", False),
        ("el", "excellency", True),  # even "Εξοχότατε" has a gender in Greek
        ("el", "default", True),
        ("ka", "minister", True),
        ("ka", "head-of-delegation", False),  # "პატივცემულო დელეგაციის ხელმძღვანელო," is right for anyone
        ("ka", "default", False),
    ],
)
def test_a_stopgap_salutation_is_named(lang: str, honorific: str, warned: bool) -> None:
    problem = address.gender_problem(rec(lang, honorific, "neutral"), lang, None)
    assert (problem is not None) == warned
    if problem:
        assert problem.code == "needs-gender"
    assert address.gender_problem(rec(lang, honorific, "female"), lang, None) is None


@pytest.mark.parametrize(
    ("lang", "attention", "group_female", "group_neutral", "excellencies"),
    [
        ("lt", "Skirta: X", "Gerbiamosios,", "Gerbiamosios ir gerbiamieji,", "Jūsų Ekscelencijos,"),
        ("lv", "Uzmanībai: X", "Cienītās dāmas!", "Cienītās dāmas un godātie kungi!", "Jūsu Ekselences!"),
        ("el", "Υπόψη: X", "Αξιότιμες κυρίες,", "Αξιότιμες κυρίες, αξιότιμοι κύριοι,", "Εξοχότατοι,"),
        (
            "ka",
            "ადრესატი: X",
            "პატივცემულო ქალბატონებო,",
            "პატივცემულო ქალბატონებო და ბატონებო,",
            "თქვენო აღმატებულებებო,",
        ),
    ],
)
def test_attention_line_and_group_salutations(
    lang: str, attention: str, group_female: str, group_neutral: str, excellencies: str
) -> None:
    assert address.attention_line(lang, "X") == attention
    two = [rec(lang, "default", "female"), rec(lang, "default", "female")]
    assert address.address_group(two, lang, ["A", "B"]).salutation == group_female
    mixed = [rec(lang, "default", "female"), rec(lang, "default", "male")]
    assert address.address_group(mixed, lang, ["A", "B"]).salutation == group_neutral
    ambassadors = [rec(lang, "ambassador", "male"), rec(lang, "ambassador", "female")]
    assert address.address_group(ambassadors, lang, ["A", "B"]).salutation == excellencies


# --- typography -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "quoted", "inner"),
    [
        ("lt", "\u201eX\u201c", "\u201aX\u2018"),  # „X“
        ("lv", "\u201eX\u201d", "\u201aX\u2019"),  # „X”
        ("el", "\u00abX\u00bb", "\u201cX\u201d"),  # «X»
        ("ka", "\u201eX\u201c", "\u201aX\u2018"),  # „X“
    ],
)
def test_quotation_marks(lang: str, quoted: str, inner: str) -> None:
    assert Formatter(lang).quote("X") == quoted
    assert Formatter(lang).inner_quote("X") == inner


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete_with_the_proposed_plural_rule(lang: str) -> None:
    from letters.lang import plurals

    path = locales_dir() / lang / "LC_MESSAGES" / "letters.po"
    loaded = load_checked(path, str(path), lang)
    assert loaded.problems == []
    rule = plurals.proposed(lang)
    assert loaded.catalog.num_plurals == rule.nplurals
    text = path.read_text("utf-8")
    assert f"Plural-Forms: nplurals={rule.nplurals}; plural={rule.expr};" in fold_spaces(text.replace('"\n"', ""))
    assert '\\"' not in text.split("\n\n", 1)[1]  # no straight double quotes in translations


@pytest.mark.parametrize("lang", LANGS)
def test_the_forms_of_address_table_matches_the_data(lang: str) -> None:
    """docs/forms-of-address.md has these languages' tables, in step with the data (the check of
    tests/test_forms_of_address.py, run for this module's languages)."""
    table_matches_the_data(lang)


@pytest.mark.parametrize(("lang", "label"), [("lt", None), ("lv", None), ("el", "Θέμα:"), ("ka", None)])
def test_subject_label_only_where_the_official_style_has_one(lang: str, label: str | None) -> None:
    assert address.subject_label(lang) == (label is not None)


# --- fictional campaigns, one per language ------------------------------------------------------------

CAMPAIGN = {
    "lt": {
        "title": "Kreipimasis dėl politinių kalinių paleidimo",
        "place": "Vilnius",
        "sender": "Pavyzdinė žmogaus teisių koalicija",
        "street": "Pavyzdžio g. 1, Vilnius",
        "subject": "Dėl politinių kalinių paleidimo kaip bet kokio taikos susitarimo sąlygos",
        "opening": (
            "rašome Jums vardan žmonių, įkalintų dėl savo pilietinės veiklos. "
            "Šiuo metu kalinama {fact:prisoners} žmonių."
        ),
        "body": "Nuo 2012 m. priimta {fact:laws} represinių įstatymų, kaip nurodo „Example Monitor“ ataskaita.",
        "closing": "Dėkojame, kad skyrėte dėmesio šiam kreipimuisi.",
        "demand": "Padaryti visų politinių kalinių paleidimą bet kokio taikos susitarimo sąlyga.",
        "claim1": "Kalinamų politinių kalinių skaičius",
        "claim2": "Nuo 2012 m. priimtų represinių įstatymų skaičius",
        "office": "Užsienio reikalų ministrė",
        "address": ["J. Tumo-Vaižganto g. 2", "LT-01108 Vilnius"],
        "name": "Ona Pavyzdytė",
        "role": "žurnalistė",
        "rid": "ministre",
        "dative": "Užsienio reikalų ministrei",
    },
    "lv": {
        "title": "Aicinājums atbrīvot politieslodzītos",
        "place": "Rīga",
        "sender": "Cilvēktiesību parauga koalīcija",
        "street": "Parauga iela 1, Rīga",
        "subject": "Par politieslodzīto atbrīvošanu kā jebkura miera līguma nosacījumu",
        "opening": (
            "Rakstām Jums to cilvēku vārdā, kuri ieslodzīti savas pilsoniskās darbības dēļ. "
            "Pašlaik ieslodzīti {fact:prisoners} cilvēku."
        ),
        "body": "Kopš 2012. gada pieņemti {fact:laws} represīvi likumi, kā liecina „Example Monitor” ziņojums.",
        "closing": "Pateicamies par uzmanību šim aicinājumam.",
        "demand": "Noteikt visu politieslodzīto atbrīvošanu par jebkura miera līguma nosacījumu.",
        "claim1": "Ieslodzīto politieslodzīto skaits",
        "claim2": "Kopš 2012. gada pieņemto represīvo likumu skaits",
        "office": "Ārlietu ministrs",
        "address": ["K. Valdemāra iela 3", "Rīga, LV-1395"],
        "name": "Jānis Paraugs",
        "role": "žurnālists",
        "rid": "ministrs",
        "dative": "Ārlietu ministram",
    },
    "el": {
        "title": "Έκκληση για την απελευθέρωση των πολιτικών κρατουμένων",
        "place": "Αθήνα",
        "sender": "Συμμαχία Παραδείγματος για τα Ανθρώπινα Δικαιώματα",
        "street": "Οδός Παραδείγματος 1, Αθήνα",
        "subject": "Απελευθέρωση των πολιτικών κρατουμένων ως όρος κάθε ειρηνευτικής συμφωνίας",
        "opening": (
            "Σας γράφουμε εκ μέρους ανθρώπων που φυλακίστηκαν για την κοινωνική τους δράση. "
            "Σήμερα κρατούνται {fact:prisoners} άνθρωποι."
        ),
        "body": "Από το 2012 ψηφίστηκαν {fact:laws} κατασταλτικοί νόμοι, όπως καταγράφει η έκθεση «Example Monitor».",
        "closing": "Σας ευχαριστούμε για την προσοχή σας.",
        "demand": "Να γίνει η απελευθέρωση όλων των πολιτικών κρατουμένων όρος κάθε ειρηνευτικής συμφωνίας.",
        "claim1": "Αριθμός των πολιτικών κρατουμένων",
        "claim2": "Αριθμός των κατασταλτικών νόμων από το 2012",
        "office": "Υπουργός Εξωτερικών",
        "address": ["Βασιλίσσης Σοφίας 5", "106 71 Αθήνα"],
        "name": "Ελένη Παραδείγματος",
        "role": "δημοσιογράφος",
        "rid": "ypourgos",
        "accusative": "Την Υπουργό Εξωτερικών",
    },
    "ka": {
        "title": "მიმართვა პოლიტიკური პატიმრების გათავისუფლების შესახებ",
        "place": "თბილისი",
        "sender": "ადამიანის უფლებების სანიმუშო კოალიცია",
        "street": "სანიმუშო ქ. 1, თბილისი",
        "subject": "პოლიტიკური პატიმრების გათავისუფლება, როგორც ნებისმიერი სამშვიდობო შეთანხმების პირობა",
        "opening": (
            "მოგმართავთ იმ ადამიანების სახელით, რომლებიც სამოქალაქო საქმიანობისთვის დააპატიმრეს. "
            "ამჟამად პატიმრობაშია {fact:prisoners} ადამიანი."
        ),
        "body": (
            "2012 წლიდან მიღებულია {fact:laws} რეპრესიული კანონი, როგორც ამას „Example Monitor“-ის ანგარიში აღნიშნავს."
        ),
        "closing": "გმადლობთ ამ მიმართვისადმი ყურადღებისთვის.",
        "demand": "პოლიტიკური პატიმრების გათავისუფლება ნებისმიერი სამშვიდობო შეთანხმების პირობად იქცეს.",
        "claim1": "პოლიტიკური პატიმრების რაოდენობა",
        "claim2": "2012 წლიდან მიღებული რეპრესიული კანონების რაოდენობა",
        "office": "საგარეო საქმეთა მინისტრი",
        "address": ["შ. ჩიტაძის ქ. 4", "თბილისი 0118"],
        "name": "ნინო სანიმუშო",
        "role": "ჟურნალისტი",
        "rid": "ministri",
        "dative": "საგარეო საქმეთა მინისტრს",
    },
}
GENDER = {"lt": "female", "lv": "male", "el": "female", "ka": "female"}


def write_campaign(root: Path, lang: str, signatories: str | None = None) -> Path:
    c = CAMPAIGN[lang]
    make_campaign(root)
    (root / "campaign.yaml").write_text(
        f"id: lang-{lang}\ntitle: {c['title']}\nsource_language: {lang}\nlanguages: [{lang}]\n"
        f"date: 2025-07-03\nplace: {c['place']}\nfacts_max_age_days: 3650\n"
        f"sender:\n  name: {c['sender']}\n  lines:\n    - {c['street']}\n  email: contact@example.org\n"
        f"letters:\n  appeal:\n    subject: {c['subject']}\n    recipients: [all]\n    signatories: [all]\n"
        f"    demands: [all]\n    opening: {c['opening']}\n    body:\n      - {c['body']}\n"
        f"    closing: {c['closing']}\noutput:\n  formats: [pdf, html]\n",
        "utf-8",
    )
    lines = "".join(f"    - {line}\n" for line in c["address"])
    # Lithuanian, Latvian and Georgian address blocks name the recipient in the dative, Greek ones in
    # the accusative (address-case), which a person supplies: without it check warns
    # (tests/test_address_case.py)
    case = next((k for k in ("dative", "accusative") if k in c), None)
    forms = f"  forms: {{{lang}: {{{case}: {c[case]}}}}}\n" if case else ""
    (root / "recipients.yaml").write_text(
        f"{c['rid']}:\n  office: {c['office']}\n  language: {lang}\n  country: {lang.upper()}\n"
        f"  gender: {GENDER[lang]}\n  honorific: minister\n{forms}  address:\n{lines}",
        "utf-8",
    )
    write_facts_and_sources(root, c, signatories)
    return root


# --- plural phrases in rendered letters ---------------------------------------------------------------

# n: (age, "and n others not named" after a named signatory, "n not named" alone, "signed by n")
EXPECTED: dict[str, dict[int, tuple[str, str, str, str]]] = {
    "lt": {
        n: (
            f"{n} {'metai' if n % 10 != 0 and not 11 <= n % 100 <= 19 else 'metų'}",
            "Dar vieno pasirašiusiojo vardas nenurodomas"
            if n == 1
            else f"Dar {n} {'pasirašiusiojo' if n % 10 == 1 and n % 100 != 11 else 'pasirašiusiųjų'} vardai nenurodomi",
            "Pasirašiusiojo vardas nenurodomas"
            if n == 1
            else f"Nenurodomi {n} {'pasirašiusiojo' if n % 10 == 1 and n % 100 != 11 else 'pasirašiusiųjų'} vardai",
            f"Laišką pasirašė {n} "
            + ("asmuo" if n % 10 == 1 and n % 100 != 11 else "asmenų" if 11 <= n % 100 <= 19 else "asmenys")
            + ":",
        )
        for n in COUNTS
    },
    "lv": {
        n: (
            f"{n} {'gads' if n % 10 == 1 and n % 100 != 11 else 'gadi'}",
            "Vēl viena parakstītāja vārds netiek minēts"
            if n == 1
            else f"Vēl {n} {'parakstītāja' if n % 10 == 1 and n % 100 != 11 else 'parakstītāju'} vārdi netiek minēti",
            "Parakstītāja vārds netiek minēts"
            if n == 1
            else f"Netiek minēti {n} {'parakstītāja' if n % 10 == 1 and n % 100 != 11 else 'parakstītāju'} vārdi",
            f"Vēstuli parakstījusi {n} persona:"
            if n % 10 == 1 and n % 100 != 11
            else f"Vēstuli parakstījušas {n} personas:",
        )
        for n in COUNTS
    },
    "el": {
        n: (
            f"{n} {'έτους' if n == 1 else 'ετών'}",
            "και ένα ακόμη πρόσωπο που δεν κατονομάζεται"
            if n == 1
            else f"και {n} ακόμη πρόσωπα που δεν κατονομάζονται",
            "ένα πρόσωπο που δεν κατονομάζεται" if n == 1 else f"{n} πρόσωπα που δεν κατονομάζονται",
            f"Την επιστολή υπογράφει {n} πρόσωπο:" if n == 1 else f"Την επιστολή υπογράφουν {n} πρόσωπα:",
        )
        for n in COUNTS
    },
    "ka": {  # the noun stays singular after any number, and so does the verb
        n: (
            f"{n} წლის",
            "და კიდევ ერთი ხელმომწერი, რომლის სახელიც არ არის მითითებული"
            if n == 1
            else f"და კიდევ {n} ხელმომწერი, რომელთა სახელებიც არ არის მითითებული",
            "ერთი ხელმომწერი, რომლის სახელიც არ არის მითითებული"
            if n == 1
            else f"{n} ხელმომწერი, რომელთა სახელებიც არ არის მითითებული",
            f"წერილს ხელს აწერს {n} ადამიანი:",
        )
        for n in COUNTS
    },
}
# Spelled out, so that the rule above cannot hide a slip: Lithuanian 11 and 111 take the genitive
# plural, 21 and 101 the singular; Latvian 11 and 111 the plural, 21 and 101 the singular.
assert EXPECTED["lt"][11][3] == "Laišką pasirašė 11 asmenų:" and EXPECTED["lt"][22][3] == "Laišką pasirašė 22 asmenys:"
assert EXPECTED["lt"][101][0] == "101 metai" and EXPECTED["lt"][111][0] == "111 metų"
assert EXPECTED["lv"][111][3] == "Vēstuli parakstījušas 111 personas:" and EXPECTED["lv"][21][0] == "21 gads"


@pytest.fixture(scope="module")
def render(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """render(lang, n, named) -> the letter's text (HTML without tags, spaces folded)."""
    base = tmp_path_factory.mktemp("lang-other")

    def run(lang: str, n: int, named: bool) -> str:
        c = CAMPAIGN[lang]
        signed = people(n, ("named", c["name"], n) if named else None)
        return letter_text(write_campaign(base / f"{lang}-{n}-{named}", lang, signed), lang, c["rid"])

    return run


@pytest.mark.parametrize("n", COUNTS)
@pytest.mark.parametrize("lang", LANGS)
def test_plural_phrases_in_the_rendered_letter(render, lang: str, n: int) -> None:  # type: ignore[no-untyped-def]
    age, others, alone, signed = EXPECTED[lang][n]
    with_named = render(lang, n, True)
    assert f"{CAMPAIGN[lang]['name']}, {age}" in with_named
    assert others in with_named
    only_unnamed = render(lang, n, False)
    assert alone in only_unnamed
    assert signed in only_unnamed


@pytest.mark.parametrize("name", ["NotoSerifGeorgian", "NotoSerifArmenian"])
def test_the_script_fonts_have_their_own_spaces(name: str) -> None:
    """A Georgian (or Armenian) run keeps its spaces in its own font: the subsets once lacked them,
    and the PDF drew .notdef spaces, overprinted words and lost the words from its text."""
    from fontTools.ttLib import TTFont

    from letters.resources import fonts_dir

    for weight in ("Regular", "Bold"):
        cmap = TTFont(str(fonts_dir() / f"{name}-{weight}.ttf")).getBestCmap()
        assert {0x20, 0x2D, 0xA0} <= set(cmap), (name, weight)


# --- one PDF per language -----------------------------------------------------------------------------

# what the PDF must say in each language: salutation, closing, translated toolkit strings
PDF_SAYS = {
    "lt": (
        "Gerbiamoji ponia Ministre,",
        "Su gilia pagarba",
        "Laišką pasirašė 6 asmenys:",
        "Šaltiniai",
        "kalėjime",
        "ne mažiau kaip 10 000",
        "2025 m. birželio 15 d. duomenimis",
        "„Annual report 2025“",
        "Gerbiamoji ponia Ministre, rašome Jums",
        "Dar 5 pasirašiusiųjų vardai nenurodomi",
    ),
    "lv": (
        "Augsti godātais ministra kungs!",
        "Ar augstu cieņu",
        "Vēstuli parakstījušas 6 personas:",
        "Avoti",
        "ieslodzījumā",
        "vismaz 10 000",
        "stāvoklis: 2025. gada 15. jūnijs",
        "„Annual report 2025”",
        "Vēl 5 parakstītāju vārdi netiek minēti",
    ),
    "el": (
        "Αξιότιμη κυρία Υπουργέ,",
        "Με βαθύτατο σεβασμό,",
        "Θέμα:",
        "Την επιστολή υπογράφουν 6 πρόσωπα:",
        "Πηγές",
        "στη φυλακή",
        "τουλάχιστον 10.000",
        "(στις 15 Ιουνίου 2025)",
        "«Annual report 2025»",
        "και 5 ακόμη πρόσωπα που δεν κατονομάζονται",
    ),
    "ka": (
        "პატივცემულო ქალბატონო მინისტრო,",
        "ღრმა პატივისცემით,",
        "წერილს ხელს აწერს 6 ადამიანი:",
        "წყაროები",
        "პატიმრობაში",
        "არანაკლებ 10 000",
        "100-ზე მეტი",
        "(მდგომარეობა: 15 ივნისი, 2025)",
        "„Annual report 2025“",
        "და კიდევ 5 ხელმომწერი, რომელთა სახელებიც არ არის მითითებული",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_campaign_letter_makes_a_pdf_in_the_language(tmp_path: Path, lang: str) -> None:
    root = write_campaign(tmp_path / "c", lang)
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out)
    assert run.exit_code == 0, run.output
    assert "warning:" not in run.output.lower(), run.output  # no missing translation, glyph or rule
    rid = CAMPAIGN[lang]["rid"]
    html = (out / "appeal" / lang / f"{rid}.html").read_text("utf-8")
    assert f'<html lang="{lang}"' in html
    assert missing_glyphs(_visible_text(html), root) == []
    text = pdf_text(out / "appeal" / lang / f"{rid}.pdf")
    for phrase in PDF_SAYS[lang]:
        assert fold_spaces(phrase) in text, (lang, phrase)
    for english in ENGLISH:
        assert english not in text, (lang, english)
    assert CAMPAIGN[lang]["subject"] in text
