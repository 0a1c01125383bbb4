"""The one URL fetcher: everything WeasyPrint loads for a document goes through it.

``file:`` URLs inside the allowed folders (the campaign folder, the package's assets and
templates), ``data:`` URLs, and nothing else: no network, no other files. A refused URL is
recorded, so the caller can fail the document naming it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


def make_fetcher(roots: list[Path], refused: list[str]) -> Any:
    """A WeasyPrint ``URLFetcher`` confined to ``roots``; refused URLs are appended to ``refused``."""
    from weasyprint.urls import URLFetcher

    real_roots = [os.path.realpath(r) for r in roots]

    class ConfinedFetcher(URLFetcher):
        """Serves campaign and package files; refuses (and records) everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = os.path.realpath(unquote(urlsplit(url).path))
                if any(path == r or path.startswith(r + os.sep) for r in real_roots) and os.path.isfile(path):
                    return super().fetch(url, headers)
            refused.append(url)
            raise ValueError(f"letters does not load {url}")

    return ConfinedFetcher(allowed_protocols=("file", "data"), allow_redirects=False)
