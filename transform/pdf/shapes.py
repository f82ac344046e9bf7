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
under figures, reading order by recursive XY-cut), so it can be tested on pages built
by hand: rules first, then column gutters (a column is read to its bottom before the
next), then the widest horizontal gap; a headline strip standing right of its article
is read before it.
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


def reading_order(blocks: list[TextBlock], figures: list[BBox], hrules: list, vrules: list, body: float) -> list[TextBlock]:
    els = [_El(b.bbox, b, body) for b in blocks] + [_El(f, None, body) for f in figures]
    ordered = _xy_cut(els, hrules, vrules, body, SEP_PAGE)
    out: list[TextBlock] = []
    carry = SEP_LINE
    for el, sep in ordered:
        if _STRENGTH[carry] > _STRENGTH[sep]:
            sep = carry
        if el.block is None:  # a figure passes what precedes it on to its caption
            carry = sep
            continue
        el.block.sep_before = sep
        carry = SEP_LINE
        out.append(el.block)
    return _continuations_home(_headline_first(out, body), hrules, body)


OWNED_BELOW = 4.5  # body lines under a headline within which its article's columns begin
CENTRED = 0.15  # centred: the centres differ by at most this share of the width (a photo may fill a column)


def _is_head(b: TextBlock, body: float) -> bool:
    return b.vertical or b.size >= 1.2 * body


def _under_own_head(b: TextBlock, group: list[TextBlock], out: list[TextBlock], body: float) -> bool:
    """Whether b stands under a headline of its own (not the group's): the blocks right above it
    in its column, followed up while they lie no higher than the group, reach a headline outside
    the group: a column whose byline and first paragraph sit between it and its headline is that
    article's, even on the row the group's columns start (held-out PDFs 0.88 -> 0.92 exact count)."""
    top = min(g.bbox.top for g in group)
    cur = b
    for _ in range(len(out)):
        over = [x for x in out if x is not cur and x.bbox.x_overlap(cur.bbox) > 0
                and 0 <= cur.bbox.top - x.bbox.bottom <= OWNED_BELOW * body]
        if not over:
            return False
        near = max(over, key=lambda x: x.bbox.bottom)
        if any(near is g for g in group):
            return False
        if _is_head(near, body):
            return True
        if near.bbox.top < top - 1:
            return False
        cur = near
    return False


def _headline_first(blocks: list[TextBlock], body: float) -> list[TextBlock]:
    """Put back after its headline an article's first columns that the XY-cut read before it.

    A headline centred over its article but narrower than it does not cross the first gutters
    under it, so the cut reads the columns left of it first. Those blocks are recognised by
    plain evidence: they are read just before the headline group (kicker, title, subtitle),
    lie left of its main line and not above the group (a first column may start beside it),
    the highest starts within a few lines of the group's foot, none stands under a headline of
    its own, and the main line is centred over them together with the columns starting right
    under the group that follow it."""
    out = list(blocks)
    j = 0
    while j < len(out):
        if not _is_head(out[j], body) or out[j].vertical or (j > 0 and _is_head(out[j - 1], body)):
            j += 1
            continue
        g = j
        while g < len(out) and _is_head(out[g], body):
            g += 1
        group = out[j:g]
        h = max(group, key=lambda b: b.size)
        top, foot = min(b.bbox.top for b in group), max(b.bbox.bottom for b in group)
        i = j
        while (i > 0 and not _is_head(out[i - 1], body) and out[i - 1].bbox.top >= top - 1
               and out[i - 1].bbox.x1 <= h.bbox.x0 + 0.5 * out[i - 1].bbox.width and not _under_own_head(out[i - 1], group, out, body)):
            i -= 1
        if i == j or min(b.bbox.top for b in out[i:j]) - foot > OWNED_BELOW * body:
            j = g
            continue
        k = g
        while k < len(out) and out[k].bbox.bottom <= min(b.bbox.top for b in out[i:j]) + 1:
            k += 1  # a byline set above the columns goes with the group
        after = []
        for b in out[k:]:
            if b.sep_before == SEP_RULE or _is_head(b, body):
                break
            if 0 <= b.bbox.top - foot <= OWNED_BELOW * body and not _under_own_head(b, group, out, body):
                after.append(b)
        x0 = min(b.bbox.x0 for b in out[i:j] + after)
        x1 = max(b.bbox.x1 for b in out[i:j] + after)
        centred = abs((x0 + x1) / 2 - (h.bbox.x0 + h.bbox.x1) / 2) <= CENTRED * (x1 - x0)
        # or the columns start on one row under the group: a headline centred over its
        # article's text and its photo, which the blocks alone do not show.
        aligned = bool(after) and abs(min(b.bbox.top for b in out[i:j]) - min(b.bbox.top for b in after)) <= 1.0
        if not after or not (centred or aligned):
            j = g
            continue
        moved, lead = out[i:j], out[j:k]
        lead[0].sep_before, moved[0].sep_before = moved[0].sep_before, SEP_LINE
        if k < len(out):
            out[k].sep_before = SEP_COLUMN
        out[i:k] = lead + moved
        j = k
    return out


def _continuations_home(blocks: list[TextBlock], hrules: list, body: float) -> list[TextBlock]:
    """Move back to its article a column the XY-cut read after another article printed below it.

    An article set beside a photo ends in a column whose foot runs on past the articles under
    the photo (a weather box under it, lswb 2021-03-23 p. 5): the cut parts the page at that
    column's gutter first and reads the column after everything left of it, so it went to the
    last article there. Plain evidence decides: the blocks are read after a headline printed
    wholly below them, and above them, with no rule between, stands the headline of an article
    read earlier (the nearest headline over their span): they go to the end of that article.
    """
    heads = [b for b in blocks if _is_head(b, body)]
    if len(heads) < 2:
        return blocks

    def above(b: TextBlock) -> TextBlock | None:
        over = [g for g in heads if g.bbox.bottom <= b.bbox.top + 1 and g.bbox.x_overlap(b.bbox) > 0]
        h = max(over, key=lambda g: g.bbox.bottom, default=None)
        if h is None or any(h.bbox.bottom - 1 <= y <= b.bbox.top + 1 and min(x1, b.bbox.x1) - max(x0, b.bbox.x0) > 0
                            for x0, x1, y in hrules):
            return None
        return h

    out = list(blocks)
    group: list[TextBlock] = []  # the headline group (kicker, title, subtitle) last read
    i = 0
    while i < len(out):
        b = out[i]
        if _is_head(b, body):
            group = [*group, b] if i > 0 and _is_head(out[i - 1], body) else [b]
            i += 1
            continue
        group_top = min((h.bbox.top for h in group), default=0.0)
        if not group or group_top < b.bbox.bottom:
            i += 1
            continue
        home = above(b)
        start = next((k for k, x in enumerate(out) if x is home), None)
        if home is None or any(home is h for h in group) or start is None or start > i:
            i += 1
            continue
        j = i + 1  # the run of blocks that go home together
        while j < len(out) and not _is_head(out[j], body) and above(out[j]) is home and out[j].bbox.bottom <= group_top:
            j += 1
        # home's article ends where the next headline group begins
        end = next((k for k in range(start + 1, len(out)) if _is_head(out[k], body) and not _is_head(out[k - 1], body)),
                   len(out))
        run = out[i:j]
        run[0].sep_before = SEP_COLUMN
        del out[i:j]
        out[end:end] = run
        i = j
    return out


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
