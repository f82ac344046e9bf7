"""Which kind of text dump a page is, read from the text itself (never the file name)."""

from __future__ import annotations

import re
import statistics

from transform.common.fields import DATELINE_START, attribution_names
from transform.common.reflow import width

EPAPER_LINES = "epaper_lines"  # one column line per line
EPAPER_BLOCKS = "epaper_blocks"  # one paragraph per line, column breaks left as spaces
WEB = "web"  # a single article as a web page renders it

_COLUMN_SPACE = re.compile(r"[\u4e00-\u9fff，。、；：“”》《]\s[\u4e00-\u9fff，。、；：“”《》]")


def detect_layout(lines: list[str]) -> str:
    nonblank = [ln.strip() for ln in lines if ln.strip()]
    if not nonblank:
        return WEB
    widths = sorted(width(ln) for ln in nonblank)
    p90 = widths[min(len(widths) - 1, int(len(widths) * 0.9))]
    long = [ln for ln in nonblank if width(ln) >= 40]
    # Column breaks recur every 10-30 characters; a byline's few spaces do not count.
    spaced = [ln for ln in long if len(_COLUMN_SPACE.findall(ln)) >= max(2, width(ln) / 40)]
    # Two paragraphs wider than any column line, with column-break spaces, are never column
    # lines, however many short lines (vertical headline characters, titles) the page has.
    if len(nonblank) >= 12 and p90 <= 30 and statistics.median(widths) >= 6 and len(spaced) < 2:
        return EPAPER_LINES
    if len(spaced) >= 2 and len(spaced) / len(long) >= 0.3:
        return EPAPER_BLOCKS
    attributions = sum(1 for ln in nonblank if attribution_names(ln))
    datelines = sum(1 for ln in nonblank if DATELINE_START.match(ln))
    if attributions >= 3 or datelines >= 2:
        return EPAPER_BLOCKS
    return WEB
