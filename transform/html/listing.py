"""Pages that hold several dated items (blog archives, e-paper issue pages, post lists).

When the main container is a list of sibling elements that each carry their own short
dateline and their own prose, the page is a listing and each sibling is one article:
merging them would give one record with several articles' text and the first one's date.
A single article's parts (a header with the dateline, then the body) do not qualify,
because only one of them has a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree as etree

from transform.common.dates import FoundDate, find_dates
from transform.html.dom import Block

MIN_UNIT_PROSE = 50  # characters of prose an item needs to count as an article
_HEADLINE_END = re.compile(r"[。！？!?；;，,]$")


@dataclass
class Unit:
    blocks: list[Block]
    title: str | None
    date: FoundDate | None


def _child_of(el: etree._Element, parent: etree._Element) -> etree._Element | None:
    while el is not None:
        up = el.getparent()
        if up is parent:
            return el
        el = up
    return None


def _dateline(blocks: list[Block]) -> FoundDate | None:
    edge = blocks[:3] + blocks[-3:]
    for b in edge:
        if b.chars <= 60 and (dates := find_dates(b.text)):
            return dates[0]
    return None


def _prose(blocks: list[Block]) -> int:
    return sum(b.chars for b in blocks if b.punct and b.link_density < 0.5 and b.chars >= 10)


def split_units(content: list[Block]) -> list[Unit] | None:
    """Items of a listing page, or None for an ordinary single-article container."""
    if len(content) < 4:
        return None
    parent = _common_parent(content)
    for _ in range(4):  # descend through wrappers such as <table><tbody>
        if parent is None:
            return None
        groups: dict[etree._Element, list[Block]] = {}
        loose = 0
        for b in content:
            child = _child_of(b.owner, parent)
            if child is None:
                loose += b.chars
            else:
                groups.setdefault(child, []).append(b)
        if len(groups) == 1 and not loose:
            parent = next(iter(groups))
            continue
        return _as_units(list(groups.values()), loose)
    return None


def _as_units(groups: list[list[Block]], loose: int) -> list[Unit] | None:
    items = [g for g in groups if _prose(g) >= MIN_UNIT_PROSE]
    if len(items) < 2 or loose > MIN_UNIT_PROSE:
        return None
    units = []
    for g in items:
        date = _dateline(g)
        if date is None:
            return None
        units.append(Unit(g, _headline(g), date))
    return units


def _headline(blocks: list[Block]) -> str | None:
    for b in blocks[:2]:
        if 2 <= b.chars <= 60 and not _HEADLINE_END.search(b.text) and not find_dates(b.text):
            return b.text
    return None


def _common_parent(content: list[Block]) -> etree._Element | None:
    first, last = content[0].owner, content[-1].owner
    ancestors = [first, *first.iterancestors()]
    ids = {id(a) for a in ancestors}
    for el in [last, *last.iterancestors()]:
        if id(el) in ids:
            return el
    return None
