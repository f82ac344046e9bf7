"""Segmentation gate: generated e-paper dumps (bench/segmentation) must not score lower than
the figures pinned here, measured on the same 60 held-out pages per style (2026-12-04, the
widened generator: after 0.983 exact / 0.939 titles / 0.986 F1 / 0.042 leaks; before 0.967 /
0.984 / 0.995 / 0.004).
Raise the floors when segmentation improves; never lower them to let a change through."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import corpus_missing

ROOT = Path(__file__).resolve().parent.parent
FLOORS = {  # style: (exact count, titles, body F1, leak rate ceiling)
    "after": (0.95, 0.92, 0.975, 0.06),
    "before": (0.93, 0.96, 0.985, 0.02),
}


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT))
    from bench.segmentation import generate, run

    if not any(generate.HTML_DEV.glob("*/gold.json")):
        corpus_missing(f"html-dev texts not found at {generate.HTML_DEV}: segmentation gate not run")
    return run


PDF_FLOORS = (0.85, 0.94, 0.98, 0.03)  # 30 held-out PDFs (ads, named writers since 2026-12-04 evening): 0.97 / 1.00 / 0.995 / 0.02
REAL_FLOORS = (21, 19, 3)  # real labelled pages: found whole, titles right, exact counts (2026-12-04 evening: 22, 20, 3)


@pytest.mark.parametrize("style", sorted(FLOORS))
def test_segmentation_scores_hold(bench, style):
    r = bench.run(range(bench.HELD_OUT_START, bench.HELD_OUT_START + 60), style)
    exact, titles, f1, leaks = FLOORS[style]
    assert r["exact_count"] >= exact, r
    assert r["titles"] >= titles, r
    assert r["body_f1"] >= f1, r
    assert r["leak_rate"] <= leaks, r


def test_pdf_segmentation_scores_hold(bench):
    from bench.segmentation import run_pdf

    r = run_pdf.run(range(bench.HELD_OUT_START, bench.HELD_OUT_START + 30))
    exact, titles, f1, leaks = PDF_FLOORS
    assert r["failed"] == 0 and r["slowest_s"] < 2.0, r
    assert r["exact_count"] >= exact, r
    assert r["titles"] >= titles, r
    assert r["body_f1"] >= f1, r
    assert r["leak_rate"] <= leaks, r


def test_real_page_pdfs_hold(bench):
    import json

    from bench.segmentation import real_pdf
    from transform import RawPage, parse_page

    if not real_pdf.REAL.is_dir():
        corpus_missing(f"real page PDFs not found at {real_pdf.REAL}")
    gold = json.loads(real_pdf.GOLD.read_text(encoding="utf-8"))
    found = right = exact = 0
    for name, labels in gold["pages"].items():
        records = parse_page(RawPage((real_pdf.REAL / name).read_bytes(), input_path=name))
        records = [r for r in records if r["kind"] != "table"]  # labels cover articles and photos
        e, f, _titled, t = real_pdf.score(records, labels, gold["chars"])
        found, right, exact = found + f, right + t, exact + e
    floor_found, floor_right, floor_exact = REAL_FLOORS
    assert found >= floor_found and right >= floor_right and exact >= floor_exact, (found, right, exact)
