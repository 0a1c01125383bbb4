"""`letters signatures build` through the batch pool: the joined petition PDF is tagged (structure
tree, /MarkInfo, /Lang) and byte-identical across builds and --jobs; its outputs are in
OUT/petition/manifest.json; an unchanged rebuild makes nothing; a withdrawn signer's old file and
a language no longer planned do not survive; a Georgian petition is drawn in the Georgian font."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from letters.signatures.store import Store, default_path
from letters.signatures.synthetic import rows
from tests.conftest import make_campaign, pdf_reader, run_cli
from tests.test_signatures_petition import FIRST, page_texts, write_csv

EPOCH = {"SOURCE_DATE_EPOCH": "1764547200"}


def campaign(tmp: Path, n: int = 20) -> Path:
    root = make_campaign(tmp / "campaign", "petition")
    r = run_cli("signatures", "import", root, write_csv(tmp / "s.csv", FIRST + list(rows(n, seed=5))))
    assert r.exit_code == 0, r.output
    return root


def build(root: Path, out: Path, *args: str, env: dict[str, str] | None = None) -> str:
    r = run_cli("signatures", "build", root, "--out", out, *args, env=env or EPOCH)
    assert r.exit_code == 0, r.output
    return r.stdout


def manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "petition" / "manifest.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The same petition built with --jobs 1 and --jobs 2 (pool workers both times)."""
    from letters.signatures import runner

    tmp = tmp_path_factory.mktemp("petition-build")
    root = campaign(tmp, 60)
    made: list[tuple[int, str]] = []
    real = runner.executor

    def spy(jobs: int, options: Any) -> Any:
        ex = real(jobs, options)
        made.append((jobs, type(ex).__name__))
        return ex

    runner.executor = spy  # type: ignore[assignment]
    try:
        out1 = tmp / "jobs1"
        build(root, out1, "--jobs", "1", "--chunk-pages", "1")
        out2 = tmp / "jobs2"
        build(root, out2, "--jobs", "2", "--chunk-pages", "1")
    finally:
        runner.executor = real  # type: ignore[assignment]
    return {"root": root, "tmp": tmp, "out1": out1, "out2": out2, "executors": made}


def test_chunks_are_made_by_the_batch_pool_with_the_jobs_asked_for(twice: dict[str, Any]) -> None:
    assert twice["executors"] == [(1, "WorkerPool"), (2, "WorkerPool")]


def test_two_builds_with_different_jobs_are_byte_identical(twice: dict[str, Any]) -> None:
    a = (twice["out1"] / "petition" / "en" / "us-envoy.pdf").read_bytes()
    b = (twice["out2"] / "petition" / "en" / "us-envoy.pdf").read_bytes()
    assert len(pdf_reader(twice["out1"] / "petition" / "en" / "us-envoy.pdf").pages) >= 3  # cover + 2 chunks
    assert a == b
    assert manifest(twice["out1"])["outputs"] == manifest(twice["out2"])["outputs"]


def test_the_joined_petition_is_tagged_with_its_language(twice: dict[str, Any]) -> None:
    reader = pdf_reader(twice["out2"] / "petition" / "en" / "us-envoy.pdf")
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid" in catalog["/Metadata"].get_data()
    tree = catalog["/StructTreeRoot"]
    (document,) = tree["/K"]
    document = document.get_object()
    assert document["/S"] == "/Document" and document["/P"].get_object() == tree.get_object()
    nums = tree["/ParentTree"].get_object()
    entries = dict(_number_tree(nums))
    keys = [page["/StructParents"] for page in reader.pages]
    assert len(set(keys)) == len(reader.pages)  # one key per page, shifted part by part
    for page, key in zip(reader.pages, keys, strict=True):
        marked = [e.get_object() for e in entries[key]]  # the elements of the page's marked content
        assert marked and all(e["/Pg"].get_object() == page.get_object() for e in marked if "/Pg" in e)
    kinds = {e.get_object()["/S"] for e in document["/K"]}
    assert "/Table" in _descendant_kinds(document) and kinds


def _number_tree(node: Any) -> Any:
    nums = node.get("/Nums") or []
    for i in range(0, len(nums), 2):
        yield nums[i], nums[i + 1]
    for kid in node.get("/Kids") or []:
        yield from _number_tree(kid.get_object())


def _descendant_kinds(elem: Any, depth: int = 0) -> set[str]:
    out = {str(elem.get("/S"))}
    kids = elem.get("/K")
    if depth < 6 and isinstance(kids, list):
        for k in kids:
            k = k.get_object()
            if hasattr(k, "get") and k.get("/Type") == "/StructElem":
                out |= _descendant_kinds(k, depth + 1)
    return out


def test_the_manifest_records_each_file_as_it_is_on_disk(twice: dict[str, Any]) -> None:
    out = twice["out2"]
    (rec,) = manifest(out)["outputs"]
    pdf = out / "petition" / rec["path"]
    data = pdf.read_bytes()
    reader = pdf_reader(pdf)
    assert rec["path"] == "en/us-envoy.pdf" and rec["format"] == "petition"
    assert (rec["sha256"], rec["bytes"]) == (hashlib.sha256(data).hexdigest(), len(data))
    assert rec["pages"] == len(reader.pages)
    assert rec["root"] == reader.metadata["/LettersMerkleRoot"]
    assert rec["deps"]


def test_a_rebuild_with_nothing_changed_makes_nothing(twice: dict[str, Any]) -> None:
    out = twice["out2"]
    pdf = out / "petition" / "en" / "us-envoy.pdf"
    before = (pdf.stat().st_mtime_ns, pdf.stat().st_ino, manifest(out))
    stdout = build(twice["root"], out, "--jobs", "2", "--chunk-pages", "1")
    assert stdout.startswith(f"up to date: {pdf}:")
    assert (pdf.stat().st_mtime_ns, pdf.stat().st_ino, manifest(out)) == before
    stdout = build(twice["root"], out, "--jobs", "0", "--force", "--chunk-pages", "1")
    assert stdout.startswith(f"wrote {pdf}:")
    assert manifest(out)["outputs"] == before[2]["outputs"]  # made again in this process: the same bytes


def test_a_withdrawn_signers_old_file_and_an_unplanned_language_do_not_survive(tmp_path: Path) -> None:
    root = campaign(tmp_path)
    out = tmp_path / "out"
    build(root, out, "--jobs", "0")
    build(root, out, "--jobs", "0", "--locale", "ru")  # an extra copy in Russian, kept beside the English one
    en, ru = out / "petition" / "en" / "us-envoy.pdf", out / "petition" / "ru" / "us-envoy.pdf"
    assert en.is_file() and ru.is_file()
    with Store(default_path(root)) as store:
        sid = store.db.execute("SELECT id FROM signatures WHERE name = 'Full Demo Person'").fetchone()[0]
    assert run_cli("signatures", "withdraw", root, sid).exit_code == 0

    stdout = build(root, out, "--jobs", "0", "--locale", "ru")  # only the Russian copy is asked for
    assert f"removed {en}: it shows an older annex" in stdout
    assert not en.exists()
    assert "Full Demo Person" not in " ".join(page_texts(ru))
    m = manifest(out)
    assert [r["path"] for r in m["outputs"]] == ["ru/us-envoy.pdf"]
    assert m["removed"][0]["path"] == "en/us-envoy.pdf"

    stdout = build(root, out, "--jobs", "0")  # the plan again: English only (the campaign's language)
    assert f"removed {ru}: the language is no longer one the campaign or the recipient uses" in stdout
    assert not ru.exists() and en.is_file()
    assert [r["path"] for r in manifest(out)["outputs"]] == ["en/us-envoy.pdf"]
    assert sorted(p.name for p in (out / "petition").rglob("*") if p.is_file()) == ["manifest.json", "us-envoy.pdf"]


def test_a_georgian_petition_is_drawn_in_the_georgian_font(tmp_path: Path) -> None:
    root = campaign(tmp_path)
    rows_ = [["ნინო დემო", "GE", "თბილისი", "2025-07-07", "online", "full", ""]]
    # "ამერიკის შეერთებული შტატები" takes three lines of its column: the page plan counts them
    rows_ += [[f"Demo Diaspora {i}", "US", "", "2025-07-08", "online", "full", ""] for i in range(40)]
    more = write_csv(tmp_path / "ka.csv", rows_)
    assert run_cli("signatures", "import", root, more).exit_code == 0
    out = tmp_path / "out"
    build(root, out, "--jobs", "0", "--locale", "ka")
    pdf = out / "petition" / "ka" / "us-envoy.pdf"
    reader = pdf_reader(pdf)
    fonts = set()
    for page in reader.pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(f.get_object()["/BaseFont"]))
    assert any(f.endswith("+Letters-Georgian") for f in fonts), fonts  # the bundled family, not a fallback
    text = " ".join(page_texts(pdf))
    assert "ნინო დემო" in text and "თბილისი" in text and "Demo Diaspora 39" in text
    assert reader.trailer["/Root"]["/Lang"] == "ka"
    r = run_cli("signatures", "verify", root, pdf)  # every named entry printed, in order
    assert r.exit_code == 0, r.output
