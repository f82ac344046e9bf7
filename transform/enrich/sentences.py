"""Sentence and clause boundaries for mention context, by punctuation only.

Mentions carry the sentence they stand in so a reader can judge them without the body,
and money roles are read from the clause around an amount. Both need boundaries that
hold on reflowed news text, where a line break is a paragraph end; a segmenter or
tokenizer would cost a dictionary load for no gain here.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy as np

# A sentence ends after 。！？!? (with closing quotes or brackets that follow) or at a line break.
_SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』\"')）]*|\n+")
# Clause breaks for role keywords: a comma or semicolon ends the phrase an amount belongs to.
# The colon is left out on purpose: "签约额:305亿元" labels the amount after it.
CLAUSE_BREAK = frozenset("，,；;。！？!?\n…")

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20


def fold_width(text: str) -> str:
    """Full-width ASCII to half-width, one character for one so offsets stay valid.

    Pages mix ２０２４, （ and ５ＧＷｈ with ASCII; matching on a folded copy lets one
    pattern serve both while spans still index the original text.
    """
    # (str.translate looks every character of a CJK text up in the table: 0.22 ms a 3,700-
    # character body; the same mapping over the code points in numpy: about 0.03 ms.)
    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # lone surrogates: the table, character by character
        return text.translate(_FOLD)
    wide = (codes >= 0xFF01) & (codes <= 0xFF5E)
    ideographic_space = codes == 0x3000
    if not (wide.any() or ideographic_space.any()):
        return text
    folded = codes - np.where(wide, np.uint32(0xFEE0), np.uint32(0))
    folded[ideographic_space] = 0x20
    return folded.tobytes().decode("utf-32-le")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, leading whitespace excluded, empty ones dropped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if m.group()[0] != "\n" else m.start()
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    start, end = _trimmed(text, start, end)
    if end > start:
        spans.append((start, end))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] without the whitespace at either end, as offsets."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class SentenceIndex:
    """Finds the sentence around an offset with a binary search over sentence starts.

    The same answer as a search over `sentence_spans(text)`, but a sentence's whitespace is
    trimmed only when it is asked for: a body has about fifty sentences and its mentions ask
    for a few (trimming them all was a third of the writer's mention time, 2026-12-04).
    """

    def __init__(self, text: str):
        self.text = text
        self._starts = [0]
        self._ends: list[int] = []
        for m in _SENTENCE_END.finditer(text):
            self._ends.append(m.end() if m.group()[0] != "\n" else m.start())
            self._starts.append(m.end())
        self._ends.append(len(text))
        self._exact: list[tuple[int, int]] | None = None

    def sentence_at(self, offset: int) -> str:
        text = self.text
        i = bisect_right(self._starts, offset) - 1
        if i >= 0:
            start, end = _trimmed(text, self._starts[i], self._ends[i])
            if start <= offset and end > start:
                return text[start:end]
        # The offset is in whitespace before a sentence: the previous non-empty one, as a
        # search over the trimmed spans gives.
        if self._exact is None:
            self._exact = sentence_spans(text)
        j = bisect_right([s for s, _ in self._exact], offset) - 1
        if j < 0:
            return ""
        start, end = self._exact[j]
        return text[start:end]


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding text[start:end]: from after the previous break to the next one."""
    left = start
    while left > 0 and text[left - 1] not in CLAUSE_BREAK:
        left -= 1
    right = end
    while right < len(text) and text[right] not in CLAUSE_BREAK:
        right += 1
    return left, right
