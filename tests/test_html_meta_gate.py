"""Dates and credited names on generated news pages (bench/html_meta.py): every date and byline
form the generator knows, with its traps (update times, previous/next links, related lists and
comments with later dates, today's date in the header, UTC times), on seeds the development
did not look at. Floors a little under the figures measured when they were set (1.00, 1.00)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from html_meta import score  # noqa: E402

HELD_OUT = 900_000
FLOORS = {"dates": 0.98, "names": 0.98}


def test_dates_and_names_on_held_out_generated_pages():
    r = score(200, HELD_OUT, 0)
    for kind, floor in FLOORS.items():
        oks = [ok for form in r[kind].values() for ok in form]
        share = sum(oks) / len(oks)
        worst = min(r[kind].items(), key=lambda kv: sum(kv[1]) / len(kv[1]))
        assert share >= floor, (kind, share, worst[0])
