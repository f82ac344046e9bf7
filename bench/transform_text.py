"""Throughput of the text transform: MB of input text per second on one core.

Runs transform.parse_page over the seed dumps (../shared/seeds, when present) and the
bundled samples, repeating until a minimum wall time, in this one process. Prints a
table per file and the overall figure. Target: at least 1 MB/s.

    .venv/bin/python bench/transform_text.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from transform import RawPage, parse_page

ROOT = Path(__file__).resolve().parents[1]


def inputs() -> list[Path]:
    seeds = ROOT.parent / "shared" / "seeds"
    files = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    return files + sorted((ROOT / "samples").glob("*.txt"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="minimum time per file")
    args = ap.parse_args()
    total_bytes = 0
    total_cpu = 0.0
    print(f"{'file':44} {'KB':>6} {'articles':>8} {'runs':>6} {'MB/s':>8}")
    for path in inputs():
        raw = path.read_bytes()
        page = RawPage(raw, input_path=str(path))
        parse_page(page)  # warm caches (OpenCC dictionaries)
        runs = 0
        cpu0 = time.process_time()
        wall0 = time.perf_counter()
        while time.perf_counter() - wall0 < args.seconds / 5 or runs < 3:
            records = parse_page(page)
            runs += 1
        cpu = time.process_time() - cpu0
        total_bytes += len(raw) * runs
        total_cpu += cpu
        print(f"{path.name:44} {len(raw) / 1024:6.1f} {len(records):8d} {runs:6d} {len(raw) * runs / cpu / 1e6:8.2f}")
    print(f"overall: {total_bytes / total_cpu / 1e6:.2f} MB/s per core (CPU time), {total_bytes / 1e6:.1f} MB processed")


if __name__ == "__main__":
    main()
