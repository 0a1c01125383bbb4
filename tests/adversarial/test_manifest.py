"""Hostile manifests and batch options: an old ``manifest.json`` in the output folder and the parts
handed to ``letters manifest merge`` are input too. A path in them can never make letters read,
copy or delete a file outside its folder, and a withdrawn signatory's old letter never survives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_campaign, run_cli

from adversarial.canary import CANARY, plant

EPOCH = {"SOURCE_DATE_EPOCH": "1751500800"}


def record(path: str, **extra: object) -> dict:
    rec = {
        "path": path,
        "letter": "appeal",
        "recipient": "gone",
        "locale": "en",
        "format": "html",
        "sha256": "0" * 64,
        "bytes": 1,
    }
    rec.update(extra)
    return rec


def write_manifest(folder: Path, outputs: list[dict], **extra: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"campaign": "minimal", "inputs_sha256": "x", "outputs": outputs, **extra}
    (folder / "manifest.json").write_text(json.dumps(data), "utf-8")


def victim_record(victim: Path) -> dict:
    import hashlib

    blob = victim.read_bytes()
    return {"sha256": hashlib.sha256(blob).hexdigest(), "bytes": len(blob)}


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink"])
def test_an_old_manifest_cannot_make_a_build_delete_outside_the_output(tmp_path: Path, how: str) -> None:
    victim = plant(tmp_path)
    root = make_campaign(tmp_path / "campaign")
    out = tmp_path / "out"
    if how == "dotdot":
        path = "../outside/secret.txt"
    elif how == "absolute":
        path = str(victim)
    else:
        (out / "appeal").mkdir(parents=True)
        (out / "appeal" / "link").symlink_to(victim.parent)
        path = "appeal/link/secret.txt"
    write_manifest(out, [record(path, **victim_record(victim))])
    run = run_cli("build", root, "--out", out, "--format", "html", env=EPOCH)
    assert run.exit_code == 0, run.output
    assert victim.read_text("utf-8").strip() == CANARY  # not removed as "no longer planned"
    assert CANARY not in (out / "manifest.json").read_text("utf-8") + run.output


def test_a_corrupt_old_manifest_is_ignored_and_rewritten(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"campaign": "minimal", "outputs": [{"path": 3}', "utf-8")
    run = run_cli("build", root, "--out", out, "--format", "html", env=EPOCH)
    assert run.exit_code == 0, run.output
    assert json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]


@pytest.mark.parametrize("missing", ["not a list", [["template", None]], [[1, 2, 3]], [None], [["a", "b", "c", "d"]]])
def test_a_hand_edited_missing_list_is_ignored(tmp_path: Path, missing: object) -> None:
    """The untranslated strings an up-to-date output's record lists are only reported again: a
    malformed list is skipped, never an internal error, and the document stays up to date."""
    root = make_campaign(tmp_path / "c", "multilang")
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out, "-f", "html", env=EPOCH).exit_code == 0
    data = json.loads((out / "manifest.json").read_text("utf-8"))
    for rec in data["outputs"]:
        rec["missing"] = missing
    (out / "manifest.json").write_text(json.dumps(data), "utf-8")
    run = run_cli("build", root, "--out", out, "-f", "html", env=EPOCH)
    assert run.exit_code == 0, run.output
    assert "up to date      4" in run.stdout


@pytest.mark.parametrize("path", ["../outside/secret.txt", "/etc/passwd"])
def test_merge_never_reads_or_copies_outside_a_part(tmp_path: Path, path: str) -> None:
    victim = plant(tmp_path)
    part = tmp_path / "part1"
    target = str(victim) if path == "/etc/passwd" else path
    write_manifest(part, [record(target, **victim_record(victim))], shard="1/1")
    merged = tmp_path / "merged"
    run = run_cli("manifest", "merge", part, "--out", merged)
    assert run.exit_code == 1
    assert "Input error" in run.stderr or "Merge error" in run.stderr
    assert CANARY not in run.output
    assert not merged.exists()


def test_merge_refuses_something_that_is_not_a_manifest(tmp_path: Path) -> None:
    part = tmp_path / "part1"
    part.mkdir()
    (part / "manifest.json").write_text(f"[{CANARY!r}]", "utf-8")
    run = run_cli("manifest", "merge", part, "--out", tmp_path / "merged")
    assert run.exit_code == 1
    assert "not a letters manifest" in run.stderr
    assert CANARY not in run.output


def test_a_withdrawn_signatory_survives_in_no_old_letter(tmp_path: Path) -> None:
    """Consent withdrawn, then a selective build: every other old letter that named them is gone."""
    root = make_campaign(tmp_path / "campaign", "multilang")
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out, "--format", "html", env=EPOCH).exit_code == 0
    names = ("Gorinova", "Горинова")  # the Russian letter writes her name in Cyrillic
    assert all(any(n in p.read_text("utf-8") for n in names) for p in out.rglob("*.html"))
    sig = root / "signatories.yaml"
    text = sig.read_text("utf-8")
    assert "Alice Gorinova" in text and "level: public" in text
    sig.write_text(text.replace("level: public", "level: anonymous", 1), "utf-8")
    run = run_cli("build", root, "--out", out, "--format", "html", "--recipient", "us-envoy", env=EPOCH)
    assert run.exit_code == 0, run.output
    for p in out.rglob("*.html"):
        assert not any(n in p.read_text("utf-8") for n in names), p


@pytest.mark.parametrize("option", [["--jobs", "-1"], ["--time-limit", "0"], ["--shard", "1/0"], ["--shard", "../1"]])
def test_bad_batch_options_are_usage_errors(tmp_path: Path, option: list[str]) -> None:
    root = make_campaign(tmp_path / "campaign")
    run = run_cli("build", root, "--out", tmp_path / "out", *option)
    assert run.exit_code == 2
    assert not (tmp_path / "out" / "manifest.json").exists()
