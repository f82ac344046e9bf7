"""A page PDF's layout -> article records, through the same assembly as text dumps.

transform.pdf.reader has read the page in true order and said what separates each block from
the one before (transform.pdf.shapes). What is left is deciding what each block is, and
here type and position decide, where a text dump has only the words:

- a block in type clearly larger than the page's body text (or set vertically) is a
  title-level heading; in a run of headings the largest is the title, smaller ones above
  it the kicker, below it the subtitle, and a short label over small headings only is the
  section (陇原快讯 above short items);
- a body-size bold line without sentence punctuation is a subhead or a short item's
  title: the assembly tells which, as for text dumps;
- bylines, attributions and vertical fragments are recognised by their text
  (epaper_items.classify_block), datelines and trailing attributions by transform.common.bylines;
- the block(s) printed under a photo box are its caption: with a credit (… 摄) the
  assembly makes a photo item of it; without one it is a caption of the article around;
- a grid of short cells (transform.pdf.tables) is one item of kind "table", titled by the
  heading right above it.

Items then go through epaper_assemble.assemble_titles_before - the order is true, so a
title always precedes its body - one title-level heading group at a time, so a heading
can only ever start the article below or beside it, never join the one before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from transform.common.boilerplate import DEFAULT_RULESET, RuleSet
from transform.common.bylines import DATELINE, DATELINE_START, SUBTITLE_DASH, split_photo_credit
from transform.common.fields import PAGE_KINDS, Meta, find_date, parse_meta_line
from transform.common.reflow import join_lines, width
from transform.common.script import detect_script, realign, to_simplified_aligned
from transform.epaper.assemble import SECTION_MAX_WIDTH, Draft, assemble_titles_before
from transform.epaper.dating import date_epaper_article
from transform.epaper.items import Item, classify_block, looks_like_heading, merge_credit_lines
from transform.finish import finish_records
from transform.pdf.shapes import SEP_GAP, SEP_PAGE, SEP_RULE, PdfDocument, PdfPage, TextBlock
from transform.pdf.tables import find_tables
from transform.record import Article, RawPage, TransformError

TITLE_RATIO = 1.25  # type this much larger than the body text is title level
META_MAX_WIDTH = 60
_WORD = re.compile(r"[^\W_]")
_EDITION_PAGE = re.compile(r"第\s*([A-Z]?\d{1,3})\s*版|(?<![A-Za-z0-9])([A-Z]\d{1,2})\s*版")
_PAGE_SECTION = re.compile(r"版\s*[:：]?\s*([\u4e00-\u9fff]{2,6})(?:\s|$)")
_SECTION_WORD = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
_HEAD_KINDS = ("title", "subhead")


def parse_pdf(
    doc: PdfDocument,
    page: RawPage,
    *,
    edition_date: date | None = None,
    edition_source: str = "url",
    rules: RuleSet | None = None,
    read_at: datetime | None = None,
    derived: bool = True,
) -> list[dict]:
    """Schema-shaped records of a page PDF read by transform.pdf.reader.read_pdf; raises TransformError.

    edition_date: the edition's date when the source knows it (its URL template: date_source
    "url"; a dated file name: "path"; --edition-date: "option"). Otherwise the date printed in a page header, or in the PDF's
    /Title or /Subject, dates the articles with date_source "text".
    """
    articles = [a for a in pdf_articles(doc, edition_date=edition_date, edition_source=edition_source, rules=rules)
                if _WORD.search(a.body)]
    if not articles:
        raise TransformError("extract", "no article text found in the PDF")
    return finish_records(page, articles, read_at or page.read_at or datetime.now(UTC), derived=derived)


@dataclass
class _Furniture(Meta):
    """What a page says about itself: header/footer lines, metadata lines, boilerplate."""

    section: str | None = None
    edition_page: str | None = None
    flags: list[str] = field(default_factory=list)
    skip: set[int] = field(default_factory=set)  # ids of blocks that are not article text


def pdf_articles(
    doc: PdfDocument, *, edition_date: date | None = None, edition_source: str = "url", rules: RuleSet | None = None
) -> list[Article]:
    """Articles of every page, in page order (the bench and tests use this directly)."""
    rules = rules or DEFAULT_RULESET
    script = detect_script(doc.text())
    originals: dict[int, str] = {}
    if script == "hant":
        for p in doc.pages:
            for b in p.blocks:
                originals[id(b)] = b.text
                b.text = to_simplified_aligned(b.text)
    pages = [(p, _furniture(p, rules)) for p in doc.pages]
    printed = next((f.published_date for _p, f in pages if f.published_date), None) or _metadata_date(doc.metadata)
    day = edition_date or printed
    source = edition_source if edition_date else "text"
    out: list[Article] = []
    for p, furn in pages:
        for d in _page_drafts(p, furn.skip):
            a = _to_article(d, p, furn, doc.flags, script)
            date_epaper_article(a, day, source)
            if originals:
                simplified = "\n".join(b.text for b in p.blocks)
                a.body_original = realign(a.body, simplified, "\n".join(originals[id(b)] for b in p.blocks))
            out.append(a)
    return out


def _furniture(p: PdfPage, rules: RuleSet) -> _Furniture:
    """Read header/footer bands, page metadata lines and boilerplate; mark them skipped."""
    f = _Furniture()
    header = [b for b in p.blocks if b.band == "header"] or _unruled_header(p)
    for b in header:
        f.skip.add(id(b))
        if f.published_date is None and (found := find_date(b.text)):
            f.published_date = found[0]
            f.flags.append("edition_date_line")
        if f.edition_page is None and (m := _EDITION_PAGE.search(b.text)):
            f.edition_page = m.group(1) or m.group(2)
        if f.section is None and (m := _PAGE_SECTION.search(b.text)):
            f.section = m.group(1)
    names = [b.text.strip() for b in sorted(header, key=lambda b: -b.size) if b.size > p.body_size]
    if f.section is None and names and _SECTION_WORD.match(names[0]) and names[0][-1] not in "报刊":
        f.section = names[0]
    for b in p.blocks:
        if not _WORD.search(b.text):
            f.skip.add(id(b))  # a lone ornament (∙, ■) set apart: no text of any article
        elif b.band == "ad":  # transform.pdf.ads: labelled paid space (its dates date no page)
            f.skip.add(id(b))
            if "advertisement_skipped" not in f.flags:
                f.flags.append("advertisement_skipped")
        elif (rule := rules.match(b.text)) is not None:
            f.skip.add(id(b))
            f.flags.append(f"boilerplate:{rule.name}")
        elif width(b.text) <= META_MAX_WIDTH and parse_meta_line(b.text, f, PAGE_KINDS):
            f.skip.add(id(b))
            f.flags.append("page_metadata_line")
        elif b.band == "footer":
            f.skip.add(id(b))
    return f


def _unruled_header(p: PdfPage) -> list[TextBlock]:
    """With no rule under it, the header is the page's top row of short lines, when one
    of them gives the date or the page number (2024年5月14日 星期二 … 视点 … 第4版). The row
    is every short line reached from the topmost one through lines sharing height, within the
    page's top 15 % (a masthead's page number, section name and date set at staggered heights:
    the date sits under the page number, beside the section name)."""
    if not p.blocks:
        return []
    first = min(p.blocks, key=lambda b: b.bbox.top)
    if first.bbox.top > 0.15 * p.height:
        return []
    short = [b for b in p.blocks  # (a date and its weekday may take two lines)
             if len(b.lines) <= 2 and width(b.text) <= 40 and b.bbox.bottom <= 0.15 * p.height]
    row = [first]
    grown = True
    while grown:
        more = [b for b in short if all(b is not r for r in row) and any(b.bbox.y_overlap(r.bbox) > 0 for r in row)]
        row += more
        grown = bool(more)
    row = [b for b in row if len(b.lines) <= 2 and width(b.text) <= 40]
    if not any(find_date(b.text) or _EDITION_PAGE.search(b.text) for b in row):
        return []
    return row


def _metadata_date(meta: dict[str, str]) -> date | None:
    """A date in /Title or /Subject (甘肃日报 2024-05-14 第3版). Never /CreationDate: pages
    are made the evening before, or re-exported months later."""
    for key in ("Title", "Subject", "Keywords"):
        if (found := find_date(meta.get(key) or "")) is not None:
            return found[0]
    return None


DISPLAY_RATIO = 2.0  # type this large is a headline whatever its words


def _sentences(text: str) -> bool:
    """Running sentences (a lead paragraph set in larger type): two clauses or more with a stop."""
    return len(re.findall(r"[。！？]", text)) >= 1 and len(re.findall(r"[，。！？；]", text)) >= 2


def block_kind(b: TextBlock, body: float) -> str:
    """title | subhead | caption | byline | attribution | fragment | body."""
    if b.caption_of is not None and classify_block(b.text).kind != "byline":
        return "caption"  # (a reporters' byline under a small picture stays a byline)
    if b.vertical or b.size >= DISPLAY_RATIO * body or (b.size >= TITLE_RATIO * body and not _sentences(b.text)):
        return "title"
    kind = classify_block(b.text).kind
    if kind in ("byline", "attribution", "fragment"):
        return kind
    if b.bold and looks_like_heading(b.text):
        return "subhead"
    return "body"


KICKER_RATIO = 1.1


def _kickers(blocks: list[TextBlock], kinds: list[str], body: float) -> None:
    """A one-line heading in type a little larger than the body (a kicker, 引题, or a
    subtitle) set right above or below a title joins its heading group."""
    for i, b in enumerate(blocks):
        if kinds[i] not in ("body", "subhead") or len(b.lines) != 1 or b.size < KICKER_RATIO * body:
            continue
        if not looks_like_heading(b.text) and not SUBTITLE_DASH.match(b.text):
            continue
        if (i + 1 < len(kinds) and kinds[i + 1] == "title") or (i > 0 and kinds[i - 1] == "title"):
            kinds[i] = "title"


@dataclass
class _Segment:
    """Items from one title-level heading group to the next, assembled on their own."""

    items: list[Item] = field(default_factory=list)
    title: str | None = None
    kicker: str | None = None
    captions: list[tuple[str, str | None]] = field(default_factory=list)  # (caption, text of a body block near it)
    head: TextBlock | None = None  # the segment's largest heading block


SECTION_HEAD_RATIO = 0.35  # a heading this much smaller than its article's headline, under it, heads a section


def _section_heads(group: list[TextBlock], seg: _Segment) -> bool:
    """A title-level group that only heads a section of the article above: type far smaller
    than that article's headline (45 pt over 12 pt heads), set within the headline's span."""
    head = seg.head
    if head is None or head.vertical or any(h.vertical for h in group):
        return False
    slack = 0.1 * head.bbox.width
    return (max(h.size for h in group) < SECTION_HEAD_RATIO * head.size
            and all(head.bbox.x0 - slack <= h.bbox.x0 and h.bbox.x1 <= head.bbox.x1 + slack for h in group))


def _page_drafts(p: PdfPage, skip: set[int]) -> list[Draft]:
    blocks = [b for b in p.blocks if id(b) not in skip]
    kinds = [block_kind(b, p.body_size) for b in blocks]
    _kickers(blocks, kinds, p.body_size)
    tables = find_tables(blocks, p.body_size, [k in _HEAD_KINDS for k in kinds])
    if tables:  # grids are items of their own (transform.pdf.tables); the rest reads as before
        taken = {k for t in tables for k in [*t.members, *([] if t.heading is None else [t.heading])]}
        blocks = [b for k, b in enumerate(blocks) if k not in taken]
        kinds = [kind for k, kind in enumerate(kinds) if k not in taken]
    segments = [_Segment()]
    prev: TextBlock | None = None
    i, after_caption, after_lead = 0, False, False
    while i < len(blocks):
        b, kind = blocks[i], kinds[i]
        seg = segments[-1]
        if kind in _HEAD_KINDS:
            j = i + 1
            while j < len(blocks) and kinds[j] in _HEAD_KINDS and blocks[j].sep_before != SEP_RULE:
                j += 1
            if "title" in kinds[i:j] and not _section_heads(blocks[i:j], seg):
                seg = _Segment(head=max(blocks[i:j], key=lambda h: h.size))
                segments.append(seg)
                seg.items, seg.title, seg.kicker = _title_items(blocks[i:j], p.body_size)
            else:
                seg.items += [Item("heading", h.text.strip(), gap_before=_gap(h), hard_start=True,
                                   minor=seg.title is not None) for h in blocks[i:j]]
                seg.items[-1].ends_group = True
            prev, i, after_caption = None, j, False
            continue
        if kind == "caption":
            j = i + 1
            while j < len(blocks) and kinds[j] == "caption" and blocks[j].caption_of == b.caption_of:
                j += 1
            text = " ".join(c.text.strip() for c in blocks[i:j])
            if split_photo_credit(text) is not None:
                seg.items.append(Item("body", text, gap_before=2, hard_start=True))
            else:
                near = next((x for x, k in zip(blocks[j:], kinds[j:], strict=False) if k == "body"), prev)
                seg.captions.append((text, near.text if near is not None else None))
            prev, i, after_caption = None, j, True
            continue
        item = classify_block(b.text) if kind in ("byline", "attribution", "fragment") else Item("body", b.text.strip())
        last = seg.items[-1] if seg.items else None
        # White space under a heading, a byline or a photo's caption is typography, not an
        # article break (and a gap would make the assembly take a short paragraph for a caption).
        # (nor is a rule under a lead paragraph set in larger type right under the headline)
        typographic = after_caption or (last is not None and last.kind in ("heading", "byline")) or after_lead
        item.gap_before = 0 if typographic else _gap(b)
        item.hard_start = b.indent or bool(DATELINE.match(b.text))
        if kind == "body" and last is not None and last.kind == "body" and _continues(prev, b):
            last.text = join_lines([last.text, b.text])  # a paragraph going on in the next column
        else:
            seg.items.append(item)
        after_lead = kind == "body" and b.size >= KICKER_RATIO * p.body_size and (after_lead or typographic)
        prev, i, after_caption = (b if kind == "body" else None), i + 1, False
    drafts: list[Draft] = []
    for seg in segments:
        got = assemble_titles_before(merge_credit_lines(seg.items), sizes_known=True, captions_known=True)
        if seg.kicker and got and got[0].title == seg.title:
            got[0].kicker = seg.kicker
        for caption, near_text in seg.captions if got else []:
            _owner(got, near_text).captions.append(caption)
        drafts += got
    return drafts + [Draft(paragraphs=[t.text], kind="table", ended=True,
                           title=t.heading_text) for t in tables]


def _gap(b: TextBlock) -> int:
    """Blank lines the assembly should see before a block: a rule, a page start or a
    wide gap count like the two blank lines that part articles in a text dump."""
    return 2 if b.sep_before in (SEP_RULE, SEP_PAGE, SEP_GAP) else 0


def _continues(prev: TextBlock | None, b: TextBlock) -> bool:
    """b goes on with prev's paragraph: prev ran to the column edge and b is not indented, or
    prev is a dateline cut before its closing bracket (本报讯（新, set in a bolder face)."""
    if prev is None or b.indent or b.sep_before in (SEP_RULE, SEP_PAGE):
        return False
    return prev.open_end or (bool(DATELINE_START.match(prev.text)) and not DATELINE.match(prev.text))


def _title_items(group: list[TextBlock], body: float) -> tuple[list[Item], str, str | None]:
    """Items for a title-level heading group, its title and its kicker (kept out of the
    item stream: the assembly has no kicker slot, so it is put on the draft afterwards)."""
    items: list[Item] = []
    if (
        len(group) > 1
        and width(group[0].text) <= SECTION_MAX_WIDTH
        and not any(h.vertical or h.size >= TITLE_RATIO * body for h in group[1:])
        and not any(SUBTITLE_DASH.match(_heading(h)) for h in group[1:])  # —— marks a subtitle of the line above
    ):
        items.append(Item("heading", group[0].text.strip(), gap_before=2, hard_start=True))
        group = group[1:]
    t = max(range(len(group)), key=lambda k: (group[k].size, -k))
    title = _heading(group[t])
    kicker = " ".join(_heading(h) for h in group[:t]) or None
    subtitle = " ".join(SUBTITLE_DASH.sub("", _heading(h)) for h in group[t + 1:]) or None
    # A subtitle set with a dash (——一季度开局良好) belongs to the line above it: that line is the
    # title, never a section label over the next heading (a four-character headline had become one).
    dashed = any(SUBTITLE_DASH.match(_heading(h)) for h in group[t + 1:])
    items.append(Item("heading", title, gap_before=2, hard_start=True, ends_group=subtitle is None or dashed))
    if subtitle:
        items.append(Item("heading", subtitle, ends_group=True))
    return items, title, kicker


def _heading(b: TextBlock) -> str:
    return b.text.strip()


def _owner(drafts: list[Draft], near: str | None) -> Draft:
    """The draft whose body holds the text printed next to a caption (else the first)."""
    key = "".join((near or "").split())[:12]
    for d in drafts:
        if key and key in "".join("".join(d.paragraphs).split()):
            return d
    return drafts[0]


def _to_article(d: Draft, p: PdfPage, f: _Furniture, doc_flags: list[str], script: str) -> Article:
    flags = [*doc_flags, *f.flags, *d.flags, "layout:pdf", f"page:{p.number}"]
    if p.unmapped:
        flags.append(f"pdf_unmapped_glyphs:{p.unmapped}")
    if f.edition_page:
        flags.append(f"edition_page:{f.edition_page}")
    return Article(
        body="\n".join(x.strip() for x in d.paragraphs if x.strip()),
        title=d.title,
        subtitle=d.subtitle,
        kicker=d.kicker,
        section=d.section or f.section,
        authors=list(d.authors),
        editors=list(f.editors),
        photographers=list(d.photographers),
        captions=[c.strip() for c in d.captions],
        kind=d.kind,
        flags=flags,
        script=script,
    )
