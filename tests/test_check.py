"""`letters check`: every problem at once, each with file:line, a message and a hint.

Each ``tests/roots/bad-*`` overlay is one error class; its ``expected.txt`` lists what check must print.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOTS, fold_spaces

BAD = sorted(p.name for p in ROOTS.glob("bad-*"))


def expected_lines(name: str) -> list[str]:
    text = (ROOTS / name / "expected.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_every_bad_fixture_has_expectations() -> None:
    assert len(BAD) >= 20
    for name in BAD:
        assert expected_lines(name), f"{name}/expected.txt is empty"


def test_clean_campaign_passes(campaign, cli) -> None:
    run = cli("check", campaign())
    assert run.exit_code == 0, run.output
    assert "0 error(s), 0 warning(s)" in run.stderr
    assert "ok: the campaign is valid" in run.stdout


@pytest.mark.parametrize("name", BAD)
def test_bad_fixture_is_reported(name: str, campaign, cli) -> None:
    run = cli("check", campaign(name))
    assert run.exit_code == 1, run.output
    # hints are printed on their own indented line: compare with folded spaces
    out = fold_spaces(run.stderr)
    for line in expected_lines(name):
        assert fold_spaces(line) in out, f"missing {line!r} in:\n{run.stderr}"
    assert "ok: the campaign is valid" not in run.stdout
    assert "Internal error" not in run.output


@pytest.mark.parametrize("name", BAD)
def test_bad_fixture_reports_only_its_own_problems(name: str, campaign, cli) -> None:
    """No cascade: a broken record must not also be reported as an 'unknown id' elsewhere."""
    run = cli("check", campaign(name))
    errors = [line for line in run.stderr.splitlines() if ": error: " in line]
    expected = [e for e in expected_lines(name) if ": error: " in e]
    assert len(errors) == len(expected), run.stderr


def test_several_errors_in_several_files_all_listed_with_lines(campaign, cli) -> None:
    run = cli("check", campaign("bad-several"))
    assert run.exit_code == 1
    errors = [line for line in run.stderr.splitlines() if ": error: " in line]
    files = {line.split(":", 1)[0] for line in errors}
    assert files == {"campaign.yaml", "facts.yaml", "signatories.yaml", "recipients.yaml", "sources.yaml"}
    for line in errors:
        _file, lineno, _ = line.split(":", 2)
        assert lineno.isdigit() and int(lineno) > 0, line
    assert "6 error(s)" in run.stderr


@pytest.mark.parametrize("name", BAD)
def test_every_error_has_a_hint(name: str, campaign, cli) -> None:
    run = cli("check", campaign(name))
    lines = run.stderr.splitlines()
    for i, line in enumerate(lines):
        if ": error: " in line:
            assert i + 1 < len(lines) and lines[i + 1].startswith("    hint: "), line


def test_warnings_do_not_fail_unless_strict(campaign, cli) -> None:
    root = campaign("warn-stale-unused")
    run = cli("check", root)
    assert run.exit_code == 0, run.output
    for line in expected_lines("warn-stale-unused"):
        assert line in run.stderr
    assert "0 error(s), 2 warning(s)" in run.stderr

    strict = cli("check", root, "--strict")
    assert strict.exit_code == 1
    assert "--strict: warnings count as errors" in strict.stderr


def test_quiet_prints_errors_only(campaign, cli) -> None:
    run = cli("check", campaign("warn-stale-unused"), "--quiet")
    assert run.exit_code == 0
    assert "stale-fact" not in run.stderr


def test_campaign_yaml_path_is_accepted(campaign, cli) -> None:
    root = campaign()
    assert cli("check", root / "campaign.yaml").exit_code == 0


def test_not_a_campaign_folder(tmp_path: Path, cli) -> None:
    run = cli("check", tmp_path)
    assert run.exit_code == 1
    assert f"no campaign.yaml in {tmp_path}" in run.stderr
    assert "letters init" in run.stderr


def test_template_error_names_the_campaign_template_line(campaign, cli) -> None:
    run = cli("check", campaign("bad-template-variable"))
    assert "templates/short.html.j2:6:" in run.stderr
    assert "recipient_nmae" in run.stderr


def test_template_syntax_error_has_its_line(campaign, cli) -> None:
    root = campaign("bad-template-variable")
    (root / "templates" / "short.html.j2").write_text("<p>{{ subject }}</p>\n<p>{% if %}</p>\n", "utf-8")
    run = cli("check", root)
    assert run.exit_code == 1
    assert "templates/short.html.j2:2: error: template syntax error" in run.stderr


def test_a_campaign_without_facts_file_is_fine_if_nothing_cites(campaign, cli) -> None:
    root = campaign()
    (root / "facts.yaml").unlink()
    (root / "sources.yaml").unlink()
    (root / "demands.yaml").write_text("release:\n  text: Release them all.\n", "utf-8")
    text = (root / "campaign.yaml").read_text("utf-8").replace("Today {fact:prisoners} people", "Many people")
    (root / "campaign.yaml").write_text(text, "utf-8")
    run = cli("check", root)
    assert run.exit_code == 0, run.output


def test_a_name_missing_in_a_letter_s_script_is_a_warning(campaign, cli) -> None:
    """Names are facts: a Latin-script letter must not silently print a Cyrillic-only name."""
    root = campaign()
    sig = root / "signatories.yaml"
    text = sig.read_text(encoding="utf-8")
    assert "    Latn: Alice Gorinova\n" in text
    sig.write_text(text.replace("    Latn: Alice Gorinova\n", ""), encoding="utf-8")
    run = cli("check", root)
    assert run.exit_code == 0, run.stderr
    line = text.splitlines().index("  name:") + 1
    assert (
        f"signatories.yaml:{line}: warning: signatory 'alice-public' has no name written in Latn script "
        "(needed for 'en' letters)" in run.stderr
    )
    assert cli("check", root, "--strict").exit_code == 1
