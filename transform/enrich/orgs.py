"""Organisation and project names found from their last word.

Chinese names run into the words around them (由中铁二十一局承建, 引导酒钢公司等), so a
name is found from its suffix (有限公司, 集团, 银行, …局; 项目, 产业园, 基地) and its start
is decided by what stands to the left:
  * a character that cannot be in a name (punctuation, digits, quotes) ends the scan;
  * the last "cut" word in the scanned stretch (在, 由, 的, 与, 说, 引导, 推荐, 促成 …)
    marks where the name starts;
  * leading adverbs and conjunctions (如, 今年, 积极 …) are stripped.
A stretch that reaches the previous name or the length cap without such a start is
dropped rather than guessed ("兰州银行积极践行地方银行" holds one name, not two).
Governments and courts are only taken with a place right before them (临夏州政府,
金塔县人民法院), which keeps 州委州政府 out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transform.enrich.places import PlaceHit

# 局 ends a name (管理局, 农业农村局, 中铁二十一局) except in words for a situation or a game.
_NOT_BUREAU = "格布开大全结时棋战变破定饭赌骗残终僵当胜败平出入谋新危困乱好局"
ORG_SUFFIX = re.compile(
    r"股份有限公司|有限责任公司|有限公司|集团公司|分公司|公司|集团|农村商业银行|农商银行|银行|农商行"
    rf"|信用联社|信用社|委员会|研究院|设计院|(?<![{_NOT_BUREAU}])(?<![^财民邮]政)局(?![面势限长])"
)
# After one suffix, more of the same name: 中铁十八局|集团|(沙特)有限公司.
_ORG_CHAIN = re.compile(rf"(?:\([^()]{{1,8}}\))?(?:{ORG_SUFFIX.pattern})")
# 产业园区 is a zone, not a project; 项目部 is a site office.
PROJECT_SUFFIX = re.compile(r"项目(?![部组办])(?:\([^()]{1,8}\))?|产业园(?!区)|基地")
_GOV_AFTER_PLACE = re.compile(r"人民政府|政府|人民法院|人民检察院|检察院|法院|公安局")

_CUT_WORDS = (
    "的 在 由 与 同 及 对 向 把 被 将 说 了 等 并 即 让 使 给 从 赴 是 为 "
    "介绍 表示 指出 引导 推荐 促成 督促 帮助 支持 组织 走进 进入 入驻 位于 来自 依托 携手 邀请 "
    "会同 委托 成立 设立 组建 选聘 对接 会见 考察 走访 参观 拜访 签约 签订 承建 引进 落户 "
    "希望 要求 鼓励 欢迎 感谢 协调 推动 撬动 带动 吸引 争取 动员 通过 指导"
)
# 和 joins two names, but not inside 碳中和, 发展和改革委员会, 工业和信息化局.
_CUT = re.compile("|".join(sorted(_CUT_WORDS.split(), key=len, reverse=True)) + r"|(?<!中)和(?!改革|信息化)")
# Also cut after time words, counts and amounts: 一季度项目, 32个重大产业项目, 500万元以上项目.
_PROJECT_CUT = re.compile(
    _CUT.pattern
    + r"|建设|建成|实施|推进|开工|投产|竣工|完工|打造|谋划|储备|季度|年度|今年|去年|当年|全年|月份"
    r"|一处|一家|一座|一个|一批|\d+(?:\.\d+)?(?:个|项|家|批|年|月|日)|\d+(?:\.\d+)?[万亿]?元(?:以上|以下)?"
)
_LEAD = re.compile(
    r"^(?:今年以来|近年来|今年|目前|近日|日前|同时|其中|此外|另外|积极|主动|全力|先后|持续|进一步"
    r"|大力|已经|已|还|也|都|均|又|再|共|现|系|如|自|以|经|据|于)+"
)
# A name must not start with a measure word or a determiner: 10家银行, 该公司, 各银行.
_BAD_START = frozenset("家户个名各该这那此其每诸某本")
_GENERIC_ORG = re.compile(
    r"^(?:小额贷款|政府性|融资担保|担保|地方|商业|子|分|总|母|上市|国有|民营|外资|物业|建筑|投资|城投"
    r"|平台|控股|村镇|爱心|龙头|企业|各类|相关|有关|金融|保险|证券|股份制|城市|农村|大型|中小|头部"
    r"|一批|多家|本地|外地|我们|我|贵|手机|网上|电子|数字)+$"
)
_GENERIC_TAIL = re.compile(
    r"(?:招商引资|重点|重大|产业|工业|投资|技术改造|改造|储备|意向性|签约|续建|新开工|新建|在建|包抓"
    r"|房地产|民生|基础设施|省列|市级|县级|示范|警示教育|实践|培训|各类|相关|一批|多个|等)$"
)
_PROPER_MARK = re.compile(r"[A-Za-z0-9]|[一二三四五六七八九十]+[号期]")
_ONLY_ORDINAL = re.compile(r"^[一二三四五六七八九十\d]+期$")  # "二期项目" refers back to a name
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z()·]")
_PROJECT_CHAR = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9()·./]")
MAX_STEM = 22
MAX_PROJECT_STEM = 40


@dataclass(frozen=True)
class NameHit:
    kind: str  # organisation | project
    start: int
    end: int
    text: str


def _name_start(
    text: str, stem_end: int, floor: int, char_rx: re.Pattern, cut_rx: re.Pattern, max_stem: int = MAX_STEM
) -> int | None:
    """Where the name ending at stem_end starts, or None when no clear start is found."""
    left = stem_end
    natural = False
    while left > floor and stem_end - left < max_stem:
        if not char_rx.match(text, left - 1):
            natural = True
            break
        left -= 1
    else:
        natural = left == 0
    last_cut = None
    for last_cut in cut_rx.finditer(text, left, stem_end):  # noqa: B007 - want the last match
        pass
    if last_cut is not None:
        left = last_cut.end()
    elif not natural:
        return None
    lead = _LEAD.match(text[left:stem_end])
    if lead:
        left += lead.end()
    return left


def _place_restart(start: int, stem_end: int, places: list[PlaceHit], text: str) -> int:
    """Cut an unknown verb off the front: a place three or more characters in starts the name.

    "积极对接甘肃能源化工投资集团" has no cut word; 国网甘肃省电力公司 and 中国… keep their
    short prefixes.
    """
    for p in places:
        if start + 3 <= p.start < stem_end and text[p.start - 1] != "(" and text[start] not in "中国":
            return p.start
    return start


def find_orgs(folded: str, places: list[PlaceHit]) -> list[NameHit]:
    hits: list[NameHit] = []
    floor = 0
    pos = 0
    while m := ORG_SUFFIX.search(folded, pos):
        end = m.end()
        while chain := _ORG_CHAIN.match(folded, end):
            end = chain.end()
        pos = end
        start = _name_start(folded, m.start(), floor, _NAME_CHAR, _CUT)
        floor = end
        if start is None:
            continue
        start = _place_restart(start, m.start(), places, folded)
        stem = folded[start : m.start()]
        if len(stem) < 2 or stem[0] in _BAD_START or _GENERIC_ORG.match(stem):
            continue
        hits.append(NameHit("organisation", start, end, folded[start:end]))
    return _merge(hits + _governments(folded, places))


def _governments(folded: str, places: list[PlaceHit]) -> list[NameHit]:
    out = []
    for p in places:
        if p.level == "province" and not p.text.endswith(("省", "市", "区")):
            continue  # 甘肃政府 is not how news names the provincial government
        m = _GOV_AFTER_PLACE.match(folded, p.end)
        if m:
            out.append(NameHit("organisation", p.start, m.end(), folded[p.start : m.end()]))
    return out


def _merge(hits: list[NameHit]) -> list[NameHit]:
    """Sort by position; of overlapping names keep the longer one."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[NameHit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            if h.end - h.start > out[-1].end - out[-1].start:
                out[-1] = h
            continue
        out.append(h)
    return out


def find_projects(folded: str, places: list[PlaceHit], orgs: list[NameHit]) -> list[NameHit]:
    """Project names: a suffix, a clear start, and something proper in the name.

    "招商引资项目" and "32个重大产业项目" are kinds of project, not names: a name must hold
    a place, an organisation, a Latin letter, a digit (30万千瓦) or an ordinal (一号, 一期),
    and must not end in a word that classifies projects (重点, 招商引资 …). A company named
    right before its project is part of the project's name, as the news writes it.
    """
    hits: list[NameHit] = []
    floor = 0
    pos = 0
    while m := PROJECT_SUFFIX.search(folded, pos):
        end = _project_end(folded, m.end())
        pos = end
        start = _name_start(folded, m.start(), floor, _PROJECT_CHAR, _PROJECT_CUT, MAX_PROJECT_STEM)
        floor = end
        if start is None:
            continue
        stem = folded[start : m.start()]
        if len(stem) < 2 or stem[0] in _BAD_START or _GENERIC_TAIL.search(stem) or _ONLY_ORDINAL.match(stem):
            continue
        if _in_book_title(folded, start) or not _has_proper(start, m.start(), stem, places, orgs):
            continue
        hits.append(NameHit("project", start, end, folded[start:end]))
    return hits


def _in_book_title(text: str, at: int) -> bool:
    """Inside 《…》: a plan or document title names a kind of project, not a project."""
    opened = text.rfind("《", 0, at)
    return opened >= 0 and text.rfind("》", opened, at) < 0


def _project_end(folded: str, end: int) -> int:
    """Extend over a chained name: 风电基地|30万千瓦风电项目(甘州段), 产业园|项目."""
    while nxt := PROJECT_SUFFIX.search(folded, end, end + 16):
        gap = folded[end : nxt.start()]
        if not all(_PROJECT_CHAR.match(c) for c in gap) or _PROJECT_CUT.search(gap):
            break
        end = nxt.end()
    return end


def _has_proper(start: int, stem_end: int, stem: str, places: list[PlaceHit], orgs: list[NameHit]) -> bool:
    """Something proper, plus at least two characters of its own ("酒泉经开区项目" is not a name)."""
    inside = [(h.start, h.end) for h in places + orgs if start <= h.start and h.end <= stem_end]
    own = len(stem) - sum(e - s for s, e in _union(inside))
    return own >= 2 and (bool(inside) or bool(_PROPER_MARK.search(stem)))


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out
