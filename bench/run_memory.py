"""`newsetl run` at growing page counts: wall time and the peak resident size of its process tree.

    .venv/bin/python bench/run_memory.py [--pages 1000 3000]

Pages as in bench/workers.py (real Chinese news pages of ../shared/html-dev, each copy made a
distinct article); every run a fresh `newsetl run` into a fresh directory, Prefect in local
ephemeral mode (its server is part of the tree). The issue asks that the peak does not grow
with the number of pages (issue 18): compare the rows.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 3000])
    a = ap.parse_args()
    print(f"{'pages':>7}{'wall s':>9}{'pages/s':>9}{'tree peak MiB':>15}   largest seen of each process, MiB")
    for n in a.pages:
        pages = Path(tempfile.mkdtemp(prefix="bench-mem-pages-"))
        out = Path(tempfile.mkdtemp(prefix="bench-mem-out-"))
        make_pages(pages, n)
        peak = [0.0, 0.0]
        roles: dict[str, float] = {}
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "newsetl", "run", "--input", str(pages), "--out", str(out),
                                 "--no-progress", "--no-retry"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        sampler = threading.Thread(target=sample_peak, args=(proc, peak, 0.2, roles), daemon=True)
        sampler.start()
        proc.wait()
        sampler.join(5)
        elapsed = time.monotonic() - started
        each = ", ".join(f"{k} {v:.0f}" for k, v in sorted(roles.items()))
        print(f"{n:>7}{elapsed:>9.1f}{n / elapsed:>9.1f}{peak[0]:>15.0f}   {each}")
        shutil.rmtree(pages, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
