"""Chinese personal names in bylines, attributions and photo credits.

A name is a known surname followed by one or two given characters (compound surnames
take one or two more). The surname table is the common modern set (the 百家姓 entries
still in use plus frequent modern ones); it keeps phrases such as 陈华参加 or 现场 from
passing as names, which a bare "2-4 Han characters" test would not.
"""

from __future__ import annotations

import re

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
    "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆"
    "朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫"
    "杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭"
    "由綦员郦贡拓赖"
    "把达帖萧风"  # rarer surnames met in bylines of the region (把: Hui families; 达, 帖), 萧 (萧红), 风 (风笑天)
)
COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒",
    "西门", "夏侯", "端木", "澹台", "轩辕", "呼延", "独孤", "南宫", "百里", "东郭", "万俟", "钟离", "闻人",
    "拓跋", "完颜", "申屠", "太史", "仲孙", "第五",
})
# Characters that end phrases, not names: they keep 现场摄/项目部/参加 out.
_NOT_GIVEN = set("的了是在和与及等为对将把被从向到于以之其该此这那个们说称表示参加出席会见摄报讯记者编辑通讯员")
# A last character that ends organisation names (日报社, 电视台, 中心…), not people's names.
_ORG_END = frozenset("报社台网站刊局委办院厅所处队部会团省市县区镇乡村馆司厂校组室")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def is_name(token: str) -> bool:
    """True for a plausible personal name such as 王冠华, 张瑞, 欧阳明."""
    if not _HAN.match(token) or token[-1] in _ORG_END:
        return False
    if token[:2] in COMPOUND_SURNAMES and 3 <= len(token) <= 4:
        given = token[2:]
    elif token[0] in SURNAMES and 2 <= len(token) <= 3:
        given = token[1:]
    else:
        return False
    return not any(ch in _NOT_GIVEN for ch in given)


# Ornaments and list bullets set before a byline or an info line (□张三, ◎ 李四, • 来源：…).
LINE_MARKS = "-•·*▪◆●□■◎○◇▲△★☆※"
LINE_BULLET = re.compile(rf"^\s*(?:[{re.escape(LINE_MARKS)}]\s*)+")  # marks opening a line


def unmarked(text: str) -> str:
    """A byline line without the ornaments around it: '□张三' -> '张三'."""
    return text.strip().strip(LINE_MARKS + " \u3000")


# Words set before 记者/通讯员 in a byline (本报记者, 特约通讯员, 融媒体记者): the one list, used
# by the byline splitters here and by the info-line labels (transform.common.fields).
REPORTER_PREFIX = "本报|本台|本网|本刊|特约|见习|实习|首席|融媒体?|全媒体"
# The roles a byline credits as authors before their names (the one list; fields.py builds its
# byline patterns from it).
REPORTER = "记者|通讯员|实习生"
_LENIENT_SPLIT = re.compile(r"[\s、，,;；/|·:：_]+")  # (_: 杨倩_NF4425, a portal's editor code)
# Role and credit words inside a byline ("甘肃日报记者张三/文", "文·图/张三", "作者：张三"):
# separators between names, never part of one.
_ROLE_WORDS = re.compile(rf"(?:{REPORTER_PREFIX})?(?:摄影记者|记者|通讯员)|实习生|撰稿|作者"
                         r"|责任编辑|编辑|报道|供图|摄影|(?<![\u4e00-\u9fff])[文图](?=[/·\s]|$)|(?<=[/·])[文图]")


_REPORTER_HEAD = re.compile(rf"^(?:{REPORTER_PREFIX})?(?:记者|通讯员)")


def names_in(text: str) -> list[str]:
    """The names found in a byline fragment, skipping what is not a name (roles, outlets,
    (实习生)-style notes): lenient where split_names is strict."""
    text = re.sub(r"[（(【\[）)】\]]", " ", text)  # (记者 张三 实习生 李四): the names inside count
    text = _ROLE_WORDS.sub(" ", text)
    out: list[str] = []
    for token in _LENIENT_SPLIT.split(text):
        token = token.strip("：:。.（）()[]【】“”\"' ")
        token = _REPORTER_HEAD.sub("", token)
        token = re.sub(r"(?:报道|摄影|摄|供图|讯)$", "", token)
        if is_name(token) and token not in out:
            out.append(token)
    return out


# What an author field holds when it names no person: the site's account, an outlet, nobody.
_NOBODY = re.compile(r"^(?:admin|administrator|root|editor|guest|webmaster|管理员|系统管理员|超级管理员|佚名|匿名|未知"
                     r"|不详|本站|本网|本报|网络|网友|游客|访客|小编|编辑部|评论员|本报评论员)$", re.I)
_PEN_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9_.·&-]{1,19}$")


def pen_name(value: str) -> str | None:
    """A pen name or handle an author field gives when it gives no personal name (作者：风中的马,
    作者：oldcat2005): one token of 2-20 letters, not an account, an outlet or a unit."""
    value = value.strip(" 　：:。.（）()[]【】“”\"'")
    if not _PEN_NAME.match(value) or _NOBODY.match(value) or value[-1] in _ORG_END:
        return None
    if re.search(r"日报|晚报|新闻|网站|中心|政府|委员会|办公室|[省市县区]委|公司|集团|原创|转载|整理|编译|综合|来源"
                 r"|本站|本网|记者|通讯员|报道|等$|摄$|[科股]$", value):
        return None
    return value


_ROLE = re.compile(
    rf"(?:{REPORTER_PREFIX}){{0,2}}"
    r"(?:记者|通讯员|实习生|摄影记者|摄影|撰稿|作者|文字|文/图|文\s*/\s*图|图/文|图\s*/\s*文|文·图|摄)"
    r"|(?<=[\u4e00-\u9fff\s])报道$|/\s*[文图]$|^[文图]\s*/"
)
_SEP = re.compile(r"[\s、，,;；/|·:：]+")


def split_names(text: str) -> list[str] | None:
    """Names in a byline such as '记者 莫亚红 李峰' or '新甘肃·甘肃日报记者王占东'.

    Text before the last role word that is not itself a name (an outlet such as
    新甘肃·甘肃日报) is dropped. Returns None when any remaining token is not a name.
    """
    chunks = _ROLE.split(text)
    names: list[str] = []
    for i, chunk in enumerate(chunks):
        tokens = [t for t in _SEP.split(chunk) if t]
        if not tokens:
            continue
        if all(is_name(t) for t in tokens):
            names += tokens
        elif (regrouped := regroup_names(tokens)) is not None:
            names += regrouped
        elif i < len(chunks) - 1 and len(chunks) > 1:
            continue  # an outlet or unit name before a role word
        else:
            return None
    return names or None


_ROLE_LED_SEP = re.compile(r"[\s、，,;；/|:：]+")
# Function words no name holds (其 is left out: 其木格, 其其格 are Mongolian names).
_PHRASE_CHARS = frozenset("的了是在和与及为对将把被从向到于以之该此这那个们说称")
_OTHER_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}(?:·[\u4e00-\u9fff]{1,8})?")


def role_led_names(text: str) -> list[str] | None:
    """Names after a role word inside a dateline's brackets, （记者 格桑边觉）, （记者 买买提·艾力）:
    there a token is a name by its place, so Tibetan, Uyghur and other names without a surname
    from the table count; every token after the role word must still look like one (2-6 Han
    characters, a ·-joined pair, no phrase or organisation ending)."""
    chunks = _ROLE.split(text)
    if len(chunks) < 2:
        return None
    names: list[str] = []
    for chunk in chunks[1:]:
        for token in (t for t in _ROLE_LED_SEP.split(chunk) if t):
            if not (is_name(token) or (_OTHER_NAME.fullmatch(token) and token[-1] not in _ORG_END
                                       and not any(ch in _PHRASE_CHARS for ch in token))):
                return None
            names.append(token)
    return names or None


MAX_REGROUP_CHARS = 24


def regroup_names(tokens: list[str]) -> list[str] | None:
    """Names whose spaces were moved by column breaks: '侯勇 俊 赵勇永' -> 侯勇俊, 赵勇永.

    A dump that turns every column break into a space also puts spaces inside names (侯勇 俊)
    and next to real ones. The characters are re-cut into names, preferring cuts at the
    printed spaces: each space not used as a cut costs 1, each cut where no space was costs
    2; the cheapest reading wins. Only for two or more all-Han tokens (the spaces are the
    evidence); None when no reading makes every piece a name.
    """
    if len(tokens) < 2 or not all(_HAN.match(t) for t in tokens):
        return None
    text = "".join(tokens)
    if len(text) > MAX_REGROUP_CHARS:
        return None
    spaces = set()
    pos = 0
    for t in tokens[:-1]:
        pos += len(t)
        spaces.add(pos)
    # best[i]: (cost, names) of the cheapest reading of text[:i]
    best: list[tuple[int, list[str]] | None] = [None] * (len(text) + 1)
    best[0] = (0, [])
    for i in range(len(text)):
        if best[i] is None:
            continue
        cost, names = best[i]  # type: ignore[misc]
        for j in range(i + 2, min(len(text), i + 4) + 1):
            piece = text[i:j]
            if not is_name(piece):
                continue
            skipped = sum(1 for k in spaces if i < k < j)
            c = cost + skipped + (0 if j in spaces or j == len(text) else 2)
            if best[j] is None or c < best[j][0]:  # type: ignore[index]
                best[j] = (c, [*names, piece])
    return best[-1][1] if best[-1] is not None else None
