"""Mentions of money, quantities, places, organisations and projects in an article body.

Public API (pure functions; the gazetteer is read from package data once per process):
    extract_mentions(article_id, body) -> list[dict]   rows of the `mentions` dataset
    article_rollup(mentions) -> dict                   derived per-article columns
    article_columns(body) -> dict                      the same columns, skipping names (cheaper)
    mention_records(article) -> list[dict]             rows shaped for load.mentions_schema

Everything is regexes and a dictionary: a whole body is scanned a handful of times, so
enrichment costs far less than parsing the page did. Meanings and measured quality are in
docs/enrichment.md.
"""

from __future__ import annotations

from collections.abc import Collection

from transform.enrich.money import find_amounts
from transform.enrich.orgs import find_orgs, find_projects
from transform.enrich.places import find_places, gazetteer
from transform.enrich.sentences import SentenceIndex, fold_width

KINDS = ("money", "capacity", "place", "organisation", "project")
# Money roles that count towards `investment_cny` in article_rollup.
INVESTMENT_ROLES = frozenset({"investment"})
# The kinds article_rollup reads: organisation and project names do not change its columns.
ROLLUP_KINDS = ("money", "place")


def _row(
    article_id: str, kind: str, body: str, start: int, end: int, sentences: SentenceIndex, **extra
) -> dict:
    row = {
        "article_id": article_id,
        "kind": kind,
        "text": body[start:end],
        "value": None,
        "value_max": None,
        "unit": None,
        "role": None,
        "code": None,
        "qualifier": None,
        "start": start,
        "end": end,
        "sentence": sentences.sentence_at(start),
    }
    row.update(extra)
    return row


def extract_mentions(article_id: str, body: str, kinds: Collection[str] = KINDS) -> list[dict]:
    """All mentions in `body` (Simplified script), ordered by position.

    `start`/`end` index `body` itself; `text` is `body[start:end]` as written, including a
    stray reflow space ("9006.59万 元"). Kinds may overlap: the place in 兰州银行 is a
    mention of its own, and so is the capacity in a project name. `kinds` limits the
    result; leaving out organisations and projects skips their scan, the costliest part.
    """
    if not body:
        return []
    folded = fold_width(body)
    sentences = SentenceIndex(body)
    rows = []
    for a in find_amounts(folded):
        if a.kind not in kinds:
            continue
        rows.append(
            _row(article_id, a.kind, body, a.start, a.end, sentences, value=a.value, value_max=a.value_max,
                 unit=a.unit, role=a.role, qualifier=a.qualifier)
        )  # fmt: skip
    places = find_places(folded) if {"place", "organisation", "project"} & set(kinds) else []
    if "place" in kinds:
        for p in places:
            rows.append(_row(article_id, "place", body, p.start, p.end, sentences, code=p.code))
    if {"organisation", "project"} & set(kinds):
        orgs = find_orgs(folded, places)
        for h in orgs + find_projects(folded, places, orgs):
            if h.kind in kinds:
                rows.append(_row(article_id, h.kind, body, h.start, h.end, sentences))
    rows.sort(key=lambda r: (r["start"], KINDS.index(r["kind"]), r["end"]))
    return rows


def article_rollup(mentions: list[dict]) -> dict:
    """Per-article columns derived from its mentions.

    places: GB/T 2260 codes in order of first mention, each once, without a code whose
        descendant is also mentioned (兰州市 and 城关区 give only 城关区's code). Zones
        carry their prefecture's code.
    investment_cny: sum of `value` over money mentions with role "investment" and unit
        CNY, each distinct amount text once (a figure repeated in a summary is not added
        twice); ranges count their lower bound. An amount after 其中 in its sentence is a
        part of a total already stated and is left out. None when the article states no
        investment. Signed, in-place, output and credit figures are not investment, nor
        are amounts in other currencies (no exchange rate is assumed). Totals and annual
        plans of the same programme can both be stated; the sum then counts both.
    """
    gz = gazetteer()
    codes: list[str] = []
    for m in mentions:
        if m["kind"] == "place" and m["code"] and m["code"] not in codes:
            codes.append(m["code"])
    covered = {a for c in codes for a in gz.ancestors(c)}
    places = [c for c in codes if c not in covered]

    seen: set[str] = set()
    total = None
    for m in mentions:
        if m["kind"] == "money" and m["role"] in INVESTMENT_ROLES and m["unit"] == "CNY":
            key = "".join(m["text"].split())
            if key in seen or _is_breakdown(m):
                continue
            seen.add(key)
            total = (total or 0.0) + m["value"]
    return {"places": places, "investment_cny": total}


def article_columns(body: str) -> dict:
    """`article_rollup(extract_mentions(_, body))` without scanning for names.

    For the transform, which fills `places` and `investment_cny` on every record: the
    rollup reads only money and place mentions, and the organisation and project scan is
    about half of the extraction's cost.
    """
    return article_rollup(extract_mentions("", body, ROLLUP_KINDS))


def _is_breakdown(m: dict) -> bool:
    sentence = m["sentence"] or ""
    at = sentence.find(m["text"])
    return at > 0 and "其中" in sentence[:at]


def mention_records(article: dict) -> list[dict]:
    """Mentions of one article record (from finish_records) with the columns the writer needs.

    Adds `source`, `published_date` (to partition like articles) and `input_key` (so that
    reloading an input replaces its mentions as it replaces its articles).
    """
    rows = extract_mentions(article["article_id"], article["body"])
    for r in rows:
        r["source"] = article["source"]
        r["published_date"] = article["published_date"]
        r["input_key"] = article["input_key"]
    return rows
