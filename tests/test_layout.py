"""Layout rules of the appeal letter, read back from the example's PDFs (pypdf: text and positions).

The example campaign (examples/joint-letter) is built once for the module: 13 PDFs and 13 HTML
files in six languages, A4 and US Letter.
"""

from __future__ import annotations

import functools
import html as htmllib
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import make_campaign, pdf_reader, run_cli

EXAMPLE = Path(__file__).parent.parent / "examples" / "joint-letter"
MM = 72 / 25.4
INCH = 72.0
# The address window in page coordinates (from the top-left corner, points): DIN 5008 form B field
# seen through a DL / C5/6 window (A4), and the US #10 window with the sheet at the envelope's
# bottom, 1/8 in clear of its edges (Letter).
WINDOWS = {
    "A4": (20 * MM, 50 * MM, 105 * MM, 90 * MM),
    "Letter": (1.0 * INCH, 2.167 * INCH, 5.25 * INCH, 3.042 * INCH),
}
MARKER = re.compile(r"^\[\d+\]")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("layout") / "out"
    run = run_cli("build", EXAMPLE, "--out", out)
    assert run.exit_code == 0, run.output
    return out / "joint-letter"


def pdfs(built: Path) -> list[Path]:
    found = sorted(built.glob("*/*.pdf"))
    assert len(found) == 13
    return found


@dataclass
class Line:
    page: int
    x: float  # left edge of the first chunk, points from the left
    top: float  # baseline, points from the top
    size: float  # font size in points
    text: str


def pdf_lines(path: Path) -> list[Line]:
    """The PDF's text as lines (chunks on one baseline joined, superscripts kept with their line)."""
    lines: list[Line] = []
    for number, page in enumerate(pdf_reader(path).pages):
        height = float(page.mediabox.height)
        chunks: list[tuple[float, float, float, str]] = []

        def visit(text, cm, tm, font, size, chunks=chunks, height=height):  # type: ignore[no-untyped-def]
            if text.strip("\n"):
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                chunks.append((height - y, x, size * cm[3] * tm[3], text.replace("\n", "")))

        page.extract_text(visitor_text=visit)
        for top, x, size, text in chunks:
            near = [ln for ln in lines if ln.page == number and abs(ln.top - top) < 0.45 * max(size, ln.size)]
            if near:
                ln = near[-1]
                if size >= ln.size:  # a superscript does not move the baseline
                    ln.top = top
                ln.size = max(ln.size, size)
                ln.text = ln.text + text if x >= ln.x else text + ln.text
                ln.x = min(ln.x, x)
            else:
                lines.append(Line(number, x, top, size, text))
    return lines


@functools.cache
def _metrics() -> list[tuple[dict[int, str], dict[str, int], int]]:
    """(cmap, advance widths, units per em) of each bundled regular face."""
    from fontTools.ttLib import TTFont

    from letters.fonts import FAMILIES
    from letters.resources import fonts_dir

    out = []
    for faces in FAMILIES.values():
        with TTFont(str(fonts_dir() / faces[0][0])) as font:
            widths = {name: adv for name, (adv, _lsb) in font["hmtx"].metrics.items()}
            out.append((dict(font.getBestCmap()), widths, font["head"].unitsPerEm))
    return out


def text_width(text: str, size: float) -> float:
    """The advance width of ``text`` set in the bundled regular faces (no kerning: within a few %)."""
    total = 0.0
    for ch in text:
        for cmap, widths, units in _metrics():
            if ord(ch) in cmap:
                total += widths[cmap[ord(ch)]] / units
                break
    return total * size


def same_letters(a: str, b: str) -> bool:
    """Equal up to spaces and order (bidirectional text comes out of a PDF in visual order)."""
    strip = str.maketrans("", "", " \u00a0\u202f\u2068\u2069")
    return sorted(a.translate(strip)) == sorted(b.translate(strip))


def html_text(path: Path, css_class: str) -> str:
    """The text of the first element with ``css_class`` in an HTML output, tags removed."""
    source = path.read_text(encoding="utf-8")
    m = re.search(rf'<(\w+) class="{css_class}"[^>]*>(.*?)</\1>', source, re.S)
    assert m, f"no {css_class} in {path}"
    return folded(htmllib.unescape(re.sub(r"<[^>]+>", "", m.group(2))))


def folded(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def test_signatory_block_is_on_one_page(built: Path) -> None:
    for pdf in pdfs(built):
        page_html = pdf.with_suffix(".html")
        closing = html_text(page_html, "valediction")
        count = html_text(page_html, "signed-count")
        unnamed = html_text(page_html, "unnamed")
        pages = [folded(p.extract_text().replace("\u2010\n", "")) for p in pdf_reader(pdf).pages]
        where = {
            label: [i for i, t in enumerate(pages) if folded(text) in t]
            for label, text in (("closing", closing), ("count", count), ("unnamed", unnamed))
        }
        assert all(len(v) == 1 for v in where.values()), (pdf, where)
        assert len({v[0] for v in where.values()}) == 1, f"{pdf}: signatory block split: {where}"


def test_no_line_starts_with_a_note_marker(built: Path) -> None:
    for pdf in pdfs(built):
        starts = [ln.text for ln in pdf_lines(pdf) if MARKER.match(ln.text.strip())]
        assert not starts, f"{pdf}: {starts}"


def test_copied_text_keeps_figure_and_marker_apart(built: Path) -> None:
    pdf = built / "en" / "un-secretary-general.pdf"
    text = folded(" ".join(p.extract_text() for p in pdf_reader(pdf).pages))
    assert re.search(r"10,000 ?\[1\]", text) and "10,0001" not in text
    source = pdf.with_suffix(".html").read_text(encoding="utf-8")
    body = htmllib.unescape(re.sub(r"<[^>]+>", "", source))
    assert "10,000[1]" in body


def test_no_line_is_a_lone_word_fragment(built: Path) -> None:
    for pdf in pdfs(built):
        lines = pdf_lines(pdf)
        for before, line in itertools.pairwise(lines):
            if before.text.rstrip().endswith("\u2010") and before.page == line.page:  # a hyphenation
                assert " " in line.text.strip(), f"{pdf}: a fragment alone on a line: {line.text!r}"


def test_turkish_letters_are_hyphenated(built: Path) -> None:
    lines = pdf_lines(built / "tr" / "tr-foreign-minister.pdf")
    assert any(ln.text.rstrip().endswith("\u2010") for ln in lines)


def test_turkish_patterns_follow_syllables() -> None:
    import pyphen

    from letters.hyphenation import register

    register()
    d = pyphen.Pyphen(lang="tr_TR", left=2, right=2)
    words = ["kanun", "program", "Türkçe", "İstanbul", "Türkiye\u2019nin", "bırakılması"]
    assert [d.inserted(w) for w in words] == [
        "ka-nun",
        "prog-ram",
        "Türk-çe",
        "İs-tan-bul",
        "Tür-ki-ye\u2019nin",
        "bı-ra-kıl-ma-sı",
    ]


@pytest.mark.parametrize(
    ("doc", "paper", "tag"),
    [
        ("en/un-secretary-general", "Letter", "en-US"),
        ("en/ep-president", "A4", "en-GB"),
        ("de/de-chancellor", "A4", "de"),
        ("ru/ru-delegation-head", "A4", "ru"),
        ("uk/ua-delegation-head", "A4", "uk"),
        ("fr/fr-president", "A4", "fr"),
        ("tr/tr-foreign-minister", "A4", "tr"),
    ],
)
def test_address_block_is_inside_the_envelope_window(built: Path, doc: str, paper: str, tag: str) -> None:
    assert_address_in_window(built / f"{doc}.pdf", paper)


@pytest.mark.parametrize(
    ("fixture", "doc", "paper"),
    [("rtl-ar", "appeal/ar/high-commissioner", "A4"), ("rtl-he", "appeal/he/secretary-general", "Letter")],
)
def test_right_to_left_address_is_in_the_same_window(tmp_path: Path, fixture: str, doc: str, paper: str) -> None:
    """The window is on the envelope's left in every language: right-to-left text, same place."""
    root = make_campaign(tmp_path / fixture, base=fixture)
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out)
    assert run.exit_code == 0, run.output
    assert_address_in_window(out / f"{doc}.pdf", paper)


def assert_address_in_window(pdf: Path, paper: str) -> None:
    page = pdf_reader(pdf).pages[0]
    assert (paper == "Letter") == (round(float(page.mediabox.width)) == 612)
    source = pdf.with_suffix(".html").read_text(encoding="utf-8")
    block = re.search(r"<address>(.*?)</address>", source, re.S)
    assert block
    wanted = [
        folded(htmllib.unescape(re.sub(r"<[^>]+>", "", x))).strip("\u2068\u2069")
        for x in re.findall(r'<span class="line[^"]*">(.*?)</span>\s*$', block.group(1), re.M)
    ]
    assert wanted
    left, top, right, bottom = WINDOWS[paper]
    lines = [ln for ln in pdf_lines(pdf) if ln.page == 0]
    for text in wanted:
        found = [ln for ln in lines if same_letters(ln.text, text)]
        assert found, f"{pdf}: address line {text!r} not found"
        ln = min(found, key=lambda x: abs(x.top - (top + bottom) / 2))  # not the letterhead's e-mail
        assert left <= ln.x, (pdf, text, ln.x / MM)
        # the right edge from the faces' advance widths (2% for kerning); not for Arabic, whose
        # shaped (joined) letters are narrower than the isolated forms the cmap gives
        if not re.search("[\u0600-\u06ff]", text):
            assert ln.x + 0.98 * text_width(text, ln.size) <= right, (pdf, text, ln.x / MM)
        assert top <= ln.top - 0.75 * ln.size and ln.top + 0.25 * ln.size <= bottom, (pdf, text, ln.top / MM)


@pytest.mark.parametrize(
    ("doc", "date"),
    [
        ("en/un-secretary-general", "July 3, 2025"),
        ("en/us-special-envoy", "July 3, 2025"),
        ("en/ep-president", "3 July 2025"),
        ("en/de-chancellor", "3 July 2025"),
        ("de/de-chancellor", "3. Juli 2025"),
    ],
)
def test_date_is_in_the_recipients_variety(built: Path, doc: str, date: str) -> None:
    assert html_text(built / f"{doc}.html", "dateline") == date


@pytest.mark.parametrize(
    ("doc", "tag"),
    [
        ("en/un-secretary-general", "en-US"),
        ("en/ep-president", "en-GB"),
        ("tr/tr-foreign-minister", "tr"),
        ("ru/ru-delegation-head", "ru"),
    ],
)
def test_pdf_is_tagged_with_the_documents_language(built: Path, doc: str, tag: str) -> None:
    root = pdf_reader(built / f"{doc}.pdf").trailer["/Root"]
    assert root["/Lang"] == tag
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert f'<html lang="{tag}"' in (built / f"{doc}.html").read_text(encoding="utf-8")


def test_source_notes_read_as_an_editor_wrote_them(built: Path) -> None:
    source = (built / "en" / "ep-president.html").read_text(encoding="utf-8")
    notes = re.search(r'<section class="notes">(.*?)</section>', source, re.S)
    assert notes
    items = re.findall(r"<li id=\"note-(\d+)\">(.*?)</li>", notes.group(1), re.S)
    # five figures from two sources: two notes; no "as of" that only repeats the source's date
    assert [n for n, _ in items] == ["1", "2"]
    text = [folded(htmllib.unescape(re.sub(r"<[^>]+>", "", body))) for _, body in items]
    assert text[0] == (
        "Novaya Gazeta Europe, \u201cRussian political prisoners call on world leaders to back mass amnesty "
        "in future peace talks\u201d, 3 July 2025."
    )
    assert text[1].startswith("The Moscow Times, Denis Mikhailov, \u201cThe Kremlin Finally")
    assert "as of" not in notes.group(1)
    url = "https://www.themoscowtimes.com/2025/06/27/the-kremlin-finally-acknowledged-russia-holds-political-prisoners-thats-a-big-step-a89548"
    assert f'href="{url}"' in items[1][1]
    links = [
        a["/A"]["/URI"]
        for p in pdf_reader(built / "en" / "ep-president.pdf").pages
        for a in (x.get_object() for x in p.get("/Annots", []))
        if a.get("/Subtype") == "/Link" and "/URI" in a.get("/A", {})
    ]
    assert url in links


def test_html_has_a_viewport(built: Path) -> None:
    for page in sorted(built.glob("*/*.html")):
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page.read_text("utf-8")


def test_dense_citations_never_open_a_line(tmp_path: Path) -> None:
    """A paragraph citing after every few words of varying length: without the rule, some
    reference lands at the start of a line (checked: it did before the rule existed)."""
    import shutil

    root = tmp_path / "campaign"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("locales"))
    words = "Negotiations consolidated dissent, prisoners, hostages and institutions".split()
    parts = []
    for i in range(60):
        parts.append(" ".join(words[: 1 + i % len(words)]) + "{cite:istanbul-rounds}")
    campaign = (root / "campaign.yaml").read_text(encoding="utf-8")
    campaign = campaign.replace("    body:\n", "    body:\n      - >-\n        " + " ".join(parts) + "\n", 1)
    (root / "campaign.yaml").write_text(campaign, encoding="utf-8")
    for recipient, size in (("ep-president", "A4"), ("un-secretary-general", "Letter")):
        out = tmp_path / f"{recipient}.pdf"
        run = run_cli("render", root, "--letter", "joint-letter", "-r", recipient, "-o", out)
        assert run.exit_code == 0, run.output
        lines = pdf_lines(out)
        assert sum("[1]" in ln.text for ln in lines) > 20, size
        starts = [ln.text for ln in lines if MARKER.match(ln.text.strip())]
        assert not starts, (size, starts)


@pytest.mark.parametrize("body_lines", [4, 5, 6])
def test_signatory_block_is_never_split(tmp_path: Path, body_lines: int) -> None:
    """Letters grown line by line, so that page 1 ends inside the signatory block unless it is kept
    together (checked: with 5 lines the count of the others went to page 2 without the rule)."""
    import shutil

    root = tmp_path / "campaign"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("locales"))
    campaign = (root / "campaign.yaml").read_text(encoding="utf-8")
    start, end = campaign.index("    body:\n"), campaign.index("    closing:")
    body = "".join(f"      - Line {i}.\n" for i in range(body_lines))
    campaign = campaign[:start] + "    body:\n" + body + campaign[end:]
    (root / "campaign.yaml").write_text(campaign, encoding="utf-8")
    out = tmp_path / "letter.pdf"
    run = run_cli("render", root, "--letter", "joint-letter", "-r", "ep-president", "-o", out)
    assert run.exit_code == 0, run.output
    pages = [folded(p.extract_text().replace("\u2010\n", "")) for p in pdf_reader(out).pages]
    marks = ("Yours respectfully,", "Signed by 11 people:", "and 9 other signatories who are not named")
    where = {m: [i for i, t in enumerate(pages) if m in t] for m in marks}
    assert all(len(v) == 1 for v in where.values()), where
    assert len({v[0] for v in where.values()}) == 1, where


def test_html_reads_on_a_phone(built: Path) -> None:
    """In a real browser at 390 px: ragged right, no horizontal scrolling; justified on a desktop."""
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("no Chromium (scripts/system-deps.sh --test installs it)")
    page_file = (built / "ru" / "ru-delegation-head.html").resolve()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for width, align in ((390, "start"), (1024, "justify")):
                page = browser.new_page(viewport={"width": width, "height": 800})
                page.goto(page_file.as_uri())
                assert page.eval_on_selector("body > p:not([class])", "e => getComputedStyle(e).textAlign") == align
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                page.close()
        finally:
            browser.close()


def test_shipped_turkish_dictionary_is_the_rule() -> None:
    from letters.hyphenation import dictionary_text
    from letters.resources import assets_dir

    shipped = (assets_dir() / "hyphenation" / "hyph_tr_TR.dic").read_text(encoding="utf-8")
    assert shipped == dictionary_text(), "regenerate: python -c 'from letters.hyphenation import write; write()'"
