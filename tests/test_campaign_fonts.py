"""Any language: 'letters check' finds what the build would refuse or get wrong (characters no
font draws, a language without forms of address, untranslated toolkit strings), and a campaign
brings the fonts letters lacks. Fixture: tests/roots/script-am (Amharic, Ethiopic script)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import make_campaign, pdf_reader, pdf_text, run_cli

from letters.fonts import missing_glyphs

FONTS = Path(__file__).parent / "data" / "fonts-am"


def with_fonts(root: Path) -> Path:
    (root / "fonts").mkdir()
    for font in FONTS.glob("*.ttf"):
        shutil.copyfile(font, root / "fonts" / font.name)
    return root


def test_a_script_without_a_font_fails_check_naming_letter_recipient_and_text(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "script-am")
    run = run_cli("check", root)
    assert run.exit_code != 0
    line = next(x for x in run.output.splitlines() if "[missing-glyph]" in x)
    assert line.startswith("error: letter 'appeal' to recipient 'am-minister' in 'am': no available font")
    assert "ETHIOPIC SYLLABLE" in line and "'የውጭ ጉዳይ ሚኒስትር'" in line
    assert "fonts/ folder" in run.output  # the hint says where a font goes


def test_the_same_campaign_passes_with_its_own_font(tmp_path: Path) -> None:
    root = with_fonts(make_campaign(tmp_path / "c", "script-am"))
    run = run_cli("check", root)
    assert run.exit_code == 0, run.output
    assert "missing-glyph" not in run.output
    # what is still missing is said: toolkit strings in English
    assert "not translated into 'am'" in run.output and "'Signed by %(count)s person:'" in run.output
    out = tmp_path / "letter.pdf"
    run = run_cli("render", root, "--letter", "appeal", "-r", "am-minister", "-o", out)
    assert run.exit_code == 0, run.output
    assert "የውጭ ጉዳይ ሚኒስትር" in pdf_text(out).replace("\x00", "")  # pypdf decodes this font's ToUnicode oddly
    assert any("Letters-Campaign" in f for f in embedded_fonts(out)), embedded_fonts(out)


def embedded_fonts(pdf: Path) -> set[str]:
    return {
        str(f.get_object()["/BaseFont"]) for page in pdf_reader(pdf).pages for f in page["/Resources"]["/Font"].values()
    }


def test_a_language_without_forms_of_address_is_named(tmp_path: Path) -> None:
    root = with_fonts(make_campaign(tmp_path / "c", "script-am"))
    recipients = root / "recipients.yaml"
    text = recipients.read_text("utf-8").replace('  salutation: {am: "ክቡር ሚኒስትር፣"}\n', "")
    recipients.write_text(text, "utf-8")
    run = run_cli("check", root)
    assert (
        "recipients.yaml:3: warning: letters has no forms of address for 'am': its letters use the English ones"
        in run.output
    )
    assert "[no-address-rules]" in run.output


def test_a_broken_campaign_font_is_an_error_at_its_file(tmp_path: Path) -> None:
    root = with_fonts(make_campaign(tmp_path / "c", "script-am"))
    (root / "fonts" / "broken.ttf").write_bytes(b"not a font")
    run = run_cli("check", root)
    assert run.exit_code != 0
    assert "fonts/broken.ttf: error: fonts/broken.ttf is not a font letters can read" in run.output


def test_georgian_and_armenian_are_bundled() -> None:
    assert missing_glyphs(["საქართველოს საგარეო საქმეთა მინისტრი", "Հայաստանի Հանրապետության նախագահ"]) == []


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("საქართველოს საგარეო საქმეთა მინისტრი", "Letters-Georgian"),
        ("Հայաստանի Հանրապետության նախագահ", "Letters-Armenian"),
    ],
)
def test_georgian_and_armenian_letters_are_drawn(tmp_path: Path, text: str, font: str) -> None:
    """Set in the bundled face (pypdf 7 cannot read these faces' text back; poppler's pdftotext can)."""
    root = make_campaign(tmp_path / "c")
    campaign = (root / "campaign.yaml").read_text("utf-8")
    (root / "campaign.yaml").write_text(campaign.replace("Each of them has a family waiting.", text), "utf-8")
    out = tmp_path / "letter.pdf"
    run = run_cli("render", root, "--letter", "appeal", "-r", "us-envoy", "-o", out)
    assert run.exit_code == 0, run.output
    assert any(font in f for f in embedded_fonts(out)), embedded_fonts(out)
