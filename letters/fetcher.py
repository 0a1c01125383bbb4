"""The one URL fetcher: everything WeasyPrint loads for a document goes through it.

A rendered document may read **assets, not data**: image, font and stylesheet files (by
extension *and* by their first bytes) from the campaign folder and the package's assets and
templates, plus ``data:`` URLs. The fact store (YAML), catalogs (PO), outputs, hidden folders
and anything else are refused, as are the network and every other file. Attachments (files
embedded in the PDF) are off: a campaign turns one on by listing it under
``output.attachments`` in ``campaign.yaml``. A refused URL is recorded, so the caller fails the
document naming it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

# extension -> (MIME type, test on the first bytes)
_IMAGE = {
    ".png": ("image/png", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("image/jpeg", lambda b: b.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", lambda b: b.startswith(b"\xff\xd8\xff")),
    ".gif": ("image/gif", lambda b: b.startswith((b"GIF87a", b"GIF89a"))),
    ".webp": ("image/webp", lambda b: b.startswith(b"RIFF") and b[8:12] == b"WEBP"),
    ".svg": ("image/svg+xml", lambda b: b"<svg" in b[:4096]),
}
_FONT = {
    ".ttf": ("font/ttf", lambda b: b[:4] in (b"\x00\x01\x00\x00", b"true")),
    ".otf": ("font/otf", lambda b: b[:4] == b"OTTO"),
    ".ttc": ("font/collection", lambda b: b[:4] == b"ttcf"),
    ".woff": ("font/woff", lambda b: b[:4] == b"wOFF"),
    ".woff2": ("font/woff2", lambda b: b[:4] == b"wOF2"),
}
_STYLE = {".css": ("text/css", lambda b: _is_text(b))}
ASSET_TYPES: dict[str, tuple[str, Any]] = {**_IMAGE, **_FONT, **_STYLE}


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut at the end of the sample
    return b"\0" not in head


def asset_refusal(path: str) -> str | None:
    """Why the real file ``path`` is not an asset (``None`` when it is one)."""
    ext = os.path.splitext(path)[1].lower()
    kind = ASSET_TYPES.get(ext)
    if kind is None:
        return f"{ext or 'no extension'} is not an image, font or stylesheet"
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return "it cannot be read"
    if not kind[1](head):
        return f"its content is not {kind[0]}"
    if ext in _IMAGE and ext != ".svg":
        return _raster_refusal(path)
    return None


MAX_PIXELS = 40_000_000  # a full A4 page at 600 dpi is 35 M; more is a decompression bomb


def _raster_refusal(path: str) -> str | None:
    """A raster image the engine could not draw (corrupt) or that would unpack to gigabytes."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    return f"it is {width}x{height} pixels (at most {MAX_PIXELS:,})"
                img.verify()
            with Image.open(path) as img:
                img.load()  # verify() checks the structure; only decoding finds a truncated image
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "it is not an image the PDF engine can draw (corrupt or truncated)"
    return None


def listed_attachments(campaign_root: Path) -> set[str]:
    """Real paths of the files ``campaign.yaml`` lists under ``output.attachments`` (read afresh,
    confined like every campaign file); an unreadable campaign lists none."""
    from .errors import LettersError
    from .yamlio import load_yaml

    try:
        doc, _ = load_yaml(campaign_root / "campaign.yaml", "campaign.yaml", campaign_root)
    except LettersError:
        return set()
    output = doc.data.get("output") if isinstance(doc.data, dict) else None
    items = output.get("attachments") if isinstance(output, dict) else None
    if not isinstance(items, list):
        return set()
    return {
        os.path.realpath(campaign_root / i)
        for i in items
        if isinstance(i, str) and not attachment_problem(campaign_root, i)
    }


def attachment_problem(campaign_root: Path, rel: str) -> str | None:
    """Why ``rel`` may not be listed as an attachment (``None`` when it may): it must be a regular
    file inside the campaign, and never its fact store, catalogs or a hidden file."""
    from .errors import LettersError

    parts = Path(rel).parts
    if Path(rel).is_absolute() or ".." in parts:
        return "give a path inside the campaign folder, relative to it"
    if any(p.startswith(".") for p in parts) or parts[:1] in (("locales",), ("templates",)):
        return "hidden files, catalogs and templates cannot be attached"
    if Path(rel).suffix.lower() in (".yaml", ".yml", ".po", ".pot", ".mo", ".sqlite", ".db", ".csv"):
        return "the fact store, catalogs and signature data cannot be attached"
    try:
        from .confine import inside

        path = inside(campaign_root, rel)
    except LettersError as exc:
        return exc.message
    if not path.is_file():
        return "no such file in the campaign folder"
    return None


class AssetPolicy:
    """What a document may load: the one rule, shared by the PDF fetcher and the HTML scan."""

    def __init__(self, roots: list[Path]):
        self.roots = [os.path.realpath(r) for r in roots]
        self.attachments: set[str] = set()
        for r in roots:
            if (r / "campaign.yaml").is_file():
                self.attachments |= listed_attachments(r)

    def mime_type(self, path: str) -> str | None:
        """The MIME type to serve the real file ``path`` with, or ``None`` when it is refused."""
        root = next((r for r in self.roots if path.startswith(r.rstrip(os.sep) + os.sep)), None)
        if root is None or not os.path.isfile(path):
            return None
        if any(part.startswith(".") for part in Path(os.path.relpath(path, root)).parts):
            return None
        if path in self.attachments:
            return "application/octet-stream"
        if asset_refusal(path) is None:
            return str(ASSET_TYPES[os.path.splitext(path)[1].lower()][0])
        return None

    def allows(self, url: str, base: Path | None) -> bool:
        """True when ``url`` (relative ones resolved against the folder ``base``) may be loaded."""
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme == "data":
            return True
        if scheme == "file" and not parts.netloc:
            return self.mime_type(os.path.realpath(unquote(parts.path))) is not None
        if scheme or parts.netloc or base is None:
            return False
        if not parts.path:  # '#fragment' or '?query' only: the document itself
            return True
        return self.mime_type(os.path.realpath(base / unquote(parts.path))) is not None


def make_fetcher(roots: list[Path], refused: list[str]) -> Any:
    """A WeasyPrint ``URLFetcher`` confined by :class:`AssetPolicy`; refused URLs are appended to
    ``refused``."""
    from weasyprint.urls import URLFetcher

    policy = AssetPolicy(roots)

    class ConfinedFetcher(URLFetcher):
        """Serves assets (and listed attachments) of the campaign and the package; refuses (and
        records) everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if policy.allows(url, None):
                return super().fetch(url, headers)
            refused.append(url)
            raise ValueError(f"letters does not load {url}")

    return ConfinedFetcher(allowed_protocols=("file", "data"), allow_redirects=False)
