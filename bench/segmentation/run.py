"""Segmentation benchmark: generated e-paper text dumps through transform.parse_page.

    .venv/bin/python -m bench.segmentation.run                 # held-out seeds, both styles
    .venv/bin/python -m bench.segmentation.run --dev           # the seeds rules may be tuned on
    .venv/bin/python -m bench.segmentation.run --pages 200 --show-worst 3

Prints, per style: pages with the exact article count, titles right, body F1 in reading
order, articles with leaked lines, pages/s. DEV seeds start at 0, HELD-OUT seeds at 100000:
tune on the first, report the second (docs/segmentation.md).
"""

from __future__ import annotations

import argparse
import time

from bench.segmentation.generate import make_page
from bench.segmentation.score import HEADER, Totals, figure_line, score_page
from transform import RawPage, TransformError, parse_page

DEV_START, HELD_OUT_START = 0, 100_000


def run(seeds: range, style: str) -> dict:
    totals = Totals()
    started = time.perf_counter()
    for seed in seeds:
        page = make_page(seed, style)
        try:
            records = parse_page(RawPage(page.text.encode("utf-8"), input_path=f"gen-{seed}.txt"))
        except TransformError:
            records = []
        totals.add(score_page(records, page.gold), seed)
    return {"style": style, **totals.figures(time.perf_counter() - started)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100, help="pages per style")
    ap.add_argument("--dev", action="store_true", help="DEV seeds instead of the held-out ones")
    ap.add_argument("--show-worst", type=int, default=0, help="print the worst pages' seeds")
    a = ap.parse_args()
    start = DEV_START if a.dev else HELD_OUT_START
    print(f"{'style':<8}{HEADER}")
    for style in ("after", "before"):
        r = run(range(start, start + a.pages), style)
        print(f"{style:<8}{figure_line(r)}")
        if a.show_worst:
            print("   worst seeds:", r["worst"][:a.show_worst])


if __name__ == "__main__":
    main()
