"""Reading order never fails for a page's geometry: the XY-cut runs as a loop whose every step
splits its part, so a line ending a fraction of a point past the next column's left edge, or
thousands of blocks, cannot send it into endless recursion."""

from __future__ import annotations

import random
import time

from transform.pdf.order import reading_order
from transform.pdf.shapes import BBox, TextBlock


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


def _head(x0: float, top: float, x1: float, bottom: float, text: str) -> TextBlock:
    return TextBlock(bbox=BBox(x0, top, x1, bottom), lines=[text], text=text, size=24.0)


def test_an_articles_last_column_beside_a_lower_article_goes_home():
    """Article A (full-width headline) ends in a right-hand column; under that column a ruled
    box (a weather table) runs down beside article B, whose headline spans only the columns
    left of it. No white space crosses the page, so the cut parts it at the column's gutter and
    read A's last column after B; it belongs at the end of A. The boxed table, under its rule,
    stays where it was read."""
    blocks = [
        _head(0, 0, 600, 30, "HA"),
        _block(0, 40, 190, 330, "A1"), _block(200, 40, 390, 140, "A2"), _block(400, 40, 600, 250, "A3"),
        _head(0, 340, 390, 365, "HB"),
        _block(0, 375, 190, 600, "B1"), _block(200, 375, 390, 600, "B2"),
        _block(400, 290, 600, 600, "T"),
    ]
    got = [b.text for b in reading_order(blocks, [BBox(200, 150, 390, 330)], [(400, 600, 270)], [], 10.0)]
    assert got.index("A3") < got.index("HB")
    assert got[:4] == ["HA", "A1", "A2", "A3"] and got.index("T") > got.index("HB")


def test_a_column_under_its_own_vertical_headline_stays():
    """A block read after a vertical headline group (title and a subtitle in pieces, the last
    piece starting lower than the block ends) that starts beside it is that article's: the
    group's top decides, not its last piece's."""
    def vertical(x0: float, top: float, x1: float, bottom: float, text: str) -> TextBlock:
        return TextBlock(bbox=BBox(x0, top, x1, bottom), lines=[text], text=text, size=24.0, vertical=True)

    blocks = [
        _head(0, 0, 600, 30, "HA"), _block(0, 40, 600, 100, "A1"),
        vertical(0, 110, 26, 400, "竖题"), vertical(28, 110, 38, 200, "副一"), vertical(28, 250, 38, 400, "副二"),
        _block(40, 112, 300, 140, "V0"), _block(40, 150, 300, 400, "V1"), _block(310, 112, 600, 400, "V2"),
    ]
    got = [b.text for b in reading_order(blocks, [], [], [], 10.0)]
    assert got.index("V0") > got.index("副二") and got[:2] == ["HA", "A1"]
    assert [t for t in got if t.startswith("V")] == ["V0", "V1", "V2"]


def test_an_articles_continuation_beside_the_next_headline_stays_with_its_own():
    """A's headline, byline and one-line first paragraph stand over its column; the rest of
    that column starts on the row where B (headline centred over the next column only) starts
    its body. The continuation is A's: its column reaches A's headline through its byline and
    first paragraph, however far below that headline it starts."""
    blocks = [
        _head(10, 165, 195, 182, "HA"), _block(60, 191, 145, 200, "A-by"), _block(18, 211, 198, 220, "A1"),
        _block(0, 225, 205, 315, "A2"), _block(0, 319, 205, 423, "A3"),
        _head(256, 165, 384, 196, "HB"), _block(273, 205, 367, 214, "B-by"),
        _block(217, 225, 423, 261, "B1"), _block(217, 293, 423, 518, "B2"),
    ]
    got = [b.text for b in reading_order(blocks, [], [], [], 9.0)]
    assert got == ["HA", "A-by", "A1", "A2", "A3", "HB", "B-by", "B1", "B2"]


def test_a_frame_edge_beside_a_column_does_not_cut_its_paragraphs():
    """A framed box (left) ends in line with a paragraph gap of the column beside it: its lower
    edge is drawn as a rule over the box only, so the column's two paragraphs stay one run."""
    blocks = [
        _block(0, 10, 400, 190, "box"),
        _head(420, 0, 600, 20, "H"), _block(420, 30, 600, 195, "P1"), _block(420, 200, 600, 300, "P2"),
        _block(0, 210, 400, 300, "below"),
    ]
    got = reading_order(blocks, [], [(0, 405, 197)], [(0, 5, 197), (405, 5, 197)], 10.0)
    p2 = next(b for b in got if b.text == "P2")
    assert p2.sep_before != "rule"
    assert [b.text for b in got].index("P2") == [b.text for b in got].index("P1") + 1


def test_a_writers_name_under_a_wide_headline_is_read_right_after_it():
    """A commentary's headline runs over three columns and the writer's name (□张三) is set
    centred under it, over the middle column: the cut reads the left column first, which put
    the name mid-article. The name is read right after the headline, the columns in order."""
    blocks = [
        _head(60, 0, 540, 30, "H"),
        _block(270, 45, 330, 52, "□张三"),  # closer to the columns than to the headline
        _block(0, 55, 190, 400, "C1"), _block(200, 55, 390, 400, "C2"), _block(400, 55, 600, 400, "C3"),
    ]
    got = [b.text for b in reading_order(blocks, [], [], [], 10.0)]
    assert got == ["H", "□张三", "C1", "C2", "C3"]


def test_a_columns_last_line_with_a_credit_is_no_writers_name():
    """A one-line block that closes a paragraph (`心。（张三）`) is not a name line: it neither
    moves before the columns nor stops an article's first column from following its headline."""
    from transform.pdf.order import _deck_shaped

    assert _deck_shaped(_block(0, 0, 60, 10, "□张三 李四")) and _deck_shaped(_block(0, 0, 60, 10, "——跑出加速度"))
    assert not _deck_shaped(_block(0, 0, 60, 10, "心。（林娟 邵桂）"))
