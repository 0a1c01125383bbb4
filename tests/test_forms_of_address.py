"""Forms of address done by the book: the known defects of issue 8, per language.

Salutations and closings per office and gender (and the neutral case), the warning where a
language has no correct form without the holder's gender, office holders as dated facts, plural
phrases for the counts that break naive translations (1, 2, 5, 11, 21, 22, 25, 101, 111), subject
labels, and typography (quotes, spaces, dashes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_campaign, run_cli

from letters import address
from letters.catalogs import CatalogSet
from letters.localization import Formatter
from letters.model import Recipient
from letters.resources import locales_dir

COUNTS = (1, 2, 5, 11, 21, 22, 25, 101, 111)


def rec(lang: str, honorific: str | None, gender: str = "neutral", **kw: object) -> Recipient:
    return Recipient(id="r", office="Office", language=lang, honorific=honorific, gender=gender, **kw)


@pytest.mark.parametrize(
    ("lang", "honorific", "gender", "salutation", "closing"),
    [
        ("de", "chancellor", "female", "Sehr geehrte Frau Bundeskanzlerin,", "Mit vorzüglicher Hochachtung"),
        ("de", "chancellor", "male", "Sehr geehrter Herr Bundeskanzler,", "Mit vorzüglicher Hochachtung"),
        ("de", "chancellor", "neutral", "Exzellenz,", "Mit vorzüglicher Hochachtung"),
        ("de", "default", "neutral", "Sehr geehrte Damen und Herren,", "Mit freundlichen Grüßen"),
        (
            "fr",
            "president",
            "male",
            "Monsieur le Président,",
            "Nous vous prions d’agréer, Monsieur le Président, l’expression de notre très haute considération.",
        ),
        (
            "fr",
            "president",
            "female",
            "Madame la Présidente,",
            "Nous vous prions d’agréer, Madame la Présidente, l’expression de notre très haute considération.",
        ),
        (
            "fr",
            "president",
            "neutral",
            "Excellence,",
            "Nous vous prions d’agréer, Excellence, l’expression de notre très haute considération.",
        ),
        ("ru", "president", "neutral", "Ваше Превосходительство!", "С глубоким уважением,"),
        ("ru", "minister", "male", "Уважаемый господин Министр!", "С глубоким уважением,"),
        ("uk", "president", "female", "Шановна пані Президентко!", "З глибокою повагою,"),
        ("uk", "head-of-delegation", "neutral", "Шановний керівнику делегації!", "З повагою,"),
        ("tr", "minister", "neutral", "Sayın Bakan,", "Saygılarımızla,"),
        ("en", "secretary-general", "neutral", "Dear Secretary-General,", "Yours respectfully,"),
    ],
)
def test_salutation_and_closing(lang: str, honorific: str, gender: str, salutation: str, closing: str) -> None:
    r = rec(lang, honorific, gender)
    sal = address.salutation(r, lang, "Office", None)
    assert sal == salutation
    assert address.valediction(r, lang, sal) == closing


@pytest.mark.parametrize("gender", ["female", "male", "neutral"])
@pytest.mark.parametrize("honorific", address.HONORIFICS)
def test_french_closing_repeats_the_salutation(honorific: str, gender: str) -> None:
    r = rec("fr", honorific, gender)
    sal = address.salutation(r, "fr", "Office", None)
    assert f"agréer, {sal.rstrip(',')}, l’" in address.valediction(r, "fr", sal)


@pytest.mark.parametrize(
    ("lang", "honorific", "warned"),
    [
        ("de", "chancellor", True),
        ("fr", "president", True),
        ("de", "ambassador", False),  # "Exzellenz" is the ambassador's own form
        ("en", "chancellor", False),  # "Dear Chancellor," needs no gender
        ("ru", "president", False),  # "Ваше Превосходительство!"
        ("tr", "president", False),  # Turkish has no grammatical gender
    ],
)
def test_a_stopgap_salutation_is_named(lang: str, honorific: str, warned: bool) -> None:
    problem = address.gender_problem(rec(lang, honorific), lang, None)
    assert (problem is not None) == warned
    if problem:
        assert problem.code == "needs-gender" and "gender" in problem.hint and "salutation:" in problem.hint
    # a known gender, or the campaign's own salutation, is never warned about
    assert address.gender_problem(rec(lang, honorific, "female"), lang, None) is None
    assert address.gender_problem(rec(lang, honorific, salutation={lang: "X,"}), lang, None) is None


def _campaign_with(tmp_path: Path, recipient_yaml: str, extra_campaign: str = "") -> Path:
    root = make_campaign(tmp_path / "c", "multilang")
    (root / "recipients.yaml").write_text(recipient_yaml, encoding="utf-8")
    if extra_campaign:
        text = (root / "campaign.yaml").read_text(encoding="utf-8")
        (root / "campaign.yaml").write_text(text + extra_campaign, encoding="utf-8")
    return root


def test_check_warns_for_the_recipient_at_its_line(tmp_path: Path) -> None:
    root = _campaign_with(
        tmp_path,
        "de-chancellor:\n  office: Federal Chancellor\n  language: de\n  country: DE\n  gender: neutral\n"
        "  honorific: chancellor\n",
    )
    run = run_cli("check", root)
    assert run.exit_code == 0, run.output
    assert re.search(
        r"recipients\.yaml:5: warning: recipient 'de-chancellor': .*'Exzellenz,'.* \[needs-gender\]", run.output
    )


def test_office_holders_are_dated_facts(tmp_path: Path) -> None:
    root = _campaign_with(
        tmp_path,
        "de-chancellor:\n  office: Federal Chancellor\n  name: Erika Example\n  language: de\n  country: DE\n"
        "  gender: female\n  honorific: chancellor\n  holder: {as_of: 2024-01-01, source: monitor-report}\n"
        "fr-president:\n  office: President\n  name: Jean Example\n  language: fr\n  country: FR\n"
        "  gender: male\n  honorific: president\n  holder: {as_of: 2025-06-01, source: no-such-source}\n",
    )
    run = run_cli("check", root)
    out = run.output
    assert "recipients.yaml:8: warning: recipient 'de-chancellor': who holds the office is 549 days old" in out
    assert "[stale-holder]" in out and "holders_max_age_days" in out
    assert "recipients.yaml:16: error: unknown source id 'no-such-source'" in out
    assert run.exit_code != 0
    # the campaign decides how old is too old
    root2 = _campaign_with(
        tmp_path / "2",
        "de-chancellor:\n  office: Federal Chancellor\n  name: Erika Example\n  language: de\n  country: DE\n"
        "  gender: female\n  honorific: chancellor\n  holder: {as_of: 2024-01-01, source: monitor-report}\n",
        "holders_max_age_days: 730\n",
    )
    assert "stale-holder" not in run_cli("check", root2).output


def _toolkit(lang: str):  # type: ignore[no-untyped-def]
    return CatalogSet(locales_dir(), None, "en").translator(lang)


UNNAMED = ("and %(count)s other signatory who is not named", "and %(count)s other signatories who are not named")
SIGNED = ("Signed by %(count)s person:", "Signed by %(count)s people:")
EXPECTED_UNNAMED = {
    "ru": {
        2: "Имена ещё 2 подписантов не называются",
        5: "Имена ещё 5 подписантов не называются",
        11: "Имена ещё 11 подписантов не называются",
        21: "Имена ещё 21 подписанта не называются",
        22: "Имена ещё 22 подписантов не называются",
        25: "Имена ещё 25 подписантов не называются",
        101: "Имена ещё 101 подписанта не называются",
        111: "Имена ещё 111 подписантов не называются",
    },
    "uk": {
        2: "Імена ще 2 підписантів не називаються",
        5: "Імена ще 5 підписантів не називаються",
        11: "Імена ще 11 підписантів не називаються",
        21: "Імена ще 21 підписанта не називаються",
        22: "Імена ще 22 підписантів не називаються",
        25: "Імена ще 25 підписантів не називаються",
        101: "Імена ще 101 підписанта не називаються",
        111: "Імена ще 111 підписантів не називаються",
    },
    "de": {n: f"und {n} weiteren Personen, die nicht namentlich genannt werden" for n in COUNTS if n > 1},
}
EXPECTED_SIGNED = {
    "ru": {
        1: "подписал 1 человек",
        2: "подписали 2 человека",
        5: "подписали 5 человек",
        11: "подписали 11 человек",
        21: "подписал 21 человек",
        22: "подписали 22 человека",
        25: "подписали 25 человек",
        101: "подписал 101 человек",
        111: "подписали 111 человек",
    },
    "uk": {
        1: "підписала 1 особа",
        2: "підписали 2 особи",
        5: "підписали 5 осіб",
        11: "підписали 11 осіб",
        21: "підписала 21 особа",
        22: "підписали 22 особи",
        25: "підписали 25 осіб",
        101: "підписала 101 особа",
        111: "підписали 111 осіб",
    },
}


@pytest.mark.parametrize("lang", ["ru", "uk", "de"])
@pytest.mark.parametrize("n", [n for n in COUNTS if n > 1])
def test_unnamed_signatories_for_every_plural_form(lang: str, n: int) -> None:
    assert _toolkit(lang).ngettext(*UNNAMED, n) % {"count": n} == EXPECTED_UNNAMED[lang][n]


@pytest.mark.parametrize("lang", ["ru", "uk"])
@pytest.mark.parametrize("n", COUNTS)
def test_signed_by_for_every_plural_form(lang: str, n: int) -> None:
    assert EXPECTED_SIGNED[lang][n] in _toolkit(lang).ngettext(*SIGNED, n) % {"count": n}


@pytest.mark.parametrize(
    ("lang", "one"),
    [
        ("ru", "Имя ещё одного подписанта не называется"),
        ("uk", "Ім’я ще одного підписанта не називається"),
        ("de", "und einer weiteren Person, die nicht namentlich genannt wird"),
        ("fr", "et un autre signataire dont le nom n’est pas cité"),
        ("en", "and one other signatory who is not named"),
    ],
)
def test_exactly_one_unnamed_signatory_has_its_own_phrase(tmp_path: Path, lang: str, one: str) -> None:
    """Rendered: the letter with one named and one anonymous signatory."""
    root = make_campaign(tmp_path / "c", "multilang")
    sig = root / "signatories.yaml"
    sig.write_text(
        sig.read_text("utf-8") + "carl:\n  name: Carl Example\n  consent:\n    level: anonymous\n"
        "    record: {method: signed letter, date: 2025-06-30}\n",
        "utf-8",
    )
    rid = {"ru": "ru-delegation", "uk": "ru-delegation", "de": "de-chancellor", "fr": "fr-president"}.get(
        lang, "us-envoy"
    )
    run = run_cli("render", root, "--letter", "appeal", "-r", rid, "--locale", lang)
    assert run.exit_code == 0, run.output
    unnamed = re.search(r'<li class="unnamed">(.*?)</li>', run.stdout, re.S)
    assert unnamed and unnamed.group(1).strip() == one


@pytest.mark.parametrize(
    ("lang", "label"),
    [("de", None), ("ru", None), ("uk", None), ("en", "Subject:"), ("fr", "Objet\u00a0:"), ("tr", "Konu:")],
)
def test_subject_label_only_where_the_official_style_has_one(tmp_path: Path, lang: str, label: str | None) -> None:
    root = make_campaign(tmp_path / "c", "multilang")
    run = run_cli("render", root, "--letter", "appeal", "-r", "us-envoy", "--locale", lang)
    assert run.exit_code == 0, run.output
    subject = re.search(r'<h1 class="subject">(.*?)</h1>', run.stdout, re.S)
    assert subject
    assert address.subject_label(lang) == (label is not None)
    if label is None:
        assert "label" not in subject.group(1)
    else:
        assert f'<span class="label">{label}</span>' in subject.group(1)


@pytest.mark.parametrize(
    ("lang", "quoted"),
    [
        ("en", "\u201cX\u201d"),
        ("de", "\u201eX\u201c"),
        ("fr", "\u00ab\u202fX\u202f\u00bb"),
        ("ru", "\u00abX\u00bb"),
        ("uk", "\u00abX\u00bb"),
        ("tr", "\u201cX\u201d"),
        ("he", "\u201dX\u201d"),
        ("ar", "\u201dX\u201c"),
    ],
)
def test_quotation_marks(lang: str, quoted: str) -> None:
    assert Formatter(lang).quote("X") == quoted


def test_french_spaces_before_high_punctuation() -> None:
    assert Formatter("fr").typography("Pourquoi ? Voici : ceci ; cela !") == (
        "Pourquoi\u202f? Voici\u00a0: ceci\u202f; cela\u202f!"
    )


def test_example_letters_address_one_person_with_capital_you(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "joint-letter"
    for lang, rid, forms in (
        ("ru", "ru-delegation-head", ("просим Вас", "Благодарим Вас")),
        ("uk", "ua-delegation-head", ("просимо Вас", "Просимо Вас", "строки ув’язнення")),
    ):
        run = run_cli("render", example, "--letter", "joint-letter", "-r", rid, "--locale", lang)
        assert run.exit_code == 0, run.output
        text = re.sub(r"<[^>]+>", "", run.stdout)
        assert not re.search(r"\b(вас|вам|ваш\w*)\b", text), lang
        for form in forms[1:] if lang == "uk" else forms:
            assert form in text, (lang, form)
        if lang == "uk":
            assert "терміни" not in text


DOC = Path(__file__).parent.parent / "docs" / "forms-of-address.md"


@pytest.mark.parametrize("lang", ["en", "de", "fr", "ru", "uk", "tr", "ar", "he"])
def test_the_forms_of_address_table_matches_the_data(lang: str) -> None:
    """Every entry of the data is in the docs' table, with its source: a reference the page
    defines, or 'unverified' (never an invented citation)."""
    doc = DOC.read_text(encoding="utf-8")
    section = doc.split(f"(`{lang}`)\n", 1)[1].split("\n### ", 1)[0]
    table = address.forms_data()[lang]
    references = set(re.findall(r"^### ([a-z0-9-]+)$", doc, re.M))
    for honorific in address.HONORIFICS:
        row = next(line for line in section.splitlines() if f"| `{honorific}` |" in line)
        for form in (table["salutation"].get(honorific) or {}).values():
            assert form.replace("|", "\\|") in row, (lang, honorific, form)
        source = table["sources"][honorific]
        if source == "unverified":
            assert "**unverified**" in row
        else:
            assert source in references and f"[{source}](#{source})" in row, (lang, honorific, source)
        needs = "| yes |" if honorific in address.needs_gender(lang) else "| no |"
        assert needs in row, (lang, honorific)


@pytest.mark.parametrize(
    ("lang", "rid", "dash"),
    [
        ("ru", "ru-delegation-head", " — "),
        ("uk", "ua-delegation-head", " — "),
        ("de", "de-chancellor", None),
        ("fr", "fr-president", None),
        ("tr", "tr-foreign-minister", None),
        ("en", "ep-president", None),
    ],
)
def test_example_letters_use_typographic_dashes(lang: str, rid: str, dash: str | None) -> None:
    """No spaced hyphen stands for a dash in any example letter; Russian and Ukrainian use the
    spaced em dash ("Мы — политические заключённые")."""
    example = Path(__file__).parent.parent / "examples" / "joint-letter"
    run = run_cli("render", example, "--letter", "joint-letter", "-r", rid, "--locale", lang)
    assert run.exit_code == 0, run.output
    body = re.sub(r"<[^>]+>", "", run.stdout.split("<body", 1)[1])
    assert " - " not in body and " -- " not in body
    if dash:  # before the dash a no-break space is usual, so that it never starts a line
        assert re.search(r"[ \u00a0]\u2014 ", body), body[:300]
