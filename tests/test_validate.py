"""load.validate and write_articles' handling of bad records: quarantined with reasons, rest written."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import make_record

from load.dataset import read_articles
from load.quarantine import read_quarantine, update_quarantine
from load.validate import EARLIEST, quarantine_rows, validate
from load.writer import write_articles

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def rec(i: int, **overrides) -> dict:
    return make_record(**{"article_id": f"id{i}", "content_sha256": f"h{i}", "input_key": f"k{i}",
                          "input_path": f"in/{i}.txt", **overrides})


@pytest.mark.parametrize("overrides, reason", [
    ({"published_date": date(2024, 6, 3)}, "published_date 2024-06-03 is in the future"),
    ({"published_date": date(1949, 9, 30)}, "before 1949-10-01"),
    ({"published_at": datetime(2024, 6, 5, 8, 0)}, "published_at 2024-06-05 is in the future"),
    ({"body": " \n\u3000 "}, "body is empty"),
    ({"body": None}, "required field body is missing"),
    ({"kind": "video"}, "unknown kind 'video'"),
    ({"script": "latin"}, "unknown script 'latin'"),
    ({"source": "a b"}, "invalid source name"),
    ({"clicks": "many"}, "do not convert"),
    ({"surprise": 1}, "not in the article schema"),
])
def test_each_bad_record_is_rejected_with_its_reason(overrides, reason):
    table, rejected = validate([rec(0), rec(1, **overrides), rec(2)], now=NOW)
    assert table["article_id"].to_pylist() == ["id0", "id2"]
    assert [r.index for r in rejected] == [1]
    assert any(reason in r for r in rejected[0].reasons), rejected[0].reasons


def test_edges_are_accepted():
    tomorrow = NOW.date() + timedelta(days=1)  # China time: 2024-06-01 20:00 -> tomorrow is 06-02
    table, rejected = validate([rec(0, published_date=tomorrow), rec(1, published_date=EARLIEST)], now=NOW)
    assert rejected == [] and table.num_rows == 2


def test_duplicate_article_id_with_other_content_is_rejected_equal_content_is_not():
    records = [rec(0), make_record(article_id="id0", content_sha256="other", input_key="k9", input_path="in/9.txt"),
               make_record(article_id="id0", content_sha256="h0", input_key="k0", input_path="in/0.txt")]
    table, rejected = validate(records, now=NOW)
    assert [r.index for r in rejected] == [1]
    assert "also used by record 0" in rejected[0].reasons[0]
    assert table.num_rows == 2  # the exact duplicate is left to the writer's dedupe


def test_write_quarantines_bad_records_and_writes_the_rest(tmp_path):
    root = tmp_path / "articles"
    records = [rec(0), rec(1, published_date=date(2999, 1, 1)), rec(2, body=""),
               rec(3, published_date=date(2999, 1, 1), input_path="in/0.txt", input_key="k0")]
    result = write_articles(records, root, now=NOW)
    assert sorted(read_articles(root)["article_id"].to_pylist()) == ["id0"]
    assert result.records_in == 4 and len(result.rejected) == 3
    entries = quarantine_rows(result.rejected, "test")
    by_ref = {e["input_ref"]: e for e in entries}
    assert set(by_ref) == {"in/0.txt", "in/1.txt", "in/2.txt"}  # one row per input
    assert all(e["stage"] == "validate" and e["error_class"] == "ValidationError" for e in entries)
    assert "body is empty" in by_ref["in/2.txt"]["message"]
    assert by_ref["in/1.txt"]["raw_sha256"] == "0" * 64 and b'"article_id": "id1"' in by_ref["in/1.txt"]["head"]
    update_quarantine(tmp_path / "quarantine", entries, [])
    assert {r["input_ref"]: r["stage"] for r in read_quarantine(tmp_path / "quarantine")} == {
        "in/0.txt": "validate", "in/1.txt": "validate", "in/2.txt": "validate"}


def test_all_bad_writes_nothing(tmp_path):
    root = tmp_path / "articles"
    result = write_articles([rec(0, body="")], root, now=NOW)
    assert len(result.rejected) == 1 and result.partitions == []
    assert not root.exists() or not any(root.rglob("*.parquet"))
