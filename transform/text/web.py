"""A single article as a web page renders it to text: header, body, footer.

The header holds the title, metadata lines (时间/点击/来源/编辑/…), share widgets, bylines
and photo captions; a date standing alone above the title is the page's render date,
not the publish date. The footer starts at the first footer rule (主管单位, ICP, …) after
the body. Every cut is made at the same offsets in the original-script line, so
body_original keeps the page's own characters.
"""

from __future__ import annotations

import re

from transform.common.boilerplate import RuleSet, is_footer_rule
from transform.common.fields import (
    Meta,
    attribution_names,
    find_date,
    parse_dateline,
    parse_meta_line,
    split_photo_credit,
    split_trailing_attribution,
)
from transform.common.names import split_names
from transform.common.normalize import NormalisedText
from transform.common.reflow import width
from transform.epaper.items import looks_like_heading
from transform.record import Article

_DATE_ONLY = re.compile(r"^[\s\d年月日/\-.:：()（）~～星期一二三四五六日天]*$")
_BULLET = re.compile(r"^\s*(?:[-•·*▪◆●]\s+)+")


HEADER_SCAN = 10
_SUBTITLE = re.compile(r"^\s*[—－-]{1,2}\s*")


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
            and not _SUBTITLE.match(text)
            and _byline(text) is None
            and not (_DATE_ONLY.match(text) and find_date(text))
        ):
            candidates.append(i)
    return None


def _byline(text: str) -> list[str] | None:
    t = _BULLET.sub("", text).strip()
    if width(t) > 30 or re.search(r"[。，,！？:：]", t):
        return None
    return split_names(t)


def parse_web_text(n: NormalisedText, rules: RuleSet) -> Article | None:
    s_lines = n.text.split("\n")
    o_lines = n.original.split("\n")
    meta = Meta()
    flags = list(n.flags) + ["layout:web"]
    title: str | None = None
    captions: list[str] = []
    authors: list[str] = []
    photographers: list[str] = []
    body: list[tuple[int, int, int]] = []  # (line, start, end) spans of the Simplified view
    idx = [i for i, ln in enumerate(s_lines) if ln.strip()]
    footer_at = len(s_lines)
    for pos, i in enumerate(idx):
        rule = rules.match(s_lines[i])
        if rule is not None and is_footer_rule(rule) and pos >= len(idx) // 2:
            footer_at = i
            flags.append(f"boilerplate:{rule.name}")
            break
    title_at = _title_line(s_lines, idx[:HEADER_SCAN], rules)
    subtitle: str | None = None
    in_header = True
    for i in idx:
        if i >= footer_at:
            break
        line = s_lines[i]
        text = line.strip()
        rule = rules.match(text)
        if rule is not None:
            flags.append(f"boilerplate:{rule.name}")
            continue
        if parse_meta_line(text, meta):
            continue
        if in_header:
            if title is None and _DATE_ONLY.match(text) and find_date(text):
                flags.append("page_render_date_dropped")
                continue
            if (names := _byline(text)) is not None:
                authors += [a for a in names if a not in authors]
                continue
            credit = split_photo_credit(text)
            if credit is not None and width(text) < 120:
                captions.append(credit[0])
                photographers += [p for p in credit[1] if p not in photographers]
                continue
            if title_at is not None and i < title_at and looks_like_heading(text):
                flags.append("header_text_dropped")
                continue
            if title is None and not body and looks_like_heading(text) and not captions:
                title = text
                continue
            if title is not None and subtitle is None and _SUBTITLE.match(text) and width(text) <= 60:
                subtitle = _SUBTITLE.sub("", text).strip()
                continue
            if _DATE_ONLY.match(text) and (found := find_date(text)):
                if meta.published_date is None:
                    meta.published_date, meta.published_at = found
                continue
            in_header = False
        elif (credit := split_photo_credit(text)) is not None and (text.endswith("摄") or text.startswith("图为")):
            captions.append(credit[0])
            photographers += [p for p in credit[1] if p not in photographers]
            continue
        start = len(line) - len(line.lstrip())
        body.append((i, start, len(line.rstrip())))
    if not body:
        return None
    # A dateline opening the body and an attribution closing it are bylines.
    i, start, end = body[0]
    if (dl := parse_dateline(s_lines[i][start:end])) is not None:
        authors += [a for a in dl[0] if a not in authors]
        body[0] = (i, start + dl[2], end)
    i, start, end = body[-1]
    if len(body) > 1 and (names := attribution_names(s_lines[i][start:end])) is not None:
        authors += [a for a in names if a not in authors]
        body.pop()
    elif (split := split_trailing_attribution(s_lines[i][start:end])) is not None:
        authors += [a for a in split[1] if a not in authors]
        body[-1] = (i, start, start + len(split[0]))
    text = "\n".join(s_lines[i][a:b].strip() for i, a, b in body)
    original = "\n".join(o_lines[i][a:b].strip() for i, a, b in body)
    return Article(
        body=text,
        body_original=original if original != text else None,
        title=title,
        subtitle=subtitle,
        authors=[*meta.authors, *(a for a in authors if a not in meta.authors)],
        editors=meta.editors,
        photographers=photographers or meta.photographers,
        captions=captions,
        origin=meta.origin,
        clicks=meta.clicks,
        published_date=meta.published_date,
        published_at=meta.published_at,
        date_source="page_meta" if meta.published_date else None,
        flags=sorted(set(flags)),
        script=n.script,
    )
