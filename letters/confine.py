"""What letters reads and writes stays inside its folder: links that leave it are refused.

Every file of a campaign is read through :func:`read_inside` (and every output path is checked
with :func:`inside`): the path must resolve inside its folder, links included, and a file must be
a regular file (not a pipe or a device). A link that leaves the folder is an error naming the
link, never what it points to, and its target is never opened, so its content cannot reach a
letter or a message.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError, Location

LINK_HINT = "replace the link with a copy of the file inside the campaign folder (letters does not follow it)"


def escaping_link(folder: Path, rel: Path) -> Path | None:
    """The first component of ``rel`` (relative to ``folder``) that resolves outside ``folder``."""
    base = os.path.realpath(folder)
    sofar = Path()
    for part in rel.parts:
        sofar = sofar / part
        real = os.path.realpath(folder / sofar)
        if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
            return sofar
    return None


def inside(folder: Path, rel: str | os.PathLike[str], *, shown: str | None = None, action: str = "read") -> Path:
    """``folder / rel``, after checking that it resolves inside ``folder``; raises :class:`InputError`."""
    rel_path = Path(rel)
    if rel_path.is_absolute():
        try:
            rel_path = rel_path.relative_to(folder)
        except ValueError:
            raise InputError(
                f"letters does not {action} {os.fspath(rel)!r}: it is outside {os.fspath(folder)}",
                location=Location(shown) if shown else None,
            ) from None
    link = escaping_link(folder, rel_path)
    if link is not None:
        what = "a link to a place" if os.path.islink(folder / link) else "a path"
        raise InputError(
            f"{link.as_posix()} is {what} outside {folder.name or os.fspath(folder)}/; letters does not {action} it",
            location=Location(shown) if shown else None,
            hint=LINK_HINT if action == "read" else "remove the link or odd name; output paths are made from ids only",
        )
    return folder / rel_path


def read_inside(folder: Path, rel: str | os.PathLike[str], shown: str | None = None) -> bytes:
    """The bytes of a regular file inside ``folder`` (see :func:`inside`); raises :class:`InputError`."""
    path = inside(folder, rel, shown=shown)
    where = Location(shown or os.fspath(rel))
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(
                "not a regular file (a folder, pipe or device); letters does not read it",
                location=where,
                hint="put an ordinary text file here",
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read file: {exc.strerror}", location=where, hint="check that the file exists and is readable"
        ) from None
