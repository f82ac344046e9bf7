"""Reading the article dataset, locally or from S3, with every partition seen through one schema.

Readers that guess the schema from one file break once the schema grows: pyarrow.dataset and
`pandas.read_parquet` take the first file's columns (so v2 columns vanish when a v1 file comes
first), DuckDB needs `union_by_name`, Polars needs the full schema to insert missing columns.
These helpers pass the current schema (`DATASET_SCHEMA`: the article fields plus typed
`year`/`month` partitions) so files of older versions read with nulls in the newer columns.
The mentions dataset (`data/mentions`, load/mentions.py) reads the same way through
`MENTION_DATASET_SCHEMA`, `read_mentions` and `duckdb_view(con, root, "mentions")`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from load.mentions_schema import MENTION_SCHEMA
from load.schema import ARTICLE_SCHEMA, PARTITION_SCHEMA, filed_from_published
from load.storage import Store, open_store

_PARTS = [PARTITION_SCHEMA.field("year"), PARTITION_SCHEMA.field("month")]
DATASET_SCHEMA = pa.schema(list(ARTICLE_SCHEMA) + _PARTS, metadata=ARTICLE_SCHEMA.metadata)
MENTION_DATASET_SCHEMA = pa.schema(list(MENTION_SCHEMA) + _PARTS, metadata=MENTION_SCHEMA.metadata)


def dataset(root: str | Path | Store, schema: pa.Schema = DATASET_SCHEMA) -> ds.Dataset:
    """A pyarrow Dataset over all partitions, typed by DATASET_SCHEMA (source string, year int16, month int8)."""
    store = open_store(root)
    return ds.dataset(store.root, schema=schema, format="parquet", filesystem=store.fs,
                      partitioning=ds.partitioning(PARTITION_SCHEMA, flavor="hive"))


def read_articles(root: str | Path | Store, columns: list[str] | None = None, filter: Any = None,
                  schema: pa.Schema = DATASET_SCHEMA) -> pa.Table:
    """The dataset as one Arrow table; an absent or empty root gives an empty table."""
    store = open_store(root)
    if not store.exists(""):
        schema = schema if columns is None else pa.schema([schema.field(c) for c in columns])
        return schema.empty_table()
    return filed_from_published(dataset(store, schema).to_table(columns=columns, filter=filter))


def read_mentions(root: str | Path | Store, columns: list[str] | None = None, filter: Any = None) -> pa.Table:
    """The mentions dataset (`data/mentions`) as one Arrow table, typed by MENTION_DATASET_SCHEMA."""
    return read_articles(root, columns, filter, MENTION_DATASET_SCHEMA)


def read_pandas(root: str | Path | Store, columns: list[str] | None = None):
    """As `read_articles`, as a pandas DataFrame with Arrow-backed columns (nullable ints stay ints)."""
    import pandas as pd

    return read_articles(root, columns).to_pandas(types_mapper=pd.ArrowDtype)


def duckdb_view(con, root: str | Path | Store, name: str = "articles"):
    """Create a DuckDB view over the dataset; S3 is read through the store's fsspec filesystem.

    DuckDB's own httpfs extension is downloaded on first use, which an offline machine cannot
    do; `register_filesystem` lets DuckDB read through s3fs instead.
    """
    store = open_store(root)
    if store.local:
        glob = f"{store.root}/**/*.parquet"
    else:
        con.register_filesystem(store.fs)
        glob = f"{store.url.rstrip('/')}/**/*.parquet"
    con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{glob}', "
                "hive_partitioning = true, union_by_name = true)")
    return con.table(name)


def polars_frame(root: str | Path | Store):
    """A Polars LazyFrame over local partitions; columns missing from older files come back null."""
    import polars as pl

    store = open_store(root)
    empty = pl.from_arrow(DATASET_SCHEMA.empty_table())
    assert isinstance(empty, pl.DataFrame)
    schema = dict(empty.schema)
    return pl.scan_parquet(f"{store.root}/**/*.parquet", hive_partitioning=True, schema=schema,
                           missing_columns="insert")
