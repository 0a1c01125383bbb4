"""Batch benchmark (issue 9): letters build against the engine itself and against Chromium, as ratios.

    .venv/bin/python bench/batch.py [--recipients 120] [--repeat 3] [--keep DIR] [--no-chromium]

Generates the synthetic campaign of bench/campaign.py (120 fictional recipients × 5 languages =
600 two-page letters by default), makes its HTML once, then runs these variants, each in a fresh
process, interleaved over ``--repeat`` rounds (the median counts; a busy machine slows every
variant of a round alike):

- ``letters build -f pdf --force --jobs 1`` and ``--jobs 2``;
- the plain one-process WeasyPrint loop on the same HTML: for each file ``HTML(string=…)
  .write_pdf()`` with a fresh font set-up, next (what the issue calls today's engine);
- the same loop reusing one font configuration, the ``@font-face`` stylesheet, the parsed
  ``<style>`` of the documents and the image cache;
- the limit the issue names: two of those reuse loops side by side, each on half the files;
- today's build: ``letters build`` as it was when issue 9 was filed (commit ``d4f005d``, taken
  with ``git archive`` and run on the same campaign with this venv's libraries; ``--baseline REV``
  picks another commit, ``--no-baseline`` skips it);
- headless Chromium printing the same HTML through the DevTools protocol (one browser, one tab;
  Playwright's ``connect_over_cdp`` to ``chromium --remote-debugging-port``; needs the Debian
  ``chromium`` package, installed by ``sh scripts/system-deps.sh --test``);
- a no-change rebuild and a one-recipient change (plain ``letters build``, default ``--jobs``),
  against the full ``--jobs 2`` build.

It prints documents per second, the ratios, and the peak memory (RSS) of each process of each
variant, sampled every 0.1 s. It asserts nothing and is not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
PYTHON = sys.executable
EPOCH = "1751500800"
BASELINE = "d4f005d"  # the last commit before issue 9's work: "today's build" in the issue

PLAIN_LOOP = """
import sys
from pathlib import Path
import weasyprint
from letters.fonts import font_face_css
from letters.resources import assets_dir
html_dir, out, base = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]).as_uri() + "/"
reuse = sys.argv[4] == "reuse"
options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True} if sys.argv[5] == "tagged" else {}  # as letters makes them
part, parts = (int(n) for n in sys.argv[6].split("/"))  # this loop's share of the files: K/N
out.mkdir(parents=True, exist_ok=True)
fonts = css = None
cache = {} if reuse else None
if reuse:  # each document's <style> parsed once (the same wrapper letters uses, see letters/pdf.py)
    from letters.pdf import STYLE_CACHE
    STYLE_CACHE.install()
for i, f in enumerate(sorted(html_dir.rglob("*.html"))):
    if i % parts != part - 1:
        continue
    if css is None or not reuse:
        fonts = weasyprint.text.fonts.FontConfiguration()
        css = weasyprint.CSS(string=font_face_css(), font_config=fonts, base_url=assets_dir().as_uri() + "/")
    doc = weasyprint.HTML(string=f.read_text("utf-8"), base_url=base).render(
        stylesheets=[css], font_config=fonts, cache=cache
    )
    (out / f"{i}.pdf").write_bytes(doc.write_pdf(**options))
"""

CHROMIUM_LOOP = """
import socket, subprocess, sys, tempfile, time
from pathlib import Path
from playwright.sync_api import sync_playwright
from letters.fonts import font_face_css
html_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
pages = Path(tempfile.mkdtemp(prefix="chromium-pages-"))
files = []
for i, f in enumerate(sorted(html_dir.rglob("*.html"))):  # same HTML, fonts as letters gives them
    p = pages / f"{i}.html"
    p.write_text(f.read_text("utf-8").replace("<style>", "<style>" + font_face_css() + "\\n", 1), "utf-8")
    files.append(p)
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
profile = tempfile.mkdtemp(prefix="chromium-profile-")
browser = subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                            f"--remote-debugging-port={port}", "about:blank"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    with sync_playwright() as pw:
        for _ in range(100):
            try:
                b = pw.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
                break
            except Exception:
                time.sleep(0.1)
        page = b.contexts[0].new_page()
        for i, p in enumerate(files):
            page.goto(p.as_uri())
            (out / f"{i}.pdf").write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
finally:
    browser.terminate()
"""


SIDE_BY_SIDE = """
import ast, subprocess, sys
cmd = ast.literal_eval(sys.argv[1])
procs = [subprocess.Popen([c.replace("@K@", str(k)) for c in cmd]) for k in (1, 2)]
sys.exit(max(p.wait() for p in procs))
"""


def baseline_build(rev: str, work: Path, campaign: Path) -> Callable[[], list[str]]:
    """``letters build`` of commit ``rev``: its sources unpacked from git, run with this Python."""
    src = work / f"letters-{rev}"
    if not src.is_dir():
        src.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", rev], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
    out = work / "out-baseline"
    code = f"import sys; sys.path.insert(0, {str(src)!r}); from letters.cli import main; sys.exit(main())"
    return lambda: [PYTHON, "-c", code, "build", str(campaign), "-o", str(out), "-f", "pdf", "--no-progress"]


class Sampler:
    """Peak RSS of a process and all its descendants, sampled every 0.1 s (psutil)."""

    def __init__(self, pid: int):
        import psutil

        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    name = "main process" if p.pid == self.root.pid else _label(p.cmdline())
                except psutil.Error:
                    continue
                if rss > self.peaks.get(p.pid, ("", 0))[1]:
                    self.peaks[p.pid] = (name, rss)
            self._stop.wait(0.1)

    def stop(self) -> dict[int, tuple[str, int]]:
        self._stop.set()
        self._thread.join()
        return self.peaks


def _label(cmdline: list[str]) -> str:
    text = " ".join(cmdline)
    if "forkserver" in text:
        return "fork server or a worker forked from it"
    if "multiprocessing" in text or "-c" in cmdline:
        return "worker"
    return " ".join(Path(c).name for c in cmdline[:2])[:40]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, dict[int, tuple[str, int]]]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = Sampler(proc.pid)
    _, err = proc.communicate()
    peaks = sampler.stop()
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd[:4])}... failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return time.perf_counter() - t0, peaks


def _letters_tags_pdfs() -> bool:
    """Whether letters makes tagged PDF/UA: the loops then make the same kind of PDF."""
    import inspect

    from letters.pdf import PdfEngine

    return "pdf_tags=True" in inspect.getsource(PdfEngine)


def letters_cmd() -> list[str]:
    script = Path(PYTHON).parent / "letters"
    return [str(script)] if script.exists() else [PYTHON, "-m", "letters"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=120, help="× 5 languages (default 120: 600 documents)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds; the median counts (default 3)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--no-chromium", action="store_true", help="skip the Chromium variant")
    parser.add_argument("--baseline", default=BASELINE, help=f"commit of 'today's build' (default {BASELINE})")
    parser.add_argument("--no-baseline", action="store_true", help="skip today's build")
    args = parser.parse_args()
    from campaign import make_campaign

    work = args.keep or Path(tempfile.mkdtemp(prefix="letters-batch-"))
    shutil.rmtree(work / "campaign", ignore_errors=True)
    campaign = make_campaign(work / "campaign", args.recipients)
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    html = work / "html"
    t_html, _ = run([*letters_cmd(), "build", str(campaign), "-o", str(html), "-f", "html", "-q", "--force"], env)
    docs = len(list(html.rglob("*.html")))
    chromium = shutil.which("chromium") and not args.no_chromium
    print(f"{docs} documents; {os.cpu_count()} CPU(s); HTML alone: {t_html:.1f} s (one process, with start-up)")

    tagged = "tagged" if _letters_tags_pdfs() else "plain"

    def build(jobs: str) -> Callable[[], list[str]]:
        out = work / f"out-j{jobs}"
        return lambda: [
            *letters_cmd(),
            "build",
            str(campaign),
            "-o",
            str(out),
            "-f",
            "pdf",
            "-q",
            "--force",
            "-j",
            jobs,
        ]

    def loop(name: str, mode: str, part: str = "1/1") -> list[str]:
        return [PYTHON, "-c", PLAIN_LOOP, str(html), str(work / name), str(campaign), mode, tagged, part]

    variants: dict[str, Callable[[], list[str]]] = {
        "letters build --jobs 1": build("1"),
        "letters build --jobs 2": build("2"),
        "plain WeasyPrint loop": lambda: loop("plain", "-"),
        "loop reusing fonts, styles": lambda: loop("reuse", "reuse"),
        "two reuse loops side by side": lambda: [PYTHON, "-c", SIDE_BY_SIDE, repr(loop("half", "reuse", "@K@/2"))],
    }
    if not args.no_baseline:
        variants["today's build (" + args.baseline + ")"] = baseline_build(args.baseline, work, campaign)
    if chromium:
        variants["headless Chromium (CDP)"] = lambda: [PYTHON, "-c", CHROMIUM_LOOP, str(html), str(work / "chromium")]
    times: dict[str, list[float]] = {name: [] for name in variants}
    peaks: dict[str, dict[int, tuple[str, int]]] = {}
    incr: dict[str, list[float]] = {"no-change rebuild": [], "one recipient changed": []}
    recipients = campaign / "recipients.yaml"
    original = recipients.read_text("utf-8")
    for r in range(args.repeat):
        for name, cmd in variants.items():
            t, p = run(cmd(), env)
            times[name].append(t)
            peaks[name] = p
            print(f"  round {r + 1}: {name:28s} {t:7.1f} s", flush=True)
        # as a user runs it after an edit: no --force, the default --jobs (this process for a few PDFs)
        nochange = [c for c in build("2")() if c != "--force"][:-2]
        # best of two: the first may meet the previous variant's processes still exiting (Chromium)
        incr["no-change rebuild"].append(min(run(nochange, env)[0] for _ in range(2)))
        recipients.write_text(original.replace("    - 7 Example Street", f"    - 7{r} Example Street"), "utf-8")
        incr["one recipient changed"].append(run(nochange, env)[0])
        for name, ts in incr.items():
            print(f"  round {r + 1}: {name:28s} {ts[-1]:7.1f} s", flush=True)
        recipients.write_text(original, "utf-8")
        run(nochange, env)  # back to the original outputs
    med = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"\nmedian of {args.repeat} round(s), {docs} documents:")
    for name, t in med.items():
        print(f"  {name:28s} {t:7.1f} s  {docs / t:5.1f} documents/s")
    j2 = med["letters build --jobs 2"]
    print("ratios (throughput of letters build --jobs 2 against ...):")
    for name, t in med.items():
        if name != "letters build --jobs 2":
            print(f"  {name:28s} {t / j2:5.2f}x")
    for name, ts in incr.items():
        t = statistics.median(ts)
        print(f"  {name:28s} {t:7.2f} s = {100 * t / j2:5.1f} % of the full --jobs 2 build")
    goals = [("today's build (", 2.9), ("headless Chromium", 1.15), ("two reuse loops", 1.0)]
    print("goals (issue 9, on 2 cores):")
    for prefix, goal in goals:
        for name, t in med.items():
            if name.startswith(prefix):
                ratio = t / j2
                verdict = "met" if ratio >= goal else "not met"
                print(f"  --jobs 2 against {name}: {ratio:.2f}x, goal {goal:.2f}x: {verdict}")
    print("peak memory (RSS) per process, last round:")
    for name, p in peaks.items():
        for _pid, (label, rss) in sorted(p.items(), key=lambda kv: -kv[1][1])[:4]:
            if rss >= 10 * 2**20:  # not the compilers WeasyPrint's library look-up starts
                print(f"  {name:28s} {rss / 2**20:7.0f} MB  {label}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
