"""Watch every input of the preview (watchfiles) and rebuild when one changes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, DefaultFilter, awatch

from .state import Preview

log = logging.getLogger("letters.serve")
# Inside the campaign: output folders (the build writes there) are not inputs, as in a build's input hash.
OUTPUT_DIRS = ("build", "out", "dist")


class InputFilter(DefaultFilter):
    """Editors' swap and backup files, VCS folders and the campaign's output folders are not inputs."""

    def __init__(self, campaign_root: Path):
        super().__init__()
        self.campaign_root = campaign_root.resolve()

    def __call__(self, change: Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        p = Path(path)
        if p.name.endswith((".part", "~")) or p.name.startswith((".#", "#")):
            return False
        try:
            rel = p.resolve().relative_to(self.campaign_root)
        except ValueError:
            return True
        return not rel.parts or (rel.parts[0] not in OUTPUT_DIRS and not any(x.startswith(".") for x in rel.parts))


async def watch(preview: Preview, rebuild: Callable[[], Awaitable[None]], stop: asyncio.Event) -> None:
    """Call ``rebuild`` after each burst of changes, until ``stop`` is set."""
    paths = [p for p in preview.watched() if p.exists()]
    async for _changes in awatch(*paths, watch_filter=InputFilter(preview.root), stop_event=stop, debounce=400):
        await rebuild()
