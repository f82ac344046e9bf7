"""A v1 partition (no reprint columns) beside a v2 one: pandas, pyarrow.dataset, DuckDB, Polars."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import make_record

from load.dataset import DATASET_SCHEMA, dataset, duckdb_view, polars_frame, read_articles, read_pandas
from load.schema import FILE_SCHEMA, LOAD_COLUMNS, SCHEMA_VERSION
from load.validate import validate
from load.writer import PART_FILE, write_articles

V1_FILE_SCHEMA = pa.schema([f for f in FILE_SCHEMA if f.name not in LOAD_COLUMNS], metadata={"schema_version": "1"})


@pytest.fixture
def mixed(tmp_path):
    """`aaa` 2024-01 written by v1 (sorts first: readers that sample one file see v1), `bbb` by v2."""
    root = tmp_path / "articles"
    old, _ = validate([make_record(article_id="v1", source="aaa", published_date=date(2024, 1, 5))])
    v1 = root / "source=aaa/year=2024/month=01" / PART_FILE
    v1.parent.mkdir(parents=True)
    pq.write_table(old.drop_columns(["source", *LOAD_COLUMNS]).cast(V1_FILE_SCHEMA), v1)
    write_articles([make_record(article_id="v2", source="bbb", published_date=date(2024, 2, 5))], root,
                   reprints_enabled=False)  # grouping would upgrade the v1 partition in place
    assert pq.read_schema(v1).names == V1_FILE_SCHEMA.names
    return root


def test_schema_version_is_2():
    assert SCHEMA_VERSION == 2 and DATASET_SCHEMA.metadata[b"schema_version"] == b"2"


def test_pyarrow_dataset_with_the_current_schema(mixed):
    table = dataset(mixed).to_table().sort_by("article_id")
    assert table.schema.equals(DATASET_SCHEMA)
    assert table["dup_group"].to_pylist() == [None, "v2"] and table["is_canonical"].to_pylist() == [None, True]
    assert table["source"].to_pylist() == ["aaa", "bbb"] and table["month"].to_pylist() == [1, 2]
    assert read_articles(mixed, columns=["article_id"]).num_rows == 2


def test_pandas(mixed):
    df = read_pandas(mixed).sort_values("article_id")
    assert list(df["dup_group"].astype(object).where(df["dup_group"].notna(), None)) == [None, "v2"]
    # Plain pandas against the same schema works too.
    plain = pd.read_parquet(mixed, schema=DATASET_SCHEMA).sort_values("article_id")
    assert list(plain["article_id"]) == ["v1", "v2"] and plain["is_canonical"].isna().tolist() == [True, False]


def test_duckdb(mixed):
    con = duckdb.connect()
    duckdb_view(con, mixed)
    rows = con.sql("SELECT article_id, source, dup_group, is_canonical FROM articles ORDER BY 1").fetchall()
    assert rows == [("v1", "aaa", None, None), ("v2", "bbb", "v2", True)]


def test_polars(mixed):
    df = polars_frame(mixed).select("article_id", "source", "dup_group", "is_canonical").sort("article_id").collect()
    assert df.rows() == [("v1", "aaa", None, None), ("v2", "bbb", "v2", True)]


def test_grouped_write_upgrades_old_partitions(mixed):
    write_articles([make_record(article_id="v3", source="bbb", published_date=date(2024, 2, 6),
                                content_sha256="other", input_key="k3", input_path="p3")], mixed)
    table = read_articles(mixed).sort_by("article_id")
    assert table["dup_group"].to_pylist() == ["v1", "v2", "v3"]
    assert pq.read_schema(mixed / "source=aaa/year=2024/month=01" / PART_FILE).names == FILE_SCHEMA.names
