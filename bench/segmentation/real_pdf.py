"""Segmentation on real page PDFs (../shared/epaper-real), against hand labels kept as hashes.

    .venv/bin/python -m bench.segmentation.real_pdf [--verbose]

The labels (bench/segmentation/real_gold.json) give, for every article and credited photo of a
labelled page, the sha1 of its title and of the first and last 8 characters of its body
(whitespace removed): the pages' text belongs to their publishers and is not stored here.
Printed per page and in total:

- exact count: the page yields as many article and photo records as it has labelled items;
- found: labelled items whose body a record starts and ends exactly as labelled (a label may
  leave the start or the end open when the page does not settle it);
- titles: labelled titles carried by the record found for that item;
- tables: records of kind "table" (a grid, transform.pdf.tables). Labels cover articles and
  credited photos only, so tables are counted apart and not in "records".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

from transform import RawPage, TransformError, parse_page

HERE = Path(__file__).resolve().parent
REAL = HERE.parents[2] / "shared" / "epaper-real"
GOLD = HERE / "real_gold.json"


def _h(text: str) -> str:
    return hashlib.sha1(re.sub(r"\s+", "", text).encode()).hexdigest()[:16]


def score(records: list[dict], labels: list[dict], n: int) -> tuple[int, int, int, int]:
    """(exact count, found, titled labels, titles right) for one page."""
    bodies = [re.sub(r"\s+", "", r.get("body") or "") for r in records]
    found = titled = right = 0
    for lab in labels:
        match = next((i for i, b in enumerate(bodies)
                      if (lab["starts"] is None or _h(b[:n]) == lab["starts"])
                      and (lab["ends"] is None or _h(b[-n:]) == lab["ends"])), None)
        found += match is not None
        if lab["title"] is not None:
            titled += 1
            right += match is not None and _h(records[match].get("title") or "") == lab["title"]
    return int(len(records) == len(labels)), found, titled, right


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    totals = [0, 0, 0, 0, 0, 0]  # pages, exact, labels, found, titled, right
    print(f"{'page':<26}{'labels':>7}{'records':>8}{'found':>7}{'titles':>8}{'tables':>7}")
    for name, labels in gold["pages"].items():
        try:
            records = parse_page(RawPage((REAL / name).read_bytes(), input_path=name))
        except TransformError:
            records = []
        tables = [r for r in records if r["kind"] == "table"]
        records = [r for r in records if r["kind"] != "table"]
        exact, found, titled, right = score(records, labels, gold["chars"])
        print(f"{name:<26}{len(labels):>7}{len(records):>8}{found:>7}{right:>5}/{titled:<3}{len(tables):>7}")
        for i, v in enumerate((1, exact, len(labels), found, titled, right)):
            totals[i] += v
        if a.verbose:
            for r in records:
                print("   ", (r.get("title") or "-")[:24], len(r.get("body") or ""))
    pages, exact, labels, found, titled, right = totals
    print(f"exact count {exact}/{pages}  found {found}/{labels} ({found / max(1, labels):.2f})  "
          f"titles {right}/{titled} ({right / max(1, titled):.2f})")


if __name__ == "__main__":
    main()
