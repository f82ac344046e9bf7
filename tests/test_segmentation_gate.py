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


@pytest.mark.parametrize("style", sorted(FLOORS))
def test_segmentation_scores_hold(bench, style):
    r = bench.run(range(bench.HELD_OUT_START, bench.HELD_OUT_START + 60), style)
    exact, titles, f1, leaks = FLOORS[style]
    assert r["exact_count"] >= exact, r
    assert r["titles"] >= titles, r
    assert r["body_f1"] >= f1, r
    assert r["leak_rate"] <= leaks, r
