"""Where one build's time goes, stage by stage, and what per-process reuse saves.

    .venv/bin/python bench/profile.py CAMPAIGN            # split of today's per-document path
    .venv/bin/python bench/profile.py CAMPAIGN --reuse    # fresh fonts per document vs reused

Make a campaign with ``bench/campaign.py``. Prints shares of the wall time; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def split(campaign: Path) -> None:
    import weasyprint

    from letters.build import Session
    from letters.fetcher import make_fetcher
    from letters.fonts import font_face_css, missing_glyphs
    from letters.pdf import _visible_text
    from letters.resources import assets_dir, templates_dir

    s = Session(campaign)
    s.require_valid()
    jobs = s.plan()
    stages = ["letters html", "glyph check", "font config + css", "html parse", "layout", "write_pdf"]
    spent = dict.fromkeys(stages, 0.0)
    t_all = time.perf_counter()
    for job in jobs:
        t = time.perf_counter()
        marks = []
        r = s.render(job)
        marks.append(time.perf_counter())
        missing_glyphs(_visible_text(r.html))
        marks.append(time.perf_counter())
        fetcher = make_fetcher([assets_dir(), templates_dir(), s.root], [])
        fonts = weasyprint.text.fonts.FontConfiguration()
        css = weasyprint.CSS(
            string=font_face_css(), url_fetcher=fetcher, font_config=fonts, base_url=assets_dir().as_uri() + "/"
        )
        marks.append(time.perf_counter())
        h = weasyprint.HTML(string=r.html, base_url=s.root.as_uri() + "/", url_fetcher=fetcher)
        marks.append(time.perf_counter())
        doc = h.render(stylesheets=[css], font_config=fonts)
        marks.append(time.perf_counter())
        doc.write_pdf()
        marks.append(time.perf_counter())
        for name, end in zip(stages, marks, strict=True):
            spent[name] += end - t
            t = end
    total = time.perf_counter() - t_all
    for name, v in spent.items():
        print(f"{name:20s} {v:6.2f} s {100 * v / total:5.1f} %")
    print(f"total {total:.2f} s for {len(jobs)} documents = {len(jobs) / total:.1f} documents/s")


def reuse(campaign: Path) -> None:
    from letters.build import Session
    from letters.pdf import PdfEngine, PdfOptions

    s = Session(campaign)
    s.require_valid()
    htmls = [s.render(j).html for j in s.plan()]
    for name, make in (
        ("fresh engine per document", lambda: None),
        ("one engine, no image cache", lambda: PdfEngine(s.root)),
        ("one engine, shared cache", lambda: PdfEngine(s.root, share_cache=True)),
    ):
        engine = make()
        t = time.perf_counter()
        for h in htmls:
            (engine or PdfEngine(s.root)).pdf(h, PdfOptions())
        dt = time.perf_counter() - t
        print(f"{name:28s} {len(htmls) / dt:5.1f} documents/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("campaign", type=Path)
    parser.add_argument("--reuse", action="store_true")
    a = parser.parse_args()
    (reuse if a.reuse else split)(a.campaign)


if __name__ == "__main__":
    sys.exit(main())
