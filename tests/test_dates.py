from datetime import date, datetime

import pytest

from transform.common.dates import (
    SHANGHAI,
    date_from_url,
    day_in_feed,
    day_in_text,
    day_in_url,
    find_dates,
    find_labelled_date,
    find_month_day,
    infer_year,
    is_plausible,
    page_date_candidates,
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


TODAY = date(2026, 12, 4)


# One table for every caller: the crawler picks a window's pages and the transform dates them
# with the same function, so a URL can never be in one month for the one and another for the other.
@pytest.mark.parametrize("url, day", [
    ("https://www.lanzhou.gov.cn/art/2024/3/18/art_1_2.html", date(2024, 3, 18)),  # Hanweb
    ("https://szb.gansudaily.com.cn/gsrb/pc/con/202403/08/c1.html", date(2024, 3, 8)),  # Founder
    ("https://x.gov.cn/xwzx/202409/t20240904_101.html", date(2024, 9, 4)),  # TRS
    ("https://x.cn/news/2024-09/04/content_1.htm", date(2024, 9, 4)),
    ("https://x.cn/news/2024/0904/1.html", date(2024, 9, 4)),
    ("https://x.cn/news/1998/05/04/a.html", date(1998, 5, 4)),  # old pages are news too
    ("https://x.cn/news/2024_09_04/a.html", date(2024, 9, 4)),
    ("https://x.cn/news/20240904/a.html", date(2024, 9, 4)),
    ("https://x.cn/news/2030/01/01/a.html", None),  # after tomorrow: not a publication date
    ("https://x.cn/news/1985/01/01/a.html", None),  # before 1990: an id or an archive code
    ("https://x.cn/news/2024/13/45/1.html", None),
    ("https://x.cn/about.html", None),
    ("https://20240904.x.cn/a.html", None),  # the host is not the path
    (None, None),
])
def test_one_url_date_rule(url, day):
    assert day_in_url(url, TODAY) == day
    found = date_from_url(url, TODAY)
    assert (found.date if found else None) == day


@pytest.mark.parametrize("value, day", [
    ("2024-03-18T02:20:00+08:00", date(2024, 3, 18)),
    ("2024-03-17T18:30:00Z", date(2024, 3, 18)),  # 02:30 the next day in China
    ("2024-03-17T15:30:00Z", date(2024, 3, 17)),  # 23:30 the same day in China
    ("Mon, 18 Mar 2024 10:20:00 +0800", date(2024, 3, 18)),  # RSS pubDate
    ("Sun, 17 Mar 2024 20:00:00 GMT", date(2024, 3, 18)),
    ("2024年3月18日", date(2024, 3, 18)),
    ("not a date", None),
    ("", None),
])
def test_feed_and_sitemap_dates(value, day):
    assert day_in_feed(value, TODAY) == day


def test_listing_item_text_date():
    assert day_in_text("招商引资项目推进会召开 [2024-03-18]", TODAY) == date(2024, 3, 18)
    assert day_in_text("第12期 共88条", TODAY) is None


def test_a_date_labelled_as_another_events_is_no_page_date():
    """出道日期 / 成立于 / 截止时间: the date of a debut, a founding, a deadline, and the same date
    written again beside it, are not candidates for the page's date; an event word that is no
    label (a headline ending in 开工 right before the info line) takes nothing away."""
    got = page_date_candidates("1995年9月1日（1995-09-01）", before="出道日期")
    assert got == []
    assert [d.date for d in page_date_candidates("公司成立于2001年5月8日，2024年3月18日召开大会")] == [date(2024, 3, 18)]
    assert [d.date for d in page_date_candidates("报名截止时间：2024年4月30日")] == []
    info = "2024-7-12 12:46:49 来源：兰州晚报"
    assert [d.date for d in page_date_candidates(info, before="新区重点项目集中开工")] == [date(2024, 7, 12)]
    found = find_labelled_date("成立时间：2001年5月8日 发布时间：2024年3月18日")
    assert found is not None and found.date == date(2024, 3, 18)
    assert find_labelled_date("报名截止日期：2024年4月30日") is None


def test_an_encyclopedia_style_page_gets_no_invented_date_from_its_infobox():
    from transform import RawPage, parse_page

    html = """<html><head><title>陇原乐团</title></head><body><h1>陇原乐团</h1>
    <table class="infobox"><tr><th>成立时间</th><td>2001年5月8日</td></tr>
    <tr><th>所在地</th><td>甘肃省兰州市</td></tr></table>
    <div class="content"><p>陇原乐团是一支以西北民歌为主要演出内容的乐团，多年来坚持深入基层演出，足迹遍布全省各市州。</p>
    <p>乐团现有演职人员四十余人，创作改编了一批具有地方特色的作品，深受群众欢迎，多次在省内外比赛中获奖。</p>
    <p>近年来，乐团积极开展文化惠民演出，把优秀的作品送到田间地头和社区广场，丰富了群众的文化生活。</p></div>
    </body></html>"""
    (record,) = parse_page(RawPage(html.encode("utf-8"), input_path="band.html"))
    assert record["published_date"] is None and record["date_source"] is None


def test_the_reading_day_of_a_header_widget_is_no_page_date():
    """今天是…星期六 / 当前时间： in a header bar is the day the page was read."""
    assert page_date_candidates("今天是2019年3月2日 星期六") == []
    assert page_date_candidates("当前时间：2019-03-02 10:20") == []
    assert find_labelled_date("当前时间：2019-03-02 10:20") is None
    assert [d.date for d in page_date_candidates("2019年3月2日，今天是植树节")] == [date(2019, 3, 2)]


_PARAS = "".join(f"<p>第{i}段：县里今年新建了三座冷库，蔬菜可以错峰上市，种植户的收入比去年明显增加。</p>" for i in range(5))


@pytest.mark.parametrize("around", [
    # a list of other articles (the book's other chapters), each a linked title and its date
    "<table><tr><td>相关链接<br><a href='/1.html'>少年时代(1)</a>(2004/10/10 17:06)<br>"
    "<a href='/2.html'>少年时代(2)</a>(2004/10/10 17:06)</td></tr></table>",
    # previous / next links with their dates
    "<div><p>上一篇：<a href='/p.html'>春耕生产有序推进</a> 2007-01-17</p>"
    "<p>下一篇：<a href='/n.html'>文旅融合发展再上台阶</a> 2007-01-27</p></div>",
    # replies of a blog's readers, not in a marked container
    "<ul><li>〖<a href='/?author=7'>老猫</a>〗回复: <a href='/?p=1'>县域经济</a> 说得好 (2007-02-09 00:00:00)</li></ul>",
    # the comments, and today's date in the header bar
    "<div class='comments'><p>网友568 2013-02-25 10:20：说得好！</p></div>",
    "<div class='topbar'>今天是2019年3月2日 星期六</div>",
])
def test_a_page_without_its_own_date_takes_none_from_around_it(around):
    """Only the dates of other things surround this page's text: it stays undated (issue 14:
    never invent a publication date), where the nearest-date strategy used to take them."""
    from transform import RawPage, parse_page

    html = (f"<html><head><title>冷库建设</title></head><body>{around if 'topbar' in around else ''}"
            f"<h1>冷库建设</h1><div class='content'>{_PARAS}</div>{'' if 'topbar' in around else around}</body></html>")
    (record,) = parse_page(RawPage(html.encode("utf-8"), url="http://www.example.cn/news/show.html"))
    assert record["published_date"] is None


def test_a_date_that_is_its_own_permalink_still_dates_the_post():
    """A blog post's date printed as the link to the post itself is the post's date."""
    from transform import RawPage, parse_page

    html = (f"<html><head><title>冷库建设</title></head><body><h1>冷库建设</h1><div class='content'>{_PARAS}</div>"
            "<div><a href='/p/1'>2005-06-10 05:41:31</a> (295) <a href='/c/1'>共 7 篇评论</a></div></body></html>")
    (record,) = parse_page(RawPage(html.encode("utf-8"), url="http://www.example.cn/news/show.html"))
    assert record["published_date"] == date(2005, 6, 10)


def test_a_closing_date_line_dates_the_article():
    """An article, a letter or a speech that signs off with a line holding only its date."""
    from transform import RawPage, parse_page

    html = (f"<html><head><title>冷库建设</title></head><body><h1>冷库建设</h1><div class='content'>{_PARAS}"
            "<p>（2015年4月18日）</p><p>责任编辑：王芳</p></div></body></html>")
    (record,) = parse_page(RawPage(html.encode("utf-8"), url="http://www.example.cn/news/show.html"))
    assert record["published_date"] == date(2015, 4, 18)
    assert "date_by:closing_date_line" in record["flags"]


@pytest.mark.parametrize(("text", "day"), [
    ("二〇二四年三月十八日", date(2024, 3, 18)),
    ("二○○五年三月六日", date(2005, 3, 6)),  # the circle ○ for zero
    ("二〇二四年十二月三十一日 星期二", date(2024, 12, 31)),
    ("一九九八年十月一日", date(1998, 10, 1)),
    ("二〇二四年二月三十日", None),  # no such day
    ("二〇九九年一月一日", None),  # not yet
])
def test_dates_in_chinese_numerals(text, day):
    found = parse_date(text, TODAY)
    assert (found.date if found else None) == day


def test_a_document_signed_with_a_chinese_numeral_date_is_dated_by_it():
    from transform import RawPage, parse_page

    html = (f"<html><head><title>通知</title></head><body><h1>关于做好冷库建设的通知</h1><div class='content'>{_PARAS}"
            "<p>县农业农村局</p><p>二〇二四年三月十八日</p></div></body></html>")
    (record,) = parse_page(RawPage(html.encode("utf-8"), url="http://www.example.cn/news/show.html"))
    assert record["published_date"] == date(2024, 3, 18)


@pytest.mark.parametrize(("text", "day", "hour"), [
    ("Mar 9, 2006", date(2006, 3, 9), None),
    ("March 09, 2006 8:05 PM", date(2006, 3, 9), 20),
    ("Posted on Thursday, March 9th, 2006 at 11:30 pm", date(2006, 3, 9), 23),
    ("9 March 2006", date(2006, 3, 9), None),
    ("09-Mar-2006", date(2006, 3, 9), None),
    ("２００６年３月９日", date(2006, 3, 9), None),  # full-width digits
    ("２００６－０３－０９ ０８:０５", date(2006, 3, 9), 8),
    ("2006-3-9 下午 03:05:11", date(2006, 3, 9), 15),
    ("2006-3-9 晚上 9:05", date(2006, 3, 9), 21),
    ("2006-3-9 3:05:11 PM", date(2006, 3, 9), 15),
    ("2006-3-9 12:30 AM", date(2006, 3, 9), 0),
    ("2006-3-9 上午 12:30", date(2006, 3, 9), 12),  # noon as printed; only AM and 凌晨 turn 12 into 0
    ("in Mar 2006 we", None, None),  # no day: no date
    ("Mayor 12, 2006", None, None),  # a word that begins like a month
])
def test_english_full_width_and_twelve_hour_dates(text, day, hour):
    found = find_dates(text, TODAY)
    assert (found[0].date if found else None) == day
    if hour is not None:
        assert found[0].at.hour == hour


def test_a_utc_time_of_an_english_date_is_moved_to_china():
    (found,) = find_dates("March 9, 2006 18:30Z", TODAY)
    assert found.date == date(2006, 3, 10) and found.at.hour == 2


@pytest.mark.parametrize(("text", "day"), [
    ("发布时间：06-03-09", date(2006, 3, 9)),
    ("日期: 98/3/9 08:05", date(1998, 3, 9)),  # 90 and up: the 1900s
    ("发布时间：06-03-09.5", None),  # a version number, not a date
    ("编号 06-03-09", None),  # no date label: a two-digit year alone is too ambiguous
])
def test_a_two_digit_year_is_read_only_after_a_date_label(text, day):
    found = find_labelled_date(text, TODAY)
    assert (found.date if found else None) == day
    assert find_dates(text, TODAY) == []


def _page_head(head: str, info: str = "") -> dict:
    from transform import RawPage, parse_page

    html = (f"<html><head><title>冷库建设</title>{head}</head><body><h1>冷库建设</h1>{info}"
            f"<div class='content'>{_PARAS}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode("utf-8"), url="http://www.example.cn/news/show.html"))
    return record


def test_json_ld_gives_the_article_date_and_author():
    record = _page_head('<script type="application/ld+json">{"@context":"https://schema.org","@graph":['
                        '{"@type":"BreadcrumbList","dateCreated":"2001-01-01"},'
                        '{"@type":"NewsArticle","datePublished":"2006-03-09T23:30:00Z",'
                        '"author":[{"@type":"Person","name":"张明"},{"@type":"Organization","name":"兰州晚报"}]}]}'
                        '</script>')
    assert record["published_date"] == date(2006, 3, 10)  # 23:30 UTC is the next morning in China
    assert record["authors"] == ["张明"]
    assert "date_by:meta_tags" in record["flags"]


@pytest.mark.parametrize("script", [
    '<script type="application/ld+json">{"@type":"Organization","foundingDate":"2001-01-01",'
    '"datePublished":"2001-01-01"}</script>',  # not an article: its dates are not the page's
    '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2006-03-09",}</script>',  # bad JSON
])
def test_json_ld_that_is_no_article_or_no_json_dates_nothing(script):
    assert _page_head(script)["published_date"] is None


@pytest.mark.parametrize("info", [
    "<div class='info'>２００６年３月９日　来源：兰州晚报</div>",
    "<div class='info'>Posted on March 9, 2006 at 8:05 PM</div>",
    "<div class='info'>发布时间：06-03-09　来源：兰州晚报</div>",
])
def test_info_lines_in_other_date_forms_date_the_page_and_stay_out_of_the_text(info):
    record = _page_head("", info)
    assert record["published_date"] == date(2006, 3, 9)
    assert record["body"].startswith("第0段")


@pytest.mark.parametrize(("text", "day"), [
    ("发布日期： 7/5/2005 9:23:57 PM", date(2005, 7, 5)),  # month first, as US-locale servers print it
    ("发布日期： 9/17/2004 5:54:13 AM", date(2004, 9, 17)),
    ("17/5/2005", date(2005, 5, 17)),  # 17 is no month: day first
    ("1/2/3/2005", None),  # a path, not a date
])
def test_dates_with_the_year_last(text, day):
    found = find_dates(text, TODAY)
    assert (found[0].date if found else None) == day


def test_a_bare_yu_in_the_text_is_no_date_label():
    """梁某于2002年2月23日在…: an event the text tells, not a dateline (it dated a 2005 page)."""
    assert find_labelled_date("梁思浩于2002年2月23日在九龙塘遭两名大汉打了一顿", TODAY) is None
    assert find_labelled_date("发表于 2005-06-10 05:41", TODAY).date == date(2005, 6, 10)
    assert find_labelled_date("本贴由老猫于2005年8月12日在论坛发表", TODAY).date == date(2005, 8, 12)


def test_the_info_line_right_under_the_headline_dates_the_page_past_a_box_of_links():
    from transform import RawPage, parse_page

    links = "".join(f"<tr><td><a href='/{i}.html'>今日推荐第{i}条新闻标题在这里</a></td></tr>" for i in range(14))
    html = (f"<html><head><title>冷库建设</title></head><body><div class='title'>冷库建设</div>"
            f"<table><tr><td>2005-04-27 14:32更新 来源：兰州晚报</td></tr>{links}</table>"
            f"<div class='content'>{_PARAS}<p>去年于2002年2月23日开工的冷库今年投用。</p></div></body></html>")
    (record,) = parse_page(RawPage(html.encode("utf-8"), url="http://www.example.cn/news/show.html"))
    assert record["published_date"] == date(2005, 4, 27)


def test_an_event_date_in_the_first_paragraphs_does_not_date_an_undated_page():
    """该项目于2002年2月24日开工: a date the text tells, not the page's (the nearest-date
    strategy read the first paragraphs too)."""
    from transform import RawPage, parse_page

    html = ("<html><head><title>冷库建设</title></head><body><h1>冷库建设</h1><div class='content'>"
            "<p>该项目于2002年2月24日开工建设，县里今年新建了三座冷库，蔬菜可以错峰上市。</p>"
            f"{_PARAS}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode("utf-8"), url="http://www.example.cn/news/show.html"))
    assert record["published_date"] is None


def test_an_english_dateline_with_commas_is_a_dateline_not_prose():
    record = _page_head("", "<div>Saturday, September 10th, 2005 10:56 am</div>")
    assert record["published_date"] == date(2005, 9, 10)
    assert record["body"].startswith("第0段")


@pytest.mark.parametrize(("info", "meta", "day"), [
    # a platform's dateline without the year, and its own meta time for the same month and day
    ("发布时间：10-0812:00", '<meta itemprop="dateUpdate" content="2019-10-08 12:00:57">', date(2019, 10, 8)),
    ("发布时间：10-08 12:00", '<meta itemprop="dateUpdate" content="2019-10-09 08:00:00">', None),  # another day
    ("发布时间：10-08 12:00", "", None),  # no year anywhere: undated
    ("发布时间：18-03-0823:16", "", date(2018, 3, 8)),  # a two-digit year, the time glued on
])
def test_a_dateline_without_its_year_is_dated_only_by_another_date_of_the_page(info, meta, day):
    assert _page_head(meta, f"<div>{info}</div>")["published_date"] == day


def test_a_portals_own_publish_time_meta_tag():
    assert _page_head('<meta name="apub:time" content="2019-9-7 21:30:50">')["published_date"] == date(2019, 9, 7)


@pytest.mark.parametrize(("line", "expected"), [
    ("发布时间：20240318", date(2024, 3, 18)),  # compact, after a label
    ("时间：18-03-2024", date(2024, 3, 18)),  # the year last with dashes: day first
    ("日期：05.03.2024", date(2024, 3, 5)),
    ("时间：03-18-2024 10:30", date(2024, 3, 18)),  # 18 cannot be a month
    ("编号：20240318", None),  # no date label: an eight-digit number
    ("发布时间：2024031899", None),  # ten digits are no date
])
def test_labelled_compact_and_year_last_dates(line, expected):
    found = find_labelled_date(line)
    assert (found.date if found else None) == expected
