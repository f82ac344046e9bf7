"""E-paper page dumps -> a flat list of items (headings, paragraphs, bylines, ...).

Two dump shapes are read, told apart by transform.text.layout:
- blocks: one paragraph per line, blank lines between, column breaks left as spaces;
- lines: one column line per line (8-25 characters), often each followed by a blank
  line; a title block's lines then sit together without the blank.
Everything here is about the page's shape; deciding which item belongs to which
article is epaper_assemble's job.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from transform.common.boilerplate import strip_jump
from transform.common.bylines import (
    DATELINE,
    DATELINE_START,
    attribution_names,
    closes_text,
    is_writer_post,
    split_photo_credit,
    split_trailing_attribution,
)
from transform.common.names import split_names, unmarked
from transform.common.reflow import ends_sentence, join_lines, width

MAX_HEADING_WIDTH = 36
# A lone heading line is narrower than the column by more than a paragraph's first-line
# indent (two characters, lost in the dump): three characters at least.
LONE_HEADING_MARGIN = 3
INDENT = 2  # a paragraph's first-line indent, in characters
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]$")
_HEADING_BAD_END = re.compile(r"[，、：:；,]$")
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")  # 二、 (三) 4.


@dataclass
class Item:
    kind: str  # heading | byline | body | attribution | fragment
    text: str
    names: list[str] = field(default_factory=list)
    gap_before: int = 0  # blank lines before it (blocks layout)
    hard_start: bool = False  # indent or dateline: a new text block starts here
    tight_group: bool = False  # heading printed in a single-spaced title block
    ends_group: bool = False  # last item of a heading group
    column_cut: bool = False  # a heading shaped like a paragraph's first column lines (column_fragments)
    weak: bool = False  # a lone line that is a heading or a paragraph's unindented first line
    minor: bool = False  # a body-size heading under a larger headline (a PDF's subhead or brief title)


# An outlet may stand before the role: 新甘肃·甘肃日报记者 刘一 摄.
_CREDIT_LINE = re.compile(r"^\s*(?:[^\s，。]{0,16}?(?:记者|通讯员|摄影)\s*)?[\u4e00-\u9fff]{2,4}(?:[\s、][\u4e00-\u9fff]{2,4})*\s*摄\s*$")


_PHOTO_SOURCE = re.compile(r"(?:供图|供稿|摄|图片来源\S*)\s*$")  # 警方供图, 新华社发 (a credit, not a heading)


def is_credit_line(text: str) -> bool:
    """A photo credit standing on its own line: 记者 刘一 摄."""
    m = _CREDIT_LINE.match(text)
    return bool(m) and split_names(re.sub(r"^\s*[^\s，。]{0,16}?(记者|通讯员|摄影)|摄\s*$", "", text).strip()) is not None


# Function words a headline line does not end on, while a wrapped body line often does (…的 /
# 区别不在于…): a line ending on one, with the next line running on, is a sentence going on.
OPEN_END = frozenset("的和与及或在对把被从向给让将使并且但而于")


def looks_like_heading(text: str) -> bool:
    t = text.strip()
    if not t or width(t) > MAX_HEADING_WIDTH or ends_sentence(t) or _HEADING_BAD_END.search(t):
        return False
    if len(re.findall(r"[，,]", t)) >= 2 or is_credit_line(t) or _PHOTO_SOURCE.search(t) or is_writer_post(t):
        return False
    return "。" not in t and not DATELINE_START.match(t)


def _names_line(text: str) -> list[str] | None:
    t = unmarked(text)
    if not t or width(t) > 24 or re.search(r"[。，,！？]", t):
        return None
    return split_names(t)


def classify_block(text: str) -> Item:
    """One blank-separated block of a blocks-layout page."""
    t = text.strip()
    if _HAN_ONLY.match(t):
        return Item("fragment", t)
    if (names := attribution_names(t)) is not None:
        return Item("attribution", t, names=names)
    if is_credit_line(t):
        return Item("body", t)  # a photo credit: merge_credit_lines puts it on its caption
    if is_writer_post(t):
        return Item("body", t)  # the writer's post closes the article it follows: its text, no heading
    if (names := _names_line(t)) is not None:
        return Item("byline", t, names=names)
    # A closing jump line (（下转第2版）) is not what the block's shape is judged by.
    # A headline never closes with a credit: '…如何呢？（徐远 范涛）' is a paragraph.
    if looks_like_heading(strip_jump(t)[0]) and split_trailing_attribution(t) is None:
        return Item("heading", t)
    return Item("body", t, hard_start=bool(DATELINE.match(t)))


def block_items(lines: list[str]) -> list[Item]:
    items: list[Item] = []
    gap = 0
    for line in lines:
        if not line.strip():
            gap += 1
            continue
        item = classify_block(line)
        item.gap_before = gap if items else 0
        items.append(item)
        gap = 0
    items = merge_credit_lines(items)
    _mark_groups(items)
    return items


_CLAUSE_MARK = re.compile(r"[，、,；;]")


def column_fragments(items: list[Item], column: float | None) -> None:
    """Mark headings that may be the first column lines of a paragraph broken over two blocks
    (where a column ended): every part but the last exactly one column line wide, together
    at least a full line, with clause punctuation inside, running on into a body block. The
    assembly weighs the mark against the article credits around it."""
    if not column:
        return
    for item, nxt in zip(items, items[1:], strict=False):
        if item.kind != "heading" or nxt.kind != "body" or not _CLAUSE_MARK.search(item.text):
            continue
        parts = item.text.split()
        full = [abs(width(p) - column) <= 0.5 for p in parts]
        if all(full[:-1]) and (len(parts) > 1 or full[0]):
            item.column_cut = True


def merge_credit_lines(items: list[Item]) -> list[Item]:
    """A credit line (记者 刘一 摄) belongs to the caption printed just above it."""
    out: list[Item] = []
    for item in items:
        if item.kind == "body" and out and out[-1].kind == "body" and is_credit_line(item.text):
            out[-1].text = out[-1].text.rstrip() + " " + item.text.strip()
        else:
            out.append(item)
    return out


def _mark_groups(items: list[Item]) -> None:
    for i, item in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        if item.kind in ("heading", "byline"):
            item.ends_group = nxt is None or nxt.kind not in ("heading", "byline")


@dataclass
class _Line:
    text: str
    indent: bool
    tight_next: bool  # the next line follows without a blank line


def _line_records(lines: list[str]) -> tuple[list[_Line], bool]:
    recs: list[_Line] = []
    blank_after: list[int] = []
    for line in lines:
        if line.strip():
            recs.append(_Line(line.strip(), bool(re.match(r"^[ \t\u3000]", line)), False))
            blank_after.append(0)
        elif recs:
            blank_after[-1] += 1
    double = sum(1 for b in blank_after[:-1] if b == 1) >= 0.6 * max(1, len(recs) - 1)
    for rec, blanks in zip(recs, blank_after, strict=True):
        rec.tight_next = double and blanks == 0
    return recs, double


def _local_width(widths: list[float], i: int) -> float:
    window = widths[max(0, i - 5) : i + 6]
    return statistics.median(window) if window else 0.0


def _column_before(widths: list[float], i: int) -> float:
    """Column width around line i: the second widest of the six lines before it and the six
    after, so one over-full line (hanging punctuation) does not set it, and lines narrowed by
    half-width digits before it do not set it too low."""
    near = sorted(widths[max(0, i - 6) : i] + widths[i + 1 : i + 7], reverse=True)
    return near[1] if len(near) > 1 else (near[0] if near else 0.0)


# A wire dateline (新华社兰州5月3日电) and a line a column break cut inside its date.
_WIRE_DATELINE = re.compile(r"^\s*[^\s，。、；！？（(）)]{1,16}?\d{1,2}月\d{1,2}日电(?:[ \t\u3000]|$)")
_DATE_CUT = re.compile(r"(?:\d|\d月|\d日)\s*$")


class _Lines:
    """A lines-layout page's column lines with their widths, and the tests the items are cut by."""

    def __init__(self, lines: list[str]):
        self.recs, _double = _line_records(lines)
        self.widths = [width(r.text) for r in self.recs]
        self.n = len(self.recs)

    def hard(self, i: int) -> bool:
        """Line i starts a block for sure: past the end, indented, or a dateline."""
        return i >= self.n or self.recs[i].indent or self.dateline(i)

    def dateline(self, i: int) -> bool:
        """A dateline opens line i, also a wire dateline the column broke inside its date
        (新华社兰州5月 / 3日电): the line ends in the date and the date ends in 电 on the next line."""
        text = self.recs[i].text
        if DATELINE_START.match(text):
            return True
        if i + 1 >= self.n or not _DATE_CUT.search(text) or width(text) > MAX_HEADING_WIDTH:
            return False
        m = _WIRE_DATELINE.match(text.rstrip() + self.recs[i + 1].text.lstrip())
        return m is not None and m.end() > len(text.rstrip())

    def para_end(self, i: int) -> bool:
        return ends_sentence(self.recs[i].text) and self.widths[i] < _local_width(self.widths, i) - 1.0

    def heading_group(self, i: int) -> int:
        """End (exclusive) of a heading group starting at line i, or i when none."""
        recs = self.recs
        if self.dateline(i) or not looks_like_heading(recs[i].text):
            return i
        if i > 0 and not closes_text(recs[i - 1].text):
            return i
        return self._title_block(i) or self._short_lines(i) or self._lone_heading(i) or i

    def _title_block(self, i: int) -> int | None:
        """A single-spaced title block: lines printed together without blank lines."""
        j = i
        while j < self.n and self.recs[j].tight_next and j + 1 < self.n and _heading_or_names(self.recs[j + 1].text):
            j += 1
        return j + 1 if j > i else None

    def _short_lines(self, i: int) -> int | None:
        """Short lines standing between a finished paragraph and a new block, a byline or the
        end of the page."""
        j = i
        while (j < self.n and j - i < 3 and looks_like_heading(self.recs[j].text)
               and not self.dateline(j)):
            if j > i and _names_line(self.recs[j].text) is not None:
                return j + 1
            j += 1
            if self.hard(j):
                return j
        return None

    def _lone_heading(self, i: int) -> int | None:
        recs, widths = self.recs, self.widths
        # After a finished sentence: a paragraph's last line may fill the column, so the
        # line above need not be short; no paragraph goes on in a narrow line without a stop.
        if i == 0 or not closes_text(recs[i - 1].text) or i + 1 >= self.n:
            return None
        col = _column_before(widths, i)
        # One line clearly narrower than the column, without clause punctuation, after a
        # finished paragraph and before a wider line: a heading of its own.
        if (not re.search(r"[，、；：,;:]", _NUMBERING.sub("", recs[i].text))
                and widths[i] <= col - max(LONE_HEADING_MARGIN, 0.2 * col)
                and (widths[i + 1] >= widths[i] + 1 or ends_sentence(recs[i + 1].text))
                # exactly an indent narrower than the line after it: a paragraph's first line
                # as likely as a heading (weak_heading lets the credits decide)
                and abs(widths[i + 1] - INDENT - widths[i]) > 0.5):
            return i + 1
        # One line wider than the column after a finished paragraph: no column line can be that
        # wide, a headline can. Without punctuation one character wider is enough; with a mark
        # inside (一个标题，两个分句) two, and none at its end, which could hang into the margin.
        plain = recs[i].text.replace(" ", "")
        if not re.search(r"[\W_]", plain) and widths[i] >= col + 1:
            return i + 1
        if not re.search(r"[\W_]", plain[-1:]) and widths[i] >= col + 2:
            return i + 1
        return None

    def weak_heading(self, i: int) -> bool:
        """A line without any punctuation after a finished sentence, too wide to be sure of:
        a headline, or a paragraph's first line (whose indent the dump lost). The assembly
        decides by the credits around it (transform.epaper.assemble)."""
        recs = self.recs
        if i == 0 or i + 1 >= self.n or not closes_text(recs[i - 1].text) or self.widths[i] < 4:
            return False
        if recs[i].text.rstrip()[-1:] in OPEN_END and not self.hard(i + 1):
            return False  # …程序员的 / 区别不在于…: a sentence going on into the next line
        if not self.hard(i + 1) and self.widths[i + 1] <= 4 and ends_sentence(recs[i + 1].text):
            return False  # …跪在马路旁边祷 / 告。: the last characters of its sentence wrapped
        nxt = recs[i + 1].text
        if (not self.hard(i + 1) and self.widths[i] >= _local_width(self.widths, i) - 1.0
                and re.search(r"[，、]", nxt[:8]) and not looks_like_heading(nxt)):
            return False  # a full column line whose clause runs on into the next one (…改为商 / 务楼的项目，…)
        return not re.search(r"[\W_]", recs[i].text.replace(" ", ""))


def line_items(lines: list[str]) -> list[Item]:
    """Items of a lines-layout page: column lines are re-joined into paragraphs here."""
    page = _Lines(lines)
    recs = page.recs
    items: list[Item] = []
    para: list[int] = []

    def flush() -> None:
        if para:
            text = join_lines([recs[k].text for k in para])
            items.append(Item("body", text, hard_start=(recs[para[0]].indent or bool(DATELINE.match(text))
                                                        or page.dateline(para[0]))))
            para.clear()

    i = 0
    while i < page.n:
        may_head = not para or page.para_end(para[-1]) or ends_sentence(recs[para[-1]].text)
        end = page.heading_group(i) if may_head else i
        if end == i and may_head and not para and page.weak_heading(i):
            items.append(Item("heading", recs[i].text, hard_start=True, ends_group=True, weak=True))
            i += 1
            continue
        if end > i:
            flush()
            items += _group_items([recs[k].text for k in range(i, end)], end - i > 1 and recs[i].tight_next)
            i = end
            continue
        if para and (recs[i].indent or page.dateline(i)):
            flush()
        para.append(i)
        if (page.para_end(i) or is_credit_line(recs[i].text) or is_writer_post(recs[i].text)
                or _ends_caption(recs[i].text, [recs[k].text for k in para])):
            flush()
        i += 1
    flush()
    for item in items:
        if item.kind == "body" and (names := attribution_names(item.text)) is not None:
            item.kind, item.names = "attribution", names
    return merge_credit_lines(items)


def _ends_caption(line: str, para: list[str]) -> bool:
    """A line that ends a photo credit (… 记者 刘一 摄, the name perhaps cut over two lines)
    ends its caption."""
    return line.rstrip().endswith("摄") and split_photo_credit(join_lines(para)) is not None


def _group_items(group: list[str], tight: bool) -> list[Item]:
    """A heading group's lines: headings, and byline lines after the first."""
    out = []
    for k, text in enumerate(group):
        names = _names_line(text) if k > 0 else None
        item = Item("byline", text, names=names) if names else Item("heading", text)
        item.tight_group = tight
        item.hard_start = k == 0
        out.append(item)
    out[-1].ends_group = True
    return out


def _heading_or_names(text: str) -> bool:
    return looks_like_heading(text) or _names_line(text) is not None
