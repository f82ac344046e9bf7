"""Items of a titles-after e-paper page -> articles: bodies accumulate until a title block
(its title, perhaps a kicker over it and a byline under it) closes them.

Titles-first pages and what both assemblies share (Draft, the body and photo handling, the
subhead shapes) are in transform.epaper.assemble. Here the evidence is read backwards: a
lone heading after which the same article goes on is a subhead; a dateline-credited article
followed by a title block with its own byline must have had its title in between (which
settles lines that could be a title or a paragraph's first line); a text ending in a photo
credit is a photo record, or the caption is split off the paragraph it ran on from.
"""

from __future__ import annotations

from transform.common.bylines import DATELINE_START
from transform.common.reflow import width
from transform.epaper.assemble import (
    CAPTION_MAX_WIDTH,
    OPENER,
    Draft,
    add_body,
    looks_like_subhead,
    photo_draft,
    settle_title_pair,
)
from transform.epaper.items import Item


def is_subhead_after(heads: list[Item], nxt: Item | None) -> bool:
    """On a titles-after page, a lone heading that the same article's text goes on after (no
    byline with it, no new start after it) and that is shaped like a subhead is a subhead, not
    the title of the text above it."""
    return (
        len(heads) == 1
        and heads[0].kind == "heading"
        and nxt is not None
        and nxt.kind == "body"
        and not nxt.hard_start
        and not OPENER.match(nxt.text)
        and looks_like_subhead(heads[0].text)
    )


def _split_caption(text: str) -> tuple[str, str] | None:
    """(paragraph, caption): the last sentence of a text that ends in a photo credit, when it
    is caption-sized."""
    stop = max(text.rstrip()[:-1].rfind(m) for m in "。！？")
    if stop < 0:
        return None
    head, tail = text[: stop + 1].strip(), text[stop + 1 :].strip()
    return (head, tail) if head and tail and width(tail) <= CAPTION_MAX_WIDTH else None


def byline_ahead(items: list[Item], k: int) -> bool:
    """True when the next title block after item k carries a byline: the text before it is
    another article's when the running one is already credited (by its dateline)."""
    in_group = False
    for item in items[k + 1:]:
        if item.kind == "byline" and in_group:
            return True
        if item.kind == "body" and item.hard_start and not in_group:
            return False  # another article starts first: that byline is its own
        if item.kind == "heading" and item.hard_start:
            in_group = True
        elif in_group and item.kind not in ("heading", "byline"):
            return False
    return False


class _TitlesAfter:
    """Assembly of a titles-after page: bodies accumulate until a title block closes them."""

    def __init__(self, items: list[Item]):
        self.items = items
        self.drafts: list[Draft] = []
        self.cur: Draft | None = None
        self.heads: list[Item] = []
        self.pending = ""  # a weak heading read as the first line of the paragraph after it
        self.k = 0  # the item being placed

    def credited_twice(self, k: int) -> bool:
        """The running article is credited (its dateline) and the next title block has a byline:
        a title must stand between them."""
        cur = self.cur
        return cur is not None and bool(cur.authors) and bool(cur.paragraphs) and byline_ahead(self.items, k)

    def item(self, k: int, item: Item) -> None:
        self.k = k
        if item.weak and not self.heads and not self.credited_twice(k):
            self.pending = item.text.strip()
            return
        if self.pending:
            if item.kind == "body":
                item = Item("body", self.pending + item.text, hard_start=item.hard_start)
            else:
                self.body(Item("body", self.pending))
            self.pending = ""
        if item.kind in ("heading", "byline") and (item.hard_start or self.heads):
            self.heads.append(item)
            if item.ends_group:
                self.title_block(k)
        elif item.kind == "attribution":
            if self.cur is not None:
                self.cur.credit(item.names)
        elif item.kind != "fragment":
            self.body(item)

    def title_block(self, k: int) -> None:
        heads, cur = self.heads, self.cur
        self.heads = []
        nxt = self.items[k + 1] if k + 1 < len(self.items) else None
        if cur is not None and cur.paragraphs and is_subhead_after(heads, nxt) and not self.credited_twice(k):
            cur.paragraphs.append(heads[0].text.strip())
            cur.flags.append("subheads_in_body")
            return
        titles = [h.text.strip() for h in heads if h.kind == "heading"]
        names = [n for h in heads if h.kind == "byline" for n in h.names]
        if cur is None or cur.title is not None:
            cur = Draft()
            self.drafts.append(cur)
        cur.title = titles[0] if titles else None
        if len(titles) > 1:
            cur.subtitle = titles[1]
            settle_title_pair(cur)
        cur.credit(names)
        cur.ended = True
        self.cur = None

    def body(self, item: Item) -> None:
        photo = photo_draft(item, None)
        if photo is not None and self.photo(item, photo):
            return
        if self.cur is None or item.hard_start:
            self.cur = Draft()
            self.drafts.append(self.cur)
        add_body(self.cur, item)

    def photo(self, item: Item, photo: Draft) -> bool:
        """Place a text that ends in a photo credit; False when it is an article's text after all.

        A caption-sized one is a photo record (inside an article, the article goes on after
        it); after a title block, opening like a news lead (4月10日，…) or with a new block
        after it, it is a photo item with its story;
        a caption run on from the paragraph above is split off at its sentence."""
        caption = photo.paragraphs[0]
        nxt = self.items[self.k + 1] if self.k + 1 < len(self.items) else None
        goes_on = nxt is not None and nxt.kind == "body" and not nxt.hard_start  # the text runs on after it
        story = bool(OPENER.match(caption)) and not DATELINE_START.match(caption)  # 4月10日，… : a photo story
        whole = width(caption) <= CAPTION_MAX_WIDTH or (self.cur is None and (not goes_on or OPENER.match(caption)))
        split = _split_caption(caption)
        # Split off the last sentence when the text goes on after the photo (the sentences before
        # it are the running article's, unless a photo story), or when the whole is no caption.
        if split is not None and ((goes_on and not story) or not whole):
            self.body(Item("body", split[0], hard_start=item.hard_start))
            photo.paragraphs = [split[1]]
            self.drafts.append(photo)
            return True
        if whole or item.hard_start:
            self.drafts.append(photo)
            return True
        return False


def assemble_titles_after(items: list[Item]) -> list[Draft]:
    """Articles of a page that prints titles after their bodies."""
    page = _TitlesAfter(items)
    for k, item in enumerate(items):
        page.item(k, item)
    if page.pending:
        page.body(Item("body", page.pending))
    return [d for d in page.drafts if d.paragraphs]
