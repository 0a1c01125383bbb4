"""Where the package's own assets live: shipped templates, toolkit catalogs, fonts, data.

In a source checkout (or an editable install) ``templates/`` and ``locales/`` sit at the top of
the repository; a wheel carries them inside the package as ``letters/_shipped/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _shipped(name: str) -> Path:
    inside = PACKAGE_DIR / "_shipped" / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


def templates_dir() -> Path:
    return _shipped("templates")


def locales_dir() -> Path:
    return _shipped("locales")


def assets_dir() -> Path:
    return PACKAGE_DIR / "assets"


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def data_dir() -> Path:
    return PACKAGE_DIR / "data"
