"""HTML page -> Article: main text by block scoring, metadata around it, boilerplate out.

Steps: parse (html_dom), optional per-source rules (CSS selectors for body/title/date/author
and noise), pick the article container by block scores, then walk its blocks: boilerplate
rules drop lines (a footer rule ends the body), info lines and bylines become metadata,
the rest is the body. Titles, dates and names come from meta tags, Founder e-paper
properties, the visible info line near the title, and the URL, in that order of trust
(html_page_meta). Finally the body goes through normalise_text(), so a Traditional page
yields a Simplified `body` and keeps the original in `body_original`.

site_rules (all keys optional)::

    {"body": "div#ozoom", "title": "h1.title", "date": ".pubtime", "author": ".author",
     "noise": ["div.share", "#related"]}
"""

from __future__ import annotations

import re
from dataclasses import replace

import lxml.etree as etree

from transform.common.boilerplate import RuleSet, is_footer_rule
from transform.common.bylines import (
    DATELINE_START,
    byline_line,
    byline_prefix,
    forum_author,
    parse_dateline,
    photo_credit,
    reporter_names,
    split_trailing_attribution,
    tail_reported,
    unlabelled_byline,
)
from transform.common.fields import author_names, editor_names
from transform.common.names import is_name, pen_name
from transform.common.normalize import normalise_text
from transform.common.script import detect_script, to_simplified_aligned
from transform.html.dom import (
    BLOCK_COST,
    Block,
    TooDeep,
    best_container,
    best_run,
    blocks_under,
    clean_text,
    linearize,
    parse_html,
    text_only_blocks,
)
from transform.html.listing import Unit, split_units
from transform.html.metadata import PageMeta, is_prose, read_page_meta
from transform.html.select import select, select_first
from transform.html.signals import is_author_marked, is_info_line, labelled_fields, names_in, parse_clicks
from transform.record import Article, TransformError

_CAPTION_HINT = re.compile(r"caption|pic_?(?:title|text|desc|note)|img_?(?:title|desc|note)|photo_?(?:title|desc)|tuzhu", re.I)
_TAIL_BYLINE = re.compile(r"[（(]\s*((?:[^（）()]{0,10}?(?:记者|通讯员|编辑)\s*)?(?:[\u4e00-\u9fff]{2,4}[\s、，,]*){1,5})(?:[\u4e00-\u9fff]{2}报道)?\s*[）)]\s*$")
_INFO_KINDS = {"date", "origin", "author", "editor", "reviewer", "photographer", "clicks"}


def extract_html(html: str, *, url: str | None, rules: RuleSet, site_rules: dict | None = None) -> list[Article]:
    """One Article for an article page; [] when no main text is found."""
    site = site_rules or {}
    root = parse_html(html)
    if root is None:
        return _text_only(html, rules, "html_unparsed")
    skip: set[etree._Element] = set()
    try:
        for selector in site.get("noise") or []:
            skip.update(select(root, selector))
        site_body = select_first(root, site.get("body"))
    except ValueError as exc:
        raise TransformError("extract", f"bad site rule: {exc}") from exc
    try:
        blocks = linearize(root, skip)
    except TooDeep:
        return _text_only(html, rules, "html_too_deep")
    for b in blocks:
        if b.chars <= 400 and rules.match(b.text) is not None:
            b.value = -0.5 * b.chars - BLOCK_COST  # boilerplate pulls its container's score down
    content = _main_blocks(blocks, site_body)
    if not content:
        return []
    hant = detect_script(" ".join(b.text for b in content[:50])) == "hant"
    view = (lambda s: to_simplified_aligned(s)) if hant else (lambda s: s)
    page = read_page_meta(root, html, url, blocks, content, site, view)
    units = split_units(content) if site_body is None else None
    if units:
        return _listing(units, page, rules, view, hant)
    article = _walk_body(content, page, rules, view)
    if not article.body:
        return []
    return [_finish(article, page, hant)]


def _listing(units: list[Unit], page: PageMeta, rules: RuleSet, view, hant: bool) -> list[Article]:
    """One Article per dated item of a listing page, each with its own headline and date."""
    out = []
    for unit in units:
        meta = replace(page, title=unit.title, subtitle=None, kicker=None, authors=[], editors=[],
                       captions=[], images=[], flags=[*page.flags, "listing_item"])
        if unit.date:
            meta.published_date, meta.published_at, meta.date_source = unit.date.date, unit.date.at, "text"
        art = _walk_body(unit.blocks, meta, rules, view)
        if art.body:
            out.append(_finish(art, meta, hant))
    return out


RUN_MARGIN = 1.15  # how much better a run must score than the best element to be preferred


def _main_blocks(blocks: list[Block], site_body: etree._Element | None) -> list[Block]:
    """The article's blocks: under the source's body selector, else under the best-scoring
    element, unless a contiguous run of blocks that no single element holds scores clearly
    higher (see html_dom.best_run)."""
    if site_body is not None:
        return blocks_under(blocks, site_body)
    container, top = best_container(blocks)
    run_score, first, last = best_run(blocks)
    if run_score > 0 and (container is None or run_score > top * RUN_MARGIN):
        return blocks[first: last + 1]
    return blocks_under(blocks, container) if container is not None else []


def _walk_body(content: list[Block], page: PageMeta, rules: RuleSet, view) -> Article:
    """Split the container's blocks into body, metadata lines and boilerplate."""
    art = Article(body="")
    body: list[str] = []
    n = len(content)
    title_key = _key(view(page.title or ""))
    inside_noise = all(b.noisy for b in content)
    # Credit lines stand at the text's edges: its first lines up to the first paragraph of
    # prose (a headline, a kicker and two byline lines may come before it), and its last six
    # (an editor's line, a portal's disclaimer and a read counter may follow the byline).
    opening = next((i for i, b in enumerate(content) if is_prose(b)), 0)
    above = [view(page.title or "")]  # the lines above the first paragraph, the headline first
    for i, b in enumerate(content):
        text = b.text
        simple = view(text)
        if (b.link_density > 0.5 and b.chars < 300) or (b.noisy and not inside_noise):
            if b.chars <= 200 and (handle := _post_author(simple)):
                art.credit([handle])  # 由…张贴 @ <a>time</a> <a>comments</a>: mostly links, still the author
            continue
        if title_key and (_key(simple) == title_key or (b.heading and i < 3 and _key(simple) in title_key)):
            continue
        if any(extra and _key(simple) == _key(view(extra)) for extra in (page.subtitle, page.kicker)):
            continue
        if _CAPTION_HINT.search(_classes(b.owner)) or b.owner.tag == "figcaption":
            art.captions.append(text)
            continue
        rule = rules.match(simple)
        if rule is not None:
            if is_footer_rule(rule) and i >= n * 0.5 and body:
                break
            art.flags.append(f"boilerplate:{rule.name}")
            continue
        if _absorb_info_line(simple, art, page, late=bool(body) and i > opening) or _absorb_credit_line(b, simple, art, edge=i < max(3, opening) or i >= n - 6):
            continue
        if i < opening and len(above) <= 3 and b.chars <= 12 and (names := _writer_line(simple, above)):
            art.credit(names)
            continue
        if i < opening:
            above.append(simple)
        if not body or (len(body) <= 2 and not art.authors and DATELINE_START.match(simple)):
            # the first paragraph, or a dateline under a line or two the frame left above it
            # (a portal's promotion: …【点击投票】, then 新京报快讯（记者 裴剑飞）…)
            text, simple = _opening_credits(text, simple, art)
        if i >= n - 3 and (m := _TAIL_BYLINE.search(simple)):
            # every token a name (or an outlet before the role): （综合整理自澎湃新闻、智东西…） credits no one
            role = "editors" if "编辑" in m.group(1) else "authors"
            art.credit(reporter_names(re.sub(r"(?:责任)?编辑", " ", m.group(0).strip().strip("（()）"))) or [], role)
        body.append(text)
    _closing_credits(body, art, view)
    art.body = "\n".join(b for b in body if b.strip())
    return art


def _absorb_credit_line(b: Block, simple: str, art: Article, *, edge: bool) -> bool:
    """A line near the start or end that only credits (记者 张三, 甘肃日报记者 张三/文, a forum's
    本贴由…于…发表, a blog's 由…张贴 @ 时间): its names are credited and the line is not body text.
    A short line ending in 摄 is a photo credit wherever it stands (记者 张三 摄; 资料图：…。中新社记者
    张三 摄, a caption the text's frame did not mark): its names are photographers, never authors."""
    if b.chars <= 80 and (photo := photo_credit(simple)) is not None:
        art.credit(photo[1], "photographers")
        if photo[0].strip():  # the caption as printed (the view may be Simplified)
            art.captions.append((b.text[: len(photo[0])] if len(b.text) == len(simple) else photo[0]).strip())
        return True
    if edge and b.chars <= 40 and is_author_marked(b.owner) and (names := names_in(simple)) \
            and sum(map(len, names)) >= len(re.sub(r"[\s、，,·]", "", simple)) - 2:
        art.credit(names)  # <span class="author">张明</span> at the top of the text: a credit, not text
        return True
    if edge and b.chars <= 40 and (names := byline_line(simple)):
        art.credit(names)
        return True
    if b.chars <= 200 and (handle := _post_author(simple)):
        art.credit([handle])  # the post's author field: a handle is allowed
        return True
    return False


def _writer_line(simple: str, above: list[str]) -> list[str]:
    """A line above the first paragraph that is only its writers' names (胡平; 张明 李华), or a
    pen name the headline opens with (茉莉 under 茉莉：我是怎样…): the writers, unlabelled.
    Only among the first three lines: further down, such lines are a list (a film's cast)."""
    tokens = [t for t in re.split(r"[\s、，,]+", simple.strip()) if t]
    if 1 <= len(tokens) <= 3 and all(is_name(t) for t in tokens):
        return tokens
    pen = pen_name(simple)
    return [pen] if pen and any(line.startswith((pen + "：", pen + ":")) for line in above) else []


def _post_author(simple: str) -> str | None:
    """The author handle of a line that opens with a forum's or blog's post field."""
    return forum_author(simple) if simple.lstrip().startswith(("本贴由", "本帖由", "由")) or " by " in simple else None


def _opening_credits(text: str, simple: str, art: Article) -> tuple[str, str]:
    """The first paragraph without its dateline (本报讯（记者 张三）) or byline (记者 张三/文　…)."""
    if (dl := parse_dateline(simple)) is not None:
        names, end = dl[0], dl[2]
        if not names and (bp := byline_prefix(simple[end:])) is not None:
            names, end = bp[0], end + bp[1]  # 本报兰州3月9日电　记者张三报道：
    elif (bp := byline_prefix(simple)) is not None:
        names, end = bp
    else:
        return text, simple
    art.credit(names)
    if len(simple) == len(text):  # offsets are only valid when the view kept the length
        return text[end:], simple[end:]
    return text, simple


def _closing_credits(body: list[str], art: Article, view) -> None:
    """The last paragraph without its closing credit: …（张三）, …张三 报道."""
    if body and len(view(body[-1])) == len(body[-1]):
        last = view(body[-1])
        if (tail := tail_reported(last) or split_trailing_attribution(last)) is not None:
            art.credit(tail[1])
            body[-1] = body[-1][: len(tail[0])]


def _absorb_info_line(simple: str, art: Article, page: PageMeta, *, late: bool = False) -> bool:
    """Info lines (来源/作者/编辑/发布时间/点击) become metadata; True when the line is consumed.
    An author field `late` in the text (after its prose) adds no one to the writers the text
    already credits: a blog's footer names the reposter (作者： 流泉 访问统计：…), not the reporters."""
    if not is_info_line(simple):
        return False
    fields = labelled_fields(simple)
    if names := unlabelled_byline(simple, fields):
        art.credit(names)  # 甘肃日报记者 张三 通讯员 李四: 记者 glued to the outlet is no label, yet a credit
        return True
    for kind, value in fields:
        if kind == "editor":
            art.credit(role="editors", names=editor_names(value))
        elif kind == "author" and not (late and art.authors):
            art.credit(author_names(value, simple))
        elif kind == "photographer":
            art.credit(role="photographers", names=names_in(value))
        elif kind == "origin" and not page.origin:
            page.origin = _short(value)
        elif kind == "clicks" and page.clicks is None:
            page.clicks = parse_clicks(value)
    return True


def _finish(art: Article, page: PageMeta, hant: bool) -> Article:
    norm = normalise_text(art.body)
    body = "\n".join(line.strip() for line in norm.text.split("\n") if line.strip())
    original = "\n".join(line.strip() for line in norm.original.split("\n") if line.strip())
    art.body = body
    art.body_original = original if original != body else None
    art.script = "hant" if hant or norm.script == "hant" else "hans"
    art.flags = sorted(set(art.flags + norm.flags + page.flags))

    def simp(s: str | None) -> str | None:
        return normalise_text(s).text if s and art.script == "hant" else s

    art.title, art.subtitle, art.kicker = simp(page.title), simp(page.subtitle), simp(page.kicker)
    art.captions = [simp(c) or c for c in art.captions + page.captions]
    art.origin = simp(page.origin)
    art.clicks = page.clicks
    if art.authors:
        art.flags = sorted({*art.flags, "authors_by:body_credits"})
    elif page.authors:
        art.authors = list(page.authors)
        art.flags = sorted({*art.flags, f"authors_by:{page.authors_by}"})
    art.credit(role="editors", names=page.editors)
    art.credit(role="photographers", names=page.photographers)
    art.published_date, art.published_at, art.date_source = page.published_date, page.published_at, page.date_source
    art.published_month = page.published_month
    art.images = page.images
    return art


def _text_only(html: str, rules: RuleSet, flag: str) -> list[Article]:
    """Degraded reading for markup we cannot build a tree for: prose lines, rules applied."""
    lines = []
    for line in text_only_blocks(html):
        rule = rules.match(line)
        if rule is None:
            lines.append(line)
    if not lines:
        return []
    norm = normalise_text("\n".join(lines))
    return [Article(body=norm.text, body_original=norm.original if norm.original != norm.text else None,
                    script=norm.script, flags=sorted({flag, *norm.flags}))]


def _classes(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def _short(value: str) -> str | None:
    value = clean_text(value).split(" ")[0] if value else ""
    return value[:40] or None


