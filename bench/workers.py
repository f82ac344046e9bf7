"""`newsetl run` with 0, 1 and 2 parse workers on the same pages: what the worker processes
(flows/workers.py) cost and what the second core gives.

    .venv/bin/python bench/workers.py [--pages 600] [--workers 0 1 2]

Pages: the real Chinese news pages of ../shared/html-dev (read at run time, never stored), each
copied many times with a numbered sentence put into its text so that every copy is a distinct
article. Every run is a fresh `newsetl run` process into a fresh output directory (Prefect in
local ephemeral mode, its start-up included); wall time and pages/s are printed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HTML_DEV = ROOT.parent / "shared" / "html-dev"


def make_pages(d: Path, n: int) -> int:
    sources = sorted(HTML_DEV.glob("*/page.html"))
    if not sources:
        raise SystemExit(f"no pages under {HTML_DEV}")
    total = 0
    for i in range(n):
        html = sources[i % len(sources)].read_text(encoding="utf-8", errors="replace")
        html = re.sub(r"(<p[^>]*>)", rf"\1第{i}号页面测试句子。", html, count=1)
        path = d / f"page{i:05d}.html"
        path.write_text(html, encoding="utf-8")
        total += path.stat().st_size
    return total


def run(pages: Path, workers: int) -> float:
    out = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "newsetl", "run", "--input", str(pages), "--out", str(out),
                    "--no-progress", "--no-retry", "--workers", str(workers)],
                   cwd=ROOT, check=True, capture_output=True)
    elapsed = time.monotonic() - started
    shutil.rmtree(out, ignore_errors=True)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=600)
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 1, 2])
    a = ap.parse_args()
    pages = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    size = make_pages(pages, a.pages)
    print(f"{a.pages} pages, {size / a.pages / 1024:.0f} KB each on average")
    print(f"{'workers':>8}{'wall s':>9}{'pages/s':>9}")
    for w in a.workers:
        elapsed = run(pages, w)
        print(f"{w:>8}{elapsed:>9.1f}{a.pages / elapsed:>9.1f}")
    shutil.rmtree(pages, ignore_errors=True)


if __name__ == "__main__":
    main()
