"""``letters doctor``: what this machine lacks for building letters, and what each gap costs."""

from __future__ import annotations

import shutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str
    cost: str = ""  # what is lost without it
    fix: str = ""

    @property
    def required(self) -> bool:
        return self.name in ("WeasyPrint", "bundled fonts")


def _weasyprint() -> list[Finding]:
    try:
        import weasyprint
        from weasyprint.text.ffi import harfbuzz_subset, pango
    except (ImportError, OSError) as exc:  # OSError: Pango or HarfBuzz libraries missing
        return [
            Finding(
                "WeasyPrint",
                False,
                f"cannot be loaded ({type(exc).__name__}: {exc})",
                "no PDFs at all (HTML still works)",
                "sh scripts/system-deps.sh (Pango, HarfBuzz)",
            )
        ]
    pango_version = pango.pango_version()
    found = [
        Finding(
            "WeasyPrint", True, f"{weasyprint.__version__}, Pango {pango_version // 10000}.{pango_version // 100 % 100}"
        )
    ]
    found.append(
        Finding(
            "HarfBuzz subsetting",
            bool(harfbuzz_subset),
            "libharfbuzz-subset found" if harfbuzz_subset else "libharfbuzz-subset not found",
            "" if harfbuzz_subset else "PDFs about 2.7x slower to make (fonts subset by fontTools instead)",
            "" if harfbuzz_subset else "apt-get install libharfbuzz-subset0 (or sh scripts/system-deps.sh)",
        )
    )
    return found


def _fonts() -> Finding:
    from ..fonts import FAMILIES
    from ..resources import fonts_dir

    missing = [f for faces in FAMILIES.values() for f, _w, _s in faces if not (fonts_dir() / f).is_file()]
    if missing:
        return Finding("bundled fonts", False, f"missing: {', '.join(missing)}", "no PDFs", "reinstall letters")
    return Finding("bundled fonts", True, f"{sum(len(v) for v in FAMILIES.values())} faces in {fonts_dir()}")


def _optional() -> list[Finding]:
    out = []
    browser = next(
        (shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
    )
    out.append(
        Finding(
            "Chromium",
            browser is not None,
            browser or "not found",
            "" if browser else "the preview's browser tests and the Chromium comparison in bench/ cannot run",
            "" if browser else "sh scripts/system-deps.sh --test (apt-get install chromium)",
        )
    )
    try:
        import distributed

        out.append(Finding("Dask distributed", True, distributed.__version__))
    except ImportError:
        out.append(
            Finding(
                "Dask distributed",
                False,
                "not installed",
                "no --scheduler (builds on a cluster)",
                "pip install 'letters[dask]'",
            )
        )
    from .run import cpu_count

    n = cpu_count()
    out.append(Finding("CPUs", True, f"{n} (letters build --jobs defaults to this)"))
    return out


def diagnose() -> list[Finding]:
    """Every finding, required ones first."""
    return [*_weasyprint(), _fonts(), *_optional()]
