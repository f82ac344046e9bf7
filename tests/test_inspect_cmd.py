"""`newsetl status` and `newsetl export` read a written dataset back for people without Parquet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from conftest import make_record

from load.writer import write_articles
from newsetl.cli import main as newsetl_main


@pytest.fixture
def data(tmp_path):
    recs = [make_record(article_id="a1", source="gsrb", published_date=date(2024, 5, 3), title="标题一",
                        content_sha256="h1", input_key="k1", input_path="p1"),
            make_record(article_id="a2", source="gsrb", published_date=None, date_source=None, title="标题二",
                        body="另一篇正文。", content_sha256="h2", input_key="k2", input_path="p2"),
            make_record(article_id="a3", source="gsrb", published_date=None, date_source=None, title="标题三",
                        body="杂志文章。", content_sha256="h3", input_key="k3", input_path="p3",
                        published_month="1998-03")]  # 1998年3月号: a month, no day
    write_articles(recs, tmp_path / "articles")
    return tmp_path


def test_status_counts_rows_undated_and_quarantine(data, capsys):
    assert newsetl_main(["status", "--out", str(data)]) == 0
    out = capsys.readouterr().out
    assert "articles: 3  undated: 2 (66.7%), 1 of them with a month" in out
    assert "gsrb\t2024\t5\t" in out and "gsrb\t1998\t3\t1" in out and "quarantine: 0 input(s)" in out


def test_export_jsonl_with_a_filter_and_columns(data, capsys):
    assert newsetl_main(["export", "--out", str(data), "--format", "jsonl", "--where", "published_date.notna()",
                         "--columns", "article_id,title,published_date"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows == [{"article_id": "a1", "title": "标题一", "published_date": "2024-05-03"}]


def test_export_csv_and_errors(data, capsys):
    assert newsetl_main(["export", "--out", str(data), "--columns", "article_id,title"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted(r["title"] for r in rows) == ["标题一", "标题三", "标题二"]
    assert newsetl_main(["export", "--out", str(data), "--columns", "nope"]) == 2
    assert "unknown columns nope" in capsys.readouterr().err
    assert newsetl_main(["export", "--out", str(data), "--where", "year =="]) == 2
    assert capsys.readouterr().err.count("\n") == 1
