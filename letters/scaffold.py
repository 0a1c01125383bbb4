"""``letters init``: write a small, commented campaign that checks and builds at once."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError, Location
from .resources import data_dir
from .write import atomic_write

FILES = ("campaign.yaml", "signatories.yaml", "recipients.yaml", "demands.yaml", "facts.yaml", "sources.yaml")


def scaffold(directory: Path, force: bool = False) -> list[Path]:
    """Create ``directory`` with example files; never overwrites an existing file."""
    if directory.exists() and not directory.is_dir():
        raise InputError(
            "exists and is not a folder", location=Location(str(directory)), hint="choose a new folder name"
        )
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise InputError(
            "folder is not empty",
            location=Location(str(directory)),
            hint="choose a new folder, or pass --force to add the missing files only",
        )
    written = []
    src = data_dir() / "scaffold"
    for name in FILES:
        target = directory / name
        if target.exists():
            continue
        atomic_write(target, (src / name).read_bytes())
        written.append(target)
    (directory / "templates").mkdir(exist_ok=True)
    (directory / "locales").mkdir(exist_ok=True)
    return written
