"""E-paper dumps of our own: segmentation, fields and dates, checked article by article."""

from datetime import date

from transform import RawPage, parse_page


def _parse(text: str, edition_date: date | None = None) -> list[dict]:
    page = RawPage(text.encode("utf-8"), input_path="page.txt", edition_date=edition_date,
                   edition_source="url" if edition_date else None)
    return parse_page(page)


BLOCKS = """2024年5月6日 星期一

项

目

某县新能源产业园项目 全面复工

马小军 刘一

近日,某县新能源产业园项 目全面复工,现场塔吊林立、 车辆穿梭,施工人员抢抓有 利时机加快建设进度,确保 项目早日建成投产见效。



工人在车间调试设备。

该产业园总投资12亿元,建 成后可实现年产值30亿元,新 增就业岗位800个,为全县工 业经济发展注入新动能。

交通资讯

某公路段开展春季养护工作

近日,某公路段抢抓天气晴 好的有利时机,对辖养路段 开展灌缝作业,确保路面平 整畅通,为群众出行提供保障。

(王一)

日前,某公路段通过信息平 台建设,实现路况信息实时 采集,逐步构建起信息报送

某公路段实现路况信息报送规范化

省市县三级联动的管理体系。 (周平)

某县开展安全生产大检查

5月4日,某县应急管理局组 织开展安全生产大检查,对 辖区重点企业进行全面排查, 消除安全隐患二十余处。

(韩梅 杨帆)
"""


def test_titles_before_page():
    recs = _parse(BLOCKS)
    titles = [r["title"] for r in recs]
    assert titles == [
        "某县新能源产业园项目 全面复工",
        "某公路段开展春季养护工作",
        "某公路段实现路况信息报送规范化",
        "某县开展安全生产大检查",
    ]
    first, road, middle, check = recs
    assert first["authors"] == ["马小军", "刘一"]
    assert first["captions"] == ["工人在车间调试设备。"]
    assert first["body"].startswith("近日,某县新能源产业园项目全面复工")
    assert "总投资12亿元,建成后" in first["body"]
    assert road["section"] == "交通资讯" and road["authors"] == ["王一"]
    assert middle["body"].replace("\n", "").endswith("信息报送省市县三级联动的管理体系。")
    assert middle["authors"] == ["周平"] and "title_inside_body" in middle["flags"]
    assert check["authors"] == ["韩梅", "杨帆"]
    # edition date from the page header; a body opening with 5月4日 takes that day
    assert first["published_date"] == date(2024, 5, 6) and first["date_source"] == "text"
    assert check["published_date"] == date(2024, 5, 4)
    assert all("交通资讯" not in r["body"] for r in recs)
    assert "dropped_vertical_fragments:2" in first["flags"]


LINES = """ 本报讯（记者杨帆 通讯员

韩梅） 日前，某市召开重点

项目推进会，安排部署下一

阶段工作。

会议要求，各部门要压实责

任，全力推进项目建设。

某市部署重点项目推进工作
记者 马小军

近日，某县新建的蓄水池项

目主体完工，可新增灌溉面

积3000亩。图为施工现场。

记者 刘一 摄

本报讯（记者王一） 5 月

3日，某区与企业签订合作

协议，总投资 8.5 亿元。

某区签约重点项目

总投资8.5亿元
"""


def test_titles_after_page_with_known_edition_date():
    recs = _parse(LINES, edition_date=date(2024, 5, 6))
    assert [r["kind"] for r in recs] == ["article", "photo", "article"]
    meeting, photo, deal = recs
    assert meeting["title"] == "某市部署重点项目推进工作"
    assert meeting["authors"] == ["杨帆", "韩梅", "马小军"] or set(meeting["authors"]) == {"杨帆", "韩梅", "马小军"}
    assert meeting["body"].startswith("日前，某市召开重点项目推进会")
    assert photo["photographers"] == ["刘一"] and photo["body"].endswith("图为施工现场。")
    assert deal["title"] == "某区签约重点项目" and deal["subtitle"] == "总投资8.5亿元"
    assert "总投资8.5亿元。" in deal["body"]
    assert deal["published_date"] == date(2024, 5, 3) and deal["date_source"] == "text"
    assert meeting["published_date"] == date(2024, 5, 6) and meeting["date_source"] == "url"


SINGLE_SPACED = """某县召开项目建设推进会
记者 王大力
近日，某县召开全县重点项
目建设推进会，总结一季度
项目建设情况，安排部署下
一阶段工作。
会议指出，要坚持项目为王，
全力以赴抓好项目建设。
某县启动春季植树造林行动
通讯员 钱多多
3月12日，某县启动春季植树
造林行动，计划完成造林面
积5万亩。
"""


def test_single_spaced_lines_with_titles_before():
    recs = _parse(SINGLE_SPACED)
    assert [(r["title"], r["authors"]) for r in recs] == [
        ("某县召开项目建设推进会", ["王大力"]),
        ("某县启动春季植树造林行动", ["钱多多"]),
    ]
    assert recs[0]["body"] == (
        "近日，某县召开全县重点项目建设推进会，总结一季度项目建设情况，安排部署下一阶段工作。\n"
        "会议指出，要坚持项目为王，全力以赴抓好项目建设。"
    )
    # No edition date known: the 月日 opening cannot be completed, and nothing is invented.
    assert "date_without_year" in recs[1]["flags"] and recs[1]["date_source"] is None
    assert recs[1]["published_date"] is None and recs[1]["filed_date"] is not None


def test_page_header_gives_edition_date_section_and_editors():
    page = "某某日报 2024年3月18日 星期一 第3版 经济\n\n" + BLOCKS.split("\n", 2)[2] + "\n本版编辑：周婷 美编：马强\n"
    recs = _parse(page)
    assert recs[0]["published_date"] == date(2024, 3, 18)
    assert recs[0]["section"] == "经济"
    assert recs[0]["editors"] == ["周婷", "马强"]
    assert all("本版编辑" not in r["body"] for r in recs)


JUMPS = """某县启动春季植树造林行动

王大力

近日，某县启动春季植树 造林行动，全县干部群众 积极参与义务植树，共植 苗木三万余株，绿化荒山 两千余亩。 （下转第2版）

某县召开项目建设推进会

钱多多

（上接第1版）会议指出， 要坚持项目为王，全力以 赴抓好项目建设，确保全 年目标任务圆满完成。

（下转A3版）
"""


def test_jump_lines_never_stay_in_bodies():
    recs = _parse(JUMPS)
    assert [r["title"] for r in recs] == ["某县启动春季植树造林行动", "某县召开项目建设推进会"]
    assert all("转" not in r["body"] and "接第" not in r["body"] for r in recs), [r["body"] for r in recs]
    assert "jump_line_removed" in recs[0]["flags"]
    assert recs[1]["body"].startswith("会议指出")


# Titles after bodies; the second article's wire dateline is cut by the column inside its date
# (新华社某市6月1 / 9日电), right after the first article's title.
WIRE_CUT = """本报讯（记者 王大力） 近
日，某县召开全县重点项
目建设推进会，总结一季
度项目建设情况，安排部
署下一阶段工作。会议要
求各部门加快审批进度。
某县：召开项目建设推进会
新华社某市6月1
9日电 某市今年新开工
重点项目四十个，总投资
一百二十亿元，涉及新材
料、装备制造等产业。
某市重点项目开工四十个
"""


def test_a_wire_dateline_cut_inside_its_date_starts_the_next_article():
    recs = _parse(WIRE_CUT)
    assert [r["title"] for r in recs] == ["某县：召开项目建设推进会", "某市重点项目开工四十个"]
    first, second = recs
    assert first["body"].endswith("会议要求各部门加快审批进度。") and "新华社" not in first["body"]
    assert second["body"].startswith("新华社某市6月19日电") or second["body"].startswith("某市今年新开工")
    assert "召开项目建设推进会" not in second["body"]


# Titles after bodies; the first title is wider than the column and has a comma inside.
WIDE_TITLE = """本报讯（记者 钱多多） 3
月12日，某县启动春季植
树造林行动，计划完成造
林面积5万亩，新建苗圃
三处，带动农户增收。
某县启动春季植树造林行动
本报讯（记者 王大力） 近
日，某县召开全县重点项
目建设推进会，总结一季
度项目建设情况，安排部
署下一阶段工作。
某县推进示范村建设，群众得实惠
双方将在产业协作、人才
培养和科技创新等方面开
展深度合作。会议还通报
了一季度的经济数据。
某区产业协作再上台阶
"""


def test_a_title_wider_than_the_column_with_a_comma_inside_closes_the_text_above():
    recs = _parse(WIDE_TITLE)
    assert [r["title"] for r in recs] == ["某县启动春季植树造林行动", "某县推进示范村建设，群众得实惠",
                                          "某区产业协作再上台阶"]
    assert recs[1]["body"].endswith("安排部署下一阶段工作。")
    assert recs[2]["body"].startswith("双方将在产业协作")


COMMENTARY_BLOCKS = """2024年5月6日 星期一

以项目建设 拓展发展新空间

□王立新

项目是经济发展的载体,抓项 目就是抓发展。今年以来,全 市坚持项目为王,一批重点项 目相继开工建设。

各地要强化要素保障,主动靠 前服务,推动项目早落地、早 投产、早见效。

（作者单位：兰州市委党校）

春耕生产有序推进

近日,某县抢抓农时开展春耕 生产,田间地头一派繁忙景象。（刘一）
"""

COMMENTARY_LINES = """项目是经济发展的载体，抓项
目就是抓发展。今年以来，全
市坚持项目为王，一批重点项
目相继开工建设。
各地要强化要素保障，主动靠
前服务，推动项目早落地、早
投产、早见效。
（作者系兰州大学经济学院教授）
以项目建设拓展发展新空间
◎ 王立新
 近日，某县抢抓农时开展春耕
生产，田间地头一派繁忙景象。
农技人员深入田间地头，指导
农户科学施肥、合理密植。
春耕生产有序推进
记者 刘一
"""


def test_a_commentary_with_its_writer_named_alone_and_the_post_after_it():
    """A commentary names its writer alone under the title (□王立新) and prints the writer's
    post after the text: the name is the credit, the post closes the text (kept in it), and the
    next headline starts the next article, in both dump layouts."""
    for text in (COMMENTARY_BLOCKS, COMMENTARY_LINES):
        arts = _parse(text)
        assert [a["title"].replace(" ", "") for a in arts] == ["以项目建设拓展发展新空间", "春耕生产有序推进"]
        assert arts[0]["authors"] == ["王立新"] and arts[1]["authors"] == ["刘一"]
        assert arts[0]["body"].rstrip().endswith("）") and "作者" in arts[0]["body"].splitlines()[-1]
        assert "王立新" not in arts[0]["body"] and "春耕" not in arts[0]["body"]
