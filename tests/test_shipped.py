"""What we ship passes its own checks: the example campaign and the toolkit's catalogs.

These are the commands a new user runs first; a Babel or CLDR update that changes what a
language's catalogs may say shows up here before it reaches anyone.
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_the_example_campaign_passes_check_strict() -> None:
    r = run_cli("check", "--strict", EXAMPLES / "joint-letter")
    assert r.exit_code == 0, r.output
    assert "0 error(s), 0 warning(s)" in r.output


def test_the_example_catalogs_pass_i18n_check() -> None:
    r = run_cli("i18n", "check", EXAMPLES / "joint-letter")
    assert r.exit_code == 0, r.output
    assert "0 error(s), 0 warning(s)" in r.output


def test_the_toolkit_catalogs_pass_i18n_check() -> None:
    r = run_cli("i18n", "check", "--toolkit")
    assert r.exit_code == 0, r.output
    assert "0 error(s), 0 warning(s)" in r.output
