"""The per-process PDF engine: what it reuses between documents changes no byte of any of them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import make_campaign

SCRIPT = """
import sys
from pathlib import Path
from letters.build import Session
from letters.pdf import STYLE_CACHE, PdfEngine, PdfOptions

root, out, order, cache = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(","), sys.argv[4]
session = Session(root)
session.require_valid()
jobs = {f"{j.locale}-{j.recipient}": j for j in session.plan()}
engine = PdfEngine(root, share_cache=True)
if cache == "off":
    import weasyprint.css
    weasyprint.css.CSS = STYLE_CACHE.original
for name in order:
    (out / f"{name}.pdf").write_bytes(engine.pdf(session.render(jobs[name]).html, PdfOptions()).data)
print(STYLE_CACHE.hits)
"""


def run(root: Path, out: Path, order: list[str], cache: str) -> int:
    out.mkdir()
    env = dict(os.environ, SOURCE_DATE_EPOCH="1751500800")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root), str(out), ",".join(order), cache],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.split()[-1])


def test_reused_stylesheets_and_fonts_give_the_same_bytes_in_any_order(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign", "multilang")
    first, other = "en-us-envoy", "ru-ru-delegation"
    # each document made first in a process whose style cache is off: WeasyPrint as it comes
    for name in (first, other):
        assert run(root, tmp_path / f"alone-{name}", [name], "off") == 0
    # the same documents made after one another, twice each, with the cache on
    hits = run(root, tmp_path / "together", [other, first, other, first], "on")
    assert hits >= 2  # the second of each really came from the cache
    for name in (first, other):
        alone = (tmp_path / f"alone-{name}" / f"{name}.pdf").read_bytes()
        assert (tmp_path / "together" / f"{name}.pdf").read_bytes() == alone, name
