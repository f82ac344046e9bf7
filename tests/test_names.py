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
