"""Right-to-left letters (Arabic, Hebrew): dir="rtl", a mirrored layout, shaped Arabic, embedded fonts
that cover the script, Latin text (URLs, postal lines, numbers) kept in its own order, and plural forms
that come out right. Fixtures: tests/roots/rtl-ar and tests/roots/rtl-he (fictional campaigns)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import make_campaign, pdf_reader, pdf_text, run_cli

from letters import address
from letters.catalogs import load_checked
from letters.fonts import missing_glyphs
from letters.model import Recipient
from letters.pdf import _visible_text
from letters.resources import fonts_dir, locales_dir

AR_PDF = "appeal/ar/high-commissioner"
HE_PDF = "appeal/he/secretary-general"
ARABIC_INDIC_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both RTL fixtures built once into one output folder."""
    base = tmp_path_factory.mktemp("rtl")
    out = base / "out"
    for name in ("rtl-ar", "rtl-he"):
        root = make_campaign(base / name, base=name)
        run = run_cli("build", root, "--out", out)
        assert run.exit_code == 0, run.output
        # every string translated, nothing missing: no warning printed, and the summary counts none
        assert "warning:" not in run.output.lower(), run.output
        assert re.search(r"^\s*warnings\s+0$", run.stdout, re.M), run.output
    return out


def runs(pdf: Path) -> list[tuple[float, float, str, str]]:
    """(x, y, text, font) of every text run on page 1, in content-stream order."""
    found: list[tuple[float, float, str, str]] = []

    def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
        if text.strip():
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            found.append((x, y, text.strip(), str(font.get("/BaseFont", "")) if font else ""))

    pdf_reader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


def x_of(items: list[tuple[float, float, str, str]], needle: str) -> float:
    return next(x for x, _y, text, _f in items if needle in text)


def font_names(pdf: Path) -> set[str]:
    names = set()
    for page in pdf_reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


# --- HTML ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("doc", "lang"), [(AR_PDF, "ar"), (HE_PDF, "he")])
def test_html_is_marked_right_to_left(built: Path, doc: str, lang: str) -> None:
    html = (built / f"{doc}.html").read_text("utf-8")
    assert f'<html lang="{lang}" dir="rtl">' in html
    assert missing_glyphs(_visible_text(html)) == []
    # URLs and e-mail addresses are isolated left-to-right, whatever surrounds them
    assert '<a dir="ltr" href="mailto:contact@example.org">' in html
    assert '<a class="url" dir="ltr" href="https://example.org/' in html  # a real link (issue 8)


def test_ltr_letters_get_no_bidi_controls(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_cli("build", make_campaign(tmp_path / "c"), "--out", out, "--format", "html")
    assert run.exit_code == 0, run.output
    for html in out.rglob("*.html"):
        text = html.read_text("utf-8")
        assert 'dir="ltr"' in text.split("<head>")[0]
        assert "\u2068" not in text and "\u060c" not in text


# --- PDF: fonts, shaping, direction -------------------------------------------------------------------


def test_arabic_pdf_embeds_the_arabic_font(built: Path) -> None:
    names = font_names(built / f"{AR_PDF}.pdf")
    assert "Letters-Arabic" in names, names
    assert not any("Oblique" in n for n in names), names  # no synthetic italics for Arabic


def test_hebrew_pdf_embeds_the_hebrew_font(built: Path) -> None:
    assert "Letters-Hebrew" in font_names(built / f"{HE_PDF}.pdf")


def test_arabic_is_shaped_with_joined_forms(built: Path) -> None:
    """Joined Arabic uses initial/medial/final glyphs; unshaped text would use only the base letters.

    The embedded subset keeps the original glyph ids, so the glyphs it still draws can be named with
    the bundled font's glyph names (uniFE91 = BEH INITIAL FORM, uniFEDF = LAM INITIAL FORM...)."""
    from fontTools.ttLib import TTFont

    original = TTFont(str(fonts_dir() / "NotoNaskhArabic-Regular.ttf")).getGlyphOrder()
    reader = pdf_reader(built / f"{AR_PDF}.pdf")
    used: set[str] = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if not str(font["/BaseFont"]).endswith("+Letters-Arabic"):
            continue
        cid = font["/DescendantFonts"][0].get_object()
        data = cid["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
        subset = TTFont(io.BytesIO(data))
        glyf = subset["glyf"]
        used |= {original[i] for i, name in enumerate(subset.getGlyphOrder()) if glyf[name].numberOfContours != 0}
    # beh initial/medial/final, lam initial/medial, meem initial/medial: all in the fixture's words
    assert {"uniFE91", "uniFE92", "uniFE90", "uniFEDF", "uniFEE0", "uniFEE3", "uniFEE4"} <= used, sorted(used)


def test_arabic_lines_run_from_the_right(built: Path) -> None:
    items = runs(built / f"{AR_PDF}.pdf")
    page_width = float(pdf_reader(built / f"{AR_PDF}.pdf").pages[0].mediabox.width)
    # short lines that start at the inline start sit at the right half; the date line (end) at the left margin
    for start_aligned in ("المصادر", "وتفضلوا بقبول"):
        assert x_of(items, start_aligned) > page_width / 2, start_aligned
    # the address block is in the envelope window, on the sheet's left in every language (issue 8;
    # tests/test_layout.py checks the window), its lines set right to left inside it
    for postal in ("قصر ويلسون", "سويسرا"):
        assert 25 * 72 / 25.4 <= x_of(items, postal) < 105 * 72 / 25.4, postal
    assert x_of(items, "لندن\u060c") < page_width / 2
    assert x_of(items, "2025") < 25 * 72 / 25.4  # the date's end touches the (narrow, 22 mm) left margin


def test_inline_order_is_right_to_left(built: Path) -> None:
    """'... ما لا يقل عن 10,000[1] شخص.': the reference comes after the number in reading order,
    so it is drawn to its left, and the rest of the sentence further left."""
    items = runs(built / f"{AR_PDF}.pdf")
    opening = next(i for i, (_x, _y, t, _f) in enumerate(items) if t.startswith("نكتب إليكم"))
    line_y = items[opening][1]
    same_line = [(x, t) for x, y, t, _f in items if abs(y - line_y) < 6]
    x_sentence = x_of(items, "نكتب إليكم")
    x_ref = min(x for x, t in same_line if t.strip("[]()") == "1")  # with or without brackets
    x_rest = x_of(items, "شخص")
    assert x_sentence > x_ref > x_rest, same_line


def test_latin_postal_line_keeps_its_order_in_a_hebrew_letter(built: Path) -> None:
    text = pdf_text(built / f"{HE_PDF}.pdf")
    assert "405 East 42nd Street" in text
    assert "New York, NY 10017" in text


def test_arabic_letter_reads_as_arabic(built: Path) -> None:
    text = pdf_text(built / f"{AR_PDF}.pdf")
    for expected in (
        "سعادة المفوض السامي للأمم المتحدة لحقوق الإنسان،",  # neutral 'excellency' salutation
        "وتفضلوا بقبول فائق الاحترام والتقدير،",
        "الموضوع",
        "المصادر",
        "شخصًا",  # 13 signatories: the 'many' plural form (11-99)
        "موقّعًا آخر لم تُذكر أسماؤهم",  # 11 unnamed: 'many'
        "في السجن",
        "https://example.org/report?year=2025&lang=en",
    ):
        assert expected in text, expected


def test_numbers_use_latin_digits_in_text_and_page_counter(built: Path) -> None:
    """The documented choice (docs/fonts.md): CLDR's default numbering for 'ar' is 'latn', and CSS page
    counters are decimal, so the figures, dates and page numbers of an Arabic letter agree."""
    text = pdf_text(built / f"{AR_PDF}.pdf")
    assert "10,000" in text and "2025" in text
    assert not ARABIC_INDIC_DIGITS.search(text)
    html = (built / f"{AR_PDF}.html").read_text("utf-8")
    assert not ARABIC_INDIC_DIGITS.search(html)
    footer_y = min(y for _x, y, _t, _f in runs(built / f"{AR_PDF}.pdf"))
    footer = [t for _x, y, t, _f in runs(built / f"{AR_PDF}.pdf") if abs(y - footer_y) < 2]
    assert "صفحة" in " ".join(footer) and "1" in " ".join(footer), footer  # "صفحة 1 من 1"


def test_arabic_comma_between_parts_of_a_line(built: Path) -> None:
    html = (built / f"{AR_PDF}.html").read_text("utf-8")
    assert "لندن\u060c <time>" in html
    assert "سلمى الفارس</span>\u060c 41 عامًا\u060c صحفية" in html


# --- catalogs and forms of address --------------------------------------------------------------------

AR_FORMS = {  # n -> msgstr index under Babel's Arabic rule (zero, one, two, few, other, many)
    0: 0,
    1: 1,
    2: 2,
    3: 3,
    10: 3,
    11: 5,
    99: 5,
    100: 4,
    101: 4,
    102: 4,
    103: 3,
    111: 5,
    1000: 4,
}


def test_arabic_catalog_has_six_plural_forms_that_match_cldr() -> None:
    from babel import Locale

    path = locales_dir() / "ar" / "LC_MESSAGES" / "letters.po"
    loaded = load_checked(path, str(path), "ar")
    assert loaded.problems == []
    cat = loaded.catalog
    assert cat.num_plurals == 6
    ar = Locale.parse("ar")
    category = ["zero", "one", "two", "few", "other", "many"]  # the order of Babel's plural expression
    for n, index in AR_FORMS.items():
        assert category[index] == ar.plural_form(n), n
    msg = cat.get("Signed by %(count)s person:")
    assert all("%(count)s" in s for s in msg.string)
    tr = loaded.translations
    for n, index in AR_FORMS.items():
        assert tr.ngettext("Signed by %(count)s person:", "Signed by %(count)s people:", n) == msg.string[index]
    assert (
        tr.ngettext("Signed by %(count)s person:", "Signed by %(count)s people:", 13) % {"count": 13}
        == "وقّعها 13 شخصًا:"
    )
    assert (
        tr.ngettext("Signed by %(count)s person:", "Signed by %(count)s people:", 5) % {"count": 5} == "وقّعها 5 أشخاص:"
    )


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_rtl_catalogs_are_complete_and_safe(lang: str) -> None:
    path = locales_dir() / lang / "LC_MESSAGES" / "letters.po"
    loaded = load_checked(path, str(path), lang)
    assert loaded.problems == []
    for msg in loaded.catalog:
        if msg.id:
            strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
            assert all(strings) and not msg.fuzzy, msg.id


HONORIFICS = address.HONORIFICS


@pytest.mark.parametrize(("lang", "closing"), [("ar", "\u060c"), ("he", ",")])
def test_every_honorific_has_a_rtl_salutation(lang: str, closing: str) -> None:
    table = address.forms_data()[lang]
    for honorific in HONORIFICS:
        assert "neutral" in table["salutation"][honorific], (lang, honorific)
        for gender in ("female", "male", "neutral"):
            r = Recipient(id="r", office="OFFICE", language=lang, honorific=honorific, gender=gender)
            sal = address.salutation(r, lang, "OFFICE", None)
            assert sal.endswith(closing) and "{" not in sal, (lang, honorific, gender, sal)
            assert missing_glyphs([sal]) == []


def test_a_latin_name_ending_a_hebrew_sentence_keeps_its_word_order(built: Path) -> None:
    """'... כפי שתיעד הדוח של Example Monitor.': the paragraph's last word is set apart (never
    hyphenated); a Latin run must stay one piece, or the engine orders its words right to left
    ("Monitor. Example")."""
    items = runs(built / f"{HE_PDF}.pdf")
    line_y = next(y for _x, y, t, _f in items if "Monitor" in t)
    line = [(x, t) for x, y, t, _f in items if abs(y - line_y) < 3]
    both = [t for _x, t in line if "Example" in t and "Monitor" in t]
    if both:
        assert both[0].index("Example") < both[0].index("Monitor"), line
    else:
        assert x_of([(x, line_y, t, "") for x, t in line], "Example") < x_of(
            [(x, line_y, t, "") for x, t in line], "Monitor"
        ), line
    assert "Example Monitor" in pdf_text(built / f"{HE_PDF}.pdf").replace("\n", " ")


@pytest.mark.parametrize(
    ("text", "direction", "tail"),
    [
        ("כפי שתיעד הדוח של Example Monitor.", "rtl", "Example Monitor."),
        ("הדוח של Example Monitor", "rtl", "Example Monitor"),
        ("הדוח של 2025 Example.", "rtl", "Example."),  # a number is not part of the Latin run
        ("שלום עולם.", "rtl", "עולם."),
        ("as reported by ישראל כהן.", "ltr", "ישראל כהן."),
        ("as reported by Example Monitor.", "ltr", "Monitor."),
        ("Monitor", "rtl", "Monitor"),
    ],
)
def test_the_last_word_of_a_paragraph_is_the_whole_run_in_the_other_direction(
    text: str, direction: str, tail: str
) -> None:
    from letters.compose import _split_last_word

    head, got = _split_last_word(text, direction)
    assert (head + got, got) == (text, tail)
