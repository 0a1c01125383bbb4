"""The case of the address block comes from each language's address rules (``address-case``,
``address-prefix``): Lithuanian, Latvian and Georgian letters name the recipient in the dative
("Užsienio reikalų ministrei") when a person has supplied the form, and otherwise keep the
nominative and say so in ``check``. A campaign's own address rules can set either key.

Read back from real rendered HTML and PDFs (the fictional one-letter campaigns of
tests/test_lang_other.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import pdf_text, run_cli
from test_lang_other import CAMPAIGN, write_campaign

from letters import address

DATIVE = ("lt", "lv", "ka")
_BIDI = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


def block(html: str) -> list[str]:
    """The address block's lines as the HTML shows them."""
    inner = html.split("<address>", 1)[1].split("</address>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", x).translate(_BIDI).strip()
        for x in re.findall(r'<span class="line">(.*?)</span>', inner)
    ]


def without_forms(root: Path) -> Path:
    recipients = root / "recipients.yaml"
    recipients.write_text(re.sub(r"  forms: .*\n", "", recipients.read_text("utf-8")), "utf-8")
    return root


def render(root: Path, lang: str) -> tuple[str, str]:
    run = run_cli("render", root, "--letter", "appeal", "-r", CAMPAIGN[lang]["rid"])
    assert run.exit_code == 0, run.output
    return run.stdout, run.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """lang -> the build folder of its campaign, the dative supplied (PDF and HTML)."""
    out = {}
    for lang in DATIVE:
        root = write_campaign(tmp_path_factory.mktemp(f"case-{lang}") / "c", lang)
        run = run_cli("build", root, "--out", root.parent / "out", "--jobs", "0")
        assert run.exit_code == 0, run.output
        assert "warning:" not in run.output.lower(), run.output
        out[lang] = root.parent / "out"
    return out


@pytest.mark.parametrize("lang", DATIVE)
def test_the_rules_say_dative(lang: str) -> None:
    assert address.address_case(lang) == "dative"
    assert address.address_prefix(lang) is None


@pytest.mark.parametrize("lang", DATIVE)
def test_a_supplied_dative_opens_the_block_in_html_and_pdf(built: dict[str, Path], lang: str) -> None:
    c, rid = CAMPAIGN[lang], CAMPAIGN[lang]["rid"]
    html = (built[lang] / "appeal" / lang / f"{rid}.html").read_text("utf-8")
    assert block(html) == [c["dative"], *c["address"]]
    text = pdf_text(built[lang] / "appeal" / lang / f"{rid}.pdf")
    assert c["dative"] in text
    assert c["office"] not in text  # the nominative office is not printed
    assert text.index(c["dative"]) < text.index(c["address"][0])


@pytest.mark.parametrize("lang", DATIVE)
def test_without_the_form_the_block_stays_nominative_and_check_warns(tmp_path: Path, lang: str) -> None:
    c, rid = CAMPAIGN[lang], CAMPAIGN[lang]["rid"]
    root = without_forms(write_campaign(tmp_path / "c", lang))
    html, _ = render(root, lang)
    assert block(html) == [c["office"], *c["address"]]
    assert c["dative"] not in html  # never guessed
    run = run_cli("check", root)
    assert run.exit_code == 0, run.output  # a warning, not an error
    out = run.output
    assert (
        f"recipients.yaml:1: warning: recipient '{rid}' has no confirmed dative form for '{lang}': its address "
        f"block stays in the nominative; no proposal (no declension rules for '{lang}') [no-dative]"
    ) in re.sub(r"\s+", " ", out)
    assert f'write it yourself: forms: {{{lang}: {{dative: "..."}}}}' in out


def test_the_build_manifest_carries_the_warning(tmp_path: Path) -> None:
    import json

    root = without_forms(write_campaign(tmp_path / "c", "lv"))
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out, "--format", "html")
    assert run.exit_code == 0, run.output
    record = json.loads((out / "manifest.json").read_text("utf-8"))["outputs"][0]
    assert any("no confirmed dative form for 'lv'" in w for w in record["warnings"]), record


def test_a_campaign_can_keep_a_language_in_the_nominative(tmp_path: Path) -> None:
    root = without_forms(write_campaign(tmp_path / "c", "lv"))
    (root / "address").mkdir()
    (root / "address" / "lv.yaml").write_text("address-case: nominative\n", "utf-8")
    html, _ = render(root, "lv")
    assert block(html) == [CAMPAIGN["lv"]["office"], *CAMPAIGN["lv"]["address"]]
    run = run_cli("check", root)
    assert run.exit_code == 0 and "no-dative" not in run.output, run.output


@pytest.fixture(scope="module")
def greek(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Greek campaign, its accusative supplied, built (PDF and HTML)."""
    root = write_campaign(tmp_path_factory.mktemp("case-el") / "c", "el")
    run = run_cli("build", root, "--out", root.parent / "out", "--jobs", "0")
    assert run.exit_code == 0 and "warning:" not in run.output.lower(), run.output
    return root.parent / "out"


def test_greek_puts_the_recipient_after_pros_in_the_accusative(greek: Path) -> None:
    c = CAMPAIGN["el"]
    assert (address.address_case("el"), address.address_prefix("el")) == ("accusative", "Προς:")
    html = (greek / "appeal" / "el" / f"{c['rid']}.html").read_text("utf-8")
    assert block(html) == ["Προς:", c["accusative"], *c["address"]]
    text = pdf_text(greek / "appeal" / "el" / f"{c['rid']}.pdf")
    assert f"Προς: {c['accusative']} {c['address'][0]}" in text
    assert c["office"] not in text


def test_without_the_accusative_greek_keeps_the_nominative_and_no_pros(tmp_path: Path) -> None:
    c = CAMPAIGN["el"]
    root = without_forms(write_campaign(tmp_path / "c", "el"))
    html, _ = render(root, "el")
    assert block(html) == [c["office"], *c["address"]]  # "Προς:" before a nominative would be wrong
    check = run_cli("check", root).output
    assert "has no confirmed accusative form for 'el'" in check and "[no-accusative]" in check
    assert 'forms: {el: {accusative: "..."}}' in check


def test_a_campaign_sets_a_case_and_a_prefix(tmp_path: Path) -> None:
    """Latvian is shipped in the dative without a prefix; a campaign writes "Godātajam" above the lines
    (the campaign's choice, to show the keys), and Greek back in the plain nominative."""
    root = write_campaign(tmp_path / "lv", "lv")
    (root / "address").mkdir()
    (root / "address" / "lv.yaml").write_text('address-prefix: "<b>Godātajam</b>"\n', "utf-8")
    html, _ = render(root, "lv")
    assert block(html) == ["&lt;b&gt;Godātajam&lt;/b&gt;", CAMPAIGN["lv"]["dative"], *CAMPAIGN["lv"]["address"]]
    root = without_forms(write_campaign(tmp_path / "el", "el"))
    (root / "address").mkdir()
    (root / "address" / "el.yaml").write_text('address-case: nominative\naddress-prefix: ""\n', "utf-8")
    html, _ = render(root, "el")
    assert block(html) == [CAMPAIGN["el"]["office"], *CAMPAIGN["el"]["address"]]
    assert "no-accusative" not in run_cli("check", root).output


def test_russian_and_ukrainian_keep_their_dative_from_the_rules() -> None:
    assert address.address_case("ru") == address.address_case("uk") == "dative"
    assert address.address_case("be") == "nominative"  # no Belarusian rules shipped: English's


def test_every_shipped_rules_file_has_valid_address_keys() -> None:
    from letters.resources import data_dir
    from letters.yamlio import load_yaml

    for path in sorted((data_dir() / "address").glob("*.yaml")):
        doc, _ = load_yaml(path)
        assert address.rule_problems(doc) == [], path.name


def test_a_group_letter_lists_the_recipients_in_the_dative(tmp_path: Path) -> None:
    """ "A ir B" in Lithuanian, each in its confirmed dative (the same path as Russian's group letters)."""
    root = write_campaign(tmp_path / "c", "lt")
    campaign = root / "campaign.yaml"
    campaign.write_text(
        campaign.read_text("utf-8").replace("  appeal:\n", "  appeal:\n    addressing: group\n"), "utf-8"
    )
    with (root / "recipients.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "teisingumo:\n  office: Teisingumo ministrė\n  language: lt\n  country: LT\n  gender: female\n"
            "  honorific: minister\n  forms: {lt: {dative: Teisingumo ministrei}}\n"
        )
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out, "--format", "html", "--jobs", "0", "--no-progress")
    assert run.exit_code == 0 and "warning:" not in run.output, run.output
    html = (out / "appeal" / "lt" / "appeal.html").read_text("utf-8")
    assert block(html) == ["Užsienio reikalų ministrei ir Teisingumo ministrei"]
