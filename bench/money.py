"""Money mentions and their roles in generated sentences the extractor has never seen.

    .venv/bin/python bench/money.py [--sentences 2000] [--seed 0] [--show-misses 10]

Why generated text: the hand-labelled gold of tests/fixtures/mentions (100 amounts) was
written beside the rules, so it shows that they hold, not how they fare on new wording. Each
sentence here is built by a seeded generator from our own clauses: an amount in one of the
forms news prints (Arabic digits with 万/亿 and a currency, a reflow space (also inside the number: 5 00万元), a thousands
separator, a range, Chinese numerals, money without 元 in money talk, 多/余/约/超 around it,
角/毛/美分/港元/美元, one Chinese digit and a currency: 两块钱, 三到五毛钱), after any CJK punctuation mark, with its role word in its clause or in a
clause before that only links to it (…营业额大幅增长，达到3亿元), and decoys that are not money
(人口100万, 100万用户, 数十亿元, 一元化, 二元结构, 一毛不拔, 二单元, 万元户, 百亿元 marks). Gold is the amount's exact text,
value and role.

Prints precision, recall and F1 of money spans (a found amount is right when its text, start
and value equal the gold's) and of money with its role, overall and per form.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transform.enrich.mentions import extract_mentions  # noqa: E402

SUBJECTS = ["该项目", "这家企业", "园区", "全县", "新区", "合作社", "公司", "示范基地", "物流中心", "这批项目"]
ROLE_WORDS = {
    "investment": ["总投资", "计划投资", "完成投资", "固定资产投资", "投资", "实际利用外资"],
    "signed": ["签约金额", "签约资金", "合同金额", "合同总金额"],
    "funds_in_place": ["到位资金", "落实到位资金"],
    "output_value": ["年产值", "总产值", "工业总产值"],
    "revenue": ["营业收入", "销售收入", "营业额", "销售额"],
    "profit_tax": ["净利润", "利润", "利税", "税收"],
    "loan": ["贷款", "借款"],
    "credit": ["授信", "融资额度"],
    "other": ["奖励", "补助", "门票", "奖金"],
}
PUNCT = list("，、；：。（“《【") + ["——"]
CN_DIGITS = "零一二三四五六七八九"
DECOYS = ["全县常住人口100万，城镇化率过半。", "平台注册用户已超过100万用户。", "这是一个数十亿元的市场。",
          "推行一元化管理模式。", "当年的万元户如今已很常见。", "提前四个月突破百亿元。", "全市有3万人参加了活动。",
          "项目占地120亩，建筑面积5万平方米。", "年产240万吨水泥生产线投产。", "城乡二元结构逐步破除。",
          "他一毛不拔，从不请客。", "小区3号楼二单元已经交付。", "学生们在解一元二次方程。"]


@dataclass
class Case:
    text: str
    span: str | None  # the amount's exact text, None for a decoy
    value: float | None
    role: str | None
    form: str


def _cn(n: int) -> str:
    """1..9999 in Chinese numerals (一千二百三十四, 十二, 二十)."""
    out, started = [], False
    for unit, div in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d, n = divmod(n, div)
        if d:
            out.append(("" if (unit == "十" and d == 1 and not started) else CN_DIGITS[d]) + unit)
            started = True
        elif started and n and not out[-1].startswith("零"):
            out.append("零")
    return "".join(out)


def _amount(rng: random.Random) -> tuple[str, float, str]:
    """(text, value in the currency's main unit, form name)."""
    form = rng.choice(["digits", "decimal", "comma", "range", "chinese", "chinese-pair", "bare", "approx", "subunit",
                       "foreign", "one-digit", "reflow"])
    mult, mval = rng.choice([("万", 10**4), ("亿", 10**8)])
    n = rng.randint(2, 9999)
    if form == "decimal":
        d = Decimal(rng.randint(11, 9999)) / 100
        return f"{d}{mult}元", float(d * mval), form
    if form == "comma":
        n = rng.randint(1001, 99999)
        return f"{n:,}万元", float(n * 10**4), form
    if form == "range":
        hi = n + rng.randint(1, 50)
        return f"{n}{rng.choice(['-', '至', '~'])}{hi}{mult}元", float(n * mval), form
    if form == "chinese":
        k = rng.randint(2, 99)
        return f"{_cn(k)}{mult}元", float(k * mval), form
    if form == "chinese-pair":  # 四五千万元: four to five thousand 万
        k = rng.randint(1, 8)
        second = k + 1 if rng.random() < 0.7 else min(9, k + 2)
        small, sval = rng.choice([("千", 1000), ("百", 100), ("十", 10)])
        return f"{_cn(k)}{_cn(second)}{small}{mult}元", float(k * sval * mval), form
    if form == "bare":
        if rng.random() < 0.3:  # 100亿～120亿, 10-15亿: a range without 元
            hi = n + rng.randint(1, 50)
            return f"{n}{rng.choice([mult, ''])}{rng.choice(['-', '～', '至'])}{hi}{mult}", float(n * mval), form
        return f"{n}{mult}", float(n * mval), form
    if form == "digits" or (form == "reflow" and n < 10):
        return f"{n}{mult}元", float(n * mval), "digits"
    if form == "reflow":  # 5 00万元: a line broke inside the number before a 0
        k = rng.randint(1, 9) * 10 ** rng.randint(2, 3) + rng.randint(0, 9)
        text = str(k)
        return f"{text[0]} {text[1:]}{mult}元", float(k * mval), form
    if form == "approx":
        inner = rng.choice(["多", "余"])
        return f"{n}{mult}{inner}元" if rng.random() < 0.5 else f"{n}{inner}{mult}元", float(n * mval), form
    if form == "subunit":
        unit, f = rng.choice([("角", Decimal("0.1")), ("毛", Decimal("0.1")), ("美分", Decimal("0.01"))])
        k = rng.randint(1, 9)
        return f"{k}{unit}", float(k * f), form
    if form == "one-digit":  # 一元钱, 两块钱, 三美元, 五毛钱, 十二元, 三到五毛钱
        unit, f = rng.choice([("元钱", Decimal(1)), ("块钱", Decimal(1)), ("美元", Decimal(1)), ("毛钱", Decimal("0.1")),
                              ("角钱", Decimal("0.1")), ("元", Decimal(1))])
        k = rng.randint(1, 19) if unit == "元" else rng.randint(1, 9)
        if k < 10 and unit == "元":
            k += 10  # a bare 元 after one digit needs money talk; 十..十九 never do
        word = "两" if k == 2 and rng.random() < 0.5 else _cn(k)
        if k < 10 and k > 1 and rng.random() < 0.2:  # 一两元, 三四块钱: two neighbouring digits
            return f"{_cn(k - 1)}{word}{unit}", float((k - 1) * f), form
        low = rng.randint(1, k - 1) if k > 2 and rng.random() < 0.3 else None
        return (f"{_cn(low)}到{word}{unit}" if low else f"{word}{unit}"), float((low or k) * f), form
    cur = rng.choice(["美元", "港元", "欧元", "韩元", "新台币", "澳元", "美金"])
    return f"{n}{mult}{cur}", float(n * mval), form


def make_case(rng: random.Random) -> Case:
    if rng.random() < 0.12:
        text = rng.choice(DECOYS)
        return Case(text, None, None, None, "decoy")
    span, value, form = _amount(rng)
    role = rng.choice(sorted(ROLE_WORDS))
    if form in ("subunit", "one-digit"):
        role = "other"
    word = rng.choice(ROLE_WORDS[role])
    subject = rng.choice(SUBJECTS)
    qual = rng.choice(["", "", "约", "超过", "近", "达"]) if form not in ("approx", "range") else ""
    lead = rng.choice(PUNCT)
    layout = rng.choice(["same", "same", "linked", "after-punct"])
    if form == "bare" and role == "other":
        word = "奖金"  # money without 元 needs money talk
    if layout == "linked" and role == "signed" and rng.random() < 0.4:  # 共签约项目38个，总金额256亿元
        text = f"{subject}共签约项目{rng.randint(3, 60)}个，{rng.choice(['总金额', '总金额为', '金额达'])}{span}。"
        layout_name = "linked"
    elif layout == "linked" and role != "other":
        text = f"{subject}{word}同比增长{rng.randint(2, 40)}%，{rng.choice(['达到', '达', '共计', '增至'])}{span}。"
        layout_name = "linked"
    elif layout == "after-punct" and form != "bare":
        text = f"据统计{lead}{subject}{word}{qual}{span}。"
        layout_name = "after-punct"
    else:
        text = f"今年以来，{subject}{word}{qual}{span}，{rng.choice(['进展顺利', '同比增长明显', '位居全省前列'])}。"
        layout_name = "same"
    return Case(text, span, value, role, f"{form}/{layout_name}")


def score(n: int, seed: int, show: int) -> dict:
    rng = random.Random(seed)
    tp = fp = fn = tp_role = 0
    by_form: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for _ in range(n):
        case = make_case(rng)
        found = [m for m in extract_mentions("b", case.text) if m["kind"] == "money"]
        right = [m for m in found if case.span is not None and m["text"] == case.span
                 and m["start"] == case.text.index(case.span) and abs(m["value"] - case.value) < 1e-6]
        tp += len(right)
        fp += len(found) - len(right)
        fn += (case.span is not None) - len(right)
        role_ok = bool(right) and right[0]["role"] == case.role
        tp_role += role_ok
        ok = len(found) == len(right) and (case.span is None or role_ok)
        by_form[case.form].append(ok)
        if not ok and len(misses) < show:
            misses.append((case.text, case.span, case.value, case.role,
                           [(m["text"], m["value"], m["role"]) for m in found]))

    def f1(t: int, p: int, g: int) -> tuple[float, float, float]:
        prec, rec = (t / p if p else 1.0), (t / g if g else 1.0)
        return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)

    gold = tp + fn
    return {"money": f1(tp, tp + fp, gold), "money+role": f1(tp_role, tp + fp, gold), "forms": by_form,
            "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show-misses", type=int, default=0)
    args = ap.parse_args()
    r = score(args.sentences, args.seed, args.show_misses)
    for key in ("money", "money+role"):
        p, rec, f = r[key]
        print(f"{key:<11} precision {p:.3f}  recall {rec:.3f}  F1 {f:.3f}")
    for form, oks in sorted(r["forms"].items()):
        if sum(oks) < len(oks):
            print(f"  {form:<24} {sum(oks) / len(oks):.2f}  ({len(oks)})")
    for miss in r["misses"]:
        print("miss", miss)


if __name__ == "__main__":
    main()
