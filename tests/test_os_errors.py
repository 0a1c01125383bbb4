"""Operating-system errors are the user's to fix, not bugs: a clear message with the path and a
hint, exit code 74 (never 70 "internal error"), and nothing half-written. A closed pipe
(`letters ... | head`) ends quietly."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import no_part_files

OS_ERROR = 74
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "joint-letter"


def build(cli, campaign: Path, out: Path, *more: str):  # type: ignore[no-untyped-def]
    return cli("build", campaign, "--out", out, "--no-progress", *more)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` unwritable for this process, whoever runs the tests (root ignores chmod)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    for on, off in (
        (["chattr", "+i", str(folder)], ["chattr", "-i", str(folder)]),
        (["mount", "--bind", "-o", "ro", str(folder), str(folder)], ["umount", str(folder)]),
    ):
        if shutil.which(on[0]) and subprocess.run(on, capture_output=True).returncode == 0:
            try:
                yield
            finally:
                subprocess.run(off, check=True)
            return
    pytest.skip("cannot make a folder read-only here (not root-capable, no chattr, no bind mount)")


@contextlib.contextmanager
def tiny_disk(size_kb: int = 20) -> Iterator[Path]:
    """A real, nearly full file system (tmpfs) where the kernel itself says ENOSPC."""
    where = Path(tempfile.mkdtemp(prefix="letters-full-"))
    mounted = os.geteuid() == 0 and (
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)]).returncode == 0
    )
    if not mounted:
        where.rmdir()
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)
        where.rmdir()


def test_out_pointing_at_a_file_is_refused_before_anything_is_made(cli, campaign, tmp_path: Path) -> None:
    root = campaign()
    out = tmp_path / "notes.txt"
    out.write_text("my notes", encoding="utf-8")
    r = build(cli, root, out)
    assert r.exit_code == OS_ERROR, r.output
    assert f"File error: {out}: --out is a file, not a folder" in r.stderr
    assert "hint: give a folder" in r.stderr
    assert out.read_text(encoding="utf-8") == "my notes"


def test_a_missing_output_folder_is_created(cli, campaign, tmp_path: Path) -> None:
    out = tmp_path / "not" / "yet" / "there"
    r = build(cli, campaign(), out, "--format", "html")
    assert r.exit_code == 0, r.output
    assert (out / "manifest.json").is_file() and list(out.rglob("*.html"))


def test_a_part_of_the_output_path_being_a_file_is_a_file_error(cli, campaign, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    r = build(cli, campaign(), tmp_path / "file" / "out", "--format", "html")
    assert r.exit_code == OS_ERROR, r.output
    assert f"File error: {tmp_path / 'file'}" in r.stderr
    assert "Internal error" not in r.output


def test_a_read_only_output_folder_leaves_the_previous_build_intact(cli, campaign, tmp_path: Path) -> None:
    root, out = campaign(), tmp_path / "out"
    assert build(cli, root, out, "--format", "html").exit_code == 0
    before = snapshot(out)
    with read_only(out):
        r = build(cli, root, out, "--format", "html")
    assert r.exit_code == OS_ERROR, r.output
    assert f"File error: {out}" in r.stderr
    assert "permission denied" in r.stderr or "operation not permitted" in r.stderr
    assert "hint: " in r.stderr and "Internal error" not in r.output
    assert snapshot(out) == before and no_part_files(out) == []


def test_a_full_disk_is_reported_with_the_path_and_nothing_is_half_written(cli, campaign) -> None:
    root = campaign()
    with tiny_disk() as disk:
        out = disk / "out"
        r = build(cli, root, out)
        assert r.exit_code == OS_ERROR, r.output
        assert "File error: " in r.stderr and "no space left on the device" in r.stderr
        assert f"{out}/" in r.stderr  # the file that could not be written
        assert "hint: free some space" in r.stderr
        assert no_part_files(out) == []
        for pdf in out.rglob("*.pdf"):  # whatever was written is whole
            assert pdf.read_bytes().rstrip().endswith(b"%%EOF")


def test_an_injected_enospc_maps_the_same_way(cli, campaign, tmp_path: Path, monkeypatch) -> None:
    """Where no small file system can be mounted, the same path through the code, by injection."""
    import letters.write

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    root, out = campaign(), tmp_path / "out"
    monkeypatch.setattr(letters.write.os, "fsync", lambda fd: full(fd, b""))
    r = build(cli, root, out, "--format", "html")
    assert r.exit_code == OS_ERROR, r.output
    assert "no space left on the device" in r.stderr and str(out) in r.stderr
    assert no_part_files(out) == [] and not list(out.rglob("*.html"))


def test_render_under_a_file_names_the_path(cli, campaign, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    target = tmp_path / "notes.txt" / "preview.html"
    r = cli("render", campaign(), "--letter", "appeal", "--recipient", "us-envoy", "-o", target)
    assert r.exit_code == OS_ERROR, r.output
    assert f"File error: {tmp_path / 'notes.txt'}: a part of this path is a file, not a folder" in r.stderr
    assert "Internal error" not in r.output


@pytest.mark.parametrize(
    "args",
    [
        ["i18n", "status", str(EXAMPLE)],
        ["render", str(EXAMPLE), "--letter", "joint-letter", "--recipient", "un-secretary-general", "--locale", "en"],
        ["--help"],
    ],
    ids=["i18n-status", "render-to-stdout", "help"],
)
def test_a_closed_pipe_ends_quietly(args: list[str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "letters", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before letters writes a byte, as with `| head -0`
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    code = proc.wait(timeout=120)
    assert code in (0, 141), err
    assert "Traceback" not in err and "Exception ignored" not in err and "Internal error" not in err
