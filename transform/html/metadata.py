"""Page-level metadata for the HTML extractor: title, dates, credits, origin, clicks
(the author strategies are in transform/html/authors.py).

Trust order, most to least: per-source selectors; a CMS's own fields (transform/html/cms);
meta tags;
the visible info line between the headline and the body; the URL; a labelled date
anywhere on the page; any date close to the body. The region between the headline and
the first paragraph of prose is where Chinese CMSs put 发布时间/来源/作者/点击 lines, so
that region is located first and searched before the rest of the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import lxml.etree as etree

from transform.common.bylines import forum_author, unlabelled_byline
from transform.common.dates import (
    FoundDate,
    date_from_url,
    find_labelled_date,
    labelled_month_day,
    month_of,
    page_date_candidates,
    parse_date,
)
from transform.common.fields import DATE_TIME, Meta, author_names, bracket_names, editor_names, names_in
from transform.html.authors import AuthorEvidence, choose_authors
from transform.html.cms import hanweb
from transform.html.cms.founder import FounderFields
from transform.html.dom import Block, clean_text, element_text
from transform.html.select import site_text
from transform.html.signals import (
    ORIGIN_META,
    clean_page_title,
    first_date_meta,
    first_meta,
    labelled_fields,
    meta_tags,
    parse_clicks,
)
from transform.record import Headline

_TITLE_HINT = re.compile(r"title|biaoti|headline|(?:^|[\s_-])bt(?:$|[\s_-])|tit(?:$|[\s_-])", re.I)
_SUBTITLE_HINT = re.compile(r"sub_?title|subtitle|fu_?title|fbt|vice_?title|subhead", re.I)
_KICKER_HINT = re.compile(r"kicker|yin_?ti|pre_?title|intro_?title|ytitle|top_?title", re.I)
_NOT_TITLE = re.compile(r"^(首页|当前位置|您的位置|正文|新闻|详情|文章|内容)")


@dataclass(kw_only=True)
class PageMeta(Meta, Headline):
    """What an HTML page says about its article outside the body text."""

    date_source: str | None = None
    published_month: str | None = None  # YYYY-MM when the page gives a month but no day
    captions: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    authors_by: str | None = None  # the AUTHOR_STRATEGIES entry that gave `authors`


def read_page_meta(
    root: etree._Element,
    html: str,
    url: str | None,
    blocks: list[Block],
    content: list[Block],
    site: dict,
    view: Callable[[str], str],
) -> PageMeta:
    pm = PageMeta()
    meta = meta_tags(root, html)
    founder = FounderFields.read(html, root)
    first = _first_prose(content)
    title_block = _title(pm, root, meta, founder, blocks, first, site)
    start = title_block.index + 1 if title_block is not None else max(0, first.index - 8)
    # The blocks between the headline and the text; when a box of other links stands between
    # them, the few right under the headline too (where the info line sits).
    header = [b for b in blocks[start: first.index] if b.index >= first.index - 12 or b.index < start + 3]
    after = [b for b in blocks[content[-1].index + 1: content[-1].index + 8]]
    _credits(pm, header + content[:2], view, with_origin=True)
    _credits(pm, after, view, with_origin=False)
    _date(pm, _DateEvidence(root, meta, founder, url, header[::-1] + content[:3], blocks, content, site, view))
    evidence = AuthorEvidence(root, meta, founder, site, view, url, content[0].owner if content else None, html,
                              credited=pm.authors)
    if (chosen := choose_authors(evidence)) is not None:
        pm.authors, pm.authors_by = chosen
    if not pm.origin:
        pm.origin = founder.origin() or first_meta(meta, ORIGIN_META)
    pm.images = _images(content)
    return pm


def _first_prose(content: list[Block]) -> Block:
    for b in content:
        if is_prose(b):
            return b
    return content[0]


_CLAUSE_MARKS = re.compile(r"[，。！？；]")  # full-width: "Posted on March 9, 2006" is no prose


def is_prose(b: Block) -> bool:
    """A paragraph of the text, not a headline or a label: 20 characters or more, mostly not
    links, with a clause mark (a headline 农机专家李金泽：为农机行业… has only its colon)."""
    return b.chars >= 20 and b.link_density < 0.5 and b.punct >= 1 and bool(_CLAUSE_MARKS.search(b.text))


def _title(pm: PageMeta, root, meta, founder: FounderFields, blocks, first: Block, site) -> Block | None:
    """Set title/subtitle/kicker; return the block that shows the headline, if any."""
    page_title = ""
    t = root.find(".//title")
    if t is not None:
        page_title = clean_page_title(element_text(t))
    meta_title, meta_subtitle = hanweb.split_title(meta.get(hanweb.TITLE_META, ""))
    pm.subtitle = founder.get("subtitle") or _hinted(blocks, first, _SUBTITLE_HINT) or meta_subtitle
    pm.kicker = founder.get("introtitle") or _hinted(blocks, first, _KICKER_HINT)
    candidates = _heading_candidates(blocks, first)
    key_page = _key(page_title)
    matching = [b for b in candidates if key_page and (_key(b.text) in key_page or key_page in _key(b.text))]
    chosen = max(matching, key=lambda b: len(b.text)) if matching else None
    explicit = site_text(root, site.get("title")) or founder.get("title") or meta_title
    if explicit:
        pm.title = explicit
        shown = [b for b in candidates if _key(b.text) == _key(explicit)]
        return shown[-1] if shown else chosen
    if chosen is None and candidates:
        h = [b for b in candidates if b.heading and b.index >= first.index - _NEAR_HEAD]
        chosen = h[-1] if h else None
    og = meta.get("og:title")
    pm.title = _headline(chosen.text, page_title) if chosen else (clean_page_title(og) if og else page_title) or None
    return chosen


# A date and time printed inside the headline's element (<h1>标题<span>2024-03-18</span></h1>).
_TRAILING_STAMP = re.compile(r"\s*[\[(（]?\s*(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[\])）]?\s*$")


def _headline(text: str, page_title: str) -> str:
    """The headline block's text without a date stamp at its end that the page's <title> lacks."""
    m = _TRAILING_STAMP.search(text)
    return text[: m.start()] if m and m.start() >= 4 and m.group().strip(" []()（）") not in page_title else text


# How far above the first paragraph the headline may stand: a box of recommended links
# (fifteen blocks on a 2005 portal page) can sit between them. So far up, only a heading that
# matches the page's <title> counts; a heading with nothing to match stands within _NEAR_HEAD.
_HEAD_WINDOW = 40
_NEAR_HEAD = 25


def _heading_candidates(blocks: list[Block], first: Block) -> list[Block]:
    """Headline-like blocks shortly before the first prose (or at the top of the body)."""
    lo = max(0, first.index - _HEAD_WINDOW)
    out = []
    for b in blocks[lo: first.index + 1]:
        if not (4 <= b.chars <= 100) or b.link_density > 0.5 or _NOT_TITLE.match(b.text):
            continue
        if b.heading or _TITLE_HINT.search(_classes(b.owner)) or b.owner.tag in ("strong", "b"):
            out.append(b)
    return out


def _hinted(blocks: list[Block], first: Block, hint: re.Pattern[str]) -> str | None:
    for b in blocks[max(0, first.index - _HEAD_WINDOW): first.index]:
        if b.chars <= 80 and hint.search(_classes(b.owner)):
            return b.text
    return None


def _credits(pm: PageMeta, lines: list[Block], view, *, with_origin: bool) -> None:
    for b in lines:
        if b.chars > 150:
            continue
        text = view(b.text)
        if handle := forum_author(text):
            pm.credit([handle])  # 本贴由…于…发表: a forum post's author field
            continue
        fields = labelled_fields(text)
        if names := unlabelled_byline(text, fields):
            pm.credit(names)  # 新华社记者 张三 李四, 甘肃日报记者 张三 通讯员 李四: a line that only credits
            continue
        pm.credit(bracket_names(text))  # 2004年7月16日08:19 [ 黄宇 ] 来源：…
        for kind, value in fields:
            if kind == "author":
                pm.credit(author_names(value, text))
            elif kind == "editor":
                pm.credit(editor_names(value), "editors")
            elif kind == "photographer":
                pm.credit(names_in(value), "photographers")
            elif kind == "origin" and with_origin and not pm.origin:
                pm.origin = (clean_text(value).split(" ")[0][:40]) or None
            elif kind == "clicks" and pm.clicks is None:
                pm.clicks = parse_clicks(value)


@dataclass
class _DateEvidence:
    """Where an HTML page may state its date, for the strategies below."""

    root: etree._Element
    meta: Any
    founder: FounderFields
    url: str | None
    near: list[Block]  # header blocks nearest the body first, then the body's first blocks
    blocks: list[Block]
    content: list[Block]
    site: dict
    view: Callable[[str], str]


_Found = tuple[FoundDate, str] | None


def _by_site_selector(e: _DateEvidence) -> _Found:
    text = site_text(e.root, e.site.get("date"))
    found = parse_date(text) if text else None
    return (found, "text") if found else None


def _by_cms_fields(e: _DateEvidence) -> _Found:
    for value in e.founder.dates():
        if found := parse_date(value):
            return found, "page_meta"
    return None


def _by_meta_tags(e: _DateEvidence) -> _Found:
    found = first_date_meta(e.meta)
    return (found, "page_meta") if found else None


def _near_texts(e: _DateEvidence) -> list[str]:
    return [e.view(b.text) for b in e.near if b.chars <= 200]


def _by_labelled_near_title(e: _DateEvidence) -> _Found:
    # Closest to the body first: a dateline sits right above the text, while blog and
    # portal headers further up carry other dates (建立于, today's date).
    for text in _near_texts(e):
        if found := find_labelled_date(text):
            return found, "text"
    return None


def _by_any_date_near_title(e: _DateEvidence) -> _Found:
    # Not in a paragraph of prose: 该项目于2002年2月24日开工 is an event the text tells.
    for b in e.near:
        if b.chars <= 200 and not is_prose(b) and (dates := page_date_candidates(e.view(b.text), _text_before(e, b))):
            return dates[0], "text"
    return None


def _by_month_day_confirmed(e: _DateEvidence) -> _Found:
    """A year-less dateline (发布时间：10-0812:00) dated by another date the page gives for the
    same month and day: any date-like meta tag (dateUpdate too) or the URL. Neither alone would
    do: the dateline lacks the year, the other may be a modification time."""
    month_day = next((md for text in _near_texts(e) if (md := labelled_month_day(text))), None)
    if month_day is None:
        return None
    others = [parse_date(v) for k, v in e.meta.items() if "date" in k or "time" in k] + [date_from_url(e.url)]
    for found in others:
        if found and (found.date.month, found.date.day) == month_day:
            return found, "text"
    return None


def _text_before(e: _DateEvidence, b: Block) -> str:
    """The block printed just before b (an infobox's label cell beside its value)."""
    return e.view(e.blocks[b.index - 1].text) if b.index > 0 else ""


def _by_url(e: _DateEvidence) -> _Found:
    found = date_from_url(e.url)
    return (found, "url") if found else None


def _by_labelled_after_body(e: _DateEvidence) -> _Found:
    last = e.content[-1].index
    after = [b for b in e.blocks[last + 1: last + 6] if not _lists_another_article(b)]
    for b in e.content[::-1] + after:
        if b.chars <= 200 and not _REPLY.search(b.text) and (found := find_labelled_date(e.view(b.text))):
            return found, "text"
    return None


def _by_closing_date_line(e: _DateEvidence) -> _Found:
    """A line that is only a date among the text's last lines: （2015年4月18日）, the date an
    article, a letter or a speech signs off with."""
    for b in e.content[-3:][::-1]:
        text = e.view(b.text)
        if b.chars <= 30 and (dates := page_date_candidates(text)):
            rest = text[: dates[0].start] + text[dates[-1].end:]
            if sum(not c.isspace() for c in rest) <= 6:  # brackets, 星期一: nothing else
                return dates[0], "text"
    return None


def _around_body(e: _DateEvidence) -> list[Block]:
    """Short blocks within 40 of the body, outside it; not comments, replies, menus or sharing
    bars (`noisy`, _REPLY), nor entries of lists of other articles: their dates are not this
    page's."""
    lo, hi = e.content[0].index, e.content[-1].index
    return [b for b in e.blocks if b.chars <= 200 and (lo - 40 <= b.index <= hi + 40) and not lo <= b.index <= hi
            and not b.noisy and not _REPLY.search(b.text) and not _lists_another_article(b)]


# A comment or a reply printed without a marked container: 〖某人〗回复: …, 网友568 2013-02-25：…,
# a board's later floor (楼层： 第 2 楼 时间：2005-08-28 23:38:58; the post itself is the first).
_REPLY = re.compile(r"回复\s*[:：]|^\s*(?:网友|游客)|第\s*(?:[2-9]|\d{2,})\s*楼")


def _undated_chars(text: str) -> int:
    return sum(not c.isspace() for c in DATE_TIME.sub("", text))


def _lists_another_article(b: Block) -> bool:
    """An entry of a list of other articles (related links, the next chapters, previous/next):
    a linked title and its date, `少年时代(1)(2004/10/10 17:06)`. Its date is that article's,
    never this page's, even when the page states none (measured: a book chapter dated by its
    related list). A date that is itself the link (a blog's permalink) does not make an entry."""
    if b.link_chars < 4 or not DATE_TIME.search(b.text) or labelled_fields(b.text):
        return False  # no linked title, no date, or an info line (来源：<a>兰州日报社</a> …)
    if any(DATE_TIME.search("".join(a.itertext())) for a in b.owner.iter("a")):
        return False  # the dates are the links: permalinks, not other articles' dates
    return b.link_chars >= 0.6 * _undated_chars(b.text)


def _by_labelled_around_body(e: _DateEvidence) -> _Found:
    for b in _around_body(e):
        if found := find_labelled_date(e.view(b.text)):
            return found, "text"
    return None


def _by_nearest_date_around_body(e: _DateEvidence) -> _Found:
    lo, hi = e.content[0].index, e.content[-1].index
    for b in sorted(_around_body(e), key=lambda b: abs(b.index - lo) if b.index < lo else b.index - hi):
        if dates := page_date_candidates(e.view(b.text), _text_before(e, b)):
            return dates[0], "text"
    return None


# The order of trust, most to least; the first strategy that finds a date wins, and its name
# is recorded in the record's flags (`date_by:<name>`) beside date_source.
DATE_STRATEGIES: tuple[tuple[str, Callable[[_DateEvidence], _Found]], ...] = (
    ("site_selector", _by_site_selector),
    ("cms_fields", _by_cms_fields),
    ("meta_tags", _by_meta_tags),
    ("labelled_near_title", _by_labelled_near_title),
    ("any_date_near_title", _by_any_date_near_title),
    ("month_day_confirmed", _by_month_day_confirmed),
    ("url", _by_url),
    ("labelled_after_body", _by_labelled_after_body),
    ("closing_date_line", _by_closing_date_line),
    ("labelled_around_body", _by_labelled_around_body),
    ("nearest_date_around_body", _by_nearest_date_around_body),
)


def _edges(e: _DateEvidence) -> list[Block]:
    """The short blocks a month is looked for in: the info lines above the text, the text's
    last three blocks and the five after it; not entries of lists of other articles, and not
    links or furniture (a blog's archive, 2005年03月(12), links each month)."""
    last = e.content[-1].index
    after = [b for b in e.blocks[last + 1: last + 6] if not _lists_another_article(b)]
    return [b for b in e.near + e.content[-3:] + after if b.chars <= 60 and not b.noisy and b.link_chars * 2 < b.chars]


def _by_issue_month(e: _DateEvidence) -> tuple[int, int] | None:
    """A magazine issue the article is from: ——《北京之春》1998年3月号, 原载《读书》2003年5月刊."""
    return next((ym for b in _edges(e) if (ym := month_of(e.view(b.text), whole_line=False))), None)


def _by_month_line(e: _DateEvidence) -> tuple[int, int] | None:
    """A line that is only a year and month: a report's or letter's 2003年5月于北京."""
    return next((ym for b in _edges(e) if not is_prose(b) and (ym := month_of(e.view(b.text), whole_line=True))),
                None)


# Tried only when no strategy above finds a day: a month alone never becomes published_date
# (its day would be invented); it is kept as published_month, which files the row in that month.
MONTH_STRATEGIES: tuple[tuple[str, Callable[[_DateEvidence], tuple[int, int] | None]], ...] = (
    ("issue_month", _by_issue_month),
    ("month_line", _by_month_line),
)


def _date(pm: PageMeta, evidence: _DateEvidence) -> None:
    for name, strategy in DATE_STRATEGIES:
        if (got := strategy(evidence)) is not None:
            _set_date(pm, *got)
            pm.flags.append(f"date_by:{name}")
            return
    for name, month_strategy in MONTH_STRATEGIES:
        if (ym := month_strategy(evidence)) is not None:
            pm.published_month = f"{ym[0]:04d}-{ym[1]:02d}"
            pm.flags.append(f"date_by:{name}")
            return


def _set_date(pm: PageMeta, found: FoundDate, source: str) -> None:
    pm.published_date, pm.published_at, pm.date_source = found.date, found.at, source


def _images(content: list[Block]) -> list[dict]:
    if not content:
        return []
    seen: set[str] = set()
    out = []
    owners = {b.owner for b in content}
    for owner in owners:
        for img in owner.iter("img"):
            src = img.get("src")
            if src and src not in seen:
                seen.add(src)
                out.append({"src": src, "alt": clean_text(img.get("alt") or "")})
    return out


def _classes(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)
