"""One rule set for page boilerplate, shared by text dumps and HTML.

Each rule has a name so a removed span can be accounted for (flags / debug output).
Rules match the Simplified view of a line or text block. A source may extend the set
with its own patterns (see RuleSet.extended), never replace the defaults silently.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import cached_property

# The regular-expression parser's internals, for needed_chars (typeshed does not describe them).
_parser = importlib.import_module("re._parser")
_c = importlib.import_module("re._constants")


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    # "footer": starts the page footer (what follows is footer too when near the end);
    # "line": the line alone is boilerplate.
    scope: str = "line"
    # Characters of which a match holds at least one (needed_chars), None when the pattern
    # does not say: a text with none of them is not searched.
    needs: frozenset[str] | None = None


def _r(name: str, pattern: str, scope: str = "line") -> Rule:
    compiled = re.compile(pattern, re.I)
    return Rule(name, compiled, scope, needed_chars(compiled))


# Letters that an IGNORECASE pattern matches beyond their two ASCII cases (all of them, found
# by trying every code point; tests/test_boilerplate_needs.py checks it stays so).
_FOLDS = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}


def needed_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Characters of which every match of `pattern` holds at least one, or None.

    Why: every block of an HTML page up to 400 characters is matched against every rule (about
    330 blocks a page), and nearly all match none; those 6,000 searches were the largest single
    cost of an HTML parse (15% of it under cProfile, html-dev pages). A rule needs, for
    example, one of 主/承/协 or one of 上/下 - taken from the pattern itself, so the rules stay
    the only place that says what boilerplate looks like. A text sharing no character with that
    set cannot match.
    """
    return _needed_in(_parser.parse(pattern.pattern, pattern.flags), pattern.flags)


def _needed_in(items, flags: int) -> frozenset[str] | None:
    """A sequence: every item must match, so any required item's characters will do. Prefer a
    set without ASCII (rarer in Chinese text), then one without ASCII spaces and punctuation
    (common in any text), then the smallest."""
    known = [k for k in (_needed_by(op, av, flags) for op, av in items) if k is not None]
    return min(known, key=lambda k: (any(ch.isascii() for ch in k),
                                     any(ch.isascii() and not ch.isalnum() for ch in k), len(k))) if known else None


def _needed_by(op, av, flags: int) -> frozenset[str] | None:
    if op is _c.LITERAL:
        return _folded({chr(av)}, flags)
    if op is _c.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _c.LITERAL:
                chars.add(chr(value))
            elif kind is _c.RANGE and value[1] - value[0] < 64:
                chars.update(chr(v) for v in range(value[0], value[1] + 1))
            else:
                return None  # a category, a negation, a wide range
        return _folded(chars, flags)
    if op is _c.SUBPATTERN:
        _group, add, remove, sub = av
        return _needed_in(sub, (flags | add) & ~remove)
    if op is _c.BRANCH:
        parts = [_needed_in(branch, flags) for branch in av[1]]
        known = [p for p in parts if p is not None]
        return frozenset().union(*known) if len(known) == len(parts) else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _needed_in(sub, flags) if low >= 1 else None
    return None  # anchors, look-arounds, any character: require nothing we can name


def _folded(chars: set[str], flags: int) -> frozenset[str] | None:
    """The characters an IGNORECASE match may meet for these; None beyond ASCII letters."""
    if not flags & re.I:
        return frozenset(chars)
    out: set[str] = set()
    for ch in chars:
        if ch.lower() == ch.upper():
            out.add(ch)
        elif ch.isascii():
            out.update((ch.lower(), ch.upper(), *_FOLDS.get(ch.lower(), "")))
        else:
            return None
    return frozenset(out)


# （下转第2版） （上接第一版） （转第3版） 下转A2版 (紧接1版): the whole line.
JUMP_LINE = re.compile(r"^\s*[（(]?\s*(?:下转|上接|接上|转|紧接|续)\s*第?\s*[A-Za-z]?[\d一二三四五六七八九十]{1,3}\s*[版页面]"
                       r"(?:\s*[（(][^）)]{0,12}[）)])?\s*[）)]?\s*$")
# The same at the end or the start of a paragraph: "…全力推进。（下转第2版）", "（上接第1版）会议指出…".
_JUMP = r"[（(]\s*(?:下转|上接|接上|转|紧接|续)\s*第?\s*[A-Za-z]?[\d一二三四五六七八九十]{1,3}\s*[版页面]\s*[）)]"
JUMP_TAIL = re.compile(_JUMP + r"\s*$")
JUMP_HEAD = re.compile(r"^\s*" + _JUMP + r"\s*")


def strip_jump(text: str) -> tuple[str, bool]:
    """A paragraph without the jump markers at its ends, and whether there was one."""
    tail, head = JUMP_TAIL.search(text), JUMP_HEAD.match(text)
    if tail is None and head is None:
        return text, False
    text = text[: tail.start()].rstrip() if tail else text
    return (text[head.end():] if head and head.end() <= len(text) else text), True


DEFAULT_RULES: tuple[Rule, ...] = (
    _r("sponsor", r"(主管|主办|承办|协办)(单位)?\s*[:：]", "footer"),
    _r("icp", r"ICP\s*(备|证|[:：])|ICP备案|备案号|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼陇]ICP", "footer"),
    _r("police_record", r"公网安备|网安备\s*\d|公安备案", "footer"),
    _r("licence", r"许可证(编号|号)?\s*[:：]?\s*\d|信息服务许可证|视听节目许可证", "footer"),
    _r("hotline", r"(新闻|举报|服务|投稿)(热线|电话|邮箱)\s*[:：]", "footer"),
    _r("tech_support", r"技术支持\s*[:：]", "footer"),
    # 版权所有者/版权所有人 (the rights holder) is prose, not a notice.
    _r("copyright", r"版权所有(?!\s*[者人方])|copyright\s*(©|\(c\)|\d{4})|©\s*\d{4}|all rights reserved", "footer"),
    _r("reprint_notice", r"转载请注明|未经(书面)?(授权|许可).{0,12}(转载|复制|使用)|本网(站)?(所有|刊登|发布)的?.{0,10}(版权|作品)"),
    _r("report_notice", r"违法和不良信息举报|不良信息举报(中心|电话)|网络举报"),
    _r("prev_next", r"^\s*(上一篇|下一篇|上一条|下一条|上一页|下一页)\s*[:：]?"),
    # E-paper jump lines standing alone: the article goes on (or came from) another page.
    _r("jump_line", JUMP_LINE.pattern),
    _r("share", r"^\s*(分享到|分享至|一键分享|扫一扫|扫码|微信扫一扫|手机扫一扫|打印本页|关闭窗口|返回顶部|【?\s*打印\s*】?|【?\s*关闭\s*】?|收藏本页|加入收藏|设为首页)"),
    _r("font_size", r"【?\s*(字体|字号)\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小"),
    _r("breadcrumb", r"^\s*(当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：]"),
    _r("breadcrumb_path", r"^\s*(首页|网站首页|主页|返回首页)\s*[>»›→]"),
    _r("site_links", r"^\s*(网站地图|关于我们|联系我们|网站声明|免责声明|隐私政策|法律声明)(\s*[|｜]\s*\S+){1,}"),
    # Appended for HTML pages (also valid in text dumps): rights statements under articles.
    _r("rights_notice", r"^\s*[【\[]?\s*版权声明|著作权(均?归属于?|均?属于|归)|(提供|举报)侵权线索|(非法|违法)转载"
       r"|转载(申请|请联系)|原创版权|禁止(商业)?转载|授权转载", "footer"),
    _r("page_tools", r"^\s*[【\[]?\s*(复制(链接|地址|网址)|推荐给好友|我要(评论|纠错|打印)|纠错|收藏|返回(列表|首页))\s*[】\]]?\s*$"),
)

_FOOTER_NAMES = frozenset(r.name for r in DEFAULT_RULES if r.scope == "footer")


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...] = DEFAULT_RULES
    extra_names: frozenset[str] = field(default_factory=frozenset)

    def match(self, text: str) -> Rule | None:
        if self._any_needed_re is not None and self._any_needed_re.search(text) is None:
            return None  # two texts in three on html-dev pages: one C scan instead of a loop
        present = set(text)
        for rule in self.rules:
            if rule.needs is not None and present.isdisjoint(rule.needs):
                continue
            if rule.pattern.search(text):
                return rule
        return None

    @cached_property
    def _any_needed_re(self) -> re.Pattern[str] | None:
        """A character class of any_needed: searching it scans the text in C, where building
        the text's character set first cost a set per text (0.3 ms a page on html-dev pages)."""
        needed = self.any_needed
        return None if needed is None else re.compile("[" + "".join(map(re.escape, sorted(needed))) + "]")

    @cached_property
    def any_needed(self) -> frozenset[str] | None:
        """Every character some rule needs; None when a rule needs none we can name."""
        if any(r.needs is None for r in self.rules):
            return None
        return frozenset().union(*(r.needs for r in self.rules if r.needs is not None))

    def extended(self, patterns: dict[str, str], scope: str = "line") -> RuleSet:
        """A copy with a source's own named patterns appended."""
        added = tuple(_r(f"source:{name}", pat, scope) for name, pat in patterns.items())
        return RuleSet(self.rules + added, self.extra_names | {r.name for r in added})


DEFAULT_RULESET = RuleSet()


def is_footer_rule(rule: Rule) -> bool:
    return rule.scope == "footer" or rule.name in _FOOTER_NAMES
