"""Command-line arguments: ids and paths given on the command line cannot steer where files go
or what is read; a bad argument is a clear error with its exit code, never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_campaign, run_cli

from adversarial.canary import CANARY, leaks, run_both


def files_outside(tmp_path: Path, *inside: Path) -> list[Path]:
    return [p for p in tmp_path.rglob("*") if p.is_file() and not any(p.is_relative_to(i) for i in inside)]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--letter", "../../escaped", "unknown letter id '../../escaped'"),
        ("--recipient", "us-envoy/../../escaped", "unknown recipient id 'us-envoy/../../escaped'"),
        ("--locale", "de/../../../escaped", "unknown language code 'de/../../../escaped'"),
    ],
)
def test_build_selection_cannot_steer_a_path(option: str, value: str, message: str, tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    run = run_cli("build", root, "--out", tmp_path / "out", option, value)
    assert run.exit_code == 1
    assert message in run.stderr
    assert files_outside(tmp_path, root) == []


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    run = run_cli("build", root, "--out", tmp_path / "out", "--format", "exe")
    assert run.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_render_under_a_file_is_a_user_error(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (tmp_path / "afile").write_text("keep", "utf-8")
    run = run_cli("render", root, "--letter", "appeal", "--recipient", "us-envoy", "-o", tmp_path / "afile" / "x.html")
    assert run.exit_code not in (0, 70)
    assert "Internal error" not in run.output
    assert (tmp_path / "afile").read_text("utf-8") == "keep"


def test_a_withdrawn_signatory_is_in_no_output_byte_even_with_debug(tmp_path: Path) -> None:
    """The whole build, PDF and HTML, with a withdrawn signatory whose name is the canary."""
    root = make_campaign(tmp_path / "campaign")
    with (root / "signatories.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            f"gone:\n  name: {{Latn: {CANARY}}}\n  role: {CANARY}\n  status: free\n"
            f"  consent: {{level: withdrawn, record: {{method: {CANARY}, date: 2025-06-30, via: {CANARY}}}}}\n"
        )
    out = tmp_path / "out"
    build, debug = run_both("build", root, "--out", out)
    assert build.exit_code == 0, build.output
    check, check_debug = run_both("check", root)
    assert sorted(p.suffix for p in out.rglob("*.*")) == [".html", ".json", ".pdf"]
    assert leaks(CANARY, out=out, runs=[build, check], texts=[debug, check_debug]) == []


def test_init_never_overwrites_a_file(tmp_path: Path) -> None:
    target = tmp_path / "new"
    target.mkdir()
    (target / "campaign.yaml").write_text("# mine\n", "utf-8")
    run = run_cli("init", target, "--force")
    assert (target / "campaign.yaml").read_text("utf-8") == "# mine\n"
    assert "Internal error" not in run.output
