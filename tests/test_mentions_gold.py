"""Precision and recall of extract_mentions against hand-labelled gold.

Gold lives in tests/fixtures/mentions/: seeds_gold.json labels the article bodies of the
shared seed pages (by article position; a body that changed shows as a gold span not found
in order), own_texts.json labels short texts
written for these tests, held_out.json labels the team's invented sample pages. A predicted mention is right when kind, start and end equal a
gold span; values, roles and codes of matched mentions are checked separately.
Run with -s to see the table; MENTIONS_WRITE_DOCS=1 also rewrites it in docs/enrichment.md.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from transform import RawPage, parse_page
from transform.enrich.mentions import KINDS, extract_mentions

FIXTURES = Path(__file__).parent / "fixtures" / "mentions"
SEEDS = Path(os.environ.get("SEEDS_DIR", "/work/shared/seeds"))
DOCS_FILE = Path(__file__).parent.parent / "docs" / "enrichment.md"
TARGETS = {  # kind: (min precision, min recall); None = not asserted
    "money": (0.98, 0.95),
    "place": (0.95, 0.90),
    "organisation": (0.90, None),
    "capacity": (0.95, 0.90),
    "project": (0.85, 0.75),
}


def _resolve(body: str, kind: str, items: list) -> list[tuple[int, int, list]]:
    """Gold items to spans: each is the next occurrence of its text after the previous item."""
    spans, cursor = [], 0
    for item in items:
        text = item[0]
        at = body.find(text, cursor)
        assert at >= 0, f"gold {kind} {text!r} not found in order in body starting {body[:20]!r}"
        spans.append((at, at + len(text), item))
        cursor = at + len(text)
    return spans


def _seed_docs() -> list[tuple[str, str, dict]]:
    gold = json.loads((FIXTURES / "seeds_gold.json").read_text("utf-8"))
    bodies: dict[str, list[str]] = {}
    docs = []
    for doc in gold["docs"]:
        if doc["seed"] not in bodies:
            path = SEEDS / doc["seed"]
            records = parse_page(RawPage(path.read_bytes(), input_path=str(path)))
            bodies[doc["seed"]] = [r["body"] for r in records]
        articles = bodies[doc["seed"]]
        assert doc["article"] < len(articles), f"{doc['seed']}: parse_page gave {len(articles)} articles"
        docs.append((f"{doc['seed'][:3]}#{doc['article']}", articles[doc["article"]], doc))
    return docs


def _written_docs() -> list[tuple[str, str, dict]]:
    docs = []
    for name in ("own_texts.json", "held_out.json"):
        gold = json.loads((FIXTURES / name).read_text("utf-8"))
        docs += [(d["id"], d["body"], d) for d in gold["docs"]]
    return docs


def score(docs: list[tuple[str, str, dict]]) -> dict:
    """Counts per kind plus attribute errors of matched mentions (listed, for the message)."""
    tp, fp, fn = Counter(), Counter(), Counter()
    misses: list[str] = []
    attr_errors: list[str] = []
    roles = Counter()
    for name, body, doc in docs:
        predicted = extract_mentions(name, body)
        for kind in KINDS:
            if kind not in doc:
                continue
            gold = {(s, e): item for s, e, item in _resolve(body, kind, doc[kind])}
            pred = {(m["start"], m["end"]): m for m in predicted if m["kind"] == kind}
            for span, m in pred.items():
                if span not in gold:
                    fp[kind] += 1
                    misses.append(f"FP {kind} {name} {m['text']}")
                    continue
                tp[kind] += 1
                attr_errors += _attribute_errors(kind, m, gold[span], name, roles)
            for span, item in gold.items():
                if span not in pred:
                    fn[kind] += 1
                    misses.append(f"FN {kind} {name} {item[0]}")
    return {"tp": tp, "fp": fp, "fn": fn, "misses": misses, "attr_errors": attr_errors, "roles": roles}


def _attribute_errors(kind: str, m: dict, item: list, name: str, roles: Counter) -> list[str]:
    if kind == "money":
        value_max = item[5] if len(item) > 5 else None
        roles["right" if m["role"] == item[3] else "wrong"] += 1
        got = (m["value"], m["unit"], m["qualifier"], m["value_max"])
        want = (float(item[1]), item[2], item[4], value_max)
        if m["role"] != item[3]:
            return [f"{name} {item[0]}: role {m['role']} != {item[3]}"]
    elif kind == "capacity":
        got, want = (m["value"], m["unit"], m["qualifier"]), (float(item[1]), item[2], item[3])
    elif kind == "place":
        got, want = m["code"], item[1]
    else:
        return []
    return [] if got == want else [f"{name} {item[0]}: {got} != {want}"]


def table(result: dict) -> str:
    lines = ["| kind | gold | found | right | precision | recall |", "|---|---|---|---|---|---|"]
    for kind in KINDS:
        tp, fp, fn = result["tp"][kind], result["fp"][kind], result["fn"][kind]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        lines.append(f"| {kind} | {tp + fn} | {tp + fp} | {tp} | {p:.3f} | {r:.3f} |")
    return "\n".join(lines)


def _check_targets(result: dict) -> None:
    for kind, (min_p, min_r) in TARGETS.items():
        tp, fp, fn = result["tp"][kind], result["fp"][kind], result["fn"][kind]
        assert tp + fn > 0, f"no gold for {kind}"
        p, r = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn)
        why = "\n".join(x for x in result["misses"] if x.split()[1] == kind)
        assert p >= min_p, f"{kind} precision {p:.3f} < {min_p}\n{why}"
        if min_r is not None:
            assert r >= min_r, f"{kind} recall {r:.3f} < {min_r}\n{why}"


def _write_docs(text: str) -> None:
    start, end = "<!-- gold-table -->", "<!-- /gold-table -->"
    doc = DOCS_FILE.read_text("utf-8")
    head, rest = doc.split(start, 1)
    DOCS_FILE.write_text(f"{head}{start}\n{text}\n{end}{rest.split(end, 1)[1]}", "utf-8")


def test_written_texts_meet_targets():
    """Runs without the seed pages: own texts and held-out sample bodies."""
    result = score(_written_docs())
    print("\nown texts + held-out samples\n" + table(result))
    _check_targets(result)
    assert not result["attr_errors"], result["attr_errors"]


def test_all_gold_meets_targets():
    if not SEEDS.is_dir():
        pytest.skip(
            f"seed pages not found at {SEEDS} (set SEEDS_DIR); own texts and held-out "
            "samples are scored by test_written_texts_meet_targets"
        )
    result = score(_seed_docs() + _written_docs())
    text = table(result)
    print("\nseeds + own texts + held-out samples\n" + text)
    print("\n".join(result["misses"]))
    if os.environ.get("MENTIONS_WRITE_DOCS") == "1":
        _write_docs(text)
    _check_targets(result)
    # Values and codes of what was found are exact; roles are right for at least 95 %.
    value_errors = [e for e in result["attr_errors"] if ": role " not in e]
    assert not value_errors, value_errors
    roles = result["roles"]
    assert roles["right"] / (roles["right"] + roles["wrong"]) >= 0.95, result["attr_errors"]


def test_rows_index_the_body_and_carry_their_sentence():
    body = "甘州区成功签约项目23个,总投资额140.62亿元。\n据介绍,项目计划总投资约37亿元!"
    rows = extract_mentions("a1", body)
    assert {r["kind"] for r in rows} == {"place", "money"}
    for r in rows:
        assert set(r) == {"article_id", "kind", "text", "value", "value_max", "unit", "role", "code",
                          "qualifier", "start", "end", "sentence"}  # fmt: skip
        assert r["article_id"] == "a1"
        assert body[r["start"] : r["end"]] == r["text"]
        assert r["text"] in r["sentence"] and "\n" not in r["sentence"]
    assert rows[-1]["sentence"] == "据介绍,项目计划总投资约37亿元!"
    assert extract_mentions("a1", "") == []


def test_mention_records_fit_the_mentions_schema():
    from datetime import date

    from load.mentions_schema import MENTION_FILE_SCHEMA, MENTION_SCHEMA, mentions_table
    from transform.enrich.mentions import mention_records

    article = {"article_id": "a1", "source": "local", "published_date": date(2024, 4, 18),
               "input_key": "sha256:00", "body": "甘肃银行将向临夏州提供不低于150亿元综合金融支持。"}  # fmt: skip
    table = mentions_table(mention_records(article))
    assert table.schema == MENTION_SCHEMA
    assert table.column("kind").to_pylist() == ["place", "organisation", "place", "money"]
    assert "source" not in MENTION_FILE_SCHEMA.names and "published_date" in MENTION_FILE_SCHEMA.names
    money = [r for r in table.to_pylist() if r["kind"] == "money"][0]
    assert (money["value"], money["role"], money["qualifier"]) == (1.5e10, "credit", "不低于")
    with pytest.raises((TypeError, ValueError, KeyError)):
        mentions_table([{"article_id": "a1"}])  # required columns missing


def test_extraction_is_fast():
    import time

    bodies = [d[1] for d in _written_docs()]
    extract_mentions("warm", bodies[0])
    started = time.perf_counter()
    for body in bodies * 5:
        extract_mentions("t", body)
    per_second = len(bodies) * 5 / (time.perf_counter() - started)
    print(f"\n{per_second:.0f} docs/s over {len(bodies)} written bodies")
    assert per_second > 300  # measured ~3,500 on a shared 2-core box; regexes only
