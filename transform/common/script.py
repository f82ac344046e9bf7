"""Traditional -> Simplified with OpenCC tw2s, aligned character by character.

tw2s (not tw2sp) converts characters and Taiwan variants without rewriting vocabulary.
The converted text keeps the length of the original line so that every later cut made
on the Simplified view can be made at the same offsets in the original.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("tw2s")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def detect_script(text: str) -> str:
    """'hant' when t2s changes clearly more Han characters than s2t does, else 'hans'."""
    han = "".join(_HAN_RUN.findall(text[:8000]))[:2000]  # enough: the two shares differ ~40x
    if not han:
        return "hans"
    to_s = sum(map(str.__ne__, han, _t2s().convert(han)))
    to_t = sum(map(str.__ne__, han, _s2t().convert(han)))
    return "hant" if to_s > to_t else "hans"


def to_simplified_aligned(text: str) -> str:
    """tw2s output of the same length as `text`, converting per character where needed."""
    out = _t2s().convert(text)
    if len(out) == len(text):
        return out
    conv = _t2s().convert
    return "".join(c if len(c := conv(ch)) == 1 else ch for ch in text)


def realign(body: str, simplified: str, original: str) -> str:
    """The original-script characters behind a Simplified body.

    The Simplified view is aligned with the original character by character, and the
    body is made of its characters in order (with whitespace changed), so each body
    character is found forward in the view and replaced by the original at that offset.
    """
    out = []
    pos = 0
    for ch in body:
        if ch.isspace():
            out.append(ch)
            continue
        j = simplified.find(ch, pos)
        if j < 0:
            j = simplified.find(ch)
        if j < 0:
            out.append(ch)
            continue
        out.append(original[j])
        pos = j + 1
    return "".join(out)
