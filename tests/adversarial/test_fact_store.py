"""Point 8: loading the fact store stays strict and total. Hostile YAML is a clear error at the
line where the problem is (or a warning), never an internal error (exit 70)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOTS, make_campaign, run_cli

from adversarial.canary import CANARY, leaks, run_both

FACTS = (ROOTS / "minimal" / "facts.yaml").read_text("utf-8")
RECIPIENTS = (ROOTS / "minimal" / "recipients.yaml").read_text("utf-8")

CASES = {
    "deep-flow-nesting": (
        "demands.yaml",
        "release:\n  text: " + "[" * 5000 + "]" * 5000 + "\n",
        "demands.yaml:2: error: nested more than 40 levels deep",
    ),
    "deep-block-nesting": (
        "demands.yaml",
        "".join("  " * i + f"k{i}:\n" for i in range(60)),
        "demands.yaml:41: error: nested more than 40 levels deep",
    ),
    "28-digit-number": (
        "facts.yaml",
        FACTS.replace("10000", "1" * 28),
        "facts.yaml:3: error: value: '" + "1" * 28 + "' is too large or too long",
    ),
    "1E27": (
        "facts.yaml",
        FACTS.replace("10000", "1E27"),
        "facts.yaml:3: error: value: '1E27' is too large or too long",
    ),
    "str-tag": (
        "demands.yaml",
        "release:\n  text: !!str Make it so\n",
        "demands.yaml:2: error: explicit YAML tag '!!str' is not allowed",
    ),
    "local-tag": (
        "demands.yaml",
        "release:\n  text: !x Make it so\n",
        "demands.yaml:2: error: explicit YAML tag '!x' is not allowed",
    ),
    "control-character": (
        "demands.yaml",
        "release:\n  text: Make it so\n  other: a\x07b\n",
        "demands.yaml:3: error: control character U+0007 is not allowed in YAML",
    ),
    "unclosed-quote": (
        "demands.yaml",
        'release:\n  text: "Make it so\n\n\n\nnext: x\n',
        "demands.yaml:2: error: YAML syntax error: a quoted value that opens here is never closed (line 7)",
    ),
    "unclosed-bracket": (
        "demands.yaml",
        "release:\n  text: [a, b\n\n\n",
        "demands.yaml:2: error: YAML syntax error: a list [ that opens here is never closed (line 5)",
    ),
    "reserved-id-con": (
        "recipients.yaml",
        RECIPIENTS.replace("us-envoy:", "con:"),
        "recipients.yaml:1: error: invalid id: 'con' is a reserved file name on Windows",
    ),
    "reserved-id-com1": (
        "recipients.yaml",
        RECIPIENTS.replace("us-envoy:", "com1:"),
        "recipients.yaml:1: error: invalid id: 'com1' is a reserved file name on Windows",
    ),
    "merge-key": (
        "demands.yaml",
        "release:\n  <<: {text: x}\n",
        "demands.yaml:2: error: merge keys ('<<') are not allowed",
    ),
    "alias-bomb": (
        "demands.yaml",
        "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
        "demands.yaml:1: error: anchors and aliases",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_hostile_yaml_is_a_clear_error_at_its_line(case: str, tmp_path: Path) -> None:
    file, text, expected = CASES[case]
    root = make_campaign(tmp_path / "campaign")
    (root / file).write_text(text, "utf-8")
    check, debug = run_both("check", root)
    assert check.exit_code == 1, check.output
    assert expected in check.stderr
    build = run_cli("build", root, "--out", tmp_path / "out")
    assert build.exit_code == 1
    assert "Internal error" not in check.output + build.output + debug


def test_a_figure_that_prints_as_zero_is_a_warning(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (root / "facts.yaml").write_text(FACTS.replace("10000", "0.0001"), "utf-8")
    check = run_cli("check", root)
    assert check.exit_code == 0
    assert "facts.yaml:3: warning: fact 'prisoners': 0.0001 is printed as '0' [rounds-to-zero]" in check.stderr
    assert run_cli("check", root, "--strict").exit_code == 1


def test_out_pointing_at_a_file_is_a_clear_error(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (tmp_path / "afile").write_text("keep me", "utf-8")
    run = run_cli("build", root, "--out", tmp_path / "afile")
    assert run.exit_code not in (0, 70)
    assert "--out is a file, not a folder" in run.stderr
    assert (tmp_path / "afile").read_text("utf-8") == "keep me"


def test_a_yaml_error_does_not_echo_the_file(tmp_path: Path) -> None:
    """A syntax error names file:line and the problem, never the text around it (it may be a name)."""
    root = make_campaign(tmp_path / "campaign")
    (root / "signatories.yaml").write_text(f"gone:\n  name: {{Latn: {CANARY}\n  consent: withdrawn\n", "utf-8")
    check, debug = run_both("check", root)
    assert check.exit_code == 1
    assert "signatories.yaml:2: error: YAML syntax error" in check.stderr
    assert leaks(CANARY, runs=[check], texts=[debug]) == []
