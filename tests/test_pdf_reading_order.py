"""Reading order never fails for a page's geometry: the XY-cut runs as a loop whose every step
splits its part, so a line ending a fraction of a point past the next column's left edge, or
thousands of blocks, cannot send it into endless recursion."""

from __future__ import annotations

import random
import time

from transform.pdf.shapes import BBox, TextBlock, reading_order


def _block(x0: float, top: float, x1: float, bottom: float, text: str) -> TextBlock:
    return TextBlock(bbox=BBox(x0, top, x1, bottom), lines=[text], text=text, size=10.0)


def test_a_line_overhanging_the_next_column_is_read_not_looped():
    # A's right edge passes B's left edge by 0.3 pt: a gap appears between the shrunk boxes,
    # yet both blocks start left of its middle, so a cut there leaves one part.
    a = _block(0, 100, 100.3, 112, "左栏")
    b = _block(100, 100, 200, 112, "右栏")
    got = reading_order([a, b], [], [], [], 10.0)
    assert [blk.text for blk in got] == ["左栏", "右栏"]


def test_thousands_of_jittered_blocks_finish_quickly():
    rng = random.Random(5)
    blocks = []
    for i in range(3000):
        col = i % 6
        x0 = col * 80 + rng.uniform(-0.6, 0.6)
        top = (i // 6) * 12 + rng.uniform(-0.4, 0.4)
        blocks.append(_block(x0, top, x0 + 80.4 + rng.uniform(-0.5, 0.5), top + 11, f"b{i}"))
    started = time.monotonic()
    got = reading_order(blocks, [], [], [], 10.0)
    assert sorted(b.text for b in got) == sorted(b.text for b in blocks)
    assert time.monotonic() - started < 20
