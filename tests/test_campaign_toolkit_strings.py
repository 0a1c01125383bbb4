"""A campaign translates toolkit strings itself (a language letters does not ship): the letter uses
them, and 'letters i18n update' keeps them instead of marking them obsolete."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import make_campaign, run_cli

OWN = '\nmsgctxt "letter"\nmsgid "Sources"\nmsgstr "Źródła"\n'


def test_toolkit_strings_in_a_campaign_catalog_survive_update_and_are_used(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    text = (root / "campaign.yaml").read_text("utf-8").replace("languages: [en]", "languages: [en, pl]")
    (root / "campaign.yaml").write_text(text, "utf-8")
    assert run_cli("i18n", "extract", root).exit_code == 0
    assert run_cli("i18n", "init", root, "pl").exit_code == 0
    po = root / "locales" / "pl" / "LC_MESSAGES" / "campaign.po"
    po.write_text(po.read_text("utf-8") + OWN, "utf-8")
    for _ in range(2):  # updating twice changes nothing for it
        run = run_cli("i18n", "update", root)
        assert run.exit_code == 0, run.output
        assert "'Sources'" not in run.output.split("obsolete", 1)[-1], run.output
        body = po.read_text("utf-8")
        assert re.search(r'^msgctxt "letter"\nmsgid "Sources"\nmsgstr "Źródła"$', body, re.M), body
        assert '#~ msgid "Sources"' not in body
    html = run_cli("render", root, "--letter", "appeal", "-r", "us-envoy", "--locale", "pl").stdout
    assert "<h2>Źródła</h2>" in html
