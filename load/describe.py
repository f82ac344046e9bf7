"""The dataset describes itself: data/README.md, data/datapackage.json and data/places/.

Written beside data/articles and data/mentions after every write, from load.columns (the one
table of column meanings) and the schemas, so a notebook user who gets only the folder can
read what each column means, in prose or by machine (a Frictionless Data Package: resources
with their fields, types and descriptions), and can join `places` codes to names with the
`places` reference table (GB/T 2260 code, name, level, parent) instead of a hand-made dict.
The files depend only on the code's schemas and gazetteer: rewriting them gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from load.columns import ARTICLE_COLUMNS, MENTION_COLUMNS, PARTITION_COLUMNS, PLACE_COLUMNS
from load.mentions_schema import MENTION_SCHEMA, MENTION_SCHEMA_VERSION
from load.schema import ARTICLE_SCHEMA, PARTITION_SCHEMA, SCHEMA_VERSION
from load.storage import Store, open_store

PLACES_DIR = "places"
PLACES_FILE = f"{PLACES_DIR}/places.parquet"
PLACE_SCHEMA = pa.schema([("code", pa.string()), ("name", pa.string()), ("level", pa.string()),
                          ("parent", pa.string())])


_TYPES = ((pa.types.is_string, "string"), (pa.types.is_integer, "integer"), (pa.types.is_floating, "number"),
          (pa.types.is_boolean, "boolean"), (pa.types.is_date, "date"), (pa.types.is_timestamp, "datetime"),
          (pa.types.is_list, "array"))


def _frictionless_type(t: pa.DataType) -> str:
    return next((name for test, name in _TYPES if test(t)), "any")


def _fields(schema: pa.Schema, docs: dict[str, str]) -> list[dict]:
    return [{"name": f.name, "type": _frictionless_type(f.type), "description": docs[f.name],
             **({"constraints": {"required": True}} if not f.nullable else {})} for f in schema]


def places_table() -> pa.Table:
    """Every division of the gazetteer the `places` column codes come from."""
    from transform.enrich.places import gazetteer

    divs = sorted(gazetteer().divisions.values(), key=lambda d: d.code)
    return pa.table({"code": [d.code for d in divs], "name": [d.name for d in divs],
                     "level": [d.level for d in divs], "parent": [d.parent for d in divs]}, schema=PLACE_SCHEMA)


def datapackage() -> dict:
    partitions = _fields(PARTITION_SCHEMA, {"source": ARTICLE_COLUMNS["source"], **PARTITION_COLUMNS})
    by_name = {f["name"]: f for f in partitions}
    articles = _fields(ARTICLE_SCHEMA, ARTICLE_COLUMNS) + [by_name["year"], by_name["month"]]
    mentions = _fields(MENTION_SCHEMA, MENTION_COLUMNS) + [by_name["year"], by_name["month"]]
    return {
        "name": "regional-news-etl",
        "title": "Chinese regional news articles, their mentions, and the places they name",
        "profile": "data-package",
        "resources": [
            {"name": "articles", "path": "articles", "format": "parquet", "layout": "source=*/year=*/month=*",
             "schema_version": SCHEMA_VERSION, "schema": {"fields": articles, "primaryKey": ["article_id"]}},
            {"name": "mentions", "path": "mentions", "format": "parquet", "layout": "source=*/year=*/month=*",
             "schema_version": MENTION_SCHEMA_VERSION, "schema": {"fields": mentions}},
            {"name": "places", "path": PLACES_FILE, "format": "parquet",
             "schema": {"fields": _fields(PLACE_SCHEMA, PLACE_COLUMNS), "primaryKey": ["code"]}},
        ],
    }


def readme() -> str:
    def table(fields: list[dict]) -> str:
        rows = "\n".join(f"| `{f['name']}` | {f['type']} | {f['description']} |" for f in fields)
        return "| column | type | meaning |\n|---|---|---|\n" + rows

    pkg = datapackage()
    res = {r["name"]: r for r in pkg["resources"]}
    return f"""# This dataset

Written by regional-news-etl (article schema v{SCHEMA_VERSION}, mentions schema v{MENTION_SCHEMA_VERSION}).
Generated; do not edit. The same in machine-readable form: `datapackage.json`.

- `articles/source=<name>/year=<YYYY>/month=<M>/part-0.parquet`: one row per article, photo or table
  item. The partition month is the month of `filed_date`; count news by `published_date`, which
  is null for pages that give no date.
- `mentions/` (same layout): money, capacities, places, organisations and projects found in the
  bodies; join on `article_id`.
- `places/places.parquet`: the divisions that `places` and mention `code` values refer to.

Read all partitions through one schema (older files lack newer columns): in Python,
`load.dataset.read_articles("articles")`; in DuckDB, `read_parquet('articles/**/*.parquet',
hive_partitioning = true, union_by_name = true)`.

## articles

{table(res['articles']['schema']['fields'])}

## mentions

{table(res['mentions']['schema']['fields'])}

## places

{table(res['places']['schema']['fields'])}
"""


def write_description(data_root: str | Path | Store) -> list[str]:
    """Write README.md, datapackage.json and places/places.parquet under `data_root`
    (the folder holding articles/ and mentions/); returns the files written."""
    store = open_store(data_root)
    store.put_bytes("README.md", readme().encode("utf-8"))
    store.put_bytes("datapackage.json", (json.dumps(datapackage(), ensure_ascii=False, indent=1) + "\n").encode())
    store.write_table(PLACES_FILE, places_table())
    return ["README.md", "datapackage.json", PLACES_FILE]
