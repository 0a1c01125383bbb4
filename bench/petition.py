"""Petition benchmark: import N synthetic signatures and build the petition PDF (see bench/README.md).

    .venv/bin/python bench/petition.py                         # 10k, 100k, 1M imports; builds for 10k and 100k
    .venv/bin/python bench/petition.py --sizes 10000 --build 10000 --keep /tmp/petition-bench

For each size it prints rows per second of the import, the build's time per 1,000 entries (linear
time means this stays flat), the peak memory of the largest single process (the CLI or one of
its workers), the page count, and, for the smallest build, the same annex laid out as ONE
WeasyPrint document for comparison. Every command runs in a fresh process; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "joint-letter"
RECIPIENT = "ep-president"  # English, A4 (the one-document comparison lays out A4 too)
LETTERS = [sys.executable, "-m", "letters"]


def measure(cmd: list[str]) -> dict[str, object]:
    """Run ``cmd`` in a fresh process tree; wall time and the peak RSS of its largest process."""
    out = subprocess.run(
        [sys.executable, __file__, "--measure", "--", *cmd], capture_output=True, text=True, check=False
    )
    if out.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(d))
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack += parents.get(pid, [])
    return out[1:]


def _sample(pid: int) -> tuple[int, float] | None:
    """(VmHWM in kB, CPU seconds) of one process, or None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    hwm = int(status.split("VmHWM:")[1].split()[0]) if "VmHWM:" in status else 0
    return hwm, (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def _measure_self(cmd: list[str]) -> None:
    """Run ``cmd``; sample every process of its tree (the pool's workers are the fork server's
    children, not ours: getrusage would miss them) for its peak memory and CPU time."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: dict[int, tuple[int, float]] = {}
    while proc.poll() is None:
        for pid in [proc.pid, *_descendants(proc.pid)]:
            got = _sample(pid)
            if got:
                seen[pid] = got
        time.sleep(0.25)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = max([usage.ru_maxrss] + [hwm for hwm, _ in seen.values()]) / 1024  # largest single process, MB
    cpu = max(usage.ru_utime + usage.ru_stime, sum(c for _, c in seen.values()))  # all processes, as sampled
    print(stdout, file=sys.stderr)
    if proc.returncode:
        print(stderr, file=sys.stderr)
        sys.exit(proc.returncode)
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak, "stdout": stdout}))


SINGLE = """
import sys, tempfile, time
from pathlib import Path
from letters.build import Session
from letters.compose import compose
from letters.pdf import PdfOptions, html_to_pdf
from letters.signatures.petition import Chunk, annex_html, collect_annex, root_groups
from letters.signatures.store import Store
root = Path(sys.argv[1])
with Store(root / ".letters" / "signatures.sqlite3") as store, tempfile.TemporaryDirectory() as tmp:
    annex = collect_annex(store, False, "A4", Path(tmp))
    it = annex.read()
    pages = tuple(tuple(next(it) for _ in annex.plan.page_range(p)) for p in range(annex.plan.pages))
    chunk = Chunk(str(root), "en", "A4", "ltr", root_groups(annex.root), annex.has_city, 1, len(pages), 1, pages, "T")
    t = time.perf_counter()
    result = html_to_pdf(annex_html(chunk), root, PdfOptions())
    print(f"pages={result.pages} layout={time.perf_counter() - t:.1f}")
"""


def campaign_copy(work: Path, n: int) -> Path:
    dest = work / f"campaign-{n}"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns(".letters"))
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--build", type=int, nargs="*", default=[10_000, 100_000], help="sizes to build a PDF for")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--chunk-pages", type=int, default=25)
    ap.add_argument("--no-single", action="store_true", help="skip the one-document comparison")
    ap.add_argument("--keep", type=Path, help="work here and keep the files")
    args = ap.parse_args()
    from letters.signatures.synthetic import write_csv

    work = args.keep or Path(tempfile.mkdtemp(prefix="letters-petition-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f} at start; work in {work}")
    single_done = args.no_single
    for n in sorted(args.sizes):
        camp = campaign_copy(work, n)
        csv_path = write_csv(work / f"signatures-{n}.csv", n)
        imp = measure(
            [*LETTERS, "signatures", "import", str(camp), str(csv_path), "--no-progress", "--jobs", str(args.jobs)]
        )
        wall = float(imp["wall"])  # type: ignore[arg-type]
        print(
            f"{n:>9,} rows  import {wall:7.1f} s  {n / wall:9,.0f} rows/s  peak {imp['peak_mb']:6.0f} MB/process"
            f"  (CPU {imp['cpu']:.1f} s in all processes)"
        )
        if n not in args.build:
            continue
        out = work / f"out-{n}"
        b = measure(
            [
                *LETTERS,
                "signatures",
                "build",
                str(camp),
                "--out",
                str(out),
                "--recipient",
                RECIPIENT,
                "--jobs",
                str(args.jobs),
                "--chunk-pages",
                str(args.chunk_pages),
            ]
        )
        pages = int(re.search(r"(\d+) page\(s\)", str(b["stdout"])).group(1))  # type: ignore[union-attr]
        bw = float(b["wall"])  # type: ignore[arg-type]
        print(
            f"{'':>9}       build  {bw:7.1f} s  {bw / n * 1000:9.2f} s/1k entries  peak {b['peak_mb']:6.0f} MB/process"
            f"  {pages} pages  (--jobs {args.jobs}, --chunk-pages {args.chunk_pages}; CPU {b['cpu']:.0f} s)"
        )
        if not single_done:
            single_done = True
            s = measure([sys.executable, "-c", SINGLE, str(camp)])
            sw = float(s["wall"])  # type: ignore[arg-type]
            print(
                f"{'':>9}  one document  {sw:7.1f} s  ({str(s['stdout']).strip()})  peak {s['peak_mb']:6.0f} MB"
                f"  -> chunked build / one document: time {bw / sw:.2f}x, peak memory "
                f"{float(b['peak_mb']) / float(s['peak_mb']):.2f}x"
            )  # type: ignore[arg-type]
    print(f"load average {os.getloadavg()[0]:.1f} at the end (other work on the machine slows every figure)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        _measure_self(sys.argv[3:])
    else:
        main()
