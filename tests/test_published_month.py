"""A month a page gives without a day (a magazine issue, a signing line) becomes
`published_month` and files the row in that month; it never becomes a `published_date`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from transform.common.dates import month_of
from transform.pipeline import parse_page
from transform.record import RawPage

READ_AT = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
PARAS = ["城区新建的三座桥梁已经通车，沿线的居民出行更加方便了。", "施工单位说，桥梁设计兼顾了防洪和景观两方面的需要。",
         "下一步，当地还将改造两条老街，并在河岸修建步行道。"]


@pytest.mark.parametrize(("text", "whole_line", "expected"), [
    ("——《西部经济》1998年3月号", False, (1998, 3)),
    ("原载《河西评论》2003年11月刊，略有删节", False, (2003, 11)),
    ("1998年 3 月号", False, (1998, 3)),
    ("2003年5月于兰州", True, (2003, 5)),
    ("（二〇〇五年十二月）", True, (2005, 12)),
    ("二○○五年三月", True, (2005, 3)),
    ("２００３年５月", True, (2003, 5)),
    ("2003年5月于兰州", False, None),  # only a whole line signs with a bare month
    ("2003年5月，我们开始调研", True, None),  # a month in prose
    ("2003年5月8日", True, None),  # a day: a date, not a month
    ("2024年3月18号", False, None),  # 号 after a day is the day
    ("1985年3月号", False, None),  # before the earliest plausible date
])
def test_month_of(text, whole_line, expected):
    assert month_of(text, whole_line=whole_line) == expected


def _page(inside: str = "", after: str = "", under: str = "", url: str | None = None) -> list[dict]:
    body = "".join(f"<p>{p}</p>" for p in PARAS) + inside
    html = (f"<html><head><meta charset='utf-8'><title>三座桥梁通车_示例网</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a></div><div class='article'><h1>三座桥梁通车</h1>{under}"
            f"<div class='content'>{body}</div>{after}</div><div class='footer'>版权所有</div></body></html>")
    return parse_page(RawPage(content=html.encode("utf-8"), url=url, read_at=READ_AT))


@pytest.mark.parametrize(("where", "line", "month", "by"), [
    ("inside", "<p>——《西部经济》1998年3月号</p>", "1998-03", "issue_month"),
    ("after", "<div class='src'>原载《河西评论》2003年11月刊</div>", "2003-11", "issue_month"),
    ("inside", "<p>二〇〇五年三月于兰州</p>", "2005-03", "month_line"),
    ("after", "<p>（2004年6月）</p>", "2004-06", "month_line"),
])
def test_a_month_without_a_day_is_kept_and_files_the_row(where, line, month, by):
    [rec] = _page(**{where: line})
    assert rec["published_date"] is None and rec["date_source"] is None
    assert rec["published_month"] == month
    assert rec["filed_date"] == date(int(month[:4]), int(month[5:]), 1)
    assert {"date_missing", f"date_by:{by}"} <= set(rec["flags"])


def test_a_day_wins_over_a_month_and_gives_its_month():
    [rec] = _page(inside="<p>——《西部经济》1998年3月号</p>", under="<div class='info'>发布时间：2005-03-06 08:10</div>")
    assert rec["published_date"] == date(2005, 3, 6) and rec["published_month"] == "2005-03"
    assert "date_by:labelled_near_title" in rec["flags"]


def test_a_month_in_prose_dates_nothing():
    [rec] = _page(inside="<p>2003年5月，当地启动了新一轮招商，引进项目十二个。</p>")
    assert rec["published_date"] is None and rec["published_month"] is None
    assert rec["filed_date"] == date(2026, 12, 4)  # the read day, China time


def test_records_of_a_dated_epaper_page_carry_its_month():
    raw = (Path(__file__).parent / "fixtures/text/epaper_before_wide.txt").read_bytes()
    recs = parse_page(RawPage(content=raw, input_path="gsrb/20240318/page01.txt", read_at=READ_AT,
                              edition_date=date(2024, 3, 18), edition_source="path"))
    assert len(recs) > 1 and all(r["published_date"] for r in recs)
    assert [r["published_month"] for r in recs] == [f"{r['published_date']:%Y-%m}" for r in recs]
    assert "2024-03" in {r["published_month"] for r in recs}


def test_a_blog_archive_of_months_dates_nothing():
    archive = "".join(f"<li><a href='/archive/2005{m:02d}'>2005年{m:02d}月</a>({m + 3})</li>" for m in (1, 2, 3))
    [rec] = _page(after=f"<div class='archive'><ul>{archive}</ul></div><p>2005年04月(12)</p>")
    assert rec["published_date"] is None and rec["published_month"] is None
