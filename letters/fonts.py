"""Fonts: the bundled families, their @font-face rules, and glyph coverage (fontTools seam).

Documents are set in fonts shipped with letters (Noto, SIL OFL), so a PDF looks the same on every
machine. A campaign may add fonts for scripts the package lacks: ``.ttf``/``.otf`` files in its
``fonts/`` folder, loaded (through the confined fetcher, like every other file) under the family
names ``Letters Campaign``, ``Letters Campaign 2`` ... that the shipped stylesheet lists after the
bundled ones. Before a PDF is made, and in ``letters check``, every character of the document is
checked against those fonts: a character none of them covers is an error naming the text, never
a silent box.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from .errors import Problem, Severity
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
    # Georgian and Armenian: Noto Serif Georgian / Armenian (Debian fonts-noto-core 20201225-1),
    # subset to their scripts' blocks (U+10A0-10FF, U+1C90-1CBF, U+2D00-2D2F; U+0530-058F, U+FB13-FB17)
    # plus U+0020, U+002D, U+00A0: without a space of their own, the spaces inside a Georgian run were
    # drawn as .notdef, overprinted and lost from the PDF's text (pyftsubset --layout-features='*')
    "Letters Georgian": [
        ("NotoSerifGeorgian-Regular.ttf", "normal", "normal"),
        ("NotoSerifGeorgian-Bold.ttf", "bold", "normal"),
    ],
    "Letters Armenian": [
        ("NotoSerifArmenian-Regular.ttf", "normal", "normal"),
        ("NotoSerifArmenian-Bold.ttf", "bold", "normal"),
    ],
}
CAMPAIGN_FONTS_DIR = "fonts"
CAMPAIGN_FAMILIES = ("Letters Campaign", "Letters Campaign 2", "Letters Campaign 3", "Letters Campaign 4")
# Characters that need no glyph (controls, joiners, marks handled by shaping).
_IGNORED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def font_face_css(campaign_root: Path | None = None) -> str:
    """The ``@font-face`` rules of the bundled families (and of the campaign's own fonts); asking
    for them also makes letters' hyphenation dictionaries known (Pyphen lacks Turkish, see
    :mod:`letters.hyphenation`), since both are what WeasyPrint needs of letters' typographic
    assets before a first document."""
    from .hyphenation import register

    register()
    rules = []
    for family, faces in FAMILIES.items():
        for file, weight, style in faces:
            rules.append(_face(family, fonts_dir() / file, weight, style))
    for family, path, weight, style in campaign_faces(campaign_root):
        rules.append(_face(family, path, weight, style))
    return "\n".join(rules)


def _face(family: str, path: Path, weight: str, style: str) -> str:
    url = path.resolve().as_uri()
    return f'@font-face {{ font-family: "{family}"; src: url("{url}"); font-weight: {weight}; font-style: {style}; }}'


def campaign_font_files(campaign_root: Path | None) -> list[Path]:
    """The campaign's own font files (``fonts/*.ttf``, ``*.otf``), in name order."""
    if campaign_root is None or not (campaign_root / CAMPAIGN_FONTS_DIR).is_dir():
        return []
    folder = campaign_root / CAMPAIGN_FONTS_DIR
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".otf") and p.is_file())


def campaign_faces(campaign_root: Path | None) -> list[tuple[str, Path, str, str]]:
    """(family, file, weight, style) of each campaign font: one of :data:`CAMPAIGN_FAMILIES` per
    family the font files name (so that a Georgian and an Armenian font do not replace each other),
    weight and style as the font says. Raises :class:`InputError` on an unreadable font or on more
    families than the stylesheet lists."""
    from .errors import InputError, Location

    families: dict[str, str] = {}
    out = []
    for path in campaign_font_files(campaign_root):
        assert campaign_root is not None
        if not path.resolve().is_relative_to(campaign_root.resolve()):
            raise InputError(
                f"{CAMPAIGN_FONTS_DIR}/{path.name} points outside the campaign folder",
                location=Location(f"{CAMPAIGN_FONTS_DIR}/{path.name}"),
                hint="copy the font file into the campaign's fonts/ folder instead of linking to it",
            )
        try:
            name, weight, italic = _describe(path)
        except Exception:  # fontTools raises many kinds on a broken file
            raise InputError(
                f"{CAMPAIGN_FONTS_DIR}/{path.name} is not a font letters can read",
                location=Location(f"{CAMPAIGN_FONTS_DIR}/{path.name}"),
                hint="use a TrueType (.ttf) or OpenType (.otf) font file, such as a Noto font",
            ) from None
        if name not in families:
            if len(families) == len(CAMPAIGN_FAMILIES):
                raise InputError(
                    f"more than {len(CAMPAIGN_FAMILIES)} font families in {CAMPAIGN_FONTS_DIR}/",
                    location=Location(f"{CAMPAIGN_FONTS_DIR}/{path.name}"),
                    hint="keep the fonts for the scripts the bundled ones lack (regular and bold of each)",
                )
            families[name] = CAMPAIGN_FAMILIES[len(families)]
        out.append((families[name], path, "bold" if weight >= 600 else "normal", "italic" if italic else "normal"))
    return out


def _describe(path: Path) -> tuple[str, int, bool]:
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(path.read_bytes())) as font:  # from bytes: a broken file leaves nothing open
        name = font["name"].getBestFamilyName() or path.stem
        os2 = font["OS/2"] if "OS/2" in font else None
        weight = os2.usWeightClass if os2 is not None else 400
        italic = bool(os2.fsSelection & 1) if os2 is not None else False
    return str(name), int(weight), italic


def _cmap(path: Path) -> frozenset[int]:
    """The code points ``path`` draws; read again when the file changes (a long-lived process, such
    as the preview server, sees a font replaced under the same name)."""
    st = path.stat()
    return _cmap_of(path, st.st_mtime_ns, st.st_size)


def font_stamp(campaign_root: Path | None) -> tuple[tuple[str, int, int], ...]:
    """What identifies the campaign's own fonts as they are on disk now (names, times, sizes)."""
    out = []
    for path in campaign_font_files(campaign_root):
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((path.name, st.st_mtime_ns, st.st_size))
    return tuple(out)


@cache
def _cmap_of(path: Path, mtime_ns: int, size: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(path.read_bytes())) as font:  # a broken file leaves nothing open
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """The code points the bundled fonts draw."""
    cps: set[int] = set()
    for faces in FAMILIES.values():
        for file, _w, _s in faces:
            cps |= _cmap(fonts_dir() / file)
    return frozenset(cps)


def covered_with(campaign_root: Path | None) -> frozenset[int]:
    """The code points the bundled fonts and the campaign's own fonts draw."""
    files = campaign_font_files(campaign_root)
    if not files:
        return covered()
    cps = set(covered())
    for path in files:
        try:
            cps |= _cmap(path)
        except Exception:  # reported, with its name, by campaign_faces()
            continue
    return frozenset(cps)


@dataclass(frozen=True)
class MissingGlyph:
    char: str
    context: str  # the text around it

    def describe(self) -> str:
        name = unicodedata.name(self.char, "unnamed character")
        return f"U+{ord(self.char):04X} {name} in {self.context!r}"


def missing_glyphs(texts: list[str], campaign_root: Path | None = None) -> list[MissingGlyph]:
    """Characters of ``texts`` that no bundled (or campaign) font can draw (one report per character)."""
    have = covered_with(campaign_root)
    seen: set[str] = set()
    out = []
    for text in texts:
        for i, ch in enumerate(text):
            if ch in seen or ord(ch) in have or ch.isspace() or unicodedata.category(ch) in _IGNORED_CATEGORIES:
                continue
            seen.add(ch)
            out.append(MissingGlyph(ch, text[max(0, i - 20) : i + 20].strip()))
    return out


def glyph_problems(html: str, campaign_root: Path | None, where: str) -> list[Problem]:
    """The ``missing-glyph`` error of one rendered document, for ``letters check``: the characters
    no available font draws, each with the text around it; ``where`` names the letter, recipient
    and language."""
    from .pdf import _visible_text  # the same text the PDF step checks

    glyphs = missing_glyphs(_visible_text(html), campaign_root)
    if not glyphs:
        return []
    listed = "; ".join(g.describe() for g in glyphs[:5]) + (f" and {len(glyphs) - 5} more" if len(glyphs) > 5 else "")
    return [
        Problem(
            None,
            f"{where}: no available font has a glyph for {listed}; its PDF cannot be made",
            f"add a font covering these characters to the campaign's {CAMPAIGN_FONTS_DIR}/ folder "
            "(a Noto font of that script, regular and bold; see docs/fonts.md), or replace the characters",
            Severity.ERROR,
            "missing-glyph",
        )
    ]
