"""Reading order of a page's body blocks: the XY-cut (transform.pdf.shapes), then the passes
that put back what a cut alone reads in the wrong place.

The cut parts the page at rules, bands of white space and column gutters. Three things it
cannot see are mended here by plain geometric evidence, each described at its function: an
article's first columns read before a headline narrower than the article (_headline_first), a
column whose foot runs past the article printed under its neighbour (_continuations_home), and
a writer's name set alone under a headline, read after the columns left of it (_decks_home).
"""

from __future__ import annotations

from transform.pdf.shapes import (
    _STRENGTH,
    SEP_COLUMN,
    SEP_LINE,
    SEP_PAGE,
    SEP_RULE,
    BBox,
    TextBlock,
    _El,
    _xy_cut,
)


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
    return _continuations_home(_decks_home(_headline_first(out, body), body), hrules, body)


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
        # article's text and its photo, which the blocks alone do not show. (Columns: a
        # writer's name or deck under the group starts no column, see _decks_home.)
        columns = [b for b in after if not _deck_shaped(b)]
        aligned = bool(columns) and abs(min(b.bbox.top for b in out[i:j]) - min(b.bbox.top for b in columns)) <= 1.0
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


DECK_BELOW = 3.0  # body lines under a headline group within which its deck or writer's name stands
DECK_CHARS = 16  # a deck line is short: a name or two, a short phrase


def _decks_home(blocks: list[TextBlock], body: float) -> list[TextBlock]:
    """Read right after its headline group a short line set under it, centred under its main
    line: the writer's name of a commentary or theory page (□张三), or a deck. A headline over
    several columns has its name line over a middle one, so the cut read the columns left of it
    first and the name came mid-article, where it began a record of its own. Plain evidence: one
    line of at most DECK_CHARS characters with no sentence mark, within DECK_BELOW lines of the
    group's foot, no wider than the main line and centred under it, higher than every block
    read between the group and it."""
    out = list(blocks)
    j = 0
    while j < len(out):
        if not _is_head(out[j], body) or (j > 0 and _is_head(out[j - 1], body)):
            j += 1
            continue
        g = j
        while g < len(out) and _is_head(out[g], body):
            g += 1
        h = max(out[j:g], key=lambda b: b.size)
        foot = max(b.bbox.bottom for b in out[j:g])
        centre = (h.bbox.x0 + h.bbox.x1) / 2
        for k in range(g + 1, len(out)):
            b = out[k]
            if _is_head(b, body) or b.sep_before == SEP_RULE:
                break
            if (_deck_shaped(b) and 0 <= b.bbox.top - foot <= DECK_BELOW * body and b.bbox.width <= h.bbox.width
                    and abs((b.bbox.x0 + b.bbox.x1) / 2 - centre) <= CENTRED * h.bbox.width
                    and all(b.bbox.bottom <= x.bbox.top + 1 for x in out[g:k])):
                b.sep_before, out[g].sep_before = out[g].sep_before, SEP_COLUMN
                out[g:k + 1] = [b, *out[g:k]]
                break
        j = g
    return out


def _deck_shaped(b: TextBlock) -> bool:
    """One short line with no sentence or clause mark: a writer's name (□张三) or a deck, not a
    column (a column's last line, `心。（张三）`, has them)."""
    text = b.text.strip()
    return len(b.lines) == 1 and len(text) <= DECK_CHARS and not any(m in text for m in "。！？；，")

