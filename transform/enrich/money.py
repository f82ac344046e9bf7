"""Money amounts and physical quantities written with Arabic digits.

News gives investment as "总投资约37亿元", "10-15亿元", "9006.59万 元" (a reflow space),
and capacities as "年产240万吨", "5GWh", "30万千瓦". One compiled pattern finds both;
values are normalised so a column can be summed: money to units of its currency (yuan for
元), quantities to one unit per dimension (吨, 万千瓦, GWh, 亩, 平方米).
Also found: amounts in Chinese numerals with a multiplier ("三亿五千万元", "一百二十万元",
"两千万元", "四十多亿元"); money written without 元 where its clause is about money ("投入100万",
"年薪30多万", "总投资约5亿"); 多/余 after the multiplier ("2万多元", "5亿余元"); 角, 毛 and 美分.
Orders of magnitude ("数十亿元") and class labels ("百万千瓦级") are not figures and stay out.
A number right after a Chinese comma is an amount: width folding turns "，" into ",", so only a
comma between two digits is read as a thousands separator.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from transform.enrich.sentences import clause_bounds

_MULT = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3}
CURRENCIES = {
    "元人民币": "CNY", "人民币": "CNY", "美元": "USD", "美金": "USD", "欧元": "EUR", "港元": "HKD",
    "港币": "HKD", "日元": "JPY", "英镑": "GBP", "韩元": "KRW", "新台币": "TWD", "台币": "TWD",
    "澳元": "AUD", "加元": "CAD", "卢布": "RUB", "元": "CNY", "块钱": "CNY",
    "美分": "USD", "角": "CNY", "毛": "CNY", "分钱": "CNY",
}  # fmt: skip
# Sub-units: the value is stored in the currency's main unit (5角 = 0.5 CNY).
_SUBUNIT = {"美分": Decimal("0.01"), "角": Decimal("0.1"), "毛": Decimal("0.1"), "分钱": Decimal("0.01")}
# Quantity unit -> (normalised unit, factor to it).
QUANTITY_UNITS = {
    "千瓦时": ("GWh", Decimal("1e-6")), "kWh": ("GWh", Decimal("1e-6")), "KWh": ("GWh", Decimal("1e-6")),
    "兆瓦时": ("GWh", Decimal("1e-3")), "MWh": ("GWh", Decimal("1e-3")),
    "吉瓦时": ("GWh", Decimal(1)), "GWh": ("GWh", Decimal(1)),
    "千瓦": ("万千瓦", Decimal("1e-4")), "kW": ("万千瓦", Decimal("1e-4")), "KW": ("万千瓦", Decimal("1e-4")),
    "兆瓦": ("万千瓦", Decimal("0.1")), "MW": ("万千瓦", Decimal("0.1")),
    "吉瓦": ("万千瓦", Decimal(100)), "GW": ("万千瓦", Decimal(100)),
    "吨": ("吨", Decimal(1)), "公斤": ("吨", Decimal("1e-3")), "千克": ("吨", Decimal("1e-3")),
    "斤": ("吨", Decimal("5e-4")),
    "亩": ("亩", Decimal(1)), "公顷": ("亩", Decimal(15)), "平方公里": ("亩", Decimal(1500)),
    "平方米": ("平方米", Decimal(1)),
}  # fmt: skip


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# At most 15 integer digits: a longer run is an identifier, not an amount. No number starts with
# 0 and a digit, so a space or line break before one is a break inside the number (获得了5 00万元,
# a <br> in 5<br>00万元: 500万元).
_NUM = r"(?!0\d)\d{1,15}(?:[ \t\n](?=0\d)\d{1,14})?(?:,\d{3}){0,4}(?:\.\d{1,8})?(?![\d.])"
_SP = r"[ \t]?"
_UNIT = rf"(?:(?P<cur>{_alt(CURRENCIES)})|(?P<qty>{_alt(QUANTITY_UNITS)})(?![A-Za-z]))"
# (Each pattern opens with a lookahead for its first character: without one the lookbehinds ran at
# every position of a body, and the amount scans took 0.6 ms more a body.)
_AMOUNT = re.compile(
    rf"(?=\d)(?<![\d.A-Za-z])(?<!\d,)(?P<n1>{_NUM})(?P<in1>余|多)?"
    rf"(?:{_SP}(?P<m1>{_alt(_MULT)})?{_SP}(?:{_alt(CURRENCIES)})?{_SP}(?:-|~|—|–|至|到){_SP}"
    rf"(?P<n2>{_NUM})(?P<in2>余|多)?)?"
    rf"{_SP}(?P<mult>{_alt(_MULT)})?(?P<in3>余|多)?{_SP}{_UNIT}"
)
# Money without 元 ("投入100万", "年薪30多万"): a figure with 万/亿 and nothing after it that
# could be another unit, counted only when its clause names money (_MONEY_CONTEXT).
_BARE = re.compile(
    rf"(?=\d)(?<![\d.A-Za-z])(?<!\d,)(?:(?P<n0>{_NUM})(?P<m0>万亿|亿|千万|百万|万)?{_SP}(?:-|~|—|–|至|到){_SP})?"
    rf"(?P<n1>{_NUM})(?P<in1>余|多)?(?P<mult>万亿|亿|千万|百万|万)(?P<in3>余|多)?"
    r"(?=[,.;:!?，。；：！？、)）\s]|$|用于|用来|用在|资金)"
)
_MONEY_CONTEXT = re.compile(r"投资|投入|资金|年薪|月薪|薪酬|工资|收入|营收|营业额|销售额|金额|融资|贷款|补贴|补助"
                            r"|奖励|奖金|预算|造价|成本|利润|税收|捐款|捐赠|罚款|赔偿|价格|售价|票房|花费|花了|赚了")
# Chinese numerals with a multiplier, then a currency: 三亿五千万元, 一百二十万元, 两千万元; not
# after 数/几/上/成/好, which make orders of magnitude (数十亿元, 上亿元), and never starting with
# 百/千/万/亿 (突破百亿元: a mark, not a figure).
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_AMOUNT = re.compile(
    rf"(?=[零〇一二两三四五六七八九十])(?<![\d数几上成好])(?P<cn>[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*[十百千万亿]"
    rf"[零〇一二两三四五六七八九十百千万亿]*)"
    rf"(?:(?P<in2>余|多)(?P<big>[万亿]))?(?P<in3>余|多)?(?P<cur>{_alt(CURRENCIES)})"
)
# One Chinese digit (or 十..十九) and a currency: 一元钱, 两块钱, 三美元, 五角钱, 十二元, 三到五毛钱. A bare 元, 角 or 毛
# after one digit is money only with 钱 after it or, for 元, in a clause about money (收一元当签约金):
# 一元化, 二元论, 三元组, 一角 (a corner) and 一毛不拔 are not amounts.
_CN_ONE = re.compile(rf"(?=[一二两三四五六七八九十])(?<![\d数几上成好多单第零〇一二两三四五六七八九十百千万亿])"
                     rf"(?:(?P<lo>十[一二三四五六七八九]?|[一二两三四五六七八九])[ \t]?(?:到|至|-|~)[ \t]?"
                     rf"|(?P<near>[一二三四五六七八]))?"
                     rf"(?P<cn>十[一二三四五六七八九]?|[一二两三四五六七八九])"
                     rf"(?P<cur>{_alt(c for c in CURRENCIES if c not in ('元', '角', '毛'))}|元钱|角钱|毛钱|元(?![化论次复素组色宵旦帅月]))")
# Two neighbouring digits before the multiplier give a range: 四五千元, 六七万元, 三四百万元.
_CN_PAIR = re.compile(r"([一二三四五六七八])([二两三四五六七八九])([十百千万亿]+)$")
# 约 and 近 only as words of their own: not the tail of 签约, 合约, 最近, 附近.
_QUAL_BEFORE = re.compile(
    r"(?:不低于|不少于|不超过|不到|超过|突破|高达|多达|将近|接近|大约|至少|最高|逾|超"
    r"|(?<![签节合制公条预相履违邀特契盟])约|(?<![最附临就亲贴逼])近)[ \t]?$"
)
_QUAL_AFTER = re.compile(r"[ \t]?(?:以上|以下|以内|左右|上下)")

ROLE_WORDS = {
    "investment": "总投资额 总投资 计划投资 拟投资 完成投资 固定资产投资 投资额 投资 投入资金 投入 实际利用外资 利用外资",
    "signed": "签约金额 签约额 签约资金 签约总额 签约总金额 签约 合同总金额 合同总额 合同金额 合同额 签订",
    "funds_in_place": "落实到位资金 到位资金 资金到位 实际到位 到位",
    "output_value": "工业总产值 总产值 年产值 产值 生产总值 增加值 GDP",
    "revenue": "主营业务收入 营业收入 销售收入 销售金额 销售总额 合同销售 合约销售 营业额 营收 销售额 收入",
    "profit_tax": "利税 税金 净利润 利润 溢利 纯利 税收 纳税",
    "loan": "贷款 转贷 放贷 借款",
    "credit": "授信 金融支持 融资支持 融资额度",
}
_ROLE_OF = {w: role for role, words in ROLE_WORDS.items() for w in words.split()}
_ROLE_RX = re.compile(_alt(_ROLE_OF))


@dataclass(frozen=True)
class Amount:
    kind: str  # money | capacity
    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    qualifier: str | None
    role: str | None


def _number(raw: str) -> Decimal:
    return Decimal(re.sub(r"[,\s]", "", raw))


def _as_float(d: Decimal) -> float:
    # The Decimal product is exact (67320万千瓦时 -> 673.2000 GWh); one rounding to float.
    return float(d)


def chinese_number(text: str) -> int | None:
    """三亿五千万 -> 350000000, 一百二十 -> 120, 十二 -> 12; None when it is not a number."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            if digit is not None and digit != 0:
                return None  # 二三: not a number
            digit = _CN_DIGIT[ch]
        elif ch in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        elif ch == "万":
            section = (section + (digit or 0)) * 10**4
            total, section, digit = total + section, 0, None
        elif ch == "亿":
            total = (total + section + (digit or 0)) * 10**8
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _one_digit_amounts(folded: str, free: Callable[[int, int], bool]) -> list[Amount]:
    """Amounts in one Chinese digit (or 十..十九), a range of two, and a currency (see _CN_ONE)."""
    out = []
    for m in _CN_ONE.finditer(folded):
        cur = m["cur"].removesuffix("钱") if m["cur"] in ("元钱", "角钱", "毛钱") else m["cur"]
        lo = m["lo"] or m["near"]
        if m["near"] and not (m["cn"] in _CN_DIGIT and 0 < _CN_DIGIT[m["cn"]] - _CN_DIGIT[m["near"]] <= 2):
            continue  # 一两元, 三四块钱: two neighbouring digits are a range; 五四元 is nothing
        if m["cur"] == "分钱" and m["cn"] == "一" and not lo:
            continue  # 一分钱 is mostly "not a cent" (一分钱也没拿到, the song 《一分钱》); 5分钱, 两分钱 are prices
        role = money_role(folded, m.start(), m.end())
        one_yuan = m["cur"] == "元" and m["cn"] in _CN_DIGIT and not m["near"]  # 一元: 一元化 too
        if not free(m.start(), m.end()) or (one_yuan and role == "other"
                                             and not _MONEY_CONTEXT.search(folded, max(0, m.start() - 20), m.start())):
            continue
        sub = _SUBUNIT.get(cur, Decimal(1))
        low, high = Decimal(chinese_number(lo or m["cn"]) or 0), Decimal(chinese_number(m["cn"]) or 0)
        out.append(Amount("money", m.start(), m.end(), _as_float(low * sub), _as_float(high * sub) if lo else None,
                          CURRENCIES[cur], _qualifier(folded, m), role))
    return out


def _extra_amounts(folded: str, taken: list[tuple[int, int]]) -> list[Amount]:
    """Chinese-numeral amounts and money written without 元 (see the module docstring)."""
    out = []
    free = lambda s, e: all(e <= a or s >= b for a, b in taken)  # noqa: E731
    for m in _CN_AMOUNT.finditer(folded):
        value = chinese_number(m["cn"] + (m["big"] or ""))  # 四十多亿元: forty (and more) 亿
        high = None
        if value is None and (pair := _CN_PAIR.match(m["cn"])) and _CN_DIGIT[pair[2]] > _CN_DIGIT[pair[1]]:
            # 四五千元: four to five thousand
            value, high = chinese_number(pair[1] + pair[3]), chinese_number(pair[2] + pair[3])
        if not value or not free(m.start(), m.end()):
            continue
        unit, sub = CURRENCIES[m["cur"]], _SUBUNIT.get(m["cur"], Decimal(1))
        out.append(Amount("money", m.start(), m.end(), _as_float(Decimal(value) * sub),
                          _as_float(Decimal(high) * sub) if high else None, unit, _qualifier(folded, m),
                          money_role(folded, m.start(), m.end())))
    out += _one_digit_amounts(folded, free)
    # (_BARE ends in 万 or 亿: a text with neither cannot match, and the scan is 0.17 ms a body)
    for m in _BARE.finditer(folded) if "万" in folded or "亿" in folded else ():
        if not free(m.start(), m.end()):
            continue
        left, _right = clause_bounds(folded, m.start(), m.end())
        role = money_role(folded, m.start(), m.end())
        # Money talk: a money word before it in its clause, 资金 right after it (筹集100万资金),
        # or a role word (授信2916亿, 年产值1024万; 销售额同比增长32%，达1029万).
        if not (role != "other" or _MONEY_CONTEXT.search(folded, max(left, m.start() - 20), m.start())
                or folded.startswith("资金", m.end())):
            continue
        v = _number(m["n1"]) * _MULT[m["mult"]]
        low = _number(m["n0"]) * _MULT[m["m0"] or m["mult"]] if m["n0"] else None  # 100亿～120亿: a range
        out.append(Amount("money", m.start(), m.end(), _as_float(low if low is not None else v),
                          _as_float(v) if low is not None else None, "CNY", _qualifier(folded, m), role))
    return out


def find_amounts(folded: str) -> list[Amount]:
    """Money and quantity mentions in width-folded text (see sentences.fold_width)."""
    out = []
    for m in _AMOUNT.finditer(folded):
        mult = _MULT.get(m["mult"] or "", 1)
        low_mult = _MULT.get(m["m1"], mult) if m["m1"] else mult
        if m["cur"]:
            kind, unit, factor = "money", CURRENCIES[m["cur"]], _SUBUNIT.get(m["cur"], Decimal(1))
        else:
            kind, (unit, factor) = "capacity", QUANTITY_UNITS[m["qty"]]
        low = _number(m["n1"]) * low_mult * factor
        high = _number(m["n2"]) * mult * factor if m["n2"] else None
        if high is None:
            value, value_max = low, None
        else:
            value, value_max = low, high
        out.append(
            Amount(
                kind=kind,
                start=m.start(),
                end=m.end(),
                value=_as_float(value),
                value_max=_as_float(value_max) if value_max is not None else None,
                unit=unit,
                qualifier=_qualifier(folded, m),
                role=money_role(folded, m.start(), m.end()) if kind == "money" else None,
            )
        )
    out += _extra_amounts(folded, [(a.start, a.end) for a in out])
    out.sort(key=lambda a: a.start)
    return out


def _qualifier(text: str, m: re.Match) -> str | None:
    before = _QUAL_BEFORE.search(text, max(0, m.start() - 4), m.start())
    if before:
        return before.group().strip()
    groups = m.groupdict()
    inner = groups.get("in2") or groups.get("in1") or groups.get("in3")
    if inner:
        return inner
    after = _QUAL_AFTER.match(text, m.end())
    return after.group().strip() if after else None


_LEAD_MAX = 3  # at most a qualifier (约, 超过) before an amount that opens its clause
# A clause that only says the figure reached something (…营业额大幅增长，达到3亿元): its amount is
# what the clause before named, wherever in that clause the role word stands.
_LINK_LEAD = re.compile(r"(?:达到|达|为|是|共计|合计|总计|共|计|增至|升至|增加到|增长到|突破|超过|超|(?:总)?金额(?:为|达)?)"
                        r"(?:约|近|超过|超)?[ \t]?$")


def money_role(text: str, start: int, end: int) -> str:
    """What an amount is, from the nearest role keyword in its clause.

    The keyword closest before the amount wins ("落实到位资金47.59亿元" is funds in place
    even in a sentence about investment); if none stands before it, a keyword right after
    it that ends its clause, as the head of the phrase the amount measures ("150亿元综合金融
    支持", but not "2亿元的民营企业转贷应急资金", a fund); else, for an amount that opens its
    clause, a keyword that ends the clause before ("总投资，500万元"), or any keyword of the
    clause before when this one only links to the figure ("营业额大幅增长，达到3亿元"), unless
    an amount stands between; else "other".
    """
    left, right = clause_bounds(text, start, end)
    last = None
    for last in _ROLE_RX.finditer(text, left, start):  # noqa: B007 - want the last match
        pass
    if last is not None:
        return _ROLE_OF[last.group()]
    after = None
    for after in _ROLE_RX.finditer(text, end, right):  # noqa: B007 - want the last match
        pass
    if after is not None and after.end() >= right - 1:
        return _ROLE_OF[after.group()]
    if left > 1 and (start - left <= _LEAD_MAX or _LINK_LEAD.fullmatch(text, left, start)):
        # The amount opens its clause ("项目总投资，500万元用于…"): the clause before names it.
        prev_left, _ = clause_bounds(text, left - 2, left - 1)
        for last in _ROLE_RX.finditer(text, prev_left, left):  # noqa: B007 - want the last match
            pass
        if last is not None and last.end() >= left - 2:
            return _ROLE_OF[last.group()]
        if last is not None and _LINK_LEAD.search(text, left, start) and not _AMOUNT.search(text, last.end(), left):
            return _ROLE_OF[last.group()]  # 营业收入同比增长20%，达5.6亿元
    return "other"
