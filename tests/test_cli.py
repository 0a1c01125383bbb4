"""The command line: help, version, start-up cost, `render` and `init`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_campaign, pdf_reader, pdf_text, run_cli

from letters import __version__
from letters.cli.app import app

COMMANDS = ["check", "build", "render", "init"]


def test_help_lists_every_command() -> None:
    run = run_cli("--help")
    assert run.exit_code == 0
    for name in COMMANDS:
        assert name in run.stdout
    assert "Usage" in run.stdout


def test_no_arguments_shows_help() -> None:
    run = run_cli()
    assert "Usage" in run.output
    assert "check" in run.output


def command_paths() -> list[tuple[str, ...]]:
    """Every command and sub-command of the CLI, as argument paths (('i18n', 'status'), ...)."""
    import typer.main

    paths: list[tuple[str, ...]] = []

    def walk(cmd, prefix: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            paths.append((*prefix, name))
            walk(sub, (*prefix, name))

    walk(typer.main.get_command(app), ())
    return paths


def test_the_backbone_commands_exist() -> None:
    assert {p[0] for p in command_paths()} >= set(COMMANDS)


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_subcommand_has_help(path: tuple[str, ...]) -> None:
    run = run_cli(*path, "--help")
    assert run.exit_code == 0, run.output
    assert "Usage" in run.stdout
    assert len(run.stdout.strip().splitlines()) > 3


def test_version() -> None:
    run = run_cli("--version")
    assert run.exit_code == 0
    assert run.stdout == f"letters {__version__}\n"


def test_python_m_letters_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "letters", "--version"], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"letters {__version__}"


def test_weasyprint_is_not_imported_at_start_up() -> None:
    code = "import letters.cli.app, sys; print('weasyprint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_check_and_render_html_do_not_import_weasyprint(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    code = (
        "import sys\nfrom letters.cli.app import app\n"
        "for args in (['check', sys.argv[1]], ['render', sys.argv[1], '--letter', 'appeal', '-r', 'us-envoy']):\n"
        "    try:\n        app(args)\n    except SystemExit as e:\n        assert not e.code, e.code\n"
        "print('weasyprint' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True)
    assert result.stderr.strip().splitlines()[-1] == "False"


def test_unknown_command_is_a_usage_error() -> None:
    run = run_cli("frobnicate")
    assert run.exit_code == 2


# --- render ----------------------------------------------------------------------------------


def test_render_prints_html_to_stdout(campaign) -> None:
    run = run_cli("render", campaign(), "--letter", "appeal", "--recipient", "us-envoy")
    assert run.exit_code == 0, run.output
    assert run.stdout.startswith("<!DOCTYPE html>")
    assert '<html lang="en-US" dir="ltr">' in run.stdout  # US English to the US envoy
    assert "Release of political prisoners as a term of any peace agreement" in run.stdout
    assert 'at least <span class="cited">10,000<sup' in run.stdout


def test_render_writes_a_pdf(campaign, tmp_path: Path) -> None:
    out = tmp_path / "one.pdf"
    run = run_cli("render", campaign(), "--letter", "appeal", "--recipient", "us-envoy", "-o", out)
    assert run.exit_code == 0, run.output
    assert f"wrote {out}" in run.stdout
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Alice Gorinova" in pdf_text(out)
    assert pdf_reader(out).metadata.title == "Release of political prisoners as a term of any peace agreement"  # type: ignore[union-attr]


def test_render_writes_html_and_another_locale(campaign, tmp_path: Path) -> None:
    out = tmp_path / "one.html"
    run = run_cli(
        "render", campaign("multilang"), "--letter", "appeal", "--recipient", "us-envoy", "--locale", "de", "-o", out
    )
    assert run.exit_code == 0, run.output
    html = out.read_text("utf-8")
    assert '<html lang="de"' in html
    assert 'mindestens <span class="cited">10.000<sup' in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--letter", "nope", "--recipient", "us-envoy"], "unknown letter id 'nope'"),
        (["--letter", "appeal", "--recipient", "nobody"], "unknown recipient id 'nobody'"),
        (["--letter", "appeal", "--recipient", "us-envoy", "--locale", "qq"], "unknown language code 'qq'"),
    ],
)
def test_render_refuses_unknown_ids(args: list[str], message: str, campaign) -> None:
    run = run_cli("render", campaign(), *args)
    assert run.exit_code == 1
    assert message in run.stderr
    assert run.stdout == ""


def test_render_refuses_an_invalid_campaign(campaign) -> None:
    run = run_cli("render", campaign("bad-unsourced-fact"), "--letter", "appeal", "--recipient", "us-envoy")
    assert run.exit_code == 1
    assert "facts.yaml:1: error: fact 'prisoners' has no source" in run.stderr


# --- init ------------------------------------------------------------------------------------


def test_init_then_check_then_build(tmp_path: Path) -> None:
    target = tmp_path / "new-campaign"
    run = run_cli("init", target)
    assert run.exit_code == 0, run.output
    assert (target / "campaign.yaml").is_file()
    assert "letters check" in run.stdout
    check = run_cli("check", target)
    assert check.exit_code == 0, check.output
    assert "0 error(s), 0 warning(s)" in check.stderr
    out = tmp_path / "out"
    build = run_cli("build", target, "--out", out)
    assert build.exit_code == 0, build.output
    pdfs = list(out.rglob("*.pdf"))
    assert len(pdfs) == 1 and len(list(out.rglob("*.html"))) == 1
    text = pdf_text(pdfs[0])
    assert "Jane Example" in text and "Sources" in text


def test_init_scaffold_is_commented(tmp_path: Path) -> None:
    target = tmp_path / "c"
    assert run_cli("init", target).exit_code == 0
    for name in ["campaign.yaml", "signatories.yaml", "recipients.yaml", "demands.yaml", "facts.yaml", "sources.yaml"]:
        assert (target / name).read_text("utf-8").lstrip().startswith("#"), name


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine", "utf-8")
    run = run_cli("init", target)
    assert run.exit_code == 1
    assert "folder is not empty" in run.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_init_force_adds_only_missing_files(tmp_path: Path) -> None:
    target = tmp_path / "c"
    target.mkdir()
    (target / "facts.yaml").write_text("# my facts\n", "utf-8")
    run = run_cli("init", target, "--force")
    assert run.exit_code == 0
    assert (target / "facts.yaml").read_text("utf-8") == "# my facts\n"
    assert (target / "campaign.yaml").is_file()


def test_init_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", "utf-8")
    run = run_cli("init", target)
    assert run.exit_code == 1
    assert "exists and is not a folder" in run.stderr
