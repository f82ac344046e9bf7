"""A single article as a web page renders it to text: header, body, footer.

The header holds the title, metadata lines (时间/点击/来源/编辑/…), share widgets, bylines
and photo captions; a date standing alone above the title is the page's render date,
not the publish date. The footer starts at the first footer rule (主管单位, ICP, …) after
the body. Every cut is made at the same offsets in the original-script line, so
body_original keeps the page's own characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transform.common.boilerplate import RuleSet, is_footer_rule
from transform.common.bylines import (
    SUBTITLE_DASH,
    attribution_names,
    parse_dateline,
    split_photo_credit,
    split_trailing_attribution,
)
from transform.common.fields import Meta, find_date, parse_meta_line
from transform.common.names import split_names, unmarked
from transform.common.normalize import NormalisedText
from transform.common.reflow import width
from transform.epaper.items import looks_like_heading
from transform.record import Article, Credits, Headline

_DATE_ONLY = re.compile(r"^[\s\d年月日/\-.:：()（）~～星期一二三四五六日天]*$")


HEADER_SCAN = 10


def _title_line(s_lines: list[str], head: list[int], rules: RuleSet) -> int | None:
    """The title is the last heading-like line above the first metadata line; lines
    above it (site name, column name) are page furniture. None when no metadata line."""
    candidates: list[int] = []
    for i in head:
        text = s_lines[i].strip()
        if rules.match(text) is not None:
            continue
        if parse_meta_line(text, Meta()):
            return candidates[-1] if candidates else None
        if (
            looks_like_heading(text)
            and not SUBTITLE_DASH.match(text)
            and _byline(text) is None
            and not (_DATE_ONLY.match(text) and find_date(text))
        ):
            candidates.append(i)
    return None


def _byline(text: str) -> list[str] | None:
    t = unmarked(text)
    if width(t) > 30 or re.search(r"[。，,！？:：]", t):
        return None
    return split_names(t)


@dataclass(kw_only=True)
class _WebPage(Headline, Credits):
    """What the steps of parse_web_text find, line by line: the header's metadata lines go to
    `meta`, the names the body prints (bylines, datelines, attributions) to its own credits."""

    meta: Meta = field(default_factory=Meta)
    flags: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    body: list[tuple[int, int, int]] = field(default_factory=list)  # (line, start, end) in the Simplified view
    in_header: bool = True

    def add_credit(self, caption: str, names: list[str]) -> None:
        self.captions.append(caption)
        self.credit(names, "photographers")


def parse_web_text(n: NormalisedText, rules: RuleSet) -> Article | None:
    """One article from a web page rendered to text: header, body, footer (module docstring)."""
    s_lines = n.text.split("\n")
    page = _WebPage(flags=[*n.flags, "layout:web"])
    idx = [i for i, ln in enumerate(s_lines) if ln.strip()]
    footer_at = _footer_start(s_lines, idx, rules, page)
    title_at = _title_line(s_lines, idx[:HEADER_SCAN], rules)
    for i in idx:
        if i >= footer_at:
            break
        line = s_lines[i]
        text = line.strip()
        if (rule := rules.match(text)) is not None:
            page.flags.append(f"boilerplate:{rule.name}")
            continue
        if parse_meta_line(text, page.meta):
            continue
        if page.in_header:
            if _header_line(page, text, i, title_at):
                continue
        elif _body_photo_credit(page, text):
            continue
        start = len(line) - len(line.lstrip())
        page.body.append((i, start, len(line.rstrip())))
    if not page.body:
        return None
    _bylines_at_body_ends(page, s_lines)
    return _web_article(page, n)


def _footer_start(s_lines: list[str], idx: list[int], rules: RuleSet, page: _WebPage) -> int:
    """The first footer line (ICP, 主办单位 ...) in the page's second half; past the end if none."""
    for pos, i in enumerate(idx):
        rule = rules.match(s_lines[i])
        if rule is not None and is_footer_rule(rule) and pos >= len(idx) // 2:
            page.flags.append(f"boilerplate:{rule.name}")
            return i
    return len(s_lines)


def _header_line(page: _WebPage, text: str, i: int, title_at: int | None) -> bool:
    """Take a header line (render date, byline, credit, text above the title, title, subtitle,
    date); False when it is the first body line, which ends the header."""
    if page.title is None and _DATE_ONLY.match(text) and find_date(text):
        page.flags.append("page_render_date_dropped")
        return True
    if (names := _byline(text)) is not None:
        page.credit(names)
        return True
    credit = split_photo_credit(text)
    if credit is not None and width(text) < 120:
        page.add_credit(*credit)
        return True
    if title_at is not None and i < title_at and looks_like_heading(text):
        page.flags.append("header_text_dropped")
        return True
    if page.title is None and not page.body and looks_like_heading(text) and not page.captions:
        page.title = text
        return True
    if page.title is not None and page.subtitle is None and SUBTITLE_DASH.match(text) and width(text) <= 60:
        page.subtitle = SUBTITLE_DASH.sub("", text).strip()
        return True
    if _DATE_ONLY.match(text) and (found := find_date(text)):
        if page.meta.published_date is None:
            page.meta.published_date, page.meta.published_at = found
        return True
    page.in_header = False
    return False


def _body_photo_credit(page: _WebPage, text: str) -> bool:
    """A photo credit inside the body (… 摄, 图为 …) is a caption, not body text."""
    credit = split_photo_credit(text)
    if credit is not None and (text.endswith("摄") or text.startswith("图为")):
        page.add_credit(*credit)
        return True
    return False


def _bylines_at_body_ends(page: _WebPage, s_lines: list[str]) -> None:
    """A dateline opening the body and an attribution closing it are bylines."""
    i, start, end = page.body[0]
    if (dl := parse_dateline(s_lines[i][start:end])) is not None:
        page.credit(dl[0])
        page.body[0] = (i, start + dl[2], end)
    i, start, end = page.body[-1]
    if len(page.body) > 1 and (names := attribution_names(s_lines[i][start:end])) is not None:
        page.credit(names)
        page.body.pop()
    elif (split := split_trailing_attribution(s_lines[i][start:end])) is not None:
        page.credit(split[1])
        page.body[-1] = (i, start, start + len(split[0]))


def _web_article(page: _WebPage, n: NormalisedText) -> Article:
    s_lines, o_lines = n.text.split("\n"), n.original.split("\n")
    text = "\n".join(s_lines[i][a:b].strip() for i, a, b in page.body)
    original = "\n".join(o_lines[i][a:b].strip() for i, a, b in page.body)
    meta = page.meta
    return Article(
        body=text,
        body_original=original if original != text else None,
        title=page.title,
        subtitle=page.subtitle,
        authors=[*meta.authors, *(a for a in page.authors if a not in meta.authors)],
        editors=meta.editors,
        photographers=page.photographers or meta.photographers,
        captions=page.captions,
        origin=meta.origin,
        clicks=meta.clicks,
        published_date=meta.published_date,
        published_at=meta.published_at,
        date_source="page_meta" if meta.published_date else None,
        flags=sorted(set(page.flags)),
        script=n.script,
    )
