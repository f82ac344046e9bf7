"""The `mentions` dataset written beside `articles`: in step, idempotent, repaired after a crash."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import GOOD_TEXT, make_record

from load import mentions as load_mentions
from load.dataset import duckdb_view, read_articles, read_mentions
from load.mentions_schema import MENTION_FILE_SCHEMA, MENTION_SORT_KEYS
from load.schema import DERIVED_COLUMNS, FIELD_NAMES, FILE_SCHEMA
from load.writer import PART_FILE, write_articles
from newsetl.cli import main as newsetl_main
from transform.enrich.mentions import article_rollup, extract_mentions

INVEST = "兰州新区总投资10亿元的项目开工。甘肃银行与临夏州政府签约50亿元。"  # investment 1e9, signed 5e9
TOWN = "城关区举行招聘会,30家企业参加。"  # a place, no money
PLAIN = "今天天气很好。"  # no mention at all
MAY = "source=test/year=2024/month=5"


def rec(aid: str, body: str, day: date = date(2024, 5, 3), **kw) -> dict:
    base = {"article_id": aid, "body": body, "body_original": body, "published_date": day,
            "content_sha256": f"h-{aid}", "input_key": f"k-{aid}", "input_path": f"in/{aid}"}
    return make_record(**{**base, **kw})


def mentions_at(data: Path, part: str = MAY) -> pd.DataFrame:
    return pq.read_table(data / "mentions" / part / PART_FILE).to_pandas()


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def expected(aid: str, body: str) -> list[tuple]:
    return sorted((aid, m["start"], m["kind"], m["text"]) for m in extract_mentions(aid, body))


def stored(df: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in df[["article_id", "start", "kind", "text"]].itertuples(index=False)]


def test_writing_articles_writes_their_mentions(tmp_path):
    result = write_articles([rec("a1", INVEST), rec("a2", TOWN), rec("a3", PLAIN, date(2024, 6, 1))],
                            tmp_path / "articles")
    assert result.mention_partitions == [MAY, "source=test/year=2024/month=6"] and result.mentions_extracted == 3
    df = mentions_at(tmp_path)
    assert stored(df) == expected("a1", INVEST) + expected("a2", TOWN)
    assert stored(df) == sorted(stored(df))  # MENTION_SORT_KEYS: article_id, start, kind
    assert [k for k, _ in MENTION_SORT_KEYS] == ["article_id", "start", "kind"]
    money = df[df["kind"] == "money"].set_index("text")
    assert money.loc["10亿元", "role"] == "investment" and money.loc["50亿元", "role"] == "signed"
    assert set(df["input_key"]) == {"k-a1", "k-a2"} and (df["published_date"] == date(2024, 5, 3)).all()
    # A partition whose articles mention nothing has an empty file: "computed", not "missing".
    assert mentions_at(tmp_path, "source=test/year=2024/month=6").empty
    for f in (tmp_path / "mentions").rglob("*.parquet"):
        assert f.name == PART_FILE and pq.read_schema(f).equals(MENTION_FILE_SCHEMA, check_metadata=True)


def test_derived_columns_agree_with_the_mentions(tmp_path):
    wrong = rec("a1", INVEST, places=["999999"], investment_cny=1.0)  # recomputed, not trusted
    write_articles([wrong, rec("a2", TOWN), rec("a3", PLAIN)], tmp_path / "articles")
    rows = {r["article_id"]: r for r in read_articles(tmp_path / "articles").to_pylist()}
    assert rows["a1"]["places"] == ["620100", "622900"] and rows["a1"]["investment_cny"] == 1e9  # not the signed 5e9
    assert rows["a2"]["places"] == ["620102"] and rows["a2"]["investment_cny"] is None
    assert rows["a3"]["places"] == [] and rows["a3"]["investment_cny"] is None
    by_article = read_mentions(tmp_path / "mentions").to_pylist()
    for aid, row in rows.items():
        mine = sorted((m for m in by_article if m["article_id"] == aid), key=lambda m: m["start"])
        assert article_rollup(mine) == {"places": row["places"], "investment_cny": row["investment_cny"]}
    assert pq.read_schema(next((tmp_path / "articles").rglob(PART_FILE))).names == FILE_SCHEMA.names


def test_same_inputs_again_give_identical_files_without_extracting(tmp_path):
    batch = [rec("a1", INVEST), rec("a2", TOWN), rec("a3", PLAIN, date(2024, 6, 1))]
    write_articles(batch, tmp_path / "articles")
    before = files(tmp_path / "mentions")
    again = write_articles(list(reversed(batch)), tmp_path / "articles")
    assert again.rows_replaced == 3 and again.mentions_extracted == 0  # bodies unchanged: rows kept
    assert files(tmp_path / "mentions") == before
    fresh = tmp_path / "fresh"
    write_articles(batch, fresh / "articles")
    assert files(fresh / "mentions") == before  # kept rows and extracted rows give the same bytes


def test_reloading_an_input_replaces_its_mentions(tmp_path):
    write_articles([rec("a1", INVEST), rec("a2", TOWN)], tmp_path / "articles")
    changed = rec("a1", TOWN + "投资3亿元。", read_at=datetime(2024, 5, 5, tzinfo=UTC), content_sha256="new")
    result = write_articles([changed], tmp_path / "articles")
    assert result.mentions_extracted == 1  # a2 kept its rows
    df = mentions_at(tmp_path)
    assert stored(df) == expected("a1", changed["body"]) + expected("a2", TOWN)
    assert "10亿元" not in set(df["text"])
    assert read_articles(tmp_path / "articles").to_pylist()[0]["investment_cny"] == 3e8


def test_an_input_whose_date_moved_leaves_no_mentions_in_its_old_month(tmp_path):
    write_articles([rec("a1", INVEST), rec("a2", TOWN)], tmp_path / "articles")
    write_articles([rec("a1", INVEST, date(2024, 7, 1))], tmp_path / "articles")
    assert set(mentions_at(tmp_path)["article_id"]) == {"a2"}
    assert set(mentions_at(tmp_path, "source=test/year=2024/month=7")["article_id"]) == {"a1"}
    write_articles([rec("a2", TOWN, date(2024, 7, 2))], tmp_path / "articles")  # May is now empty
    assert not (tmp_path / "articles" / MAY).exists() and not (tmp_path / "mentions" / MAY).exists()


def test_a_dropped_duplicate_leaves_no_mentions(tmp_path):
    # Same content under another id (a page loaded twice under two inputs): one row survives.
    copy = rec("b-copy", INVEST + " ", content_sha256="h-a1", read_at=datetime(2024, 5, 1, tzinfo=UTC))
    result = write_articles([rec("a1", INVEST), copy, rec("a2", TOWN)], tmp_path / "articles")
    assert result.duplicates_dropped == 1
    assert set(mentions_at(tmp_path)["article_id"]) == {"a1", "a2"}
    # An incoming copy that loses to a newer stored row brings no mentions either.
    older = rec("a3", INVEST + "。", content_sha256="h-a1", read_at=datetime(2024, 4, 1, tzinfo=UTC))
    write_articles([older], tmp_path / "articles")
    assert set(mentions_at(tmp_path)["article_id"]) == {"a1", "a2"}
    assert sorted(read_articles(tmp_path / "articles")["article_id"].to_pylist()) == ["a1", "a2"]


def test_backfill_range_replaces_mentions_of_the_range(tmp_path):
    write_articles([rec("d1", INVEST, date(2024, 5, 1)), rec("d20", TOWN, date(2024, 5, 20))], tmp_path / "articles")
    write_articles([rec("d2", PLAIN + "临夏州", date(2024, 5, 2))], tmp_path / "articles",
                   replace_range=(date(2024, 5, 1), date(2024, 5, 10)))
    assert set(mentions_at(tmp_path)["article_id"]) == {"d2", "d20"}


def test_pandas_duckdb_and_the_reader_agree(tmp_path):
    write_articles([rec("a1", INVEST), rec("a2", TOWN, source="lzwb"), rec("a3", PLAIN, date(2024, 6, 1))],
                   tmp_path / "articles")
    df = pd.read_parquet(tmp_path / "mentions")
    assert sorted(set(zip(df["article_id"], df["source"].astype(str), strict=True))) == [("a1", "test"), ("a2", "lzwb")]
    table = read_mentions(tmp_path / "mentions")
    assert table.num_rows == len(df) and table.schema.field("year").type == "int16"
    con = duckdb.connect()
    duckdb_view(con, tmp_path / "articles")
    duckdb_view(con, tmp_path / "mentions", "mentions")
    signed = con.sql("""SELECT a.source, m.role, sum(m.value) FROM mentions m
                        JOIN articles a USING (article_id) WHERE m.kind = 'money' GROUP BY ALL ORDER BY ALL""").fetchall()
    assert signed == [("test", "investment", 1e9), ("test", "signed", 5e9)]
    assert con.sql("SELECT count(*) FROM mentions").fetchall() == [(len(df),)]


def test_an_interrupted_write_is_repaired_by_the_next_one(tmp_path, monkeypatch):
    root = tmp_path / "articles"
    write_articles([rec("a1", INVEST)], root)
    real_write = load_mentions.MentionSync.write

    def die(self, key, mentions, has_articles):  # killed after the article swap, before the mentions swap
        raise KeyboardInterrupt

    monkeypatch.setattr(load_mentions.MentionSync, "write", die)
    changed = rec("a1", TOWN, read_at=datetime(2024, 5, 9, tzinfo=UTC), content_sha256="new")
    with pytest.raises(KeyboardInterrupt):
        write_articles([changed], root)
    assert "10亿元" in set(mentions_at(tmp_path)["text"])  # stale: the articles moved on
    assert json.loads((tmp_path / "mentions" / load_mentions.PENDING).read_text()) == [["test", 2024, 5]]
    monkeypatch.setattr(load_mentions.MentionSync, "write", real_write)
    result = write_articles([], root)  # any write, even an empty one, rebuilds what is marked
    assert result.mention_partitions == [MAY] and result.mentions_extracted == 1
    assert result.partitions == []  # the article file was already right: only its mentions are rewritten
    assert stored(mentions_at(tmp_path)) == expected("a1", TOWN)
    assert not (tmp_path / "mentions" / load_mentions.PENDING).exists()
    assert write_articles([], root).mention_partitions == []  # nothing left to do


def test_partitions_without_mentions_are_built_and_upgraded(tmp_path):
    """A partition as v2 left it (no derived columns, no mentions) gets both from the next write."""
    root = tmp_path / "articles"
    write_articles([rec("old", INVEST, date(2024, 1, 5))], root)
    v2 = root / "source=test/year=2024/month=1" / PART_FILE
    v2_schema = pa.schema([f for f in FILE_SCHEMA if f.name not in DERIVED_COLUMNS], metadata={"schema_version": "2"})
    pq.write_table(pq.read_table(v2).drop_columns(list(DERIVED_COLUMNS)).cast(v2_schema), v2)
    shutil.rmtree(tmp_path / "mentions")
    orphan = tmp_path / "mentions/source=gone/year=2020/month=1" / PART_FILE
    orphan.parent.mkdir(parents=True)
    pq.write_table(MENTION_FILE_SCHEMA.empty_table(), orphan)
    assert read_articles(root).to_pylist()[0]["places"] is None  # v2 reads with nulls

    result = write_articles([rec("new", TOWN)], root)
    assert [(p.path, p.reason) for p in result.partitions] == [
        ("source=test/year=2024/month=5", "load"), ("source=test/year=2024/month=1", "mentions")]
    assert pq.read_schema(v2).names == FILE_SCHEMA.names
    assert read_articles(root).to_pylist()[0]["investment_cny"] == 1e9
    assert stored(mentions_at(tmp_path, "source=test/year=2024/month=1")) == expected("old", INVEST)
    assert not orphan.exists()


def test_mentions_off_marks_partitions_for_the_next_write(tmp_path):
    root = tmp_path / "articles"
    write_articles([rec("a1", INVEST)], root, mentions_enabled=False)
    assert not (tmp_path / "mentions" / MAY).exists()
    assert read_articles(root).to_pylist()[0]["places"] is None  # came without, left without
    write_articles([rec("b", PLAIN, date(2024, 8, 1))], root)
    assert stored(mentions_at(tmp_path)) == expected("a1", INVEST)
    assert read_articles(root).to_pylist()[0]["places"] == ["620100", "622900"]


def test_parse_prints_the_derived_columns(tmp_path, capsys):
    page = tmp_path / "a.txt"
    page.write_text(GOOD_TEXT.replace("提供就业岗位", "总投资2亿元,提供就业岗位"), encoding="utf-8")
    assert newsetl_main(["parse", str(page)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines and all(list(line) == list(FIELD_NAMES) for line in lines)
    assert FIELD_NAMES[-4:] == ["places", "investment_cny", "filed_date", "published_month"]
    assert lines[0]["places"] == ["620100"] and lines[0]["investment_cny"] == 2e8
