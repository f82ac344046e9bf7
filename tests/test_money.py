"""Money and quantity mentions: units, ranges, qualifiers, roles, and the investment rollup."""

from __future__ import annotations

import pytest

from transform.enrich.mentions import article_rollup, extract_mentions


def _money(text: str) -> list[dict]:
    return [m for m in extract_mentions("t", text) if m["kind"] == "money"]


def _capacity(text: str) -> list[dict]:
    return [m for m in extract_mentions("t", text) if m["kind"] == "capacity"]


@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        ("总投资140.62亿元。", "140.62亿元", 14_062_000_000.0, "CNY"),
        ("奖励50万元。", "50万元", 500_000.0, "CNY"),
        ("补贴800元。", "800元", 800.0, "CNY"),
        ("人均3千元。", "3千元", 3_000.0, "CNY"),
        ("基金2千万元。", "2千万元", 20_000_000.0, "CNY"),
        ("存款1.2万亿元。", "1.2万亿元", 1_200_000_000_000.0, "CNY"),
        ("投资2.3亿美元。", "2.3亿美元", 230_000_000.0, "USD"),
        ("投资500万美元。", "500万美元", 5_000_000.0, "USD"),
        ("投资3亿欧元。", "3亿欧元", 300_000_000.0, "EUR"),
        ("投资1,200万元。", "1,200万元", 12_000_000.0, "CNY"),
        ("投资12亿元人民币。", "12亿元人民币", 1_200_000_000.0, "CNY"),
        ("投资１２亿元。", "１２亿元", 1_200_000_000.0, "CNY"),  # full-width digits
    ],
)
def test_units_and_values(text, span, value, unit):
    (m,) = _money(text)
    assert (m["text"], m["value"], m["unit"]) == (span, value, unit)
    assert text[m["start"] : m["end"]] == span


def test_stray_reflow_space_is_part_of_the_amount():
    (m,) = _money("完成营业收入9006.59万 元。")
    assert m["text"] == "9006.59万 元"
    assert m["value"] == 90_065_900.0
    assert m["role"] == "revenue"


@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        ("总投资10-15亿元。", "10-15亿元", 1e9, 1.5e9),
        ("总投资10至15亿元。", "10至15亿元", 1e9, 1.5e9),
        ("总投资10亿至15亿元。", "10亿至15亿元", 1e9, 1.5e9),
        ("总投资10亿元～15亿元。", "10亿元～15亿元", 1e9, 1.5e9),
        ("总投资800万-1.2亿元。", "800万-1.2亿元", 8e6, 1.2e8),
    ],
)
def test_ranges_keep_both_bounds(text, span, low, high):
    (m,) = _money(text)
    assert (m["text"], m["value"], m["value_max"]) == (span, low, high)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("计划总投资约37亿元", "约"),
        ("授信金额超过14亿元", "超过"),
        ("签约额500万元以上", "以上"),
        ("投资近5亿元", "近"),
        ("产值逾120亿元", "逾"),
        ("捐款300余万元", "余"),
        ("提供不低于150亿元", "不低于"),
        ("到位资金5000多万元", "多"),
        ("销售收入突破1亿元", "突破"),
        ("利润800万元左右", "左右"),
        ("签约37亿元", None),  # 约 of 签约 is not "about"
        ("最近5亿元", None),
    ],
)
def test_qualifiers(text, qualifier):
    (m,) = _money(text)
    assert m["qualifier"] == qualifier


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("项目总投资12亿元", "investment"),
        ("计划投资3亿元", "investment"),
        ("签约金额72.71亿元", "signed"),
        ("签约额305亿元", "signed"),
        ("落实到位资金47.59亿元", "funds_in_place"),
        ("实现工业总产值860.7亿元", "output_value"),
        ("完成营业收入9006.59万元", "revenue"),
        ("年销售收入12亿元", "revenue"),
        ("利税54亿元", "profit_tax"),
        ("税金9400万元", "profit_tax"),
        ("利润3.7亿元", "profit_tax"),
        ("发放贷款5.8亿元", "loan"),
        ("授信金额超过14亿元", "credit"),
        ("提供不低于150亿元综合金融支持", "credit"),
        ("捐赠款物合计146万元", "other"),
        ("设立规模2亿元的民营企业转贷应急资金", "other"),  # a fund, not a loan
        # The nearest keyword wins: in-place funds inside an investment sentence.
        ("招商引资项目投资中落实到位资金47.59亿元", "funds_in_place"),
        # Keywords do not cross a comma.
        ("项目总投资12亿元,捐款10万元", "other"),
    ],
)
def test_roles_from_nearest_keyword_in_clause(text, role):
    assert _money(text)[-1]["role"] == role


@pytest.mark.parametrize(
    "text",
    [
        "1-10月完成投资",
        "第29届兰洽会",
        "5单元住宅",
        "A002机库",
        "200多名员工",
        "增长15%以上",
        "数十亿元",
        "2023-2025年",
    ],
)
def test_not_money(text):
    assert _money(text) == []


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "qualifier"),
    [
        ("年产240万吨", "240万吨", 2_400_000.0, "吨", None),
        ("2.5万吨/年", "2.5万吨", 25_000.0, "吨", None),
        ("年产5GWh储能电芯", "5GWh", 5.0, "GWh", None),
        ("电量67320万千瓦时", "67320万千瓦时", 673.2, "GWh", None),
        ("外送253.2亿千瓦时", "253.2亿千瓦时", 25_320.0, "GWh", None),
        ("储能200MWh", "200MWh", 0.2, "GWh", None),
        ("装机30万千瓦", "30万千瓦", 30.0, "万千瓦", None),
        ("一台5兆瓦风机", "5兆瓦", 0.5, "万千瓦", None),
        ("装机3GW", "3GW", 300.0, "万千瓦", None),
        ("占地3143亩", "3143亩", 3143.0, "亩", None),
        ("灌溉3906公顷", "3906公顷", 58_590.0, "亩", None),
        ("节约标准煤约22.56万吨", "22.56万吨", 225_600.0, "吨", "约"),
        ("粮食产量1.3万亿斤以上", "1.3万亿斤", 650_000_000.0, "吨", "以上"),
        ("厂房2万平方米", "2万平方米", 20_000.0, "平方米", None),
    ],
)
def test_quantities_are_normalised_per_dimension(text, span, value, unit, qualifier):
    (m,) = _capacity(text)
    assert (m["text"], m["value"], m["unit"], m["qualifier"], m["role"]) == (
        span,
        value,
        unit,
        qualifier,
        None,
    )


def test_chinese_numeral_class_labels_are_not_quantities():
    assert _capacity("建成酒泉千万千瓦级风电基地和百万千瓦级光伏基地") == []


def test_investment_rollup_counts_investment_role_in_cny_only():
    body = (
        "项目总投资37亿元,签约额305亿元,落实到位资金47.59亿元,年产值30亿元。"
        "外资项目投资2亿美元。另一项目计划投资10-15亿元。"
    )
    assert article_rollup(extract_mentions("t", body))["investment_cny"] == 3.7e9 + 1e9


def test_investment_rollup_counts_a_repeated_figure_once_and_skips_breakdowns():
    body = "总投资4557亿元。其中,续建项目计划投资495亿元。总投资4557亿元,年度计划投资967亿元。"
    assert article_rollup(extract_mentions("t", body))["investment_cny"] == 4557e8 + 967e8


def test_investment_rollup_is_none_without_investment():
    assert article_rollup(extract_mentions("t", "发放贷款5.8亿元。"))["investment_cny"] is None


def test_long_digit_runs_are_identifiers_not_amounts():
    assert _money("编号12345678901234567890亿元," + "1" * 50_000 + "元") == []
    (m,) = _money("存款123456789012345元")  # 15 digits still parse, exactly
    assert m["value"] == 123_456_789_012_345.0


# -- forms found on pages the project had not seen (issue: amounts) -----------------------------
@pytest.mark.parametrize("mark", list("，、；：。！？（）“”《》【】") + ["——"])
def test_an_amount_after_any_cjk_punctuation_is_found(mark):
    text = f"项目总投资{mark}500万元用于厂房建设。"
    (m,) = _money(text)
    assert (m["text"], m["value"]) == ("500万元", 5_000_000.0)


def test_a_thousands_separator_is_still_one_number():
    (m,) = _money("投资1,200万元。")
    assert m["value"] == 12_000_000.0
    assert [x["text"] for x in _money("每股1.5元，1,200万元用于分红。")] == ["1.5元", "1,200万元"]


@pytest.mark.parametrize(("text", "span", "value"), [
    ("总投资三亿五千万元。", "三亿五千万元", 350_000_000.0),
    ("奖励五千万元。", "五千万元", 50_000_000.0),
    ("签约十二亿元。", "十二亿元", 1_200_000_000.0),
    ("补助一百二十万元。", "一百二十万元", 1_200_000.0),
    ("融资两千万元。", "两千万元", 20_000_000.0),
    ("带动投资四十多亿元。", "四十多亿元", 4_000_000_000.0),  # 多 before the multiplier
    ("筹资三百余万元。", "三百余万元", 3_000_000.0),
])
def test_chinese_numerals(text, span, value):
    (m,) = _money(text)
    assert (m["text"], m["value"]) == (span, value)


@pytest.mark.parametrize("text", ["推行一元化管理。", "多元发展格局。", "数十亿元的市场。", "万元户越来越多。",
                                  "提前四个月突破百亿元。"])
def test_words_with_yuan_that_are_not_amounts(text):
    assert _money(text) == []


@pytest.mark.parametrize(("text", "span", "value", "qualifier"), [
    ("公司投入100万，建设新厂。", "100万", 1_000_000.0, None),
    ("公司投入100万用于研发。", "100万", 1_000_000.0, None),  # 用于 after the figure, not 用户
    ("筹集100万资金。", "100万", 1_000_000.0, None),
    ("他的年薪30多万。", "30多万", 300_000.0, "多"),
    ("项目总投资约5亿。", "5亿", 500_000_000.0, "约"),
    ("人均收入2万多元。", "2万多元", 20_000.0, "多"),
    ("销售收入100多万元。", "100多万元", 1_000_000.0, "多"),
    ("完成投资5亿余元。", "5亿余元", 500_000_000.0, "余"),
])
def test_money_without_yuan_and_approximations(text, span, value, qualifier):
    (m,) = _money(text)
    assert (m["text"], m["value"], m["qualifier"]) == (span, value, qualifier)


def test_figures_with_wan_outside_money_talk_are_not_money():
    assert _money("全县常住人口100万，城镇化率过半。") == []
    assert _money("平台投入使用后注册用户100万用户。") == []


@pytest.mark.parametrize(("text", "role"), [
    ("去年公司营业额大幅增长，达到3亿元。", "revenue"),
    ("营业收入同比增长20%，达5.6亿元。", "revenue"),
    ("全年净利润稳步增长，共计1.2亿元。", "profit_tax"),
    ("合同总金额约为2.3亿元。", "signed"),
    ("去年公司营业额大幅增长，员工增加到3000人，新建厂房花费2亿元。", "other"),  # not a linking clause
])
def test_a_clause_that_only_links_to_the_figure_takes_the_role_of_the_clause_before(text, role):
    (m,) = _money(text)
    assert m["role"] == role


@pytest.mark.parametrize(("text", "value", "unit"), [("每斤5角。", 0.5, "CNY"), ("只要3毛钱。", 0.3, "CNY"),
                                                     ("涨了10美分。", 0.1, "USD")])
def test_sub_units(text, value, unit):
    (m,) = _money(text)
    assert (m["value"], m["unit"]) == (value, unit)


@pytest.mark.parametrize(("text", "role"), [
    ("今年营业额3000万元。", "revenue"),
    ("实现溢利2亿元。", "profit_tax"),
    ("项目总投资，500万元用于厂房建设。", "investment"),
    ("会上5个项目集中签约，签约金额12亿元。", "signed"),
])
def test_roles_from_more_words_and_the_clause_before(text, role):
    (m,) = _money(text)
    assert m["role"] == role


@pytest.mark.parametrize(("text", "value", "high", "unit"), [
    ("吻合器的价格一直不菲（四五千元）。", 4000, 5000, "CNY"),  # two neighbouring digits: a range
    ("一辆六七万元的小车。", 60000, 70000, "CNY"),
    ("投资三四百万元。", 3_000_000, 4_000_000, "CNY"),
    ("需要一两万元。", 10000, 20000, "CNY"),
    ("以7亿韩元签下合约。", 700_000_000, None, "KRW"),
    ("投资3亿新台币。", 300_000_000, None, "TWD"),
    ("融资100万美金。", 1_000_000, None, "USD"),
    ("出口额2.5亿澳元。", 250_000_000, None, "AUD"),
])
def test_neighbouring_digit_ranges_and_more_currencies(text, value, high, unit):
    from transform.enrich.money import find_amounts
    from transform.enrich.sentences import fold_width

    (amount,) = [a for a in find_amounts(fold_width(text)) if a.kind == "money"]
    assert (amount.value, amount.value_max, amount.unit) == (value, high, unit)


@pytest.mark.parametrize("text", ["一元化的管理体制。", "二元经济结构。", "五四千元不是一个数。", "一元二次方程。"])
def test_words_with_yuan_that_are_not_money(text):
    from transform.enrich.money import find_amounts
    from transform.enrich.sentences import fold_width

    assert [a for a in find_amounts(fold_width(text)) if a.kind == "money"] == []


@pytest.mark.parametrize(("text", "span", "value", "high", "unit", "role"), [
    ("政府投入一元钱，回报更多。", "一元钱", 1.0, None, "CNY", "investment"),
    ("回报是两元钱。", "两元钱", 2.0, None, "CNY", "other"),
    ("对方只象征性地收一元当签约金。", "一元", 1.0, None, "CNY", "signed"),  # bare 元 in money talk
    ("一张门票十五元。", "十五元", 15.0, None, "CNY", "other"),  # 十..十九 need no money word
    ("每斤能多卖三到五毛钱。", "三到五毛钱", 0.3, 0.5, "CNY", "other"),
    ("一杯咖啡三美元。", "三美元", 3.0, None, "USD", "other"),
    ("路边摊八块钱一碗。", "八块钱", 8.0, None, "CNY", "other"),
])
def test_one_chinese_digit_and_a_currency(text, span, value, high, unit, role):
    (m,) = _money(text)
    assert (m["text"], m["value"], m["value_max"], m["unit"], m["role"]) == (span, value, high, unit, role)


@pytest.mark.parametrize("text", ["城乡二元结构逐步破除。", "一元二次方程。", "他一毛不拔。", "站在桌子的一角。",
                                  "二单元已经交付。", "三元组是一种数据结构。"])
def test_one_digit_words_with_yuan_that_are_not_money(text):
    assert _money(text) == []


@pytest.mark.parametrize(("text", "span", "value", "high"), [
    ("他意外地获得了5 00万元的体彩大奖。", "5 00万元", 5_000_000.0, None),  # a reflow break inside the number
    ("用车的投资是在100亿～120亿，不是小数目。", "100亿～120亿", 10_000_000_000.0, 12_000_000_000.0),  # range, no 元
    ("计划投资10-15亿，建设新厂。", "10-15亿", 1_000_000_000.0, 1_500_000_000.0),
])
def test_broken_numbers_and_ranges_without_yuan(text, span, value, high):
    (m,) = _money(text)
    assert (m["text"], m["value"], m["value_max"]) == (span, value, high)


def test_no_amount_starts_with_a_zero_and_a_digit():
    assert [m["text"] for m in _money("编号 007万元户，另有 05万元。")] == []


@pytest.mark.parametrize(("text", "span", "value", "high", "role"), [
    ("以前花一两元就能充满电。", "一两元", 1.0, 2.0, "other"),  # two neighbouring digits: a range
    ("青菜三四块钱一斤。", "三四块钱", 3.0, 4.0, "other"),
    ("支付1分钱充电1小时。", "1分钱", 0.01, None, "other"),  # 分 with 钱: a fen
    ("上半年实现合约销售金额1056.2亿元。", "1056.2亿元", 105_620_000_000.0, None, "revenue"),
    ("全年实现合同销售881.4亿元。", "881.4亿元", 88_140_000_000.0, None, "revenue"),
])
def test_digit_pairs_fen_and_sales_words(text, span, value, high, role):
    (m,) = _money(text)
    assert (m["text"], m["value"], m["value_max"], m["role"]) == (span, value, high, role)


@pytest.mark.parametrize("text", ["五四元不是一个数。", "大家一起分钱。"])
def test_pairs_out_of_order_and_the_verb_fen_qian_are_not_money(text):
    assert _money(text) == []


def test_yi_fen_qian_is_an_idiom_but_other_fen_are_prices():
    assert _money("他一分钱也没拿到。") == []
    assert [m["value"] for m in _money("当年五分钱一根冰棍。")] == [0.05]


@pytest.mark.parametrize(("text", "role"), [
    ("现场共签约项目38个，总金额256亿元。", "signed"),  # the clause names only 总金额: the one before says what
    ("现场共签约项目38个，总金额为256亿元。", "signed"),
    ("全年实际利用外资2亿美元。", "investment"),
    ("全市GDP达到1000亿元。", "output_value"),
    ("全年新增项目20个，金额约15亿元。", "other"),  # no role word before: still other
])
def test_roles_of_investment_promotion_statistics(text, role):
    (m,) = _money(text)
    assert m["role"] == role
