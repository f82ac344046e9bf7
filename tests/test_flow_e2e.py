"""The news_etl flow end to end on real inputs, in Prefect's local test harness, read back with
pandas, pyarrow.dataset and DuckDB."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from conftest import GOOD_TEXT, SAMPLES, SEEDS, corpus_missing

from extract.local import discover, read_input
from load.dataset import read_articles
from load.dedup import INDEX_FILE
from load.manifest import REQUIRED_KEYS, read_manifest
from load.quarantine import read_quarantine
from load.schema import SCHEMA_VERSION
from load.validate import REQUIRED_FIELDS
from load.writer import stored_schema
from transform import TransformError, parse_page

pytestmark = pytest.mark.slow


def parsed_records(inputs: list[str], source: str) -> list[dict]:
    """What the transform alone makes of the inputs: the flow must store exactly this."""
    items, _ = discover(inputs, source)
    records = []
    for item in items:
        with contextlib.suppress(TransformError):  # those go to the quarantine
            records += parse_page(read_input(item))
    return records


def check_dataset(root: Path, records: list[dict]) -> pd.DataFrame:
    """Assert the stored dataset matches the records, through all three readers."""
    # The writer keeps one row per content hash within a partition.
    expected = {(r["source"], r["filed_date"].year, r["filed_date"].month, r["content_sha256"]): r
                for r in records}
    expected_ids = sorted(r["article_id"] for r in expected.values())
    parts = {(s, y, m) for s, y, m, _ in expected}
    on_disk = {(p.parent.parent.name[7:], int(p.parent.name[5:]), int(p.name[6:]))
               for p in root.glob("source=*/year=*/month=*")}
    assert on_disk == parts

    df = pd.read_parquet(root)
    assert sorted(df["article_id"]) == expected_ids
    for name in REQUIRED_FIELDS:
        assert df[name].notna().all(), name
    dates = pd.to_datetime(df["filed_date"])  # the partition is the filing month ...
    assert (dates.dt.year == df["year"].astype(int)).all() and (dates.dt.month == df["month"].astype(int)).all()
    dated = df["published_date"].notna()  # ... which is the publication month whenever there is one
    assert (df.loc[dated, "published_date"] == df.loc[dated, "filed_date"]).all()
    assert set(df.loc[~dated, "date_source"].dropna()) == set()

    table = ds.dataset(root, format="parquet", partitioning="hive").to_table()
    assert sorted(table["article_id"].to_pylist()) == expected_ids

    rows = duckdb.sql(f"SELECT source, year, month, count(*) FROM read_parquet('{root}/**/*.parquet', "
                      "hive_partitioning = true) GROUP BY ALL").fetchall()
    counts: dict[tuple, int] = {}
    for s, y, m, _ in expected:
        counts[(s, y, m)] = counts.get((s, y, m), 0) + 1
    assert {(s, int(y), int(m)): n for s, y, m, n in rows} == counts

    schemas = [pq.read_schema(f) for f in root.rglob("*.parquet")]
    assert all(s.equals(stored_schema(), check_metadata=True) for s in schemas)
    # Reprint groups: filled, consistent, and mirrored by the signature index.
    assert df["dup_group"].notna().all()
    assert ((df["dup_group"] == df["article_id"]) == df["is_canonical"]).all()
    assert set(df["dup_group"]) <= set(df["article_id"])
    index = pq.read_table(root.parent / "_index" / INDEX_FILE)
    assert sorted(index["article_id"].to_pylist()) == expected_ids
    return df


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def run_and_check(news_etl, inputs: list[str], source: str, out: Path) -> None:
    records = parsed_records(inputs, source)
    summary = news_etl(inputs=inputs, out=str(out), source=source)
    assert summary["counts"]["records"] == len(records)
    df = check_dataset(out / "articles", records)
    manifest = read_manifest(summary["manifest_path"])
    assert manifest["run_id"] == summary["run_id"] and manifest["flow_run_id"]
    assert set(REQUIRED_KEYS) <= set(manifest) and manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["parameters"]["inputs"] == inputs and manifest["parameters"]["source"] == source
    assert manifest["counts"]["records"] == len(records) and manifest["counts"]["rejected"] == 0
    assert {p["path"] for p in manifest["partitions"]} == {
        str(p.relative_to(out / "articles")) for p in (out / "articles").glob("source=*/year=*/month=*")}

    before = files(out / "articles")
    again = news_etl(inputs=inputs, out=str(out), source=source)
    assert again["counts"]["rows_replaced"] == len(df)  # every row re-loaded ...
    assert files(out / "articles") == before  # ... into byte-identical files
    pd.testing.assert_frame_equal(pd.read_parquet(out / "articles"), df)


def test_seeds_end_to_end(news_etl, tmp_path):
    if not SEEDS.is_dir():
        corpus_missing(f"seed pages not found at {SEEDS}")
    if not discover([str(SEEDS)])[0]:
        corpus_missing(f"no .txt/.html/.htm/.pdf inputs in {SEEDS}")
    run_and_check(news_etl, [str(SEEDS)], "seeds", tmp_path / "out")


def test_samples_end_to_end(news_etl, tmp_path):
    if not discover([str(SAMPLES)])[0]:
        pytest.skip(f"samples/ holds no .txt/.html/.htm/.pdf inputs yet ({SAMPLES})")
    run_and_check(news_etl, [str(SAMPLES)], "samples", tmp_path / "out")


def test_bad_inputs_go_to_quarantine_and_are_retried(news_etl, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 600)
    expected_stage = {}
    for name in ("empty.txt", "binary.txt"):
        with pytest.raises(TransformError) as err:
            parse_page(read_input(discover([str(src / name)])[0][0]))
        expected_stage[str(src / name)] = err.value.stage
    out = tmp_path / "out"

    summary = news_etl(inputs=[str(src)], out=str(out), source="t")
    assert summary["counts"]["parsed"] == 1 and summary["counts"]["records"] >= 1  # the run went on
    check_dataset(out / "articles", parsed_records([str(src / "good.txt")], "t"))
    quarantined = {r["input_ref"]: r for r in read_quarantine(out / "quarantine")}
    assert {ref: r["stage"] for ref, r in quarantined.items()} == expected_stage
    assert quarantined[str(src / "binary.txt")]["head"] == (b"\x00\x01\x02\xff" * 600)[:2048]
    assert {q["input_ref"] for q in summary["quarantined"]} == set(expected_stage)

    # Fix one input in place and re-run the same inputs: it leaves the quarantine.
    (src / "empty.txt").write_text(GOOD_TEXT.replace("春季", "夏季"), encoding="utf-8")
    news_etl(inputs=[str(src)], out=str(out), source="t")
    assert [r["input_ref"] for r in read_quarantine(out / "quarantine")] == [str(src / "binary.txt")]

    # Fix the other and run over *other* inputs: quarantined files are retried anyway.
    (src / "binary.txt").write_text(GOOD_TEXT.replace("春季", "冬季"), encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "other.txt").write_text(GOOD_TEXT.replace("春季", "秋季"), encoding="utf-8")
    summary = news_etl(inputs=[str(other)], out=str(out), source="t")
    assert summary["counts"]["retried_from_quarantine"] == 1
    assert read_quarantine(out / "quarantine") == []
    stored = set(pd.read_parquet(out / "articles")["input_path"])
    assert stored == {str(src / "binary.txt"), str(src / "empty.txt"), str(src / "good.txt"), str(other / "other.txt")}


def test_validation_quarantine_and_reprints_across_sources(news_etl, tmp_path):
    """A record dated 2099 is quarantined at stage validate while the rest is written; a reprint
    loaded later under another source joins the first article's group."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    # No date in the text: published_date stays empty and the row is filed by the file's mtime, 2099.
    undated = GOOD_TEXT.replace("甘肃日报 2024年3月5日\n", "").replace("3月4日,", "").replace("春季", "秋季")
    (src / "future.txt").write_text(undated, encoding="utf-8")
    os.utime(src / "future.txt", (4070908800, 4070908800))  # 2099-01-01
    out = tmp_path / "out"
    summary = news_etl(inputs=[str(src)], out=str(out), source="gsrb")
    (q,) = read_quarantine(out / "quarantine")
    assert (q["input_ref"], q["stage"], q["error_class"]) == (str(src / "future.txt"), "validate", "ValidationError")
    assert "filed_date 2099-01-01 is in the future" in q["message"]
    assert summary["counts"]["rejected"] == 1 and summary["counts"]["quarantined"] == {"validate": 1}
    assert set(pd.read_parquet(out / "articles")["input_path"]) == {str(src / "good.txt")}

    # Fixed in place: the next run (over other inputs) retries it and it leaves the quarantine.
    (src / "future.txt").write_text(GOOD_TEXT.replace("春季", "秋季"), encoding="utf-8")
    other = tmp_path / "reprint"
    other.mkdir()
    reprint = GOOD_TEXT.replace("本报记者 张三", "来源:甘肃日报").replace("甘肃日报 2024年3月5日", "兰州晚报 2024年3月6日")
    (other / "reprint.txt").write_text(reprint, encoding="utf-8")
    summary = news_etl(inputs=[str(other)], out=str(out), source="lzwb")
    assert read_quarantine(out / "quarantine") == []
    table = read_articles(out / "articles")
    rows = {(s, p.split("/")[-1]): (g, c) for s, p, g, c in zip(*(table[n].to_pylist() for n in (
        "source", "input_path", "dup_group", "is_canonical")), strict=True)}
    good_id = table.filter(pc.equal(table["input_path"], str(src / "good.txt")))["article_id"][0].as_py()
    assert rows[("gsrb", "good.txt")] == (good_id, True)
    assert rows[("lzwb", "reprint.txt")] == (good_id, False)
    assert manifest_counts(summary)["rejected"] == 0


def manifest_counts(summary: dict) -> dict:
    return read_manifest(summary["manifest_path"])["counts"]
