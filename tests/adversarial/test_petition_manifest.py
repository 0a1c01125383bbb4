"""A hostile or damaged OUT/petition/manifest.json (the petition build reads it back to keep
up-to-date files and remove stale ones): it is never trusted beyond the files it matches. A path
leaving the folder deletes nothing there, a damaged manifest only means everything is made
again, and a tampered PDF is never taken as up to date."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import make_campaign, run_cli
from tests.test_signatures_petition import write_csv


@pytest.fixture
def built(tmp_path: Path) -> dict[str, Path]:
    root = make_campaign(tmp_path / "campaign", "petition")
    rows = [[f"Demo Manifest {i}", "DE", "", "2025-07-04", "online", "full", ""] for i in range(5)]
    assert run_cli("signatures", "import", root, write_csv(tmp_path / "s.csv", rows)).exit_code == 0
    out = tmp_path / "out"
    assert run_cli("signatures", "build", root, "--out", out, "--jobs", "0").exit_code == 0
    return {"root": root, "out": out, "manifest": out / "petition" / "manifest.json"}


def rebuild(built: dict[str, Path]) -> str:
    r = run_cli("signatures", "build", built["root"], "--out", built["out"], "--jobs", "0")
    assert r.exit_code == 0, r.output
    return r.stdout


def test_a_path_leaving_the_folder_is_never_removed(built: dict[str, Path], tmp_path: Path) -> None:
    outside = tmp_path / "precious.pdf"
    outside.write_bytes(b"%PDF-1.7 not ours")
    m = json.loads(built["manifest"].read_text("utf-8"))
    rec = dict(m["outputs"][0])
    rec.update(path="../../precious.pdf", recipient="nobody", root="00" * 32)
    rec.update(sha256=hashlib.sha256(outside.read_bytes()).hexdigest(), bytes=outside.stat().st_size)
    m["outputs"].append(rec)
    built["manifest"].write_text(json.dumps(m), "utf-8")
    stdout = rebuild(built)
    assert outside.read_bytes() == b"%PDF-1.7 not ours"
    assert "precious" not in stdout and "precious" not in built["manifest"].read_text("utf-8")


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"campaign": 5}', b"\xff\xfe", b'{"outputs": [{"path": 1}]}'])
def test_a_damaged_manifest_means_everything_is_made_again(built: dict[str, Path], damage: bytes) -> None:
    built["manifest"].write_bytes(damage)
    stdout = rebuild(built)
    assert stdout.startswith("wrote ")
    m = json.loads(built["manifest"].read_text("utf-8"))
    assert [r["path"] for r in m["outputs"]] == ["en/us-envoy.pdf"]


def test_a_tampered_pdf_is_not_taken_as_up_to_date(built: dict[str, Path]) -> None:
    pdf = built["out"] / "petition" / "en" / "us-envoy.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%% appended after the end\n")  # still a readable PDF
    stdout = rebuild(built)
    assert stdout.startswith(f"wrote {pdf}:")
    rec = json.loads(built["manifest"].read_text("utf-8"))["outputs"][0]
    assert rec["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
