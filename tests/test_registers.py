"""The register of the forms of address: 'letter' (the official letter, every language) or
'diplomatic' (the UN Correspondence Manual's formal style), chosen by the campaign, a letter or a
recipient; a language without the register keeps its letter forms and 'letters check' says so."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import make_campaign, pdf_text, run_cli

from letters import address
from letters.model import Recipient


def _set_campaign_register(root: Path, register: str) -> None:
    text = (root / "campaign.yaml").read_text("utf-8")
    (root / "campaign.yaml").write_text(
        text.replace("date: 2025-07-03\n", f"date: 2025-07-03\nregister: {register}\n", 1)
    )


def _set_recipient(root: Path, rid: str, old: str, new: str) -> None:
    text = (root / "recipients.yaml").read_text("utf-8")
    head, sep, tail = text.partition(f"{rid}:\n")
    assert sep, rid
    (root / "recipients.yaml").write_text(head + sep + tail.replace(old, new, 1), "utf-8")


def _write_rules(root: Path, lang: str, text: str) -> None:
    """The campaign's own address/<lang>.yaml."""
    (root / "address").mkdir(exist_ok=True)
    (root / "address" / f"{lang}.yaml").write_text(text, "utf-8")


def _forms(html: str) -> tuple[str, str]:
    sal = re.search(r'<p class="salutation">(.*?)</p>', html)
    val = re.search(r'<p class="valediction">(.*?)</p>', html)
    assert sal and val, html[:2000]
    return sal.group(1), val.group(1)


def _render(root: Path, rid: str) -> tuple[str, str]:
    run = run_cli("render", root, "--letter", "appeal", "-r", rid)
    assert run.exit_code == 0, run.output
    return _forms(run.stdout)


def _recipient(**kw: object) -> Recipient:
    return Recipient.model_validate({"id": "r", "office": "Minister", "language": "en", **kw})


def test_the_default_register_is_the_official_letter(tmp_path: Path) -> None:
    assert _render(make_campaign(tmp_path / "c"), "us-envoy") == ("Dear Mr Example,", "Yours respectfully,")


def test_a_diplomatic_campaign_uses_the_un_manuals_formal_style(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    _set_campaign_register(root, "diplomatic")
    assert _render(root, "us-envoy") == ("Sir,", "Accept, Sir, the assurances of our highest consideration.")
    _set_recipient(root, "us-envoy", "gender: male", "gender: female")
    assert _render(root, "us-envoy") == ("Madam,", "Accept, Madam, the assurances of our highest consideration.")
    _set_recipient(root, "us-envoy", "gender: female", "gender: neutral")
    assert _render(root, "us-envoy") == (
        "Sir or Madam,",
        "Accept, Sir or Madam, the assurances of our highest consideration.",
    )
    _set_recipient(root, "us-envoy", "gender: neutral", "gender: neutral\n  honorific: envoy")  # a rank: Excellency
    assert _render(root, "us-envoy") == (
        "Excellency,",
        "Accept, Excellency, the assurances of our highest consideration.",
    )


def test_every_gender_and_office_of_the_english_diplomatic_register() -> None:
    for honorific in address.HONORIFICS:
        for gender, expected in (("female", "Madam,"), ("male", "Sir,"), ("neutral", "Excellency,")):
            r = _recipient(honorific=honorific, gender=gender)
            sal = address.salutation(r, "en", "Minister", None, "diplomatic")
            if honorific in ("excellency", "ambassador"):
                expected = "Excellency,"  # ambassadorial rank (UN Correspondence Manual, para. 105)
            if honorific in ("head-of-delegation", "default") and gender == "neutral":
                expected = "Sir or Madam,"  # no rank to address
            assert sal == expected, (honorific, gender)
            val = address.valediction(r, "en", sal, "Minister", None, "diplomatic")
            assert val == f"Accept, {sal[:-1]}, the assurances of our highest consideration."


def test_a_recipient_overrides_the_letter_which_overrides_the_campaign(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    _set_campaign_register(root, "diplomatic")
    text = (root / "campaign.yaml").read_text("utf-8")
    (root / "campaign.yaml").write_text(text.replace("  appeal:\n", "  appeal:\n    register: letter\n", 1), "utf-8")
    assert _render(root, "us-envoy")[0] == "Dear Mr Example,"  # the letter's register wins over the campaign's
    _set_recipient(root, "us-envoy", "  gender: male\n", "  gender: male\n  register: diplomatic\n")
    assert _render(root, "us-envoy")[0] == "Sir,"  # and the recipient's over the letter's


def test_a_letter_to_a_group_takes_the_registers_group_salutation(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "group")
    text = (root / "campaign.yaml").read_text("utf-8")
    assert "addressing: group" in text
    (root / "campaign.yaml").write_text(
        text.replace("    addressing: group\n", "    addressing: group\n    locales: [en]\n")
    )
    _set_campaign_register(root, "diplomatic")
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out, "-f", "html", "-q")
    assert run.exit_code == 0, run.output
    sal, val = _forms((out / "appeal" / "en" / "appeal.html").read_text("utf-8"))
    assert sal == "Excellencies,"
    assert val == "Accept, Excellencies, the assurances of our highest consideration."


def test_a_language_without_the_register_keeps_its_letter_forms_and_check_says_where(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    _set_recipient(root, "us-envoy", "  language: en\n", "  language: lt\n  register: diplomatic\n")
    assert not address.has_register("lt", "diplomatic")
    run = run_cli("check", root)
    line = (root / "recipients.yaml").read_text("utf-8").splitlines().index("  register: diplomatic") + 1
    assert f"recipients.yaml:{line}: warning: recipient 'us-envoy': letters has no 'diplomatic' forms" in run.output
    assert "[no-register]" in run.output and "address/lt.yaml" in run.output
    sal, _ = _render(root, "us-envoy")
    assert sal == address.salutation(_recipient(language="lt", gender="male"), "lt", "", "Steve Example")


def test_written_forms_silence_the_register_warning(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    _set_recipient(
        root,
        "us-envoy",
        "  language: en\n",
        '  language: lt\n  register: diplomatic\n  salutation: {lt: "Ekscelencija,"}\n'
        '  valediction: {lt: "Pagarbiai,"}\n',
    )
    run = run_cli("check", root)
    assert "no-register" not in run.output, run.output


def test_an_unknown_register_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    _set_recipient(root, "us-envoy", "  gender: male\n", "  gender: male\n  register: diplomatc\n")
    run = run_cli("check", root)
    line = (root / "recipients.yaml").read_text("utf-8").splitlines().index("  register: diplomatc") + 1
    assert run.exit_code == 1
    assert f"recipients.yaml:{line}: error:" in run.output and "'letter' or 'diplomatic'" in run.output
    out = tmp_path / "out"
    build = run_cli("build", root, "--out", out)
    assert build.exit_code == 1 and not (out / "appeal").exists()


def test_a_misspelt_register_field_is_named_as_written(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    _set_recipient(root, "us-envoy", "  gender: male\n", "  gender: male\n  registr: diplomatic\n")
    run = run_cli("check", root)
    assert "did you mean 'register'?" in run.output, run.output


def test_the_register_needs_gender_list_is_its_own(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    _write_rules(
        root,
        "en",
        "registers:\n  diplomatic:\n    salutation:\n"
        "      default: {female: 'Madam,', male: 'Sir,', neutral: 'Sir or Madam,'}\n"
        "    valediction:\n      default: 'Accept, {salutation}, the assurances of our highest consideration.'\n"
        "    needs-gender: [default]\n",
    )
    _set_recipient(root, "us-envoy", "gender: male", "gender: neutral")
    assert "needs-gender" not in run_cli("check", root).output  # the letter register needs none
    _set_campaign_register(root, "diplomatic")
    run = run_cli("check", root)
    assert "[needs-gender]" in run.output and "'Sir or Madam,'" in run.output


def test_a_campaign_lays_its_register_forms_over_the_shipped_ones_one_entry_at_a_time(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    _set_campaign_register(root, "diplomatic")
    _write_rules(root, "en", "registers:\n  diplomatic:\n    salutation:\n      default: {male: 'Mr Special Envoy,'}\n")
    assert run_cli("check", root).exit_code == 0
    sal, val = _render(root, "us-envoy")
    assert sal == "Mr Special Envoy,"
    assert val == "Accept, Mr Special Envoy, the assurances of our highest consideration."  # shipped closing kept


def test_a_changed_register_rebuilds_the_documents_it_changes(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    out = tmp_path / "out"
    env = {"SOURCE_DATE_EPOCH": "1751500800"}
    assert run_cli("build", root, "--out", out, "-f", "pdf", "-q", env=env).exit_code == 0
    manifest = out / "manifest.json"
    before = json.loads(manifest.read_text("utf-8"))
    pdf = next(out.rglob("*.pdf"))
    assert "Dear Mr Example," in pdf_text(pdf)
    _set_campaign_register(root, "diplomatic")
    run = run_cli("build", root, "--out", out, "-f", "pdf", "-q", env=env)
    assert run.exit_code == 0, run.output
    after = json.loads(manifest.read_text("utf-8"))
    assert after != before
    text = pdf_text(pdf)
    assert "Sir," in text and "Accept, Sir, the assurances of our highest consideration." in text
    assert "Dear Mr Example," not in text


# --- the shipped diplomatic forms, per language, office and gender (docs/forms-of-address.md) ---

EN_CLOSE = "the assurances of our highest consideration."
RU_CLOSE = "принять уверения в нашем весьма высоком уважении."
RU_NEUTRAL_CLOSE = (
    "Пользуемся этим случаем, чтобы возобновить Вашему Превосходительству уверения в нашем весьма высоком уважении."
)


@pytest.mark.parametrize(
    ("lang", "honorific", "gender", "salutation", "closing"),
    [
        ("en", "president", "female", "Madam,", f"Accept, Madam, {EN_CLOSE}"),
        ("en", "minister", "neutral", "Excellency,", f"Accept, Excellency, {EN_CLOSE}"),
        ("en", "default", "neutral", "Sir or Madam,", f"Accept, Sir or Madam, {EN_CLOSE}"),
        (
            "fr",
            "minister",
            "female",
            "Madame la Ministre,",
            "Veuillez agréer, Madame la Ministre, l’assurance de notre très haute considération.",
        ),
        (
            "fr",
            "president",
            "male",
            "Monsieur le Président,",
            "Veuillez agréer, Monsieur le Président, l’hommage de notre profond respect.",
        ),
        (
            "fr",
            "ambassador",
            "male",
            "Monsieur l’Ambassadeur,",
            "Veuillez agréer, Monsieur l’Ambassadeur, les assurances de notre très haute considération.",
        ),
        (
            "de",
            "president",
            "female",
            "Sehr verehrte Frau Präsidentin,",
            "Mit dem Ausdruck unserer ausgezeichneten Hochachtung",
        ),
        ("de", "chancellor", "neutral", "Exzellenz,", "Mit dem Ausdruck unserer ausgezeichneten Hochachtung"),
        ("de", "ambassador", "female", "Exzellenz,", "Mit dem Ausdruck unserer ausgezeichneten Hochachtung"),
        ("ru", "minister", "male", "Уважаемый господин Министр,", f"Просим Вас, господин Министр, {RU_CLOSE}"),
        ("ru", "president", "female", "Уважаемая госпожа Президент,", f"Просим Вас, госпожа Президент, {RU_CLOSE}"),
        ("ru", "president", "neutral", "Ваше Превосходительство,", RU_NEUTRAL_CLOSE),
    ],
)
def test_diplomatic_salutation_and_closing(
    lang: str, honorific: str, gender: str, salutation: str, closing: str
) -> None:
    r = _recipient(language=lang, honorific=honorific, gender=gender)
    sal = address.salutation(r, lang, "Office", None, "diplomatic")
    assert sal == salutation
    assert address.valediction(r, lang, sal, "Office", None, "diplomatic") == closing


@pytest.mark.parametrize("lang", sorted(address.shipped_forms()))
def test_every_shipped_register_is_complete_and_sourced(lang: str) -> None:
    table = address.shipped_forms()[lang]
    for register, sections in (table.get("registers") or {}).items():
        assert register in address.REGISTERS and register != "letter"
        assert set(sections) <= set(address.REGISTER_SECTIONS)
        assert "neutral" in sections["salutation"]["default"], (lang, register)
        assert set(sections["sources"]) == set(address.HONORIFICS), (lang, register)
        for honorific in address.HONORIFICS:
            for gender in address.GENDERS:
                r = _recipient(language=lang, honorific=honorific, gender=gender)
                sal = address.salutation(r, lang, "Office", None, register)
                val = address.valediction(r, lang, sal, "Office", None, register)
                assert sal.strip() and val.strip() and "{" not in sal + val, (lang, register, honorific, gender)
    assert address.has_register(lang, "diplomatic") == (lang in DIPLOMATIC_LANGUAGES)


DIPLOMATIC_LANGUAGES = {"en", "fr", "de", "ru"}


def test_the_russian_diplomatic_register_addresses_one_person_with_capital_you() -> None:
    table = address.shipped_forms()["ru"]["registers"]["diplomatic"]["valediction"]
    texts = [v for entry in table.values() for v in (entry.values() if isinstance(entry, dict) else [entry])]
    assert all(not re.search(r"\b(вас|вам|ваш)", t) for t in texts)  # "Вас", "Вашему", never lower case


def test_an_office_a_campaigns_register_leaves_out_gets_the_languages_letter_form(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    _write_rules(
        root,
        "it",
        "registers:\n  diplomatic:\n    salutation:\n"
        "      minister: {female: 'Signora Ministro,', male: 'Signor Ministro,', neutral: 'Eccellenza,'}\n"
        "    valediction:\n"
        "      minister: 'Voglia gradire, {salutation}, i sensi della nostra più alta considerazione.'\n",
    )
    _set_recipient(
        root, "us-envoy", "  language: en\n", "  language: it\n  register: diplomatic\n  honorific: minister\n"
    )
    assert _render(root, "us-envoy") == (
        "Signor Ministro,",
        "Voglia gradire, Signor Ministro, i sensi della nostra più alta considerazione.",
    )
    _set_recipient(root, "us-envoy", "  honorific: minister\n", "  honorific: envoy\n")
    letter_forms = (
        address.salutation(_recipient(language="it", honorific="envoy", gender="male"), "it", "", "Steve Example"),
        address.valediction(
            _recipient(language="it", honorific="envoy", gender="male"), "it", None, "", "Steve Example"
        ),
    )
    assert _render(root, "us-envoy") == letter_forms  # Italian, not English
