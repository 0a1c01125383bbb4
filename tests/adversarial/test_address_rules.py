"""A campaign's address/<language>.yaml is an input channel: strict YAML, escaped output."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_campaign, run_cli

RECIPIENT = "pl-x:\n  office: Office\n  language: pl\n  country: PL\n  gender: male\n"


def campaign_with(tmp_path: Path, rules: str) -> Path:
    root = make_campaign(tmp_path / "c")
    (root / "recipients.yaml").write_text(RECIPIENT, "utf-8")
    (root / "address").mkdir()
    (root / "address" / "pl.yaml").write_text(rules, "utf-8")
    return root


def test_markup_in_a_salutation_is_text(tmp_path: Path) -> None:
    root = campaign_with(tmp_path, 'salutation:\n  default: {male: "<script>alert(1)</script>,"}\n')
    html = run_cli("render", root, "--letter", "appeal", "-r", "pl-x").stdout
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;," in html


def test_duplicate_keys_are_an_error(tmp_path: Path) -> None:
    root = campaign_with(tmp_path, 'attention: "A {text}"\nattention: "B {text}"\n')
    run = run_cli("check", root)
    assert run.exit_code != 0
    assert "address/pl.yaml:2: error" in run.output and "Traceback" not in run.output


def test_a_rules_file_that_is_a_link_outside_the_campaign(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text('attention: "X {text}"\n', "utf-8")
    root = make_campaign(tmp_path / "c")
    (root / "address").mkdir()
    (root / "address" / "pl.yaml").symlink_to(outside)
    run = run_cli("check", root)
    assert run.exit_code != 0, run.output
    assert "address/pl.yaml" in run.output and "Traceback" not in run.output


# --- address-case and address-prefix (the case and the line before the recipient's address lines) ---


@pytest.mark.parametrize(
    ("rules", "line", "message"),
    [
        ("address-case: dativ\n", 1, "address-case must be one of nominative, dative, accusative, not 'dativ'"),
        ("address-case: Dative\n", 1, "address-case must be one of nominative, dative, accusative, not 'Dative'"),
        (
            'attention: "A {text}"\naddress-case: [dative]\n',
            2,
            "address-case must be one of nominative, dative, accusative, not a list",
        ),
        ("address-case: {dative: yes}\n", 1, "not a mapping"),
        ("address-case:\n", 1, "address-case must be one of nominative, dative, accusative, not"),
        ("address-prefix: {to: Do}\n", 1, "address-prefix must be one line of text, not a mapping"),
        ("address-prefix: [Do]\n", 1, "address-prefix must be one line of text, not a list"),
        ('\n\naddress-prefix: "Do\\nrąk"\n', 3, "address-prefix must be one line of text, not several lines"),
    ],
)
def test_a_bad_address_key_is_an_error_at_its_line(tmp_path: Path, rules: str, line: int, message: str) -> None:
    root = campaign_with(tmp_path, rules)
    run = run_cli("check", root)
    assert run.exit_code == 1, run.output
    assert f"address/pl.yaml:{line}: error: " in run.output and message in run.output, run.output
    assert "hint:" in run.output and "[bad-address-rule]" in run.output
    assert "Traceback" not in run.output
    render = run_cli("render", root, "--letter", "appeal", "-r", "pl-x")  # nothing renders with a bad rule
    assert render.exit_code == 1 and "<html" not in render.stdout and message in render.output, render.output


def test_a_prefix_is_printed_as_text(tmp_path: Path) -> None:
    root = campaign_with(tmp_path, 'address-prefix: "<script>alert(1)</script>"\n')
    html = run_cli("render", root, "--letter", "appeal", "-r", "pl-x").stdout
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html.split("<address>", 1)[1].split("</address>", 1)[0]


def test_an_empty_prefix_is_none_and_a_dative_needs_its_form(tmp_path: Path) -> None:
    root = campaign_with(tmp_path, 'address-case: dative\naddress-prefix: ""\n')
    run = run_cli("check", root)
    assert run.exit_code == 0, run.output
    assert "recipients.yaml:1: warning: recipient 'pl-x' has no confirmed dative form for 'pl'" in run.output
    block = run_cli("render", root, "--letter", "appeal", "-r", "pl-x").stdout.split("<address>", 1)[1]
    assert block.split("</address>", 1)[0].count('<span class="line">') == 1  # the office alone


# --- registers (the diplomatic forms of a language) and the 'register' a recipient or letter asks for ---

PL_DIPLOMATIC = "register: diplomatic\n"


@pytest.mark.parametrize(
    ("rules", "line", "message"),
    [
        ("registers: [diplomatic]\n", 1, "registers must be a mapping, not a list"),
        ("registers:\n", 1, "registers must be a mapping, not an empty value"),
        ("registers:\n  diplomatik: {}\n", 2, "unknown register 'diplomatik' (known: diplomatic)"),
        ("registers:\n  letter: {salutation: {}}\n", 2, "unknown register 'letter'"),
        ("registers:\n  diplomatic: Excellency\n", 2, "register 'diplomatic' must be a mapping"),
        (
            "registers:\n  diplomatic:\n    salutation: {default: {neutral: 'E,'}}\n",
            2,
            "register 'diplomatic' needs both a salutation and a valediction section",
        ),
        (
            "registers:\n  diplomatic:\n    salutation: {}\n    valediction: {}\n    attention: 'X {text}'\n",
            5,
            "a register has no section 'attention'",
        ),
    ],
)
def test_a_bad_registers_section_is_an_error_at_its_line(tmp_path: Path, rules: str, line: int, message: str) -> None:
    root = campaign_with(tmp_path, rules)
    run = run_cli("check", root)
    assert run.exit_code == 1, run.output
    assert f"address/pl.yaml:{line}: error: " in run.output and message in run.output, run.output
    assert "hint:" in run.output and "[bad-address-rule]" in run.output and "Traceback" not in run.output
    render = run_cli("render", root, "--letter", "appeal", "-r", "pl-x")
    assert render.exit_code == 1 and "<html" not in render.stdout


def test_markup_in_a_register_form_is_text(tmp_path: Path) -> None:
    root = campaign_with(
        tmp_path,
        "registers:\n  diplomatic:\n    salutation: {default: {male: '<b>Ekscelencjo</b>,'}}\n"
        "    valediction: {default: '<img src=x onerror=alert(1)> {salutation}'}\n",
    )
    (root / "recipients.yaml").write_text(RECIPIENT + "  " + PL_DIPLOMATIC, "utf-8")
    html = run_cli("render", root, "--letter", "appeal", "-r", "pl-x").stdout
    assert "<b>Ekscelencjo" not in html and "<img src=x" not in html
    assert "&lt;b&gt;Ekscelencjo&lt;/b&gt;," in html and "&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;" in html


@pytest.mark.parametrize(
    "value",
    ["'<script>alert(1)</script>'", "[diplomatic]", "{diplomatic: yes}", "Diplomatic", "''", "letter\u202e"],
)
def test_a_hostile_register_value_is_a_schema_error_at_its_line(tmp_path: Path, value: str) -> None:
    root = make_campaign(tmp_path / "c")
    (root / "recipients.yaml").write_text(RECIPIENT + f"  register: {value}\n", "utf-8")
    run = run_cli("check", root)
    assert run.exit_code == 1, run.output
    assert "recipients.yaml:6: error: register" in run.output and "Traceback" not in run.output
    assert "<script>alert(1)</script>" not in run.output.split("error:", 1)[0]
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out).exit_code == 1 and not (out / "appeal").exists()


def test_a_register_on_a_letter_and_the_campaign_is_checked_at_its_line(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    text = (root / "campaign.yaml").read_text("utf-8")
    (root / "campaign.yaml").write_text(
        text.replace("  appeal:\n", "  appeal:\n    register: [diplomatic]\n", 1).replace(
            "date: 2025-07-03\n", "date: 2025-07-03\nregister: 7\n", 1
        ),
        "utf-8",
    )
    run = run_cli("check", root)
    lines = (root / "campaign.yaml").read_text("utf-8").splitlines()
    assert run.exit_code == 1
    assert f"campaign.yaml:{lines.index('register: 7') + 1}: error: register" in run.output, run.output
    assert f"campaign.yaml:{lines.index('    register: [diplomatic]') + 1}: error:" in run.output, run.output


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("name-order: family_first\n", "name-order must be given-first or family-first, not 'family_first'"),
        ("name-order: [family-first]\n", "name-order must be given-first or family-first, not a list"),
        ("name-order:\n", "name-order must be given-first or family-first, not an empty value"),
    ],
)
def test_a_bad_name_order_is_an_error_at_its_line(tmp_path: Path, rules: str, message: str) -> None:
    root = campaign_with(tmp_path, rules)
    run = run_cli("check", root)
    assert run.exit_code == 1, run.output
    assert "address/pl.yaml:1: error: " + message in run.output and "[bad-address-rule]" in run.output


@pytest.mark.parametrize(
    ("rules", "line", "message"),
    [
        (
            "group:\n  valediction:\n    default: [1, 2]\n",
            3,
            "group.valediction.default must be text or texts per form",
        ),
        ("salutation:\n  minister: {male: [x]}\n", 2, "salutation.minister must be text or texts per form"),
        ("valediction:\n  default: ''\n", 2, "valediction.default must be text or texts per form"),
        ("salutation: Dear all\n", 1, "salutation must map honorifics to forms"),
        (
            "registers:\n  diplomatic:\n    salutation: {default: {neutral: 'E,'}}\n"
            "    valediction:\n      default: {}\n",
            5,
            "valediction.default must be text or texts per form",
        ),
    ],
)
def test_a_form_that_is_not_text_is_an_error_at_its_line(tmp_path: Path, rules: str, line: int, message: str) -> None:
    """Before, such an entry was skipped without a word and the shipped form printed instead."""
    root = campaign_with(tmp_path, rules)
    run = run_cli("check", root)
    assert run.exit_code == 1, run.output
    assert f"address/pl.yaml:{line}: error: {message}" in run.output and "hint:" in run.output, run.output
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out).exit_code == 1 and not (out / "appeal").exists()


def test_markup_in_a_group_closing_is_text(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "group")
    (root / "address").mkdir()
    (root / "address" / "ru.yaml").write_text("group:\n  valediction:\n    default: '<b>x</b> {salutation}'\n", "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out, "-f", "html", "-q").exit_code == 0
    html = (out / "appeal" / "ru" / "appeal.html").read_text("utf-8")
    assert "<b>x</b>" not in html and '<p class="valediction">&lt;b&gt;x&lt;/b&gt; ' in html
