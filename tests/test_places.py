"""Place mentions: the packaged gazetteer, short forms, context traps and the places rollup."""

from __future__ import annotations

import csv
import io
import re
from importlib import resources

import pytest

from transform.enrich.mentions import article_rollup, extract_mentions
from transform.enrich.places import find_places, gazetteer, trie_pattern


def _places(text: str) -> list[tuple[str, str]]:
    return [(m["text"], m["code"]) for m in extract_mentions("t", text) if m["kind"] == "place"]


def _rows() -> list[dict]:
    raw = resources.files("transform.enrich").joinpath("data", "gansu_divisions.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(raw)))


def test_gazetteer_holds_gansu_14_prefectures_86_counties_and_all_provinces():
    rows = _rows()
    levels = [r["level"] for r in rows]
    assert levels.count("prefecture") == 14
    assert levels.count("county") == 86
    assert levels.count("province") == 34
    prefectures = sorted(r["code"][:4] for r in rows if r["level"] == "prefecture")
    assert prefectures == [f"62{i:02d}" for i in range(1, 13)] + ["6229", "6230"]


def test_gazetteer_codes_are_consistent_with_parents():
    rows = _rows()
    by_code = {r["code"]: r for r in rows if r["level"] != "zone"}
    assert len(by_code) == 14 + 86 + 34  # codes unique outside zones
    for r in rows:
        assert re.fullmatch(r"\d{6}", r["code"]), r
        if r["level"] == "county":
            assert r["code"][:4] + "00" == r["parent"] and by_code[r["parent"]]["level"] == "prefecture", r
        if r["level"] == "zone":
            assert r["code"] == r["parent"] and by_code[r["code"]]["level"] == "prefecture", r
        if r["level"] == "province":
            assert r["code"].endswith("0000"), r


@pytest.mark.parametrize(
    ("name", "code"),
    [("兰州市", "620100"), ("嘉峪关市", "620200"), ("城关区", "620102"), ("肃州区", "620902"),
     ("华亭市", "620881"), ("临夏回族自治州", "622900"), ("积石山保安族东乡族撒拉族自治县", "622927"),
     ("合作市", "623001"), ("甘南藏族自治州", "623000"), ("宁县", "621026")],
)  # fmt: skip
def test_known_codes(name, code):
    assert gazetteer().forms[name].division.code == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("近日,肃州公路段", [("肃州", "620902")]),
        ("甘南州和临夏州", [("甘南州", "623000"), ("临夏州", "622900")]),
        ("支持临夏经济发展", [("临夏", "622900")]),
        ("金开区坚持周调度", [("金开区", "620300")]),
        ("兰州新区与酒泉经开区", [("兰州新区", "620100"), ("酒泉经开区", "620900")]),
        ("赴浙江、广东、江苏等地", [("浙江", "330000"), ("广东", "440000"), ("江苏", "320000")]),
        ("兰(州)永(靖)临(夏)高速", [("兰(州)", "620100"), ("永(靖)", "622923"), ("临(夏)", "622900")]),
        ("华池公路段与华亭县", [("华池", "621023"), ("华亭县", "620881")]),
        ("西固隧道", [("西固", "620104")]),  # named after and inside 西固区
        ("清水公路段在高台工业园区", [("清水", "620521"), ("高台", "620724")]),
    ],
)
def test_short_forms(text, expected):
    assert _places(text) == expected


def test_longest_form_wins():
    assert _places("正宁县") == [("正宁县", "621025")]
    assert _places("甘肃省") == [("甘肃省", "620000")]
    assert _places("东乡族自治县") == [("东乡族自治县", "622926")]


@pytest.mark.parametrize(
    "text",
    [
        "平山湖矿区",  # 平山县 is not in Gansu, and 平山湖 is not it
        "各族群众安定团结",
        "签署战略合作协议,深化合作",
        "城关镇的居民",
        "党和政府的政策",
        "确定西部大开发的重点",
        "形成县域经济新格局",
        "循环县域",
        "黄河南岸的湿地",
        "隆重庆祝节日",
        "建设幸福家园,幸福建设",
        "景泰蓝工艺品",
        "游客登上玉门关",
        "清水河畔,高台上,一马平川",
        "民乐团演奏",
        "社会安宁",
        "东乡族群众",
        "资金开区",
        "到甘考察,来金投资,陇原大地",
    ],
)
def test_traps_are_not_places(text):
    assert _places(text) == []


def test_guarded_forms_count_after_function_words_and_punctuation():
    assert _places("陇南市成县、宁县") == [("陇南市", "621200"), ("成县", "621221"), ("宁县", "621026")]
    assert _places("来自河南的客商") == [("河南", "410000")]
    assert _places("走进定西市,定西人") == [("定西市", "621100"), ("定西", "621100")]


def test_offsets_index_the_original_text_with_full_width_brackets():
    text = "兰（州）永（靖）高速"
    hits = find_places(text.translate({0xFF08: 0x28, 0xFF09: 0x29}))
    assert [(h.start, h.end) for h in hits] == [(0, 4), (4, 8)]
    rows = [m for m in extract_mentions("t", text) if m["kind"] == "place"]
    assert [r["text"] for r in rows] == ["兰（州）", "永（靖）"]


def test_trie_pattern_matches_longest_word_like_an_alternation():
    words = ["甘肃", "甘肃省", "甘州", "甘州区", "兰州", "兰州新区", "宁县", "正宁县", "正宁"]
    alternation = re.compile("|".join(sorted(words, key=len, reverse=True)))
    trie = re.compile(trie_pattern(words))
    text = "甘肃省兰州新区与甘州、正宁县和宁县以及甘肃、正宁"
    assert [m.group() for m in trie.finditer(text)] == [m.group() for m in alternation.finditer(text)]


def test_rollup_places_most_specific_in_order_of_first_mention():
    body = "甘肃省张掖市甘州区和兰州新区的企业赴浙江考察,又到张掖市、兰州市城关区。"
    # 兰州新区 (620100) is dropped for 城关区, which is first named after 浙江.
    assert article_rollup(extract_mentions("t", body))["places"] == ["620702", "330000", "620102"]


def test_rollup_places_empty_without_places():
    assert article_rollup(extract_mentions("t", "没有地名。"))["places"] == []


@pytest.mark.parametrize(("text", "code"), [
    ("他获山西大学博士学位。", "140000"), ("在河南南部。", "410000"), ("考入湖南大学。", "430000"),
])
def test_a_province_after_an_ordinary_character_is_found(text, code):
    assert [h.code for h in find_places(text)] == [code]


@pytest.mark.parametrize("text", ["黄河南岸。", "洞庭湖北部的湿地。", "太行山西麓。", "长江西岸。", "幸福建设。", "隆重庆祝。"])
def test_a_river_lake_or_mountain_is_not_read_as_a_province(text):
    assert find_places(text) == []
