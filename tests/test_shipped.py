"""What we ship passes its own checks: the example campaign and the toolkit's catalogs.

These are the commands a new user runs first; a Babel or CLDR update that changes what a
language's catalogs may say shows up here before it reaches anyone.
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_the_example_campaign_passes_check_with_only_the_expected_warnings() -> None:
    """The sources give no office holder's gender, so the German letter to the Chancellor, the
    Ukrainian one to the head of Ukraine's delegation (Ukrainian has no gender-free form of
    "керівник") and the French one to the President open with a stopgap, and check says so
    (needs-gender); nothing else."""
    r = run_cli("check", EXAMPLES / "joint-letter")
    assert r.exit_code == 0, r.output
    assert "0 error(s), 3 warning(s)" in r.output
    warnings = [line for line in r.output.splitlines() if ": warning: " in line]
    assert len(warnings) == 3 and all(w.endswith("[needs-gender]") for w in warnings), warnings
    assert "'ua-delegation-head'" in warnings[0] and "'uk'" in warnings[0]
    assert "'de-chancellor'" in warnings[1] and "'fr-president'" in warnings[2]
    strict = run_cli("check", "--strict", EXAMPLES / "joint-letter")
    # --strict refuses a stopgap salutation, and nothing else: the coordinator must source the holder
    assert strict.exit_code == 1 and "0 error(s), 3 warning(s) (--strict: warnings count as errors)" in strict.output


def test_the_example_catalogs_pass_i18n_check() -> None:
    r = run_cli("i18n", "check", EXAMPLES / "joint-letter")
    assert r.exit_code == 0, r.output
    assert "0 error(s), 0 warning(s)" in r.output


def test_the_toolkit_catalogs_pass_i18n_check() -> None:
    r = run_cli("i18n", "check", "--toolkit")
    assert r.exit_code == 0, r.output
    assert "0 error(s), 0 warning(s)" in r.output
