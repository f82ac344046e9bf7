"""Seeded e-paper page PDFs with gold: the segmentation benchmark's unseen PDF pages.

The text dumps (bench/segmentation/generate.py) test the words; these test the layout. Each
page is drawn with reportlab (through tests/pdf_factory.py's Sheet) from the same article texts
as the dumps, with a randomized layout:

- 3-6 columns, gutters from 5 to 16 pt (under one 9 pt em on some pages);
- articles in bands across the page, each over one to all columns, separated by thin rules or
  only white space, some framed in a box;
- headlines centred over their article (so narrower than it), one or two lines, sized by the
  article's width, in bold faces under real-world font names (Founder's `FZHTK--GBK1-0`,
  `FZXBSK--GBK1-0`, `SimHei`, `STSong-Light,Bold`); kickers (引题) above some, `——` subtitles
  below some;
- credits as a byline line (`本报记者 …`), a dateline (`本报讯（记者…）`), a closing
  attribution `（…）`, or the writer's name alone under the headline (`□张三`, as commentaries and
  theory pages print it), with the writer's post after the article on half of those
  (`（作者单位：…）`, kept in the gold body: the article prints it);
- photos (grey boxes) at the head of an article's last column, captions under them, with a
  credit (`记者 … 摄`: a photo record in the gold) or without (a caption of the article);
- bold in-body subheads in long articles, jump lines (`（下转第N版）`) at some ends;
- briefs: a column of short items under a `简讯` label, each with a bold body-size title;
- tables: a grid of short cells (weather, prices, projects) under a bold heading across two or
  more columns, rules between rows on some (a record of kind "table" in the gold);
- advertisements: a border around a shop's name and offers in display type, price tags, a
  hotline and the label 广告 in a corner or just below (no record in the gold);
- a header line with the date and page, a footer line.

Gold per page, in page order: each article's title, kicker, authors and body (paragraphs, no
dateline, byline, attribution, caption or jump line), each credited photo as a record, and
each table as a record (its heading as title, its cells row by row).

    .venv/bin/python -m bench.segmentation.pdf_pages --seed 3 > /tmp/page.pdf
"""

from __future__ import annotations

import copy
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import cidfonts, pdfmetrics

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.segmentation.generate import (  # noqa: E402
    CAPTIONS,
    KICKERS,
    PLACES,
    POSTS,
    SUBHEADS,
    TAILS,
    GoldArticle,
    _article,
    _name,
)
from tests import pdf_factory as pf  # noqa: E402

BOLD_NAMES = ("FZHTK--GBK1-0", "FZXBSK--GBK1-0", "FZDHTJW--GB1-0", "SimHei", "STSong-Light,Bold")
BODY = 9.0
PITCH = 13.5
TOP, BOTTOM = 64.0, pf.H - 46.0


class _NamedSong(cidfonts.UnicodeCIDFont):
    """STSong-Light glyphs under another font's name, the way real pages name their faces."""

    def __init__(self, base_font: str):
        super().__init__(pf.SONG)
        self.base_font = base_font
        self.name = self.fontName = f"bench-{base_font}"

    def addObjects(self, doc) -> None:  # noqa: N802 - reportlab's name
        internal = "F" + repr(len(doc.fontMapping) + 1)
        spec = copy.deepcopy(cidfonts.CIDFontInfo[self.face.name])
        spec.update(Name="/" + internal, Encoding="/" + self.encodingName, BaseFont="/" + self.base_font)
        spec["DescendantFonts"][0]["BaseFont"] = "/" + self.base_font
        spec["DescendantFonts"][0]["FontDescriptor"]["FontName"] = "/" + self.base_font
        ref = doc.Reference(cidfonts.structToPDF(spec), internal)
        doc.idToObject["BasicFonts"].dict[internal] = ref
        doc.fontMapping[self.name] = "/" + internal


def _register() -> None:
    pf._register()
    for name in BOLD_NAMES:
        if f"bench-{name}" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(_NamedSong(name))


@dataclass
class PdfPage:
    seed: int
    pdf: bytes
    gold: list[GoldArticle]


class _Painter:
    """Lays one page out; `plan` is filled first, then drawn (Sheet needs a live canvas)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.ncols = rng.randint(3, 6)
        self.gutter = rng.choice((5.0, 7.0, 9.0, 12.0, 16.0))
        self.colw = (pf.W - 2 * pf.MARGIN - (self.ncols - 1) * self.gutter) / self.ncols
        self.bold = f"bench-{rng.choice(BOLD_NAMES)}"
        self.gold: list[GoldArticle] = []
        self.used: set[int] = set()

    def x(self, col: int) -> float:
        return pf.MARGIN + col * (self.colw + self.gutter)

    def paint(self, s: pf.Sheet) -> None:
        rng = self.rng
        s.header(f"2024年{rng.randint(1, 12)}月{rng.randint(1, 28)}日 星期{rng.choice('一二三四五六日')}",
                 rng.choice(("要闻", "综合", "经济", "地方新闻")), f"第{rng.randint(1, 8)}版")
        y = TOP
        while y < BOTTOM - 160 and len(self.gold) < 8:
            low = y
            for c0, c1 in self._spans():
                if rng.random() < 0.12 and c0 == c1:
                    low = max(low, self.briefs(s, c0, y))
                elif c1 > c0 and rng.random() < 0.1:
                    low = max(low, self.table(s, c0, c1, y))
                elif c1 > c0 and rng.random() < 0.08:
                    low = max(low, self.advert(s, c0, c1, y))
                else:
                    low = max(low, self.article(s, c0, c1, y, limit=BOTTOM - y))
            y = low + 10
            if rng.random() < 0.6 and y < BOTTOM - 160:
                s.hrule(pf.MARGIN, pf.W - pf.MARGIN, y - 5, 0.5)
        s.hrule(pf.MARGIN, pf.W - pf.MARGIN, pf.H - 40, 0.8)
        s.text(pf.MARGIN, pf.H - 34, "本版编辑：" + _name(rng) + "  电话：0931-8123456", 8.0)

    def _spans(self) -> list[tuple[int, int]]:
        cuts = sorted(self.rng.sample(range(1, self.ncols), k=self.rng.randint(0, min(2, self.ncols - 1))))
        edges = [0, *cuts, self.ncols]
        return [(edges[i], edges[i + 1] - 1) for i in range(len(edges) - 1)]

    def article(self, s: pf.Sheet, c0: int, c1: int, top: float, limit: float) -> float:
        rng = self.rng
        k = c1 - c0 + 1
        # Editors size a span to its text: wide spans get long articles.
        title, paras, authors = _article(rng, long=k >= 3 or (k == 2 and rng.random() < 0.5), used=self.used)
        room = int((limit - 120) / PITCH) * k  # column lines that fit under the headline
        while len(paras) > 1 and len(pf.wrap(paras, self.colw)) + 12 > room:
            paras.pop()
        if len(pf.wrap(paras, self.colw)) + 12 > room:  # one paragraph still too long: its first sentences
            sentences = paras[0].split("。")
            while len(sentences) > 2 and len(pf.wrap(["。".join(sentences)], self.colw)) + 12 > room:
                sentences.pop(-2)
            paras = ["。".join(sentences)]
        x0, x1 = self.x(c0), self.x(c1) + self.colw
        y = top + 4
        kicker = rng.choice(KICKERS) if rng.random() < 0.15 else None
        if kicker:
            s.centred(x0, x1, y, kicker, 11.0)
            y += 17
        size = min(26.0, max(14.0, (x1 - x0) / max(6, len(title)) * 0.9))
        lines = _title_lines(title, x1 - x0, size, self.bold)
        while len(lines) > 3 and size > 11:  # a narrow article: a smaller headline, not a tower
            size -= 1
            lines = _title_lines(title, x1 - x0, size, self.bold)
        y = s.headline(lines, x0, x1, y, size, self.bold) + 4
        subtitle = "——" + rng.choice(TAILS) if rng.random() < 0.1 else None
        if subtitle:
            s.centred(x0, x1, y, subtitle, 11.0)
            y += 17
        body_paras = list(paras)
        y, paras = self.credit(s, x0, x1, y, authors, paras, body_paras)
        subheads: set[str] = set()
        if len(paras) > 3 and rng.random() < 0.4:
            sub = rng.choice(SUBHEADS)
            at = rng.randrange(1, len(paras))
            paras.insert(at, sub)
            body_paras.insert(at, sub)
            subheads.add(sub)
        if rng.random() < 0.1:
            paras.append(f"（下转第{rng.randint(2, 8)}版）")
        y += 4
        photo_rows = 0
        cap_top = y
        if k >= 2 and rng.random() < 0.3:
            px0, px1 = self.x(c1), self.x(c1) + self.colw
            caption = rng.choice(CAPTIONS).format(place=rng.choice(PLACES))
            credited = rng.random() < 0.5
            by = f"记者 {_name(rng)} 摄" if credited else None
            low = pf.caption(s, px0, px1, s.photo(px0, px1, y + 2, 70.0) + 5, caption, by)
            photo_rows = int((low - y) / PITCH) + 1
            cap_top = low
            if credited:
                self.gold.append(GoldArticle(None, caption, [], kind="photo"))
        nlines = len(pf.wrap(paras, self.colw)) + 2 * len(subheads)
        # Columns filled evenly (an editor's balanced columns); the last gets some slack.
        rows = max(-(-(nlines + photo_rows) // k), photo_rows + 3)
        frames = [(self.x(c), self.x(c) + self.colw, y, rows) for c in range(c0, c1)]
        frames.append((self.x(c1), self.x(c1) + self.colw, y + photo_rows * PITCH if photo_rows else y,
                       rows - photo_rows + 3))
        low = max(s.flow(paras, frames, subheads=frozenset(subheads)), cap_top)
        if rng.random() < 0.1:
            s.box(x0 - 3, top, x1 + 3, low + 3)
        self.gold.append(GoldArticle("".join(lines), "\n".join(body_paras), authors, kicker=kicker))
        return low

    def credit(self, s: pf.Sheet, x0: float, x1: float, y: float, authors: list[str], paras: list[str],
               body_paras: list[str]) -> tuple[float, list[str]]:
        """Credit the writers one of four ways; returns the y under the heading block and the
        paragraphs as printed (`body_paras`, the gold, gains a writer's post)."""
        rng = self.rng
        credit = rng.choice(("byline", "dateline", "attribution", "name"))
        if credit == "byline":
            s.centred(x0, x1, y + 2, "本报记者 " + " ".join(authors), BODY)
            y += 18
        elif credit == "name":  # a commentary's or theory page's writer, named alone under the headline
            s.centred(x0, x1, y + 2, rng.choice(("", "□", "◎", "■")) + " ".join(authors), rng.choice((BODY, 10.5)))
            y += 18
            if rng.random() < 0.5:  # and the writer's post under the article, which the article prints
                post = rng.choice(POSTS).format(place=rng.choice(PLACES)[:2])
                paras = [*paras, post]
                body_paras.append(post)
        elif credit == "dateline":
            paras = [f"本报讯（记者{' '.join(authors)}）" + paras[0], *paras[1:]]
        else:
            paras = [*paras[:-1], paras[-1] + f"（{' '.join(authors)}）"]
        return y, paras

    def table(self, s: pf.Sheet, c0: int, c1: int, top: float) -> float:
        """A grid under a bold heading: a header row in bold, 4-9 rows of short cells spread
        across the span, rules between rows on some. In the gold it is one record of kind
        "table": the heading, and the cells row by row."""
        rng = self.rng
        x0, x1 = self.x(c0), self.x(c1) + self.colw
        heading, head, make = rng.choice(TABLES)
        y = s.headline([heading], x0, x1, top + 4, 12.0, self.bold) + 6
        rows = [head, *(make(rng) for _ in range(rng.randint(4, 9)))]
        step = (x1 - x0) / len(head)
        pitch = rng.choice((13.0, 15.0, 17.0))
        ruled = rng.random() < 0.5
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                s.text(x0 + c * step + 2, y + r * pitch, cell, BODY, self.bold if r == 0 else pf.SONG)
            if ruled:
                s.hrule(x0, x1, y + r * pitch + pitch - 2, 0.3)
        self.gold.append(GoldArticle(heading, "\n".join("\t".join(row) for row in rows), [], kind="table"))
        return y + len(rows) * pitch

    def advert(self, s: pf.Sheet, c0: int, c1: int, top: float) -> float:
        """Paid space as papers print it: a border, a shop's name and offers in display type of
        several sizes, price tags, a hotline and an address, and the label 广告 alone in a
        corner (inside the border, or just below it). Not in the gold: no article or table."""
        rng = self.rng
        x0, x1 = self.x(c0), self.x(c1) + self.colw
        shop = rng.choice(_SHOPS)
        y = top + 6
        for text, size in ((shop, rng.choice((22.0, 26.0, 30.0))), (rng.choice(_OFFERS), rng.choice((16.0, 20.0)))):
            y = s.headline(_title_lines(text, x1 - x0 - 12, size, self.bold), x0 + 6, x1 - 6, y, size, self.bold) + 6
        goods = rng.sample(_GOODS, k=min(len(_GOODS), max(2, int((x1 - x0) // 70))))
        step = (x1 - x0 - 12) / len(goods)
        for k, good in enumerate(goods):
            price = rng.uniform(2, 90)
            gx = x0 + 6 + k * step
            s.text(gx, y, good, 10.0, self.bold)
            s.text(gx, y + 13, f"市场价：{price:.1f}元", 6.5)
            s.text(gx, y + 21, f"优惠价：{price * 0.6:.1f}元", 6.5)
        y += 36
        contact = (f"{shop}：{rng.choice(PLACES)}{rng.randint(1, 99)}号 热线电话：1{rng.randint(3, 8)}"
                   f"{rng.randint(100000000, 999999999)}")
        for line, _off, _full in pf.wrap([contact], x1 - x0 - 12, 8.0, self.bold, indent=0):
            s.text(x0 + 6, y, line, 8.0, self.bold)
            y += 11
        y += 5
        label = rng.choice(("（广告）", "广告", "【广告】"))
        inside = rng.random() < 0.7
        if inside:
            s.right(x1 - 3, y, label, 6.5)
            y += 10
        s.box(x0, top, x1, y)
        if not inside:
            s.right(x1, y + 3, label, 6.5)
            y += 12
        return y

    def briefs(self, s: pf.Sheet, col: int, top: float) -> float:
        rng = self.rng
        x0, x1 = self.x(col), self.x(col) + self.colw
        s.box(x0, top + 4, x0 + 40, top + 20, fill=0.85)
        s.text(x0 + 4, top + 7, "简讯", 11.0, self.bold)
        y = top + 28
        for _ in range(rng.randint(2, 3)):
            title, paras, authors = _article(rng, used=self.used)
            title = title[:12]
            for line, _off, _full in pf.wrap([title], x1 - x0, 10.0, self.bold, indent=0):
                s.text(x0, y, line, 10.0, self.bold)
                y += 14
            text = paras[0][:90]
            text = text if text.endswith(("。", "！", "？")) else text + "。"
            y = s.flow([text + f"（{authors[0]}）"], [(x0, x1, y + 2, 99)]) + 8
            self.gold.append(GoldArticle(title, text, [authors[0]]))
        return y


# Grids as regional pages print them: weather, market prices, projects. Cells stay short
# (a few characters), as in print.
_SKY = ("晴", "多云", "阴", "小雨", "晴转多云", "多云转阴", "阵雨")
_GOODS = ("马铃薯", "大白菜", "西红柿", "黄瓜", "苹果", "牛肉", "羊肉", "鸡蛋", "小麦粉", "菜籽油")
_WORKS = ("光伏电站", "物流园", "产业园", "风电场", "污水处理厂", "冷链仓储")
TABLES = (
    ("全市各县区天气预报", ["地区", "天气", "气温(℃)", "风力"],
     lambda r: [r.choice(PLACES), r.choice(_SKY), f"{r.randint(-5, 8)}~{r.randint(10, 30)}",
                r.choice(("3级", "4级", "微风", "3-4级"))]),
    ("本周主要农产品批发价格", ["品种", "单位", "均价", "涨跌"],
     lambda r: [r.choice(_GOODS), "元/公斤", f"{r.uniform(0.8, 80):.1f}", r.choice(("持平", "上涨", "下降"))]),
    ("重点项目建设进展", ["项目", "投资(亿元)", "进度"],
     lambda r: [r.choice(PLACES)[:2] + r.choice(_WORKS), f"{r.uniform(1, 50):.1f}",
                r.choice(("在建", "投产", "签约", "开工"))]),
)


_SHOPS = ("百草堂参茸行", "金城家电城", "陇原家具广场", "丝路眼镜店", "黄河旅行社", "西部建材市场")
_OFFERS = ("全场商品五折起售", "周年庆典 满千送百", "春季特惠 买一送一", "新店开业 欢迎惠顾")


def _title_lines(title: str, width: float, size: float, font: str) -> list[str]:
    """The headline in as few lines as fit the article's width (a headline never runs past
    its article, let alone off the page), cut into lines of about equal length."""
    for n in range(1, len(title) + 1):
        per = -(-len(title) // n)
        lines = [title[i:i + per] for i in range(0, len(title), per)]
        if all(pdfmetrics.stringWidth(line, font, size) <= width for line in lines):
            return lines
    return list(title)


def make_pdf_page(seed: int) -> PdfPage:
    """One page PDF and its gold: the same seed always gives the same page."""
    _register()
    painter = _Painter(random.Random(seed))
    pdf = pf.build([painter.paint])
    return PdfPage(seed, pdf, painter.gold)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--gold", action="store_true", help="print the gold instead of the PDF")
    a = ap.parse_args()
    page = make_pdf_page(a.seed)
    if a.gold:
        import json

        print(json.dumps([g.__dict__ for g in page.gold], ensure_ascii=False, indent=1))
    else:
        sys.stdout.buffer.write(page.pdf)
