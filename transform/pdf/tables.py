"""Tables on a page PDF: a grid of short cells (a weather table, a list of prices or scores)
is one item of kind "table", never a run of articles.

Why: read as text, a grid's cells are short lines without sentences, and the segmentation took
every bold row of column heads for a headline and the cells under it for a body (a real city
evening paper page: a 14-city weather table came out as six records titled 天气现象, 晴晴晴,
...; another's advertised price grid, 市场价/直销价 under six product names, as junk records
titled 直销价： and 灵 芝). An analyst searching titles or counting articles should not meet
them; the table's data should not be lost either. So the grid becomes one record of kind
"table": its heading (the short headline set right above the grid) as title, and its cells as
rows, a tab between cells and a line break between rows, read left to right, top to bottom.

What makes a grid (all of it, so that articles never qualify), found by geometry, not by
reading order (the cut into columns can put a neighbour's lines between a grid's columns):
- cells: blocks with no sentence punctuation (。！？；，), every printed line at most
  MAX_CELL_CHARS characters, body-sized type (a column of one-character cells, read as
  vertical text, counts line by line);
- every cell has a partner in its row (sharing height, within ROW_GAP_EM ems across) and one in
  its column (left edges, centres or right edges aligned, within COLUMN_GAP_EM ems down): a
  byline or a subhead of an article beside a grid has neither kind of partner;
- linked cells make one grid when there are at least MIN_CELLS of them, in at least two columns
  and MIN_ROWS rows, and no text but cells stands inside the grid's box (irregular cells there,
  a merged cell or a note, join the grid), nor do cells stacked right above or below it within
  its width (a second part under its own row of heads, a source note).

The heading is the headline without sentences set just above the grid, over it; a grid under
two or more headings side by side is that many tables set next to each other, parted between
the headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transform.pdf.shapes import TextBlock

MIN_CELLS = 6
MIN_ROWS = 3
MAX_CELL_CHARS = 12
ROW_GAP_EM = 40.0  # wide grids spread a few cells over a whole page (a 3-cell grid over 6 columns: 22 em)
COLUMN_GAP_EM = 3.0
STACK_GAP_EM = 2.0  # cells this close above or below a grid, within its width, are part of it
ALIGN_PT = 2.0
CELL_SIZE_RATIO = 1.3  # cells are set about body size; larger type is a heading
_SENTENCE = re.compile(r"[。！？；，]")


@dataclass
class Table:
    """The grid's blocks (indices in reading order) and the headline right above it, if any."""

    members: list[int]
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


def _row_mates(a: TextBlock, b: TextBlock) -> bool:
    shared = min(a.bbox.bottom, b.bbox.bottom) - max(a.bbox.top, b.bbox.top)
    gap = max(a.bbox.x0, b.bbox.x0) - min(a.bbox.x1, b.bbox.x1)
    return shared > 0.5 * min(a.size, b.size) and 0 <= gap <= ROW_GAP_EM * max(a.size, b.size)


def _column_mates(a: TextBlock, b: TextBlock) -> bool:
    A, B = a.bbox, b.bbox
    aligned = (abs(A.x0 - B.x0) <= ALIGN_PT or abs(A.x1 - B.x1) <= ALIGN_PT
               or abs((A.x0 + A.x1) - (B.x0 + B.x1)) <= 2 * ALIGN_PT)
    gap = max(A.top, B.top) - min(A.bottom, B.bottom)
    return aligned and gap <= COLUMN_GAP_EM * max(a.size, b.size)


def _partners(blocks: list[TextBlock], cells: list[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Each cell's row partners and column partners. Only near candidates are compared (a sweep
    down the page for rows, buckets of aligned edges for columns), so a page of thousands of
    cells (a stock-quote page) costs about cells x cells-per-row, not cells squared."""
    rows: dict[int, set[int]] = {i: set() for i in cells}
    cols: dict[int, set[int]] = {i: set() for i in cells}
    by_top = sorted(cells, key=lambda i: blocks[i].bbox.top)
    for n, i in enumerate(by_top):
        a = blocks[i]
        for j in by_top[n + 1:]:
            if blocks[j].bbox.top >= a.bbox.bottom:
                break  # sorted by top: nothing further down shares a's height
            if _row_mates(a, blocks[j]):
                rows[i].add(j)
                rows[j].add(i)
    buckets: dict[tuple[str, int], list[int]] = {}
    for i in cells:
        for key in _edge_keys(blocks[i]):
            buckets.setdefault(key, []).append(i)
    for i in cells:
        a = blocks[i]
        near = {j for kind, k in _edge_keys(a) for d in (-1, 0, 1) for j in buckets.get((kind, k + d), ())}
        cols[i] = {j for j in near if j != i and _column_mates(a, blocks[j])}
    return rows, cols


def _edge_keys(b: TextBlock) -> list[tuple[str, int]]:
    """A block's left edge, right edge and middle, in ALIGN_PT-wide buckets."""
    return [("left", int(b.bbox.x0 // ALIGN_PT)), ("right", int(b.bbox.x1 // ALIGN_PT)),
            ("middle", int((b.bbox.x0 + b.bbox.x1) / 2 // ALIGN_PT))]


def find_tables(blocks: list[TextBlock], body: float, heading_kinds: list[bool]) -> list[Table]:
    """Grids among `blocks` (reading order). heading_kinds[i]: block i is set as a heading,
    which may title the grid right above it."""
    cells = [i for i, b in enumerate(blocks) if is_cell(b, body)]
    cell_set = set(cells)
    used: set[int] = set()  # blocks of the tables found so far: a block belongs to one table
    rows, cols = _partners(blocks, cells)
    alive = set(cells)
    changed = True
    while changed:  # a cell needs a row partner and a column partner among the cells left
        changed = False
        for i in sorted(alive):
            if not (rows[i] & alive) or not (cols[i] & alive):
                alive.discard(i)
                changed = True
    tables: list[Table] = []
    seen: set[int] = set()
    for i in sorted(alive):
        if i in seen:
            continue
        group, todo = set(), [i]
        while todo:
            k = todo.pop()
            if k not in group:
                group.add(k)
                todo += [j for j in (rows[k] | cols[k]) & alive if j not in group]
        seen |= group
        if not _is_grid([blocks[k] for k in group]):
            continue
        inside = _inside(blocks, [blocks[k] for k in group]) - used
        if not inside <= cell_set:
            continue  # other text inside the box: not a grid of its own
        group |= inside | _stacked(blocks, inside, cell_set - used, body)
        seen |= group
        used |= group
        others = [b if k not in group else None for k, b in enumerate(blocks)]
        for part, h in _by_heading(blocks, sorted(group), _headings(others, [blocks[k] for k in group], heading_kinds)):
            tables.append(Table(part, h, None if h is None else blocks[h].text.strip(),
                                rows_of([blocks[k] for k in part])))
    return tables


def _is_grid(grid: list[TextBlock]) -> bool:
    """Enough cells, in two columns or more and MIN_ROWS rows or more."""
    return len(grid) >= MIN_CELLS and _count_columns(grid) >= 2 and len(rows_of(grid)) >= MIN_ROWS


def _by_heading(blocks: list[TextBlock], members: list[int], heads: list[int]) -> list[tuple[list[int], int | None]]:
    """The grid with its heading; a grid under several headings side by side (two tables set
    next to each other, their rows level) is parted between them, each part with the heading
    over it, when every part is a grid of its own."""
    if len(heads) < 2:
        return [(members, heads[0] if heads else None)]
    boxes = sorted((blocks[h].bbox.x0, blocks[h].bbox.x1, h) for h in heads)
    nearest: int | None = max(heads, key=lambda h: blocks[h].bbox.bottom)
    whole = [(members, nearest)]  # the grid whole, under the nearest heading
    if any(a[1] > b[0] for a, b in zip(boxes, boxes[1:], strict=False)):  # overlapping: not side by side
        return whole
    cuts = [(a[1] + b[0]) / 2 for a, b in zip(boxes, boxes[1:], strict=False)]
    parts: list[list[int]] = [[] for _ in boxes]
    for k in members:
        middle = (blocks[k].bbox.x0 + blocks[k].bbox.x1) / 2
        parts[sum(middle > c for c in cuts)].append(k)
    if not all(_is_grid([blocks[k] for k in part]) for part in parts):
        return whole
    return [(part, h) for part, (_x0, _x1, h) in zip(parts, boxes, strict=True)]


def _count_columns(grid: list[TextBlock]) -> int:
    lefts: list[float] = []
    for b in sorted(grid, key=lambda b: b.bbox.x0):
        if not lefts or b.bbox.x0 - lefts[-1] > ALIGN_PT:
            lefts.append(b.bbox.x0)
    return len(lefts)


def _inside(blocks: list[TextBlock], grid: list[TextBlock]) -> set[int]:
    """Blocks overlapping the grid's box."""
    x0, x1 = min(b.bbox.x0 for b in grid) + 1, max(b.bbox.x1 for b in grid) - 1
    top, bottom = min(b.bbox.top for b in grid) + 1, max(b.bbox.bottom for b in grid) - 1
    return {k for k, b in enumerate(blocks)
            if b.bbox.x0 < x1 and b.bbox.x1 > x0 and b.bbox.top < bottom and b.bbox.bottom > top}


def _stacked(blocks: list[TextBlock], group: set[int], free_cells: set[int], body: float) -> set[int]:
    """Cells (of `free_cells`) set right above or below the grid, within its width (a second
    part of the table under its own row of heads, a source note), and the cells inside the
    grown box, until none is left: irregular parts of one printed table."""
    group = set(group)
    while True:
        grid = [blocks[k] for k in group]
        x0, x1 = min(b.bbox.x0 for b in grid), max(b.bbox.x1 for b in grid)
        top, bottom = min(b.bbox.top for b in grid), max(b.bbox.bottom for b in grid)
        near = {k for k in free_cells - group
                if min(blocks[k].bbox.x1, x1) - max(blocks[k].bbox.x0, x0) >= 0.5 * blocks[k].bbox.width
                and blocks[k].bbox.top < bottom + STACK_GAP_EM * body
                and blocks[k].bbox.bottom > top - STACK_GAP_EM * body}
        if not near:
            return group
        group |= near


def _headings(blocks: list[TextBlock | None], grid: list[TextBlock], heading_kinds: list[bool]) -> list[int]:
    """Headings without sentences standing just above the grid's top, their middles over the
    grid (blocks: None for the grid's own)."""
    top = min(b.bbox.top for b in grid)
    left, right = min(b.bbox.x0 for b in grid), max(b.bbox.x1 for b in grid)
    found = []
    for k, h in enumerate(blocks):
        if h is None or not heading_kinds[k] or _SENTENCE.search(h.text):
            continue
        gap = top - h.bbox.bottom
        if left <= (h.bbox.x0 + h.bbox.x1) / 2 <= right and -0.5 * h.size <= gap <= 3 * h.size:
            found.append(k)
    return found
