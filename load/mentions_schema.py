"""Mentions schema v1: one row per mention found in an article body (see docs/enrichment.md).

Partitioned like articles, `source=<name>/year=<YYYY>/month=<M>`, year and month from the
article's `filed_date`, so a month of mentions sits beside the same month of articles.
v2: `published_date` is null where the article's is (an undated page).
Rows of one input share its `input_key`: reloading the input replaces them together with its
articles. As for articles, `source` is a partition column: MENTION_FILE_SCHEMA is what is
stored inside each file.
"""

from __future__ import annotations

import pyarrow as pa

from load.columns import MENTION_COLUMNS
from load.schema import described

MENTION_SCHEMA_VERSION = 2

MENTION_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("published_date", pa.date32()),  # v2: null for an undated article
        pa.field("input_key", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),  # money | capacity | place | organisation | project
        pa.field("text", pa.string(), nullable=False),
        pa.field("value", pa.float64()),
        pa.field("value_max", pa.float64()),  # upper bound of a range (10-15亿元), else null
        pa.field("unit", pa.string()),
        pa.field("role", pa.string()),
        pa.field("code", pa.string()),
        pa.field("qualifier", pa.string()),
        pa.field("start", pa.int32(), nullable=False),
        pa.field("end", pa.int32(), nullable=False),
        pa.field("sentence", pa.string(), nullable=False),
    ],
    metadata={"schema_version": str(MENTION_SCHEMA_VERSION)},
)

MENTION_SCHEMA = described(MENTION_SCHEMA, MENTION_COLUMNS)
MENTION_FIELD_NAMES = MENTION_SCHEMA.names
MENTION_FILE_SCHEMA = MENTION_SCHEMA.remove(MENTION_SCHEMA.get_field_index("source"))
MENTION_SORT_KEYS = [("article_id", "ascending"), ("start", "ascending"), ("kind", "ascending")]


REQUIRED_MENTION_FIELDS = tuple(f.name for f in MENTION_SCHEMA if not f.nullable)


def mentions_table(rows: list[dict]) -> pa.Table:
    """Rows from transform.enrich.mentions.mention_records as a table of MENTION_SCHEMA.

    pyarrow fills a missing non-nullable column with nulls instead of refusing it, so the
    required columns are checked here, before anything is written. Wrong types raise
    pyarrow's own errors.
    """
    for i, row in enumerate(rows):
        missing = [name for name in REQUIRED_MENTION_FIELDS if row.get(name) is None]
        if missing:
            raise ValueError(f"mention row {i} lacks required fields {missing}")
    return pa.Table.from_pylist(rows, schema=MENTION_SCHEMA)
