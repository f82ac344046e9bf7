"""Single web articles rendered to text: header, metadata, body, footer (our own pages)."""

from datetime import date
from pathlib import Path

from transform import RawPage, parse_page

DATA = Path(__file__).parent / "data"


def _one(name: str) -> dict:
    recs = parse_page(RawPage((DATA / name).read_bytes(), input_path=name))
    assert len(recs) == 1
    return recs[0]


def test_government_page_with_breadcrumb_and_footer():
    r = _one("web_gov_footer.txt")
    assert r["title"] == "临泽县：戈壁滩上建起现代化光伏产业园"
    assert r["authors"] == ["赵小明", "钱多多"]
    assert r["editors"] == ["孙小红"]
    assert r["origin"] == "临泽县融媒体中心" and r["clicks"] == 123
    assert r["published_at"].isoformat() == "2024-03-18T10:20:00+08:00"
    assert r["body"].startswith("3月16日，记者走进临泽县光伏产业园")
    assert r["body"].endswith("县发改局负责人说。")
    for junk in ("首页", "上一篇", "版权所有", "字体", "电话", "钱多多"):
        assert junk not in r["body"]
    assert "boilerplate:copyright" in r["flags"] and "boilerplate:prev_next" in r["flags"]


def test_site_header_lines_are_not_the_title():
    r = _one("web_site_header.txt")
    assert r["title"] == "山丹县：项目建设跑出加速度"
    assert r["subtitle"] == "全县一季度新开工项目28个"
    assert r["authors"] == ["王大力", "李小花"]
    assert r["published_date"] == date(2024, 4, 2)
    assert "门户网站" not in r["body"] and "header_text_dropped" in r["flags"]


def test_render_date_above_title_is_not_the_publish_date():
    page = "2026年01月05日 星期一\n某县：冬季供暖保障有力\n发布时间：2025-12-30 来源：某县融媒体中心\n正文第一段内容较长，介绍供暖情况。\n"
    r = parse_page(RawPage(page.encode(), input_path="p.txt"))[0]
    assert r["published_date"] == date(2025, 12, 30)
    assert r["title"] == "某县：冬季供暖保障有力"
    assert "page_render_date_dropped" in r["flags"]


def test_credited_caption_inside_body_moves_to_captions():
    page = (
        "某县：冬小麦长势良好\n时间：2025-03-02 来源：某县融媒体中心\n"
        "近日，记者在某县田间看到，冬小麦返青长势良好，农户正在开展田间管理。\n"
        "图为农户在麦田里查看苗情。 记者 刘一 摄\n"
        "据了解，全县今年冬小麦播种面积达12万亩。\n"
    )
    r = parse_page(RawPage(page.encode(), input_path="p.txt"))[0]
    assert r["captions"] == ["图为农户在麦田里查看苗情。"]
    assert r["photographers"] == ["刘一"]
    assert "图为" not in r["body"] and r["body"].endswith("冬小麦播种面积达12万亩。")
