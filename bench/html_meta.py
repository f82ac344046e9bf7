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
a month without a day (`——《刊名》1998年3月号`, `二〇〇五年三月于兰州`: gold published_month; a month in prose, never).

Prints date accuracy (same day) and credited-name exact-set accuracy per form and overall.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transform import RawPage, TransformError, parse_page  # noqa: E402

SENTENCES = [
    "今年以来，全市上下围绕高质量发展主线，扎实推进重点项目建设，各项经济指标稳中有进。",
    "项目建成后，预计年产值可达十五亿元，新增就业岗位八百余个，将有力带动周边产业发展。",
    "为进一步优化营商环境，该区推出了二十条具体措施，企业办事时间平均缩短一半以上。",
    "当天，来自省内外的两百多名客商齐聚一堂，围绕新能源、装备制造等领域深入交流洽谈。",
    "据介绍，这一批签约项目涉及现代农业、文化旅游、商贸物流等多个行业，总体质量较高。",
    "下一步，相关部门将强化要素保障，实行专人跟踪服务，推动签约项目尽早落地开工。",
    "村里的特色种植合作社去年分红达到六十万元，参与农户户均增收四千多元。",
    "在施工现场，大型机械来回穿梭，工人们正抓紧进行主体结构施工，现场一派繁忙景象。",
    "该负责人表示，将持续加大科技研发投入，力争三年内实现关键零部件自主配套。",
    "活动现场还设置了产品展销区，吸引了大批市民前来选购，人气十分火爆。",
    "截至目前，全县已累计建成高标准农田十二万亩，粮食综合生产能力明显提升。",
    "与会人员一致认为，要抢抓政策机遇，把资源优势转化为发展优势，推动县域经济壮大。",
]
TITLES = ["新区重点项目集中开工", "招商引资签约活动举行", "县域经济发展势头良好", "特色产业助农增收",
          "营商环境持续优化", "新能源装备产业园建设提速", "春耕生产有序推进", "文旅融合发展再上台阶"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文"
GIVEN = "建国明华伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛超霞平刚桂兰晨曦海燕志宏文博雪梅振宇佳怡子涵浩然思远"
OUTLETS = ["甘肃日报", "兰州晚报", "张掖日报", "天水日报", "陇南日报"]
MAGAZINES = ["陇原论坛", "西部经济", "丝路文化", "河西评论", "黄河文艺"]


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


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _names(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        name = _name(rng)
        if name not in out:
            out.append(name)
    return out


def _body(rng: random.Random) -> list[str]:
    return ["".join(rng.sample(SENTENCES, rng.randint(2, 3))) for _ in range(rng.randint(3, 6))]


def _time(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(6, 22), rng.randint(0, 59), rng.randint(0, 59)


# Each returns (html placed under the title, html placed after the body, url date part, meta tags)
def _date_forms(rng: random.Random, day: date) -> dict[str, tuple[str, str, str, str]]:
    h, m, s = _time(rng)
    y, mo, d = day.year, day.month, day.day
    outlet = rng.choice(OUTLETS)
    return {
        "dash-seconds": (f'<div class="info">{y}-{mo}-{d} {h}:{m:02d}:{s:02d}　来源：{outlet}</div>', "", "", ""),
        "label-chinese": (f'<div class="info">发布时间：{y}年{mo}月{d}日 {h}:{m:02d}　来源：{outlet}</div>', "", "", ""),
        "bracketed": (f'<div class="info">[{y}-{mo:02d}-{d:02d}]　【字体：大 中 小】</div>', "", "", ""),
        "label-slash": (f'<div class="info">日期:{y}/{mo}/{d}　点击：{rng.randint(10, 999)}</div>', "", "", ""),
        "span-beside-title": (f'<span class="time">{y}-{mo:02d}-{d:02d} {h:02d}:{m:02d}</span>'
                              f'<span class="src">{outlet}</span>', "", "", ""),
        "url-only": ("", "", f"/{y}/{mo:02d}{d:02d}/", ""),
        "after-body": ("", f'<p class="date">（{y}年{mo}月{d}日）</p>' if rng.random() < 0.5
                       else f'<div class="pubtime">{y}-{mo:02d}-{d:02d}</div>', "", ""),
        "meta-iso-z": ("", "", "", _meta_z(rng, day)),
        "english-month": (f'<div class="info">{_english(rng, day, h, m)}</div>', "", "", ""),
        "full-width": (f'<div class="info">{f"{y}年{mo}月{d}日".translate(_WIDE)}　来源：{outlet}</div>', "", "", ""),
        "two-digit-year": (f'<div class="info">发布时间：{y % 100:02d}-{mo:02d}-{d:02d}　来源：{outlet}</div>', "", "", ""),
        "afternoon": (f'<div class="info">{y}-{mo}-{d} {rng.choice(["下午", "晚上"])} {h % 12 or 12}:{m:02d}</div>',
                      "", "", ""),
        "us-slash": (f'<div class="info">发布日期： {mo}/{d}/{y} {h % 12 or 12}:{m:02d}:{s:02d} {"PM" if h >= 12 else "AM"}'
                     '</div>', "", "", ""),
        # the info line right under the headline, then a box of recommended links before the text
        "links-box": (f'<div class="info">{y}-{mo:02d}-{d:02d} {h:02d}:{m:02d}更新 来源：{outlet}</div><table>'
                      + "".join(f'<tr><td><a href="/r{i}.html">{rng.choice(TITLES)}({i})</a></td></tr>'
                                for i in range(rng.randint(10, 16))) + "</table>", "", "", ""),
        # a platform's dateline without its year, and its own meta time on the same day
        "year-less-confirmed": (f'<div class="info">发布时间：{mo:02d}-{d:02d}{h:02d}:{m:02d}</div>', "", "",
                                f'<meta itemprop="dateUpdate" content="{y}-{mo:02d}-{d:02d} {h:02d}:{m:02d}:{s:02d}">'),
        "year-less-alone": (f'<div class="info">发布时间：{mo:02d}-{d:02d} {h:02d}:{m:02d}</div>', "", "", ""),  # gold none
        "json-ld": ("", "", "", '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
                    f'"headline":"x","datePublished":"{y}-{mo:02d}-{d:02d}T{h:02d}:{m:02d}:00+08:00",'
                    f'"publisher":{{"@type":"Organization","name":"{outlet}"}}}}</script>'),
        "undated": ("", "", "", ""),  # no date of its own: gold None, whatever the lists around it say
        # a month without a day, after the text: gold date None, gold month YYYY-MM
        "issue-month": ("", f'<p>{rng.choice(["——", "原载"])}《{rng.choice(MAGAZINES)}》{_year_month(rng, day)}'
                        f'{rng.choice("号刊")}</p>', "", ""),
        "month-line": ("", f'<p>{rng.choice(["", "（"])}{_year_month(rng, day)}{rng.choice(["", "于" + rng.choice(PLACES)])}</p>',
                       "", ""),
    }


def _year_month(rng: random.Random, day: date) -> str:
    if rng.random() < 0.3:  # 二〇〇五年三月, as letters and speeches sign
        month = "十" + _CN_DIGITS[day.month - 10] if day.month > 10 else "十" if day.month == 10 else _CN_DIGITS[day.month]
        return "".join(_CN_DIGITS[int(c)] for c in str(day.year)) + f"年{month}月"
    return f"{day.year}年{day.month}月"


_CN_DIGITS = "〇一二三四五六七八九"


_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def _english(rng: random.Random, day: date, h: int, m: int) -> str:
    """An English date as blog templates print it: Mar 9, 2006 / March 09, 2006 8:05 PM / 9 March 2006."""
    month = _MONTH_NAMES[day.month - 1]
    return rng.choice([
        f"{month[:3]} {day.day}, {day.year}",
        f"Posted on {month} {day.day:02d}, {day.year} {h % 12 or 12}:{m:02d} {'PM' if h >= 12 else 'AM'}",
        f"{day.day} {month} {day.year}",
        f"{day.day:02d}-{month[:3]}-{day.year}",
    ])


def _meta_z(rng: random.Random, day: date) -> str:
    """A UTC time in a meta tag: 16:00Z and later is the next day in China."""
    late = rng.random() < 0.5
    utc_day = day - timedelta(days=1) if late else day
    hour = rng.randint(16, 23) if late else rng.randint(0, 15)
    stamp = datetime(utc_day.year, utc_day.month, utc_day.day, hour, rng.randint(0, 59), tzinfo=UTC)
    return f'<meta property="article:published_time" content="{stamp:%Y-%m-%dT%H:%M:%SZ}">'


def _byline_forms(rng: random.Random, names: list[str], pen: str, helper: str) -> dict[str, tuple[str, str, str]]:
    """name form -> (line under the title, first paragraph prefix, last paragraph suffix)."""
    joined = " ".join(names)
    outlet = rng.choice(OUTLETS)
    return {
        "reporters": (f'<div class="author">记者 {joined}</div>', "", ""),
        "outlet-reporter-wen": ("", f"{outlet}记者{names[0]}/文　", ""),
        "wen-slash": (f'<div class="author">文/{names[0]}</div>', "", ""),
        "label-with-source": (f'<div class="info2">作者：{names[0]}　来源：{outlet}</div>', "", ""),
        "baodao": ("", "", f"（{joined} 报道）" if len(names) > 1 else f"　{names[0]} 报道"),
        "closing-parens": ("", "", f"（{names[0]}）"),
        "reporter-parens-first": ("", f"本报讯（记者 {joined}）", ""),
        "benbao-and-tongxunyuan": (f'<div class="author">本报记者 {names[0]} 通讯员 {helper}</div>', "", ""),
        "wen-tu": (f'<div class="author">{rng.choice(["文·图", "文/图", "图·文"])}/{names[0]}</div>', "", ""),
        "pen-name": (f'<div class="info2">作者：{pen}　来源：{outlet}</div>', "", ""),
        "nobody": (f'<div class="info2">{rng.choice(["作者：佚名", "发布者：admin", "作者：本站原创", "作者：不详"])}'
                   f'　来源：{outlet}</div>', "", ""),
        "author-element": (f'<div class="meta"><span class="author">{names[0]}</span></div>', "", ""),
        "reported-opening": ("", rng.choice(["", f"本报{rng.choice(PLACES)}{rng.randint(1, 12)}月{rng.randint(1, 28)}日电　"])
                             + f"{rng.choice(['记者', '本报记者', '本报特派记者 '])}{joined}报道{rng.choice(['：', '　'])}", ""),
        "spaced-opening": ("", f"{rng.choice(['记者', '本报记者', '■本报记者', '本报讯 记者'])} {joined} ", ""),
        "closing-reporter": ("", "", f"　{rng.choice(['记者', '本报记者'])} {joined}"),
        "writer-alone": ("", f"{' '.join(names[:2])}</p><p>", ""),  # the writers' names alone above the text
        "headline-pen": ("", f"{pen}</p><p>", ""),  # the headline opens with the pen name (set in make_page)
        "place-reported": ("", "", f"</p><p>{outlet}记者 {joined} {rng.choice(PLACES)}{rng.choice(['', '县', '市'])}报道"
                           f"</p><p>【编辑:{_name(rng)}】</p><p>声明：该文观点仅代表作者本人，本平台仅提供信息存储空间服务。"),
        "dateline-minority": ("", f"据新华社{rng.choice(PLACES)}电（记者 {' '.join(names)}）", ""),  # names set in make_page
        "author-box": (f"<div class='div_author'>作者： <a href='/u/{rng.randint(1, 999)}'>{pen}</a><br>"
                       f"{rng.choice(['振威将军', '中级会员', '版主'])}</div>", "", ""),
        "cast-list": ("", f"◎译 名 {rng.choice(TITLES)}</p><p>◎年 代 2005</p><p>◎类 别 剧情</p><p>◎导 演 {names[0]}</p>"
                      f"<p>◎主 演 {helper}</p><p>{_name(rng)}</p><p>{_name(rng)}</p><p>", ""),  # no writer: gold none
        "meta-creator": ("", "", ""),  # author meta names the publisher, dc.creator the writer (spaced out)
        "meta-pen": ("", "", ""),  # a platform: the author meta tag and an author card give the pen name
        "bracket-name": ("", "", ""),  # 2005年3月9日08:19 [ 张三 ] 来源：[ … ], set in make_page
        "board-by": ("", "", ""),  # 〓 … 发布时间 2005/03/15 22:36:13 by handle 〓, set in make_page
        "blog-home": ("", "", ""),  # the blog header links to its home with the owner's name
        "zhibi-pens": (f'<div class="author">执笔/{"、".join(PEN_NAMES[:2])}&{PEN_NAMES[2]}</div>', "", ""),
        "outlet-meta": ("", "", ""),  # the author meta tag names an outlet, shown as its link: gold none
        "wen-bar": (f'<div class="author">文{rng.choice(["｜", "|", " | "])}{names[0]}</div>', "", ""),
        "outlet-reporter-line": (f'<div class="author">{rng.choice(["新华社记者", "中新社记者", outlet + "记者"])} {joined}</div>',
                                 "", ""),
        "unit-desk": (f'<div class="info2">{rng.choice(["发布者", "发布人", "供稿"])}：{rng.choice(UNIT_DESKS)}'
                      f'　来源：{outlet}</div>', "", ""),
        "bracket-label": (f'<div class="info2">【作者】{names[0]} 【来源】{outlet}</div>', "", ""),
        "article-author-label": (f'<div class="info2">文章作者：{names[0]}</div>', "", ""),
        "commenters-only": ("", "", ""),  # only the comments below carry class="author": gold none
        "forum-post": ("", "", ""),  # 本贴由X于… after the body, set in make_page
        "blog-frame": ("", "", ""),  # the owner in the blog's frame ([X]的博客), set in make_page
        "blog-address": ("", "", ""),  # the owner's handle only in the address, set in make_page
    }


PLACES = ["兰州", "天水", "张掖", "武威", "酒泉", "定西"]
# Names with no surname from the table (Tibetan, Uyghur, Mongolian): credited by their place in a byline.
OTHER_NAMES = ["格桑边觉", "次仁罗布", "扎西多吉", "达瓦次仁", "买买提·艾力", "阿不都·热合曼", "巴特尔", "其木格"]
UNIT_DESKS = ["信息科", "宣传科", "办公室", "综合股", "政工科", "党政办"]  # 信, 宣, 综… as if surnames: no one
PEN_NAMES = ["海边的风", "老猫", "山里人", "陇上行者", "一叶知秋", "半杯清茶", "北方的狼", "云淡风轻"]
HANDLES = ["ggjjzhzz", "wangluting", "lanzhou_walker", "oldcat2005", "tianshui.li", "hexi-road"]


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
             "blog-home"}
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
    if name_form == "benbao-and-tongxunyuan":
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
