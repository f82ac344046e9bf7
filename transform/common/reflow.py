"""Undo what PDF text extraction does to Chinese newspaper columns.

Two kinds of damage: lines broken at the column width (joined here without a space
unless two Latin words meet), and column breaks turned into spaces inside a paragraph
(紧紧 围绕). A space is a column break when the text before it fills a column line;
a space inside a line that is not yet full is real (提高安全意识 筑牢安全防线) and stays.
"""

from __future__ import annotations

import re
import statistics

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019《》"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
_SPACE_CJK_ASCII = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[0-9A-Za-z%.+\-])|(?<=[0-9A-Za-z%.+\-])[ \t]+(?=[{_CJK}])")
TERMINAL = re.compile(r"[。！？!?…；;][”’」』\"')）]*$")
_ASCII_WORD_END = re.compile(r"[A-Za-z]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z]")


_WS = re.compile(r"\s+")
_NARROW = re.compile(r"[\u0000-\u1fff]")


def width(s: str) -> float:
    """Column width taken by s: full-width characters count 1, ASCII 0.5, spaces 0."""
    visible = _WS.sub("", s)
    return len(visible) - 0.5 * len(_NARROW.findall(visible))


def is_cjk(ch: str) -> bool:
    return bool(re.match(f"[{_CJK}]", ch))


def ends_sentence(s: str) -> bool:
    return bool(TERMINAL.search(s.rstrip()))


def tidy_spaces(s: str) -> str:
    """Drop spaces between CJK characters and between CJK and Latin/digits (typesetting
    spaces of justified PDF lines); keep spaces between Latin words or numbers."""
    s = _SPACE_BETWEEN_CJK.sub("", s)
    s = _SPACE_CJK_ASCII.sub("", s)
    return re.sub(r"[ \t]{2,}", " ", s).strip()


def join_lines(lines: list[str]) -> str:
    """Join column lines of one paragraph; a space only where two Latin words meet."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and _ASCII_WORD_END.search(out) and _ASCII_WORD_START.search(line):
            out += " "
        out += line
    return out


def segment_width(paragraphs: list[str]) -> float | None:
    """Typical column-line width in paragraphs whose column breaks became spaces."""
    widths = []
    for p in paragraphs:
        segs = p.split()
        if len(segs) >= 3:
            widths += [width(s) for s in segs[1:-1]]
    return statistics.median(widths) if len(widths) >= 3 else None


_NAMES_TAIL = re.compile(r"\s*([（(] *[\u4e00-\u9fff]+(?: +[\u4e00-\u9fff]+)* *[）)])\s*$")


def join_column_spaces(paragraph: str, column: float | None = None, tolerance: float = 1.0) -> str:
    """Remove the spaces that stand for column breaks in one paragraph.

    A space is real only when the text on both sides fits on one column line together;
    otherwise it is where a line ended. column: the column width, estimated from the
    paragraph's inner segments when it has enough of them, else the caller's estimate.
    """
    if (m := _NAMES_TAIL.search(paragraph)) is not None and m.start() > 0:
        # A closing attribution keeps its spaces: which of them are column breaks is for the
        # names to tell (transform.common.names.regroup_names), not the widths.
        return join_column_spaces(paragraph[:m.start()], column, tolerance) + m.group(1)
    segs = [s for s in paragraph.split(" ") if s != ""]
    if len(segs) < 2:
        return paragraph.strip()
    inner = [width(s) for s in segs[1:-1]]
    if len(inner) >= 3:
        column = statistics.median(inner)
    elif column is None:
        column = max(width(s) for s in segs)
    out = segs[0]
    line = width(segs[0])
    for seg in segs[1:]:
        w = width(seg)
        if line + 0.5 + w <= column + tolerance:
            out += " " + seg
            line += 0.5 + w
        else:
            sep = " " if (_ASCII_WORD_END.search(out) and _ASCII_WORD_START.search(seg)) else ""
            out += sep + seg
            line = w
    return out
