"""Article schema v6: the contract notebooks read. Field meanings and the changelog are in docs/schema.md.

Columns are only ever *added* (nullable, at the end), never renamed or retyped: partitions
written under an older version stay readable through `load.dataset`, which reads every file
against the current schema and fills the missing columns with nulls.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from load.columns import ARTICLE_COLUMNS
from transform.common.dates import SHANGHAI

SCHEMA_VERSION = 6  # v6: published_month (a month given without a day); v5: partitions named month=5

SHANGHAI_TZ = SHANGHAI  # China time, defined once in transform.common.dates
# Source names become directory names: a portable, unquoted alphabet.
SOURCE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

_str_list = pa.list_(pa.string())

ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("input_path", pa.string()),
        pa.field("input_key", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("subtitle", pa.string()),
        pa.field("kicker", pa.string()),
        pa.field("section", pa.string()),
        # v4: null when the page gives no date (never the read date); filed_date partitions.
        pa.field("published_date", pa.date32()),
        pa.field("published_at", pa.timestamp("us", tz="Asia/Shanghai")),
        pa.field("date_source", pa.string()),
        pa.field("authors", _str_list),
        pa.field("editors", _str_list),
        pa.field("photographers", _str_list),
        pa.field("origin", pa.string()),
        pa.field("clicks", pa.int64()),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("body", pa.string(), nullable=False),
        pa.field("body_original", pa.string()),
        pa.field("script", pa.string(), nullable=False),
        pa.field("captions", _str_list),
        pa.field("char_count", pa.int64(), nullable=False),
        pa.field("flags", _str_list),
        pa.field("content_sha256", pa.string(), nullable=False),
        pa.field("raw_sha256", pa.string(), nullable=False),
        pa.field("read_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
        # v2: reprint groups (load/dedup.py). Nullable only because v1 partitions lack them;
        # the writer always fills them.
        pa.field("dup_group", pa.string()),
        pa.field("is_canonical", pa.bool_()),
        # v3: derived from the body's mentions (transform.enrich.mentions.article_rollup); the transform
        # fills them, the writer recomputes them with the mentions dataset so the two agree.
        # Nullable: v2 partitions lack them, and investment_cny is null without an investment.
        pa.field("places", _str_list),
        pa.field("investment_cny", pa.float64()),
        # v4: the day a row is filed under (its year/month partition): published_date, else the
        # edition date its input names, else the read date. Nullable only because v3 partitions
        # lack it (readers fill it from published_date); the writer always fills it.
        pa.field("filed_date", pa.date32()),
        # v6: YYYY-MM, the month of published_date, or the month a page gives without a day
        # (a magazine issue, 1998年3月号) while published_date stays null. Older partitions take
        # it from published_date when read.
        pa.field("published_month", pa.string()),
    ],
    metadata={"schema_version": str(SCHEMA_VERSION)},
)



def described(schema: pa.Schema, docs: dict[str, str]) -> pa.Schema:
    """`schema` with each field's one-line meaning in its Parquet metadata ("description"),
    so a reader that opens a file without the docs still learns what a column holds."""
    return pa.schema([f.with_metadata({"description": docs[f.name]}) for f in schema], metadata=schema.metadata)


ARTICLE_SCHEMA = described(ARTICLE_SCHEMA, ARTICLE_COLUMNS)

def filed_from_published(table: pa.Table) -> pa.Table:
    """Rows of files before schema v4 lack `filed_date`: their partition was their
    `published_date` (never null then), so that is their filing day; rows before v6 lack
    `published_month`, which is then the month of `published_date`. Other rows unchanged."""
    names = table.column_names
    if "published_date" not in names:
        return table
    if "filed_date" in names and table["filed_date"].null_count:
        filled = pc.coalesce(table["filed_date"], table["published_date"])
        table = table.set_column(names.index("filed_date"), table.schema.field("filed_date"), filled)
    return month_from_published(table) if "published_month" in names else table


def month_from_published(table: pa.Table) -> pa.Table:
    """`published_month` where a row lacks it but has a `published_date` (files before v6,
    tables built by hand): the month of that date."""
    month, day = table["published_month"], table["published_date"]
    if not pc.any(pc.and_(pc.is_null(month), pc.is_valid(day))).as_py():
        return table
    return table.set_column(table.column_names.index("published_month"), table.schema.field("published_month"),
                            pc.coalesce(month, month_of_dates(day)))


def month_of_dates(days: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """YYYY-MM strings of a date32 column (null stays null)."""
    return pc.strftime(pc.cast(days, pa.timestamp("s")), format="%Y-%m")


# Columns the load adds itself; records from the transform do not carry them.
LOAD_COLUMNS = ("dup_group", "is_canonical")
# Columns derived from the body's mentions: in the transform's records (so `newsetl parse` shows
# them), but optional on input because the writer computes them again from the mentions it stores.
DERIVED_COLUMNS = ("places", "investment_cny")
# The record contract of the transform (what `newsetl parse` prints): the schema without LOAD_COLUMNS.
FIELD_NAMES = [name for name in ARTICLE_SCHEMA.names if name not in LOAD_COLUMNS]

QUARANTINE_SCHEMA = pa.schema(
    [
        pa.field("input_ref", pa.string(), nullable=False),
        pa.field("source", pa.string()),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("error_class", pa.string(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
        pa.field("raw_sha256", pa.string()),
        pa.field("head", pa.binary()),
        pa.field("quarantined_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
    ],
    metadata={"schema_version": str(SCHEMA_VERSION)},
)

# Partition values live only in directory names (docs/storage.md): `source` is not in the files.
PARTITION_SCHEMA = pa.schema([("source", pa.string()), ("year", pa.int16()), ("month", pa.int8())])
FILE_SCHEMA = ARTICLE_SCHEMA.remove(ARTICLE_SCHEMA.get_field_index("source"))
