"""Text inputs: normalise, detect the layout, parse, and build Article records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from transform.common.boilerplate import RuleSet
from transform.common.fields import PAGE_KINDS, Meta, find_date, parse_meta_line
from transform.common.normalize import normalise_text
from transform.common.reflow import join_column_spaces, segment_width, tidy_spaces, width
from transform.common.script import realign
from transform.epaper.after import assemble_titles_after
from transform.epaper.assemble import Draft, assemble_titles_before, titles_after
from transform.epaper.dating import date_epaper_article
from transform.epaper.items import block_items, column_fragments, line_items
from transform.record import Article
from transform.text.layout import EPAPER_LINES, WEB, detect_layout
from transform.text.web import parse_web_text

HEADING_SPLIT_MIN = 10  # a space after a longer run in a heading is a column break


def parse_text(
    raw: str, *, rules: RuleSet, page_date: date | None = None, page_date_source: str = "url"
) -> list[Article]:
    """Articles of one text dump. page_date: the edition date when the caller knows it
    (a source's URL template: "url"; a dated file name: "path"; --edition-date: "option");
    a date printed in the page header is used otherwise ("text")."""
    n = normalise_text(raw)
    lines = n.text.split("\n")
    layout = detect_layout(lines)
    if layout == WEB:
        article = parse_web_text(n, rules)
        return [article] if article is not None else []
    lines, page = _page_furniture(lines, rules)
    date_source = page_date_source if page_date else "text"
    page_date = page_date or page.published_date
    if layout == EPAPER_LINES:
        items = line_items(lines)
    else:
        items = block_items(lines)
        column = segment_width([it.text for it in items if it.kind == "body"])
        column_fragments(items, column)
        for it in items:
            if it.kind == "body":
                it.text = join_column_spaces(it.text, column)
    drafts = assemble_titles_after(items) if titles_after(items) else assemble_titles_before(items)
    articles = [_to_article(d, layout, n.script, n.flags + page.flags) for d in drafts]
    for a in articles:
        a.editors = list(page.editors)
        a.section = a.section or page.section
        date_epaper_article(a, page_date, date_source)
        if n.script == "hant":
            a.body_original = realign(a.body, n.text, n.original)
    return articles


@dataclass
class _PageFurniture(Meta):
    flags: list[str] = field(default_factory=list)
    section: str | None = None


_EDITION_LINE = re.compile(r"^[\s\d年月日/\-.:：()（）~～星期一二三四五六日天第版期总号]*$")
HEADER_LINES = 6
_PAGE_SECTION = re.compile(r"第\s*(\d{1,3})\s*版\s*[:：]?\s*([\u4e00-\u9fff]{2,8})?")


def _is_edition_line(text: str) -> bool:
    """A page header: only a date (and weekday/issue numbers), or a short line naming the
    paper, the date and the page (甘肃日报 2024年3月18日 星期一 第3版 要闻)."""
    if _EDITION_LINE.match(text):
        return True
    return width(text) <= 40 and bool(_PAGE_SECTION.search(text) or "星期" in text)


def _page_furniture(lines: list[str], rules: RuleSet) -> tuple[list[str], _PageFurniture]:
    """Blank out boilerplate, metadata lines and the edition-date header of an e-paper
    dump (keeping line positions, which the layout depends on)."""
    page = _PageFurniture()
    out = []
    seen = 0
    for line in lines:
        text = line.strip()
        if not text:
            out.append(line)
            continue
        seen += 1
        if (rule := rules.match(text)) is not None:
            page.flags.append(f"boilerplate:{rule.name}")
            out.append("")
        elif seen <= HEADER_LINES and _is_edition_line(text) and (found := find_date(text)):
            page.published_date = page.published_date or found[0]
            page.flags.append("edition_date_line")
            if (m := _PAGE_SECTION.search(text)) and m.group(2):
                page.section = m.group(2)
            out.append("")
        elif width(text) <= 60 and parse_meta_line(text, page, PAGE_KINDS):
            page.flags.append("page_metadata_line")
            out.append("")
        else:
            out.append(line)
    return out, page


def heading_text(text: str) -> str:
    """Join a heading broken across column lines, keep a two-part heading's space."""
    parts = text.split()
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += ("" if width(out.split(" ")[-1]) > HEADING_SPLIT_MIN else " ") + part
    return out


def _to_article(d: Draft, layout: str, script: str, page_flags: list[str]) -> Article:
    tidy = tidy_spaces if layout == EPAPER_LINES else (lambda s: s.strip())
    body = "\n".join(tidy(p) for p in d.paragraphs if p.strip())
    return Article(
        body=body,
        title=heading_text(d.title) if d.title else None,
        subtitle=heading_text(d.subtitle) if d.subtitle else None,
        kicker=d.kicker,
        section=d.section,
        authors=d.authors,
        photographers=d.photographers,
        captions=[tidy(c) for c in d.captions],
        kind=d.kind,
        flags=[*page_flags, *d.flags, f"layout:{layout}"],
        script=script,
    )
