"""Article schema v1: the contract notebooks read. Field meanings are in docs/schema.md."""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 1

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
        pa.field("published_date", pa.date32(), nullable=False),
        pa.field("published_at", pa.timestamp("us", tz="Asia/Shanghai")),
        pa.field("date_source", pa.string(), nullable=False),
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
    ],
    metadata={"schema_version": str(SCHEMA_VERSION)},
)

FIELD_NAMES = ARTICLE_SCHEMA.names

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
