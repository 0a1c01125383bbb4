"""A campaign's address/<language>.yaml is an input channel: strict YAML, escaped output."""

from __future__ import annotations

from pathlib import Path

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
