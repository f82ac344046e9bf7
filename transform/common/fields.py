"""Lines that carry fields rather than body text: labelled metadata, datelines,
trailing attributions and photo credits. All patterns work on the Simplified view."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from transform.common.dates import EN_DATE_PATTERN, find_dates, may_hold_english_date
from transform.common.names import (
    LINE_BULLET,
    REPORTER,
    REPORTER_PREFIX,
    is_name,
    names_in,
    pen_name,
)
from transform.record import Credits

# Info-line labels by the field they fill; longest alternatives first.
_LABELS = (
    ("editor", r"责任编辑|值班编辑|本版编辑|网络编辑|责编|美编|版式设计|组版|编辑|编审"),
    ("reviewer", r"终审|初审|复审|审核|审校|校对|签发|监制|统筹|策划"),
    ("photographer", r"摄影记者|摄影|图片|图(?=\s*[/／|｜]\s*(?!文))"),  # 文/张三 图/李四: 图 only before a slash
    ("author", rf"(?:{REPORTER_PREFIX})(?:{REPORTER})"
               r"|文章作者|本文作者|原作者|作者|撰稿|撰文|文字|执笔人?|文\s*[/·・]?\s*图|图\s*[/·・]\s*文|文|记者|通讯员|实习生|供稿"
               r"|发布者|发布人|发表人|投稿人"),
    ("origin", r"信息来源|文章来源|新闻来源|稿件来源|本文来源|来源|稿源|出处|转自|来自"),
    ("date", r"发布时间|发表时间|发布日期|更新时间|时间|日期|发布于|发表于"),
    ("clicks", r"点击数|点击量|点击率|点击|浏览次数|浏览量|浏览|阅读数|阅读量|阅读次数|阅读|访问量|人次"),
)
_FIELD = re.compile(
    r"(?:^|(?<=[\s\]】）)|｜,，;；\d]))[【\[（(]?\s*(?P<label>"
    + "|".join(alts for _, alts in _LABELS)
    + r")\s*[】\]）)]?\s*(?P<sep>[:：/|｜]|\s|(?<=[】\]]))\s*"
)

# A label glued to the value before it, with its colon: inline elements printed without a space.
_GLUED_FIELD = re.compile(r"(?P<label>" + "|".join(alts for _, alts in _LABELS) + r")\s*[:：]")
_OTHER_FIELD = re.compile(r"[\s|｜]+[\u4e00-\u9fff]{2,4}\s*[:：]")  # after a value: another label
_PROSE_VALUE = re.compile(r"[，。；！？][^，。；！？\s]{6,}")  # a clause after a mark: no field's value


@dataclass(kw_only=True)
class Meta(Credits):
    """Fields read from metadata lines of a page: its credits, date, outlet and view count."""

    published_date: date | None = None
    published_at: datetime | None = None
    origin: str | None = None
    clicks: int | None = None


def find_date(text: str) -> tuple[date, datetime | None] | None:
    """First full date (with its time, Asia/Shanghai, when one is given) in text."""
    found = find_dates(text)
    return (found[0].date, found[0].at) if found else None


# Author labels that name a unit's desk as often as a person.
_UNIT_LABEL = re.compile(r"(?:发布者|发布人|发表人|投稿人|供稿人?|发稿人?|录入人?)\s*[:：]")


# The label right before a value that names the writer: a pen name counts after it.
_WRITER_LABEL = re.compile(r"(?:作者|执笔|(?<![\u4e00-\u9fff])文)\s*[:：/]?\s*$")


def author_names(value: str, line: str) -> list[str]:
    """The people an author field credits: its personal names, else a pen name, but only where
    the line labels it as the author (作者：风中的马), not after 记者, 发布者 or 供稿, which name
    accounts and units as often as people."""
    if names := names_in(value):
        if _UNIT_LABEL.search(line) and all(n[-1] in "科股" for n in names):
            return []  # 发布者：信息科, 供稿：宣传股: a unit's desk, not a person (信 and 宣 are surnames)
        return names
    at = line.find(value.strip())
    if at < 0 or not _WRITER_LABEL.search(line, 0, at):
        return []
    # pen names, one or several (执笔/叨叨姐、胡一刀&李小飞刀), only where the line labels the writer;
    # & joins names only in a list (放飞&心情 alone is one pen name)
    seps = r"[、，,&＆]" if re.search(r"[、，,]", value) else r"[、，,]"
    pens = [pen_name(part) for part in re.split(rf"\s*{seps}\s*", value.strip()) if part]
    return [p for p in pens if p] if pens and all(pens) else []


def editor_names(value: str) -> list[str]:
    """The people an editor field credits: its personal names, else one pen name in Han
    characters (编辑：山石, 责任编辑：棒棒不是糖), never a desk (编辑：本网, 编辑部) nor a staff code
    (责任编辑：HN666)."""
    if names := names_in(value):
        return names
    pen = pen_name(value)
    return [pen] if pen and re.fullmatch(r"[\u4e00-\u9fff]{2,6}", pen) else []


# An info line's unlabelled name in brackets: 2004年7月16日08:19 [ 黄宇 ] 来源：[ 国际金融报 ].
_BRACKET_NAMES = re.compile(r"(?<![:：])\s*[\[【]\s*(?P<who>[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4}){0,3})\s*[\]】]")


def bracket_names(line: str) -> list[str]:
    """Names an info line (it holds a date) prints in brackets without a label; [] otherwise."""
    if "[" not in line and "【" not in line or not DATE_TIME.search(line):
        return []
    for m in _BRACKET_NAMES.finditer(line):
        names = m.group("who").split()
        if all(is_name(n) for n in names):
            return names
    return []


def labelled_fields(line: str) -> list[tuple[str, str]]:
    """Split an info line into (kind, value) pairs by its labels: '来源：甘肃日报 编辑：李四'
    -> [('origin', '甘肃日报'), ('editor', '李四')]. Labels must start the line or follow a
    space or bracket, so words such as 中文 or 新闻 inside prose do not count."""
    matches = list(_FIELD.finditer(line))
    out: list[tuple[str, str]] = []
    for i, m in enumerate(matches):
        label = m.group("label")
        spaced = re.sub(r"\s", "", label)
        if m.group("sep").isspace() and spaced not in _SPACE_OK and not spaced.endswith(("记者", "通讯员", "编辑")):
            continue
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        other = _OTHER_FIELD.search(line, m.end(), end)  # 作者：张明 单位：兰州大学: a field we do not read
        value = line[m.end(): other.start() if other else end].strip(" 　|｜]】)）")
        kind = "photographer" if label == "图" else next(k for k, alts in _LABELS if re.fullmatch(alts, label))
        glued = next((g for g in _GLUED_FIELD.finditer(value) if g.start() > 0 and len(g.group("label")) >= 2), None)
        if glued is not None:  # 来源：证券时报网作者：李在山 (two <span>s, no space between)
            out.append((kind, value[: glued.start()].strip(" 　|｜]】)）")))
            out += labelled_fields(value[glued.start():])
        else:
            if kind == "author" and value.endswith("摄"):  # 记者 张三 摄: who took the photo
                kind, value = "photographer", value[:-1].rstrip(" /")
            out.append((kind, value))
        if other:  # kept, label and all, so that is_info_line counts it as a field
            out.append(("other", line[other.start(): end].strip(" 　|｜]】)）")))
    return out


# A date or a clock time as info lines and lists print them (2024-03-18, 2004/10/10 17:06).
# (\d is any decimal digit: full-width ２００６年３月９日 counts too.) English dates (Mar 9, 2006) are
# matched apart, behind a cheap test for a month's name: in one alternation they made every
# search six times slower.
DATE_TIME = re.compile(r"(?:19|20|１９|２０)\d{2}\s*[-/.年－／．]\s*\d{1,2}\s*[-/.月－／．]\s*\d{1,2}\s*日?"
                       r"|\d{1,2}/\d{1,2}/(?:19|20)\d{2}"
                       r"|\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?")
_EN_DATE_TIME = re.compile(EN_DATE_PATTERN)


_LATIN = re.compile("[A-Za-z]")


def _without_dates(line: str) -> str:
    """The line with its dates and clock times taken out, English ones included."""
    rest = DATE_TIME.sub("", line)
    return _EN_DATE_TIME.sub("", rest) if may_hold_english_date(rest) else rest


# Words around an English dateline (Posted on Thursday, March 9, 2006 at 8:05 PM): no more text than its date.
_DATE_WORDS = re.compile(r"(?i)(?<![a-z])(?:posted|published|updated|on|at|am|pm|[ap]\.m\.|(?:mon|tues|wednes|thurs|fri"
                         r"|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)(?![a-z])")


def is_info_line(line: str) -> bool:
    """A line made of labelled fields and dates only (发布时间：... 来源：... 编辑：...), as
    opposed to prose that happens to contain a label word. Values must be short."""
    if len(line) > 120:
        return False
    fields = labelled_fields(line)
    rest = _without_dates(line)
    if not fields and len(rest) == len(line):
        return False  # no field, no date
    if any(len(v) > 40 or _PROSE_VALUE.search(v) for _, v in fields):
        return False  # (a clause after a mark: 本报讯（记者 张三 通讯员 李四）近日，… is the text's first paragraph)
    for m in _FIELD.finditer(rest):
        rest = rest.replace(m.group(0), "")
    if _LATIN.search(rest):
        rest = _DATE_WORDS.sub("", rest)
    rest = re.sub(r"[\s|｜/·:：,，\[\]【】()（）]", "", rest)
    if not fields:
        return len(rest) <= 6  # a bare dateline
    value_chars = sum(len(re.sub(r"\s", "", v)) for _, v in fields)
    return len(rest) <= value_chars + 4


# Labels that may be followed by a space instead of a colon (记者 张三, 文/图 张三).
_SPACE_OK = frozenset({"记者", "通讯员", "实习生", "摄影", "摄影记者", "责任编辑", "编辑", "责编", "作者", "执笔",
                       "文/图", "图/文", "文·图", "图·文"})


PAGE_KINDS = frozenset({"editor", "reviewer", "date", "origin", "clicks"})


def parse_meta_line(line: str, meta: Meta, kinds: frozenset[str] | None = None) -> bool:
    """Read an info line (时间:, 来源:, 编辑:, 记者 张三 …) into meta; True if it is one.

    kinds: only accept lines whose fields are all of these kinds (an e-paper page reads
    its editors and dates this way without taking a title block's byline).
    """
    text = LINE_BULLET.sub("", line).strip()
    if not text or not is_info_line(text):
        return False
    fields = labelled_fields(text)
    if not fields or (kinds is not None and any(k not in kinds and k != "other" for k, _ in fields)):
        return False
    for kind, value in fields:
        _apply(kind, value.strip(), meta)
    if meta.published_date is None and (found := find_date(text)):
        meta.published_date, meta.published_at = found
    return True


def _apply(kind: str, value: str, meta: Meta) -> None:
    if not value:
        return
    if kind == "date":
        if (found := find_date(value)) and meta.published_date is None:
            meta.published_date, meta.published_at = found
    elif kind == "origin":
        meta.origin = meta.origin or value.split()[0]
    elif kind == "clicks":
        if m := re.match(r"\d+", value):
            meta.clicks = int(m.group(0))
    elif kind in ("editor", "reviewer"):
        meta.credit(editor_names(value), "editors")
    elif kind == "author":
        meta.credit(names_in(value))
    elif kind == "photographer":
        meta.credit(names_in(value), "photographers")
