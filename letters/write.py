"""Write outputs: atomic file writes, output paths kept inside their folder, content hashes.

The build manifest is :mod:`letters.build.manifest`.

A file is written to a temporary name in its folder and renamed into place, so an interrupted
build never leaves a half-written PDF or manifest behind: the old file stays until the new one is
complete.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path

MANIFEST = "manifest.json"


def contained(folder: Path, rel: str | os.PathLike[str]) -> Path:
    """``folder / rel``, checked to resolve inside ``folder`` (links included) before anything is written."""
    from .confine import inside

    return inside(folder, rel, action="write")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all; an OSError names ``path`` (not the temporary file)."""
    try:
        _atomic_write(path, data)
    except OSError as exc:
        if exc.filename is not None and ".part" not in str(exc.filename):
            raise  # already names the real culprit (a folder in the way, say)
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None


def _atomic_write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # a file stands where a folder of the path should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), exc.filename) from None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the mode a plain write would
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_inputs(files: list[tuple[str, Path]]) -> str:
    """One digest of every input file (its label and content), in a stable order."""
    h = hashlib.sha256()
    for label, p in sorted(files):
        h.update(label.encode("utf-8") + b"\0")
        try:
            h.update(p.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
        h.update(b"\0")
    return h.hexdigest()
