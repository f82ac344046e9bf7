"""v1 (no reprint columns), v2 (no derived columns) and v4 partitions side by side, read four ways:
pandas, pyarrow.dataset, DuckDB, Polars; v3 files (no filed_date) are read and upgraded too."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import make_record

from load.dataset import DATASET_SCHEMA, dataset, duckdb_view, polars_frame, read_articles, read_pandas
from load.schema import DERIVED_COLUMNS, FILE_SCHEMA, LOAD_COLUMNS, SCHEMA_VERSION
from load.validate import validate
from load.writer import PART_FILE, write_articles

V3_FILE_SCHEMA = pa.schema([f for f in FILE_SCHEMA if f.name != "filed_date"], metadata={"schema_version": "3"})
V2_FILE_SCHEMA = pa.schema([f for f in V3_FILE_SCHEMA if f.name not in DERIVED_COLUMNS], metadata={"schema_version": "2"})
V1_FILE_SCHEMA = pa.schema([f for f in V2_FILE_SCHEMA if f.name not in LOAD_COLUMNS], metadata={"schema_version": "1"})
# What each version's row reads as: (article_id, source, dup_group, is_canonical, places, investment_cny).
EXPECTED = [("v1", "aaa", None, None, None, None), ("v2", "bbb", "v2", True, None, None),
            ("v3", "ccc", "v3", True, ["620100"], 1e9)]
COLUMNS = ["article_id", "source", "dup_group", "is_canonical", "places", "investment_cny"]


def _write_old(root, aid: str, source: str, month: int, schema: pa.Schema) -> None:
    table, _ = validate([make_record(article_id=aid, source=source, published_date=date(2024, month, 5),
                                     content_sha256=f"h-{aid}", input_key=f"k-{aid}", input_path=f"p-{aid}")])
    table = table.set_column(table.schema.get_field_index("dup_group"), "dup_group", pa.array([aid]))
    table = table.set_column(table.schema.get_field_index("is_canonical"), "is_canonical", pa.array([True]))
    path = root / f"source={source}/year=2024/month={month:02d}" / PART_FILE
    path.parent.mkdir(parents=True)
    pq.write_table(table.select(schema.names).cast(schema), path)


@pytest.fixture
def mixed(tmp_path):
    """`aaa` 2024-01 by v1 (sorts first: readers that sample one file see v1), `bbb` by v2, `ccc` by v3."""
    root = tmp_path / "articles"
    _write_old(root, "v1", "aaa", 1, V1_FILE_SCHEMA)
    _write_old(root, "v2", "bbb", 2, V2_FILE_SCHEMA)
    # Grouping and mentions off: either would upgrade the old partitions in place.
    write_articles([make_record(article_id="v3", source="ccc", published_date=date(2024, 3, 5), places=["620100"],
                                investment_cny=1e9, content_sha256="h-v3", input_key="k-v3", input_path="p-v3")],
                   root, reprints_enabled=False, mentions_enabled=False)
    # before v5 partitions were month=01: the write renamed them (schema v5 layout), files untouched
    assert not list(root.glob("source=*/year=*/month=0*"))
    assert pq.read_schema(root / "source=aaa/year=2024/month=1" / PART_FILE).names == V1_FILE_SCHEMA.names
    assert pq.read_schema(root / "source=bbb/year=2024/month=2" / PART_FILE).names == V2_FILE_SCHEMA.names
    return root


def test_schema_version_is_6():
    assert SCHEMA_VERSION == 6 and DATASET_SCHEMA.metadata[b"schema_version"] == b"6"
    assert FILE_SCHEMA.names[-4:-2] == list(DERIVED_COLUMNS) == ["places", "investment_cny"]
    assert FILE_SCHEMA.names[-2:] == ["filed_date", "published_month"] and FILE_SCHEMA.field("published_date").nullable


def test_files_without_published_month_take_the_month_of_their_date(tmp_path):
    """Before v6 there was no published_month: readers and an upgrading write give the month of
    published_date; a v6 row keeps a month stated without a day."""
    root = tmp_path / "articles"
    v5 = pa.schema([f for f in FILE_SCHEMA if f.name != "published_month"], metadata={"schema_version": "5"})
    _write_old(root, "old", "aaa", 3, v5)
    (root / "source=aaa/year=2024/month=03").rename(root / "source=aaa/year=2024/month=3")
    issue = make_record(article_id="issue", source="aaa", published_date=None, date_source=None,
                        content_sha256="h-issue", input_key="k-issue", input_path="p-issue")
    issue["published_month"] = "1998-03"  # no filed_date: the writer files it on the month's first day
    write_articles([issue], root, reprints_enabled=False, mentions_enabled=False)
    assert pq.read_table(root / "source=aaa/year=1998/month=3" / PART_FILE)["filed_date"].to_pylist() == [date(1998, 3, 1)]
    table = read_articles(root, columns=["article_id", "published_date", "published_month"]).sort_by("article_id")
    assert table.to_pylist() == [{"article_id": "issue", "published_date": None, "published_month": "1998-03"},
                                 {"article_id": "old", "published_date": date(2024, 3, 5), "published_month": "2024-03"}]
    write_articles([make_record(article_id="new", source="aaa", published_date=date(2024, 3, 9), content_sha256="h-new",
                                input_key="k-new", input_path="p-new")], root, mentions_enabled=False)
    stored = pq.read_table(root / "source=aaa/year=2024/month=3" / PART_FILE).sort_by("article_id")
    assert stored.schema.names == FILE_SCHEMA.names
    assert stored["published_month"].to_pylist() == ["2024-03", "2024-03"]


def test_a_month_that_disagrees_with_the_date_is_refused():
    good, _ = validate([make_record(published_date=date(2024, 3, 5))])
    assert good["published_month"].to_pylist() == ["2024-03"]  # filled from the date
    for month in ("2024-04", "2024-3", "March"):
        kept, rejected = validate([make_record(published_date=date(2024, 3, 5), published_month=month)])
        assert kept.num_rows == 0 and "published_month" in rejected[0].reasons[0]


def test_files_without_filed_date_are_filed_by_their_published_date(mixed):
    """Before v4 the partition was the published date: readers of the project fill it in."""
    table = read_articles(mixed, columns=["article_id", "published_date", "filed_date"]).sort_by("article_id")
    assert table["filed_date"].to_pylist() == table["published_date"].to_pylist()
    assert table["filed_date"].to_pylist() == [date(2024, 1, 5), date(2024, 2, 5), date(2024, 3, 5)]


def test_a_v3_partition_is_upgraded_by_a_write_and_keeps_its_month(tmp_path):
    root = tmp_path / "articles"
    _write_old(root, "old", "aaa", 4, V3_FILE_SCHEMA)
    undated = make_record(article_id="new", source="aaa", published_date=None, date_source=None,
                          content_sha256="h-new", input_key="k-new", input_path="p-new")
    undated["filed_date"] = date(2024, 4, 20)
    write_articles([undated], root, reprints_enabled=False, mentions_enabled=False)
    stored = pq.read_table(root / "source=aaa/year=2024/month=4" / PART_FILE).sort_by("article_id")
    assert stored.schema.names == FILE_SCHEMA.names
    assert stored["article_id"].to_pylist() == ["new", "old"]
    assert stored["published_date"].to_pylist() == [None, date(2024, 4, 5)]
    assert stored["filed_date"].to_pylist() == [date(2024, 4, 20), date(2024, 4, 5)]


def test_pyarrow_dataset_with_the_current_schema(mixed):
    table = dataset(mixed).to_table().sort_by("article_id")
    assert table.schema.equals(DATASET_SCHEMA)
    assert [tuple(r.values()) for r in table.select(COLUMNS).to_pylist()] == EXPECTED
    assert table["month"].to_pylist() == [1, 2, 3]
    assert read_articles(mixed, columns=["article_id"]).num_rows == 3


def test_pandas(mixed):
    df = read_pandas(mixed).sort_values("article_id")
    assert list(df["dup_group"].astype(object).where(df["dup_group"].notna(), None)) == [None, "v2", "v3"]
    assert df["investment_cny"].isna().tolist() == [True, True, False]
    # Plain pandas against the same schema works too.
    plain = pd.read_parquet(mixed, schema=DATASET_SCHEMA).sort_values("article_id")
    assert list(plain["article_id"]) == ["v1", "v2", "v3"] and plain["is_canonical"].isna().tolist() == [True, False, False]
    assert [None if p is None else list(p) for p in plain["places"]] == [None, None, ["620100"]]


def test_duckdb(mixed):
    con = duckdb.connect()
    duckdb_view(con, mixed)
    rows = con.sql(f"SELECT {', '.join(COLUMNS)} FROM articles ORDER BY 1").fetchall()
    assert rows == EXPECTED


def test_polars(mixed):
    df = polars_frame(mixed).select(*COLUMNS).sort("article_id").collect()
    assert df.rows() == EXPECTED


def test_grouped_write_upgrades_old_partitions(mixed):
    write_articles([make_record(article_id="v4", source="ccc", published_date=date(2024, 3, 6),
                                content_sha256="other", input_key="k4", input_path="p4")], mixed)
    table = read_articles(mixed).sort_by("article_id")
    assert table["dup_group"].to_pylist() == ["v1", "v2", "v3", "v4"]
    # Every file now has the v3 columns, and every partition its mentions ("正文内容。" names no place).
    for part in ("source=aaa/year=2024/month=1", "source=bbb/year=2024/month=2"):
        assert pq.read_schema(mixed / part / PART_FILE).names == FILE_SCHEMA.names
        assert (mixed.parent / "mentions" / part / PART_FILE).exists()
    # ccc was written with mentions off; its supplied values give way to its body's (no place).
    assert table["places"].to_pylist() == [[], [], [], []]


def test_month_is_an_integer_in_every_reader(mixed):
    """Schema v5: `month=3`, so `month = 3` finds the rows in every reader; with `month=03`
    DuckDB read VARCHAR and the same filter matched nothing."""
    import pandas as pd
    import polars as pl

    con = duckdb.connect()
    glob = f"{mixed}/**/*.parquet"
    described = con.sql(f"DESCRIBE SELECT year, month FROM read_parquet('{glob}', hive_partitioning = true, "
                        "union_by_name = true)").fetchall()
    types = {row[0]: row[1] for row in described}
    assert types == {"year": "BIGINT", "month": "BIGINT"}
    assert con.sql(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true, union_by_name = true) "
                   "WHERE month = 3").fetchall() == [(1,)]
    lazy = pl.scan_parquet(glob, hive_partitioning=True, missing_columns="insert", extra_columns="ignore")
    assert lazy.collect_schema()["month"] == pl.Int64
    assert lazy.filter(pl.col("month") == 3).select(pl.len()).collect().item() == 1
    plain = pd.read_parquet(mixed, schema=DATASET_SCHEMA)
    assert (plain["month"] == 3).sum() == 1
    assert pd.api.types.is_integer_dtype(read_pandas(mixed)["month"])
    assert pa.types.is_integer(dataset(mixed).schema.field("month").type)
