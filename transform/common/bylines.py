"""Lines and line parts that credit people: datelines (本报讯（记者 张三）), bylines opening or
closing a paragraph (记者 张三 报道：, …（张三 李四 报道）), lines that only credit (新华社记者 张三),
trailing attributions ((王冠华)), photo credits and captions (记者 张三 摄, 警方供图), a forum
post's author field, and the writer's post (（作者单位：…）). The labelled info lines
(来源：… 编辑：…) are in transform.common.fields. All patterns work on the Simplified view."""

from __future__ import annotations

import re

from transform.common.names import (
    LINE_BULLET,
    REPORTER,
    is_name,
    role_led_names,
    split_names,
)
from transform.common.reflow import ends_sentence

# 本报讯（记者蒲瑞华）, 每日甘肃网兰州讯（新甘肃·甘肃日报记者王占东）, 本报讯 （记者李峰 见习记者张迈）
_OUTLET = r"(?:[^\s，。、（(）)]{0,20}?讯|[^\s，。、（(）)]{0,16}?\d{1,2}月\d{1,2}日电|[^\s，。、（(）)]{0,6}社[^\s，。、（(）)]{0,8}电)"
# A bare outlet dateline other than 本报讯: a paper's, site's or station's name, perhaps with a
# place, then 讯 (福州晚报讯, 每日甘肃网兰州讯); plain words ending in 讯 (通讯, 资讯) are not.
_PAPER_XUN = r"[^\s，。、（(）)]{0,20}?[报网台社][^\s，。、（(）)]{0,6}?讯"
DATELINE = re.compile(rf"^\s*(?P<outlet>{_OUTLET})\s*[（(](?P<who>[^（()）]{{1,40}})[）)]\s*")
# The opening of a dateline, even when a line break cuts it before the closing bracket, or a
# bare one (本报讯 / 新华社兰州5月3日电) that a column line ends with or a space follows, or a
# wire dateline whose 电 a column break moved to the next line (新华社兰州5月3日).
DATELINE_START = re.compile(rf"^\s*(?:{_OUTLET}\s*[（(]|(?:本报讯|{_PAPER_XUN}|[^\s，。、（(）)]{{0,16}}?\d{{1,2}}月\d{{1,2}}日电)"
                            r"(?:[ \t\u3000]|$)"
                            r"|[^\s，。、（(）)]{0,6}社[^\s，。、（(）)]{0,10}?\d{1,2}月\d{1,2}日\s*$)")
_ATTRIBUTION_LINE = re.compile(r"^\s*[（(]\s*(?P<who>[^（()）]{2,30}?)\s*[）)]\s*$")
_TRAILING_ATTRIBUTION = re.compile(r"[（(]\s*(?P<who>[^（()）]{2,30}?)\s*[）)]\s*$")
_PHOTO_CREDIT = re.compile(r"(?P<lead>(?:[^\s，。、]{0,16}?(?:记者|通讯员|摄影)\s*)?)(?P<who>[\u4e00-\u9fff][\u4e00-\u9fff\s、]{1,20}?)\s*摄\s*$")
_ROLE_PHOTO_CREDIT = re.compile(r"(?<=[\s，。、！？!?])(?P<lead>[^\s，。、]{0,16}?(?:记者|通讯员|摄影)\s*)"
                                r"(?P<who>[\u4e00-\u9fff][\u4e00-\u9fff\s、]{1,20}?)\s*摄\s*$")
# A photo supplied rather than taken: '…抓获。 警方供图', '…现场。受访者供图' (the supplier is the credit).
_PHOTO_SUPPLIER = re.compile(r"(?:(?<=[。！？!?”])|\s)\s*(?P<who>[\u4e00-\u9fffA-Za-z]{2,12}?)\s*供图\s*$")
_CAPTION_NAME = re.compile(r"(?<=[。！!])\s*(?P<who>[\u4e00-\u9fff]{2,4}(?:[\s、][\u4e00-\u9fff]{2,4})*)\s*$")


# What the reporters did, after their names in a dateline: （记者陈智 整合）, （记者 张明 编译）.
_WORK_DONE = re.compile(r"\s*(?:整合|整理|编译|综合|综述|采写|撰文)\s*$")
# A dateline naming no reporter: "新华社北京5月3日电 正文…", "本报讯 近日，…" (a space follows it).
_BARE_DATELINE = re.compile(r"^\s*(?P<outlet>本报讯|[^\s，。、（(）)]{0,16}?\d{1,2}月\d{1,2}日电)[ \t\u3000]+(?=\S)")


def parse_dateline(text: str) -> tuple[list[str], str, int] | None:
    """(authors, outlet, end offset) when text opens with a dateline (naming reporters, or a
    bare wire or 本报讯 dateline followed by a space: then no authors)."""
    m = DATELINE.match(text)
    if not m:
        bare = _BARE_DATELINE.match(text)
        return ([], bare.group("outlet"), bare.end()) if bare else None
    who = _WORK_DONE.sub("", m.group("who")) or m.group("who")
    names = split_names(who) or role_led_names(who)
    if names is None and "记者" not in who and "通讯员" not in who:
        return None
    return names or [], m.group("outlet"), m.end()


# A paragraph opened by its byline: "甘肃日报记者 张三/文　今年以来…", "记者 张三 李四　近日…",
# "文/张三　…". The byline ends at "/文" (or "文/图") or at a wide space; the names must all be names.
_BYLINE_PREFIX = re.compile(
    rf"^\s*(?P<who>(?:[^\s，。、（()）：:]{{0,16}}?(?:{REPORTER}))\s*[\u4e00-\u9fff][\u4e00-\u9fff\s、]{{1,24}}?"
    r"|文\s*/\s*[\u4e00-\u9fff][\u4e00-\u9fff\s、]{1,14}?)"
    r"(?:\s*/\s*(?:文|图|摄|文图|文\s*图))?(?:[\u3000]+|\s{2,}|\s*/\s*文\s*)(?=\S)"
    # … or at 报道 with a colon or a space after it: 记者张三报道：, 本报记者 张三 李四 报道
    rf"|^\s*(?P<reported>[^\s，。、（()）：:]{{0,16}}?(?:{REPORTER})\s*[\u4e00-\u9fff][\u4e00-\u9fff\s、]{{1,30}}?)"
    r"\s*报道\s*(?:[:：]\s*|[\u3000\s]+)(?=\S)")
# "… 张三 报道" or "…（张三 李四 报道）" closing the last paragraph.
_TAIL_REPORTED = re.compile(r"(?:(?<=[。！？!?”」])|[\s\u3000]+)[（(]?\s*(?P<who>[\u4e00-\u9fff][\u4e00-\u9fff\s、]{1,20}?)"
                            r"\s*报道\s*[）)]?\s*$")
# A forum post's author field: "本贴由大卫于2005年8月12日…发表", "本帖由 ggjj 发表": a pen name may be any handle.
# 本帖由…于…发表 (forums); 由…张贴 @ 2005-06-10 / 由…发表于 2005-… (the post footer of Chinese
# blog software: "posted by"), at the start of its line and followed by the time, so that a
# sentence such as 由省发改委发布的通知… is not one.
_FORUM_AUTHOR = re.compile(r"本[贴帖]由\s*(?P<who>\S{1,20}?)\s*(?:于\s*\d|在|发表)"
                           r"|^\s*由(?!于)\s*(?P<poster>[^\s@，。,、]{1,20}?)\s*(?:张贴|发表|发布)\s*(?:于|@)\s*\d"
                           # 发布时间 2005/05/17 22:11:42 by duscha: a board's post footer
                           r"|(?:发布|发表)(?:时间|于)\s*[:：]?\s*(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
                           r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+by\s+(?P<by>[^\s〓<>|｜]{1,20})")


# A byline opening a paragraph whose wide space an HTML page collapsed to one (记者 张三 李四 今年以来…):
# after the role word, the space-separated tokens that are names, up to the first that is not.
_ROLE_LEAD = re.compile(rf"^\s*[^\s，。、（()）：:]{{0,16}}?(?:{REPORTER})\s*")
_NAME_TOKEN = re.compile(rf"(?:(?:{REPORTER})\s*)?(?P<name>[\u4e00-\u9fff]{{2,4}})(?:\s+|、)")


def _spaced_byline(text: str) -> tuple[list[str], int] | None:
    if not (lead := _ROLE_LEAD.match(text)):
        return None
    names, end = [], lead.end()
    while (m := _NAME_TOKEN.match(text, end)) and is_name(m["name"]):
        names.append(m["name"])
        end = m.end()
    return (names, end) if names and end < len(text) else None


def byline_prefix(text: str) -> tuple[list[str], int] | None:
    """(names, offset where the text starts) for a paragraph opened by its byline."""
    m = _BYLINE_PREFIX.match(text)
    if not m:
        return _spaced_byline(text)
    who = re.sub(r"^文\s*/\s*", "", m.group("who") or m.group("reported")).strip()
    names = split_names(who)
    return (names, m.end()) if names else None


# A line that only credits: 记者 张三 李四, 新华社记者 张三, 新华网黑龙江频道 记者 张三, 文/图 张三,
# （记者 张三 报道）, 作者：张三, 文 张三. Read by split_names (an outlet before the role word is
# dropped, every other token must be a name), not by one pattern: a pattern nesting repeated
# names inside repeated roles backtracks exponentially on a long line of them.
_CREDIT_ROLE = re.compile(rf"{REPORTER}|作者|撰稿|执笔|文\s*[/·]\s*图|图\s*[/·]\s*文")
_BARE_WEN = re.compile(r"^文(?:\s*[:：/|｜]\s*|\s+)(?=[\u4e00-\u9fff])")  # 文明城 is no byline


def byline_line(line: str) -> list[str]:
    """The names of a line that is nothing but a byline (新华社记者 张三 李四); [] otherwise."""
    text = LINE_BULLET.sub("", line.strip().strip("（()）【】[]")).strip()
    if not text or len(text) > 60:
        return []
    text, bare = _BARE_WEN.subn("作者 ", text)
    if (not bare and not _CREDIT_ROLE.search(text)) or re.search(r"摄\s*$", text):
        return []  # (记者 张三 摄 credits a photographer: photo_credit)
    text = re.sub(r"\s*/\s*(?:文|图|文图)$|\s+(?:文\s*[/·・]\s*图|图\s*[/·・]\s*文)$", "", text)  # 张三/文, 张三 文/图
    return list(dict.fromkeys(reporter_names(text) or []))


_LABEL_COLON = re.compile(r"[\u4e00-\u9fff]\s*[:：]")  # 作者：, not a time's 21:30


def unlabelled_byline(line: str, fields: list[tuple[str, str]]) -> list[str]:
    """The names of a line the info-line labels misread, read as a byline: no colon, and every
    field it has an author's (甘肃日报记者 张三 通讯员 李四: 记者 glued to the outlet is no label)."""
    if _LABEL_COLON.search(line) or any(kind != "author" for kind, _ in fields):
        return []
    return byline_line(line)


def photo_credit(line: str) -> tuple[str, list[str]] | None:
    """(caption, photographers) of a line ending in 摄: '记者 张三 摄' alone, or a caption with
    its credit ('资料图：…。中新社记者 张三 摄')."""
    if not line.rstrip().endswith("摄"):
        return None
    if (split := split_photo_credit(line)) is not None:
        return split
    text = re.sub(r"\s*/?\s*摄\s*$", "", line.strip().strip("（()）【】[]").strip())
    names = reporter_names(text) if _CREDIT_ROLE.search(text) else None
    return ("", list(dict.fromkeys(names))) if names else None


# Where the reporter filed from, printed between the names and 报道 or after 发自:
# 记者 彭冲 山东冠县报道, 本报记者罗科发自北京. Glued to 报道 after a name and a space, it is the
# place even when it reads like a name (记者 张三 武威报道).
_PLACE_TAIL = re.compile(r"(?:\s+[\u4e00-\u9fff]{2,8}(?=\s*报道\s*$)|\s*发自\s*[\u4e00-\u9fff]{2,8}\s*$)")
_GLUED_PLACE = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]{2,8}报道\s*$")


def reporter_names(byline: str) -> list[str] | None:
    """split_names of a byline that may end with the place it was filed from (（姚峰 上海报道）)."""
    placed = "报道" in byline or "发自" in byline
    if placed and _GLUED_PLACE.search(byline) and _CREDIT_ROLE.search(byline):
        return split_names(_PLACE_TAIL.sub("", byline))
    return split_names(byline) or (split_names(_PLACE_TAIL.sub("", byline)) if placed else None)


# "…景象。　记者 张三 李四" closing the last paragraph without 报道: a role word leads the names.
_TAIL_REPORTER = re.compile(rf"(?<=[。！？!?”」])\s*(?P<who>[^\s，。、（()）]{{0,12}}?(?:{REPORTER})\s*[\u4e00-\u9fff]{{2,4}}"
                            rf"(?:[\s、]+(?:(?:{REPORTER})\s*)?[\u4e00-\u9fff]{{2,4}}){{0,4}})\s*$")


def tail_reported(text: str) -> tuple[str, list[str]] | None:
    """'…景象。 朱勇 报道' -> ('…景象。', ['朱勇']); '…景象。 记者 朱勇' too."""
    m = _TAIL_REPORTED.search(text) or _TAIL_REPORTER.search(text)
    if not m or m.start() == 0:
        return None
    names = reporter_names(m.group(0).strip().strip("（()）").strip())  # 朱勇 报道, 记者 张三 武威报道
    return (text[: m.start()].rstrip(), names) if names else None


def forum_author(text: str) -> str | None:
    """The handle a forum or blog post names as its author (本贴由…于/发表, 由…张贴)."""
    m = _FORUM_AUTHOR.search(text)
    return (m.group("who") or m.group("poster") or m.group("by")).strip("<>《》【】[]") if m else None


# The writer's post printed after a commentary or a theory article: （作者单位：…）, （作者系…教授）,
# (作者为…). Part of the article's text, and its last line: never a heading, and no sentence
# is left open before it.
_WRITER_POST = re.compile(r"^[（(]\s*作者\s*(?:单位|简介|系|为|是)")


# A subtitle's opening dash: ——为高质量发展蓄势赋能 (em dashes, an en dash, a full-width or
# ASCII hyphen). The line belongs to the headline above it.
SUBTITLE_DASH = re.compile(r"^\s*[—–－-]+\s*")


def is_writer_post(line: str) -> bool:
    """A line that is only the writer's post: （作者单位：兰州大学）."""
    return bool(_WRITER_POST.match(line.strip()))


def closes_text(line: str) -> bool:
    """Whether a text may end after this line: it ends a sentence, or it is the writer's post."""
    return ends_sentence(line) or is_writer_post(line)


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
    """A caption with its photographer: '…现场。 记者张宏斌 摄' or '…数据。谢沛宏', or with
    the photo's supplier: '…抓获。 警方供图'."""
    # (_PHOTO_CREDIT ends in 摄 and white space: only such a text can match, and searching a
    # long paragraph for it from every position was 13% of a text dump's parse.)
    end = text.rstrip()
    # A role word after a space or a mark starts the credit (…影响很大 本报记者 惠禾 摄): tried
    # first, or the leftmost match would take caption words for names.
    m = (_ROLE_PHOTO_CREDIT.search(text) or _PHOTO_CREDIT.search(text)) if end.endswith("摄") else None
    if m and m.start() > 0:
        names = split_names(m.group("who"))
        if names:
            return text[: m.start()].rstrip(), names
    m = _PHOTO_SUPPLIER.search(text) if end.endswith("供图") else None
    if m and m.start() > 0 and text[: m.start()].strip():
        return text[: m.start()].rstrip(), [m.group("who")]
    m = _CAPTION_NAME.search(text)
    if m and m.start() > 4:
        tokens = m.group("who").split()
        if tokens and all(is_name(t) for t in tokens):
            return text[: m.start()].rstrip(), tokens
    return None
