"""Which kind of text dump a page is, read from the text itself (never the file name)."""

from __future__ import annotations

import re
import statistics

from transform.common.bylines import DATELINE_START, attribution_names, split_trailing_attribution
from transform.common.names import split_names, unmarked
from transform.common.reflow import width

EPAPER_LINES = "epaper_lines"  # one column line per line
EPAPER_BLOCKS = "epaper_blocks"  # one paragraph per line, column breaks left as spaces
WEB = "web"  # a single article as a web page renders it

_COLUMN_SPACE = re.compile(r"[\u4e00-\u9fff，。、；：“”》《]\s[\u4e00-\u9fff，。、；：“”《》]")


def detect_layout(lines: list[str]) -> str:
    nonblank = [ln.strip() for ln in lines if ln.strip()]
    if not nonblank:
        return WEB
    # Single characters (a vertical headline read across) say nothing about the column lines.
    widths = sorted(width(ln) for ln in nonblank if width(ln) > 1) or [1.0]
    p90 = widths[min(len(widths) - 1, int(len(widths) * 0.9))]
    long = [ln for ln in nonblank if width(ln) >= 40]
    # Column breaks recur every 10-30 characters; a byline's few spaces do not count.
    spaced = [ln for ln in long if len(_COLUMN_SPACE.findall(ln)) >= max(2, width(ln) / 40)]
    # Two paragraphs wider than any column line, with column-break spaces, are never column
    # lines, however many short lines (vertical headline characters, titles) the page has.
    if len(widths) >= 12 and p90 <= 30 and statistics.median(widths) >= 6 and len(spaced) < 2:
        return EPAPER_LINES
    if len(spaced) >= 2 and len(spaced) / len(long) >= 0.3:
        return EPAPER_BLOCKS
    attributions = sum(1 for ln in nonblank if attribution_names(ln))
    datelines = sum(1 for ln in nonblank if DATELINE_START.match(ln))
    if attributions >= 3 or datelines >= 2:
        return EPAPER_BLOCKS
    if _epaper_evidence(nonblank, len(spaced)) >= EPAPER_EVIDENCE:
        return EPAPER_BLOCKS
    return WEB


EPAPER_EVIDENCE = 4


def _epaper_evidence(nonblank: list[str], spaced: int) -> int:
    """Weighed signs of an e-paper page that the single signals above missed (a short page):
    paragraphs with column-break spaces (2 each), a vertical headline read across as a run of
    single characters (2), byline lines of names only, closing attributions and datelines
    (1 each). A web article has at most its one byline."""
    score = 2 * min(spaced, 2)
    run = best = 0
    for ln in nonblank:
        run = run + 1 if width(ln) == 1 else 0
        best = max(best, run)
    score += 2 if best >= 3 else 0
    return score + sum(1 for ln in nonblank if _names_only(ln) or split_trailing_attribution(ln)
                       or DATELINE_START.match(ln))


def _names_only(line: str) -> bool:
    return width(line) <= 24 and not re.search(r"[。，,！？：:]", line) and split_names(unmarked(line)) is not None
