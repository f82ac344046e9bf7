"""Credited names on HTML pages in the forms real pages print them: bylines above, inside and
after the text, datelines, info lines, the page's frame (meta tags, author boxes, blog headers),
and the decoys that name no one. The name rules themselves are in tests/test_names.py."""

import pytest

_POST = "".join(f"<p>第{i}段：傍晚沿着河堤走了一圈，柳树发了新芽，岸边钓鱼的人比往年多了不少。</p>" for i in range(6))


@pytest.mark.parametrize(("opening", "authors"), [
    ("记者张明报道：", ["张明"]),
    ("本报记者 张明 李华 报道　", ["张明", "李华"]),
    ("本报特派记者 张明 报道　", ["张明"]),
    ("记者张明 通讯员李华 报道　", ["张明", "李华"]),
    ("本报兰州3月9日电　记者张明报道：", ["张明"]),  # a dateline, then the byline
    ("记者从省发改委了解到，", []),  # no names before 报道: prose
])
def test_an_opening_byline_ending_in_baodao(opening, authors):
    from transform import RawPage, parse_page

    html = (f"<html><head><title>河堤散步</title></head><body><h1>河堤散步</h1>"
            f"<div class='content'>{_POST.replace('<p>', '<p>' + opening, 1)}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == authors
    if authors:
        assert "报道" not in record["body"].split("\n")[0][:20]


@pytest.mark.parametrize(("info", "authors"), [
    ("文｜张明", ["张明"]),
    ("文 | 张明", ["张明"]),
    ("新华社记者 张明 李华", ["张明", "李华"]),  # an outlet before 记者: a line that only credits
    ("兰州晚报记者 张明", ["张明"]),
    ("发布者：信息科　来源：兰州晚报", []),  # a unit's desk (信 is a surname)
    ("供稿：宣传股", []),
    ("发布人：王科", []),  # the same shape: a desk as often as a person under this label
    ("作者：王科", ["王科"]),  # under 作者 it is a person
    ("文明城", []),  # a bare 文 before a word is no byline
])
def test_more_credit_line_forms(info, authors):
    from transform import RawPage, parse_page

    html = (f"<html><head><title>河堤散步</title></head><body><h1>河堤散步</h1><div class='info'>{info}</div>"
            f"<div class='content'>{_POST}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == authors


@pytest.mark.parametrize(("first", "last", "authors"), [
    ("记者 张明 李华 ", "", ["张明", "李华"]),  # the page collapsed the wide space after the byline to one
    ("■本报记者 张明 ", "", ["张明"]),
    ("本报讯 记者张明 通讯员李华 ", "", ["张明", "李华"]),
    ("记者 了解到 ", "", []),  # not names: prose
    ("", "　记者 张明", ["张明"]),  # a closing byline without 报道
    ("", "　本报记者 张明 李华", ["张明", "李华"]),
])
def test_bylines_around_the_text_with_single_spaces(first, last, authors):
    from transform import RawPage, parse_page

    post = _POST.replace("<p>", "<p>" + first, 1)
    post = post[: post.rfind("</p>")] + last + "</p>"
    html = (f"<html><head><title>河堤散步</title></head><body><h1>河堤散步</h1>"
            f"<div class='content'>{post}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == authors
    if authors:
        assert record["body"].startswith("第0段") and record["body"].endswith("不少。")


@pytest.mark.parametrize(("lines", "authors"), [
    (["新华网黑龙江频道 记者 伊琳 李清芬"], ["伊琳", "李清芬"]),  # an outlet with a space before 记者
    (["本报实习生 刘国栋 周炜", "本报记者 王燕平 方云凤"], ["刘国栋", "周炜", "王燕平", "方云凤"]),
    (["拆房屡出命案", "谁来埋单", "本报实习生 刘国栋", "本报记者 王燕平"], ["刘国栋", "王燕平"]),  # under a kicker
])
def test_byline_lines_at_the_top_of_the_text(lines, authors):
    from transform import RawPage, parse_page

    top = "".join(f"<p>{line}</p>" for line in lines)
    html = (f"<html><head><title>河堤散步</title></head><body><h2>河堤散步</h2>"
            f"<div class='content'>{top}{_POST}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == authors
    assert record["body"].startswith(lines[0] if "埋单" in "".join(lines) else "第0段")


def test_a_long_line_of_roles_and_names_is_no_byline_and_ends():
    """A pattern nesting repeated names in repeated roles ran for minutes on this line."""
    from transform.common.bylines import byline_line

    assert byline_line("记者 张明 " * 9 + "。") == []
    assert byline_line("记者 张明 李华 " * 4) == ["张明", "李华"]


@pytest.mark.parametrize(("around", "authors", "editors"), [
    # a closing byline naming where it was filed from, above an editor line, a disclaimer and a counter
    ("<p>新京报记者 张明 山东冠县报道</p><p>【编辑:刘欢】</p><p>责任编辑：</p>"
     "<div>声明：该文观点仅代表作者本人，本平台仅提供信息存储空间服务。</div><div>阅读 ()</div>", ["张明"], ["刘欢"]),
    ("<p>本报记者罗科发自北京</p>", ["罗科"], []),
    ("<p>编辑：山石</p>", [], ["山石"]),  # a pen name as an editor (山 is missing from the surname table)
    ("<p>编辑：本网</p>", [], []),
    ("<p>文：眉间尺</p>", ["眉间尺"], []),  # 文： labels the writer: a pen name counts
    ("<p>〓 网易娱乐 明星话题 发布时间 2005/03/15 22:36:13 by duscha 〓</p>", ["duscha"], []),  # a board's footer
])
def test_closing_credit_forms(around, authors, editors):
    from transform import RawPage, parse_page

    html = (f"<html><head><title>河堤散步</title></head><body><h1>河堤散步</h1>"
            f"<div class='content'>{_POST}{around}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == authors
    assert record["editors"] == editors


@pytest.mark.parametrize(("head", "info", "authors"), [
    # `author` names the publisher; the writer is in dc.creator, spaced out character by character
    ('<meta name="author" content="中文学术期刊,汉斯出版社,Hans Publishers"><meta name="dc.creator" content="赵 培">',
     "", ["赵培"]),
    ('<meta name="citation_authors" content="张明">', "", ["张明"]),
    ("", "<div>2004年7月16日08:19 [ 黄宇 ] 来源：[ 国际金融报 ]</div>", ["黄宇"]),  # an unlabelled name in brackets
    ("", "<div>2004年7月16日08:19 来源：[ 国际金融报 ]</div>", []),
    ("", "<div>【专题】 [ 黄宇 ]</div>", []),  # no date: no info line
])
def test_names_in_meta_tags_and_bracketed_info_lines(head, info, authors):
    from transform import RawPage, parse_page

    html = (f"<html><head><title>河堤散步</title>{head}</head><body><h1>河堤散步</h1>{info}"
            f"<div class='content'>{_POST}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == authors


def test_a_headline_with_a_colon_is_not_the_first_paragraph():
    """The first prose paragraph bounds where byline and info lines are read; a headline such
    as 农机专家李金泽：为农机行业搭建平台 (a colon, no clause mark) is not it."""
    from transform import RawPage, parse_page

    html = ("<html><head><title>x</title></head><body><table><tr><td>当前位置： <a href='/'>首页</a>｜<a href='/a'>人物专访</a>"
            "</td></tr></table><div>农机专家李金泽：为农机行业搭建信息平台</div><div>2005年08月16日 来源：新华网</div>"
            f"<div>新华网黑龙江频道 记者 伊琳 李清芬</div><div class='content'>{_POST}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == ["伊琳", "李清芬"]
    assert str(record["published_date"]) == "2005-08-16"


@pytest.mark.parametrize(("line", "names"), [
    ("据新华社拉萨电（记者 格桑边觉）记者近日从会上了解到", ["格桑边觉"]),  # a Tibetan name: no surname from the table
    ("新华社乌鲁木齐5月3日电（记者 买买提·艾力 张明）今天", ["买买提·艾力", "张明"]),
    ("本报讯（记者 从省发改委获悉）今天", []),  # a phrase, not a name
    ("本报讯（通讯员 综合办公室）今天", []),  # a desk
])
def test_names_in_a_dateline_after_the_role_word(line, names):
    from transform.common.bylines import parse_dateline

    assert parse_dateline(line)[0] == names


@pytest.mark.parametrize(("title", "top", "authors"), [
    ("犬儒病", ["胡平"], ["胡平"]),  # the writer's name alone under the headline
    ("犬儒病", ["胡平 王芳"], ["胡平", "王芳"]),
    ("茉莉：我是怎样走上讲台的", ["茉莉：我是怎样走上讲台的", "茉莉"], ["茉莉"]),  # a pen name the headline opens with
    ("电影资料", ["◎译 名 太行山上", "◎年 代 2005", "◎导 演 韦廉", "王伍福", "李幼斌"], []),  # a cast list
    ("犬儒病", ["赵延东、风笑天"], ["赵延东", "风笑天"]),  # 风, a rare surname, is in the table
    ("犬儒病", ["雨果"], []),  # not a name from the table, and no headline naming it
])
def test_writers_named_alone_above_the_text(title, top, authors):
    from transform import RawPage, parse_page

    lines = "".join(f"<p>{line}</p>" for line in top)
    html = (f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            f"<div class='content'>{lines}{_POST}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == authors


@pytest.mark.parametrize(("head", "frame", "url", "authors"), [
    # the blog's header links to its home with the owner's name; the address has only the handle
    ("", "<h1><a href='http://blog.example.com/lijianzhong/'>李建忠</a></h1>",
     "http://blog.example.com/lijianzhong/archive/2004/12/27/41810.aspx", ["李建忠"]),
    # a platform's author card shows the pen name its meta tag gives
    ('<meta name="author" content="魑皇">', "<a class='up-name' href='/u/1'> 魑皇</a>",
     "http://www.example.com/read/cv1", ["魑皇"]),
    # the site's name in the author meta tag (and in the page title) is no pen name
    ('<meta name="author" content="河堤网">', "<a href='/'>河堤网</a>", "http://www.example.com/read/cv1", []),
    ('<meta name="author" content="老猫">', "", "http://www.example.com/read/cv1", []),  # shown nowhere
    # a template's author box whose label and value are two elements
    ("", "<div class='div_author'>作者： <a href='/u/9'>放飞&心情</a><br>振威将军</div>",
     "http://bbs.example.com/1.html", ["放飞&心情"]),
])
def test_authors_named_by_the_frame_of_the_page(head, frame, url, authors):
    from transform import RawPage, parse_page

    html = (f"<html><head><title>河堤散步_河堤网</title>{head}</head><body>{frame}<h2>河堤散步</h2>"
            f"<div class='content'>{_POST}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url=url))
    assert record["authors"] == authors


@pytest.mark.parametrize(("closing", "authors"), [
    ("新京报记者 张明 武威报道", ["张明"]),  # 武威, a city, reads like a name: glued to 报道 it is the place
    ("记者 张明 李华 报道", ["张明", "李华"]),
    ("记者张明报道", ["张明"]),
])
def test_the_place_before_baodao_is_no_name(closing, authors):
    from transform.common.bylines import byline_line

    assert byline_line(closing) == authors


def test_a_city_or_county_is_no_name():
    from transform.common.names import is_name

    assert not is_name("武威市") and not is_name("临夏县") and not is_name("城关区")


@pytest.mark.parametrize(("closing", "authors", "editors"), [
    ("<p>本文来源：新京报 责任编辑：杜硕_NB12556</p>", [], ["杜硕"]),  # a portal's staff code after the name
    ("<div class='gs_bot_author'>作者：未知　责任编辑：棒棒不是糖</div>", [], ["棒棒不是糖"]),  # a pen name
    ("<p>（责任编辑： HN666）</p>", [], []),  # a staff code names no one
    ("<p>（综合整理自澎湃新闻、智东西、雷锋网等）</p>", [], []),  # outlets, one of which reads like a name
    ("<p>（姚峰 上海报道）</p>", ["姚峰"], []),
])
def test_closing_lines_of_portals(closing, authors, editors):
    from transform import RawPage, parse_page

    html = (f"<html><head><title>河堤散步</title></head><body><h1>河堤散步</h1>"
            f"<div class='content'>{_POST}{closing}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert (record["authors"], record["editors"]) == (authors, editors)


@pytest.mark.parametrize(("info", "authors"), [
    ("执笔/叨叨姐、胡一刀&李小飞刀", ["叨叨姐", "胡一刀", "李小飞刀"]),  # pen names, & in a list
    ("作者：放飞&心情", ["放飞&心情"]),  # & inside one pen name
])
def test_several_pen_names_where_the_writer_is_labelled(info, authors):
    from transform import RawPage, parse_page

    html = (f"<html><head><title>河堤散步</title></head><body><h1>河堤散步</h1><div>{info}</div>"
            f"<div class='content'>{_POST}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == authors


def test_an_outlet_link_showing_the_author_meta_tag_names_no_one():
    """<meta property="article:author" content="参考消息"> shown as the outlet's link (class
    source) is an outlet, not a pen name."""
    from transform import RawPage, parse_page

    html = ('<html><head><title>河堤散步</title><meta property="article:author" content="参考消息"></head><body>'
            "<h1>河堤散步</h1><div><a class='source' href='/ck'>参考消息</a></div>"
            f"<div class='content'>{_POST}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == []


def _page(body_html: str, info: str = "") -> dict:
    from transform import RawPage, parse_page

    html = (f"<html><head><title>河堤散步</title></head><body><h1>河堤散步</h1>{info}"
            f"<div class='content'>{body_html}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/2.html"))
    return record


def test_a_dateline_under_a_promotion_line_still_credits():
    promo = "<p>“年度人物评选”火热进行中！<a href='/vote'>【点击投票】</a>选出你心中的领袖</p>"
    record = _page(_POST.replace("<p>", promo + "<p>新京报快讯（记者 裴明）", 1))
    assert record["authors"] == ["裴明"]
    assert not any(line.startswith("新京报快讯") for line in record["body"].split("\n"))


def test_a_dateline_later_in_the_text_is_prose():
    record = _page(_POST + "<p>新京报快讯（记者 裴明）另一条消息，与本文无关。</p>")
    assert record["authors"] == []  # the fourth paragraph or later: not this article's opening


@pytest.mark.parametrize(("work", "authors"), [("整合", ["陈智"]), ("编译", ["陈智"]), ("综合", ["陈智"])])
def test_what_reporters_did_is_not_a_name(work, authors):
    record = _page(_POST.replace("<p>", f"<p>长江网10月4日讯（记者陈智 {work}） ", 1))
    assert record["authors"] == authors


def test_labels_in_spans_printed_without_a_space():
    record = _page(_POST, info="<div class='info'>2019-09-26 12:11<span>来源：证券时报网</span><span>作者：李在山</span></div>")
    assert (record["origin"], record["authors"]) == ("证券时报网", ["李在山"])


@pytest.mark.parametrize(("line", "caption"), [
    ("<p><strong>资料图：市民在寒冷天气中出行。中新社记者 贾天勇 摄</strong></p>", "资料图：市民在寒冷天气中出行。"),
    ("<p>记者 贾天勇 摄</p>", None),
    ("<p>这次活动吸引了很多市民 本报记者 贾天勇 摄</p>", "这次活动吸引了很多市民"),  # no mark before the credit
])
def test_a_photo_credit_credits_a_photographer_not_an_author(line, caption):
    record = _page(_POST.replace("</p>", "</p>" + line, 1))
    assert (record["authors"], record["photographers"]) == ([], ["贾天勇"])
    assert "摄" not in record["body"]
    assert (caption in record["captions"]) if caption else not record["captions"]


def test_a_dateline_paragraph_is_text_not_an_info_line():
    # 记者 after a full-width bracket is no label, 通讯员 after a space is: the line once read as
    # an info line whose value was the paragraph, and the paragraph left the body
    first = "本报讯（记者 张明 通讯员 李华）园区里的新厂房已经封顶，设备下个月进场安装，预计年底前投产。"
    record = _page(_POST.replace("<p>", f"<p>{first}</p><p>", 1))  # a short first paragraph
    assert record["authors"] == ["张明", "李华"]
    assert record["body"].startswith("园区里的新厂房已经封顶")


def test_an_interview_question_is_text():
    question = "<p>记者：据你了解，农民通过什么渠道来获取农业政策、农机之类的信息？</p>"
    record = _page(_POST.replace("</p>", "</p>" + question, 1))
    assert "农民通过什么渠道" in record["body"]


def test_writer_and_photographer_on_one_line():
    record = _page(_POST, info=f"<div class='author'>{'文 / 张明 图 / 李华'}</div>")
    assert (record["authors"], record["photographers"]) == (["张明"], ["李华"])


@pytest.mark.parametrize(("info", "authors"), [
    ("甘肃日报记者 张明 通讯员 李华", ["张明", "李华"]),  # 记者 glued to the outlet: no label, still a byline
    ("□本报记者 张明 文/图", ["张明"]),
    ("文图/张明", ["张明"]),
    ("作者：张明 单位：兰州大学", ["张明"]),  # a field we do not read ends the name list
    ("发表于2014-08-24 21:30| 1164次阅读| 0 条评论| 作者魏星", ["魏星"]),  # a time's colon is no label's
])
def test_byline_lines_that_labels_alone_misread(info, authors):
    assert _page(_POST, info=f"<div class='author'>{info}</div>")["authors"] == authors


def test_a_blog_footer_author_adds_no_one_to_the_texts_reporters():
    footer = "<p>- 作者： 流泉 访问统计： 2005年08月30日, 星期二 13:22 加入博采</p>"
    record = _page(_POST.replace("<p>", "<p>本报讯（记者 张明）", 1) + footer)
    assert record["authors"] == ["张明"]
    assert "访问统计" not in record["body"]  # still an info line, not text


@pytest.mark.parametrize("line", ["本版编辑 张明", "值班编辑 张明", "责任编辑：张明 来源：兰州日报"])
def test_editor_labels_with_a_space(line):
    record = _page(_POST + f"<div class='editor'>{line}</div>")
    assert (record["editors"], record["authors"]) == (["张明"], [])


def test_a_glued_label_and_a_field_we_do_not_read_on_one_line():
    from transform.common.fields import is_info_line, labelled_fields

    line = "来源：证券时报网作者：李在山 访问统计：123"
    assert labelled_fields(line) == [("origin", "证券时报网"), ("author", "李在山"), ("other", "访问统计：123")]
    assert is_info_line(line)
