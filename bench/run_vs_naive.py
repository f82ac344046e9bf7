"""`newsetl run` beside the pipeline a user would write instead, on the same pages.

    .venv/bin/python bench/run_vs_naive.py [--pages 2000] [--naive]   (bench dependency group)

The naive pipeline: for each page, trafilatura.extract (text, title, date; the peer most
users reach for), one row per page, then pyarrow.dataset.write_dataset into the same Hive
layout (source=/year=/month=) — what a notebook user with a year of saved pages writes in
twenty lines. Both run as fresh processes on the same generated pages (bench/workers.py:
real Chinese news pages of ../shared/html-dev, each copy made a distinct article), one after
the other. Reported: wall seconds, pages/s, CPU seconds a page (the process tree's user+sys,
children included), and the peak resident size of the process tree (bench/proctree.py:
`newsetl run`'s tree holds Prefect's local server and the parse workers).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.proctree import sample_peak  # noqa: E402
from bench.workers import make_pages  # noqa: E402

NAIVE = r'''
import sys, datetime
from pathlib import Path
import pyarrow as pa, pyarrow.dataset as ds
import trafilatura
from trafilatura.settings import use_config
cfg = use_config(); cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
rows = []
for path in sorted(Path(sys.argv[1]).glob("*.html")):
    html = path.read_text(encoding="utf-8", errors="replace")
    doc = trafilatura.bare_extraction(html, with_metadata=True, config=cfg)
    if doc is None:
        continue
    day = None
    if doc.date:
        try:
            day = datetime.date.fromisoformat(doc.date[:10])
        except ValueError:
            day = None
    rows.append({"source": "naive", "url": str(path), "title": doc.title, "text": doc.text,
                 "published_date": day, "year": day.year if day else 0, "month": day.month if day else 0})
table = pa.Table.from_pylist(rows)
ds.write_dataset(table, sys.argv[2], format="parquet", partitioning=["source", "year", "month"],
                 partitioning_flavor="hive", existing_data_behavior="overwrite_or_ignore")
print(len(rows))
'''


def measure(cmd: list[str]) -> dict:
    peak = [0.0, 0.0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watcher = threading.Thread(target=sample_peak, args=(proc, peak), daemon=True)
    watcher.start()
    _, err = proc.communicate()
    wall = time.monotonic() - started
    watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed: {err.decode(errors='replace')[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak": peak[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[2000])
    ap.add_argument("--no-naive", action="store_true", help="only newsetl run")
    a = ap.parse_args()
    print(f"{'pipeline':<22}{'pages':>7}{'wall s':>8}{'pages/s':>9}{'CPU ms/page':>12}{'tree peak MiB':>15}")
    for n in a.pages:
        pages = Path(tempfile.mkdtemp(prefix="bench-naive-pages-"))
        make_pages(pages, n)
        runs = {"newsetl run": [sys.executable, "-m", "newsetl", "run", "--input", str(pages), "--no-progress",
                                "--no-retry", "--out"]}
        if not a.no_naive:
            runs["naive (trafilatura)"] = [sys.executable, "-c", NAIVE, str(pages)]
        figures = {}
        for name, cmd in runs.items():
            out = Path(tempfile.mkdtemp(prefix="bench-naive-out-"))
            r = measure([*cmd, str(out)])
            figures[name] = r
            print(f"{name:<22}{n:>7}{r['wall']:>8.1f}{n / r['wall']:>9.1f}{1000 * r['cpu'] / n:>12.1f}"
                  f"{r['peak']:>15.0f}", flush=True)
            shutil.rmtree(out, ignore_errors=True)
        if len(figures) == 2:
            ours, naive = figures["newsetl run"], figures["naive (trafilatura)"]
            print(f"{'':<22}{'':>7} speed-up: wall {naive['wall'] / ours['wall']:.2f}x, "
                  f"per CPU second {naive['cpu'] / ours['cpu']:.2f}x")
        shutil.rmtree(pages, ignore_errors=True)
    print(f"(cores: {os.cpu_count()})")


if __name__ == "__main__":
    main()
