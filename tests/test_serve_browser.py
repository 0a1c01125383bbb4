"""``letters serve`` in a real browser (Playwright driving the system Chromium): what a translator
or coordinator sees while editing. One server and one browser for the whole module."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOTS, make_campaign
from serving import EventStream, launch_browser, request, running_server, status

pytest.importorskip("starlette", reason="letters serve needs the 'serve' extra (pip install -e '.[test]')")

WITHDRAWN = ("Dorothea", "Withdrawnova", "Отозванова")
DE_PO = Path("locales/de/LC_MESSAGES/campaign.po")
FR_PO = Path("locales/fr/LC_MESSAGES/campaign.po")
RU_PO = Path("locales/ru/LC_MESSAGES/campaign.po")
WAIT_MS = 10_000  # the page must follow an edit within a few seconds
FONTS_AM = Path(__file__).parent / "data" / "fonts-am"
PARAGRAPH = (
    "      - The families of the prisoners write to us from every region of the country, "
    "and they ask the same questions each time.\n"
)


def msgid_line(po: Path, msgctxt: str) -> int:
    """The line of the msgid of the entry with ``msgctxt`` (the line a PO editor jumps to)."""
    lines = po.read_text("utf-8").splitlines()
    at = lines.index(f'msgctxt "{msgctxt}"')
    return at + 2


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multilang campaign with every consent level, a fuzzy French entry and a translator's comment."""
    root = make_campaign(tmp_path_factory.mktemp("serve") / "campaign", "multilang")
    shutil.copyfile(ROOTS / "consent" / "signatories.yaml", root / "signatories.yaml")
    fr = root / FR_PO
    fr.write_text(
        fr.read_text("utf-8").replace('msgctxt "demand:release:text"', '#, fuzzy\nmsgctxt "demand:release:text"'),
        "utf-8",
    )
    # four more paragraphs: the English letter just fits on its page, and runs onto a second one
    # once the pseudo-locale makes its text about 30 % longer
    edit(
        root / "campaign.yaml",
        "      - Each of them has a family waiting.\n",
        "      - Each of them has a family waiting.\n" + PARAGRAPH * 4,
    )
    (root / "fonts").mkdir()  # the campaign's own font: Ethiopic, which no bundled font draws
    for font in FONTS_AM.glob("*.ttf"):
        shutil.copyfile(font, root / "fonts" / font.name)
    de = root / DE_PO
    de.write_text(
        de.read_text("utf-8").replace(
            'msgctxt "letter:appeal:opening"',
            '# keep "festgehalten": the lawyers\' term\nmsgctxt "letter:appeal:opening"',
        ),
        "utf-8",
    )
    return root


@pytest.fixture(scope="module")
def base(root: Path) -> Iterator[str]:
    with running_server(root) as url:
        yield url


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    pw, browser = launch_browser()
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture
def page(browser, base: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"script errors on the page: {errors}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Keep a screenshot for a person to look at, when LETTERS_SCREENSHOTS names a folder."""
    folder = os.environ.get("LETTERS_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def test_the_index_lists_every_document_with_its_html_and_pdf(page, base: str, root: Path) -> None:  # type: ignore[no-untyped-def]
    from letters.build import Session

    expected = {str(j.path("html"))[: -len(".html")] for j in Session(root).plan()}
    page.goto(base + "/")
    keys = set(page.locator("table.docs tr[data-key]").evaluate_all("rows => rows.map(r => r.dataset.key)"))
    assert keys == expected and len(keys) == 4
    for key in sorted(keys):
        row = page.locator(f'tr[data-key="{key}"]')
        for link in ("HTML", "PDF"):
            href = row.get_by_role("link", name=link, exact=True).get_attribute("href")
            status, body = request(base, href)
            assert status == 200, href
            assert body.startswith(b"%PDF-") if link == "PDF" else b"<html" in body
    fr = page.locator('tr[data-lang="fr"][data-catalog="campaign"]')
    assert fr.locator("td").nth(3).inner_text() == "1"  # one fuzzy entry
    assert "No problems" in page.locator("main").inner_text() or page.locator("ul.check li").count() > 0
    shot(page, "index")


def rendered_in(page) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """What the index shows: the rebuild that last rendered each document."""
    rows = page.locator("table.docs tr[data-key]")
    got = rows.evaluate_all("rows => rows.map(r => [r.dataset.key, r.querySelector('td.rendered').textContent])")
    return {key: int(text.removeprefix("build ")) for key, text in got}


def test_only_the_documents_an_edit_affects_are_rendered_again(page, base: str, root: Path) -> None:  # type: ignore[no-untyped-def]
    ru, fr = "appeal/ru/ru-delegation", "appeal/fr/fr-president"
    with EventStream(base) as events:
        start = events.ready()
        page.goto(base + "/")
        before = rendered_in(page)
        assert before == {k: d["rendered"] for k, d in status(base)["docs"].items()}
        for key in before:  # every PDF made once (the browser's PDF pane asks for it)
            assert request(base, f"/doc/{key}.pdf")[0] == 200
        made = {k: d["pdf"] for k, d in status(base)["docs"].items()}
        assert all(made.values())

        edit(root / RU_PO, "Сегодня", "Ныне")  # a translator saves the Russian catalog
        try:
            done = events.ready(lambda d: d["generation"] > start["generation"])
            assert done["changed"] == [ru]
            reloaded = page.locator(f'body[data-generation="{done["generation"]}"]')  # by itself, on the event
            reloaded.wait_for(timeout=WAIT_MS)
            after = rendered_in(page)
            assert after[ru] == done["generation"]
            assert {k: g for k, g in after.items() if k != ru} == {k: g for k, g in before.items() if k != ru}
            state = status(base)["docs"]
            assert state[ru]["pdf"] is None  # made again only when asked for
            assert {k: d["pdf"] for k, d in state.items() if k != ru} == {k: g for k, g in made.items() if k != ru}
            assert request(base, f"/doc/{ru}.pdf")[0] == 200
            assert status(base)["docs"][ru]["pdf"] == done["generation"]
        finally:
            edit(root / RU_PO, "Ныне", "Сегодня")
            events.ready(lambda d: ru in d["changed"])

        edit(root / "recipients.yaml", "55 rue du Faubourg", "57 rue du Faubourg")  # a coordinator edits one recipient
        try:
            done = events.ready(lambda d: fr in d["changed"])
            assert done["changed"] == [fr]
            page.locator(f'body[data-generation="{done["generation"]}"]').wait_for(timeout=WAIT_MS)
            now = rendered_in(page)
            assert now[fr] == done["generation"] and now[ru] > before[ru]
            assert {k: now[k] for k in now if k not in (fr, ru)} == {k: before[k] for k in now if k not in (fr, ru)}
        finally:
            edit(root / "recipients.yaml", "57 rue du Faubourg", "55 rue du Faubourg")
            events.ready(lambda d: fr in d["changed"])


def test_editing_a_po_entry_updates_the_open_page_without_reload(page, base: str, root: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/letter/appeal/de/de-chancellor")
    doc = page.frame_locator("#doc")
    doc.locator("body").get_by_text("aus politischen Gründen festgehalten").wait_for()
    page.evaluate("window.stillTheSamePage = true")
    started = time.monotonic()
    edit(root / DE_PO, "aus politischen Gründen festgehalten", "aus politischen Gründen in Haft gehalten")
    page.frame_locator("#doc").locator("body").get_by_text("aus politischen Gründen in Haft gehalten").wait_for(
        timeout=WAIT_MS
    )
    took = time.monotonic() - started
    assert page.evaluate("window.stillTheSamePage") is True  # updated in place, not reloaded by hand
    assert took < WAIT_MS / 1000
    edit(root / DE_PO, "aus politischen Gründen in Haft gehalten", "aus politischen Gründen festgehalten")
    page.frame_locator("#doc").locator("body").get_by_text("aus politischen Gründen festgehalten").wait_for(
        timeout=WAIT_MS
    )


def test_the_translator_overlay_shows_where_a_string_comes_from(page, base: str, root: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/letter/appeal/de/de-chancellor?translate=1")
    span = page.frame_locator("#doc").locator('.lt-s[data-msgctxt="letter:appeal:opening"]').first
    span.hover()
    panel = page.locator("#origin")
    line = msgid_line(root / DE_PO, "letter:appeal:opening")
    assert panel.locator(".where").inner_text() == f"locales/de/LC_MESSAGES/campaign.po:{line}"
    assert panel.locator(".msgid").inner_text() == "Today {fact:prisoners} people are held for political reasons."
    assert panel.locator(".msgctxt").inner_text() == "letter:appeal:opening"
    assert panel.locator(".comment").inner_text() == 'keep "festgehalten": the lawyers\' term'
    assert "translated" in panel.locator(".status-value").inner_text()
    # a string of the toolkit's own catalog points to letters' PO file
    toolkit = page.frame_locator("#doc").locator('.lt-s[data-catalog="toolkit"]').first
    toolkit.click()
    assert re.fullmatch(r"<letters>/locales/de/LC_MESSAGES/letters\.po:\d+", panel.locator(".where").inner_text())
    shot(page, "translator-mode")


def test_fuzzy_and_untranslated_strings_are_highlighted(page, base: str, root: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/letter/appeal/fr/fr-president?translate=1")
    doc = page.frame_locator("#doc")
    fuzzy = doc.locator('.lt-s[data-msgctxt="demand:release:text"]').first
    assert "lt-fuzzy" in (fuzzy.get_attribute("class") or "")
    assert fuzzy.inner_text().startswith("Make the release")  # fuzzy entries are never used
    assert (
        fuzzy.get_attribute("data-where")
        == f"locales/fr/LC_MESSAGES/campaign.po:{msgid_line(root / FR_PO, 'demand:release:text')}"
    )
    untranslated = doc.locator(".lt-untranslated")
    assert untranslated.count() > 0  # e.g. the closing, which the fixture's catalog lacks
    assert untranslated.first.get_attribute("data-where") == ""
    bg = fuzzy.evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")


def test_a_character_no_font_draws_is_marked_where_it_stands(page, base: str, root: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/letter/appeal/de/de-chancellor?translate=1")
    page.frame_locator("#doc").locator(".lt-s").first.wait_for()
    edit(root / DE_PO, "Menschen aus politischen", "Menschen \u2603\U0001f54a aus politischen")
    try:
        mark = page.frame_locator("#doc").locator("mark.lt-glyph").first
        try:
            mark.wait_for(timeout=WAIT_MS)
        except Exception:
            status, problems = page.locator("#status").inner_text(), page.locator("#problems").inner_text()
            pytest.fail(f"no mark after {WAIT_MS} ms; status {status!r}; problems {problems!r}")
        assert mark.inner_text() in ("\u2603", "\U0001f54a")
        assert "U+2603 SNOWMAN" in page.locator("#problems").inner_text()  # check's error, beside the letter
        assert "no bundled or campaign font" in (mark.get_attribute("title") or "")
        status, body = request(base, "/doc/appeal/de/de-chancellor.pdf")
        assert status == 422 and b"glyph" in body
    finally:
        edit(root / DE_PO, "Menschen \u2603\U0001f54a aus politischen", "Menschen aus politischen")
    page.frame_locator("#doc").locator("mark.lt-glyph").first.wait_for(state="detached", timeout=WAIT_MS)


def test_the_pseudo_locale_shows_what_is_not_translatable(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/letter/appeal/en/us-envoy?pseudo=1")
    body = page.frame_locator("#doc").locator("body")
    text = body.inner_text()
    assert "[Ŧøø" in text or "[Ŧø" in text  # "Today …" pseudo-translated, accented, in brackets
    assert "Today" not in text
    plain = page.frame_locator("#doc").locator("p.salutation").inner_text()
    assert "[" not in plain  # the salutation comes from the address tables, not from a catalog
    # the PDF beside it is the pseudo-translated letter, on its pages; it runs onto a second page
    # where the letter itself takes one, and the page says so
    fit = page.locator("#fit")
    fit.wait_for(state="visible", timeout=WAIT_MS)
    assert "overflow" in (fit.get_attribute("class") or "").split()
    assert (fit.get_attribute("data-pages"), fit.get_attribute("data-pseudo-pages")) == ("1", "2")
    assert fit.inner_text().startswith("Overflow: the pseudo-translated letter takes 2 pages")
    src = page.locator("#pdf").get_attribute("src") or ""
    assert "pseudo=1" in src
    status, pdf = request(base, src)
    assert status == 200
    pseudo_pdf, plain_pdf = pdf_pages(pdf), pdf_pages(request(base, "/doc/appeal/en/us-envoy.pdf")[1])
    assert (len(plain_pdf), len(pseudo_pdf)) == (1, 2)
    assert "Today" in plain_pdf[0] and "Today" not in "".join(pseudo_pdf) and "[Ŧøø" in pseudo_pdf[0]
    shot(page, "pseudo-overflow")


def pdf_pages(data: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    assert data.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_a_campaign_font_draws_in_the_html_pane_and_its_characters_are_not_marked(page, base: str, root: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/letter/appeal/de/de-chancellor?translate=1")
    doc = page.frame_locator("#doc")
    doc.locator(".lt-s").first.wait_for()
    edit(root / DE_PO, "Menschen aus politischen", "Menschen ሰላም aus politischen")  # Ethiopic: the campaign's font
    try:
        doc.locator(".lt-s", has_text="ሰላም").first.wait_for(timeout=WAIT_MS)
        assert doc.locator("mark.lt-glyph").count() == 0  # the campaign font draws it: nothing to mark
        used = doc.locator("body").evaluate(
            """async () => {
                await document.fonts.ready;
                return [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family.replace(/"/g, ""));
            }"""
        )
        assert "Letters Campaign" in used, used  # loaded by the browser for the Ethiopic word
        shot(page, "campaign-font")
    finally:
        edit(root / DE_PO, "Menschen ሰላም aus politischen", "Menschen aus politischen")
    doc.get_by_text("ሰላም").wait_for(state="detached", timeout=WAIT_MS)
    for font in FONTS_AM.glob("*.ttf"):
        assert request(base, f"/_/campaign-fonts/{font.name}") == (200, font.read_bytes())


def test_a_broken_yaml_edit_shows_the_error_and_recovers(page, base: str, root: Path) -> None:  # type: ignore[no-untyped-def]
    recipients = root / "recipients.yaml"
    good = recipients.read_text("utf-8")
    page.goto(base + "/letter/appeal/de/de-chancellor")
    page.frame_locator("#doc").get_by_text("Willy-Brandt-Straße 1").wait_for()
    lines = good.splitlines()
    bad_line = lines.index("de-chancellor:") + 2
    lines[bad_line - 1] = "  office: [Federal Chancellor"  # an unclosed flow sequence
    recipients.write_text("\n".join(lines) + "\n", "utf-8")
    try:
        problems = page.locator("#problems")
        problems.wait_for(state="visible", timeout=WAIT_MS)
        assert re.search(r"recipients\.yaml:\d+", problems.inner_text())
        assert "error" in page.locator("#status").inner_text()
        # the last good preview stays
        assert page.frame_locator("#doc").get_by_text("Willy-Brandt-Straße 1").is_visible()
        shot(page, "broken")
        page.goto(base + "/")
        assert re.search(r"recipients\.yaml:\d+", page.locator("#problems").inner_text())
        assert page.locator("table.docs tr[data-key]").count() == 4
        page.goto(base + "/letter/appeal/de/de-chancellor")
    finally:
        recipients.write_text(good, "utf-8")
    page.locator("#problems").wait_for(state="hidden", timeout=WAIT_MS)
    assert page.locator("#status").inner_text() == "up to date"


@pytest.mark.parametrize(
    "path",
    [
        "/signatories.yaml",
        "/campaign.yaml",
        "/doc/signatories.yaml",
        "/doc/appeal/de/signatories.yaml",
        "/doc/appeal/de/../../../signatories.yaml",
        "/doc/appeal/de/%2e%2e/%2e%2e/%2e%2e/signatories.yaml",
        "/letter/../../etc/passwd",
        "/doc/appeal/de/../../../../../../etc/passwd",
        "/locales/de/LC_MESSAGES/campaign.po",
        "/doc/appeal/de/locales/de/LC_MESSAGES/campaign.po",
        "/Dorothea%20Withdrawnova",
        "/letter/appeal/en/dorothea-withdrawn",
        "/doc/appeal/en/dorothea-withdrawn.html",
    ],
)
def test_campaign_files_outside_paths_and_withdrawn_names_find_nothing(base: str, path: str) -> None:
    status, body = request(base, path)
    assert status == 404, path
    assert b"Withdrawn" not in body and b"consent" not in body


def test_no_page_names_a_withdrawn_signatory(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/")
    seen = [page.content()]
    for key in page.locator("table.docs tr[data-key]").evaluate_all("rows => rows.map(r => r.dataset.key)"):
        for q in ("", "?translate=1", "?pseudo=1"):
            seen.append(request(base, f"/doc/{key}.html{q}")[1].decode("utf-8"))
            seen.append(request(base, f"/letter/{key}{q}")[1].decode("utf-8"))
    seen += [request(base, path)[1].decode("utf-8") for path in ("/_/status.json", "/_/fonts.css")]
    text = "\n".join(seen)
    assert "Alice Gorinova" in text  # public consent: named
    for name in WITHDRAWN:
        assert name not in text
