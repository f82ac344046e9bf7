"""Dates and credited names on generated Chinese news pages the extractor has never seen.

    .venv/bin/python bench/html_meta.py [--pages 300] [--seed 0] [--show-misses 10]

Why generated pages: the labelled real pages (../shared/html-dev, 20) are too few to show
which *forms* of dates and bylines fail, and the hidden set they stand for is larger. Each page
here is laid out by a seeded generator from our own sentences in one of several CMS-like
templates, with gold for its publication date and credited names, and the traps real pages
have: info lines in many forms (`2006-3-9 8:05:11`, `发布时间：2006年3月9日 8:05`, `[2006-03-09]`,
`日期:2006/3/9`, an unlabelled `<span>` beside the title), a date only in the URL or only
after the article, lists of other articles and comments with later dates around it, header
bars with today's date, ISO times in meta tags (a UTC `Z` time late in the evening is the next
day in China), JSON-LD `datePublished`, English dates (`Mar 9, 2006`, `9 March 2006`), full-width
digits (`２００６年３月９日`), two-digit years after a label (`发布时间：06-03-09`), `下午 3:05`, and bylines in the forms sites print (`记者 张三 李四`, `XX报记者张三/文`,
`文/张三`, `文·图/张三`, `本报记者 张三 通讯员 李四`, `作者：张三 来源：…`, a pen name
(`作者：风中的马`), an author field naming nobody (`作者：佚名`, `发布者：admin`: gold none), an unlabelled
`<span class="author">`, `【作者】张三`, `文章作者：张三`, commenters marked `class="author"` below the text
(gold none), `张三 报道`, a closing `（张三）`, `本贴由张三于…`, an opening `记者张三报道：` (after a
dateline or not), `记者 张三 李四 今年以来…` (one space before the text), a closing `…。 记者 张三`, `文｜张三`, a line `新华社记者 张三 李四`, a unit's desk as the publisher (`发布者：信息科`:
gold none), writers named alone above the text, a headline that opens with the pen name, a
closing `…记者 张三 武威报道` (a place that reads like a name) above an editor line and a disclaimer,
dateline names with no surname from the table (`（记者 格桑边觉）`), template author boxes
(`<div class="div_author">作者： <a>…</a>`), a pen name in the author meta tag shown on an author
card, the publisher in `author` and the writer in `dc.creator`, `2005年3月9日08:19 [ 张三 ]`, a
board's `发布时间 … by handle` footer, a blog header linking home with the owner's name; decoys:
a film's cast list, an event date with 于 in the text, an outlet in the author meta tag shown as
its link), pen names after `执笔/` (`A、B&C`), a dateline without its year confirmed by the page's
own meta time (and one with nothing to confirm it: gold none), page-level traps (scripts before
the doctype, a page-state class on <body>, a `js_…share…` hook class around the text, dates with
the year last `7/5/2005 9:23 PM`, the info line under the headline above a box of links), and
blog posts credited only by their frame (`[海边的风]的博客`, with commenters' blog links in
the comments) or by the owner's handle in the address (blog.example.cn/<handle>/archive/…), and
a month without a day (`——《刊名》1998年3月号`, `二〇〇五年三月于兰州`: gold published_month; a month in prose, never),
a dateline under a portal's promotion line, `（记者陈智 整合）` (what the reporter did is no name),
`<span>来源：…</span><span>作者：…</span>` printed without a space, and a caption with its photographer
(`…。中新社记者 张三 摄`: a photographer, never an author), and a WeChat article dated only by its script
(`var ct = "…"`, the visible date `昨天`). The forms are in bench/html_meta_forms.py.

Prints date accuracy (same day) and credited-name exact-set accuracy per form and overall.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from html_meta_forms import (  # noqa: E402
    HANDLES,
    OTHER_NAMES,
    OUTLETS,
    PEN_NAMES,
    TITLES,
    _body,
    _byline_forms,
    _date_forms,
    _name,
    _names,
    _time,
)

from transform import RawPage, TransformError, parse_page  # noqa: E402


@dataclass
class Page:
    html: str
    url: str
    day: date | None
    names: list[str]
    date_form: str
    name_form: str
    notes: list[str] = field(default_factory=list)
    month: str | None = None  # YYYY-MM given without a day (a magazine issue, a signing line)


def _blog_frame(rng: random.Random, owner: str, day: date) -> tuple[str, str]:
    """(sidebar before the post, comments after it): the owner's link and headings, and
    commenters whose own blog links sit in list items."""
    side = (f'<div class="side"><a href="/?author={rng.randint(10, 999)}" title="[{owner}]的博客">'
            f'<u>{owner}</u></a><span>[作者简介] (个人情况保密)</span><span>[{owner}]个人类别</span>'
            f'<span>[{owner}]最新文章</span></div>')
    items = []
    for _ in range(rng.randint(1, 3)):
        other = rng.choice([n for n in PEN_NAMES + HANDLES if n != owner])
        later = day + timedelta(days=rng.randint(1, 30))
        items.append(f'<li>〖<a href="/?author={rng.randint(10, 999)}" title="[{other}]的博客">{other}</a>〗'
                     f'回复: <a href="/?p=1">{rng.choice(TITLES)}</a> 说得好 ({later:%Y-%m-%d %H:%M:%S})</li>')
    return side, f'<div class="recent"><span>对[{owner}]文章的最新评论</span><ul>{"".join(items)}</ul></div>'


def _noise_list(rng: random.Random, day: date, title: str) -> str:
    """A list of other articles with their own (often later) dates."""
    items = []
    for i in range(rng.randint(3, 6)):
        other = day + timedelta(days=rng.randint(1, 40) if rng.random() < 0.7 else -rng.randint(1, 40))
        items.append(f'<li><a href="/news/{other:%Y%m%d}_{i}.html">{rng.choice(TITLES)}{i}</a>'
                     f'<span>{other:%Y-%m-%d}</span></li>')
    return f'<div class="related"><h3>相关新闻</h3><ul>{"".join(items)}</ul></div>'


_ONE_NAME = {"outlet-reporter-wen", "wen-slash", "wen-tu", "label-with-source", "closing-parens", "forum-post",
             "author-element", "bracket-label", "article-author-label", "wen-bar", "meta-creator", "bracket-name",
             "blog-home", "glued-spans", "photo-caption", "wen-tu-split", "author-with-unit"}
_NOBODY_FORMS = {"cast-list", "commenters-only", "nobody", "unit-desk", "outlet-meta"}  # gold: no one


def _credited(rng: random.Random, name_form: str, names: list[str], pen: str, helper: str) -> list[str]:
    """The gold credited names of a page laid out with `name_form`."""
    if name_form in _ONE_NAME:
        return names[:1]
    if name_form in _NOBODY_FORMS:
        return []
    if name_form in ("headline-pen", "author-box", "meta-pen", "pen-name"):
        return [pen]
    if name_form == "zhibi-pens":
        return PEN_NAMES[:3]
    if name_form in ("benbao-and-tongxunyuan", "dateline-with-helper", "outlet-reporter-helper"):
        return [names[0], helper]
    if name_form == "board-by":
        return [rng.choice(HANDLES)]
    if name_form == "blog-frame":
        return [rng.choice(PEN_NAMES + HANDLES)]
    if name_form == "blog-address":
        return [rng.choice(HANDLES)]
    return names


def _credit_in_frame(rng: random.Random, name_form: str, first: list[str], pen: str, day: date,
                     parts: tuple[str, str, str, str, str]) -> tuple[str, str, str, str, str]:
    """(title, meta tags, frame, line under the title, last paragraph's end) for the name forms
    that credit in the page's frame or its head rather than around the text."""
    title, meta, frame, by_under, last_suffix = parts
    if name_form == "headline-pen":
        title = f"{pen}：{title}"
    elif name_form == "meta-creator":
        meta += (f'<meta name="author" content="{rng.choice(OUTLETS)}出版社,Publishers">'
                 f'<meta name="dc.creator" content="{" ".join(first[0]) if len(first[0]) == 2 else first[0]}">')
    elif name_form == "outlet-meta":
        outlet = rng.choice(["参考消息", "环球时报", "经济观察"])
        meta += f'<meta property="article:author" content="{outlet}">'
        frame = f'<div class="src"><a class="source" href="/src">{outlet}</a></div>'
    elif name_form == "meta-pen":
        meta += f'<meta name="author" content="{pen}">'
        frame = f'<div class="card"><a class="up-name" href="/u/{rng.randint(1, 999)}"> {pen}</a><span>粉丝：12</span></div>'
    elif name_form == "bracket-name":
        by_under = (f'<div class="src">{day.year}年{day.month}月{day.day}日{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}'
                    f' [ {first[0]} ] 来源：[ {rng.choice(OUTLETS)} ]</div>')
    elif name_form == "board-by":
        h, m, s = _time(rng)
        last_suffix = (f"</p><p>------------------------------</p><p>〓 {rng.choice(OUTLETS)} 论坛 发布时间 "
                       f"{day.year}/{day.month:02d}/{day.day:02d} {h}:{m:02d}:{s:02d} by {first[0]} 〓")
    return title, meta, frame, by_under, last_suffix


def make_page(seed: int) -> Page:
    rng = random.Random(seed)
    day = date(2003, 1, 1) + timedelta(days=rng.randint(0, 8000))
    title = rng.choice(TITLES)
    forms = _date_forms(rng, day)
    date_form = rng.choice(sorted(forms))
    under, after, url_part, meta = forms[date_form]
    names = _names(rng, rng.choice((1, 1, 2, 2, 3)))
    pen, helper = rng.choice(PEN_NAMES), _name(rng)
    bylines = _byline_forms(rng, names, pen, helper)
    name_form = rng.choice(sorted(bylines))
    if name_form == "dateline-minority":
        names = rng.sample(OTHER_NAMES, rng.choice((1, 1, 2)))
    elif name_form == "writer-alone":
        names = names[:2]
    bylines = _byline_forms(rng, names, pen, helper) if name_form in ("dateline-minority", "writer-alone") else bylines
    commenters = names if name_form == "commenters-only" else []
    names = _credited(rng, name_form, names, pen, helper)
    by_under, first_prefix, last_suffix = bylines[name_form]
    dated_by_credit = name_form in ("bracket-name", "board-by")  # the credit line carries the day too
    title, meta, frame, by_under, last_suffix = _credit_in_frame(rng, name_form, names[:1], pen, day,
                                                                 (title, meta, "", by_under, last_suffix))
    paras = _body(rng)
    paras[0] = first_prefix + paras[0]
    paras[-1] = paras[-1] + last_suffix
    body = "".join(f"<p>{p}</p>" for p in paras)
    today = day + timedelta(days=rng.randint(200, 4000))
    header = f'<div class="topbar">今天是{today.year}年{today.month}月{today.day}日 星期{"一二三四五六日"[today.weekday()]}</div>'
    url = f"http://www.example-news.cn/news{url_part or '/'}content_{seed}.html"
    if name_form == "blog-address":
        url = f"http://blog.example-news.cn/{names[0]}/archive{url_part or '/'}content_{seed}.html"
    if name_form == "blog-home":
        handle = rng.choice(HANDLES)
        url = f"http://blog.example-news.cn/{handle}/archive{url_part or '/'}content_{seed}.html"
        frame = f'<div id="top"><h1><a class="headermaintitle" href="http://blog.example-news.cn/{handle}/">{names[0]}</a></h1></div>'
    if rng.random() < 0.3:  # a month in running prose: never the page's month
        other = day - timedelta(days=rng.randint(30, 900))
        mid = len(paras) // 2
        body = body.replace(f"<p>{paras[mid]}</p>", f"<p>{other.year}年{other.month}月，当地启动了新一轮招商。{paras[mid]}</p>", 1)
    if rng.random() < 0.3:  # an event in the text dated with a bare 于: never the page's date
        other = day - timedelta(days=rng.randint(30, 900))
        mid = len(paras) // 2
        body = body.replace(f"<p>{paras[mid]}</p>", f"<p>该项目于{other.year}年{other.month}月{other.day}日开工建设。{paras[mid]}</p>", 1)
    side, blog_after = _blog_frame(rng, names[0], day) if name_form == "blog-frame" else ("", "")
    forum = ""
    if name_form == "forum-post":
        h, m, s = _time(rng)
        stamp = f"{day.year}年{day.month}月{day.day}日{h}:{m:02d}:{s:02d}" if date_form not in ("url-only", "undated", "year-less-alone", "issue-month", "month-line") else ""
        forum = f"<p><center>本贴由<b>{names[0]}</b>于{stamp}在〖<a href='/bbs'>论坛</a>〗发表.</center></p>" \
            if stamp else f"<p><center>本贴由<b>{names[0]}</b>发表.</center></p>"
    comments = ""
    if name_form == "commenters-only":
        later = day + timedelta(days=rng.randint(1, 30))
        comments = "".join(f'<div class="reply"><span class="author">{c}</span> {later:%Y-%m-%d %H:%M}：说得好！</div>'
                           for c in commenters)
    elif rng.random() < 0.5:
        later = day + timedelta(days=rng.randint(1, 30))
        comments = (f'<div class="comments"><h3>网友评论</h3><p>网友{rng.randint(100, 999)} '
                    f'{later:%Y-%m-%d %H:%M}：说得好！</p></div>')
    if rng.random() < 0.3 and date_form in ("label-chinese", "dash-seconds"):  # an update time after it
        upd = day + timedelta(days=rng.randint(1, 20))
        under = under.replace("</div>", f"　更新时间：{upd.year}-{upd.month:02d}-{upd.day:02d}</div>", 1)
    if rng.random() < 0.4:  # previous/next article links with their dates, right after the body
        prev_day, next_day = day - timedelta(days=rng.randint(1, 9)), day + timedelta(days=rng.randint(1, 9))
        after += (f'<div class="pn"><p>上一篇：<a href="/p.html">{rng.choice(TITLES)}</a> {prev_day:%Y-%m-%d}</p>'
                  f'<p>下一篇：<a href="/n.html">{rng.choice(TITLES)}</a> {next_day:%Y-%m-%d}</p></div>')
    related = _noise_list(rng, day, title)
    if rng.random() < 0.2:  # a blog's archive of months right under the post: never its month
        after += "<div class='archive'><ul>" + "".join(
            f"<li><a href='/archive/{y}{m:02d}'>{y}年{m:02d}月</a>({rng.randint(1, 30)})</li>"
            for y, m in ((day.year - 1, rng.randint(1, 12)), (day.year - 2, rng.randint(1, 12)))) + "</ul></div>"
    before, after_list = (related, "") if rng.random() < 0.4 else ("", related)
    preamble = "<script>function zoom(n) { return n; }</script>\n<!DOCTYPE HTML PUBLIC>\n" if rng.random() < 0.2 else ""
    body_class = ' class="u-header-sticky u-has-nav-bar"' if rng.random() < 0.2 else ""  # a page state, not furniture
    if rng.random() < 0.2:  # a script hook class with a furniture word around the text
        body = f'<div class="js_img_share_area" id="artical_real">{body}</div>'
    html = (f'{preamble}<html><head><meta charset="utf-8"><title>{title}_{rng.choice(OUTLETS)}网</title>{meta}</head>'
            f'<body{body_class}>{frame}'
            f'{header}<div class="nav"><a href="/">首页</a> &gt; <a href="/news/">新闻中心</a></div>{before}'
            f'<div class="article"><h1>{title}</h1>{under}{by_under}'
            f'<div class="content">{body}</div>{after}{forum}<div class="editor">责任编辑：{_name(rng)}</div></div>'
            f'{side}{blog_after}{comments}{after_list}<div class="footer">版权所有 © {today.year} 陇ICP备0{rng.randint(1000000, 9999999)}号</div>'
            f'</body></html>')
    month_only = date_form in ("issue-month", "month-line") and not dated_by_credit
    gold_day = None if month_only or date_form in ("undated", "year-less-alone") and not dated_by_credit else day
    return Page(html, url, gold_day, names, date_form, name_form, month=f"{day:%Y-%m}" if month_only else None)


def score(pages: int, seed: int, show: int) -> dict:
    by_date: dict[str, list[bool]] = defaultdict(list)
    by_name: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for i in range(pages):
        page = make_page(seed + i)
        try:
            recs = parse_page(RawPage(content=page.html.encode("utf-8"), url=page.url))
        except TransformError:
            recs = []  # no text found: nothing dated, no one credited
        rec = recs[0] if recs else {}
        got_day = rec.get("published_date")
        got_names = list(rec.get("authors") or [])
        date_ok = got_day == page.day and (page.day is not None or rec.get("published_month") == page.month)
        names_ok = sorted(got_names) == sorted(page.names)
        by_date[page.date_form].append(date_ok)
        by_name[page.name_form].append(names_ok)
        if (not date_ok or not names_ok) and len(misses) < show:
            misses.append((seed + i, page.date_form, page.day, got_day, page.name_form, page.names, got_names))
    return {"dates": by_date, "names": by_name, "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show-misses", type=int, default=0)
    args = ap.parse_args()
    r = score(args.pages, args.seed, args.show_misses)
    for kind in ("dates", "names"):
        rows = r[kind]
        total = [ok for oks in rows.values() for ok in oks]
        print(f"{kind}: {sum(total) / len(total):.3f} of {len(total)} pages")
        for form, oks in sorted(rows.items()):
            print(f"  {form:<24} {sum(oks) / len(oks):.2f}  ({len(oks)})")
    for miss in r["misses"]:
        print("miss", miss)


if __name__ == "__main__":
    main()
