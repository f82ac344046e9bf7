"""load.writer, load.quarantine, load.manifest against a real filesystem and real readers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from conftest import make_record

from load.manifest import list_manifests, new_run_id, read_manifest, write_manifest
from load.quarantine import quarantine_entry, read_quarantine, update_quarantine
from load.schema import SCHEMA_VERSION
from load.validate import RecordError, records_to_table
from load.writer import (
    PART_FILE,
    read_articles,
    recover,
    stored_schema,
    work_dir,
    write_articles,
)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def _ids(root: Path) -> list[str]:
    return sorted(read_articles(root)["article_id"].to_pylist())


def test_layout_and_all_three_readers(tmp_path):
    root = tmp_path / "articles"
    recs = [
        make_record(article_id="a1", content_sha256="h1", published_date=date(2024, 5, 3)),
        make_record(article_id="a2", content_sha256="h2", published_date=date(2024, 6, 1), source="other"),
        make_record(article_id="a3", content_sha256="h3", published_date=date(2023, 12, 31)),
    ]
    result = write_articles(recs, root)
    assert sorted(p.path for p in result.partitions) == [
        "source=other/year=2024/month=6", "source=test/year=2023/month=12", "source=test/year=2024/month=5"]
    for f in root.rglob("*.parquet"):
        assert f.name == PART_FILE
        assert pq.read_schema(f).equals(stored_schema(), check_metadata=True)  # no `source` inside
    df = pd.read_parquet(root)
    assert sorted(zip(df.article_id, df.source.astype(str), df.year.astype(int), df.month.astype(int),
                      strict=True)) == [("a1", "test", 2024, 5), ("a2", "other", 2024, 6), ("a3", "test", 2023, 12)]
    table = ds.dataset(root, partitioning="hive").to_table()
    assert table.num_rows == 3 and table.schema.field("source").type == "string"
    rows = duckdb.sql(f"SELECT article_id, source, year, month FROM read_parquet('{root}/**/*.parquet', "
                      "hive_partitioning = true) ORDER BY article_id").fetchall()
    assert [(r[0], r[1], int(r[2]), int(r[3])) for r in rows] == [
        ("a1", "test", 2024, 5), ("a2", "other", 2024, 6), ("a3", "test", 2023, 12)]


def test_rewrite_is_byte_identical(tmp_path):
    root = tmp_path / "articles"
    recs = [make_record(article_id=f"id{i}", content_sha256=f"h{i}") for i in range(5)]
    write_articles(recs, root)
    before = _files(root)
    result = write_articles(list(reversed(recs)), root)
    assert _files(root) == before
    assert result.rows_replaced == 5 and result.partitions[0].rows == 5


def test_reloaded_input_replaces_rows_in_other_months(tmp_path):
    root = tmp_path / "articles"
    write_articles([make_record(article_id="old", input_key="k1", published_date=date(2024, 5, 3)),
                    make_record(article_id="keep", input_key="k2", input_path="in/b.txt",
                                content_sha256="other", published_date=date(2024, 5, 4))], root)
    # Same input re-parsed: its date moved to June and it now yields a different article id.
    result = write_articles([make_record(article_id="new", input_key="k1", published_date=date(2024, 6, 1))], root)
    assert result.rows_replaced == 1
    assert _ids(root) == ["keep", "new"]
    assert (root / "source=test/year=2024/month=5" / PART_FILE).exists()


def test_emptied_partition_is_removed(tmp_path):
    root = tmp_path / "articles"
    write_articles([make_record(article_id="x", published_date=date(2024, 5, 3))], root)
    write_articles([make_record(article_id="x", published_date=date(2024, 7, 3))], root)
    assert not (root / "source=test/year=2024/month=5").exists()
    assert _ids(root) == ["x"]


def test_same_path_new_content_replaces_old_rows(tmp_path):
    root = tmp_path / "articles"
    write_articles([make_record(article_id="v1", input_key="sha256:v1", input_path="in/a.txt")], root)
    write_articles([make_record(article_id="v2", input_key="sha256:v2", input_path="in/a.txt",
                                content_sha256="new")], root)
    assert _ids(root) == ["v2"]


def test_dedupe_newest_read_at_and_content(tmp_path):
    root = tmp_path / "articles"
    t0 = datetime(2024, 5, 4, tzinfo=UTC)
    write_articles([make_record(article_id="a", input_key="k1", title="old", read_at=t0 + timedelta(days=2))], root)
    # An older read of the same article (other input) must not win; a newer one must.
    write_articles([make_record(article_id="a", input_key="k2", input_path="x", title="older", read_at=t0)], root)
    assert read_articles(root)["title"].to_pylist() == ["old"]
    write_articles([make_record(article_id="a", input_key="k3", input_path="y", title="newest",
                                read_at=t0 + timedelta(days=5))], root)
    assert read_articles(root)["title"].to_pylist() == ["newest"]
    # Exact same content under another id (a reprint in another input) is kept once.
    res = write_articles([make_record(article_id="b", input_key="k4", input_path="z", content_sha256="c" * 64,
                                      read_at=t0)], root)
    assert _ids(root) == ["a"] and res.duplicates_dropped == 1


def test_rows_sorted_by_date_then_time_then_id(tmp_path):
    root = tmp_path / "articles"
    sh = datetime(2024, 5, 3, 9, 0, tzinfo=UTC)
    write_articles([
        make_record(article_id="z", content_sha256="1", published_date=date(2024, 5, 1)),
        make_record(article_id="b", content_sha256="2", published_date=date(2024, 5, 3), published_at=sh),
        make_record(article_id="a", content_sha256="3", published_date=date(2024, 5, 3)),
    ], root)
    assert pq.read_table(next(root.rglob(PART_FILE)))["article_id"].to_pylist() == ["z", "b", "a"]


def test_naive_published_at_is_china_time():
    table = records_to_table([make_record(published_at=datetime(2024, 5, 3, 10, 0))])
    assert table["published_at"][0].as_py() == datetime(2024, 5, 3, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize("bad, message", [
    ({"body": None}, "required"),
    ({"surprise": 1}, "not in the article schema"),
    ({"source": "../etc"}, "invalid source"),
    ({"clicks": "many"}, "do not convert"),
])
def test_records_that_break_the_contract_are_rejected(bad, message):
    with pytest.raises(RecordError, match=message):
        records_to_table([make_record(**bad)])


def test_leftover_staging_is_ignored_by_readers_and_recovered(tmp_path):
    root = tmp_path / "articles"
    write_articles([make_record(article_id="a")], root)
    staging = work_dir(root) / "staging"
    (staging / "dead.parquet").write_bytes(b"PAR1 truncated")  # what a killed write leaves
    assert pd.read_parquet(root).shape[0] == 1
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{root}/**/*.parquet')").fetchall()[0][0] == 1
    assert recover(root) == [str(staging / "dead.parquet")]
    assert not any(staging.iterdir())
    write_articles([make_record(article_id="b", content_sha256="b", input_key="kb", input_path="b")], root)
    assert _ids(root) == ["a", "b"]


def test_quarantine_replace_keep_and_retry(tmp_path):
    q = tmp_path / "quarantine"
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    first = [quarantine_entry("a.txt", "s", "read", ("OSError", "boom"), b"x" * 5000, when=t0),
             quarantine_entry("b.txt", "s", "decode", ValueError("bad\nbytes"), None, when=t0)]
    assert update_quarantine(q, first, ["a.txt", "b.txt"]).total == 2
    rows = {r["input_ref"]: r for r in read_quarantine(q)}
    assert len(rows["a.txt"]["head"]) == 2048 and rows["b.txt"]["message"] == "bad bytes"
    # Re-run: a.txt parses now (processed, no failure), b.txt fails the same way again.
    again = [quarantine_entry("b.txt", "s", "decode", ValueError("bad\nbytes"), None, when=t0 + timedelta(days=1))]
    upd = update_quarantine(q, again, ["a.txt", "b.txt", "c.txt"])
    assert (upd.added, upd.removed, upd.total) == (0, 1, 1)
    (only,) = read_quarantine(q)
    assert only["input_ref"] == "b.txt" and only["quarantined_at"] == t0  # first time kept
    # A run over other inputs keeps b.txt.
    update_quarantine(q, [], ["z.txt"])
    assert [r["input_ref"] for r in read_quarantine(q)] == ["b.txt"]


def test_manifest_roundtrip(tmp_path):
    run_id = new_run_id(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert run_id.startswith("20260102T030405000000Z-")
    path = write_manifest(tmp_path, {"run_id": run_id, "counts": {"read": 3}, "when": date(2026, 1, 2)})
    assert path == tmp_path / "_runs" / f"{run_id}.json"
    body = read_manifest(path)
    assert body["counts"] == {"read": 3} and body["when"] == "2026-01-02" and body["schema_version"] == SCHEMA_VERSION
    assert list_manifests(tmp_path) == [path]
    with pytest.raises(ValueError):
        write_manifest(tmp_path, {"counts": {}})
