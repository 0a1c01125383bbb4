"""Fonts: the bundled families, their @font-face rules, and glyph coverage (fontTools seam).

Documents are set in fonts shipped with letters (Noto, SIL OFL), so a PDF looks the same on every
machine. Before a PDF is made, every character of the document is checked against those fonts:
a character none of them covers is a build error naming the text, never a silent box.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from .resources import fonts_dir

# family -> (file, weight, style)
FAMILIES: dict[str, list[tuple[str, str, str]]] = {
    "Letters Serif": [
        ("NotoSerif-Regular.ttf", "normal", "normal"),
        ("NotoSerif-Bold.ttf", "bold", "normal"),
        ("NotoSerif-Italic.ttf", "normal", "italic"),
        ("NotoSerif-BoldItalic.ttf", "bold", "italic"),
    ],
    "Letters Arabic": [
        ("NotoNaskhArabic-Regular.ttf", "normal", "normal"),
        ("NotoNaskhArabic-Bold.ttf", "bold", "normal"),
    ],
    "Letters Hebrew": [
        ("NotoSerifHebrew-Regular.ttf", "normal", "normal"),
        ("NotoSerifHebrew-Bold.ttf", "bold", "normal"),
    ],
}
# Characters that need no glyph (controls, joiners, marks handled by shaping).
_IGNORED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def font_face_css() -> str:
    """The ``@font-face`` rules of the bundled families; asking for them also makes letters'
    hyphenation dictionaries known (Pyphen lacks Turkish, see :mod:`letters.hyphenation`), since
    both are what WeasyPrint needs of letters' typographic assets before a first document."""
    from .hyphenation import register

    register()
    rules = []
    for family, faces in FAMILIES.items():
        for file, weight, style in faces:
            url = (fonts_dir() / file).resolve().as_uri()
            rules.append(
                f'@font-face {{ font-family: "{family}"; src: url("{url}"); '
                f"font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(rules)


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    cps: set[int] = set()
    for faces in FAMILIES.values():
        for file, _w, _s in faces:
            cps |= _cmap(fonts_dir() / file)
    return frozenset(cps)


@dataclass(frozen=True)
class MissingGlyph:
    char: str
    context: str  # the text around it

    def describe(self) -> str:
        name = unicodedata.name(self.char, "unnamed character")
        return f"U+{ord(self.char):04X} {name} in {self.context!r}"


def missing_glyphs(texts: list[str]) -> list[MissingGlyph]:
    """Characters of ``texts`` that no bundled font can draw (one report per character)."""
    have = covered()
    seen: set[str] = set()
    out = []
    for text in texts:
        for i, ch in enumerate(text):
            if ch in seen or ord(ch) in have or ch.isspace() or unicodedata.category(ch) in _IGNORED_CATEGORIES:
                continue
            seen.add(ch)
            out.append(MissingGlyph(ch, text[max(0, i - 20) : i + 20].strip()))
    return out
