"""Quality gate: our extractor's scores on the shared html-dev pages must not drop.

Like trafilatura's evaluation gate: the scores are measured with bench/extract_html.py
(same loader and metrics, imported from there; no bench dependencies are needed for our own
extractor) and pinned slightly below the measured value. Raise the pins when the extractor
improves; a drop below them fails the build.
"""

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import corpus_missing

REPO = Path(__file__).resolve().parents[1]
HTML_DEV = Path(__file__).resolve().parents[2] / "shared" / "html-dev"

# Measured on 20 html-dev pages: mean F1 0.957, date accuracy 0.875 (14/16) on 2026-11-27;
# credited names 0.938 (15/16) on 2026-12-04, later session (0.625 before the forum author field,
# 0.688 before the blog post field 由…张贴 @ time, 0.812 before a blog's owner from its frame
# and its address).
# Dates 0.812 (13/16) since English dates are read (2026-12-04, this session): on 35687fb1 the post's
# own "Saturday, September 10th, 2005 10:56 am" now dates it, where the gold keeps the site's clock
# in the header bar, "2006年12月27日（京港台时间）", which the extractor used to take by default.
PINNED_F1 = 0.952
PINNED_DATE_ACC = 0.81
PINNED_AUTHOR_ACC = 0.93


def _bench():
    spec = importlib.util.spec_from_file_location("bench_extract_html", REPO / "bench" / "extract_html.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores():
    if not (HTML_DEV.is_dir() and any(HTML_DEV.glob("*/gold.json"))):
        corpus_missing(f"html-dev pages not found at {HTML_DEV}: quality gate not run")
    bench = _bench()
    pages = [p for p in bench.load_pages(HTML_DEV) if p.group == "html-dev"]
    return bench.run("ours", bench.ours, pages, repeat=1)["html-dev"]


def test_mean_f1_does_not_drop(scores):
    assert scores["n"] >= 10
    assert scores["f1"] >= PINNED_F1, f"mean F1 {scores['f1']:.3f} fell below the pinned {PINNED_F1}"


def test_date_accuracy_does_not_drop(scores):
    assert scores["date_acc"] >= PINNED_DATE_ACC, f"date accuracy {scores['date_acc']:.3f} < {PINNED_DATE_ACC}"


def test_credited_names_do_not_drop(scores):
    assert scores["author_acc"] >= PINNED_AUTHOR_ACC, (
        f"credited-name accuracy {scores['author_acc']:.3f} < {PINNED_AUTHOR_ACC}")


def test_no_page_collapses(scores):
    # One page scoring near zero means a whole article was lost (wrong container or a crash).
    worst = min(scores["per_page"].items(), key=lambda kv: kv[1])
    assert worst[1] >= 0.3, f"{worst[0]} scored F1 {worst[1]}"
