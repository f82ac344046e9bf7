"""Segmentation benchmark on generated page PDFs (bench/segmentation/pdf_pages.py).

    .venv/bin/python -m bench.segmentation.run_pdf              # 60 held-out pages
    .venv/bin/python -m bench.segmentation.run_pdf --dev --pages 30 --show-worst 5

Prints the same figures as bench.segmentation.run: pages with the exact article count,
titles right, body F1 in reading order, articles with leaked lines, pages/s, and the
slowest page (the issue asks that no page take over 2 s for its layout).
"""

from __future__ import annotations

import argparse
import time

from bench.segmentation.pdf_pages import make_pdf_page
from bench.segmentation.run import DEV_START, HELD_OUT_START
from bench.segmentation.score import HEADER, Totals, figure_line, score_page
from transform import RawPage, TransformError, parse_page


def run(seeds: range) -> dict:
    totals = Totals()
    failed = 0
    elapsed = slowest = 0.0
    for seed in seeds:
        page = make_pdf_page(seed)
        started = time.perf_counter()
        try:
            records = parse_page(RawPage(page.pdf, input_path=f"gen-{seed}.pdf"))
        except TransformError:
            records, failed = [], failed + 1
        took = time.perf_counter() - started
        elapsed, slowest = elapsed + took, max(slowest, took)
        totals.add(score_page(records, page.gold), seed)
    return {**totals.figures(elapsed), "slowest_s": slowest, "failed": failed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--dev", action="store_true", help="DEV seeds instead of the held-out ones")
    ap.add_argument("--show-worst", type=int, default=0)
    a = ap.parse_args()
    start = DEV_START if a.dev else HELD_OUT_START
    r = run(range(start, start + a.pages))
    print(f"{HEADER}{'slowest s':>11}{'failed':>8}")
    print(f"{figure_line(r)}{r['slowest_s']:>11.2f}{r['failed']:>8}")
    if a.show_worst:
        print("   worst seeds:", r["worst"][:a.show_worst])


if __name__ == "__main__":
    main()
