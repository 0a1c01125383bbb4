"""Point 2: a link anywhere in the campaign that leaves it is an error naming the link; what it
points to is never read, so it reaches no letter, catalog, message or traceback."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOTS, make_campaign, run_cli

from adversarial.canary import CANARY, leaks, run_both

SOURCES = f"""report:
  publisher: {CANARY}
  title: {CANARY}
  url: https://example.org/{CANARY}
  date: 2025-07-01
"""


def outside_copy(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "outside" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("name", ["sources.yaml", "signatories.yaml", "campaign.yaml"])
def test_a_fact_store_file_linked_outside_is_refused_unread(name: str, tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    body = (root / name).read_text("utf-8").replace("Release", CANARY) if name != "sources.yaml" else SOURCES
    target = outside_copy(tmp_path, name, body + f"# {CANARY}\n")
    (root / name).unlink()
    (root / name).symlink_to(target)
    out = tmp_path / "out"
    check, debug = run_both("check", root)
    assert check.exit_code == 1
    assert f"{name}: error: {name} is a link to a place outside campaign/; letters does not read it" in check.stderr
    build = run_cli("build", root, "--out", out)
    assert build.exit_code == 1
    assert leaks(CANARY, out=out, runs=[check, build], texts=[debug]) == []


def test_a_dangling_link_is_reported_not_taken_for_an_absent_file(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (root / "demands.yaml").unlink()
    (root / "demands.yaml").symlink_to(tmp_path / "nowhere.yaml")
    check = run_cli("check", root)
    assert check.exit_code == 1
    assert "demands.yaml: error: demands.yaml is a link to a place outside campaign/" in check.stderr


def test_a_link_inside_the_campaign_is_only_another_name(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (root / "shared").mkdir()
    (root / "sources.yaml").rename(root / "shared" / "sources.yaml")
    (root / "sources.yaml").symlink_to(Path("shared", "sources.yaml"))
    assert run_cli("check", root).exit_code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_not_read(tmp_path: Path) -> None:
    """Reading a pipe would block for ever; it is refused before it is opened."""
    root = make_campaign(tmp_path / "campaign")
    (root / "facts.yaml").unlink()
    os.mkfifo(root / "facts.yaml")
    check = run_cli("check", root)
    assert check.exit_code == 1
    assert "facts.yaml: error: not a regular file" in check.stderr


def linked_templates(tmp_path: Path) -> Path:
    root = make_campaign(tmp_path / "campaign")
    tpl = tmp_path / "outside" / "templates"
    tpl.mkdir(parents=True)
    shutil.copy(ROOTS.parent.parent / "templates" / "appeal.css", tpl / "appeal.css")
    (tpl / "appeal.html.j2").write_text(f"<html><body>{{% trans %}}{CANARY}{{% endtrans %}}</body></html>", "utf-8")
    (root / "templates").symlink_to(tpl, target_is_directory=True)
    return root


def test_a_templates_folder_linked_outside_is_refused(tmp_path: Path) -> None:
    root = linked_templates(tmp_path)
    out = tmp_path / "out"
    check, debug = run_both("check", root)
    assert check.exit_code == 1
    assert "the templates folder is a link to a place outside the campaign" in check.stderr
    build = run_cli("build", root, "--out", out)
    assert build.exit_code == 3
    render = run_cli("render", root, "--letter", "appeal", "--recipient", "us-envoy")
    assert render.exit_code == 3
    assert leaks(CANARY, out=out, runs=[check, build, render], texts=[debug]) == []


def test_extraction_does_not_read_a_template_linked_outside(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (root / "templates").mkdir()
    target = outside_copy(tmp_path, "x.html.j2", f"{{% trans %}}{CANARY}{{% endtrans %}}")
    (root / "templates" / "extra.html.j2").symlink_to(target)
    run, debug = run_both("i18n", "extract", root)
    assert run.exit_code == 1
    assert "templates/extra.html.j2 is a link to a place outside campaign/" in run.stderr
    assert leaks(CANARY, out=root / "locales", runs=[run], texts=[debug]) == []


PO = f"""msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgctxt "letter:appeal:subject"
msgid "Release of political prisoners as a term of any peace agreement"
msgstr "{CANARY}"
"""


@pytest.mark.parametrize("what", ["po-file", "locales-folder"])
def test_a_catalog_linked_outside_is_refused_unread(what: str, tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign", "multilang")
    shutil.rmtree(root / "locales")
    target = outside_copy(tmp_path, "locales/de/LC_MESSAGES/campaign.po", PO)
    if what == "po-file":
        (root / "locales/de/LC_MESSAGES").mkdir(parents=True)
        (root / "locales/de/LC_MESSAGES/campaign.po").symlink_to(target)
        link = "locales/de/LC_MESSAGES/campaign.po"
    else:
        (root / "locales").symlink_to(target.parents[2], target_is_directory=True)
        link = "locales"
    out = tmp_path / "out"
    message = f"{link} is a link to a place outside campaign/; letters does not read it"
    check, debug = run_both("check", root)
    assert check.exit_code == 1
    assert message in check.stderr
    i18n = run_cli("i18n", "check", root)
    assert i18n.exit_code == 1
    assert message in i18n.stderr
    build = run_cli("build", root, "--out", out)
    assert build.exit_code == 1
    assert leaks(CANARY, out=out, runs=[check, i18n, build], texts=[debug]) == []


def test_extraction_does_not_write_through_a_locales_link(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "locales").symlink_to(elsewhere, target_is_directory=True)
    run = run_cli("i18n", "extract", root)
    assert run.exit_code == 1
    assert "locales is a link to a place outside campaign/; letters does not write it" in run.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_file_linked_outside_is_not_read_even_to_hash_the_inputs(tmp_path: Path) -> None:
    """The build hashes every campaign file it depends on; a link leaving the campaign is not one."""
    from letters.build import Session

    root = make_campaign(tmp_path / "campaign")
    secret = outside_copy(tmp_path, "diary.txt", CANARY)
    (root / "notes.txt").symlink_to(secret)
    (root / "inside.txt").write_text("mine", "utf-8")
    listed = {name for name, _ in Session(root).input_files()}
    assert "campaign/inside.txt" in listed
    assert "campaign/notes.txt" not in listed
