"""Idempotence, backfills over a date range, and streamed input."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
from conftest import make_record

from load.dataset import read_articles
from load.validate import validate
from load.writer import write_articles


def rec(aid: str, day: date, source: str = "test") -> dict:
    return make_record(article_id=aid, source=source, published_date=day, content_sha256=f"h-{aid}",
                       input_key=f"k-{aid}", input_path=f"in/{aid}.txt", body=f"正文{aid}")


def files(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def ids(root) -> list[str]:
    return sorted(read_articles(root, columns=["article_id"])["article_id"].to_pylist())


def test_same_inputs_twice_same_rows(tmp_path):
    root = tmp_path / "articles"
    batch = [rec(f"a{i}", date(2024, 1 + i % 3, 1 + i)) for i in range(9)]
    write_articles(batch, root)
    before = files(root)
    write_articles(batch + batch[:3], root)  # the same records again, some twice in one batch
    assert files(root) == before
    assert ids(root) == sorted(r["article_id"] for r in batch)


def test_backfill_replaces_only_the_range(tmp_path):
    root = tmp_path / "articles"
    write_articles([rec("jan", date(2024, 1, 10)), rec("feb1", date(2024, 2, 1)), rec("feb20", date(2024, 2, 20)),
                    rec("mar", date(2024, 3, 5)), rec("apr", date(2024, 4, 2)), rec("other", date(2024, 2, 3), "b")],
                   root)
    jan_before = files(root)["source=test/year=2024/month=1/part-0.parquet"]
    # Backfill 2024-02-01..2024-03-31 for source test: February re-fetched (feb1 gone, feb2 new),
    # March fetched nothing.
    result = write_articles([rec("feb2", date(2024, 2, 2)), rec("feb20", date(2024, 2, 20))], root,
                            replace_range=(date(2024, 2, 1), date(2024, 3, 31)))
    assert ids(root) == ["apr", "feb2", "feb20", "jan", "mar", "other"]
    assert [p.path for p in result.partitions] == ["source=test/year=2024/month=2"]
    assert result.range_partitions_kept == ["source=test/year=2024/month=3"]  # empty month kept, said so
    assert files(root)["source=test/year=2024/month=1/part-0.parquet"] == jan_before
    # Asked explicitly: an empty month in the range is cleared; rows outside the range stay.
    write_articles([], root, replace_range=(date(2024, 3, 1), date(2024, 3, 31)), range_sources=["test"],
                   delete_missing=True)
    assert ids(root) == ["apr", "feb2", "feb20", "jan", "other"]
    assert not (root / "source=test/year=2024/month=3").exists()


def test_backfill_part_of_a_month_keeps_the_other_days(tmp_path):
    root = tmp_path / "articles"
    write_articles([rec("d1", date(2024, 5, 1)), rec("d10", date(2024, 5, 10)), rec("d20", date(2024, 5, 20))], root)
    write_articles([rec("d11", date(2024, 5, 11))], root, replace_range=(date(2024, 5, 5), date(2024, 5, 15)))
    assert ids(root) == ["d1", "d11", "d20"]


def test_streamed_chunks_equal_one_batch(tmp_path):
    batch = [rec(f"s{i}", date(2024, 1 + i % 4, 1 + i % 27)) for i in range(40)]
    write_articles(batch, tmp_path / "one")
    table, _ = validate(batch)
    chunks = (table.slice(i, 7).to_batches()[0] if i % 2 else table.slice(i, 7) for i in range(0, 40, 7))
    result = write_articles(chunks, tmp_path / "streamed")
    assert result.records_in == 40
    assert files(tmp_path / "streamed") == files(tmp_path / "one")
    assert not list((tmp_path / ".streamed-work" / "staging").iterdir())  # spool removed
    assert isinstance(table, pa.Table)
