from datetime import date, datetime

import pytest

from transform.common.dates import (
    SHANGHAI,
    date_from_url,
    find_dates,
    find_labelled_date,
    find_month_day,
    infer_year,
    is_plausible,
    parse_date,
)


@pytest.mark.parametrize(
    "text, expected_date, expected_at",
    [
        ("2023-07-11 22:08:06", date(2023, 7, 11), datetime(2023, 7, 11, 22, 8, 6, tzinfo=SHANGHAI)),
        ("2024年3月18日", date(2024, 3, 18), None),
        ("2024年03月18日 10:20", date(2024, 3, 18), datetime(2024, 3, 18, 10, 20, tzinfo=SHANGHAI)),
        ("2024/09/04", date(2024, 9, 4), None),
        ("2024.3.5", date(2024, 3, 5), None),
        ("20240318", date(2024, 3, 18), None),
    ],
)
def test_parse_date_forms(text, expected_date, expected_at):
    found = parse_date(text)
    assert found is not None
    assert found.date == expected_date
    assert found.at == expected_at


def test_offsets_are_converted_to_shanghai_calendar_date():
    found = parse_date("2024-03-17T18:30:00Z")
    assert found.date == date(2024, 3, 18)  # 02:30 next day in UTC+8
    assert found.at.utcoffset().total_seconds() == 8 * 3600
    assert parse_date("2024-03-18T10:20:00+08:00").at.hour == 10


def test_impossible_and_implausible_dates_are_rejected():
    assert parse_date("2024-02-30") is None
    assert parse_date("1850-01-01") is None
    assert parse_date("2999-01-01") is None
    assert parse_date("") is None and parse_date(None) is None
    assert parse_date("电话 20241399") is None


def test_find_dates_in_running_text():
    found = find_dates("会议于2024年3月18日召开，2024-03-20结束")
    assert [f.date for f in found] == [date(2024, 3, 18), date(2024, 3, 20)]
    assert found[0].start == 3


def test_labelled_date_prefers_the_dateline_label():
    line = "2024年1月1日起施行 发布时间：2024-03-18 10:20 来源：甘肃日报"
    found = find_labelled_date(line)
    assert found.date == date(2024, 3, 18)
    assert found.at.minute == 20
    assert find_labelled_date("项目总投资12亿元") is None


@pytest.mark.parametrize(
    "url, expected",
    [
        ("http://www.zhangye.gov.cn/art/2024/3/18/art_1234_567.html", date(2024, 3, 18)),
        ("http://gansu.gscn.com.cn/system/2024/09/04/013123456.shtml", date(2024, 9, 4)),
        ("https://szb.gansudaily.com.cn/gsrb/pc/content/202409/04/content_1.html", date(2024, 9, 4)),
        ("http://www.gov.cn/xinwen/2024-09/04/content_1.htm", date(2024, 9, 4)),
        ("http://www.gansu.gov.cn/gsszf/c100002/202409/t20240904_123.shtml", date(2024, 9, 4)),
        ("http://a.cn/20240904/x.html", date(2024, 9, 4)),
        ("http://www.163.com/50114/7/1A2RNJP100020QFA.html", None),
        ("http://2024.example.cn/news/1.html", None),
        (None, None),
    ],
)
def test_date_from_url(url, expected):
    found = date_from_url(url)
    assert (found.date if found else None) == expected


def test_yearless_dates_take_the_year_of_the_reference():
    assert infer_year(3, 17, date(2024, 3, 18)) == date(2024, 3, 17)
    assert infer_year(12, 30, date(2024, 1, 2)) == date(2023, 12, 30)
    assert find_month_day("3月17日，兰州新区", date(2024, 3, 18)).date == date(2024, 3, 17)
    assert find_month_day("没有日期", date(2024, 3, 18)) is None


def test_plausibility_window():
    assert is_plausible(date(2024, 1, 1), today=date(2024, 6, 1))
    assert not is_plausible(date(2024, 6, 3), today=date(2024, 6, 1))
