"""Traditional -> Simplified with OpenCC tw2s, aligned character by character.

tw2s (not tw2sp) converts characters and Taiwan variants without rewriting vocabulary.
The converted text keeps the length of the original line so that every later cut made
on the Simplified view can be made at the same offsets in the original.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import opencc


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("tw2s")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def detect_script(text: str) -> str:
    """'hant' when t2s changes clearly more Han characters than s2t does, else 'hans'."""
    han = _han_sample(text)
    if not han:
        return "hans"
    to_s = _changed(han, _t2s().convert(han))
    to_t = _changed(han, _s2t().convert(han))
    return "hant" if to_s > to_t else "hans"


def _han_sample(text: str) -> str:
    """The first 2,000 Han characters of the first 8,000 (enough: the two shares differ ~40x),
    picked from the code points as an array (a regular expression's runs took 0.1 ms)."""
    cps = np.frombuffer(text[:8000].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    han = ((cps >= 0x3400) & (cps <= 0x4DBF)) | ((cps >= 0x4E00) & (cps <= 0x9FFF))
    return cps[han][:2000].tobytes().decode("utf-32-le")


def _changed(a: str, b: str) -> int:
    """How many positions differ, over the shorter length (zip's rule). Compared as code-point
    arrays: 0.16 ms for 2,000 characters one by one in Python, a few microseconds this way, and
    every page is checked twice (extract, then normalise_text)."""
    n = min(len(a), len(b))
    if n == 0:
        return 0
    x = np.frombuffer(a[:n].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    y = np.frombuffer(b[:n].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return int(np.count_nonzero(x != y))


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
