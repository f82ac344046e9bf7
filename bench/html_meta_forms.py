"""The vocabulary and the date and byline forms bench/html_meta.py lays its generated pages out
with: our own sentences, titles, names and outlets; each date form as (under the title, after the
body, URL part, meta tags) and each name form as (under the title, first paragraph prefix, last
paragraph suffix). Kept apart from the page assembly and scoring so each file stays readable.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone

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
        "label-compact": (f'<div class="info">发布时间：{y}{mo:02d}{d:02d}　来源：{outlet}</div>', "", "", ""),
        "label-year-last": (f'<div class="info">时间：{d:02d}{(sep := rng.choice("-."))}{mo:02d}{sep}{y}</div>', "", "", ""),
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
        # a WeChat article: the visible date is relative (昨天), its creation time only in a script
        "wechat-script": (f'<div class="rich_media_meta_list"><em id="publish_time" class="rich_media_meta">'
                          f'{rng.choice(["昨天", "前天", "3天前", ""])}</em></div>', "", "",
                          f'<script>var ct = "{_epoch(day, h, m, s)}";</script>'),
        "undated": ("", "", "", ""),  # no date of its own: gold None, whatever the lists around it say
        # a month without a day, after the text: gold date None, gold month YYYY-MM
        "issue-month": ("", f'<p>{rng.choice(["——", "原载"])}《{rng.choice(MAGAZINES)}》{_year_month(rng, day)}'
                        f'{rng.choice("号刊")}</p>', "", ""),
        "month-line": ("", f'<p>{rng.choice(["", "（"])}{_year_month(rng, day)}{rng.choice(["", "于" + rng.choice(PLACES)])}</p>',
                       "", ""),
    }


def _epoch(day: date, h: int, m: int, s: int) -> int:
    """Seconds since 1970 of a China-time moment on `day` (a WeChat page's `var ct`)."""
    return int(datetime(day.year, day.month, day.day, h, m, s, tzinfo=timezone(timedelta(hours=8))).timestamp())


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
        # a short first paragraph opened by a dateline naming a reporter and a correspondent
        "dateline-with-helper": ("", f"本报讯（记者 {names[0]} 通讯员 {helper}）近日，当地新建的三座桥梁已经通车，方便了群众出行。</p><p>", ""),
        "wen-tu-split": (f'<div class="author">文{rng.choice(["/", " / "])}{names[0]} 图{rng.choice(["/", " / "])}{helper}</div>',
                         "", ""),  # the writer, then the photographer: gold the writer
        "outlet-reporter-helper": (f'<div class="author">{outlet}记者 {names[0]} 通讯员 {helper}</div>', "", ""),
        "author-with-unit": (f'<div class="info2">作者：{names[0]} 单位：{rng.choice(PLACES)}{rng.choice(["大学", "市委党校"])}</div>',
                             "", ""),  # a field we do not read after the name
        # a portal's promotion line the frame left above the dateline
        "promo-dateline": ("", f"“年度人物评选”火热进行中！【点击投票】选出你心中的榜样</p><p>{outlet}快讯（记者 {joined}）", ""),
        "dateline-work": ("", f"{outlet}{rng.randint(1, 12)}月{rng.randint(1, 28)}日讯（记者{joined} "
                          f"{rng.choice(['整合', '编译', '综合', '整理'])}） ", ""),  # what they did is no name
        "glued-spans": (f'<div class="info"><span>来源：{outlet}</span><span>作者：{names[0]}</span></div>', "", ""),
        # a caption with its photographer inside the text, and the writer credited at its end
        "photo-caption": ("", f"资料图：市民在广场上参加活动。{outlet}记者 {helper} 摄</p><p>", f"（{names[0]}）"),
    }


PLACES = ["兰州", "天水", "张掖", "武威", "酒泉", "定西"]
# Names with no surname from the table (Tibetan, Uyghur, Mongolian): credited by their place in a byline.
OTHER_NAMES = ["格桑边觉", "次仁罗布", "扎西多吉", "达瓦次仁", "买买提·艾力", "阿不都·热合曼", "巴特尔", "其木格"]
UNIT_DESKS = ["信息科", "宣传科", "办公室", "综合股", "政工科", "党政办"]  # 信, 宣, 综… as if surnames: no one
PEN_NAMES = ["海边的风", "老猫", "山里人", "陇上行者", "一叶知秋", "半杯清茶", "北方的狼", "云淡风轻"]
HANDLES = ["ggjjzhzz", "wangluting", "lanzhou_walker", "oldcat2005", "tianshui.li", "hexi-road"]
