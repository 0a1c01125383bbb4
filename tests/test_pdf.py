"""The PDFs read back with pypdf: text, metadata, language, paper, embedded fonts, PDF/A."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_campaign, pdf_raw_text, pdf_reader, pdf_text, run_cli

from letters.build import Session
from letters.plan import Job

SUBJECTS = {
    "en": "Release of political prisoners as a term of any peace agreement",
    "de": "Freilassung politischer Gefangener als Bedingung jedes Friedensabkommens",
    "ru": "Освобождение политзаключённых как условие любого мирного соглашения",
    "fr": "Libération des prisonniers politiques comme condition de tout accord de paix",
}
DEMANDS = {
    "en": "Make the release of all political prisoners a term of any peace agreement.",
    "de": "Machen Sie die Freilassung aller politischen Gefangenen zur Bedingung jedes Friedensabkommens.",
    "ru": "Сделать освобождение всех политзаключённых условием любого мирного соглашения.",
    "fr": "Faire de la libération de tous les prisonniers politiques une condition de tout accord de paix.",
}
CLAIMS = {
    "en": "Political prisoners and civilian hostages held",
    "de": "Festgehaltene politische Gefangene und zivile Geiseln",
    "ru": "Удерживаемые политзаключённые и гражданские заложники",
    "fr": "Prisonniers politiques et otages civils détenus",
}
DOCS = {"en": "us-envoy", "de": "de-chancellor", "ru": "ru-delegation", "fr": "fr-president"}
A4 = (595.28, 841.89)
NOTE = r"\[?{}\]?"  # a note reference as extracted: '1' or '[1]', depending on the stylesheet
LETTER = (612.0, 792.0)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("pdf")
    root = make_campaign(base / "campaign", "multilang")
    out = base / "out"
    run = run_cli("build", root, "--out", out, "--format", "pdf")
    assert run.exit_code == 0, run.output
    return root, out


def pdf_of(out: Path, lang: str) -> Path:
    return out / "appeal" / lang / f"{DOCS[lang]}.pdf"


@pytest.mark.parametrize("lang", DOCS)
def test_text_has_subject_salutation_demands_names_and_notes(lang: str, pdfs) -> None:
    root, out = pdfs
    text = pdf_text(pdf_of(out, lang))
    view = Session(root).render(Job("appeal", lang, DOCS[lang], ("pdf",))).view
    assert SUBJECTS[lang] in text
    assert view.salutation in text
    assert re.search(re.escape(DEMANDS[lang]) + NOTE.format(1), text)  # the demand and its note reference
    name = "Алиса Горинова" if lang == "ru" else "Alice Gorinova"
    assert name in text
    # the note cites the source as an editor would, not the fact store's claim label
    notes = text.split(DEMANDS[lang])[1]
    assert CLAIMS[lang] not in notes
    assert "Example Monitor" in notes
    assert "https://example.org/report" in text
    for line in view.recipient_block:
        assert line in text


def test_source_notes_are_numbered_in_order_of_citation(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    (root / "facts.yaml").write_text(
        (root / "facts.yaml").read_text("utf-8")
        + "laws:\n  claim: Repressive laws adopted since 2012\n  value: 100\n  qualifier: more-than\n"
        "  as_of: 2025-06-01\n  source: laws-report\n",
        "utf-8",
    )
    (root / "sources.yaml").write_text(
        (root / "sources.yaml").read_text("utf-8")
        + "laws-report:\n  publisher: Example Legal Review\n  title: Repression in law\n  date: 2025-06-15\n",
        "utf-8",
    )
    (root / "demands.yaml").write_text(
        "repeal:\n  text: Repeal the {fact:laws} repressive laws.\n"
        "release:\n  text: Release all political prisoners.\n  facts: [prisoners]\n",
        "utf-8",
    )
    out = tmp_path / "letter.pdf"
    run = run_cli("render", root, "--letter", "appeal", "--recipient", "us-envoy", "-o", out)
    assert run.exit_code == 0, run.output
    text = pdf_text(out)
    # the opening cites 'prisoners' first: note 1; the first demand cites 'laws': note 2
    assert re.search("at least 10,000" + NOTE.format(1) + " people", text)
    assert re.search("Repeal the more than 100" + NOTE.format(2) + r" repressive laws\.", text)
    assert re.search(r"Release all political prisoners\." + NOTE.format(1), text)
    notes = text.split("Sources", 1)[1]  # one note per source, in order of first citation
    assert notes.index("Example Monitor") < notes.index("Example Legal Review")
    # the figure's date differs from its source's: said once, after the source
    assert "Example Legal Review, \u201cRepression in law\u201d, June 15, 2025 (as of June 1, 2025)." in notes


@pytest.mark.parametrize("lang", DOCS)
def test_metadata_title_author_subject_language(lang: str, pdfs) -> None:
    _, out = pdfs
    reader = pdf_reader(pdf_of(out, lang))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == SUBJECTS[lang]
    assert meta.author == "Test Coalition for Prisoners"
    assert meta.subject is not None and meta.subject.startswith("Release the political prisoners \u2014 ")
    assert reader.trailer["/Root"]["/Lang"] == ("en-US" if lang == "en" else lang)  # US English to the US


@pytest.mark.parametrize(("lang", "size"), [("en", LETTER), ("de", A4), ("ru", A4), ("fr", A4)])
def test_paper_follows_the_recipients_country(lang: str, size: tuple[float, float], pdfs) -> None:
    _, out = pdfs
    for page in pdf_reader(pdf_of(out, lang)).pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == size


def test_paper_option_overrides_the_country(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    text = (root / "campaign.yaml").read_text("utf-8")
    text = text.replace("  formats: [pdf, html]", "  formats: [pdf]\n  paper: A4")
    (root / "campaign.yaml").write_text(text, "utf-8")
    out = tmp_path / "x.pdf"
    assert run_cli("render", root, "--letter", "appeal", "--recipient", "us-envoy", "-o", out).exit_code == 0
    box = pdf_reader(out).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4


@pytest.mark.parametrize("lang", DOCS)
def test_every_font_is_embedded(lang: str, pdfs) -> None:
    _, out = pdfs
    reader = pdf_reader(pdf_of(out, lang))
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for name, ref in fonts.items():
            font = ref.get_object()
            if font.get("/Subtype") == "/Type0":
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            else:
                descriptor = font["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} not embedded"
            assert "Letters" in str(font["/BaseFont"]), f"{name} is not a bundled font: {font['/BaseFont']}"
            seen += 1
    assert seen >= 1


@pytest.mark.parametrize("lang", DOCS)
def test_page_numbers_are_localised(lang: str, pdfs) -> None:
    root, out = pdfs
    tr = Session(root).catalogs.translator(lang)  # type: ignore[union-attr]
    counter = tr.pgettext("page number", "%(page)s / %(pages)s") % {"page": 1, "pages": 1}
    assert pdf_text(pdf_of(out, lang)).rstrip().endswith(counter.replace("\u00a0", " "))
    if lang == "en":
        assert counter == "1 / 1"


def test_cyrillic_text_is_real_text(pdfs) -> None:
    """Not boxes: the Cyrillic characters come back out of the PDF."""
    _, out = pdfs
    raw = pdf_raw_text(pdf_of(out, "ru"))
    assert "Руководителю российской делегации" in raw
    assert "\ufffd" not in raw


def test_pdf_a_variant_declares_itself_in_xmp(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "multilang")
    out = tmp_path / "out"
    run = run_cli(
        "build", root, "--out", out, "--recipient", "ru-delegation", "--format", "pdf", "--pdf-variant", "pdf/a-3b"
    )
    assert run.exit_code == 0, run.output
    reader = pdf_reader(out / "appeal/ru/ru-delegation.pdf")
    root_obj = reader.trailer["/Root"]
    xmp = root_obj["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="B"' in xmp
    assert SUBJECTS["ru"] in xmp
    assert "/OutputIntents" in root_obj
    assert root_obj["/Lang"] == "ru"


def test_plain_pdf_has_no_pdf_a_claim(pdfs) -> None:
    _, out = pdfs
    data = pdf_of(out, "en").read_bytes()
    assert b"pdfaid" not in data
