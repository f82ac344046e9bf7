"""The dataset describes itself: README.md, datapackage.json, field descriptions in the Parquet
files, and a places table that joins `places` codes to names in every reader."""

from __future__ import annotations

import json

import duckdb
import polars as pl
import pyarrow.parquet as pq
from conftest import make_record

from load.columns import ARTICLE_COLUMNS, MENTION_COLUMNS
from load.dataset import read_pandas
from load.mentions_schema import MENTION_SCHEMA
from load.schema import ARTICLE_SCHEMA
from load.writer import write_articles


def _write(tmp_path):
    rec = make_record(article_id="a1", body="兰州新区和城关区的项目总投资5亿元。", content_sha256="h1",
                      input_key="k1", input_path="p1")
    write_articles([rec], tmp_path / "articles")
    return tmp_path


def test_every_column_has_a_meaning_in_one_table():
    assert set(ARTICLE_COLUMNS) == set(ARTICLE_SCHEMA.names)
    assert set(MENTION_COLUMNS) == set(MENTION_SCHEMA.names)
    assert all(f.metadata[b"description"] for f in ARTICLE_SCHEMA)


def test_readme_datapackage_and_field_descriptions_are_written(tmp_path):
    data = _write(tmp_path)
    readme = (data / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in ARTICLE_SCHEMA.names + MENTION_SCHEMA.names)
    pkg = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    fields = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in pkg["resources"]}
    assert fields["articles"][:-2] == ARTICLE_SCHEMA.names and fields["articles"][-2:] == ["year", "month"]
    assert all(f["description"] for r in pkg["resources"] for f in r["schema"]["fields"])
    (stored,) = (data / "articles").rglob("*.parquet")
    schema = pq.read_schema(stored)
    assert schema.field("filed_date").metadata[b"description"].decode().startswith("Day the row is filed")
    before = {p.name: p.read_bytes() for p in (data / "README.md", data / "datapackage.json")}
    _write(tmp_path)
    assert before == {p.name: p.read_bytes() for p in (data / "README.md", data / "datapackage.json")}


def test_places_codes_join_to_names_in_every_reader(tmp_path):
    data = _write(tmp_path)
    places = data / "places" / "places.parquet"
    df = read_pandas(data / "articles")
    codes = list(df["places"][0])
    assert codes  # 兰州新区, 城关区
    names = dict(zip(*pq.read_table(places, columns=["code", "name"]).to_pydict().values(), strict=True))
    assert all(c in names for c in codes)
    joined = duckdb.sql(f"""
        SELECT p.name FROM (SELECT unnest(places) AS code FROM read_parquet('{data}/articles/**/*.parquet',
        hive_partitioning = true)) a JOIN read_parquet('{places}') p USING (code) ORDER BY p.name""").fetchall()
    assert {n for (n,) in joined} == {names[c] for c in codes}
    lf = pl.read_parquet(places).filter(pl.col("code").is_in(codes))
    assert set(lf["name"]) == {names[c] for c in codes}
    assert pl.read_parquet(places).filter(pl.col("code") == "620100")["level"].to_list() == ["prefecture"]
