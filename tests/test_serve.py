"""The preview's parts without a browser: tracing strings to their PO entries, the pseudo-locale,
snapshots that re-render only what changed, and the guarantee that builds carry no trace."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from conftest import make_campaign

from letters.resources import fonts_dir, templates_dir
from letters.serve.trace import CLOSE, OPEN, SEP, Origin, Origins, Tracer, decorate, pseudo_text, strip_markers

pytest.importorskip("starlette", reason="letters serve needs the 'serve' extra (pip install -e '.[test]')")

MARKERS = (OPEN, SEP, CLOSE)


def test_pseudo_text_is_accented_longer_and_keeps_placeholders_and_markup() -> None:
    for source in (
        "Release of political prisoners",
        "at least %(value)s",
        "Today {fact:prisoners} people",
        "a <em>b</em> &amp; c",
    ):
        out = pseudo_text(source)
        assert out.startswith("[") and out.endswith("]")
        translatable = re.sub(r"%\(\w+\)s|\{[^}]*\}|<[^>]*>|&\w+;", "", source)
        assert len(out) - len(source) >= round(sum(c.isalpha() for c in translatable) * 0.3)
        for token in ("%(value)s", "{fact:prisoners}", "<em>", "</em>", "&amp;"):
            assert (token in out) == (token in source)
    assert pseudo_text("Today") != "[Today]"  # accented
    assert pseudo_text("   ") == "   "


def test_decorate_turns_markers_into_spans_and_strips_them_where_no_span_can_go() -> None:
    table = [
        Origin("content", "Hello", "ctx:a", "translated", "locales/de/LC_MESSAGES/campaign.po:7", "campaign"),
        Origin("template", "Page", None, "fuzzy", "x.po:3", "toolkit"),
    ]
    html = (
        f"<html><head><title>{OPEN}0{SEP}Hallo{CLOSE}</title>"
        f"<style>p::after{{content:'{OPEN}1{SEP}S{CLOSE}'}}</style></head>"
        f'<body><p title="{OPEN}0{SEP}Hallo{CLOSE}">'
        f"{OPEN}0{SEP}Hal<b>lo</b> {OPEN}1{SEP}Seite{CLOSE}{CLOSE}</p></body></html>"
    )
    out = decorate(html, table, frozenset(range(0x20, 0x250)))
    assert not any(m in out for m in MARKERS)
    assert "<title>Hallo</title>" in out and "content:'S'" in out and 'title="Hallo"' in out
    where = 'data-where="locales/de/LC_MESSAGES/campaign.po:7"'
    assert out.count(where) == 3  # 'Hal', 'lo' inside <b>, and the space before the nested string
    assert '<span class="lt-s lt-fuzzy" data-lt="1"' in out and ">Seite</span>" in out


def test_decorate_marks_characters_no_font_draws() -> None:
    out = decorate("<body><p>a\u2603b</p></body>", [], frozenset(range(0x20, 0x250)))
    assert '<mark class="lt-glyph" title="U+2603 SNOWMAN: no bundled or campaign font draws it">\u2603</mark>' in out


def test_stray_markers_in_the_input_cannot_open_spans_or_inject_markup() -> None:
    out = decorate(f"<body><p>{OPEN}99{SEP}x{CLOSE}{CLOSE}{OPEN}<i>y</i></p></body>", [], frozenset(range(0x20, 0x250)))
    assert out == "<body><p>x<i>y</i></p></body>"
    assert strip_markers(f"a{OPEN}1{SEP}b{CLOSE}") == "ab"


def msgid_line(lines: list[str], msgctxt: str) -> int:
    return lines.index('msgctxt "' + msgctxt + '"') + 2


def test_origins_give_status_and_the_msgid_line_of_each_entry(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "multilang")
    po = root / "locales/fr/LC_MESSAGES/campaign.po"
    po.write_text(
        po.read_text("utf-8").replace('msgctxt "demand:release:text"', '#, fuzzy\nmsgctxt "demand:release:text"')
    )
    lines = po.read_text("utf-8").splitlines()
    o = Origins(root, "fr", "en")
    opening = o.origin(
        "content", "letter:appeal:opening", "Today {fact:prisoners} people are held for political reasons."
    )
    assert opening.status == "translated"
    assert opening.where == f"locales/fr/LC_MESSAGES/campaign.po:{msgid_line(lines, 'letter:appeal:opening')}"
    demand = o.origin(
        "content", "demand:release:text", "Make the release of all political prisoners a term of any peace agreement."
    )
    assert demand.status == "fuzzy" and demand.where.endswith(f":{msgid_line(lines, 'demand:release:text')}")
    assert o.origin("content", "nope", "Not there").status == "untranslated"
    assert Origins(root, "en", "en").origin("content", "x", "y").status == "source"
    page = o.origin("template", "page number", "%(page)s / %(pages)s")
    assert page.catalog == "toolkit" and page.where.startswith("<letters>/locales/fr/LC_MESSAGES/letters.po:")


def test_a_tracer_records_each_lookup_and_wraps_it() -> None:
    class Fixed:
        def origin(self, kind: str, ctx: str | None, msgid: str) -> Origin:
            return Origin(kind, msgid, ctx, "translated")

    t = Tracer(Fixed(), mark=True, pseudo=False)  # type: ignore[arg-type]
    assert t("content", "c", "Hi", "Salut") == f"{OPEN}0{SEP}Salut{CLOSE}"
    assert t.table[0].msgid == "Hi"
    assert Tracer(Fixed(), mark=False, pseudo=True)("content", "c", "Hi", "Hi").startswith("[")  # type: ignore[arg-type]


def test_a_build_carries_no_trace(cli, campaign) -> None:  # type: ignore[no-untyped-def]
    from letters.build import Session

    root = campaign("multilang")
    session = Session(root)
    assert all(session.render(j).translator.trace is None for j in session.plan())
    out = root.parent / "out"
    assert cli("build", root, "--out", out, "--recipient", "de-chancellor", "--jobs", "0").exit_code == 0
    built = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in built) and any(p.suffix == ".html" for p in built)
    for p in built:
        data = p.read_bytes()
        for marker in MARKERS:
            assert marker.encode("utf-8") not in data, p
        assert b"lt-s" not in data and b"data-msgid" not in data, p


def test_a_rebuild_re_renders_only_what_changed_and_keeps_the_last_good_snapshot(tmp_path: Path) -> None:
    from letters.serve.state import Preview

    root = make_campaign(tmp_path / "c", "multilang")
    preview = Preview(root)
    first = preview.rebuild()
    assert first is not None and len(first.docs) == 4 and first.changed == sorted(first.docs)
    de = first.docs["appeal/de/de-chancellor"]
    pdf = preview.pdf(de)
    assert isinstance(pdf.data, bytes) and pdf.data.startswith(b"%PDF-")
    po = root / "locales/ru/LC_MESSAGES/campaign.po"
    po.write_text(po.read_text("utf-8").replace("Сегодня", "Ныне"), "utf-8")
    second = preview.rebuild()
    assert second is not None and second.changed == ["appeal/ru/ru-delegation"]
    assert preview.pdf(second.docs["appeal/de/de-chancellor"]) is pdf  # unchanged HTML: the same PDF, not remade
    (root / "recipients.yaml").write_text("de-chancellor: [unclosed\n", "utf-8")
    assert preview.rebuild() is None
    assert preview.broken and re.fullmatch(r"recipients\.yaml:\d+", str(preview.broken[0].location))
    assert preview.snapshot is second  # the last good one stays


def test_translator_mode_html_is_traced_and_the_plain_preview_is_the_build_html(tmp_path: Path) -> None:
    from letters.serve.state import Preview

    root = make_campaign(tmp_path / "c", "multilang")
    preview = Preview(root)
    snap = preview.rebuild()
    assert snap is not None
    doc = snap.docs["appeal/de/de-chancellor"]
    assert preview.variant(doc, translate=False, pseudo=False) == doc.html
    traced = preview.variant(doc, translate=True, pseudo=False)
    assert 'data-msgctxt="letter:appeal:opening"' in traced and not any(m in traced for m in MARKERS)
    pseudo = preview.variant(doc, translate=False, pseudo=True)
    assert "lt-s" not in pseudo and "[" in pseudo


def test_serve_refuses_a_folder_without_a_campaign(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("serve", tmp_path, "--port", "0")
    assert r.exit_code == 1 and "no campaign.yaml" in r.stderr


def test_serve_says_plainly_when_the_port_is_taken(cli, campaign) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        r = cli("serve", campaign(), "--port", str(s.getsockname()[1]))
    assert r.exit_code == 1 and "cannot listen on 127.0.0.1:" in r.stderr and "--port" in r.stderr


def test_only_loopback_counts_as_this_machine() -> None:
    from letters.cli.serve import is_loopback

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        assert is_loopback(s)
    with socket.socket() as s:
        s.bind(("0.0.0.0", 0))  # bound, never listening: no traffic
        assert not is_loopback(s)


def test_a_bug_during_a_rebuild_is_shown_without_its_text_and_watching_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import asyncio

    from letters.serve.app import Hub, rebuild
    from letters.serve.state import Preview

    preview = Preview(make_campaign(tmp_path / "c"))

    def boom() -> None:
        raise RuntimeError("Dorothea Withdrawnova")  # an error whose text holds personal data

    preview.rebuild = boom  # type: ignore[method-assign]

    async def run() -> tuple[str, dict[str, object]]:
        hub = Hub()
        await rebuild(preview, hub)  # does not raise: the watcher would stop
        return hub.state

    event, data = asyncio.run(run())
    assert event == "broken"
    assert "internal error in letters (RuntimeError)" in str(data["problems"])
    assert "Dorothea" not in str(data)
    assert "RuntimeError" in caplog.text and "Dorothea" not in caplog.text  # the log holds the type only


def test_without_the_serve_extra_the_command_says_what_to_install(cli, campaign, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if 'letters[serve]' were not installed
    r = cli("serve", campaign())
    assert r.exit_code == 2
    assert "pip install 'letters[serve]'" in r.stderr and "uvicorn" in r.stderr


def _preview_then_break_the_template(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A preview of the multilang campaign rendered once, then given a template that cannot parse."""
    from letters.serve.state import Preview

    root = make_campaign(tmp_path / "c", "multilang")
    preview = Preview(root)
    first = preview.rebuild()
    assert first is not None
    (root / "templates").mkdir()
    (root / "templates" / "appeal.html.j2").write_text("<html>\n<body>{% if %}</body></html>\n", "utf-8")
    return root, preview, first


def test_a_template_error_keeps_each_documents_last_good_version_and_says_where(tmp_path: Path) -> None:
    _root, preview, first = _preview_then_break_the_template(tmp_path)
    snap = preview.rebuild()
    assert snap is not None and not preview.broken  # the campaign loads; its documents do not render
    key = "appeal/de/de-chancellor"
    assert snap.docs[key] is first.docs[key] and key not in snap.changed
    assert str(snap.doc_errors[key].location) == "templates/appeal.html.j2:2"
    assert preview.variant(snap.docs[key], translate=True, pseudo=False) == first.docs[key].html
    assert any(p.is_error and "appeal.html.j2:2" in str(p.location) for p in snap.problems)


def test_a_changed_font_remakes_the_pdf_even_when_the_html_is_the_same(tmp_path: Path) -> None:
    import os

    from letters.resources import fonts_dir
    from letters.serve.state import Preview

    root = make_campaign(tmp_path / "c")
    preview = Preview(root)
    snap = preview.rebuild()
    assert snap is not None
    doc = next(iter(snap.docs.values()))
    pdf = preview.pdf(doc)
    (root / "fonts").mkdir()
    font = root / "fonts" / "NotoSerif-Regular.ttf"
    font.write_bytes((fonts_dir() / "NotoSerif-Regular.ttf").read_bytes())
    os.utime(font, ns=(1, 1))
    again = preview.rebuild()
    assert again is not None and again.docs[doc.key].html == doc.html
    assert preview.pdf(again.docs[doc.key]) is not pdf


def rendered_at(preview) -> dict[str, int]:  # type: ignore[no-untyped-def]
    assert preview.snapshot is not None
    return {k: d.generation for k, d in preview.snapshot.docs.items()}


def test_only_the_documents_whose_dependencies_changed_are_rendered_again(tmp_path: Path) -> None:
    from letters.serve.state import Preview

    root = make_campaign(tmp_path / "c", "multilang")
    preview = Preview(root, ("en",))  # every recipient also in English: two documents each, one language each
    first = preview.rebuild()
    assert first is not None and len(first.docs) == 7 and preview.renders == 7
    assert set(rendered_at(preview).values()) == {1}
    untranslated = [p for p in first.problems if p.code == "missing-translation"]

    assert preview.rebuild() is not None  # nothing changed: nothing rendered, check's findings kept
    assert preview.renders == 7 and preview.snapshot is not None and preview.snapshot.changed == []
    assert [p for p in preview.snapshot.problems if p.code == "missing-translation"] == untranslated

    po = root / "locales/ru/LC_MESSAGES/campaign.po"
    po.write_text(po.read_text("utf-8").replace("Сегодня", "Ныне"), "utf-8")
    third = preview.rebuild()
    assert third is not None and third.changed == ["appeal/ru/ru-delegation"]
    assert {k for k, g in rendered_at(preview).items() if g == 3} == {"appeal/ru/ru-delegation"}
    assert preview.renders == 8 and "Ныне" in third.docs["appeal/ru/ru-delegation"].html

    recipients = root / "recipients.yaml"
    recipients.write_text(recipients.read_text("utf-8").replace("10557 Berlin", "10117 Berlin"), "utf-8")
    fourth = preview.rebuild()
    assert fourth is not None and fourth.changed == ["appeal/de/de-chancellor", "appeal/en/de-chancellor"]
    assert preview.renders == 10

    (root / "templates").mkdir()
    shipped = (templates_dir() / "appeal.html.j2").read_text("utf-8")
    (root / "templates" / "appeal.html.j2").write_text(shipped.replace("</body>", "<!-- x --></body>"), "utf-8")
    fifth = preview.rebuild()
    assert fifth is not None and fifth.changed == sorted(fifth.docs) and preview.renders == 17


def test_a_pdf_is_made_again_only_when_its_document_changed(tmp_path: Path) -> None:
    from letters.serve.state import Preview

    root = make_campaign(tmp_path / "c", "multilang")
    preview = Preview(root)
    snap = preview.rebuild()
    assert snap is not None
    ru, de = snap.docs["appeal/ru/ru-delegation"], snap.docs["appeal/de/de-chancellor"]
    ru_pdf, de_pdf = preview.pdf(ru), preview.pdf(de)
    assert (ru_pdf.generation, de_pdf.generation) == (1, 1)
    po = root / "locales/ru/LC_MESSAGES/campaign.po"
    po.write_text(po.read_text("utf-8").replace("Сегодня", "Ныне"), "utf-8")
    again = preview.rebuild()
    assert again is not None
    assert preview.made(again.docs["appeal/ru/ru-delegation"]) is None  # made again when asked for
    assert preview.pdf(again.docs["appeal/de/de-chancellor"]) is de_pdf
    remade = preview.pdf(again.docs["appeal/ru/ru-delegation"])
    assert remade.generation == 2 and remade.data != ru_pdf.data
    assert "Ныне" in pdf_text_of(remade.data)


def pdf_text_of(data: object) -> str:
    import io

    from pypdf import PdfReader

    assert isinstance(data, bytes)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_document_that_fails_the_same_way_is_not_rendered_again(tmp_path: Path) -> None:
    root, preview, first = _preview_then_break_the_template(tmp_path)
    broken = preview.rebuild()
    assert broken is not None and len(broken.doc_errors) == 4 and preview.renders == 8
    assert preview.rebuild() is not None and preview.renders == 8  # same inputs, same error: kept
    (root / "templates" / "appeal.html.j2").unlink()
    back = preview.rebuild()
    assert back is not None and not back.doc_errors
    assert all(back.docs[k] is first.docs[k] for k in first.docs)  # the inputs of before: the documents of before
    assert back.changed == sorted(first.docs)  # pages in translator mode trace them again


def test_campaign_fonts_count_in_the_glyph_marks_the_pdf_and_the_browsers_fonts(tmp_path: Path) -> None:
    import shutil

    from letters.errors import LettersError
    from letters.serve.pages import campaign_font, font_faces
    from letters.serve.state import Preview

    root = make_campaign(tmp_path / "c", "script-am")  # Amharic: no bundled font draws Ethiopic
    preview = Preview(root)
    snap = preview.rebuild()
    assert snap is not None
    doc = snap.docs["appeal/am/am-minister"]
    traced = preview.variant(doc, translate=True, pseudo=False)
    assert '<mark class="lt-glyph" title="U+12E8 ETHIOPIC SYLLABLE YA: no bundled or campaign font draws it">' in traced
    with pytest.raises(LettersError, match="glyph"):
        preview.pdf(doc)
    assert "campaign-fonts" not in font_faces(root)

    (root / "fonts").mkdir()  # the coordinator adds the fonts while the preview runs
    fonts = sorted((Path(__file__).parent / "data" / "fonts-am").glob("*.ttf"))
    for font in fonts:
        shutil.copyfile(font, root / "fonts" / font.name)
    again = preview.rebuild()
    assert again is not None
    doc = again.docs["appeal/am/am-minister"]
    assert "lt-glyph" not in preview.variant(doc, translate=True, pseudo=False)
    made = preview.pdf(doc)
    assert any("Letters-Campaign" in f for f in embedded_fonts(made.data))  # a new engine: the font is used
    css = font_faces(root)
    for font in fonts:
        assert f'url("/_/campaign-fonts/{font.name}")' in css
        assert campaign_font(root, font.name) == root / "fonts" / font.name
    assert 'font-family: "Letters Campaign"' in css and "file:" not in css
    assert campaign_font(root, "../signatories.yaml") is None and campaign_font(root, "x.ttf") is None

    # the same file name, another font (one that has no Ethiopic): the characters are marked again
    (root / "fonts" / fonts[0].name).write_bytes((fonts_dir() / "NotoSerifGeorgian-Regular.ttf").read_bytes())
    (root / "fonts" / fonts[1].name).unlink()
    third = preview.rebuild()
    assert third is not None
    assert "lt-glyph" in preview.variant(third.docs["appeal/am/am-minister"], translate=True, pseudo=False)
    with pytest.raises(LettersError, match="glyph"):
        preview.pdf(third.docs["appeal/am/am-minister"])


def embedded_fonts(data: object) -> set[str]:
    import io

    from pypdf import PdfReader

    assert isinstance(data, bytes)
    pages = PdfReader(io.BytesIO(data)).pages
    return {str(f.get_object()["/BaseFont"]) for page in pages for f in page["/Resources"]["/Font"].values()}


def test_the_translation_status_follows_an_edit_of_its_catalog(tmp_path: Path) -> None:
    from letters.serve.state import Preview

    root = make_campaign(tmp_path / "c", "multilang")
    preview = Preview(root)

    def fuzzy(lang: str) -> int:
        snap = preview.rebuild()
        assert snap is not None
        status = next(s for s in snap.languages if s.language == lang)
        return next(c.fuzzy for c in status.catalogs if c.catalog == "campaign")

    assert (fuzzy("fr"), fuzzy("de")) == (0, 0)
    po = root / "locales/fr/LC_MESSAGES/campaign.po"
    entry = 'msgctxt "demand:release:text"'
    po.write_text(po.read_text("utf-8").replace(entry, "#, fuzzy\n" + entry), "utf-8")
    assert (fuzzy("fr"), fuzzy("de")) == (1, 0)
