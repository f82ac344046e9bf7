"""HTML extraction: fixtures field by field, per-source rules, and bad input that must not stop a run."""

import json
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from transform.common.boilerplate import DEFAULT_RULESET
from transform.common.decode import decode_bytes
from transform.html.extract import extract_html
from transform.html.select import css_to_xpath
from transform.pipeline import parse_page
from transform.record import RawPage, TransformError

FIXTURES = Path(__file__).parent / "fixtures" / "html"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json"))
FIELDS = ("title", "subtitle", "kicker", "published_date", "published_at", "date_source", "authors", "editors",
          "photographers", "origin", "clicks", "captions", "script", "body", "body_original")


def _value(v):
    return v.isoformat() if isinstance(v, date | datetime) else v


def test_every_site_family_has_a_fixture():
    assert {"founder_epaper", "hanweb_gov", "county_rongmei", "gscn_news", "gbk_no_charset",
            "traditional_script"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_fixture_fields(name):
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    decoded = decode_bytes((FIXTURES / f"{name}.html").read_bytes())
    assert decoded.encoding == expected["encoding"]
    articles = extract_html(decoded.text, url=expected["url"], rules=DEFAULT_RULESET)
    assert len(articles) == 1
    got = articles[0]
    for field in FIELDS:
        assert _value(getattr(got, field)) == expected[field], field


@pytest.mark.parametrize("name", NAMES)
def test_fixture_bodies_hold_no_boilerplate(name):
    decoded = decode_bytes((FIXTURES / f"{name}.html").read_bytes())
    body = extract_html(decoded.text, url=None, rules=DEFAULT_RULESET)[0].body
    for line in body.split("\n"):
        assert DEFAULT_RULESET.match(line) is None, line
    for word in ("ICP", "分享到", "上一篇", "相关新闻", "版权所有", "责任编辑", "编辑：", "首页"):
        assert word not in body


def test_through_the_pipeline_records_carry_metadata():
    raw = (FIXTURES / "hanweb_gov.html").read_bytes()
    [rec] = parse_page(RawPage(content=raw, url="https://www.zhangye.gov.cn/art/2024/3/18/art_1234_567.html"))
    assert rec["title"] == "张掖市2024年一季度重点项目集中开工"
    assert rec["date_source"] == "page_meta" and rec["published_date"] == date(2024, 3, 18)
    assert rec["editors"] == ["赵晓燕"] and rec["origin"] == "张掖日报" and rec["clicks"] == 2316


def test_traditional_page_keeps_original_next_to_simplified():
    raw = (FIXTURES / "traditional_script.html").read_bytes()
    [rec] = parse_page(RawPage(content=raw))
    assert rec["script"] == "hant"
    assert "电站" in rec["body"] and "電站" in rec["body_original"]
    assert len(rec["body"]) == len(rec["body_original"])


PAGE = """<html><head><title>{title}_测试网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/a">新闻</a> <a href="/b">政务</a> <a href="/c">服务</a></div>
<div class="main"><h1>{title}</h1><div class="info">{info}</div>
<div class="text">{body}</div></div>
<div class="share">分享到：<a href="#">微信</a></div>
<div class="foot">主办单位：测试县人民政府 陇ICP备12345678号</div></body></html>"""
PARAS = [
    "今年以来，测试县围绕新能源和现代农业两大产业开展招商，已签约项目十八个，协议投资额四十二亿元。",
    "其中，一家光伏组件企业计划投资十二亿元建设生产基地，项目建成后年产值可达三十亿元，带动就业八百人。",
    "县招商局负责人表示，下一步将继续优化营商环境，推动签约项目尽快开工建设，早日投产见效。",
]


def _page(body: str, info: str = "发布时间：2024-05-06 09:30", title: str = "测试县招商引资签约十八个项目") -> str:
    return PAGE.format(title=title, info=info, body=body)


def test_bylines_at_start_and_end_become_authors_not_body():
    body = "<p>本报记者 张明远 李晓红</p>" + "".join(f"<p>{p}</p>" for p in PARAS) + "<p>（通讯员 王海）</p>"
    [a] = extract_html(_page(body), url=None, rules=DEFAULT_RULESET)
    assert a.authors == ["张明远", "李晓红", "王海"]
    assert a.body.split("\n") == PARAS


def test_lead_dateline_inside_first_paragraph_becomes_authors():
    body = f"<p>本报讯（记者 赵文静 通讯员 孙立）{PARAS[0]}</p>" + "".join(f"<p>{p}</p>" for p in PARAS[1:])
    [a] = extract_html(_page(body), url=None, rules=DEFAULT_RULESET)
    assert a.authors == ["赵文静", "孙立"]
    assert a.body.startswith(PARAS[0][:10]) and "本报讯" not in a.body


def test_editor_lines_and_info_line_fields():
    body = "".join(f"<p>{p}</p>" for p in PARAS) + "<p>责任编辑：周婷、马强</p>"
    info = "发布时间：2024年05月06日 09:30　来源：测试县融媒体中心　作者：文/图 郭小兵　阅读：356"
    [a] = extract_html(_page(body, info), url=None, rules=DEFAULT_RULESET)
    assert a.editors == ["周婷", "马强"]
    assert a.authors == ["郭小兵"]
    assert a.origin == "测试县融媒体中心" and a.clicks == 356
    assert a.published_at == datetime.fromisoformat("2024-05-06T09:30:00+08:00")
    assert a.date_source == "text"
    assert "责任编辑" not in a.body


def test_date_falls_back_to_url_then_nothing():
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    [a] = extract_html(_page(body, info=""), url="http://x.gov.cn/art/2024/3/18/art_1_2.html", rules=DEFAULT_RULESET)
    assert (a.published_date, a.date_source) == (date(2024, 3, 18), "url")
    [b] = extract_html(_page(body, info=""), url="http://x.gov.cn/news/123.html", rules=DEFAULT_RULESET)
    assert b.published_date is None


def test_title_without_site_suffix_and_not_repeated_in_body():
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    [a] = extract_html(_page(body), url=None, rules=DEFAULT_RULESET)
    assert a.title == "测试县招商引资签约十八个项目"
    assert a.title not in a.body


def test_site_rules_select_body_title_date_author_and_drop_noise():
    html = """<html><body><div id="left"><p>侧栏推荐文章，内容很长很长，而且带有标点符号，用来干扰正文识别。</p></div>
    <div class="art"><span class="tt">规则指定的标题</span><em class="dt">2024/09/04</em><i class="au">作者 陈静</i>
    <div class="ad">广告：欢迎选购本地特产，优惠多多，机会难得，不容错过。</div>
    <p>正文第一段，描述项目建设的进展和投资情况，内容较短。</p></div></body></html>"""
    rules = {"body": "div.art", "title": ".tt", "date": "em.dt", "author": "i.au", "noise": ["div.ad", ".tt, .dt, .au"]}
    [a] = extract_html(html, url=None, rules=DEFAULT_RULESET, site_rules=rules)
    assert a.title == "规则指定的标题"
    assert a.published_date == date(2024, 9, 4)
    assert a.authors == ["陈静"]
    assert a.body == "正文第一段，描述项目建设的进展和投资情况，内容较短。"


def test_bad_site_rule_is_a_transform_error():
    with pytest.raises(TransformError) as err:
        extract_html("<html><body><p>文本。</p></body></html>", url=None, rules=DEFAULT_RULESET,
                     site_rules={"body": "div:nth-child(2)"})
    assert err.value.stage == "extract"


def test_css_subset():
    assert css_to_xpath("div#ozoom") == ".//div[@id='ozoom']"
    assert "contains(concat(' ', normalize-space(@class), ' '), ' a ')" in css_to_xpath("p.a > span")
    assert " | " in css_to_xpath("h1, .title")


def test_listing_page_yields_one_article_per_dated_item():
    items = "".join(
        f'<div class="post"><h3>第{i}篇日志</h3><div class="d">2024-0{i}-0{i} 10:00</div>'
        f"<p>{PARAS[i - 1]}</p><p>{PARAS[(i) % 3]}</p></div>"
        for i in (1, 2, 3)
    )
    html = f'<html><body><div class="nav"><a href="/">首页</a></div><div class="list">{items}</div></body></html>'
    arts = extract_html(html, url=None, rules=DEFAULT_RULESET)
    assert [a.title for a in arts] == ["第1篇日志", "第2篇日志", "第3篇日志"]
    assert [a.published_date for a in arts] == [date(2024, 1, 1), date(2024, 2, 2), date(2024, 3, 3)]
    assert arts[0].body.split("\n") == [PARAS[0], PARAS[1]]


# --- bad input never stops or hangs a run --------------------------------------------------


def _bounded(raw: bytes, seconds: float = 10.0):
    start = time.monotonic()
    try:
        result = parse_page(RawPage(content=raw))
    except TransformError as exc:
        result = exc
    assert time.monotonic() - start < seconds
    return result


def test_empty_page():
    result = _bounded(b"")
    assert isinstance(result, TransformError) and result.stage == "read"
    result = _bounded(b"<html><head></head><body></body></html>")
    assert isinstance(result, TransformError) and result.stage == "extract"


def test_binary_served_as_html():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    result = _bounded(png)
    assert isinstance(result, TransformError) and result.stage == "decode"


def test_truncated_markup():
    html = _page("".join(f"<p>{p}</p>" for p in PARAS)).encode("utf-8")
    cut = html[: html.index(PARAS[2].encode()) + 30]  # ends inside a character and a tag
    result = _bounded(cut)
    assert isinstance(result, list) and PARAS[0] in result[0]["body"]


def test_twenty_megabyte_page():
    big = b"<html><body>" + (b"<p>" + PARAS[0].encode() + b"</p>") * 150_000 + b"</body></html>"
    assert len(big) > 20_000_000
    result = _bounded(big)
    assert isinstance(result, TransformError) and result.stage == "read"


def test_large_page_under_the_limit_is_extracted_in_bounded_time():
    big = _page("".join(f"<p>{PARAS[i % 3]}</p>" for i in range(60_000))).encode("utf-8")
    assert len(big) > 5_000_000
    result = _bounded(big, seconds=30)
    assert isinstance(result, list) and result[0]["body"].count("\n") > 50_000


def test_ten_thousand_levels_of_nesting_degrade_to_text():
    deep = "<html><body>" + "<div>" * 10_000 + PARAS[0] + PARAS[1] + "</div>" * 10_000 + "</body></html>"
    result = _bounded(deep.encode("utf-8"))
    assert isinstance(result, list)
    assert PARAS[0] in result[0]["body"] and "html_too_deep" in result[0]["flags"]


def test_wrong_declared_charset():
    html = _page("".join(f"<p>{p}</p>" for p in PARAS)).replace("<head>", '<head><meta charset="utf-8">')
    result = _bounded(html.encode("gbk"))
    assert isinstance(result, list) and result[0]["body"].split("\n") == PARAS


def test_markup_soup_does_not_crash():
    soup = b"<<<>>><p<div>></p></table><td>\x0b\x0c<![CDATA[x]]><?xml bad?>" * 200 + PARAS[0].encode()
    result = _bounded(soup)
    assert isinstance(result, list | TransformError)


def test_the_date_strategy_that_won_is_named_in_the_flags():
    from transform.html.metadata import DATE_STRATEGIES

    names = [n for n, _ in DATE_STRATEGIES]
    assert names[:3] == ["site_selector", "cms_fields", "meta_tags"] and names[-1] == "nearest_date_around_body"
    for name in ("hanweb_gov", "founder_epaper", "county_rongmei"):
        raw = (FIXTURES / f"{name}.html").read_bytes()
        [rec] = parse_page(RawPage(content=raw))
        won = [f.split(":", 1)[1] for f in rec["flags"] if f.startswith("date_by:")]
        assert (won and won[0] in names) == (rec["published_date"] is not None), (name, rec["flags"])


def test_a_tag_with_100k_attributes_is_parsed_in_bounded_time():
    import time

    body = "<p>" + "兰州新区项目建设稳步推进，今年以来完成投资十亿元。" * 20 + "</p>"
    html = "<html><body><div " + " ".join(f'a{i}="x"' for i in range(100_000)) + ">" + body + "</div></body></html>"
    started = time.monotonic()
    [rec] = parse_page(RawPage(content=html.encode("utf-8")))
    assert rec["body"].startswith("兰州新区项目建设稳步推进")
    assert time.monotonic() - started < 5  # 16.7 s before long tags were trimmed


def _page_with(credit_line: str, body_tail: str = "", meta_author: str = "", footer: str = "") -> bytes:
    meta = f'<meta name="author" content="{meta_author}">' if meta_author else ""
    body = "".join(f"<p>{p}</p>" for p in PARAS[:3])
    return (f"<html><head><title>新区项目开工</title>{meta}</head><body><h1>新区项目开工</h1>"
            f"<div class=info>{credit_line}</div><div class=content>{body}{body_tail}</div>"
            f"<div class=share>{footer}</div><ul><li><a href=/a>相关新闻一</a></li></ul></body></html>").encode()


@pytest.mark.parametrize(("raw", "authors", "won"), [
    (_page_with("来源：兰州日报", "<p>（记者 王小明）</p>", "李四"), ["王小明"], "body_credits"),
    (_page_with("来源：兰州日报", meta_author="李四", footer="作者：赵大伟　编辑：钱多多"), ["赵大伟"], "credit_lines"),
    (_page_with("来源：兰州日报", meta_author="李四"), ["李四"], "meta_tags"),
    (_page_with("来源：兰州日报"), [], None),
])
def test_authors_are_chosen_by_named_strategies_in_order(raw, authors, won):
    from transform.html.authors import AUTHOR_STRATEGIES

    assert [n for n, _ in AUTHOR_STRATEGIES] == ["credit_lines", "site_selector", "cms_fields", "meta_tags",
                                                  "author_element", "blog_owner", "blog_address"]
    [rec] = parse_page(RawPage(content=raw))
    assert rec["authors"] == authors
    flags = [f.split(":", 1)[1] for f in rec["flags"] if f.startswith("authors_by:")]
    assert flags == ([won] if won else [])


def test_clean_text_collapses_every_whitespace_a_regex_knows() -> None:
    """clean_text splits with str.split(): the same characters as `\\s`, plus the zero-width
    space and the BOM, collapse to one space; nothing else is touched."""
    import random
    import re

    from transform.html.dom import clean_text

    spaces = [chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c))]
    assert spaces == [chr(c) for c in range(0x110000) if chr(c).isspace()]
    alphabet = [*spaces, "\u200b", "\ufeff", "甘", "肃", "。", "a", "\u00ad"]
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert clean_text(text) == re.sub(r"[\s\u200b\ufeff]+", " ", text).strip()


def test_a_page_state_class_on_body_marks_nothing_as_noise():
    """<body class="u-has-nav-bar">: the token nav on the body once made every block noise and
    the page had no text at all."""
    from transform import RawPage, parse_page

    paras = "".join(f"<p>第{i}段：县里今年新建了三座冷库，蔬菜可以错峰上市，种植户的收入明显增加。</p>" for i in range(4))
    html = (f"<html><body class='u-header-sticky u-has-nav-bar'><nav class='nav'><a href='/'>首页</a></nav>"
            f"<main><article><h1>冷库建设</h1>{paras}</article></main></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/a.html"))
    assert record["body"].startswith("第0段") and "首页" not in record["body"]


def test_scripts_printed_before_the_doctype_do_not_swallow_the_page():
    from transform import RawPage, parse_page

    paras = "".join(f"<p>第{i}段：县里今年新建了三座冷库，蔬菜可以错峰上市，种植户的收入明显增加。</p>" for i in range(4))
    html = ("\n\n<script>function f() { return 1; }</script>\n<!DOCTYPE HTML PUBLIC -//W3C//DTD HTML 4.01//EN>\n"
            f"<html><head><title>冷库建设</title><custom:include></head><body><h1>冷库建设</h1>"
            f"<div>2005-05-13 14:15 来源：兰州晚报</div>{paras}</body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/a.html"))
    assert record["body"].startswith("第0段")
    assert str(record["published_date"]) == "2005-05-13"


def test_comments_marked_on_an_article_element_stay_comments():
    from transform import RawPage, parse_page

    paras = "".join(f"<p>第{i}段：县里今年新建了三座冷库，蔬菜可以错峰上市，种植户的收入明显增加。</p>" for i in range(4))
    html = (f"<html><body class='has-nav'><main><article><h1>冷库建设</h1>{paras}</article>"
            "<article class='comment-body'><p>网友甲：写得真好，我们村也想建冷库，请问怎么申请补贴？谢谢！</p></article>"
            "</main></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/a.html"))
    assert "网友甲" not in record["body"]


def test_script_hook_classes_mark_nothing_as_noise():
    """<div class="js_img_share_area" id="artical_real">: a class for scripts (js_…) and a
    misspelled content id; the token share once made the whole article noise."""
    from transform import RawPage, parse_page

    paras = "".join(f"<p>第{i}段：县里今年新建了三座冷库，蔬菜可以错峰上市，种植户的收入明显增加。</p>" for i in range(4))
    html = (f"<html><body><div class='nav'><a href='/'>首页</a></div><h1>冷库建设</h1>"
            f"<div class='js_img_share_area' id='artical_real'><div class='main_content'>{paras}</div></div>"
            "<div class='share'><a href='#'>分享到微博</a></div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/a.html"))
    assert record["body"].startswith("第0段") and "分享" not in record["body"]


def _wechat(script: str, marker: str = "rich_media") -> dict:
    paras = "".join(f"<p>第{i}段：园区里的新厂房已经封顶，设备下个月进场安装，预计年底前投产。</p>" for i in range(5))
    html = (f"<html><head><meta charset='utf-8'><title>新厂房封顶</title></head><body><div id='page-content'>"
            f"<h1 class='{marker}_title'>新厂房封顶</h1><div class='{marker}_meta_list'>"
            f"<em id='publish_time' class='{marker}_meta'>昨天</em></div><div class='{marker}_content'>{paras}</div>"
            f"</div><script>{script}</script></body></html>")
    [rec] = parse_page(RawPage(content=html.encode("utf-8")))
    return rec


def test_a_wechat_article_is_dated_by_its_script_creation_time():
    # 1581517074 is 2020-02-12 14:17:54 UTC: 22:17:54 in China, the same day
    rec = _wechat('var nickname = "某某发布"; var ct = "1581517074"; var t = "0";')
    assert rec["published_date"] == date(2020, 2, 12) and rec["published_at"].hour == 22
    assert "date_by:meta_tags" in rec["flags"]
    late = _wechat('var ct = "1581537600";')  # 2020-02-12 20:00 UTC is the 13th in China
    assert late["published_date"] == date(2020, 2, 13)


def test_a_ct_variable_outside_the_wechat_template_dates_nothing():
    assert _wechat('var ct = "1581517074";', marker="post")["published_date"] is None


def test_a_date_inside_the_headline_element_is_not_part_of_the_title():
    paras = "".join(f"<p>第{i}段：园区里的新厂房已经封顶，设备下个月进场安装，预计年底前投产。</p>" for i in range(5))
    html = (f"<html><head><meta charset='utf-8'><title>新厂房封顶_示例网</title></head><body>"
            f"<h1>新厂房封顶<span class='time'>2024-03-18 10:30</span></h1><div class='content'>{paras}</div></body></html>")
    [rec] = parse_page(RawPage(content=html.encode("utf-8")))
    assert (rec["title"], rec["published_date"]) == ("新厂房封顶", date(2024, 3, 18))
