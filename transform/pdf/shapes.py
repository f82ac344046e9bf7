"""The layout of a newspaper page PDF, as transform.pdf.reader reads it and transform.pdf.articles uses it.

Plain dataclasses with no PDF library behind them: extract/ fills them from the file,
transform/ turns them into articles, and tests can build them by hand. Coordinates are
PDF points measured from the page's top-left corner (y grows downwards), as pdfplumber
reports them.

What the extractor has already decided is geometric only: which characters form a line,
which lines form a block (a paragraph piece in one column, or a heading), the order in
which a reader meets the blocks, and what separates each block from the one before.
Whether a block is a title, a byline or a caption is the transform's call.

The geometry that needs no PDF library lives here too (header/footer bands, captions
under figures, the recursive XY-cut), so it can be tested on pages built by hand: rules
first, then column gutters (a column is read to its bottom before the next), then the
widest horizontal gap. transform.pdf.order runs the cut and mends what it reads out of place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

# What stands between a block and the previous one in reading order.
SEP_PAGE = "page"  # first block of the page
SEP_RULE = "rule"  # a drawn rule or a frame edge
SEP_GAP = "gap"  # whitespace taller than a blank line
SEP_COLUMN = "column"  # a column break: the previous block is in another column
SEP_LINE = "line"  # the next block down the same column
_STRENGTH = {SEP_LINE: 0, SEP_COLUMN: 1, SEP_GAP: 2, SEP_RULE: 3, SEP_PAGE: 4}
MAX_DEPTH = 200  # XY-cut levels before a part is read row by row; far beyond any real page


@dataclass(frozen=True)
class BBox:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def x_overlap(self, other: BBox) -> float:
        return max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))

    def y_overlap(self, other: BBox) -> float:
        return max(0.0, min(self.bottom, other.bottom) - max(self.top, other.top))

    def union(self, other: BBox) -> BBox:
        return BBox(min(self.x0, other.x0), min(self.top, other.top), max(self.x1, other.x1), max(self.bottom, other.bottom))

    def contains(self, other: BBox, slack: float = 1.0) -> bool:
        return (
            other.x0 >= self.x0 - slack
            and other.x1 <= self.x1 + slack
            and other.top >= self.top - slack
            and other.bottom <= self.bottom + slack
        )


@dataclass
class TextBlock:
    """A run of lines set alike: a paragraph piece in one column, or a heading.

    lines: the printed lines top to bottom (a vertical headline is one line, read top
    to bottom). text: the lines joined as one paragraph (no spaces at line breaks
    except between Latin words). indent: the first line starts about two characters in,
    which opens a paragraph in Chinese typesetting. open_end: the last line runs to the
    column's right edge, so the paragraph may go on in the next block.
    """

    text: str
    bbox: BBox
    size: float
    bold: bool = False
    lines: list[str] = field(default_factory=list)
    vertical: bool = False
    indent: bool = False
    open_end: bool = False
    sep_before: str = SEP_PAGE
    band: str = "body"  # header | body | footer (above the top rule, below the bottom rule) | ad (transform.pdf.ads)
    caption_of: int | None = None  # index into PdfPage.figures: printed right under that figure
    in_frame: bool = False  # inside a drawn box together with other text (boxed article)


@dataclass
class PdfPage:
    """One page: its blocks in reading order and the figures (photo boxes) among them."""

    number: int  # 1-based position in the PDF
    width: float
    height: float
    blocks: list[TextBlock] = field(default_factory=list)
    figures: list[BBox] = field(default_factory=list)
    body_size: float = 0.0  # the commonest type size: the page's body text
    char_count: int = 0
    unmapped: int = 0  # glyphs whose font gives no Unicode (pdfminer's "(cid:N)"), left out
    scanned: bool = False  # images but no text: a scan, which needs OCR


@dataclass
class PdfDocument:
    pages: list[PdfPage] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # /Title, /Subject, /CreationDate, ...
    flags: list[str] = field(default_factory=list)  # e.g. pdf_encrypted_no_password, pdf_pages_truncated:N

    def text(self) -> str:
        """All block text in reading order, pages separated by a blank line (debugging, bench)."""
        return "\n\n".join("\n".join(b.text for b in p.blocks) for p in self.pages)


# --- Geometry on the dataclasses above: bands, captions and reading order. Pure functions,
# so hand-built pages in tests go through exactly what transform.pdf.reader does.
# Rules are (x0, x1, y) when horizontal and (x, top, bottom) when vertical.


def split_boxes(boxes: list[BBox], blocks: list[TextBlock]) -> tuple[list[BBox], list[BBox]]:
    """Boxes holding no text are figures (photo frames, images); boxes around text are frames."""
    figures: list[BBox] = []
    frames: list[BBox] = []
    for b in boxes:
        inside = [t for t in blocks if b.contains(t.bbox, slack=2)]
        if not inside:
            if not any(f.contains(b, slack=2) for f in figures):
                figures = [f for f in figures if not b.contains(f, slack=2)] + [b]
        elif not any(f == b for f in frames):
            frames.append(b)
    return figures, frames


def mark_bands(blocks: list[TextBlock], hrules: list, height: float) -> None:
    """Header above the first full-width rule near the top; footer below the last near the bottom."""
    if not blocks:
        return
    x0 = min(b.bbox.x0 for b in blocks)
    x1 = max(b.bbox.x1 for b in blocks)
    wide = [y for a, b, y in hrules if min(b, x1) - max(a, x0) >= 0.7 * (x1 - x0)]
    top = [y for y in wide if y < 0.2 * height]
    bottom = [y for y in wide if y > 0.85 * height]
    for b in blocks:
        if top and b.bbox.bottom <= min(top) + 1:
            b.band = "header"
        elif bottom and b.bbox.top >= max(bottom) - 1:
            b.band = "footer"


def mark_captions(blocks: list[TextBlock], figures: list[BBox], body: float) -> None:
    """A block printed right under a figure, within its width, in body size or smaller,
    is its caption; so is a block right under that (a credit line)."""
    for k, fig in enumerate(figures):
        below = sorted(
            (b for b in blocks if b.band == "body" and b.size <= 1.05 * body and b.bbox.x_overlap(fig) >= 0.7 * b.bbox.width),
            key=lambda b: b.bbox.top,
        )
        prev, captions_size, row_top = fig, 0.0, None
        for b in below:
            same_row = row_top is not None and abs(b.bbox.top - row_top) <= 0.5 * b.size
            if b.bbox.top < prev.bottom - 2 and not same_row:
                continue
            if same_row:  # beside the caption line just taken (a credit set right of it)
                b.caption_of = k
                continue
            row_top = b.bbox.top
            limit = 2.0 * b.size if prev is fig else 0.8 * b.size
            if b.bbox.top - prev.bottom > limit or (prev is not fig and abs(b.size - captions_size) > 0.04 * b.size):
                break
            captions_size = b.size
            b.caption_of = k
            prev = b.bbox


class _El:
    """An element of the XY-cut: a block or a figure."""

    __slots__ = ("box", "block", "heading")

    def __init__(self, box: BBox, block: TextBlock | None, body: float):
        self.box, self.block = box, block
        self.heading = block is not None and (block.vertical or block.size >= 1.2 * body)


def _gaps(spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Empty intervals between the projections of elements (touching counts as overlap)."""
    out = []
    spans = sorted(spans)
    end = spans[0][1]
    for a, b in spans[1:]:
        if a > end + 0.5:
            out.append((end, a))
        end = max(end, b)
    return out


def _xy_cut(els: list[_El], hrules: list, vrules: list, body: float, sep: str) -> list[tuple[_El, str]]:
    """Recursive XY-cut, run as a loop over a stack: every part pushed holds fewer elements than
    the part it came from (a cut that leaves everything on one side is not taken), so the loop
    ends after at most 2n pushes whatever the page's geometry; no page fails for its layout."""
    out: list[tuple[_El, str]] = []
    stack: list[tuple[list[_El], str, int]] = [(els, sep, 0)]
    while stack:
        part, part_sep, depth = stack.pop()
        if len(part) == 1:
            out.append((part[0], part_sep))
            continue
        cut = _cut_once(part, hrules, vrules, body, depth)
        if cut is None:  # no clean cut (an L-shaped article): row by row
            ordered = sorted(part, key=lambda e: (e.box.top, e.box.x0))
            out += [(e, part_sep if i == 0 else SEP_LINE) for i, e in enumerate(ordered)]
            continue
        pieces, kind = cut
        for i in range(len(pieces) - 1, -1, -1):  # pushed in reverse: read in order
            stack.append((pieces[i], part_sep if i == 0 else kind, depth + 1))
    return out


def _cut_once(els: list[_El], hrules: list, vrules: list, body: float, depth: int
              ) -> tuple[list[list[_El]], str] | None:
    """The parts of one cut, in reading order, and what separates them; None when no cut
    splits the elements into two parts or more."""
    x0, x1 = min(e.box.x0 for e in els), max(e.box.x1 for e in els)
    top, bottom = min(e.box.top for e in els), max(e.box.bottom for e in els)
    hgaps = _gaps([(e.box.top + 0.5, e.box.bottom - 0.5) for e in els])
    vgaps = _gaps([(e.box.x0 + 0.5, e.box.x1 - 0.5) for e in els])
    ruled_h = [g for g in hgaps if any(g[0] - 2 <= y <= g[1] + 2 and min(b, x1) - max(a, x0) >= 0.5 * (x1 - x0)
                                       and _rule_spans_neighbours(els, g, a, b, body) for a, b, y in hrules)]
    ruled_v = [g for g in vgaps if any(g[0] - 2 <= x <= g[1] + 2 and min(b, bottom) - max(t, top) >= 0.5 * (bottom - top) for x, t, b in vrules)]
    candidates: list[tuple[list, str, str]] = []
    if ruled_h:
        candidates.append((ruled_h, "y", SEP_RULE))
    elif banded := _band_gaps(els, hgaps, body):
        candidates.append((banded, "y", SEP_GAP))
    if ruled_v or vgaps:
        candidates.append((ruled_v or vgaps, "x", SEP_COLUMN))
    if hgaps and depth <= MAX_DEPTH:
        # The widest gap, a gap with a title right under it weighing more; equal gaps (the
        # paragraph gaps down one column) are cut together, which keeps the stack shallow.
        by_top = sorted(els, key=lambda e: e.box.top)
        tops = [e.box.top for e in by_top]
        weights = [(b - a) * (1.5 if by_top[min(bisect_left(tops, b - 1), len(tops) - 1)].heading else 1.0)
                   for a, b in hgaps]
        best = [g for g, w in zip(hgaps, weights, strict=True) if w >= max(weights) - 0.5]
        candidates.append((best, "y", SEP_GAP if min(b - a for a, b in best) >= 1.6 * body else SEP_LINE))
    for gaps, axis, kind in candidates:
        parts = _split(els, gaps, axis)
        if len(parts) > 1:
            return parts, kind
    return None


def _rule_spans_neighbours(els: list[_El], gap: tuple[float, float], a: float, b: float, body: float) -> bool:
    """Whether a rule from a to b lies over every element right above and right below the gap (a
    frame's lower edge in line with a paragraph gap beside the frame separates no paragraphs)."""
    for e in els:
        near = gap[0] - 1.5 * body <= e.box.bottom <= gap[0] + 0.5 or gap[1] - 0.5 <= e.box.top <= gap[1] + 1.5 * body
        if near and min(b, e.box.x1) - max(a, e.box.x0) < 0.5 * (e.box.x1 - e.box.x0):
            return False
    return True


def _band_gaps(els: list[_El], hgaps: list[tuple[float, float]], body: float) -> list[tuple[float, float]]:
    """White space across the whole part with a headline right under it: the boundary between
    two bands of articles where no rule is drawn. Cut there before any column gutter, or the
    gutters of the band above (which its headlines do not cross) run on into the band below."""
    heads = [e for e in els if e.heading]
    # (Not the space between a headline and its own text: no headline ends right above it.)
    return [(a, b) for a, b in hgaps if b - a >= BAND_GAP * body
            and any(-1 <= h.box.top - b <= 2 * body for h in heads)  # (gaps are shrunk by half a point)
            and not any(-2 <= a - h.box.bottom <= 2 * body for h in heads)]


BAND_GAP = 1.2  # white space (in body sizes) taller than a line's leading


def _split(els: list[_El], gaps: list, axis: str) -> list[list[_El]]:
    cuts = sorted((a + b) / 2 for a, b in gaps)
    parts: list[list[_El]] = [[] for _ in range(len(cuts) + 1)]
    for e in els:
        lo = e.box.top if axis == "y" else e.box.x0
        parts[sum(1 for c in cuts if lo >= c)].append(e)
    parts = [p for p in parts if p]
    if axis == "x" and len(parts) > 1 and all(e.heading for e in parts[-1]):
        parts.insert(0, parts.pop())  # a headline standing right of its article is read first
    return parts
