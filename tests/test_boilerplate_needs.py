"""The boilerplate rules' character prefilter (transform.common.boilerplate.needed_chars) never
changes what a rule set matches: it only skips searches that could not succeed."""

from __future__ import annotations

import random
import re

import pytest

from transform.common.boilerplate import _FOLDS, DEFAULT_RULESET, RuleSet, needed_chars


def _naive(rules: RuleSet, text: str):
    return next((r for r in rules.rules if r.pattern.search(text)), None)


def test_the_ignorecase_folds_of_ascii_letters_are_all_known() -> None:
    """Every non-ASCII character an IGNORECASE ASCII letter matches is listed in _FOLDS."""
    everything = "".join(chr(cp) for cp in range(0x80, 0x110000) if not 0xD800 <= cp <= 0xDFFF)
    found = set(re.findall(r"[a-z]", everything, re.I))
    listed = {ch for folds in _FOLDS.values() for ch in folds}
    assert found == listed
    for letter, folds in _FOLDS.items():
        assert all(re.fullmatch(letter, ch, re.I) for ch in folds)


@pytest.mark.parametrize(("pattern", "needs"), [
    (r"主办|承办", {"主", "承"}),
    (r"^\s*(上一篇|下一篇)\s*[:：]?", {"上", "下"}),
    (r"ICP备案", {"备"}),  # a Han character over cased letters
    (r"(?i)abc", {"a", "A"}),
    (r"(?i)sk", {"s", "S", "\u017f"}),
    (r"\d+元", {"元"}),
    (r".{2}", None),  # any character: nothing to require
    (r"元?", None),  # optional: nothing required
    (r"元|\d", None),  # one branch requires nothing we can name
    (r"[^元]", None),
])
def test_needed_chars(pattern: str, needs: set[str] | None) -> None:
    got = needed_chars(re.compile(pattern))
    assert (None if got is None else set(got)) == needs


def test_every_default_rule_has_a_prefilter() -> None:
    """Each default rule names characters it needs (else it would be searched on every block)."""
    assert [r.name for r in DEFAULT_RULESET.rules if r.needs is None] == []


def _texts(n: int) -> list[str]:
    """Lines made of pieces of boilerplate and of prose, in random order and case."""
    pieces = ["主办单位：", "承办", "ICP备", "甘ICP备05001234号", "copyright 2024", "Copyright ©2023",
              "© 2024", "All Rights Reserved", "ALL RIGHTS RESERVED", "版权所有", "版权所有者", "转载请注明出处",
              "上一篇：", "下一篇", "（下转第2版）", "分享到", "当前位置：", "首页 >", "网站地图 | 联系我们",
              "技术支持：", "新闻热线：", "公网安备 62010202000", "许可证编号：", "打印本页", "【字体：大 中 小】",
              "禁止转载", "复制链接", "项目总投资", "兰州新区", "今天上午", "记者从会上获悉", "，", "。", " ", "：",
              "2024年5月8日", "ABC", "skill", "KİLO", "ſ", "\u212a"]
    rng = random.Random(7)
    out = []
    for _ in range(n):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        out.append(text.upper() if rng.random() < 0.1 else text)
    return out


def test_the_prefilter_matches_as_the_rules_alone_do() -> None:
    rules = DEFAULT_RULESET.extended({"desk": r"(?i)news\s*desk", "tips": r"线索.{0,4}请拨"})
    texts = _texts(4000)
    assert sum(1 for t in texts if rules.match(t) is not None) > 1000  # the check sees many matches
    assert all(rules.match(t) is _naive(rules, t) for t in texts)


def test_a_rule_naming_no_character_turns_the_shortcut_off() -> None:
    rules = DEFAULT_RULESET.extended({"code": r"\d{7}"})
    assert rules.any_needed is None and DEFAULT_RULESET.any_needed is not None
    assert rules.match("热线 1234567").name == "source:code"
    assert DEFAULT_RULESET.match("热线 1234567") is None
