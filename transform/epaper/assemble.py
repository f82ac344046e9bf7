"""Items of an e-paper page -> articles.

The page decides where its titles stand: a page that ends in headings prints titles
after their bodies; otherwise titles come first. Then every item is placed by the
signals the page gives: datelines and indents open text blocks, trailing attributions
close articles, a heading followed by a byline or an opener starts one, a heading
inside a running article is a subhead, a heading between two halves of a sentence is
that article's title, and a caption with a photographer is a photo item of its own.
Titles-first pages are assembled here (and page PDFs, whose reading order is true);
titles-after pages in transform.epaper.after, with the Draft and helpers defined here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transform.common.boilerplate import strip_jump
from transform.common.bylines import (
    DATELINE_START,
    closes_text,
    parse_dateline,
    split_photo_credit,
    split_trailing_attribution,
)
from transform.common.reflow import ends_sentence, width
from transform.epaper.items import Item
from transform.record import Credits, Headline

OPENER = re.compile(
    r"^\s*(?:本报讯|[^\s，。]{0,20}讯\s*[（(]|近日|日前|近期|昨天|昨日|今天|今日|当天|"
    r"(?:\d{4}年)?\s*\d{1,2}\s*月\s*\d{1,2}\s*日[,，]|记者从|记者近日)"
)
SECTION_MAX_WIDTH = 6
CAPTION_MAX_WIDTH = 48


@dataclass(kw_only=True)
class Draft(Headline, Credits):
    """An article while it is being assembled."""

    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    kind: str = "article"
    ended: bool = False
    flags: list[str] = field(default_factory=list)
    origin_outlet: str | None = None
    joins: list[tuple[int, int]] = field(default_factory=list)  # (paragraph, offset) of sentence joins

    @property
    def open_sentence(self) -> bool:
        return bool(self.paragraphs) and not closes_text(self.paragraphs[-1])


def titles_after(items: list[Item]) -> bool:
    """True when the page prints titles after their bodies (it ends in a heading)."""
    content = [i for i in items if i.kind != "fragment"]
    if not content:
        return False
    if content[0].kind == "heading":
        return False
    return content[-1].kind in ("heading", "byline")


def add_body(draft: Draft, item: Item) -> None:
    text = item.text
    if (dl := parse_dateline(text)) is not None:
        names, outlet, end = dl
        draft.credit(names)
        draft.origin_outlet = outlet
        text = text[end:]
    text, jumped = strip_jump(text)
    if jumped:
        draft.flags.append("jump_line_removed")
    if (split := split_trailing_attribution(text)) is not None:
        text, names = split
        draft.credit(names)
        draft.ended = True
    if text.strip():
        draft.paragraphs.append(text.strip())


def photo_draft(item: Item, section: str | None) -> Draft | None:
    split = split_photo_credit(item.text)
    if split is None:
        return None
    caption, names = split
    return Draft(paragraphs=[caption], photographers=names, kind="photo", ended=True, section=section)


def _is_caption(item: Item, nxt: Item | None) -> bool:
    t = item.text
    return (
        item.kind == "body"
        and width(t) <= CAPTION_MAX_WIDTH
        and ends_sentence(t)
        and t.count("。") == 1
        and " " not in t.strip()
        # Followed by its article's text, or standing last before the next headline (a
        # caption printed under the photo at the article's foot).
        and (nxt is None or nxt.kind == "heading" or (nxt.kind == "body" and not OPENER.match(nxt.text)))
    )


_ENUMERATED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．\s]|第[一二三四五六七八九十]+)")
# A heading met inside a running article of a titles-first page: its headline or a subhead?
# Evidence, weighed: headlines run long (10-30 characters), subheads short (4-10) and often
# numbered or ending in a colon; a headline follows a finished sentence. Measured on the
# generated pages of bench/segmentation (DEV seeds): see docs/segmentation.md.
HEADLINE_WIDTH, SUBHEAD_WIDTH = 12, 7


_LEAD_SUBHEAD = re.compile(r"^(\S{2,5})\s+(\S{4,})$")  # 靠前服务 打造绿色授信通道: a short lead, a longer tail


def _subhead_shape(text: str) -> bool:
    m = _LEAD_SUBHEAD.match(text.strip())
    return m is not None and width(m.group(2)) >= width(m.group(1)) + 2


def credit_ahead(items: list[Item], k: int) -> bool:
    """True when the text after item k, up to the next heading or byline (subheads aside),
    ends in its own author credit (an attribution line or a closing （name）)."""
    for item in items[k + 1:]:
        if item.kind == "heading" and looks_like_subhead(item.text):
            continue  # the same text's own subheads
        if item.kind in ("heading", "byline"):
            return False
        if item.kind == "attribution" or (item.kind == "body" and split_trailing_attribution(item.text)):
            return True
    return False


def heading_starts_article(cur: Draft, item: Item, nxt: Item | None, credited_after: bool = False) -> bool:
    """True when a heading inside a running article more likely opens a new one.
    credited_after: the text after the heading ends in its own credit (credit_ahead)."""
    if nxt is None or nxt.kind == "attribution":
        return False  # an attribution right after it: the end of this article's text, not a headline
    text = item.text.strip()
    w = width(text)
    score = 0
    score -= 3 if _subhead_shape(text) else 0
    score -= 1 if re.search(r"[，,；;]", text) else 0
    score += 2 if w >= HEADLINE_WIDTH else (-2 if w <= SUBHEAD_WIDTH else 0)
    score -= 3 if _ENUMERATED.match(text) else 0
    score -= 2 if text.endswith(("：", ":")) else 0
    score += 1 if cur.paragraphs and not cur.open_sentence else -2
    # The running article already has its credit (a byline or dateline: it is not ended) and
    # the text after the heading closes with its own: one article is not credited twice. Only
    # a heading shaped like a subhead (numbered, colon, lead + tail) outweighs this.
    score += 4 if credited_after and cur.authors else 0
    # Body-size type under the page's larger headline: a subhead unless the credits say otherwise
    # (a news lead after it, 近日/7月18日, counts for a new item but does not decide).
    if item.minor:
        score += (1 if nxt.kind == "body" and OPENER.match(nxt.text) else 0) - 2
    return score >= 3


class _TitlesFirst:
    """Assembly of a titles-first page, one item at a time: the drafts so far, the one being
    written, and the section label in force."""

    def __init__(self, captions_known: bool = False) -> None:
        self.drafts: list[Draft] = []
        self.cur: Draft | None = None
        self.section: str | None = None
        self.dropped = 0
        self.captions_known = captions_known

    def open(self, title: str | None = None) -> Draft:
        self.cur = Draft(title=title, section=self.section)
        self.drafts.append(self.cur)
        return self.cur

    def heading(self, item: Item, nxt: Item | None, credited_after: bool = False) -> None:
        cur, text = self.cur, item.text.strip()
        if (item.column_cut and cur is not None and not cur.ended and nxt is not None
                and not (credited_after and cur.authors)):
            # The first lines of a paragraph a column end cut off: the block after goes on
            # with its sentence (unless the credits say a new article starts here).
            item.kind = "body"
            self.body(item, nxt)
        elif nxt is not None and nxt.kind == "heading" and width(item.text) <= SECTION_MAX_WIDTH and not item.ends_group:
            self.section = text  # a section label over the next headline
            if cur is not None:
                cur.ended = True
        elif (cur is not None and cur.title is None and cur.open_sentence and not cur.ended and nxt is not None
              and nxt.kind == "body" and not OPENER.match(nxt.text)):
            cur.title = text  # printed between the two halves of a sentence: this article's title
            cur.flags.append("title_inside_body")
        elif cur is not None and not cur.paragraphs and cur.title is not None and not cur.ended:
            if cur.subtitle is None:
                cur.subtitle = text
            else:
                cur.paragraphs.append(text)
        elif (cur is not None and cur.paragraphs and nxt is not None and nxt.kind == "heading"
              and not nxt.column_cut and not _ENUMERATED.match(text)):
            # Two headings stacked inside a running article: a kicker and title (or title and
            # subtitle) pair; in-body subheads come one at a time.
            self.open(text).flags.append("title_by_evidence")
        elif (cur is None or cur.ended or (nxt is not None and nxt.kind == "byline")
              or (nxt is not None and nxt.kind == "body" and OPENER.match(nxt.text) and not looks_like_subhead(text)
                  and not item.minor)
              or (item.gap_before >= 2 and not item.minor)):
            self.open(text)
        elif heading_starts_article(cur, item, nxt, credited_after):
            self.open(text).flags.append("title_by_evidence")
        else:
            cur.paragraphs.append(text)
            cur.flags.append("subheads_in_body")

    def byline(self, item: Item) -> None:
        if self.cur is not None:
            self.cur.authors += item.names
            if self.cur.paragraphs:
                self.cur.ended = True

    def attribution(self, item: Item) -> None:
        target = self.cur
        if target is not None and target.ended:
            # A second attribution in a row: the nearest earlier article of the section that
            # has none is its most likely owner.
            target = next((d for d in reversed(self.drafts) if not d.authors and d.kind == "article"), target)
        if target is not None:
            target.credit(item.names)
            target.ended = True

    def body(self, item: Item, nxt: Item | None) -> None:
        cur = self.cur
        photo = photo_draft(item, self.section)
        if photo is not None and (cur is None or cur.ended or item.gap_before >= 2 or "图为" in item.text):
            self.drafts.append(photo)
        elif (cur is not None and item.gap_before >= 2 and not self.captions_known and _is_caption(item, nxt)
              and (not cur.ended or nxt is None or nxt.kind == "heading")):
            # A caption set apart in the article's text, or standing after its end before the
            # next headline: the photo's caption of the article it follows, not an article.
            cur.captions.append(item.text.strip())
        elif cur is not None and cur.open_sentence and not OPENER.match(item.text) and not cur.ended:
            _continue_sentence(cur, item)
        elif cur is None or cur.ended or item.gap_before >= 2 or (DATELINE_START.match(item.text) and cur.paragraphs):
            add_body(self.open(), item)
        else:
            add_body(cur, item)


def _continue_sentence(cur: Draft, item: Item) -> None:
    """A body piece that goes on with the sentence the article's last paragraph left open."""
    before = len(cur.paragraphs)
    tail = cur.paragraphs.pop()
    add_body(cur, item)
    if len(cur.paragraphs) > before - 1:
        cur.paragraphs[before - 1] = tail + cur.paragraphs[before - 1]
        cur.joins.append((before - 1, len(tail)))
    else:
        cur.paragraphs.append(tail)


def assemble_titles_before(items: list[Item], *, sizes_known: bool = False, captions_known: bool = False
                           ) -> list[Draft]:
    """Articles of a page that prints titles before their bodies (see the module docstring).
    sizes_known: the caller told title from subtitle by type size (a PDF); a text dump's
    stacked headings are settled by their widths (settle_title_pair). captions_known: the
    caller found the captions by geometry (a PDF: text under a picture), so a short sentence
    set apart in the text is a paragraph, not a guessed caption."""
    page = _TitlesFirst(captions_known)
    for i, item in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        if item.kind == "fragment":
            page.dropped += 1
        elif item.kind == "heading":
            page.heading(item, nxt, credit_ahead(items, i))
        elif item.kind == "byline":
            page.byline(item)
        elif item.kind == "attribution":
            page.attribution(item)
        else:
            page.body(item, nxt)
    if page.dropped and page.drafts:
        page.drafts[0].flags.append(f"dropped_vertical_fragments:{page.dropped}")
    for d in page.drafts:
        _reinsert_orphan(d)
        if not sizes_known:
            settle_title_pair(d)
    return [d for d in page.drafts if d.paragraphs]


def settle_title_pair(d: Draft) -> None:
    """Two stacked headings: the narrower one above the wider is a kicker (引题) over the main
    title; a narrower one below, or one opening with a dash, is the subtitle."""
    if d.title and d.subtitle and not d.subtitle.lstrip().startswith(("—", "-")) \
            and width(d.title) < width(d.subtitle):
        d.kicker, d.title, d.subtitle = d.title, d.subtitle, None


ORPHAN_MAX_WIDTH = 40


def _reinsert_orphan(d: Draft) -> None:
    """Put back a column fragment that the dump printed after the rest of its article.

    When a PDF's reading order skips a short column piece, the article has a sentence
    joined across the gap (…将围 + 供综合…) and ends in a fragment that completes no
    sentence (绕…中心工作,提). The fragment belongs at that join.
    """
    if len(d.paragraphs) < 2 or not d.joins:
        return
    last = d.paragraphs[-1]
    if ends_sentence(last) or width(last) > ORPHAN_MAX_WIDTH:
        return
    para, offset = d.joins[-1]
    if para >= len(d.paragraphs) - 1:
        return
    text = d.paragraphs[para]
    d.paragraphs[para] = text[:offset] + last + text[offset:]
    d.paragraphs.pop()
    d.flags.append("fragment_reordered")


def looks_like_subhead(text: str) -> bool:
    """The shapes in-body subheads take: short, numbered, ending in a colon, or a short lead
    with a longer tail (靠前服务 打造绿色授信通道)."""
    text = text.strip()
    return (width(text) <= SUBHEAD_WIDTH or bool(_ENUMERATED.match(text)) or text.endswith(("：", ":"))
            or _subhead_shape(text))
