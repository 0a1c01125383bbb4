"""Batch builds: incremental (what is rebuilt after each kind of change, read from the manifest and
the files), stale outputs removed, worker processes (same bytes as one process, a runaway document
fails alone), interrupted builds, shards and their merge."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import make_campaign, no_part_files, run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1751500800"}
DOCS = {"appeal/en/us-envoy", "appeal/de/de-chancellor", "appeal/ru/ru-delegation", "appeal/fr/fr-president"}


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text("utf-8"))


def outputs(out: Path) -> dict[str, dict]:
    return {o["path"]: o for o in manifest(out)["outputs"]}


def stamps(out: Path) -> dict[str, int]:
    """Each output file's identity on disk: a file made again is a new inode (atomic rename)."""
    return {p: (out / p).stat().st_ino for p in outputs(out)}


def rebuilt(before: dict[str, int], out: Path) -> set[str]:
    after = stamps(out)
    return {p.rsplit(".", 1)[0] for p in after if after[p] != before.get(p)}


def assert_manifest_matches_disk(out: Path) -> None:
    for path, rec in outputs(out).items():
        data = (out / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == rec["sha256"], path
    assert no_part_files(out) == []


@pytest.fixture
def html_build(tmp_path: Path) -> tuple[Path, Path]:
    root = make_campaign(tmp_path / "campaign", "multilang")
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out, "--format", "html", env=EPOCH)
    assert run.exit_code == 0, run.output
    return root, out


def build_html(root: Path, out: Path, *extra: str) -> str:
    run = run_cli("build", root, "--out", out, "--format", "html", *extra, env=EPOCH)
    assert run.exit_code == 0, run.output
    return run.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_nothing_changed_nothing_is_made(html_build) -> None:
    root, out = html_build
    before = stamps(out)
    stdout = build_html(root, out)
    assert rebuilt(before, out) == set()
    assert "made            0" in stdout and "up to date      4" in stdout
    assert all(len(o["deps"]) == 64 for o in outputs(out).values())


def test_a_no_change_rebuild_reports_the_same_untranslated_strings(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign", "multilang")
    out = tmp_path / "out"
    runs = [run_cli("build", root, "--out", out, "--format", "html", env=EPOCH) for _ in range(2)]
    assert "made            0" in runs[1].stdout  # the second made nothing
    warned = [[line for line in r.stderr.splitlines() if "not translated into" in line] for r in runs]
    assert warned[0] and warned[1] == warned[0]
    assert [r.stdout.splitlines()[-1] for r in runs] == ["  warnings        3"] * 2


def test_a_changed_recipient_rebuilds_only_their_documents(html_build) -> None:
    root, out = html_build
    before = stamps(out)
    edit(root / "recipients.yaml", "Willy-Brandt-Straße 1", "Willy-Brandt-Straße 2")
    build_html(root, out)
    assert rebuilt(before, out) == {"appeal/de/de-chancellor"}
    assert "Willy-Brandt-Straße 2" in (out / "appeal/de/de-chancellor.html").read_text("utf-8")


def test_a_changed_russian_catalog_rebuilds_only_russian_documents(html_build) -> None:
    root, out = html_build
    before = stamps(out)
    po = root / "locales/ru/LC_MESSAGES/campaign.po"
    po.write_text(po.read_text("utf-8") + "\n# reviewed\n", "utf-8")
    build_html(root, out)
    assert rebuilt(before, out) == {"appeal/ru/ru-delegation"}


def test_a_changed_letter_or_template_rebuilds_everything_and_force_too(html_build) -> None:
    root, out = html_build
    before = stamps(out)
    edit(root / "campaign.yaml", "Each of them has a family waiting.", "Each of them has a family who waits.")
    build_html(root, out)
    assert rebuilt(before, out) == DOCS
    before = stamps(out)
    stdout = build_html(root, out, "--force")
    assert rebuilt(before, out) == DOCS
    assert "made            4" in stdout


def test_a_removed_recipient_loses_their_files_and_the_manifest_says_so(html_build) -> None:
    root, out = html_build
    text = (root / "recipients.yaml").read_text("utf-8")
    start = text.index("de-chancellor:")
    end = text.index("ru-delegation:")
    (root / "recipients.yaml").write_text(text[:start] + text[end:], "utf-8")
    before = stamps(out)
    stdout = build_html(root, out)
    assert not (out / "appeal/de/de-chancellor.html").exists()
    data = manifest(out)
    assert {"path": "appeal/de/de-chancellor.html", "reason": "the recipient is no longer addressed"} in data["removed"]
    assert "appeal/de/de-chancellor.html" not in outputs(out)
    assert rebuilt(before, out) == set()  # the others did not change
    assert "removed         1" in stdout
    assert_manifest_matches_disk(out)


def test_a_selection_build_removes_outputs_naming_a_changed_signatory(html_build) -> None:
    """Consent withdrawn: every old letter naming the signatories as they were is gone, even the
    ones this (selective) build does not make again."""
    root, out = html_build
    edit(root / "signatories.yaml", "level: public", "level: anonymous")
    build_html(root, out, "--recipient", "us-envoy")
    assert set(outputs(out)) == {"appeal/en/us-envoy.html"}
    assert not (out / "appeal/de/de-chancellor.html").exists()
    assert_manifest_matches_disk(out)


def test_a_changed_file_on_disk_is_made_again(html_build) -> None:
    """The manifest is trusted only when the file still has its hash."""
    root, out = html_build
    (out / "appeal/fr/fr-president.html").write_text("tampered", "utf-8")
    before = stamps(out)
    build_html(root, out)
    assert rebuilt(before, out) == {"appeal/fr/fr-president"}
    assert_manifest_matches_disk(out)


def letters_cmd() -> list[str]:
    return [sys.executable, "-m", "letters"]


def test_jobs_1_and_jobs_2_are_byte_identical_whatever_the_hash_seed(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign", "multilang")
    digests = []
    for jobs, seed in (("1", "1"), ("2", "977")):
        out = tmp_path / f"out-{jobs}"
        env = dict(os.environ, PYTHONHASHSEED=seed, **EPOCH)
        subprocess.run([*letters_cmd(), "build", str(root), "--out", str(out), "-j", jobs, "-q"], check=True, env=env)
        digests.append({p: (out / p).read_bytes() for p in sorted(outputs(out))})
        assert len(digests[-1]) == 8
    assert digests[0] == digests[1]


RUNAWAY = (
    "{% if lang == 'ru' %}{% for i in range(300) %}{% for j in range(300) %}<p>{{ i }}</p>"
    "{% endfor %}{% endfor %}{% endif %}"
)


def test_a_runaway_document_fails_alone_with_its_name(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign", "multilang")
    shipped = Path(__file__).parents[1] / "templates"
    (root / "templates").mkdir()
    for p in shipped.iterdir():
        if p.is_file():
            (root / "templates" / p.name).write_bytes(p.read_bytes())
    edit(root / "templates/appeal.html.j2", "</body>", RUNAWAY + "</body>")
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out, "-f", "pdf", "-j", "2", "--time-limit", "12", env=EPOCH)
    assert run.exit_code == 3, run.output
    assert "appeal/ru/ru-delegation: took longer than 12 s" in run.stderr
    assert set(outputs(out)) == {f"{d}.pdf" for d in DOCS - {"appeal/ru/ru-delegation"}}
    assert {f["path"] for f in manifest(out)["failed"]} == {"appeal/ru/ru-delegation.pdf"}
    assert_manifest_matches_disk(out)


def test_a_build_killed_midway_leaves_a_matching_manifest_and_a_rerun_completes(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign", "multilang")
    out = tmp_path / "out"
    cmd = [*letters_cmd(), "build", str(root), "--out", str(out), "-j", "1", "-q"]
    proc = subprocess.Popen(cmd, env=dict(os.environ, **EPOCH), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out / "manifest.json").exists():
        time.sleep(0.05)
    while time.monotonic() < deadline and len(list(out.rglob("*.pdf"))) < 1:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers, mid-way
    proc.wait()
    listed = outputs(out)
    assert len(listed) < 8  # it really was interrupted
    for path, rec in listed.items():  # whatever the manifest lists is complete, with that hash
        assert hashlib.sha256((out / path).read_bytes()).hexdigest() == rec["sha256"]
    run = run_cli("build", root, "--out", out, env=EPOCH)
    assert run.exit_code == 0, run.output
    assert len(outputs(out)) == 8
    assert_manifest_matches_disk(out)


def test_shards_are_disjoint_cover_everything_and_merge(html_build, tmp_path: Path) -> None:
    root, whole = html_build
    parts = []
    for k in (1, 2, 3):
        part = tmp_path / f"part{k}"
        build_html(root, part, "--shard", f"{k}/3")
        assert manifest(part)["shard"] == f"{k}/3"
        parts.append(part)
    names = [set(outputs(p)) for p in parts]
    assert sum(len(n) for n in names) == len(set().union(*names))  # disjoint
    assert set().union(*names) == set(outputs(whole))  # covering
    merged = tmp_path / "merged"
    run = run_cli("manifest", "merge", *parts, "--out", merged)
    assert run.exit_code == 0, run.output
    assert outputs(merged) == outputs(whole)
    assert_manifest_matches_disk(merged)


@pytest.mark.parametrize(
    "case, message",
    [
        ("twice", "twice [1]"),
        ("missing", "missing [3]"),
        ("tampered", "does not match its manifest's hash"),
    ],
)
def test_merge_refuses_parts_that_do_not_make_a_whole(html_build, tmp_path: Path, case: str, message: str) -> None:
    root, _ = html_build
    parts = []
    for k in (1, 2, 3):
        part = tmp_path / f"part{k}"
        build_html(root, part, "--shard", f"{k}/3")
        parts.append(part)
    if case == "twice":
        parts[1] = parts[0]
    elif case == "missing":
        parts = parts[:2]
    else:
        victim = next(p for p in parts if outputs(p))
        (victim / next(iter(outputs(victim)))).write_text("tampered", "utf-8")
    merged = tmp_path / "merged"
    run = run_cli("manifest", "merge", *parts, "--out", merged)
    assert run.exit_code == 1
    assert message in run.stderr
    assert not merged.exists()


@pytest.mark.parametrize("value", ["0/3", "4/3", "2", "a/b"])
def test_a_bad_shard_is_a_usage_error(html_build, value: str, tmp_path: Path) -> None:
    root, _ = html_build
    run = run_cli("build", root, "--out", tmp_path / "o", "--shard", value)
    assert run.exit_code == 2
    assert "--shard" in run.stderr


def test_a_dask_local_cluster_build_gives_the_same_bytes_as_a_local_one(html_build, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from letters.build import BuildOptions, Session, build
    from letters.build.dask import DaskExecutor

    root, _ = html_build
    local = tmp_path / "local"
    assert run_cli("build", root, "--out", local, "-f", "pdf", "-j", "0", env=EPOCH).exit_code == 0
    remote = tmp_path / "remote"
    os.environ.update(EPOCH)  # the build reads it here, in this process, and sends the date with each task
    try:
        options = BuildOptions(
            out_dir=remote, executor=DaskExecutor("local", processes=False, workers=1), selection=_pdf_only()
        )
        report = build(Session(root), options)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert report.ok and len(report.produced) == 4
    assert {p: (remote / p).read_bytes() for p in outputs(remote)} == {
        p: (local / p).read_bytes() for p in outputs(local)
    }
    assert_manifest_matches_disk(remote)


def _pdf_only():  # type: ignore[no-untyped-def]
    from letters.plan import Selection

    return Selection(formats=("pdf",))


def test_bundle_joins_a_languages_letters_with_page_numbers_restarting(html_build, tmp_path: Path) -> None:
    from conftest import pdf_reader

    root, _ = html_build
    out = tmp_path / "out"
    run = run_cli("bundle", root, "--out", out, "--locale", "en", env=EPOCH)
    assert run.exit_code == 0, run.output
    assert "bundles/appeal/en" in run.stdout and "4 letter(s)" in run.stdout
    reader = pdf_reader(out / "bundles/appeal/en.pdf")
    counters = [re.findall(r"(\d+)\D{1,6}(\d+)\s*$", page.extract_text() or "")[-1] for page in reader.pages]
    firsts = [int(a) for a, _ in counters]
    assert firsts.count(1) == 4  # four letters, each numbered from 1
    assert all(int(a) <= int(b) for a, b in counters)
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    for office in ("Federal Chancellor", "Head of the Russian delegation", "President of the French Republic"):
        assert office in text


def test_bundles_are_in_the_manifest_and_go_when_their_letters_change(html_build, tmp_path: Path) -> None:
    """A bundle never outlives its letters: a changed Russian catalog removes the Russian bundle
    (the English one stays), a withdrawn consent removes every bundle naming the signatories."""
    root, out = html_build
    build_html(root, out, "--locale", "en", "--locale", "ru")  # every recipient in English and Russian
    assert run_cli("bundle", root, "--out", out, "--locale", "en", "--locale", "ru", env=EPOCH).exit_code == 0
    listed = outputs(out)
    en = listed["bundles/appeal/en.pdf"]
    assert en["recipients"] == ["us-envoy", "de-chancellor", "ru-delegation", "fr-president"] and en["pages"] >= 4
    assert_manifest_matches_disk(out)
    build_html(root, out, "--locale", "en", "--locale", "ru")  # nothing changed: the bundles stay
    assert {"bundles/appeal/en.pdf", "bundles/appeal/ru.pdf"} <= set(outputs(out))

    po = root / "locales/ru/LC_MESSAGES/campaign.po"
    po.write_text(po.read_text("utf-8") + "\n# reviewed\n", "utf-8")  # the Russian letters are made again
    build_html(root, out, "--locale", "en", "--locale", "ru")
    assert not (out / "bundles/appeal/ru.pdf").exists()
    assert (out / "bundles/appeal/en.pdf").exists() and "bundles/appeal/en.pdf" in outputs(out)
    removed = {r["path"]: r["reason"] for r in manifest(out)["removed"]}
    assert removed["bundles/appeal/ru.pdf"] == "its letters changed; run 'letters bundle' again"

    edit(root / "signatories.yaml", "level: public", "level: anonymous")
    build_html(root, out, "--recipient", "us-envoy")  # a selection build: the bundle names the old signatories
    assert not (out / "bundles/appeal/en.pdf").exists()
    assert "bundles/appeal/en.pdf" not in outputs(out)
    assert_manifest_matches_disk(out)


def test_doctor_reports_libraries_fonts_and_costs(cli) -> None:
    run = cli("doctor")
    assert run.exit_code == 0, run.output
    assert "HarfBuzz subsetting" in run.stdout
    assert "bundled fonts: 12 faces" in run.stdout  # Georgian and Armenian joined (issue 8)
    assert re.search(r"CPUs: \d+", run.stdout)
