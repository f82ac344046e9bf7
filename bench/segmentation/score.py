"""Scores of one page's records against its gold: the figures the segmentation issue names.

- exact count: the page yields as many records as it has articles;
- title right: a gold article's best-matching record carries its title (whitespace ignored);
- body F1 in reading order: characters of the longest common blocks (difflib) between the
  record's body and the gold body, whitespace removed: order matters, not just the multiset;
- leak: the best-matching record holds a run of 12+ characters of another article's body.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

_WS = re.compile(r"\s+")
LEAK_RUN = 12


def squash(text: str | None) -> str:
    return _WS.sub("", text or "")


def ordered_f1(pred: str, gold: str) -> float:
    if not pred or not gold:
        return 0.0
    sm = difflib.SequenceMatcher(None, pred, gold, autojunk=False)
    same = sum(b.size for b in sm.get_matching_blocks())
    if not same:
        return 0.0
    p, r = same / len(pred), same / len(gold)
    return 2 * p * r / (p + r)


def _overlap(pred: str, gold: str) -> int:
    """Cheap match score: shared 4-grams (pairs a record with the gold article it holds)."""
    grams = {gold[i:i + 4] for i in range(0, max(0, len(gold) - 3))}
    return sum(1 for i in range(0, max(0, len(pred) - 3)) if pred[i:i + 4] in grams)


@dataclass
class PageScore:
    exact_count: bool
    articles: int
    titles_right: int
    titled: int  # gold articles that have a title
    f1_sum: float
    leaks: int


def score_page(records: list[dict], gold: list) -> PageScore:
    bodies = [squash(r.get("body")) for r in records]
    golds = [squash(g.body) for g in gold]
    titles_right = titled = leaks = 0
    f1_sum = 0.0
    for gi, g in enumerate(gold):
        if not records:
            titled += g.title is not None
            continue
        best = max(range(len(records)), key=lambda i: _overlap(bodies[i], golds[gi]))
        f1_sum += ordered_f1(bodies[best], golds[gi])
        if g.title is not None:
            titled += 1
            titles_right += squash(records[best].get("title")) == squash(g.title)
        others = [o for oi, o in enumerate(golds) if oi != gi]
        body = bodies[best]
        if any(o[i:i + LEAK_RUN] in body for o in others for i in range(0, max(1, len(o) - LEAK_RUN + 1), LEAK_RUN)):
            leaks += 1
    return PageScore(len(records) == len(gold), len(gold), titles_right, titled, f1_sum, leaks)


@dataclass
class Totals:
    """Page scores summed over a run: the figures the benchmarks print."""

    pages: int = 0
    exact: int = 0
    articles: int = 0
    titled: int = 0
    right: int = 0
    leaks: int = 0
    f1: float = 0.0
    worst: list = field(default_factory=list)  # (score, seed), lowest first when sorted

    def add(self, s: PageScore, seed: int) -> None:
        self.pages += 1
        self.exact += s.exact_count
        self.articles += s.articles
        self.titled += s.titled
        self.right += s.titles_right
        self.leaks += s.leaks
        self.f1 += s.f1_sum
        self.worst.append((s.f1_sum / max(1, s.articles) - (not s.exact_count), seed))

    def figures(self, elapsed: float) -> dict:
        return {"pages": self.pages, "exact_count": self.exact / max(1, self.pages),
                "titles": self.right / max(1, self.titled), "body_f1": self.f1 / max(1, self.articles),
                "leak_rate": self.leaks / max(1, self.articles), "pages_per_s": self.pages / max(elapsed, 1e-9),
                "worst": [seed for _, seed in sorted(self.worst)[:5]]}


HEADER = f"{'pages':>6}{'exact count':>13}{'titles':>8}{'body F1':>9}{'leaks':>7}{'pages/s':>9}"


def figure_line(r: dict) -> str:
    """The figures of one run under HEADER."""
    return (f"{r['pages']:>6}{r['exact_count']:>13.2f}{r['titles']:>8.2f}{r['body_f1']:>9.3f}"
            f"{r['leak_rate']:>7.2f}{r['pages_per_s']:>9.1f}")
