"""Seeded e-paper page dumps with gold: the segmentation benchmark's unseen pages.

Why a generator: five seed pages cannot tell a rule that fits their family from one that fits
them. Each page here is laid out from article texts the transform has never seen, in one of the
two text-dump styles the seeds show, with randomized layout, and comes with its gold (the
articles in page order: title, kicker, subtitle, authors, body).

Texts: sentences of `../shared/html-dev/*/gold.json` (read at run time, never stored in the
project) and of our own invented paragraphs below, regrouped into articles; titles, names and
places from our own pools. Layouts:

- `after` (titles after their bodies, one column line per text line): an article opens with a
  dateline (`本报讯（记者…）`), a date opener, or a line with a leading space; its lines are cut
  at a column width of 9-20 characters, sometimes each followed by an empty line; its title (and
  a byline line `记者 …`, sometimes with `通讯员 …`, and a kicker over the title) are printed
  after the body (on some, the writer named alone, `□张三`, and the writer's post `（作者单位：…）`
  after the text); in-body subheads; photo captions with `记者 … 摄` between paragraphs.
- `before` (titles before their bodies, one paragraph per line): a title (sometimes a kicker
  above it), a byline line (the names alone, some after an ornament `□`, some with the writer's
  post after the text), paragraphs with a space at every column break (width 10-21), blank
  lines between paragraphs, in-body subheads, trailing `（name）` attributions or `（下转第N版）`
  jumps, captions after a three-line gap between paragraphs or after the text, paragraphs
  broken over two blocks where a column ended, half-width punctuation (`,` `:` `"`) on some
  pages, vertical headline fragments at the top.

Titles in both: place + topic, a bare topic, short feature titles (4-6 characters), two-part
titles with a space, long titles with a colon or a comma.

Usage: `python -m bench.segmentation.generate --seed 3 --style after` prints one page.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

HTML_DEV = Path(__file__).resolve().parents[3] / "shared" / "html-dev"

# Our own writing: invented places, companies and events in the register of regional news.
OWN_PARAGRAPHS = (
    "近年来，东川县坚持把招商引资作为推动县域经济高质量发展的关键抓手，围绕新能源、现代农业和文化旅游三大产业精准招商。"
    "今年以来，全县新签约项目二十三个，总投资一百一十亿元，其中十亿元以上项目四个。",
    "走进西岭工业园区，一座座标准化厂房拔地而起，施工机械来回穿梭，工人们正在抓紧安装生产设备。"
    "园区负责人介绍，项目全部建成后可实现年产值三十亿元，带动就业一千二百余人。",
    "为破解企业用工难题，北原市人社部门组织开展春风行动专场招聘会，三百余家企业提供就业岗位八千多个。"
    "现场求职者络绎不绝，不少人当场与企业达成就业意向。",
    "据了解，该项目由南山能源集团投资建设，主要建设光伏发电场区、升压站及配套送出线路。"
    "项目建成后年均发电量约六亿千瓦时，每年可节约标准煤十八万吨。",
    "会议强调，各级各部门要进一步提高政治站位，压实工作责任，强化要素保障，全力以赴推动重点项目建设提速提质提效。"
    "要坚持问题导向，对项目推进中遇到的困难和问题逐一建立台账，限时销号。",
    "连日来，河谷镇的田间地头处处可见群众忙碌的身影，翻地、施肥、覆膜、播种，一派繁忙景象。"
    "镇农技人员深入田间开展技术指导，帮助农户解决生产中遇到的实际问题。",
    "此次签约的项目涵盖装备制造、农产品精深加工、商贸物流等领域，签约总金额达四十二亿元。"
    "双方将在产业协作、人才培养和科技创新等方面开展深度合作。",
    "为进一步优化营商环境，东川县推行企业开办一件事一次办，将办理时限压缩至一个工作日以内。"
    "同时设立企业服务专员，为重点项目提供全程代办服务。",
)
PLACES = ("东川县", "西岭区", "北原市", "南山镇", "河谷县", "青石乡", "白杨区", "金沙县", "云台市", "柳湾镇")
TOPICS = ("重点项目建设按下快进键", "招商引资签约项目十二个", "春耕生产有序推进", "新能源产业链延链补链",
          "优化营商环境再出实招", "全力抓好安全生产", "文旅融合发展见实效", "农产品加工项目开工建设",
          "开展桥梁安全隐患排查", "举办技能比武活动", "推进乡村振兴示范村建设", "召开项目建设推进会")
# Titles that are not place + topic: short ones (a feature's 4-6 characters), two-part ones with
# a space, long ones with a colon or comma, as real pages print them.
SHORT_TITLES = ("春潮涌动", "陇上新绿", "稳中求进", "好日子来了", "田野新景", "车间里的春天", "小站大变样")
LONG_TITLES = ("{place}：{topic}", "{place}{topic}，{tail}", "{topic} {tail}")
TAILS = ("跑出加速度", "群众得实惠", "一季度开局良好", "为高质量发展蓄势赋能", "企业有了定心丸")
KICKERS = ("聚焦高质量发展", "一线见闻", "奋战一季度 夺取开门红", "走基层")
SUBHEADS = ("强化服务保障", "聚焦产业升级", "一、抓好项目落地", "二、优化营商环境", "坚持项目为王")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力永健海晨浩宇鹏飞志远晓东俊峰"
_SENTENCE = re.compile(r"[^。！？]{8,90}[。！？]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class GoldArticle:
    """One article of a generated page, as a correct transform should return it."""

    title: str | None
    body: str  # paragraphs joined by "\n", no dateline, byline or captions
    authors: list[str] = field(default_factory=list)
    kicker: str | None = None
    kind: str = "article"


@dataclass
class Page:
    seed: int
    style: str  # after | before
    text: str
    gold: list[GoldArticle]

    def gold_json(self) -> str:
        return json.dumps([a.__dict__ for a in self.gold], ensure_ascii=False, indent=1)


def _sentences() -> list[str]:
    """The sentence pool: html-dev gold texts (when ../shared is there) plus our own."""
    pool: list[str] = []
    for gold in sorted(HTML_DEV.glob("*/gold.json")):
        text = json.loads(gold.read_text(encoding="utf-8")).get("text", "")
        for s in _SENTENCE.findall(text.replace("\n", "")):
            s = s.strip()
            if len(_HAN.findall(s)) >= 0.7 * len(s) and "　" not in s and " " not in s and _simplified(s):
                pool.append(s)
    for para in OWN_PARAGRAPHS:
        pool += [s.strip() for s in _SENTENCE.findall(para)]
    return pool


def _simplified(sentence: str) -> bool:
    """Regional papers print Simplified: Traditional sentences of the pool are left out."""
    from transform.common.script import to_simplified_aligned

    return to_simplified_aligned(sentence) == sentence


_POOL: list[str] | None = None


def sentence_pool() -> list[str]:
    global _POOL
    if _POOL is None:
        _POOL = _sentences()
    return _POOL


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _title(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(PLACES) + rng.choice(TOPICS)
    if roll < 0.7:
        return rng.choice(TOPICS)
    if roll < 0.82:
        return rng.choice(SHORT_TITLES)
    return rng.choice(LONG_TITLES).format(place=rng.choice(PLACES), topic=rng.choice(TOPICS), tail=rng.choice(TAILS))


def _article(rng: random.Random, long: bool = False, used: set[int] | None = None) -> tuple[str, list[str], list[str]]:
    """(title, paragraphs, authors) of one invented article; `used` keeps the sentences of
    one page apart, so that no two articles share text (which would blur the scores)."""
    pool = sentence_pool()
    used = used if used is not None else set()
    n_par = rng.randint(4, 8) if long else rng.randint(1, 4)
    paras, k = [], rng.randrange(len(pool))
    for _ in range(n_par):
        picked: list[str] = []
        for _ in range(rng.randint(1, 3)):
            while k % len(pool) in used:
                k += 1
            used.add(k % len(pool))
            picked.append(pool[k % len(pool)])
            k += 1
        paras.append("".join(picked))
        k += rng.randint(0, 40)
    title = _title(rng)
    authors = sorted({_name(rng) for _ in range(rng.choice((1, 1, 2, 2, 3)))}, key=str)
    return title, paras, authors


_NO_LINE_START = set("，。、；：？！”’）》」』…%")  # kinsoku: these hang at the end of the line above


def _cells(ch: str) -> float:
    """Column cells a character takes: half-width ASCII (digits, Latin) half a cell."""
    return 0.5 if ord(ch) < 128 else 1.0


def _wrap(text: str, width: int) -> list[str]:
    """Column lines as a typesetter cuts them: `width` cells a line (half-width digits and
    Latin take half a cell), closing punctuation never starts a line, and a space at a cut is
    dropped (the PDF dump has no leading space there)."""
    lines: list[str] = []
    i = 0
    while i < len(text):
        j, cells = i, 0.0
        while j < len(text) and cells + _cells(text[j]) <= width:
            cells += _cells(text[j])
            j += 1
        j = max(j, i + 1)
        while j < len(text) and text[j] in _NO_LINE_START:
            j += 1
        lines.append(text[i:j].rstrip() if lines else text[i:j])
        i = j
        while i < len(text) and text[i] == " ":
            i += 1
    return [ln for ln in lines if ln.strip()] or [""]


def layout_after(rng: random.Random, n_articles: int) -> tuple[str, list[GoldArticle]]:
    """Titles after bodies, one column line per line (the shape of seed 003)."""
    width = rng.randint(9, 20)
    spaced = rng.random() < 0.5  # every line followed by an empty line
    out: list[str] = []
    gold: list[GoldArticle] = []
    used: set[int] = set()
    for i in range(n_articles):
        title, paras, authors = _article(rng, long=rng.random() < 0.3, used=used)
        opener = rng.choice(("dateline", "lead", "space", "wire")) if i else rng.choice(("dateline", "lead", "wire"))
        body_paras = list(paras)
        if opener == "dateline":
            first = f"本报讯（记者{' '.join(authors)}） " + paras[0]
            byline = None
        elif opener == "wire":  # a wire dateline naming no reporter; the byline follows the title
            first = f"新华社{rng.choice(PLACES)}{rng.randint(1, 12)}月{rng.randint(1, 28)}日电 " + paras[0]
            byline = "记者 " + " ".join(authors)
        else:
            first = (" " if opener == "space" else "") + paras[0]
            byline = "记者 " + " ".join(authors)
            if rng.random() < 0.15:  # a commentary: the writer named alone, the post after the text
                byline = rng.choice(("", "□", "◎")) + " ".join(authors)
                paras = [*paras, rng.choice(POSTS).format(place=rng.choice(PLACES)[:2])]
                body_paras = list(paras)
        lines: list[str] = []
        starts: list[int] = []  # where each paragraph's lines begin
        photos: list[GoldArticle] = []
        for j, para in enumerate([first, *paras[1:]]):
            if j and len(body_paras) > 3 and rng.random() < 0.15:
                sub = rng.choice(SUBHEADS)
                lines.append(sub)
                body_paras[j] = sub + "\n" + body_paras[j]
            starts.append(len(lines))
            lines += _wrap(para, width)
        if len(starts) > 1 and rng.random() < 0.12:  # a photo with its credit between two paragraphs
            at = rng.choice(starts[1:])
            caption = rng.choice(CAPTIONS).format(place=rng.choice(PLACES))
            lines[at:at] = _wrap(caption + f" 记者 {_name(rng)} 摄", width)
            photos.append(GoldArticle(None, caption, [], kind="photo"))  # a record of its own
        if rng.random() < 0.1:  # the article goes on on another page
            lines.append(f"（下转第{rng.randint(2, 8)}版）")
        kicker = rng.choice(KICKERS) if rng.random() < 0.12 else None
        if kicker:  # a kicker printed over the title
            lines.append(kicker)
        lines.append(title)
        if byline and rng.random() < 0.2:  # a reporter and a correspondent
            extra = _name(rng)
            byline = f"{byline} 通讯员 {extra}"
            authors = [*authors, extra]
        if byline:
            lines.append(byline)
        for line in lines:
            out.append(line)
            if spaced:
                out.append("")
        gold.append(GoldArticle(title, "\n".join(body_paras), authors, kicker=kicker))
        gold += photos
    return "\n".join(out) + "\n", gold


def _named_alone(rng: random.Random, out: list[str], authors: list[str], paras: list[str]
                 ) -> tuple[list[str], list[str]]:
    """The writers named alone under the title, after an ornament on commentaries (□张三), and
    on some the writer's post after the article, which the article prints (and the gold keeps)."""
    out = [*out, rng.choice(("", "", "□", "◎")) + " ".join(authors), ""]
    if rng.random() < 0.15:
        paras = [*paras, rng.choice(POSTS).format(place=rng.choice(PLACES)[:2])]
    return out, paras


def _column_spaces(text: str, width: int) -> str:
    return " ".join(text[i:i + width] for i in range(0, len(text), width))


def layout_before(rng: random.Random, n_articles: int) -> tuple[str, list[GoldArticle]]:
    """Titles before bodies, one paragraph per line with column-break spaces (seed 000's shape)."""
    width = rng.randint(10, 21)
    out: list[str] = []
    gold: list[GoldArticle] = []
    if rng.random() < 0.3:  # vertical headline fragments of an article printed elsewhere
        for ch in rng.choice(TOPICS)[:rng.randint(4, 8)]:
            out += [ch, ""]
    used: set[int] = set()
    for _ in range(n_articles):
        title, paras, authors = _article(rng, long=rng.random() < 0.3, used=used)
        kicker = rng.choice(KICKERS) if rng.random() < 0.15 else None
        attribution = rng.random() < 0.5
        if kicker:
            out += [kicker, ""]
        out += [title, ""]
        if not attribution:
            out, paras = _named_alone(rng, out, authors, paras)
        body_paras = list(paras)
        caption_at = rng.randrange(1, len(paras) + 1) if rng.random() < 0.25 else None
        for j, para in enumerate(paras):
            text = para
            if j and len(paras) > 3 and rng.random() < 0.15:  # an in-body subhead
                sub = rng.choice(SUBHEADS)
                out += [sub, ""]
                body_paras[j] = sub + "\n" + body_paras[j]
            if caption_at == j:  # a photo's caption set between two paragraphs
                out += ["", "", rng.choice(CAPTIONS).format(place=rng.choice(PLACES)), ""]
            if attribution and j == len(paras) - 1:
                text += f"（{' '.join(authors)}）"
            elif j == len(paras) - 1 and rng.random() < 0.1:  # a jump at the end of the text
                text += f" （下转第{rng.randint(2, 8)}版）"
            cut = _block_cut(rng, text, width)
            if cut:  # a paragraph broken over two blocks where a column ended
                out += [_column_spaces(text[:cut], width), "", _column_spaces(text[cut:], width), ""]
            else:
                out += [_column_spaces(text, width), ""]
        if caption_at == len(paras):
            out += ["", "", rng.choice(CAPTIONS).format(place=rng.choice(PLACES)), ""]
        gold.append(GoldArticle(title, "\n".join(body_paras), authors, kicker=kicker))
    text = "\n".join(out) + "\n"
    if rng.random() < 0.3:  # a dump that lost the full-width punctuation (seed 000's shape)
        text = text.translate(_HALF_WIDTH)
        for g in gold:
            g.body = g.body.translate(_HALF_WIDTH)
            g.title = g.title.translate(_HALF_WIDTH) if g.title else g.title
            g.kicker = g.kicker.translate(_HALF_WIDTH) if g.kicker else g.kicker
    return text, gold


POSTS = ("（作者单位：{place}市委党校）", "（作者系{place}大学经济学院教授）", "（作者单位：{place}社会科学院）",
         "（作者为{place}市发展改革委研究员）")
CAPTIONS = ("{place}一家企业生产车间内工人正在作业。", "{place}农民在田间播种。", "图为项目建设现场。",
            "{place}新建的物流园区一角。", "游客在{place}景区参观。")
_HALF_WIDTH = str.maketrans({"，": ",", "：": ":", "“": '"', "”": '"', "；": ";"})


def _block_cut(rng: random.Random, text: str, width: int) -> int:
    """Where a paragraph is broken over two blocks (a column's end), or 0: at a column line's
    end, inside a sentence, on one paragraph in ten."""
    lines = len(text) // width
    if lines < 3 or rng.random() >= 0.1:
        return 0
    cut = width * rng.randint(1, lines - 1)
    return cut if text[cut - 1] not in "。！？" else 0


def make_page(seed: int, style: str | None = None) -> Page:
    """One page: the same seed always gives the same page and gold."""
    rng = random.Random(seed)
    style = style or rng.choice(("after", "before"))
    n = rng.randint(2, 6)
    text, gold = (layout_after if style == "after" else layout_before)(rng, n)
    return Page(seed, style, text, gold)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--style", choices=("after", "before"))
    ap.add_argument("--gold", action="store_true", help="print the gold instead of the page")
    a = ap.parse_args()
    page = make_page(a.seed, a.style)
    print(page.gold_json() if a.gold else page.text)
