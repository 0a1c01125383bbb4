"""Point 1: a language code, from any input, cannot steer a path (one grammar before Babel)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_campaign, run_cli

from letters.lang.codes import BadCode, parse_code

ESCAPE = "en@../../../../escaped"  # out/appeal/<this>/… would be tmp_path/escaped


def files_outside(tmp_path: Path, *inside: Path) -> list[Path]:
    """Files under tmp_path that are in none of the ``inside`` folders."""
    return [p for p in tmp_path.rglob("*") if p.is_file() and not any(p.is_relative_to(i) for i in inside)]


@pytest.mark.parametrize(
    "code", ["en@x", "de_DE.UTF-8", "../de", "de/LC_MESSAGES", "en-US-x-private", "english", "", "e n", "de\n"]
)
def test_the_grammar_refuses_anything_but_language_script_territory(code: str) -> None:
    with pytest.raises(BadCode):
        parse_code(code)


@pytest.mark.parametrize(
    ("code", "normal"), [("de", "de"), ("pt-br", "pt_BR"), ("SR_latn_rs", "sr_Latn_RS"), ("es-419", "es_419")]
)
def test_the_grammar_normalises_case_and_separator(code: str, normal: str) -> None:
    assert str(parse_code(code)) == normal


@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        ("recipients.yaml", "language: en", f"language: '{ESCAPE}'", "recipients.yaml:4"),
        (
            "campaign.yaml",
            "  formats: [pdf, html]",
            f"  formats: [pdf, html]\n  extra_locales: ['{ESCAPE}']",
            "campaign.yaml:26",
        ),
        (
            "campaign.yaml",
            "    recipients: [all]",
            f"    recipients: [all]\n    locales: ['{ESCAPE}']",
            "campaign.yaml:18",
        ),
    ],
    ids=["recipient-language", "extra-locales", "letter-locales"],
)
def test_a_fact_store_language_code_with_a_modifier_is_refused(
    file: str, old: str, new: str, where: str, tmp_path: Path
) -> None:
    root = make_campaign(tmp_path / "campaign")
    text = (root / file).read_text("utf-8")
    assert old in text
    (root / file).write_text(text.replace(old, new, 1), "utf-8")
    check = run_cli("check", root)
    assert check.exit_code == 1
    assert f"{where}: error: unknown language code '{ESCAPE}'" in check.stderr
    out = tmp_path / "out"
    build = run_cli("build", root, "--out", out)
    assert build.exit_code == 1
    assert files_outside(tmp_path, root) == []


@pytest.mark.parametrize("command", ["build", "render"])
def test_a_locale_option_with_a_modifier_is_refused(command: str, tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    out = tmp_path / "out"
    extra = (
        ["--out", out]
        if command == "build"
        else ["--letter", "appeal", "--recipient", "us-envoy", "-o", out / "x.html"]
    )
    run = run_cli(command, root, "--locale", ESCAPE, *extra)
    assert run.exit_code == 1
    assert f"unknown language code '{ESCAPE}'" in run.stderr
    assert files_outside(tmp_path, root) == []


def test_i18n_init_with_a_modifier_writes_nothing(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    assert run_cli("i18n", "extract", root).exit_code == 0
    before = sorted(tmp_path.rglob("*"))
    run = run_cli("i18n", "init", root, "de@../../../../escaped")
    assert run.exit_code == 1
    assert "unknown language code 'de@../../../../escaped'" in run.stderr
    assert sorted(tmp_path.rglob("*")) == before


def test_an_output_folder_link_cannot_redirect_a_document(tmp_path: Path) -> None:
    """A link planted in the output folder (out/appeal -> elsewhere): nothing is written or removed
    through it, and the error names it."""
    root = make_campaign(tmp_path / "campaign")
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (elsewhere / "en").mkdir(parents=True)
    (elsewhere / "en" / "us-envoy.pdf").write_bytes(b"not letters' file")
    out.mkdir()
    (out / "appeal").symlink_to(elsewhere, target_is_directory=True)
    run = run_cli("build", root, "--out", out)
    assert run.exit_code in (1, 3)  # the document fails (3), or the build stops before writing (1)
    assert "appeal is a link to a place outside out/; letters does not write it" in run.stderr
    assert [p.name for p in elsewhere.rglob("*")] == ["en", "us-envoy.pdf"]
    assert (elsewhere / "en" / "us-envoy.pdf").read_bytes() == b"not letters' file"


@pytest.mark.parametrize("code", ["pt-PT", "pt_PT", "PT-pt"])
def test_a_bcp47_recipient_language_reads_the_shipped_catalog(code: str, tmp_path: Path) -> None:
    """'language: pt-PT' (BCP 47, as many people write it) once failed 'check' with an error that
    blamed the shipped Portuguese catalog ("expected only letters, got 'pt-pt'")."""
    root = make_campaign(tmp_path / "campaign")
    text = (root / "recipients.yaml").read_text("utf-8")
    (root / "recipients.yaml").write_text(text.replace("language: en", f"language: {code}", 1), "utf-8")
    check = run_cli("check", root)
    assert check.exit_code == 0, check.output
    assert "bad-catalog" not in check.output and "malformed PO" not in check.output
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out, "--format", "html", "-q").exit_code == 0
    page = (out / "appeal" / "pt_PT" / "us-envoy.html").read_text("utf-8")
    assert '<html lang="pt-PT"' in page and "Fontes" in page  # the shipped Portuguese strings
