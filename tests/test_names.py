import pytest

from transform.common.names import is_name, names_in, split_names


@pytest.mark.parametrize("name", ["王冠群", "张瑞", "欧阳明", "司马光辉", "綦小龙", "员建军"])
def test_names(name):
    assert is_name(name)


@pytest.mark.parametrize("phrase", ["现场", "陈华参加", "一行", "交通资讯", "王某某某", "记者"])
def test_not_names(phrase):
    assert not is_name(phrase)


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("记者 马小军 杨柳", ["马小军", "杨柳"]),
        ("本报记者王强", ["王强"]),
        ("每日某某网讯记者刘洋", ["刘洋"]),
        ("记者周一 见习记者吴二", ["周一", "吴二"]),
        ("通讯员 郑晓", ["郑晓"]),
        ("文/图 孙莉", ["孙莉"]),
        ("何平、高远", ["何平", "高远"]),
    ],
)
def test_split_names(byline, names):
    assert split_names(byline) == names


def test_split_names_refuses_sentences():
    assert split_names("项目顺利推进") is None
    assert split_names("记者从会上获悉") is None


# -- byline forms of Chinese news sites (issue: credited names) ---------------------------------
@pytest.mark.parametrize(("byline", "names"), [
    ("记者 张三 李四", ["张三", "李四"]),
    ("本报记者 张三 通讯员 李四", ["张三", "李四"]),
    ("甘肃日报记者张三/文", ["张三"]),
    ("文/张三", ["张三"]),
    ("文·图/张三", ["张三"]),
    ("作者：张三", ["张三"]),
    ("撰稿：王五", ["王五"]),
    ("张三 报道", ["张三"]),
    ("记者张三报道", ["张三"]),  # the list never swallows the next word
    ("（记者 张三 实习生 李四）", ["张三", "李四"]),  # 实习生 are authors too
    ("记者 把小明 达娃 帖子明", ["把小明", "达娃", "帖子明"]),  # rarer surnames
    ("新甘肃·甘肃日报记者王占东", ["王占东"]),
])
def test_byline_forms(byline, names):
    assert names_in(byline) == names


# -- a forum's or blog's post field ------------------------------------------------------------
@pytest.mark.parametrize(("line", "handle"), [
    ("本帖由 山城旧事 于 2006-1-2 10:20 发表", "山城旧事"),
    ("由河西走廊张贴 @ 2005-06-10 05:41:31 (295) 共 7 篇评论", "河西走廊"),
    ("由 小王 发表于 2007-3-1", "小王"),
    ("由省发改委发布的通知显示，项目已开工", None),  # a sentence, not a post field
    ("由于天气原因发布于2024年5月的预警", None),  # 由于: because
])
def test_post_author_fields(line, handle):
    from transform.common.fields import forum_author

    assert forum_author(line) == handle


def test_a_blog_post_footer_of_links_still_credits_its_poster():
    """Blog software closes each post with 由<handle>张贴 @ <a>time</a> <a>comments</a>: mostly
    links, yet the handle is the post's author, and the line is not body text."""
    from transform import RawPage, parse_page

    paragraphs = "".join(f"<p>第{i}段：今天去了黄河边散步，看见很多人在放风筝，春天的风很大，风筝飞得很高。</p>" for i in range(6))
    html = ("<html><head><title>春日散记</title></head><body><div id='post'><h2>春日散记</h2>"
            f"{paragraphs}<div class='post-footer'><em>由河西走廊张贴 @ "
            "<a href='/p/1'>2005-06-10 05:41:31</a> (295) <a href='/c/1'>共 7 篇评论</a> "
            "<a href='/c/1#new'>发表评论 &gt;&gt;&gt;</a></em></div></div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://blog.example.cn/view.php?id=1"))
    assert record["authors"] == ["河西走廊"]
    assert "张贴" not in record["body"]


_POST = "".join(f"<p>第{i}段：傍晚沿着河堤走了一圈，柳树发了新芽，岸边钓鱼的人比往年多了不少。</p>" for i in range(6))


def _blog_page(frame: str, comments: str = "") -> bytes:
    return (f"<html><head><title>河堤散步</title></head><body><table><tr><td>{frame}</td><td>"
            f"<div id='post'><h2>河堤散步</h2>{_POST}</div>{comments}</td></tr></table></body></html>").encode()


def test_a_one_author_blog_credits_its_owner_and_not_its_commenters():
    """An old blog page names its owner only in its frame ([X]的博客, [X]最新文章); the commenters'
    own blog links sit in the list of comments and credit nobody."""
    from transform import RawPage, parse_page

    frame = "<a href='/?author=102' title='[山城旧事]的博客'><u>山城旧事</u></a><span>[山城旧事]最新文章</span>"
    comments = ("<ul><li>〖<a href='/?author=7' title='[century]的博客'>century</a>〗回复: 写得好</li>"
                "<li>〖<a href='/?author=9' title='[老猫]的博客'>老猫</a>〗回复: 同感</li></ul>")
    (record,) = parse_page(RawPage(_blog_page(frame, comments), url="http://blog.example.cn/?p=1700"))
    assert record["authors"] == ["山城旧事"]
    assert "blog_owner" in " ".join(record["flags"])


def test_a_page_naming_two_blog_owners_credits_none():
    """A frame with two owners' links (recommended blogs, outside any list) is no credit."""
    from transform import RawPage, parse_page

    frame = "<a title='[山城旧事]的博客'>山城旧事</a> <a title='[河西走廊]的博客'>河西走廊</a>"
    (record,) = parse_page(RawPage(_blog_page(frame), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == []


@pytest.mark.parametrize(("url", "handle"), [
    ("http://blog.example.cn/more.asp?name=ggjjzhzz&id=22546", "ggjjzhzz"),
    ("http://blog.example.cn/wangluting/archive/2005/09/07/543698.aspx", "wangluting"),
    ("https://www.cnblogs.com/lanzhou_walker/p/123.html", "lanzhou_walker"),
    ("http://liming.blog.example.com/blog/static/1/", "liming"),
    ("http://blog.example.com/archives.php?date=200506&blogID=1854", None),  # a number names nobody
    ("http://blog.example.com/?p=1700", None),
    ("http://blog.example.com/liming", None),  # the blog's home, not a post
    ("http://www.gansu.gov.cn/art/2024/1/1/art_1.html", None),  # not a blog
])
def test_a_blog_address_names_its_owner(url, handle):
    from transform.html.signals import blog_handle

    assert blog_handle(url) == handle


def test_a_blog_handle_in_the_address_is_the_last_resort():
    """The handle credits a post that names nobody; a byline on the page wins over it."""
    from transform import RawPage, parse_page

    url = "http://blog.example.cn/wangluting/archive/2005/09/07/1.aspx"
    (bare,) = parse_page(RawPage(_blog_page(""), url=url))
    assert bare["authors"] == ["wangluting"]
    signed = _blog_page("").replace(b"</h2>", "</h2><p>作者：李明</p>".encode(), 1)  # now with a byline
    (credited,) = parse_page(RawPage(signed, url=url))
    assert credited["authors"] == ["李明"]


@pytest.mark.parametrize("line, names", [("□付平飞", ["付平飞"]), ("◎ 王强 李明", ["王强", "李明"]),
                                         ("■张三", ["张三"]), ("付平飞", ["付平飞"])])
def test_a_writers_name_alone_with_an_ornament_is_a_byline(line, names):
    """Commentaries and theory pages set the writer's name alone under the headline, often
    after an ornament (□ ◎ ■): a byline, never a heading that starts an article."""
    from transform.epaper.items import classify_block

    item = classify_block(line)
    assert (item.kind, item.names) == ("byline", names)


@pytest.mark.parametrize("line", ["（作者单位：兰州市委党校）", "(作者系兰州大学经济学院教授)", "（作者为市发展改革委研究员）"])
def test_the_writers_post_after_an_article_is_its_text_not_a_heading(line):
    from transform.epaper.items import classify_block

    assert classify_block(line).kind == "body"


@pytest.mark.parametrize(("info", "authors"), [
    ("本报记者 张明 通讯员 李华", ["张明", "李华"]),  # the 本报 prefix once hid the reporter
    ("本报记者 诸葛亮 上官婉儿", ["诸葛亮", "上官婉儿"]),
    ("文·图/张明", ["张明"]),
    ("文/图 张明", ["张明"]),
    ("作者：风中的马　来源：兰州晚报", ["风中的马"]),  # a pen name the page labels as the author
    ("作者：oldcat2005", ["oldcat2005"]),
    ("作者：佚名　来源：兰州晚报", []),
    ("作者：本站原创", []),
    ("发布者：admin　来源：兰州晚报", []),
    ("发布者：gsweb01", []),  # an account, not a pen name: only 作者 labels one
    ("作者：张明等", []),
])
def test_info_line_credits_on_a_web_page(info, authors):
    from transform import RawPage, parse_page

    html = (f"<html><head><title>河堤散步</title></head><body><h1>河堤散步</h1><div class='info'>{info}</div>"
            f"<div class='content'>{_POST}</div></body></html>")
    (record,) = parse_page(RawPage(html.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == authors


@pytest.mark.parametrize(("html", "authors"), [
    # an unlabelled name in an element the template marks as the author's
    ("<h1>河堤散步</h1><div class='meta'><span class='author'>张明</span></div><div class='content'>{post}</div>",
     ["张明"]),
    # a forum's post author cell beside the post: the handle counts there
    ("<table><tr><td class='postauthor'><cite><a href='space.php?uid=1'>oldcat2005</a></cite><p>帖子 120</p></td>"
     "<td><h2>河堤散步</h2><div class='postinfo'>发表于 2006-3-9 08:05</div><div class='t_msgfont'>{post}</div></td>"
     "</tr></table>", ["oldcat2005"]),
    ("<h1>河堤散步</h1><div>【作者】张明 【来源】兰州晚报</div><div class='content'>{post}</div>", ["张明"]),
    ("<h1>河堤散步</h1><div>文章作者：张明　发布时间：2024-03-18</div><div class='content'>{post}</div>", ["张明"]),
    # commenters below the text carry the same class: they credit nobody
    ("<h1>河堤散步</h1><div class='content'>{post}</div><div class='reply'><span class='author'>李华</span> 说得好</div>",
     []),
    # a list of authors in a side bar is no author field
    ("<div class='author-list'>热门作者</div><h1>河堤散步</h1><div class='content'>{post}</div>", []),
])
def test_author_fields_of_page_templates(html, authors):
    from transform import RawPage, parse_page

    page = f"<html><head><title>河堤散步</title></head><body>{html.format(post=_POST)}</body></html>"
    (record,) = parse_page(RawPage(page.encode(), url="http://www.example.cn/news/1.html"))
    assert record["authors"] == authors
    assert not record["body"].startswith(("张明", "oldcat2005"))


def test_every_author_class_token_holds_the_stem_the_source_is_screened_for():
    """author_element skips pages whose source holds no author word: every token it looks for
    must hold one, or pages marked only with that token would be skipped unread."""
    from transform.html.signals import _AUTHOR_STEM, _AUTHOR_TOKENS

    assert all(_AUTHOR_STEM.search(token) for token in _AUTHOR_TOKENS)


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
    from transform.common.fields import byline_line

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
    from transform.common.fields import parse_dateline

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
    from transform.common.fields import byline_line

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
