"""Sentence lookup for mention context (transform.enrich.sentences): the index trims a
sentence only when asked, and must answer exactly as a search over all trimmed spans."""

from __future__ import annotations

import random
from bisect import bisect_right

from transform.enrich.sentences import SentenceIndex, fold_width, sentence_spans


def _by_all_spans(text: str, offset: int) -> str:
    spans = sentence_spans(text)
    i = bisect_right([s for s, _ in spans], offset) - 1
    return "" if i < 0 else text[spans[i][0]:spans[i][1]]


def test_the_lazy_index_answers_as_the_full_span_search_everywhere():
    rng = random.Random(7)
    texts = ["", " ", "\n\n", "  甲。 \n\n 乙！  ", "。。", "甲\n 乙。丙”）丁"]
    texts += ["".join(rng.choice("甲乙 \n。！？”）\t…") for _ in range(rng.randrange(60))) for _ in range(300)]
    for text in texts:
        index = SentenceIndex(text)
        for offset in range(-1, len(text) + 2):
            assert index.sentence_at(offset) == _by_all_spans(text, offset), (text, offset)


def test_sentences_end_at_closing_quotes_and_line_breaks():
    text = "他说：“项目开工了。”随后离开。\n第二段"
    index = SentenceIndex(text)
    assert index.sentence_at(0) == "他说：“项目开工了。”"
    assert index.sentence_at(text.index("随后")) == "随后离开。"
    assert index.sentence_at(len(text) - 1) == "第二段"


def test_fold_width_keeps_offsets():
    assert fold_width("投资５亿元（一期）　完成") == "投资5亿元(一期) 完成"
