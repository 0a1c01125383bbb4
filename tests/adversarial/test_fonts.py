"""The campaign's fonts/ folder is an input channel: only readable font files inside the campaign."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import make_campaign, run_cli

FONTS = Path(__file__).parent.parent / "data" / "fonts-am"


def test_a_link_to_a_font_outside_the_campaign_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "font.ttf"
    outside.parent.mkdir()
    shutil.copyfile(FONTS / "NotoSerifEthiopic-Regular.ttf", outside)
    root = make_campaign(tmp_path / "c", "script-am")
    (root / "fonts").mkdir()
    (root / "fonts" / "linked.ttf").symlink_to(outside)
    run = run_cli("check", root)
    assert run.exit_code != 0
    assert "fonts/linked.ttf: error: fonts/linked.ttf points outside the campaign folder" in run.output
    assert str(outside) not in run.output  # the target's path is not echoed


def test_a_text_file_named_ttf_and_a_folder_named_otf(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "script-am")
    (root / "fonts").mkdir()
    (root / "fonts" / "notes.ttf").write_text("<script>alert(1)</script>", "utf-8")
    (root / "fonts" / "folder.otf").mkdir()
    run = run_cli("check", root)
    assert run.exit_code != 0
    assert "fonts/notes.ttf: error: fonts/notes.ttf is not a font letters can read" in run.output
    assert "folder.otf" not in run.output  # not a file: not a font, ignored
    assert "Traceback" not in run.output


def test_more_families_than_the_stylesheet_lists(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    root = make_campaign(tmp_path / "c", "script-am")
    (root / "fonts").mkdir()
    for i in range(5):
        font = TTFont(str(FONTS / "NotoSerifEthiopic-Regular.ttf"))
        for record in font["name"].names:
            if record.nameID in (1, 16):
                record.string = f"Family {i}"
        font.save(str(root / "fonts" / f"f{i}.ttf"))
        font.close()
    run = run_cli("check", root)
    assert run.exit_code != 0
    assert "fonts/f4.ttf: error: more than 4 font families in fonts/" in run.output
