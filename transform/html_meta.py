"""Article metadata from HTML: meta tags, Founder e-paper properties, titles, datelines, bylines.

Chinese CMSs state metadata in a few recurring ways: meta tags (article:published_time,
PubDate, ArticleTitle, ContentSource - the last two are Hanweb government sites), Founder
e-paper <!--enpproperty ...--> comments and <founder-*> tags, and a visible info line under
the title (``发布时间：2024-03-18 10:20  来源：甘肃日报  作者：张三``). Bylines also sit in
the body's first or last paragraph (``本报记者 张三``, ``（记者 张三 通讯员 李四）``).
This module reads those; it does not decide where the body is.
"""

from __future__ import annotations

import html as htmllib
import re

import lxml.etree as etree

from transform.dates import FoundDate, parse_date
from transform.html_dom import clean_text

DATE_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "published_time",
    "pubdate", "publishdate", "publish_date", "publishtime", "publish-date", "datepublished", "releasedate",
    "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.created", "firstpublishedtime", "date",
    "weibo:article:create_at", "og:release_date", "sailthru.date", "article.published", "created",
)
TITLE_META = ("articletitle", "og:title", "twitter:title", "title", "dc.title")
AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "authors")
ORIGIN_META = ("contentsource", "source", "og:site_name_source", "article:source", "copyfrom")
_TITLE_SPLIT = re.compile(r"\s*--+\s*|\s+[-–—|｜]\s+|\s*[_|｜]\s*|\s+-|-\s+")
_ENP = re.compile(r"<!--\s*enpproperty(.*?)/enpproperty\s*-->", re.S | re.I)
_ENP_FIELD = re.compile(r"<(\w+)>(.*?)</\1>", re.S)
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# Common surnames: a byline token must start with one, which keeps outlets (光明日报), places
# and stray words (文档附件) out of the name lists. Four characters need a compound surname.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
    "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆"
    "朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫"
    "杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭"
    "由綦员郦贡拓火达候才旦扎降"
)
COMPOUND_SURNAMES = frozenset(
    ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "西门", "夏侯", "端木", "澹台", "轩辕", "呼延", "独孤", "南宫", "百里", "东郭", "万俟", "钟离", "闻人", "拓跋", "完颜", "申屠", "太史"]
)
_ORG_END = frozenset("报社台网站刊局委办院厅所处队部会团县市省区镇乡村馆司厂校组室")
_NAME_SPLIT = re.compile(r"[\s、，,;；/|]+")
# Words that fill name-sized slots in bylines but are not names.
_NOT_NAMES = frozenset(
    ["本报", "记者", "通讯员", "报道", "摄影", "实习生", "见习", "特约", "首席", "融媒", "文图", "图文", "编辑", "责编", "责任编辑", "来源", "作者", "供图", "供稿", "本台", "本网", "新华社", "新华网", "人民网", "央视", "记者站", "综合", "整理", "摄", "报讯", "编译", "校对", "审核", "网友", "佚名", "未知", "本站", "管理员", "admin"]
)

_LABELS = (
    ("editor", r"责任编辑|值班编辑|本版编辑|网络编辑|责编|编辑|编审"),
    ("reviewer", r"终审|初审|复审|审核|审校|校对|签发|监制|统筹|策划"),
    ("photographer", r"摄影记者|摄影|图片"),
    ("author", r"作者|撰稿|撰文|文字|执笔人?|文\s*/\s*图|图\s*/\s*文|文|记者|通讯员|实习生|供稿|发布者|发布人|发表人|投稿人"),
    ("origin", r"信息来源|文章来源|新闻来源|稿件来源|来源|稿源|出处|转自|来自"),
    ("date", r"发布时间|发表时间|发布日期|更新时间|时间|日期|发布于|发表于"),
    ("clicks", r"点击数|点击量|点击率|点击|浏览次数|浏览量|浏览|阅读数|阅读量|阅读次数|阅读|访问量|人次"),
)
_FIELD = re.compile(
    r"(?:^|(?<=[\s\]】）)|｜,，;；\d]))[【\[（(]?\s*(?P<label>"
    + "|".join(alts for _, alts in _LABELS)
    + r")\s*[】\]）)]?\s*(?P<sep>[:：/]|\s)\s*"
)


def meta_tags(root: etree._Element) -> dict[str, str]:
    """name/property/itemprop/http-equiv -> content, keys lowercased; first occurrence wins."""
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("name") or el.get("property") or el.get("itemprop") or el.get("http-equiv")
        value = el.get("content")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), clean_text(htmllib.unescape(value)))
    for el in root.iter("time"):
        if el.get("datetime") and el.get("itemprop", "").lower() in {"datepublished", "pubdate", ""}:
            found.setdefault("time:datetime", el.get("datetime").strip())
    return found


def enp_properties(html: str) -> dict[str, str]:
    """Fields of a Founder e-paper <!--enpproperty <date>..</date><title>..</title> ...--> comment."""
    m = _ENP.search(html)
    if not m:
        return {}
    return {k.lower(): clean_text(htmllib.unescape(v)) for k, v in _ENP_FIELD.findall(m.group(1)) if v.strip()}


def strip_markup(text: str) -> str:
    """Meta values sometimes carry markup (Hanweb ArticleTitle holds <div>subtitle</div>)."""
    return clean_text(re.sub(r"<[^>]+>", "", text))


def clean_page_title(title: str) -> str:
    """<title> without the site/column suffix: '标题_栏目_网站' -> '标题'. The first part wins
    unless it is too short to be a headline (then the longest part)."""
    title = clean_text(title)
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p and p.strip()]
    if not parts:
        return title
    if len(parts[0]) >= 6 or len(parts) == 1:
        return parts[0]
    return max(parts, key=len)


def names_in(text: str) -> list[str]:
    """Personal names in a byline fragment: 2-4 Han characters each, split on spaces, 、 and ，."""
    text = re.sub(r"[（(【\[][^）)】\]]*[）)】\]]", " ", text)  # (实习生) annotations
    out: list[str] = []
    for token in _NAME_SPLIT.split(text):
        token = token.strip("：:。.（）()[]【】“”\"' ")
        token = re.sub(r"^(?:本报|本台|本网|特约|见习|实习|首席|融媒)?(?:记者|通讯员)", "", token)
        token = re.sub(r"(?:报道|摄影|摄|供图|讯)$", "", token)
        if is_name(token) and token not in out:
            out.append(token)
    return out


def is_name(token: str) -> bool:
    """A plausible personal name: 2-3 Han characters after a common surname, or 3-4 after a
    compound one; not a role word, and not ending like an organisation (日报, 中心)."""
    if not _HAN_NAME.match(token) or token in _NOT_NAMES or token[-1] in _ORG_END:
        return False
    if token[:2] in COMPOUND_SURNAMES:
        return len(token) >= 3
    return len(token) <= 3 and token[0] in SURNAMES


def labelled_fields(line: str) -> list[tuple[str, str]]:
    """Split an info line into (kind, value) pairs by its labels: '来源：甘肃日报 编辑：李四'
    -> [('origin', '甘肃日报'), ('editor', '李四')]. Labels must start the line or follow a
    space or bracket, so words such as 中文 or 新闻 inside prose do not count."""
    matches = list(_FIELD.finditer(line))
    out: list[tuple[str, str]] = []
    for i, m in enumerate(matches):
        label = m.group("label")
        if m.group("sep").isspace() and label not in _SPACE_OK:
            continue
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end(): end].strip(" 　|｜]】)）")
        kind = next(k for k, alts in _LABELS if re.fullmatch(alts, label))
        out.append((kind, value))
    return out


_DATE_TIME = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?")


def is_info_line(line: str) -> bool:
    """A line made of labelled fields and dates only (发布时间：... 来源：... 编辑：...), as
    opposed to prose that happens to contain a label word. Values must be short."""
    if len(line) > 120:
        return False
    fields = labelled_fields(line)
    if not fields and not _DATE_TIME.search(line):
        return False
    if any(len(v) > 40 for _, v in fields):
        return False
    rest = _DATE_TIME.sub("", line)
    for m in _FIELD.finditer(rest):
        rest = rest.replace(m.group(0), "")
    rest = re.sub(r"[\s|｜/·:：,，\[\]【】()（）]", "", rest)
    if not fields:
        return len(rest) <= 6  # a bare dateline
    value_chars = sum(len(re.sub(r"\s", "", v)) for _, v in fields)
    return len(rest) <= value_chars + 4


# Labels that may be followed by a space instead of a colon (记者 张三, 文/图 张三).
_SPACE_OK = frozenset({"记者", "通讯员", "实习生", "摄影", "摄影记者", "责任编辑", "编辑", "责编", "作者", "执笔"})


def first_date_meta(meta: dict[str, str]) -> FoundDate | None:
    for key in (*DATE_META, "time:datetime"):
        if key in meta and (fd := parse_date(meta[key])):
            return fd
    return None


def first_meta(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = meta.get(key)
        if value and value.strip():
            return strip_markup(value)
    return None


def parse_clicks(value: str) -> int | None:
    m = re.match(r"\s*(\d[\d,]*)", value)
    return int(m.group(1).replace(",", "")) if m else None
