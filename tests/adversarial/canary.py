"""The adversarial suite's one witness: a canary secret must be absent from every output byte.

:func:`leaks` looks everywhere a secret could end up: file names and bytes under the output
folder, PDF text, metadata, every decompressed stream and attached file, HTML, the manifest,
the command's stdout and stderr, and the traceback of the same command run with ``--debug``.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from conftest import Run, pdf_raw_text, pdf_reader, run_cli

CANARY = "CANARY-7c1e-SECRET"


def plant(tmp_path: Path, name: str = "secret.txt") -> Path:
    """A file outside the campaign holding the canary."""
    path = tmp_path / "outside" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{CANARY}\n", "utf-8")
    return path


def _pdf_payload(path: Path) -> list[bytes]:
    reader = pdf_reader(path)
    chunks = [pdf_raw_text(path).encode(), repr(dict(reader.metadata or {})).encode()]
    for name, datas in reader.attachments.items():
        chunks.append(name.encode())
        chunks.extend(datas)
    for num in range(1, 4096):
        try:
            obj = reader.get_object(num)
            chunks.append(obj.get_data())  # type: ignore[union-attr]
        except Exception:
            continue
    return chunks


def leaks(secret: str, *, out: Path | None = None, runs: list[Run] = (), texts: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    """Where ``secret`` was found (empty list: nowhere)."""
    found = []
    needle = secret.encode()
    for run in runs:
        if secret in run.stdout or secret in run.stderr:
            found.append("command output")
    for text in texts:
        if secret in text:
            found.append("text")
    if out is not None and out.exists():
        for p in sorted(out.rglob("*")):
            if secret in str(p.relative_to(out)):
                found.append(f"name {p}")
            if not p.is_file():
                continue
            if needle in p.read_bytes():
                found.append(f"bytes of {p}")
            if p.suffix == ".pdf" and any(needle in c for c in _pdf_payload(p)):
                found.append(f"PDF content of {p}")
    return found


def run_both(*args: str | Path) -> tuple[Run, str]:
    """Run ``letters ARGS``, then ``letters --debug ARGS``; returns the plain run and the debug
    run's whole output with any traceback it raised."""
    plain = run_cli(*args)
    try:
        dbg = run_cli("--debug", *args)
        text = dbg.stdout + dbg.stderr
    except BaseException as exc:  # an internal error re-raised under --debug
        text = "".join(traceback.format_exception(exc))
    return plain, text
