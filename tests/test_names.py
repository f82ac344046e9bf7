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
    from transform.common.bylines import forum_author

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
