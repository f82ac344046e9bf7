"""Tables on a page PDF: a grid of short cells (a weather table, a list of prices or scores)
is one item of kind "table", never a run of articles.

Why: read as text, a grid's cells are short lines without sentences, and the segmentation took
every bold row of column heads for a headline and the cells under it for a body (a real city
evening paper page: a 14-city weather table came out as six records titled 天气现象, 晴晴晴,
...; another's advertised price grid, 市场价/直销价 under six product names, as junk records
titled 直销价： and 灵 芝). An analyst searching titles or counting articles should not meet
them; the table's data should not be lost either. So the grid becomes one record of kind "table": its heading (the
short headline set right above the grid) as title, and its cells as rows, a tab between cells
and a line break between rows, read left to right, top to bottom.

What makes a grid (all of it, so that articles never qualify):
- at least MIN_CELLS consecutive blocks in reading order that are cells: no sentence
  punctuation (。！？；，), every printed line at most MAX_CELL_CHARS characters, body-sized
  type (a column of one-character cells, read as vertical text, counts line by line);
- set side by side: at least MIN_SIDE_BY_SIDE pairs of these blocks share a stretch of height
  while standing apart across the page (rows of a grid, not a list down one column).

A cell block of several lines is spread over its height line by line (lines in one block are
set at one leading), so its lines join the rows they stand on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transform.pdf.shapes import TextBlock

MIN_CELLS = 6
MAX_CELL_CHARS = 12
MIN_SIDE_BY_SIDE = 3
CELL_SIZE_RATIO = 1.3  # cells are set about body size; larger type is a heading
_SENTENCE = re.compile(r"[。！？；，]")


@dataclass
class Table:
    """Blocks start..end (exclusive, reading order) are the grid; heading is the index of the
    headline right above it, if any."""

    start: int
    end: int
    heading: int | None
    heading_text: str | None
    rows: list[list[str]]

    @property
    def text(self) -> str:
        return "\n".join("\t".join(row) for row in self.rows)


def is_cell(b: TextBlock, body: float) -> bool:
    """A block that can be a grid cell (see the module docstring)."""
    return (b.size <= CELL_SIZE_RATIO * body and not _SENTENCE.search(b.text)
            and all(len(line) <= MAX_CELL_CHARS for line in _lines(b)) and bool(b.text.strip()))


def _lines(b: TextBlock) -> list[str]:
    """A block's printed lines, top to bottom; body-size characters stacked one per row (a
    column of one-character cells, which the line finder reads as vertical text) are lines."""
    if b.vertical:
        return [c for c in b.text if not c.isspace()]
    return [line.strip() for line in (b.lines or [b.text]) if line.strip()]


def _side_by_side(blocks: list[TextBlock]) -> int:
    """Pairs of blocks sharing height while apart across the page."""
    n = 0
    for i, a in enumerate(blocks):
        for b in blocks[i + 1:]:
            shared = min(a.bbox.bottom, b.bbox.bottom) - max(a.bbox.top, b.bbox.top)
            apart = a.bbox.x1 <= b.bbox.x0 or b.bbox.x1 <= a.bbox.x0
            if apart and shared > 0.5 * min(a.size, b.size):
                n += 1
                if n >= MIN_SIDE_BY_SIDE:
                    return n
    return n


def rows_of(blocks: list[TextBlock]) -> list[list[str]]:
    """The cells' lines grouped into rows by height, each row read left to right."""
    cells: list[tuple[float, float, str]] = []  # (middle height, left edge, text)
    for b in blocks:
        lines = _lines(b)
        step = (b.bbox.bottom - b.bbox.top) / max(1, len(lines))
        cells += [(b.bbox.top + (k + 0.5) * step, b.bbox.x0, line) for k, line in enumerate(lines)]
    cells.sort()
    rows: list[list[tuple[float, str]]] = []
    tolerance = 0.5 * min(b.size for b in blocks)
    row_mid = None
    for mid, x0, text in cells:
        if row_mid is None or mid - row_mid > tolerance:
            rows.append([])
            row_mid = mid
        rows[-1].append((x0, text))
    return [[text for _x, text in sorted(row)] for row in rows]


def find_tables(blocks: list[TextBlock], body: float, heading_kinds: list[bool]) -> list[Table]:
    """Grids among `blocks` (reading order). heading_kinds[i]: block i is set as a heading,
    which may title the grid right under it."""
    tables: list[Table] = []
    i = 0
    while i < len(blocks):
        if not is_cell(blocks[i], body):
            i += 1
            continue
        j = i
        while j < len(blocks) and is_cell(blocks[j], body):
            j += 1
        run = blocks[i:j]
        if len(run) >= MIN_CELLS and _side_by_side(run) >= MIN_SIDE_BY_SIDE:
            h = _heading(blocks, i, j, heading_kinds)
            tables.append(Table(i, j, h, None if h is None else blocks[h].text.strip(), rows_of(run)))
        i = j
    return tables


def _heading(blocks: list[TextBlock], start: int, end: int, heading_kinds: list[bool]) -> int | None:
    """The block right before the grid when it is a heading without sentences standing just
    above the grid's top and over its width."""
    h = start - 1
    if h < 0 or not heading_kinds[h] or _SENTENCE.search(blocks[h].text):
        return None
    head = blocks[h].bbox
    top = min(b.bbox.top for b in blocks[start:end])
    left, right = min(b.bbox.x0 for b in blocks[start:end]), max(b.bbox.x1 for b in blocks[start:end])
    near = -0.5 * blocks[h].size <= top - head.bottom <= 3 * blocks[h].size
    return h if near and head.x0 < right and head.x1 > left else None
