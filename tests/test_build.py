"""`letters build`: where files go, the manifest, selections, partial failure, reproducibility."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import make_campaign, no_part_files, run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1751500800"}  # 2025-07-03T00:00:00Z
RECIPIENTS = {"us-envoy": "en", "de-chancellor": "de", "ru-delegation": "ru", "fr-president": "fr"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    """The multilang campaign built once (PDF + HTML) with a fixed SOURCE_DATE_EPOCH."""
    base = tmp_path_factory.mktemp("build")
    root = make_campaign(base / "campaign", "multilang")
    out = base / "out"
    run = run_cli("build", root, "--out", out, env=EPOCH)
    assert run.exit_code == 0, run.output
    return root, out, run


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text("utf-8"))


def test_one_pdf_and_one_html_per_recipient_in_their_language(built) -> None:
    _, out, run = built
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    expected = sorted(
        [f"appeal/{lang}/{rid}.{ext}" for rid, lang in RECIPIENTS.items() for ext in ("pdf", "html")]
        + ["manifest.json"]
    )
    assert files == expected
    assert "wrote 8 file(s)" in run.stdout
    assert no_part_files(out) == []


def test_outputs_get_the_mode_a_plain_write_would(built) -> None:
    """Atomic writes go through a private temporary file; the result must still be shareable."""
    import os

    _, out, _ = built
    mask = os.umask(0)
    os.umask(mask)
    for p in [out / "manifest.json", *out.rglob("*.pdf")]:
        assert p.stat().st_mode & 0o777 == 0o666 & ~mask, p


def test_manifest_lists_every_output_with_its_hash(built) -> None:
    _, out, _ = built
    data = manifest(out)
    assert data["campaign"] == "multilang"
    assert len(data["inputs_sha256"]) == 64
    assert data["failed"] == []
    outputs = data["outputs"]
    assert len(outputs) == 8
    for item in outputs:
        path = out / item["path"]
        blob = path.read_bytes()
        assert item["sha256"] == hashlib.sha256(blob).hexdigest()
        assert item["bytes"] == len(blob)
        assert item["path"] == f"{item['letter']}/{item['locale']}/{item['recipient']}.{item['format']}"
        assert RECIPIENTS[item["recipient"]] == item["locale"]
        assert isinstance(item["warnings"], list)
        if item["format"] == "pdf":
            from pypdf import PdfReader

            assert item["pages"] == len(PdfReader(str(path)).pages) >= 1
        else:
            assert item["pages"] is None


def test_reproducible_with_source_date_epoch(built, tmp_path: Path) -> None:
    root, out, _ = built
    again = tmp_path / "again"
    run = run_cli("build", root, "--out", again, env=EPOCH)
    assert run.exit_code == 0, run.output
    for p in sorted(out.rglob("*.*")):
        twin = again / p.relative_to(out)
        assert twin.read_bytes() == p.read_bytes(), f"{p.relative_to(out)} differs between two builds"


def test_source_date_epoch_is_the_pdf_date(built) -> None:
    from pypdf import PdfReader

    _, out, _ = built
    meta = PdfReader(str(out / "appeal/en/us-envoy.pdf")).metadata
    assert meta is not None
    assert meta.get("/CreationDate", "").startswith("D:20250703000000")
    assert meta.get("/ModDate", "").startswith("D:20250703000000")


def test_select_recipient_and_format_html(built, tmp_path: Path) -> None:
    root, _, _ = built
    run = run_cli("build", root, "--out", tmp_path, "--recipient", "de-chancellor", "--format", "html")
    assert run.exit_code == 0, run.output
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert files == ["appeal/de/de-chancellor.html", "manifest.json"]


def test_locale_adds_a_language_for_every_recipient(built, tmp_path: Path) -> None:
    root, _, _ = built
    run = run_cli(
        "build",
        root,
        "--out",
        tmp_path,
        "--locale",
        "uk",
        "--format",
        "html",
        "--recipient",
        "us-envoy",
        "--recipient",
        "ru-delegation",
    )
    assert run.exit_code == 0, run.output
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.html"))
    assert files == [
        "appeal/en/us-envoy.html",
        "appeal/ru/ru-delegation.html",
        "appeal/uk/ru-delegation.html",
        "appeal/uk/us-envoy.html",
    ]
    html = (tmp_path / "appeal/uk/us-envoy.html").read_text("utf-8")
    assert '<html lang="uk"' in html
    assert "3\u00a0липня\u00a02025" in html  # the date in Ukrainian (Babel)


def test_select_letter(built, tmp_path: Path) -> None:
    root, _, _ = built
    assert run_cli("build", root, "--out", tmp_path, "--letter", "appeal", "--format", "html").exit_code == 0
    bad = run_cli("build", root, "--out", tmp_path, "--letter", "apeal")
    assert bad.exit_code == 1
    assert "unknown letter id 'apeal'" in bad.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--recipient", "nobody", "unknown recipient id 'nobody'"),
        ("--locale", "klingon", "unknown language code 'klingon'"),
    ],
)
def test_bad_selection_is_refused_before_writing(option: str, value: str, message: str, built, tmp_path: Path) -> None:
    root, _, _ = built
    run = run_cli("build", root, "--out", tmp_path / "o", option, value)
    assert run.exit_code == 1
    assert message in run.stderr
    assert not (tmp_path / "o").exists()


def test_bad_format_is_a_usage_error(built, tmp_path: Path) -> None:
    root, _, _ = built
    run = run_cli("build", root, "--out", tmp_path, "--format", "docx")
    assert run.exit_code == 2
    assert "docx" in run.stderr


def test_rebuilding_one_recipient_keeps_the_others_in_the_manifest(built, tmp_path: Path) -> None:
    root, _, _ = built
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out, "--format", "html").exit_code == 0
    before = {o["path"]: o for o in manifest(out)["outputs"]}
    assert len(before) == 4
    run = run_cli("build", root, "--out", out, "--format", "html", "--recipient", "fr-president")
    assert run.exit_code == 0, run.output
    after = {o["path"]: o for o in manifest(out)["outputs"]}
    assert after == before


def test_invalid_campaign_writes_nothing(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "bad-several")
    run = run_cli("build", root, "--out", tmp_path / "out")
    assert run.exit_code == 1
    assert "Campaign invalid: 6 error(s)" in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def partly_failed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    base = tmp_path_factory.mktemp("partial")
    root = make_campaign(base / "campaign", "missing-glyph")
    out = base / "out"
    return root, out, run_cli("build", root, "--out", out)


def test_a_failing_document_is_reported_and_the_others_are_written(partly_failed) -> None:
    _, out, run = partly_failed
    assert run.exit_code == 3
    assert "appeal/en/smiling-office: no bundled font has a glyph for U+1F600 GRINNING FACE" in run.stderr
    assert "1 document(s) failed" in run.stdout
    assert (out / "appeal/en/us-envoy.pdf").is_file()
    assert (out / "appeal/en/us-envoy.html").is_file()
    assert not (out / "appeal/en/smiling-office.pdf").exists()
    # only its PDF failed: the letter's HTML is written (issue 8)
    assert "\U0001f600" in (out / "appeal/en/smiling-office.html").read_text("utf-8")
    data = manifest(out)
    assert {o["path"] for o in data["outputs"]} == {
        "appeal/en/us-envoy.pdf",
        "appeal/en/us-envoy.html",
        "appeal/en/smiling-office.html",
    }
    assert {f["path"] for f in data["failed"]} == {"appeal/en/smiling-office.pdf"}
    assert all("U+1F600" in f["error"] for f in data["failed"])
    assert no_part_files(out) == []


def test_missing_glyph_html_only_build_is_fine(partly_failed, tmp_path: Path) -> None:
    root, _, _ = partly_failed
    run = run_cli("build", root, "--out", tmp_path, "--format", "html")
    assert run.exit_code == 0, run.output
    assert "\U0001f600" in (tmp_path / "appeal/en/smiling-office.html").read_text("utf-8")


def test_missing_cjk_glyph_names_the_character(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    text = (
        (root / "campaign.yaml")
        .read_text("utf-8")
        .replace("Each of them has a family waiting.", "Each of them has a family waiting (家).")
    )
    (root / "campaign.yaml").write_text(text, "utf-8")
    out = tmp_path / "rendered.pdf"
    run = run_cli("render", root, "--letter", "appeal", "--recipient", "us-envoy", "-o", out)
    assert run.exit_code == 3
    assert "U+5BB6 CJK UNIFIED IDEOGRAPH-5BB6" in run.stderr
    assert not out.exists()


def test_a_failed_rebuild_removes_the_old_output(partly_failed, tmp_path: Path) -> None:
    """A document that fails now leaves no outdated letter under its final path (issue 7, point 4:
    the old one may name someone who withdrew); the manifest says it was removed and why."""
    root, _, _ = partly_failed
    out = tmp_path / "out"
    ok_root = make_campaign(tmp_path / "ok")
    no_smile = (root / "recipients.yaml").read_text("utf-8").replace(" \\U0001F600", "")  # the YAML escape
    (ok_root / "recipients.yaml").write_text(no_smile, "utf-8")
    assert run_cli("build", ok_root, "--out", out).exit_code == 0
    assert (out / "appeal/en/smiling-office.pdf").is_file()
    (ok_root / "recipients.yaml").write_text((root / "recipients.yaml").read_text("utf-8"), "utf-8")
    assert run_cli("build", ok_root, "--out", out).exit_code == 3
    assert not (out / "appeal/en/smiling-office.pdf").exists()
    data = manifest(out)
    assert {"path": "appeal/en/smiling-office.pdf", "reason": "it failed to build"} in data["removed"]
    assert "appeal/en/smiling-office.pdf" not in {o["path"] for o in data["outputs"]}
    # only the PDF failed: the HTML is rewritten from the current inputs (issue 8), never outdated
    assert "\U0001f600" in (out / "appeal/en/smiling-office.html").read_text("utf-8")
    assert no_part_files(out) == []
