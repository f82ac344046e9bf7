"""Pinyin readings printed after characters: 嘉峪關(guān) -> 嘉峪關.

A reading is removed only when it sits right after a Han character (or a `?` that
stands for a lost one), is 1-6 lowercase letters, and forms a pinyin syllable with a
tone mark (or one of a few neutral-tone syllables). Real parentheses such as (甘肅),
(2023) or (州) never match. Pages are only touched when they carry several readings.

Where a character was lost but its reading survived (日?qǐng)?bào)), the character is
recovered from the page's own intact annotations when that reading maps to exactly one
character there; otherwise the fragment is dropped and the record flagged.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_LETTERS = f"a-zü{_TONED}"
_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = r"(?:[aeiouüv]{1,3}(?:ng|n|r)?|ng|n|m)"
_SYLLABLE = re.compile(rf"^{_INITIAL}{_FINAL}$")
_NEUTRAL = frozenset({"de", "le", "me", "men", "ma", "ne", "ba", "la", "ya", "zi", "zhe", "ge", "guo", "li", "shang", "tou"})
_HAN = r"\u4e00-\u9fff\u3400-\u4dbf"
_READING = re.compile(rf"(?<=[{_HAN}?])[(（]([{_LETTERS}]{{1,6}})[)）]")
_DAMAGED = re.compile(rf"\?([{_LETTERS}]{{1,6}})[)）]")
MIN_READINGS = 3


def _base(reading: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c)).replace("ü", "v")


@lru_cache(maxsize=4096)  # a page repeats a few hundred syllables many times
def is_reading(s: str) -> bool:
    base = _base(s)
    if not _SYLLABLE.match(base):
        return False
    return any(c in _TONED for c in s) or base in _NEUTRAL


def strip_readings(text: str) -> tuple[str, list[str]]:
    """Remove readings; returns the text and flags describing what was repaired."""
    hits = [m for m in _READING.finditer(text) if is_reading(m.group(1))]
    if len(hits) < MIN_READINGS:
        return text, []
    flags = ["pinyin_readings_removed"]
    by_reading: dict[str, set[str]] = {}
    for m in hits:
        prev = text[m.start() - 1]
        if prev != "?":
            by_reading.setdefault(m.group(1), set()).add(prev)

    def drop(m: re.Match[str]) -> str:
        return "" if is_reading(m.group(1)) else m.group(0)

    text = _READING.sub(drop, text)
    lost = 0

    def recover(m: re.Match[str]) -> str:
        nonlocal lost
        if not is_reading(m.group(1)):
            return m.group(0)
        chars = by_reading.get(m.group(1), set())
        if len(chars) == 1:
            return next(iter(chars))
        lost += 1
        return ""

    text = _DAMAGED.sub(recover, text)
    if lost:
        flags.append("pinyin_char_lost")
    return text, flags
