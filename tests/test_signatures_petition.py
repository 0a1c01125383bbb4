"""The petition PDF: display levels in the printed annex, continuous page numbers across chunks,
exactly the database's counted entries, the Merkle root verified (and failing after tampering),
a signer's proof, withdrawal, appends shown as consistent, and safe exports."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from letters.signatures.store import Store, default_path
from letters.signatures.synthetic import HEADER, rows
from tests.conftest import fold_spaces, make_campaign, pdf_reader, run_cli

FIRST = [
    ["Full Demo Person", "DE", "Demo City", "2025-07-04", "online", "full", "full@example.org"],
    ["Initials Demo Person", "UA", "Hidden Town", "2025-07-04", "online", "initials", ""],
    ["Counted Demo Person", "FR", "Secret Village", "2025-07-05", "paper", "counted", ""],
    ["Recipient Demo Person", "PL", "", "2025-07-05", "paper", "recipient", ""],
    ["Unknown Level Demo", "LT", "", "2025-07-05", "paper", "maybe", ""],
    ['=HYPERLINK("http://x.invalid")', "DE", "", "2025-07-06", "online", "full", ""],
]


def write_csv(path: Path, body: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(body)
    return path


@pytest.fixture(scope="module")
def petition(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("petition")
    root = make_campaign(tmp / "campaign", "petition")
    first = write_csv(tmp / "first.csv", FIRST + list(rows(74, seed=3)))
    r = run_cli("signatures", "import", root, first)
    assert r.exit_code == 0, r.output
    out = tmp / "out"
    r = run_cli("signatures", "build", root, "--out", out, "--chunk-pages", "1")
    assert r.exit_code == 0, r.output
    return {"root": root, "tmp": tmp, "pdf": out / "petition" / "en" / "us-envoy.pdf"}


def page_texts(pdf: Path) -> list[str]:
    return [fold_spaces(p.extract_text() or "") for p in pdf_reader(pdf).pages]


def annex_numbers(texts: list[str]) -> list[int]:
    out = []
    for t in texts:
        if "Annex: list of signatures" in t:
            rows = t.split("No. Name", 1)[1].split("Page ")[0]  # "12 Demo Signer Germany 2025-07-04" per entry
            out += [int(n) for n in re.findall(r"(\d+) \D+? \d{4}-\d\d-\d\d", rows)]
    return out


def test_every_page_is_numbered_continuously_across_chunks(petition: dict[str, Path]) -> None:
    texts = page_texts(petition["pdf"])
    total = len(texts)
    assert total >= 4  # a cover and at least three annex chunks of one page
    for k, t in enumerate(texts, start=1):
        assert f"Page {k} of {total}" in t, (k, t[-200:])


def test_annex_holds_exactly_the_counted_entries(petition: dict[str, Path]) -> None:
    with Store(default_path(petition["root"])) as store:
        n = store.count()
    assert n == 80
    texts = page_texts(petition["pdf"])
    assert "80 signatures" in texts[0]
    numbers = annex_numbers(texts)
    assert numbers == list(range(1, n + 1))
    heads = sum(t.count("No. Name City Country Date") for t in texts)
    assert heads == len([t for t in texts if "Annex: list of signatures" in t])  # headers repeat on every page


def test_each_signer_appears_exactly_at_their_display_level(petition: dict[str, Path]) -> None:
    text = " ".join(page_texts(petition["pdf"]))
    assert "Full Demo Person Demo City Germany 2025-07-04" in text
    assert "I. D. P. Ukraine" in text and "Initials Demo" not in text and "Hidden Town" not in text
    assert "Counted Demo" not in text and "Secret Village" not in text
    assert "Recipient Demo Person" in text  # the officials' copy names them
    assert "Unknown Level Demo" not in text  # unknown level: counted only
    assert text.count("not named") >= 2


def test_public_copy_does_not_name_recipient_only_signers(petition: dict[str, Path]) -> None:
    out = petition["tmp"] / "public"
    # two worker processes lay out the chunks (the same pages, in order)
    r = run_cli("signatures", "build", petition["root"], "--out", out, "--public", "--chunk-pages", "1", "--jobs", "2")
    assert r.exit_code == 0, r.output
    texts = page_texts(out / "petition" / "en" / "us-envoy.public.pdf")
    assert all(f"Page {k} of {len(texts)}" in t for k, t in enumerate(texts, start=1))
    assert annex_numbers(texts) == list(range(1, 81))
    text = " ".join(texts)
    assert "Full Demo Person" in text and "Recipient Demo" not in text
    assert "Public copy" in text


def test_root_verifies_on_the_untouched_pdf(petition: dict[str, Path]) -> None:
    r = run_cli("signatures", "verify", petition["root"], petition["pdf"])
    assert r.exit_code == 0, r.output
    root = pdf_reader(petition["pdf"]).metadata["/LettersMerkleRoot"]
    assert f"ok: 80 entries, root {root}" in r.stdout
    assert "database: the current signatures match this annex" in r.stdout
    spaced = " ".join(root[i : i + 8] for i in range(0, 64, 8))
    assert all(spaced in t for t in page_texts(petition["pdf"]))  # printed on the cover and every annex page


def rewrite_entries(src: Path, dest: Path, change) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(src))
    writer = PdfWriter(clone_from=reader)
    lines = reader.attachments["letters-annex.jsonl"][0].decode().splitlines()
    writer._root_object.pop("/Names")  # drop the attachments, add them back (one changed)
    writer.add_attachment("letters-petition.json", reader.attachments["letters-petition.json"][0])
    writer.add_attachment("letters-annex.jsonl", "\n".join(change(lines)).encode() + b"\n")
    with dest.open("wb") as fh:
        writer.write(fh)


def test_verify_fails_after_one_entry_is_changed(petition: dict[str, Path]) -> None:
    bad = petition["tmp"] / "tampered.pdf"

    def change(lines: list[str]) -> list[str]:
        entry = json.loads(lines[0])
        entry["name"] = "Someone Else"
        return [json.dumps(entry, ensure_ascii=False, sort_keys=True), *lines[1:]]

    rewrite_entries(petition["pdf"], bad, change)
    r = run_cli("signatures", "verify", petition["root"], bad)
    assert r.exit_code == 1
    assert "the embedded entries give root" in r.stderr and "FAILED" in r.stderr
    assert "database: the current signatures differs: 1 entry removed (withdrawn or invalidated), 1 added" in r.stdout


def test_a_signers_proof_verifies_against_the_pdf(petition: dict[str, Path]) -> None:
    with Store(default_path(petition["root"])) as store:
        sid = store.db.execute("SELECT id FROM signatures WHERE name = 'Initials Demo Person'").fetchone()[0]
    proof = petition["tmp"] / "proof.json"
    r = run_cli("signatures", "proof", petition["root"], sid, "-o", proof)
    assert r.exit_code == 0, r.output
    data = json.loads(proof.read_text())
    assert (data["number"], data["size"], data["entry"]["name"]) == (2, 80, "I. D. P.")
    r = run_cli("signatures", "check-proof", proof, petition["pdf"])
    assert r.exit_code == 0 and r.stdout.startswith("ok: entry 2 of 80 is counted in root"), r.output
    data["entry"]["country"] = "RU"
    proof.write_text(json.dumps(data))
    assert run_cli("signatures", "check-proof", proof, petition["pdf"]).exit_code == 1


def test_appends_extend_and_withdrawals_differ(petition: dict[str, Path]) -> None:
    root, tmp = petition["root"], petition["tmp"]
    more = write_csv(
        tmp / "more.csv", [[f"Appended Demo {c}", "GE", "", "2025-08-01", "paper", "full", ""] for c in "ABCDE"]
    )
    assert run_cli("signatures", "import", root, more).exit_code == 0
    later = tmp / "later"
    assert run_cli("signatures", "build", root, "--out", later, "--chunk-pages", "10").exit_code == 0
    later_pdf = later / "petition" / "en" / "us-envoy.pdf"
    r = run_cli("signatures", "compare", petition["pdf"], later_pdf)
    assert r.stdout.strip() == "the later annex extends it: 5 entries appended (consistency proof verified)"

    with Store(default_path(root)) as store:
        sid = store.db.execute("SELECT id FROM signatures WHERE name = 'Full Demo Person'").fetchone()[0]
    r = run_cli("signatures", "withdraw", root, sid)
    assert r.exit_code == 0 and "withdrawn: 1 row(s)" in r.stdout
    after = tmp / "after"
    assert run_cli("signatures", "build", root, "--out", after, "--chunk-pages", "10").exit_code == 0
    after_pdf = after / "petition" / "en" / "us-envoy.pdf"
    text = " ".join(page_texts(after_pdf))
    assert "Full Demo Person" not in text and "84 signatures" in text
    assert annex_numbers(page_texts(after_pdf)) == list(range(1, 85))
    r = run_cli("signatures", "compare", later_pdf, after_pdf)
    assert r.stdout.strip() == "the later annex differs: 1 entry removed (withdrawn or invalidated), 0 added"
    exported = run_cli("signatures", "export", root).stdout
    assert "Full Demo Person" not in exported and "full@example.org" not in exported
    osdi = json.loads(run_cli("signatures", "export", root, "--format", "json").stdout)
    gone = [s for s in osdi["_embedded"]["osdi:signatures"] if s["letters:withdrawn"]]
    assert gone == [{"identifiers": [f"letters:{sid}"], "origin_system": "letters", "letters:withdrawn": True}]
    assert osdi["letters:counted"] == 84
    stats = json.loads(run_cli("signatures", "stats", root, "--json").stdout)
    assert (stats["counted"], stats["withdrawn"]) == (84, 1)


def test_export_is_public_and_formula_safe(petition: dict[str, Path]) -> None:
    r = run_cli("signatures", "export", petition["root"])
    assert r.exit_code == 0
    table = list(csv.reader(io.StringIO(r.stdout)))
    assert table[0] == ["signature_id", "name", "city", "country", "date", "channel", "display"]
    cells = [c for row in table for c in row]
    assert '\'=HYPERLINK("http://x.invalid")' in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "Initials Demo Person" not in r.stdout and "I. D. P." in r.stdout
    assert "Recipient Demo Person" not in r.stdout  # an export is public: recipient-only is counted only
    assert "@example.org" not in r.stdout  # no contact fields by default
    data = json.loads(run_cli("signatures", "export", petition["root"], "--format", "json").stdout)
    sigs = data["_embedded"]["osdi:signatures"]
    assert len(sigs) == data["total_records"]
    (initials,) = [s for s in sigs if s.get("_embedded", {}).get("osdi:person", {}).get("letters:name") == "I. D. P."]
    assert initials["letters:display"] == "initials" and initials["letters:withdrawn"] is False
    assert initials["_embedded"]["osdi:person"]["postal_addresses"] == [{"country": "UA"}]  # no city at this level
    assert initials["identifiers"][0].startswith("letters:")


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("en", {1: "1 signature", 12345: "12,345 signatures"}),
        ("ru", {1: "1 подпись", 3: "3 подписи", 12345: "12 345 подписей", 21: "21 подпись"}),
        ("uk", {1: "1 підпис", 4: "4 підписи", 11: "11 підписів"}),
        ("de", {1: "1 Unterschrift", 12345: "12.345 Unterschriften"}),
        ("fr", {0: "0 signature", 2: "2 signatures"}),
        ("tr", {1: "1 imza", 7: "7 imza"}),
        ("he", {1: "חתימה אחת", 5: "5 חתימות"}),
        ("ar", {1: "توقيع واحد", 2: "توقيعان", 5: "5 توقيعات", 11: "11 توقيعًا", 100: "100 توقيع"}),
    ],
)
def test_total_has_the_right_plural_in_every_shipped_language(lang: str, counts: dict[int, str]) -> None:
    from letters.catalogs import CatalogSet
    from letters.localization import Formatter
    from letters.resources import locales_dir

    tr = CatalogSet(locales_dir(), None, "en").translator(lang)
    fmt = Formatter(lang)
    for n, want in counts.items():
        got = tr.npgettext("petition", "%(num)s signature", "%(num)s signatures", n) % {"num": fmt.number(n)}
        assert fold_spaces(got) == want, (lang, n)
    assert not tr.missing()


def test_joined_pdf_has_title_language_and_root_metadata(petition: dict[str, Path]) -> None:
    reader = pdf_reader(petition["pdf"])
    assert reader.metadata["/Title"] == "Release the political prisoners"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert re.fullmatch(r"[0-9a-f]{64}", reader.metadata["/LettersMerkleRoot"])
    assert set(reader.attachments) == {"letters-annex.jsonl", "letters-petition.json"}


def test_a_page_whose_rows_wrap_more_than_planned_is_set_smaller_not_split(petition: dict[str, Path]) -> None:
    from letters.signatures.annex import Entry
    from letters.signatures.petition import Chunk, render_chunk

    rows_ = tuple(Entry(f"Demo Overfull {i}", "", "DE", "2025-07-04", "00" * 16) for i in range(38))  # > 34 units
    chunk = Chunk(str(petition["root"]), "en", "A4", "ltr", "00000000 " * 8, False, 2, 2, 1, (rows_,), "T")
    data = render_chunk(chunk)
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = fold_spaces(reader.pages[0].extract_text())
    assert "Demo Overfull 37" in text and "Page 2 of 2" in text
