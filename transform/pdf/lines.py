"""Step 1 of reading a page PDF (transform.pdf.reader): characters -> printed lines.

Characters on one baseline and in one size make a line, split where a column gutter or a
vertical rule comes between: body lines at the page's own gutter width (`_gutter_em`: the most
frequent gap between 0.3 and 3 ems, so 5 pt gutters do not weave columns together), headlines
where a body gutter's white channel runs through the gap (`_gutter_channels`: two headlines
side by side on one baseline) or past 1.6 ems (letter-spaced headlines stay whole). Single
characters stacked in a column are a vertical headline, read top to bottom. Bold comes from
the font name, Founder's abbreviations included.
"""

from __future__ import annotations

import re
import statistics

from transform.pdf.shapes import BBox

GUTTER_MIN_EM, GUTTER_MAX_EM = 0.3, 0.9  # bounds of the gap that splits a body line into columns (_gutter_em)
HUNG_GAP_EM, EDGE_PT = 0.3, 1.5  # a gap this wide at a gutter's edge (within EDGE_PT) splits, hanging punctuation or not
# Heavier faces by name: Bold/Black/Heavy, 黑体 (Hei, YaHei), 标宋 (XiaoBiaoSong), and
# Founder's "-B" series (FZHei-B01, FZXiaoBiaoSong-B05, FZCuSong-B09).
# Founder's abbreviated names too (FZHTK--GBK1-0, FZDHTJW--GB1-0): HT 黑体, DHT 大黑, XBS 小标宋,
# DBS 大标宋, CHS 粗黑宋, ZDH 正大黑, LTCH/LTZH 兰亭粗黑/中黑, CY 粗圆, ZY 准圆 (and simhei).
_BOLD_FONT = re.compile(r"bold|black|heavy|demi|hei(?!ght)|biaosong|xbs|-b\d\d"
                        r"|(?:^|\+)FZ(?:D?HT|XBS|DBS|CHS|ZDH|LTCH|LTZH|CY|ZY)", re.I)
_ASCII = re.compile(r"[0-9A-Za-z%.,:;'\"()/+\-]")


class Line:
    """A printed line (or a vertical headline) with what the ordering needs."""
    __slots__ = ("bbox", "size", "bold", "text", "vertical")

    def __init__(self, bbox: BBox, size: float, bold: bool, text: str, vertical: bool = False):
        self.bbox, self.size, self.bold, self.text, self.vertical = bbox, size, bold, text, vertical


class _Ch:
    __slots__ = ("x0", "x1", "top", "bottom", "size", "text", "bold", "space")

    def __init__(self, c: dict, space: bool):
        self.x0, self.x1, self.top, self.bottom = c["x0"], c["x1"], c["top"], c["bottom"]
        self.size, self.text, self.space = c["size"], c["text"], space
        font = c.get("fontname") or ""
        bold = _BOLD_BY_FONT.get(font)
        if bold is None:
            bold = _BOLD_BY_FONT[font] = bool(_BOLD_FONT.search(font))
        self.bold = bold


_BOLD_BY_FONT: dict[str, bool] = {}  # font name -> heavier face (a page uses a handful of fonts)


def _baseline(c: dict) -> float:
    """The line a character sits on: its origin's baseline when the reader gives one inside the
    character's box, else its box's bottom. Fonts disagree on their descent (digits of a Latin
    font set 6 pt lower than the CJK text around them on one real page): the baseline does not."""
    base = c.get("baseline")
    return base if base is not None and c["top"] <= base <= c["bottom"] else c["bottom"]


def lines_of(chars: list[dict], body: float, vrules: list) -> list[Line]:
    """Characters on one baseline, split where a gutter or a vertical rule comes between.
    Space characters are not kept but mark a space before the next character."""
    placed = sorted((_baseline(c), c["x0"], k) for k, c in enumerate(chars))
    rows: list[list[dict]] = []
    row_base = 0.0
    for base, _, k in placed:
        c = chars[k]
        if rows and base - row_base <= 0.3 * min(c["size"], rows[-1][0]["size"]):
            rows[-1].append(c)
        else:
            rows.append([c])
            row_base = base
    for row in rows:
        row.sort(key=lambda c: c["x0"])
    gutter = _gutter_em(rows, body)
    channels = _gutter_channels(rows, body, gutter)
    out: list[Line] = []
    for row in rows:
        glyphs: list[_Ch] = []
        space = False
        for c in row:
            if c["text"].isspace():
                space = True
            elif not (glyphs and abs(c["x0"] - glyphs[-1].x0) < 0.3 and c["text"] == glyphs[-1].text):
                glyphs.append(_Ch(c, space))  # (a glyph printed twice over itself is overprinted bold)
                space = False
        if not glyphs:
            continue
        seg = [glyphs[0]]
        gaps = sorted(g.x0 - prev.x1 for prev, g in zip(glyphs, glyphs[1:], strict=False))
        usual = gaps[len(gaps) // 2] if gaps else 0.0  # the row's letter spacing
        for prev, g in zip(glyphs, glyphs[1:], strict=False):
            size = max(prev.size, g.size)
            gap = g.x0 - prev.x1
            # Headlines may be letter-spaced; body lines split at the page's own gutter width.
            limit = (1.6 if size >= 1.2 * body else (0.9 if g.space else gutter)) * size
            # Two headlines side by side on one baseline: the gutter between them is at least the
            # body's gutter and stands out from the row's own letter spacing.
            apart = (size >= 1.2 * body and gap >= gutter * body and gap > 2.5 * usual + 0.15 * size
                     and any(prev.x1 - 1 <= a and b <= g.x0 + 1 for a, b in channels))
            ruled = any(prev.x1 - 1 <= x <= g.x0 + 1 and t <= g.bottom and b >= g.top for x, t, b in vrules)
            # A body line ending at a column gutter's left edge, or one starting at its right edge,
            # with white space over the gutter's middle: punctuation hanging into the gutter (an
            # opening quote set before the next column's edge, a full stop past the last) narrowed
            # the gap. (The middle, so that letter-spaced digits that happen to end at a gutter's
            # edge somewhere else on the page are not cut.)
            hung = (size < 1.2 * body and gap >= HUNG_GAP_EM * size
                    and any(prev.x1 <= (a + b) / 2 <= g.x0 and (abs(prev.x1 - a) <= EDGE_PT or abs(g.x0 - b) <= EDGE_PT)
                            for a, b in channels))
            if gap > limit or apart or ruled or hung or abs(g.size - prev.size) > 0.08 * size:
                out.append(_make_line(seg))
                seg = []
            seg.append(g)
        out.append(_make_line(seg))
    return out


def _gutter_channels(rows: list[list[dict]], body: float, gutter: float) -> list[tuple[float, float]]:
    """Column gutters of the body text as x-intervals, each seen on three rows or more: the
    white channels that a headline gap must contain to part two headlines side by side."""
    seen: dict[tuple[int, int], int] = {}
    for row in rows:
        for a, b in zip(row, row[1:], strict=False):
            if abs(a["size"] - body) > 0.1 * body or a["text"].isspace() or b["text"].isspace():
                continue
            if b["x0"] - a["x1"] >= gutter * body:
                key = (round(a["x1"]), round(b["x0"]))
                seen[key] = seen.get(key, 0) + 1
    return [(float(a), float(b)) for (a, b), n in seen.items() if n >= 3]


def _gutter_em(rows: list[list[dict]], body: float) -> float:
    """The gap (in ems) that splits a body-size line into two columns on this page.

    Column gutters repeat the same width on every row, so they are the most frequent gap
    between 0.3 and 3 ems among body-size glyphs with no space character between them;
    word gaps in bylines (记者 李明, set with positioning, not spaces) are fewer and vary.
    A line splits at 80 % of that gutter, never below 0.3 em (justification spreads glyphs
    by less) nor above the 0.9 em used when no gutter stands out.
    """
    bins: dict[int, int] = {}
    n = 0
    for row in rows:  # (each row sorted by x)
        for a, b in zip(row, row[1:], strict=False):
            if abs(a["size"] - body) > 0.1 * body or a["text"].isspace() or b["text"].isspace():
                continue
            gap = (b["x0"] - a["x1"]) / body
            if GUTTER_MIN_EM <= gap <= 3.0:
                bins[round(gap * 20)] = bins.get(round(gap * 20), 0) + 1
                n += 1
    if not bins:
        return GUTTER_MAX_EM
    mode, count = max(bins.items(), key=lambda kv: (kv[1], -kv[0]))
    if count < max(5, 0.4 * n):
        return GUTTER_MAX_EM
    return min(GUTTER_MAX_EM, max(GUTTER_MIN_EM, 0.8 * mode / 20))


def _make_line(chars: list[_Ch]) -> Line:
    text = chars[0].text
    for prev, c in zip(chars, chars[1:], strict=False):
        gap = c.x0 - prev.x1
        latin = _ASCII.match(prev.text[-1]) and _ASCII.match(c.text[0])
        if c.space or gap > (0.15 if latin else 0.45) * max(c.size, prev.size):
            text += " "
        text += c.text
    size = statistics.median(c.size for c in chars)
    bold = sum(1 for c in chars if c.bold) * 2 > len(chars)
    box = BBox(min(c.x0 for c in chars), min(c.top for c in chars), max(c.x1 for c in chars), max(c.bottom for c in chars))
    return Line(box, size, bold, text)


def vertical_headlines(lines: list[Line], body: float) -> list[Line]:
    """Join single characters stacked in a column (a vertical headline) into one line."""
    # Top to bottom, whatever the column: a glyph a point narrower than its neighbours (一) has a
    # centre that rounds elsewhere, and must still join the chain above it.
    singles = sorted((ln for ln in lines if len(ln.text) == 1), key=lambda ln: (ln.bbox.top, ln.bbox.x0))
    used: set[int] = set()
    out: list[Line] = []
    for i, first in enumerate(singles):
        if id(first) in used:
            continue
        chain = [first]
        for ln in singles[i + 1:]:
            last = chain[-1]
            if (
                abs((ln.bbox.x0 + ln.bbox.x1 - last.bbox.x0 - last.bbox.x1) / 2) <= 0.25 * last.size
                and abs(ln.size - last.size) <= 0.08 * last.size
                and 0 <= ln.bbox.top - last.bbox.bottom <= 0.6 * last.size
            ):
                chain.append(ln)
        if len(chain) >= 3 or (len(chain) == 2 and first.size >= 1.3 * body):
            used.update(id(ln) for ln in chain)
            box = chain[0].bbox
            for ln in chain[1:]:
                box = box.union(ln.bbox)
            out.append(Line(box, first.size, first.bold, "".join(ln.text for ln in chain), vertical=True))
    return out + [ln for ln in lines if id(ln) not in used]
