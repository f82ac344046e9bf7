from datetime import date

from transform.common.bylines import (
    attribution_names,
    parse_dateline,
    split_photo_credit,
    split_trailing_attribution,
)
from transform.common.fields import Meta, parse_meta_line
from transform.text.layout import EPAPER_BLOCKS, EPAPER_LINES, WEB, detect_layout


def test_meta_line_with_time_and_several_labels():
    meta = Meta()
    assert parse_meta_line("2024-06-03 09:15:20 编辑:赵甲 责任编辑:钱乙 审核:孙丙 来源:某县融媒体中心", meta)
    assert meta.published_date == date(2024, 6, 3)
    assert meta.published_at.isoformat() == "2024-06-03T09:15:20+08:00"
    assert meta.editors == ["赵甲", "钱乙", "孙丙"]
    assert meta.origin == "某县融媒体中心"


def test_bullet_meta_lines():
    meta = Meta()
    assert parse_meta_line("  • 时间:2023-11-02", meta)
    assert parse_meta_line("- 点击:35", meta)
    assert meta.published_date == date(2023, 11, 2) and meta.clicks == 35


def test_body_sentence_is_not_metadata():
    assert not parse_meta_line("据了解，该项目资金来源:中央预算内投资和地方配套。", Meta())


def test_datelines():
    assert parse_dateline("本报讯（记者王强 通讯员李丽） 日前")[0] == ["王强", "李丽"]
    names, outlet, end = parse_dateline("某某网天水讯（新某某·某某日报记者赵刚）记者从")
    assert names == ["赵刚"] and outlet == "某某网天水讯"
    assert parse_dateline("近日，市委召开会议")is None


def test_attributions_and_credits():
    assert attribution_names("(马小明 刘一)") == ["马小明", "刘一"]
    assert attribution_names("(州)") is None
    assert split_trailing_attribution("工作全面完成。 (周平)") == ("工作全面完成。", ["周平"])
    assert split_trailing_attribution("在国道312线(某某段)开展") is None
    assert split_photo_credit("图为施工现场。 记者 杨帆 摄") == ("图为施工现场。", ["杨帆"])
    assert split_photo_credit("工人正在调试设备。韩梅") == ("工人正在调试设备。", ["韩梅"])
    assert split_photo_credit("确保工程顺利推进。") is None


def test_layout_detection():
    lines_page = ["本报讯（记者某某） 近日，某", "", "某县召开项目推进会议，", ""] * 8
    assert detect_layout(lines_page) == EPAPER_LINES
    spaced = "近日,某县公路段抢抓晴好 天气有利时机,积极开展 路面灌缝作业,做到精准 施灌,确保路面平整。"
    assert detect_layout(["标题一", "", spaced, "", "(王一)", "", "标题二", "", spaced]) == EPAPER_BLOCKS
    web = ["某县：项目建设跑出加速度", "时间:2024-01-02 来源:某县融媒体中心", "一" * 80, "二" * 90]
    assert detect_layout(web) == WEB


def test_bare_wire_and_local_datelines_are_not_body():
    from transform.common.bylines import parse_dateline

    assert parse_dateline("新华社北京5月3日电 国务院新闻办公室3日举行发布会。") == ([], "新华社北京5月3日电", 11)
    assert parse_dateline("本报讯 近日，某县召开项目建设推进会。") == ([], "本报讯", 4)
    assert parse_dateline("本报讯近日，某县召开会议。") is None  # no space: not told apart from the text
    assert parse_dateline("5月3日电视台报道了此事。") is None


def test_photo_credits_are_only_looked_for_in_texts_ending_in_she():
    """split_photo_credit searches its credit pattern only in a text ending in 摄 (plus white
    space): every text the pattern matches does end so, whatever its characters."""
    import random

    from transform.common.bylines import _PHOTO_CREDIT, split_photo_credit

    rng = random.Random(2)
    alphabet = [*"记者张宏斌摄影通讯员。，、现场数据图", " ", "\n", "\t", "\u3000"]
    for _ in range(50000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        if _PHOTO_CREDIT.search(text):
            assert text.rstrip().endswith("摄"), repr(text)
    assert split_photo_credit("春耕现场。 记者张宏斌 摄\n") == ("春耕现场。", ["张宏斌"])
