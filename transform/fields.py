"""Lines that carry fields rather than body text: labelled metadata, datelines,
trailing attributions and photo credits. All patterns work on the Simplified view."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from transform.names import is_name, split_names
from transform.record import SHANGHAI

# Longest labels first so 责任编辑 is not read as 编辑.
_LABELS = (
    "发布时间|发布日期|发表时间|更新时间|时间|日期|点击数|点击量|点击|浏览次数|浏览量|浏览|阅读量|阅读|"
    "信息来源|文章来源|稿件来源|稿源|来源|责任编辑|责编|编辑|审核|审校|审签|校对|编审|终审|作者|记者|通讯员|摄影"
)
_LABEL_RE = re.compile(rf"(?:^|(?<=[\s|｜•·\-]))({_LABELS})\s*[:：]\s*")
_BULLET = re.compile(r"^\s*(?:[-•·*▪◆●]\s*)+")
_DATE_RE = re.compile(
    r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?)?"
)
_EDITOR_LABELS = {"责任编辑", "责编", "编辑", "审核", "审校", "审签", "校对", "编审", "终审"}
_ORIGIN_LABELS = {"信息来源", "文章来源", "稿件来源", "稿源", "来源"}
_CLICK_LABELS = {"点击数", "点击量", "点击", "浏览次数", "浏览量", "浏览", "阅读量", "阅读"}
_TIME_LABELS = {"发布时间", "发布日期", "发表时间", "更新时间", "时间", "日期"}


@dataclass
class Meta:
    """Fields read from metadata lines of a page."""

    published_date: date | None = None
    published_at: datetime | None = None
    origin: str | None = None
    clicks: int | None = None
    editors: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)


def find_date(text: str) -> tuple[date, datetime | None] | None:
    """First full date (with optional time) in text; time is Asia/Shanghai."""
    m = _DATE_RE.search(text)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    at = None
    if m.group(4):
        try:
            at = datetime(y, mo, d, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0), tzinfo=SHANGHAI)
        except ValueError:
            at = None
    return day, at


def parse_meta_line(line: str, meta: Meta) -> bool:
    """Read labelled fields (时间:, 来源:, 编辑:, ...) into meta; True if the line is metadata.

    A line counts as metadata when labels cover it: what is left outside the labelled
    values is at most a date/time, so a body sentence that mentions 来源: is not eaten.
    """
    text = _BULLET.sub("", line).strip()
    matches = list(_LABEL_RE.finditer(text))
    if not matches:
        return False
    lead = text[: matches[0].start()].strip()
    if lead and not (find_date(lead) and len(_DATE_RE.sub("", lead).strip()) == 0):
        return False
    if len(text) > 160:
        return False
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        _apply(m.group(1), text[m.end() : end].strip(), meta)
    if lead and meta.published_date is None and (found := find_date(lead)):
        meta.published_date, meta.published_at = found
    return True


def _apply(label: str, value: str, meta: Meta) -> None:
    if not value:
        return
    if label in _TIME_LABELS:
        if (found := find_date(value)) and meta.published_date is None:
            meta.published_date, meta.published_at = found
    elif label in _ORIGIN_LABELS:
        meta.origin = meta.origin or value.split()[0]
    elif label in _CLICK_LABELS:
        if m := re.match(r"\d+", value):
            meta.clicks = int(m.group(0))
    elif label in _EDITOR_LABELS:
        meta.editors += [n for n in re.split(r"[\s、，,]+", value) if n and n not in meta.editors]
    elif label in {"作者", "记者", "通讯员"}:
        meta.authors += [n for n in split_names(value) or [value] if n not in meta.authors]
    elif label == "摄影":
        meta.photographers += [n for n in split_names(value) or [] if n not in meta.photographers]


# 本报讯（记者蒲瑞华）, 每日甘肃网兰州讯（新甘肃·甘肃日报记者王占东）, 本报讯 （记者李峰 见习记者张迈）
DATELINE = re.compile(r"^\s*(?P<outlet>[^\s，。、（(）)]{0,20}?讯)\s*[（(](?P<who>[^（()）]{1,40})[）)]\s*")
# The opening of a dateline, even when a line break cuts it before the closing bracket.
DATELINE_START = re.compile(r"^\s*[^\s，。、（(）)]{0,20}?讯\s*[（(]")
_ATTRIBUTION_LINE = re.compile(r"^\s*[（(]\s*(?P<who>[^（()）]{2,30}?)\s*[）)]\s*$")
_TRAILING_ATTRIBUTION = re.compile(r"[（(]\s*(?P<who>[^（()）]{2,30}?)\s*[）)]\s*$")
_PHOTO_CREDIT = re.compile(r"(?P<lead>(?:(?:记者|通讯员|摄影)\s*)?)(?P<who>[\u4e00-\u9fff][\u4e00-\u9fff\s、]{1,20}?)\s*摄\s*$")
_CAPTION_NAME = re.compile(r"(?<=[。！!])\s*(?P<who>[\u4e00-\u9fff]{2,4}(?:[\s、][\u4e00-\u9fff]{2,4})*)\s*$")


def parse_dateline(text: str) -> tuple[list[str], str, int] | None:
    """(authors, outlet, end offset) when text opens with a dateline naming reporters."""
    m = DATELINE.match(text)
    if not m:
        return None
    who = m.group("who")
    names = split_names(who)
    if names is None and "记者" not in who and "通讯员" not in who:
        return None
    return names or [], m.group("outlet"), m.end()


def attribution_names(line: str) -> list[str] | None:
    """Names of a whole-line attribution such as (王冠华) or (田露 马莉莉)."""
    m = _ATTRIBUTION_LINE.match(line)
    return split_names(m.group("who")) if m else None


def split_trailing_attribution(text: str) -> tuple[str, list[str]] | None:
    """'…安全生产。 (白清)' -> ('…安全生产。', ['白清'])."""
    m = _TRAILING_ATTRIBUTION.search(text)
    if not m or m.start() == 0:
        return None
    names = split_names(m.group("who"))
    if not names:
        return None
    return text[: m.start()].rstrip(), names


def split_photo_credit(text: str) -> tuple[str, list[str]] | None:
    """A caption with its photographer: '…现场。 记者张宏斌 摄' or '…数据。谢沛宏'."""
    m = _PHOTO_CREDIT.search(text)
    if m and m.start() > 0:
        names = split_names(m.group("who"))
        if names:
            return text[: m.start()].rstrip(), names
    m = _CAPTION_NAME.search(text)
    if m and m.start() > 4:
        tokens = m.group("who").split()
        if tokens and all(is_name(t) for t in tokens):
            return text[: m.start()].rstrip(), tokens
    return None
