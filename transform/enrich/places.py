"""Place names: Gansu's prefectures, counties and zones, and the other provinces.

The gazetteer (data/gansu_divisions.csv) lists each division with its GB/T 2260 code and
the short forms news uses (肃州, 甘南州, 金开区). All forms go into one trie-shaped regex,
so a body is scanned once and the longest form at a position wins (正宁县 before 宁县).
Short forms that are also ordinary words are handled by data, not by a segmenter:
  * forms that would be common words (城关, 安定, 合作, 和政, 清水, 高台) are not listed
    at all, only their full names (城关区, 合作市 …);
  * `left_guard` forms (定西, 河南, 重庆, one-character counties such as 成县) count only
    after a non-Han character or a function word, which rejects 确定西部, 黄河南岸,
    隆重庆祝 and 形成县域;
  * `not_followed_by` rejects 玉门关, 景泰蓝, 东乡族;
  * `context_aliases` are short forms that are common words (清水, 高台, 民乐) and count
    only before a word that names an office or a zone of the county (清水公路段,
    高台工业园区).
A name used for a facility (西固隧道, 永登公路段) is still a mention of the place: the
facility is named after and located in the division.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Characters after which a guarded form may start: function words and admin suffixes.
SAFE_LEFT = frozenset("在于的和与及同至到赴从对是为省市州区县以由向将把经据去来往或其该原全驻自给并暨进")
# What may follow a context alias: offices and zones named after the county.
CONTEXT_FOLLOWERS = ("公路段", "工业园", "工业集中区", "经济开发区", "开发区", "县委", "县政府", "县城")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | prefecture | county | zone
    parent: str | None


@dataclass(frozen=True)
class _Form:
    division: Division
    guarded: bool
    not_followed_by: tuple[str, ...]
    needs_follower: bool = False


@dataclass(frozen=True)
class PlaceHit:
    start: int
    end: int
    text: str
    code: str
    name: str
    level: str


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def trie_pattern(words: list[str]) -> str:
    """A regex equivalent to the alternation of `words` that matches the longest word.

    Shared prefixes are factored out (甘(?:肃省?|州区?|南…)), so the engine tries a few
    branches per position instead of every name.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return _node_pattern(trie)


def _node_pattern(node: dict) -> str:
    end = "" in node
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(sorted(branches)) + ")"
    if end:  # a word ends here but longer words continue: make the rest optional, greedily
        return "(?:" + body + ")?" if len(branches) > 1 or len(branches[0]) > 1 else body + "?"
    return body


@dataclass(frozen=True)
class Gazetteer:
    divisions: dict[str, Division]  # by code; zones share their prefecture's code
    forms: dict[str, _Form]
    pattern: re.Pattern

    def ancestors(self, code: str) -> list[str]:
        out = []
        div = self.divisions.get(code)
        while div is not None and div.parent:
            out.append(div.parent)
            div = self.divisions.get(div.parent)
        return out


def _bracketed(form: str) -> list[str]:
    # "兰(州)永(靖)临(夏)高速": a road named from the first character of each place.
    return [f"{form[0]}({form[1:]})", f"{form[0]}（{form[1:]}）"]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Read the packaged CSV once and compile the pattern."""
    raw = resources.files("transform.enrich").joinpath("data", "gansu_divisions.csv").read_text("utf-8")
    divisions: dict[str, Division] = {}
    forms: dict[str, _Form] = {}
    for row in csv.DictReader(io.StringIO(raw)):
        div = Division(row["code"], row["name"], row["level"], row["parent"] or None)
        if div.level != "zone":
            divisions[div.code] = div
        guard = row["left_guard"] == "1"
        nfb = tuple(x for x in row["not_followed_by"].split("|") if x)
        aliases = [a for a in row["aliases"].split("|") if a]
        # The full name is guarded only when it is as short as a word (成县, 宁县).
        forms[div.name] = _Form(div, guard and len(div.name) <= 2, nfb)
        for alias in (a for a in row["context_aliases"].split("|") if a):
            forms[alias] = _Form(div, False, nfb, needs_follower=True)
        for alias in aliases:
            forms[alias] = _Form(div, guard, nfb)
            if div.level in ("prefecture", "county") and len(alias) >= 2:
                for b in _bracketed(alias):
                    forms[b] = _Form(div, False, ())
    pattern = re.compile(trie_pattern(list(forms)))
    return Gazetteer(divisions, forms, pattern)


# A province named after a river, lake or mountain (河南, 湖北, 山西, 江西 ...) is read through
# a feature's name only when that name ends right before it (黄河南岸, 洞庭湖北, 太行山西麓):
# the last characters of such names, and what follows a bank or a slope.
_FEATURE_FIRST = frozenset("河江湖山")
_FEATURE_END = frozenset("黄淮运长汉珠湘赣渭泾洛沂泗庭湄行泰嵩衡恒庐华峨秦巫燕祁")
_BANK = frozenset("岸麓畔坡侧")


def _through_a_feature(text: str, start: int, end: int) -> bool:
    return text[start - 1] in _FEATURE_END or (end < len(text) and text[end] in _BANK)


def _accept(text: str, start: int, end: int, form: _Form) -> bool:
    if form.needs_follower and not any(text.startswith(x, end) for x in CONTEXT_FOLLOWERS):
        return False
    if form.guarded and start > 0:
        prev = text[start - 1]
        if _is_han(prev) and prev not in SAFE_LEFT:
            geographic = form.division.level == "province" and text[start] in _FEATURE_FIRST
            if not geographic or _through_a_feature(text, start, end):
                return False
    return not any(text.startswith(x, end) for x in form.not_followed_by)


def find_places(folded: str) -> list[PlaceHit]:
    """Place mentions in width-folded text, leftmost-longest, context rules applied.

    When the longest form at a position is rejected by its context, shorter forms at
    the same position are tried before moving on one character.
    """
    gz = gazetteer()
    hits: list[PlaceHit] = []
    pos = 0
    while True:
        m = gz.pattern.search(folded, pos)
        if m is None:
            return hits
        start = m.start()
        end = _longest_accepted(folded, start, m.end(), gz.forms)
        if end is None:
            pos = start + 1
            continue
        form = gz.forms[folded[start:end]]
        div = form.division
        hits.append(PlaceHit(start, end, folded[start:end], div.code, div.name, div.level))
        pos = end


def _longest_accepted(text: str, start: int, end: int, forms: dict[str, _Form]) -> int | None:
    for stop in range(end, start + 1, -1):
        form = forms.get(text[start:stop])
        if form is not None and _accept(text, start, stop, form):
            return stop
    return None
