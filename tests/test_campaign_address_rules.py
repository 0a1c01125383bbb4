"""A campaign brings address rules for a language letters lacks (or replaces single entries):
'<campaign>/address/<language>.yaml', the schema of letters/data/address/en.yaml."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import make_campaign, run_cli

# Belarusian: a language letters does not ship (Polish, the first example, is shipped now).
BELARUSIAN = """\
salutation:
  minister: {female: "Паважаная спадарыня Міністр!", male: "Паважаны спадар Міністр!",
             neutral: "Паважаныя спадарыні і спадары!"}
  default: {female: "Паважаная спадарыня!", male: "Паважаны спадар!", neutral: "Паважаныя спадарыні і спадары!"}
valediction:
  default: "З павагай,"
attention: "Да ўвагі: {text}"
"""
RECIPIENT = """\
be-minister:
  office: Minister of Foreign Affairs
  language: be
  country: BY
  gender: male
  honorific: minister
  attention: the Minister's office
"""


def belarusian_campaign(tmp_path: Path) -> Path:
    root = make_campaign(tmp_path / "c")
    (root / "recipients.yaml").write_text(RECIPIENT, "utf-8")
    return root


def test_without_rules_the_english_fallback_is_named(tmp_path: Path) -> None:
    run = run_cli("check", belarusian_campaign(tmp_path))
    assert "letters has no forms of address for 'be'" in run.output and "[no-address-rules]" in run.output


def test_a_campaigns_rules_are_used_and_silence_the_warning(tmp_path: Path) -> None:
    root = belarusian_campaign(tmp_path)
    (root / "address").mkdir()
    (root / "address" / "be.yaml").write_text(BELARUSIAN, "utf-8")
    run = run_cli("check", root)
    assert run.exit_code == 0, run.output
    assert "no-address-rules" not in run.output
    html = run_cli("render", root, "--letter", "appeal", "-r", "be-minister").stdout
    assert '<p class="salutation">Паважаны спадар Міністр!</p>' in html
    assert '<p class="valediction">З павагай,</p>' in html
    assert "Да ўвагі: the Minister&#39;s office" in html or "Да ўвагі: the Minister’s office" in html


def test_a_campaign_replaces_one_shipped_entry(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "multilang")
    (root / "address").mkdir()
    (root / "address" / "de.yaml").write_text(
        'salutation:\n  chancellor: {male: "Hochverehrter Herr Bundeskanzler,"}\n', "utf-8"
    )
    recipients = (root / "recipients.yaml").read_text("utf-8")
    (root / "recipients.yaml").write_text(
        recipients.replace(
            "  gender: male\n  address:\n    - Willy",
            "  gender: male\n  honorific: chancellor\n  address:\n    - Willy",
            1,
        ),
        "utf-8",
    )
    html = run_cli("render", root, "--letter", "appeal", "-r", "de-chancellor").stdout
    assert '<p class="salutation">Hochverehrter Herr Bundeskanzler,</p>' in html
    assert '<p class="valediction">Mit vorzüglicher Hochachtung</p>' in html  # the rest stays shipped


def test_broken_rules_are_an_error_at_their_line(tmp_path: Path) -> None:
    root = belarusian_campaign(tmp_path)
    (root / "address").mkdir()
    (root / "address" / "be.yaml").write_text("salutation:\n  default: {male: [unclosed\n", "utf-8")
    (root / "address" / "xx-nope.yaml").write_text("salutation: {}\n", "utf-8")
    run = run_cli("check", root)
    assert run.exit_code != 0
    assert re.search(r"address/be\.yaml:\d+: error", run.output), run.output
    assert "address/xx-nope.yaml: error: address rules for an unknown language code 'xx-nope'" in run.output
