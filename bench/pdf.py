"""Page PDFs: reading the layout versus extracting plain text, on the test PDFs.

For every PDF that tests/pdf_factory.py makes (and tests/fixtures/pdf describes), three
ways to records are timed and scored:

- layout: transform.pdf.reader.read_pdf + transform.pdf.articles.parse_pdf (what the pipeline runs);
- plumber-text: pdfplumber's page.extract_text() per page, then the text-dump transform
  (transform.parse_page) on that text;
- pypdf-text: the same with pypdf's extract_text(), when pypdf is installed (it is not a
  project dependency: `uv run --with pypdf python bench/pdf.py`). Caveat: pypdf follows
  the drawing order, and our generator draws each article in reading order, which real
  e-paper PDFs do not promise; its score here is a best case.

Article-boundary accuracy: an expected article is found when one record's body starts
with its body_starts (within the first len + 40 characters, as the text fixtures match)
and ends with its body_ends, whitespace ignored. Precision is found records / records,
recall found / expected. Titles: found articles whose title is right. Pages/s is CPU
time on one core, a warm-up call first.

    .venv/bin/python bench/pdf.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import pdf_factory  # noqa: E402
from transform import RawPage, TransformError, parse_page  # noqa: E402
from transform.pdf.articles import parse_pdf  # noqa: E402
from transform.pdf.reader import read_pdf  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
READ_AT = datetime(2024, 7, 1, tzinfo=UTC)


def ws(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def via_layout(data: bytes) -> list[dict]:
    return parse_pdf(read_pdf(data), RawPage(data), read_at=READ_AT)


def via_text(pages: Callable[[bytes], list[str]]) -> Callable[[bytes], list[dict]]:
    def run(data: bytes) -> list[dict]:
        text = "\n\n".join(pages(data))
        try:
            return parse_page(RawPage(text.encode("utf-8")), read_at=READ_AT)
        except TransformError:
            return []

    return run


def plumber_pages(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def pypdf_pages(data: bytes) -> list[str]:
    import pypdf

    return [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def score(expected: dict, records: list[dict]) -> tuple[int, int, int]:
    """(found, records, titles right) for one PDF."""
    found = titles = 0
    used: set[int] = set()
    for art in expected["articles"]:
        start, end = ws(art["body_starts"]), ws(art["body_ends"])
        for i, r in enumerate(records):
            body = ws(r.get("body"))
            if i not in used and start in body[: len(start) + 40] and body.endswith(end):
                used.add(i)
                found += 1
                titles += ws(r.get("title")) == ws(art.get("title"))
                break
    return found, len(records), titles


def timed(fn: Callable[[bytes], list[dict]], data: bytes, seconds: float) -> tuple[list[dict], float, int]:
    records = fn(data)  # warm-up (imports, OpenCC, CMaps)
    runs, cpu0, wall0 = 0, time.process_time(), time.perf_counter()
    while runs < 3 or time.perf_counter() - wall0 < seconds:
        fn(data)
        runs += 1
    return records, (time.process_time() - cpu0) / runs, runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="minimum time per PDF and method")
    args = ap.parse_args()
    methods: dict[str, Callable[[bytes], list[dict]]] = {
        "layout": via_layout,
        "plumber-text": via_text(plumber_pages),
    }
    try:
        import pypdf  # noqa: F401

        methods["pypdf-text"] = via_text(pypdf_pages)
    except ImportError:
        print("(pypdf not installed: pypdf-text skipped)")
    totals = {m: [0, 0, 0, 0, 0.0, 0] for m in methods}  # found, records, titles, expected, cpu, pages
    print(f"{'pdf':8} {'method':13} {'pages':>5} {'pages/s':>8} {'records':>7} {'found':>9} {'titles':>7}")
    for path in sorted(FIXTURES.glob("*.expected.json")):
        name = path.name.removesuffix(".expected.json")
        expected = json.loads(path.read_text(encoding="utf-8"))
        data = pdf_factory.pdf(name)
        for method, fn in methods.items():
            records, cpu, _runs = timed(fn, data, args.seconds)
            found, n, titles = score(expected, records)
            want = expected["article_count"]
            t = totals[method]
            for k, v in enumerate((found, n, titles, want, cpu, expected["pages"])):
                t[k] += v
            print(f"{name:8} {method:13} {expected['pages']:5d} {expected['pages'] / cpu:8.1f} {n:7d} {found:4d}/{want:<4d} {titles:7d}")
    print()
    print(f"{'method':13} {'pages/s':>8} {'precision':>9} {'recall':>7} {'F1':>6} {'titles':>7}")
    for method, (found, n, titles, want, cpu, pages) in totals.items():
        p = found / n if n else 0.0
        r = found / want if want else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{method:13} {pages / cpu:8.1f} {p:9.2f} {r:7.2f} {f1:6.2f} {titles:3d}/{want:<3d}")


if __name__ == "__main__":
    main()
